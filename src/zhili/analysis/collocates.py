"""Collocates of a chosen word: which words occur near it more often than chance (zhili.analysis.collocates).

:func:`zhili.collocations` ranks every pair of words in the corpus; :func:`collocates` starts from
one node word (or a few written forms of it) and asks which words keep it company, with the
association measures of corpus linguistics and a significance test for each.
"""
from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from .._errors import ZhiliError, check_choice, check_positive_int, check_words
from .freq import _check_tokens
from .keyness import _P_ADJUST, _adjust

__all__ = ["collocates", "MEASURES", "COLLOCATE_COLUMNS"]

#: Association measures :func:`collocates` can compute.
MEASURES = ("logdice", "t", "g2", "pmi")
#: Columns always present in the table of :func:`collocates`, before the measures.
COLLOCATE_COLUMNS = ["collocate", "count", "left", "right", "node_count", "collocate_count", "expected"]


def collocates(tokens, node: str | Sequence[str], window: int = 5, *, min_count: int = 2,
               measures: Sequence[Literal["logdice", "t", "g2", "pmi"]] = MEASURES, sort: str | None = None,
               p_adjust: Literal["fdr_bh", "bonferroni"] | None = "fdr_bh", n: int | None = None) -> pd.DataFrame:
    """Words that occur within ``window`` tokens of a node word, with association measures.

    Counting. Around every occurrence of the node, the ``window`` tokens on each side **in the
    same unit** (sentence, paragraph … as tokenized) form its span; units are never crossed.
    The spans of all occurrences are merged, so that a token near two occurrences of the node
    is counted once, on the side of the nearer one (the earlier one on a tie: the token is then
    to its right). Occurrences of the node itself are never counted as collocates. The window
    runs over the tokens that :func:`zhili.tokenize` kept: with stopwords removed, ``window=5``
    reaches further than five words of the text.

    The 2×2 table. For a collocate ``c`` (after Evert 2008, surface co-occurrence):

    - ``O = count`` — tokens of ``c`` inside the merged spans;
    - ``R`` — all tokens inside the spans; ``C = collocate_count`` — all tokens of ``c``;
    - ``N`` — all tokens of the corpus except the node's own occurrences;
    - the table is ``[[O, R-O], [C-O, N-R-C+O]]`` (in a span or not × ``c`` or another word),
      and ``expected = E = R·C / N``, the count if ``c`` were spread evenly.

    Measures (``f_n = node_count``, the node's tokens in the corpus):

    - ``logdice = 14 + log2(2·O / (f_n + C))`` — Rychlý (2008): at most 14, independent of the
      corpus size, does not favour rare words; good for ranking;
    - ``t = (O - E) / sqrt(O)`` — t-score (Church et al. 1991): favours frequent, certain
      collocates;
    - ``g2`` — log-likelihood ratio ``2 Σ O_ij ln(O_ij / E_ij)`` over the four cells (Dunning
      1993, as :func:`zhili.keyness`), signed: negative when ``O < E`` (the words avoid each
      other);
    - ``pmi = log2(O / E)`` — pointwise mutual information (Church & Hanks 1990): favours rare
      words, so use it with ``min_count`` of 3 or more.

    Tests. ``p`` is from ``g2`` (``scipy.stats.chi2.sf(|g2|, df=1)``, two-sided), reliable when
    the expected counts are not small; ``p_fisher`` is Fisher's exact test, one-sided for
    attraction (``P(X ≥ O)`` for ``X`` hypergeometric with the table's margins; Pedersen 1996),
    exact whatever the counts — prefer it when ``O`` or ``E`` is below about 5.
    ``p_adjust`` adjusts both for testing every row of the table at once (the rows that reach
    ``min_count``), as in :func:`zhili.keyness`.

    Parameters
    ----------
    tokens : Tokens
        From :func:`zhili.tokenize`.
    node : str or list of str
        The word to study, or several written forms counted as one node (``["网格员",
        "网格管理员"]``).
    window : int, default 5
        Tokens on each side of the node.
    min_count : int, default 2
        List only collocates seen at least this many times within the spans.
    measures : list of {"logdice", "t", "g2", "pmi"}, default all four
        Which measures to add as columns, in this order.
    sort : str, optional
        The column to sort by, descending (ties by collocate); default the first of ``measures``.
        Any measure, ``count``, ``left`` or ``right``.
    p_adjust : {"fdr_bh", "bonferroni", None}, default "fdr_bh"
        Multiple-testing adjustment (Benjamini–Hochberg false discovery rate, or Bonferroni);
        ``None`` for none.
    n : int, optional
        Return only the first ``n`` rows.

    Returns
    -------
    pandas.DataFrame
        ``collocate``, ``count`` (= ``left + right``), ``left`` and ``right`` (before / after the
        node), ``node_count``, ``collocate_count``, ``expected``, the chosen measures, ``p``,
        ``p_fisher``, and with ``p_adjust`` also ``p_adjusted`` and ``p_fisher_adjusted``.
        ``df.attrs`` records ``node`` (the forms found), ``span_tokens`` (``R``) and
        ``corpus_tokens`` (``N``).

    Raises
    ------
    ZhiliError
        If the node occurs nowhere in the text, or an option is invalid.

    Warns
    -----
    ZhiliWarning
        If the node (or one of its forms) occurs in the text more often than as a token: the
        tokenizer split it or it sits inside longer words. The warning suggests
        ``zl.tokenize(..., user_terms=[...])``. A node found only in the text gives an empty
        table after the warning.

    References
    ----------
    .. [1] Rychlý, P. (2008). A lexicographer-friendly association score. RASLAN 2008, 6–9.
    .. [2] Evert, S. (2008). Corpora and collocations. In A. Lüdeling & M. Kytö (eds.), Corpus
       Linguistics: An International Handbook, vol. 2, 1212–1248. De Gruyter.
    .. [3] Church, K., Gale, W., Hanks, P. & Hindle, D. (1991). Using statistics in lexical
       analysis. In U. Zernik (ed.), Lexical Acquisition, 115–164.
    .. [4] Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
       Computational Linguistics 19(1), 61–74.
    .. [5] Church, K. & Hanks, P. (1990). Word association norms, mutual information, and
       lexicography. Computational Linguistics 16(1), 22–29.
    .. [6] Pedersen, T. (1996). Fishing for exactness. SCSUG 96, 188–200.

    Examples
    --------
    >>> import zhili as zl
    >>> toks = zl.tokenize("推行网格化管理，网格员入户走访。网格员收集诉求。", cache=False)
    >>> t = collocates(toks, "网格员", window=2, min_count=1)
    >>> t[["collocate", "count", "left", "right"]].values.tolist()
    [['入户走访', 1, 0, 1], ['推行', 1, 1, 0], ['收集', 1, 0, 1], ['网格化管理', 1, 1, 0], ['诉求', 1, 0, 1]]
    >>> round(float(t["logdice"][0]), 3)  # 14 + log2(2·1 / (2 + 1))
    13.415
    """
    from scipy.stats import chi2 as chi2_dist
    from scipy.stats import hypergeom

    _check_tokens(tokens, "collocates")
    nodes = list(dict.fromkeys(check_words("node", node, example="网格员")))
    check_positive_int("window", window)
    check_positive_int("min_count", min_count)
    measures = list(dict.fromkeys(check_words("measures", measures, example="logdice")))
    for m in measures:
        check_choice("measures", m, MEASURES)
    if sort is None:
        sort = measures[0]
    check_choice("sort", sort, (*measures, "count", "left", "right"))
    check_choice("p_adjust", p_adjust, _P_ADJUST)
    if n is not None:
        check_positive_int("n", n)

    # the token columns: corpus-wide frequencies (the margins) by counting ids, no token lists
    vocab = tokens.vocab
    codes = tokens.ids
    freq = np.bincount(codes, minlength=len(vocab)).astype(np.int64)
    total_all = len(codes)
    number = {}  # node form → its id (the vocabulary is sorted)
    for w in nodes:
        i = bisect.bisect_left(vocab, w)
        if i < len(vocab) and vocab[i] == w:
            number[w] = i
    token_counts = {w: int(freq[number[w]]) if w in number else 0 for w in nodes}
    _warn_split(tokens, nodes, token_counts)
    found = [w for w in nodes if token_counts[w]]
    if not found:
        return _empty(measures, p_adjust, nodes)
    node_ids = sorted(number[w] for w in found)
    total = total_all
    is_node = np.isin(codes, node_ids)
    positions = np.flatnonzero(is_node)
    offsets = np.asarray(tokens.offsets, dtype=np.int64)

    def unit_of(where: np.ndarray) -> np.ndarray:  # the unit holding each token position
        return np.searchsorted(offsets, where, side="right") - 1

    unit_of_node = unit_of(positions)
    spans, dist, side = [], [], []
    for d in range(1, window + 1):
        for sign, s in ((-1, 0), (1, 1)):  # left of the node: side 0, right: side 1
            q = positions + sign * d
            ok = (q >= 0) & (q < total)
            p_unit, q = unit_of_node[ok], q[ok]
            ok = (unit_of(q) == p_unit) & ~is_node[q]
            spans.append(q[ok])
            dist.append(np.full(ok.sum(), d, dtype=np.int64))
            side.append(np.full(ok.sum(), s, dtype=np.int64))
    q, dist, side = np.concatenate(spans), np.concatenate(dist), np.concatenate(side)
    # one entry per token position: the nearest occurrence, the earlier one on a tie (token on its right)
    order = np.lexsort((-side, dist, q))
    q, side = q[order], side[order]
    first = np.ones(len(q), dtype=bool)
    first[1:] = q[1:] != q[:-1]
    q, side = q[first], side[first]

    span_total = float(len(q))
    n_other = float(total_all - len(positions))
    f_node = float(len(positions))
    left = np.bincount(codes[q[side == 0]], minlength=len(vocab))
    right = np.bincount(codes[q[side == 1]], minlength=len(vocab))
    count = left + right
    keep = (count >= min_count)
    keep[node_ids] = False
    ids = np.flatnonzero(keep)
    if not len(ids):
        return _empty(measures, p_adjust, nodes)
    o = count[ids].astype(np.float64)
    c = freq[ids].astype(np.float64)
    r, big_n = span_total, n_other
    expected = r * c / big_n
    table = pd.DataFrame({
        "collocate": pd.Series([vocab[i] for i in ids.tolist()], dtype=object),
        "count": count[ids].astype(np.int64),
        "left": left[ids].astype(np.int64),
        "right": right[ids].astype(np.int64),
        "node_count": np.full(len(ids), int(f_node), dtype=np.int64),
        "collocate_count": freq[ids].astype(np.int64),
        "expected": expected,
    })
    g2 = _g2(o, r, c, big_n)
    values = {
        "logdice": 14 + np.log2(2 * o / (f_node + c)),
        "t": (o - expected) / np.sqrt(o),
        "g2": np.where(o < expected, -g2, g2),
        "pmi": np.log2(o / expected),
    }
    for m in measures:
        table[m] = values[m]
    table["p"] = chi2_dist.sf(g2, 1)
    table["p_fisher"] = np.minimum(hypergeom.sf(o.astype(np.int64) - 1, int(big_n), c.astype(np.int64), int(r)), 1.0)
    if p_adjust is not None:
        table["p_adjusted"] = _adjust(table["p"].to_numpy(), p_adjust)
        table["p_fisher_adjusted"] = _adjust(table["p_fisher"].to_numpy(), p_adjust)
    order = np.lexsort((table["collocate"].to_numpy().astype(str), -table[sort].to_numpy(dtype=np.float64)))
    table = table.iloc[order].reset_index(drop=True)
    if n is not None:
        table = table.head(n).reset_index(drop=True)
    table.attrs.update({"node": [w for w in nodes if token_counts[w]], "span_tokens": int(span_total),
                        "corpus_tokens": int(n_other)})
    table.attrs["zhili_labels"] = {"count": "共现次数", "left": "左侧次数", "right": "右侧次数", "t": "t 值",
                                   "expected": "期望共现次数"}
    return table


