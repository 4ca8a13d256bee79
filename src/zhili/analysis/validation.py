"""Checking codings: agreement between two coders, and a dictionary against hand coding (zhili.analysis.validation).

``coding_agreement`` compares two codings of the same units (two scholars, or a scholar and the
dictionary) with observed agreement, Cohen's κ and Krippendorff's α; ``validate_dictionary``
scores the dictionary's coding against a scholar's hand coding with precision, recall and F1.
"""
from __future__ import annotations

import numbers
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._errors import ZhiliError
from .coding import _category_columns

__all__ = ["coding_agreement", "validate_dictionary"]


# ============================================================================ agreement


def _presence(table: pd.DataFrame, category: str, name: str) -> pd.Series:
    if "unit_id" not in table.columns:
        raise ZhiliError(f"{name} 是表格，但没有 unit_id 列：编码表应来自 code_framework()，"
                         "或包含 unit_id 与类别列的人工编码表。")
    if category not in table.columns:
        raise ZhiliError(f"{name} 中没有类别列 {category!r}。")
    if table["unit_id"].duplicated().any():
        raise ZhiliError(f"{name} 的 unit_id 有重复：每个单元只能出现一次。")
    values = pd.to_numeric(table[category], errors="coerce")
    if values.isna().any():
        raise ZhiliError(f"{name} 的 {category!r} 列应为数字或真假值（出现次数或 0/1），不能有空值或文字。")
    return pd.Series((values > 0).astype(np.int64).to_numpy(), index=table["unit_id"].astype(str).to_numpy())


def _as_labels(x: Any, name: str) -> pd.Series:
    if isinstance(x, pd.Series):
        return x
    if isinstance(x, (str, bytes)) or not isinstance(x, (Sequence, np.ndarray, pd.Index)):
        raise ZhiliError(f"{name} 应为标签列表或 Series（每个单元一个标签），或 code_framework() 的编码表。")
    return pd.Series(list(x))


def _pairs(a: Any, b: Any, category: str | None) -> list[tuple[str, pd.Series, pd.Series]]:
    """(category, labels a, labels b) aligned unit by unit."""
    tables = isinstance(a, pd.DataFrame), isinstance(b, pd.DataFrame)
    if any(tables):
        if not all(tables):
            raise ZhiliError("a 与 b 应同为编码表，或同为标签列表：不能一个是表格、一个是列表。")
        if category is None:
            cats = [c for c in _category_columns_or_none(a) if c in b.columns]
            if not cats:
                raise ZhiliError("请用 category= 指定要比较的类别列（如 category=\"治理能力\"）。")
        else:
            cats = [category] if isinstance(category, str) else list(category)
        out = []
        for cat in cats:
            pa, pb = _presence(a, cat, "a"), _presence(b, cat, "b")
            if set(pa.index) != set(pb.index):
                only_a, only_b = len(set(pa.index) - set(pb.index)), len(set(pb.index) - set(pa.index))
                raise ZhiliError(f"两份编码的单元不一致：{only_a} 个 unit_id 只在 a 中，{only_b} 个只在 b 中。"
                                 "请先筛选到相同的单元，例如 a[a.unit_id.isin(b.unit_id)]。")
            out.append((cat, pa, pb.reindex(pa.index)))
        return out
    sa, sb = _as_labels(a, "a"), _as_labels(b, "b")
    if len(sa) != len(sb):
        raise ZhiliError(f"两份编码的长度不同：a 有 {len(sa)} 个单元，b 有 {len(sb)} 个。应对同一批单元逐一编码。")
    if isinstance(a, pd.Series) and isinstance(b, pd.Series):
        if not sa.index.equals(sb.index):
            if set(sa.index) != set(sb.index) or sa.index.has_duplicates:
                raise ZhiliError("两个 Series 的索引（单元编号）不一致：请让 a 与 b 使用同一组单元编号。")
            sb = sb.reindex(sa.index)
    return [("标签", sa.reset_index(drop=True), sb.reset_index(drop=True))]


