"""zhili.analysis.network: co-word matrices, networks, centrality, communities, export (issue 5)."""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

import zhili as zl
from zhili._errors import ZhiliError
from _helpers import hand_tokens
from zhili.analysis.network import (
    centrality,
    communities,
    cooccurrence_matrix,
    cooccurrence_network,
    export_network,
)



# Three sentences in two documents; 再 and 和 are stopwords (基层和治理, not 基层治理, which is a lexicon
# term since issue 11 and would stay one token).
DOCS = {"甲": "共同缔造推动基层和治理。决策共谋推动共同缔造，再推动共同缔造。", "乙": "四权同下推动基层和治理。"}
SENTENCES = [
    ["共同缔造", "推动", "基层", "治理"],
    ["决策共谋", "推动", "共同缔造", "推动", "共同缔造"],
    ["四权同下", "推动", "基层", "治理"],
]
# Pairs per sentence, each counted once per sentence (presence):
#   s1: 共同缔造-推动 共同缔造-基层 共同缔造-治理 推动-基层 推动-治理 基层-治理
#   s2: 决策共谋-推动 决策共谋-共同缔造 推动-共同缔造
#   s3: 四权同下-推动 四权同下-基层 四权同下-治理 推动-基层 推动-治理 基层-治理
UNIT_PAIRS = {
    ("共同缔造", "推动"): 2, ("共同缔造", "基层"): 1, ("共同缔造", "治理"): 1, ("共同缔造", "决策共谋"): 1,
    ("决策共谋", "推动"): 1, ("基层", "推动"): 2, ("推动", "治理"): 2, ("基层", "治理"): 2,
    ("四权同下", "推动"): 1, ("四权同下", "基层"): 1, ("四权同下", "治理"): 1,
}
# Documents: 甲 = {共同缔造, 推动, 基层, 治理, 决策共谋} (10 pairs), 乙 = {四权同下, 推动, 基层, 治理} (6 pairs);
# the three pairs among 推动, 基层, 治理 are in both.
DOC_A = ["共同缔造", "推动", "基层", "治理", "决策共谋"]
DOC_B = ["四权同下", "推动", "基层", "治理"]
COUNTS = {"推动": 4, "共同缔造": 3, "基层": 2, "治理": 2, "决策共谋": 1, "四权同下": 1}


@pytest.fixture(scope="module")
def toks():
    t = zl.tokenize(DOCS, cache=False)
    assert t.tokens == SENTENCES
    return t


def _pairs(m, terms) -> dict[tuple[str, str], int]:
    upper = m.tocoo()
    return {tuple(sorted((terms[i], terms[j]))): int(v) for i, j, v in zip(upper.row, upper.col, upper.data) if i < j}


def _key(a, b):
    return tuple(sorted((a, b)))


# ---------------------------------------------------------------------------- matrix


def test_unit_context_counts_each_pair_once_per_sentence(toks):
    m, terms, counts = cooccurrence_matrix(toks, context="unit")
    assert terms == sorted(COUNTS)
    assert counts.to_dict() == COUNTS
    assert _pairs(m, terms) == {_key(*k): v for k, v in UNIT_PAIRS.items()}


def test_document_context(toks):
    m, terms, _ = cooccurrence_matrix(toks, context="document")
    expected: dict = {}
    for doc in (DOC_A, DOC_B):
        for i, a in enumerate(doc):
            for b in doc[i + 1:]:
                expected[_key(a, b)] = expected.get(_key(a, b), 0) + 1
    assert _pairs(m, terms) == expected
    assert expected[_key("推动", "基层")] == 2 and expected[_key("共同缔造", "决策共谋")] == 1


@pytest.mark.parametrize("context", ["unit", "document", "window"])
def test_matrix_is_symmetric_int_with_zero_diagonal(toks, context):
    m, terms, _ = cooccurrence_matrix(toks, context=context)
    assert m.shape == (len(terms), len(terms))
    assert m.dtype == np.int64
    assert (m != m.T).nnz == 0
    assert not m.diagonal().any()


