"""zhili.analysis.freq and .kwic: frequencies, TF-IDF, keywords and concordances (issue 5).

The arithmetic tests use Tokens written by hand, so every expected number below can be checked
by eye without depending on how jieba segments a sentence.
"""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

import zhili as zl
from zhili._errors import ZhiliError
from zhili.analysis.freq import keywords, term_frequencies, tfidf, top_terms
from zhili.analysis.kwic import kwic
from zhili.analysis.matrix import dtm
from _helpers import hand_tokens





# d1: 共同缔造 推进 共同缔造 | 群众 参与      (5 tokens, 农村)
# d2: 共同缔造 群众                          (2 tokens, 城市)
# d3: 治理 推进 村                           (3 tokens, 城市)
# in all 10 tokens: 共同缔造 3 (2 docs), 推进 2 (2), 群众 2 (2), 参与 1, 治理 1, 村 1
DOCS = {
    "d1": [["共同缔造", "推进", "共同缔造"], ["群众", "参与"]],
    "d2": [["共同缔造", "群众"]],
    "d3": [["治理", "推进", "村"]],
}
SETTING = {"setting": ["农村", "城市", "城市"]}


@pytest.fixture
def toks() -> Tokens:
    return hand_tokens(DOCS, SETTING)


@pytest.fixture
def empty() -> Tokens:
    return zl.tokenize(zl.Corpus.from_texts([]), cache=False)


# ----------------------------------------------------------------------------- term_frequencies


def test_corpus_frequencies_by_hand(toks):
    table = term_frequencies(toks)
    assert list(table.columns) == ["term", "count", "share", "doc_count"]
    got = {r.term: (r.count, r.doc_count) for r in table.itertuples()}
    assert got == {"共同缔造": (3, 2), "推进": (2, 2), "群众": (2, 2), "参与": (1, 1), "治理": (1, 1), "村": (1, 1)}
    assert table["share"].tolist() == pytest.approx(table["count"].to_numpy() / 10)
    assert table["term"].iloc[0] == "共同缔造"
    # count descending, then term
    keys = list(zip(-table["count"], table["term"]))
    assert keys == sorted(keys)


def test_filters_keep_the_denominator_of_all_tokens(toks):
    table = term_frequencies(toks, min_length=2, min_count=2)
    assert table["term"].tolist() == ["共同缔造", *sorted(["推进", "群众"])]
    assert table["share"].tolist() == pytest.approx([0.3, 0.2, 0.2])  # still out of 10 tokens


def test_frequencies_by_docvar_by_hand(toks):
    table = term_frequencies(toks, by="setting")
    assert list(table.columns) == ["setting", "term", "count", "share"]
    rural = table[table["setting"] == "农村"]
    assert rural["term"].tolist() == ["共同缔造", *sorted(["推进", "群众", "参与"])]
    assert rural["count"].tolist() == [2, 1, 1, 1]
    assert rural["share"].tolist() == pytest.approx([2 / 5, 1 / 5, 1 / 5, 1 / 5])
    urban = table[table["setting"] == "城市"]
    assert dict(zip(urban["term"], urban["count"])) == {"共同缔造": 1, "群众": 1, "治理": 1, "推进": 1, "村": 1}
    assert urban["share"].tolist() == pytest.approx([1 / 5] * 5)
    assert table["setting"].tolist() == sorted(table["setting"])  # groups in sorted order


def test_frequencies_by_document_and_unit(toks):
    by_doc = term_frequencies(toks, by="document")
    assert by_doc["doc_id"].tolist() == ["d1"] * 4 + ["d2"] * 2 + ["d3"] * 3  # corpus order
    assert by_doc[by_doc["doc_id"] == "d3"]["share"].tolist() == pytest.approx([1 / 3] * 3)
    by_unit = term_frequencies(toks, by="unit")
    assert list(by_unit.columns[:2]) == ["doc_id", "unit_id"]
    first = by_unit[by_unit["unit_id"] == "d1#s1"]
    assert first[["term", "count"]].values.tolist() == [["共同缔造", 2], ["推进", 1]]
    assert first["share"].tolist() == pytest.approx([2 / 3, 1 / 3])


def test_top_terms(toks):
    top = top_terms(toks, 2)
    assert top[["rank", "term", "count"]].values.tolist() == [[1, "共同缔造", 3], [2, sorted(["推进", "群众"])[0], 2]]
    per = top_terms(toks, 1, by="setting")
    assert per[["setting", "rank", "term"]].values.tolist() == [["农村", 1, "共同缔造"], ["城市", 1, "共同缔造"]]
    # min_length=2 by default: 村 never appears
    assert "村" not in set(top_terms(toks, 100, by="document")["term"])


