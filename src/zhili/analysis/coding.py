"""Code texts with the framework's dictionary, profile the codes, and check them (zhili.analysis.coding).

``code_framework`` gives every unit (sentence by default) one count per category of the theory
framework — at the level of its dimensions, sub-dimensions, elements, the 五共 stages or the three
theory dimensions — with the matched terms as evidence. ``framework_profile`` sums the codes per
document or group; ``coding_agreement`` and ``validate_dictionary`` compare codings (two coders,
or the dictionary against a scholar's hand coding).

Matching
--------
``match="token"`` (default) counts tokens that *are* indicator terms. The tokenizer has every
framework term in its lexicon, so the terms come out whole, and a term inside a longer word is
not counted (``共享`` in ``共享单车``). ``match="text"`` scans the unit text for the terms, longest
first and without overlaps (``发展共建`` is one hit, not also ``共建``): it also finds terms the
segmenter joined to a neighbour, at the price of false hits inside longer words.
"""
from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from scipy import sparse

from .._errors import ZhiliError, check_choice

if TYPE_CHECKING:  # pragma: no cover
    from ..theory import Framework

__all__ = ["code_framework", "framework_profile", "coding_agreement", "validate_dictionary"]

Level = Literal["dimension", "subdimension", "element", "stage", "theory"]
_LEVELS = ("dimension", "subdimension", "element", "stage", "theory")
_LEAD = ["doc_id", "unit_id", "heading_path", "text", "n_chars"]
_TAIL = ["evidence", "categories"]
_SEP = "；"
#: docvars never copied into a coding table (n_chars is the document's length, not the unit's)
_SKIP_DOCVARS = {"n_chars", "encoding"}


# ============================================================================ input


def _corpus_and_units(data: Any, unit: str):
    """(corpus, unit table, Tokens or None) for a Corpus, strings or Tokens."""
    from ..tokens import Tokens, _as_corpus
    from ..units import UNITS

    if isinstance(data, Tokens):
        return data.corpus, data.units.reset_index(drop=True), data
    check_choice("unit", unit, UNITS)
    corpus = _as_corpus(data)
    return corpus, corpus.units(unit).reset_index(drop=True), None


def _docvar_columns(corpus, taken: set[str]) -> pd.DataFrame:
    """Docvars to join on ``doc_id``: non-empty columns; names already taken get a ``doc_`` prefix."""
    dv = corpus.docvars
    keep = {}
    for col in dv.columns:
        if col in _SKIP_DOCVARS:
            continue
        values = dv[col]
        if values.isna().all() or values.astype(str).str.strip().eq("").all():
            continue
        name = str(col)
        while name in taken:
            name = f"doc_{name}"
        taken.add(name)
        keep[name] = values
    return pd.DataFrame(keep, index=dv.index)


def _join_docvars(table: pd.DataFrame, corpus) -> pd.DataFrame:
    extra = _docvar_columns(corpus, set(map(str, table.columns)))
    if extra.shape[1] == 0:
        return table
    joined = extra.reindex(table["doc_id"].tolist()).reset_index(drop=True)
    return pd.concat([table.reset_index(drop=True), joined], axis=1)


def _dictionary(fw: Framework, level: str) -> pd.DataFrame:
    if not isinstance(level, str) or level not in _LEVELS:
        listed = "、".join(repr(v) for v in _LEVELS)
        raise ZhiliError(f"参数 level={level!r} 无效：可选值为 {listed}"
                         "（分别为维度、子维度、要素、五共环节、治理理念/能力/体系）。")
    return fw.dictionary(level)


# ============================================================================ coding


