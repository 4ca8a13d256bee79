"""zhili.analysis.topics: LDA topics recover planted groups, are deterministic, and their
coherence, prevalence and checks agree with hand computations (issue 16).

The corpus is written here: 36 short governance "documents" drawn (with a fixed seed) mostly from
one of three vocabularies — 物业/小区/业委会 (urban property management), 合作社/产业/农户 (rural
industry) and 网格/诉求/热线 (grid governance and hotlines) — plus a few words every document uses.
"""
from __future__ import annotations

import itertools
import math
import random
import warnings

import numpy as np
import pandas as pd
import pytest

import zhili as zl
from zhili._errors import ZhiliError, ZhiliWarning
from zhili.analysis.topics import (COMPARE_COLUMNS, TERMS_COLUMNS, TopicModel, compare_topics, npmi_coherence,
                                   plot_topic_prevalence, plot_topics, topics)
from _helpers import hand_tokens

GROUPS = {
    "物业": "物业 小区 业委会 停车 电梯 业主 维修 楼栋 物业费 加装".split(),
    "产业": "合作社 产业 农户 分红 种植 村集体 收入 基地 茶叶 订单".split(),
    "网格": "网格 诉求 热线 网格员 回应 办结 上报 工单 接诉即办 台账".split(),
}
SHARED = "推进 工作 群众 机制 开展".split()
YEARS = {"物业": "2021-05-01", "产业": "2022-03-15", "网格": "2023-09-30"}


def _planted(n_per_group: int = 12, seed: int = 7):
    rng = random.Random(seed)
    docs, group, dates, setting = {}, [], [], []
    for g, words in GROUPS.items():
        others = [w for h, ws in GROUPS.items() if h != g for w in ws]
        for i in range(n_per_group):
            units = []
            for _ in range(3):
                unit = [rng.choice(words) for _ in range(7)] + [rng.choice(SHARED) for _ in range(2)]
                if rng.random() < 0.3:
                    unit.append(rng.choice(others))
                units.append(unit)
            docs[f"{g}{i:02d}"] = units
            group.append(g)
            dates.append(YEARS[g])
            setting.append("城市" if g != "产业" else "农村")
    return hand_tokens(docs, {"group": group, "date": dates, "setting": setting}), group


@pytest.fixture(scope="module")
def planted():
    return _planted()


@pytest.fixture(scope="module")
def model(planted):
    toks, _ = planted
    return topics(toks, k=3, seed=0)


def _adjusted_rand(a, b) -> float:
    from sklearn.metrics import adjusted_rand_score

    return adjusted_rand_score(a, b)


# ----------------------------------------------------------------------------- recovery


def test_recovers_the_planted_groups(planted, model):
    _, group = planted
    docs = model.documents(docvars=False)
    assert _adjusted_rand(group, docs["top_topic"].tolist()) == pytest.approx(1.0)
    top = model.terms(5)
    for t in range(1, 4):
        words = set(top[top["topic"] == t]["term"])
        assert any(words <= set(ws) for ws in GROUPS.values()), words


def test_recovers_groups_with_other_seeds_too(planted):
    toks, group = planted
    for seed in (1, 2):
        m = topics(toks, k=3, seed=seed)
        assert _adjusted_rand(group, m.documents(docvars=False)["top_topic"].tolist()) > 0.9


def test_deterministic_with_a_seed(planted, model):
    toks, _ = planted
    again = topics(toks, k=3, seed=0)
    pd.testing.assert_frame_equal(model.terms(), again.terms())
    pd.testing.assert_frame_equal(model.documents(), again.documents())
    assert model.labels == again.labels
    pd.testing.assert_series_equal(model.coherence, again.coherence)


def test_topics_are_numbered_by_prevalence(model):
    share = model.summary()["share"].to_numpy()
    assert np.all(np.diff(share) <= 1e-12)
    assert share.sum() == pytest.approx(1.0)


