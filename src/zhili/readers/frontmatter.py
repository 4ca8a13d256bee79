"""YAML front matter at the top of a .txt or .md file (``---`` … ``---``)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .._errors import LoadError

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


def split(text: str, path: Path) -> tuple[dict[str, Any], str]:
    """``(fields, rest of the text)``; no front matter gives ``({}, text)``."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    from .._yaml import YamlError, safe_load

    try:
        data = safe_load(m.group(1) or "", source=path) or {}
    except YamlError as exc:
        where = f"第 {exc.line + 1} 行" if exc.line is not None else ""  # +1: the opening ---
        raise LoadError(f"文件 {path}：开头的 YAML 元数据（--- 之间）{where}有误：{exc.problem}",
                        path=path, reason="bad_metadata") from None
    if not isinstance(data, dict):
        raise LoadError(f"文件 {path}：开头的 YAML 元数据应为“字段: 值”的形式。", path=path, reason="bad_metadata")
    return {str(k): v for k, v in data.items()}, text[m.end():].lstrip("\n")
