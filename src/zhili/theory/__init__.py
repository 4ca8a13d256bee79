"""The theory framework of grassroots governance modernisation (zhili.theory).

``framework.yaml`` encodes the reference paper's three parts — theory (治理理念 / 治理能力 /
治理体系), practice (湖北共同缔造) and paths — as elements with citations, typed relations and
indicator terms. :func:`framework` loads and checks it and returns a :class:`Framework` that gives a
networkx graph, pandas tables, look-ups, the hierarchical coding dictionary and a figure.

>>> import zhili as zl
>>> zl.framework().find("决策共谋").ancestors
('共同缔造', '构建治理共同体', '五共')
"""
from __future__ import annotations

from .model import DEFAULT_PATH, ElementInfo, Framework, Related, framework
from .schema import KINDS, ROOT_KINDS, FrameworkError

__all__ = ["framework", "Framework", "ElementInfo", "Related", "FrameworkError", "KINDS", "ROOT_KINDS",
           "DEFAULT_PATH"]
