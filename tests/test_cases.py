"""Tests for the Hubei 共同缔造 casebook (corpus/cases) and its loader zhili.casebook."""
from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import zhili as zl
from zhili import ZhiliError
from zhili import casebook as cb
from zhili.casebook import STAGES, CaseError, validate_case

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "corpus" / "cases"
TEMPLATE = ROOT / "corpus" / "templates" / "case-template.md"
CASE_FILES = sorted(p for p in CASES.glob("*.md") if p.name.lower() != "readme.md")
CASE_IDS = [p.name.split("-")[0] for p in CASE_FILES]


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return zl.cases()


# ----------------------------------------------------------------------------- the corpus itself


@pytest.mark.parametrize("path", CASE_FILES, ids=CASE_IDS)
def test_every_case_validates(path: Path) -> None:
    row = validate_case(path)
    assert row["id"] == path.name[:5]


def test_at_least_thirty_cases_from_five_prefectures(df: pd.DataFrame) -> None:
    assert len(df) >= 30
    prefectures = set(df["prefecture"]) - {"湖北省"}
    assert len(prefectures) >= 5, prefectures


def test_all_domains_and_settings_present(df: pd.DataFrame) -> None:
    assert set(df["domain"]) == set(cb.DOMAINS)
    assert set(df["setting"]) <= set(cb.SETTINGS)
    assert {"城市", "农村"} <= set(df["setting"])


def test_ids_unique_and_sorted(df: pd.DataFrame) -> None:
    assert df["id"].is_unique
    assert list(df["id"]) == sorted(df["id"])
    assert all(re.fullmatch(r"HB\d{3}", i) for i in df["id"])
    assert all(f.startswith(i + "-") for i, f in zip(df["id"], df["file"]))


def test_narratives_within_length(df: pd.DataFrame) -> None:
    assert df["n_chars"].between(cb.NARRATIVE_MIN, cb.NARRATIVE_MAX).all()
    recount = df["narrative"].map(lambda t: len(re.sub(r"\s+", "", t)))
    assert (recount == df["n_chars"]).all()


def test_every_figure_has_a_source(df: pd.DataFrame) -> None:
    for _, row in df.iterrows():
        ids = {s["id"] for s in row["sources"]}
        for fig in row["figures"]:
            assert {"label", "value", "unit", "source"} <= set(fig), (row["id"], fig)
            assert fig["source"] in ids, (row["id"], fig)


def test_every_narrative_number_is_a_registered_figure(df: pd.DataFrame) -> None:
    for _, row in df.iterrows():
        values = [float(f["value"]) for f in row["figures"]]
        for tok in cb.narrative_numbers(row["narrative"]):
            assert any(abs(float(tok) - v) < 1e-9 for v in values), (row["id"], tok)


def test_every_source_is_citable(df: pd.DataFrame) -> None:
    for _, row in df.iterrows():
        assert row["sources"], row["id"]
        for src in row["sources"]:
            assert src.get("title") and src.get("publisher") and src.get("date"), (row["id"], src)
            if "ref" in src:
                assert src["ref"] in cb.KNOWN_REFS
            else:
                assert re.match(r"^https?://", src["url"]), (row["id"], src)


def test_stage_columns_make_a_heatmap_matrix(df: pd.DataFrame) -> None:
    expected = {"id", "title", "prefecture", "county", "township", "village", "setting", "years",
                "year_start", "year_end", "domain", "level", "actors", "measures", "stages",
                "elements", "figures", "outcomes", "sources", "narrative", "n_chars", "file"}
    assert expected <= set(df.columns)
    heat = df.set_index("title")[list(STAGES)].astype(int)
    assert heat.shape == (len(df), 5)
    assert set(heat.values.ravel()) <= {0, 1}
    for _, row in df.iterrows():
        assert [row[s] for s in STAGES] == [s in row["stages"] for s in STAGES]
        assert row["year_start"] == min(row["years"]) and row["year_end"] == max(row["years"])
    assert heat.sum().gt(0).all(), "每个五共环节至少要有一个案例"


