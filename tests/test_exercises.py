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
