"""zhili.analysis.coding: framework coding, profiles, agreement and dictionary validation (issue 5)."""
from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import pytest

import zhili as zl
from zhili import ZhiliError
from zhili.analysis.coding import code_framework, framework_profile
from zhili.analysis.validation import coding_agreement, validate_dictionary
from zhili.corpus import Corpus

DIMENSIONS = ["治理理念", "治理能力", "治理体系", "共同缔造", "实践路径"]
STAGES = ["决策共谋", "发展共建", "建设共管", "效果共评", "成果共享"]



@pytest.fixture(scope="module")
def corpus():
    # 甲#s1 坚持共同缔造，推动四权同下。(14 字)  甲#s2 提升群众自治能力。(9)
    # 乙#s1 开展入户走访和村湾夜话。(12)  乙#s2 完善共建共管机制。(9)  乙#s3 坚持以人民为中心。(9)
    # 丙 is empty: it has no units.
    return Corpus.from_texts(
        {"甲": "坚持共同缔造，推动四权同下。提升群众自治能力。",
         "乙": "开展入户走访和村湾夜话。完善共建共管机制。坚持以人民为中心。",
         "丙": ""},
        docvars={"level": ["省", "县", "县"], "year": [2022, 2023, 2023]})


@pytest.fixture(scope="module")
def coded(corpus):
    return code_framework(corpus, level="dimension")


# ---- coding --------------------------------------------------------------------------------


def test_dimension_counts_evidence_and_columns(coded):
    lead = ["doc_id", "unit_id", "heading_path", "text", "n_chars"]
    assert coded.columns.tolist() == [*lead, *DIMENSIONS, "evidence", "categories", "level", "year"]
    assert coded["unit_id"].tolist() == ["甲#s1", "甲#s2", "乙#s1", "乙#s2", "乙#s3"]
    assert coded["n_chars"].tolist() == [14, 9, 12, 9, 9]
    assert coded[DIMENSIONS].values.tolist() == [
        [0, 0, 0, 2, 0],   # 共同缔造, 四权同下
        [0, 1, 0, 0, 0],   # 群众自治能力
        [0, 0, 0, 2, 0],   # 入户走访, 村湾夜话
        [0, 0, 0, 2, 0],   # 共建, 共管
        [1, 0, 0, 0, 0],   # 以人民为中心
    ]
    assert all(coded[c].dtype == np.int64 for c in DIMENSIONS)
    assert coded["evidence"].tolist() == ["共同缔造；四权同下", "群众自治能力", "入户走访；村湾夜话", "共建；共管", "以人民为中心"]
    assert coded["categories"].tolist() == ["共同缔造", "治理能力", "共同缔造", "共同缔造", "治理理念"]
    assert coded["level"].tolist() == ["省", "省", "县", "县", "县"]
    assert coded.attrs["categories"] == DIMENSIONS and coded.attrs["level"] == "dimension"


def test_stage_and_theory_levels(corpus):
    stage = code_framework(corpus, level="stage")
    assert stage[STAGES].values.tolist() == [[0] * 5, [0] * 5, [2, 0, 0, 0, 0], [0, 1, 1, 0, 0], [0] * 5]
    assert stage["evidence"].tolist() == ["", "", "入户走访；村湾夜话", "共建；共管", ""]
    assert stage["categories"].tolist()[3] == "发展共建；建设共管"
    theory = code_framework(corpus, level="theory")
    cols = ["治理理念", "治理能力", "治理体系"]
    assert theory.attrs["categories"] == cols
    # the policy-language dictionary (issue 12): 四权同下 empowers the grassroots (capacity); 提升 +
    # 自治能力; 完善 + 机制 (system); 坚持 + 以人民为中心 (idea); a visit and an evening talk are no
    # evidence for a theory dimension by themselves
    assert theory[cols].values.tolist() == [[0, 1, 0], [0, 1.5, 0], [0, 0, 0], [0, 0, 1.5], [1.5, 0, 0]]
    assert theory["evidence"].tolist() == ["坚持；四权同下", "提升；自治能力", "", "完善；机制", "坚持；以人民为中心"]
    assert theory.attrs["dictionary"].startswith("基层治理现代化三维度编码词典")


