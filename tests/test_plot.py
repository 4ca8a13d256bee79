"""zhili.plot: Chinese figures that never show a box, reproducible from a seed (issue 5), legible on
a classroom projector (issue 13)."""
from __future__ import annotations

import subprocess
import sys
import warnings

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import pytest

from zhili._errors import ZhiliError
from zhili.plot import FONT_NAME, PALETTE, bar, font_path, heatmap, network, radar, wordcloud

STAGES = ["决策共谋", "发展共建", "建设共管", "效果共评", "成果共享"]
FREQ = {"共同缔造": 50, "基层治理": 40, "美好环境": 30, "幸福生活": 25, "群众": 22, "社区": 20,
        "决策共谋": 15, "发展共建": 14, "建设共管": 12, "效果共评": 11, "成果共享": 10, "党建引领": 9,
        "网格化": 8, "居民议事会": 7, "志愿服务": 6, "老旧小区改造": 6, "红色物业": 5, "乡贤": 4}
SMALL = {"width": 240, "height": 160}  # small word clouds keep the tests fast


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _render(ax):
    """Draw the figure with every warning an error, so a missing glyph fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax.figure.canvas.draw()
    return ax


def _graph():
    g = nx.Graph()
    for term, count, community in [("共同缔造", 30, 0), ("基层治理", 20, 0), ("美好环境", 12, 0),
                                   ("居民议事会", 9, 1), ("社区", 15, 1), ("志愿服务", 4, 1), ("乡贤", 2, 2)]:
        g.add_node(term, count=count, community=community)
    g.add_weighted_edges_from([("共同缔造", "基层治理", 8), ("共同缔造", "美好环境", 5), ("基层治理", "美好环境", 2),
                               ("社区", "居民议事会", 6), ("社区", "志愿服务", 1), ("共同缔造", "社区", 3),
                               ("乡贤", "居民议事会", 1)])
    return g


def _profiles():
    return pd.DataFrame([[0.3, 0.2, 0.1, 0.2, 0.2], [0.1, 0.4, 0.2, 0.1, 0.2], [0.2, 0.2, 0.2, 0.2, 0.2]],
                        index=["省级文件", "市级文件", "区县文件"], columns=STAGES)


# --- every figure: Chinese text, the kit's font, no missing glyph --------------------------------

FIGURES = {
    "wordcloud": lambda: wordcloud(FREQ, title="高频词云", **SMALL),
    "network": lambda: network(_graph(), title="共词网络"),
    "heatmap": lambda: heatmap(pd.DataFrame(np.eye(5, dtype=int), index=[f"案例{i}" for i in "甲乙丙丁戊"],
                                            columns=STAGES), title="案例 × 五共环节", xlabel="环节", ylabel="案例"),
    "radar": lambda: radar(_profiles(), title="框架画像"),
    "bar": lambda: bar(pd.Series(FREQ), title="高频词", xlabel="词频", top_n=8),
}


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_renders_chinese_in_the_kit_font(name):
    ax = _render(FIGURES[name]())
    assert ax.title.get_fontname() == FONT_NAME
    assert any("\u4e00" <= ch <= "\u9fff" for ch in ax.get_title())
    texts = [t for t in ax.figure.findobj(lambda a: hasattr(a, "get_fontname") and a.get_text())]
    assert texts and all(t.get_fontname() == FONT_NAME for t in texts)


@pytest.mark.parametrize("name", ["network", "heatmap", "bar", "wordcloud"])
def test_given_axes_is_drawn_on_and_returned(name):
    fig, ax = plt.subplots()
    draw = {"network": lambda: network(_graph(), ax=ax), "heatmap": lambda: heatmap(_profiles(), ax=ax),
            "bar": lambda: bar(pd.Series(FREQ), ax=ax), "wordcloud": lambda: wordcloud(FREQ, ax=ax, **SMALL)}
    assert draw[name]() is ax
    _render(ax)


def test_importing_plot_loads_no_plotting_library():
    code = ("import sys, zhili.plot; "
            "print(sorted(m for m in ('matplotlib', 'wordcloud', 'networkx', 'PIL') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- word cloud ----------------------------------------------------------------------------------

def test_wordcloud_uses_the_kit_font_and_no_collocations():
    wc = wordcloud(FREQ, **SMALL).wordcloud
    assert wc.font_path == str(font_path())
    assert wc.collocations is False


def test_wordcloud_same_seed_same_image_other_seed_other_image():
    a = wordcloud(FREQ, seed=7, **SMALL).wordcloud.to_array()
    b = wordcloud(FREQ, seed=7, **SMALL).wordcloud.to_array()
    c = wordcloud(FREQ, seed=8, **SMALL).wordcloud.to_array()
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_wordcloud_image_is_drawn_on_the_axes_without_axis():
    ax = wordcloud(FREQ, **SMALL)
    assert not ax.axison
    assert np.array_equal(ax.images[0].get_array(), ax.wordcloud.to_array())


def test_wordcloud_accepts_dict_series_and_term_count_table_alike():
    table = pd.DataFrame({"term": list(FREQ), "count": list(FREQ.values()), "rank": range(1, len(FREQ) + 1)})
    images = [wordcloud(f, **SMALL).wordcloud.to_array() for f in (FREQ, pd.Series(FREQ), table)]
    assert np.array_equal(images[0], images[1])
    assert np.array_equal(images[0], images[2])


def test_wordcloud_order_of_input_does_not_matter():
    reversed_freq = dict(reversed(list(FREQ.items())))
    assert np.array_equal(wordcloud(FREQ, **SMALL).wordcloud.to_array(),
                          wordcloud(reversed_freq, **SMALL).wordcloud.to_array())


def test_wordcloud_top_n_keeps_the_most_frequent_terms():
    wc = wordcloud(FREQ, top_n=5, **SMALL).wordcloud
    assert set(wc.words_) == {"共同缔造", "基层治理", "美好环境", "幸福生活", "群众"}


def test_wordcloud_picks_one_group_of_a_grouped_table():
    table = pd.DataFrame({"group": ["2019"] * 2 + ["2020"] * 2, "term": ["共同缔造", "社区", "基层治理", "群众"],
                          "count": [9, 5, 8, 6], "rank": [1, 2, 1, 2]})
    assert set(wordcloud(table, group="2020", **SMALL).wordcloud.words_) == {"基层治理", "群众"}
    with pytest.raises(ZhiliError, match="group="):
        wordcloud(table, **SMALL)


def _left_half_masked(h=200, w=300):
    mask = np.zeros((h, w), dtype=np.uint8)
    mask[:, : w // 2] = 255  # white: no words here
    return mask


def test_wordcloud_mask_keeps_masked_pixels_background():
    mask = _left_half_masked()
    image = wordcloud(FREQ, mask=mask).wordcloud.to_array()
    assert image.shape[:2] == mask.shape
    assert (image[mask == 255] == 255).all()  # white background untouched
    assert (image[mask == 0] != 255).any()  # words drawn in the open half


def test_wordcloud_mask_from_image_file_and_boolean_array(tmp_path):
    from PIL import Image

    mask = _left_half_masked()
    path = tmp_path / "遮罩.png"
    Image.fromarray(mask).save(path)
    expected = wordcloud(FREQ, mask=mask).wordcloud.to_array()
    assert np.array_equal(wordcloud(FREQ, mask=path).wordcloud.to_array(), expected)
    assert np.array_equal(wordcloud(FREQ, mask=str(path)).wordcloud.to_array(), expected)
    assert np.array_equal(wordcloud(FREQ, mask=mask == 0).wordcloud.to_array(), expected)


def test_wordcloud_transparent_png_background_counts_as_white(tmp_path):
    from PIL import Image

    rgba = np.zeros((200, 300, 4), dtype=np.uint8)  # fully transparent …
    rgba[:, 150:] = (0, 0, 0, 255)  # … except an opaque black right half
    path = tmp_path / "shape.png"
    Image.fromarray(rgba, mode="RGBA").save(path)
    image = wordcloud(FREQ, mask=path).wordcloud.to_array()
    assert (image[:, :150] == 255).all()


@pytest.mark.parametrize("empty", [{}, pd.Series(dtype=float), pd.DataFrame(columns=["term", "count"]),
                                   {"共同缔造": 0, "基层治理": -1}])
def test_wordcloud_without_terms_raises_chinese_error(empty):
    with pytest.raises(ZhiliError, match="没有可画的词"):
        wordcloud(empty)


def test_wordcloud_mask_without_room_raises_chinese_error():
    with pytest.raises(ZhiliError, match="遮罩"):
        wordcloud(FREQ, mask=np.full((100, 100), 255, dtype=np.uint8))


@pytest.mark.parametrize("kwargs, match", [({"top_n": 0}, "top_n"), ({"colormap": "不存在"}, "colormap"),
                                           ({"mask": "不存在.png"}, "遮罩")])
def test_wordcloud_bad_options_raise_chinese_errors(kwargs, match):
    with pytest.raises(ZhiliError, match=match):
        wordcloud(FREQ, **kwargs)


# --- network ---------------------------------------------------------------------------------------

def _nodes(ax):
    from matplotlib.collections import PathCollection

    (nodes,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    return nodes


def test_network_node_colours_follow_communities():
    g = _graph()
    ax = _render(network(g))
    colours = ax.node_colors
    for a in g:
        for b in g:
            same = g.nodes[a]["community"] == g.nodes[b]["community"]
            assert (colours[a] == colours[b]) is same
    assert [colours["共同缔造"], colours["社区"], colours["乡贤"]] == list(PALETTE[:3])
    drawn = [mcolors.to_hex(c) for c in _nodes(ax).get_facecolors()]
    assert drawn == [colours[n] for n in g]
    # without names, a community is listed with its number and its largest words
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "0：共同缔造、基层治理、美好环境", "1：社区、居民议事会、志愿服务", "2：乡贤"]


def test_network_without_communities_is_one_colour():
    g = _graph()
    for n in g:
        del g.nodes[n]["community"]
    ax = network(g)
    assert set(ax.node_colors.values()) == {PALETTE[0]}
    assert ax.get_legend() is None


def test_network_sizes_follow_count_and_widths_follow_weight():
    g = _graph()
    ax = _render(network(g))
    sizes = dict(zip(g, _nodes(ax).get_sizes()))
    assert sizes["共同缔造"] == max(sizes.values()) and sizes["乡贤"] == min(sizes.values())
    assert sizes["共同缔造"] > sizes["社区"] > sizes["志愿服务"]
    from matplotlib.collections import LineCollection

    (edges,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    widths = dict(zip(g.edges, edges.get_linewidths()))
    assert widths[("共同缔造", "基层治理")] == max(widths.values())


def test_network_labels_are_the_chinese_node_names():
    ax = _render(network(_graph(), label_size=11))
    labels = {t.get_text(): t for t in ax.texts}
    assert set(labels) == set(_graph())
    assert all(t.get_fontname() == FONT_NAME and t.get_fontsize() == 11 for t in labels.values())


@pytest.mark.parametrize("layout", ["spring", "kamada_kawai", "circular"])
def test_network_layout_is_deterministic(layout):
    a = _nodes(network(_graph(), layout=layout, seed=3)).get_offsets()
    b = _nodes(network(_graph(), layout=layout, seed=3)).get_offsets()
    assert np.array_equal(np.asarray(a), np.asarray(b))


def test_network_top_n_keeps_the_largest_nodes():
    ax = network(_graph(), top_n=3)
    assert set(ax.node_colors) == {"共同缔造", "基层治理", "社区"}


def test_network_single_node_and_fixed_colour():
    g = nx.Graph()
    g.add_node("共同缔造")
    for layout in ("spring", "kamada_kawai"):
        _render(network(g, layout=layout, color="steelblue"))


@pytest.mark.parametrize("kwargs, match", [({"layout": "随机"}, "layout"), ({"color": "不存在的属性"}, "color"),
                                           ({"node_size": "weight"}, "node_size"), ({"top_n": -1}, "top_n")])
def test_network_bad_options_raise_chinese_errors(kwargs, match):
    with pytest.raises(ZhiliError, match=match):
        network(_graph(), **kwargs)


def test_network_empty_graph_raises_chinese_error():
    with pytest.raises(ZhiliError, match="网络为空"):
        network(nx.Graph())
    with pytest.raises(ZhiliError, match="networkx"):
        network({"共同缔造": 1})


# --- heatmap ---------------------------------------------------------------------------------------

def test_heatmap_annotations_match_the_table():
    table = pd.DataFrame([[3, 0, 1], [2, 5, 0]], index=["政策甲", "政策乙"], columns=["党建引领", "居民自治", "法治保障"])
    ax = _render(heatmap(table))
    assert [t.get_text() for t in ax.texts] == [str(v) for v in table.to_numpy().ravel()]
    assert [t.get_text() for t in ax.get_xticklabels()] == list(table.columns)
    assert [t.get_text() for t in ax.get_yticklabels()] == list(table.index)
    assert np.array_equal(ax.images[0].get_array(), table.to_numpy())
    assert len(ax.figure.axes) == 2  # the colour bar


def test_heatmap_formats_shares_and_leaves_missing_cells_blank():
    table = pd.DataFrame({"决策共谋": [0.25, np.nan], "成果共享": [0.5, 0.125]}, index=["甲", "乙"])
    ax = _render(heatmap(table))
    assert [t.get_text() for t in ax.texts] == ["0.25", "0.50", "0.12"]
    ax = heatmap(table, fmt=".0%")
    assert [t.get_text() for t in ax.texts] == ["25%", "50%", "12%"]


def test_heatmap_of_booleans_and_no_annotation_for_large_tables():
    cases = pd.DataFrame(np.arange(25).reshape(5, 5) % 2 == 0, columns=STAGES, index=list("甲乙丙丁戊"))
    assert [t.get_text() for t in heatmap(cases).texts][:2] == ["1", "0"]
    big = pd.DataFrame(np.ones((30, 20)))
    assert len(heatmap(big).texts) == 0
    assert len(heatmap(cases, annotate=False).texts) == 0


def test_heatmap_bad_input_raises_chinese_error():
    with pytest.raises(ZhiliError, match="为空"):
        heatmap(pd.DataFrame())
    with pytest.raises(ZhiliError, match="不是数值"):
        heatmap(pd.DataFrame({"标题": ["案例甲"], "决策共谋": [1]}))
    with pytest.raises(ZhiliError, match="cmap"):
        heatmap(_profiles(), cmap="不存在")


# --- radar -----------------------------------------------------------------------------------------

def test_radar_draws_one_closed_line_per_row():
    profiles = _profiles()
    ax = _render(radar(profiles))
    assert ax.name == "polar"
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == list(profiles.index)
    for line, (_, row) in zip(lines, profiles.iterrows()):
        assert np.allclose(line.get_ydata(), [*row, row.iloc[0]])
    assert [t.get_text() for t in ax.get_xticklabels()] == STAGES
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(profiles.index)
    assert len(ax.patches) == len(profiles)  # filled
    assert len(radar(profiles, fill=False).patches) == 0


def test_radar_on_given_polar_axes_and_from_a_series():
    fig = plt.figure()
    ax = fig.add_subplot(projection="polar")
    assert radar(_profiles().iloc[0], ax=ax) is ax
    assert len(ax.get_lines()) == 1 and ax.get_legend() is None


def test_radar_bad_input_raises_chinese_error():
    with pytest.raises(ZhiliError, match="为空"):
        radar(pd.DataFrame(columns=STAGES))
    with pytest.raises(ZhiliError, match="3 个类别"):
        radar(_profiles().iloc[:, :2])
    _, ax = plt.subplots()
    with pytest.raises(ZhiliError, match="极坐标"):
        radar(_profiles(), ax=ax)


# --- bar -------------------------------------------------------------------------------------------

def test_bar_reads_a_top_terms_table_by_column_name():
    top = pd.DataFrame({"rank": [1, 2, 3], "term": ["共同缔造", "基层治理", "社区"], "count": [9, 4, 2],
                        "share": [0.6, 0.27, 0.13]})
    ax = _render(bar(top))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["社区", "基层治理", "共同缔造"]
    assert [p.get_width() for p in ax.patches] == [2, 4, 9]


def test_bar_picks_one_group_and_asks_when_there_are_several():
    top = pd.DataFrame({"group": ["2019", "2019", "2020"], "term": ["共同缔造", "社区", "群众"],
                        "count": [9, 5, 7], "rank": [1, 2, 1]})
    ax = bar(top, group="2019", horizontal=False)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["共同缔造", "社区"]
    with pytest.raises(ZhiliError, match="2 个分组"):
        bar(top)
    with pytest.raises(ZhiliError, match="没有分组"):
        bar(top, group="2021")


def test_bar_keeps_given_order_and_top_n():
    ax = bar(pd.Series(dict(zip(STAGES, [3, 5, 1, 2, 4]))), top_n=3, horizontal=False)
    assert [t.get_text() for t in ax.get_xticklabels()] == STAGES[:3]


def test_bar_empty_data_raises_chinese_error():
    with pytest.raises(ZhiliError, match="没有可画的数据"):
        bar(pd.Series(dtype=float))
    with pytest.raises(ZhiliError, match="应为"):
        bar([1, 2, 3])


def test_bar_and_wordcloud_pick_a_group_of_top_terms_by_docvar():
    # regression (lesson 03 review): top_terms(by=<docvar>) names its group column after the docvar
    import zhili as zl

    toks = zl.tokenize(zl.cases(as_corpus=True), cache=False)
    table = zl.top_terms(toks, 5, by="setting")
    ax = zl.plot.bar(table, group="农村")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert sorted(labels) == sorted(table[table["setting"] == "农村"]["term"])
    with pytest.raises(zl.ZhiliError, match="group="):
        zl.plot.bar(table)
    ax = zl.plot.wordcloud(table, group="城市")
    assert ax.wordcloud.words_
    plt.close("all")


# --- projector-grade figures (issue 13) -------------------------------------------------------------

import io  # noqa: E402

import matplotlib as mpl  # noqa: E402
from matplotlib import patheffects  # noqa: E402
from PIL import Image  # noqa: E402

import zhili.plot as zplot  # noqa: E402
from zhili import _figure  # noqa: E402
from zhili.plot import FILLER_WORDS, style, style_params  # noqa: E402

CASES = [f"HB{i:03d} 恩施市盛家坝镇安乐屯村" for i in range(43)]


def _png(fig, **kwargs) -> bytes:
    """The PNG a notebook shows: the inline backend saves at the figure's dpi with a tight bbox."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi, bbox_inches="tight", **kwargs)
    return buf.getvalue()


