"""The document-term matrix every count-based analysis starts from (zhili.analysis.matrix).

Built on the kit's tokens (no second segmentation), straight from their columns: the token ids
index a sorted vocabulary, so a column is a vocabulary entry that survives the filters, and the
unit offsets are already the index pointer of a CSR matrix (the units of a document are
consecutive, so document rows are a slice of it). The counts come from one ``sum_duplicates``
over that matrix; nothing loops over tokens in Python. (scikit-learn's ``CountVectorizer`` gives
the same matrix; it is used in the tests as the reference.)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from .. import streaming
from .._errors import ZhiliError, check_positive_int, choose_column
from ..streaming import is_lazy

__all__ = ["DocumentTermMatrix", "dtm", "sum_rows", "term_counts"]


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
    rows, _ = _row_groups(tokens, by)
    level = "unit" if by == "unit" else "document"
    matrix, terms = term_counts(tokens, rows=level, min_length=min_length, vocabulary=vocabulary)
    if by not in ("unit", "document"):
        matrix = sum_rows(matrix, _document_groups(tokens, by), len(rows))
    return _finish_dtm(matrix, terms, rows, by, min_count)


def _finish_dtm(matrix, terms: list[str], rows: pd.DataFrame, by: str, min_count: int) -> DocumentTermMatrix:
    """The last step of :func:`dtm`, in memory and streamed (``zhili.streaming``): leave out terms
    seen fewer than ``min_count`` times, count each row's tokens, build the matrix object."""
    if min_count > 1 and matrix.shape[1]:
        keep = np.flatnonzero(np.asarray(matrix.sum(axis=0)).ravel() >= min_count)
        matrix = matrix[:, keep]
        terms = [terms[i] for i in keep]
    rows = rows.copy()
    rows["n_tokens"] = np.asarray(matrix.sum(axis=1)).ravel()
    return DocumentTermMatrix(matrix.astype(np.int64, copy=False), terms, rows.reset_index(drop=True), by)


def term_counts(tokens, *, rows: str = "unit", min_length: int = 1,
                vocabulary: list[str] | None = None) -> tuple[sparse.csr_matrix, list[str]]:
    """Units × terms (or documents × terms) counts from the token columns, and the column terms.

    Columns are the vocabulary entries that occur and have at least ``min_length`` characters,
    in sorted order, or exactly ``vocabulary`` (terms shorter than ``min_length`` count zero).
    Rows are the units, or the documents of the corpus (in corpus order, empty ones included).
    """
    vocab, ids, offsets = tokens.vocab, tokens.ids, tokens.offsets
    n_words = len(vocab)
    short = None
    if min_length > 1 and n_words:
        short = np.fromiter(map(len, vocab), dtype=np.int64, count=n_words) < min_length
    if vocabulary is not None:
        vocabulary = list(dict.fromkeys(vocabulary))
        if not vocabulary:
            raise ZhiliError("vocabulary 为空：请至少给出一个词。")
        terms = vocabulary
        column = (np.asarray(pd.Index(vocabulary, dtype=object).get_indexer(pd.Index(vocab, dtype=object)),
                             dtype=np.int32) if n_words else np.zeros(0, dtype=np.int32))
        if short is not None:
            column[short] = -1
    else:
        used = np.bincount(ids, minlength=n_words) > 0
        if short is not None:
            used &= ~short
        column = np.where(used, np.cumsum(used) - 1, -1).astype(np.int32)
        terms = [vocab[i] for i in np.flatnonzero(used).tolist()]
    cols = column[ids] if len(ids) else np.zeros(0, dtype=np.int32)
    bounds = offsets
    if len(cols) and (cols < 0).any():  # tokens of no column leave the rows
        kept = cols >= 0
        cols = cols[kept]
        bounds = np.concatenate(([0], np.cumsum(kept, dtype=np.int64)))[offsets]
    n_rows = len(offsets) - 1
    if rows == "document":
        bounds, n_rows = _document_bounds(tokens, bounds)
    if len(cols) < np.iinfo(np.int32).max:  # 32-bit index arrays: scipy would widen both to match
        bounds = np.asarray(bounds, dtype=np.int32)
    matrix = sparse.csr_matrix((np.ones(len(cols), dtype=np.int32), cols, bounds), shape=(n_rows, len(terms)),
                               copy=False)
    matrix.sum_duplicates()  # sorts each row's columns in place and adds up the repeats
    return matrix.astype(np.int64), terms


def _document_bounds(tokens, unit_bounds: np.ndarray) -> tuple[np.ndarray, int]:
    """Token bounds of each document (from those of each unit): its units are consecutive."""
    doc_index = np.asarray(tokens.doc_index, dtype=np.int64)
    n_docs = len(tokens.corpus.doc_ids)
    if len(doc_index) and np.any(doc_index[1:] < doc_index[:-1]):  # pragma: no cover - hand-made Tokens
        raise ZhiliError("分词结果的单元不按文档顺序排列：请用 zl.tokenize 重新分词。")
    first_unit = np.searchsorted(doc_index, np.arange(n_docs + 1), side="left")
    return np.asarray(unit_bounds, dtype=np.int64)[first_unit], n_docs


def _document_groups(tokens, by: str) -> np.ndarray:
    """The group (row of ``dtm(by=<docvar>)``) of every document."""
    values = tokens.corpus.docvars[by].astype(str).tolist()
    code = {v: i for i, v in enumerate(sorted(set(values)))}
    return np.array([code[v] for v in values], dtype=np.int64)


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
