"""Lesson 07 exercises: right answers pass, typical wrong answers get a Chinese message, ... is blank."""
from __future__ import annotations

import functools

import pytest

from _helpers import assert_wrong as _wrong

import zhili as zl
from zhili.exercises import evaluate

# the lesson tokenizes the casebook without its writing words (报道, 论文 …), as lesson 03 does
WRITING = zl.casebook.WRITING_STOPWORDS


@functools.lru_cache(maxsize=1)
def _corpus():
    return zl.cases(as_corpus=True)


@functools.lru_cache(maxsize=1)
def _rural_vs_urban():
    corpus = _corpus()
    two = corpus.subset(corpus.docvars["setting"] != "城乡")
    return zl.keyness(zl.tokenize(two, extra_stopwords=WRITING), "农村", by="setting")


@functools.lru_cache(maxsize=1)
def _organisation():
    return zl.keyness(zl.tokenize(_corpus(), extra_stopwords=WRITING), "组织建设", by="domain", min_count=3)






def test_exercise_ids():
    assert [ex.id for ex in zl.exercises.list_exercises("L07")] == ["L07.1", "L07.2", "L07.3", "L07.4"]


@pytest.mark.parametrize("exercise_id", ["L07.1", "L07.2", "L07.3", "L07.4"])
def test_blank(exercise_id):
    fb = evaluate(exercise_id, ...)
    assert fb.status == "blank"
    assert "还没有作答" in fb.message


# ---- L07.1: the most characteristic term of rural cases -------------------------------------

def test_l07_1_right():
    k = _rural_vs_urban()
    right = k["term"].iloc[0]
    assert k["g2"].iloc[0] > 0
    fb = evaluate("L07.1", right)
    assert fb.status == "right", fb.message
    assert evaluate("L07.1", f" “{right}” ").status == "right"


def test_l07_1_wrong():
    k = _rural_vs_urban()
    city_term = k.sort_values("g2")["term"].iloc[0]
    assert "城市" in _wrong("L07.1", city_term)
    assert "第 2 位" in _wrong("L07.1", k["term"].iloc[1])
    assert "不在" in _wrong("L07.1", "不存在的词语")
    _wrong("L07.1", k.head(1))
    _wrong("L07.1", [k["term"].iloc[0]])
    _wrong("L07.1", 1)


# ---- L07.2: sign of a log-ratio --------------------------------------------------------------

def test_l07_2_right():
    k = _rural_vs_urban().set_index("term")
    right = k.loc["党员", "log_ratio"] > 0  # a numpy bool, as the notebook computes it
    assert evaluate("L07.2", right).status == "right"
    assert evaluate("L07.2", bool(right)).status == "right"


def test_l07_2_wrong():
    k = _rural_vs_urban().set_index("term")
    right = bool(k.loc["党员", "log_ratio"] > 0)
    assert "log_ratio" in _wrong("L07.2", not right)
    _wrong("L07.2", float(k.loc["党员", "log_ratio"]))
    _wrong("L07.2", "正" if not right else "负")
    _wrong("L07.2", "True")


# ---- L07.3: the year with the most cases -----------------------------------------------------

def test_l07_3_right():
    counts = _corpus().docvars["year_start"].value_counts()
    right = counts.idxmax()
    assert evaluate("L07.3", int(right)).status == "right"
    assert evaluate("L07.3", right).status == "right"  # numpy integer from value_counts


def test_l07_3_wrong():
    counts = _corpus().docvars["year_start"].value_counts()
    second = int(counts.index[1])
    assert "个" in _wrong("L07.3", second)
    assert "没有" in _wrong("L07.3", 1999)
    assert "引号" in _wrong("L07.3", str(int(counts.idxmax())))
    _wrong("L07.3", counts)
    _wrong("L07.3", True)


# ---- L07.4: the most characteristic term of one domain ---------------------------------------

def test_l07_4_right():
    kd = _organisation()
    assert evaluate("L07.4", kd["term"].iloc[0]).status == "right"


def test_l07_4_wrong():
    kd = _organisation()
    assert "第 2 位" in _wrong("L07.4", kd["term"].iloc[1])
    assert "负数" in _wrong("L07.4", kd.sort_values("g2")["term"].iloc[0])
    assert "不在" in _wrong("L07.4", "不存在的词语")
    _wrong("L07.4", kd)


def test_checks_repeat_no_kit_notes():
    """The notes the student saw in the lesson (keyness counts whole words …) are not printed again by a check."""
    import warnings

    from zhili.exercises import _clear_kit_data

    org, rural = _organisation()["term"].iloc[0], _rural_vs_urban()["term"].iloc[0]
    _clear_kit_data()  # as in a fresh kernel: the check computes its answer now
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert evaluate("L07.4", org).status == "right"
        assert evaluate("L07.1", rural).status == "right"
    assert not [w for w in caught if issubclass(w.category, zl.ZhiliWarning)]
