"""Text reuse between documents (issue 16, part 3): planted passages, near copies, dates, views.

Every text here is written for these tests.
"""
from __future__ import annotations

import random

import pandas as pd
import pytest

import zhili as zl
from zhili.analysis.reuse import COLUMNS, _kgram_hashes, _winnow, normalize_for_matching

PASSAGE = "把村里的大事小情交给村民商量，议定的事项张榜公布并接受全体村民监督"  # 33 characters
NEAR_OLD = "建立由社区党组织牵头、居委会和业主委员会以及物业服务企业共同参加的联席会议制度。"
NEAR_NEW = "建立由社区党组织牵头、居委会和业委会以及物业服务企业共同参加的联席会议制度。"

OLD = ("一、总体要求\n各乡镇要结合本地实际抓好落实。" + PASSAGE + "，做到公开透明。\n"
       "二、工作措施\n" + NEAR_OLD + "每季度至少召开一次会议。")
NEW = ("第一条 为规范村级议事，制定本办法。\n第二条 " + PASSAGE + "。\n"
       "第三条 " + NEAR_NEW + "\n第四条 本办法自发布之日起施行。")
OTHER = ("我市今年新建口袋公园十二处，改造背街小巷三十条，群众满意度明显提升。"
         "下一步将继续推进老旧小区加装电梯，完善养老托育设施布局。")


def _corpus(dates=("2019-03-01", "2022-05-10")):
    return zl.Corpus.from_texts({"旧文件": OLD, "新文件": NEW}, docvars={"date": list(dates)})


def test_columns_and_a_planted_passage_at_its_exact_positions():
    r = zl.text_reuse(_corpus())
    assert r.columns.tolist() == COLUMNS
    row = r[r["text_a"].str.contains("大事小情")].iloc[0]
    assert (row.doc_a, row.doc_b, row.kind, row.similarity) == ("旧文件", "新文件", "exact", 1.0)
    assert OLD[row.start_a: row.end_a] == row.text_a and NEW[row.start_b: row.end_b] == row.text_b
    # maximal: OLD goes on with "，做到", NEW with "。", so the passage is exactly the planted text
    assert row.text_a == PASSAGE and row.start_a == OLD.index(PASSAGE) and row.start_b == NEW.index(PASSAGE)
    assert row.length == len(PASSAGE)


def test_exact_mode_does_not_join_an_edited_sentence_and_near_mode_does():
    exact = zl.text_reuse(_corpus())
    assert not (exact["text_a"] == NEAR_OLD).any()
    near = zl.text_reuse(_corpus(), near=True)
    row = near[near["kind"] == "near"]
    assert len(row) == 1
    row = row.iloc[0]
    assert row.text_a == NEAR_OLD and row.text_b == NEAR_NEW
    assert 0.8 <= row.similarity < 1
    # the exact stretches inside the edited sentence are merged into the near passage
    inside = near[(near["start_a"] >= row.start_a) & (near["end_a"] <= row.end_a)]
    assert len(inside) == 1
    # the planted exact passage is still there, exact
    assert (near["text_a"] == PASSAGE).any()


def test_near_threshold_is_respected():
    near = zl.text_reuse(_corpus(), near=True, threshold=0.99)
    assert not (near["kind"] == "near").any()


def test_no_false_matches_between_unrelated_texts():
    c = zl.Corpus.from_texts({"甲": OLD, "乙": OTHER})
    assert zl.text_reuse(c).empty
    assert zl.text_reuse(c, near=True).empty
    assert zl.text_reuse(c).columns.tolist() == COLUMNS


@pytest.mark.parametrize("dates,earlier", [
    (("2019-03-01", "2022-05-10"), "a"),
    (("2022-05-10", "2019-03-01"), "b"),
    (("2021", "2021-04-28"), "未知"),          # the same year: cannot tell
    (("2020-??-??", "2021-04-28"), "a"),      # the year is enough
    (("", "2021-04-28"), "未知"),
    (("2021-04-28", "2021-04-28"), "未知"),
])
def test_which_document_is_earlier(dates, earlier):
    r = zl.text_reuse(_corpus(dates))
    assert set(r["earlier"]) == {earlier}


def test_missing_date_column_gives_unknown():
    c = zl.Corpus.from_texts({"旧文件": OLD, "新文件": NEW})
    assert set(zl.text_reuse(c)["earlier"]) == {"未知"}
    assert set(zl.text_reuse(_corpus(), date=None)["earlier"]) == {"未知"}


