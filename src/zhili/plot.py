"""Figures with Chinese labels that never show a box, legible on a classroom projector (zhili.plot).

The kit ships no font of its own: it uses Noto Sans SC (SIL Open Font License) from the
``zhplot`` package, registers it with matplotlib the first time a zhili figure is drawn, and
hands the same file to wordcloud. No user ever configures a font.

Every figure is drawn in a *style* (:func:`style`): by default ``"projector"`` — 150 pixels per
inch, at least 1,275 pixels wide, no text smaller than 13 points — so that a figure projected in a
classroom reads from the back row. The style is applied around each drawing only; matplotlib's
global settings stay as they were.

Every figure function takes ``ax=None`` (a new figure otherwise) and returns the Axes it drew on;
colours come from fixed palettes and layouts from a ``seed``, so the same input gives the same
figure. matplotlib, wordcloud and networkx are imported only when a figure is drawn.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from . import _figure
from ._errors import ZhiliError, check_choice, check_positive_int
from ._figure import FONT_NAME, STYLES, Style, StyleName, StyleSetting

# figures of the analysis methods, defined next to their method and also reachable here, like the
# figures above (zl.plot.similarity_heatmap is zl.similarity_heatmap); imported on first use
_METHOD_FIGURES = {
    "instrument_heatmap": "zhili.analysis.instruments",
    "plot_topic_prevalence": "zhili.analysis.topics",
    "plot_topics": "zhili.analysis.topics",
    "similarity_heatmap": "zhili.analysis.similarity",
}

__all__ = ["FILLER_WORDS", "FONT_NAME", "PALETTE", "STYLES", "bar", "font_path", "heatmap", "network", "radar",
           "style", "style_params", "use_chinese_font", "wordcloud", *_METHOD_FIGURES]


def __getattr__(name: str):
    if name in _METHOD_FIGURES:
        import importlib

        value = getattr(importlib.import_module(_METHOD_FIGURES[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'zhili.plot' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_METHOD_FIGURES))


# ---------------------------------------------------------------------------------------------
# style


def style(name: StyleName | None = None) -> StyleSetting:
    """选择 zhili 图表的样式：分辨率、图宽和字号。也可以写在 ``with`` 语句里，只在一段代码中生效。

    Choose the style of zhili figures; as a ``with`` block, for that block only.

    Parameters
    ----------
    name : {"projector", "screen", "large", "print"}, optional
        样式名（不给则保持当前样式）：

        - ``"projector"``（默认）课堂投影：每英寸 150 像素，图宽至少 1,275 像素，文字不小于 13 磅，标题 19 磅；
        - ``"screen"`` 自己在屏幕上看：每英寸 150 像素，文字不小于 12 磅；
        - ``"large"`` 大教室、后排：图更宽，文字不小于 17 磅，标题 24 磅；
        - ``"print"`` 论文和报告插图：每英寸 300 像素，图宽 6.5 英寸，文字 9–12 磅。

    Returns
    -------
    StyleSetting
        直接调用时，样式立即生效，之后画的 zhili 图都用它（matplotlib 的全局设置不变）。
        写成 ``with zl.plot.style("large"):`` 时，块内画的图——包括自己用 matplotlib 画的图
        （``plt.subplots`` 等）——都用这个样式，离开块后恢复原来的样式。

    Examples
    --------
    >>> import zhili as zl
    >>> with zl.plot.style("large") as st:
    ...     ax = zl.plot.bar({"决策共谋": 3, "成果共享": 5})
    >>> st.name, ax.get_yticklabels()[0].get_fontsize()
    ('large', 17.0)
    >>> zl.plot.style().style.name  # back to the default after the block
    'projector'
    """
    return _figure.set_style(name)


def style_params(name: StyleName | None = None) -> dict:
    """matplotlib 的 ``rcParams`` 设置：某个样式（默认为当前样式）的分辨率、图宽、字号和中文字体。

    The rcParams of a style, for plain matplotlib figures: ``plt.rcParams.update(...)`` or
    ``plt.style.use(...)``.

    Examples
    --------
    >>> p = style_params("projector")
    >>> p["figure.dpi"], p["xtick.labelsize"], p["font.family"][0]
    (150, 13, 'Noto Sans SC')
    """
    return _figure.style_params(name)


def font_path() -> Path:
    """Path of the CJK font file the kit uses (Noto Sans SC, shipped by ``zhplot``).

    Examples
    --------
    >>> from zhili.plot import font_path
    >>> font_path().name
    'NotoSansSC-Regular.ttf'
    """
    return _figure.font_path()


def use_chinese_font() -> str:
    """Register the kit's CJK font with matplotlib and make it the default sans-serif font.

    Safe to call many times. Returns the font family name. Every zhili plotting function calls
    it; call it yourself before drawing Chinese labels with plain matplotlib (or draw inside
    ``with zl.plot.style():``, which also sets the font).

    Examples
    --------
    >>> from zhili.plot import use_chinese_font
    >>> use_chinese_font()
    'Noto Sans SC'
    """
    return _figure.use_chinese_font()


# ---------------------------------------------------------------------------------------------
# numbers


def _auto_fmt(values) -> str:
    """A format for numbers shown in a figure: whole numbers as such, others with 1–3 decimals."""
    import numpy as np

    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values)]
    if finite.size == 0 or np.all(finite == np.round(finite)):
        return "d"
    top = np.abs(finite).max()
    return ".3f" if top < 0.1 else ".2f" if top < 10 else ".1f" if top < 100 else ".0f"


def _format(value: float, fmt: str) -> str:
    """``value`` in format ``fmt``; a number that rounds to zero has no minus sign ("0.00", not "-0.00")."""
    from .tables import unsigned_zero

    if not math.isfinite(value):
        return ""
    if fmt.endswith("d"):
        return unsigned_zero(format(round(value), fmt))
    return unsigned_zero(format(value, fmt))


# ---------------------------------------------------------------------------------------------
# bar chart


def bar(data, *, title: str | None = None, xlabel: str | None = None, top_n: int | None = None,
        horizontal: bool = True, color: str = "#b5322a", group=None, values: bool = True,
        fmt: str | None = None, ax=None):
    """Bar chart of labelled values, in the order given, with Chinese labels and the values written.

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
        Horizontal bars read better with Chinese labels; the first bar is at the top. Labels
        longer than 10 characters are wrapped (vertical bars: 4 characters).
    color : str, default "#b5322a"
    group : optional
        For a table with a ``group`` column holding several groups, the one to draw.
    values : bool, default True
        Write each value at the end of its bar.
    fmt : str, optional
        Format of the written values, e.g. ``"d"``, ``".2f"``, ``".0%"``; by default whole numbers
        as such, others with one to three decimals depending on their size.
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
    >>> [t.get_text() for t in bar({"甲": 0.123456, "乙": 2.5}).texts]
    ['2.50', '0.12']
    """
    import numpy as np
    import pandas as pd

    series = _series(data, group=group, name="data")
    if top_n is not None:
        check_positive_int("top_n", top_n)
        series = series.iloc[:top_n]
    series = pd.to_numeric(series, errors="coerce")
    if series.empty:
        raise ZhiliError("没有可画的数据：data 为空。请检查筛选条件或输入的表格。")
    st = _figure.current_style()
    numbers = series.to_numpy(dtype=float)
    fmt = fmt or _auto_fmt(numbers)
    with _figure.styled():
        if horizontal:
            labels = [_figure.wrap_label(str(i), 10) for i in series.index]
            lines = sum(max(1.9, 1.3 * (label.count("\n") + 1) + 0.6) for label in labels)
            height = lines * st.small / 72 + (st.title * 2.2 + st.text * 2.2) / 72 + 0.3
            ax = _figure.new_axes(ax, (st.width, max(st.width * 0.3, height)))
            bars = ax.barh(range(len(labels)), numbers[::-1], color=color, height=0.72)  # first bar on top
            ax.set_yticks(range(len(labels)), labels[::-1])
            ax.set_ylim(-0.6, len(labels) - 0.4)
            if xlabel:
                ax.set_xlabel(xlabel)
            ax.margins(x=0.08)
            ax.tick_params(axis="y", length=0)
        else:
            longest = max(_figure.em_width(str(i)) for i in series.index)
            rotate = len(series) > 12 and longest > 2
            labels = [str(i) if rotate else _figure.wrap_label(str(i), 4) for i in series.index]
            ax = _figure.new_axes(ax, (st.width, st.width * 0.58))
            bars = ax.bar(range(len(labels)), numbers, color=color, width=0.72)
            ax.set_xticks(range(len(labels)), labels)
            if rotate:
                _rotate_xlabels(ax)
            if xlabel:
                ax.set_ylabel(xlabel)
            ax.margins(y=0.1)
            ax.tick_params(axis="x", length=0)
        if len(numbers) and np.isfinite(numbers).all() and (numbers == np.round(numbers)).all():
            from matplotlib.ticker import MaxNLocator  # counts: no 2.5 on the value axis

            (ax.xaxis if horizontal else ax.yaxis).set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 5, 10], integer=True))
        if values:
            shown = numbers[::-1] if horizontal else numbers
            ax.bar_label(bars, labels=[_format(v, fmt) for v in shown], padding=4, fontsize=st.small,
                         color=_figure.DARK_TEXT)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        if title:
            ax.set_title(title)
    return ax


def _rotate_xlabels(ax, angle: float = 45) -> None:
    ax.tick_params(axis="x", labelrotation=angle)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")
        label.set_rotation_mode("anchor")


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

# Words that take room in a word cloud without telling what the texts are about: phrases of
# quantity and reference, vague adverbs, money units, reporting verbs. Only word clouds drop them
# (``wordcloud(exclude=...)``); frequency tables, networks and every count keep them.
FILLER_WORDS = frozenset({
    # 数量、指代
    "一起", "一位", "一名", "一条", "一处", "一块", "一年", "一批", "一次", "一种", "一些", "一下", "一直", "一定",
    "之一", "其中", "有人", "这是", "就是", "还是", "也是", "都是", "不是", "可以", "能否", "是否", "已经",
    # 虚泛的副词、时间
    "具体", "先后", "开始", "每天", "时间", "小时", "目前", "当时", "现在", "同时", "之后", "以后", "以前", "后来",
    # 金额、计量单位
    "万元", "亿元", "千元", "余万元", "多万元", "平方米", "公里", "公顷",
    # 转述
    "来自", "看到", "给出", "表示", "认为", "提到", "据介绍",
})


def _frequencies(frequencies, *, group=None) -> dict[str, float]:
    import pandas as pd

    if isinstance(frequencies, (pd.DataFrame, pd.Series)) and len(frequencies) == 0:
        from ._empty import empty_message, user_frame

        raise ZhiliError("没有可画的词：给出的表格是空的（0 行）。"
                         f"{empty_message(user_frame())}"
                         "筛选没有问题时，再检查分词结果，或放宽 min_count 等筛选条件后重试。")

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


def _readable_colors(cmap, background, *, minimum: float = 4.5) -> list[str]:
    """The colours of ``cmap`` that contrast at least ``minimum`` : 1 with ``background`` (WCAG)."""
    import matplotlib.colors as mcolors
    import numpy as np

    colours = [mcolors.to_hex(c) for c in cmap(np.linspace(0, 1, 256))]
    keep = [c for c in colours if _figure.contrast(c, background) >= minimum]
    return list(dict.fromkeys(keep))


def wordcloud(frequencies, *, top_n: int | None = 200, min_length: int = 2, exclude=FILLER_WORDS, mask=None,
              width: int | None = None, height: int | None = None, background: str = "white",
              colormap: str = "Reds", seed: int = 42, group=None, title: str | None = None, ax=None):
    """Word cloud of term frequencies, drawn in the kit's Chinese font, large enough to project.

    Parameters
    ----------
    frequencies : dict, pandas.Series or DataFrame
        Term → count; or a table with ``term`` and ``count`` columns, such as the output of
        ``zl.term_frequencies`` or ``zl.top_terms``. Counts that are missing or not positive are
        dropped; repeated terms are summed.
    top_n : int or None, default 200
        Draw at most this many of the most frequent terms (ties broken by term); ``None`` draws all.
    min_length : int, default 2
        Leave out terms shorter than this many characters: single characters (的、村、起 …) rarely
        say anything in a word cloud. ``min_length=1`` keeps them.
    exclude : collection of str, default :data:`FILLER_WORDS`
        Terms left out of the cloud (not out of any table): by default filler words such as
        一起、具体、之一、有人、万元. ``exclude=()`` keeps every term;
        ``exclude=zl.plot.FILLER_WORDS | {"报道"}`` adds your own.
    mask : numpy array or image path, optional
        Shape of the cloud. Image or array pixels that are white (255) stay empty, as in the
        wordcloud package; a transparent PNG background counts as white; in a boolean array
        ``True`` marks where words may go. With a mask, ``width`` and ``height`` are ignored.
    width, height : int, optional
        Image size in pixels; by default as wide as the style's figures, so the figure shows the
        image pixel for pixel: 1,275 × 797 for ``"projector"``, 1,500 × 938 for ``"large"``,
        1,950 × 1,219 for ``"print"`` (:func:`style`). Ask for more pixels (``width=2400``) for an
        image file to put on a slide with ``ax.wordcloud.to_file(...)``. Words smaller than
        12 points as shown are not drawn.
    background : str, default "white"
        Background colour.
    colormap : str, default "Reds"
        Matplotlib colormap for the words; only its colours that contrast at least 4.5 : 1 with the
        background (the WCAG level for small text) are used, so no word fades on a projector.
    seed : int, default 42
        Random seed for placement and colours: the same input and seed give the same image.
    group : optional
        For a table with a ``group`` column (``zl.top_terms(..., by=...)``), the group to draw.
    title : str, optional
        Figure title.
    ax : matplotlib Axes, optional
        Where to draw; otherwise a new figure as wide as the style's other figures (8.5 inches,
        1,275 pixels for ``"projector"``).

    Returns
    -------
    matplotlib.axes.Axes
        With the image drawn and the axis hidden. The ``wordcloud.WordCloud`` object is
        ``ax.wordcloud``: ``ax.wordcloud.to_file("词云.png")`` saves the image at full
        resolution, ``ax.wordcloud.to_array()`` gives its pixels, ``ax.wordcloud.words_`` the
        terms it was given (after ``min_length`` and ``exclude``), ``ax.wordcloud.layout_`` the ones
        drawn. When the canvas cannot hold them all, a note in the figure's corner says how many
        were drawn.

    Raises
    ------
    ZhiliError
        If there is no term to draw, or the mask leaves no room for any word.

    Examples
    --------
    >>> ax = wordcloud({"共同缔造": 12, "基层治理": 8, "一起": 6, "村": 5}, width=300, height=200)
    >>> ax.wordcloud.font_path == str(font_path())
    True
    >>> sorted(ax.wordcloud.words_)
    ['共同缔造', '基层治理']
    """
    import matplotlib as mpl
    import matplotlib.pyplot as plt
    from wordcloud import WordCloud

    if top_n is not None:
        check_positive_int("top_n", top_n)
    check_positive_int("min_length", min_length)
    for name, value in (("width", width), ("height", height)):
        if value is not None:
            check_positive_int(name, value)
    if isinstance(exclude, str):
        raise ZhiliError(f"参数 exclude 应为词语的集合，例如 exclude={{\"{exclude}\"}}，而不是单个字符串。")
    try:
        excluded = {str(t) for t in (exclude or ())}
    except TypeError:
        raise ZhiliError(f"参数 exclude 应为词语的集合（如 zl.plot.FILLER_WORDS），而不是 {type(exclude).__name__}。") from None
    freqs = _frequencies(frequencies, group=group)
    kept = {t: c for t, c in freqs.items() if len(t) >= min_length and t not in excluded}
    if not kept:
        raise ZhiliError(f"没有可画的词：{len(freqs)} 个词都是单字词（min_length={min_length}）或被 exclude 排除的填充词。"
                         "请用 min_length=1 或 exclude=() 保留它们。")
    mask_arr = _mask_array(mask)
    try:
        cmap = mpl.colormaps[colormap]
    except KeyError:
        raise ZhiliError(f"参数 colormap={colormap!r} 无效：请用 matplotlib 的色表名，如 'Reds'、'Blues'、'viridis'。") from None
    palette = _readable_colors(cmap, background)
    if not palette:
        raise ZhiliError(f"色表 colormap={colormap!r} 中没有与背景色 {background!r} 对比足够的颜色，词会看不清："
                         "请换一个更深的色表（如 'Reds'、'Blues'），或换背景色。")

    st = _figure.current_style()
    if mask_arr is not None:
        h, w = mask_arr.shape[:2]
    else:
        w = width or (round(height / 0.625) if height else st.pixels[0])
        h = height or round(w * 0.625)
    if ax is None:
        shown_width = st.width  # inches: as wide as every other figure, so its title reads the same
    else:
        fig = _figure.root_figure(ax)
        shown_width = ax.get_position().width * fig.get_figwidth()
    min_px = max(4, math.ceil(min(12.0, st.small) / 72 * w / shown_width))

    def color_func(word, font_size, position, orientation, random_state=None, **kwargs):
        return palette[int(random_state.random() * len(palette))]

    wc = WordCloud(font_path=str(font_path()), width=w, height=h, mask=mask_arr, background_color=background,
                   max_words=top_n if top_n is not None else len(kept), random_state=seed, collocations=False,
                   prefer_horizontal=1.0, color_func=color_func, min_font_size=min_px,
                   margin=max(2, round(w / 80)))  # room between words, so neighbours do not read as one
    try:
        wc.generate_from_frequencies(kept)
    except ValueError as exc:  # e.g. "Couldn't find space to draw"
        raise ZhiliError(f"词云画不下任何词：遮罩 mask 留出的空白区域太小（{exc}）。"
                         "请换一张有更多非白色区域的遮罩，或去掉 mask。") from None
    if not wc.layout_:
        raise ZhiliError("词云画不下任何词：遮罩 mask 留出的空白区域太小。请换一张有更多非白色区域的遮罩，或去掉 mask。")
    image = wc.to_array()
    # the canvas filled up before every word fitted: the figure says so, nothing is left out silently
    note = (f"画下了字号最大的 {len(wc.layout_)} 个词（共给出 {len(wc.words_)} 个）"
            if len(wc.layout_) < len(wc.words_) else None)
    with _figure.styled():
        if ax is None:
            band = st.title * 2.1 / 72 if title else 0.0
            foot = st.small * 1.9 / 72 if note else 0.0  # a strip under the image for the note
            fig_h = shown_width * h / w + band + foot
            fig = plt.figure(figsize=(shown_width, fig_h), dpi=st.dpi, layout="none")
            ax = fig.add_axes((0.0, foot / fig_h, 1.0, 1.0 - (band + foot) / fig_h))
            one_to_one = abs(shown_width * st.dpi - w) < 0.5
            if note:
                fig.text(0.995, 0.25 * foot / fig_h, note, ha="right", va="bottom", fontsize=st.small, color="#444444")
        else:
            ax = _figure.new_axes(ax, None)
            one_to_one = False
            if note:  # drawn into someone else's axes: the note sits in the corner, over the image
                ax.text(0.995, 0.005, note, transform=ax.transAxes, ha="right", va="bottom", fontsize=st.small,
                        color="#444444", bbox={"facecolor": background, "edgecolor": "none", "alpha": 0.85, "pad": 1.5})
        ax.imshow(image, interpolation="nearest" if one_to_one else "antialiased")
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


def _group_names(names, groups, members) -> dict:
    """Legend text per group: the given name, else the group and its three largest members."""
    import pandas as pd

    if names is None:
        given = {}
    elif isinstance(names, pd.Series):
        given = names.to_dict()
    elif isinstance(names, Mapping):
        given = dict(names)
    elif isinstance(names, (list, tuple)):
        given = dict(enumerate(names))
    else:
        raise ZhiliError(f"参数 community_names 应为字典（社群编号 → 名称）、pandas Series 或名称列表，"
                         f"而不是 {type(names).__name__}。")
    out = {}
    for v in groups:
        if v in given and str(given[v]).strip():
            out[v] = str(given[v])
        else:
            out[v] = f"{v}：{'、'.join(map(str, members[v][:3]))}"
    return out


def _layout_one(g, layout: str, seed: int):
    """Positions of one connected graph scaled to the unit square (0.5, 0.5 for a single node)."""
    import networkx as nx
    import numpy as np

    nodes = list(g.nodes)
    if len(nodes) == 1:
        return {nodes[0]: np.array([0.5, 0.5])}
    if layout == "spring":
        pos = nx.spring_layout(g, seed=seed, weight="weight", k=1.6 / math.sqrt(len(nodes)), iterations=200)
    elif layout == "kamada_kawai":
        pos = nx.kamada_kawai_layout(g)
    else:
        pos = nx.circular_layout(g)
    xy = np.array([pos[n] for n in nodes], dtype=float)
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    xy = (xy - lo) / span
    xy[:, hi <= lo] = 0.5
    return dict(zip(nodes, xy))


def _layout(g, layout: str, seed: int):
    """Node positions filling the unit square, deterministic for a given seed.

    A network of several parts is laid out part by part — a force layout would push the parts to
    the corners and crowd the main one — and the parts are packed: the largest on the left, the
    small ones stacked in a column on the right (or all in a grid when no part dominates).
    """
    import networkx as nx
    import numpy as np

    parts = [sorted(c, key=str) for c in nx.connected_components(g.to_undirected() if g.is_directed() else g)]
    if len(parts) <= 1:
        return _layout_one(g, layout, seed)
    parts.sort(key=lambda c: (-len(c), str(c[0])))
    boxes: list[tuple[float, float, float, float]] = []  # x0, y0, width, height of each part
    rest = sum(len(c) for c in parts[1:])
    if rest <= 0.3 * g.number_of_nodes():
        boxes.append((0.0, 0.0, 0.78, 1.0))
        weights = np.sqrt([len(c) for c in parts[1:]])
        heights = np.minimum(weights / weights.sum(), 0.35)  # a two-word part need not span the height
        y = 1.0
        for h in heights:
            boxes.append((0.84, y - h, 0.16, h))
            y -= h
    else:
        cols = math.ceil(math.sqrt(len(parts)))
        rows = math.ceil(len(parts) / cols)
        for i in range(len(parts)):
            r, c = divmod(i, cols)
            boxes.append((c / cols, 1 - (r + 1) / rows, 1 / cols, 1 / rows))
    pos = {}
    for part, (x0, y0, w, h) in zip(parts, boxes):
        # a subgraph *view* lists its nodes in the order of a set, which changes with Python's string
        # hashing from one process to the next; a copy with the nodes in a fixed order keeps the layout
        sub = g.__class__()
        sub.add_nodes_from((n, g.nodes[n]) for n in part)
        sub.add_edges_from(g.subgraph(part).edges(data=True))
        inner = _layout_one(sub, layout, seed)
        pad_w, pad_h = w * 0.08, h * 0.08
        for n, (x, yy) in inner.items():
            pos[n] = np.array([x0 + pad_w + x * (w - 2 * pad_w), y0 + pad_h + yy * (h - 2 * pad_h)])
    return pos


def network(g, *, layout: Literal["spring", "kamada_kawai", "circular"] = "spring", seed: int = 42,
            node_size: str | float | None = "count", color: str | None = "community", community_names=None,
            top_n: int | None = None, label_size: float | None = None, title: str | None = None, ax=None):
    """Draw a (co-word) network with Chinese node labels that stay readable and do not collide.

    Parameters
    ----------
    g : networkx.Graph
        For instance from ``zl.cooccurrence_network``. Node attributes ``count`` and
        ``community`` and the edge attribute ``weight`` are used when present.
    layout : {"spring", "kamada_kawai", "circular"}, default "spring"
        Node placement; ``spring`` uses ``seed`` (and edge weights), so it is reproducible. The
        layout is stretched to fill the plot, and nodes that would overlap are pushed apart.
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
    community_names : dict, pandas Series or list, optional
        Names for the legend: community (value of ``color``) → name, e.g.
        ``{0: "村民参与", 1: "为老服务"}``; a list names communities 0, 1, 2 … in turn. Without a
        name, a community is listed with its number and its three largest words. The legend
        sits below the graph, so the graph keeps the figure's full width.
    top_n : int, optional
        Keep only the ``top_n`` largest nodes by ``node_size`` (or by degree), ties broken by name.
    label_size : float, optional
        Font size of the node labels; by default the style's smallest text (13 points for
        ``"projector"``). Labels sit beside their nodes, in dark text with a white outline, and
        are placed so that they cover neither each other nor other nodes where there is room.
    title : str, optional
        Figure title.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Axis hidden. ``ax.node_colors`` maps each drawn node to its hex colour,
        ``ax.node_labels`` to its label (a matplotlib Text).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph()
    >>> g.add_nodes_from([("共同缔造", {"count": 9, "community": 0}),
    ...                   ("基层治理", {"count": 5, "community": 0}),
    ...                   ("美好环境", {"count": 3, "community": 1})])
    >>> g.add_edge("共同缔造", "基层治理", weight=4)
    >>> g.add_edge("共同缔造", "美好环境", weight=1)
    >>> ax = network(g, title="共词网络", community_names={0: "治理", 1: "环境"})
    >>> ax.node_colors["共同缔造"] == ax.node_colors["基层治理"] != ax.node_colors["美好环境"]
    True
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['治理', '环境']
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
    # most important first: labels are placed in this order
    order = sorted(range(len(nodes)), key=lambda i: (-np.nan_to_num(size_of(nodes[i]), nan=-np.inf), str(nodes[i])))

    if isinstance(node_size, (int, float)) and not isinstance(node_size, bool):
        sizes = np.full(len(nodes), float(node_size))
    elif node_size is None:
        sizes = np.full(len(nodes), 400.0)
    else:
        sizes = _scale([size_of(n) for n in nodes], 150, 1200, default=400)

    has_color_attr = color is not None and any(color in d for _, d in g.nodes(data=True))
    if community_names is not None and not has_color_attr:
        raise ZhiliError(f"参数 community_names 需要节点带有属性 {color!r}（如 zl.communities 的结果写进图中）；"
                         "图中没有节点带有这个属性。")
    legend = []
    if has_color_attr:
        groups = _sorted_values({d[color] for _, d in g.nodes(data=True) if color in d})
        lookup = {v: PALETTE[i % len(PALETTE)] for i, v in enumerate(groups)}
        colors = [lookup.get(g.nodes[n].get(color), _OTHER) if color in g.nodes[n] else _OTHER for n in nodes]
        if len(groups) <= len(PALETTE):
            members = {v: [nodes[i] for i in order if g.nodes[nodes[i]].get(color) == v] for v in groups}
            names = _group_names(community_names, groups, members)
            legend = [(names[v], lookup[v]) for v in groups]
    elif color is None or color == "community":
        colors = [PALETTE[0]] * len(nodes)
    elif mcolors.is_color_like(color):
        colors = [mcolors.to_hex(color)] * len(nodes)
    else:
        raise ZhiliError(f"参数 color={color!r} 无效：图中没有节点带有属性 {color!r}，它也不是颜色名。")

    pos = _layout(g, layout, seed)
    st = _figure.current_style()
    label_size = st.small if label_size is None else label_size
    show_legend = len(legend) > 1
    columns, legend_height = 1, 0.0
    if show_legend:  # below the graph, in as many columns as fit the width
        entry = max(_figure.text_inches(t, st.small) for t, _ in legend) + 0.75
        columns = max(1, min(len(legend), int((st.width - 0.3) // entry)))
        legend_height = math.ceil(len(legend) / columns) * st.small * 1.9 / 72 + st.text * 2.0 / 72
    with _figure.styled():
        ax = _figure.new_axes(ax, (st.width, st.width * 0.68 + legend_height))
        fig = _figure.root_figure(ax)
        ax.set_axis_off()
        if title:
            ax.set_title(title)
        if show_legend:
            from matplotlib.lines import Line2D

            handles = [Line2D([], [], marker="o", linestyle="", markersize=st.small * 0.9, markerfacecolor=c,
                              markeredgecolor="white", label=text) for text, c in legend]
            ax.legend(handles=handles, title="社群" if color == "community" else str(color), loc="upper center",
                      bbox_to_anchor=(0.5, 0.0), ncols=columns, frameon=False, borderaxespad=0.2,
                      columnspacing=1.2, handletextpad=0.3)
        pad = 0.03
        ax.set_xlim(-pad, 1 + pad)
        ax.set_ylim(-pad, 1 + pad)
        fig.draw_without_rendering()  # settle the layout: positions below are in final pixels

        px = fig.dpi / 72
        radii = np.sqrt(sizes) / 2 * px
        box = ax.bbox
        xy = ax.transData.transform(np.array([pos[n] for n in nodes]))
        half = np.repeat((radii + 2 * px)[:, None], 2, axis=1)
        xy = _figure.spread_boxes(xy, half, bounds=(box.x0, box.y0, box.x1, box.y1), gap=2 * px)
        data_xy = ax.transData.inverted().transform(xy)
        pos = dict(zip(nodes, data_xy))

        edges = list(g.edges(data=True))
        widths = _scale([d.get("weight", np.nan) for *_, d in edges], 1.0, 5.0, default=1.5) if edges else []
        nx.draw_networkx_edges(g, pos, ax=ax, edgelist=[(u, v) for u, v, _ in edges], width=widths,
                               edge_color="#b3b3b3", node_size=sizes)
        nx.draw_networkx_nodes(g, pos, ax=ax, nodelist=nodes, node_size=sizes, node_color=colors,
                               edgecolors="white", linewidths=1.2)
        labels = {}
        for n in nodes:
            labels[n] = ax.annotate(str(n), xy=pos[n], xytext=(0, 0), textcoords="offset points", ha="center",
                                    va="center", fontsize=label_size, color=_figure.DARK_TEXT,
                                    path_effects=_figure.halo(max(2.5, label_size * 0.25)), zorder=5,
                                    annotation_clip=False)
            labels[n].set_in_layout(False)
        extents = [labels[n].get_window_extent() for n in nodes]
        text_sizes = np.array([(e.width, e.height) for e in extents])
        offsets = np.zeros((len(nodes), 2))
        placed = _figure.place_beside(xy[order], radii[order], text_sizes[order],
                                      bounds=(box.x0, box.y0, box.x1, box.y1), gap=2 * px)
        offsets[order] = placed
        for n, (ox, oy) in zip(nodes, offsets / px):
            labels[n].xyann = (ox, oy)
        ax.set_xlim(-pad, 1 + pad)  # networkx autoscaled; keep the frame the labels were placed in
        ax.set_ylim(-pad, 1 + pad)
    ax.node_colors = dict(zip(nodes, colors))
    ax.node_labels = labels
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


_BINARY_LEVELS = {0: "无", 1: "有"}
_MAX_LEVELS = 9  # whole numbers spanning at most this many values get a discrete colour bar
ANNOTATE_MAX_ROWS = 25  # more rows than this: no numbers in the cells unless annotate=True


def _levels(values, levels):
    """The discrete levels of a table as {value: label}, or None for a continuous colour scale."""
    import numpy as np

    finite = values[np.isfinite(values)]
    if levels is False or finite.size == 0:
        return None
    if isinstance(levels, Mapping):
        given = {float(k): str(v) for k, v in levels.items()}
        missing = sorted({float(v) for v in np.unique(finite)} - set(given))
        if missing:
            listed = "、".join(_format(v, "g") for v in missing[:5])
            raise ZhiliError(f"参数 levels 缺少表中出现的值 {listed}：请为每个值给一个标签，如 levels={{0: '无', 1: '有'}}。")
        return dict(sorted(given.items()))
    if levels not in (None, True):
        raise ZhiliError(f"参数 levels={levels!r} 无效：应为 None（自动）、False（连续色阶）或 值 → 标签 的字典。")
    whole = bool(np.all(finite == np.round(finite)))
    if not whole:
        if levels is True:
            raise ZhiliError("参数 levels=True 只适用于整数值的表：这张表有小数，请用连续色阶（levels=None）。")
        return None
    lo, hi = int(finite.min()), int(finite.max())
    if set(np.unique(finite)) <= {0.0, 1.0}:
        return {float(k): v for k, v in _BINARY_LEVELS.items()}
    if hi - lo + 1 > _MAX_LEVELS and levels is None:
        return None
    return {float(k): str(k) for k in range(lo, hi + 1)}


def heatmap(table, *, title: str | None = None, cmap: str = "Reds", annotate: bool | Literal["auto"] = "auto",
            fmt: str | None = None, levels=None, xlabel: str | None = None, ylabel: str | None = None,
            vmin: float | None = None, vmax: float | None = None, fontsize: float | None = None, ax=None):
    """Heatmap of a table (rows × columns) with Chinese labels, sized so every label can be read.

    For instance cases × 五共 stages (booleans), or documents × framework categories.

    Parameters
    ----------
    table : pandas.DataFrame
        Numeric (or boolean) values; the index labels the rows and the columns the columns.
        Missing values are left blank.
    title, xlabel, ylabel : str, optional
    cmap : str, default "Reds"
        Matplotlib colormap.
    annotate : bool or "auto", default "auto"
        Write each value in its cell, in white or black, whichever stands out more from the
        cell's colour. ``"auto"`` writes them for tables of at most 25 rows and 400 cells, where
        they can be read.
    fmt : str, optional
        Format spec of the annotations and colour-bar ticks, e.g. ``"d"``, ``".2f"`` or ``".0%"``.
        By default ``"d"`` when every value is a whole number, otherwise two decimals (fewer from
        10 up).
    levels : dict or bool, optional
        Colour scale. By default (``None``) a table of whole numbers with at most nine different
        values (0/1 codes, counts 0–3 …) gets one colour per value and a colour bar with a tick per
        value — 0/1 tables are labelled 无/有 — and any other table a continuous scale. A dict
        ``{value: label}`` names the values (e.g. ``{0: "未提及", 1: "提及"}``); ``False`` forces the
        continuous scale.
    vmin, vmax : float, optional
        Ends of the continuous colour scale (e.g. 0 and 1 for similarities); by default the
        table's smallest and largest values.
    fontsize : float, optional
        Size of the row and column labels and the numbers in the cells, in points; by default
        the style's (:func:`style`). The figure grows with it.
    ax : matplotlib Axes, optional
        Where to draw. A new figure grows with the table: about a third of an inch per row.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax.images[0]`` is the image (its colour bar is ``ax.images[0].colorbar``); the
        annotations are ``ax.texts`` row by row. Column labels longer than six characters are
        wrapped, or turned 45° when the columns are too many to wrap.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"决策共谋": [1, 0], "发展共建": [1, 1]}, index=["案例甲", "案例乙"])
    >>> ax = heatmap(t, title="五共环节")
    >>> [x.get_text() for x in ax.texts]
    ['1', '1', '0', '1']
    >>> [x.get_text() for x in ax.images[0].colorbar.ax.get_yticklabels()]
    ['无', '有']
    """
    import matplotlib as mpl
    import matplotlib.colors as mcolors
    import numpy as np

    data = _numeric_table(table, name="table", what="行 × 列的数值表")
    values = data.to_numpy()
    if annotate not in (True, False, "auto"):
        raise ZhiliError(f"参数 annotate={annotate!r} 无效：可选值为 'auto'、True、False。")
    try:
        colormap = mpl.colormaps[cmap]
    except KeyError:
        raise ZhiliError(f"参数 cmap={cmap!r} 无效：请用 matplotlib 的色表名，如 'Reds'、'Blues'。") from None
    level_labels = _levels(values, levels)
    n_rows, n_cols = values.shape
    rows = [str(i) for i in data.index]
    cols = _category_labels(table) if hasattr(table, "columns") else [str(c) for c in data.columns]
    auto_annotate = annotate == "auto"
    if auto_annotate:
        annotate = n_rows <= ANNOTATE_MAX_ROWS and values.size <= 400
    fmt = fmt or _auto_fmt(values)

    st = _figure.current_style()
    if fontsize is not None and not (isinstance(fontsize, (int, float)) and fontsize > 0):
        raise ZhiliError(f"参数 fontsize={fontsize!r} 无效：应为正数（磅），或不给（跟随 zl.plot.style）。")
    fs = fontsize or st.small
    line = fs / 72  # inches
    cell_text = max((_figure.text_inches(_format(v, fmt), fs) for v in values.ravel()), default=0.0) if annotate else 0
    wrapped = [_figure.wrap_label(c, 6) for c in cols]
    col_w = max(max(_figure.text_inches(c, fs) for c in wrapped) + 0.25, cell_text + 0.3, 0.6)
    row_label_w = max(_figure.text_inches(r, fs) for r in rows) + 0.25
    colorbar_w = 0.9 + (max(_figure.text_inches(t, fs) for t in level_labels.values()) if level_labels else 0.6)
    side = row_label_w + (st.text * 1.6 / 72 if ylabel else 0) + colorbar_w + 0.3
    max_width = st.width * 1.6
    rotate = side + col_w * n_cols > max_width
    if rotate:
        wrapped = cols
        col_w = max(line * 1.9, cell_text + 0.3)
        header = max(_figure.text_inches(c, fs) for c in cols) * 0.72 + 0.2
    else:
        header = max(c.count("\n") + 1 for c in wrapped) * line * 1.3 + 0.25
    row_h = max(line * 1.75, 0.28)
    show_every = 1
    if n_rows * row_h > 60:  # a very long table: thinner rows, and only every k-th row labelled
        row_h = 60 / n_rows
        show_every = math.ceil(line * 1.3 / row_h)
    width = min(max(side + col_w * n_cols, st.width), max_width)
    height = (n_rows * row_h + header + (st.title * 2.0 / 72 if title else 0.2) + (st.text * 2.0 / 72 if xlabel else 0)
              + 0.3)

    with _figure.styled():
        ax = _figure.new_axes(ax, (width, max(height, st.width * 0.35)))
        masked = np.ma.masked_invalid(values)
        if level_labels:
            keys = np.array(list(level_labels))
            n = len(keys)
            shades = colormap(np.linspace(0.12, 0.85, n)) if n > 1 else colormap([0.6])
            listed = mcolors.ListedColormap(shades)
            bounds = np.concatenate([keys - 0.5, [keys[-1] + 0.5]]) if n > 1 else np.array([keys[0] - 0.5, keys[0] + 0.5])
            norm = mcolors.BoundaryNorm(bounds, n) if np.all(np.diff(keys) == 1) else None
            if norm is None:  # given labels for values that are not consecutive integers
                index = {k: i for i, k in enumerate(keys)}
                masked = np.ma.masked_invalid(np.vectorize(lambda v: index.get(v, np.nan), otypes=[float])(values))
                norm = mcolors.BoundaryNorm(np.arange(n + 1) - 0.5, n)
            image = ax.imshow(masked, cmap=listed, norm=norm, aspect="auto", interpolation="nearest")
        else:
            image = ax.imshow(masked, cmap=colormap, vmin=vmin, vmax=vmax, aspect="auto", interpolation="nearest")
        ax.set_xticks(range(n_cols), wrapped, fontsize=fs)
        ax.set_yticks(range(n_rows), rows, fontsize=fs)
        if show_every > 1:
            for k, label in enumerate(ax.get_yticklabels()):
                label.set_visible(k % show_every == 0)
        if rotate:
            _rotate_xlabels(ax)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        fig = _figure.root_figure(ax)
        axes_h = max(ax.get_position().height * fig.get_figheight(), 1.0)
        if level_labels:
            n = len(level_labels)
            shrink = min(0.9, max(0.15, n * line * 2.2 / axes_h))
            ticks = list(level_labels) if np.all(np.diff(list(level_labels)) == 1) else list(range(n))
            cbar = fig.colorbar(image, ax=ax, ticks=ticks, shrink=shrink, aspect=max(2.0, 6 * n * shrink / 0.9),
                                anchor=(0.0, 1.0), panchor=(1.0, 1.0))
            cbar.ax.set_yticklabels(list(level_labels.values()))
            cbar.ax.tick_params(which="both", length=0)
        else:
            cbar = fig.colorbar(image, ax=ax, shrink=min(0.9, max(0.3, 4.0 / axes_h)), anchor=(0.0, 1.0),
                                panchor=(1.0, 1.0))
            if fmt and not fmt.endswith("d"):
                from matplotlib.ticker import FuncFormatter

                cbar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _format(v, fmt)))
        cbar.outline.set_visible(False)
        if title:
            ax.set_title(title)
        if xlabel:
            ax.set_xlabel(xlabel)
        if ylabel:
            ax.set_ylabel(ylabel)
        if not rotate:  # wrapped to the cell width the Axes has when drawn (a given Axes may be narrow)
            ax.xaxis.set_major_formatter(_cell_labels(ax, cols, fs))
        fig.draw_without_rendering()
        cell_w = ax.bbox.width / fig.dpi / n_cols
        cell_h = ax.bbox.height / fig.dpi / n_rows
        if auto_annotate and annotate:  # leave out numbers that would not fit in their cells
            annotate = cell_text + 0.06 <= cell_w and line * 1.15 <= cell_h
        if annotate:
            for i in range(n_rows):
                for j in range(n_cols):
                    v = values[i, j]
                    text = _format(v, fmt)
                    if not text:
                        continue
                    background = image.cmap(image.norm(masked[i, j]))
                    ax.text(j, i, text, ha="center", va="center", fontsize=fs,
                            color=_figure.text_color_on(background))
    return ax


def _cell_labels(ax, labels, size):
    """Tick formatter for heatmap columns: each label wrapped to the width of its cell when the
    figure is drawn (six characters a line, fewer when the cells are narrow, as in a given Axes)."""
    from matplotlib.ticker import Formatter

    class CellLabels(Formatter):
        def __call__(self, x, pos=None):
            i = int(round(x))
            if not 0 <= i < len(labels) or abs(x - i) > 1e-6:
                return ""
            cell = ax.bbox.width / _figure.root_figure(ax).dpi / len(labels) * 0.92
            for width in (6, 4, 3):
                text = _figure.wrap_label(labels[i], width)
                if _figure.text_inches(text, size) <= cell:
                    return text
            return _figure.wrap_label(labels[i], 2)

    return CellLabels()


def radar(profiles, *, title: str | None = None, fill: bool = True, ax=None):
    """Radar (spider) chart: one polygon per row over the columns as categories.

    Parameters
    ----------
    profiles : pandas.DataFrame or Series
        Rows are documents or groups, columns are categories (at least three), values e.g. a
        normalised framework profile (:func:`zhili.framework_profile` gives matches per 1,000
        characters by default); its categories are labelled with the number of terms behind
        them. A Series draws one polygon. Category names longer than six characters are wrapped.
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
    st = _figure.current_style()
    categories = [_figure.wrap_label(c, 6) for c in _category_labels(profiles)]
    legend_w = max(_figure.text_inches(str(i), st.small) for i in data.index) + 0.8 if len(data) > 1 else 0.0
    with _figure.styled():
        ax = _figure.new_axes(ax, (max(st.width, st.width * 0.8 + legend_w), st.width * 0.82), projection="polar")
        n = data.shape[1]
        angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
        closed = np.concatenate([angles, angles[:1]])
        ax.set_theta_offset(np.pi / 2)
        ax.set_theta_direction(-1)
        for k, (label, row) in enumerate(data.iterrows()):
            values = np.nan_to_num(row.to_numpy(), nan=0.0)
            c = PALETTE[k % len(PALETTE)]
            ax.plot(closed, np.concatenate([values, values[:1]]), color=c, linewidth=2.6, label=str(label),
                    marker="o", markersize=st.small * 0.5)
            if fill:
                ax.fill(closed, np.concatenate([values, values[:1]]), color=c, alpha=0.12)
        ax.set_xticks(angles, categories)
        for label, angle in zip(ax.get_xticklabels(), angles):  # keep labels clear of the outer circle
            side = np.sin(angle)
            label.set_horizontalalignment("left" if side > 0.1 else "right" if side < -0.1 else "center")
        top = float(np.nanmax(data.to_numpy())) if np.isfinite(data.to_numpy()).any() else 1.0
        ax.set_ylim(0, top * 1.05 if top > 0 else 1.0)
        ax.tick_params(axis="y", labelcolor="#555555")
        ax.tick_params(axis="x", pad=st.small * 0.6)
        ax.yaxis.set_major_locator(_radial_locator())
        ax.set_rlabel_position(180 / n)  # radial labels between the first two spokes
        if len(data) > 1:
            ax.legend(loc="upper left", bbox_to_anchor=(1.08, 1.05), frameon=False)
        if title:
            ax.set_title(title, pad=st.title * 1.2)
    return ax


def _radial_locator():
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(nbins=4, min_n_ticks=3)
