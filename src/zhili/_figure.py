"""Figure styles and layout helpers shared by :mod:`zhili.plot` and the framework figures.

One place decides how many pixels a figure has and how large its text is (a *style*), so every
zhili figure reads from the back of a classroom. A style is applied through
``matplotlib.rc_context`` around each drawing, never by changing the global ``rcParams`` at
import; figures keep their size and fonts after the context ends, because matplotlib stores them
in the figure and its artists when they are created.

The helpers below do the small geometry that matplotlib leaves to the user: wrapping long Chinese
labels, the contrast of text on a coloured background, pushing overlapping boxes apart and
placing labels beside points without collisions. All of it is deterministic (no randomness), so
the same input draws the same figure.
"""
from __future__ import annotations

import contextlib
import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ._errors import ZhiliError, check_choice

FONT_NAME = "Noto Sans SC"

StyleName = Literal["projector", "screen", "large", "print"]


@dataclass(frozen=True)
class Style:
    """Sizes of one figure style: pixels per inch, figure width and text sizes in points."""

    name: str
    label: str  # what the style is for, in Chinese
    dpi: int  # for the figure as shown in a notebook and as saved
    width: float  # figure width in inches (before a legend is added beside the plot)
    text: float  # axis labels, legend titles, heatmap annotations
    small: float  # tick labels, legend entries, node labels (the smallest text of a figure)
    title: float

    @property
    def pixels(self) -> tuple[int, int]:
        """Default size of a picture drawn in pixels (a word cloud): the figure width at the dpi, 16:10."""
        width = round(self.width * self.dpi)
        return width, round(width * 0.625)

    @property
    def min_text(self) -> float:
        """The smallest text size a figure of this style uses, in points."""
        return min(self.small, self.text, self.title)


STYLES: dict[str, Style] = {
    "projector": Style("projector", "课堂投影（默认）：每英寸 150 像素，图宽 1,275 像素，文字不小于 13 磅",
                       150, 8.5, 15, 13, 19),
    "screen": Style("screen", "自己在屏幕上看：每英寸 150 像素，文字不小于 12 磅", 150, 8.5, 13, 12, 16),
    "large": Style("large", "大教室、后排：图更宽，文字不小于 17 磅", 150, 10.0, 19, 17, 24),
    "print": Style("print", "论文和报告插图：每英寸 300 像素，图宽 6.5 英寸，文字 9–12 磅", 300, 6.5, 10, 9, 12),
}
DEFAULT_STYLE = "projector"
_state = {"name": DEFAULT_STYLE}


def current_style() -> Style:
    """The style zhili figures are drawn in now."""
    return STYLES[_state["name"]]


def style_params(name: StyleName | None = None) -> dict:
    """matplotlib ``rcParams`` of a style (the current one by default), as a new dict."""
    st = STYLES[check_choice("name", name, tuple(STYLES))] if name is not None else current_style()
    return {
        "figure.dpi": st.dpi,
        "savefig.dpi": st.dpi,
        "figure.figsize": (st.width, round(st.width * 0.62, 2)),
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "figure.constrained_layout.use": True,
        "font.family": [FONT_NAME, "sans-serif"],
        "font.size": st.text,
        "axes.titlesize": st.title,
        "axes.titlepad": round(st.text * 0.8, 1),
        "axes.labelsize": st.text,
        "axes.unicode_minus": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.linewidth": 1.0,
        "xtick.labelsize": st.small,
        "ytick.labelsize": st.small,
        "legend.fontsize": st.small,
        "legend.title_fontsize": st.text,
        "figure.titlesize": st.title,
        "lines.linewidth": 2.2,
        "lines.markersize": 8,
        "patch.linewidth": 1.0,
    }


class StyleSetting:
    """What :func:`zhili.plot.style` returns: the style is already in force; as a ``with`` block it
    also styles plain matplotlib figures made inside, and restores the earlier style afterwards."""

    def __init__(self, name: str, previous: str) -> None:
        self.name = name
        self.previous = previous
        self._rc = None

    @property
    def style(self) -> Style:
        return STYLES[self.name]

    def __enter__(self) -> Style:
        use_chinese_font()
        self._rc = rc_context(style_params(self.name))
        self._rc.__enter__()
        return self.style

    def __exit__(self, *exc) -> bool:
        if self._rc is not None:
            self._rc.__exit__(*exc)
            self._rc = None
        _state["name"] = self.previous
        return False

    def __repr__(self) -> str:
        return f"<zhili 图表样式 {self.name!r}：{self.style.label}>"


def set_style(name: StyleName | None) -> StyleSetting:
    previous = _state["name"]
    if name is not None:
        _state["name"] = check_choice("name", name, tuple(STYLES))
    return StyleSetting(_state["name"], previous)


# ---------------------------------------------------------------------------------------------
# fonts


