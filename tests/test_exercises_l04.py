"""Lesson 04 (用理论框架编码文本): right answers pass, typical wrong ones get Chinese feedback."""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import zhili as zl
from zhili.exercises import evaluate
from zhili.exercises.l04 import CODER_A, CODER_B, SAMPLE_CASE

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def coded():
    toks = zl.tokenize(zl.cases(as_corpus=True), unit="sentence")
    return {level: zl.code_framework(toks, level=level) for level in ("stage", "dimension")}


@pytest.fixture(scope="module")
def labels(coded):
    stage = coded["stage"]
    sample = stage[stage["doc_id"].str.startswith(SAMPLE_CASE)]
    return sample["categories"].replace("", "无").tolist()


@pytest.mark.parametrize("exercise_id", ["L04.1", "L04.2", "L04.3"])
def test_blank(exercise_id):
    fb = evaluate(exercise_id, ...)
    assert fb.status == "blank" and "还没有作答" in fb.message


def test_l04_1_sentences_with_stage(coded):
    stage = coded["stage"]
    right = int((stage["发展共建"] > 0).sum())
    assert evaluate("L04.1", right).ok
    hits = int(stage["发展共建"].sum())
    # The lesson's point is "sentences, not hits"; when no sentence has two hits the two counts
    # coincide and that wrong answer cannot be told apart (re-check lesson 04 when the casebook changes).
    wrong_answers = [(hits, "命中次数")] if hits != right else []
    for wrong, fragment in [*wrong_answers, (len(stage), "全部句子"),
                            (int((stage["categories"] != "").sum()), "任一环节"),
                            (right + 100, "不符"), (str(right), "整数"), (True, "整数"), (float(right) + 0.5, "整数")]:
        fb = evaluate("L04.1", wrong)
        assert fb.status == "wrong" and fragment in fb.message, (wrong, fb.message)


def test_l04_2_kappa(labels):
    row = zl.coding_agreement(CODER_B, labels).iloc[0]
    kappa = round(float(row["cohen_kappa"]), 2)
    assert evaluate("L04.2", kappa).ok
    assert evaluate("L04.2", float(row["cohen_kappa"])).ok  # unrounded is fine too
    kappa_a = round(float(zl.coding_agreement(CODER_A, labels).iloc[0]["cohen_kappa"]), 2)
    assert kappa_a != kappa
    for wrong, fragment in [(round(float(row["agreement"]), 2), "观察一致率"),
                            (round(float(row["krippendorff_alpha"]), 2), "Krippendorff"),
                            (kappa_a, "甲"), (0.99, "cohen_kappa"), ("0.09", "数"), (None, "数")]:
        fb = evaluate("L04.2", wrong)
        assert fb.status == "wrong" and fragment in fb.message, (wrong, fb.message)


def test_l04_3_densest_dimension(coded):
    density = zl.framework_profile(coded["dimension"], by="id", measure="density").loc["HB016"]
    right = density.idxmax()
    assert evaluate("L04.3", right).ok
    assert evaluate("L04.3", f" {right} ").ok
    assert right != "共同缔造"
    assert "多数案例" in evaluate("L04.3", "共同缔造").message
    other = next(c for c in density.index if c not in (right, "共同缔造"))
    for wrong, fragment in [(other, "还有维度更高"), ("决策共谋", "不是维度"), (3, "文字")]:
        fb = evaluate("L04.3", wrong)
        assert fb.status == "wrong" and fragment in fb.message, (wrong, fb.message)


@pytest.mark.parametrize("name", ["notebooks/04-coding.ipynb", "teacher/solutions/04-coding.ipynb"])
def test_notebook_hand_coding_matches_the_exercise_data(name):
    """The coders' labels written as data in the lesson are the ones L04.2 checks against."""
    nb = json.loads((ROOT / name).read_text(encoding="utf-8"))
    found = {}
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.parse("".join(cell["source"])).body:
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) \
                    and node.targets[0].id in ("coder_a", "coder_b"):
                found[node.targets[0].id] = ast.literal_eval(node.value)
    assert found == {"coder_a": CODER_A, "coder_b": CODER_B}