def test_paragraph_units_count_across_their_sentences():
    t = zl.tokenize("共同缔造见效。基层和治理。\n\n四权同下。", unit="paragraph", cache=False)
    m, terms, _ = cooccurrence_matrix(t)
    pairs = _pairs(m, terms)
    assert pairs[_key("共同缔造", "基层")] == 1
    assert all("四权同下" not in p for p in pairs)


WINDOW_SENTENCE = "决策共谋推动共同缔造，再推动共同缔造。"  # 决策共谋 推动 共同缔造 推动 共同缔造


@pytest.mark.parametrize("window, expected", [
    # distance 1: (0,1) 决-推, (1,2) 推-共, (2,3) 共-推, (3,4) 推-共
    (1, {("决策共谋", "推动"): 1, ("共同缔造", "推动"): 3}),
    # distance 2 adds (0,2) 决-共; (1,3) and (2,4) pair a term with itself and do not count
    (2, {("决策共谋", "推动"): 1, ("共同缔造", "推动"): 3, ("共同缔造", "决策共谋"): 1}),
    # every position pair: 决-推 (0,1)(0,3), 决-共 (0,2)(0,4), 推-共 (1,2)(1,4)(2,3)(3,4)
    (5, {("决策共谋", "推动"): 2, ("共同缔造", "推动"): 4, ("共同缔造", "决策共谋"): 2}),
])
def test_window_counts_position_pairs(window, expected):
    t = zl.tokenize(WINDOW_SENTENCE, cache=False)
    assert t.tokens == [["决策共谋", "推动", "共同缔造", "推动", "共同缔造"]]
    m, terms, _ = cooccurrence_matrix(t, context="window", window=window)
    assert _pairs(m, terms) == {_key(*k): v for k, v in expected.items()}


def test_window_stays_inside_a_unit():
    t = zl.tokenize("共同缔造推动。基层和治理。", cache=False)
    m, terms, _ = cooccurrence_matrix(t, context="window", window=5)
    assert _pairs(m, terms) == {_key("共同缔造", "推动"): 1, _key("基层", "治理"): 1}


def test_dropped_words_keep_their_place_in_the_window():
    t = zl.tokenize(WINDOW_SENTENCE, cache=False)
    vocab = ["决策共谋", "共同缔造"]   # 推动 (position 1) is not counted but still sits between them
    m1, terms, _ = cooccurrence_matrix(t, context="window", window=1, vocabulary=vocab)
    assert terms == vocab and m1.nnz == 0
    m2, _, _ = cooccurrence_matrix(t, context="window", window=2, vocabulary=vocab)
    assert _pairs(m2, terms) == {_key(*vocab): 1}
    top, terms, _ = cooccurrence_matrix(t, context="window", window=1, top_n=2)
    assert terms == ["共同缔造", "推动"] and _pairs(top, terms) == {("共同缔造", "推动"): 3}


def test_top_n_keeps_most_frequent_terms_ties_by_term(toks):
    # 基层 and 治理 are tied at 2; 基 (U+57FA) sorts before 治 (U+6CBB)
    m, terms, counts = cooccurrence_matrix(toks, top_n=3)
    assert terms == ["共同缔造", "基层", "推动"]
    assert counts.tolist() == [3, 2, 4]
    full = {_key(*k): v for k, v in UNIT_PAIRS.items()}
    assert _pairs(m, terms) == {p: v for p, v in full.items() if set(p) <= set(terms)}
    # 决策共谋 and 四权同下 are tied at 1; 决 (U+51B3) sorts before 四 (U+56DB)
    assert cooccurrence_matrix(toks, top_n=5).terms == sorted(["推动", "共同缔造", "基层", "治理", "决策共谋"])
    assert cooccurrence_matrix(toks, top_n=100).terms == sorted(COUNTS)