def code_framework(data: Any, *, unit: Literal["sentence", "paragraph", "item", "document"] = "sentence",
                   level: Level = "dimension", framework: Framework | None = None,
                   match: Literal["token", "text"] = "token") -> pd.DataFrame:
    """Code every unit with the framework's dictionary: counts of indicator terms per category.

    Parameters
    ----------
    data : Corpus, str, list of str, mapping, or Tokens
        What to code. Strings become documents ``doc1``, ``doc2`` …; Tokens are coded unit by
        unit as they are (their own unit is used and ``unit`` is ignored).
    unit : {"sentence", "paragraph", "item", "document"}
        The unit a row stands for.
    level : {"dimension", "subdimension", "element", "stage", "theory"}
        Which categories (see :meth:`zhili.Framework.dictionary`): the five roots, their
        sub-dimensions, every element, the five 五共 stages, or 治理理念 / 治理能力 / 治理体系
        (a practice term counts for every theory dimension it serves).
    framework : Framework, optional
        A framework with a lecturer's extensions; defaults to :func:`zhili.framework`. Terms it
        adds are given to the tokenizer so that they stay whole.
    match : {"token", "text"}
        ``"token"``: count tokens that are indicator terms. ``"text"``: scan the unit text,
        longest term first, without overlaps (finds terms inside longer words, with a risk of
        false hits). See the module notes.

    Returns
    -------
    pandas.DataFrame
        One row per unit, in corpus order. Columns: ``doc_id``, ``unit_id``, ``heading_path``,
        ``text``, ``n_chars`` (characters in the unit); one int column per category, named by
        its label (e.g. ``治理理念``), in dictionary order, with the number of indicator-term
        hits; ``evidence`` (each matched term once, in order of first appearance, joined by
        ``；``); ``categories`` (labels with a hit, in column order, joined by ``；``); then the
        corpus docvars that are not empty (a name already used, such as a casebook column
        ``决策共谋`` at ``level="stage"``, gets the prefix ``doc_``). ``attrs`` records ``level``,
        ``match``, ``categories`` (the category columns) and ``framework`` (its version).

    Raises
    ------
    zhili.ZhiliError
        For an unknown ``level``, ``match`` or ``unit``, or input that is not text.

    See Also
    --------
    framework_profile : sums per document or group.
    zhili.Framework.dictionary : the terms and their categories.

    Examples
    --------
    >>> import zhili as zl
    >>> toks = zl.tokenize("坚持共同缔造，推动四权同下。提升群众自治能力。", cache=False)
    >>> coded = code_framework(toks, level="dimension")
    >>> coded[["治理能力", "共同缔造", "evidence"]].values.tolist()
    [[0, 2, '共同缔造；四权同下'], [1, 0, '群众自治能力']]
    """
    from ..theory import Framework
    from ..theory import framework as default_framework

    check_choice("match", match, ("token", "text"))
    if framework is not None and not isinstance(framework, Framework):
        raise ZhiliError(f"参数 framework 应为 zl.framework() 返回的框架对象，收到的是 {type(framework).__name__}。")
    fw = framework if framework is not None else default_framework()
    table = _dictionary(fw, level)
    codes = list(dict.fromkeys(table["code"]))
    labels = [table.loc[table["code"] == c, "label"].iloc[0] for c in codes]
    terms = list(dict.fromkeys(table["term"]))
    term_pos = {t: i for i, t in enumerate(terms)}
    code_pos = {c: j for j, c in enumerate(codes)}
    # term × category indicator (a theory-level term may count for several categories)
    pairs = table[["term", "code"]].drop_duplicates()
    term_cat = sparse.csr_matrix(
        (np.ones(len(pairs), dtype=np.int64),
         ([term_pos[t] for t in pairs["term"]], [code_pos[c] for c in pairs["code"]])),
        shape=(len(terms), len(codes)))

    if match == "token":
        corpus, units, toks = _corpus_and_units(data, unit)
        if toks is None:
            toks = _tokenize_for(corpus, units, unit, fw)
        counts, evidence = _match_tokens(toks, terms)
    else:
        corpus, units, _ = _corpus_and_units(data, unit)
        counts, evidence = _match_text(units["text"].tolist(), terms)

    cat_counts = (counts @ term_cat).toarray().astype(np.int64).reshape(len(units), len(codes))
    out = pd.DataFrame({
        "doc_id": units["doc_id"].astype(str).to_numpy(),
        "unit_id": units["unit_id"].astype(str).to_numpy(),
        "heading_path": units["heading_path"].astype(str).to_numpy(),
        "text": units["text"].astype(str).to_numpy(),
        "n_chars": units["text"].astype(str).str.len().to_numpy(dtype=np.int64),
    })
    cats = pd.DataFrame(cat_counts, columns=labels)
    present = cat_counts > 0
    label_arr = np.array(labels, dtype=object)
    cat_strings = ["" if not row.any() else _SEP.join(label_arr[row]) for row in present]
    out = pd.concat([out, cats], axis=1)
    out["evidence"] = evidence
    out["categories"] = cat_strings
    out = _join_docvars(out, corpus)
    out.attrs = {"level": level, "match": match, "categories": list(labels), "framework": str(fw.version)}
    return out