def test_element_level_has_one_column_per_element(corpus):
    coded = code_framework(corpus, level="element")
    assert coded.attrs["categories"] == list(dict.fromkeys(zl.framework().dictionary("element")["label"]))
    assert coded.loc[0, "四权同下"] == 1 and coded.loc[3, "发展共建"] == 1


def test_token_and_text_matching_differ_as_documented():
    texts = ["加强公共管理。", "推动发展共建。"]
    token = code_framework(texts, level="stage")
    text = code_framework(texts, level="stage", match="text")
    # 公共管理 is segmented 公共 / 管理: no token hit, but the text contains 共管
    assert token.loc[0, "建设共管"] == 0 and text.loc[0, "建设共管"] == 1
    assert text.loc[0, "evidence"] == "共管"
    # longest match first, no overlap: 发展共建 once, not also 共建
    assert text.loc[1, "发展共建"] == 1 and text.loc[1, "evidence"] == "发展共建"
    assert token.loc[1, "发展共建"] == 1


def test_repeated_term_counts_twice_listed_once():
    coded = code_framework(["共同缔造好，共同缔造实。"], unit="document")
    assert coded.loc[0, "共同缔造"] == 2 and coded.loc[0, "evidence"] == "共同缔造"


def test_tokens_input_uses_their_units(corpus):
    toks = zl.tokenize(corpus, unit="paragraph", cache=False)
    coded = code_framework(toks)
    assert coded["unit_id"].tolist() == ["甲#p1", "乙#p1"]
    assert coded["共同缔造"].tolist() == [2, 4]


def test_extended_framework_terms_are_matched(tmp_path):
    path = tmp_path / "my.yaml"
    path.write_text(textwrap.dedent("""
        version: local
        elements:
          - id: night_talk
            add_terms: [湾子夜话会]
        """).lstrip("\n"), encoding="utf-8")
    ext = zl.framework(extra=path)
    coded = code_framework(["开展湾子夜话会。"], level="stage", framework=ext)
    assert coded.loc[0, "决策共谋"] == 1 and coded.loc[0, "evidence"] == "湾子夜话会"


def test_deterministic(corpus):
    a = code_framework(corpus, level="element")
    b = code_framework(corpus, level="element")
    pd.testing.assert_frame_equal(a, b)


def test_empty_corpus_gives_empty_well_formed_table():
    for match in ("token", "text"):
        coded = code_framework([], match=match)
        assert coded.empty
        assert coded.columns.tolist() == ["doc_id", "unit_id", "heading_path", "text", "n_chars", *DIMENSIONS,
                                          "evidence", "categories"]
        profile = framework_profile(coded)
        assert profile.empty and profile.columns.tolist() == DIMENSIONS


@pytest.mark.parametrize("kwargs, word", [
    ({"level": "维度"}, "level"),
    ({"match": "regex"}, "match"),
    ({"unit": "page"}, "unit"),
    ({"framework": "治理框架"}, "framework"),
])
def test_bad_options_raise_chinese_errors(kwargs, word):
    with pytest.raises(ZhiliError, match=word) as err:
        code_framework(["推进共同缔造。"], **kwargs)
    assert "无效" in str(err.value) or "应为" in str(err.value)


# ---- profile -------------------------------------------------------------------------------