def test_frequencies_reject_bad_input(toks):
    with pytest.raises(ZhiliError, match="zl.tokenize"):
        term_frequencies(["共同缔造"])
    with pytest.raises(ZhiliError, match="by="):
        term_frequencies(toks, by="不存在")
    with pytest.raises(ZhiliError, match="min_count"):
        term_frequencies(toks, min_count=0)


def test_empty_corpus_gives_empty_tables(empty):
    assert term_frequencies(empty).empty
    assert list(term_frequencies(empty).columns) == ["term", "count", "share", "doc_count"]
    assert list(term_frequencies(empty, by="document").columns) == ["doc_id", "term", "count", "share"]
    assert list(top_terms(empty).columns) == ["rank", "term", "count", "share", "doc_count"]
    assert tfidf(empty).shape == (0, 0)
    for method in ("tfidf", "textrank"):
        table = keywords(empty, method=method)
        assert table.empty and list(table.columns) == ["doc_id", "rank", "term", "score"]


# ----------------------------------------------------------------------------- TF-IDF


@pytest.mark.parametrize("smooth", [True, False])
@pytest.mark.parametrize("sublinear", [True, False])
def test_tfidf_equals_sklearn_on_the_same_counts(toks, smooth, sublinear):
    w = tfidf(toks, smooth=smooth, sublinear=sublinear)
    counts = dtm(toks)
    assert w.terms == counts.terms and w.rows["doc_id"].tolist() == ["d1", "d2", "d3"]
    expected = TfidfTransformer(smooth_idf=smooth, sublinear_tf=sublinear).fit_transform(counts.matrix)
    assert np.allclose(w.matrix.toarray(), expected.toarray())
    assert w.matrix.dtype == np.float64


def test_tfidf_by_hand(toks):
    # d2 = {共同缔造: 1, 群众: 1}; both occur in 2 of 3 documents → equal weights, l2 norm → 1/√2
    w = tfidf(toks).to_frame()
    assert w.loc["d2", "共同缔造"] == pytest.approx(1 / math.sqrt(2))
    assert w.loc["d2", "治理"] == 0
    # unnormalised: idf(治理) = ln((1+3)/(1+1)) + 1 (smooth), tf = 1
    raw = tfidf(toks, norm=None).to_frame()
    assert raw.loc["d3", "治理"] == pytest.approx(math.log(4 / 2) + 1)
    assert raw.loc["d1", "共同缔造"] == pytest.approx(2 * (math.log(4 / 3) + 1))


# ----------------------------------------------------------------------------- keywords


def test_tfidf_keywords_are_the_highest_weights(toks):
    table = keywords(toks, n=2, min_length=1)
    assert list(table.columns) == ["doc_id", "rank", "term", "score"]
    w = tfidf(toks).to_frame()
    for doc, group in table.groupby("doc_id"):
        best = sorted(((-v, t) for t, v in w.loc[doc].items() if v > 0))[:2]
        assert group["term"].tolist() == [t for _, t in best]
        assert group["rank"].tolist() == [1, 2]
    assert "村" not in set(keywords(toks, n=10)["term"])  # min_length=2 by default


def reference_pagerank(graph: nx.Graph, alpha: float = 0.85) -> dict:
    """PageRank by plain power iteration to machine precision (uniform teleport and dangling)."""
    nodes = list(graph)
    w = nx.to_numpy_array(graph, nodelist=nodes, weight="weight")
    out = w.sum(axis=1)
    step = np.divide(w, out[:, None], out=np.zeros_like(w), where=out[:, None] > 0)
    x = np.full(len(nodes), 1 / len(nodes))
    for _ in range(10_000):
        new = alpha * (x @ step + x[out == 0].sum() / len(nodes)) + (1 - alpha) / len(nodes)
        done = np.abs(new - x).max() < 1e-17
        x = new
        if done:
            break
    return dict(zip(nodes, x))


def test_textrank_by_hand_and_tie_break():
    # a chain 乙-甲-丙 (window 1: adjacent tokens): 甲 is the hub; 乙 and 丙 tie and are ordered by term
    toks = hand_tokens({"d": [["乙乙", "甲甲", "丙丙"]]})
    table = keywords(toks, method="textrank", window=1)
    assert table["term"].tolist() == ["甲甲", *sorted(["乙乙", "丙丙"])]
    graph = nx.Graph([("乙乙", "甲甲", {"weight": 1}), ("甲甲", "丙丙", {"weight": 1})])
    expected = reference_pagerank(graph)
    got = dict(zip(table["term"], table["score"]))
    assert all(abs(got[t] - expected[t]) < 1e-9 for t in expected)
    assert got == pytest.approx(nx.pagerank(graph, weight="weight"), abs=1e-5)


