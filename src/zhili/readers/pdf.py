"""PDF: the text of the pages as a reader sees it, with PDFium (pypdfium2).

PDFium (the PDF engine of Chromium) extracts text through the fonts' ToUnicode maps, opens
AES- and RC4-encrypted files, and opens files protected only by an *owner* password (a
permissions password: the file opens without asking) — only a user password, asked for on
opening, stops it.

A PDF stores lines, not paragraphs: a sentence that wraps is cut in two (农/村 at a line end
becomes two tokens, a sentence counted twice by a line-based unit), and every page repeats its
running header, footer and page number. The reader uses the position of each line on the page:

- **Running headers and footers.** Lines in the top or bottom tenth of a page whose wording
  (digits ignored) recurs on at least half of the pages (two pages at least) are removed, and so
  are page numbers there (``3``, ``- 3 -``, ``— 3 —``, ``第 3 页``, ``第3页 共10页``, ``3/10``).
- **Line wraps.** A line is joined to the next when it runs to the right margin of the text
  block (or nearly, without ending a sentence) and the next line is neither indented (Chinese
  paragraphs start with a two-character indent) nor a heading (一、（一）1. 第X条 …). Across a page
  break the same rule joins the last line of a page to the first of the next. Chinese is joined
  without a space, Latin words with one.

The removed lines are counted in the load report's warning, so nothing disappears unseen.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from . import ReadResult, fail

__all__ = ["read_pdf", "rejoin_lines", "Line"]

_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－_·•.]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4})?(?:\s*(?:页\s*)?[，,]?\s*共\s*\d{1,4}\s*页)?[\s\-—–－_·•.]*$"
)
_SENTENCE_END = "。！？!?；;：:…”’」』）)》"
_ZONE = 0.10  # top and bottom share of the page where running headers and footers sit


@dataclass
class Line:
    """One line of a page: its text and where it lies (PDF points; y grows upwards)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int

    @property
    def height(self) -> float:
        return self.top - self.bottom


def _page_lines(textpage, page_no: int) -> list[Line]:
    text = textpage.get_text_range(0, textpage.count_chars())  # explicit range: one character per index
    # PDFium indexes characters in UTF-16 code units; map them from Python string positions
    units: list[int] = []
    pos = 0
    for ch in text:
        units.append(pos)
        pos += 2 if ord(ch) > 0xFFFF else 1
    lines: list[Line] = []
    start = 0
    for m in re.finditer(r"\r\n|\r|\n", text + "\n"):
        end = m.start()
        segment = text[start:end]
        stripped = segment.strip()
        if stripped:
            first = start + (len(segment) - len(segment.lstrip()))
            last = start + len(segment.rstrip()) - 1
            boxes = [textpage.get_charbox(units[i]) for i in (first, last)]
            # leading spaces (an indent typed as spaces) are kept as an indent marker
            x0 = boxes[0][0] if segment[:1] not in " \u3000\t" else boxes[0][0] - 2 * (boxes[0][3] - boxes[0][1])
            lines.append(Line(segment.rstrip(), x0, boxes[1][2], max(b[3] for b in boxes),
                              min(b[1] for b in boxes), page_no))
        start = m.end()
    return lines


def _running_lines(pages: list[list[Line]], heights: list[float]) -> set[tuple[int, int]]:
    """(page, line index) of running headers, footers and page numbers."""
    def in_zone(line: Line, h: float) -> bool:
        return line.bottom >= h * (1 - _ZONE) or line.top <= h * _ZONE

    drop: set[tuple[int, int]] = set()
    counts: dict[str, set[int]] = {}
    for p, (lines, h) in enumerate(zip(pages, heights)):
        for i, line in enumerate(lines):
            if not in_zone(line, h):
                continue
            if _PAGE_NUMBER.match(line.text):
                drop.add((p, i))
                continue
            key = re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))
            counts.setdefault(key, set()).add(p)
    need = max(2, (len(pages) + 1) // 2)
    repeated = {k for k, ps in counts.items() if len(ps) >= need}
    if repeated:
        for p, (lines, h) in enumerate(zip(pages, heights)):
            for i, line in enumerate(lines):
                if in_zone(line, h) and re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text)) in repeated:
                    drop.add((p, i))
    return drop


def rejoin_lines(lines: list[Line]) -> list[str]:
    """Join wrapped lines into paragraphs (see the module notes); return the paragraphs."""
    from ..units import heading_marker

    if not lines:
        return []
    left = min(line.x0 for line in lines)
    char = statistics.median(line.height for line in lines) or 10.0
    # the right edge of the text block: where most full lines end
    ends = sorted(line.x1 for line in lines)
    right = ends[int(0.9 * (len(ends) - 1))]
    out: list[str] = []
    current = ""
    for i, line in enumerate(lines):
        text = line.text.strip()
        if not current:
            current = text
        else:
            prev = current[-1]
            glue = " " if (prev.isascii() and prev.isalnum() and text[:1].isascii() and text[:1].isalnum()) else ""
            current += glue + text
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is None or not _continues(line, nxt, left, right, char, heading_marker):
            out.append(current)
            current = ""
    return out


def _continues(line: Line, nxt: Line, left: float, right: float, char: float, heading_marker) -> bool:
    text = line.text.rstrip()
    full = line.x1 >= right - 1.2 * char
    nearly = line.x1 >= right - 3.5 * char and text[-1:] not in _SENTENCE_END
    if not (full or nearly):
        return False
    if nxt.x0 > left + 0.8 * char:  # indented: a new paragraph
        return False
    if heading_marker(nxt.text) is not None:
        return False
    if nxt.page == line.page and line.bottom - nxt.top > 2.5 * char:  # a blank line between them
        return False
    return True


_JUNK_TITLE = re.compile(r"^(?:Microsoft (?:Word|PowerPoint) - |untitled|无标题)|\.(?:docx?|wps|pptx?|xlsx?|tmp)$", re.I)


def _title(title: str) -> str:
    """The document's title property, unless it is a converter's leftover ("Microsoft Word - 1.doc")."""
    return "" if _JUNK_TITLE.search(title) else title


def read_pdf(path: Path) -> ReadResult:
    """Read a PDF (see the module notes)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise fail(path, "encrypted", "PDF 设有打开密码，无法读取文字",
                       "请用 PDF 阅读器输入密码打开后，另存（或打印）为无密码的 PDF 再试") from None
        raise fail(path, "corrupt", f"PDF 文件已损坏或无法解析（{exc}）",
                   "请用 PDF 阅读器打开确认，或重新导出 PDF 后再试") from None
    try:
        pages: list[list[Line]] = []
        heights: list[float] = []
        for p in range(len(pdf)):
            page = pdf[p]
            textpage = page.get_textpage()
            try:
                pages.append(_page_lines(textpage, p))
                heights.append(page.get_height())
            finally:
                textpage.close()
                page.close()
        title = _title((pdf.get_metadata_dict().get("Title") or "").strip())
    finally:
        pdf.close()
    drop = _running_lines(pages, heights)
    body = [line for p, lines in enumerate(pages) for i, line in enumerate(lines) if (p, i) not in drop]
    paragraphs = rejoin_lines(body)
    meta = {"pages": len(pages)}
    if title:
        meta["title"] = title
    warnings = []
    if drop:
        warnings.append(f"已去掉 {len(drop)} 行页眉、页脚或页码")
    return ReadResult("\n".join(paragraphs), "pdf", meta, warnings)
