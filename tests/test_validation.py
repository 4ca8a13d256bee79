"""The validation loop: sample → hand-code → validate (issue 12).

A stratified sample over-represents the units the coding marked, so that precision and recall can
both be estimated; the weights bring the estimates back to the whole corpus.
"""
from __future__ import annotations

import json
import numpy as np
import pandas as pd
import pytest

import zhili as zl

SENTENCES = ["坚持以人民为中心。", "健全基层群众自治制度。", "提升乡镇服务能力。", "今天开了一个会。", "完善网格化管理机制。",
             "引导居民参与社区议事。", "加强社区工作者队伍建设。", "街道召开动员大会。"]


@pytest.fixture(scope="module")
def coded():
    return zl.code_dictionary(SENTENCES * 10)


def test_sample_is_stratified_weighted_and_blind(coded, tmp_path):
    sheet = zl.sample_for_validation(coded, n=20, seed=3)
    assert len(sheet) == 20 and sheet["unit_id"].is_unique
    assert list(sheet.columns) == ["unit_id", "doc_id", "heading_path", "text", "治理理念", "治理能力", "治理体系",
                                   "note", "stratum", "weight"]
    assert sheet[["治理理念", "治理能力", "治理体系"]].isna().all(axis=None)  # blind: the coding is not shown
    assert sheet["weight"].sum() == pytest.approx(len(coded))  # the sample stands for the whole corpus
    strata = coded[["治理理念", "治理能力", "治理体系"]].gt(0).apply(tuple, axis=1)
    assert sheet["stratum"].nunique() == strata.nunique()  # every combination is in the sample
    assert all(v.startswith(("治理", "（无）")) for v in sheet.attrs["strata"].values())
    again = zl.sample_for_validation(coded, n=20, seed=3)
    assert again["unit_id"].tolist() == sheet["unit_id"].tolist()
    assert zl.sample_for_validation(coded, n=20, seed=4)["unit_id"].tolist() != sheet["unit_id"].tolist()


def test_sheet_files_read_back(coded, tmp_path):
    zl.sample_for_validation(coded, n=12, path=tmp_path / "抽样.xlsx")
    zl.sample_for_validation(coded, n=12, path=tmp_path / "抽样.csv")
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "抽样.xlsx")
    assert book.sheetnames == ["待编码", "说明", "溯源"]
    assert [c.value for c in book["待编码"][1]][:4] == ["unit_id", "doc_id", "heading_path", "text"]
    assert "1（是）或 0（否）" in book["说明"]["A2"].value
    # the provenance sheet records the kit, the sample's seed and size
    record = pd.read_excel(tmp_path / "抽样.xlsx", sheet_name="溯源")
    values = dict(zip(record["项目"], record["值"].astype(str)))
    assert values["zhili"] == zl.__version__ and values["抽样种子"] == "0" and values["样本量"] == "12"
    csv = pd.read_csv(tmp_path / "抽样.csv", encoding="utf-8-sig")
    assert len(csv) == 12 and "weight" in csv.columns
    side = json.loads((tmp_path / "抽样.provenance.json").read_text(encoding="utf-8"))
    assert side["params"]["样本量"] == 12
    with pytest.raises(zl.ZhiliError, match=r"\.xlsx"):
        zl.sample_for_validation(coded, n=5, path=tmp_path / "抽样.txt")


def _hand(sheet: pd.DataFrame, truth: dict[str, dict[str, int]]) -> pd.DataFrame:
    """Fill a sheet with the 'true' codes of its sentences."""
    hand = sheet.copy()
    for cat in ("治理理念", "治理能力", "治理体系"):
        hand[cat] = [truth[t][cat] for t in hand["text"]]
    return hand


# the scholar's view: 引导居民参与社区议事 is capacity, 街道召开动员大会 is capacity too (the dictionary disagrees)
TRUTH = {
    "坚持以人民为中心。": {"治理理念": 1, "治理能力": 0, "治理体系": 0},
    "健全基层群众自治制度。": {"治理理念": 0, "治理能力": 0, "治理体系": 1},
    "提升乡镇服务能力。": {"治理理念": 0, "治理能力": 1, "治理体系": 0},
    "今天开了一个会。": {"治理理念": 0, "治理能力": 0, "治理体系": 0},
    "完善网格化管理机制。": {"治理理念": 0, "治理能力": 0, "治理体系": 1},
    "引导居民参与社区议事。": {"治理理念": 0, "治理能力": 1, "治理体系": 0},
    "加强社区工作者队伍建设。": {"治理理念": 0, "治理能力": 1, "治理体系": 0},
    "街道召开动员大会。": {"治理理念": 0, "治理能力": 1, "治理体系": 0},
}


