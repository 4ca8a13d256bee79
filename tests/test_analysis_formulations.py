"""zhili.analysis.formulations: numbered formulations (提法) and their members (issue 5)."""
from __future__ import annotations

import pandas as pd
import pytest

import zhili as zl
from zhili import ZhiliError
from zhili.analysis.formulations import COLUMNS, formulation_counts, formulations
from zhili.corpus import Corpus

FOUR_POWERS = ["资金统筹权", "力量调配权", "协商议事权", "考核评价权"]



def test_known_formulation_with_listed_members():
    text = "推动资金统筹权、力量调配权、协商议事权、考核评价权‘四权同下’。"
    f = formulations(text)
    assert f.columns.tolist() == COLUMNS
    assert len(f) == 1
    row = f.iloc[0]
    assert (row["formulation"], row["match"], row["known"], row["source"]) == ("四权同下", "四权同下", True, "framework")
    assert text[row["start"]:row["end"]] == "四权同下"
    assert row["members"] == FOUR_POWERS and row["n_members"] == 4 and row["member_source"] == "known"
    assert (row["doc_id"], row["unit_id"]) == ("doc1", "doc1#s1")


def test_members_outside_the_window_are_not_linked():
    text = "资金统筹权很重要。" + "这是一段与主题无关的文字。" * 10 + "推动四权同下。"
    f = formulations(text, window=20)
    assert f.loc[0, "members"] == [] and f.loc[0, "member_source"] == ""
    assert formulations(text, window=200).loc[0, "members"] == ["资金统筹权"]


def test_variant_maps_to_its_formulation_and_unit():
    corpus = Corpus.from_texts({"令": "一、总体要求\n坚持党建引领。推进四权下沉。"})
    f = formulations(corpus)
    assert f[["formulation", "match"]].values.tolist() == [["四权同下", "四权下沉"]]
    # units: 一、总体要求 / 坚持党建引领。 / 推进四权下沉。
    assert f.loc[0, "unit_id"] == "令#s3" and f.loc[0, "heading_path"] == "一、总体要求"


def test_framework_members_from_indicator_terms():
    f = formulations("推行四事分流：微事自办、小事共办、大事领办、难事联办。")
    assert f.loc[0, "members"] == ["微事自办", "小事共办", "大事领办", "难事联办"]


def test_numbered_term_of_ordinary_element_links_a_list_of_the_right_length():
    # 三治融合 is a numbered indicator term of 自治法治德治相结合; the framework lists no members,
    # so the 、 list with three items is linked, and the four-item one is not
    f = formulations("推进甲、乙、丙、丁工作。坚持三治融合，做到自治、法治、德治。")
    row = f.iloc[0]
    assert row["formulation"] == "三治融合" and row["known"]
    assert row["members"] == ["自治", "法治", "德治"] and row["member_source"] == "list"


def test_unknown_quoted_formulation_with_its_list():
    f = formulations("推行“三无小区”改造：没有物业、没有主管、没有安保。")
    row = f.iloc[0]
    assert (row["formulation"], row["known"], row["source"]) == ("三无小区", False, "quoted")
    assert row["members"] == ["没有物业", "没有主管", "没有安保"]


def test_unknown_plus_and_paired_patterns():
    f = formulations("建立1+3+N网格管理模式，关爱一老一小。")
    assert f[["formulation", "known", "source"]].values.tolist() == [
        ["1+3+N网格管理模式", False, "plus"], ["一老一小", False, "paired"]]


def test_quoted_list_of_numbered_items():
    f = formulations("按“一书记、两顾问、三使者”的框架聘任乡贤。")
    assert f.loc[0, "formulation"] == "一书记、两顾问、三使者"
    assert f.loc[0, "members"] == ["一书记", "两顾问", "三使者"]


@pytest.mark.parametrize("text", ["各种做法五花八门。", "第一书记三年来走访。", "一户一户推进。", "近三年来成效明显。",
                                  "三个村一起干。"])
def test_ordinary_numerals_are_not_formulations(text):
    assert formulations(text).empty


def test_known_formulation_is_not_reported_twice():
    f = formulations("推行“四事分流”。")
    assert f[["formulation", "known"]].values.tolist() == [["四事分流", True]]


def test_user_known_list():
    known = {"三治融合": ["自治", "法治", "德治"]}
    f = formulations("推进三治融合，实现自治、法治、德治相结合。坚持四权同下。", known=known)
    assert f["formulation"].tolist() == ["三治融合"]  # the framework's list is replaced
    assert f.loc[0, "source"] == "user" and f.loc[0, "members"] == ["自治", "法治", "德治"]


def test_every_framework_numbered_element_is_known():
    fw = zl.framework()
    names = ["四权同下", "五共", "五线并进", "八级党组织架构", "3+N公约体系", "1+1+N党群服务中心", "两长N员", "四长两队",
             "五民工作法", "四事分流", "一下三民", "四下基层", "15分钟服务圈", "一网统管"]
    text = "。".join(names) + "。"
    f = formulations(text, known=fw)
    assert f["formulation"].tolist() == names and f["known"].all()
    assert formulations("坚持深化五共机制，和群众一起干。")["formulation"].tolist() == ["五共"]


def test_counts_overall_and_by_group():
    corpus = Corpus.from_texts(["坚持四权同下。深化四权同下。", "推行“三无小区”治理。推进四权同下。"],
                               docvars={"level": ["省", "县"]})
    f = formulations(corpus)
    assert "level" in f.columns
    counts = formulation_counts(f)
    assert counts.values.tolist() == [["四权同下", True, 3, 2, 0], ["三无小区", False, 1, 1, 0]]
    by = formulation_counts(f, by="level")
    assert by.columns.tolist() == ["level", "formulation", "known", "n", "n_docs", "n_with_members"]
    assert by[["level", "formulation", "n"]].values.tolist() == [["县", "三无小区", 1], ["县", "四权同下", 1],
                                                                 ["省", "四权同下", 2]]
    with pytest.raises(ZhiliError, match="by="):
        formulation_counts(f, by="region")


def test_empty_corpus_gives_empty_well_formed_results():
    f = formulations([])
    assert f.empty and f.columns.tolist() == COLUMNS
    counts = formulation_counts(f)
    assert counts.empty and counts.columns.tolist() == ["formulation", "known", "n", "n_docs", "n_with_members"]


def test_bad_input_raises_chinese_errors():
    with pytest.raises(ZhiliError, match="window"):
        formulations("四权同下", window=0)
    with pytest.raises(ZhiliError, match="known"):
        formulations("四权同下", known=["四权同下"])
    with pytest.raises(ZhiliError, match="formulations"):
        formulation_counts(pd.DataFrame({"x": [1]}))
