"""Exercises of lesson 04 (用理论框架编码文本).

The right answers are computed when an answer is checked: the case narratives are coded with
:func:`zhili.code_framework` exactly as in the lesson, so the answers follow the casebook and the
dictionary if a lecturer extends either.
"""
from __future__ import annotations

import math

from .._errors import ZhiliError
from . import Exercise, Wrong, as_integer, as_number, as_text, kit_data

#: The case whose sentences were coded by hand in the lesson (section 6.1).
SAMPLE_CASE = "HB061"
#: Coder 甲's labels for the sentences of SAMPLE_CASE, in order (as in the lesson's data cell).
CODER_A = ["无", "决策共谋", "决策共谋", "决策共谋", "发展共建", "发展共建", "无",
           "决策共谋", "无", "无", "建设共管", "无"]
#: Coder 乙's labels for the sentences of SAMPLE_CASE, in order (as in the lesson's data cell).
CODER_B = ["无", "决策共谋", "决策共谋", "决策共谋", "发展共建", "发展共建", "无",
           "发展共建", "无", "无", "建设共管", "效果共评"]


@kit_data
def _coded(level: str):
    from ..analysis.coding import code_framework  # noqa: PLC0415 - code only when checking
    from ..casebook import cases  # noqa: PLC0415

    return code_framework(cases(as_corpus=True), unit="sentence", level=level)


#: The category of L04.1 (dimension level): one whose sentences often hit two or more terms, so
#: that counting sentences and counting hits give different answers.
SENTENCE_CATEGORY = "共同缔造"
#: The category the lesson's worked example counts (section 2.1); the student changes it to SENTENCE_CATEGORY.
EXAMPLE_CATEGORY = "治理能力"


@kit_data
def _dimension_sentences() -> tuple[int, int, int, int, int]:
    """Sentences coded SENTENCE_CATEGORY, its hits, all sentences, sentences coded with any
    dimension, and sentences coded EXAMPLE_CATEGORY (the worked example run unchanged)."""
    coded = _coded("dimension")
    column = coded[SENTENCE_CATEGORY]
    return (int((column > 0).sum()), int(column.sum()), len(coded), int((coded["categories"] != "").sum()),
            int((coded[EXAMPLE_CATEGORY] > 0).sum()))


def _n_sentences_dimension(answer):
    n = as_integer(answer, what="句子个数")
    right, hits, n_all, n_any, example = _dimension_sentences()
    if n == right:
        return True, (f"案例叙述中有 {right} 个句子编上了“{SENTENCE_CATEGORY}”，而它的指标词共命中 {hits} 次："
                      "一个句子可以命中好几个词。")
    # each mistake a student can make, with what it gives; two of them can give the same number
    # (hits and sentences of any dimension did for lexicon 2026.12.2): then both are explained
    mistakes = [
        (hits, f"{n} 是“{SENTENCE_CATEGORY}”的命中次数（一句里可能命中好几个词）；题目问的是有几个句子，"
               "要数该列大于 0 的行"),
        (n_all, f"{n} 是全部句子的个数，还要筛选出“{SENTENCE_CATEGORY}”列大于 0 的句子"),
        (n_any, f"{n} 是命中任一维度的句子数，题目只问“{SENTENCE_CATEGORY}”"),
        (example, f"{n} 是编上“{EXAMPLE_CATEGORY}”的句子数（示范那一格的结果）：把引号里的“{EXAMPLE_CATEGORY}”"
                  f"改成“{SENTENCE_CATEGORY}”再运行"),
    ]
    found = [message for value, message in mistakes if n == value]
    if found:
        raise Wrong("；也可能是：".join(found) + "。")
    raise Wrong(f"你填的是 {n}，与编上“{SENTENCE_CATEGORY}”的句子数不符。")


