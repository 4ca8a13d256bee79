"""How alike whole documents are: a square similarity table and its clustered heatmap.

Two measures, for two questions:

- ``method="tfidf"`` — do the documents *talk about the same things*? Cosine similarity of their
  TF-IDF vectors (the kit's tokens and :func:`zhili.tfidf`, i.e. scikit-learn's weighting): shared
  words count, weighted up when few documents use them; word order does not matter.
- ``method="jaccard"`` — do the documents *share wording*? Jaccard similarity of their sets of
  character shingles (runs of ``shingle`` characters after the light normalisation of
  :func:`zhili.text_reuse`): no segmentation involved, sensitive to copied phrasing.

:func:`similarity_heatmap` draws the table with rows and columns in the order of an average-linkage
hierarchical clustering (SciPy, with optimal leaf ordering), so that groups of alike documents show
as blocks on the diagonal.
"""
from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from .._errors import ZhiliError, check_choice, check_positive_int, choose_column

__all__ = ["similarity", "similarity_heatmap"]


def _corpus_of(data: Any):
    from ..corpus import Corpus
    from .reuse import _as_corpus

    if isinstance(data, Corpus):
        return data
    return _as_corpus(data, "data")


def similarity(data: Any, method: Literal["tfidf", "jaccard"] = "tfidf", *, by: str = "document",
               shingle: int = 3) -> pd.DataFrame:
    """Pairwise similarity of documents (or of groups of documents).

    Parameters
    ----------
    data : Corpus, Tokens, str, list of str or mapping
        The documents. ``method="tfidf"`` segments a Corpus with :func:`zhili.tokenize`
        (defaults); pass Tokens to control segmentation. ``method="jaccard"`` reads the text.
    method : {"tfidf", "jaccard"}
        ``"tfidf"``: cosine similarity of TF-IDF vectors (shared vocabulary). ``"jaccard"``:
        Jaccard similarity of character-shingle sets (shared wording).
    by : str, default "document"
        ``"document"``: one row per document, labelled by ``doc_id``. A docvar name (e.g.
        ``"title"`` for readable labels when titles are unique, or ``"level"``, ``"year"``):
        the documents with the same value are taken together (their words or shingles pooled),
        one row per value, in sorted order.
    shingle : int, default 3
        Characters per shingle for ``"jaccard"``.

    Returns
    -------
    pandas.DataFrame
        Square and symmetric, values 0–1, 1 on the diagonal; index and columns the documents or
        groups (named ``by``). A document without any word (``tfidf``) or character
        (``jaccard``) has NaN in its row and column. ``attrs`` records ``method``, ``by`` and
        ``shingle``.

    Examples
    --------
    >>> import zhili as zl
    >>> c = zl.Corpus.from_texts({"甲": "推进共同缔造，建设美好环境。", "乙": "推进共同缔造，建设幸福生活。",
    ...                           "丙": "严格执行财务审批制度。"})
    >>> sim = similarity(c, "jaccard")
    >>> sim.index.tolist(), sim.round(2).values.tolist()
    (['甲', '乙', '丙'], [[1.0, 0.41, 0.0], [0.41, 1.0, 0.0], [0.0, 0.0, 1.0]])
    """
    check_choice("method", method, ("tfidf", "jaccard"))
    check_positive_int("shingle", shingle)
    if not isinstance(by, str):
        raise ZhiliError(f"参数 by={by!r} 无效：应为 \"document\" 或文档变量名（如 \"title\"、\"level\"）。")
    if method == "tfidf":
        values, labels = _tfidf(data, by)
    else:
        values, labels = _jaccard(_corpus_of(data), by, shingle)
    name = "doc_id" if by == "document" else by
    index = pd.Index(labels, name=name)
    out = pd.DataFrame(values, index=index, columns=index.copy())
    out.attrs = {"method": method, "by": by, "shingle": shingle if method == "jaccard" else None}
    return out


def _tfidf(data: Any, by: str) -> tuple[np.ndarray, list[str]]:
    from ..tokens import Tokens, tokenize
    from .freq import tfidf

    toks = data if isinstance(data, Tokens) else tokenize(_corpus_of(data))
    if by not in ("document",) and by not in toks.corpus.docvars.columns:
        by = _bad_by(by, toks.corpus)
    w = tfidf(toks, by=by)
    m = w.matrix
    values = np.asarray((m @ m.T).todense(), dtype=np.float64)
    empty = np.asarray(m.getnnz(axis=1) == 0).ravel()
    return _finish(values, empty), w.rows.iloc[:, 0].astype(str).tolist()


def _bad_by(by: str, corpus) -> str:
    """The docvar a Chinese label names, else the error with the closest names."""
    return choose_column("by", by, corpus.docvars.columns, fixed=("document",))