def _texts(fig):
    fig.canvas.draw()
    return [t for t in fig.findobj(lambda a: isinstance(a, mpl.text.Text) and a.get_text().strip() and a.get_visible())]


def _binary_cases(rows=43):
    rng = np.random.default_rng(0)
    return pd.DataFrame(rng.integers(0, 2, (rows, 5)).astype(bool), columns=STAGES, index=CASES[:rows])


PROJECTOR_FIGURES = {
    **FIGURES,
    "wordcloud": lambda: wordcloud(FREQ, title="高频词云"),  # the default size, not the small test one
    "tree": lambda: __import__("zhili").framework().plot("五共"),
    "relations": lambda: __import__("zhili").framework().plot("五共", kind="graph"),
    "heatmap43": lambda: heatmap(_binary_cases(), title="案例 × 五共环节"),
}


@pytest.fixture(autouse=True)
def _default_style():
    yield
    style("projector")


@pytest.mark.parametrize("name", sorted(PROJECTOR_FIGURES))
def test_figures_are_projector_grade_by_default(name):
    # regression (issue 13): figures were ~650 px wide at 100 dpi with 8–9 pt text
    ax = PROJECTOR_FIGURES[name]()
    fig = ax.figure
    assert fig.dpi >= 150
    width, _ = Image.open(io.BytesIO(_png(fig))).size
    assert width >= 1200
    sizes = {t: t.get_fontsize() for t in _texts(fig)}
    assert min(sizes.values()) >= 12
    if ax.get_title():  # the title is the largest text
        assert ax.title.get_fontsize() >= max(sizes.values())