def _tokenize_for(corpus, units: pd.DataFrame, unit: str, fw):
    from ..theory import framework as default_framework
    from ..tokens import tokenize

    extra = sorted(set(fw.terms()) - set(default_framework().terms())) if fw is not default_framework() else []
    return tokenize(corpus, unit=unit, user_terms=extra or None)


def _match_tokens(toks, terms: list[str]) -> tuple[sparse.csr_matrix, list[str]]:
    """Unit × term counts through the kit's dtm; evidence only for units with a hit."""
    from .matrix import dtm

    n_units = len(toks.tokens)
    if n_units == 0:
        return sparse.csr_matrix((0, len(terms)), dtype=np.int64), []
    m = dtm(toks, by="unit", vocabulary=terms).matrix
    evidence = [""] * n_units
    hit_rows = np.flatnonzero(np.diff(m.indptr))
    if len(hit_rows):
        termset = frozenset(terms)
        words = toks.words()
        for i in hit_rows:
            evidence[i] = _SEP.join(dict.fromkeys(w for w in words[i] if w in termset))
    return m, evidence


def _term_pattern(terms: Sequence[str]) -> re.Pattern[str]:
    """One alternation, longest term first (ties by term), so a scan finds the longest match."""
    ordered = sorted(set(terms), key=lambda t: (-len(t), t))
    return re.compile("|".join(re.escape(t) for t in ordered))


def _match_text(texts: list[str], terms: list[str]) -> tuple[sparse.csr_matrix, list[str]]:
    """Longest-first, non-overlapping scan of all unit texts in one regex pass."""
    n = len(texts)
    if n == 0 or not terms:
        return sparse.csr_matrix((n, len(terms)), dtype=np.int64), [""] * n
    sep = "\n"  # never inside a unit's text or a term
    joined = sep.join(t.replace(sep, " ") for t in texts)
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    term_pos = {t: i for i, t in enumerate(terms)}
    found = [(m.start(), m.group(0)) for m in _term_pattern(terms).finditer(joined)]
    evidence = [""] * n
    if not found:
        return sparse.csr_matrix((n, len(terms)), dtype=np.int64), evidence
    pos = np.fromiter((p for p, _ in found), dtype=np.int64, count=len(found))
    rows = np.searchsorted(starts, pos, side="right") - 1
    cols = np.fromiter((term_pos[t] for _, t in found), dtype=np.int64, count=len(found))
    m = sparse.csr_matrix((np.ones(len(found), dtype=np.int64), (rows, cols)), shape=(n, len(terms)))
    m.sum_duplicates()
    per_unit: dict[int, dict[str, None]] = {}
    for r, (_, t) in zip(rows.tolist(), found):
        per_unit.setdefault(r, {})[t] = None
    for r, ts in per_unit.items():
        evidence[r] = _SEP.join(ts)
    return m, evidence


# ============================================================================ profile


def _category_columns(coding: pd.DataFrame) -> list[str]:
    cats = coding.attrs.get("categories") if isinstance(coding.attrs, dict) else None
    if cats and all(c in coding.columns for c in cats):
        return list(cats)
    cols = list(map(str, coding.columns))
    if "n_chars" not in cols or "evidence" not in cols:
        raise ZhiliError("coding 应为 code_framework() 返回的编码表（需包含 n_chars 与 evidence 两列）。")
    return cols[cols.index("n_chars") + 1: cols.index("evidence")]


