"""Split a document into units — paragraphs, sentences or policy items — that know where they sit.

Chinese policy documents number their structure in a fixed order of markers: 第X章 / 第X节 /
第X条, then 一、 > （一） > 1. > （1） > ①, and inside a paragraph 一是 / 二是 …. Every unit keeps
its *heading path*, e.g. ``三、实践路径 > （二）织密治理体系 > 2.``, and its character offsets in
the document, so every later finding can say where in a document it comes from.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any, Literal, NamedTuple

import numpy as np

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


# ---------------------------------------------------------------------------------------------
# sentences and paragraphs of many documents at once, on arrays


class UnitArrays(NamedTuple):
    """The sentence or paragraph units of a list of documents as columns (see :func:`unit_arrays`)."""

    doc: np.ndarray        # int64, position of the unit's document in the list
    index: np.ndarray      # int64, 0-based number of the unit in its document
    paragraph: np.ndarray  # int64, 0-based number of its paragraph (non-empty line) in the document
    start: np.ndarray      # int64, character offsets [start, end) in the document text
    end: np.ndarray
    path: Any              # pyarrow large_string array, heading path
    text: Any              # pyarrow large_string array, the unit's text


@functools.lru_cache(maxsize=1)
def _code_classes() -> tuple[np.ndarray, np.ndarray]:
    """Lookup tables over the Basic Multilingual Plane: the class of each character for
    :func:`unit_arrays` (1 a sentence-end mark, 2 an ellipsis, 3 a closer, 4 whitespace as
    ``str.isspace`` knows it, 5 a line break, 0 anything else) and whether a line that starts with
    the character may be a heading (a superset: :func:`heading_marker` decides)."""
    every = "".join(map(chr, range(1 << 16)))
    classes = np.zeros(1 << 16, dtype=np.uint8)
    classes[[ord(c) for c in re.findall(r"\s", every)]] = 4  # \s: what str.strip() removes
    classes[ord("\n")] = 5
    classes[[ord(c) for c in "。！？!?；;"]] = 1
    classes[ord("…")] = 2
    classes[[ord(c) for c in _CLOSERS]] = 3
    may_head = np.zeros(1 << 16, dtype=bool)
    may_head[[ord(c) for c in "#第（(" + _CN_NUM]] = True
    may_head[ord("①"): ord("⑳") + 1] = True
    may_head[[ord(c) for c in re.findall(r"\d", every)]] = True
    return classes, may_head


def _sentence_ends(classes: np.ndarray) -> np.ndarray:
    """Positions right after each match of ``_SENTENCE_END`` (a run of sentence-end marks or of
    ellipses, with the run of closers right after it), found on the character classes."""
    pos = np.flatnonzero(((classes >= 1) & (classes <= 3)) | (classes == 5))
    return run_ends(pos, classes[pos])


def run_ends(pos: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """Positions right after each match of ``_SENTENCE_END``, from the positions ``pos`` (ascending)
    of the characters that matter and their ``kind``: 1 a sentence-end mark, 2 an ellipsis, 3 a
    closer; any other kind (a line break, the boundary of two texts) only interrupts a run.

    Shared by :func:`unit_arrays` and the tokenizer's sentence marks (``zhili.tokens``).
    """
    k = np.arange(len(pos))
    end_mark = (kind == 1) | (kind == 2)
    member = end_mark.copy()
    closer = np.flatnonzero(kind == 3)
    if len(closer):  # a closer belongs to a match when its run of closers directly follows an end mark
        last = np.maximum.accumulate(np.where(kind != 3, k, -1))[closer]
        at = np.maximum(last, 0)
        member[closer] = (last >= 0) & end_mark[at] & (pos[closer] - pos[at] == closer - last)
    follows = np.zeros(len(pos), dtype=bool)
    follows[:-1] = (pos[1:] == pos[:-1] + 1) & ((kind[1:] == 3) | ((kind[1:] == kind[:-1]) & end_mark[:-1]))
    return pos[member & ~follows] + 1


def _heading_paths(joined: str, line_start: np.ndarray, line_end: np.ndarray, line_doc: np.ndarray,
                   maybe: np.ndarray) -> tuple[list[str], np.ndarray]:
    """The heading path of every non-empty line: ``(paths, path of each line)``, ``paths[0] == ""``.

    Only lines that may open with a marker are read in Python (:func:`heading_marker`, as
    :func:`_paragraphs` reads every line); every other line takes the path of the last heading
    of its document before it.
    """
    paths = [""]
    heads: list[int] = []
    stack: list[tuple[int, str]] = []
    doc = -1
    candidates = np.flatnonzero(maybe)
    for i, a, b, d in zip(candidates.tolist(), line_start[candidates].tolist(), line_end[candidates].tolist(),
                          line_doc[candidates].tolist()):
        line = joined[a:b]
        found = heading_marker(line)
        if not found:
            continue
        if d != doc:
            doc, stack = d, []
        rank, marker = found
        while stack and stack[-1][0] >= rank:
            stack.pop()
        stack.append((rank, _label(line, marker)))
        paths.append(" > ".join([label for _, label in stack]))
        heads.append(i)
    heads_arr = np.array(heads, dtype=np.int64)
    last = np.searchsorted(heads_arr, np.arange(len(line_start)), side="right") - 1
    if not heads:
        return paths, np.zeros(len(line_start), dtype=np.int64)
    same_doc = (last >= 0) & (line_doc[heads_arr[np.maximum(last, 0)]] == line_doc)
    return paths, np.where(same_doc, last + 1, 0)


def unit_arrays(texts: Sequence[str], unit: Literal["sentence", "paragraph"] = "sentence", *,
                memory_pool=None) -> UnitArrays:
    """The units of every text, as :func:`split_units` gives them, in arrays for a whole list of
    documents: a few NumPy passes over the texts' characters instead of Python steps per unit.

    Texts are joined by line breaks (a unit never crosses one) and read as an array of code
    points. Boundaries cut the text into pieces: line breaks, and for sentences the ends of
    sentence-end runs (:func:`_sentence_ends`); a piece holding a non-space character is a unit,
    from its first to its last non-space character. Only lines that may be headings are read
    one by one (:func:`_heading_paths`). The texts of the units are cut out of the UTF-8 bytes
    of the joined text, without a Python string per unit (needs pyarrow). ``memory_pool``: the
    Arrow memory pool of the heading paths (default: Arrow's; the texts' buffers are NumPy's).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    n_texts = len(texts)
    joined = "\n".join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    table, may_head = _code_classes()
    classes = table.take(codes, mode="clip")  # beyond the BMP: the class of U+FFFF, 0
    newlines = np.flatnonzero(classes == 5)
    if unit == "sentence":
        bounds = np.sort(np.concatenate(([0], _sentence_ends(classes), newlines)))
    else:
        bounds = np.concatenate(([0], newlines))
    # each piece [bounds[k], bounds[k + 1]) is a unit when it holds a non-space character
    solid = np.flatnonzero(classes < 4)
    del classes
    at = np.searchsorted(solid, bounds)
    upto = np.append(at[1:], len(solid))
    real = upto > at
    start, end = solid[at[real]], solid[upto[real] - 1] + 1
    del solid, at, upto, real, bounds
    # documents, lines and paragraphs
    n = len(start)
    text_start = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]], dtype=np.int64) if n_texts else np.zeros(0, np.int64)
    doc = np.searchsorted(text_start, start, side="right") - 1
    line = np.searchsorted(newlines, start)  # lines of the joined text, counted from 0
    new_line = np.concatenate(([True], line[1:] != line[:-1])) if n else np.zeros(0, dtype=bool)
    new_doc = np.concatenate(([True], doc[1:] != doc[:-1])) if n else np.zeros(0, dtype=bool)
    first_of_doc = np.maximum.accumulate(np.where(new_doc, np.arange(n), 0)) if n else np.zeros(0, np.int64)
    line_rank = np.cumsum(new_line) - 1
    index = np.arange(n, dtype=np.int64) - first_of_doc
    paragraph = line_rank - line_rank[first_of_doc]
    # heading paths, one per non-empty line
    lines = line[new_line]
    line_begin = np.concatenate(([0], newlines + 1))[lines]
    line_stop = np.append(newlines, len(codes))[lines]
    leading = codes[start[new_line]]
    maybe = (leading > 0xFFFF) | may_head.take(leading, mode="clip")
    del codes
    paths, line_path = _heading_paths(joined, line_begin, line_stop, doc[new_line], maybe)
    path = pc.take(pa.array(paths, type=pa.large_string(), memory_pool=memory_pool), pa.array(line_path[line_rank]),
                   memory_pool=memory_pool)
    # the texts: their UTF-8 bytes cut out of the joined text's
    utf8 = np.frombuffer(joined.encode("utf-8"), dtype=np.uint8)
    char_at = np.flatnonzero((utf8 & 0xC0) != 0x80)  # the byte where each character starts
    b_start = char_at[start]
    b_end = np.where(end < len(char_at), char_at[np.minimum(end, len(char_at) - 1)], len(utf8)) if n else start
    del char_at
    inside = np.zeros(len(utf8) + 1, dtype=np.int8)
    inside[b_start] += 1
    inside[b_end] -= 1
    keep = np.cumsum(inside[:-1], dtype=np.int8).view(bool)
    offsets = np.concatenate(([0], np.cumsum(b_end - b_start)))
    text = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(utf8[keep]))
    local = start - text_start[doc] if n else start
    return UnitArrays(doc, index, paragraph, local, end - start + local, path, text)