def test_profile_count_share_density(coded):
    count = framework_profile(coded, measure="count")
    assert count.index.tolist() == ["甲", "乙"]          # 丙 has no units: no row
    assert count.index.name == "doc_id"
    assert count.loc["甲"].tolist() == [0, 1, 0, 2, 0]
    assert count.loc["乙"].tolist() == [1, 0, 0, 4, 0]
    share = framework_profile(coded, measure="share")
    assert share.loc["甲", "治理能力"] == pytest.approx(1 / 3)
    assert share.loc["甲", "共同缔造"] == pytest.approx(2 / 3)
    assert share.loc["乙", "治理理念"] == pytest.approx(1 / 5)
    assert share.sum(axis=1).tolist() == pytest.approx([1.0, 1.0])
    density = framework_profile(coded)  # issue 12: normalised by default
    assert density.attrs["measure"] == "density"
    assert density.loc["甲", "共同缔造"] == pytest.approx(2 * 1000 / (14 + 9))
    assert density.loc["乙", "共同缔造"] == pytest.approx(4 * 1000 / (12 + 9 + 9))
    coverage = framework_profile(coded, measure="coverage")  # share of units coded
    assert coverage.loc["甲"].tolist() == [0, 0.5, 0, 0.5, 0]
    assert coverage.loc["乙"].tolist() == pytest.approx([1 / 3, 0, 0, 2 / 3, 0])
    assert density.attrs["n_terms"] == coded.attrs["n_terms"] and min(coded.attrs["n_terms"].values()) > 0


def test_profile_by_docvar_and_overall(coded):
    by_level = framework_profile(coded, by="level", measure="count")
    assert by_level.index.tolist() == ["县", "省"]
    assert by_level.loc["县", "共同缔造"] == 4
    by_year = framework_profile(coded, by="year")
    assert by_year.index.tolist() == [2022, 2023]
    total = framework_profile(coded, by=None, measure="count")
    assert total.index.tolist() == ["全部"] and total.loc["全部"].tolist() == [1, 1, 0, 6, 0]


def test_profile_share_without_matches_is_nan():
    coded = code_framework(["今天天气很好。"])
    assert framework_profile(coded, measure="share").isna().all(axis=None)


def test_profile_unknown_column_lists_valid_ones(coded):
    with pytest.raises(ZhiliError, match="region") as err:
        framework_profile(coded, by="region")
    assert "level" in str(err.value) and "doc_id" in str(err.value)
    with pytest.raises(ZhiliError, match="measure"):
        framework_profile(coded, measure="ratio")


def test_profile_survives_filtering(coded):
    part = coded[coded["doc_id"] == "乙"].copy()
    part.attrs = {}
    assert framework_profile(part, measure="count").loc["乙", "共同缔造"] == 4


# ---- agreement ------------------------------------------------------------------------------


def test_cohen_kappa_by_hand():
    # 2 × 2 table: both yes 20, a yes / b no 5, a no / b yes 10, both no 15
    a = ["是"] * 20 + ["是"] * 5 + ["否"] * 10 + ["否"] * 15
    b = ["是"] * 20 + ["否"] * 5 + ["是"] * 10 + ["否"] * 15
    n = 50
    po = (20 + 15) / n
    pe = (25 / n) * (30 / n) + (25 / n) * (20 / n)
    kappa = (po - pe) / (1 - pe)
    assert kappa == pytest.approx(0.4)
    row = coding_agreement(a, b).iloc[0]
    assert row["n"] == 50
    assert row["agreement"] == pytest.approx(po)
    assert row["cohen_kappa"] == pytest.approx(kappa)


def test_krippendorff_alpha_by_hand():
    # units: (1,1) (1,2) (2,2) (2,2); coincidences o11=2, o12=o21=1, o22=4; n=8, n1=3, n2=5
    # alpha = 1 - (n - 1) * (o12 + o21) / (n1 n2 + n2 n1) = 1 - 7 * 2 / 30
    result = coding_agreement([1, 1, 2, 2], [1, 2, 2, 2])
    assert result.loc[0, "krippendorff_alpha"] == pytest.approx(1 - 7 * 2 / 30)
    assert result.columns.tolist() == ["category", "n", "agreement", "cohen_kappa", "krippendorff_alpha"]


def test_agreement_series_align_by_index_and_skip_missing():
    a = pd.Series(["甲", "乙", None, "甲"], index=["u1", "u2", "u3", "u4"])
    b = pd.Series(["甲", "乙", "乙", "乙"], index=["u4", "u2", "u3", "u1"])
    row = coding_agreement(a, b).iloc[0]
    # u1 甲/乙 differ, u2 乙/乙 and u4 甲/甲 agree, u3 is missing in a
    assert row["n"] == 3 and row["agreement"] == pytest.approx(2 / 3)