def framework_profile(coding: pd.DataFrame, *, by: str | None = "doc_id",
                      measure: Literal["count", "share", "density"] = "count") -> pd.DataFrame:
    """Sum a coding table per document or group: the framework profile of each.

    Parameters
    ----------
    coding : pandas.DataFrame
        From :func:`code_framework` (a filtered copy is fine).
    by : str or None, default "doc_id"
        ``"doc_id"`` (documents, in corpus order), any docvar column of ``coding`` such as
        ``"level"`` or ``"year"`` (groups, in sorted order), or ``None`` (one row, ``全部``).
        Docvars are in the coding table when it was made from a Corpus (or Tokens of one);
        see :func:`code_framework`.
    measure : {"count", "share", "density"}
        ``count``: matched terms. ``share``: a category's count over all matches in the row
        (NaN in a row without matches). ``density``: matches per 1,000 characters of the
        row's units.

    Returns
    -------
    pandas.DataFrame
        Index: the documents or groups (named ``by``); columns: the categories of the coding
        table. Documents or groups without units (an empty text, units filtered out) have no
        row.

    Raises
    ------
    zhili.ZhiliError
        If ``by`` is not a column of the coding table (the message lists the valid ones) or
        ``measure`` is unknown.

    Examples
    --------
    >>> import zhili as zl
    >>> toks = zl.tokenize({"甲": "推进共同缔造。坚持四权同下。", "乙": "提升群众自治能力。"}, cache=False)
    >>> coded = code_framework(toks)
    >>> shares = framework_profile(coded, measure="share")
    >>> shares.index.tolist(), shares[["治理能力", "共同缔造"]].values.tolist()
    (['甲', '乙'], [[0.0, 1.0], [1.0, 0.0]])
    """
    check_choice("measure", measure, ("count", "share", "density"))
    cats = _category_columns(coding)
    fixed = set(cats) | {"text", "n_chars", "evidence", "categories"}
    valid = [c for c in map(str, coding.columns) if c not in fixed]
    if by is not None and by not in valid:
        listed = "、".join(["None", *valid])
        raise ZhiliError(f"参数 by={by!r} 无效：编码表中没有可分组的这一列。可选：{listed}。"
                         "（由语料编码时，文档变量会附在编码表中。）")
    counts = coding[cats].astype(np.int64)
    chars = coding["n_chars"].astype(np.int64)
    if by is None:
        key = pd.Series(["全部"] * len(coding), index=coding.index, name="全部")
        sort = False
    else:
        key = coding[by]
        sort = by != "doc_id"
    frame = pd.concat([counts, chars.rename("__n_chars__")], axis=1)
    try:
        grouped = frame.groupby(key.to_numpy(), sort=sort, dropna=False).sum()
    except TypeError:  # values of mixed types: sort as text
        grouped = frame.groupby(key.astype(str).to_numpy(), sort=sort, dropna=False).sum()
    grouped.index.name = by if by is not None else None
    n_chars = grouped.pop("__n_chars__")
    grouped = grouped[cats].astype(np.int64)
    if measure == "share":
        total = grouped.sum(axis=1).replace(0, np.nan)
        return grouped.div(total, axis=0).astype(float)
    if measure == "density":
        return grouped.div(n_chars.replace(0, np.nan), axis=0).astype(float) * 1000.0
    return grouped


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


def _agreement_row(category: str, la: pd.Series, lb: pd.Series) -> dict[str, Any]:
    import krippendorff
    from sklearn.metrics import cohen_kappa_score

    keep = la.notna().to_numpy() & lb.notna().to_numpy()
    xa, xb = la[keep].astype(str).tolist(), lb[keep].astype(str).tolist()
    n = len(xa)
    if n == 0:
        raise ZhiliError("没有两位编码者都给出标签的单元，无法计算一致性。")
    agree = float(np.mean([x == y for x, y in zip(xa, xb)]))
    domain = sorted(set(xa) | set(xb))
    if len(domain) < 2:  # one value only: chance agreement is 1, both coefficients undefined
        kappa = alpha = float("nan")
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            kappa = float(cohen_kappa_score(xa, xb))
        code = {v: i for i, v in enumerate(domain)}
        data = np.array([[code[x] for x in xa], [code[x] for x in xb]], dtype=float)
        alpha = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    return {"category": category, "n": n, "agreement": agree, "cohen_kappa": kappa, "krippendorff_alpha": alpha}


def coding_agreement(a: Any, b: Any, *, category: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Agreement between two codings of the same units: observed, Cohen's κ, Krippendorff's α.

    Parameters
    ----------
    a, b : list, array or Series of labels, or coding tables
        Labels: one label per unit, in the same order (two Series are matched by index). Units
        where either label is missing are left out. Tables: from :func:`code_framework` or a
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
    >>> coded = code_framework(toks, level="stage")
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
