"""Term frequencies, TF-IDF and keywords (zhili.analysis.freq).

Every count here comes from :func:`zhili.analysis.matrix.dtm`, so a frequency table, a TF-IDF
matrix and a keyword list made from the same tokens always agree with one another.
"""
from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from .._errors import ZhiliError, check_choice, check_positive_int
from .matrix import DocumentTermMatrix, _row_groups, dtm, resolve_by

__all__ = ["term_frequencies", "top_terms", "tfidf", "keywords"]

# networkx's pagerank stops once the scores change by less than N·tol in total (N terms). Its
# default tol=1e-6 leaves errors near 1e-5; a total change below 1e-11 bounds the distance to the
# exact scores by 1e-11 · 0.85 / 0.15 < 1e-10, whatever the size of the graph.
_TEXTRANK_TOTAL_CHANGE = 1e-11
_TEXTRANK_MAX_ITER = 1000  # the change shrinks by the damping 0.85 each step: ~160 steps suffice


# ============================================================================ shared helpers


def _check_tokens(tokens, func: str):
    """Raise a Chinese error unless ``tokens`` is a :class:`zhili.tokens.Tokens`."""
    from ..tokens import Tokens

    if not isinstance(tokens, Tokens):
        raise ZhiliError(f"{func}() 需要分词结果（Tokens），收到的是 {type(tokens).__name__}："
                         "请先运行 toks = zl.tokenize(corpus)，再把 toks 传入。")
    return tokens


def _group_columns(m: DocumentTermMatrix) -> list[str]:
    """The label columns of a matrix's rows (everything but ``n_tokens``)."""
    return [c for c in m.rows.columns if c != "n_tokens"]


def _all_token_counts(tokens, by: str) -> tuple[pd.DataFrame, np.ndarray]:
    """Row table and the number of tokens (before any filter) in each row."""
    rows, groups = _row_groups(tokens, by)
    lengths = np.diff(np.asarray(tokens.offsets, dtype=np.int64))
    totals = lengths if groups is None else np.bincount(groups, weights=lengths, minlength=len(rows)).astype(np.int64)
    return rows.reset_index(drop=True), totals


def _filtered_dtm(tokens, by: str, min_count: int, min_length: int) -> tuple[DocumentTermMatrix, np.ndarray]:
    """dtm with the filters applied, and the unfiltered token total of each row."""
    m = dtm(tokens, by=by, min_count=min_count, min_length=min_length)
    _, totals = _all_token_counts(tokens, by)
    return m, totals


# ============================================================================ frequencies


def term_frequencies(tokens, *, by: str | None = None, min_count: int = 1, min_length: int = 1) -> pd.DataFrame:
    """Count every term, in the whole corpus or per document / unit / docvar group.

    Parameters
    ----------
    tokens : Tokens
        From :func:`zhili.tokenize`.
    by : None, "document", "unit" or a docvar name
        ``None`` gives one row per term for the whole corpus; otherwise a long table with one
        row per group and term that occurs in it.
    min_count : int, default 1
        Keep terms seen at least this many times in the whole corpus.
    min_length : int, default 1
        Keep terms of at least this many characters (``2`` drops single characters).

    Returns
    -------
    pandas.DataFrame
        ``by=None``: ``term``, ``count``, ``share``, ``doc_count``, sorted by count (descending),
        then term. ``share`` is ``count`` divided by **all** tokens of the corpus (the filters
        do not change the denominator); ``doc_count`` is the number of documents containing it.

        Otherwise: the group column(s) (``doc_id``; ``doc_id`` and ``unit_id``; or the docvar),
        ``term``, ``count``, ``share`` (of all tokens in that group), sorted by group (in the
        order of :func:`zhili.analysis.matrix.dtm` rows: corpus order, or sorted docvar values),
        then count descending, then term. Groups without any kept term have no rows.

    Examples
    --------
    >>> import zhili as zl
    >>> toks = zl.tokenize({"甲": "推进共同缔造，共同缔造见效。", "乙": "共同缔造。"}, cache=False)
    >>> term_frequencies(toks)
       term  count  share  doc_count
    0  共同缔造      3    0.6          2
    1    推进      1    0.2          1
    2    见效      1    0.2          1
    >>> term_frequencies(toks, by="document")[["doc_id", "term", "count"]].values.tolist()
    [['甲', '共同缔造', 2], ['甲', '推进', 1], ['甲', '见效', 1], ['乙', '共同缔造', 1]]
    """
    _check_tokens(tokens, "term_frequencies")
    check_positive_int("min_count", min_count)
    check_positive_int("min_length", min_length)
    by = resolve_by(tokens, by)
    if by is None:
        m, totals = _filtered_dtm(tokens, "document", min_count, min_length)
        counts = np.asarray(m.matrix.sum(axis=0)).ravel().astype(np.int64)
        doc_count = np.diff(m.matrix.tocsc().indptr).astype(np.int64)
        total = int(totals.sum())
        table = pd.DataFrame({
            "term": pd.Series(m.terms, dtype=object),
            "count": counts,
            "share": counts / total if total else np.zeros(len(counts)),
            "doc_count": doc_count,
        })
        table = table.sort_values(["count", "term"], ascending=[False, True], kind="mergesort")
        return table.reset_index(drop=True)

    m, totals = _filtered_dtm(tokens, by, min_count, min_length)
    coo = m.matrix.tocoo()
    row, col, cnt = coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data.astype(np.int64)
    # group, then count descending, then term (terms are sorted, so the column index orders them)
    order = np.lexsort((col, -cnt, row))
    row, col, cnt = row[order], col[order], cnt[order]
    groups = _group_columns(m)
    table = m.rows[groups].iloc[row].reset_index(drop=True)
    table["term"] = pd.Series(np.asarray(m.terms, dtype=object)[col] if len(col) else [], dtype=object)
    table["count"] = cnt
    table["share"] = cnt / np.where(totals[row] > 0, totals[row], 1) if len(row) else np.zeros(0)
    return table


