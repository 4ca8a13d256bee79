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

__all__ = ["coding_agreement", "validate_dictionary", "sample_for_validation"]


# ============================================================================ agreement


def _presence(table: pd.DataFrame, category: str, name: str, *, blanks: bool = False) -> pd.Series:
    """0/1 per unit (indexed by unit_id) for a category column; blank cells dropped when ``blanks``."""
    if "unit_id" not in table.columns:
        raise ZhiliError(f"{name} 是表格，但没有 unit_id 列：编码表应来自 code_framework()，"
                         "或包含 unit_id 与类别列的人工编码表。")
    if category not in table.columns:
        raise ZhiliError(f"{name} 中没有类别列 {category!r}。")
    if table["unit_id"].duplicated().any():
        dup = table.loc[table["unit_id"].duplicated(), "unit_id"].astype(str).tolist()
        raise ZhiliError(f"{name} 的 unit_id 有重复（如 {'、'.join(dup[:3])}）：每个单元只能出现一次。")
    raw = table[category]
    blank = raw.isna() | raw.astype(str).str.strip().eq("")
    values = pd.to_numeric(raw.where(~blank), errors="coerce")
    if isinstance(raw.dtype, pd.BooleanDtype) or raw.dtype == bool:
        values = raw.astype("float")
    bad = values.isna() & ~blank
    if bad.any():
        rows = [f"{u}（{v!r}）" for u, v in zip(table.loc[bad, "unit_id"].astype(str), raw[bad])][:5]
        raise ZhiliError(f"{name} 的 {category!r} 列应填 1（是）或 0（否），下列行填的是文字：{'、'.join(rows)}"
                         f"{' 等' if bad.sum() > 5 else ''}。请改为 1 或 0。")
    if blank.any() and not blanks:
        rows = table.loc[blank, "unit_id"].astype(str).tolist()[:5]
        raise ZhiliError(f"{name} 的 {category!r} 列有空格（如 {'、'.join(rows)}）：请填 1 或 0。")
    keep = ~blank
    return pd.Series((values[keep] > 0).astype(np.int64).to_numpy(), index=table.loc[keep, "unit_id"].astype(str).to_numpy())


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