def test_min_count_and_min_length(toks):
    assert cooccurrence_matrix(toks, min_count=2).terms == ["共同缔造", "基层", "推动", "治理"]
    t = zl.tokenize("推进新村建设，村民是主体。", cache=False, stopwords=False)
    assert all(len(w) >= 2 for w in cooccurrence_matrix(t).terms)
    singles = [w for unit in t.words() for w in unit if len(w) == 1]
    assert singles and set(singles) <= set(cooccurrence_matrix(t, min_length=1).terms)


@pytest.mark.parametrize("bad", [dict(context="sentence"), dict(window=0), dict(top_n=0), dict(min_count=0)])
def test_invalid_options_raise_chinese_errors(toks, bad):
    with pytest.raises(ZhiliError, match="无效"):
        cooccurrence_matrix(toks, **bad)


def test_needs_tokens():
    with pytest.raises(ZhiliError, match="zl.tokenize"):
        cooccurrence_matrix([["共同缔造", "推动"]])


# ---------------------------------------------------------------------------- network


def test_count_network_matches_the_matrix(toks):
    g = cooccurrence_network(toks, min_count=1)
    assert list(g.nodes) == sorted(COUNTS)
    assert {_key(a, b): d["count"] for a, b, d in g.edges(data=True)} == {_key(*k): v for k, v in UNIT_PAIRS.items()}
    assert all(d["weight"] == float(d["count"]) for *_, d in g.edges(data=True))
    assert g.nodes["推动"] == {"count": 4, "doc_count": 2}
    assert g.nodes["共同缔造"] == {"count": 3, "doc_count": 1}
    assert g.graph == {"context": "unit", "window": 0, "measure": "count", "n_contexts": 3}


# Hand computation over sentences (N = 3): n_共同缔造 = 2 (s1, s2), n_推动 = 3, n_基层 = n_治理 = 2.
@pytest.mark.parametrize("measure, pair, expected", [
    ("count", ("共同缔造", "推动"), 2.0),
    ("jaccard", ("共同缔造", "推动"), 2 / (2 + 3 - 2)),
    ("jaccard", ("共同缔造", "基层"), 1 / (2 + 2 - 1)),
    ("cosine", ("共同缔造", "推动"), 2 / math.sqrt(2 * 3)),
    ("cosine", ("基层", "治理"), 2 / math.sqrt(2 * 2)),
    ("pmi", ("基层", "治理"), math.log2(2 * 3 / (2 * 2))),
])
def test_measures_against_hand_computation(toks, measure, pair, expected):
    g = cooccurrence_network(toks, measure=measure, min_count=1)
    assert g.edges[pair]["weight"] == pytest.approx(expected)
    assert g.edges[pair]["count"] == UNIT_PAIRS.get(pair, UNIT_PAIRS.get(pair[::-1]))


def test_pmi_keeps_positive_association_unless_asked(toks):
    # 推动 is in every sentence: PMI(共同缔造, 推动) = log2(2·3 / (2·3)) = 0; PMI(共同缔造, 基层) = log2(3/4) < 0
    g = cooccurrence_network(toks, measure="pmi", min_count=1)
    assert not g.has_edge("共同缔造", "推动") and not g.has_edge("共同缔造", "基层")
    g = cooccurrence_network(toks, measure="pmi", min_count=1, min_edge=-10)
    assert g.edges["共同缔造", "推动"]["weight"] == pytest.approx(0.0)
    assert g.edges["共同缔造", "基层"]["weight"] == pytest.approx(math.log2(3 / 4))


def test_window_measures_use_pair_marginals():
    # window=1: 决策共谋-推动 1, 推动-共同缔造 3 → marginals 决 1, 推 4, 共 3; all pairs (both orders) 8
    t = zl.tokenize(WINDOW_SENTENCE, cache=False)
    pmi = cooccurrence_network(t, context="window", window=1, measure="pmi", min_count=1)
    assert pmi.edges["共同缔造", "推动"]["weight"] == pytest.approx(math.log2(3 * 8 / (4 * 3)))
    jac = cooccurrence_network(t, context="window", window=1, measure="jaccard", min_count=1)
    assert jac.edges["共同缔造", "推动"]["weight"] == pytest.approx(3 / (4 + 3 - 3))
    assert jac.graph["window"] == 1 and jac.graph["n_contexts"] == 8


