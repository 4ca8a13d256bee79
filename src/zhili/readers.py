"""Read one file of any supported kind into text (the first step of zhili.corpus).

Each reader returns a :class:`ReadResult` (text, encoding, format-specific metadata) or raises
:class:`~zhili._errors.LoadError` with a Chinese message that names the file, says what is wrong
and what to do, and carries a short ``reason`` code for the load report.

Encodings of plain-text files are settled in this order: a byte-order mark (UTF-8, UTF-16 LE/BE,
UTF-32), strict UTF-8, then charset-normalizer restricted to the Chinese legacy encodings
(GB18030 — a superset of GB2312 and GBK — and Big5). Restricting the candidates matters: on a short
Chinese text the unrestricted detector may answer cp949 (Korean).
"""
from __future__ import annotations

import codecs
import re
import functools
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._errors import LoadError

__all__ = ["SUPPORTED_SUFFIXES", "ReadResult", "decode_bytes", "read_file", "normalize_text"]

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LEGACY_CHINESE = ["gb18030", "big5"]
# Display names for the load report.
_ENCODING_NAMES = {
    "utf-32": "UTF-32 (BOM)",
    "utf-8-sig": "UTF-8 (BOM)",
    "utf-16": "UTF-16 (BOM)",
    "utf_8": "UTF-8",
    "utf-8": "UTF-8",
    "gb18030": "GB18030/GBK/GB2312",
    "big5": "Big5",
}


@dataclass
class ReadResult:
    """Text read from one file and what was learnt while reading it."""

    text: str
    encoding: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def _fail(path: Path, reason: str, problem: str, todo: str) -> LoadError:
    return LoadError(f"文件 {path}：{problem}。{todo}", path=path, reason=reason)


def decode_bytes(data: bytes, *, path: Path | str = "<bytes>") -> tuple[str, str]:
    """Decode the bytes of a Chinese text file; return ``(text, encoding name)``.

    Parameters
    ----------
    data : bytes
        The whole file.
    path : Path or str
        Used only in error messages.

    Returns
    -------
    (str, str)
        The text and a readable name of the encoding found, e.g. ``"UTF-8 (BOM)"``,
        ``"GB18030/GBK/GB2312"`` or ``"Big5"``.

    Raises
    ------
    LoadError
        ``reason="binary"`` when the bytes are not text, ``"undecodable"`` when no supported
        encoding decodes them.

    Examples
    --------
    >>> decode_bytes("共同缔造".encode("gbk"))
    ('共同缔造', 'GB18030/GBK/GB2312')
    >>> decode_bytes("\\ufeff共同缔造".encode("utf-8"))
    ('共同缔造', 'UTF-8 (BOM)')
    """
    path = Path(path)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise _fail(path, "undecodable", f"带有 {_ENCODING_NAMES[codec]} 字节序标记，但内容无法按该编码解码（{exc.reason}）",
                            "请用文本编辑器以 UTF-8 重新保存该文件") from None
            return text.lstrip("\ufeff"), _ENCODING_NAMES[codec]
    if b"\x00" in data:
        raise _fail(path, "binary", "看起来是二进制文件（含空字节），不是文本",
                    "请确认文件类型；Word 文档请保存为 .docx，其他格式请另存为 UTF-8 文本")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_LEGACY_CHINESE).best()
    if best is None:
        raise _fail(path, "undecodable", "无法识别文本编码（已尝试 UTF-8、UTF-16、GB18030/GBK/GB2312、Big5）",
                    "请用文本编辑器打开并另存为 UTF-8 编码后重试")
    text = data.decode(best.encoding)
    if _looks_binary(text):
        raise _fail(path, "binary", "看起来是二进制文件（控制字符过多），不是文本",
                    "请确认文件类型；其他格式请另存为 UTF-8 文本")
    return text, _ENCODING_NAMES.get(best.encoding, best.encoding)


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    control = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    return control / len(text) > 0.05


_FULLWIDTH_KEEP = set("，。、；：？！（）「」『』《》〈〉【】〔〕…—～·“”‘’")


def _normalize_table() -> dict[int, str | None]:
    """One ``str.translate`` table for every per-character rule of :func:`normalize_text`."""
    table: dict[int, str | None] = {}
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII block
        if chr(code) not in _FULLWIDTH_KEEP:
            table[code] = chr(code - 0xFEE0)
    for code in [*range(0, 32), *range(0x7F, 0xA0)]:  # control characters
        if chr(code) not in "\n\t":
            table[code] = " "
    table[ord("\r")] = "\n"
    for ch in "\u2028\u2029":
        table[ord(ch)] = "\n"
    for ch in "\u00a0\u3000\u2002\u2003\u2009":
        table[ord(ch)] = " "
    for ch in "\u200b\u200c\u200d\u2060\ufeff\u00ad":
        table[ord(ch)] = None
    return table


_NORMALIZE_TABLE = _normalize_table()


