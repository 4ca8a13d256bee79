"""Markdown to the text a reader sees, with markdown-it-py (CommonMark plus tables).

Markup goes, text stays: headings lose their ``#``, emphasis and links their marks (the link text
is kept, the address dropped), images their syntax. HTML blocks and inline tags are removed —
only the text inside them is kept (its own Markdown marks removed as well), and ``<script>``,
``<style>`` and ``<svg>`` are dropped whole — so that ``div`` or ``class`` never reach a frequency
table. Each block (heading, paragraph, list
item, table row, code block) becomes its own line; a line break inside a paragraph stays a line
break, as Chinese documents written in Markdown often rely on it. Ordered list items keep their
number (``1. 听取意见``), which policy items are recognised by; table cells are separated by tabs.
The first level-1 heading is returned as the title.
"""
from __future__ import annotations

import functools
import re

__all__ = ["markdown_to_text"]

_BLANKS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


@functools.lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


def html_fragment_text(html: str) -> str:
    """Text inside an HTML fragment, one line per block; scripts, styles and drawings dropped."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "svg", "noscript", "template", "head", "math"]):
        tag.decompose()
    return _BLANKS.sub("\n", soup.get_text("\n")).strip()


def _inline(token) -> str:
    out: list[str] = []
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            out.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
        elif kind == "html_inline":
            continue  # a tag such as <span class="x">; the text around it is kept
        elif kind == "image":
            continue  # alt text is usually a file name
    return "".join(out)


def markdown_to_text(source: str) -> tuple[str, str]:
    """Return ``(text, title)`` for a Markdown document (title: the first ``#`` heading, or "").

    Examples
    --------
    >>> text, title = markdown_to_text("# 通知\\n\\n<div class=\\"box\\">议事会</div>\\n\\n请**准时**参加：\\n\\n1. 议事内容\\n2. 时间")
    >>> title
    '通知'
    >>> text.split("\\n")
    ['通知', '议事会', '请准时参加：', '1. 议事内容', '2. 时间']
    """
    tokens = _parser().parse(source)
    lines: list[str] = []
    title = ""
    row: list[str] | None = None
    prefix = ""  # the number of the ordered-list item being read
    heading_level = 0
    for tok in tokens:
        kind = tok.type
        if kind == "heading_open":
            heading_level = int(tok.tag[1])
        elif kind == "list_item_open":
            prefix = f"{tok.info}{tok.markup} " if tok.info else ""
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            lines.append("\t".join(row or []))
            row = None
        elif kind == "inline":
            text = _inline(tok)
            if row is not None:
                row.append(text.replace("\n", " ").strip())
                continue
            if heading_level == 1 and not title:
                title = text.strip()
            if prefix:
                text, prefix = prefix + text, ""
            lines.append(text)
        elif kind == "heading_close":
            heading_level = 0
        elif kind in ("fence", "code_block"):
            lines.append(tok.content.rstrip("\n"))
        elif kind == "html_block":
            # the text inside the tags, with its own Markdown marks removed too
            inner = html_fragment_text(tok.content)
            lines.extend(_inline(t) for line in inner.split("\n") for t in _parser().parseInline(line))
    text = "\n".join(line for line in lines if line.strip())
    return text, title
