"""Coding dictionaries as data, and the policy-language theory dictionary (issue 12).

Every rule of the built-in dictionary is checked on a sentence written for it; the phenomena that
made the old coding fail on central documents are reproduced with project-written sentences.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import zhili as zl
from zhili.dictionaries import Category, Dictionary, load_dictionary

THEORY = load_dictionary("theory")
CATS = ["治理理念", "治理能力", "治理体系"]
ROOT = Path(__file__).resolve().parents[1]


def _codes(text: str, dictionary=THEORY) -> dict[str, float]:
    row = zl.code_dictionary([text], dictionary, unit="document").iloc[0]
    return {c: float(row[c]) for c in dictionary.labels}


def _one_rule(category: str, rule) -> Dictionary:
    """A dictionary of one rule with a tiny threshold: the score is the rule's own contribution."""
    return Dictionary(name="单条规则", version="0", threshold=1e-6, window=THEORY.window,
                      categories=(Category(label=category, rules=(rule,)),))


RULES = [(c.label, i, r) for c in THEORY.categories for i, r in enumerate(c.rules, start=1)]


@pytest.mark.parametrize("category,number,rule", RULES, ids=[f"{c}-{i}" for c, i, _ in RULES])
def test_every_rule_works_as_written(category, number, rule):
    one = _one_rule(category, rule)
    term = rule.terms[0]
    context = rule.with_[0] if rule.with_ else ""
    # the cue (with what it needs around it) counts its weight
    text = f"各地要{context}加以落实，把{term}放在重要位置。" if context else f"各地要把{term}放在重要位置。"
    assert _codes(text, one)[category] == pytest.approx(rule.weight)
    if rule.with_:  # without the context word it does not count
        assert _codes(f"各地要把{term}放在重要位置。", one)[category] == 0
    if rule.not_with:
        blocked = f"各地要{context}{rule.not_with[0]}{term}。"
        assert _codes(blocked, one)[category] == 0
    if rule.not_in:
        longer = next((w for w in rule.not_in if term in w), None)
        if longer is not None:
            assert _codes(f"各地要把{longer}放在重要位置。", one)[category] == 0
    assert rule.source or rule.why  # every rule says where it comes from or why


@pytest.mark.parametrize("category", THEORY.categories, ids=lambda c: c.label)
def test_the_dictionary_codes_its_own_examples(category):
    for sentence in category.examples_include:
        assert _codes(sentence)[category.label] > 0, sentence
    for sentence in category.examples_exclude:
        assert _codes(sentence)[category.label] == 0, sentence


# ------------------------------------------------------------------------------ the failures seen on central documents


def test_nested_terms_give_their_dimensions():
    # issue 12: 治理体系 / 治理能力 hidden inside 基层治理体系 / 治理能力现代化 gave no code
    codes = _codes("全面加强基层治理体系建设，推进基层治理能力现代化。")
    assert codes["治理体系"] >= 1 and codes["治理能力"] >= 1


def test_institutional_language_of_central_documents_is_system():
    # issue 12: 体制, 机制, 制度, 领导体制, 管理体制, 组织体系, 清单, 章程 were absent from the 体系 list
    for sentence in ["健全乡镇管理体制。", "完善村级组织体系。", "建立村（社区）工作事项清单。", "修订完善村民自治章程。",
                     "理顺基层领导体制。", "健全基层群众自治制度。"]:
        assert _codes(sentence)["治理体系"] >= 1, sentence


def test_names_of_bodies_are_not_evidence_of_capacity():
    # issue 12: 村民委员会 → 能力 made the village-committee law score high on capacity
    codes = _codes("村民委员会由主任、副主任和委员组成，居民委员会每届任期五年。")
    assert codes["治理能力"] == 0


@pytest.mark.parametrize("sentence", ["推进政务数据整合共享。", "开展机关与社区联建共建。"])
def test_generic_sharing_and_building_are_not_ideas(sentence):
    # issue 12: 共享 in 整合共享 and 共建 in 联建共建 were coded 理念
    assert _codes(sentence)["治理理念"] == 0


def test_co_building_co_governance_sharing_by_sense():
    assert _codes("构建共建共治共享的基层治理格局。")["治理体系"] >= 1
    assert _codes("树立共建共治共享的理念。")["治理理念"] >= 1
    assert _codes("推进共建共治共享。")["治理理念"] == 0  # alone: too weak to code


