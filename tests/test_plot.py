"""zhili.plot: Chinese figures that never show a box, reproducible from a seed (issue 5)."""
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
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["0", "1", "2"]


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