def test_inline_backend_png_is_at_least_1200_pixels_wide():
    pylabtools = pytest.importorskip("IPython.core.pylabtools")
    ax = bar(pd.Series(FREQ), title="高频词", top_n=8)
    data = pylabtools.print_figure(ax.figure, "png")  # what Jupyter embeds in the notebook
    assert Image.open(io.BytesIO(data)).size[0] >= 1200


def test_large_style_and_its_with_block():
    with style("large") as st:
        assert st.name == "large"
        ax = bar(pd.Series(FREQ), title="高频词", top_n=5)
        fig, plain = plt.subplots()  # plain matplotlib inside the block is styled too
        plain.set_title("自己画的图")
    assert min(t.get_fontsize() for t in _texts(ax.figure)) >= 17
    assert fig.dpi == 150 and plain.title.get_fontsize() == 24
    assert style().style.name == "projector"  # restored
    assert min(t.get_fontsize() for t in _texts(bar(pd.Series(FREQ), top_n=5).figure)) < 17


def test_style_switch_persists_and_rejects_unknown_names():
    style("print")
    assert bar(pd.Series(FREQ), top_n=3).figure.dpi == 300
    style("projector")
    with pytest.raises(ZhiliError, match="name"):
        style("幻灯片")
    assert style_params("screen")["figure.dpi"] == 150
    assert set(zplot.STYLES) == {"projector", "screen", "large", "print"}


