"""Figures with Chinese labels that never show a box (zhili.plot).

The kit ships no font of its own: it uses Noto Sans SC (SIL Open Font License) from the
``zhplot`` package, registers it with matplotlib the first time a zhili figure is drawn, and
hands the same file to wordcloud. No user ever configures a font.
"""
from __future__ import annotations

import functools
from pathlib import Path

__all__ = ["FONT_NAME", "bar", "font_path", "use_chinese_font"]

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
        from ._errors import ZhiliError

        raise ZhiliError("未找到中文字体包 zhplot：请在项目目录运行 `make setup`（或 pip install zhplot）后重试。")
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "NotoSansSC-Regular.ttf"
    if not path.is_file():
        from ._errors import ZhiliError

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


def _axes(ax, figsize=(6.4, 4.0)):
    import matplotlib.pyplot as plt

    use_chinese_font()
    if ax is None:
        _fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def bar(data, *, title: str | None = None, xlabel: str | None = None, top_n: int | None = None,
        horizontal: bool = True, color: str = "#b5322a", ax=None):
    """Bar chart of a Series (labels → values), largest first, with Chinese labels.

    Parameters
    ----------
    data : pandas.Series or DataFrame
        A Series, or a DataFrame whose first column holds labels and last column values
        (e.g. the output of ``zl.top_terms``).
    title, xlabel : str, optional
        Figure title and value-axis label.
    top_n : int, optional
        Keep only the first ``top_n`` bars.
    horizontal : bool, default True
        Horizontal bars read better with Chinese labels.
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
    """
    import pandas as pd

    series = data if isinstance(data, pd.Series) else data.set_index(data.columns[0])[data.columns[-1]]
    if top_n is not None:
        series = series.iloc[:top_n]
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