def test_textrank_window_means_following_tokens():
    # issue 12: window=1 links adjacent tokens, as in collocations and co-word networks (it was an error,
    # and window=2 linked neighbours only); window=2 adds the pair two tokens apart
    toks = hand_tokens({"d": [["甲甲", "乙乙", "丙丙", "丁丁"]]})
    for window, pairs in [(1, [("甲甲", "乙乙"), ("乙乙", "丙丙"), ("丙丙", "丁丁")]),
                          (2, [("甲甲", "乙乙"), ("乙乙", "丙丙"), ("丙丙", "丁丁"), ("甲甲", "丙丙"), ("乙乙", "丁丁")])]:
        got = keywords(toks, method="textrank", window=window, n=4)
        expected = reference_pagerank(nx.Graph([(a, b, {"weight": 1}) for a, b in pairs]))
        assert {t: pytest.approx(expected[t], abs=1e-9) for t in expected} == dict(zip(got["term"], got["score"]))
        colloc = zl.collocations(toks, window=window, min_count=1)
        assert {frozenset(p) for p in zip(colloc["word1"], colloc["word2"])} == {frozenset(p) for p in pairs}
    # the default (4 following tokens) is jieba's span of 5, the neighbourhood used before
    five = hand_tokens({"d": [["甲甲", "乙乙", "丙丙", "丁丁", "戊戊", "己己"]]})
    default = keywords(five, method="textrank", n=6)
    assert default.equals(keywords(five, method="textrank", n=6, window=4))
    assert not default.equals(keywords(five, method="textrank", n=6, window=5))


def test_textrank_scores_match_a_reference_power_iteration():
    # issue 12: at networkx's default tolerance the scores were off by ~1e-5
    rng = np.random.default_rng(12)
    words = [f"词{i:03d}" for i in range(300)]
    weights = 1 / np.arange(1, 301)
    units = [list(rng.choice(words, size=12, p=weights / weights.sum())) for _ in range(400)]
    toks = hand_tokens({"d": units})
    got = keywords(toks, method="textrank", n=300, window=3)
    graph = nx.Graph()
    graph.add_nodes_from(sorted({w for u in units for w in u}))
    for u in units:
        for i, a in enumerate(u):
            for b in u[i + 1 : i + 4]:
                if a != b:
                    old = graph.get_edge_data(a, b, {"weight": 0})["weight"]
                    graph.add_edge(a, b, weight=old + 1)
    expected = reference_pagerank(graph)
    assert len(got) == len(expected) > 250
    assert max(abs(s - expected[t]) for t, s in zip(got["term"], got["score"])) < 1e-9


def test_textrank_is_deterministic_and_independent_of_document_order(toks):
    a = keywords(toks, method="textrank", n=3, min_length=1)
    b = keywords(toks, method="textrank", n=3, min_length=1)
    pd.testing.assert_frame_equal(a, b)
    reordered = hand_tokens({k: DOCS[k] for k in ["d3", "d1", "d2"]})
    c = keywords(reordered, method="textrank", n=3, min_length=1)
    for doc in DOCS:
        pd.testing.assert_frame_equal(a[a["doc_id"] == doc].reset_index(drop=True),
                                      c[c["doc_id"] == doc].reset_index(drop=True))


def test_textrank_window_links_only_within_units():
    # 甲甲 and 丁丁 sit in different sentences: no edge, so both keep the score of an isolated pair
    toks = hand_tokens({"d": [["甲甲", "乙乙"], ["丙丙", "丁丁"]]})
    table = keywords(toks, method="textrank", window=5)
    assert table["score"].tolist() == pytest.approx([0.25] * 4)
    assert table["term"].tolist() == sorted(table["term"])
    with pytest.raises(ZhiliError, match="window"):
        keywords(toks, method="textrank", window=0)
    with pytest.raises(ZhiliError, match="method"):
        keywords(toks, method="lda")


def test_textrank_by_docvar(toks):
    table = keywords(toks, method="textrank", by="setting", n=2, min_length=1)
    assert list(table.columns) == ["setting", "rank", "term", "score"]
    assert table["setting"].tolist() == ["农村", "农村", "城市", "城市"]


# ----------------------------------------------------------------------------- kwic


