"""zhili.exercises: checked exercises with Chinese feedback (issue 7), and lesson 00's exercises."""
from __future__ import annotations

import pytest

import zhili as zl
from zhili.exercises import evaluate


def test_blank_answer_runs_and_says_what_to_do(capsys):
    zl.exercises.check("L00.1", ...)
    out = capsys.readouterr().out
    assert "还没有作答" in out and "..." in out and "提示" in out


@pytest.mark.parametrize("answer,fragment", [(5, "你填的是 5"), ("6", "数字"), (True, "数字"), ([6], "数字")])
def test_wrong_answers_get_chinese_feedback_not_tracebacks(answer, fragment):
    fb = evaluate("L00.1", answer)
    assert fb.status == "wrong" and fragment in fb.message and "提示" in fb.message


def test_right_answers():
    assert evaluate("L00.1", 6).ok
    corpus = zl.load_corpus("corpus/samples")
    assert evaluate("L00.2", len(corpus)).ok
    assert evaluate("L00.2", len(corpus) + 1).status == "wrong"


def test_a_check_that_crashes_still_gives_feedback(monkeypatch):
    from zhili.exercises import Exercise, l00

    def broken(answer):
        return answer.no_such_attribute

    monkeypatch.setattr(l00, "EXERCISES", [Exercise("L00.1", "x", broken, ("h",))])
    fb = evaluate("L00.1", 1)
    assert fb.status == "wrong" and "形式不对" in fb.message


@pytest.mark.parametrize("bad", ["L1.1", "03.1", "L99.1", "L00.9"])
def test_unknown_ids_are_clear_errors(bad):
    with pytest.raises(zl.ZhiliError):
        evaluate(bad, 1)


# ---- issue 10: when the kit fails, the student is not told the answer is wrong ----------------

import importlib  # noqa: E402
import sqlite3  # noqa: E402

import pandas as pd  # noqa: E402

from zhili.exercises import KitProblem, kit_data, list_exercises  # noqa: E402

LESSONS = [f"L{i:02d}" for i in range(10)]

# One answer of the right form for every exercise whose expected value comes from the kit's data.
WELL_FORMED = {
    "L00.2": 3,
    "L01.1": 3, "L01.2": "决策共谋", "L01.3": "治理能力", "L01.4": 3,
    "L02.1": "UTF-8", "L02.2": 3, "L02.3": ["坚持", "共同缔造"], "L02.4": True,
    "L03.1": "社区", "L03.2": 3, "L03.3": "社区", "L03.4": "社区",
    "L04.1": 3, "L04.2": 0.35, "L04.3": "治理能力",
    "L05.1": "社区", "L05.2": 3, "L05.3": 3,
    "L06.1": 3, "L06.2": "决策共谋", "L06.3": ["宜昌市", "武汉市"], "L06.4": 3,
    "L07.1": "社区", "L07.2": True, "L07.3": 2020, "L07.4": "社区",
    "L08.1": "1a2b3c4d", "L08.2": 3,
    "L09.1": 3, "L09.2": 3, "L09.3": "指导性",
}
ODD = {"a table": pd.DataFrame({"term": ["社区"], "n": [3]}), "None": None, "a list of numbers": [1, 2]}


def _module(exercise_id):
    return importlib.import_module(f"zhili.exercises.l{exercise_id[1:3]}")


def _break_data(monkeypatch, module, error):
    """Replace every data helper of ``module`` by one that raises ``error``."""
    def broken(*args, **kwargs):
        raise error

    helpers = [name for name, obj in vars(module).items() if getattr(obj, "__kit_data__", False)]
    assert helpers, module.__name__
    for name in helpers:
        monkeypatch.setattr(module, name, kit_data(broken))


def _assert_kit_problem(fb, *fragments):
    assert fb.status == "error" and not fb.ok, fb.message
    assert "这不是你的答案的问题" in fb.message and "✗" not in fb.message and "Traceback" not in fb.message
    for fragment in ("重启内核", "从本课第一格起", "ZHILI_CACHE_DIR", "make lab", "任课教师", *fragments):
        assert fragment in fb.message, fb.message


def test_every_data_exercise_has_a_well_formed_answer_here():
    ids = {ex.id for lesson in LESSONS for ex in list_exercises(lesson)}
    assert ids - {"L00.1"} == set(WELL_FORMED)  # L00.1 (2 × 3) needs no data


@pytest.mark.parametrize("exercise_id", sorted(WELL_FORMED))
def test_kit_failure_is_reported_as_the_kits_problem(monkeypatch, exercise_id):
    _break_data(monkeypatch, _module(exercise_id),
                PermissionError(13, "Permission denied", "/home/student/.cache/zhili/tokens-v4.sqlite"))
    fb = evaluate(exercise_id, WELL_FORMED[exercise_id])
    _assert_kit_problem(fb, "PermissionError", "Permission denied")


@pytest.mark.parametrize("exercise_id", sorted(WELL_FORMED))
@pytest.mark.parametrize("odd", sorted(ODD))
def test_odd_answers_are_still_the_students_even_when_the_kit_fails(monkeypatch, exercise_id, odd):
    _break_data(monkeypatch, _module(exercise_id), PermissionError(13, "Permission denied"))
    fb = evaluate(exercise_id, ODD[odd])
    assert fb.status == "wrong", fb.message
    assert "这不是你的答案的问题" not in fb.message


@pytest.mark.parametrize("exercise_id, right, wrong", [
    ("L00.2", lambda: len(zl.load_corpus("corpus/samples")), lambda: 99),
    ("L03.1", lambda: _module("L03.1").top_term(), lambda: "乡村"),
])
def test_right_and_wrong_answers_both_get_the_kit_problem(monkeypatch, exercise_id, right, wrong):
    right, wrong = right(), wrong()
    assert evaluate(exercise_id, right).ok
    _break_data(monkeypatch, _module(exercise_id), PermissionError(13, "Permission denied"))
    for answer in (right, wrong):
        _assert_kit_problem(evaluate(exercise_id, answer), "PermissionError")
    monkeypatch.undo()  # the problem is fixed: nothing wrong was cached
    assert evaluate(exercise_id, right).ok


def test_any_failure_inside_a_data_helper_is_the_kits_problem(monkeypatch):
    from zhili.exercises import l00

    def missing_column():
        raise KeyError("n_elements")

    monkeypatch.setattr(l00, "_n_sample_documents", kit_data(missing_column))
    _assert_kit_problem(evaluate("L00.2", 3), "KeyError", "n_elements")


def test_environment_failures_anywhere_in_a_check_are_the_kits_problem(monkeypatch):
    from zhili.exercises import Exercise, l00

    def broken_cache(answer):
        raise sqlite3.OperationalError("database disk image is malformed\nmore detail")

    monkeypatch.setattr(l00, "EXERCISES", [Exercise("L00.1", "x", broken_cache, ("h",))])
    fb = evaluate("L00.1", 6)
    _assert_kit_problem(fb, "OperationalError: database disk image is malformed")
    assert "more detail" not in fb.message  # first line only


def test_kit_data_caches_and_wraps():
    calls = []

    @kit_data
    def helper(x):
        calls.append(x)
        if x < 0:
            raise ValueError("negative")
        return x * 2

    assert helper(2) == helper(2) == 4 and calls == [2]
    with pytest.raises(KitProblem) as err:
        helper(-1)
    assert isinstance(err.value.cause, ValueError) and err.value.helper.endswith("helper")

    @kit_data
    def outer():
        return helper(-1)

    with pytest.raises(KitProblem) as err:  # the innermost cause is kept
        outer()
    assert err.value.helper.endswith("helper")