@functools.lru_cache(maxsize=1)
def font_path() -> Path:
    """Path of the CJK font file the kit uses (Noto Sans SC, shipped by ``zhplot``)."""
    import importlib.util

    spec = importlib.util.find_spec("zhplot")
    if spec is None or not spec.submodule_search_locations:
        raise ZhiliError("未找到中文字体包 zhplot：请在项目目录运行 `make setup`（或 pip install zhplot）后重试。")
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "NotoSansSC-Regular.ttf"
    if not path.is_file():
        raise ZhiliError(f"中文字体文件缺失：{path}。请重新安装 zhplot（pip install --force-reinstall zhplot）。")
    return path


def use_chinese_font() -> str:
    """Register the kit's CJK font with matplotlib and make it the default sans-serif font."""
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


@contextlib.contextmanager
def rc_context(params: dict):
    """Set ``params`` in matplotlib's rcParams for a block, then put back only those keys.

    Unlike ``matplotlib.rc_context``, settings that something else changes inside the block stay:
    the first figure of a Jupyter session switches on interactive mode (``rcParams["interactive"]``)
    there, and undoing that would stop every later figure from being shown.
    """
    import matplotlib as mpl

    old = {key: mpl.rcParams[key] for key in params}
    mpl.rcParams.update(params)
    try:
        yield
    finally:
        mpl.rcParams.update(old)


def styled():
    """Context in which a zhili figure is drawn: the kit's font and the current style's rcParams."""
    use_chinese_font()
    return rc_context(style_params())


def root_figure(ax):
    fig = ax.figure
    while getattr(fig, "figure", fig) is not fig:
        fig = fig.figure
    return fig


def new_axes(ax, figsize, *, layout: str | None = "constrained", **subplot_kw):
    """``ax`` (its figure raised to the style's dpi, its tick labels to the style's size), or the
    Axes of a new figure of ``figsize`` inches.

    Call inside :func:`styled`.
    """
    import matplotlib.pyplot as plt

    st = current_style()
    if ax is None:
        fig = plt.figure(figsize=figsize, dpi=st.dpi, layout=layout)
        return fig.add_subplot(**subplot_kw)
    fig = root_figure(ax)
    if fig.dpi < st.dpi:  # the notebook shows a figure at its dpi
        fig.set_dpi(st.dpi)
    ax.tick_params(labelsize=st.small)  # the Axes was made outside the style
    ax.xaxis.label.set_fontsize(st.text)
    ax.yaxis.label.set_fontsize(st.text)
    return ax


# ---------------------------------------------------------------------------------------------
# text


def em_width(text: str) -> float:
    """Width of one line in ems: a Chinese (full-width) character is 1, anything else about 0.58."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.58 for ch in text)


def text_inches(text: str, size: float) -> float:
    """Width in inches of the widest line of ``text`` at ``size`` points (an estimate)."""
    return max((em_width(line) for line in str(text).split("\n")), default=0.0) * size / 72


_BREAK = re.compile(r"(?<=[\s、，,：:；;/·])|(?=[（(《【])")
# what a line may not be broken inside: a number or Latin word, with an opening bracket before it
# and closing punctuation after it
_UNIT = re.compile(r"[（(《【“]*(?:[A-Za-z0-9.,%+\-]+|\s+|.)[）)》】”，。、：；！？]*")


def wrap_label(text: str, width: float) -> str:
    """Break ``text`` into lines of at most ``width`` ems (Chinese characters).

    Lines break after a space or punctuation or before an opening bracket when that is possible,
    otherwise into lines of nearly equal length; numbers and Latin words are never split.

    >>> wrap_label("治理理念（134 词）", 6)
    '治理理念\\n（134 词）'
    >>> wrap_label("老旧小区改造提升", 6)
    '老旧小区\\n改造提升'
    >>> wrap_label("决策共谋", 6)
    '决策共谋'
    >>> wrap_label("决策共谋（17 词）", 3)
    '决策\\n共谋\\n（17\\n词）'
    """
    text = str(text)
    if "\n" in text:
        return "\n".join(wrap_label(line, width) for line in text.split("\n"))
    if em_width(text) <= width or len(text) < 2:
        return text
    pieces: list[str] = []
    for seg in (s for s in _BREAK.split(text) if s):
        if em_width(seg) <= width:
            pieces.append(seg)
            continue
        target = em_width(seg) / math.ceil(em_width(seg) / width)  # nearly equal lines
        line = ""
        for unit in _UNIT.findall(seg):
            if line and (em_width(line) >= target - 1e-9 or em_width(line + unit) > width):
                pieces.append(line)
                line = ""
            line += unit
        pieces.append(line)
    lines: list[str] = []
    for piece in pieces:
        if lines and em_width(lines[-1] + piece) <= width:
            lines[-1] += piece
        else:
            lines.append(piece)
    return "\n".join(line.strip() for line in lines if line.strip())


def luminance(color) -> float:
    """Relative luminance (WCAG 2) of a matplotlib colour: 0 for black, 1 for white."""
    import matplotlib.colors as mcolors

    r, g, b = mcolors.to_rgb(color)

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast(a, b) -> float:
    """WCAG contrast ratio of two colours (1 to 21; 4.5 is enough for small text)."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


