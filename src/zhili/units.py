"""Split a document into units — paragraphs, sentences or policy items — that know where they sit.

Chinese policy documents number their structure in a fixed order of markers: 第X章 / 第X节 /
第X条, then 一、 > （一） > 1. > （1） > ①, and inside a paragraph 一是 / 二是 …. Every unit keeps
its *heading path*, e.g. ``三、实践路径 > （二）织密治理体系 > 2.``, and its character offsets in
the document, so every later finding can say where in a document it comes from.
"""
from __future__ import annotations

import re
from typing import Literal, NamedTuple

from ._errors import check_choice

__all__ = ["UNITS", "Unit", "split_units", "unit_texts", "heading_marker"]

UnitKind = Literal["document", "paragraph", "sentence", "item"]
UNITS: tuple[str, ...] = ("document", "paragraph", "sentence", "item")

_CN_NUM = "一二三四五六七八九十百零〇两"
# (rank, pattern) — lower rank = higher in the hierarchy. Markdown headings sit above all.
_HEADING_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (0, re.compile(rf"第[{_CN_NUM}\d]+编")),
    (1, re.compile(rf"第[{_CN_NUM}\d]+章")),
    (2, re.compile(rf"第[{_CN_NUM}\d]+节")),
    (3, re.compile(rf"第[{_CN_NUM}\d]+条")),
    (4, re.compile(rf"[{_CN_NUM}]+、")),
    (5, re.compile(rf"[（(][{_CN_NUM}]+[）)]")),
    (6, re.compile(r"\d{1,2}(?:[.．、](?!\d)|\s)")),
    (7, re.compile(r"[（(]\d{1,2}[）)]")),
    (8, re.compile(r"[①-⑳]")),
]
_MD_HEADING = re.compile(r"(#{1,6})\s+")
# all markers in one pattern: one regex call per line; the group name gives the rank
_ANY_HEADING = re.compile("|".join(f"(?P<r{rank}>{p.pattern})" for rank, p in _HEADING_PATTERNS))
_CLOSERS = "”’」』）)》〉\"'"
# a sentence ends with a run of terminators (or an ellipsis) and any closing quotes or brackets
_TERMINATED = rf"[。！？!?；;]+[{_CLOSERS}]*|…+[{_CLOSERS}]*"
_SENTENCE_END = re.compile(_TERMINATED)
# One sentence per match over a whole text: same pieces as splitting line by line.
_SENTENCE_PIECE = re.compile(rf"\s*((?:{_TERMINATED})|\S[^\n]*?(?:{_TERMINATED}|(?=\n)|\Z))")
_ENUM = re.compile(rf"(?:(?<=^)|(?<=[。；;！？!?：:\s]))([{_CN_NUM[:10]}]是)(?=[，,：:]?\S)")
_LABEL_END = re.compile(r"[。；;：:，,！？!?]")
_LABEL_MAX = 20


class Unit(NamedTuple):
    """One unit of a document: its text, offsets ``[start, end)`` and heading path."""

    index: int
    text: str
    start: int
    end: int
    heading_path: str
    paragraph: int


def heading_marker(line: str) -> tuple[int, str] | None:
    """Return ``(rank, marker)`` if ``line`` opens with a heading marker, else None.

    Examples
    --------
    >>> heading_marker("（二）在纵横共治中织密基层治理体系")
    (5, '（二）')
    >>> heading_marker("2023年，全省开展共同缔造") is None
    True
    """
    stripped = line.lstrip()
    if stripped[:1] == "#":
        md = _MD_HEADING.match(stripped)
        if md:
            return len(md.group(1)) - 7, md.group(0).strip()
    m = _ANY_HEADING.match(stripped)
    if m:
        return int(m.lastgroup[1:]), m.group(0).strip()
    return None


def _label(line: str, marker: str) -> str:
    stripped = line.strip()
    if stripped.startswith("#"):
        stripped = stripped.lstrip("#").strip()
        marker = ""
    after = stripped[len(marker):] if marker else stripped
    sep = " " if marker and after[:1].isspace() else ""  # "1. 到2025年" keeps its space
    rest = after.strip()
    cut = _LABEL_END.search(rest)
    head = rest[: cut.start()] if cut else rest
    if len(head) > _LABEL_MAX:
        head = head[:_LABEL_MAX] + "…"
    return f"{marker}{sep}{head}"


def _paragraphs(text: str):
    """Yield ``(start, end, line, path)`` for every non-empty line, tracking the heading stack."""
    stack: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        lead = len(line) - len(line.lstrip())
        found = heading_marker(line)
        if found:
            rank, marker = found
            while stack and stack[-1][0] >= rank:
                stack.pop()
            stack.append((rank, _label(line, marker)))
        path = " > ".join(label for _, label in stack)
        trimmed = line.strip()
        yield start + lead, start + lead + len(trimmed), trimmed, path, found is not None


