"""Which files of a folder are documents: the file-selection policy of ``zl.load_corpus``.

A researcher's folder holds more than documents: the operating system's and office programs'
own files, hidden folders, JupyterLab's checkpoint copies, a web page's saved images, formats
the kit cannot read, links. :func:`collect` walks the inputs and gives every path one
:class:`Entry` with a status; nothing is skipped without a row in the load report.

``read``
    a file to read as a document (``.txt .md .markdown .docx .pdf .html .htm``);
``metadata``
    ``metadata.csv`` / ``metadata.yaml`` / ``metadata.yml``: the metadata table, not a document;
``ignored``
    skipped by rule, never an error: system and office files (``.DS_Store``, ``Thumbs.db``,
    ``desktop.ini``, Word and LibreOffice lock files ``~$x.docx`` / ``.~lock.x#``, macOS
    ``._x`` files), hidden files and everything in hidden folders (names starting with ``.``,
    among them ``.ipynb_checkpoints`` — JupyterLab's copies would double every count — and
    ``.git``), ``__pycache__``, ``__MACOSX``, the ``x_files`` folder a browser saves beside
    ``x.html``, and anything matching the caller's ``ignore`` patterns;
``unsupported``
    a format the kit does not read, with a hint on converting it (``.doc``, ``.wps``,
    ``.ofd``, ``.xlsx`` …, see :data:`zhili.readers.CONVERTIBLE`);
``duplicate``, ``link_loop``
    a file already reached by another path (through a symbolic link), a link back into a
    folder being read: read once, under its own path;
``broken_link``, ``outside_link``
    a link whose target does not exist, or lies outside the folders being read (not followed:
    add the target to the paths to read it);
``unreadable``
    a folder or file that cannot be opened (permissions, a disconnected drive).

Symbolic links inside the folders are followed; loops are detected by the real paths.
"""
from __future__ import annotations

import fnmatch
import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .readers import CONVERTIBLE, SUPPORTED_SUFFIXES

__all__ = ["Entry", "collect", "METADATA_NAMES", "JUNK_NAMES", "IGNORED_FOLDERS", "NOT_PROBLEMS"]

METADATA_NAMES = ("metadata.csv", "metadata.yaml", "metadata.yml")
#: File names of system and office files (compared in lower case).
JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "ehthumbs.db", "ehthumbs_vista.db", "desktop.ini", "icon\r",
                        ".localized", ".directory", "folder.jpg"})
#: File-name beginnings of lock and resource files: Word (~$), LibreOffice (.~lock.), macOS (._), WPS (~).
JUNK_PREFIXES = ("~$", ".~lock.", "._", "~wrl")
#: File-name endings of temporary files.
JUNK_SUFFIXES = (".tmp", ".crdownload", ".part", ".swp", ".~tmp")
#: Folder names skipped by rule (besides every folder whose name starts with a dot).
IGNORED_FOLDERS = frozenset({"__pycache__", "__macosx", "$recycle.bin", "system volume information", "node_modules"})
#: Statuses that are not problems (they never make ``errors="raise"`` raise).
NOT_PROBLEMS = frozenset({"ok", "read", "metadata", "ignored", "duplicate", "link_loop"})


@dataclass
class Entry:
    """One path under the inputs: where it is, its path relative to the root, and its status."""

    path: Path
    rel: str
    status: str
    message: str = ""
    real: Path | None = None  # the resolved path (links followed)
    via_link: bool = False


def _junk_reason(name: str) -> str | None:
    low = name.lower()
    if low in JUNK_NAMES:
        return "系统或办公软件自动生成的文件"
    if low.startswith(JUNK_PREFIXES):
        return "Word、WPS 或 LibreOffice 的临时锁定文件（文档打开时生成），或 macOS 的附属文件"
    if low.endswith(JUNK_SUFFIXES):
        return "临时文件"
    if name.startswith("."):
        return "隐藏文件"
    return None


def _folder_reason(name: str, siblings: set[str]) -> str | None:
    low = name.lower()
    if name == ".ipynb_checkpoints":
        return "JupyterLab 自动保存的副本所在的文件夹（读入会使每个计数加倍）"
    if name.startswith("."):
        return f"隐藏文件夹 {name} 中的文件"
    if low in IGNORED_FOLDERS:
        return f"系统文件夹 {name} 中的文件"
    for tail in ("_files", ".files", "_files.files"):
        if name.endswith(tail):
            stem = name[: -len(tail)]
            if any(s in siblings for s in (f"{stem}.html", f"{stem}.htm")):
                return f"浏览器保存网页 {stem}.html 时附带的图片和样式文件夹"
    return None


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


