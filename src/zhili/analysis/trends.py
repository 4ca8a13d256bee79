"""How often terms are used over time (zhili.analysis.trends)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import sparse

from .._errors import ZhiliError, check_choice, check_words
from .freq import _check_tokens
from .matrix import dtm

__all__ = ["term_trends"]

_DATE = re.compile(r"^\s*(\d{4})(?:\s*[-/.年]\s*(\d{1,2}))?(?:\s*[-/.月]\s*(\d{1,2}))?\s*[年月日]?(?:[T ]\d{1,2}:\d{2}\S*)?\s*$")


def term_trends(tokens, terms: str | Iterable[str], *, date: str = "date", period: Literal["year", "month"] = "year",
                normalize: bool = True) -> pd.DataFrame:
    """Count terms per year (or month), from a date docvar.

    Parameters
    ----------
    tokens : Tokens
        From :func:`zhili.tokenize`.
    terms : str or list of str
        The terms to follow (whole tokens). A term that never occurs gets zero counts.
    date : str, default "date"
        The docvar holding each document's date: ``"2023-06-01"``, ``"2023-06"``, ``"2023"``,
        ``"2023年6月"`` or an integer year (so ``date="year_start"`` works for the casebook).
    period : {"year", "month"}
        ``year`` gives an int ``period`` (``2023``); ``month`` a string (``"2023-06"``).
    normalize : bool, default True
        Add ``share`` = ``count`` / all tokens of the documents of that period.

    Returns
    -------
    pandas.DataFrame
        ``period``, ``term``, ``count``, ``n_tokens`` (all tokens in the period), and ``share``
        when ``normalize``; one row for every period that has a dated document and every term,
        sorted by period then term. ``df.attrs["excluded_docs"]`` lists the ``doc_id`` of
        documents left out because their date is empty or unreadable (or, with
        ``period="month"``, gives only a year) — nothing is dropped silently.

    Raises
    ------
    ZhiliError
        If ``date`` is not a docvar, or no document has a usable date.

    Examples
    --------
    >>> import zhili as zl
    >>> c = zl.Corpus.from_texts(["推进共同缔造。", "共同缔造见效。", "坚持四权同下。"],
    ...                          docvars={"date": ["2022-05-01", "2023", ""]})
    >>> t = term_trends(zl.tokenize(c, cache=False), ["共同缔造", "四权同下"])
    >>> t
       period  term  count  n_tokens  share
    0    2022  共同缔造      1         2    0.5
    1    2022  四权同下      0         2    0.0
    2    2023  共同缔造      1         2    0.5
    3    2023  四权同下      0         2    0.0
    >>> t.attrs["excluded_docs"]
    ['doc3']
    """
    _check_tokens(tokens, "term_trends")
    check_choice("period", period, ("year", "month"))
    wanted = _terms(terms)
    corpus = tokens.corpus
    docvars = corpus.docvars
    if len(corpus) == 0:
        raise ZhiliError("语料中没有文档：无法统计词频趋势。")
    if date not in docvars.columns:
        raise ZhiliError(f"参数 date={date!r} 无效：语料没有这个文档变量。可选 {'、'.join(map(str, docvars.columns))}。")

    labels = [_period(v, period) for v in docvars[date].tolist()]
    dated = np.array([p is not None for p in labels])
    excluded = [d for d, ok in zip(corpus.doc_ids, dated) if not ok]
    if not dated.any():
        unit = "年月" if period == "month" else "年份"
        raise ZhiliError(f"没有任何文档的 {date!r} 能读出{unit}（例如 2023-06-01、2023-06、2023）："
                         "请检查该文档变量，或换用其他日期变量，如 date=\"year_start\"。")

    periods = sorted({p for p in labels if p is not None})
    code = {p: i for i, p in enumerate(periods)}
    doc_rows = np.flatnonzero(dated)
    doc_period = np.array([code[labels[i]] for i in doc_rows], dtype=np.int64)
    # documents → periods with a sparse indicator matrix (periods × dated documents)
    indicator = sparse.csr_matrix((np.ones(len(doc_rows)), (doc_period, np.arange(len(doc_rows)))),
                                  shape=(len(periods), len(doc_rows)))
    m = dtm(tokens, by="document", vocabulary=wanted)
    counts = np.asarray((indicator @ m.matrix[doc_rows]).todense(), dtype=np.int64)  # periods × terms
    lengths = np.fromiter((len(u) for u in tokens.tokens), dtype=np.int64, count=len(tokens.tokens))
    doc_tokens = np.bincount(np.asarray(tokens._doc_index, dtype=np.int64), weights=lengths, minlength=len(corpus))
    period_tokens = (indicator @ doc_tokens[doc_rows]).astype(np.int64)

    order = np.argsort(np.asarray(wanted, dtype=object), kind="stable")
    n_terms = len(wanted)
    table = pd.DataFrame({
        "period": np.repeat(np.asarray(periods, dtype=object if period == "month" else np.int64), n_terms),
        "term": pd.Series(np.tile(np.asarray(wanted, dtype=object)[order], len(periods)), dtype=object),
        "count": counts[:, order].ravel(),
        "n_tokens": np.repeat(period_tokens, n_terms),
    })
    if normalize:
        denom = table["n_tokens"].to_numpy()
        table["share"] = np.where(denom > 0, table["count"] / np.where(denom > 0, denom, 1), 0.0)
    table.attrs["excluded_docs"] = excluded
    return table


def _terms(terms) -> list[str]:
    return list(dict.fromkeys(t.strip() for t in check_words("terms", terms)))


def _period(value: Any, period: str) -> int | str | None:
    """The year (int) or ``YYYY-MM`` of a date value; None if it cannot be read."""
    year = month = None
    if isinstance(value, (bool, np.bool_)) or value is None:
        return None
    if isinstance(value, (int, np.integer)):
        year = int(value)
    elif isinstance(value, (float, np.floating)):
        if value != value or not float(value).is_integer():
            return None
        year = int(value)
    elif hasattr(value, "year") and hasattr(value, "month"):  # date, datetime, Timestamp
        if pd.isna(value):
            return None
        year, month = int(value.year), int(value.month)
    elif isinstance(value, str):
        m = _DATE.match(value)
        if not m:
            return None
        year = int(m.group(1))
        month = int(m.group(2)) if m.group(2) else None
    else:
        return None
    if not 1000 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
        return None
    if period == "year":
        return year
    return None if month is None else f"{year:04d}-{month:02d}"
