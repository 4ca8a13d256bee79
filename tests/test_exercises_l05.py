"""Exercises of lesson 05 (共词网络): right answers pass, typical wrong ones get Chinese feedback."""
from __future__ import annotations

import pytest

import zhili as zl
from zhili.exercises import evaluate, l05


@pytest.fixture(scope="module")
def toks():
    return zl.tokenize(zl.cases(as_corpus=True), extra_stopwords=list(l05.META_WORDS), progress=False)


@pytest.fixture(scope="module")
def g(toks):
    return zl.cooccurrence_network(toks, measure="jaccard", top_n=50, max_edges=100)


@pytest.fixture(scope="module")
def g_count(toks):
    return zl.cooccurrence_network(toks, measure="count", top_n=50, max_edges=100)


def _wrong(fb):
    assert fb.status == "wrong"
    assert "还不对" in fb.message and any("\u4e00" <= ch <= "\u9fff" for ch in fb.message)


def test_exercise_ids():
    assert [ex.id for ex in zl.exercises.list_exercises("L05")] == ["L05.1", "L05.2", "L05.3"]


@pytest.mark.parametrize("exercise_id", ["L05.1", "L05.2", "L05.3"])
def test_blank(exercise_id):
    fb = evaluate(exercise_id, ...)
    assert fb.status == "blank" and "还没有作答" in fb.message


def test_l05_1_highest_degree(g):
    cent = zl.centrality(g)
    top = int(cent["degree"].iloc[0])
    assert top == max(d for _, d in g.degree())
    tied = cent.loc[cent["degree"] == top, "term"].tolist()
    for term in tied:  # a tie: any of the terms of highest degree is right, and the feedback names the others
        fb = evaluate("L05.1", term)
        assert fb.ok and all(t in fb.message for t in tied)
    assert evaluate("L05.1", f" {tied[0]} ").ok
    # the most frequent term is the classic confusion of degree with frequency
    most_frequent = max(g.nodes, key=lambda n: (g.nodes[n]["count"], n))
    assert most_frequent not in tied
    fb = evaluate("L05.1", most_frequent)
    _wrong(fb)
    assert "度数" in fb.message
    _wrong(evaluate("L05.1", cent["term"].iloc[-1]))
    _wrong(evaluate("L05.1", "不存在的词"))
    _wrong(evaluate("L05.1", top))
    _wrong(evaluate("L05.1", cent))


def test_l05_2_counts_the_rows_of_the_lessons_community_table(g):
    comm = zl.communities(g.copy(), seed=42)
    ranked = comm.sort_values(["community", "count"], ascending=[True, False])
    topics = ranked.groupby("community").agg(词数=("term", "size"))
    assert evaluate("L05.2", len(topics)).ok


def test_l05_2_communities(g):
    n = zl.communities(g.copy(), seed=42)["community"].nunique()
    assert evaluate("L05.2", n).ok
    assert evaluate("L05.2", float(n)).ok
    fb = evaluate("L05.2", g.number_of_nodes())
    _wrong(fb)
    assert "节点数" in fb.message
    _wrong(evaluate("L05.2", n - 1))
    _wrong(evaluate("L05.2", n + 1))
    _wrong(evaluate("L05.2", str(n)))
    _wrong(evaluate("L05.2", True))


def test_l05_3_edge_weight(g, g_count, toks):
    weight = g_count["居民"]["社区"]["weight"]
    m, terms, _ = zl.cooccurrence_matrix(toks)
    assert weight == m[terms.index("居民"), terms.index("社区")]
    assert evaluate("L05.3", weight).ok
    assert evaluate("L05.3", int(weight)).ok
    fb = evaluate("L05.3", g["居民"]["社区"]["weight"])
    _wrong(fb)
    assert "Jaccard" in fb.message
    example = g_count["小区"]["社区"]["weight"]  # the worked example of section 3, run unchanged
    assert example != weight
    fb = evaluate("L05.3", example)
    _wrong(fb)
    assert "示范" in fb.message
    _wrong(evaluate("L05.3", weight + 1))
    _wrong(evaluate("L05.3", str(int(weight))))
