"""Exercises of lesson 07 (比较与演进：关键性分析与词频趋势).

The lesson tokenizes the casebook without its writing words (``zl.casebook.WRITING_STOPWORDS``),
as lesson 03 does; every expected answer here is computed from the same tokens.
"""
from __future__ import annotations

import contextlib
import warnings

import numpy as np

from . import Exercise, Wrong, as_integer, as_text, kit_data


@contextlib.contextmanager
def _quiet():
    """Silence the kit's notes while a check computes its answer: the student saw them in the lesson."""
    from .._errors import ZhiliWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ZhiliWarning)
        yield


@kit_data
def _tokens():
    import zhili as zl

    return zl.tokenize(zl.cases(as_corpus=True), extra_stopwords=zl.casebook.WRITING_STOPWORDS)


@kit_data
def _rural_vs_urban():
    """Keyness of 农村 against 城市 cases (the 城乡 cases left out), as in the lesson."""
    import zhili as zl

    corpus = zl.cases(as_corpus=True)
    two = corpus.subset(corpus.docvars["setting"] != "城乡")
    with _quiet():
        return zl.keyness(zl.tokenize(two, extra_stopwords=zl.casebook.WRITING_STOPWORDS), "农村", by="setting")


def _rural_top(answer):
    term = as_text(answer)
    k = _rural_vs_urban()
    right = k["term"].iloc[0]
    if term == right:
        row = k.iloc[0]
        return True, (f"“{right}”在农村案例中出现 {int(row.target_count)} 次、城市案例中 {int(row.reference_count)} 次，"
                      f"log-ratio 约 {row.log_ratio:.1f}。")
    terms = k["term"].tolist()
    if term not in terms:
        raise Wrong(f"“{term}”不在这次比较的词表里：请检查拼写，或直接从表 k 中复制。")
    rank = terms.index(term) + 1
    if k["g2"].iloc[rank - 1] < 0:
        raise Wrong(f"“{term}”的 G² 是负数，它是城市案例的特色词。题目问的是农村一侧：看表的开头，而不是结尾。")
    raise Wrong(f"“{term}”确实偏向农村案例，但按 G² 排在第 {rank} 位，不是第 1 位。")


@kit_data
def _party_member() -> tuple[float, float]:
    """log-ratio and p of 党员 in the 农村 against 城市 comparison."""
    k = _rural_vs_urban().set_index("term")
    return float(k.loc["党员", "log_ratio"]), float(k.loc["党员", "p"])


def _is_positive(answer):
    if not isinstance(answer, (bool, np.bool_)):
        raise Wrong("答案应当是 True 或 False（首字母大写，不加引号）：log_ratio 是正数填 True，负数或零填 False。")
    value, p = _party_member()
    right = value > 0
    if bool(answer) == right:
        side = "农村案例用得相对多" if right else "城市案例用得相对多"
        return True, (f"“党员”的 log-ratio 约为 {value:.2f}，{side}；但 p 值约 {p:.2f}，"
                      "差别很小，也不可靠——两类案例都常提到党员。")
    raise Wrong("再查一次“党员”这一行的 log_ratio 列：它是正数还是负数？注意看的是 log_ratio，不是次数。")


@kit_data
def _year_counts() -> tuple[int, dict[int, int]]:
    """The start year with most cases, and cases per start year."""
    import zhili as zl

    counts = zl.cases(as_corpus=True).docvars["year_start"].value_counts()
    return int(counts.idxmax()), {int(y): int(n) for y, n in counts.items()}


def _busiest_year(answer):
    answer = as_integer(answer, what="年份", example="2020")
    right, counts = _year_counts()
    if answer == right:
        return True, f"{right} 年开始的案例有 {counts[right]} 个，是最多的一年。"
    if answer in counts:
        raise Wrong(f"{int(answer)} 年开始的案例有 {counts[answer]} 个，还有更多的年份。")
    raise Wrong(f"案例库中没有 {answer} 年开始的案例。")


@kit_data
def _org_keyness():
    """Keyness of the 组织建设 domain against the other cases (min_count=3), as in the lesson."""
    import zhili as zl

    with _quiet():
        return zl.keyness(_tokens(), "组织建设", by="domain", min_count=3)


def _org_top(answer):
    term = as_text(answer)
    kd = _org_keyness()
    right = kd["term"].iloc[0]
    if term == right:
        row = kd.iloc[0]
        return True, (f"“{right}”在组织建设案例中出现 {int(row.target_count)} 次、其余案例中 {int(row.reference_count)} 次。"
                      "想一想：它出现在几个案例里？")
    terms = kd["term"].tolist()
    if term in terms:
        rank = terms.index(term) + 1
        if kd["g2"].iloc[rank - 1] < 0:
            raise Wrong(f"“{term}”的 G² 是负数，它在其余案例中用得更多。看表的开头。")
        raise Wrong(f"“{term}”按 G² 排在第 {rank} 位，不是第 1 位。目标组是 \"组织建设\" 吗？")
    raise Wrong(f"“{term}”不在这张表里：请用 by=\"domain\"、target=\"组织建设\"、min_count=3，并检查拼写。")


EXERCISES = [
    Exercise("L07.1", "在“农村 对 城市”的关键性比较中，找出 G² 最大的词。", _rural_top,
             ("表 k 已按 G² 从大到小排好：看第 3 节 k.head(10) 那张表的第一行。",
              "答案是词语，写在英文双引号里，例如 \"示例\"。")),
    Exercise("L07.2", "判断“党员”在“农村 对 城市”比较中的 log-ratio 是否为正。", _is_positive,
             ("运行 zl.show(k[k[\"term\"] == \"党员\"], columns=cols, digits=3)，看 log_ratio 一列。",
              "正数填 True，负数或零填 False，都不加引号。")),
    Exercise("L07.3", "按起始年份 year_start，找出案例最多的一年。", _busiest_year,
             ("运行 zl.show(cases.docvars[\"year_start\"].value_counts())，数出每年的案例数。",
              "value_counts() 的结果按次数从多到少排列，第一行的年份就是答案。")),
    Exercise("L07.4", "把“组织建设”领域与其余案例比较（min_count=3），找出 G² 最大的词。", _org_top,
             ("仿照第 6 节：kd = zl.keyness(tokens, \"组织建设\", by=\"domain\", min_count=3)。",
              "再运行 zl.show(kd.head(8), columns=cols, digits=3)，看第一行的词。")),
]