def test_agreement_single_label_is_nan():
    row = coding_agreement(["是", "是"], ["是", "是"]).iloc[0]
    assert row["agreement"] == 1.0 and np.isnan(row["cohen_kappa"]) and np.isnan(row["krippendorff_alpha"])


def test_agreement_compares_values_not_their_text():
    # issue 12: a blank cell makes pandas store the column as float, 1 became "1.0" ≠ "1" and κ was 0.0
    row = coding_agreement([1, 2, 3, None, 1, 2], [1, 2, 3, 3, 1, 2]).iloc[0]
    assert row[["n", "agreement", "cohen_kappa", "krippendorff_alpha"]].tolist() == [5, 1.0, 1.0, 1.0]
    sheet = pd.DataFrame({"甲": [1, 0, None, 1], "乙": [1, 0, 1, 1]})  # as read from an Excel sheet
    assert sheet["甲"].dtype == float
    assert coding_agreement(sheet["甲"], sheet["乙"]).loc[0, "cohen_kappa"] == 1.0
    # issue 12: True/False against 1/0
    row = coding_agreement([True, False, True, False], [1, 0, 1, 0]).iloc[0]
    assert row[["agreement", "cohen_kappa"]].tolist() == [1.0, 1.0]
    assert coding_agreement(np.array([1.0, 2.0, 2.5]), [1, 2, 2.5]).loc[0, "agreement"] == 1.0
    # text stays text: "1" is not the number 1
    assert coding_agreement(["1", "2"], [1, 2]).loc[0, "agreement"] == 0.0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_agreement_matches_sklearn_and_krippendorff(seed):
    # issue 12: every figure against the reference packages, to 1e-9, with missing labels on both sides
    import krippendorff
    from sklearn.metrics import cohen_kappa_score

    rng = np.random.default_rng(seed)
    a = rng.integers(1, 5, 60).astype(float)
    b = np.where(rng.random(60) < 0.6, a, rng.integers(1, 5, 60)).astype(float)
    a[rng.random(60) < 0.1] = np.nan
    b[rng.random(60) < 0.1] = np.nan
    both = ~np.isnan(a) & ~np.isnan(b)
    row = coding_agreement(list(a), list(b.astype(object))).iloc[0]
    assert row["n"] == both.sum()
    assert row["agreement"] == pytest.approx(np.mean(a[both] == b[both]), abs=1e-12)
    assert row["cohen_kappa"] == pytest.approx(cohen_kappa_score(a[both].astype(int), b[both].astype(int)), abs=1e-9)
    alpha = krippendorff.alpha(reliability_data=np.vstack([a, b]), level_of_measurement="nominal")
    assert row["krippendorff_alpha"] == pytest.approx(alpha, abs=1e-9)


def test_agreement_between_coding_tables(corpus, coded):
    other = code_framework(corpus, level="dimension", match="text")
    result = coding_agreement(coded, other, category=["共同缔造", "治理能力"])
    assert result["category"].tolist() == ["共同缔造", "治理能力"]
    assert result["agreement"].tolist() == [1.0, 1.0]
    every = coding_agreement(coded, other)
    assert every["category"].tolist() == DIMENSIONS


def test_agreement_mismatches_raise(coded):
    with pytest.raises(ZhiliError, match="长度"):
        coding_agreement(["是", "否"], ["是"])
    with pytest.raises(ZhiliError, match="unit_id"):
        coding_agreement(coded, coded.iloc[:3], category="共同缔造")
    with pytest.raises(ZhiliError, match="索引"):
        coding_agreement(pd.Series(["是"], index=["u1"]), pd.Series(["是"], index=["u9"]))
    with pytest.raises(ZhiliError, match="类别"):
        coding_agreement(coded, coded, category="不存在")
    with pytest.raises(ZhiliError):
        coding_agreement(coded, ["是"] * 5, category="共同缔造")