def test_plotting_leaves_global_rcparams_alone():
    before = {k: mpl.rcParams[k] for k in ("figure.dpi", "font.size", "xtick.labelsize", "axes.titlesize")}
    _render(heatmap(_profiles()))
    _render(network(_graph()))
    assert {k: mpl.rcParams[k] for k in before} == before


def test_style_context_keeps_settings_changed_inside_it():
    # regression: matplotlib.rc_context undid the interactive mode Jupyter switches on with the first
    # figure of a session, so every later figure stopped showing in the notebook
    old = mpl.rcParams["axes.grid"]
    try:
        with _figure.styled():
            mpl.rcParams["axes.grid"] = not old
        assert mpl.rcParams["axes.grid"] is (not old)
    finally:
        mpl.rcParams["axes.grid"] = old


def test_given_axes_gets_the_style_text_sizes_and_dpi():
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 4))
    bar(pd.Series(FREQ), top_n=5, xlabel="词频", ax=left)
    assert fig.dpi >= 150
    assert min(t.get_fontsize() for t in _texts(fig) if t.axes is left) >= 12


# --- heatmap

def _colorbar_labels(ax):
    return [t.get_text() for t in ax.images[0].colorbar.ax.get_yticklabels()]


def test_heatmap_of_binary_data_has_a_two_colour_bar_labelled_no_yes():
    ax = _render(heatmap(_binary_cases(10)))
    image = ax.images[0]
    assert isinstance(image.cmap, mcolors.ListedColormap) and image.cmap.N == 2
    assert _colorbar_labels(ax) == ["无", "有"]
    ax = heatmap(_binary_cases(10).astype(int), levels={0: "未提及", 1: "提及"})
    assert _colorbar_labels(ax) == ["未提及", "提及"]


