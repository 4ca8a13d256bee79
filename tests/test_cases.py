"""Tests for the Hubei 共同缔造 casebook (corpus/cases) and its loader zhili.casebook."""
from __future__ import annotations

import importlib.util
import re
import shutil
import unicodedata
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
def test_every_case_validates(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # always the strict checks, even for cases that other tests read leniently (see conftest.py)
    monkeypatch.setattr(cb, "_check_provenance", getattr(cb._check_provenance, "strict", cb._check_provenance))
    row = validate_case(path)
    assert row["id"] == path.name[:5]


def test_at_least_thirty_cases_from_five_prefectures(df: pd.DataFrame) -> None:
    assert len(df) >= 30 and len(df) == len(CASE_FILES)
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
    total = df["n_chars"] + df["commentary"].map(cb.narrative_length)
    assert total.between(cb.NARRATIVE_MIN, cb.NARRATIVE_MAX).all()
    assert (df["n_chars"] >= cb.FACTS_MIN).all()
    recount = df["narrative"].map(lambda t: len(re.sub(r"\s+", "", t)))
    assert (recount == df["n_chars"]).all()
    assert not df["narrative"].str.contains(cb.COMMENTARY_HEADING).any()


def test_every_figure_has_a_source(df: pd.DataFrame) -> None:
    for _, row in df.iterrows():
        ids = {s["id"] for s in row["sources"]}
        for fig in row["figures"]:
            assert {"label", "value", "unit", "source"} <= set(fig), (row["id"], fig)
            assert fig["source"] in ids, (row["id"], fig)


def test_every_narrative_number_is_a_registered_figure(df: pd.DataFrame) -> None:
    for _, row in df.iterrows():
        values = [float(f["value"]) for f in row["figures"]]
        for tok in cb.narrative_numbers(row["narrative"] + "\n" + row["commentary"]):
            assert any(abs(float(tok) - v) < 1e-9 for v in values), (row["id"], tok)


def _done(df: pd.DataFrame) -> pd.DataFrame:
    """The cases whose provenance is written (all of them once conftest's PENDING_CASES is gone)."""
    return df[df["claims"].str.len() > 0]


def test_every_source_is_citable(df: pd.DataFrame) -> None:
    for _, row in _done(df).iterrows():
        assert row["sources"], row["id"]
        for src in row["sources"]:
            assert src.get("title") and src.get("publisher") and src.get("date"), (row["id"], src)
            assert src["kind"] in cb.SOURCE_KINDS and re.fullmatch(r"\d{4}-\d{2}-\d{2}", src["accessed"]), (row["id"], src)
            if "ref" in src:
                assert src["ref"] in cb.KNOWN_REFS and src["kind"] == "paper"
                continue
            urls = [u for u in (src["original_url"], src.get("found_at_url", "")) if u]
            assert urls and all(re.match(r"^https?://", u) for u in urls), (row["id"], src)
            if src["kind"] in ("mirror", "aggregator"):
                assert src.get("found_at_url"), (row["id"], src)


def test_every_figure_year_and_stage_is_claimed(df: pd.DataFrame) -> None:
    for _, row in _done(df).iterrows():
        claims = row["claims"]
        ids = {s["id"] for s in row["sources"]}
        for claim in claims:
            assert claim["status"] in cb.CLAIM_STATUSES and claim["field"] in cb.CLAIM_FIELDS, (row["id"], claim)
            assert set(claim["source"]) <= ids, (row["id"], claim)
            assert claim["source"] or claim["status"] == "editorial-inference", (row["id"], claim)
        text = " ".join(c["claim"] for c in claims)
        for year in row["years"]:
            assert str(year) in text, (row["id"], year)
        for stage in row["stages"]:
            assert any(c["field"] == "stages" and (stage in c["claim"] or c.get("stage") == stage) for c in claims), (row["id"], stage)
        for fig in row["figures"]:
            assert any(c["field"] == "figures" and fig["source"] in c["source"] for c in claims), (row["id"], fig)


def test_case_claims_table(df: pd.DataFrame) -> None:
    claims = zl.case_claims()
    assert list(claims.columns) == ["id", "n", "claim", "field", "status", "status_label", "source", "locator", "stage", "source_kinds", "file"]
    assert len(claims) == df["claims"].str.len().sum()
    assert set(claims["status"]) <= set(cb.CLAIM_STATUSES)
    first = claims[claims["id"] == "HB001"].iloc[0]
    assert first["n"] == 0 and first["source"] == ["P"] and first["source_kinds"] == ["paper"]
    stages = claims[claims["field"] == "stages"]
    assert set(stages["stage"]) <= set(STAGES) and (stages["stage"] != "").all()


def test_readme_verification_table_is_fresh() -> None:
    """The table in corpus/README.md is the generated one (run tools/casebook_table.py after editing cases)."""
    readme = (ROOT / "corpus" / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- verification-table:start -->", "<!-- verification-table:end -->"
    assert start in readme and end in readme
    committed = readme.split(start, 1)[1].split(end, 1)[0].strip()
    assert committed == cb.verification_table(validate=False).strip(), "请运行 python tools/casebook_table.py 更新 corpus/README.md 中的核查表"


def test_stage_columns_make_a_heatmap_matrix(df: pd.DataFrame) -> None:
    expected = {"id", "title", "prefecture", "county", "township", "village", "setting", "years",
                "year_start", "year_end", "domain", "level", "actors", "measures", "stages",
                "elements", "figures", "outcomes", "sources", "claims", "narrative", "n_chars",
                "commentary", "file"}
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


REFERENCE_NAME = "000_b354bc0d3fbe689d.txt"
REFERENCE_PLACES = (Path("/work/shared/reference"), ROOT.parent / "shared" / "reference")
COPY_RUN = 26  # the data card's promise: no run of this many characters shared with the paper
_URL = re.compile(r"https?://\S+")


def _letters_and_digits(text: str) -> str:
    """Whitespace, punctuation and symbols removed (and URLs, which cite rather than copy)."""
    return "".join(ch for ch in _URL.sub(" ", text) if unicodedata.category(ch)[0] in "LN")


def _han_only(text: str) -> str:
    """Only Chinese characters: numbers, YAML keys and list markup can no longer break a run."""
    return "".join(ch for ch in _URL.sub(" ", text) if "\u3400" <= ch <= "\u9fff")


def _shared_runs(own: str, grams: set[str], k: int = COPY_RUN) -> list[str]:
    return [own[i:i + k] for i in range(len(own) - k + 1) if own[i:i + k] in grams]


@pytest.fixture(scope="module")
def reference_grams() -> dict[str, set[str]]:
    paper = next((base / REFERENCE_NAME for base in REFERENCE_PLACES if (base / REFERENCE_NAME).is_file()), None)
    if paper is None:
        pytest.skip("参考论文不在本机，跳过抄录检查")
    text = paper.read_text(encoding="utf-8")
    out = {}
    for name, norm in (("letters_and_digits", _letters_and_digits), ("han_only", _han_only)):
        t = norm(text)
        out[name] = {t[i:i + COPY_RUN] for i in range(len(t) - COPY_RUN + 1)}
    return out


@pytest.mark.parametrize("path", [*CASE_FILES, TEMPLATE], ids=[*CASE_IDS, "template"])
def test_case_files_do_not_copy_the_reference_paper(path: Path, reference_grams: dict[str, set[str]]) -> None:
    """The whole file — front matter (titles, labels, measures, claims …), narrative and commentary —
    shares no run of 26 characters with the paper, compared twice: with whitespace, punctuation and
    symbols removed, and with only the Chinese characters kept. URLs are left out (they cite)."""
    raw = path.read_text(encoding="utf-8")
    for name, norm in (("letters_and_digits", _letters_and_digits), ("han_only", _han_only)):
        copied = _shared_runs(norm(raw), reference_grams[name])
        assert not copied, (path.name, name, copied[:1])


def test_copy_check_finds_a_copied_list() -> None:
    """The Chinese-only comparison catches a figure list copied into YAML (numbers between the words)."""
    # a made-up "source" sentence (not the paper's) with figures between the words
    paper = "新建邻里互助食堂12家、老年日间照料中心9家、社区快递驿站3处、便民维修服务点15个"
    yaml_text = ("- {label: 邻里互助食堂, value: 12, unit: 家}\n- {label: 老年日间照料中心, value: 9, unit: 家}\n"
                 "- {label: 社区快递驿站, value: 3, unit: 处}\n- {label: 便民维修服务点, value: 15, unit: 个}")
    han = _han_only(paper)
    grams = {han[i:i + COPY_RUN] for i in range(len(han) - COPY_RUN + 1)}
    assert _shared_runs(_han_only(yaml_text), grams)
    plain = _letters_and_digits(paper)
    assert not _shared_runs(_letters_and_digits(yaml_text), {plain[i:i + COPY_RUN] for i in range(len(plain) - COPY_RUN + 1)})


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
    _edit(path, "value: 22, unit: 家, source: P", "value: 22, unit: 家, source: S9")
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
        ("{label: 家庭农场, value: 10, unit: 家, source: P}", "{label: 家庭农场, value: 十, unit: 家, source: P}", "figures[5].value"),
        ("ref: mouwei2024, section", "ref: mouwei2024, date: 去年, section", "sources[0].date"),
        ("ref: mouwei2024, section: 二(一), accessed: 2026-11-30, kind: paper", "ref: mouwei2024, section: 二(一), accessed: 2026-11-30, kind: mirror", "sources[0].kind"),
        ("accessed: 2026-11-30, kind: paper", "accessed: 2026-02-30, kind: paper", "sources[0].accessed"),
        ("accessed: 2026-11-30, kind: paper", "kind: paper", "sources[0].accessed"),
        ("accessed: 2026-11-30, kind: paper", "accessed: 2026-11-30", "sources[0].kind"),
        ("accessed: 2026-11-30, kind: paper", "accessed: 2024-01-01, kind: paper", "sources[0].accessed"),
        ("field: place, source: P", "field: place, source: S2", "claims[0].source"),
        ("field: place, source: P", "field: location, source: P", "claims[0].field"),
        ("status: confirmed-in-source}", "status: verified}", "claims[0].status"),
        ("field: place, source: P, locator: 二(一)第三点, status: confirmed-in-source",
         "field: place, locator: 二(一)第三点, status: confirmed-in-source", "claims[0].source"),
        ("field: place, source: P, locator: 二(一)第三点, status: confirmed-in-source",
         "field: place, source: P, locator: 二(一)第三点, status: corroborated", "claims[0].source"),
        ("field: place, source: P,", "field: place, sources: P,", "claims[0].sources"),
        ("另有打蜡厂4家、收购点8个、采摘园7个", "另有打蜡厂4家、收购点8个", "figures[1]"),
        ("years: [2022, 2023, 2024]", "years: [2022, 2023, 2021]", "years[2]"),
        ("成果共享——依据", "依据", "stages.成果共享"),
        ("claims:\n", "claim_list:\n", "claims"),
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


def test_errors_name_the_field_claim_list_is_yaml(tmp_path: Path) -> None:
    path = _good_case(tmp_path)
    _edit(path, "claims:\n", "claims: 见正文\nold_claims:\n")
    with pytest.raises(CaseError) as info:
        validate_case(path)
    assert info.value.field == "claims"


def _local_case(tmp_path: Path) -> Path:
    """The template as a local case: one news source read at the original page."""
    dst = tmp_path / "HB901-local-example.md"
    shutil.copy(TEMPLATE, dst)
    return dst


_ORIGINAL = '    original_url: "https://example.org/替换为原发页面网址"   # 必填的键：原发页面网址；找不到时写 ""\n'


@pytest.mark.parametrize(
    ("old", "new", "field", "fragment"),
    [
        (_ORIGINAL, "", "sources[0].original_url", "缺失"),
        (_ORIGINAL, '    url: "https://example.org/a"\n', "sources[0].url", "original_url"),
        (_ORIGINAL, '    original_url: ""\n', "sources[0].original_url", "original"),
        ("    kind: original ", "    kind: mirror ", "sources[0].found_at_url", "mirror"),
        (_ORIGINAL, '    original_url: ""\n    found_at_url: "not a url"\n', "sources[0].found_at_url", "网址"),
        (_ORIGINAL, _ORIGINAL + '    found_at_url: "https://example.org/替换为原发页面网址"\n', "sources[0].found_at_url", "相同"),
        ("    date: 2024-06-30            # 发布日期", "    date: 2024-06            # 发布日期", "sources[0].date", "note"),
        ("    title: 按原文照录的报道标题 ", "    title: （编者概括）某村修路 ", "sources[0].note", "编者概括"),
        ("    publisher: 发布媒体或机构 ", "    publisher: \"\" ", "sources[0].publisher", "为空"),
        ("    kind: original ", "    kind: news ", "sources[0].kind", "original"),
    ],
)
def test_source_provenance_errors(tmp_path: Path, old: str, new: str, field: str, fragment: str) -> None:
    path = _local_case(tmp_path)
    _edit(path, old, new)
    with pytest.raises(CaseError) as info:
        validate_case(path)
    assert info.value.field == field, str(info.value)
    assert fragment in str(info.value) and path.name in str(info.value)


def test_mirror_with_found_at_url_and_unknown_original_is_valid(tmp_path: Path) -> None:
    path = _local_case(tmp_path)
    _edit(path, _ORIGINAL, '    original_url: ""\n    found_at_url: "http://mirror.example.net/1.html"\n')
    _edit(path, "    kind: original ", "    kind: aggregator ")
    _edit(path, "    # note: 需要说明", "    note: 原发页面未找到\n    # note: 需要说明")
    row = validate_case(path)
    assert row["sources"][0]["kind"] == "aggregator" and row["sources"][0]["original_url"] == ""
    assert cb.mirror_only(zl.cases(tmp_path)) == ["HB901"]


def test_corroborated_claim_lists_two_sources(tmp_path: Path) -> None:
    path = _local_case(tmp_path)
    # the template has one source: add the paper as a second
    _edit(path, "  # 引用牟伟 2024 年论文时，一行即可：\n", "  - {id: P, ref: mouwei2024, section: 二(一), accessed: 2026-11-30, kind: paper}\n")
    _edit(path, "field: figures, source: S1, locator: 第2段, status: confirmed-in-source",
          "field: figures, source: [S1, P], locator: 第2段, status: corroborated")
    row = validate_case(path)
    claim = row["claims"][0]
    assert claim["source"] == ["S1", "P"] and claim["status"] == "corroborated"
    table = zl.case_claims(tmp_path)
    assert table.loc[0, "source_kinds"] == ["original", "paper"]


def test_commentary_is_not_in_the_narrative_or_the_corpus(tmp_path: Path) -> None:
    path = _good_case(tmp_path)
    row = validate_case(path)
    assert "教学评析" not in row["narrative"] and row["commentary"].startswith("这些主体")
    assert "用于教学时" in row["commentary"] and "用于教学时" not in row["narrative"]
    pytest.importorskip("zhili.corpus")
    corpus = zl.cases(tmp_path, as_corpus=True)
    text = corpus.texts[0]
    assert "用于教学时" not in text and "教学评析" not in text and text.endswith(row["narrative"][-10:])
    assert corpus.docs.loc[0, "commentary"] == row["commentary"]


def test_commentary_rules(tmp_path: Path) -> None:
    path = _good_case(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n## 教学评析\n\n第二个评析。\n", encoding="utf-8")
    with pytest.raises(CaseError, match="2 个"):
        validate_case(path)
    head, body = text.rsplit("---\n", 1)
    facts, comment = body.split("## 教学评析", 1)
    path.write_text(head + "---\n" + facts[:150] + "\n\n## 教学评析\n" + comment + facts[150:], encoding="utf-8")
    with pytest.raises(CaseError, match="事实叙述部分只有"):
        validate_case(path)
    path.write_text(head + "---\n" + facts + "\n## 教学评析\n" + comment + "另有97户。\n", encoding="utf-8")
    with pytest.raises(CaseError, match="97") as info:
        validate_case(path)
    assert info.value.field == "commentary（教学评析）"


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


def test_spam_page_flag_needs_a_mirror_and_a_note(tmp_path: Path) -> None:
    path = _local_case(tmp_path)
    _edit(path, _ORIGINAL, '    original_url: ""\n    found_at_url: "http://mirror.example.net/1.html"\n    spam_page: true\n')
    _edit(path, "    kind: original ", "    kind: aggregator ")
    with pytest.raises(CaseError) as info:
        validate_case(path)
    assert info.value.field == "sources[0].note"
    _edit(path, "    # note: 需要说明", "    note: 没有找到其他副本\n    # note: 需要说明")
    assert validate_case(path)["sources"][0]["spam_page"] is True
    assert "HB901" in cb.verification_table(tmp_path).split("spam_page: true")[1]
    _edit(path, "    kind: aggregator ", "    kind: original ")
    _edit(path, '    original_url: ""\n', '    original_url: "https://example.org/a"\n')
    with pytest.raises(CaseError, match="spam_page"):
        validate_case(path)


def test_a_bare_year_is_a_source_date(tmp_path: Path) -> None:
    path = _local_case(tmp_path)
    _edit(path, "    date: 2024-06-30            # 发布日期", "    date: 2024            # 发布日期")
    _edit(path, "    # note: 需要说明", "    note: 只知年份\n    # note: 需要说明")
    assert validate_case(path)["sources"][0]["date"] == "2024"