# ----------------------------------------------------------------------------- tables


def test_terms_table(model):
    t = model.terms()
    assert list(t.columns) == TERMS_COLUMNS
    assert len(t) == 3 * 10 and t["rank"].tolist()[:3] == [1, 2, 3]
    for _, part in t.groupby("topic"):
        assert part["weight"].is_monotonic_decreasing
    # weight is P(term | topic): each topic's full distribution sums to one
    assert np.allclose(model.topic_term.sum(axis=1), 1.0)
    label = t[t["topic"] == 1]["label"].iloc[0]
    assert label == "·".join(t[t["topic"] == 1]["term"].head(3))
    assert model.labels[0] == label


def test_relevance_pushes_down_shared_words(planted):
    toks, _ = planted
    m = topics(toks, k=3, seed=0, max_df=1.0)  # keep the shared words
    plain = m.terms(15)
    relevant = m.terms(15, relevance=0.3)
    rank = lambda table: table[table["term"].isin(SHARED)]["rank"].mean()  # noqa: E731
    assert rank(relevant) > rank(plain)
    with pytest.raises(ZhiliError, match="relevance"):
        m.terms(relevance=2)


def test_documents_table(planted, model):
    toks, _ = planted
    d = model.documents()
    shares = [f"topic_{t}" for t in range(1, 4)]
    assert list(d.columns[:6]) == ["doc_id", "n_tokens", "top_topic", *shares]
    assert np.allclose(d[shares].sum(axis=1), 1.0)
    assert d["doc_id"].tolist() == toks.corpus.doc_ids
    assert {"group", "date", "setting"} <= set(d.columns)
    assert list(model.documents(docvars=["group"]).columns[-1:]) == ["group"]
    with pytest.raises(ZhiliError, match="不是文档变量"):
        model.documents(docvars=["nope"])


def test_by_unit_models_each_unit(planted):
    toks, group = planted
    m = topics(toks, k=3, by="unit", seed=0)
    d = m.documents(docvars=False)
    assert len(d) == len(toks.tokens) and {"doc_id", "unit_id"} <= set(d.columns)
    unit_group = np.repeat(group, 3)
    assert _adjusted_rand(unit_group, d["top_topic"].tolist()) > 0.8


def test_summary(model):
    s = model.summary()
    assert list(s.columns) == ["topic", "label", "share", "coherence", "terms"]
    assert s["terms"].str.count("、").tolist() == [9, 9, 9]


# ----------------------------------------------------------------------------- coherence


def test_npmi_by_hand():
    # 4 documents × terms a, b, c: a in 1,2,3; b in 1,2; c in 4
    x = np.array([[1, 1, 0], [2, 1, 0], [1, 0, 0], [0, 0, 3]])
    p_a, p_b, p_ab = 3 / 4, 2 / 4, 2 / 4
    npmi_ab = math.log(p_ab / (p_a * p_b)) / -math.log(p_ab)
    got = npmi_coherence(x, np.array([[0, 1], [0, 2], [0, 1, ], [1, 2]]))
    assert got.tolist() == pytest.approx([npmi_ab, -1.0, npmi_ab, -1.0])
    three = npmi_coherence(x, np.array([[0, 1, 2]]))[0]
    assert three == pytest.approx((npmi_ab - 1 - 1) / 3)
    # a pair that is in every document has NPMI 1, documents with no term are not counted
    y = np.array([[1, 1], [1, 1], [0, 0]])
    assert npmi_coherence(y, np.array([[0, 1]]))[0] == pytest.approx(1.0)