DARK_TEXT = "#1a1a1a"


def text_color_on(background) -> str:
    """White or black, whichever contrasts more with ``background`` (always at least 4.58 : 1)."""
    return "white" if contrast("white", background) > contrast("black", background) else "black"


def halo(size: float = 3.0):
    """A white outline around text, so it stays readable over lines and coloured shapes."""
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=size, foreground="white")]


# ---------------------------------------------------------------------------------------------
# boxes that must not overlap (display coordinates, pixels)


def spread_boxes(centres, half_sizes, *, bounds=None, gap: float = 2.0, iterations: int = 400):
    """Move boxes apart until none overlaps (or ``iterations`` run out); returns new centres.

    ``centres`` (n × 2) and ``half_sizes`` (n × 2: half width, half height) are in pixels;
    ``bounds`` (x0, y0, x1, y1) keeps every box inside. Each step pushes every overlapping pair
    apart along the axis where they overlap least, half each; ties go by index, so the result is
    deterministic.
    """
    import numpy as np

    xy = np.array(centres, dtype=float).reshape(-1, 2)
    half = np.array(half_sizes, dtype=float).reshape(-1, 2)
    n = len(xy)
    if n < 2:
        return _clip_boxes(xy, half, bounds)
    order = np.arange(n)
    tie = np.sign(order[:, None] - order[None, :]).astype(float)
    for _ in range(iterations):
        d = xy[:, None, :] - xy[None, :, :]
        need = half[:, None, :] + half[None, :, :] + gap
        over = need - np.abs(d)
        hit = (over[..., 0] > 0) & (over[..., 1] > 0)
        np.fill_diagonal(hit, False)
        if not hit.any():
            break
        along_x = over[..., 0] <= over[..., 1]
        sx = np.where(d[..., 0] != 0, np.sign(d[..., 0]), tie)
        sy = np.where(d[..., 1] != 0, np.sign(d[..., 1]), tie)
        push_x = np.where(hit & along_x, over[..., 0] * sx, 0.0).sum(axis=1)
        push_y = np.where(hit & ~along_x, over[..., 1] * sy, 0.0).sum(axis=1)
        xy += 0.5 * np.stack([push_x, push_y], axis=1)
        xy = _clip_boxes(xy, half, bounds)
    return xy


def _clip_boxes(xy, half, bounds):
    import numpy as np

    if bounds is None:
        return xy
    x0, y0, x1, y1 = bounds
    lo = np.stack([x0 + half[:, 0], y0 + half[:, 1]], axis=1)
    hi = np.stack([x1 - half[:, 0], y1 - half[:, 1]], axis=1)
    hi = np.maximum(hi, lo)
    return np.clip(xy, lo, hi)


def _overlap(a, b) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def place_beside(points, radii, sizes, *, bounds, gap: float = 3.0):
    """Offsets (pixels) that put each label beside its point without covering other labels or points.

    Labels are placed in the given order (most important first). For each one the candidates are,
    in turn: right, left, above, below and the four diagonals of the point, then the same a little
    farther out; the first candidate that touches nothing (and stays inside ``bounds``) wins,
    otherwise the one with the least overlap. Deterministic.

    Parameters: ``points`` (n × 2) and ``radii`` (n) of the round markers, ``sizes`` (n × 2) label
    widths and heights, all in pixels; ``bounds`` (x0, y0, x1, y1).
    """
    import numpy as np

    points = np.asarray(points, dtype=float).reshape(-1, 2)
    radii = np.asarray(radii, dtype=float)
    sizes = np.asarray(sizes, dtype=float).reshape(-1, 2)
    markers = [(x - r, y - r, x + r, y + r) for (x, y), r in zip(points, radii)]
    placed: list[tuple[float, float, float, float]] = []
    offsets = np.zeros_like(points)
    directions = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1)]
    x0, y0, x1, y1 = bounds
    for i, ((x, y), r, (w, h)) in enumerate(zip(points, radii, sizes)):
        best, best_score = None, math.inf
        for reach in (0.0, 0.6, 1.2):  # extra distance, in label heights
            for dx, dy in directions:
                k = 0.75 if dx and dy else 1.0  # diagonals hug the marker
                ox = dx * (k * r + gap + w / 2 + reach * h)
                oy = dy * (k * r + gap + h / 2 + reach * h)
                box = (x + ox - w / 2, y + oy - h / 2, x + ox + w / 2, y + oy + h / 2)
                score = sum(_overlap(box, p) for p in placed)
                score += sum(_overlap(box, m) for j, m in enumerate(markers) if j != i)
                outside = w * h - _overlap(box, (x0, y0, x1, y1))
                score += 4 * outside
                if score < best_score - 1e-9:
                    best, best_score = (ox, oy, box), score
                if best_score == 0:
                    break
            if best_score == 0:
                break
        ox, oy, box = best
        offsets[i] = (ox, oy)
        placed.append(box)
    return offsets
