"""Web pages: the article a reader sees, without the site around it.

A saved government page carries navigation bars, breadcrumbs (当前位置：首页 > …), share buttons,
"print / close window" links, related-article lists and a footer (版权所有, ICP备, 网站标识码 …).
Counted as text they would put 首页 and 版权所有 among a corpus's top words. The reader therefore

1. decodes the bytes with the charset the page declares (``<meta charset>``) when it decodes
   cleanly, else by detection (:mod:`.text`);
2. removes ``nav``, ``footer`` and ``aside`` elements and elements whose class or id names
   them (nav, menu, breadcrumb, footer, copyright, share …);
3. extracts the main content with trafilatura (paragraphs, headings, lists and tables, in order;
   table cells separated by tabs; ``<br>`` kept as a line break); a page too small for
   trafilatura to judge falls back to all remaining text;
4. drops short lines that are site furniture by their wording (:data:`CHROME`);
5. takes the page's ``<h1>`` as its title and puts it first when the extracted text lacks it;
   without an ``<h1>`` the title is the ``<title>`` (the browser tab's text, not part of the
   page, so not added to the text) without the site name after ``_`` or ``|``.
"""
from __future__ import annotations

import re
from pathlib import Path

from . import ReadResult
from .markdown import html_fragment_text
from .text import ENCODING_NAMES, detect_encoding

__all__ = ["read_html", "CHROME", "strip_chrome"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_CODECS = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
           "big5": "big5", "big5-hkscs": "big5", "utf-8": "utf-8", "utf8": "utf-8"}
#: Lines (up to 80 characters) that are site furniture, not content.
CHROME = re.compile(
    r"^\s*(?:当前位置|您的位置|您现在的位置|您所在的位置|所在位置|位置)\s*[:：]"
    r"|版权所有|ICP\s*备|公网安备|网站标识码|网站地图|联系我们|主办单位\s*[:：]|承办单位\s*[:：]|技术支持\s*[:：]"
    r"|建议使用.{0,20}浏览器|分辨率|打印本页|关闭窗口|【\s*打印|【\s*关闭|字体\s*[:：]?\s*[【\[]?\s*大|字号\s*[:：]"
    r"|分享到|扫一扫|返回顶部|^\s*(?:上一篇|下一篇)\s*[:：]|^\s*(?:相关链接|相关文章|相关阅读|相关新闻)\s*$"
    r"|责任编辑\s*[:：]|浏览次数|阅读次数|访问量|点击数\s*[:：]"
    r"|^\s*(?:首页|返回首页|返回|无障碍|English|繁體|繁体|简体|登录|注册)(?:\s*[|｜/>＞›»·]\s*\S{1,8})*\s*$"
)
_CHROME_NAMES = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|breadcrumbs?|crumbs?|footer|foot|copyright|share|sharebox|"
    r"bdsharebuttonbox|sidebar|toolbar|topbar|related|dqwz)(?:$|[-_\s\d])",
    re.I,
)
_BLANKS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def _decode(path: Path, data: bytes) -> tuple[str, str, str]:
    m = _META_CHARSET.search(data[:4096])
    codec = _CODECS.get(m.group(1).decode("ascii").lower()) if m else None
    if codec:
        try:
            return data.decode(codec), ENCODING_NAMES[codec], ""
        except UnicodeDecodeError:
            pass  # the declaration is wrong: detect instead
    decoded = detect_encoding(data, path=path)
    return decoded.text, decoded.encoding, decoded.note


def strip_chrome(lines: list[str]) -> list[str]:
    """Drop blank lines and short lines that are site furniture (see :data:`CHROME`)."""
    return [line for line in lines if line.strip() and not (len(line) <= 80 and CHROME.search(line))]


def _clean_tree(soup) -> str:
    """Title of the page, after removing scripts and chrome elements from ``soup`` in place."""
    for tag in soup(["script", "style", "noscript", "template", "svg", "nav", "footer", "aside", "iframe", "form"]):
        tag.decompose()
    targets = [tag for tag in soup.find_all(True) if tag.name not in ("html", "body")
               and _CHROME_NAMES.search(" ".join([*(tag.get("class") or []), str(tag.get("id") or "")]))]
    for tag in targets:
        if not tag.decomposed:
            tag.decompose()
    return soup.title.get_text(strip=True) if soup.title else ""


def _xml_lines(xml: str) -> list[str]:
    from lxml import etree

    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    lines: list[str] = []
    if main is None:
        return lines

    def text_of(el) -> str:
        parts = [el.text or ""]
        for child in el:
            parts.append("\n" if child.tag == "lb" else text_of(child))
            parts.append(child.tail or "")
        return "".join(parts)

    for block in main:
        if block.tag == "table":
            for row in block.iter("row"):
                lines.append("\t".join(" ".join(text_of(c).split()) for c in row.iter("cell")))
        elif block.tag == "list":
            lines.extend(text_of(item) for item in block.iter("item"))
        else:
            lines.append(text_of(block))
    return lines


def read_html(path: Path, data: bytes) -> ReadResult:
    """Read a saved web page (see the module notes)."""
    from bs4 import BeautifulSoup

    text, encoding, note = _decode(path, data)
    soup = BeautifulSoup(text, "lxml")
    page_title = _clean_tree(soup)
    h1 = soup.find("h1")
    cleaned = str(soup)

    import trafilatura

    xml = trafilatura.extract(cleaned, output_format="xml", include_tables=True, include_comments=False,
                              include_images=False, include_links=False, include_formatting=False,
                              favor_recall=True, deduplicate=False)
    lines = _xml_lines(xml) if xml else []
    if not any(line.strip() for line in lines):
        lines = html_fragment_text(cleaned).split("\n")
    lines = strip_chrome([line.strip() for line in "\n".join(lines).split("\n")])
    title = h1.get_text(" ", strip=True) if h1 is not None else ""
    if not title and page_title:
        # "关于…的通知_某市人民政府门户网站": the site's name follows a separator
        title = max(re.split(r"\s*[_|｜]\s*|\s+[-—–]+\s+", page_title), key=len) if re.search(r"[_|｜]|\s[-—–]+\s", page_title) else page_title
    if h1 is not None and title and title not in lines[:3]:
        lines.insert(0, title)  # a visible heading that the extractor took for page furniture
    meta = {"title": title} if title else {}
    return ReadResult(_BLANKS.sub("\n", "\n".join(lines)), encoding, meta, [note] if note else [])