def test_validate_dictionary_by_hand(corpus):
    coded = code_framework(corpus, level="stage")
    # dictionary presence of 决策共谋 over the five units: 0 0 1 0 0; 发展共建: 0 0 0 1 0
    hand = pd.DataFrame({"unit_id": ["甲#s1", "甲#s2", "乙#s1", "乙#s2", "乙#s3"],
                         "决策共谋": [0, 1, 1, 0, 0],    # tp 1, fn 1, fp 0
                         "发展共建": [False, False, False, True, True]})  # tp 1, fn 1
    result = validate_dictionary(coded, hand)
    assert result["category"].tolist() == ["决策共谋", "发展共建"]
    first = result.iloc[0]
    assert (first["n"], first["hand"], first["dictionary"]) == (5, 2, 1)
    assert first["precision"] == 1.0 and first["recall"] == 0.5
    assert first["f1"] == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    # a sample of units is fine; units outside the coding are not
    sample = validate_dictionary(coded, hand.iloc[:3], category="决策共谋")
    assert sample.loc[0, "n"] == 3
    with pytest.raises(ZhiliError, match="不在编码表中"):
        validate_dictionary(coded, pd.DataFrame({"unit_id": ["丁#s1"], "决策共谋": [1]}))


def test_validate_dictionary_nothing_found_gives_nan_precision(corpus):
    coded = code_framework(corpus, level="stage")
    hand = pd.DataFrame({"unit_id": ["甲#s1"], "效果共评": [1]})
    row = validate_dictionary(coded, hand).iloc[0]
    assert np.isnan(row["precision"]) and row["recall"] == 0.0


def test_lead_columns_keep_the_unit_tables_strings_with_the_same_dtypes():
    # the leading columns come straight from the unit table's Arrow strings; they must equal the
    # columns built through NumPy object arrays, for a casebook table and an empty one
    import numpy as np
    import pandas as pd

    from zhili.analysis.coding import _unit_columns

    corpus = zl.cases(as_corpus=True)
    for units in (corpus.units("sentence"), corpus.units("item"), zl.Corpus([]).units("sentence")):
        expected = pd.DataFrame({
            "doc_id": units["doc_id"].astype(str).to_numpy(),
            "unit_id": units["unit_id"].astype(str).to_numpy(),
            "heading_path": units["heading_path"].astype(str).to_numpy(),
            "text": units["text"].astype(str).to_numpy(),
            "n_chars": units["text"].astype(str).str.len().to_numpy(dtype=np.int64),
        })
        pd.testing.assert_frame_equal(_unit_columns(units), expected, check_exact=True)
    coded = zl.code_framework(zl.tokenize(corpus, cache=False), level="theory")
    assert [str(t) for t in coded.dtypes[:5]] == ["str", "str", "str", "str", "int64"]


# ---- coding a few documents at a time --------------------------------------------------------

POLICY = ("一、总体要求\n坚持以人民为中心，健全基层群众自治制度。提升治理能力！\n（一）决策共谋\n"
          "一是入户走访；二是村湾夜话。三是完善村（居）民委员会工作机制\n\n1. 到2025年，基层治理体系基本健全…… 体制 机制 创新\n"
          "第三条 加强 党 的 领导。“坚持四权同下。”（加强乡镇（街道）能力建设）\n① 构建治理体系；② 提升治理能力。")