def test_heatmap_can_be_drawn(df: pd.DataFrame) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    heat = df.set_index("id")[list(STAGES)].astype(int)
    fig, ax = plt.subplots(figsize=(4, 8))
    ax.imshow(heat.values, aspect="auto", cmap="Greens")
    ax.set_xticks(range(5))
    ax.set_yticks(range(len(heat)))
    plt.close(fig)


@pytest.mark.skipif(importlib.util.find_spec("zhili.theory") is None, reason="zhili.theory 尚未提供，跳过要素名称核对")
def test_elements_exist_in_framework(df: pd.DataFrame) -> None:
    fw = zl.framework()
    for _, row in df.iterrows():
        for name in row["elements"]:
            assert fw.find(name) is not None, (row["id"], name)


def test_narratives_do_not_copy_the_reference_paper(df: pd.DataFrame) -> None:
    paper = ROOT.parent / "shared" / "reference" / "000_b354bc0d3fbe689d.txt"
    if not paper.is_file():
        pytest.skip("参考论文不在本机，跳过抄录检查")
    k = 26
    text = re.sub(r"\s+", "", paper.read_text(encoding="utf-8"))
    grams = {text[i:i + k] for i in range(len(text) - k + 1)}
    for _, row in df.iterrows():
        own = re.sub(r"\s+", "", row["narrative"] + "".join(row["measures"]) + "".join(row["outcomes"]))
        copied = [own[i:i + k] for i in range(len(own) - k + 1) if own[i:i + k] in grams]
        assert not copied, (row["id"], copied[:1])


def test_folder_loads_through_load_corpus(df: pd.DataFrame) -> None:
    corpus_mod = pytest.importorskip("zhili.corpus")
    corpus = corpus_mod.load_corpus(CASES)
    assert len(corpus.docs) == len(df)
    assert {"doc_id", "text"} <= set(corpus.docs.columns)


def test_as_corpus_has_case_fields_as_docvars(df: pd.DataFrame) -> None:
    pytest.importorskip("zhili.corpus")
    corpus = zl.cases(as_corpus=True)
    docs = corpus.docs
    assert len(docs) == len(df)
    for col in ("id", "prefecture", "domain", "setting", *STAGES):
        assert col in docs.columns
    assert sorted(docs["id"]) == sorted(df["id"])


# ----------------------------------------------------------------------------- the template


def test_template_is_outside_cases_and_valid(tmp_path: Path) -> None:
    assert TEMPLATE.is_file() and TEMPLATE.parent != CASES
    shutil.copy(TEMPLATE, tmp_path / "HB901-local-example.md")
    out = zl.cases(tmp_path)
    assert list(out["id"]) == ["HB901"]


# ----------------------------------------------------------------------------- validation errors


def _good_case(tmp_path: Path) -> Path:
    dst = tmp_path / "HB001-yidu-chenjiagang.md"
    shutil.copy(CASES / "HB001-yidu-chenjiagang.md", dst)
    return dst


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_error_names_file_and_figure_source(tmp_path: Path) -> None:
    path = _good_case(tmp_path)
    _edit(path, "value: 22, unit: 家, source: S1", "value: 22, unit: 家, source: S9")
    with pytest.raises(CaseError) as info:
        zl.cases(tmp_path)
    msg = str(info.value)
    assert "HB001-yidu-chenjiagang.md" in msg and "figures[4].source" in msg and "S9" in msg
    assert info.value.field == "figures[4].source"


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("domain: 产业发展与集体经济", "domain: 经济", "domain"),
        ("setting: 农村", "setting: 乡村", "setting"),
        ("years: [2022, 2023, 2024]", "years: [2010]", "years[0]"),
        ("id: HB001", "id: HB002", "id"),
        ("  发展共建: 农户", "  共同发展: 农户", "stages.共同发展"),
        ("{label: 家庭农场, value: 10, unit: 家, source: S1}", "{label: 家庭农场, value: 十, unit: 家, source: S1}", "figures[2].value"),
        ("    date: 2024-11-29\n    section", "    date: 去年\n    section", "sources[0].date"),
        ("title: 宜都市陈家岗村：围绕柑橘产业链组织农户\n", "", "title"),
    ],
)
def test_errors_name_the_field(tmp_path: Path, old: str, new: str, field: str) -> None:
    path = _good_case(tmp_path)
    _edit(path, old, new)
    with pytest.raises(CaseError) as info:
        validate_case(path)
    assert info.value.field == field
    assert path.name in str(info.value)