def _g2(o, r, c, n):
    """Unsigned G² of the tables [[o, r-o], [c-o, n-r-c+o]], vectorised."""
    observed = [o, r - o, c - o, n - r - c + o]
    expected = [r * c / n, r * (n - c) / n, (n - r) * c / n, (n - r) * (n - c) / n]
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * sum(np.where(ob > 0, ob * np.log(ob / ex), 0.0) for ob, ex in zip(observed, expected))
    return np.maximum(g2, 0.0)


def _warn_split(tokens, nodes: list[str], token_counts: dict[str, int]) -> None:
    """Warn when a node form occurs in the text more often than as a token; raise if nowhere."""
    from .._errors import warn
    from ..matching import shortfall

    texts = tokens.corpus.texts
    plain = {w: sum(t.count(w) for t in texts) for w in nodes}
    # the precise count (bracketed and spaced forms too) only when the plain text shows a gap
    suspects = [w for w in nodes if token_counts[w] == 0 or plain[w] > token_counts[w]]
    found = {t: (n, k) for t, n, k in shortfall(tokens.corpus, suspects, token_counts)} if suspects else {}
    in_text = {w: found.get(w, (token_counts[w], token_counts[w]))[0] for w in nodes}
    if not any(in_text.values()):
        listed = "、".join(f"“{w}”" for w in nodes)
        raise ZhiliError(f"节点词 {listed} 在语料中没有出现（原文和分词结果中都没有）：请检查写法，"
                         "或用 zl.kwic(toks, \"…\") 看看语料里的说法。")
    gaps = [(w, n, k) for w, (n, k) in found.items() if k == 0 or n - k >= max(3, 0.2 * n)]
    if not gaps:
        return
    listed = "；".join(f"“{w}”原文中出现 {n} 次，作为完整的词只有 {k} 次" for w, n, k in gaps)
    terms = "、".join(f"\"{w}\"" for w, _, _ in gaps)
    none = all(token_counts[w] == 0 for w in nodes)
    tail = "因此结果为空。" if none else "搭配词只统计了作为完整词出现的那些。"
    warn(f"collocates：{listed}。其余出现在更长的词里，或被分词切开了；{tail}"
         f"若它应当是一个词，请重新分词：zl.tokenize(corpus, user_terms=[{terms}])。")


def _empty(measures, p_adjust, nodes) -> pd.DataFrame:
    columns = {"collocate": pd.Series([], dtype=object)}
    for c in COLLOCATE_COLUMNS[1:6]:
        columns[c] = pd.Series([], dtype="int64")
    extra = ["expected", *measures, "p", "p_fisher"] + (["p_adjusted", "p_fisher_adjusted"] if p_adjust else [])
    for c in extra:
        columns[c] = pd.Series([], dtype="float64")
    table = pd.DataFrame(columns)
    table.attrs.update({"node": [], "span_tokens": 0, "corpus_tokens": 0})
    table.attrs["zhili_labels"] = {"count": "共现次数", "left": "左侧次数", "right": "右侧次数", "t": "t 值",
                                   "expected": "期望共现次数"}
    return table