def test_model_coherence_equals_a_hand_computation(planted, model):
    toks, _ = planted
    kept = set(model.vocabulary)
    doc_sets = [set(w for unit in units for w in unit) & kept for units in _doc_units(toks)]
    doc_sets = [s for s in doc_sets if s]
    n = len(doc_sets)
    for t in range(1, 4):
        top = model.terms()[lambda d: d["topic"] == t]["term"].tolist()
        values = []
        for a, b in itertools.combinations(top, 2):
            pa = sum(a in s for s in doc_sets) / n
            pb = sum(b in s for s in doc_sets) / n
            pab = sum(a in s and b in s for s in doc_sets) / n
            values.append(-1.0 if pab == 0 else math.log(pab / (pa * pb)) / -math.log(pab))
        assert model.coherence[t] == pytest.approx(sum(values) / len(values))
    assert model.coherence.mean() > 0.1  # planted topics are coherent


def _doc_units(toks):
    by_doc: dict[str, list] = {}
    for doc_id, unit in zip(toks.doc_ids, toks.tokens):
        by_doc.setdefault(doc_id, []).append(unit)
    return list(by_doc.values())


# ----------------------------------------------------------------------------- prevalence


def test_prevalence_by_year(model):
    with warnings.catch_warnings():
        warnings.simplefilter("error", ZhiliWarning)
        p = model.prevalence("year")
    assert list(p.columns) == ["period", "topic", "label", "share", "n_docs"]
    assert p["period"].unique().tolist() == [2021, 2022, 2023]
    assert (p["n_docs"] == 12).all()
    wide = p.pivot(index="period", columns="topic", values="share")
    assert np.allclose(wide.sum(axis=1), 1.0)
    # each year is one planted group: its topic dominates that year, and the years differ
    assert (wide.max(axis=1) > 0.8).all()
    assert wide.idxmax(axis=1).nunique() == 3
    # by hand: the mean share of the documents of the year
    d = model.documents()
    first = d[d["date"].str.startswith("2021")]["topic_1"].mean()
    assert wide.loc[2021, 1] == pytest.approx(first)
    assert p.attrs["excluded_docs"] == []


def test_prevalence_by_docvar_and_thin_groups_warn(planted):
    toks, _ = planted
    m = topics(toks, k=3, seed=0)
    p = m.prevalence("setting")
    assert p["setting"].unique().tolist() == ["农村", "城市"]
    assert p.groupby("setting")["n_docs"].first().to_dict() == {"农村": 12, "城市": 24}
    small = hand_tokens({"a": [["物业", "小区"]] * 2, "b": [["合作社", "产业"]] * 2, "c": [["物业", "业主"]] * 2,
                         "d": [["合作社", "农户"]] * 2, "e": [["物业", "小区", "业主"]]},
                        {"date": ["2020", "2020", "2021", "", "bad"]})
    sm = topics(small, k=2, min_length=1, max_df=1.0, min_df=1, min_count=1)
    with pytest.warns(ZhiliWarning, match="只有一两篇文档"):
        sp = sm.prevalence("year")
    assert sp.attrs["excluded_docs"] == ["d", "e"]


def test_prevalence_bad_by(model):
    with pytest.raises(ZhiliError, match="by='nope'"):
        model.prevalence("nope")
    with pytest.raises(ZhiliError, match="date='when'"):
        model.prevalence("year", date="when")


# ----------------------------------------------------------------------------- compare_topics


def test_compare_topics(planted):
    toks, _ = planted
    t = compare_topics(toks, ks=[4, 2, 3], seed=0)
    assert list(t.columns) == COMPARE_COLUMNS
    assert t["k"].tolist() == [2, 3, 4]
    assert (t["n_heldout"] == 7).all() and (t["n_docs"] == 36).all()
    assert np.isfinite(t["perplexity"]).all()
    # the planted k is the most coherent, and predicts held-out words better than k = 2
    best = t.set_index("k")
    assert best["coherence"].idxmax() == 3
    assert best.loc[3, "perplexity"] < best.loc[2, "perplexity"]
    # coherence is that of zl.topics with the same k
    assert best.loc[3, "coherence"] == pytest.approx(topics(toks, k=3, seed=0).coherence.mean())
    pd.testing.assert_frame_equal(t, compare_topics(toks, ks=[2, 3, 4], seed=0))
    inside = compare_topics(toks, ks=[2, 3], holdout=0)
    assert (inside["n_heldout"] == 0).all() and inside.attrs["perplexity"] == "in-sample"