def validate_dictionary(coding: pd.DataFrame, hand: pd.DataFrame, *, category: str | Sequence[str] | None = None,
                        weights: str | None = "auto", level: float = 0.95, n_boot: int = 2000,
                        seed: int = 0) -> pd.DataFrame:
    """Check a coding against hand coding: precision, recall and F1 per category, with 95% intervals.

    Parameters
    ----------
    coding : pandas.DataFrame
        From :func:`code_framework` or :func:`code_dictionary` (or a trained coder's ``code``).
    hand : pandas.DataFrame
        A scholar's coding of a sample of the same units: a ``unit_id`` column and one column
        per category (1/0, True/False or counts; above 0 means present; a blank cell means not
        coded yet and leaves that unit out of that category). Usually the sheet written by
        :func:`sample_for_validation`, filled in. Every ``unit_id`` must be in ``coding``.
    category : str or list of str, optional
        Categories to check; default: every category column of ``coding`` that ``hand`` has.
    weights : "auto", str or None, default "auto"
        A column of ``hand`` with each unit's sampling weight (how many units of the corpus it
        stands for). ``"auto"`` uses the ``weight`` column that :func:`sample_for_validation`
        writes, if present; ``None`` weighs every unit alike. With weights, precision and recall
        are estimates for the whole corpus, not just for the sample (a stratified sample
        over-represents the coded units on purpose).
    level : float, default 0.95
        Confidence level of the intervals.
    n_boot, seed
        Bootstrap resamples (within the sampling strata when ``hand`` has a ``stratum`` column)
        and their seed: the same inputs always give the same intervals.

    Returns
    -------
    pandas.DataFrame
        One row per category: ``category``, ``n`` (hand-coded units), ``hand`` (units the scholar
        coded present), ``dictionary`` (units the coding marked present), ``precision``,
        ``precision_low``, ``precision_high``, ``recall``, ``recall_low``, ``recall_high``, ``f1``,
        ``f1_low``, ``f1_high`` (NaN where undefined, e.g. precision when the coding found
        nothing), ``cohen_kappa`` (unweighted, on the sample), ``weighted`` (whether weights were
        used).

    Examples
    --------
    >>> import pandas as pd, zhili as zl
    >>> toks = zl.tokenize("推进共同缔造。开展入户走访。加强基层治理。", cache=False)
    >>> coded = zl.code_framework(toks, level="stage")
    >>> hand = pd.DataFrame({"unit_id": coded["unit_id"], "决策共谋": [0, 1, 1]})
    >>> validate_dictionary(coded, hand)[["category", "precision", "recall"]].values.tolist()
    [['决策共谋', 1.0, 0.5]]
    """
    from sklearn.metrics import cohen_kappa_score

    if not isinstance(coding, pd.DataFrame) or not isinstance(hand, pd.DataFrame):
        raise ZhiliError("coding 与 hand 都应为表格：coding 来自 code_framework()，hand 含 unit_id 与类别列。")
    if category is None:
        cats = [c for c in _category_columns(coding) if c in hand.columns]
        if not cats:
            raise ZhiliError("hand 中没有与编码表相同的类别列：请把人工编码列命名为类别名称（如“治理能力”），"
                             "或用 category= 指定。")
    else:
        cats = [category] if isinstance(category, str) else list(category)
        unknown = [c for c in cats if c not in coding.columns]
        if unknown:
            raise ZhiliError(f"编码表中没有类别 {'、'.join(map(str, unknown))}：可选 {'、'.join(_category_columns(coding))}。")
    w_col = ("weight" if "weight" in hand.columns else None) if weights == "auto" else weights
    if w_col is not None and w_col not in hand.columns:
        raise ZhiliError(f"hand 中没有权重列 {w_col!r}：请用 weights=None，或填写抽样权重。")
    rng = np.random.default_rng(seed)
    rows = []
    for cat in cats:
        ph = _presence(hand, cat, "hand", blanks=True)
        pc = _presence(coding, cat, "coding")
        missing = sorted(set(ph.index) - set(pc.index))
        if missing:
            raise ZhiliError(f"hand 中有 {len(missing)} 个单元不在编码表中（如 {'、'.join(missing[:3])}）："
                             "请确认两者来自同一语料与单元划分。")
        if not len(ph):
            raise ZhiliError(f"hand 的 {cat!r} 列还没有填写任何单元：请先人工编码（填 1 或 0）。")
        y, d = ph.to_numpy(), pc.reindex(ph.index).to_numpy()
        sub = hand.set_index(hand["unit_id"].astype(str)).loc[ph.index]
        w = np.ones(len(y)) if w_col is None else pd.to_numeric(sub[w_col], errors="coerce").to_numpy(dtype=float)
        if np.isnan(w).any() or (w <= 0).any():
            raise ZhiliError(f"hand 的权重列 {w_col!r} 应为正数，不能为空。")
        strata = sub["stratum"].astype(str).to_numpy() if "stratum" in sub.columns else np.zeros(len(y), dtype=object)
        p, r, f = _weighted_prf(y, d, w)
        lows, highs = _bootstrap(y, d, w, strata, rng, n_boot=n_boot, level=level)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            kappa = float(cohen_kappa_score(y, d)) if len(set(y) | set(d)) > 1 else float("nan")
        rows.append({"category": cat, "n": len(y), "hand": int(y.sum()), "dictionary": int(d.sum()),
                     "precision": p, "precision_low": lows[0], "precision_high": highs[0],
                     "recall": r, "recall_low": lows[1], "recall_high": highs[1],
                     "f1": f, "f1_low": lows[2], "f1_high": highs[2], "cohen_kappa": kappa, "weighted": w_col is not None})
    return pd.DataFrame(rows, columns=VALIDATION_COLUMNS)


VALIDATION_COLUMNS = ["category", "n", "hand", "dictionary", "precision", "precision_low", "precision_high", "recall",
                      "recall_low", "recall_high", "f1", "f1_low", "f1_high", "cohen_kappa", "weighted"]


