"""YAML for user files, read safely (provisional: reconciled with the framework loader's version)."""
from __future__ import annotations

from typing import Any

import yaml

__all__ = ["safe_load", "YamlError"]

#: Most nodes an alias-expanded document may stand for (far above any real metadata file).
MAX_EXPANDED = 100_000


class YamlError(ValueError):
    """A YAML problem: ``line`` (1-based, or None) and a short ``problem``."""

    def __init__(self, problem: str, line: int | None) -> None:
        super().__init__(problem)
        self.problem, self.line = problem, line


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text and refuses alias bombs."""

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self._sizes: dict[int, int] = {}
        self._expanded = 0

    def compose_node(self, parent, index):  # noqa: D102
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            node = super().compose_node(parent, index)
            self._expanded += self._size(node)
            if self._expanded > MAX_EXPANDED:
                raise YamlError(f"别名（*{event.anchor}）展开后过大，疑似“YAML 炸弹”", event.start_mark.line + 1)
            return node
        return super().compose_node(parent, index)

    def _size(self, node) -> int:
        key = id(node)
        if key not in self._sizes:
            if isinstance(node, yaml.MappingNode):
                self._sizes[key] = 1 + sum(self._size(k) + self._size(v) for k, v in node.value)
            elif isinstance(node, yaml.SequenceNode):
                self._sizes[key] = 1 + sum(self._size(v) for v in node.value)
            else:
                self._sizes[key] = 1
        return self._sizes[key]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def safe_load(text: str) -> Any:
    """Parse YAML text; raise :class:`YamlError` (line, problem) on any YAML problem."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        if "stream end" in str(exc.problem or "") and exc.context_mark is not None:
            mark = exc.context_mark  # an unclosed bracket: point at where it opened
        raise YamlError(str(exc.problem or exc.context or "格式有误"), mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc), None) from None