class _Walker:
    def __init__(self, roots: list[Path], base: Path, ignore: Sequence[str]) -> None:
        self.roots = [r.resolve() for r in roots]
        self.base = base
        self.ignore = [p.replace("\\", "/") for p in ignore]
        self.entries: list[Entry] = []

    def rel(self, path: Path) -> str:
        try:
            return _nfc(path.absolute().relative_to(self.base).as_posix())
        except ValueError:
            return _nfc(path.as_posix())

    def inside(self, real: Path) -> bool:
        return any(real == r or real.is_relative_to(r) for r in self.roots)

    def ignored_by_user(self, rel: str) -> bool:
        name = rel.rsplit("/", 1)[-1]
        return any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(name, p) or rel.startswith(p.rstrip("/") + "/")
                   for p in self.ignore)

    def add(self, path: Path, status: str, message: str = "", *, real: Path | None = None, via_link: bool = False) -> None:
        self.entries.append(Entry(path, self.rel(path), status, message, real, via_link))

    def file(self, path: Path, *, real: Path, via_link: bool, why_ignored: str | None) -> None:
        rel = self.rel(path)
        name = path.name
        if why_ignored:
            self.add(path, "ignored", f"已按规则跳过：{why_ignored}", real=real, via_link=via_link)
        elif self.ignored_by_user(rel):
            self.add(path, "ignored", "已按 ignore 参数跳过", real=real, via_link=via_link)
        elif (reason := _junk_reason(name)) is not None:
            self.add(path, "ignored", f"已按规则跳过：{reason}", real=real, via_link=via_link)
        elif name.lower() in METADATA_NAMES:
            self.add(path, "metadata", "元数据表（不作为文档读取）", real=real, via_link=via_link)
        elif path.suffix.lower() in SUPPORTED_SUFFIXES:
            self.add(path, "read", real=real, via_link=via_link)
        else:
            suffix = path.suffix.lower()
            hint = CONVERTIBLE.get(suffix) or f"支持的格式为 {'、'.join(SUPPORTED_SUFFIXES)}；请另存为其中一种，或把它移出语料文件夹"
            what = f"格式为 {path.suffix} 的文件" if path.suffix else "没有扩展名的文件"
            self.add(path, "unsupported", f"文件 {rel}：{what}不能直接读取。{hint}。", real=real, via_link=via_link)

    def walk(self, folder: Path, *, ancestors: tuple[Path, ...], via_link: bool, why_ignored: str | None) -> None:
        try:
            with os.scandir(folder) as it:
                children = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            what = "没有读取权限" if isinstance(exc, PermissionError) else (exc.strerror or type(exc).__name__)
            self.add(folder, "unreadable", f"文件夹 {self.rel(folder)} 无法打开（{what}），其中的文件没有读取。"
                                          "请检查权限或网络盘连接后重试。")
            return
        siblings = {c.name for c in children}
        for child in children:
            path = Path(child.path)
            link = child.is_symlink()
            try:
                real = path.resolve(strict=True)
            except (OSError, RuntimeError):
                if why_ignored:
                    self.add(path, "ignored", f"已按规则跳过：{why_ignored}")
                    continue
                self.add(path, "broken_link", f"链接 {self.rel(path)} 指向的位置不存在（或链接成环），已跳过。"
                                              "请删除这个链接，或恢复它指向的文件。")
                continue
            is_dir = real.is_dir()
            if link and not self.inside(real):
                if why_ignored:
                    self.add(path, "ignored", f"已按规则跳过：{why_ignored}", real=real)
                    continue
                kind = "文件夹" if is_dir else "文件"
                self.add(path, "outside_link", f"链接 {self.rel(path)} 指向语料文件夹以外的{kind} {real}，没有跟随读取。"
                                               f"如需读取，请把 {real} 也加入要读取的路径（load_corpus([文件夹, \"{real}\"])），"
                                               "或把文件复制进语料文件夹。", real=real)
                continue
            if is_dir:
                if real in ancestors:
                    self.add(path, "link_loop", f"链接 {self.rel(path)} 指回它所在的上级文件夹，已跳过（其中的文件照常读取）。",
                             real=real, via_link=True)
                    continue
                reason = why_ignored or _folder_reason(child.name, siblings)
                self.walk(path, ancestors=(*ancestors, real), via_link=via_link or link, why_ignored=reason)
            elif real.is_file():
                self.file(path, real=real, via_link=via_link or link, why_ignored=why_ignored)
            else:
                self.add(path, "unsupported", f"{self.rel(path)} 不是普通文件（设备、管道或套接字），已跳过。", real=real)


def collect(paths: Sequence[Path], *, ignore: Sequence[str] = ()) -> tuple[list[Entry], Path]:
    """Every path under the inputs with its status, and the root that relative paths start from.

    Folders are walked recursively in sorted order; files given directly are taken as they are
    (junk rules still apply). A file reached twice (through a link) is read once, under the
    path that does not go through a link, else the first in sorted order.
    """
    folders = [p for p in paths if p.is_dir()]
    if folders:
        base = Path(os.path.commonpath([str(p.absolute()) for p in folders]))
    else:
        base = Path(os.path.commonpath([str(p.absolute().parent) for p in paths]))
    walker = _Walker(folders or [p.parent for p in paths], base, ignore)
    for p in paths:
        if p.is_dir():
            walker.walk(p, ancestors=(p.resolve(),), via_link=False, why_ignored=None)
        else:
            try:
                real = p.resolve(strict=True)
            except (OSError, RuntimeError):
                walker.add(p, "broken_link", f"链接 {p} 指向的位置不存在，已跳过。请删除这个链接，或恢复它指向的文件。")
                continue
            walker.file(p, real=real, via_link=p.is_symlink(), why_ignored=None)
    entries = walker.entries
    # one real file, one document: prefer the path that does not go through a link
    first: dict[Path, Entry] = {}
    for e in sorted((e for e in entries if e.status in ("read", "metadata") and e.real is not None),
                    key=lambda e: (e.via_link, e.rel)):
        if e.real in first:
            e.status = "duplicate"
            e.message = f"与 {first[e.real].rel} 是同一个文件（经由链接到达），只读取一次。"
        else:
            first[e.real] = e
    return entries, base
