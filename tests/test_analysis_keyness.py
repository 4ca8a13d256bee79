"""zhili.analysis.keyness, .collocations and .trends: statistics checked by hand (issue 5).

Expected values are computed here independently — from the textbook formulas and from
reference implementations (scipy.stats.chi2_contingency, statsmodels' multipletests, nltk's
bigram association measures; issue 12) — on Tokens written by hand.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import chi2, chi2_contingency

import zhili as zl
from zhili._errors import ZhiliError
from zhili.analysis.collocations import collocations
from zhili.analysis.keyness import keyness
from zhili.analysis.trends import term_trends
from _helpers import hand_tokens





def g2_by_formula(table) -> float:
    table = np.asarray(table, dtype=float)
    n = table.sum()
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / n
    return 2 * sum(o * math.log(o / e) for o, e in zip(table.ravel(), expected.ravel()) if o > 0)


# ----------------------------------------------------------------------------- keyness

# target (农村, d1+d2): 治理 ×10, 服务 ×30 → T = 40
# reference (城市, d3):  治理 ×20, 发展 ×40 → R = 60
# for 治理 the 2×2 table is [[a, b], [T-a, R-b]] = [[10, 20], [30, 40]]
KEY_DOCS = {
    "d1": [["治理"] * 6 + ["服务"] * 14],
    "d2": [["治理"] * 4 + ["服务"] * 16],
    "d3": [["治理"] * 20 + ["发展"] * 40],
}
KEY_VARS = {"setting": ["农村", "农村", "城市"]}


@pytest.fixture
def key_toks() -> Tokens:
    return hand_tokens(KEY_DOCS, KEY_VARS)


def test_keyness_g2_for_a_known_table(key_toks):
    table = keyness(key_toks, "农村", by="setting")
    assert list(table.columns) == ["term", "target_count", "reference_count", "target_share", "reference_share",
                                   "g2", "chi2", "p", "log_ratio"]
    row = table.set_index("term").loc["治理"]
    assert (row["target_count"], row["reference_count"]) == (10, 20)
    assert row["target_share"] == pytest.approx(10 / 40) and row["reference_share"] == pytest.approx(20 / 60)
    # expected counts: 30·40/100 = 12, 30·60/100 = 18, 70·40/100 = 28, 70·60/100 = 42
    g2 = 2 * (10 * math.log(10 / 12) + 20 * math.log(20 / 18) + 30 * math.log(30 / 28) + 40 * math.log(40 / 42))
    assert g2 == pytest.approx(g2_by_formula([[10, 20], [30, 40]]))
    assert abs(row["g2"]) == pytest.approx(g2)
    assert row["g2"] < 0 and row["chi2"] < 0  # 治理 is relatively rarer in the target (25% vs 33%)
    stat, p, _, _ = chi2_contingency([[10, 20], [30, 40]], correction=False)
    assert abs(row["chi2"]) == pytest.approx(stat)
    assert abs(row["chi2"]) == pytest.approx((10 - 12) ** 2 / 12 + (20 - 18) ** 2 / 18 + (30 - 28) ** 2 / 28
                                             + (40 - 42) ** 2 / 42)
    g2_scipy, _, _, _ = chi2_contingency([[10, 20], [30, 40]], correction=False, lambda_="log-likelihood")
    assert abs(row["g2"]) == pytest.approx(g2_scipy)
    assert row["p"] == pytest.approx(chi2.sf(g2, 1))
    assert row["log_ratio"] == pytest.approx(math.log2((10 / 40) / (20 / 60)))  # issue 12: no 0.5 added
    by_chi2 = keyness(key_toks, "农村", by="setting", measure="chi2").set_index("term").loc["治理"]
    assert by_chi2["p"] == pytest.approx(p)


def test_keyness_term_absent_from_reference(key_toks):
    row = keyness(key_toks, "农村", by="setting").set_index("term").loc["服务"]
    # [[30, 0], [10, 60]]: zero cells contribute nothing to G²
    assert row["g2"] == pytest.approx(g2_by_formula([[30, 0], [10, 60]]))
    assert row["g2"] > 0
    # issue 12: Hardie's rule — only the zero count is replaced by 0.5
    assert row["log_ratio"] == pytest.approx(math.log2((30 / 40) / (0.5 / 60)))


def test_keyness_yates_correction_matches_scipy(key_toks):
    row = keyness(key_toks, "农村", by="setting", correction=True, measure="chi2").set_index("term").loc["治理"]
    stat, p, _, _ = chi2_contingency([[10, 20], [30, 40]], correction=True)
    assert abs(row["chi2"]) == pytest.approx(stat)
    assert row["p"] == pytest.approx(p)
    # issue 12: Yates corrects χ² only; G² stays the uncorrected log-likelihood
    g2, _, _, _ = chi2_contingency([[10, 20], [30, 40]], correction=False, lambda_="log-likelihood")
    assert abs(row["g2"]) == pytest.approx(g2, abs=1e-9)
    by_g2 = keyness(key_toks, "农村", by="setting", correction=True).set_index("term").loc["治理"]
    assert by_g2["p"] == pytest.approx(chi2.sf(g2, 1), abs=1e-12)


def test_log_ratio_is_hardies():
    # issue 12: 乡村振兴 20 vs 1 in equally long groups is log2(20) = 4.32 (adding 0.5 to both gave 3.77)
    toks = hand_tokens({"t": [["乡村振兴"] * 20 + ["服务"] * 80], "r": [["乡村振兴"] + ["服务"] * 99]},
                       {"side": ["t", "r"]})
    row = keyness(toks, "t", by="side").set_index("term").loc["乡村振兴"]
    assert row["log_ratio"] == pytest.approx(math.log2(20), abs=1e-12)
    assert round(row["log_ratio"], 2) == 4.32


# Six documents with unequal lengths and terms absent from one side, for the reference checks.
REF_DOCS = {
    "a1": [["乡村振兴"] * 20 + ["治理"] * 7 + ["群众"] * 3, ["服务"] * 11 + ["网格"] * 2],
    "a2": [["治理"] * 9 + ["议事"] * 4 + ["群众"], ["共同缔造"] * 5],
    "a3": [["乡村振兴"] * 3 + ["服务"] * 6 + ["协商"]],
    "b1": [["乡村振兴"] + ["治理"] * 30 + ["服务"] * 15, ["网格"] * 12 + ["群众"] * 8],
    "b2": [["治理"] * 14 + ["物业"] * 9 + ["群众"] * 6],
    "b3": [["服务"] * 25 + ["网格"] * 4 + ["协商"] * 2],
}
REF_VARS = {"group": ["甲", "甲", "甲", "乙", "乙", "乙"]}


@pytest.mark.parametrize("correction", [False, True])
def test_keyness_matches_scipy_on_every_term(correction):
    # issue 12: every figure of the table against scipy on the same 2×2 tables, to 1e-9
    toks = hand_tokens(REF_DOCS, REF_VARS)
    table = keyness(toks, "甲", by="group", correction=correction)
    counts = {d: [w for u in units for w in u] for d, units in REF_DOCS.items()}
    target = [w for d in ("a1", "a2", "a3") for w in counts[d]]
    reference = [w for d in ("b1", "b2", "b3") for w in counts[d]]
    big_t, big_r = len(target), len(reference)
    assert len(table) == len(set(target) | set(reference)) == 9
    for row in table.itertuples():
        a, b = target.count(row.term), reference.count(row.term)
        assert (row.target_count, row.reference_count) == (a, b)
        observed = [[a, b], [big_t - a, big_r - b]]
        g2, p_g2, _, _ = chi2_contingency(observed, correction=False, lambda_="log-likelihood")
        x2, _, _, _ = chi2_contingency(observed, correction=correction)
        assert abs(row.g2) == pytest.approx(g2, abs=1e-9)
        assert abs(row.chi2) == pytest.approx(x2, abs=1e-9)
        assert row.p == pytest.approx(p_g2, abs=1e-12)
        assert np.sign(row.g2) == np.sign(a / big_t - b / big_r)
        hardie = math.log2((max(a, 0.5) / big_t) / (max(b, 0.5) / big_r))
        assert row.log_ratio == pytest.approx(hardie, abs=1e-12)


@pytest.mark.parametrize("method", ["fdr_bh", "bonferroni"])
def test_keyness_p_adjusted_matches_statsmodels(method):
    from statsmodels.stats.multitest import multipletests

    toks = hand_tokens(REF_DOCS, REF_VARS)
    table = keyness(toks, "甲", by="group", measure="chi2", p_adjust=method)
    assert list(table.columns) == ["term", "target_count", "reference_count", "target_share", "reference_share",
                                   "g2", "chi2", "p", "log_ratio", "p_adjusted"]
    _, expected, _, _ = multipletests(table["p"].to_numpy(), method=method)
    np.testing.assert_allclose(table["p_adjusted"].to_numpy(), expected, rtol=0, atol=1e-12)
    assert (table["p_adjusted"] >= table["p"]).all()
    assert "p_adjusted" not in keyness(toks, "甲", by="group").columns
    with pytest.raises(ZhiliError, match="p_adjust"):
        keyness(toks, "甲", by="group", p_adjust="holm")


def test_keyness_sorted_by_signed_statistic(key_toks):
    for measure in ("g2", "chi2"):
        table = keyness(key_toks, "农村", by="setting", measure=measure)
        assert table["term"].tolist() == ["服务", "治理", "发展"]
        assert table[measure].tolist() == sorted(table[measure], reverse=True)


def test_keyness_target_forms_agree(key_toks):
    by_value = keyness(key_toks, "农村", by="setting")
    by_ids = keyness(key_toks, ["d1", "d2"])
    by_mask = keyness(key_toks, [True, True, False])
    by_series = keyness(key_toks, key_toks.corpus.docs["setting"] == "农村")
    for other in (by_ids, by_mask, by_series):
        assert other.equals(by_value)
    flipped = keyness(key_toks, "城市", by="setting").set_index("term")
    assert flipped.loc["治理", "g2"] == pytest.approx(-by_value.set_index("term").loc["治理", "g2"])


def test_keyness_min_count(key_toks):
    # totals: 治理 30, 服务 30, 发展 40
    assert set(keyness(key_toks, "城市", by="setting", min_count=30)["term"]) == {"治理", "服务", "发展"}
    assert keyness(key_toks, "城市", by="setting", min_count=31)["term"].tolist() == ["发展"]


def test_keyness_errors_are_clear_chinese(key_toks):
    with pytest.raises(ZhiliError, match="目标组没有文档.*城乡"):
        keyness(key_toks, "城乡", by="setting")
    with pytest.raises(ZhiliError, match="目标组没有文档"):
        keyness(key_toks, [False, False, False])
    with pytest.raises(ZhiliError, match="目标组没有文档"):
        keyness(key_toks, [])
    with pytest.raises(ZhiliError, match="参照组为空"):
        keyness(key_toks, [True, True, True])
    with pytest.raises(ZhiliError, match="一一对应"):
        keyness(key_toks, [True, False])
    with pytest.raises(ZhiliError, match="没有这些 doc_id"):
        keyness(key_toks, ["d9"])
    with pytest.raises(ZhiliError, match="by="):
        keyness(key_toks, "农村", by="level_x")
    with pytest.raises(ZhiliError, match="measure"):
        keyness(key_toks, "农村", by="setting", measure="pmi")
    with pytest.raises(ZhiliError, match="没有文档"):
        keyness(zl.tokenize(zl.Corpus.from_texts([]), cache=False), [])


def test_keyness_on_the_casebook():
    toks = zl.tokenize(zl.cases(as_corpus=True), cache=False)
    table = keyness(toks, "城市", by="setting")
    top = table.head(10)
    assert (top["g2"] > 0).all() and (top["log_ratio"] > 0).all()
    assert table["g2"].tolist() == sorted(table["g2"], reverse=True)


# ----------------------------------------------------------------------------- collocations

A, B, C = "群众", "参与", "议事"


def test_pmi_by_hand():
    # units A B C | A B | C A ; window 1 → pairs AB, BC, AB, CA: N = 4
    toks = hand_tokens({"d": [[A, B, C], [A, B], [C, A]]})
    table = collocations(toks, window=1, min_count=1)
    assert list(table.columns) == ["word1", "word2", "count", "expected", "pmi", "llr"]
    got = {(r.word1, r.word2): r for r in table.itertuples()}
    assert set(got) == {(A, B), (B, C), (C, A)}  # B→C across units (B | C) is not a pair
    ab = got[(A, B)]
    # O = 2, A first in 2 pairs, B second in 2 pairs: E = 2·2/4 = 1, PMI = log2(2/1) = 1
    assert (ab.count, ab.expected, ab.pmi) == (2, pytest.approx(1.0), pytest.approx(1.0))
    assert ab.llr == pytest.approx(g2_by_formula([[2, 0], [0, 2]]))  # = 8 ln 2
    assert ab.llr == pytest.approx(8 * math.log(2))
    bc = got[(B, C)]
    assert (bc.count, bc.expected, bc.pmi) == (1, pytest.approx(0.25), pytest.approx(2.0))
    assert bc.llr == pytest.approx(g2_by_formula([[1, 0], [0, 3]]))
    # sorted by pmi descending, then word1, word2
    keys = [(-r.pmi, r.word1, r.word2) for r in table.itertuples()]
    assert keys == sorted(keys)
    assert table["pmi"].tolist()[-1] == pytest.approx(1.0)


def test_window_counts_pairs_to_the_right_within_a_unit():
    # window 2 in A B C adds the pair A→C; N = 5 (AB, BC, AC, AB, CA)
    toks = hand_tokens({"d": [[A, B, C], [A, B], [C, A]]})
    got = {(r.word1, r.word2): r for r in collocations(toks, window=2, min_count=1).itertuples()}
    assert got[(A, C)].count == 1
    assert got[(A, C)].pmi == pytest.approx(math.log2(1 * 5 / (3 * 2)))  # A first in 3, C second in 2
    assert got[(A, B)].pmi == pytest.approx(math.log2(2 * 5 / (3 * 2)))


def test_self_pairs_count_in_totals_but_are_not_listed():
    toks = hand_tokens({"d": [[A, A, B]]})  # pairs AA, AB: N = 2
    table = collocations(toks, window=1, min_count=1)
    assert table[["word1", "word2"]].values.tolist() == [[A, B]]
    assert table["pmi"].iloc[0] == pytest.approx(math.log2(1 * 2 / (2 * 1)))


def test_collocations_measure_min_count_and_n():
    toks = hand_tokens({"d": [[A, B, C], [A, B], [C, A]]})
    assert collocations(toks, window=1, min_count=2)[["word1", "word2"]].values.tolist() == [[A, B]]
    by_llr = collocations(toks, window=1, min_count=1, measure="llr")
    assert by_llr["llr"].tolist() == sorted(by_llr["llr"], reverse=True)
    assert len(collocations(toks, window=1, min_count=1, n=2)) == 2
    assert collocations(toks, window=1, min_count=5).empty
    with pytest.raises(ZhiliError, match="measure"):
        collocations(toks, measure="dice")


COLLOC_UNITS = [
    ["村民", "议事", "协商", "村民", "议事", "群众"], ["群众", "议事", "村民", "村民", "协商"],
    ["协商", "议事", "群众", "网格", "村民", "议事", "协商", "群众"], ["议事", "协商"], ["网格", "群众", "村民"],
]


@pytest.mark.parametrize("window", [1, 2, 4])
def test_collocations_match_nltk(window):
    # issue 12: counts and measures against nltk on the same tokens. nltk's window_size counts the word
    # itself (window_size=2: adjacent), so ours is window_size - 1; `window` Nones between units keep
    # nltk's pairs inside a unit, as ours are.
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    flat = []
    for unit in COLLOC_UNITS:
        flat += unit + [None] * window
    finder = BigramCollocationFinder.from_words(flat, window_size=window + 1)
    pairs = finder.ngram_fd
    n = pairs.N()
    first, second = {}, {}
    for (w1, w2), c in pairs.items():
        first[w1] = first.get(w1, 0) + c
        second[w2] = second.get(w2, 0) + c
    table = collocations(hand_tokens({"d": COLLOC_UNITS}), window=window, min_count=1)
    listed = {(w1, w2) for w1, w2 in pairs if w1 != w2}
    assert {(r.word1, r.word2) for r in table.itertuples()} == listed
    for r in table.itertuples():
        o, big_r, big_c = pairs[(r.word1, r.word2)], first[r.word1], second[r.word2]
        assert r.count == o
        assert r.expected == pytest.approx(big_r * big_c / n, abs=1e-12)
        assert r.pmi == pytest.approx(BigramAssocMeasures.pmi(o, (big_r, big_c), n), abs=1e-9)
        assert r.llr == pytest.approx(BigramAssocMeasures.likelihood_ratio(o, (big_r, big_c), n), abs=1e-9)


def test_collocations_empty_corpus():
    table = collocations(zl.tokenize(zl.Corpus.from_texts([]), cache=False))
    assert table.empty and list(table.columns) == ["word1", "word2", "count", "expected", "pmi", "llr"]


# ----------------------------------------------------------------------------- trends

TREND_DOCS = {
    "d1": [["共同缔造", "推进"]],            # 2022-05-01
    "d2": [["共同缔造", "共同缔造", "治理"]],  # 2022-11
    "d3": [["治理", "推进", "服务", "群众"]],   # 2023
    "d4": [["共同缔造"]],                     # no date
}
TREND_VARS = {"date": ["2022-05-01", "2022-11", "2023", ""], "year_start": [2021, 2022, 2022, 2023]}


def test_trends_by_year_with_an_undated_document():
    toks = hand_tokens(TREND_DOCS, TREND_VARS)
    with pytest.warns(zl.ZhiliWarning, match="2023 只有一两篇文档"):
        table = term_trends(toks, ["治理", "共同缔造"])
    assert list(table.columns) == ["period", "term", "count", "n_docs", "n_chars", "per_10k"]
    # texts: d1 共同缔造推进。(7) d2 共同缔造共同缔造治理。(11) d3 治理推进服务群众。(9)
    assert table[["period", "term", "count", "n_docs", "n_chars"]].values.tolist() == [
        [2022, "共同缔造", 3, 2, 18], [2022, "治理", 1, 2, 18],
        [2023, "共同缔造", 0, 1, 9], [2023, "治理", 1, 1, 9],
    ]
    assert table["per_10k"].tolist() == pytest.approx([3e4 / 18, 1e4 / 18, 0, 1e4 / 9])
    assert table.attrs["excluded_docs"] == ["d4"]


def test_trends_by_month_and_from_an_int_column():
    toks = hand_tokens(TREND_DOCS, TREND_VARS)
    monthly = term_trends(toks, "共同缔造", period="month", normalize=False)
    assert list(monthly.columns) == ["period", "term", "count", "n_docs", "n_chars"]
    assert monthly[["period", "count"]].values.tolist() == [["2022-05", 1], ["2022-11", 2]]
    assert monthly.attrs["excluded_docs"] == ["d3", "d4"]  # "2023" names no month
    yearly = term_trends(toks, "共同缔造", date="year_start")
    assert yearly[["period", "count", "n_docs"]].values.tolist() == [[2021, 1, 1], [2022, 2, 2], [2023, 1, 1]]
    assert yearly.attrs["excluded_docs"] == []


def test_trends_term_that_never_occurs_and_errors():
    toks = hand_tokens(TREND_DOCS, TREND_VARS)
    never = term_trends(toks, "接诉即办")
    assert never["count"].tolist() == [0, 0] and never["per_10k"].tolist() == [0.0, 0.0]
    with pytest.raises(ZhiliError, match="date="):
        term_trends(toks, "治理", date="published")
    undated = hand_tokens({"d1": [["治理"]]})  # from_texts gives an empty date
    with pytest.raises(ZhiliError, match="没有任何文档"):
        term_trends(undated, "治理")
    with pytest.raises(ZhiliError, match="terms"):
        term_trends(toks, [])
    with pytest.raises(ZhiliError, match="period"):
        term_trends(toks, "治理", period="week")
    with pytest.raises(ZhiliError, match="没有文档"):
        term_trends(zl.tokenize(zl.Corpus.from_texts([]), cache=False), "治理")


@pytest.mark.parametrize(("value", "year", "month"), [
    ("2023-06-01", 2023, "2023-06"), ("2023/6/1", 2023, "2023-06"), ("2023年6月", 2023, "2023-06"),
    ("2023.06", 2023, "2023-06"), ("2023-06-01T08:00:00", 2023, "2023-06"), ("2023", 2023, None),
    (2023, 2023, None), ("", None, None), ("待定", None, None), ("2023-13", None, None),
])
def test_trends_read_common_date_forms(value, year, month):
    toks = hand_tokens({"d1": [["治理"]], "d2": [["治理"]]}, {"date": [value, "2020-01-01"]})
    for period, want in (("year", year), ("month", month)):
        table = term_trends(toks, "治理", period=period)
        if want is None:
            assert table.attrs["excluded_docs"] == ["d1"]
        else:
            assert table.attrs["excluded_docs"] == [] and want in table["period"].tolist()
