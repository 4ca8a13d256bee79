"""How often terms are used over time (zhili.analysis.trends)."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd

from .._errors import ZhiliError, check_choice

__all__ = ["term_trends"]

_DATE = re.compile(r"^\s*(\d{4})(?:\s*[-/.年]\s*(\d{1,2}))?(?:\s*[-/.月]\s*(\d{1,2}))?\s*[年月日]?(?:[T ]\d{1,2}:\d{2}\S*)?\s*$")


def term_trends(data, terms: str | Iterable[str], *, date: str = "date", period: Literal["year", "month"] = "year",
                normalize: bool = True, whole_word: bool = False, mode: Literal["all", "longest"] = "all",
                aliases: bool | Mapping[str, Iterable[str]] = True) -> pd.DataFrame:
    """Count terms per year (or month), from a date docvar.

    Occurrences are counted in the original text, as :func:`count_terms` counts them: a term
    inside a longer word, split by segmentation or written in a bracketed form still counts.

    Parameters
    ----------
    data : Corpus or Tokens
        The documents (Tokens are counted through their corpus, or their tokens with
        ``whole_word=True``).
    terms : str or list of str
        The terms to follow. A term that never occurs gets zero counts.
    date : str, default "date"
        The docvar holding each document's date: ``"2023-06-01"``, ``"2023-06"``, ``"2023"``,
        ``"2023年6月"`` or an integer year (so ``date="year_start"`` works for the casebook).
    period : {"year", "month"}
        ``year`` gives an int ``period`` (``2023``); ``month`` a string (``"2023-06"``).
    normalize : bool, default True
        Add ``per_10k`` = occurrences per 10,000 characters of the period's documents, so that
        years with more or longer documents are comparable.
    whole_word : bool, default False
        Count only tokens equal to the term (see :func:`count_terms`).
    mode, aliases
        As in :func:`count_terms`.

    Returns
    -------
    pandas.DataFrame
        ``period``, ``term``, ``count``, ``n_docs`` (documents dated in the period), ``n_chars``
        (their characters), and ``per_10k`` when ``normalize``; one row for every period that
        has a dated document and every term, sorted by period then term.
        ``df.attrs["excluded_docs"]`` lists the ``doc_id`` of documents left out because their
        date is empty or unreadable (or, with ``period="month"``, gives only a year) — nothing
        is dropped silently. A period that rests on one or two documents is named in a
        Chinese warning: its figures say more about those documents than about the period.

    Raises
    ------
    ZhiliError
        If ``date`` is not a docvar, or no document has a usable date.

    Examples
    --------
    >>> import zhili as zl
    >>> c = zl.Corpus.from_texts(["推进共同缔造。", "共同缔造见效。", "坚持四权同下。"],
    ...                          docvars={"date": ["2022-05-01", "2023", ""]})
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     t = term_trends(c, ["共同缔造", "四权同下"])
    >>> "只有一两篇文档" in str(caught[0].message)
    True
    >>> t[["period", "term", "count", "n_docs", "n_chars"]].values.tolist()
    [[2022, '共同缔造', 1, 1, 7], [2022, '四权同下', 0, 1, 7], [2023, '共同缔造', 1, 1, 7], [2023, '四权同下', 0, 1, 7]]
    >>> t.attrs["excluded_docs"]
    ['doc3']
    """
    from ..tokens import Tokens
    from .counts import _corpus_unit, count_terms

    if not isinstance(data, Tokens):
        from ..corpus import Corpus

        if not isinstance(data, Corpus):
            raise ZhiliError(f"term_trends() 需要语料（Corpus）或分词结果（Tokens），收到的是 {type(data).__name__}。")
    check_choice("period", period, ("year", "month"))
    corpus, _ = _corpus_unit(data, None)
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
    counts = count_terms(data, terms, by="document", mode=mode, whole_word=whole_word, aliases=aliases)
    wanted = list(counts.columns)
    periods = sorted({p for p in labels if p is not None})
    code = {p: i for i, p in enumerate(periods)}
    doc_rows = np.flatnonzero(dated)
    doc_period = np.array([code[labels[i]] for i in doc_rows], dtype=np.int64)
    by_period = np.zeros((len(periods), len(wanted)), dtype=np.int64)
    np.add.at(by_period, doc_period, counts.to_numpy(dtype=np.int64)[doc_rows])
    chars = np.bincount(doc_period, weights=counts.attrs["n_chars"].to_numpy()[doc_rows], minlength=len(periods))
    n_docs = np.bincount(doc_period, minlength=len(periods))

    order = np.argsort(np.asarray(wanted, dtype=object), kind="stable")
    n_terms = len(wanted)
    table = pd.DataFrame({
        "period": np.repeat(np.asarray(periods, dtype=object if period == "month" else np.int64), n_terms),
        "term": pd.Series(np.tile(np.asarray(wanted, dtype=object)[order], len(periods)), dtype=object),
        "count": by_period[:, order].ravel(),
        "n_docs": np.repeat(n_docs, n_terms).astype(np.int64),
        "n_chars": np.repeat(chars, n_terms).astype(np.int64),
    })
    if normalize:
        denom = table["n_chars"].to_numpy()
        table["per_10k"] = np.where(denom > 0, table["count"] * 10_000 / np.where(denom > 0, denom, 1), 0.0)
    thin = [str(p) for p, n in zip(periods, n_docs) if n <= 2]
    if thin:
        from .._errors import warn

        shown = "、".join(thin[:8]) + (f" 等 {len(thin)} 个时期" if len(thin) > 8 else "")
        warn(f"term_trends：{shown} 只有一两篇文档，这些时期的数字主要反映那一两篇文档本身，"
             "不宜当作那一时期的趋势（n_docs 列给出每个时期的文档数）。可以改按更长的时期统计，或补充文档。")
    table.attrs["excluded_docs"] = excluded
    return table


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