def test_compare_topics_bad_input(planted):
    toks, _ = planted
    with pytest.raises(ZhiliError, match="ks"):
        compare_topics(toks, ks=[])
    with pytest.raises(ZhiliError, match="holdout"):
        compare_topics(toks, ks=[2], holdout=1.5)
    with pytest.raises(ZhiliError, match="不认识参数"):
        compare_topics(toks, ks=[2], n_topics=3)


# ----------------------------------------------------------------------------- bad input


def test_k_not_smaller_than_the_documents_suggests_a_value():
    toks = hand_tokens({f"d{i}": [["物业", "小区", "合作社", "产业"]] for i in range(6)})
    with pytest.raises(ZhiliError, match=r"k=6 不小于有词的文档数（6 篇文档）.*建议 k=2"):
        topics(toks, k=6, min_length=1, max_df=1.0)


def test_too_few_terms_after_filtering():
    toks = hand_tokens({f"d{i}": [["物业", "小区", "合作社", "产业", f"独有{i}"]] for i in range(8)})
    with pytest.raises(ZhiliError, match=r"过滤后只剩 4 个词.*k=3.*min_count"):
        topics(toks, k=3, max_df=1.0)


@pytest.mark.parametrize("kwargs, fragment", [
    ({"k": 1}, "k=1"),
    ({"k": 2.5}, "k=2.5"),
    ({"k": 2, "by": "sentence"}, "by="),
    ({"k": 2, "max_df": 0}, "max_df"),
    ({"k": 2, "n_terms": 1}, "n_terms"),
    ({"k": 2, "alpha": -1}, "alpha"),
    ({"k": 2, "seed": -1}, "seed"),
])
def test_bad_options(planted, kwargs, fragment):
    toks, _ = planted
    with pytest.raises(ZhiliError, match=fragment):
        topics(toks, **kwargs)


def test_needs_tokens():
    with pytest.raises(ZhiliError, match="zl.tokenize"):
        topics(["物业小区"], k=2)


# ----------------------------------------------------------------------------- figures


def test_plot_topics_grid(model):
    import matplotlib.pyplot as plt

    fig = plot_topics(model, n=6)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 3
    assert visible[0].get_title().startswith(f"主题 1：{model.labels[0]}")
    assert len(visible[0].patches) == 6
    assert min(t.get_fontsize() for t in visible[0].get_yticklabels()) >= 12
    plt.close(fig)
    with pytest.raises(ZhiliError, match="TopicModel"):
        plot_topics("not a model")


def test_plot_topic_prevalence_lines_and_heatmap(model):
    import matplotlib.pyplot as plt

    ax = plot_topic_prevalence(model, "year")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2021", "2022", "2023"]
    assert len(ax.get_lines()) == 3
    assert ax.get_legend().get_texts()[0].get_text() == f"1 {model.labels[0]}"
    plt.close(ax.figure)
    ax = plot_topic_prevalence(model, "setting", kind="heatmap", topics=[1, 2])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["农村", "城市"]
    assert len(ax.texts) == 2 * 2
    plt.close(ax.figure)
    with pytest.raises(ZhiliError, match="topics"):
        plot_topic_prevalence(model, "year", topics=[9])


def test_repr_and_exports(model):
    assert repr(model) == f"<TopicModel：3 个主题，36 篇文档，{len(model.vocabulary)} 个词>"
    assert zl.topics is topics and zl.TopicModel is TopicModel and zl.compare_topics is compare_topics
    assert zl.plot_topics is plot_topics and zl.plot_topic_prevalence is plot_topic_prevalence
