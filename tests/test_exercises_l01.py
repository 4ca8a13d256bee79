"""Lesson 01 exercises: right answers pass, typical wrong answers get Chinese feedback, ``...`` is blank."""
import re

import pytest

from _helpers import assert_wrong as _wrong

import zhili as zl
from zhili.exercises import evaluate, list_exercises

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def fw():
    return zl.framework()


@pytest.fixture(scope="module")
def right(fw):
    """The right answer of each exercise, computed from the framework."""
    stages = fw.children("五共")
    return {
        "L01.1": len(fw.find("四权同下").members),
        "L01.2": next(p for p in fw.path("村湾夜话") if p in stages),
        "L01.3": fw.path("群众自治能力")[0],
        "L01.4": len(fw.elements(section="二(三)")),
    }


def test_lesson_has_four_exercises():
    assert [ex.id for ex in list_exercises("L01")] == ["L01.1", "L01.2", "L01.3", "L01.4"]
    for ex in list_exercises("L01"):
        assert CJK.search(ex.task) and ex.hints and all(CJK.search(h) for h in ex.hints)


@pytest.mark.parametrize("exercise_id", ["L01.1", "L01.2", "L01.3", "L01.4"])
def test_blank(exercise_id):
    fb = evaluate(exercise_id, ...)
    assert fb.status == "blank" and not fb.ok
    assert "还没有作答" in fb.message and "提示" in fb.message


@pytest.mark.parametrize("exercise_id", ["L01.1", "L01.2", "L01.3", "L01.4"])
def test_right(exercise_id, right):
    fb = evaluate(exercise_id, right[exercise_id])
    assert fb.status == "right", fb.message
    assert "✓" in fb.message


def test_right_in_other_forms(fw, right):
    import numpy as np

    assert evaluate("L01.1", np.int64(right["L01.1"])).ok
    assert evaluate("L01.1", float(right["L01.1"])).ok
    assert evaluate("L01.2", f" “{right['L01.2']}” ").ok          # Chinese quotes and spaces trimmed
    assert evaluate("L01.2", fw.find(right["L01.2"])).ok           # what fw.find returns
    assert evaluate("L01.3", fw.find(right["L01.3"]).id).ok        # an id names the element too
    listed = fw.sections.set_index("code").loc["二(三)", "n_elements"]
    assert evaluate("L01.4", listed).ok                            # read from fw.sections




def test_l01_1_wrong(right):
    n = right["L01.1"]
    _wrong("L01.1", n + 1, "多数了一个")
    _wrong("L01.1", n - 2, f"你填的是 {n - 2}")
    _wrong("L01.1", str(n), "不要加引号")
    _wrong("L01.1", "四", "数字")
    _wrong("L01.1", True, "数字")
    _wrong("L01.1", 3.5, "整数")
    _wrong("L01.1", [n], "整数")


def test_l01_2_wrong(fw, right):
    _wrong("L01.2", "五共", "总称")
    _wrong("L01.2", "村湾夜话", "做法本身")
    _wrong("L01.2", "共同缔造", "层级太高")
    other = [s for s in fw.children("五共") if s != right["L01.2"]][0]
    _wrong("L01.2", other, "不在它下面")
    _wrong("L01.2", "拓宽参与渠道", "不是五共的环节")
    _wrong("L01.2", "决策", "错字")
    _wrong("L01.2", "", "空的")
    _wrong("L01.2", 1, "文字")
    _wrong("L01.2", fw.children("五共"), "列表")


def test_l01_3_wrong(fw, right):
    _wrong("L01.3", "群众自治能力", "自己的名字")
    _wrong("L01.3", "多元共治合力", "不是维度")
    other = [d for d in ("治理理念", "治理能力", "治理体系") if d != right["L01.3"]][0]
    _wrong("L01.3", other, "不在它下面")
    _wrong("L01.3", "能力", "三个维度是")
    _wrong("L01.3", fw.path("群众自治能力"), "列表")


def test_l01_4_wrong(fw, right):
    n = right["L01.4"]
    _wrong("L01.4", len(fw.elements(section="二")), "整个第二部分")
    _wrong("L01.4", len(fw), "全部要素")
    paragraphs = int(fw.sections.set_index("code").loc["二(三)", "paragraphs"])
    assert paragraphs == 3
    _wrong("L01.4", paragraphs, "段落数（paragraphs 列")  # the other number in that row of fw.sections
    _wrong("L01.4", n - 5, "比它大")
    _wrong("L01.4", n + 5, "比它小")
    _wrong("L01.4", str(n), "不要加引号")


def test_check_prints_message(capsys, right):
    zl.exercises.check("L01.2", right["L01.2"])
    assert "✓" in capsys.readouterr().out
