"""Keyword in context: every occurrence of a term with the words around it (zhili.analysis.kwic).

By default occurrences come from the term engine over the original text (:func:`find_terms`), so
none is missed; ``whole_word=True`` lists only the tokens equal to the term, as the token-based
analyses see them.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Literal

import numpy as np
import pandas as pd

from .._errors import ZhiliError, check_choice, check_positive_int, check_words

__all__ = ["kwic"]

KWIC_COLUMNS = ["doc_id", "unit_id", "heading_path", "left", "keyword", "right", "position", "term", "start", "end"]


def kwic(data, pattern: str | Iterable[str], *, window: int = 5, regex: bool = False,
         unit: Literal["sentence", "paragraph", "item", "document"] | None = None, whole_word: bool = False,
         mode: Literal["all", "longest"] = "all", aliases: bool | Mapping[str, Iterable[str]] = True) -> pd.DataFrame:
    """Every occurrence of a term, with ``window`` words of context on each side.

    Parameters
    ----------
    data : Corpus or Tokens
        Where to look (Tokens are searched through their corpus, with their unit).
    pattern : str or list of str
        A term, or several (or regular expressions with ``regex=True``).
    window : int, default 5
        Words of context on each side (as segmented, punctuation counting as a word). Context
        never crosses a unit boundary.
    regex : bool, default False
        Treat the patterns as regular expressions: searched in the text, or with
        ``whole_word=True`` inside each token (``re.search``; anchor with ``^…$``).
    unit : {"sentence", "paragraph", "item", "document"}, optional
        The unit whose text gives the context (default ``"sentence"``; for Tokens, theirs).
    whole_word : bool, default False
        ``False`` (default): every occurrence in the text, as :func:`find_terms` finds them —
        inside longer words (群众 in 群众参与), across the pieces segmentation cut the term into,
        and in bracketed forms (村（居）民委员会 for 村民委员会). ``True``: only where segmentation
        produced the term as a word of its own — what frequency tables, keyness and networks
        count (for a Corpus, the default segmentation with punctuation kept).
    mode : {"all", "longest"}
        With several terms: ``all`` lists nested occurrences for each term, ``longest`` only
        the longest term at each place.
    aliases : bool or mapping, default True
        Find bracketed forms (see :func:`find_terms`).

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``unit_id``, ``heading_path``, ``left``, ``keyword`` (the occurrence as
        written), ``right``, ``position`` (0-based index, within the unit, of the word the
        occurrence starts in), ``term`` (the query term it counts for), ``start`` and ``end``
        (character offsets in the document; ``-1`` with ``whole_word=True``), in corpus
        order. ``left`` and ``right`` are joined without spaces, as Chinese is written. A term
        that never occurs gives an empty table with these columns.

    Examples
    --------
    >>> import zhili as zl
    >>> c = zl.Corpus.from_texts(["各地坚持共同缔造，推动群众参与共同缔造。"])
    >>> kwic(c, "群众", window=2)[["left", "keyword", "right", "start"]].values.tolist()
    [['，推动', '群众', '参与共同缔造', 11]]
    >>> len(kwic(c, "群众", whole_word=True))
    0
    """
    from ..corpus import Corpus
    from ..tokens import Tokens

    check_positive_int("window", window, allow_zero=True)
    if not isinstance(data, (Corpus, Tokens)):
        raise ZhiliError(f"kwic() 需要语料（Corpus）或分词结果（Tokens），收到的是 {type(data).__name__}。"
                         "文本请先用 zl.Corpus.from_texts([...]) 或 zl.load_corpus(...) 变成语料。")
    if whole_word:
        return _kwic_tokens(data, pattern, window=window, regex=regex, unit=unit)
    from .counts import _find

    hits = _find(data, pattern, unit=unit, mode=mode, aliases=aliases, regex=regex, name="pattern")
    if hits.empty:
        return _empty()
    corpus = data.corpus if isinstance(data, Tokens) else data
    unit_kind = hits.attrs["unit"]
    units = corpus.units(unit_kind).set_index("unit_id")
    texts = dict(zip(corpus.doc_ids, corpus.texts))
    cut = _context_cutter()
    bounds: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    rows = []
    for doc_id, unit_id, heading, term, match, start, end in hits.itertuples(index=False, name=None):
        if unit_id not in bounds:
            u = units.loc[unit_id]
            bounds[unit_id] = _word_bounds(cut, u["text"], int(u["start"]))
        starts, ends = bounds[unit_id]
        text = texts[doc_id]
        left, right, first = _context(text, starts, ends, start, end, window)
        rows.append((doc_id, unit_id, heading, left, match, right, first, term, start, end))
    table = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    return table.astype({"position": "int64", "start": "int64", "end": "int64"})


def _context(text: str, starts: np.ndarray, ends: np.ndarray, start: int, end: int, window: int):
    """``window`` words left and right of ``text[start:end]``, and the index of the word it starts in.

    Part of a word cut by the occurrence (参与 of 群众参与 when the term is 群众) counts as a word.
    """
    first = int(np.searchsorted(ends, start, side="right"))       # the word the occurrence starts in
    inner = int(np.searchsorted(starts, end, side="left")) - 1     # the last word starting before its end
    if not window or not len(starts):
        return "", "", first
    cut_left = first < len(starts) and starts[first] < start
    left_from = starts[max(0, first - (window - 1 if cut_left else window))] if (first > 0 or cut_left) else start
    cut_right = 0 <= inner < len(ends) and ends[inner] > end
    last = inner + (window - 1 if cut_right else window)
    right_to = ends[min(len(ends) - 1, last)] if (inner + 1 < len(ends) or cut_right) else end
    return text[min(left_from, start):start], text[end:max(right_to, end)], first


def _empty() -> pd.DataFrame:
    ints = ("position", "start", "end")
    return pd.DataFrame({c: pd.Series([], dtype="int64" if c in ints else object) for c in KWIC_COLUMNS})


@functools.lru_cache(maxsize=1)
def _context_cutter():
    """The default segmenter, nothing dropped: words whose lengths add up to the text."""
    from ..tokens import Tokenizer

    return Tokenizer(stopwords=False, punct=True, numbers=True, cache=False)._raw_cut


def _word_bounds(cut, text: str, offset: int) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets (in the document) of the words of a unit, spaces left out."""
    starts, ends, pos = [], [], offset
    for word in cut(text):
        if not word.isspace():
            starts.append(pos)
            ends.append(pos + len(word))
        pos += len(word)
    return np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)


