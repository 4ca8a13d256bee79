"""zhili.analysis.collocates: counts and association measures checked by hand and against
scipy and nltk (issue 16).

Tokens are written by hand (``hand_tokens``) so that every span, count and margin can be worked
out on paper; the expected measures are computed here from the textbook formulas, from
``scipy.stats`` (G² via ``chi2_contingency(lambda_="log-likelihood")``, ``fisher_exact``), from
statsmodels' ``multipletests`` and from nltk's ``BigramAssocMeasures``.
"""
from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from scipy.stats import chi2, chi2_contingency, fisher_exact

import zhili as zl
from zhili._errors import ZhiliError, ZhiliWarning
from zhili.analysis.collocates import COLLOCATE_COLUMNS, collocates
from _helpers import hand_tokens

# One document, two units. N is the node 网格员.
#   unit 1: 上门 走访 网格员 收集 诉求 网格员 回应          (positions 0–6; node at 2 and 5)
#   unit 2: 诉求 热线 网格员 上门 收集 热线 台账 上门 诉求   (node at 2)
# window = 2:
#   unit 1 spans: node@2 → 0 上门 (L), 1 走访 (L), 3 收集, 4 诉求; node@5 → 3 收集, 4 诉求 (L), 6 回应 (R)
#     收集 (pos 3) is 1 from node@2 and 2 from node@5 → right of node@2
#     诉求 (pos 4) is 2 from node@2 and 1 from node@5 → left of node@5
#   unit 2 spans: node@2 → 0 诉求 (L), 1 热线 (L), 3 上门 (R), 4 收集 (R)
# span tokens R = 5 + 4 = 9; corpus tokens 16, of them 3 are the node → N = 13
DOCS = {"d1": [["上门", "走访", "网格员", "收集", "诉求", "网格员", "回应"],
               ["诉求", "热线", "网格员", "上门", "收集", "热线", "台账", "上门", "诉求"]]}
# collocate → (count, left, right, corpus frequency)
EXPECTED = {"上门": (2, 1, 1, 3), "走访": (1, 1, 0, 1), "收集": (2, 0, 2, 2), "诉求": (2, 2, 0, 3),
            "回应": (1, 0, 1, 1), "热线": (1, 1, 0, 2)}
R, N, F_NODE = 9, 13, 3


@pytest.fixture(scope="module")
def toks():
    return hand_tokens(DOCS)


def test_counts_left_right_and_margins_by_hand(toks):
    t = collocates(toks, "网格员", window=2, min_count=1)
    assert list(t.columns[:len(COLLOCATE_COLUMNS)]) == COLLOCATE_COLUMNS
    got = {r.collocate: (r.count, r.left, r.right, r.collocate_count) for r in t.itertuples()}
    assert got == EXPECTED
    assert (t["node_count"] == F_NODE).all()
    assert t.attrs["span_tokens"] == R and t.attrs["corpus_tokens"] == N
    assert (t["count"] == t["left"] + t["right"]).all()


def test_measures_by_hand(toks):
    t = collocates(toks, "网格员", window=2, min_count=1, p_adjust=None).set_index("collocate")
    for word, (o, _, _, c) in EXPECTED.items():
        row = t.loc[word]
        e = R * c / N
        assert row["expected"] == pytest.approx(e)
        assert row["logdice"] == pytest.approx(14 + math.log2(2 * o / (F_NODE + c)))
        assert row["t"] == pytest.approx((o - e) / math.sqrt(o))
        assert row["pmi"] == pytest.approx(math.log2(o / e))
        table = [[o, R - o], [c - o, N - R - c + o]]
        g2, p, _, _ = chi2_contingency(table, correction=False, lambda_="log-likelihood")
        assert abs(row["g2"]) == pytest.approx(g2)
        assert math.copysign(1, row["g2"]) == (1 if o > e else -1)
        assert row["p"] == pytest.approx(chi2.sf(g2, 1))
        assert row["p"] == pytest.approx(p)
        assert row["p_fisher"] == pytest.approx(fisher_exact(table, alternative="greater").pvalue)
    assert "p_adjusted" not in t.columns


def test_measures_match_nltk_bigram_association_measures(toks):
    nltk = pytest.importorskip("nltk")
    m = nltk.collocations.BigramAssocMeasures
    t = collocates(toks, "网格员", window=2, min_count=1).set_index("collocate")
    for word, (o, _, _, c) in EXPECTED.items():
        row = t.loc[word]
        # nltk's marginals: (n_ii, (n_ix, n_xi), n_xx) = (O, (R, C), N) for the span table …
        assert row["t"] == pytest.approx(m.student_t(o, (R, c), N), rel=1e-6)
        assert row["pmi"] == pytest.approx(m.pmi(o, (R, c), N))
        assert abs(row["g2"]) == pytest.approx(m.likelihood_ratio(o, (R, c), N), rel=1e-9, abs=1e-9)
        # … and logDice is 14 + log2 of the Dice coefficient of the node and collocate frequencies
        assert row["logdice"] == pytest.approx(14 + math.log2(m.dice(o, (F_NODE, c), N)))