def top_terms(tokens, n: int = 20, *, by: str | None = None, min_length: int = 2, min_count: int = 1) -> pd.DataFrame:
    """The ``n`` most frequent terms, overall or per group.

    Parameters
    ----------
    tokens : Tokens
    n : int, default 20
        How many terms per group.
    by, min_count, min_length
        As in :func:`term_frequencies` (``min_length`` defaults to 2 here: single characters are
        rarely informative in Chinese).

    Returns
    -------
    pandas.DataFrame
        The group column(s) when ``by`` is given, then ``rank`` (1 … n; ties broken by term),
        ``term``, ``count``, ``share`` (and ``doc_count`` when ``by=None``).
        Counts are tokens: a governance term that occurs clearly more often in the text (inside
        longer words, or in bracketed forms) is named in a Chinese warning; count it with
        :func:`zhili.count_terms`.

    Examples
    --------
    >>> import zhili as zl
    >>> toks = zl.tokenize("推进共同缔造。坚持共同缔造，推进四权同下。", cache=False)
    >>> top_terms(toks, 2)[["rank", "term", "count"]].values.tolist()
    [[1, '共同缔造', 2], [2, '推进', 2]]
    """
    from ..matching import warn_shown_tokens

    check_positive_int("n", n)
    table = term_frequencies(tokens, by=by, min_count=min_count, min_length=min_length)
    if by is None:
        table = table.head(n).copy()
        table.insert(0, "rank", np.arange(1, len(table) + 1, dtype=np.int64))
    else:
        groups = [c for c in table.columns if c not in ("term", "count", "share")]
        rank = table.groupby(groups, sort=False).cumcount().to_numpy() + 1
        table.insert(len(groups), "rank", rank.astype(np.int64))
        table = table[table["rank"] <= n]
    warn_shown_tokens(tokens, table["term"], where="top_terms")
    return table.reset_index(drop=True)


# ============================================================================ TF-IDF