# Hand-made sentences with single characters, rare and frequent words: the term filters below
# leave different words out, and the edge weights must not notice (issue 12).
FILTER_DOCS = {
    "甲": [["村民", "群众", "议事", "会", "村民", "群众"], ["群众", "村民", "协商", "村", "议事", "村民"],
          ["村民", "服务", "群众", "网格", "物业"]],
    "乙": [["群众", "议事", "协商", "村民", "会", "群众"], ["物业", "群众", "服务", "村民", "网格", "议事", "群众"]],
}


def _reference_weights(docs, context, window, measure):
    """Every pair's weight, counted by brute force over all words (no filter at all)."""
    from collections import Counter

    units = [u for d in docs.values() for u in d]
    if context == "window":
        pair, margin = Counter(), Counter()
        for u in units:
            for i in range(len(u)):
                for j in range(i + 1, min(i + window, len(u) - 1) + 1):
                    if u[i] != u[j]:
                        pair[tuple(sorted((u[i], u[j])))] += 1
                        margin[u[i]] += 1
                        margin[u[j]] += 1
        n = sum(margin.values())
    else:
        contexts = [set(u) for u in units] if context == "unit" else \
            [set(w for u in d for w in u) for d in docs.values()]
        pair = Counter(tuple(sorted((a, b))) for c in contexts for a in c for b in c if a < b)
        margin = Counter(w for c in contexts for w in c)
        n = len(contexts)
    out = {}
    for (a, b), c in pair.items():
        na, nb = margin[a], margin[b]
        out[(a, b)] = {"count": c, "jaccard": c / (na + nb - c), "dice": 2 * c / (na + nb),
                       "cosine": c / math.sqrt(na * nb), "pmi": math.log2(c * n / (na * nb))}[measure]
    return out, n


@pytest.mark.parametrize("measure", ["count", "jaccard", "dice", "cosine", "pmi"])
@pytest.mark.parametrize("context, window", [("window", 1), ("window", 3), ("unit", 5), ("document", 5)])
def test_weights_do_not_depend_on_the_term_filter(context, window, measure):
    # issue 12: window marginals were counted over kept terms only, so PMI/Jaccard/cosine moved with top_n
    toks = hand_tokens(FILTER_DOCS)
    expected, n = _reference_weights(FILTER_DOCS, context, window, measure)
    for filters in (dict(top_n=None, min_count=1, min_length=1), dict(top_n=None, min_count=1),
                    dict(top_n=3, min_count=1), dict(top_n=None, min_count=4)):
        g = cooccurrence_network(toks, context=context, window=window, measure=measure, min_edge=-1e9, **filters)
        assert g.graph["n_contexts"] == n
        assert g.number_of_edges() > 0
        for a, b, d in g.edges(data=True):
            assert d["weight"] == pytest.approx(expected[_key(a, b)], abs=1e-9), (filters, a, b)


def test_window_pmi_regression_top_n():
    # issue 12: 村民–群众 at window 1 — before, top_n=2 left N = 2·c and PMI = log2(N·c / (c·c)) = 1
    toks = hand_tokens(FILTER_DOCS)
    weights = [cooccurrence_network(toks, context="window", window=1, measure="pmi", min_count=1,
                                    min_length=1, top_n=k).edges["村民", "群众"]["weight"] for k in (None, 2)]
    expected, _ = _reference_weights(FILTER_DOCS, "window", 1, "pmi")
    assert weights == pytest.approx([expected[_key("村民", "群众")]] * 2, abs=1e-12)