def _kwic_tokens(data, pattern, *, window: int, regex: bool, unit) -> pd.DataFrame:
    """Whole-token KWIC: occurrences where a token equals the term (or matches the regex)."""
    from ..corpus import Corpus
    from ..tokens import Tokens, tokenize

    patterns = _patterns(pattern)
    if isinstance(data, Corpus):
        if unit is not None:
            from ..units import UNITS

            check_choice("unit", unit, UNITS)
        data = tokenize(data, unit=unit or "sentence", stopwords=False, punct=True, numbers=True)
    elif isinstance(data, Tokens) and unit is not None and unit != data.unit:
        raise ZhiliError(f"这些分词结果是按 {data.unit!r} 切分的，不能再按 unit={unit!r} 检索："
                         f"请省略 unit，或用 zl.tokenize(corpus, unit={unit!r}) 重新分词。")
    vocab, ids, offsets = data.vocab, np.asarray(data.ids, dtype=np.int64), np.asarray(data.offsets, dtype=np.int64)
    match = _matcher(patterns, regex, vocab)
    is_match = np.zeros(len(vocab), dtype=bool)
    if match:
        found_at = pd.Index(vocab, dtype=object).get_indexer(pd.Index(sorted(match), dtype=object))
        is_match[found_at[found_at >= 0]] = True
    where = np.flatnonzero(is_match[ids]) if len(ids) else np.zeros(0, dtype=np.int64)  # hits, in order
    if not regex:
        from ..matching import warn_shortfall

        hit_ids, hit_counts = np.unique(ids[where], return_counts=True)
        found = {vocab[w]: int(c) for w, c in zip(hit_ids.tolist(), hit_counts.tolist())}
        warn_shortfall(data.corpus, patterns, found, where="kwic(whole_word=True)")
    if not len(where):
        return _empty()
    units = data.units
    unit_ids = units["unit_id"].tolist()
    headings = units["heading_path"].tolist()
    doc_ids = data.doc_ids
    unit_of = (np.searchsorted(offsets, where, side="right") - 1).tolist()
    rows = []
    for p, u in zip(where.tolist(), unit_of):
        start, end = int(offsets[u]), int(offsets[u + 1])
        word = vocab[ids[p]]
        left = "".join(vocab[j] for j in ids[max(start, p - window):p].tolist())
        right = "".join(vocab[j] for j in ids[p + 1:min(end, p + 1 + window)].tolist())
        rows.append((doc_ids[u], unit_ids[u], headings[u], left, word, right, p - start, word, -1, -1))
    table = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    return table.astype({"position": "int64", "start": "int64", "end": "int64"})


def _patterns(pattern) -> list[str]:
    return check_words("pattern", pattern)


def _matcher(patterns: list[str], regex: bool, vocabulary: Iterable[str]) -> set[str]:
    """The set of token strings that match (regexes are tried once per distinct token)."""
    if not regex:
        return set(patterns)
    compiled = []
    for p in patterns:
        try:
            compiled.append(re.compile(p))
        except re.error as exc:
            raise ZhiliError(f"正则表达式 {p!r} 有误（{exc}）：请检查括号、转义等，或设 regex=False 按原词检索。") from None
    return {w for w in vocabulary if any(r.search(w) for r in compiled)}