def test_source_needs_url_or_ref(tmp_path: Path) -> None:
    path = _good_case(tmp_path)
    _edit(path, "    ref: mouwei2024\n", "")
    with pytest.raises(CaseError, match=r"sources\[0\]\.url"):
        validate_case(path)


def test_narrative_too_short(tmp_path: Path) -> None:
    path = _good_case(tmp_path)
    text = path.read_text(encoding="utf-8")
    head, _ = text.rsplit("---\n", 1)
    path.write_text(head + "---\n很短的叙述。\n", encoding="utf-8")
    with pytest.raises(CaseError, match="长度"):
        validate_case(path)


def test_unregistered_number_in_narrative(tmp_path: Path) -> None:
    path = _good_case(tmp_path)
    _edit(path, "共3个，", "共3个（覆盖97户），")
    with pytest.raises(CaseError, match="97"):
        validate_case(path)


def test_years_months_and_hotline_are_not_figures() -> None:
    text = "2023年10月12日，宜都的12345热线受理诉求30411件，满意率99.6%，2019—2024年间。"
    assert cb.narrative_numbers(text) == ["30411", "99.6"]


def test_duplicate_ids_across_folder(tmp_path: Path) -> None:
    path = _good_case(tmp_path)
    shutil.copy(path, tmp_path / "HB001-copy.md")
    with pytest.raises(CaseError, match="重复"):
        zl.cases(tmp_path)


def test_bad_file_name(tmp_path: Path) -> None:
    path = _good_case(tmp_path)
    path.rename(tmp_path / "HB001_Chenjiagang.md")
    with pytest.raises(CaseError, match="文件名"):
        zl.cases(tmp_path)


def test_missing_front_matter_and_bad_yaml(tmp_path: Path) -> None:
    path = tmp_path / "HB001-x.md"
    path.write_text("没有头部的文件\n", encoding="utf-8")
    with pytest.raises(CaseError, match="YAML"):
        validate_case(path)
    path.write_text("---\nid: [HB001\n---\n正文\n", encoding="utf-8")
    with pytest.raises(CaseError, match="YAML"):
        validate_case(path)


def test_validate_false_only_parses(tmp_path: Path) -> None:
    path = _good_case(tmp_path)
    _edit(path, "domain: 产业发展与集体经济", "domain: 经济")
    out = zl.cases(tmp_path, validate=False)
    assert out.loc[0, "domain"] == "经济"


def test_missing_folders_raise_chinese_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ZhiliError, match="找不到案例文件夹"):
        zl.cases(tmp_path / "nope")
    with pytest.raises(ZhiliError, match="没有案例文件"):
        zl.cases(tmp_path)
    monkeypatch.setattr(cb, "default_cases_path", lambda: tmp_path / "gone")
    with pytest.raises(ZhiliError, match="corpus/cases"):
        zl.cases()
    assert not issubclass(ZhiliError, CaseError) and issubclass(CaseError, ZhiliError)


@pytest.mark.skipif(importlib.util.find_spec("zhili.theory") is None, reason="zhili.theory 尚未提供，跳过要素名称核对")
def test_unknown_element_is_rejected(tmp_path: Path) -> None:
    path = _good_case(tmp_path)
    _edit(path, "elements: [共同缔造,", "elements: [共同缔造论,")
    with pytest.raises(CaseError) as info:
        validate_case(path)
    assert info.value.field == "elements[0]"