def test_weighted_validation_estimates_the_whole_corpus(coded):
    # the truth on every unit, for reference
    full = coded[["unit_id", "text"]].copy()
    for cat in ("治理理念", "治理能力", "治理体系"):
        full[cat] = [TRUTH[t][cat] for t in full["text"]]
    everything = zl.validate_dictionary(coded, full).set_index("category")
    assert not bool(everything["weighted"].any())
    # a sample of every unit: weights of 1, the corpus figures exactly
    whole = zl.validate_dictionary(coded, _hand(zl.sample_for_validation(coded, n=len(coded)), TRUTH))
    assert whole["recall"].to_numpy() == pytest.approx(everything["recall"].to_numpy(), nan_ok=True)
    # a stratified sample: precision and recall are the weighted shares, P = Σw·TP / Σw·(coded)
    sheet = zl.sample_for_validation(coded, n=24, seed=0)
    hand = _hand(sheet, TRUTH)
    sample = zl.validate_dictionary(coded, hand).set_index("category")
    assert bool(sample["weighted"].all())
    d = coded.set_index("unit_id").loc[hand["unit_id"], "治理能力"].to_numpy() > 0
    y, w = hand["治理能力"].to_numpy() == 1, hand["weight"].to_numpy()
    assert sample.loc["治理能力", "precision"] == pytest.approx(w[y & d].sum() / w[d].sum())
    assert sample.loc["治理能力", "recall"] == pytest.approx(w[y & d].sum() / w[y].sum())
    row = sample.loc["治理能力"]
    assert row["precision_low"] <= row["precision"] <= row["precision_high"]
    assert row["recall_low"] <= row["recall"] <= row["recall_high"]
    assert row["recall_low"] <= everything.loc["治理能力", "recall"] <= row["recall_high"]
    unweighted = zl.validate_dictionary(coded, hand, weights=None).set_index("category")
    assert unweighted.loc["治理能力", "recall"] == pytest.approx(d[y].mean())


def test_intervals_are_reproducible(coded):
    sheet = zl.sample_for_validation(coded, n=24, seed=0)
    a = zl.validate_dictionary(coded, _hand(sheet, TRUTH), seed=5)
    b = zl.validate_dictionary(coded, _hand(sheet, TRUTH), seed=5)
    pd.testing.assert_frame_equal(a, b)


def test_blank_cells_are_left_out_and_text_labels_named(coded):
    sheet = zl.sample_for_validation(coded, n=16, seed=0)
    hand = _hand(sheet, TRUTH)
    hand.loc[hand.index[:3], "治理能力"] = pd.NA
    result = zl.validate_dictionary(coded, hand).set_index("category")
    assert result.loc["治理能力", "n"] == 13 and result.loc["治理理念", "n"] == 16
    hand["治理体系"] = hand["治理体系"].astype(object)
    hand.loc[hand.index[1], "治理体系"] = "是"
    with pytest.raises(zl.ZhiliError, match="治理体系") as err:
        zl.validate_dictionary(coded, hand)
    assert hand.loc[hand.index[1], "unit_id"] in str(err.value) and "1 或 0" in str(err.value)


def test_bad_validation_input(coded):
    sheet = zl.sample_for_validation(coded, n=8, seed=0)
    hand = _hand(sheet, TRUTH)
    with pytest.raises(zl.ZhiliError, match="不在编码表中"):
        zl.validate_dictionary(coded, hand.assign(unit_id="别的#s1" + hand["unit_id"]))
    with pytest.raises(zl.ZhiliError, match="没有类别"):
        zl.validate_dictionary(coded, hand, category="治理效能")
    with pytest.raises(zl.ZhiliError, match="权重"):
        zl.validate_dictionary(coded, hand, weights="抽样权重")
    with pytest.raises(zl.ZhiliError, match="stratify"):
        zl.sample_for_validation(coded, stratify="年份")
    with pytest.raises(zl.ZhiliError, match="n="):
        zl.sample_for_validation(coded, n=0)


def test_simple_random_sample_has_equal_weights(coded):
    sheet = zl.sample_for_validation(coded, n=10, stratify=None, seed=0)
    assert np.allclose(sheet["weight"], len(coded) / 10) and set(sheet["stratum"]) == {"层1"}