def _sentence_columns(text: str) -> tuple[list[str], list[int], list[int], list[str], list[int]]:
    """The sentence units of ``text`` as columns (texts, starts, ends, heading paths, paragraph
    numbers): what :func:`split_units` gives for ``"sentence"``, without a tuple per unit (the unit
    table of a large corpus is built from these)."""
    texts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    paths: list[str] = []
    paragraphs: list[int] = []
    find = _SENTENCE_END.finditer
    for p, (s, _e, line, path, _) in enumerate(_paragraphs(text)):
        n = len(texts)
        pos = 0
        size = len(line)
        for end in [m.end() for m in find(line)] + [size]:  # pieces end where a terminator run ends
            if end <= pos:
                continue
            piece = line[pos:end]
            body = piece.lstrip()
            if body:
                first = s + pos + len(piece) - len(body)
                body = body.rstrip()
                texts.append(body)
                starts.append(first)
                ends.append(first + len(body))
            pos = end
        added = len(texts) - n
        if added:
            paths.extend([path] * added)
            paragraphs.extend([p] * added)
    return texts, starts, ends, paths, paragraphs


def _enumerations(text: str, start: int, path: str):
    """Split an item at 一是 / 二是 … when it lists at least two of them."""
    marks = list(_ENUM.finditer(text))
    if len(marks) < 2 or marks[0].group(1) != "一是":
        return [(start, start + len(text), text, path)]
    pieces = []
    lead = text[: marks[0].start()].strip()
    if lead:
        pieces.append((start, start + len(text[: marks[0].start()].rstrip()), lead, path))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        body = text[m.start() : end].rstrip()
        sub = f"{path} > {m.group(1)}" if path else m.group(1)
        pieces.append((start + m.start(), start + m.start() + len(body), body, sub))
    return pieces


def split_units(text: str, unit: UnitKind = "paragraph") -> list[Unit]:
    """Split ``text`` into units of the given kind.

    Parameters
    ----------
    text : str
        Normalised document text (lines separated by ``\\n``).
    unit : {"document", "paragraph", "sentence", "item"}
        ``paragraph``: each non-empty line. ``sentence``: pieces ending in 。！？；… or a line
        break. ``item``: a numbered heading (一、（一）1.（1）第X条 …) with the paragraphs under it,
        further split at 一是 / 二是 … when a paragraph lists them; text before the first heading is
        an item with an empty path.

    Returns
    -------
    list of Unit
        In document order, with offsets such that ``text[u.start:u.end] == u.text`` for
        paragraphs and sentences.

    Examples
    --------
    >>> doc = "一、总体要求\\n坚持党建引领。推进共同缔造。\\n（一）决策共谋\\n一是入户走访；二是村湾夜话。"
    >>> [(u.text, u.heading_path) for u in split_units(doc, "item")][-2:]
    [('一是入户走访；', '一、总体要求 > （一）决策共谋 > 一是'), ('二是村湾夜话。', '一、总体要求 > （一）决策共谋 > 二是')]
    >>> [u.text for u in split_units(doc, "sentence")][1:3]
    ['坚持党建引领。', '推进共同缔造。']
    """
    check_choice("unit", unit, UNITS)
    if not isinstance(text, str):
        from ._errors import ZhiliError

        raise ZhiliError(f"split_units 需要字符串文本，收到的是 {type(text).__name__}。")
    if unit == "document":
        return [Unit(0, text, 0, len(text), "", 0)] if text.strip() else []
    out: list[Unit] = []
    if unit == "paragraph":
        for p, (s, e, line, path, _) in enumerate(_paragraphs(text)):
            out.append(Unit(p, line, s, e, path, p))
        return out
    if unit == "sentence":
        texts, starts, ends, paths, paragraphs = _sentence_columns(text)
        return [Unit(*row) for row in zip(range(len(texts)), texts, starts, ends, paths, paragraphs)]
    # items: a heading line opens an item; following plain paragraphs join it
    groups: list[list] = []
    for p, (s, e, line, path, is_heading) in enumerate(_paragraphs(text)):
        if is_heading or not groups:
            groups.append([s, e, [line], path, p])
        else:
            groups[-1][1] = e
            groups[-1][2].append(line)
    for s, e, lines, path, p in groups:
        body = text[s:e]
        for ps, pe, piece, subpath in _enumerations(body, s, path):
            out.append(Unit(len(out), piece, ps, pe, subpath, p))
    return out


def unit_texts(text: str, unit: UnitKind = "sentence") -> list[str]:
    """The texts of the units of ``text`` — the same units as :func:`split_units`, faster.

    Sentences and paragraphs are found with one regular-expression pass over the whole text
    (no offsets or heading paths), which is what segmentation needs. Surrounding whitespace of
    a unit may differ from ``split_units``; the number and order of units do not.

    Examples
    --------
    >>> unit_texts("推进共同缔造。坚持四权同下！\\n一是入户走访")
    ['推进共同缔造。', '坚持四权同下！', '一是入户走访']
    """
    if unit == "sentence":
        return _SENTENCE_PIECE.findall(text)
    if unit == "paragraph":
        return [line for line in text.split("\n") if line.strip()]
    return [u.text for u in split_units(text, unit)]