def test_single_corpus_compares_every_pair_once_and_never_a_document_with_itself():
    twice = OTHER + PASSAGE + "。" + PASSAGE + "。"  # repeats the passage inside itself
    c = zl.Corpus.from_texts({"甲": OLD, "乙": NEW, "丙": twice})
    r = zl.text_reuse(c)
    pairs = set(zip(r["doc_a"], r["doc_b"]))
    assert pairs == {("甲", "乙"), ("甲", "丙"), ("乙", "丙")}
    assert not (r["doc_a"] == r["doc_b"]).any()
    # 丙 holds the passage twice: both places are reported against 甲
    assert len(r[(r["doc_a"] == "甲") & (r["doc_b"] == "丙")]) == 2


def test_two_corpora_compare_across_only():
    a = zl.Corpus.from_texts({"a1": OLD, "a2": NEW})
    b = zl.Corpus.from_texts({"b1": NEW, "b2": OTHER})
    r = zl.text_reuse(a, b)
    assert set(r["doc_a"]) <= {"a1", "a2"} and set(r["doc_b"]) <= {"b1"}
    assert set(zip(r["doc_a"], r["doc_b"])) == {("a1", "b1"), ("a2", "b1")}
    # a2 and b1 are the same text: one passage, the whole text
    same = r[r["doc_a"] == "a2"]
    assert len(same) == 1 and same.iloc[0].length == len(normalize_for_matching(NEW)[0])


def test_whitespace_and_full_width_punctuation_do_not_break_a_passage():
    spaced = "第五条  把村里的大事小情交给村民商量,议定的事项 张榜公布并接受\n全体村民监督。"
    c = zl.Corpus.from_texts({"甲": OLD, "乙": spaced})
    r = zl.text_reuse(c)
    assert len(r) == 1
    row = r.iloc[0]
    assert row.text_b.startswith("把村里") and row.text_b.endswith("全体村民监督")
    assert spaced[row.start_b: row.end_b] == row.text_b
    assert row.length == len(PASSAGE)


def test_min_chars():
    assert zl.text_reuse(_corpus(), min_chars=len(PASSAGE) + 1)["text_a"].str.contains("大事小情").sum() == 0
    assert zl.text_reuse(_corpus(), min_chars=len(PASSAGE))["text_a"].str.contains("大事小情").sum() == 1


def _brute(x: str, y: str, min_chars: int) -> set[tuple[int, int, int]]:
    out = set()
    for d in range(-len(x) + 1, len(y)):
        i = max(0, -d)
        j, run = i + d, 0
        while i < len(x) and j < len(y):
            if x[i] == y[j]:
                run += 1
            else:
                if run >= min_chars:
                    out.add((i - run, j - run, run))
                run = 0
            i, j = i + 1, j + 1
        if run >= min_chars:
            out.add((i - run, j - run, run))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_every_maximal_shared_passage_is_found(seed):
    # winnowing guarantees that no shared passage of min_chars characters is missed: check
    # against brute force on texts over a small alphabet (many chance repeats)
    rng = random.Random(seed)
    alphabet = "治理共建共享村民议事"[: rng.randint(3, 6)]
    x = "".join(rng.choice(alphabet) for _ in range(400))
    y = "".join(rng.choice(alphabet) for _ in range(300)) + x[50:120] + "".join(rng.choice(alphabet) for _ in range(100))
    min_chars = rng.choice([6, 8, 12])
    r = zl.text_reuse(zl.Corpus.from_texts({"x": x, "y": y}), min_chars=min_chars)
    got = {(int(a), int(b), int(n)) for a, b, n in zip(r["start_a"], r["start_b"], r["length"])}
    want = _brute(x, y, min_chars)
    # a passage contained in another in both texts is reported once (the longer)
    assert got <= want
    for a, b, n in want - got:
        assert any(a2 <= a and a + n <= a2 + n2 and b2 <= b and b + n <= b2 + n2 for a2, b2, n2 in got)


def test_winnowing_keeps_a_fingerprint_in_every_window():
    import numpy as np

    rng = np.random.default_rng(0)
    codes = rng.integers(0x4E00, 0x4E20, 500).astype(np.uint32)
    h = _kgram_hashes(codes, np.array([0]), 5)
    keep = set(_winnow(h, 8).tolist())
    for s in range(len(h) - 8 + 1):
        assert keep & set(range(s, s + 8))