def test_heatmap_of_small_counts_is_discrete_and_real_values_continuous():
    counts = pd.DataFrame([[0, 1, 3], [2, 0, 1]], columns=["甲", "乙", "丙"])
    ax = heatmap(counts)
    assert isinstance(ax.images[0].cmap, mcolors.ListedColormap) and ax.images[0].cmap.N == 4
    assert _colorbar_labels(ax) == ["0", "1", "2", "3"]
    ax = heatmap(_profiles())
    assert not isinstance(ax.images[0].cmap, mcolors.ListedColormap)
    assert heatmap(counts * 10).images[0].cmap.N == 256  # 0–30: too many levels for one colour each
    with pytest.raises(ZhiliError, match="levels"):
        heatmap(counts, levels={0: "无"})


def test_heatmap_numbers_only_up_to_25_rows_and_rows_grow_the_figure():
    assert len(heatmap(_binary_cases(25)).texts) == 25 * 5
    assert len(heatmap(_binary_cases(26)).texts) == 0
    assert len(heatmap(_binary_cases(26), annotate=True).texts) == 26 * 5
    short, tall = heatmap(_binary_cases(10)).figure, heatmap(_binary_cases(43)).figure
    assert tall.get_figheight() > short.get_figheight() + 33 * 0.25


def test_heatmap_annotation_colour_stands_out_from_its_cell():
    table = pd.DataFrame(np.linspace(0, 1, 12).reshape(3, 4), columns=list("甲乙丙丁"))
    ax = _render(heatmap(table))
    image = ax.images[0]
    for text, value in zip(ax.texts, table.to_numpy().ravel()):
        cell = image.cmap(image.norm(value))
        assert _figure.contrast(text.get_color(), cell) >= 4.5