def _category_columns_or_none(table: pd.DataFrame) -> list[str]:
    try:
        return _category_columns(table)
    except ZhiliError:
        return []


def _label(value: Any) -> Any:
    """One label per value: numbers compare by value (``1``, ``1.0``, ``True`` → ``1``); text stays text.

    A coder column with a blank cell is read by pandas as float (``1`` becomes ``1.0``), and
    ``True``/``False`` often stand for ``1``/``0``: these must still match the other coder's
    labels. Strings are never turned into numbers (``"1"`` and ``1`` stay different labels).
    """
    if isinstance(value, (bool, np.bool_)):
        return int(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return int(number) if number.is_integer() else number
    return value


def _label_order(label: Any) -> tuple:
    """Sort key for a mix of numeric and text labels (numbers first)."""
    return (0, label, "") if isinstance(label, (int, float)) else (1, 0, str(label))


def _agreement_row(category: str, la: pd.Series, lb: pd.Series) -> dict[str, Any]:
    import krippendorff
    from sklearn.metrics import cohen_kappa_score

    keep = la.notna().to_numpy() & lb.notna().to_numpy()
    xa, xb = [_label(v) for v in la[keep]], [_label(v) for v in lb[keep]]
    n = len(xa)
    if n == 0:
        raise ZhiliError("没有两位编码者都给出标签的单元，无法计算一致性。")
    agree = float(np.mean([x == y for x, y in zip(xa, xb)]))
    domain = sorted(set(xa) | set(xb), key=_label_order)
    if len(domain) < 2:  # one value only: chance agreement is 1, both coefficients undefined
        kappa = alpha = float("nan")
    else:
        code = {v: i for i, v in enumerate(domain)}
        ca, cb = [code[x] for x in xa], [code[x] for x in xb]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            kappa = float(cohen_kappa_score(ca, cb))
        data = np.array([ca, cb], dtype=float)
        alpha = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    return {"category": category, "n": n, "agreement": agree, "cohen_kappa": kappa, "krippendorff_alpha": alpha}


def coding_agreement(a: Any, b: Any, *, category: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Agreement between two codings of the same units: observed, Cohen's κ, Krippendorff's α.

    Parameters
    ----------
    a, b : list, array or Series of labels, or coding tables
        Labels: one label per unit, in the same order (two Series are matched by index). Units
        where either label is missing (``None``, NaN, a blank cell) are left out. Labels are
        compared as values: numbers by value, so ``1``, ``1.0`` and ``True`` are one label (a
        coder column with a blank cell is read as float, ``1`` → ``1.0``); text stays text
        (``"1"`` is not ``1``). Tables: from :func:`code_framework` or a
        hand-coding table with ``unit_id`` and category columns; a category counts as present
        when its value is above 0, and the tables must hold the same ``unit_id`` values.
    category : str or list of str, optional
        With tables, the category column(s) to compare; default: every category column of
        ``a`` that ``b`` also has.

    Returns
    -------
    pandas.DataFrame
        One row per category (one row, category ``标签``, for label lists). Columns:
        ``category``, ``n`` (units compared), ``agreement`` (share of units with the same
        label), ``cohen_kappa`` (:func:`sklearn.metrics.cohen_kappa_score`),
        ``krippendorff_alpha`` (nominal, from the ``krippendorff`` package). Both coefficients
        are NaN when only one label occurs at all.

    Raises
    ------
    zhili.ZhiliError
        If the codings differ in length or units, or a category column is missing.

    Examples
    --------
    >>> coding_agreement(["决策共谋", "发展共建", "建设共管", "决策共谋"],
    ...                  ["决策共谋", "发展共建", "决策共谋", "决策共谋"]).round(3).values.tolist()
    [['标签', 4, 0.75, 0.556, 0.588]]

    A blank cell leaves its unit out; ``1.0`` from a float column matches ``1``:

    >>> coding_agreement([1, 2, 3, None, 1, 2], [1, 2, 3, 3, 1, 2]).values.tolist()
    [['标签', 5, 1.0, 1.0, 1.0]]
    """
    rows = [_agreement_row(cat, la, lb) for cat, la, lb in _pairs(a, b, category)]
    return pd.DataFrame(rows, columns=["category", "n", "agreement", "cohen_kappa", "krippendorff_alpha"])


def validate_dictionary(coding: pd.DataFrame, hand: pd.DataFrame, *,
                        category: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Check the dictionary against hand coding: precision, recall and F1 per category.

    Parameters
    ----------
    coding : pandas.DataFrame
        From :func:`code_framework`.
    hand : pandas.DataFrame
        The scholar's coding of a sample of the same units: a ``unit_id`` column and one column
        per category (0/1, True/False or counts; above 0 means present). Every ``unit_id`` must
        be in ``coding``; only these units are compared.
    category : str or list of str, optional
        Categories to check; default: every category column of ``coding`` that ``hand`` has.

    Returns
    -------
    pandas.DataFrame
        One row per category. Columns: ``category``, ``n`` (hand-coded units), ``hand`` (units
        the scholar coded present), ``dictionary`` (units the dictionary coded present),
        ``precision``, ``recall``, ``f1`` (from
        :func:`sklearn.metrics.precision_recall_fscore_support`; NaN where undefined, e.g.
        precision when the dictionary found nothing), ``cohen_kappa``.

    Examples
    --------
    >>> import pandas as pd, zhili as zl
    >>> toks = zl.tokenize("推进共同缔造。开展入户走访。加强基层治理。", cache=False)
    >>> coded = zl.code_framework(toks, level="stage")
    >>> hand = pd.DataFrame({"unit_id": coded["unit_id"], "决策共谋": [0, 1, 1]})
    >>> validate_dictionary(coded, hand)[["category", "precision", "recall"]].values.tolist()
    [['决策共谋', 1.0, 0.5]]
    """
    from sklearn.metrics import cohen_kappa_score, precision_recall_fscore_support

    if not isinstance(coding, pd.DataFrame) or not isinstance(hand, pd.DataFrame):
        raise ZhiliError("coding 与 hand 都应为表格：coding 来自 code_framework()，hand 含 unit_id 与类别列。")
    if category is None:
        cats = [c for c in _category_columns(coding) if c in hand.columns]
        if not cats:
            raise ZhiliError("hand 中没有与编码表相同的类别列：请把人工编码列命名为类别名称（如“决策共谋”），"
                             "或用 category= 指定。")
    else:
        cats = [category] if isinstance(category, str) else list(category)
    rows = []
    for cat in cats:
        ph, pc = _presence(hand, cat, "hand"), _presence(coding, cat, "coding")
        missing = sorted(set(ph.index) - set(pc.index))
        if missing:
            raise ZhiliError(f"hand 中有 {len(missing)} 个单元不在编码表中（如 {missing[0]}）：请确认两者来自同一语料与单元划分。")
        y_true, y_pred = ph.to_numpy(), pc.reindex(ph.index).to_numpy()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, average="binary", pos_label=1,
                                                         labels=[0, 1], zero_division=np.nan)
            kappa = float(cohen_kappa_score(y_true, y_pred)) if len(set(y_true) | set(y_pred)) > 1 else float("nan")
        rows.append({"category": cat, "n": len(y_true), "hand": int(y_true.sum()), "dictionary": int(y_pred.sum()),
                     "precision": float(p), "recall": float(r), "f1": float(f), "cohen_kappa": kappa})
    return pd.DataFrame(rows, columns=["category", "n", "hand", "dictionary", "precision", "recall", "f1",
                                       "cohen_kappa"])