def test_dice_by_hand(toks):
    # sentences: n_共同缔造 = 2, n_推动 = 3, c = 2 → 2·2 / (2 + 3)
    g = cooccurrence_network(toks, measure="dice", min_count=1)
    assert g.edges["共同缔造", "推动"]["weight"] == pytest.approx(4 / 5)
    assert g.graph["measure"] == "dice"


def test_min_edge_and_max_edges(toks):
    g = cooccurrence_network(toks, min_count=1, min_edge=2)
    strong = {("共同缔造", "推动"), ("基层", "推动"), ("推动", "治理"), ("基层", "治理")}
    assert {_key(a, b) for a, b in g.edges} == strong
    assert "决策共谋" not in g  # terms without an edge are left out
    # four edges tie at 2: kept in term-pair order 共同缔造-推动 < 基层-推动 < 基层-治理 < 推动-治理
    top = cooccurrence_network(toks, min_count=1, max_edges=3)
    assert {_key(a, b) for a, b in top.edges} == {("共同缔造", "推动"), ("基层", "推动"), ("基层", "治理")}


def test_network_is_deterministic(toks):
    a = cooccurrence_network(toks, min_count=1, measure="jaccard")
    b = cooccurrence_network(toks, min_count=1, measure="jaccard")
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(data=True)) == list(b.edges(data=True))


@pytest.mark.parametrize("data", [[], ["。。"], ["共同缔造共同缔造。"], ["共同缔造。"]],
                         ids=["no-documents", "no-tokens", "one-term-twice", "one-term"])
@pytest.mark.parametrize("context", ["unit", "document", "window"])
def test_fewer_than_two_terms_give_an_empty_graph(data, context):
    t = zl.tokenize(data, cache=False)
    g = cooccurrence_network(t, context=context, min_count=1)
    assert g.number_of_nodes() == 0 and g.number_of_edges() == 0
    assert list(centrality(g).columns) == ["term", "count", "degree", "weighted_degree", "betweenness", "eigenvector"]
    assert centrality(g).empty
    assert communities(g).empty and list(communities(g).columns) == ["term", "community", "count"]


def test_invalid_network_options(toks):
    with pytest.raises(ZhiliError, match="measure"):
        cooccurrence_network(toks, measure="lift")
    with pytest.raises(ZhiliError, match="max_edges"):
        cooccurrence_network(toks, max_edges=0)
    with pytest.raises(ZhiliError, match="min_edge"):
        cooccurrence_network(toks, min_edge="2")


# ---------------------------------------------------------------------------- centrality


def test_centrality_columns_and_order(toks):
    g = cooccurrence_network(toks, min_count=1)
    table = centrality(g)
    assert list(table.columns) == ["term", "count", "degree", "weighted_degree", "betweenness", "eigenvector"]
    assert table["term"].iloc[0] == "推动"  # linked to all five other terms
    row = table.set_index("term").loc["推动"]
    assert row["degree"] == 5 and row["weighted_degree"] == 2 + 1 + 2 + 2 + 1 and row["count"] == 4
    degrees = list(zip(-table["degree"], table["term"]))
    assert degrees == sorted(degrees)
    assert np.linalg.norm(table["eigenvector"]) == pytest.approx(1.0)
    assert list(centrality(g, measures=["eigenvector"]).columns) == ["term", "count", "eigenvector"]


def test_betweenness_uses_inverse_weight_as_distance():
    g = nx.Graph()
    g.add_edge("a", "b", weight=1.0)
    g.add_edge("b", "c", weight=1.0)
    g.add_edge("a", "c", weight=0.1)  # weak direct link: a→b→c (length 2) is shorter than a→c (length 10)
    weighted = centrality(g, measures=["betweenness"]).set_index("term")["betweenness"]
    assert weighted["b"] == pytest.approx(1.0)
    plain = centrality(g, measures=["betweenness"], weight=None).set_index("term")["betweenness"]
    assert plain["b"] == pytest.approx(0.0)
    assert centrality(g)["count"].isna().all()  # no count attribute on this graph


