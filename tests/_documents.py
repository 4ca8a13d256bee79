"""Builders of test documents in every format the kit reads (written by the tests, no real text)."""
from __future__ import annotations

import zipfile
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_with_body(path: Path, body_xml: str, *, title: str = "", author: str = "") -> Path:
    """A .docx whose body is ``body_xml`` (WordprocessingML elements, ``w:`` prefix)."""
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    d.core_properties.title = title
    d.core_properties.author = author
    body = d.element.body
    sect = body[-1]  # keep the section properties last
    fragment = parse_xml(
        f'<w:body xmlns:w="{W_NS}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml">' + body_xml + "</w:body>")
    for el in list(fragment):
        sect.addprevious(el)
    d.save(str(path))
    return path


def p(text: str) -> str:
    """One WordprocessingML paragraph with one run."""
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def pdf_pages(path: Path, paragraphs: list[str], *, header: str | None = "某县人民政府办公室", page_numbers: bool = True,
              indent: bool = True, owner_password: str | None = None, user_password: str | None = None) -> Path:
    """A multi-page A4 PDF of justified, wrapping paragraphs (first lines indented by two
    characters, as Chinese official documents are), with a running header and page numbers."""
    from fpdf import FPDF

    from zhili.plot import font_path

    class Doc(FPDF):
        def header(self):
            if header:
                self.set_font("noto", size=9)
                self.cell(0, 8, header, align="C", new_x="LMARGIN", new_y="NEXT")
                self.ln(4)

        def footer(self):
            if page_numbers:
                self.set_y(-15)
                self.set_font("noto", size=9)
                self.cell(0, 10, f"— {self.page_no()} —", align="C")

    pdf = Doc(format="A4")
    pdf.add_font("noto", fname=str(font_path()))
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("noto", size=12)
    for para in paragraphs:
        if indent and not _is_heading(para):
            # a two-character first-line indent, as positioned by a word processor
            pdf.set_x(pdf.l_margin + 24)
            first_width = pdf.epw - 24
            words = _split_first_line(pdf, para, first_width)
            pdf.cell(first_width, 8, words[0], new_x="LMARGIN", new_y="NEXT")
            if words[1]:
                pdf.multi_cell(0, 8, words[1], align="J", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.multi_cell(0, 8, para, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    if owner_password or user_password:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(str(path)))
        writer.encrypt(user_password=user_password or "", owner_password=owner_password or user_password,
                       algorithm="AES-256")
        with open(path, "wb") as f:
            writer.write(f)
    return path


def _is_heading(text: str) -> bool:
    from zhili.units import heading_marker

    return heading_marker(text) is not None


def _split_first_line(pdf, text: str, width: float) -> tuple[str, str]:
    """The characters that fit on the first (indented) line, and the rest."""
    for i in range(1, len(text) + 1):
        if pdf.get_string_width(text[:i]) > width:
            return text[: i - 1], text[i - 1:]
    return text, ""


def docx_bomb(path: Path, megabytes: int) -> Path:
    """A small .docx whose document.xml inflates to ``megabytes`` MB (a padding comment)."""
    import docx

    d = docx.Document()
    d.add_paragraph("正文")
    d.save(str(path))
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"]
    head, tail = xml.split(b"<w:body>", 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            if name != "word/document.xml":
                z.writestr(name, data)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(head + b"<w:body><!--")
            chunk = b" " * (1 << 20)
            for _ in range(megabytes):
                f.write(chunk)
            f.write(b"-->" + tail)
    return path
