"""Word documents (.docx): the body text in reading order.

The main document part is walked element by element, so nothing a reader sees is lost:

- paragraphs, with ``<w:br/>`` and ``<w:cr/>`` as line breaks and ``<w:tab/>`` as a tab (page
  and column breaks also end a line);
- tables, one line per row with cells separated by tabs (a cell's own paragraphs joined by a
  space; nested tables inside cells are read the same way);
- content controls (``<w:sdt>``, at body, row, cell or run level) — forms and templates put
  whole sections inside them;
- text boxes (``<w:txbxContent>``), each paragraph on a line of its own; of a drawing's two
  renderings (``mc:Choice`` and the legacy ``mc:Fallback``) only the first is read, so the text
  is not doubled;
- tracked changes as accepted: inserted text kept, deleted text (``w:delText``) and moved-from
  text dropped; field codes (``w:instrText``) dropped, their displayed results kept.

Page headers and footers are not part of the body (like a PDF's running headers they repeat the
issuer or a page number on every page) and are not read. Of the document properties only the
title is used; the author field names whoever created the file or its template
("Administrator"), not the issuing body, so it is never taken as the issuer.

Before parsing, the uncompressed size of the XML is checked against ``max_mb``: a small .docx
can hold hundreds of megabytes of XML.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from . import ReadResult, check_size, fail

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
# run-level elements that stand for characters
_CHARS = {f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
# elements whose content is not displayed text
_SKIP = {f"{_W}delText", f"{_W}instrText", f"{_W}moveFrom", f"{_W}del", f"{_W}rPr", f"{_W}pPr", f"{_W}sectPr",
         f"{_W}footnoteReference", f"{_W}endnoteReference", f"{_W}commentReference", f"{_MC}Fallback",
         f"{_W}tblPr", f"{_W}tblGrid", f"{_W}trPr", f"{_W}tcPr", f"{_W}sdtPr", f"{_W}sdtEndPr"}


def _check_package(path: Path, max_mb: float | None) -> None:
    with open(path, "rb") as f:
        head = f.read(4)
    if head == _OLE_MAGIC:
        raise fail(path, "unsupported", "其实是旧版 Word（.doc）文件或设有打开密码的文档，只是扩展名为 .docx",
                   "请用 Word 或 WPS 打开（如有密码先输入密码），另存为 .docx 后再试")
    if not head.startswith(b"PK"):
        raise fail(path, "corrupt", "不是有效的 .docx 文件（不是 Word 的压缩包格式）",
                   "请用 Word 或 WPS 打开确认，另存为 .docx 后再试")
    try:
        with zipfile.ZipFile(path) as z:
            xml_bytes = sum(i.file_size for i in z.infolist() if i.filename.endswith(".xml") or i.filename.endswith(".rels"))
    except zipfile.BadZipFile as exc:
        raise fail(path, "corrupt", f"Word 文档已损坏（{exc}）", "请用 Word 或 WPS 打开后另存为 .docx 再试") from None
    check_size(path, xml_bytes, max_mb, what="解压后的 XML 内容")


def _blocks(parent, out: list[str]) -> None:
    """Append the lines of the block-level content of ``parent`` (body, cell, text box …)."""
    for child in parent:
        tag = child.tag
        if tag == f"{_W}p":
            out.append(_paragraph(child))
        elif tag == f"{_W}tbl":
            for row in _rows(child):
                out.append("\t".join(row))
        elif tag in _SKIP or not isinstance(tag, str):
            continue
        else:  # sdt, sdtContent, customXml, ins, smartTag …: look inside
            _blocks(child, out)


def _rows(table) -> list[list[str]]:
    rows: list[list[str]] = []

    def walk(el) -> None:
        for child in el:
            if child.tag == f"{_W}tr":
                rows.append(_cells(child))
            elif child.tag in _SKIP or not isinstance(child.tag, str):
                continue
            elif child.tag != f"{_W}tbl":  # row-level content controls and the like
                walk(child)

    walk(table)
    return rows


def _cells(row) -> list[str]:
    cells: list[str] = []

    def walk(el) -> None:
        for child in el:
            if child.tag == f"{_W}tc":
                lines: list[str] = []
                _blocks(child, lines)
                cells.append(" ".join(" ".join(line.split()) for line in lines if line.strip()))
            elif child.tag in _SKIP or not isinstance(child.tag, str):
                continue
            else:
                walk(child)

    walk(row)
    return cells


def _paragraph(p) -> str:
    parts: list[str] = []
    boxes: list[str] = []

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag in _CHARS:
                parts.append(_CHARS[tag])
            elif tag == f"{_W}txbxContent":
                _blocks(child, boxes)
            else:
                walk(child)

    walk(p)
    return "\n".join(line for line in ["".join(parts), *boxes] if line.strip())


def read_docx(path: Path, max_mb: float | None) -> ReadResult:
    """Read a .docx file (see the module notes)."""
    _check_package(path, max_mb)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise fail(path, "corrupt", f"Word 文档已损坏或不是 .docx 格式（{type(exc).__name__}）",
                   "请用 Word 或 WPS 打开后另存为 .docx 再试；旧版 .doc 文件也需先另存为 .docx") from None
    lines: list[str] = []
    _blocks(document.element.body, lines)
    lines = [line for line in lines if line.strip()]  # empty paragraphs only make space
    title = (document.core_properties.title or "").strip()
    return ReadResult("\n".join(lines), "docx", {"title": title} if title else {})