@pytest.mark.parametrize("unit", ["sentence", "paragraph", "item", "document"])
def test_coding_in_parts_equals_coding_at_once(monkeypatch, unit):
    # code_dictionary reads the unit table a few documents at a time (corpus.unit_parts); parts of
    # one document each must give the table of one part for everything
    import zhili.analysis.coding as coding_module
    import zhili.corpus as corpus_module

    corpus = Corpus.from_texts({"甲": POLICY, "乙": "", "丙": POLICY[::-1], "丁": "完善体制机制。\n\n健全制度", "戊": "  "},
                               docvars={"level": ["省", "市", "县", "县", "市"]})
    cases = zl.cases(as_corpus=True)
    for data in (corpus, cases, zl.tokenize(cases, unit=unit, cache=False)):  # Tokens: numbers filled in place
        whole = zl.code_dictionary(data, "theory", unit=unit)
        groups = zl.code_dictionary(data, "instruments_rz", unit=unit, level="group")
        monkeypatch.setattr(corpus_module, "_UNIT_CHUNK_CHARS", 1)
        monkeypatch.setattr(coding_module, "_PART_CHARS", 1)
        monkeypatch.setattr(corpus_module, "_UNIT_CHUNK", 2)
        pd.testing.assert_frame_equal(zl.code_dictionary(data, "theory", unit=unit), whole, check_exact=True)
        pd.testing.assert_frame_equal(zl.code_dictionary(data, "instruments_rz", unit=unit, level="group"), groups,
                                      check_exact=True)
        monkeypatch.undo()
        assert whole[["治理理念", "治理能力", "治理体系"]].to_numpy().sum() > 0


def test_coding_tokens_fills_whole_number_columns_part_by_part(monkeypatch):
    # with Tokens the number of rows is known: the number columns (n_chars, scores) are filled
    # in place as the parts are coded, not kept part by part and concatenated at the end
    import zhili.analysis.coding as coding_module
    from zhili.corpus import arrow_strings

    if arrow_strings() is None:
        pytest.skip("pandas keeps strings outside Arrow here")
    seen = []
    assemble = coding_module._assemble

    def spy(parts, dtype, numbers=None):
        seen.append((sorted(numbers or {}), [name for name, col in parts[0] if col is None]))
        return assemble(parts, dtype, numbers)

    monkeypatch.setattr(coding_module, "_assemble", spy)
    monkeypatch.setattr(coding_module, "_PART_CHARS", 1)
    cases = zl.cases(as_corpus=True)
    coded = zl.code_dictionary(zl.tokenize(cases, cache=False), "theory")
    filled = sorted(["n_chars", "治理理念", "治理能力", "治理体系"])
    assert seen == [(filled, ["n_chars", "治理理念", "治理能力", "治理体系"])]
    pd.testing.assert_frame_equal(coded, zl.code_dictionary(cases, "theory"), check_exact=True)
    assert len(seen) == 2 and seen[1] == ([], [])  # a corpus: the rows are counted as the parts come


def test_coding_table_strings_come_from_the_system_allocator_not_arrows_pool():
    # the string columns a coding table makes in Arrow (ids, paths, texts, evidence, categories,
    # string docvars) take their buffers from malloc, where they reuse what NumPy work freed, not
    # from Arrow's default pool (mimalloc/jemalloc), which keeps its own memory
    pa = pytest.importorskip("pyarrow")
    from zhili.corpus import arrow_strings

    if arrow_strings() is None:
        pytest.skip("pandas keeps strings outside Arrow here")
    corpus = Corpus.from_texts({f"d{i}": POLICY for i in range(200)}, docvars={"file": [f"f{i}.txt" for i in range(200)]})
    default, system = pa.default_memory_pool(), pa.system_memory_pool()
    before_default, before_system = default.bytes_allocated(), system.bytes_allocated()
    coded = zl.code_dictionary(corpus, "theory", unit="sentence")
    # every string column but the texts, whose bytes are cut out of a NumPy array (zhili.units)
    strings = sum(coded[c].array.__arrow_array__().nbytes for c in coded.columns
                  if str(coded[c].dtype) == "str" and c != "text")
    assert coded["file"].tolist()[:1] == ["f0.txt"] and strings > 100_000
    assert default.bytes_allocated() - before_default < strings / 20
    assert system.bytes_allocated() - before_system >= strings * 0.9


