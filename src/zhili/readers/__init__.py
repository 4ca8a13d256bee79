"""Read one file of any supported kind into the text a reader sees (the first step of zhili.corpus).

:func:`read_file` returns a :class:`ReadResult` — text, encoding, format metadata (title, pages,
front matter) and warnings — or raises :class:`~zhili._errors.LoadError` with a Chinese message
that names the file, says what is wrong and what to do, and a short ``reason`` code for the
load report. Whatever goes wrong inside a reader (a damaged file, a library error) becomes such a
LoadError: one bad file never stops the reading of a folder.

One module per format:

- :mod:`.text` — encodings (BOM, UTF-8, GB18030/GBK/GB2312, Big5, UTF-16 without BOM) and
  normalisation;
- :mod:`.markdown` — Markdown to plain text (markup and HTML blocks removed, first ``#`` heading
  as title), with markdown-it-py;
- :mod:`.html` — the main content of a web page without navigation, breadcrumbs and footers,
  with trafilatura;
- :mod:`.docx` — Word documents in reading order: paragraphs, line breaks, tables, content
  controls and text boxes;
- :mod:`.pdf` — PDF text with PDFium (pypdfium2): hard line-wraps rejoined, running headers,
  footers and page numbers removed; AES-encrypted files and files with only an owner password
  read.

Formats the kit does not read (``.doc``, ``.wps``, ``.ofd`` …) are listed in :data:`CONVERTIBLE`
with a hint on how to convert them.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._errors import LoadError
from .text import ENCODING_NAMES, Decoded, decode_bytes, detect_encoding, normalize_text

__all__ = [
    "SUPPORTED_SUFFIXES",
    "CONVERTIBLE",
    "DEFAULT_MAX_MB",
    "ReadResult",
    "Decoded",
    "decode_bytes",
    "detect_encoding",
    "read_file",
    "normalize_text",
    "ENCODING_NAMES",
]

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm")

_LIBREOFFICE = "soffice --headless --convert-to {target} 文件名{suffix}"
_SAVE_AS = "用 {app} 打开后“另存为” {target}，或用 LibreOffice 批量转换：" + _LIBREOFFICE
#: Formats the kit does not read, with how to turn them into one it does (Chinese hints).
CONVERTIBLE: dict[str, str] = {
    ".doc": _SAVE_AS.format(app="Word 或 WPS", target="docx", suffix=".doc"),
    ".wps": _SAVE_AS.format(app="WPS", target="docx", suffix=".wps"),
    ".rtf": _SAVE_AS.format(app="Word 或 WPS", target="docx", suffix=".rtf"),
    ".odt": _SAVE_AS.format(app="LibreOffice 或 WPS", target="docx", suffix=".odt"),
    ".wpt": _SAVE_AS.format(app="WPS", target="docx", suffix=".wpt"),
    ".dot": _SAVE_AS.format(app="Word", target="docx", suffix=".dot"),
    ".dotx": _SAVE_AS.format(app="Word", target="docx", suffix=".dotx"),
    ".docm": _SAVE_AS.format(app="Word", target="docx", suffix=".docm"),
    ".ofd": "OFD 版式文件请用数科 OFD 阅读器或 WPS 打开后导出为 PDF（或另存为 .docx）",
    ".ceb": "CEB 文件请用方正 Apabi Reader 打开后导出为 PDF",
    ".caj": "CAJ 文件请用 CAJViewer 打开后另存为 PDF",
    ".xlsx": "表格文件不作为文档读取：若是元数据，请另存为 metadata.csv；若是正文，请把文字复制到 .txt 或 .docx",
    ".xls": "表格文件不作为文档读取：若是元数据，请另存为 metadata.csv；若是正文，请把文字复制到 .txt 或 .docx",
    ".et": "WPS 表格文件不作为文档读取：若是元数据，请另存为 metadata.csv",
    ".csv": "CSV 文件不作为文档读取：元数据表请命名为 metadata.csv；若每行是一篇文本，请用 pandas 读入后 zl.Corpus.from_texts(...)",
    ".pptx": _SAVE_AS.format(app="PowerPoint 或 WPS", target="pdf", suffix=".pptx"),
    ".ppt": _SAVE_AS.format(app="PowerPoint 或 WPS", target="pdf", suffix=".ppt"),
    ".dps": _SAVE_AS.format(app="WPS", target="pdf", suffix=".dps"),
    ".epub": "电子书请用 Calibre 等工具转换为 .txt 或 .docx",
    ".mhtml": "请用浏览器打开后“另存为”网页（.html）",
    ".mht": "请用浏览器打开后“另存为”网页（.html）",
    ".jpg": "图片中的文字需要先做文字识别（OCR），得到文字后另存为 .txt 或 .docx",
    ".jpeg": "图片中的文字需要先做文字识别（OCR），得到文字后另存为 .txt 或 .docx",
    ".png": "图片中的文字需要先做文字识别（OCR），得到文字后另存为 .txt 或 .docx",
    ".tif": "图片中的文字需要先做文字识别（OCR），得到文字后另存为 .txt 或 .docx",
    ".tiff": "图片中的文字需要先做文字识别（OCR），得到文字后另存为 .txt 或 .docx",
    ".bmp": "图片中的文字需要先做文字识别（OCR），得到文字后另存为 .txt 或 .docx",
    ".zip": "压缩包请先解压到语料文件夹中",
    ".rar": "压缩包请先解压到语料文件夹中",
    ".7z": "压缩包请先解压到语料文件夹中",
}

#: Default limit (MB) on the data parsed for one file: the file itself, or for .docx the
#: uncompressed XML. Larger files are refused with a message; ``max_mb=None`` lifts the limit.
DEFAULT_MAX_MB = 100


@dataclass
class ReadResult:
    """Text read from one file and what was learnt while reading it.

    ``meta`` may hold ``title``, ``pages`` and ``front_matter`` (a dict of YAML fields);
    ``warnings`` are Chinese notes for the load report (an uncertain encoding, removed page
    headers …).
    """

    text: str
    encoding: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def fail(path: Path, reason: str, problem: str, todo: str) -> LoadError:
    """A :class:`LoadError` worded the same way for every reader."""
    return LoadError(f"文件 {path}：{problem}。{todo}", path=path, reason=reason)


@functools.lru_cache(maxsize=2)
def opencc_converter(config: str):
    """One OpenCC converter per configuration (``t2s``, ``s2t``), made on first use."""
    import opencc

    return opencc.OpenCC(config)


def check_size(path: Path, size: int, max_mb: float | None, what: str = "文件") -> None:
    """Refuse more than ``max_mb`` megabytes of data with a message naming the override."""
    if max_mb is not None and size > max_mb * 1024 * 1024:
        raise fail(path, "too_large", f"{what}有 {size / 1024 / 1024:.0f} MB，超过了 {max_mb:g} MB 的上限",
                   f"这通常不是一份政策文本；确需读取时请传入 max_mb=None（或更大的数，如 max_mb={int(size / 1024 / 1024) + 1}）")


def _read_plain(path: Path, data: bytes, max_mb: float | None) -> ReadResult:
    decoded = detect_encoding(data, path=path)
    return ReadResult(decoded.text, decoded.encoding, warnings=[decoded.note] if decoded.note else [])


def _read_markdown(path: Path, data: bytes, max_mb: float | None) -> ReadResult:
    from .markdown import markdown_to_text

    decoded = detect_encoding(data, path=path)
    front, body = split_front_matter(normalize_text(decoded.text), path)
    text, title = markdown_to_text(body)
    meta: dict[str, Any] = {"front_matter": front}
    if title:
        meta["title"] = title
    return ReadResult(text, decoded.encoding, meta, [decoded.note] if decoded.note else [])


def _read_html(path: Path, data: bytes, max_mb: float | None) -> ReadResult:
    from .html import read_html

    return read_html(path, data)


def _read_docx(path: Path, data: bytes, max_mb: float | None) -> ReadResult:
    from .docx import read_docx

    return read_docx(path, max_mb)


def _read_pdf(path: Path, data: bytes, max_mb: float | None) -> ReadResult:
    from .pdf import read_pdf

    return read_pdf(path)


_READERS = {
    ".txt": _read_plain,
    ".md": _read_markdown,
    ".markdown": _read_markdown,
    ".html": _read_html,
    ".htm": _read_html,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
}
# readers that parse the file themselves (their bytes are not read up front)
_BY_PATH = {".docx", ".pdf"}


def read_file(path: str | Path, *, to_simplified: bool = False, max_mb: float | None = DEFAULT_MAX_MB) -> ReadResult:
    """Read one document and return its normalised text with encoding, metadata and warnings.

    Parameters
    ----------
    path : str or Path
        A ``.txt``, ``.md``, ``.docx``, ``.pdf`` or ``.html`` file.
    to_simplified : bool, default False
        Convert traditional characters to simplified (OpenCC ``t2s``).
    max_mb : float or None, default 100
        Refuse files whose data to parse exceeds this many megabytes (for ``.docx`` the
        uncompressed XML, which a small file can hide in large amounts); ``None`` for no limit.

    Returns
    -------
    ReadResult
        YAML front matter of ``.txt`` and ``.md`` files is removed from the text and returned
        in ``meta["front_matter"]``.

    Raises
    ------
    LoadError
        With ``reason`` one of ``missing``, ``unsupported``, ``empty``, ``binary``,
        ``undecodable``, ``corrupt``, ``encrypted``, ``too_large``, ``unreadable``,
        ``bad_metadata``; the message (Chinese) names the file and what to do.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "通知.md"
    >>> _ = p.write_text("---\\nlevel: 村社区\\n---\\n# 关于议事会的通知\\n\\n请**准时**参加。", encoding="utf-8")
    >>> r = read_file(p)
    >>> r.text, r.meta["title"], r.meta["front_matter"]
    ('关于议事会的通知\\n请准时参加。', '关于议事会的通知', {'level': '村社区'})
    """
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if not path.exists():
            raise fail(path, "missing", "不存在", "请检查路径拼写，或先确认当前工作目录")
        if not path.is_file():
            raise fail(path, "unsupported", "不是普通文件", "请给出文件或文件夹的路径")
        reader = _READERS.get(suffix)
        if reader is None:
            hint = CONVERTIBLE.get(suffix) or f"支持的格式为 {'、'.join(SUPPORTED_SUFFIXES)}；请另存为其中一种"
            raise fail(path, "unsupported", f"格式 {path.suffix or '（无扩展名）'} 不受支持", hint)
        size = path.stat().st_size
        if size == 0:
            raise fail(path, "empty", "是空文件（0 字节）", "请确认文件已正确保存，或将其移出语料文件夹")
        if suffix not in (".docx",):
            check_size(path, size, max_mb)
        data = b"" if suffix in _BY_PATH else path.read_bytes()
        result = reader(path, data, max_mb)
        if suffix == ".txt":
            front, body = split_front_matter(normalize_text(result.text), path)
            result.text = body
            result.meta["front_matter"] = front
    except LoadError:
        raise
    except PermissionError:
        raise fail(path, "unreadable", "没有读取权限", "请检查文件权限（或先关闭正在占用它的程序）后重试") from None
    except MemoryError:
        raise fail(path, "too_large", "太大，内存不足以读取", "请拆分文件，或在内存更大的机器上读取") from None
    except OSError as exc:
        raise fail(path, "unreadable", f"读取时出错（{exc.strerror or type(exc).__name__}）",
                   "请确认文件没有被移动、正在同步或位于断开的网络盘上，然后重试") from None
    except Exception as exc:  # noqa: BLE001 - a damaged file must never stop a whole folder
        detail = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else ""
        raise fail(path, "corrupt", f"文件已损坏或无法解析（{type(exc).__name__}{'：' + detail if detail else ''}）",
                   "请用对应的软件打开确认，另存一份后再试") from None
    result.text = normalize_text(result.text, to_simplified=to_simplified).strip("\n")
    if not result.text.strip():
        hint = "可能是扫描件，请先做文字识别（OCR）" if suffix == ".pdf" else "请确认文件内容，或将其移出语料文件夹"
        raise fail(path, "empty", "没有可读取的文字", hint)
    if to_simplified and result.meta.get("title"):
        result.meta["title"] = opencc_converter("t2s").convert(result.meta["title"])
    return result


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    """Split YAML front matter (between two ``---`` lines at the top) from the text.

    Dates stay text (``2023-02-30`` is checked later, not turned into a crash); aliases are
    bounded. A malformed block raises :class:`LoadError` with ``reason="bad_metadata"``.
    """
    from .frontmatter import split

    return split(text, path)
