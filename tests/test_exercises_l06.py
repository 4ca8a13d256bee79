"""Exercises of lesson 06 (湖北共同缔造案例分析): right answers pass, typical wrong ones get Chinese feedback."""
from __future__ import annotations

import re

import numpy as np
import pytest

from _helpers import assert_wrong as _wrong

import zhili as zl
from zhili.casebook import STAGES
from zhili.exercises import evaluate, list_exercises

_CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def df():
    return zl.cases()




def test_lesson_has_four_exercises():
    assert [ex.id for ex in list_exercises("L06")] == ["L06.1", "L06.2", "L06.3", "L06.4"]
    for ex in list_exercises("L06"):
        assert ex.hints and _CJK.search(ex.task)


@pytest.mark.parametrize("eid", ["L06.1", "L06.2", "L06.3", "L06.4"])
def test_blank(eid):
    fb = evaluate(eid, ...)
    assert fb.status == "blank"
    assert "还没有作答" in fb.message


def test_rural(df):
    right = int((df["setting"] == "农村").sum())
    assert evaluate("L06.1", right).status == "right"
    assert evaluate("L06.1", np.int64(right)).status == "right"  # what .sum() returns
    assert "城乡" in _wrong("L06.1", int(df["setting"].isin(["农村", "城乡"]).sum()))
    assert "全部" in _wrong("L06.1", len(df))
    assert "城市" in _wrong("L06.1", int((df["setting"] == "城市").sum()))
    assert "整数" in _wrong("L06.1", str(right))
    _wrong("L06.1", True)
    _wrong("L06.1", right + 1)


def test_top_stage(df):
    counts = df[list(STAGES)].sum()
    right = counts.idxmax()
    assert evaluate("L06.2", right).status == "right"
    assert evaluate("L06.2", f" {right} ").status == "right"
    other = counts.drop(right).idxmax()
    assert "还有环节更多" in _wrong("L06.2", other)
    assert "不是五共环节" in _wrong("L06.2", "共同缔造")
    assert "文字" in _wrong("L06.2", int(counts.max()))


def test_top_prefecture(df):
    counts = df.loc[df["prefecture"] != "湖北省", "prefecture"].value_counts()
    winners = counts[counts == counts.max()].index.tolist()
    assert evaluate("L06.3", winners).status == "right"
    assert evaluate("L06.3", tuple(reversed(winners))).status == "right"
    assert evaluate("L06.3", set(winners)).status == "right"
    if len(winners) == 1:
        assert evaluate("L06.3", winners[0]).status == "right"
    else:  # a tie: naming one of them is not enough
        assert "并列" in _wrong("L06.3", winners[0])
    assert "湖北省" in _wrong("L06.3", "湖北省")
    loser = counts.index[-1]
    assert loser in _wrong("L06.3", [*winners, loser])
    assert "没有" in _wrong("L06.3", "宜昌")  # not spelled as in the table
    _wrong("L06.3", 6)


def test_both_stages(df):
    a, b = df["决策共谋"], df["成果共享"]
    right = int((a & b).sum())
    assert evaluate("L06.4", right).status == "right"
    assert evaluate("L06.4", (a & b).sum()).status == "right"
    assert "至少一个" in _wrong("L06.4", int((a | b).sum()))
    assert "一个环节" in _wrong("L06.4", int(a.sum()))
    assert "一个环节" in _wrong("L06.4", int(b.sum()))
    _wrong("L06.4", right + 1)
    _wrong("L06.4", float(right) + 0.5)
    # the lesson's two-step filtering gives the same answer
    first = df[df["决策共谋"] == True]  # noqa: E712 - the form the lesson teaches
    assert evaluate("L06.4", len(first[first["成果共享"] == True])).status == "right"  # noqa: E712
    # the worked example (发展共建 and 成果共享), run unchanged, is told apart
    example = int((df["发展共建"] & df["成果共享"]).sum())
    assert example not in (right, int((a | b).sum()), int(a.sum()), int(b.sum()))
    assert "示范" in _wrong("L06.4", example)


def test_rural_in_the_lessons_form(df):
    assert evaluate("L06.1", len(df[df["setting"] == "农村"])).status == "right"
    assert "城市" in _wrong("L06.1", len(df[df["setting"] == "城市"]))  # the worked example, run unchanged
