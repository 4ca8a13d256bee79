"""What to say when a filtered table has no rows (``zl.show``, the word cloud).

``kw[kw["id"] == "hb020"]`` gives an empty table without any error. :func:`empty_message` reads the
line that made it (the caller's line, only to word the message), finds the filter ``表[表["列"] == 值]``
in it and, when the table and the column are at hand, names values that are there and close to what
was typed; otherwise it gives a general hint.
"""
from __future__ import annotations

import ast
import linecache
import os
import sys
import types
from typing import Any

from ._keys import close_matches

__all__ = ["empty_message", "user_frame", "GENERAL"]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep

GENERAL = "多半是筛选条件没有选中任何一行——请检查所写的值（大小写、全角半角、多余的空格，例如 id 的写法是 HB020）。"


def _filters(line: str, names: set[str] | None = None) -> list[tuple[str, str, Any]]:
    """``(table, column, value)`` of every ``table[table["column"] == value]`` on ``line``; with
    ``names``, only of a filter whose result is assigned to one of them (``rural = freq[…]``)."""
    try:
        tree = ast.parse(line.strip())
    except SyntaxError:
        return []
    if names is not None:
        assigned = {t.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
                    for t in node.targets if isinstance(t, ast.Name)}
        if not assigned & names:
            return []
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)):
            continue
        test = node.slice
        if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
            continue
        left, right = test.left, test.comparators[0]
        if (isinstance(left, ast.Subscript) and isinstance(left.value, ast.Name) and left.value.id == node.value.id
                and isinstance(left.slice, ast.Constant) and isinstance(right, ast.Constant)):
            found.append((node.value.id, left.slice.value, right.value))
    return found


def user_frame() -> types.FrameType | None:
    """The innermost frame outside zhili: the student's line that called the kit."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame = frame.f_back
    return frame


def empty_message(frame: types.FrameType | None) -> str:
    """The Chinese message for an empty table, from the line of ``frame`` that made it.

    Examples
    --------
    >>> print(empty_message(None))
    多半是筛选条件没有选中任何一行——请检查所写的值（大小写、全角半角、多余的空格，例如 id 的写法是 HB020）。
    """
    if frame is None:
        return GENERAL
    try:  # the line that made the table, else a line just above that made a table used on it
        lines = linecache.getlines(frame.f_code.co_filename)[: frame.f_lineno]
        current = lines[-1] if lines else ""
        filters = _filters(current)
        if not filters:
            try:
                used = {n.id for n in ast.walk(ast.parse(current.strip())) if isinstance(n, ast.Name)}
            except SyntaxError:
                used = set()
            filters = [f for line in reversed(lines[-20:-1]) for f in _filters(line, used)][:1]
    except Exception:  # noqa: BLE001 - only the wording depends on it
        return GENERAL
    for name, column, value in filters:
        table = frame.f_locals.get(name, frame.f_globals.get(name))
        try:
            values = list(dict.fromkeys(str(v) for v in table[column].dropna().tolist()))
        except Exception:  # noqa: BLE001 - not a table with that column: no examples
            continue
        if not values or str(value) in values:
            continue
        typed = str(value)
        same_case = [v for v in values if v.lower() == typed.lower()]
        close = list(dict.fromkeys(same_case + close_matches(typed, values, n=3, cutoff=0.6)))[:3]
        shown_value = f'"{value}"' if isinstance(value, str) else repr(value)
        text = f"筛选条件没有选中任何一行——{name} 的 {column} 列里没有 {shown_value}。"
        if close:
            text += "您是不是要找：" + "、".join(f'"{c}"' for c in close) + "？"
        shown = "、".join(values[:8]) + (f" ……（共 {len(values)} 种）" if len(values) > 8 else "")
        return text + f"这一列的值有：{shown}。值要和表里的一字不差（包括大小写）。"
    return GENERAL