def test_window_1_counts_match_nltk_bigrams():
    """window=1: a collocate's count is the number of bigrams (node, c) plus (c, node)."""
    nltk = pytest.importorskip("nltk")
    words = "推进 网格员 入户 走访 群众 网格员 收集 诉求 入户 网格员 走访 台账 网格员 入户".split()
    toks = hand_tokens({"d": [words]})
    t = collocates(toks, "网格员", window=1, min_count=1).set_index("collocate")
    finder = nltk.collocations.BigramCollocationFinder.from_words(words)
    for c in set(words) - {"网格员"}:
        expected = finder.ngram_fd[("网格员", c)] + finder.ngram_fd[(c, "网格员")]
        got = int(t.loc[c, "count"]) if c in t.index else 0
        assert got == expected, c
        if c in t.index:
            assert t.loc[c, "right"] == finder.ngram_fd[("网格员", c)]
            assert t.loc[c, "left"] == finder.ngram_fd[(c, "网格员")]


def test_a_token_between_two_close_occurrences_counts_once():
    # 网格员 诉求 网格员: 诉求 is 1 from both → right of the earlier one; spans merged, R = 2 (上门, 诉求)
    toks = hand_tokens({"d": [["上门", "网格员", "诉求", "网格员"]]})
    t = collocates(toks, "网格员", window=1, min_count=1).set_index("collocate")
    assert t.loc["诉求", ["count", "left", "right"]].tolist() == [1, 0, 1]
    assert t.loc["上门", ["count", "left", "right"]].tolist() == [1, 1, 0]
    assert t.attrs["span_tokens"] == 2 and t.attrs["corpus_tokens"] == 2


def test_spans_never_cross_units():
    toks = hand_tokens({"d": [["网格员"], ["诉求"]]})
    assert collocates(toks, "网格员", window=3, min_count=1).empty


def test_aliases_count_as_one_node():
    toks = hand_tokens({"d": [["网格员", "上门"], ["网格管理员", "上门"], ["社区", "上门"]]})
    t = collocates(toks, ["网格员", "网格管理员"], window=1, min_count=1).set_index("collocate")
    assert t.loc["上门", "count"] == 2 and t.loc["上门", "node_count"] == 2
    assert "网格管理员" not in t.index  # a form of the node is never its own collocate
    assert t.attrs["node"] == ["网格员", "网格管理员"]


def test_min_count_sort_and_n(toks):
    t = collocates(toks, "网格员", window=2)  # min_count=2 by default
    assert set(t["collocate"]) == {w for w, v in EXPECTED.items() if v[0] >= 2}
    by_t = collocates(toks, "网格员", window=2, min_count=1, sort="t")
    assert by_t["t"].is_monotonic_decreasing
    assert len(collocates(toks, "网格员", window=2, min_count=1, n=2)) == 2
    only = collocates(toks, "网格员", window=2, measures=["pmi"], min_count=1)
    assert "pmi" in only.columns and "logdice" not in only.columns and only["pmi"].is_monotonic_decreasing


def test_p_adjust_agrees_with_statsmodels(toks):
    multipletests = pytest.importorskip("statsmodels.stats.multitest").multipletests
    for method in ("fdr_bh", "bonferroni"):
        t = collocates(toks, "网格员", window=2, min_count=1, p_adjust=method)
        assert np.allclose(t["p_adjusted"], multipletests(t["p"], method=method)[1])
        assert np.allclose(t["p_fisher_adjusted"], multipletests(t["p_fisher"], method=method)[1])


def test_keyness_also_offers_p_adjust():
    """Issue 16 asks that keyness can adjust p-values too: it does (p_adjust=, issue 12)."""
    toks = hand_tokens({"a": [["治理"] * 5 + ["服务"]], "b": [["发展"] * 5 + ["服务"]]}, {"g": ["x", "y"]})
    assert "p_adjusted" in zl.keyness(toks, "x", by="g", p_adjust="fdr_bh").columns


def test_warns_when_the_tokenizer_split_the_node():
    toks = zl.tokenize("村里开湾子会，湾子会商量事。", cache=False)
    assert "湾子会" not in toks.tokens[0]
    with pytest.warns(ZhiliWarning, match="user_terms"):
        t = collocates(toks, "湾子会", window=2, min_count=1)
    assert t.empty and list(t.columns[:len(COLLOCATE_COLUMNS)]) == COLLOCATE_COLUMNS


def test_no_warning_when_the_node_is_a_whole_token(toks):
    with warnings.catch_warnings():
        warnings.simplefilter("error", ZhiliWarning)
        collocates(toks, "网格员", window=2)


def test_a_node_absent_from_the_text_is_an_error(toks):
    with pytest.raises(ZhiliError, match="没有出现"):
        collocates(toks, "共同缔造")


@pytest.mark.parametrize("kwargs, fragment", [
    ({"window": 0}, "window"),
    ({"measures": ["dice"]}, "measures"),
    ({"sort": "g2", "measures": ["pmi"]}, "sort"),
    ({"p_adjust": "holm"}, "p_adjust"),
    ({"min_count": -1}, "min_count"),
])
def test_bad_options(toks, kwargs, fragment):
    with pytest.raises(ZhiliError, match=fragment):
        collocates(toks, "网格员", **kwargs)


def test_needs_tokens():
    with pytest.raises(ZhiliError, match="zl.tokenize"):
        collocates("网格员上门", "网格员")
