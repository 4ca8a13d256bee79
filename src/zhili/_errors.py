"""Errors raised by zhili, with messages in Chinese that name the input and what to do.

Every user-facing error derives from :class:`ZhiliError`, so a notebook can catch them all and a
test can tell them apart from a bug (which would surface as any other exception).
"""
from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Iterable
from typing import Any

__all__ = ["ZhiliError", "LoadError", "LookupFailed", "ZhiliWarning", "warn", "check_choice", "choose_column", "check_positive_int",
           "check_words"]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


class ZhiliError(ValueError):
    """A problem with the user's input; the message says, in Chinese, what to do."""


class ZhiliWarning(UserWarning):
    """Something the user should know that does not stop the work (the token cache could not be
    used, a metadata column was renamed …); the message says, in Chinese, what happened and what
    to do."""


def warn(message: str, category: type[Warning] = ZhiliWarning) -> None:
    """Issue ``message`` as a warning attributed to the user's line, not to zhili's internals."""
    frame, level = sys._getframe(0), 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)


class LoadError(ZhiliError):
    """A file could not be read. ``path`` names it; ``reason`` is a short status code."""

    def __init__(self, message: str, *, path: Any = None, reason: str = "error") -> None:
        super().__init__(message)
        self.path = path
        self.reason = reason


class LookupFailed(ZhiliError, KeyError):
    """A key (document id, name …) that is not there; still a :class:`KeyError` for ``except KeyError``.

    Its text is the Chinese message itself, not ``KeyError``'s quoted repr of it.
    """

    __str__ = ZhiliError.__str__


def check_choice(name: str, value: Any, choices: Iterable[Any]) -> Any:
    """Return ``value`` if it is one of ``choices``; otherwise raise one uniformly worded error."""
    choices = tuple(choices)
    if value not in choices:
        listed = "、".join(repr(c) for c in choices)
        hint = ""
        if isinstance(value, str):
            from ._keys import close_matches, lookup_key

            folded = lookup_key(value)
            if folded != value and folded in choices:  # typed with the input method in full-width mode
                hint = f"你写的是全角字母或多了空格：请切换到英文输入法，写成 {name}={folded!r}。"
            else:
                close = close_matches(value, [c for c in choices if isinstance(c, str)], n=3, cutoff=0.6)
                hint = f"您是不是要找：{'、'.join(close)}？" if close else ""
        raise ZhiliError(f"参数 {name}={value!r} 无效：可选值为 {listed}。{hint}")
    return value


def choose_column(name: str, value: Any, columns: Iterable[Any], *, fixed: Iterable[Any] = ()) -> Any:
    """The column a column-choosing parameter (``by=`` …) names: ``value`` itself when it is one of
    ``fixed`` or ``columns``, the column whose Chinese label (as :func:`zhili.show` shows it, e.g.
    ``城乡类型`` or ``城乡类型 setting``) it is when that label belongs to one column only, else an
    error that suggests the closest columns (``您是不是要找：setting（城乡类型）``).

    Examples
    --------
    >>> choose_column("by", "城乡类型", ["id", "setting", "domain"], fixed=("document",))
    'setting'
    >>> choose_column("by", "seting", ["id", "setting"], fixed=("document",))
    Traceback (most recent call last):
    ...
    zhili._errors.ZhiliError: 参数 by='seting' 无效：您是不是要找：setting（城乡类型）？可选 document、id、setting。
    """
    fixed, columns = tuple(fixed), list(columns)
    if value in fixed or value in columns:
        return value
    hint = ""
    if isinstance(value, str):
        from ._keys import close_matches, lookup_key
        from .tables import COLUMN_LABELS

        typed = lookup_key(value)
        if typed in columns or typed in fixed:  # full-width letters or a stray space
            return typed
        labels = {c: COLUMN_LABELS[c] for c in columns if isinstance(c, str) and c in COLUMN_LABELS}
        named = [c for c, zh in labels.items() if typed in (lookup_key(zh), lookup_key(f"{zh} {c}"))]
        if len(named) == 1:
            return named[0]
        if named:
            hint = f"“{value}”是 {'、'.join(named)} 这几列共同的中文名，请写出其中一列的列名。"
        else:
            close = close_matches(value, [str(c) for c in (*fixed, *columns)], n=3, cutoff=0.6)
            for zh in close_matches(value, list(dict.fromkeys(labels.values())), n=3, cutoff=0.5):
                close += [c for c, other in labels.items() if other == zh]
            close = list(dict.fromkeys(close))[:3]
            if close:
                hint = "您是不是要找：" + "、".join(f"{c}（{labels[c]}）" if c in labels else c for c in close) + "？"
    listed = "、".join(map(str, (*fixed, *columns)))
    raise ZhiliError(f"参数 {name}={value!r} 无效：{hint}可选 {listed}。")


def check_positive_int(name: str, value: Any, *, allow_zero: bool = False) -> int:
    """Return ``value`` as int if it is a positive integer (or zero when allowed)."""
    ok = isinstance(value, int) and not isinstance(value, bool) and (value >= 0 if allow_zero else value > 0)
    if not ok:
        what = "非负整数" if allow_zero else "正整数"
        raise ZhiliError(f"参数 {name}={value!r} 无效：应为{what}。")
    return value


def check_words(name: str, value: Any, *, single: bool = True, allow_empty: bool = False,
                example: str = "共同缔造") -> list[str]:
    """Return ``value`` as a list of non-empty strings (a single string is one word if ``single``).

    One wording for every "list of words" parameter (terms, patterns, stopwords …). An empty list
    is an error unless ``allow_empty`` (optional word lists such as ``extra_stopwords=[]``).
    """
    if isinstance(value, str):
        if not single:
            raise ZhiliError(f"参数 {name} 应为词语列表，例如 {name}=[\"{example}\"]，而不是单个字符串。")
        value = [value]
    try:
        items = list(value)
    except TypeError:
        raise ZhiliError(f"参数 {name} 应为词语或词语列表，收到的是 {type(value).__name__}。") from None
    if not items and not allow_empty:
        raise ZhiliError(f"参数 {name} 为空：请至少给出一个词，例如 {name}=[\"{example}\"]。")
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise ZhiliError(f"参数 {name} 的第 {i + 1} 项 {item!r} 不是有效词语：应为非空字符串。")
    return items
