"""Figures with Chinese labels that never show a box (zhili.plot).

The kit ships no font of its own: it uses Noto Sans SC (SIL Open Font License) from the
``zhplot`` package, registers it with matplotlib the first time a zhili figure is drawn, and
hands the same file to wordcloud. No user ever configures a font.
"""
from __future__ import annotations

import functools
from pathlib import Path

__all__ = ["font_path", "use_chinese_font", "FONT_NAME"]

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
