"""What a report is made of, as plain data: tables, figures, sections and the study.

The study (:mod:`zhili.reporting.study`) computes these objects; the writers
(:mod:`zhili.reporting.render`) turn the same objects into an HTML page, an Excel workbook or a
folder of CSV and PNG files, so every output shows the same numbers.
"""
from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["Table", "Figure", "Section", "Study", "Block"]


@dataclass
class Table:
    """A table of the report.

    ``name`` is the ASCII file name in ``--csv-dir`` (unique within a report); ``title`` the
    Chinese caption and the Excel sheet name (``sheet`` overrides it); ``data`` the whole table,
    written in full to Excel and CSV; the HTML page shows its first ``shown_rows`` rows (all when
    ``None``) of ``columns`` (all when ``None``). ``kind`` selects a layout: ``"plain"`` or
    ``"kwic"`` (left context right-aligned, the keyword highlighted). ``labels`` gives Chinese
    column labels for this table beyond the kit's own (:data:`zhili.tables.COLUMN_LABELS`).
    """

    name: str
    title: str
    data: pd.DataFrame
    shown_rows: int | None = 30
    columns: list[str] | None = None
    note: str = ""
    kind: str = "plain"
    sheet: str | None = None
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def truncated(self) -> bool:
        return self.shown_rows is not None and len(self.data) > self.shown_rows


@dataclass
class Figure:
    """A figure of the report, already rendered as PNG bytes (with the kit's bundled font)."""

    name: str
    title: str
    png: bytes
    alt: str = ""
    note: str = ""

    @property
    def size(self) -> tuple[int, int]:
        """Width and height in pixels (from the PNG header)."""
        return struct.unpack(">II", self.png[16:24])

    def savefig(self, path: str | Path, **_: Any) -> None:
        """Write the PNG as it is: lets :func:`zhili.save_results` save the very bytes the HTML shows."""
        Path(path).write_bytes(self.png)


Block = Table | Figure


@dataclass
class Section:
    """One section of the report.

    ``key`` is the HTML anchor (``sec-<key>``) and the registry name; ``how_to_read`` holds
    short Chinese paragraphs on what the numbers mean and their limits; ``summary`` the main
    findings in a sentence each; ``notes`` what the reader must know (warnings raised while
    computing, why a part was skipped); ``blocks`` the tables and figures in order.
    """

    key: str
    title: str
    how_to_read: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    skipped: bool = False

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]


@dataclass
class Study:
    """A computed report: its sections and everything needed to write it.

    Attributes
    ----------
    title : str
    source : str
        The folder (or file) the documents were read from.
    sections : list of Section
        In report order; the first is the load report, the last the provenance.
    provenance : zhili.Provenance
    corpus, tokens
        What the analyses ran on.
    networks : dict
        Graphs to export as GEXF (``--csv-dir``).
    facts : dict
        Headline figures (documents, characters, files not read …) for the cover.
    outputs : dict
        Paths written by :func:`zhili.report` (``html``, ``xlsx``, ``csv_dir``).
    """

    title: str
    source: str
    sections: list[Section]
    provenance: Any
    corpus: Any = None
    tokens: Any = None
    networks: dict[str, Any] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Path] = field(default_factory=dict)

    def tables(self) -> Iterator[tuple[Section, Table]]:
        for s in self.sections:
            for t in s.tables():
                yield s, t

    def figures(self) -> Iterator[tuple[Section, Figure]]:
        for s in self.sections:
            for f in s.figures():
                yield s, f

    def section(self, key: str) -> Section:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    def __repr__(self) -> str:
        n_t = sum(1 for _ in self.tables())
        n_f = sum(1 for _ in self.figures())
        return f"<报告 {self.title!r}：{len(self.sections)} 节，{n_t} 张表，{n_f} 张图>"