def test_evidence_and_category_strings_built_in_arrow_equal_joining_row_by_row():
    from zhili.analysis.coding import _category_strings, _first_pairs, _joined_words

    rng = np.random.default_rng(5)
    for width in (1, 3, 64, 65, 170):
        coded = rng.random((300, width)) < 3 / width
        labels = [f"类{j}" for j in range(width)]
        expected = ["；".join(lab for lab, c in zip(labels, row) if c) for row in coded]
        assert list(_category_strings(coded, labels)) == expected
    words = ["治理", "体系", "能力", "制度"]
    unit = np.sort(rng.integers(0, 50, 400))
    word = rng.integers(0, 4, 400)
    u, w = _first_pairs(unit, word, len(words))
    expected = ["；".join(dict.fromkeys(words[b] for a, b in zip(unit, word) if a == k)) for k in range(60)]
    got = _joined_words(60, u, w, words)
    assert list(got) == expected and str(pd.Series(got).dtype) == "str"
    assert _joined_words(0, u[:0], w[:0], words) == [] and _category_strings(coded[:0], labels) == []


def _near_by_loop(cue_hits, word_ids, by_word, doc, start, end, rows, window):
    """What _near answers, pair by pair: is one of the words' hits around each cue hit?"""
    others = [o for w in word_ids for o in by_word.get(w, [])]
    found = []
    for h in cue_hits:
        hit = False
        for o in others:
            if doc[o] != doc[h] or o == h:
                continue
            if window is None:
                hit |= bool(start[o] <= start[h] and end[o] >= end[h] and end[o] - start[o] > end[h] - start[h])
            else:
                hit |= bool(rows[o] == rows[h] and end[o] >= start[h] - window and start[o] <= end[h] + window
                            and not (start[o] >= start[h] and end[o] <= end[h]))
        found.append(hit)
    return found


@pytest.mark.parametrize("seed", range(20))
def test_context_conditions_checked_on_all_pairs_at_once_equal_the_loop(seed):
    from zhili.analysis.coding import _near

    rng = np.random.default_rng(seed)
    n = 200
    doc = np.sort(rng.integers(0, 4, n))
    start = rng.integers(0, 60, n)
    order = np.lexsort((start, doc))
    doc, start = doc[order], start[order]
    end = start + rng.integers(1, 6, n)
    rows = doc * 10 + start // 15  # units of 15 characters
    term = rng.integers(0, 6, n)
    by_word = {w: np.flatnonzero(term == w) for w in np.unique(term).tolist()}
    cue_hits = np.flatnonzero(term == 0)
    for words in ([1], [1, 2, 3], [5, 9], [0, 2]):  # [0, 2]: the cue word itself is a context word
        for window in (None, 0, 3, 12):
            got = _near(cue_hits, words, by_word, doc, start, end, rows, window=window).tolist()
            assert got == _near_by_loop(cue_hits, words, by_word, doc, start, end, rows, window)


@pytest.mark.parametrize("unit", ["sentence", "paragraph", "item"])
def test_without_arrow_strings_the_tables_are_the_same(monkeypatch, unit):
    # pandas 2 (object strings) or no pyarrow: the unit table and the coding are built from Python
    # strings; the values and column types pandas infers from them are those of the Arrow path
    import zhili.analysis.coding as coding_module
    import zhili.corpus as corpus_module

    corpus = Corpus.from_texts({"甲": POLICY, "乙": "", "丙": POLICY[::-1]}, docvars={"level": ["省", "市", "县"]})
    arrow = (corpus.units(unit), zl.code_dictionary(corpus, "theory", unit=unit),
             zl.code_framework(corpus, unit=unit, level="dimension"))
    monkeypatch.setattr(corpus_module, "arrow_strings", lambda: None)
    monkeypatch.setattr(coding_module, "arrow_strings", lambda: None)
    plain = (Corpus.from_texts({"甲": POLICY, "乙": "", "丙": POLICY[::-1]}, docvars={"level": ["省", "市", "县"]}),)
    got = (plain[0].units(unit), zl.code_dictionary(plain[0], "theory", unit=unit),
           zl.code_framework(plain[0], unit=unit, level="dimension"))
    for a, b in zip(got, arrow):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert arrow[1]["evidence"].str.len().sum() > 0