def test_side_by_side_is_deterministic_escaped_and_highlighted():
    hostile = zl.Corpus.from_texts({"<甲>": OLD + "<script>alert(1)</script>", "乙&": NEW})
    r = zl.text_reuse(hostile, near=True)
    one = zl.side_by_side(r, hostile)
    two = zl.side_by_side(r, hostile)
    assert one.html == two.html and one._repr_html_() == one.html
    assert "<script>" not in one.html and "&lt;甲&gt;" in one.html and "乙&amp;" in one.html
    assert f"<mark>{PASSAGE}</mark>" in one.html
    assert 'class="chg"' in one.html  # the edited characters of the near passage
    assert "在先：未知" in one.html
    bare = zl.side_by_side(r)  # without the corpus: passages only, no context
    assert 'class="ctx"' not in bare.html
    assert "没有找到共有段落" in zl.side_by_side(r.iloc[0:0]).html


def test_bad_input_gets_chinese_errors():
    with pytest.raises(zl.ZhiliError, match="threshold"):
        zl.text_reuse(_corpus(), threshold=1.5)
    with pytest.raises(zl.ZhiliError, match="min_chars"):
        zl.text_reuse(_corpus(), min_chars=0)
    with pytest.raises(zl.ZhiliError, match="参数 a 应为语料"):
        zl.text_reuse(42)
    with pytest.raises(zl.ZhiliError, match="text_reuse"):
        zl.side_by_side(pd.DataFrame({"x": [1]}))


def test_plain_strings_are_accepted():
    r = zl.text_reuse([OLD, NEW])
    assert set(r["doc_a"]) == {"doc1"} and (r["text_a"] == PASSAGE).any()


def test_max_df_drops_boilerplate_shared_by_many_documents():
    docs = {f"文{i}": f"第{i}号通知。{PASSAGE}。其余内容各不相同{i}{i}{i}" for i in range(5)}
    docs["甲"] = "另有一段：推动资源服务管理向基层下沉建立健全居民议事协商制度"
    docs["乙"] = "又如：推动资源服务管理向基层下沉建立健全居民议事协商制度。"
    c = zl.Corpus.from_texts(docs)
    assert len(zl.text_reuse(c)) == 11  # 10 pairs of the five notices, and 甲–乙
    kept = zl.text_reuse(c, max_df=3)
    assert list(zip(kept["doc_a"], kept["doc_b"])) == [("甲", "乙")]
    assert len(zl.text_reuse(c, max_df=5)) == 11


def test_passages_do_not_start_with_the_previous_sentences_punctuation():
    # regression (review of issue 16): both texts end the previous (different) sentence with 。, so
    # the match began with "。村（社区）党组织…"; the passage now starts at its own first character
    # and its offsets still point at the text shown
    body = "村（社区）党组织要牵头组织群众议事协商，重大事项提交村民代表会议讨论决定"
    a = "省里的要求是这样。" + body + "。其余另行规定。"
    b = "市里结合实际提出。" + body + "，并张榜公布结果。"
    r = zl.text_reuse(zl.Corpus.from_texts({"a": a, "b": b}))
    assert r["text_a"].tolist() == [body] and r["text_b"].tolist() == [body]
    row = r.iloc[0]
    assert a[row.start_a: row.end_a] == row.text_a and b[row.start_b: row.end_b] == row.text_b
    assert row.length == len(body)
    # a sentence keeps its own 。; a clause separator or an opening bracket at the end goes
    c = zl.text_reuse(zl.Corpus.from_texts({"a": "前文不同甲。" + body + "。（一）", "b": "前文不同乙。" + body + "。（二）"}))
    assert c["text_a"].tolist() == [body + "。"]
    d = zl.text_reuse(zl.Corpus.from_texts({"a": "“" + body + "”，甲方", "b": "“" + body + "”，乙方"}))
    assert d["text_a"].tolist() == ["“" + body + "”"]  # the quotation marks are kept, the comma is not
    # min_chars counts the passage without the punctuation at its ends
    short = "推进共同缔造活动"
    e = zl.Corpus.from_texts({"a": "甲讲。" + short + "，乙", "b": "丙说。" + short + "，丁"})
    assert zl.text_reuse(e, min_chars=len(short) + 1).empty
    assert zl.text_reuse(e, min_chars=len(short))["text_a"].tolist() == [short]
