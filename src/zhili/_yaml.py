"""YAML for the kit's data files: safe, dates kept as text, alias expansion bounded (zhili._yaml).

Framework files, metadata and front matter are YAML written by users. Three things make plain
``yaml.safe_load`` unfit for them:

- **Aliases.** ``&anchor`` / ``*alias`` let a tiny document stand for a huge one: nine lists of
  nine aliases to the list before (a 350-byte "billion laughs" document) expand to 9⁹ strings.
  PyYAML shares the aliased objects, so loading is quick, but the first ``str()``, comparison or
  traversal of the result expands it, for minutes and gigabytes. :class:`BoundedLoader` counts,
  while composing, how many nodes the aliases stand for (the expanded size of each anchored node
  is known when the alias is met) and refuses the document once that passes
  :data:`MAX_ALIAS_NODES`, at the line of the alias that crossed the bound. The count is
  arithmetic on node sizes, so the refusal costs no more than reading the text. An alias to a
  node that contains it (a recursive structure) is refused too.
- **Dates.** ``date: 2024-11-29`` stays the text ``"2024-11-29"`` (not a ``datetime.date``), so
  what the user wrote is what the kit shows and stores.
- **Errors.** Every problem is a :class:`YamlError` (a :class:`zhili.LoadError`) whose message, in
  Chinese, names the source and the line and says what to check.

Use :func:`safe_load`; subclass :class:`BoundedLoader` to add constructors (as
:mod:`zhili.theory.schema` does for line numbers and duplicate keys).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ._errors import LoadError

__all__ = ["MAX_ALIAS_NODES", "BoundedLoader", "YamlError", "safe_load"]

#: Most nodes that aliases may stand for in one document. Generous: the kit's framework.yaml has
#: about 4 000 nodes in all and no aliases; a "billion laughs" document passes it within a few lines.
MAX_ALIAS_NODES = 100_000


class YamlError(LoadError):
    """A YAML text could not be read: ``path`` (the source), ``line`` (1-based, or None) and
    ``problem`` (the Chinese message without the location)."""

    def __init__(self, problem: str, *, source: Any, line: int | None = None) -> None:
        where = f"{source} 第 {line} 行：" if line else f"{source}："
        super().__init__(where + problem, path=source, reason="yaml")
        self.line = line
        self.problem = problem


class _AliasLimit(yaml.MarkedYAMLError):
    """Raised while composing when aliases expand past the bound (or into themselves)."""


class BoundedLoader(yaml.SafeLoader):
    """``SafeLoader`` that leaves dates as text and bounds alias expansion (see the module notes)."""

    #: bound for this loader's documents (a subclass may lower it)
    max_alias_nodes: int = MAX_ALIAS_NODES

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self._sizes: dict[int, int] = {}  # id(node) -> nodes it stands for, aliases expanded
        self._expanded = 0                # nodes that aliases stood for so far in this document

    def compose_document(self):
        self._sizes, self._expanded = {}, 0
        try:
            return super().compose_document()
        finally:
            self._sizes = {}

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            mark = self.peek_event().start_mark
            node = super().compose_node(parent, index)  # the anchored node itself, not a copy
            size = self._sizes.get(id(node))
            if size is None:  # its anchor is still open: the alias is inside what it names
                raise _AliasLimit(None, None, "recursive", mark)
            self._expanded += size
            if self._expanded > self.max_alias_nodes:
                raise _AliasLimit(None, None, "too many", mark)
            return node
        node = super().compose_node(parent, index)
        sizes = self._sizes
        if isinstance(node, ScalarNode):
            size = 1
        elif isinstance(node, SequenceNode):
            size = 1 + sum(sizes[id(child)] for child in node.value)
        elif isinstance(node, MappingNode):
            size = 1 + sum(sizes[id(k)] + sizes[id(v)] for k, v in node.value)
        else:  # pragma: no cover - PyYAML has no other node kinds
            size = 1
        sizes[id(node)] = size
        return node


BoundedLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def safe_load(text: str, *, source: str | Path, loader: type[BoundedLoader] = BoundedLoader) -> Any:
    """Parse one YAML document safely; raise :class:`YamlError` naming ``source`` and the line.

    Parameters
    ----------
    text : str
        The YAML text.
    source : str or Path
        What to call the text in messages (usually its file path).
    loader : BoundedLoader subclass, optional
        To add constructors; exceptions they raise other than YAML errors pass through.

    Examples
    --------
    >>> safe_load("date: 2024-11-29\\ntags: [共同缔造, 四权同下]", source="meta.yaml")
    {'date': '2024-11-29', 'tags': ['共同缔造', '四权同下']}
    >>> laughs = "a: &a [x, x, x, x, x, x, x, x, x]\\n" + "".join(
    ...     f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\\n" for a, b in zip("abcdefgh", "bcdefghi"))
    >>> safe_load(laughs, source="laughs.yaml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    zhili._yaml.YamlError: laughs.yaml 第 6 行：YAML 别名（*名称）展开后超过 100000 个节点...
    """
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader subclass
    except _AliasLimit as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
        if exc.problem == "recursive":
            problem = ("YAML 别名（*名称）引用了包含它自己的锚点（&名称），会形成无限嵌套。"
                       "请把这里改为直接写出内容。")
        else:
            problem = (f"YAML 别名（*名称）展开后超过 {loader.max_alias_nodes} 个节点：层层嵌套的别名让这个文件"
                       "展开后极其庞大（一种会耗尽内存的写法），已拒绝读取。请去掉嵌套的 &锚点 和 *别名，直接写出内容。")
        raise YamlError(problem, source=source, line=line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if "stream end" in str(exc.problem or "") and exc.context_mark is not None:
            mark = exc.context_mark  # an unclosed bracket or quote: point at where it opened
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or "无法解析"
        ctx = exc.context_mark
        also = f"问题从第 {ctx.line + 1} 行开始；" if ctx is not None and line and ctx.line + 1 != line else ""
        raise YamlError(f"YAML 语法错误（{what}）。{also}请检查缩进、冒号、引号和方括号是否成对。",
                        source=source, line=line) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML 语法错误（{exc}）。", source=source) from None
    except RecursionError:
        raise YamlError("YAML 嵌套层数过多，无法读取：请减少列表或映射的嵌套层数。", source=source) from None