def test_heatmap_wraps_long_column_labels_to_the_cell_width():
    table = pd.DataFrame(np.eye(5, dtype=int), columns=[f"{s}（{n} 词）" for s, n in zip(STAGES, (17, 11, 21, 14, 5))])
    ax = _render(heatmap(table))
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert [label.split("\n")[0] for label in labels] == STAGES  # 决策共谋 / （17 词）
    extents = [t.get_window_extent() for t in ax.get_xticklabels()]
    assert all(not a.overlaps(b) for a, b in zip(extents, extents[1:]))


def test_heatmap_in_a_narrow_given_axes_does_not_run_labels_together():
    # regression (issue 13): lesson 06 drew two 43-row heatmaps side by side; 决策共谋发展共建 ran together
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 13), layout="constrained")
    heatmap(_binary_cases(), ax=left)
    heatmap(_binary_cases().astype(int) * 3, cmap="Blues", ax=right)
    fig.canvas.draw()
    for ax in (left, right):
        extents = [t.get_window_extent() for t in ax.get_xticklabels()]
        assert all(not a.overlaps(b) for a, b in zip(extents, extents[1:]))
        assert min(t.get_fontsize() for t in ax.get_xticklabels() + ax.get_yticklabels()) >= 12


# --- network

def _label_boxes(ax):
    ax.figure.canvas.draw()
    return {n: t.get_window_extent() for n, t in ax.node_labels.items()}


