"""Exercises of lesson 07 (比较与演进：关键性分析与词频趋势)."""
from __future__ import annotations

import numpy as np

from . import Exercise, Wrong, as_integer, as_text, kit_data


@kit_data
def _tokens():
    import zhili as zl

    return zl.tokenize(zl.cases(as_corpus=True))


@kit_data
def _rural_vs_urban():
    """Keyness of 农村 against 城市 cases (the 城乡 cases left out), as in the lesson."""
    import zhili as zl

    corpus = zl.cases(as_corpus=True)
    two = corpus.subset(corpus.docvars["setting"] != "城乡")
    return zl.keyness(zl.tokenize(two), "农村", by="setting")


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
        raise Wrong("答案应当是 True 或 False（不加引号）。例如 k.set_index(\"term\").loc[\"党员\", \"log_ratio\"] > 0 就会得到其中之一。")
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
             ("表 k 已按 G² 从大到小排好，看第一行。",
              "k[\"term\"].iloc[0] 取出第一行的词。")),
    Exercise("L07.2", "判断“党员”在“农村 对 城市”比较中的 log-ratio 是否为正。", _is_positive,
             ("在表 k 中找到 term 为“党员”的一行，看 log_ratio 列。",
              "k.set_index(\"term\").loc[\"党员\", \"log_ratio\"] 取出这个数。")),
    Exercise("L07.3", "按起始年份 year_start，找出案例最多的一年。", _busiest_year,
             ("cases.docvars[\"year_start\"].value_counts() 数出每年的案例数。",
              "value_counts() 的结果按次数从多到少排列，第一个就是答案；也可以用 .idxmax()。")),
    Exercise("L07.4", "把“组织建设”领域与其余案例比较（min_count=3），找出 G² 最大的词。", _org_top,
             ("仿照第 6 节：zl.keyness(tokens, \"组织建设\", by=\"domain\", min_count=3)。",
              "在结果后面加 [\"term\"].iloc[0] 取出第一行的词。")),
]