@kit_data
def _agreement() -> tuple[float, float, float, float]:
    """Coder 乙 against the dictionary on SAMPLE_CASE: κ, α, agreement; and 甲's κ."""
    from ..analysis.validation import coding_agreement  # noqa: PLC0415

    coded = _coded("stage")
    sample = coded[coded["doc_id"].str.startswith(SAMPLE_CASE)]
    if len(sample) != len(CODER_B):
        raise ZhiliError(f"案例 {SAMPLE_CASE} 现在有 {len(sample)} 个句子，与乙的 {len(CODER_B)} 个标签对不上："
                         "案例文件可能改过")
    dictionary = sample["categories"].replace("", "无").tolist()
    row = coding_agreement(CODER_B, dictionary).iloc[0]
    kappa_a = float(coding_agreement(CODER_A, dictionary).iloc[0]["cohen_kappa"])
    return float(row["cohen_kappa"]), float(row["krippendorff_alpha"]), float(row["agreement"]), kappa_a


def _kappa_b_dictionary(answer):
    as_number(answer, what="保留 2 位小数")
    kappa, alpha, agree, kappa_a = _agreement()
    value = float(answer)
    if math.isclose(value, round(kappa, 2), abs_tol=0.0051):
        return True, f"乙与词典的 κ = {kappa:.2f}：观察一致率 {agree:.2f}，扣除偶然一致之后所剩无几。"
    if not math.isclose(round(kappa_a, 2), round(kappa, 2)) and math.isclose(value, round(kappa_a, 2), abs_tol=0.0051):
        raise Wrong(f"{value} 是甲与词典的 κ；题目问的是乙（coder_b）与词典。")
    if math.isclose(value, round(agree, 2), abs_tol=0.0051):
        raise Wrong(f"{value} 是观察一致率（agreement 列），κ 还要扣除偶然一致，看 cohen_kappa 列。")
    if math.isclose(value, round(alpha, 2), abs_tol=0.0051):
        raise Wrong(f"{value} 是 Krippendorff's α，题目问的是 Cohen's κ（cohen_kappa 列）。")
    raise Wrong(f"你填的是 {value}。请用 zl.coding_agreement(coder_b, dictionary_labels) 计算，"
                "看 cohen_kappa 列，保留 2 位小数。")


@kit_data
def _density_hb016():
    """Hits per thousand characters of each dimension in case HB016 (a Series)."""
    from ..analysis.coding import framework_profile  # noqa: PLC0415

    return framework_profile(_coded("dimension"), by="id", measure="density").loc["HB016"]


def _densest_dimension(answer):
    name = as_text(answer, what="维度名称", example="治理理念")
    density = _density_hb016()
    if name not in density.index:
        raise Wrong(f"“{name}”不是维度层级的类别：可选 {'、'.join(density.index)}。")
    best = density.max()
    winners = [c for c in density.index if density[c] == best]
    if name in winners:
        return True, f"HB016 中“{name}”每千字命中 {best:.1f} 次，密度最高——不是最常见的“共同缔造”。"
    if name == "共同缔造":
        raise Wrong(f"“共同缔造”在多数案例里最高，但 HB016 不是：它每千字 {density[name]:.1f} 次，"
                    "还有维度更高。")
    raise Wrong(f"HB016 中“{name}”每千字 {density[name]:.1f} 次，还有维度更高。")


EXERCISES = [
    Exercise("L04.1", "在维度层级上，43 个案例的叙述中有多少个句子编上了“共同缔造”（按词元匹配）？",
             _n_sentences_dimension,
             ("仿照 2.1 节：len(coded_dim[coded_dim[\"共同缔造\"] > 0]) 数的是这一列大于 0 的句子。",
              "是句子数，不是命中次数：一个句子可能命中好几个“共同缔造”的词。")),
    Exercise("L04.2", "编码者乙与词典在案例 HB061 上的 Cohen's κ 是多少？保留 2 位小数。",
             _kappa_b_dictionary,
             ("仿照 5.2 节：运行 zl.show(zl.coding_agreement(coder_b, dictionary_labels))，读 cohen_kappa 一列。",
              "答案是数字，不加引号；表中已保留两位小数。")),
    Exercise("L04.3", "在维度层级上，案例 HB016 哪个维度的密度（每千字命中次数）最高？",
             _densest_dimension,
             ("运行 zl.show(density[density.index == \"HB016\"], digits=1)，比较这一行里的五个数。",
              "答案是维度名称，放在英文双引号里，例如 \"治理能力\"。")),
]
