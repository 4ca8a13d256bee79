"""Student-facing tables: Chinese column labels, rounded numbers, percentages, no index noise.

The kit's functions return ordinary pandas tables with English column names (``term``,
``count``, ``doc_count`` …): short, stable names to write in code. :func:`show` is for *looking*
at such a table in a lesson or on a projector: it labels every known column in Chinese — by
default together with the name to type, ``词语 term`` — rounds statistics to two decimals,
writes shares, precision and recall as percentages, writes tiny p-values as ``<0.001``, and
hides the row numbers pandas adds. It changes nothing in the table itself: keep computing with
the original, and put ``zl.show(表)`` on the last line of a cell to display it.

>>> import pandas as pd
>>> from zhili.tables import label, show
>>> label("doc_count"), label("doc_count", mode="zh"), label("自定义")
('文档数 doc_count', '文档数', '自定义')
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from ._errors import ZhiliError, check_choice

__all__ = ["COLUMN_LABELS", "PERCENT_COLUMNS", "VALUE_LABELS", "label", "show"]

#: Chinese labels of the column names used by the kit's tables.
COLUMN_LABELS: dict[str, str] = {
    # documents and units
    "doc_id": "文档", "unit_id": "单元", "text": "文本", "title": "标题", "date": "日期", "year": "年份",
    "file": "文件", "status": "状态", "encoding": "编码", "chars": "字数", "n_chars": "字数",
    "message": "说明", "heading_path": "所在标题", "issuer": "发文机关", "level": "层级", "region": "地区",
    "genre": "体裁", "source": "来源", "setting": "城乡类型", "domain": "领域", "prefecture": "地市",
    "county": "县市区", "township": "乡镇街道", "village": "村社区", "period": "时期", "unit": "单位",
    "paragraph": "段落", "sentence": "句子", "item": "条目", "position": "位置", "token": "词",
    # words and counts
    "term": "词语", "word": "词语", "word1": "词语一", "word2": "词语二", "count": "次数", "n": "个数",
    "share": "占比", "doc_count": "文档数", "n_docs": "文档数", "rank": "名次", "per_10k": "每万字次数",
    "per_1k": "每千字次数", "density": "每千字次数", "coverage": "覆盖率", "tfidf": "TF-IDF",
    "keyword": "关键词", "left": "左侧上下文", "right": "右侧上下文", "match": "匹配", "start": "起点",
    "end": "终点", "expected": "期望次数", "pmi": "PMI", "llr": "对数似然比", "dice": "Dice 系数",
    # keyness
    "target_count": "目标组次数", "reference_count": "参照组次数", "g2": "G²", "chi2": "χ²",
    "log_ratio": "对数比", "p_adjusted": "校正后 p 值", "p_fisher": "Fisher p 值", "p_fisher_adjusted": "校正后 Fisher p 值", "target_share": "目标组占比", "reference_share": "参照组占比", "p": "p 值", "p_adj": "校正后 p 值", "effect": "效应量",
    # the framework
    "id": "编号", "name": "名称", "kind": "类型", "kind_label": "类型", "definition": "定义",
    "citation": "出处", "cite": "出处", "parent": "上级", "path": "路径", "part": "部分", "code": "编号",
    "label": "标签", "category": "类别", "target": "对象", "relation": "关系", "type": "关系类型",
    "element": "要素", "terms": "指标词", "n_elements": "要素数", "n_with_subsections": "含小节数",
    "heading": "标题", "pages": "页码", "paragraphs": "段落数", "authors": "作者", "venue": "刊物",
    "attributed_elements": "借用的要素", "n_relations": "关系数", "role": "作用", "n_areas": "领域数",
    "ref": "参考文献号", "area": "领域", "maps_to": "对应要素",
    "basis": "依据", "coined": "本项目命名", "attributed_to": "借自", "term_source": "指标词来源", "reason": "理由", "root": "所属分支", "n_terms": "指标词数", "source_id": "起点编号", "target_id": "终点编号", "locator": "位置", "why": "理由", "note": "说明",
    # coding and validation
    "evidence": "证据", "categories": "判定类别", "score": "得分", "weight": "权重", "hand": "人工编码",
    "dictionary": "词典编码", "precision": "精确率", "recall": "召回率", "f1": "F1",
    "precision_low": "精确率下限", "precision_high": "精确率上限", "recall_low": "召回率下限",
    "recall_high": "召回率上限", "f1_low": "F1 下限", "f1_high": "F1 上限", "agreement": "一致率",
    "cohen_kappa": "Cohen κ", "krippendorff_alpha": "Krippendorff α", "stratum": "层",
    "n_positive": "正例数", "with": "须同现", "not_with": "不得同现", "not_in": "不得出现于",
    "window": "窗口", "example": "例句", "split": "划分",
    # text reuse and similarity
    "doc_a": "文档 a", "doc_b": "文档 b", "start_a": "a 起点", "end_a": "a 终点", "start_b": "b 起点",
    "end_b": "b 终点", "length": "长度", "text_a": "a 原文", "text_b": "b 原文", "similarity": "相似度",
    "earlier": "在先", "strength": "约束力",
    # networks
    "degree": "度", "weighted_degree": "加权度", "betweenness": "中介中心性", "eigenvector": "特征向量中心性",
    "community": "社群", "closeness": "接近中心性", "pagerank": "PageRank",
    # formulations and cases
    "claim": "说法", "field": "支撑的字段", "status_label": "核查状态", "stage": "五共环节", "source_kinds": "来源类型",
    "original_url": "原始网址", "found_at_url": "实际阅读的网址", "accessed": "访问日期", "dictionary_f1": "词典 F1",
    "commentary": "教学评析", "narrative": "叙述",
    "formulation": "提法", "members": "组成部分", "member_source": "组成部分来源", "n_with_members": "含组成部分数",
    "known": "已知", "actors": "参与主体", "measures": "做法", "outcomes": "结果", "stages": "五共环节",
    "years": "年份", "publisher": "发布者", "value": "数值", "year_start": "起始年",
    # topics (a document's share of topic N, column topic_N, reads 主题 N 占比: see label())
    "topic": "主题", "coherence": "一致性", "coherence_min": "最弱主题的一致性", "perplexity": "困惑度",
    "k": "主题数", "top_topic": "主要主题", "lift": "提升度", "n_tokens": "词数", "n_heldout": "留出文档数",
    "group": "分组",
    # collocates and word vectors
    "collocate": "搭配词", "node_count": "节点词次数", "collocate_count": "搭配词次数", "logdice": "logDice",
    "nearest_seed": "最近的种子词", "n_seeds": "种子词数",
}

#: Columns named by a pattern: a document's share of topic N (``topic_3``) in TopicModel.documents().
_PATTERN_LABELS: tuple[tuple[re.Pattern, str], ...] = ((re.compile(r"topic_(\d+)"), "主题 {} 占比"),)
_PATTERN_PERCENT: tuple[re.Pattern, ...] = (re.compile(r"topic_\d+"),)

#: Columns that hold shares between 0 and 1: shown as percentages.
PERCENT_COLUMNS: frozenset[str] = frozenset({
    "share", "target_share", "reference_share", "coverage", "precision", "recall", "f1", "precision_low", "precision_high", "recall_low",
    "recall_high", "f1_low", "f1_high", "agreement", "dictionary_f1",
})

#: p-value columns: below 0.001 they read ``<0.001``.
P_COLUMNS: frozenset[str] = frozenset({"p", "p_adj", "p_value", "p_adjusted", "p_fisher", "p_fisher_adjusted"})

#: Chinese labels of coded values, by column (also for a row index or the column axis of that name):
#: shown like column labels, ``本项目推断 inferred``, the value to type last.
VALUE_LABELS: dict[str, dict[str, str]] = {
    "basis": {"inferred": "本项目推断", "stated": "论文明确提出"},
}

Mode = Literal["both", "zh", "en"]


def _value_label(column: Any, value: Any, mode: str) -> Any:
    zh = VALUE_LABELS.get(str(column), {}).get(value) if isinstance(value, str) else None
    if zh is None or mode == "en":
        return value
    return zh if mode == "zh" else f"{zh} {value}"


def label(column: Any, *, mode: Mode = "both", labels: Mapping[str, str] | None = None) -> str:
    """The display label of ``column``: ``词语 term`` (``mode="both"``), ``词语`` or ``term``.

    Columns the kit does not know (a user's own, or already Chinese) are shown as they are.
    ``labels`` adds or overrides labels for this call.
    """
    name = str(column)
    zh = (labels or {}).get(name) or COLUMN_LABELS.get(name)
    if zh is None:
        zh = next((text.format(*m.groups()) for pattern, text in _PATTERN_LABELS if (m := pattern.fullmatch(name))),
                  None)
    if zh is None or mode == "en" or zh == name:
        return name
    return zh if mode == "zh" else f"{zh} {name}"


def unsigned_zero(text: str) -> str:
    """``text`` without its minus sign when every digit in it is 0: "-0.00" reads "0.00", "-0%" "0%".

    A number that rounds to zero is shown without a sign, as in print (a coherence of -0.001
    shown to two decimals, a log ratio of -0.0).

    >>> unsigned_zero("-0.00"), unsigned_zero("-0.0%"), unsigned_zero("-0.30"), unsigned_zero("-1e-05")
    ('0.00', '0.0%', '-0.30', '-1e-05')
    """
    if text.startswith("-") and not any(c in "123456789" for c in text):
        return text[1:]
    return text


def _format_number(value: Any, column: str, digits: int, percent: bool, whole: bool = False) -> Any:
    text = _format_value(value, column, digits, percent, whole)
    return unsigned_zero(text) if isinstance(text, str) else text


def _format_value(value: Any, column: str, digits: int, percent: bool, whole: bool = False) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)) and not hasattr(value, "__float__"):
        return value
    try:
        x = float(value)
    except (TypeError, ValueError):
        return value
    if column in P_COLUMNS:  # p-values: three decimals, so that 0.004 is not shown as 0.00
        return "<0.001" if 0 <= x < 0.001 else f"{x:.{max(digits, 3)}f}"
    if percent:
        return f"{x * 100:.{max(digits - 1, 0)}f}%"
    if (whole or not isinstance(value, float)) and x == int(x) and abs(x) < 1e15:
        return f"{int(x)}"
    return f"{x:.{digits}f}"


def show(table: Any, *, digits: int = 2, percent: bool | Iterable[str] = True, labels: Mapping[str, str] | None = None,
         mode: Mode = "both", columns: Iterable[str] | None = None, index: bool | None = None, max_rows: int | None = 60):
    """Display a table for students: Chinese column labels, rounded numbers, percentages.

    Parameters
    ----------
    table : pandas.DataFrame or pandas.Series
        Any table, usually one the kit returned. It is not changed.
    digits : int, default 2
        Decimals for numbers that are not whole (percentages get one decimal fewer).
    percent : bool or list of str, default True
        Show the kit's share-like columns (占比, 精确率, 召回率, F1, 覆盖率 …, see
        :data:`PERCENT_COLUMNS`, and a document's topic shares ``topic_1``, ``topic_2`` …) as percentages;
        a list names the columns to show as percentages;
        ``False`` shows them as decimals.
    labels : mapping, optional
        Extra or different Chinese labels, e.g. ``{"my_col": "我的列"}``. A kit table may carry its
        own in ``table.attrs["zhili_labels"]`` (the ``source`` of a relation is its 起点, not a 来源).
    mode : {"both", "zh", "en"}, default "both"
        ``"both"``: ``词语 term`` (the Chinese label and the name to type in code); ``"zh"``: only
        Chinese; ``"en"``: only the names.
    columns : list of str, optional
        Show only these columns, in this order.
    index : bool, optional
        Show the row index. Default: when it carries names or labels (documents of a profile, the
        stages of ``value_counts()``); pandas' own row numbers 0, 1, 2 … are hidden.
    max_rows : int or None, default 60
        Show at most this many rows (the first ones) and say how many there are.

    Returns
    -------
    pandas.io.formats.style.Styler
        For display only (the last line of a cell). Compute with the original table.

    Examples
    --------
    >>> import pandas as pd
    >>> s = show(pd.DataFrame({"term": ["社区", "居民"], "count": [106, 73], "share": [0.0152, 0.0105]}))
    >>> list(s.data.columns), s.data.iloc[0].tolist()
    (['词语 term', '次数 count', '占比 share'], ['社区', '106', '1.5%'])
    """
    import pandas as pd

    if isinstance(table, pd.Series):
        table = table.to_frame(name=table.name if table.name is not None else "value")
    if not isinstance(table, pd.DataFrame):
        raise ZhiliError(f"zl.show 需要一张表格（pandas 的 DataFrame 或 Series），收到的是 {type(table).__name__}。")
    check_choice("mode", mode, ("both", "zh", "en"))
    if not isinstance(digits, int) or isinstance(digits, bool) or not 0 <= digits <= 8:
        raise ZhiliError(f"参数 digits={digits!r} 无效：应为 0 到 8 之间的整数（小数位数）。")
    frame = table
    if columns is not None:
        columns = list(columns)
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            import difflib

            hints = [f"{m!r}（是不是 {difflib.get_close_matches(str(m), map(str, frame.columns), n=1)[0]!r}？）"
                     if difflib.get_close_matches(str(m), map(str, frame.columns), n=1) else repr(m) for m in missing]
            raise ZhiliError(f"表格中没有列 {'、'.join(hints)}。现有的列：{'、'.join(map(str, frame.columns))}。")
        frame = frame[columns]
    labels = {**table.attrs.get("zhili_labels", {}), **(labels or {})}
    total = len(frame)
    if max_rows is not None and total > max_rows:
        frame = frame.head(max_rows)
    as_percent = set(PERCENT_COLUMNS) if percent is True else set(percent) if percent else set()
    shown = pd.DataFrame(index=frame.index)
    axis_name = frame.columns.name  # pd.crosstab(rel["label"], rel["basis"]): the columns are basis values
    for col in frame.columns:
        values = frame[col]
        numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
        listed = str(col) in as_percent or (percent is True and any(p.fullmatch(str(col)) for p in _PATTERN_PERCENT))
        pct = numeric and listed and values.dropna().between(0, 1).all()
        if pd.api.types.is_bool_dtype(values):
            shown[label(col, mode=mode, labels=labels)] = values.map({True: "是", False: "否"}).fillna("")
        elif numeric:
            # a float column holding only whole numbers (weighted degrees, counts after a sum) reads as integers
            # (a column of zeros stays as decimals: it sits among real-valued columns of the same table)
            present = values.dropna()
            whole = bool(len(present) and present.map(lambda v: float(v).is_integer()).all() and (present != 0).any())
            shown[label(col, mode=mode, labels=labels)] = [_format_number(v, str(col), digits, pct, whole)
                                                           for v in values]
        else:
            shown[label(col, mode=mode, labels=labels)] = values.map(lambda v: "" if v is None or v is pd.NA
                                                                     or (isinstance(v, float) and math.isnan(v))
                                                                     else _value_label(col, v, mode))
    if axis_name is not None and str(axis_name) in VALUE_LABELS:
        shown.columns = [_value_label(axis_name, c, mode) for c in frame.columns]
    named_index = any(n is not None for n in frame.index.names)
    if frame.index.nlevels == 1 and str(frame.index.name) in VALUE_LABELS:
        shown.index = pd.Index([_value_label(frame.index.name, v, mode) for v in frame.index], name=frame.index.name)
    if named_index:
        shown.index = shown.index.set_names([label(n, mode=mode, labels=labels) if n is not None else None
                                             for n in frame.index.names])
    import hashlib

    # ids from the content: the same table gives the same HTML, two tables on a page do not clash
    digest = hashlib.sha1(shown.to_json(force_ascii=False, default_handler=str).encode()).hexdigest()[:10]
    # cells, row labels and column headers as text: a label such as "p < 0.05 的词数" must not be read as a tag
    styler = (shown.style.set_uuid(f"zhili{digest}").format(escape="html")
              .format_index(escape="html", axis=0).format_index(escape="html", axis=1))
    default_numbers = pd.api.types.is_integer_dtype(frame.index) and not named_index  # row numbers, also after filtering
    if not (index if index is not None else not default_numbers):
        styler = styler.hide(axis="index")
    styler = styler.set_table_styles([{"selector": "th", "props": [("text-align", "left")]}], overwrite=False)
    if max_rows is not None and total > max_rows:
        styler = styler.set_caption(f"共 {total} 行，这里显示前 {max_rows} 行")
    if total == 0:  # a filter that matched nothing: say so, with the values that are there
        from ._empty import empty_message, user_frame

        import html

        styler = styler.set_caption(html.escape(f"⚠ 这张表一行也没有。{empty_message(user_frame())}", quote=False))
    return styler
