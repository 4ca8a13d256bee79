"""Lesson 09 exercises: right answers pass, typical wrong answers get a Chinese message, ... is blank.

The expected answers are computed here independently, with the kit's public functions and the
settings the lesson notebook uses (the last tests check that the notebook still uses them).
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from _helpers import assert_wrong as _wrong

import zhili as zl
from zhili.exercises import evaluate, l09

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "notebooks" / "09-methods.ipynb"
SOLUTION = ROOT / "teacher" / "solutions" / "09-methods.ipynb"


@functools.lru_cache(maxsize=1)
def _tokens():
    return zl.tokenize(zl.cases(as_corpus=True), extra_stopwords=zl.casebook.writing_stopwords())


@functools.lru_cache(maxsize=None)
def _main_topic(seed: int) -> int:
    docs = zl.topics(_tokens(), 7, seed=seed).documents()
    return int(docs[docs["id"] == "HB018"]["top_topic"].tolist()[0])


@functools.lru_cache(maxsize=1)
def _chain():
    return zl.load_corpus(ROOT / "corpus" / "reuse")


def _pair_count(min_chars: int, near: bool = False) -> int:
    r = zl.text_reuse(_chain(), min_chars=min_chars, near=near)
    return int(((r["doc_a"] == "01-province-opinion.txt") & (r["doc_b"] == "02-city-plan.txt")).sum())


@functools.lru_cache(maxsize=1)
def _village_strengths() -> list[str]:
    rules = zl.load_corpus(ROOT / "corpus" / "samples" / "02-village-rules.txt")
    return zl.obligation_strength(rules)["strength"].tolist()


def _source(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"])


def test_exercise_ids():
    assert [ex.id for ex in zl.exercises.list_exercises("L09")] == ["L09.1", "L09.2", "L09.3"]


@pytest.mark.parametrize("exercise_id", ["L09.1", "L09.2", "L09.3"])
def test_blank(exercise_id):
    fb = evaluate(exercise_id, ...)
    assert fb.status == "blank"
    assert "还没有作答" in fb.message


# ---- L09.1: the main topic of HB018 in the lesson's model --------------------------------------

def test_l09_1_right():
    right = _main_topic(0)
    fb = evaluate("L09.1", right)
    assert fb.status == "right", fb.message
    assert f"主题 {right}" in fb.message and "HB018" in fb.message
    assert evaluate("L09.1", float(right)).status == "right"


def test_l09_1_wrong():
    right = _main_topic(0)
    other_seed = _main_topic(1)
    if other_seed != right:
        assert "seed=1" in _wrong("L09.1", other_seed)
    assert "1 到 7" in _wrong("L09.1", 9)
    assert "1 到 7" in _wrong("L09.1", 0)
    anything_else = next(t for t in range(1, 8) if t not in (right, other_seed, _main_topic(2)))
    assert "HB018" in _wrong("L09.1", anything_else)
    assert "不要加引号" in _wrong("L09.1", str(right))
    assert "整数" in _wrong("L09.1", "主题4")


# ---- L09.2: exact passages of the province's opinion and the city's plan, min_chars=30 -----------

def test_l09_2_right():
    right = _pair_count(30)
    assert 0 < right < _pair_count(20)  # raising the threshold drops a passage: the point of the exercise
    fb = evaluate("L09.2", right)
    assert fb.status == "right", fb.message
    assert f"有 {right} 段" in fb.message
    assert "标题" in fb.message  # the dropped passage is the title the city's plan quotes


def test_l09_2_wrong():
    assert "min_chars" in _wrong("L09.2", _pair_count(20))
    everything_at_20 = len(zl.text_reuse(_chain()))
    assert everything_at_20 != _pair_count(30)
    assert "两两比较" in _wrong("L09.2", everything_at_20)
    assert "比这多" in _wrong("L09.2", 1)
    assert "比这少" in _wrong("L09.2", 40)
    assert "整数" in _wrong("L09.2", "5")


# ---- L09.3: the strongest obligation in the village rules ------------------------------------------

def test_l09_3_right():
    strengths = _village_strengths()
    right = next(level for level in ("约束性", "指导性", "倡导性") if level in strengths)
    fb = evaluate("L09.3", right)
    assert fb.status == "right", fb.message
    assert evaluate("L09.3", f"“{right}” ").status == "right"


def test_l09_3_wrong():
    strengths = _village_strengths()
    present = [level for level in ("约束性", "指导性", "倡导性") if level in strengths]
    most = max(present, key=strengths.count)
    if most != present[0]:
        assert "出现次数最多" in _wrong("L09.3", most)
    absent = [level for level in ("约束性", "指导性", "倡导性") if level not in strengths]
    for level in absent:
        assert "没有一句" in _wrong("L09.3", level)
    assert "不是一档" in _wrong("L09.3", "未标明")
    assert "三档" in _wrong("L09.3", "强制性")
    assert "字符串" in _wrong("L09.3", 2)


# ---- the checker and the notebook use the same data and settings -----------------------------------

@pytest.mark.parametrize("path", [LESSON, SOLUTION], ids=["lesson", "solution"])
def test_notebook_uses_the_checkers_settings(path):
    src = _source(path)
    assert "zl.tokenize(cases, extra_stopwords=writing_words)" in src
    assert "writing_words = zl.casebook.writing_stopwords()" in src
    assert f"m = zl.topics(toks, {l09.K}, seed={l09.SEED})" in src
    assert 'docs = m.documents()' in src
    assert l09.CASE in src and (path is LESSON or f'docs["id"] == "{l09.CASE}"' in src)
    assert "corpus/reuse\")" in src and "/corpus/samples/02-village-rules.txt" in src
    assert f"min_chars={l09.MIN_CHARS}" in src


def test_solution_answers_are_the_checkers():
    src = _source(SOLUTION)
    assert f"answer = {_main_topic(0)}   # 参考答案" in src
    assert 'answer = "指导性"' in src and evaluate("L09.3", "指导性").ok