def test_network_labels_have_a_white_outline_and_dark_text():
    ax = _render(network(_graph()))
    for text in ax.node_labels.values():
        effects = text.get_path_effects()
        assert any(isinstance(e, patheffects.withStroke) for e in effects)
        assert _figure.luminance(text.get_color()) < 0.05
        assert text.get_fontsize() >= 12


def test_network_labels_do_not_overlap_each_other_and_stay_in_the_axes():
    g = nx.les_miserables_graph()  # 77 nodes, crowded
    mapping = {n: f"人物{i}" for i, n in enumerate(sorted(g))}
    g = nx.relabel_nodes(g, mapping)
    for small in (True, False):
        graph = _graph() if small else g.subgraph(list(g)[:35]).copy()
        ax = network(graph)
        boxes = list(_label_boxes(ax).values())
        overlaps = sum(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
        assert overlaps == 0 if small else overlaps <= 2
        frame = ax.bbox
        assert all(frame.x0 - 2 <= b.x0 and b.x1 <= frame.x1 + 2 and frame.y0 - 2 <= b.y0 and b.y1 <= frame.y1 + 2
                   for b in boxes)


@pytest.mark.parametrize("names", [{0: "共同缔造话题", 1: "社区议事", 2: "乡贤"},
                                   pd.Series(["共同缔造话题", "社区议事", "乡贤"]),
                                   ["共同缔造话题", "社区议事", "乡贤"]])
def test_network_legend_uses_community_names(names):
    ax = network(_graph(), community_names=names)
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["共同缔造话题", "社区议事", "乡贤"]
    assert legend.get_title().get_text() == "社群"


def test_network_community_names_need_communities():
    g = _graph()
    for n in g:
        del g.nodes[n]["community"]
    with pytest.raises(ZhiliError, match="community"):
        network(g, community_names={0: "甲"})
    with pytest.raises(ZhiliError, match="community_names"):
        network(_graph(), community_names="甲")


def test_network_fills_the_canvas():
    ax = _render(network(_graph()))
    xy = _nodes(ax).get_offsets()
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    assert (xy[:, 0].max() - xy[:, 0].min()) / (x1 - x0) > 0.85
    assert (xy[:, 1].max() - xy[:, 1].min()) / (y1 - y0) > 0.85


def test_network_same_input_same_png():
    assert _png(network(_graph(), seed=3).figure) == _png(network(_graph(), seed=3).figure)


# --- word cloud

def test_wordcloud_default_size_and_no_word_smaller_than_12_points():
    ax = wordcloud(FREQ)
    w, h = ax.wordcloud.to_array().shape[1::-1]
    assert w >= 1200 and h >= 750
    fig = ax.figure
    px_per_point = w / (ax.get_position().width * fig.get_figwidth()) / 72
    assert min(size for _, size, *_ in ax.wordcloud.layout_) / px_per_point >= 12 - 0.1


@pytest.mark.parametrize("colormap", ["Reds", "Greens", "Blues", "viridis"])
def test_wordcloud_colours_contrast_with_the_background(colormap):
    # regression (issue 13): near-white words of the Greens scale vanished on a projector
    layout = wordcloud(FREQ, colormap=colormap, **SMALL).wordcloud.layout_
    colours = {colour for *_, colour in layout}
    assert colours and all(_figure.luminance(c) <= 0.19 for c in colours)
    assert all(_figure.contrast(c, "white") >= 4.5 for c in colours)
    dark = wordcloud(FREQ, colormap=colormap, background="black", **SMALL).wordcloud.layout_
    assert all(_figure.contrast(c, "black") >= 4.5 for *_, c in dark)


def test_wordcloud_leaves_out_filler_words_and_single_characters():
    # regression (issue 13): 一起 (drawn so that it read 起)、具体、之一、有人、万元 took room in the clouds
    fillers = {"一起": 48, "具体": 47, "之一": 46, "有人": 45, "万元": 44, "村": 43, "起": 42}
    ax = wordcloud({**FREQ, **fillers}, **SMALL)
    drawn = {word for (word, _), *_ in ax.wordcloud.layout_}
    assert not drawn & set(fillers) and not set(ax.wordcloud.words_) & set(fillers)
    assert {"一起", "具体", "之一", "有人", "万元"} <= FILLER_WORDS
    kept = wordcloud({**FREQ, **fillers}, exclude=(), min_length=1, top_n=5, **SMALL).wordcloud.words_
    assert set(kept) == {"共同缔造", "一起", "具体", "之一", "有人"}
    with pytest.raises(ZhiliError, match="min_length"):
        wordcloud({"村": 3, "起": 2})
    with pytest.raises(ZhiliError, match="exclude"):
        wordcloud(FREQ, exclude="一起")


def test_wordcloud_same_input_same_png():
    a = wordcloud(FREQ, seed=5, title="词云")
    b = wordcloud(FREQ, seed=5, title="词云")
    assert np.array_equal(a.wordcloud.to_array(), b.wordcloud.to_array())
    assert _png(a.figure) == _png(b.figure)


# --- bar, radar, framework figures

def test_bar_writes_values_with_few_decimals_and_wraps_long_labels():
    ax = _render(bar({"村民": 78.04512, "社区服务与居民自治能力建设提升": 12.5, "乡贤": 0.123456}))
    assert [t.get_text() for t in ax.texts] == ["0.1", "12.5", "78.0"]  # one format for the whole chart
    assert [t.get_text() for t in bar({"甲": 0.0123456, "乙": 0.05}).texts] == ["0.050", "0.012"]
    long = [t.get_text() for t in ax.get_yticklabels() if "社区" in t.get_text()]
    assert long and "\n" in long[0] and all(len(line) <= 10 for line in long[0].split("\n"))
    assert [t.get_text() for t in bar({"甲": 3, "乙": 5}, values=False).texts] == []


def test_radar_wraps_long_categories_and_uses_the_style_sizes():
    p = _profiles().rename(columns={"决策共谋": "决策共谋与协商议事"})
    ax = _render(radar(p, title="框架画像"))
    assert "\n" in ax.get_xticklabels()[0].get_text()
    assert min(t.get_fontsize() for t in _texts(ax.figure)) >= 12


def test_framework_relation_graph_boxes_do_not_overlap():
    # regression (issue 13): lesson 01's 五共 relation graph had overlapping labels
    import zhili as zl

    ax = zl.framework().plot("五共", kind="graph")
    ax.figure.canvas.draw()
    boxes = [t.get_bbox_patch().get_window_extent() for t in ax.texts]
    assert len(boxes) > 10
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    frame = ax.bbox
    assert all(frame.x0 - 1 <= b.x0 and b.x1 <= frame.x1 + 1 for b in boxes)


def test_network_with_several_parts_packs_them_instead_of_crowding_the_main_one():
    import networkx as nx

    from zhili.plot import _layout

    g = nx.Graph()
    g.add_edges_from((f"甲{i}", f"甲{j}") for i in range(12) for j in range(i + 1, 12) if (i * j + i + j) % 4 == 1 or j == i + 1)
    g.add_edge("乙1", "乙2")
    assert nx.number_connected_components(g) == 2
    pos = _layout(g, "spring", 42)
    main = [pos[n] for n in g if n.startswith("甲")]
    small = [pos[n] for n in g if n.startswith("乙")]
    # the main part spreads over most of the width and the whole height; the pair sits at the right
    xs, ys = [p[0] for p in main], [p[1] for p in main]
    assert max(xs) - min(xs) > 0.6 and max(ys) - min(ys) > 0.8 and max(xs) < 0.8
    assert all(p[0] > 0.8 for p in small)
    assert _layout(g, "spring", 42).keys() == pos.keys() and all((_layout(g, "spring", 42)[n] == pos[n]).all() for n in g)


def test_bar_chart_of_counts_has_whole_number_ticks():
    ax = zplot.bar(pd.Series([3, 7, 9], index=["甲", "乙", "丙"]))
    ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks)
    shares = zplot.bar(pd.Series([0.25, 0.5], index=["甲", "乙"]))
    assert any(not float(t).is_integer() for t in shares.get_xticks())  # real-valued data keep their ticks


def test_a_word_cloud_of_an_empty_table_says_the_table_is_empty_before_min_count():
    freq = pd.DataFrame({"setting": ["农村", "城市"], "term": ["村民", "社区"], "count": [3, 4]})
    rural = freq[freq["setting"] == "城镇"]
    with pytest.raises(ZhiliError) as info:
        wordcloud(rural, top_n=60)
    text = str(info.value)
    assert text.startswith("没有可画的词：给出的表格是空的（0 行）。筛选条件没有选中任何一行")
    assert 'setting 列里没有 "城镇"' in text and "农村、城市" in text
    assert text.index("城镇") < text.index("min_count")
