"""The document-term matrix every count-based analysis starts from (zhili.analysis.matrix).

Built on the kit's tokens (no second segmentation): terms are numbered by ``pandas.factorize``
(hash-based, in C) and counted into a ``scipy.sparse`` CSR matrix, with rows that say which
document, unit or group they are. (scikit-learn's ``CountVectorizer`` gives the same matrix but
loops over tokens in Python; it is used in the tests as the reference.)
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from .. import streaming
from .._errors import ZhiliError, check_positive_int, choose_column
from ..streaming import is_lazy

__all__ = ["DocumentTermMatrix", "dtm", "sum_rows"]


@dataclass
class DocumentTermMatrix:
    """A sparse count matrix with named rows and columns.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        Counts, shape ``(n_rows, n_terms)``, dtype int64.
    terms : list of str
        Column labels, sorted (so the same tokens always give the same matrix).
    rows : pandas.DataFrame
        One row per matrix row: ``doc_id`` and ``unit_id`` for units, ``doc_id`` for documents,
        or the group value(s) for ``by=<docvar>``, plus ``n_tokens``.
    by : str
        What a row is: ``unit``, ``document`` or the docvar name.
    """

    matrix: sparse.csr_matrix
    terms: list[str]
    rows: pd.DataFrame
    by: str

    @property
    def shape(self) -> tuple[int, int]:
        return self.matrix.shape

    def to_frame(self) -> pd.DataFrame:
        """Dense DataFrame (rows × terms); only for small matrices."""
        index = self.rows.iloc[:, 0].astype(str).tolist()
        return pd.DataFrame(self.matrix.toarray(), index=index, columns=self.terms)

    def term_index(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(self.terms)}

    def __repr__(self) -> str:
        return f"<DocumentTermMatrix：{self.shape[0]} 行 × {self.shape[1]} 个词，按 {self.by}>"


def sum_rows(matrix: sparse.csr_matrix, groups: np.ndarray, n_groups: int) -> sparse.csr_matrix:
    """Sum the rows of a CSR matrix into ``n_groups`` rows; ``groups[i]`` is row i's group.

    When the groups run in order (units of document 0, then of document 1 …) the rows are merged
    by slicing the index pointer, in one pass over the non-zeros; otherwise a sparse indicator
    matrix (groups × rows) is multiplied in. No Python loop over counts either way.
    """
    groups = np.asarray(groups, dtype=np.int64)
    if len(groups) == 0 or np.all(groups[1:] >= groups[:-1]):
        bounds = np.searchsorted(groups, np.arange(n_groups + 1), side="left")
        out = sparse.csr_matrix((matrix.data.copy(), matrix.indices.copy(), matrix.indptr[bounds]),
                                shape=(n_groups, matrix.shape[1]))
        out.sum_duplicates()
        return out
    indicator = sparse.csr_matrix((np.ones(len(groups), dtype=matrix.dtype), (groups, np.arange(len(groups)))),
                                  shape=(n_groups, len(groups)))
    return (indicator @ matrix).tocsr()


def dtm(tokens, *, by: str = "document", min_count: int = 1, min_length: int = 1,
        vocabulary: list[str] | None = None, client=None) -> DocumentTermMatrix:
    """Count terms per unit, per document or per docvar group.

    Parameters
    ----------
    tokens : Tokens
        From :func:`zhili.tokenize`.
    by : {"document", "unit"} or a docvar name
        What a row stands for. A docvar (e.g. ``"level"`` or ``"year"``) sums the documents of
        each value, in sorted order.
    min_count : int, default 1
        Drop terms seen fewer times than this in the whole corpus.
    min_length : int, default 1
        Drop terms shorter than this many characters (``2`` drops single characters).
    vocabulary : list of str, optional
        Use exactly these columns, in this order (terms never seen give zero columns).
    client : dask.distributed.Client, optional
        For a corpus read in chunks (:func:`zhili.scan_corpus`): count on the cluster's workers.

    Returns
    -------
    DocumentTermMatrix

    Examples
    --------
    >>> import zhili as zl
    >>> toks = zl.tokenize({"甲": "推进共同缔造。共同缔造见效。", "乙": "坚持四权同下。"}, cache=False)
    >>> m = dtm(toks)
    >>> m.to_frame()[["共同缔造", "四权同下"]]
       共同缔造  四权同下
    甲     2     0
    乙     0     1
    """
    if client is not None or is_lazy(tokens):  # streamed in chunks, or on a Dask cluster (zhili.streaming)
        return streaming.run("dtm", tokens, client, by=by, min_count=min_count, min_length=min_length, vocabulary=vocabulary)
    check_positive_int("min_count", min_count)
    check_positive_int("min_length", min_length)
    by = resolve_by(tokens, by)
    words = tokens.words()
    rows, groups = _row_groups(tokens, by)
    lengths = np.fromiter((len(u) for u in words), dtype=np.int64, count=len(words))
    flat = np.fromiter(itertools.chain.from_iterable(words), dtype=object, count=int(lengths.sum()))
    unit_of_token = np.repeat(np.arange(len(words), dtype=np.int64), lengths)
    if min_length > 1 and len(flat):
        long_enough = np.fromiter((len(w) >= min_length for w in flat), dtype=bool, count=len(flat))
        flat, unit_of_token = flat[long_enough], unit_of_token[long_enough]
    if vocabulary is not None:
        vocabulary = list(dict.fromkeys(vocabulary))
        if not vocabulary:
            raise ZhiliError("vocabulary 为空：请至少给出一个词。")
        terms = vocabulary
        codes = pd.Index(vocabulary).get_indexer(flat) if len(flat) else np.zeros(0, dtype=np.int64)
        known = codes >= 0
        codes, unit_of_token = codes[known], unit_of_token[known]
    else:
        # hash-based factorisation (pandas), then columns renumbered in sorted term order
        codes, uniques = pd.factorize(flat) if len(flat) else (np.zeros(0, dtype=np.int64), np.array([], dtype=object))
        order = np.argsort(np.asarray(uniques, dtype=str), kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        codes = rank[codes] if len(codes) else codes
        terms = [str(uniques[i]) for i in order]
    unit_matrix = sparse.csr_matrix(
        (np.ones(len(codes), dtype=np.int64), (unit_of_token, codes)), shape=(len(words), len(terms)))
    unit_matrix.sum_duplicates()
    if groups is not None:
        matrix = sum_rows(unit_matrix, groups, len(rows))
    else:
        matrix = unit_matrix.tocsr()
    if min_count > 1 and matrix.shape[1]:
        keep = np.flatnonzero(np.asarray(matrix.sum(axis=0)).ravel() >= min_count)
        matrix = matrix[:, keep]
        terms = [terms[i] for i in keep]
    rows = rows.copy()
    rows["n_tokens"] = np.asarray(matrix.sum(axis=1)).ravel()
    return DocumentTermMatrix(matrix.astype(np.int64), terms, rows.reset_index(drop=True), by)


def resolve_by(tokens, by):
    """``by`` as a row kind or docvar name: a Chinese label shown by ``zl.show`` (``城乡类型``) gives its
    column (``setting``); a name that is not there, an error with the closest ones."""
    if by in ("document", "unit") or not isinstance(by, str):
        return by
    return choose_column("by", by, tokens.corpus.docvars.columns, fixed=("document", "unit"))


def _row_groups(tokens, by: str):
    """Row table and, unless rows are units, the row number of each unit."""
    if by == "unit":
        return tokens.units[["doc_id", "unit_id"]].copy(), None
    doc_index = np.asarray(tokens._doc_index, dtype=np.int64)
    if by == "document":
        return pd.DataFrame({"doc_id": tokens.corpus.doc_ids}), doc_index
    docvars = tokens.corpus.docvars
    by = resolve_by(tokens, by)
    values = docvars[by].astype(str).tolist()
    levels = sorted(set(values))
    code = {v: i for i, v in enumerate(levels)}
    per_doc = np.array([code[v] for v in values], dtype=np.int64)
    return pd.DataFrame({by: levels}), per_doc[doc_index] if len(doc_index) else doc_index