def test_eigenvector_connected_matches_networkx():
    g = nx.Graph()
    g.add_weighted_edges_from([("a", "b", 2.0), ("b", "c", 1.0), ("c", "d", 3.0), ("a", "c", 0.5)])
    ours = centrality(g, measures=["eigenvector"]).set_index("term")["eigenvector"]
    ref = nx.eigenvector_centrality_numpy(g, weight="weight")
    for node, value in ref.items():
        assert ours[node] == pytest.approx(value, abs=1e-9)


def test_eigenvector_on_a_disconnected_graph_is_per_component():
    g = nx.Graph()
    g.add_weighted_edges_from([("a", "b", 1.0), ("b", "c", 1.0), ("a", "c", 1.0), ("x", "y", 5.0)])
    g.add_node("z")
    eig = centrality(g, measures=["eigenvector"]).set_index("term")["eigenvector"]
    # each component is uniform here, scaled by sqrt(size / 5 linked nodes); the isolated z gets 0
    assert eig["a"] == pytest.approx(math.sqrt(1 / 3) * math.sqrt(3 / 5))
    assert eig["x"] == pytest.approx(math.sqrt(1 / 2) * math.sqrt(2 / 5))
    assert eig["z"] == 0.0
    assert np.linalg.norm(eig) == pytest.approx(1.0)


def test_centrality_rejects_bad_input():
    g = nx.Graph()
    g.add_edge("a", "b", weight=-0.5)
    with pytest.raises(ZhiliError, match="正"):
        centrality(g)
    assert len(centrality(g, weight=None)) == 2
    with pytest.raises(ZhiliError, match="measures"):
        centrality(g, measures=["closeness"])


# ---------------------------------------------------------------------------- communities


def _two_clusters():
    g = nx.Graph()
    for a, b in [("共同缔造", "决策共谋"), ("决策共谋", "发展共建"), ("共同缔造", "发展共建"), ("共同缔造", "成果共享"),
                 ("四权同下", "基层治理"), ("基层治理", "网格化"), ("四权同下", "网格化")]:
        g.add_edge(a, b, weight=3.0)
    g.add_edge("成果共享", "网格化", weight=0.2)
    return g


def test_louvain_is_deterministic_and_renumbered_by_size():
    g1, g2 = _two_clusters(), _two_clusters()
    t1, t2 = communities(g1, seed=7), communities(g2, seed=7)
    assert t1.equals(t2)
    assert list(t1.columns) == ["term", "community", "count"]
    groups = t1.groupby("community")["term"].apply(set).to_dict()
    assert groups == {0: {"共同缔造", "决策共谋", "发展共建", "成果共享"}, 1: {"四权同下", "基层治理", "网格化"}}
    assert all(g1.nodes[n]["community"] == c for n, c in zip(t1["term"], t1["community"]))


def _shuffled_graph(order_seed: int) -> nx.Graph:
    """One weighted graph (16 terms, 34 links), its nodes and edges added in a shuffled order."""
    import random

    base = nx.gnm_random_graph(16, 34, seed=3)
    edges = [(f"词{u:02d}", f"词{v:02d}", 1.0 + (u * v) % 3) for u, v in base.edges]
    nodes = sorted({x for e in edges for x in e[:2]})
    rng = random.Random(order_seed)
    rng.shuffle(nodes)
    rng.shuffle(edges)
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_weighted_edges_from((b, a, w) if rng.random() < 0.5 else (a, b, w) for a, b, w in edges)
    return g