def test_the_modernisation_of_system_and_capacity_codes_both():
    # issue 12: the title sentence of the 2021 opinion got no 体系 code (the formula hides 治理体系 and 治理能力)
    codes = _codes("关于加强基层治理体系和治理能力现代化建设的意见")
    assert codes["治理体系"] >= 1 and codes["治理能力"] >= 1
    # … once per occurrence: the 体系/能力 words inside the formula are not counted again
    assert _codes("推进治理体系和治理能力现代化。") == {"治理理念": 0.0, "治理能力": 1.0, "治理体系": 1.0}
    # other boilerplate stays out: a statement of confidence in the system is not evidence
    assert _codes("坚定制度自信。")["治理体系"] == 0


# ------------------------------------------------------------------------------ the coding table


def test_coding_table_shape_and_evidence():
    coded = zl.code_framework(zl.Corpus.from_texts({"甲": "坚持以人民为中心。健全基层群众自治制度，提升治理能力。"}),
                              level="theory")
    assert coded.columns.tolist()[:5] == ["doc_id", "unit_id", "heading_path", "text", "n_chars"]
    assert coded.columns.tolist()[5:10] == [*CATS, "evidence", "categories"]
    assert coded["categories"].tolist() == ["治理理念", "治理能力；治理体系"]
    assert coded.attrs["threshold"] == 1 and set(coded.attrs["n_terms"]) == set(CATS)


def test_codebook_page_is_up_to_date():
    page = (ROOT / "notebooks" / "codebook-theory.md").read_text(encoding="utf-8")
    assert page == THEORY.codebook() + "\n", "请运行 python tools/make_codebook.py 重新生成编码手册"
    for c in THEORY.categories:
        assert f"## {c.label}" in page and c.definition in page


# ------------------------------------------------------------------------------ a user's own dictionary

USER = """\
name: 政策工具（示例）
version: "0.1"
threshold: 1
categories:
  强制性:
    rules:
      - terms: [必须, 严禁, 不得]
        why: 规定义务或禁止
  激励性:
    rules:
      - terms: [鼓励, 支持]
        why: 给予引导
      - terms: [补贴, 奖励]
        weight: 0.5
        why: 经济激励，单独较弱
"""


def test_a_user_dictionary_file(tmp_path):
    path = tmp_path / "工具.yaml"
    path.write_text(USER, encoding="utf-8")
    coded = zl.code_dictionary(["严禁违规收费。鼓励社会资本参与，给予补贴。给予奖励。"], path)
    assert coded[["强制性", "激励性"]].values.tolist() == [[1.0, 0.0], [0.0, 1.5], [0.0, 0.0]]
    assert coded["evidence"].tolist() == ["严禁", "鼓励；补贴", "奖励"]


@pytest.mark.parametrize("change,fragment", [
    (lambda t: t.replace("        why: 规定义务或禁止\n", ""), "缺少 source（出处）或 why（理由）"),
    (lambda t: t.replace("threshold: 1", "threshold: 1\ncolour: red"), "未知的字段 colour"),
    (lambda t: t.replace("[鼓励, 支持]", "[鼓励, 支持, 补贴]"), "同时出现在第 1 条和第 2 条规则里"),
    (lambda t: t.replace("weight: 0.5", "weight: 很弱"), "应为数字"),
    (lambda t: t.replace("    rules:\n      - terms: [必须, 严禁, 不得]\n        why: 规定义务或禁止\n", "    rules: []\n"),
     "没有任何规则"),
    (lambda t: t.replace("name: 政策工具（示例）\n", ""), "缺少必填字段 name"),
    (lambda t: t.replace("[必须, 严禁, 不得]", "[必须, 严禁"), "第 7 行"),
])
def test_bad_dictionaries_get_chinese_errors(tmp_path, change, fragment):
    path = tmp_path / "坏词典.yaml"
    path.write_text(change(USER), encoding="utf-8")
    with pytest.raises(zl.ZhiliError, match=fragment):
        load_dictionary(path)


def test_missing_dictionary_and_wrong_type():
    with pytest.raises(zl.LoadError, match="找不到编码词典"):
        load_dictionary("没有这个词典.yaml")
    with pytest.raises(zl.ZhiliError, match="内置词典名"):
        load_dictionary(3)


def test_sizes_are_reported_for_profiles():
    assert THEORY.sizes().to_dict() == {c.label: len(c.terms) for c in THEORY.categories}
    assert dataclasses.is_dataclass(THEORY)