def tfidf(tokens, *, by: str = "document", min_count: int = 1, min_length: int = 1, smooth: bool = True,
          sublinear: bool = False, norm: Literal["l2", "l1"] | None = "l2") -> DocumentTermMatrix:
    """TF-IDF weights per document (or unit, or docvar group).

    The counts are those of :func:`zhili.analysis.matrix.dtm`; the weighting is scikit-learn's
    ``TfidfTransformer``: ``idf = ln((1 + n) / (1 + df)) + 1`` with ``smooth=True``, else
    ``ln(n / df) + 1``, where ``n`` is the number of rows and ``df`` the rows containing the
    term; ``tf`` is the count, or ``1 + ln(count)`` with ``sublinear=True``; each row is then
    scaled to unit length (``norm``).

    Parameters
    ----------
    tokens : Tokens
    by : {"document", "unit"} or a docvar name
        What a row (a "document" in the TF-IDF sense) is.
    min_count, min_length : int
        As in :func:`zhili.analysis.matrix.dtm`.
    smooth : bool, default True
        Add one to document frequencies (as if one extra row contained every term).
    sublinear : bool, default False
        Use ``1 + ln(tf)`` instead of ``tf``.
    norm : {"l2", "l1", None}, default "l2"
        Row normalisation.

    Returns
    -------
    DocumentTermMatrix
        Same ``terms`` and ``rows`` as the count matrix; ``matrix`` holds float64 weights.

    Examples
    --------
    >>> import zhili as zl
    >>> toks = zl.tokenize({"甲": "推进共同缔造。", "乙": "坚持共同缔造。"}, cache=False)
    >>> w = tfidf(toks)
    >>> w.to_frame().round(2)
       共同缔造    坚持    推进
    甲  0.58  0.00  0.81
    乙  0.58  0.81  0.00
    """
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfTransformer

    _check_tokens(tokens, "tfidf")
    check_choice("norm", norm, ("l2", "l1", None))
    m = dtm(tokens, by=by, min_count=min_count, min_length=min_length)
    if m.matrix.shape[0] == 0 or m.matrix.shape[1] == 0:
        weights = sparse.csr_matrix(m.matrix.shape, dtype=np.float64)
    else:
        transformer = TfidfTransformer(norm=norm, use_idf=True, smooth_idf=smooth, sublinear_tf=sublinear)
        weights = transformer.fit_transform(m.matrix.astype(np.float64)).tocsr()
    return DocumentTermMatrix(weights, list(m.terms), m.rows.copy(), m.by)


# ============================================================================ keywords


def keywords(tokens, *, method: Literal["tfidf", "textrank"] = "tfidf", n: int = 10, by: str = "document",
             min_length: int = 2, window: int = 4) -> pd.DataFrame:
    """The ``n`` most characteristic terms of each document (or unit, or docvar group).

    Parameters
    ----------
    tokens : Tokens
    method : {"tfidf", "textrank"}
        ``tfidf``: the highest TF-IDF weights (see :func:`tfidf`; defaults there).
        ``textrank``: for each group, a graph links two terms each time one of them is among
        the ``window`` tokens that follow the other in one unit (edge weight = number of such
        co-occurrences; terms shorter than ``min_length`` are removed first, the rest close
        up); the score is the PageRank of each term on that graph (damping 0.85), computed by
        networkx's ``pagerank`` until the scores change by less than 1e-11 in total, so each is
        within 1e-10 of the exact value. Both are deterministic (no randomness is involved).
    n : int, default 10
        Keywords per group.
    by : {"document", "unit"} or a docvar name
    min_length : int, default 2
        Ignore terms shorter than this.
    window : int, default 4
        TextRank only: how many following tokens count as a word's neighbours — the same
        meaning as in :func:`zhili.collocations` and :func:`zhili.cooccurrence_network`
        (``1`` links adjacent tokens only). The default 4 is the neighbourhood of jieba's
        TextRank (a span of 5 tokens).

    Returns
    -------
    pandas.DataFrame
        The group column(s), ``rank`` (1 … n), ``term``, ``score``; sorted by group, then score
        descending, then term. Groups without any term have no rows.

    Examples
    --------
    >>> import zhili as zl
    >>> toks = zl.tokenize({"甲": "推进共同缔造，共同缔造见效。", "乙": "坚持四权同下。"}, cache=False)
    >>> keywords(toks, n=1)[["doc_id", "term"]].values.tolist()
    [['甲', '共同缔造'], ['乙', '四权同下']]
    >>> keywords(toks, method="textrank", n=1)[["doc_id", "term"]].values.tolist()
    [['甲', '共同缔造'], ['乙', '四权同下']]
    """
    _check_tokens(tokens, "keywords")
    check_choice("method", method, ("tfidf", "textrank"))
    check_positive_int("n", n)
    check_positive_int("min_length", min_length)
    check_positive_int("window", window)
    by = resolve_by(tokens, by)
    if method == "tfidf":
        weights = tfidf(tokens, by=by, min_length=min_length)
        rows, groups_cols = weights.rows, _group_columns(weights)
        coo = weights.matrix.tocoo()
        row, col, score = coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data
        order = np.lexsort((col, -score, row))
        row, col, score = row[order], col[order], score[order]
        terms = np.asarray(weights.terms, dtype=object)[col] if len(col) else np.zeros(0, dtype=object)
    else:
        rows, groups_cols, row, terms, score = _textrank(tokens, by=by, min_length=min_length, window=window)
    table = rows[groups_cols].iloc[row].reset_index(drop=True)
    table["term"] = pd.Series(terms, dtype=object)
    table["score"] = np.asarray(score, dtype=np.float64)
    rank = table.groupby(groups_cols, sort=False).cumcount().to_numpy() + 1
    table.insert(len(groups_cols), "rank", rank.astype(np.int64))
    return table[table["rank"] <= n].reset_index(drop=True)