def _weighted_prf(y: np.ndarray, d: np.ndarray, w: np.ndarray) -> tuple[float, float, float]:
    tp = float(w[(y == 1) & (d == 1)].sum())
    pred, true = float(w[d == 1].sum()), float(w[y == 1].sum())
    p = tp / pred if pred > 0 else float("nan")
    r = tp / true if true > 0 else float("nan")
    f = 2 * p * r / (p + r) if pred > 0 and true > 0 and p + r > 0 else (0.0 if pred > 0 and true > 0 else float("nan"))
    return p, r, f


def _bootstrap(y, d, w, strata, rng, *, n_boot: int, level: float) -> tuple[list[float], list[float]]:
    """Percentile intervals of precision, recall and F1 over resamples of units within strata."""
    groups = [np.flatnonzero(strata == s) for s in dict.fromkeys(strata.tolist())]
    stats = np.full((n_boot, 3), np.nan)
    for b in range(n_boot):
        idx = np.concatenate([g[rng.integers(0, len(g), len(g))] for g in groups])
        stats[b] = _weighted_prf(y[idx], d[idx], w[idx])
    alpha = (1 - level) / 2
    lows, highs = [], []
    for k in range(3):
        col = stats[:, k][~np.isnan(stats[:, k])]
        if len(col) < n_boot / 2:  # undefined in most resamples
            lows.append(float("nan"))
            highs.append(float("nan"))
        else:
            lows.append(float(np.quantile(col, alpha)))
            highs.append(float(np.quantile(col, 1 - alpha)))
    return lows, highs


