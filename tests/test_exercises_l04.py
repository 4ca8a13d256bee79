"""Lesson 04 (用理论框架编码文本): right answers pass, typical wrong ones get Chinese feedback."""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import zhili as zl
from zhili.exercises import evaluate
from zhili.exercises.l04 import CODER_A, CODER_B, SAMPLE_CASE, SENTENCE_CATEGORY

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def coded():
    toks = zl.tokenize(zl.cases(as_corpus=True), unit="sentence")
    return {level: zl.code_framework(toks, level=level) for level in ("stage", "dimension", "theory")}


@pytest.fixture(scope="module")
def labels(coded):
    stage = coded["stage"]
    sample = stage[stage["doc_id"].str.startswith(SAMPLE_CASE)]
    return sample["categories"].replace("", "无").tolist()


@pytest.mark.parametrize("exercise_id", ["L04.1", "L04.2", "L04.3"])
def test_blank(exercise_id):
    fb = evaluate(exercise_id, ...)
    assert fb.status == "blank" and "还没有作答" in fb.message


def test_l04_1_sentences_not_hits(coded):
    dim = coded["dimension"]
    column = dim[SENTENCE_CATEGORY]
    right = int((column > 0).sum())
    hits = int(column.sum())
    # the lesson's point (section 2.1) is "sentences, not hits": the exercise's category must tell them apart
    assert hits != right, "L04.1 needs a category with sentences of two or more hits (re-check lesson 04)"
    assert evaluate("L04.1", right).ok
    assert evaluate("L04.1", len(dim[dim[SENTENCE_CATEGORY] > 0])).ok  # the lesson's form of the answer
    example = len(dim[dim["治理能力"] > 0])  # the worked example of section 2.1, run unchanged
    assert example != right
    assert "示范" in evaluate("L04.1", example).message
    for wrong, fragment in [(hits, "命中次数"), (len(dim), "全部句子"),
                            (int((dim["categories"] != "").sum()), "任一维度"),
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


def test_coder_labels_follow_the_sample_case(labels):
    """甲 and 乙 label every sentence of the sample case: one label per sentence, in order."""
    assert len(labels) == len(CODER_A) == len(CODER_B)
    assert sum(a != b for a, b in zip(CODER_A, CODER_B)) == 2  # the lesson discusses two disagreements


def test_hand_codes_match_the_lessons_sample(coded):
    """corpus/handcodes/theory-sample.csv codes exactly the 30 sentences lesson 04 draws (n=30, seed=1).

    Rows are matched on unit_id and the sentence text: when a case's narrative changes, its sentence
    numbers shift, and hand codes must be redone rather than silently attached to other sentences.
    """
    import pandas as pd

    codes = pd.read_csv(ROOT / "corpus" / "handcodes" / "theory-sample.csv")
    assert list(codes.columns) == ["unit_id", "text", "治理理念", "治理能力", "治理体系", "note"]
    theory = coded["theory"]
    sheet = zl.sample_for_validation(theory, n=30, seed=1)
    assert sorted(sheet["unit_id"]) == sorted(codes["unit_id"]), "re-sample and re-code (lesson 04, 选学 D)"
    text = dict(zip(theory["unit_id"], theory["text"]))
    changed = [u for u, t in zip(codes["unit_id"], codes["text"]) if text.get(u) != t]
    assert not changed, f"sentences changed since they were hand-coded: {changed}"
    for column in ("治理理念", "治理能力", "治理体系"):
        assert set(codes[column]) <= {0, 1}
    assert codes["note"].notna().all() and (codes["note"].str.len() > 0).all(), "every code has a reason"
    # lesson 04 trains a coder with folds=4: every category needs at least 4 ones and 4 zeros
    for column in ("治理理念", "治理能力", "治理体系"):
        assert 4 <= codes[column].sum() <= len(codes) - 4, column