def test_communities_do_not_depend_on_insertion_order():
    # issue 12: Louvain followed the order nodes and edges were added in; this graph gave 7 partitions
    tables = [communities(_shuffled_graph(k)) for k in range(12)]
    assert all(t.equals(tables[0]) for t in tables[1:])
    # the partition is networkx's own Louvain on the graph in sorted order, with the same seed
    g = _shuffled_graph(0)
    canonical = nx.Graph()
    canonical.add_nodes_from(sorted(g))
    canonical.add_weighted_edges_from(sorted((min(a, b), max(a, b), w) for a, b, w in g.edges(data="weight")))
    reference = nx.community.louvain_communities(canonical, weight="weight", seed=42)
    ours = tables[0].groupby("community")["term"].apply(frozenset).tolist()
    assert set(ours) == {frozenset(c) for c in reference}
    assert nx.community.modularity(g, ours, weight="weight") == pytest.approx(
        nx.community.modularity(g, reference, weight="weight"), abs=1e-12)


def test_communities_on_a_cooccurrence_network_twice(toks):
    g = cooccurrence_network(toks, min_count=1, measure="jaccard")
    first = communities(g)
    assert first.equals(communities(g))
    sizes = first["community"].value_counts().sort_index().tolist()
    assert sizes == sorted(sizes, reverse=True)
    assert first["count"].tolist() == [COUNTS[t] for t in first["term"]]


def test_communities_rejects_bad_resolution():
    with pytest.raises(ZhiliError, match="resolution"):
        communities(_two_clusters(), resolution=0)


# ---------------------------------------------------------------------------- export


@pytest.mark.parametrize("suffix", [".gexf", ".graphml", ".GEXF"])
def test_export_round_trip(toks, tmp_path, suffix):
    g = cooccurrence_network(toks, min_count=1, measure="cosine")
    communities(g)
    out = export_network(g, tmp_path / "新建文件夹" / f"共词网络{suffix}")
    assert out.exists() and out.parent.name == "新建文件夹"
    back = nx.read_graphml(out) if suffix == ".graphml" else nx.read_gexf(out)
    assert sorted(back.nodes) == sorted(g.nodes)
    assert {_key(a, b) for a, b in back.edges} == {_key(a, b) for a, b in g.edges}
    for a, b, d in g.edges(data=True):
        assert back.edges[a, b]["weight"] == pytest.approx(d["weight"])
        assert int(back.edges[a, b]["count"]) == d["count"]
    for n, d in g.nodes(data=True):
        assert back.nodes[n]["label"] == n
        assert int(back.nodes[n]["count"]) == d["count"]
        assert int(back.nodes[n]["community"]) == d["community"]
    assert "label" not in g.nodes["推动"]  # the graph itself is unchanged


def test_export_makes_attributes_safe(tmp_path):
    g = nx.Graph(note=None, tags=["a", "b"])
    g.add_node("共同缔造", count=np.int64(3), score=np.float32(0.5), flag=np.bool_(True), tags=("x", "y"), gone=None)
    g.add_node("推动", count=2, score=1)            # score mixes float and int → float
    g.add_edge("共同缔造", "推动", weight=np.float64(1.5), count=np.int64(2))
    for suffix in (".gexf", ".graphml"):
        back = (nx.read_gexf if suffix == ".gexf" else nx.read_graphml)(export_network(g, tmp_path / f"g{suffix}"))
        node = back.nodes["共同缔造"]
        assert node["count"] == 3 and node["score"] == pytest.approx(0.5) and node["flag"] is True
        assert node["tags"] == '["x", "y"]' and "gone" not in node
        assert back.nodes["推动"]["score"] == pytest.approx(1.0)
        assert back.edges["共同缔造", "推动"]["weight"] == pytest.approx(1.5)


def test_export_rejects_other_suffixes(tmp_path):
    with pytest.raises(ZhiliError, match=r"\.gexf 或 \.graphml"):
        export_network(nx.Graph(), tmp_path / "网络.csv")


def test_export_empty_graph(tmp_path):
    out = export_network(nx.Graph(), tmp_path / "空.graphml")
    assert nx.read_graphml(out).number_of_nodes() == 0


# ---- issue 10: control characters and failed writes ------------------------------------------

def _read(path):
    return nx.read_gexf(path) if path.suffix == ".gexf" else nx.read_graphml(path)


