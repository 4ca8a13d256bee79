"""Exercises of lesson 02 (政策文本的读取与预处理): right, wrong and blank answers."""
from __future__ import annotations

from pathlib import Path

import pytest

import zhili as zl
from zhili.exercises import evaluate, list_exercises
from zhili.exercises.l02 import SENTENCE

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"


@pytest.fixture(scope="module")
def corpus():
    return zl.load_corpus(SAMPLES, to_simplified=True)


def _n(corpus, unit):
    return int((corpus.units(unit)["doc_id"] == "01-city-plan.txt").sum())


def _is_chinese(message: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in message)


def test_lesson_has_four_exercises():
    assert [ex.id for ex in list_exercises("L02")] == ["L02.1", "L02.2", "L02.3", "L02.4"]


@pytest.mark.parametrize("eid", ["L02.1", "L02.2", "L02.3", "L02.4"])
def test_blank(eid):
    fb = evaluate(eid, ...)
    assert fb.status == "blank"
    assert "还没有作答" in fb.message


# ---------------------------------------------------------------- L02.1 encoding


def test_encoding_right(corpus):
    expected = corpus.report.set_index("file").loc["02-village-rules.txt", "encoding"]
    assert evaluate("L02.1", expected).ok
    for part in expected.split("/"):  # GB18030, GBK or GB2312 alone are accepted too
        assert evaluate("L02.1", part.lower()).ok


@pytest.mark.parametrize("answer,needle", [
    ("UTF-8", "01-city-plan.txt"),
    ("Big5", "06-traditional.txt"),
    ("cp949", "不是中文编码"),
    ("Shift_JIS", "encoding"),
    (936, "字符串"),
])
def test_encoding_wrong(answer, needle):
    fb = evaluate("L02.1", answer)
    assert fb.status == "wrong"
    assert needle in fb.message and _is_chinese(fb.message)


# ---------------------------------------------------------------- L02.2 items


def test_items_right(corpus):
    assert evaluate("L02.2", _n(corpus, "item")).ok


def test_items_wrong(corpus):
    cases = [
        (_n(corpus, "paragraph"), "段落"),
        (_n(corpus, "sentence"), "句子"),
        (3, "一级标题"),
        (_n(corpus, "item") - 1, "标题之前"),
        (100, "筛出"),
        ("13", "整数"),
        (True, "整数"),
    ]
    for answer, needle in cases:
        fb = evaluate("L02.2", answer)
        assert fb.status == "wrong", answer
        assert needle in fb.message and _is_chinese(fb.message), (answer, fb.message)


# ---------------------------------------------------------------- L02.3 tokens


def test_tokens_right():
    expected = zl.Tokenizer(cache=False).cut(SENTENCE)
    assert "共同缔造" in "".join(expected)
    assert evaluate("L02.3", expected).ok
    assert evaluate("L02.3", tuple(expected)).ok


def test_tokens_wrong():
    no_lexicon = zl.Tokenizer(lexicon=False, stopwords=False, cache=False).cut(SENTENCE)
    with_punct = zl.Tokenizer(stopwords=False, punct=True, cache=False).cut(SENTENCE)
    right = zl.Tokenizer(cache=False).cut(SENTENCE)
    cases = [
        (no_lexicon, "不带治理词表"),
        (zl.Tokenizer(lexicon=False, cache=False).cut(SENTENCE), "不带治理词表"),
        (with_punct, "标点"),
        (right[:-1], "不一致"),
        (" ".join(right), "列表"),
        ([1, 2, 3], "字符串组成的列表"),
    ]
    for answer, needle in cases:
        fb = evaluate("L02.3", answer)
        assert fb.status == "wrong", answer
        assert needle in fb.message and _is_chinese(fb.message), (answer, fb.message)


# ---------------------------------------------------------------- L02.4 stopword


def test_stopword_right():
    expected = "加强" in zl.Tokenizer(cache=False).stopword_set
    assert expected is False
    assert evaluate("L02.4", expected).ok


@pytest.mark.parametrize("answer,needle", [(True, "policy_keep"), ("False", "True 或 False"), (0, "True 或 False")])
def test_stopword_wrong(answer, needle):
    fb = evaluate("L02.4", answer)
    assert fb.status == "wrong"
    assert needle in fb.message and _is_chinese(fb.message)