def sample_for_validation(coded: pd.DataFrame, n: int = 100, *, stratify: str | None = "categories", seed: int = 0,
                          path: str | None = None) -> pd.DataFrame:
    """Draw units to hand-code, to check a coding (dictionary or trained coder); optionally write the sheet.

    Parameters
    ----------
    coded : pandas.DataFrame
        From :func:`code_framework`, :func:`code_dictionary` or a trained coder.
    n : int, default 100
        How many units to draw (all of them if the table has fewer).
    stratify : "categories", a column name, or None
        ``"categories"`` (default): strata by the combination of categories the coding gave
        (治理能力；治理体系, …, and none) — so that rare categories and the uncoded units are both
        in the sample; a column such as ``"doc_id"`` or a docvar; ``None``: a simple random
        sample. Strata get an equal share of ``n`` (at most their size), the rest in proportion;
        every unit carries its sampling ``weight`` (the stratum's size over the units drawn from
        it), which :func:`validate_dictionary` uses to estimate precision and recall for the whole
        corpus.
    seed : int, default 0
        The same seed draws the same sample.
    path : str, optional
        Also write the sheet: ``.xlsx`` (Excel, with a second sheet explaining how to fill it in)
        or ``.csv`` (UTF-8 with BOM, which Excel opens correctly).

    Returns
    -------
    pandas.DataFrame
        The sheet, in random order: ``unit_id``, ``doc_id``, ``heading_path``, ``text``, one
        empty column per category to fill in with 1 or 0, ``note``, then ``stratum`` (层1, 层2, …,
        named neutrally so that the coder does not see the coding's decision) and ``weight``.
        ``attrs["strata"]`` maps each stratum to what it stands for.

    Examples
    --------
    >>> import zhili as zl
    >>> coded = zl.code_dictionary(["坚持以人民为中心。", "健全自治制度。", "提升服务能力。", "天气很好。"] * 5)
    >>> sheet = sample_for_validation(coded, n=8, seed=1)
    >>> len(sheet), list(sheet.columns[4:7]), bool(sheet["治理能力"].isna().all())
    (8, ['治理理念', '治理能力', '治理体系'], True)
    >>> round(float(sheet["weight"].sum()), 6) == len(coded)
    True
    """
    from .._errors import check_positive_int

    check_positive_int("n", n)
    if not isinstance(coded, pd.DataFrame) or "unit_id" not in coded.columns:
        raise ZhiliError("coded 应为编码表（code_framework() 或 code_dictionary() 的结果），需要 unit_id 列。")
    cats = _category_columns(coded)
    if stratify == "categories":
        key = coded[cats].gt(0).apply(lambda r: "；".join(c for c, v in r.items() if v) or "（无）", axis=1)
    elif stratify is None:
        key = pd.Series("全部", index=coded.index)
    elif stratify in coded.columns:
        key = coded[stratify].astype(str)
    else:
        raise ZhiliError(f"参数 stratify={stratify!r} 无效：应为 \"categories\"、None 或编码表中的列名。")
    rng = np.random.default_rng(seed)
    sizes = key.value_counts().sort_index()
    n = min(n, len(coded))
    take = {s: 0 for s in sizes.index}
    equal = n // max(len(sizes), 1)
    for s, size in sizes.items():
        take[s] = min(size, equal)
    left = n - sum(take.values())
    while left > 0:  # the rest in proportion to what each stratum still has
        room = {s: sizes[s] - take[s] for s in sizes.index if sizes[s] > take[s]}
        total = sum(room.values())
        for s, r in sorted(room.items(), key=lambda kv: (-kv[1], kv[0])):
            extra = min(r, max(1, round(left * r / total)), left)
            take[s] += extra
            left -= extra
            if left == 0:
                break
    picked, names, meaning = [], {}, {}
    for i, (s, size) in enumerate(sizes.items(), start=1):
        if take[s] == 0:
            continue
        label = f"层{i}"
        meaning[label] = f"{s}（共 {size} 个单元，抽 {take[s]} 个）"
        idx = rng.choice(np.flatnonzero((key == s).to_numpy()), size=take[s], replace=False)
        picked.extend(idx.tolist())
        names.update({j: (label, size / take[s]) for j in idx.tolist()})
    picked = rng.permutation(np.array(sorted(picked), dtype=np.int64))
    rows = coded.iloc[picked]
    sheet = pd.DataFrame({"unit_id": rows["unit_id"].to_numpy(), "doc_id": rows["doc_id"].to_numpy(),
                          "heading_path": rows["heading_path"].to_numpy(), "text": rows["text"].to_numpy()})
    for c in cats:
        sheet[c] = pd.array([pd.NA] * len(sheet), dtype="Int64")
    sheet["note"] = ""
    sheet["stratum"] = [names[j][0] for j in picked.tolist()]
    sheet["weight"] = [names[j][1] for j in picked.tolist()]
    sheet.attrs = {"strata": meaning, "categories": cats, "seed": seed}
    if path is not None:
        _write_sheet(sheet, path, cats, meaning)
    return sheet


def _write_sheet(sheet: pd.DataFrame, path, cats: list[str], meaning: dict[str, str]) -> None:
    from pathlib import Path

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    how = pd.DataFrame({"说明": [
        "每行是一个要人工编码的单元（句子或条目）。请读 text 列，在各类别列中填 1（是）或 0（否）。",
        f"类别：{'、'.join(cats)}。判断标准见编码手册（notebooks/codebook-theory.md）。",
        "请不要修改 unit_id、stratum、weight 三列：检验时用它们把人工编码与程序编码对齐，并把样本结果推到全部语料。",
        "编完后：hand = pd.read_excel(路径)；zl.validate_dictionary(编码表, hand)。",
        *[f"{k}：{v}" for k, v in meaning.items()],
    ]})
    from ..records import provenance

    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ZhiliError(f"无法写入 {path.name}：文件名应以 .xlsx（Excel）或 .csv 结尾。")
    record = provenance(params={"抽样种子": sheet.attrs.get("seed"), "样本量": len(sheet), "类别": cats,
                                "分层": meaning})
    if suffix == ".xlsx":
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            sheet.to_excel(writer, sheet_name="待编码", index=False)
            how.to_excel(writer, sheet_name="说明", index=False)
            record.table().to_excel(writer, sheet_name="溯源", index=False)
    else:
        sheet.to_csv(path, index=False, encoding="utf-8-sig")
        record.save(path.with_name(path.stem + ".provenance.json"))