def _dirty_graph():
    g = nx.Graph()
    g.add_edge("共同\x01缔造", "社区", weight=2.0, note="含\x0b竖排制表符")
    g.add_node("社区", source="复制自\x0cPDF")
    g.add_node("共同\x02缔造")   # differs from the first only in the illegal character
    g.add_edge("共同缔造", "社区", weight=1.0)
    return g


@pytest.mark.parametrize("suffix", [".gexf", ".graphml"])
def test_export_replaces_xml_illegal_characters_and_warns_once(tmp_path, suffix):
    g = _dirty_graph()
    with pytest.warns(zl.ZhiliWarning) as record:
        out = export_network(g, tmp_path / f"网络{suffix}")
    assert len(record) == 1
    message = str(record[0].message)
    assert "'共同\\x01缔造'" in message and "U+FFFD" in message and out.name in message
    back = _read(out)
    assert back.number_of_nodes() == 4 and back.number_of_edges() == 2
    assert back.nodes["共同\ufffd缔造"]["label"] == "共同\ufffd缔造"
    assert "共同缔造" in back  # not merged with the real term
    assert back.nodes["社区"]["source"] == "复制自\ufffdPDF"
    assert back.edges["共同\ufffd缔造", "社区"]["note"] == "含\ufffd竖排制表符"
    assert "共同\x01缔造" in g and "label" not in g.nodes["社区"]  # the graph itself is unchanged


def test_clean_export_does_not_warn(tmp_path):
    import warnings

    g = nx.Graph([("共同缔造", "社区")])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        export_network(g, tmp_path / "g.graphml")


@pytest.mark.parametrize("suffix", [".gexf", ".graphml"])
def test_failed_export_leaves_no_partial_file_and_keeps_a_good_one(tmp_path, monkeypatch, suffix):
    good = export_network(nx.Graph([("共同缔造", "社区")]), tmp_path / f"g{suffix}")
    before = good.read_bytes()
    name = "write_gexf" if suffix == ".gexf" else "write_graphml"

    def half_written(graph, target, **kwargs):
        with open(target, "wb") as fh:
            fh.write(b"<?xml version='1.0'")
        raise ValueError("All strings must be XML compatible")

    monkeypatch.setattr(nx, name, half_written)
    with pytest.raises(ValueError):
        export_network(nx.Graph([("决策共谋", "社区")]), good)
    with pytest.raises(ValueError):
        export_network(nx.Graph([("决策共谋", "社区")]), tmp_path / f"new{suffix}")
    assert good.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [good.name]  # no temporary or empty file left


def test_export_to_an_unwritable_place_is_a_chinese_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ZhiliError, match="无法写入"):
        export_network(nx.Graph([("共同缔造", "社区")]), blocker / "g.gexf")


@pytest.mark.parametrize("block", [1, 2, 5, 10_000])
def test_co_occurrence_product_in_blocks_is_the_one_product(block):
    # _gram sums presence.T @ presence over blocks of contexts: the same matrix, stored the same way
    from scipy import sparse

    from zhili.analysis.network import _gram

    toks = zl.tokenize(zl.cases(as_corpus=True), unit="sentence", cache=False)
    counts, terms = zl.analysis.matrix.term_counts(toks, rows="unit", min_length=2)
    presence = sparse.csr_matrix((np.ones(counts.nnz, dtype=np.int32), counts.indices, counts.indptr),
                                 shape=counts.shape)
    whole = (presence.T @ presence).tocsr()
    whole.sort_indices()
    got = _gram(presence, block=block)
    assert presence.shape[0] > 400 and got.nnz == whole.nnz > 1000
    assert np.array_equal(got.indptr, whole.indptr) and np.array_equal(got.indices, whole.indices)
    assert np.array_equal(got.data, whole.data) and got.dtype == whole.dtype
    empty = _gram(presence[:0], block=block)
    assert empty.shape == (len(terms), len(terms)) and empty.nnz == 0
