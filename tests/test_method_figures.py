"""Figures of the methods added in issue 16 (topics, similarity, policy instruments) follow
``zl.plot.style`` like every other zhili figure: projector-grade by default (150 dpi, at least
1,200 pixels wide, no text under 12 pt), larger text in the "large" style, and reachable as
``zl.plot.<name>``.
"""
from __future__ import annotations

import io

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest
from PIL import Image

import zhili as zl
from zhili.plot import style
from test_analysis_topics import _planted

DOCS = zl.Corpus.from_texts({
    "城市甲": "推进共同缔造，建设美好环境与幸福生活，组织居民议事协商。",
    "城市乙": "推进共同缔造，建设美好环境与幸福生活，开展邻里互助活动。",
    "法规丙": "本条例自公布之日起施行，违反本条例规定的依法追究责任。",
})
SMALL = zl.Corpus.from_texts({
    "甲": "召开村民议事会，组织居民议事协商，推进决策共谋。加强社区工作者培训，开展效果共评。",
    "乙": "通过政府购买服务引入社会组织，推动发展共建。把群众评议结果纳入年度考核，完善效果共评。",
    "丙": "举办邻里节。",
})


@pytest.fixture(scope="module")
def model():
    toks, _ = _planted()
    return zl.topics(toks, k=3, seed=0)


def _figures(model):
    return {
        "plot_topics": lambda: zl.plot_topics(model, n=6),
        "prevalence_line": lambda: zl.plot_topic_prevalence(model, "year"),
        "prevalence_heatmap": lambda: zl.plot_topic_prevalence(model, "group", kind="heatmap"),
        "similarity_heatmap": lambda: zl.similarity_heatmap(zl.similarity(DOCS, "jaccard")),
        "instrument_heatmap": lambda: zl.instrument_heatmap(zl.instrument_matrix(zl.code_dictionary(SMALL, "instruments_rz"))),
    }


NAMES = ["plot_topics", "prevalence_line", "prevalence_heatmap", "similarity_heatmap", "instrument_heatmap"]


def _fig(obj):
    return obj if isinstance(obj, mpl.figure.Figure) else obj.figure


def _texts(fig):
    fig.canvas.draw()
    return [t for t in fig.findobj(lambda a: isinstance(a, mpl.text.Text) and a.get_text().strip() and a.get_visible())]


@pytest.fixture(autouse=True)
def _default_style():
    yield
    style("projector")
    plt.close("all")


@pytest.mark.parametrize("name", NAMES)
def test_method_figures_are_projector_grade_by_default(model, name):
    # regression (review of issue 16): these figures ignored zl.plot.style: 100 dpi, 10–12 pt text
    fig = _fig(_figures(model)[name]())
    assert fig.dpi >= 150
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi, bbox_inches="tight")
    assert Image.open(buf).size[0] >= 1200
    assert min(t.get_fontsize() for t in _texts(fig)) >= zl.plot.STYLES["projector"].min_text


@pytest.mark.parametrize("name", NAMES)
def test_method_figures_follow_the_large_style(model, name):
    with style("large"):
        fig = _fig(_figures(model)[name]())
    assert min(t.get_fontsize() for t in _texts(fig)) >= zl.plot.STYLES["large"].min_text
    style("print")
    assert _fig(_figures(model)[name]()).dpi == 300


def test_given_fontsize_still_wins(model):
    ax = zl.similarity_heatmap(zl.similarity(DOCS, "jaccard"), fontsize=16)
    assert min(t.get_fontsize() for t in ax.get_yticklabels()) == 16


@pytest.mark.parametrize("name", ["plot_topics", "plot_topic_prevalence", "similarity_heatmap", "instrument_heatmap"])
def test_method_figures_are_in_zl_plot(name):
    assert getattr(zl.plot, name) is getattr(zl, name)
    assert name in zl.plot.__all__ and name in dir(zl.plot)


@pytest.mark.parametrize("fontsize", [None, 16])
def test_topic_prevalence_heatmap_columns_are_wide_enough_for_their_labels(model, fontsize):
    # regression (review of issue 16): a fixed 1.6 inches per topic whatever the labels and their
    # size, so at 16 pt "物业费·小区·业委会" ran into the next topic's label
    six = zl.topics(_planted()[0], k=6, seed=0)
    ax = zl.plot_topic_prevalence(six, "group", kind="heatmap", fontsize=fontsize)
    fig = ax.figure
    fig.canvas.draw()
    boxes = sorted((t.get_window_extent() for t in ax.get_xticklabels() if t.get_text()), key=lambda b: b.x0)
    assert len(boxes) == six.k
    assert all(a.x1 < b.x0 for a, b in zip(boxes, boxes[1:]))  # no label touches the next one
    cell = ax.get_window_extent().width / six.k
    assert all(b.width <= cell for b in boxes)  # each label stays over its own column
    assert len(ax.texts) == 3 * six.k  # every share written in its cell