KWIC_COLUMNS = ["doc_id", "unit_id", "heading_path", "left", "keyword", "right", "position", "term", "start", "end"]


def test_kwic_exact_context(toks):
    table = kwic(toks, "共同缔造", window=1, whole_word=True)
    assert list(table.columns) == KWIC_COLUMNS
    assert table[["doc_id", "unit_id", "left", "keyword", "right", "position"]].values.tolist() == [
        ["d1", "d1#s1", "", "共同缔造", "推进", 0],
        ["d1", "d1#s1", "推进", "共同缔造", "", 2],
        ["d2", "d2#s1", "", "共同缔造", "群众", 0],
    ]
    wide = kwic(toks, "推进", window=5, whole_word=True)
    assert wide[["left", "right"]].values.tolist() == [["共同缔造", "共同缔造"], ["治理", "村"]]


def test_kwic_several_patterns_and_regex(toks):
    both = kwic(toks, ["群众", "治理"], window=1, whole_word=True)
    assert both[["keyword", "left", "right"]].values.tolist() == [["群众", "", "参与"], ["群众", "共同缔造", ""],
                                                                  ["治理", "", "推进"]]
    rx = kwic(toks, "^共同", regex=True, whole_word=True)
    assert len(rx) == 3 and set(rx["keyword"]) == {"共同缔造"}
    in_text = kwic(toks, "共同", regex=True)  # in the text: every 共同, wherever it is
    assert len(in_text) == 3 and set(in_text["keyword"]) == {"共同"}
    with pytest.raises(ZhiliError, match="正则表达式"):
        kwic(toks, "(", regex=True)


def test_kwic_on_a_corpus_reads_like_the_sentence():
    sentence = "各地坚持共同缔造，推动群众参与。"
    c = zl.Corpus.from_texts([sentence])
    row = kwic(c, "共同缔造", window=50).iloc[0]
    assert row["left"] + row["keyword"] + row["right"] == sentence  # nothing dropped from the context
    assert row["left"] == "各地坚持"


def test_kwic_missing_term_and_bad_input(toks, empty):
    none = kwic(toks, "接诉即办")
    assert none.empty and list(none.columns) == KWIC_COLUMNS
    assert kwic(toks, "接诉即办", whole_word=True).empty
    assert kwic(empty, "共同缔造").empty
    assert kwic(zl.Corpus.from_texts([]), "共同缔造").empty
    with pytest.raises(ZhiliError, match="pattern"):
        kwic(toks, "")
    with pytest.raises(ZhiliError, match="pattern"):
        kwic(toks, [])
    with pytest.raises(ZhiliError, match="unit"):
        kwic(toks, "推进", unit="paragraph")
    with pytest.raises(ZhiliError, match="Corpus"):
        kwic("各地坚持共同缔造", "共同缔造")


def test_real_tokens_round_trip():
    """The same functions on tokens from zl.tokenize (the lexicon keeps the terms whole)."""
    t = zl.tokenize({"甲": "推进共同缔造，共同缔造见效。", "乙": "坚持四权同下。"}, cache=False)
    assert term_frequencies(t).set_index("term").loc["共同缔造", "count"] == 2
    assert kwic(t, "四权同下")["doc_id"].tolist() == ["乙"]
    assert sparse.issparse(tfidf(t).matrix)


def test_by_accepts_the_chinese_label_shown_by_zl_show_and_suggests_a_misspelled_column():
    import zhili as zl

    toks = zl.tokenize(zl.cases(as_corpus=True))
    assert list(zl.top_terms(toks, 3, by="城乡类型").columns)[0] == "setting"          # the label of setting
    assert list(zl.top_terms(toks, 3, by="城乡类型 setting").columns)[0] == "setting"  # as zl.show writes it
    assert list(zl.keywords(toks, n=2, by="领域").columns)[0] == "domain"
    assert zl.count_terms(toks.corpus, ["群众"], by="城乡类型").index.name == "setting"
    for typed in ("seting", "城乡"):
        with pytest.raises(ZhiliError, match=r"您是不是要找：setting（城乡类型）？可选 document、unit"):
            zl.top_terms(toks, 8, by=typed)
    with pytest.raises(ZhiliError, match="您是不是要找：domain（领域）"):
        zl.count_terms(toks.corpus, ["群众"], by="domian")


def test_check_choice_suggests_the_closest_value():
    from zhili._errors import check_choice

    with pytest.raises(ZhiliError, match="您是不是要找：textrank？"):
        check_choice("method", "textrnak", ("tfidf", "textrank"))
