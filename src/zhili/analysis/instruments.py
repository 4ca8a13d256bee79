"""Policy instruments and the strength of obligation (zhili.analysis.instruments).

The standard two-dimensional analysis of Chinese policy texts crosses *which instrument* a unit of
text uses (X dimension) with *what it is about* (Y dimension). The kit ships the instrument
dictionaries as data (:mod:`zhili.dictionaries`):

- ``instruments_rz`` — supply / demand / environment instruments (Rothwell & Zegveld 1985) with
  their sub-types (人才培养、资金投入 … under 供给型; 政府购买服务、试点示范 … under 需求型;
  目标规划、法规管制 … under 环境型);
- ``instruments_me`` — mandates, inducements, capacity-building, system-changing (McDonnell &
  Elmore 1987) and hortatory tools (Schneider & Ingram 1990);
- ``obligation`` — how binding a sentence is: 约束性 / 指导性 / 倡导性, with negation handled in the
  rules (不得 is a prohibition, 可以不 a permission, 不鼓励 no encouragement).

:func:`instrument_matrix` crosses an instrument coding with a second coding of the same units — by
default the 五共 stages of the framework (决策共谋、发展共建、建设共管、效果共评、成果共享) or
治理理念 / 治理能力 / 治理体系 — and counts the units coded for both; :func:`instrument_heatmap`
draws it. :func:`obligation_strength` codes the strength of obligation and names the strongest
level in each unit.
"""
from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from .._errors import ZhiliError, check_choice

__all__ = ["instrument_matrix", "instrument_heatmap", "obligation_strength", "STRENGTHS"]

#: levels of obligation, strongest first, and the label of a unit without any
STRENGTHS = ("约束性", "指导性", "倡导性")
NONE = "未标明"
_DIMENSIONS = ("五共", "theory")


def _categories(coded: pd.DataFrame, name: str) -> list[str]:
    if not isinstance(coded, pd.DataFrame) or "unit_id" not in coded.columns:
        raise ZhiliError(f"参数 {name} 应为 zl.code_dictionary() 或 zl.code_framework() 返回的编码表（需含 unit_id 列）。")
    cats = coded.attrs.get("categories") if isinstance(coded.attrs, dict) else None
    if cats and all(c in coded.columns for c in cats):
        return list(cats)
    from .coding import _category_columns

    return _category_columns(coded)


def _second_coding(coded_a: pd.DataFrame, dimension: str) -> pd.DataFrame:
    """The same units coded for the 五共 stages or the three theory dimensions."""
    from .coding import code_dictionary, code_framework

    texts = dict(zip(coded_a["unit_id"].astype(str), coded_a["text"].astype(str)))
    if dimension == "theory":
        coded = code_dictionary(texts, "theory", unit="document")
    else:
        coded = code_framework(texts, unit="document", level="stage", match="text")
    coded = coded.copy()
    coded["unit_id"] = coded["doc_id"]  # each unit was coded as a document of its own
    return coded