def _jaccard(corpus, by: str, shingle: int) -> tuple[np.ndarray, list[str]]:
    from scipy import sparse

    from .reuse import _grams, normalize_for_matching

    if by == "document":
        labels = corpus.doc_ids
        groups = list(range(len(labels)))
    else:
        if by not in corpus.docvars.columns:
            by = _bad_by(by, corpus)
        values = corpus.docvars[by].astype(str).tolist()
        labels = sorted(set(values))
        code = {v: i for i, v in enumerate(labels)}
        groups = [code[v] for v in values]
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for g, text in zip(groups, corpus.texts):
        norm, _ = normalize_for_matching(text)
        ids = {vocab.setdefault(s, len(vocab)) for s in _grams(norm, shingle)}
        rows.extend([g] * len(ids))
        cols.extend(ids)
    x = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(labels), max(len(vocab), 1)))
    x.data[:] = 1.0  # a group's set is the union of its documents' sets
    inter = np.asarray((x @ x.T).todense(), dtype=np.float64)
    sizes = np.diag(inter).copy()
    union = sizes[:, None] + sizes[None, :] - inter
    with np.errstate(invalid="ignore", divide="ignore"):
        values = np.where(union > 0, inter / np.where(union > 0, union, 1), 0.0)
    return _finish(values, sizes == 0), [str(v) for v in labels]


def _finish(values: np.ndarray, empty: np.ndarray) -> np.ndarray:
    values = np.clip(values, 0.0, 1.0)
    np.fill_diagonal(values, 1.0)
    values[empty, :] = np.nan
    values[:, empty] = np.nan
    return np.round(values, 12)


# ============================================================================ figure


def cluster_order(sim: pd.DataFrame, *, method: str = "average") -> list[int]:
    """Row order of a hierarchical clustering of a similarity table (distance ``1 - sim``;
    SciPy linkage with optimal leaf ordering, so the order is deterministic)."""
    from scipy.cluster.hierarchy import leaves_list, linkage, optimal_leaf_ordering
    from scipy.spatial.distance import squareform

    n = len(sim)
    if n < 3:
        return list(range(n))
    dist = 1.0 - np.nan_to_num(sim.to_numpy(dtype=np.float64), nan=0.0)
    dist = (dist + dist.T) / 2.0
    np.fill_diagonal(dist, 0.0)
    condensed = squareform(np.clip(dist, 0.0, None), checks=False)
    tree = linkage(condensed, method=method)
    tree = optimal_leaf_ordering(tree, condensed)
    return leaves_list(tree).tolist()


def similarity_heatmap(sim: pd.DataFrame, *, cluster: bool = True, title: str | None = None, cmap: str = "Blues",
                       annotate: bool | None = None, fontsize: float | None = None, ax=None):
    """Heatmap of a similarity table, rows and columns ordered by hierarchical clustering.

    Drawn by :func:`zhili.plot.heatmap`, so it follows :func:`zhili.plot.style` (by default the
    projector style: 150 dpi, no text under 13 pt) and grows with the number and length of the
    document labels.

    Parameters
    ----------
    sim : pandas.DataFrame
        From :func:`similarity` (any square table of values 0–1).
    cluster : bool, default True
        Order rows and columns by average-linkage clustering (alike documents side by side);
        False keeps the table's order.
    title : str, optional
    cmap : str, default "Blues"
    annotate : bool, optional
        Write the values in the cells; by default when they fit (at most 25 rows).
    fontsize : float, optional
        Size of the document labels and values in points; by default the style's.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        The colour bar (continuous, 0–1, labelled 相似度) is ``ax.images[0].colorbar``; the
        order used is in ``ax.zhili_order`` (labels, top to bottom).

    Examples
    --------
    >>> import zhili as zl
    >>> c = zl.Corpus.from_texts({"甲": "推进共同缔造，建设美好环境。", "乙": "严格执行财务审批制度。",
    ...                           "丙": "推进共同缔造，建设幸福生活。"})
    >>> ax = similarity_heatmap(similarity(c, "jaccard"))
    >>> ax.zhili_order[1:] in (["甲", "丙"], ["丙", "甲"])
    True
    """
    from .. import _figure
    from ..plot import heatmap

    if not isinstance(sim, pd.DataFrame) or sim.shape[0] != sim.shape[1] or sim.empty:
        raise ZhiliError("参数 sim 应为 zl.similarity() 返回的方阵（行与列是同一组文档）。")
    if annotate not in (None, True, False):
        raise ZhiliError(f"参数 annotate={annotate!r} 无效：可选值为 None（能放下时写数值）、True、False。")
    order = cluster_order(sim) if cluster else list(range(len(sim)))
    table = sim.iloc[order, order].astype(np.float64)
    labels = [str(x) for x in table.index]
    table = table.set_axis(labels, axis=0).set_axis(labels, axis=1)
    table.attrs = {}
    method = sim.attrs.get("method") if isinstance(sim.attrs, dict) else None
    if title is None and method:
        title = {"tfidf": "文档相似度（TF-IDF 余弦）", "jaccard": "文档相似度（字符片段 Jaccard）"}.get(method)
    ax = heatmap(table, title=title, cmap=cmap, annotate="auto" if annotate is None else annotate, fmt=".2f",
                 levels=False, vmin=0.0, vmax=1.0, fontsize=fontsize, ax=ax)
    ax.images[0].colorbar.set_label("相似度", fontsize=max(_figure.current_style().text, fontsize or 0))
    ax.zhili_order = labels
    return ax
