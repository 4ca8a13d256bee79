"""Figures with Chinese labels that never show a box (zhili.plot).

The kit ships no font of its own: it uses Noto Sans SC (SIL Open Font License) from the
``zhplot`` package, registers it with matplotlib the first time a zhili figure is drawn, and
hands the same file to wordcloud. No user ever configures a font.

Every figure function takes ``ax=None`` (a new figure otherwise) and returns the Axes it drew on;
colours come from fixed palettes and layouts from a ``seed``, so the same input gives the same
figure. matplotlib, wordcloud and networkx are imported only when a figure is drawn.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from ._errors import ZhiliError, check_choice, check_positive_int

__all__ = ["FONT_NAME", "PALETTE", "bar", "font_path", "heatmap", "network", "radar", "use_chinese_font",
           "wordcloud"]

FONT_NAME = "Noto Sans SC"


@functools.lru_cache(maxsize=1)
def font_path() -> Path:
    """Path of the CJK font file the kit uses (Noto Sans SC, shipped by ``zhplot``).

    Examples
    --------
    >>> from zhili.plot import font_path
    >>> font_path().name
    'NotoSansSC-Regular.ttf'
    """
    import importlib.util

    spec = importlib.util.find_spec("zhplot")
    if spec is None or not spec.submodule_search_locations:
        raise ZhiliError("未找到中文字体包 zhplot：请在项目目录运行 `make setup`（或 pip install zhplot）后重试。")
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "NotoSansSC-Regular.ttf"
    if not path.is_file():
        raise ZhiliError(f"中文字体文件缺失：{path}。请重新安装 zhplot（pip install --force-reinstall zhplot）。")
    return path


def use_chinese_font() -> str:
    """Register the kit's CJK font with matplotlib and make it the default sans-serif font.

    Safe to call many times. Returns the font family name. Every zhili plotting function calls
    it; call it yourself before drawing Chinese labels with plain matplotlib.

    Examples
    --------
    >>> from zhili.plot import use_chinese_font
    >>> use_chinese_font()
    'Noto Sans SC'
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    path = str(font_path())
    if not any(f.fname == path for f in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(path)
    family = list(mpl.rcParams["font.sans-serif"])
    if not family or family[0] != FONT_NAME:
        mpl.rcParams["font.sans-serif"] = [FONT_NAME, *[f for f in family if f != FONT_NAME]]
    mpl.rcParams["font.family"] = ["sans-serif"]
    mpl.rcParams["axes.unicode_minus"] = False
    return FONT_NAME


def _axes(ax, figsize=(6.4, 4.0), **kwargs):
    """Return ``ax``, or the Axes of a new constrained-layout figure; registers the font either way."""
    import matplotlib.pyplot as plt

    use_chinese_font()
    if ax is None:
        fig = plt.figure(figsize=figsize, layout="constrained")
        ax = fig.add_subplot(**kwargs)
    return ax


def bar(data, *, title: str | None = None, xlabel: str | None = None, top_n: int | None = None,
        horizontal: bool = True, color: str = "#b5322a", group=None, ax=None):
    """Bar chart of labelled values, in the order given, with Chinese labels.

    Parameters
    ----------
    data : pandas.Series, dict or DataFrame
        Labels → values; or a table such as the output of ``zl.top_terms`` (columns ``term``,
        ``count`` and perhaps ``rank``, ``group``): labels from ``term`` (else the first column),
        values from ``count`` (else the last numeric column other than ``rank``).
    title, xlabel : str, optional
        Figure title and value-axis label.
    top_n : int, optional
        Keep only the first ``top_n`` bars (``zl.top_terms`` lists the largest first).
    horizontal : bool, default True
        Horizontal bars read better with Chinese labels; the first bar is at the top.
    color : str, default "#b5322a"
    group : optional
        For a table with a ``group`` column holding several groups, the one to draw.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> ax = bar(pd.Series({"决策共谋": 3, "成果共享": 5}), title="五共")
    >>> ax.get_title()
    '五共'
    >>> top = pd.DataFrame({"term": ["共同缔造", "基层治理"], "count": [9, 4], "rank": [1, 2]})
    >>> [t.get_text() for t in bar(top).get_yticklabels()]
    ['基层治理', '共同缔造']
    """
    import pandas as pd

    series = _series(data, group=group, name="data")
    if top_n is not None:
        check_positive_int("top_n", top_n)
        series = series.iloc[:top_n]
    series = pd.to_numeric(series, errors="coerce")
    if series.empty:
        raise ZhiliError("没有可画的数据：data 为空。请检查筛选条件或输入的表格。")
    ax = _axes(ax, figsize=(6.4, max(2.5, 0.35 * len(series) + 1)) if horizontal else (6.4, 4.0))
    labels = [str(i) for i in series.index]
    if horizontal:
        ax.barh(labels[::-1], series.to_numpy()[::-1], color=color)
        if xlabel:
            ax.set_xlabel(xlabel)
    else:
        ax.bar(labels, series.to_numpy(), color=color)
        if xlabel:
            ax.set_ylabel(xlabel)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if title:
        ax.set_title(title)
    return ax


# ---------------------------------------------------------------------------------------------
# shared helpers

# A fixed qualitative palette: the kit's red, then Tableau 10 hues and two darker extras. The same
# community / row always gets the same colour, whatever the machine.
PALETTE = ("#b5322a", "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948",
           "#9c755f", "#ff9da7", "#bab0ac", "#1b7837", "#542788")
_OTHER = "#c8c8c8"  # nodes without a community


_TABLE_COLUMNS = {"term", "count", "share", "rank", "doc_count", "score"}


def _series(data, *, group=None, name: str = "data"):
    """Labels → values as a Series, from a dict, a Series or a term/count table.

    A DataFrame gives its ``term`` column (else its first column) as labels and its ``count``
    column (else its last numeric column other than ``rank``) as values. A ``group`` column
    (or the docvar column that ``zl.top_terms(..., by=...)`` puts first) must hold one group, or
    ``group=`` picks one.
    """
    from collections.abc import Mapping

    import pandas as pd

    if isinstance(data, pd.Series):
        if group is not None:
            raise ZhiliError(f"参数 group={group!r} 只适用于带 group 列的表格；{name} 是 Series。")
        return data
    if isinstance(data, Mapping):
        if group is not None:
            raise ZhiliError(f"参数 group={group!r} 只适用于带 group 列的表格；{name} 是字典。")
        return pd.Series(dict(data), dtype=object if not data else None)
    if not isinstance(data, pd.DataFrame):
        raise ZhiliError(f"{name} 应为字典、pandas Series 或含 term、count 列的 DataFrame，"
                         f"而不是 {type(data).__name__}。")
    df = data
    # the group column: "group", or the docvar that zl.top_terms(..., by=...) puts first
    group_col = "group" if "group" in df.columns else None
    if group_col is None and "term" in df.columns and df.columns[0] not in _TABLE_COLUMNS:
        group_col = df.columns[0]
    if group_col is not None:
        groups = list(pd.unique(df[group_col]))
        if group is not None:
            df = df[df[group_col] == group]
            if df.empty:
                listed = "、".join(map(str, groups[:10]))
                raise ZhiliError(f"{name} 中没有分组 {group_col}={group!r}：现有分组为 {listed}。")
        elif len(groups) > 1:
            listed = "、".join(map(str, groups[:10]))
            raise ZhiliError(f"{name} 含 {len(groups)} 个分组（{group_col}：{listed}）：请用 group= 选一组再画，"
                             f"如 group={groups[0]!r}。")
        df = df.drop(columns=[group_col])
    elif group is not None:
        raise ZhiliError(f"参数 group={group!r} 无效：{name} 没有分组列。")
    if df.shape[1] < 2:
        raise ZhiliError(f"{name} 至少需要两列：标签（如 term）和数值（如 count）。")
    label = "term" if "term" in df.columns else df.columns[0]
    if "count" in df.columns:
        value = "count"
    else:
        numeric = [c for c in df.select_dtypes("number").columns if c not in (label, "rank", "group")]
        if not numeric:
            raise ZhiliError(f"{name} 没有数值列：请提供 count 列（如 zl.top_terms 的输出）。")
        value = numeric[-1]
    return df.set_index(label)[value]


# ---------------------------------------------------------------------------------------------
# word cloud


def _frequencies(frequencies, *, group=None) -> dict[str, float]:
    import pandas as pd

    s = pd.to_numeric(_series(frequencies, group=group, name="frequencies"), errors="coerce")
    s = s[s.notna() & (s > 0)]
    s = pd.Series(s.to_numpy(dtype=float), index=[str(t) for t in s.index], dtype=float)
    s = s[[bool(t.strip()) for t in s.index]]
    if s.empty:
        raise ZhiliError("没有可画的词：frequencies 为空（或所有频次都不是正数）。"
                         "请检查分词结果，或放宽 min_count 等筛选条件后重试。")
    s = s.groupby(level=0, sort=False).sum()
    table = s.rename_axis("term").reset_index(name="count")
    table = table.sort_values(["count", "term"], ascending=[False, True], kind="mergesort")
    return dict(zip(table["term"], table["count"].astype(float)))


def _mask_array(mask):
    """A wordcloud mask: white (255) where no word may go. Booleans: True marks where words go."""
    import numpy as np

    if mask is None:
        return None
    if isinstance(mask, (str, Path)):
        from PIL import Image

        path = Path(mask)
        if not path.is_file():
            raise ZhiliError(f"找不到遮罩图片 mask={str(mask)!r}：请检查路径。")
        with Image.open(path) as img:
            if "A" in img.getbands() or img.mode == "P":
                rgba = img.convert("RGBA")
                white = Image.new("RGBA", rgba.size, "white")
                img = Image.alpha_composite(white, rgba)  # transparent background → white
            return np.asarray(img.convert("L"), dtype=np.uint8)
    arr = np.asarray(mask)
    if arr.ndim not in (2, 3) or 0 in arr.shape:
        raise ZhiliError(f"遮罩 mask 应为二维（灰度）或三维（彩色）图像数组，而不是形状 {arr.shape}。")
    if arr.dtype == bool:
        return np.where(arr, 0, 255).astype(np.uint8)
    if arr.dtype.kind == "f":
        arr = np.clip(arr * 255 if arr.max() <= 1 else arr, 0, 255)
    return arr.astype(np.uint8)


def wordcloud(frequencies, *, top_n: int | None = 200, mask=None, width: int = 800, height: int = 500,
              background: str = "white", colormap: str = "Reds", seed: int = 42, group=None,
              title: str | None = None, ax=None):
    """Word cloud of term frequencies, drawn in the kit's Chinese font.

    Parameters
    ----------
    frequencies : dict, pandas.Series or DataFrame
        Term → count; or a table with ``term`` and ``count`` columns, such as the output of
        ``zl.term_frequencies`` or ``zl.top_terms``. Counts that are missing or not positive are
        dropped; repeated terms are summed.
    top_n : int or None, default 200
        Draw at most this many of the most frequent terms (ties broken by term); ``None`` draws all.
    mask : numpy array or image path, optional
        Shape of the cloud. Image or array pixels that are white (255) stay empty, as in the
        wordcloud package; a transparent PNG background counts as white; in a boolean array
        ``True`` marks where words may go. With a mask, ``width`` and ``height`` are ignored.
    width, height : int
        Image size in pixels.
    background : str, default "white"
        Background colour.
    colormap : str, default "Reds"
        Matplotlib colormap for the words; only its darker 45 % is used so no word fades into a
        white background.
    seed : int, default 42
        Random seed for placement and colours: the same input and seed give the same image.
    group : optional
        For a table with a ``group`` column (``zl.top_terms(..., by=...)``), the group to draw.
    title : str, optional
        Figure title.
    ax : matplotlib Axes, optional
        Where to draw; a new figure shaped like the image otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        With the image drawn and the axis hidden. The ``wordcloud.WordCloud`` object is
        ``ax.wordcloud``: ``ax.wordcloud.to_file("词云.png")`` saves the image at full
        resolution, ``ax.wordcloud.to_array()`` gives its pixels.

    Raises
    ------
    ZhiliError
        If there is no term to draw, or the mask leaves no room for any word.

    Examples
    --------
    >>> ax = wordcloud({"共同缔造": 12, "基层治理": 8, "美好环境": 5}, width=300, height=200)
    >>> ax.wordcloud.font_path == str(font_path())
    True
    >>> sorted(ax.wordcloud.words_)[:2]
    ['共同缔造', '基层治理']
    """
    import matplotlib as mpl
    from wordcloud import WordCloud

    if top_n is not None:
        check_positive_int("top_n", top_n)
    check_positive_int("width", width)
    check_positive_int("height", height)
    freqs = _frequencies(frequencies, group=group)
    mask_arr = _mask_array(mask)
    try:
        cmap = mpl.colormaps[colormap]
    except KeyError:
        raise ZhiliError(f"参数 colormap={colormap!r} 无效：请用 matplotlib 的色表名，如 'Reds'、'Blues'、'viridis'。") from None

    def color_func(word, font_size, position, orientation, random_state=None, **kwargs):
        r, g, b, _ = cmap(0.55 + 0.45 * random_state.random())
        return f"rgb({round(r * 255)}, {round(g * 255)}, {round(b * 255)})"

    wc = WordCloud(font_path=str(font_path()), width=width, height=height, mask=mask_arr,
                   background_color=background, max_words=top_n if top_n is not None else len(freqs),
                   random_state=seed, collocations=False, prefer_horizontal=1.0,
                   color_func=color_func)
    try:
        wc.generate_from_frequencies(freqs)
    except ValueError as exc:  # e.g. "Couldn't find space to draw"
        raise ZhiliError(f"词云画不下任何词：遮罩 mask 留出的空白区域太小（{exc}）。"
                         "请换一张有更多非白色区域的遮罩，或去掉 mask。") from None
    if not wc.layout_:
        raise ZhiliError("词云画不下任何词：遮罩 mask 留出的空白区域太小。请换一张有更多非白色区域的遮罩，或去掉 mask。")
    image = wc.to_array()
    h, w = image.shape[:2]
    ax = _axes(ax, figsize=(7.0, max(2.0, 7.0 * h / w)))
    ax.imshow(image, interpolation="bilinear")
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    ax.wordcloud = wc
    return ax


# ---------------------------------------------------------------------------------------------
# network


def _scale(values, low, high, *, default):
    """Linearly rescale to [low, high]; all-equal or missing values get ``default``."""
    import numpy as np

    v = np.asarray(values, dtype=float)
    ok = np.isfinite(v)
    if not ok.any():
        return np.full(len(v), default, dtype=float)
    lo, hi = v[ok].min(), v[ok].max()
    out = np.full(len(v), default, dtype=float)
    if hi > lo:
        out[ok] = low + (high - low) * (v[ok] - lo) / (hi - lo)
    return out


def _sorted_values(values):
    try:
        return sorted(values)
    except TypeError:
        return sorted(values, key=str)


def network(g, *, layout: Literal["spring", "kamada_kawai", "circular"] = "spring", seed: int = 42,
            node_size: str | float | None = "count", color: str | None = "community",
            top_n: int | None = None, label_size: float = 9, title: str | None = None, ax=None):
    """Draw a (co-word) network with Chinese node labels.

    Parameters
    ----------
    g : networkx.Graph
        For instance from ``zl.cooccurrence_network``. Node attributes ``count`` and
        ``community`` and the edge attribute ``weight`` are used when present.
    layout : {"spring", "kamada_kawai", "circular"}, default "spring"
        Node placement; ``spring`` uses ``seed`` (and edge weights), so it is reproducible.
    seed : int, default 42
        Random seed of the spring layout.
    node_size : str, number or None, default "count"
        Node attribute that sets node areas (rescaled to 150–1200 points²), a fixed size, or
        ``None`` for 400. When no node has the attribute, node degree is used.
    color : str or None, default "community"
        Node attribute whose values colour the nodes from the fixed palette :data:`PALETTE`
        (in sorted order of the values, with a legend when there are at most 12; nodes without the
        attribute are grey), or a matplotlib colour for all nodes. If no node has a
        ``community`` attribute, all nodes are red.
    top_n : int, optional
        Keep only the ``top_n`` largest nodes by ``node_size`` (or by degree), ties broken by name.
    label_size : float, default 9
        Font size of the node labels.
    title : str, optional
        Figure title.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Axis hidden. ``ax.node_colors`` maps each drawn node to its hex colour.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_nodes_from([("共同缔造", {"count": 9, "community": 0}),
    ...                   ("基层治理", {"count": 5, "community": 0}),
    ...                   ("美好环境", {"count": 3, "community": 1})])
    >>> g.add_edge("共同缔造", "基层治理", weight=4)
    >>> g.add_edge("共同缔造", "美好环境", weight=1)
    >>> ax = network(g, title="共词网络")
    >>> ax.node_colors["共同缔造"] == ax.node_colors["基层治理"] != ax.node_colors["美好环境"]
    True
    """
    import matplotlib.colors as mcolors
    import networkx as nx
    import numpy as np

    if not isinstance(g, nx.Graph):
        raise ZhiliError(f"g 应为 networkx 图（如 zl.cooccurrence_network 的输出），而不是 {type(g).__name__}。")
    check_choice("layout", layout, ("spring", "kamada_kawai", "circular"))
    if top_n is not None:
        check_positive_int("top_n", top_n)
    if g.number_of_nodes() == 0:
        raise ZhiliError("网络为空，没有可画的节点：请降低 min_count 等阈值，或检查文本是否分词成功。")

    size_attr = node_size if isinstance(node_size, str) else None
    has_size = size_attr is not None and any(size_attr in d for _, d in g.nodes(data=True))
    if size_attr is not None and not has_size and size_attr != "count":
        raise ZhiliError(f"参数 node_size={node_size!r} 无效：图中没有节点带有属性 {node_size!r}。")

    def size_of(n):
        if has_size:
            value = g.nodes[n].get(size_attr)
            return float(value) if value is not None else float("nan")
        return float(g.degree(n))

    if top_n is not None and g.number_of_nodes() > top_n:
        ranked = sorted(g.nodes, key=lambda n: (-np.nan_to_num(size_of(n), nan=-np.inf), str(n)))
        g = g.subgraph(ranked[:top_n]).copy()
    nodes = list(g.nodes)

    if isinstance(node_size, (int, float)) and not isinstance(node_size, bool):
        sizes = np.full(len(nodes), float(node_size))
    elif node_size is None:
        sizes = np.full(len(nodes), 400.0)
    else:
        sizes = _scale([size_of(n) for n in nodes], 150, 1200, default=400)

    has_color_attr = color is not None and any(color in d for _, d in g.nodes(data=True))
    legend = []
    if has_color_attr:
        groups = _sorted_values({d[color] for _, d in g.nodes(data=True) if color in d})
        lookup = {v: PALETTE[i % len(PALETTE)] for i, v in enumerate(groups)}
        colors = [lookup.get(g.nodes[n].get(color), _OTHER) if color in g.nodes[n] else _OTHER for n in nodes]
        if len(groups) <= len(PALETTE):
            legend = [(v, lookup[v]) for v in groups]
    elif color is None or color == "community":
        colors = [PALETTE[0]] * len(nodes)
    elif mcolors.is_color_like(color):
        colors = [mcolors.to_hex(color)] * len(nodes)
    else:
        raise ZhiliError(f"参数 color={color!r} 无效：图中没有节点带有属性 {color!r}，它也不是颜色名。")

    if layout == "spring":
        pos = nx.spring_layout(g, seed=seed, weight="weight")
    elif layout == "kamada_kawai":
        pos = nx.kamada_kawai_layout(g) if g.number_of_nodes() > 1 else {nodes[0]: np.zeros(2)}
    else:
        pos = nx.circular_layout(g)

    edges = list(g.edges(data=True))
    widths = _scale([d.get("weight", np.nan) for *_, d in edges], 0.6, 4.0, default=1.0) if edges else []

    ax = _axes(ax, figsize=(7.0, 6.0))
    nx.draw_networkx_edges(g, pos, ax=ax, edgelist=[(u, v) for u, v, _ in edges], width=widths,
                           edge_color="#9a9a9a", alpha=0.6)
    nx.draw_networkx_nodes(g, pos, ax=ax, nodelist=nodes, node_size=sizes, node_color=colors,
                           edgecolors="white", linewidths=0.8)
    nx.draw_networkx_labels(g, pos, ax=ax, labels={n: str(n) for n in nodes}, font_size=label_size,
                            font_family=FONT_NAME)
    if legend and len(legend) > 1:
        from matplotlib.lines import Line2D

        handles = [Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor=c,
                          markeredgecolor="white", label=str(v)) for v, c in legend]
        ax.legend(handles=handles, title="社群" if color == "community" else str(color),
                  loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.set_axis_off()
    ax.margins(0.08)
    if title:
        ax.set_title(title)
    ax.node_colors = dict(zip(nodes, colors))
    return ax


# ---------------------------------------------------------------------------------------------
# heatmap and radar


def _numeric_table(table, *, name: str, what: str):
    import pandas as pd

    if isinstance(table, pd.Series):
        table = table.to_frame().T
    if not isinstance(table, pd.DataFrame):
        raise ZhiliError(f"{name} 应为 pandas DataFrame（{what}），而不是 {type(table).__name__}。")
    if table.empty:
        raise ZhiliError(f"{name} 为空，没有可画的数据：请检查筛选条件或输入的表格。")
    bad = [str(c) for c in table.columns
           if not (pd.api.types.is_numeric_dtype(table[c]) or pd.api.types.is_bool_dtype(table[c]))]
    if bad:
        raise ZhiliError(f"{name} 的列 {'、'.join(bad[:5])} 不是数值：请把标签列设为行索引（df.set_index(...)），"
                         "只保留数值列。")
    return table.astype(float)


def _category_labels(table) -> list[str]:
    """Column labels; a framework profile's categories carry the size of their term lists
    (治理理念（134 词）), since a longer list finds more."""
    sizes = (getattr(table, "attrs", None) or {}).get("n_terms") or {}
    return [f"{c}（{sizes[c]} 词）" if c in sizes else str(c) for c in table.columns]


def _auto_fmt(values) -> str:
    import numpy as np

    finite = values[np.isfinite(values)]
    if finite.size == 0 or np.all(finite == np.round(finite)):
        return "d"
    return ".2f" if np.abs(finite).max() < 10 else ".1f"


def _format(value: float, fmt: str) -> str:
    import math

    if not math.isfinite(value):
        return ""
    if fmt.endswith("d"):
        return format(round(value), fmt)
    return format(value, fmt)


def heatmap(table, *, title: str | None = None, cmap: str = "Reds", annotate: bool = True,
            fmt: str | None = None, xlabel: str | None = None, ylabel: str | None = None, ax=None):
    """Heatmap of a table (rows × columns) with Chinese tick labels and a colour bar.

    For instance cases × 五共 stages (booleans), or documents × framework categories.

    Parameters
    ----------
    table : pandas.DataFrame
        Numeric (or boolean) values; the index labels the rows and the columns the columns.
        Missing values are left blank.
    title, xlabel, ylabel : str, optional
    cmap : str, default "Reds"
        Matplotlib colormap.
    annotate : bool, default True
        Write each value in its cell (skipped for tables of more than 400 cells, where the
        numbers would be unreadable). Text is white on dark cells.
    fmt : str, optional
        Format spec of the annotations, e.g. ``"d"``, ``".2f"`` or ``".0%"``. By default ``"d"``
        when every value is a whole number, otherwise ``".2f"`` (``".1f"`` from 10 up).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.images[0]`` is the image; the annotations are ``ax.texts`` row by row.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"决策共谋": [1, 0], "发展共建": [1, 1]}, index=["案例甲", "案例乙"])
    >>> ax = heatmap(t, title="五共环节")
    >>> [x.get_text() for x in ax.texts]
    ['1', '1', '0', '1']
    """
    import matplotlib as mpl
    import numpy as np

    data = _numeric_table(table, name="table", what="行 × 列的数值表")
    values = data.to_numpy()
    try:
        colormap = mpl.colormaps[cmap]
    except KeyError:
        raise ZhiliError(f"参数 cmap={cmap!r} 无效：请用 matplotlib 的色表名，如 'Reds'、'Blues'。") from None
    n_rows, n_cols = values.shape
    rows = [str(i) for i in data.index]
    cols = _category_labels(table) if hasattr(table, "columns") else [str(c) for c in data.columns]
    longest_row = max(len(r) for r in rows)
    longest_col = max(len(c) for c in cols)
    # Size the figure so that a column is as wide as its label (about 0.15 in per character).
    cell = max(0.6, 0.15 * longest_col + 0.2)
    width = 0.15 * longest_row + cell * n_cols + 1.8
    rotate = width > 14.0 or longest_col > 8
    if rotate:
        cell = 0.6
        width = 0.15 * longest_row + cell * n_cols + 1.8
    ax = _axes(ax, figsize=(min(14.0, max(4.5, width)),
                            min(14.0, max(3.0, 0.4 * n_rows + 1.2 + (0.1 * longest_col if rotate else 0)))))
    masked = np.ma.masked_invalid(values)
    image = ax.imshow(masked, cmap=colormap, aspect="auto", interpolation="nearest")
    ax.set_xticks(range(n_cols), cols)
    ax.set_yticks(range(n_rows), rows)
    if rotate:
        ax.tick_params(axis="x", labelrotation=45)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
            label.set_rotation_mode("anchor")
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.figure.colorbar(image, ax=ax, shrink=0.8)
    if annotate and values.size <= 400:
        fmt = fmt or _auto_fmt(values)
        norm = image.norm
        for i in range(n_rows):
            for j in range(n_cols):
                v = values[i, j]
                text = _format(v, fmt)
                if not text:
                    continue
                dark = norm(v) > 0.6 if np.isfinite(norm(v)) else False
                ax.text(j, i, text, ha="center", va="center", fontsize=9,
                        color="white" if dark else "#222222")
    if title:
        ax.set_title(title)
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    return ax


def radar(profiles, *, title: str | None = None, fill: bool = True, ax=None):
    """Radar (spider) chart: one polygon per row over the columns as categories.

    Parameters
    ----------
    profiles : pandas.DataFrame or Series
        Rows are documents or groups, columns are categories (at least three), values e.g. a
        normalised framework profile (:func:`zhili.framework_profile` gives matches per 1,000
        characters by default); its categories are labelled with the number of terms behind
        them. A Series draws one polygon.
    title : str, optional
    fill : bool, default True
        Shade each polygon lightly.
    ax : matplotlib polar Axes, optional
        Must be polar (``fig.add_subplot(projection="polar")``); a new one is made otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        Polar axes; ``ax.get_lines()`` holds one closed line per row, in row order, with a legend
        naming the rows when there are several. The first category is at the top, then clockwise.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"决策共谋": [0.3, 0.1], "发展共建": [0.2, 0.4], "建设共管": [0.5, 0.5]},
    ...                  index=["政策甲", "政策乙"])
    >>> ax = radar(p, title="框架画像")
    >>> [line.get_label() for line in ax.get_lines()]
    ['政策甲', '政策乙']
    """
    import numpy as np
    import pandas as pd

    if isinstance(profiles, pd.Series):
        profiles = profiles.to_frame(name=profiles.name if profiles.name is not None else "").T
    data = _numeric_table(profiles, name="profiles", what="行为文档或分组、列为类别")
    if data.shape[1] < 3:
        raise ZhiliError(f"雷达图至少需要 3 个类别（列），profiles 只有 {data.shape[1]} 列：请改用 bar() 或 heatmap()。")
    if ax is not None and getattr(ax, "name", None) != "polar":
        raise ZhiliError("雷达图需要极坐标轴：请传入 fig.add_subplot(projection='polar')，或不传 ax。")
    ax = _axes(ax, figsize=(6.4, 5.2), projection="polar")
    n = data.shape[1]
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    closed = np.concatenate([angles, angles[:1]])
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    for k, (label, row) in enumerate(data.iterrows()):
        values = np.nan_to_num(row.to_numpy(), nan=0.0)
        c = PALETTE[k % len(PALETTE)]
        ax.plot(closed, np.concatenate([values, values[:1]]), color=c, linewidth=1.8, label=str(label))
        if fill:
            ax.fill(closed, np.concatenate([values, values[:1]]), color=c, alpha=0.12)
    ax.set_xticks(angles, _category_labels(profiles))
    for label, angle in zip(ax.get_xticklabels(), angles):  # keep labels clear of the outer circle
        side = np.sin(angle)
        label.set_horizontalalignment("left" if side > 0.1 else "right" if side < -0.1 else "center")
    top = float(np.nanmax(data.to_numpy())) if np.isfinite(data.to_numpy()).any() else 1.0
    ax.set_ylim(0, top * 1.05 if top > 0 else 1.0)
    ax.tick_params(axis="y", labelsize=8, labelcolor="#666666")
    ax.tick_params(axis="x", pad=6)
    ax.set_rlabel_position(180 / n)  # radial labels between the first two spokes
    if len(data) > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(1.08, 1.05), frameon=False)
    if title:
        ax.set_title(title, pad=18)
    return ax