def instrument_matrix(coded_a: pd.DataFrame, coded_b: pd.DataFrame | None = None, *,
                      dimension: Literal["五共", "theory"] = "五共", level: Literal["group", "category"] = "group",
                      normalize: Literal["row", "column", "all"] | None = None, margins: bool = False) -> pd.DataFrame:
    """Cross-table of two codings of the same units: how many units are coded for both.

    Parameters
    ----------
    coded_a : pandas.DataFrame
        The instrument coding: from ``zl.code_dictionary(corpus, "instruments_rz")`` (or any
        dictionary or framework coding). Its categories become the rows.
    coded_b : pandas.DataFrame, optional
        A second coding of the same units (same corpus, same ``unit``): its categories become
        the columns. By default the units of ``coded_a`` are coded for ``dimension``.
    dimension : {"五共", "theory"}, default "五共"
        Without ``coded_b``: ``"五共"`` — the five 五共 stages of the framework
        (:func:`zhili.code_framework` with ``level="stage"``, matching the text); ``"theory"`` —
        治理理念 / 治理能力 / 治理体系 (the ``theory`` dictionary).
    level : {"group", "category"}, default "group"
        Rows by instrument group (供给型 / 需求型 / 环境型) or by sub-type (人才培养 …). A coding
        without groups has its categories as rows either way.
    normalize : {"row", "column", "all"}, optional
        Counts (default), or shares of each row's, column's or the whole table's total.
    margins : bool, default False
        Add a ``合计`` row and column: the units coded for the row (column) category at all,
        whether or not they are coded for any of the other side — so the table shows how much
        of each instrument falls outside every stage.

    Returns
    -------
    pandas.DataFrame
        Rows: instrument categories (index named ``工具``); columns: the categories of the second
        coding (named ``维度``). A unit coded for two instruments and one stage counts in two
        cells. ``attrs`` records ``n_units``, ``level``, ``dimension`` and ``normalize``.

    Raises
    ------
    zhili.ZhiliError
        If the two codings do not hold the same units, or for an unknown option.

    Examples
    --------
    >>> import zhili as zl
    >>> c = zl.Corpus.from_texts(["组织居民议事协商，推进决策共谋。加强社区工作者培训，开展效果共评。"])
    >>> tools = zl.code_dictionary(c, "instruments_rz")
    >>> m = instrument_matrix(tools)
    >>> m.columns.tolist()
    ['决策共谋', '发展共建', '建设共管', '效果共评', '成果共享']
    >>> m.loc["供给型"].tolist()
    [0, 0, 0, 1, 0]
    """
    check_choice("dimension", dimension, _DIMENSIONS)
    check_choice("level", level, ("group", "category"))
    check_choice("normalize", normalize, ("row", "column", "all", None))
    rows_cats = _categories(coded_a, "coded_a")
    if coded_b is None:
        coded_b = _second_coding(coded_a, dimension)
    cols_cats = _categories(coded_b, "coded_b")
    a_ids = coded_a["unit_id"].astype(str)
    b_ids = coded_b["unit_id"].astype(str)
    if a_ids.duplicated().any() or b_ids.duplicated().any():
        raise ZhiliError("编码表中有重复的 unit_id：请直接使用 code_dictionary / code_framework 返回的表。")
    if set(a_ids) != set(b_ids):
        only_a = sorted(set(a_ids) - set(b_ids))[:3]
        only_b = sorted(set(b_ids) - set(a_ids))[:3]
        raise ZhiliError("两个编码表的单元不一致（例如 " + "、".join(only_a + only_b) + "）："
                         "请用同一语料、同一 unit 分别编码后再交叉。")
    a = (coded_a[rows_cats].astype(float).to_numpy() > 0)
    b_frame = coded_b.set_index(b_ids)[cols_cats].astype(float).reindex(a_ids.tolist())
    b = b_frame.to_numpy() > 0
    labels = rows_cats
    groups = coded_a.attrs.get("groups") if isinstance(coded_a.attrs, dict) else None
    if level == "group" and groups and all(c in groups for c in rows_cats):
        labels = list(dict.fromkeys(groups[c] for c in rows_cats))
        member = np.array([[groups[c] == g for g in labels] for c in rows_cats])
        a = (a.astype(np.int64) @ member.astype(np.int64)) > 0
    counts = a.astype(np.int64).T @ b.astype(np.int64)
    table = pd.DataFrame(counts, index=pd.Index(labels, name="工具"), columns=pd.Index(cols_cats, name="维度"))
    if margins:
        table["合计"] = a.sum(axis=0)
        table.loc["合计"] = [*b.sum(axis=0).tolist(), int((a.any(axis=1) | b.any(axis=1)).sum())]
        table = table.astype(np.int64)
    if normalize is not None:
        body = table.astype(float)
        if normalize == "row":
            table = body.div(body.sum(axis=1).replace(0, np.nan), axis=0)
        elif normalize == "column":
            table = body.div(body.sum(axis=0).replace(0, np.nan), axis=1)
        else:
            total = float(body.to_numpy().sum())
            table = body / total if total else body * np.nan
    table.attrs = {"n_units": int(len(coded_a)), "level": level, "dimension": dimension if coded_b is not None else None,
                   "normalize": normalize}
    return table


