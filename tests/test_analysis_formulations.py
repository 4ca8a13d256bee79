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
    text = "落实资金统筹权，" + "做好与主题无关的其他工作，" * 10 + "推动四权同下。"
    f = formulations(text, window=20)
    assert f.loc[0, "members"] == [] and f.loc[0, "member_source"] == ""
    assert formulations(text, window=200).loc[0, "members"] == ["资金统筹权"]


def test_members_in_another_sentence_are_not_linked():
    # issue 11: members are those of the formulation's own sentence, however wide the window
    text = "资金统筹权很重要。" + "这是一段与主题无关的文字。" * 10 + "推动四权同下。"
    assert formulations(text, window=200).loc[0, "members"] == []


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


# ---------------------------------------------------------------- issue 11: no false hits on real documents
# (sentences written for these tests; they reproduce what the detector got wrong on central documents)


@pytest.mark.parametrize("text", [
    "全区现有党员九千六百多名，比上年增加一千二百名。",           # spelled-out numbers are not 一老一小-like pairs
    "人均收入从三万九千八百元增加到四万二千元。",
    "贫困发生率从百分之十点二下降到百分之三点一。",
    "年内完成“一千二百”户改造任务。",                         # a quoted number is not a formulation
    "“二〇二五”年底前全部完成。",
])
def test_spelled_out_numbers_are_not_formulations(text):
    assert formulations(text).empty


def test_five_year_plan_is_a_formulation():
    f = formulations("编制“十四五”社区服务规划，总结“十三五”时期的经验。")
    assert f[["formulation", "known", "source"]].values.tolist() == [["十四五", False, "quoted"],
                                                                      ["十三五", False, "quoted"]]


@pytest.mark.parametrize("text", [
    "推动长三角一体化发展，建设区域协同治理示范区。",   # 三角一体 is a slice of 长三角一体化
    "辖区内二十五共建单位签订共建协议。",               # 五共 is a slice of 二十五 + 共建
    "当好乡村振兴“一线总指挥”。",                     # 一线 is a word, not a numbered phrase
])
def test_slices_of_longer_words_are_not_formulations(text):
    assert formulations(text).empty


def test_paired_formulation_at_word_boundaries_is_kept():
    f = formulations("打造一村一品、一乡一业发展格局，落实三会一课制度。")
    assert f["formulation"].tolist() == ["一村一品", "一乡一业", "三会一课"]


def test_a_list_of_another_clause_is_not_linked():
    # the four-item list belongs to 抓好, not to 四个全面
    f = formulations("各村要统筹抓好环境整治、产业发展、文化建设、平安创建，协调推进“四个全面”战略布局。")
    assert f["formulation"].tolist() == ["四个全面"]
    assert f.loc[0, "members"] == [] and f.loc[0, "member_source"] == ""


def test_a_formulation_that_is_itself_a_list_item_gets_no_members():
    # the window used to start inside 马克思列宁主义 and link a truncated 克思列宁主义
    text = "全体党员要认真学习马克思列宁主义、毛泽东思想、邓小平理论、“三个代表”重要思想。"
    for window in (20, 80):
        f = formulations(text, window=window)
        assert f["formulation"].tolist() == ["三个代表"] and f.loc[0, "members"] == []


def test_a_list_in_another_sentence_is_not_linked():
    f = formulations("落实所有权、承包权、经营权。推进“三权分置”改革。")
    assert f.loc[0, "members"] == []


def test_list_right_before_the_formulation_is_linked_without_verb():
    f = formulations("探索集体林地所有权、承包权、经营权“三权分置”。")
    assert f.loc[0, "members"] == ["所有权", "承包权", "经营权"] and f.loc[0, "member_source"] == "list"
    f = formulations("推进社区、社会组织、社会工作“三社联动”。")
    assert f.loc[0, "members"] == ["社区", "社会组织", "社会工作"]


def test_list_items_are_never_cut_inside_a_word():
    f = formulations("推动“三社联动”，完善社区、社会组织、社会工作者协同机制。")
    assert f.loc[0, "members"] == ["社区", "社会组织", "社会工作者"]
    f = formulations("建立“三留守”人员信息库，切实提高对农村留守儿童、留守妇女、留守老人的服务能力。")
    assert f.loc[0, "members"] == ["留守儿童", "留守妇女", "留守老人"]


def test_a_long_last_item_stays_whole():
    # 生态文明建设 is one member, not 生态文明 + a tail; the particle after a list is no member
    f = formulations("统筹推进经济建设、政治建设、文化建设、社会建设、生态文明建设“五位一体”总体布局。")
    assert f.loc[0, "members"] == ["经济建设", "政治建设", "文化建设", "社会建设", "生态文明建设"]
    f = formulations("“五位一体”即经济建设、政治建设、文化建设、社会建设、生态文明建设等各方面。")
    assert f.loc[0, "members"][-1] == "生态文明建设"