def normalize_text(text: str, *, to_simplified: bool = False) -> str:
    """Normalise text without damaging Chinese punctuation.

    - Unicode NFC; line breaks become ``\\n``; zero-width characters, soft hyphens and a stray
      byte-order mark are removed; no-break and ideographic spaces and control characters
      (other than tab and line break) become ordinary spaces;
      spaces at line ends are dropped.
    - Full-width Latin letters, digits and ASCII symbols become half-width (``２０２３`` → ``2023``,
      ``ＡＩ`` → ``AI``, ``１．`` → ``1.``), but Chinese punctuation stays full-width:
      ，。、；：？！（）「」『』《》【】…—～·“”‘’ are kept as they are.
    - ``to_simplified=True`` converts traditional characters to simplified ones with OpenCC
      (``t2s``).

    Examples
    --------
    >>> normalize_text("２０２３年，「共同缔造」；ＡＩ赋能…")
    '2023年，「共同缔造」；AI赋能…'
    >>> normalize_text("決策共謀、發展共建", to_simplified=True)
    '决策共谋、发展共建'
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").translate(_NORMALIZE_TABLE)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    if to_simplified:
        text = _opencc_t2s().convert(text)
    return text


@functools.lru_cache(maxsize=1)
def _opencc_t2s():
    import opencc

    return opencc.OpenCC("t2s")


# --------------------------------------------------------------------------- readers by format


def _read_plain(path: Path) -> ReadResult:
    text, encoding = decode_bytes(path.read_bytes(), path=path)
    return ReadResult(text, encoding)


def _read_docx(path: Path) -> ReadResult:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise _fail(path, "corrupt", f"Word 文档已损坏或不是 .docx 格式（{type(exc).__name__}）",
                    "请用 Word 或 WPS 打开后另存为 .docx 再试；旧版 .doc 文件也需先另存为 .docx") from None
    lines: list[str] = []
    body = document.element.body
    # Paragraphs and tables in document order; table cells become tab-separated lines.
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(node.text or "" for node in child.iter() if node.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = []
                    for cell in row.iterchildren():
                        if cell.tag.endswith("}tc"):
                            cells.append("".join(n.text or "" for n in cell.iter() if n.tag.endswith("}t")))
                    lines.append("\t".join(cells))
    props = document.core_properties
    meta = {k: v for k, v in {"title": props.title, "issuer": props.author}.items() if v}
    return ReadResult("\n".join(lines), "docx", meta)


def _read_pdf(path: Path) -> ReadResult:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise _fail(path, "corrupt", "PDF 已加密，无法读取文字", "请先去除密码保护，或另存为未加密的 PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
    except LoadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise _fail(path, "corrupt", f"PDF 文件已损坏或无法解析（{type(exc).__name__}）",
                    "请用 PDF 阅读器打开确认，或重新导出 PDF 后再试") from None
    meta: dict[str, Any] = {"pages": len(pages)}
    info = reader.metadata
    if info is not None and info.title:
        meta["title"] = str(info.title)
    return ReadResult("\n".join(pages), "pdf", meta)


def _read_html(path: Path) -> ReadResult:
    from bs4 import BeautifulSoup

    data = path.read_bytes()
    text, encoding = decode_bytes(data, path=path)
    soup = BeautifulSoup(text, "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    title = soup.title.get_text(strip=True) if soup.title else ""
    if soup.title:
        soup.title.decompose()
    body = re.sub(r"\n[ \t]*(?:\n[ \t]*)+", "\n", soup.get_text("\n"))  # markup leaves runs of blank lines
    meta = {"title": title} if title else {}
    return ReadResult(body, encoding, meta)


_READERS = {
    ".txt": _read_plain,
    ".md": _read_plain,
    ".markdown": _read_plain,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
    ".html": _read_html,
    ".htm": _read_html,
}


def read_file(path: str | Path, *, to_simplified: bool = False) -> ReadResult:
    """Read one document and return its normalised text with encoding and format metadata.

    Parameters
    ----------
    path : str or Path
        A ``.txt``, ``.md``, ``.docx``, ``.pdf`` or ``.html`` file.
    to_simplified : bool, default False
        Convert traditional characters to simplified (OpenCC ``t2s``).

    Raises
    ------
    LoadError
        With ``reason`` one of ``missing``, ``unsupported``, ``empty``, ``binary``,
        ``undecodable``, ``corrupt``; the message (Chinese) names the file and what to do.
    """
    path = Path(path)
    if not path.exists():
        raise _fail(path, "missing", "不存在", "请检查路径拼写，或先确认当前工作目录")
    if not path.is_file():
        raise _fail(path, "unsupported", "不是普通文件", "请给出文件或文件夹的路径")
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        listed = "、".join(SUPPORTED_SUFFIXES)
        raise _fail(path, "unsupported", f"格式 {path.suffix or '（无扩展名）'} 不受支持",
                    f"支持的格式为 {listed}；请另存为其中一种")
    if path.stat().st_size == 0:
        raise _fail(path, "empty", "是空文件（0 字节）", "请确认文件已正确保存，或将其移出语料文件夹")
    result = reader(path)
    result.text = normalize_text(result.text, to_simplified=to_simplified).strip("\n")
    if not result.text.strip():
        hint = "可能是扫描件，请先做文字识别（OCR）" if path.suffix.lower() == ".pdf" else "请确认文件内容，或将其移出语料文件夹"
        raise _fail(path, "empty", "没有可读取的文字", hint)
    return result
