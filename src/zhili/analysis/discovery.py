"""New-term discovery: multi-character words the segmentation does not keep whole (zhili.analysis.discovery).

A user's corpus often has its own terms — a county's 三社联动, a village's 板凳会 — that neither
jieba's dictionary nor the kit's lexicon knows, so the tokenizer cuts them into pieces and every
count, network and coding result sees the pieces. :func:`suggest_terms` finds such terms from the
characters alone, with the standard new-word-discovery statistics (frequency, internal cohesion,
branching entropy); accepted ones are given back to the tokenizer as ``user_terms``.

How it scales
-------------
The corpus becomes one int32 array of character ids, with a separator wherever a character is not
Han. n-grams are counted level by level (n = 1 … ``max_len``) only where the (n-1)-gram prefix and
suffix are both frequent (apriori pruning: an n-gram can never be more frequent than its parts);
each level is counted with a hash table (``pandas.factorize``) and the neighbour counts behind the
entropies by sorting. Nothing loops over characters in Python: 32 million characters take well
under a minute and about 1.5 GB.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from numbers import Real

import numpy as np
import pandas as pd

from .._errors import ZhiliError, check_positive_int, check_words

__all__ = ["suggest_terms", "FUNCTION_CHARS", "EDGE_WORDS", "NESTED_SHARE", "SUGGEST_COLUMNS"]

#: Columns of the table returned by :func:`suggest_terms`, in order.
SUGGEST_COLUMNS = ["term", "count", "pmi", "left_entropy", "right_entropy", "score", "split", "example"]

#: Characters a candidate may neither start nor end with: particles, conjunctions, prepositions
#: and pronouns that glue words together (的 了 在 和 与 及 等 是 对 为 把 将 从 以 于 之 其 也 都 而 并
#: 或 地 得 着 过 被 由 向 就 这 那 此 该 且 即 则 所 若 使 至 到). A string such as 治理的 or 和服务 is
#: a fragment of a phrase, not a term; 的 is not allowed anywhere (镇的人民政府).
FUNCTION_CHARS = frozenset("的了在和与及等是对为把将从以于之其也都而并或地得着过被由向就这那此该且即则所若使至到")

#: Words that open or close a phrase rather than a term: policy-action verbs (加强基层, 统筹推进),
#: modal verbs and adverbs (单位应当, 必须坚持, 不动摇). A candidate whose first or last piece, as
#: the tokenizer cuts it, is one of these — or a stopword of two or more characters from
#: ``zhili.lexicon.stopwords()`` (各类组织, 组织开展) — is not proposed.
EDGE_WORDS = frozenset(
    "加强 加快 健全 完善 推进 推动 推广 坚持 建立 构建 打造 探索 支持 鼓励 引导 强化 深化 优化 提升 提高 增强 "
    "落实 确保 实施 实行 促进 发挥 维护 严格 改善 "
    "应当 应该 必须 不得 可以 能够 需要 要 应 须 不 更 更好 更加 好".split())

#: A candidate is dropped when a longer candidate containing it occurs at least this share as often
#: (共建共治 seen 20 times, 19 of them inside 共建共治共享: only the longer one is proposed).
NESTED_SHARE = 0.9

_MAX_LEN = 12  # the lexicon's longest term
_OTHER = 0     # character id of every non-Han character (the separator)
# Han characters: CJK Extension A, Unified Ideographs, Compatibility Ideographs, Extensions B–H
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x323AF))
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_HAN_CLASS = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _HAN_RANGES)
_HAN_BEFORE = re.compile(f"[{_HAN_CLASS}]*$")
_HAN_AFTER = re.compile(f"[{_HAN_CLASS}]*")
_SAMPLE = 20   # occurrences segmented in context to see whether a candidate crosses a word …
_WINDOW = 20   # … with up to this many Han characters on either side
_CONTEXT = 15


def suggest_terms(data, n: int = 50, *, min_count: int = 5, min_len: int = 2, max_len: int = 6,
                  min_pmi: float = 1.0, min_entropy: float = 1.0, exclude: Iterable[str] | None = None,
                  tokenizer=None) -> pd.DataFrame:
    """Propose new terms: frequent, cohesive strings that segmentation does not keep whole.

    Every string of ``min_len`` … ``max_len`` Han characters seen at least ``min_count`` times is
    a candidate. n-grams are counted inside runs of Han characters only: punctuation, digits,
    Latin letters, spaces and line breaks end a run, so no candidate spans them. A candidate is
    proposed when it

    - holds together: its cohesion ``pmi`` is at least ``min_pmi``;
    - is free on both sides: ``min(left_entropy, right_entropy)`` is at least ``min_entropy``;
    - neither starts nor ends with a function character (:data:`FUNCTION_CHARS`: 的 了 在 和 与
      及 等 是 对 为 把 将 从 以 于 之 其 也 都 而 并 或 …), and has no 的 inside;
    - is not mostly part of a longer candidate: it is dropped when a longer candidate that passes
      the tests above contains it and occurs at least 90 % as often (:data:`NESTED_SHARE`), so
      共建共治 seen only inside 共建共治共享 gives way to the longer string;
    - is new: it is not a term of the tokenizer's lexicon (``tokenizer.terms``), it is not in
      ``exclude``, and the tokenizer, cutting the candidate on its own, does not keep it as one
      token;
    - is a term rather than a phrase or a fragment: as the tokenizer cuts it, its first and last
      pieces are not policy-action verbs, modal verbs or adverbs (:data:`EDGE_WORDS`: 加强基层,
      单位应当) nor stopwords of two or more characters (各类组织); and in most of its first 20
      occurrences, segmented with their context, no word runs across its first or last character
      (民委员会 is cut 村民/委员会 wherever it occurs, so it is a fragment).

    With ``N`` the number of Han characters in the corpus and ``c(·)`` a count:

    - ``pmi`` (internal cohesion) is the minimum over every binary split ``w = a + b`` of
      ``ln( p(w) / (p(a) p(b)) )`` with ``p(x) = c(x) / N``, i.e. ``ln(c(w)·N / (c(a)·c(b)))``:
      how much more often the parts occur together than if they were independent, at the
      weakest joint (natural logarithm; 0 means chance).
    - ``left_entropy`` / ``right_entropy`` (branching entropy) are the Shannon entropies
      ``-Σ p ln p`` of the character just before / just after the occurrences. A boundary (start
      or end of the text, punctuation, a digit, a Latin letter, a line break) counts as a
      different neighbour at each occurrence: it says the string is free there. A fragment such
      as 同缔造 (almost always after 共) has an entropy near 0.
    - ``score = ln(count) × pmi × min(left_entropy, right_entropy)``: frequent, cohesive and
      free on both sides.

    Parameters
    ----------
    data : Corpus, str, list or dict of str, or Tokens
        The texts to search. For Tokens, the text of their corpus is used (discovery works on
        characters, before segmentation).
    n : int, default 50
        How many suggestions to return (the best ``n``).
    min_count : int, default 5
        Consider only strings seen at least this many times.
    min_len, max_len : int, default 2 and 6
        Length of a candidate in characters (``2 ≤ min_len ≤ max_len ≤ 12``).
    min_pmi : float, default 1.0
        Lowest cohesion (see above); ``1.0`` means the parts occur together at least e ≈ 2.7
        times as often as chance at the weakest joint.
    min_entropy : float, default 1.0
        Lowest ``min(left_entropy, right_entropy)``; ``1.0`` is about three equally likely
        neighbours on each side.
    exclude : list of str, optional
        Strings never to propose (e.g. place names you have already rejected).
    tokenizer : Tokenizer, optional
        The segmentation to judge against: its lexicon (``tokenizer.terms``) and how it cuts each
        candidate. Default: ``zl.Tokenizer()`` with the kit's governance lexicon. Pass the
        tokenizer you tokenize with, e.g. one with your ``user_terms``.

    Returns
    -------
    pandas.DataFrame
        One row per suggestion, at most ``n``, sorted by ``score`` (descending), then ``term``:

        - ``term`` — the candidate string;
        - ``count`` — its occurrences in the corpus (overlapping occurrences counted);
        - ``pmi`` — internal cohesion, as above;
        - ``left_entropy``, ``right_entropy`` — branching entropies, as above;
        - ``score`` — ``ln(count) × pmi × min(left_entropy, right_entropy)``;
        - ``split`` — how the tokenizer cuts it now, pieces joined by ``/`` (e.g. ``三社/联动``);
        - ``example`` — the sentence of its first occurrence, at most 15 characters on each side
          (``…`` marks a cut).

        Nothing found gives an empty table with these columns.

    Raises
    ------
    ZhiliError
        If ``data`` is not text, holds no Han character, or an option is invalid (``n ≤ 0``,
        ``min_len > max_len`` …); the message says, in Chinese, what to change.

    See Also
    --------
    zhili.tokenize : pass the accepted terms as ``user_terms=[...]`` to keep them whole.
    zhili.analysis.collocations : word pairs that attract each other, after segmentation.

    Notes
    -----
    The statistics follow the usual new-word discovery method for Chinese (frequency, cohesion
    by pointwise mutual information, freedom by left/right branching entropy). Statistics
    cannot tell a term from a frequent phrase or a place name: read the suggestions with their
    ``example`` and keep those that are terms. On one short document (a few thousand
    characters) few strings reach the default ``min_count=5``: try ``min_count=3``. A longer
    ``max_len`` finds longer terms but costs time and memory; ``min_count`` is the main speed
    knob on very large corpora.

    References
    ----------
    .. [1] 顾森（Matrix67）：《互联网时代的社会语言学：基于SNS的文本数据挖掘》，2012 年
       （以凝固程度和自由程度发现新词的方法）。

    Examples
    --------
    >>> import zhili as zl
    >>> text = ("推进院落议事。院落议事见成效，群众满意。街道以院落议事带动服务，"
    ...         "社区抓好院落议事！各村落实院落议事；院落议事在基层扎根。")
    >>> table = suggest_terms(text, n=3, min_count=3)
    >>> table[["term", "count", "split"]]
       term  count  split
    0  院落议事      6  院落/议事
    >>> table.loc[0, "example"]
    '推进院落议事。'

    Accepted terms go to the tokenizer, which then keeps them whole:

    >>> zl.tokenize(text, user_terms=table["term"].tolist(), cache=False).tokens[0]
    ['推进', '院落议事']
    """
    from ..tokens import Tokenizer

    check_positive_int("n", n)
    check_positive_int("min_count", min_count)
    check_positive_int("min_len", min_len)
    check_positive_int("max_len", max_len)
    if min_len < 2:
        raise ZhiliError(f"参数 min_len={min_len} 无效：新词至少由 2 个字组成（内部凝固度要把词切成两段来算），请设 min_len=2 或更大。")
    if max_len > _MAX_LEN:
        raise ZhiliError(f"参数 max_len={max_len} 无效：最长为 {_MAX_LEN} 个字（与词表的最长词条一致），请调小 max_len。")
    if min_len > max_len:
        raise ZhiliError(f"参数 min_len={min_len} 大于 max_len={max_len}：最短长度不能超过最长长度，"
                         "请调小 min_len 或调大 max_len。")
    min_pmi = _check_real("min_pmi", min_pmi)
    min_entropy = _check_real("min_entropy", min_entropy)
    excluded = set(check_words("exclude", exclude, single=False, allow_empty=True, example="武汉市")) if exclude is not None else set()
    if tokenizer is None:
        tokenizer = Tokenizer(cache=False)
    elif not isinstance(tokenizer, Tokenizer):
        raise ZhiliError(f"参数 tokenizer 应为 zl.Tokenizer(...) 创建的分词器，收到的是 {type(tokenizer).__name__}。")
    texts = _texts(data)

    joined = "\n".join(texts)
    chars, alphabet = _encode(joined)
    total = int(np.count_nonzero(chars))
    if total == 0:
        raise ZhiliError("语料中没有汉字：suggest_terms() 只在中文文本中发现新词，请检查语料是否读取正确"
                         "（如编码、文件类型），或换用中文语料。")
    stats = _candidates(chars, alphabet, total, min_count=min_count, min_len=min_len, max_len=max_len,
                        min_pmi=min_pmi)
    del chars
    stats = stats[np.minimum(stats["left_entropy"].to_numpy(), stats["right_entropy"].to_numpy()) >= min_entropy]
    stats = _drop_nested(stats, min_len)
    stats["score"] = np.log(stats["count"].to_numpy()) * stats["pmi"].to_numpy() * np.minimum(
        stats["left_entropy"].to_numpy(), stats["right_entropy"].to_numpy())
    order = np.lexsort((stats["term"].to_numpy(), -stats["score"].to_numpy()))
    stats = stats.iloc[order].reset_index(drop=True)
    return _finish(stats, n, tokenizer, excluded, joined)


# ============================================================================ input


def _check_real(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(float(value)):
        raise ZhiliError(f"参数 {name}={value!r} 无效：应为一个有限的数（如 {name}=1.0）。")
    return float(value)


def _texts(data) -> list[str]:
    """The document texts of a Corpus, Tokens, string, or list / dict / Series of strings."""
    from ..corpus import Corpus
    from ..tokens import Tokens, _as_corpus

    if isinstance(data, Tokens):
        data = data.corpus
    if not isinstance(data, (Corpus, str, Mapping, Sequence, pd.Series)) or isinstance(data, (bytes, bytearray)):
        raise ZhiliError(f"suggest_terms() 需要语料（Corpus）、文本（字符串或字符串列表）或分词结果（Tokens），"
                         f"收到的是 {type(data).__name__}：请传入 zl.load_corpus(...) 得到的语料或中文文本。")
    corpus = data if isinstance(data, Corpus) else _as_corpus(data)
    if len(corpus) == 0:
        raise ZhiliError("语料为空（没有文档）：请先用 zl.load_corpus(\"文件夹\") 读入文本，或直接传入中文文本。")
    return corpus.texts


def _encode(joined: str) -> tuple[np.ndarray, np.ndarray]:
    """Character ids of ``joined`` (0 for every non-Han character), padded with one 0 at each end,
    and the code point of each id (``alphabet[0]`` is unused)."""
    cp = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    han = np.zeros(len(cp), dtype=bool)
    for lo, hi in _HAN_RANGES:
        han |= (cp >= lo) & (cp <= hi)
    cp = np.where(han, cp, 0).astype(np.int32)
    del han
    present = np.bincount(cp, minlength=_HAN_RANGES[-1][1] + 1)
    present[0] = 0
    alphabet = np.concatenate([[0], np.flatnonzero(present)]).astype(np.int32)
    table = np.zeros(len(present), dtype=np.int32)
    table[alphabet[1:]] = np.arange(1, len(alphabet), dtype=np.int32)
    chars = np.zeros(len(cp) + 2, dtype=np.int32)
    chars[1:-1] = table[cp]
    return chars, alphabet


# ============================================================================ counting


class _Level:
    """The frequent n-grams of one length n, each identified by its rank of first occurrence."""

    __slots__ = ("count", "parent", "suffix", "last", "first")

    def __init__(self, count, parent, suffix, last, first) -> None:
        self.count = count    # occurrences (int64)
        self.parent = parent  # id of the prefix of length n-1 (n=1: the character id)
        self.suffix = suffix  # id of the suffix of length n-1 (n=1: unused)
        self.last = last      # character id of the last character
        self.first = first    # first position in the padded character array


def _candidates(chars: np.ndarray, alphabet: np.ndarray, total: int, *, min_count: int, min_len: int,
                max_len: int, min_pmi: float) -> pd.DataFrame:
    """Count, PMI and branching entropies of every candidate passing ``min_count``, ``min_pmi``
    and the function-character test, with the position of its first occurrence."""
    base = np.int64(len(alphabet))
    counts1 = np.bincount(chars, minlength=len(alphabet)).astype(np.int64)
    counts1[_OTHER] = 0
    frequent = np.flatnonzero(counts1 >= min_count)
    rank = np.full(len(alphabet), -1, dtype=np.int32)
    rank[frequent] = np.arange(len(frequent), dtype=np.int32)
    gid = rank[chars]  # level-1 id at each position, -1 where rare or not Han
    levels: list[_Level | None] = [None, _Level(counts1[frequent], frequent.astype(np.int32), None,
                                                frequent.astype(np.int32), None)]
    function_ids = np.isin(alphabet, [ord(c) for c in FUNCTION_CHARS])
    de = np.searchsorted(alphabet, ord("的"))
    de = de if de < len(alphabet) and alphabet[de] == ord("的") else -1
    rows = []
    for size in range(2, max_len + 1):
        level, gid = _next_level(gid, chars, size, base, min_count)
        levels.append(level)
        if not len(level.count):
            break
        if size < min_len:
            continue
        chain = _chains(levels, size)
        pmi = _pmi(levels, chain, size, total)
        # character ids of every n-gram, one column per character
        spelled = np.stack([levels[1].parent[chain[0][1]]]
                           + [levels[m].last[chain[0][m]] for m in range(2, size + 1)], axis=1)
        keep = ((pmi >= min_pmi) & ~function_ids[spelled[:, 0]] & ~function_ids[spelled[:, -1]]
                & ~(spelled == de).any(axis=1))
        ids = np.flatnonzero(keep)
        if not len(ids):
            continue
        left, right = _entropies(gid, chars, size, keep, level.count, base)
        codes = alphabet[spelled[ids]].astype("<u4")
        terms = np.ascontiguousarray(codes).view(f"<U{size}").ravel()
        rows.append(pd.DataFrame({
            "term": pd.Series(terms.tolist(), dtype=object),
            "count": level.count[ids],
            "pmi": pmi[ids],
            "left_entropy": left[ids],
            "right_entropy": right[ids],
            "first": level.first[ids],
        }))
    if not rows:
        return pd.DataFrame({"term": pd.Series([], dtype=object), "count": pd.Series([], dtype="int64"),
                             **{c: pd.Series([], dtype="float64") for c in ("pmi", "left_entropy", "right_entropy")},
                             "first": pd.Series([], dtype="int64")})
    return pd.concat(rows, ignore_index=True)


def _next_level(gid: np.ndarray, chars: np.ndarray, size: int, base: np.int64, min_count: int):
    """Count the n-grams (n = ``size``) whose prefix and suffix of length n-1 are frequent.

    ``gid`` holds the id of the (n-1)-gram starting at each position (-1 if rare); returns the
    new level and the ids of the frequent n-grams at each position.
    """
    pos = np.flatnonzero((gid[:-1] >= 0) & (gid[1:] >= 0))
    keys = gid[pos].astype(np.int64) * base + chars[pos + size - 1]
    codes, uniques = pd.factorize(keys)  # codes numbered by first occurrence: deterministic
    del keys
    count = np.bincount(codes).astype(np.int64)
    first = pos[~pd.Series(codes, copy=False).duplicated().to_numpy()]  # in the order of the codes
    keep = count >= min_count
    new_id = np.full(len(count), -1, dtype=np.int32)
    new_id[keep] = np.arange(int(keep.sum()), dtype=np.int32)
    out = np.full(len(gid), -1, dtype=np.int32)
    out[pos] = new_id[codes]
    del codes, pos
    first = first[keep]
    level = _Level(count[keep], (uniques[keep] // base).astype(np.int32), gid[first + 1],
                   (uniques[keep] % base).astype(np.int32), first)
    return level, out


def _chains(levels, size: int) -> tuple[list, list]:
    """For every n-gram of length ``size``: the ids of its prefixes and suffixes of each length.

    ``prefixes[m][i]`` is the id (at level m) of the first m characters of n-gram i,
    ``suffixes[m][i]`` that of its last m characters (index 0 unused).
    """
    ids = np.arange(len(levels[size].count), dtype=np.int32)
    prefixes: list = [None] * (size + 1)
    suffixes: list = [None] * (size + 1)
    prefixes[size] = suffixes[size] = ids
    for m in range(size - 1, 0, -1):
        prefixes[m] = levels[m + 1].parent[prefixes[m + 1]]
        suffixes[m] = levels[m + 1].suffix[suffixes[m + 1]]
    return prefixes, suffixes


def _pmi(levels, chain, size: int, total: int) -> np.ndarray:
    """min over k of ln(c(w)·N / (c(w[:k])·c(w[k:])))."""
    prefixes, suffixes = chain
    log_w = np.log(levels[size].count.astype(np.float64)) + math.log(total)
    best = np.full(len(levels[size].count), np.inf)
    for k in range(1, size):
        parts = np.log(levels[k].count[prefixes[k]].astype(np.float64)) + np.log(
            levels[size - k].count[suffixes[size - k]].astype(np.float64))
        np.minimum(best, log_w - parts, out=best)
    return best


def _entropies(gid: np.ndarray, chars: np.ndarray, size: int, keep: np.ndarray, count: np.ndarray,
               base: np.int64) -> tuple[np.ndarray, np.ndarray]:
    """Left and right branching entropies of the kept n-grams (NaN for the others).

    With ``c`` occurrences and ``c_x`` of them next to Han character ``x``, the entropy is
    ``ln c - Σ_x c_x ln c_x / c``: each boundary neighbour is a class of its own (``1·ln 1 = 0``).
    """
    pos = np.flatnonzero(gid >= 0)
    pos = pos[keep[gid[pos]]]
    ids = gid[pos].astype(np.int64)
    out = []
    for shift in (-1, size):
        nb = chars[pos + shift]
        han = nb != _OTHER
        keys = ids[han] * base + nb[han]
        keys.sort()
        if len(keys):
            starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
            runs = np.diff(np.append(starts, len(keys))).astype(np.float64)
            owner = keys[starts] // base
            s = np.bincount(owner, weights=runs * np.log(runs), minlength=len(count))
        else:
            s = np.zeros(len(count))
        c = count.astype(np.float64)
        h = np.log(c) - s / c
        h = np.where(keep, np.maximum(h, 0.0), np.nan)  # max(): -1e-16 from rounding is 0
        out.append(h)
    return out[0], out[1]


# ============================================================================ filtering


def _drop_nested(stats: pd.DataFrame, min_len: int) -> pd.DataFrame:
    """Drop candidates that a longer candidate contains at least ``NESTED_SHARE`` as often."""
    if len(stats) < 2:
        return stats.reset_index(drop=True)
    count = dict(zip(stats["term"], stats["count"]))
    nested: set[str] = set()
    for term, c in count.items():
        for size in range(min_len, len(term)):
            for i in range(len(term) - size + 1):
                part = term[i:i + size]
                other = count.get(part)
                if other is not None and c >= NESTED_SHARE * other:
                    nested.add(part)
    return stats[~stats["term"].isin(nested)].reset_index(drop=True)


def _finish(stats: pd.DataFrame, n: int, tokenizer, excluded: set[str], joined: str) -> pd.DataFrame:
    """The first ``n`` candidates that are new to ``tokenizer``, with their split and an example.

    Candidates are taken in rank order and checked one by one, so that only as many are
    segmented as it takes to fill the table.
    """
    from .. import lexicon

    known = tokenizer.terms
    segmenter = tokenizer._segmenter
    edge = EDGE_WORDS | {w for w in lexicon.stopwords("all") if len(w) >= 2}
    picked, splits = [], []
    for i, (term, first, count) in enumerate(zip(stats["term"].tolist(), stats["first"].tolist(),
                                                 stats["count"].tolist())):
        if term in known or term in excluded:
            continue
        pieces = segmenter.cut(term)
        if len(pieces) < 2 or pieces[0] in edge or pieces[-1] in edge:
            continue
        if _crosses_words(term, joined, first - 1, min(count, _SAMPLE), segmenter):
            continue
        picked.append(i)
        splits.append("/".join(pieces))
        if len(picked) == n:
            break
    table = stats.iloc[picked].reset_index(drop=True)
    examples = [_example(joined, int(p) - 1, len(t)) for p, t in zip(table["first"], table["term"])]
    return pd.DataFrame({
        "term": pd.Series(table["term"].tolist(), dtype=object),
        "count": table["count"].astype(np.int64).to_numpy(),
        "pmi": table["pmi"].to_numpy(dtype=np.float64),
        "left_entropy": table["left_entropy"].to_numpy(dtype=np.float64),
        "right_entropy": table["right_entropy"].to_numpy(dtype=np.float64),
        "score": table["score"].to_numpy(dtype=np.float64) if len(table) else np.zeros(0),
        "split": pd.Series(splits, dtype=object),
        "example": pd.Series(examples, dtype=object),
    }, columns=SUGGEST_COLUMNS)


def _crosses_words(term: str, joined: str, start: int, sample: int, segmenter) -> bool:
    """True if, in most of its first ``sample`` occurrences (the first at ``start``), the tokenizer
    puts a word across an edge of ``term``.

    Each occurrence is segmented with up to 20 Han characters of context on either side; a
    fragment such as 民委员会 (村民/委员会) or 化建设 (规范化/建设) starts or ends inside a word.
    """
    crossed = seen = 0
    while start >= 0 and seen < sample:
        end = start + len(term)
        left = _HAN_BEFORE.search(joined, max(0, start - _WINDOW), start).group()
        right = _HAN_AFTER.match(joined, end, end + _WINDOW).group()
        edges, at = set(), 0
        for piece in segmenter.cut(left + term + right):
            at += len(piece)
            edges.add(at)
        if (len(left) and len(left) not in edges) or len(left) + len(term) not in edges:
            crossed += 1
        seen += 1
        if seen < sample:  # no search past the last occurrence wanted
            start = joined.find(term, start + 1)
    return crossed * 2 > seen


def _example(joined: str, start: int, length: int) -> str:
    """The sentence around ``joined[start:start+length]``, at most 15 characters on each side."""
    lo = max(0, start - _CONTEXT)
    left = joined[lo:start]
    cut = [m.end() for m in _SENTENCE_END.finditer(left)]
    if cut:
        left = left[cut[-1]:]
    elif lo > 0:
        left = "…" + left
    end = start + length
    right = joined[end:end + _CONTEXT]
    m = _SENTENCE_END.search(right)
    if m:
        right = right[:m.end()].rstrip("\n")
    elif end + _CONTEXT < len(joined):
        right = right + "…"
    return (left + joined[start:end] + right).strip()