def instrument_heatmap(matrix: pd.DataFrame, *, title: str | None = None, cmap: str = "Oranges",
                       fontsize: float | None = None, ax=None):
    """Heatmap of :func:`instrument_matrix`: instruments × stages, with the counts in the cells.

    Drawn by :func:`zhili.plot.heatmap`, so it follows :func:`zhili.plot.style` (by default the
    projector style: 150 dpi, no text under 13 pt) and grows with the number and length of the
    labels. Counts get one colour per count (up to nine different counts; more get a continuous
    scale) and a colour bar labelled 单元数; shares (``normalize=...``) a continuous scale from 0,
    labelled 占比.

    Parameters
    ----------
    matrix : pandas.DataFrame
        From :func:`instrument_matrix` (a ``合计`` row and column are left out of the colours).
    title : str, optional
    cmap : str, default "Oranges"
    fontsize : float, optional
        Size of the labels and numbers in points; by default the style's.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame([[3, 0], [1, 2]], index=["供给型", "环境型"], columns=["决策共谋", "成果共享"])
    >>> ax = instrument_heatmap(m)
    >>> [t.get_text() for t in ax.texts]
    ['3', '0', '1', '2']
    """
    from .. import _figure
    from ..plot import heatmap

    if not isinstance(matrix, pd.DataFrame) or matrix.empty:
        raise ZhiliError("参数 matrix 应为 zl.instrument_matrix() 返回的非空表。")
    body = matrix.drop(index="合计", columns="合计", errors="ignore")
    body = body.set_axis([str(x) for x in body.index], axis=0).set_axis([str(x) for x in body.columns], axis=1)
    values = body.to_numpy(dtype=np.float64)
    finite = values[np.isfinite(values)]
    shares = isinstance(matrix.attrs, dict) and matrix.attrs.get("normalize") is not None
    whole = not shares and bool(len(finite)) and bool(np.all(np.mod(finite, 1) == 0))
    if whole:
        lo, hi = int(finite.min()), int(finite.max())
        levels = {k: str(k) for k in range(lo, hi + 1)} if hi - lo < 9 else False  # as zl.plot.heatmap
        ax = heatmap(body, title=title, cmap=cmap, fmt="d", levels=levels, fontsize=fontsize, ax=ax)
    else:
        ax = heatmap(body, title=title, cmap=cmap, fmt=".0%", levels=False, vmin=0.0, fontsize=fontsize, ax=ax)
    ax.images[0].colorbar.set_label("单元数" if whole else "占比", fontsize=max(_figure.current_style().text, fontsize or 0))
    return ax


def obligation_strength(data: Any, *, unit: Literal["sentence", "paragraph", "item", "document"] = "sentence",
                        dictionary: Any = "obligation") -> pd.DataFrame:
    """How binding each unit is: 约束性, 指导性 or 倡导性 — the strongest level it expresses.

    Parameters
    ----------
    data : Corpus, str, list of str, mapping, or Tokens
    unit : {"sentence", "paragraph", "item", "document"}, default "sentence"
    dictionary : str, path or Dictionary, default "obligation"
        A dictionary whose categories are the three levels (a user's own variant of the
        built-in ``obligation`` dictionary).

    Returns
    -------
    pandas.DataFrame
        The coding table of :func:`zhili.code_dictionary` (columns 约束性, 指导性, 倡导性 with
        the scores, ``evidence`` with the cues found), plus ``strength``: the strongest level
        coded in the unit (约束性 > 指导性 > 倡导性), or ``未标明`` when the unit has no modal
        cue (many policy sentences are imperatives without one: 加强……、推进……).

    Examples
    --------
    >>> t = obligation_strength(["村级组织不得擅自收费。", "有条件的村可以不单独设立。", "各地要抓好落实。",
    ...                          "鼓励社会组织参与，但不得收取费用。", "基层治理是重要基础。"], unit="document")
    >>> t["strength"].tolist()
    ['约束性', '倡导性', '指导性', '约束性', '未标明']
    """
    from ..dictionaries import load_dictionary
    from .coding import code_dictionary

    d = load_dictionary(dictionary)
    missing = [s for s in STRENGTHS if s not in d.labels]
    if missing:
        raise ZhiliError(f"词典 {d.name} 没有类别 {'、'.join(missing)}：obligation_strength 需要约束性、指导性、倡导性三类。")
    coded = code_dictionary(data, d, unit=unit)
    scores = coded[list(STRENGTHS)].to_numpy(dtype=np.float64) > 0
    first = np.argmax(scores, axis=1)
    strength = np.where(scores.any(axis=1), np.array(STRENGTHS, dtype=object)[first], NONE)
    at = coded.columns.get_loc("categories") + 1
    coded.insert(at, "strength", strength)
    return coded