def _textrank(tokens, *, by: str, min_length: int, window: int):
    """PageRank over co-occurrence graphs, one per row of ``by``; rows sorted like keywords().

    The pairs are counted on the token columns for all groups at once (shifted id arrays); only
    the graphs themselves are built per group.
    """
    import networkx as nx

    rows, groups = _row_groups(tokens, by)
    rows = rows.reset_index(drop=True)
    n_units = len(tokens)
    unit_group = np.arange(n_units, dtype=np.int64) if groups is None else np.asarray(groups, dtype=np.int64)
    vocab, ids = tokens.vocab, np.asarray(tokens.ids, dtype=np.int64)
    unit_of = np.repeat(np.arange(n_units, dtype=np.int64), np.diff(np.asarray(tokens.offsets, dtype=np.int64)))
    if min_length > 1 and len(vocab):
        long_enough = np.fromiter(map(len, vocab), dtype=np.int64, count=len(vocab)) >= min_length
        keep = long_enough[ids]
        ids, unit_of = ids[keep], unit_of[keep]  # shorter terms are removed, the rest close up
    group_of = unit_group[unit_of] if len(unit_of) else unit_of
    # nodes: the distinct (group, word) pairs; edges: (group, lower id, higher id) with their counts
    n_words = np.int64(max(len(vocab), 1))
    node_keys = np.unique(group_of * n_words + ids)
    edge_group, edge_lo, edge_hi = [], [], []
    for shift in range(1, window + 1):
        if shift >= len(ids):
            break
        pair = (unit_of[:-shift] == unit_of[shift:]) & (ids[:-shift] != ids[shift:])
        a, b = ids[:-shift][pair], ids[shift:][pair]
        edge_group.append(group_of[:-shift][pair])
        edge_lo.append(np.minimum(a, b))
        edge_hi.append(np.maximum(a, b))
    if edge_group:
        g_all, lo_all, hi_all = (np.concatenate(x) for x in (edge_group, edge_lo, edge_hi))
    else:
        g_all = lo_all = hi_all = np.zeros(0, dtype=np.int64)
    order = np.lexsort((hi_all, lo_all, g_all))
    g_all, lo_all, hi_all = g_all[order], lo_all[order], hi_all[order]
    new = np.ones(len(g_all), dtype=bool)
    if len(g_all):
        new[1:] = (np.diff(g_all) != 0) | (np.diff(lo_all) != 0) | (np.diff(hi_all) != 0)
    starts = np.flatnonzero(new)
    weights = np.diff(np.append(starts, len(g_all)))
    g_e, lo_e, hi_e = g_all[starts], lo_all[starts], hi_all[starts]
    node_group, node_word = node_keys // n_words, node_keys % n_words
    node_bounds = np.searchsorted(node_group, np.arange(len(rows) + 1))
    edge_bounds = np.searchsorted(g_e, np.arange(len(rows) + 1))
    out_row, out_term, out_score = [], [], []
    for g in range(len(rows)):
        a, b = node_bounds[g], node_bounds[g + 1]
        if a == b:
            continue
        graph = nx.Graph()
        graph.add_nodes_from(vocab[i] for i in node_word[a:b].tolist())  # ids follow the sorted vocabulary
        e0, e1 = edge_bounds[g], edge_bounds[g + 1]
        graph.add_weighted_edges_from(
            (vocab[i], vocab[j], w) for i, j, w in zip(lo_e[e0:e1].tolist(), hi_e[e0:e1].tolist(), weights[e0:e1].tolist()))
        scores = nx.pagerank(graph, weight="weight", tol=_TEXTRANK_TOTAL_CHANGE / graph.number_of_nodes(),
                             max_iter=_TEXTRANK_MAX_ITER)
        ranked = sorted(scores.items(), key=lambda kv: (-round(kv[1], 12), kv[0]))
        out_row.extend([g] * len(ranked))
        out_term.extend(t for t, _ in ranked)
        out_score.extend(s for _, s in ranked)
    return rows, list(rows.columns), np.asarray(out_row, dtype=np.int64), out_term, out_score
