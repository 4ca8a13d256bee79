"""Every occurrence of given terms, and their counts, from the original text (zhili.analysis.counts).

``find_terms`` lists each occurrence with where it is (document, unit, heading path, character
offsets); ``count_terms`` counts them per document, unit, docvar group or corpus. Both search
the text with :class:`zhili.matching.TermMatcher`, so a term is found inside a longer word
(基层治理 in 基层治理体系), across the pieces segmentation cut it into (新/时代), and in its bracketed
forms (村（居）民委员会 counts for 村民委员会). ``whole_word=True`` counts tokens instead — only
where segmentation produced the term as a word of its own — which is what frequency tables,
keyness and networks see.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd

from .. import streaming
from .._errors import ZhiliError, check_choice, choose_column
from ..streaming import is_lazy

__all__ = ["find_terms", "count_terms", "HIT_COLUMNS"]

HIT_COLUMNS = ["doc_id", "unit_id", "heading_path", "term", "match", "start", "end"]
Unit = Literal["sentence", "paragraph", "item", "document"]


def _corpus_unit(data: Any, unit: str | None) -> tuple[Any, str]:
    """(corpus, unit kind) for a Corpus, Tokens or text(s)."""
    from ..tokens import Tokens, _as_corpus
    from ..units import UNITS

    if isinstance(data, Tokens):
        if unit is not None and unit != data.unit:
            raise ZhiliError(f"这些分词结果是按 {data.unit!r} 切分的，不能再按 unit={unit!r} 统计："
                             f"请省略 unit，或用 zl.tokenize(corpus, unit={unit!r}) 重新分词。")
        return data.corpus, data.unit
    unit = unit or "sentence"
    check_choice("unit", unit, UNITS)
    return _as_corpus(data), unit


def locate(corpus, unit: str, doc: np.ndarray, start: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    """The unit table and, for each hit (document index, start offset), its row in that table."""
    units = corpus.units(unit).reset_index(drop=True)
    index = {d: i for i, d in enumerate(corpus.doc_ids)}
    unit_doc = units["doc_id"].map(index).to_numpy(dtype=np.int64)
    longest = max((len(t) for t in corpus.texts), default=1)
    return units, unit_rows(unit_doc, units["start"].to_numpy(dtype=np.int64), doc, start, longest)


def unit_rows(unit_doc: np.ndarray, unit_start: np.ndarray, doc: np.ndarray, start: np.ndarray,
              longest: int) -> np.ndarray:
    """For each hit (document index, start offset), its row in a unit table given as the units'
    document indices and start offsets (in document order); ``longest``: the longest text."""
    big = np.int64(max(1, longest) + 1)
    keys = unit_doc * big + unit_start
    rows = np.searchsorted(keys, doc * big + start, side="right") - 1
    # a hit before its document's first unit (leading blank text) belongs to that first unit
    first = np.searchsorted(unit_doc, doc, side="left")
    bad = (rows < 0) | (unit_doc[np.clip(rows, 0, max(len(unit_doc) - 1, 0))] != doc)
    return np.where(bad, first, rows)


def find_terms(data, terms, *, unit: Unit | None = None, mode: Literal["all", "longest"] = "all",
               aliases: bool | Mapping[str, Iterable[str]] = True, regex: bool = False) -> pd.DataFrame:
    """Every occurrence of the terms in the original text, one row each.

    Parameters
    ----------
    data : Corpus, Tokens, str or list of str
        Where to look. Tokens are searched through their corpus, with their unit.
    terms : str or list of str
        The terms (or regular expressions with ``regex=True``).
    unit : {"sentence", "paragraph", "item", "document"}, optional
        The unit each occurrence is assigned to (default ``"sentence"``; for Tokens, theirs).
    mode : {"all", "longest"}
        ``all`` (default): every occurrence of every term, also inside a longer query term;
        ``longest``: only the longest query term at each place. See :mod:`zhili.matching`.
    aliases : bool or mapping, default True
        Count bracketed forms (村（居）民委员会 for 村民委员会); a mapping ``{写法: [术语, …]}`` adds
        forms of your own.
    regex : bool, default False
        Terms are regular expressions.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``unit_id``, ``heading_path``, ``term`` (the query term), ``match`` (the
        text as written, e.g. ``村（居）民委员会`` for the term 村民委员会), ``start``, ``end``
        (character offsets in the document text); sorted by document, position, term.

    Examples
    --------
    >>> import zhili as zl
    >>> hits = find_terms("加强基层治理体系建设。完善村（居）民委员会。", ["基层治理", "治理体系", "居民委员会"])
    >>> hits[["unit_id", "term", "match", "start", "end"]].values.tolist()
    [['doc1#s1', '基层治理', '基层治理', 2, 6], ['doc1#s1', '治理体系', '治理体系', 4, 8], ['doc1#s2', '居民委员会', '村（居）民委员会', 13, 21]]
    """
    return _find(data, terms, unit=unit, mode=mode, aliases=aliases, regex=regex, name="terms")


def _find(data, terms, *, unit, mode, aliases, regex, name: str) -> pd.DataFrame:
    from ..matching import TermMatcher

    corpus, unit = _corpus_unit(data, unit)
    matcher = TermMatcher(terms, mode=mode, aliases=aliases, regex=regex, name=name)
    texts = corpus.texts
    hits = matcher.search(texts)
    units, rows = locate(corpus, unit, hits.doc, hits.start)
    ids = np.asarray(corpus.doc_ids, dtype=object)
    table = pd.DataFrame({
        "doc_id": ids[hits.doc] if len(hits) else np.array([], dtype=object),
        "unit_id": units["unit_id"].to_numpy(dtype=object)[rows] if len(hits) else np.array([], dtype=object),
        "heading_path": units["heading_path"].to_numpy(dtype=object)[rows] if len(hits) else np.array([], dtype=object),
        "term": np.asarray(matcher.terms, dtype=object)[hits.term] if len(hits) else np.array([], dtype=object),
        "match": [texts[d][s:e] for d, s, e in zip(hits.doc.tolist(), hits.start.tolist(), hits.end.tolist())],
        "start": hits.start.astype(np.int64),
        "end": hits.end.astype(np.int64),
    }, columns=HIT_COLUMNS)
    table.attrs = {"mode": mode, "unit": unit, "terms": list(matcher.terms)}
    return table


def count_terms(data, terms, *, by: str | None = "document", unit: Unit | None = None,
                mode: Literal["all", "longest"] = "all", whole_word: bool = False,
                aliases: bool | Mapping[str, Iterable[str]] = True, regex: bool = False,
                normalize: bool = False, client=None) -> pd.DataFrame:
    """How often each term occurs, per document, unit, docvar group, or in the whole corpus.

    Parameters
    ----------
    data : Corpus, Tokens, str or list of str
        What to count in.
    terms : str or list of str
        The terms (the columns of the result, in this order).
    by : "document", "unit", a docvar name, or None
        Rows: documents (``doc_id``, corpus order), units (``unit_id``), the sorted values of a
        docvar such as ``"level"`` or ``"year"``, or one row ``全部`` for the whole corpus.
    unit : {"sentence", "paragraph", "item", "document"}, optional
        For ``by="unit"`` (default ``"sentence"``; for Tokens, theirs).
    mode : {"all", "longest"}
        ``all`` (default): nested occurrences count for each term — 基层治理体系 counts for
        基层治理体系, 基层治理 and 治理体系 when all three are asked for; ``longest``: exclusive
        counts, only the longest term at each place.
    whole_word : bool, default False
        Count tokens equal to the term instead (what frequency tables see): a term inside a
        longer word or split by segmentation is not counted. Uses ``data``'s tokens when
        ``data`` is Tokens, else the default segmentation.
    aliases : bool or mapping, default True
        Count bracketed forms (see :func:`find_terms`).
    regex : bool, default False
        Terms are regular expressions (columns are named by the pattern).
    normalize : bool, default False
        Occurrences per 10,000 characters of each row's text instead of counts.

    Returns
    -------
    pandas.DataFrame
        Rows as described by ``by`` (the index is named ``doc_id``, ``unit_id``, the docvar, or
        ``全部``), one int column per term (float with ``normalize``). ``attrs`` records
        ``n_chars`` (characters per row, a Series), ``mode`` and ``whole_word``.

    Examples
    --------
    >>> import zhili as zl
    >>> c = zl.Corpus.from_texts({"甲": "加强基层治理体系建设。", "乙": "推进基层治理。完善村（居）民委员会。"})
    >>> t = count_terms(c, ["基层治理", "基层治理体系", "村民委员会"])
    >>> t.index.name, t.index.tolist(), t.values.tolist()
    ('doc_id', ['甲', '乙'], [[1, 1, 0], [1, 0, 1]])
    >>> count_terms(c, ["基层治理", "基层治理体系"], by=None, mode="longest").values.tolist()
    [[1, 1]]
    >>> count_terms("加强基层治理体系建设。", ["基层治理", "基层治理体系"], by=None, whole_word=True).values.tolist()
    [[0, 1]]
    """
    if client is not None or is_lazy(data):  # streamed in chunks, or on a Dask cluster (zhili.streaming)
        return streaming.run("count_terms", data, client, terms=terms, by=by, unit=unit, mode=mode, whole_word=whole_word,
                             aliases=aliases, regex=regex, normalize=normalize)
    from ..matching import TermMatcher

    corpus, unit = _corpus_unit(data, unit)
    if by is not None and not isinstance(by, str):
        raise ZhiliError(f"参数 by 应为 \"document\"、\"unit\"、文档变量名或 None，收到的是 {type(by).__name__}。")
    if by not in (None, "document", "unit"):
        by = choose_column("by", by, corpus.docvars.columns, fixed=("document", "unit", "None"))
    matcher = TermMatcher(terms, mode=mode, aliases=aliases, regex=regex)
    if whole_word and regex:
        raise ZhiliError("whole_word=True 按完整的词计数，不能与 regex=True 同用：请二选一。")
    n_docs = len(corpus)
    doc_chars = np.fromiter((len(t) for t in corpus.texts), dtype=np.int64, count=n_docs)
    # (row of the result, term) for every occurrence; rows are units or documents first
    if whole_word:
        matrix, units = _token_counts(data, corpus, unit, matcher.terms)
        rows_of, term_of = matrix.nonzero()
        weight = np.asarray(matrix[rows_of, term_of]).ravel()
        unit_level = True
        from ..matching import warn_shortfall

        totals = dict(zip(matcher.terms, np.asarray(matrix.sum(axis=0)).ravel().tolist()))
        warn_shortfall(corpus, matcher.terms, totals, where="count_terms(whole_word=True)")
    else:
        hits = matcher.search(corpus.texts)
        weight = np.ones(len(hits), dtype=np.int64)
        term_of = hits.term
        if by == "unit":
            units, rows_of = locate(corpus, unit, hits.doc, hits.start)
            unit_level = True
        else:
            units, rows_of, unit_level = None, hits.doc, False
    if by == "unit":
        if units is None:  # pragma: no cover - set above
            units = corpus.units(unit)
        labels, name = units["unit_id"].astype(str).tolist(), "unit_id"
        group = np.arange(len(units))
        chars = units["text"].str.len().to_numpy(dtype=np.int64)
    else:
        if by is None:
            labels, name, per_doc = ["全部"], "全部", np.zeros(n_docs, dtype=np.int64)
        elif by == "document":
            labels, name, per_doc = list(corpus.doc_ids), "doc_id", np.arange(n_docs)
        else:
            values = corpus.docvars[by].astype(str).tolist()
            labels, name = sorted(set(values)), by
            code = {v: i for i, v in enumerate(labels)}
            per_doc = np.array([code[v] for v in values], dtype=np.int64)
        if unit_level:  # token counts come per unit: map units to their documents
            index = {d: i for i, d in enumerate(corpus.doc_ids)}
            group = per_doc[units["doc_id"].map(index).to_numpy(dtype=np.int64)]
        else:
            group = per_doc
        chars = np.bincount(per_doc, weights=doc_chars, minlength=len(labels)).astype(np.int64)
    n_terms = len(matcher.terms)
    flat = group[rows_of] * n_terms + term_of if len(term_of) else np.zeros(0, dtype=np.int64)
    out = np.bincount(flat, weights=weight, minlength=len(labels) * n_terms).astype(np.int64).reshape(len(labels), n_terms)
    values: np.ndarray = out
    if normalize:
        values = np.where(chars[:, None] > 0, out * 10_000 / np.maximum(chars, 1)[:, None], 0.0)
    table = pd.DataFrame(values, index=pd.Index(labels, name=name), columns=list(matcher.terms))
    table.attrs = {"n_chars": pd.Series(chars, index=table.index), "mode": mode, "whole_word": whole_word}
    return table


def _token_counts(data, corpus, unit: str, terms: list[str]):
    """Sparse units × terms counts of tokens equal to the terms (whole words), and the unit table."""
    from ..tokens import Tokens, tokenize
    from .matrix import dtm

    toks = data if isinstance(data, Tokens) else tokenize(corpus, unit=unit)
    return dtm(toks, by="unit", vocabulary=terms).matrix, toks.units.reset_index(drop=True)
