"""Documents and their metadata: the first object of the zhili flow (zhili.corpus).

``load_corpus`` reads a file, a list of files, or a folder (recursively) of ``.txt .md .docx .pdf
.html`` in any common Chinese encoding, joins metadata from a ``metadata.csv`` / ``metadata.yaml``
beside the files or from YAML front matter, and returns a :class:`Corpus`. Every input file is
accounted for in ``Corpus.report``; nothing is skipped silently.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from ._errors import LoadError, ZhiliError, check_choice
from .readers import SUPPORTED_SUFFIXES, decode_bytes, normalize_text, read_file
from .units import UNITS, split_units

__all__ = [
    "DOCVARS",
    "LEVELS",
    "Corpus",
    "Document",
    "load_corpus",
    "read_text",
    "split_units",
    "normalize_text",
]

#: Standard document variables; missing ones are empty strings, other columns are kept.
DOCVARS: tuple[str, ...] = ("title", "issuer", "level", "date", "region", "genre", "source")
#: Administrative levels of an issuing body.
LEVELS: tuple[str, ...] = ("中央", "省", "市", "县", "乡镇", "村社区")
_LEVEL_ALIASES = {
    "国家": "中央", "中央级": "中央", "国家级": "中央", "省级": "省", "自治区": "省", "直辖市": "省",
    "市级": "市", "地级": "市", "州": "市", "县级": "县", "区": "县", "县区": "县", "区县": "县",
    "乡": "乡镇", "镇": "乡镇", "街道": "乡镇", "乡镇街道": "乡镇", "村": "村社区", "社区": "村社区",
    "村级": "村社区", "村（社区）": "村社区",
}
_METADATA_NAMES = ("metadata.csv", "metadata.yaml", "metadata.yml")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.S)

REPORT_COLUMNS = ["file", "doc_id", "status", "encoding", "chars", "message"]


@dataclass
class Document:
    """One document: an id, its text and its document variables (docvars)."""

    doc_id: str
    text: str
    docvars: dict[str, Any] = field(default_factory=dict)
    path: str | None = None

    def __len__(self) -> int:
        return len(self.text)


class Corpus:
    """A collection of documents with their metadata.

    The text of a document is never modified after reading; derived objects (units, tokens)
    point back to documents by ``doc_id``.

    Attributes
    ----------
    docs : pandas.DataFrame
        One row per document: ``doc_id``, ``text``, ``n_chars``, the standard docvars
        (title, issuer, level, date, region, genre, source), then any other metadata columns,
        then ``file`` and ``encoding``.
    report : pandas.DataFrame
        The load report: one row per input file with ``file``, ``doc_id``, ``status``
        (``ok`` or the problem), ``encoding``, ``chars`` read and a Chinese ``message``.

    Examples
    --------
    >>> c = Corpus.from_texts(["坚持共同缔造。推进基层治理。", "决策共谋、发展共建。"], docvars={"year": [2022, 2023]})
    >>> len(c), c.docs["year"].tolist()
    (2, [2022, 2023])
    >>> c.units("sentence")[["doc_id", "text"]].values.tolist()
    [['doc1', '坚持共同缔造。'], ['doc1', '推进基层治理。'], ['doc2', '决策共谋、发展共建。']]
    """

    def __init__(self, documents: Sequence[Document], report: pd.DataFrame | None = None) -> None:
        ids = [d.doc_id for d in documents]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ZhiliError(f"文档编号重复：{'、'.join(dupes)}。每篇文档的 doc_id 必须唯一。")
        self._documents = list(documents)
        self.report = report if report is not None else pd.DataFrame(columns=REPORT_COLUMNS)
        self._units: dict[str, pd.DataFrame] = {}

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_texts(cls, texts: Iterable[str] | Mapping[str, str], *, docvars: Mapping[str, Sequence] | pd.DataFrame | None = None,
                   normalize: bool = True) -> Corpus:
        """Build a corpus from strings (a list, or a mapping ``doc_id -> text``).

        Ids default to ``doc1``, ``doc2`` …. ``docvars`` gives one value per text for each column.
        """
        if isinstance(texts, str):
            texts = [texts]
        items = list(texts.items()) if isinstance(texts, Mapping) else [(f"doc{i + 1}", t) for i, t in enumerate(texts)]
        for doc_id, text in items:
            if not isinstance(text, str):
                raise ZhiliError(f"文档 {doc_id} 的文本应为字符串，收到的是 {type(text).__name__}。")
        table = pd.DataFrame(docvars) if docvars is not None else pd.DataFrame(index=range(len(items)))
        if len(table) != len(items):
            raise ZhiliError(f"docvars 有 {len(table)} 行，但文本有 {len(items)} 篇：两者应一一对应。")
        docs = []
        for (doc_id, text), (_, row) in zip(items, table.reset_index(drop=True).iterrows()):
            vars_ = {k: "" for k in DOCVARS} | {k: _plain(v) for k, v in row.items()}
            docs.append(Document(str(doc_id), normalize_text(text) if normalize else text, vars_))
        report = pd.DataFrame(
            [{"file": "", "doc_id": d.doc_id, "status": "ok", "encoding": "str", "chars": len(d.text), "message": ""} for d in docs],
            columns=REPORT_COLUMNS,
        )
        return cls(docs, report)

    # ------------------------------------------------------------------ container protocol
    def __len__(self) -> int:
        return len(self._documents)

    def __iter__(self) -> Iterator[Document]:
        return iter(self._documents)

    def __getitem__(self, key: int | str) -> Document:
        if isinstance(key, str):
            for d in self._documents:
                if d.doc_id == key:
                    return d
            raise KeyError(f"语料中没有编号为 {key!r} 的文档。")
        return self._documents[key]

    def __repr__(self) -> str:
        chars = sum(len(d.text) for d in self._documents)
        return f"<Corpus：{len(self)} 篇文档，共 {chars} 字>"

    @property
    def doc_ids(self) -> list[str]:
        return [d.doc_id for d in self._documents]

    @property
    def texts(self) -> list[str]:
        return [d.text for d in self._documents]

    # ------------------------------------------------------------------ tables
    @property
    def docs(self) -> pd.DataFrame:
        rows = []
        for d in self._documents:
            rows.append({"doc_id": d.doc_id, "text": d.text, "n_chars": len(d.text), **d.docvars})
        table = pd.DataFrame(rows)
        if table.empty:
            return pd.DataFrame(columns=["doc_id", "text", "n_chars", *DOCVARS])
        lead = ["doc_id", "text", "n_chars", *DOCVARS]
        tail = [c for c in ("file", "encoding") if c in table.columns]
        other = [c for c in table.columns if c not in lead and c not in tail]
        for c in lead:
            if c not in table.columns:
                table[c] = ""
        return table[lead + other + tail]

    @property
    def docvars(self) -> pd.DataFrame:
        """The docs table without the text, indexed by ``doc_id``."""
        return self.docs.drop(columns=["text"]).set_index("doc_id")

    def units(self, unit: Literal["document", "paragraph", "sentence", "item"] = "paragraph") -> pd.DataFrame:
        """Split every document into units; one row per unit.

        Columns: ``doc_id``, ``unit_id`` (``"<doc_id>#<kind>-<n>"``), ``index`` (0-based within
        the document), ``paragraph``, ``heading_path``, ``start``, ``end`` (character offsets in
        the document text) and ``text``.
        """
        check_choice("unit", unit, UNITS)
        if unit not in self._units:
            rows = []
            for d in self._documents:
                for u in split_units(d.text, unit):
                    rows.append((d.doc_id, f"{d.doc_id}#{unit[0]}{u.index + 1}", u.index, u.paragraph, u.heading_path,
                                 u.start, u.end, u.text))
            self._units[unit] = pd.DataFrame(
                rows, columns=["doc_id", "unit_id", "index", "paragraph", "heading_path", "start", "end", "text"]
            )
        return self._units[unit].copy()

    def subset(self, mask: Sequence[bool] | pd.Series) -> Corpus:
        """A new corpus with the documents where ``mask`` is true (e.g. ``c.docs.level == "省"``)."""
        mask = list(mask)
        if len(mask) != len(self):
            raise ZhiliError(f"筛选条件有 {len(mask)} 个值，但语料有 {len(self)} 篇文档。")
        keep = [d for d, m in zip(self._documents, mask) if m]
        ids = {d.doc_id for d in keep}
        return Corpus(keep, self.report[self.report["doc_id"].isin(ids)].reset_index(drop=True))

    def digest(self) -> str:
        """SHA-256 over ids, texts and docvars (not file paths or encodings): equal digests mean the
        same corpus, however the files were saved."""
        h = hashlib.sha256()
        for d in self._documents:
            h.update(d.doc_id.encode())
            h.update(b"\0")
            h.update(d.text.encode())
            h.update(b"\0")
            # where a file lies and how it was encoded do not change what the corpus is
            h.update(repr(sorted((k, str(v)) for k, v in d.docvars.items() if k not in ("file", "encoding"))).encode())
        return h.hexdigest()


# ====================================================================== loading


def read_text(path: str | Path, *, to_simplified: bool = False) -> str:
    """Read one document (any supported format and encoding) and return its normalised text.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_bytes("推进共同缔造".encode("gb18030"))
    >>> read_text(p)
    '推进共同缔造'
    """
    return _split_front_matter(read_file(path, to_simplified=to_simplified).text, Path(path))[1]


def load_corpus(
    paths: str | Path | Sequence[str | Path],
    metadata: str | Path | pd.DataFrame | None = None,
    *,
    errors: Literal["raise", "report"] = "raise",
    to_simplified: bool = False,
) -> Corpus:
    """Read documents and their metadata into a :class:`Corpus`.

    Parameters
    ----------
    paths : path, or list of paths
        A file, a folder (read recursively, in sorted order) or a list of files and folders.
        Supported: ``.txt .md .docx .pdf .html``; text in UTF-8 (with or without BOM), UTF-16
        with BOM, GB18030/GBK/GB2312 or Big5 — detected per file and shown in the report.
    metadata : path or DataFrame, optional
        A CSV or YAML table with a ``file`` column (file name or path relative to the folder)
        and any of title, issuer, level (中央/省/市/县/乡镇/村社区), date, region, genre, source,
        plus any other columns (kept). When omitted, a ``metadata.csv`` / ``metadata.yaml``
        in the folder is used if present. YAML front matter at the top of a ``.md`` or
        ``.txt`` file also gives docvars; the metadata table wins where both give a field.
    errors : {"raise", "report"}
        ``raise`` (default): any problem raises :class:`~zhili.LoadError` listing the problem
        files. ``report``: load what can be read; every input file appears in ``Corpus.report``
        with its status.
    to_simplified : bool
        Convert traditional characters to simplified (OpenCC).

    Returns
    -------
    Corpus

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("一、总体要求\\n推进共同缔造。", encoding="utf-8")
    >>> _ = (folder / "b.txt").write_bytes("決策共謀".encode("big5"))
    >>> c = load_corpus(folder, to_simplified=True)
    >>> c.report[["file", "status", "encoding", "chars"]].values.tolist()
    [['a.txt', 'ok', 'UTF-8', 14], ['b.txt', 'ok', 'Big5', 4]]
    >>> c["b.txt"].text
    '决策共谋'
    """
    check_choice("errors", errors, ("raise", "report"))
    files, meta_files, root = _collect(paths)
    problems: list[str] = []
    rows: list[dict[str, Any]] = []
    documents: list[Document] = []

    meta_table, meta_source = _metadata_table(metadata, meta_files, root, rows)
    meta_rows = {} if meta_table is None else _index_metadata(meta_table, meta_source)
    used_meta: set[str] = set()

    for path in files:
        rel = _relative(path, root)
        row = {"file": rel, "doc_id": "", "status": "ok", "encoding": "", "chars": 0, "message": ""}
        try:
            result = read_file(path, to_simplified=to_simplified)
            front, text = _split_front_matter(result.text, path)
        except LoadError as exc:
            row.update(status=exc.reason, message=str(exc))
            rows.append(row)
            problems.append(str(exc))
            continue
        docvars: dict[str, Any] = {k: "" for k in DOCVARS}
        docvars.update({k: v for k, v in result.meta.items() if k in ("title", "issuer") and v})
        docvars.update(front)
        if meta_table is not None:
            key = _match_metadata(rel, path, meta_rows)
            if key is None:
                msg = (f"文件 {rel} 在元数据表 {meta_source} 中没有对应的行。"
                       f"请在表中为它补一行（file 列填 {rel}），或把它移出语料文件夹。")
                row.update(status="no_metadata", message=msg)
                problems.append(msg)
            else:
                used_meta.add(key)
                docvars.update({k: v for k, v in meta_rows[key].items() if k != "file" and not _is_blank(v)})
        try:
            docvars = _clean_docvars(docvars, rel)
        except ZhiliError as exc:
            row.update(status="bad_metadata", message=str(exc))
            rows.append(row)
            problems.append(str(exc))
            continue
        docvars["file"] = rel
        docvars["encoding"] = result.encoding or ""
        documents.append(Document(rel, text, docvars, str(path)))
        row.update(doc_id=rel, encoding=result.encoding or "", chars=len(text))
        rows.append(row)

    if meta_table is not None:
        for key in sorted(set(meta_rows) - used_meta):
            msg = (f"元数据表 {meta_source} 中的行 file={key} 找不到对应的文件。"
                   "请检查文件名拼写（含扩展名），或删除这一行。")
            rows.append({"file": key, "doc_id": "", "status": "orphan_metadata", "encoding": "", "chars": 0, "message": msg})
            problems.append(msg)

    report = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    if problems and errors == "raise":
        shown = "\n".join(f"  - {p}" for p in problems[:10])
        more = f"\n  … 另有 {len(problems) - 10} 个问题" if len(problems) > 10 else ""
        raise LoadError(
            f"读取语料时发现 {len(problems)} 个问题：\n{shown}{more}\n"
            "可逐一修正后重试；或使用 errors=\"report\" 先读入能读的文件，再查看 corpus.report。",
            path=None, reason="several" if len(problems) > 1 else "error",
        )
    if not documents and errors == "raise":
        raise LoadError(f"在 {paths} 中没有找到可读取的文档（支持 {'、'.join(SUPPORTED_SUFFIXES)}）。", reason="empty")
    return Corpus(documents, report)


# ---------------------------------------------------------------------- helpers


def _collect(paths) -> tuple[list[Path], list[Path], Path]:
    """Expand inputs into files (sorted), metadata files and a common root; missing paths raise."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if not isinstance(paths, Sequence) or not paths:
        raise ZhiliError("load_corpus 需要一个文件、一个文件夹或它们的列表。")
    files: list[Path] = []
    meta_files: list[Path] = []
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise LoadError(f"路径不存在：{'、'.join(missing)}。请检查拼写，或先确认当前工作目录（可用 import os; os.getcwd() 查看）。",
                        path=missing[0], reason="missing")
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*"), key=lambda x: x.as_posix()):
                if f.is_file():
                    (meta_files if f.name.lower() in _METADATA_NAMES else files).append(f)
        else:
            files.append(p)
    resolved = [f.resolve() for f in files + meta_files] or [Path(paths[0]).resolve()]
    dirs = [Path(p).resolve() for p in paths if Path(p).is_dir()]
    root = Path(_common_dir(dirs or [f.parent for f in resolved]))
    return files, meta_files, root


def _common_dir(dirs: list[Path]) -> str:
    import os

    return os.path.commonpath([str(d) for d in dirs])


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    import yaml

    try:
        data = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if "stream end" in str(getattr(exc, "problem", "")) and getattr(exc, "context_mark", None) is not None:
            mark = exc.context_mark  # an unclosed bracket: point at where it opened
        line = getattr(mark, "line", None)
        where = f"第 {line + 2} 行" if line is not None else ""
        raise LoadError(f"文件 {path}：开头的 YAML 元数据（--- 之间）{where}格式有误（{getattr(exc, 'problem', exc)}）。"
                        "请检查冒号、缩进和引号。", path=path, reason="bad_metadata") from None
    if not isinstance(data, dict):
        raise LoadError(f"文件 {path}：开头的 YAML 元数据应为“字段: 值”的形式。", path=path, reason="bad_metadata")
    return {str(k): _plain(v) for k, v in data.items()}, text[m.end():].lstrip("\n")


def _metadata_table(metadata, meta_files: list[Path], root: Path, rows: list):
    """Return (table, source name) or (None, None); metadata files always appear in the report."""
    for f in meta_files:
        rows.append({"file": _relative(f, root), "doc_id": "", "status": "metadata", "encoding": "", "chars": 0,
                     "message": "元数据表（不作为文档读取）"})
    if metadata is None:
        if not meta_files:
            return None, None
        top = sorted(meta_files, key=lambda f: (len(f.relative_to(root).parts) if f.is_relative_to(root) else 99, f.name))
        metadata = top[0]
    if isinstance(metadata, pd.DataFrame):
        return metadata.copy(), "（传入的 DataFrame）"
    path = Path(metadata)
    if not path.exists():
        raise LoadError(f"元数据文件 {path} 不存在。请检查路径，或不传 metadata 参数。", path=path, reason="missing")
    data = path.read_bytes()
    text, _enc = decode_bytes(data, path=path)
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            import yaml

            loaded = yaml.safe_load(text)
            if isinstance(loaded, dict):  # {file: {field: value}}
                loaded = [{"file": k, **(v or {})} for k, v in loaded.items()]
            table = pd.DataFrame(loaded)
        else:
            import io

            table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except Exception as exc:  # noqa: BLE001 - any parse failure becomes a clear message
        raise LoadError(f"元数据文件 {path} 无法解析（{exc}）。CSV 请用逗号分隔并带表头；YAML 请写成列表。",
                        path=path, reason="bad_metadata") from None
    table.columns = [str(c).strip().lstrip("\ufeff") for c in table.columns]
    if "file" not in table.columns:
        raise LoadError(f"元数据文件 {path} 缺少 file 列：请加一列 file，填写每篇文档的文件名。", path=path, reason="bad_metadata")
    return table, path.name


def _index_metadata(table: pd.DataFrame, source) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for i, rec in enumerate(table.to_dict("records")):
        key = str(rec["file"]).strip().replace("\\", "/")
        if not key:
            raise LoadError(f"元数据表 {source} 第 {i + 2} 行的 file 为空：请填写文件名。", reason="bad_metadata")
        if key in out:
            raise LoadError(f"元数据表 {source} 中 file={key} 出现了不止一次：每个文件只能有一行。", reason="bad_metadata")
        out[key] = {k: _plain(v) for k, v in rec.items()}
    return out


def _match_metadata(rel: str, path: Path, meta_rows: dict[str, dict]) -> str | None:
    if rel in meta_rows:
        return rel
    if path.name in meta_rows:
        return path.name
    return None


def _clean_docvars(docvars: dict[str, Any], rel: str) -> dict[str, Any]:
    level = docvars.get("level", "")
    if not _is_blank(level):
        level = str(level).strip()
        level = _LEVEL_ALIASES.get(level, level)
        if level not in LEVELS:
            raise ZhiliError(f"文件 {rel} 的 level={docvars['level']!r} 无法识别：应为 {'、'.join(LEVELS)} 之一。")
        docvars["level"] = level
    date = docvars.get("date", "")
    if isinstance(date, (_dt.date, _dt.datetime)):
        docvars["date"] = date.isoformat()[:10]
    elif not _is_blank(date):
        docvars["date"] = _normalise_date(str(date).strip())
    for k in DOCVARS:
        if _is_blank(docvars.get(k)):
            docvars[k] = ""
    return docvars


_DATE = re.compile(r"^(\d{4})(?:[-/.年](\d{1,2}))?(?:[-/.月](\d{1,2}))?日?$")


def _normalise_date(value: str) -> str:
    """``2023年6月1日`` / ``2023/6/1`` / ``2023.06`` → ``2023-06-01`` / ``2023-06``; other text is kept."""
    m = _DATE.match(value)
    if not m:
        return value
    y, mo, d = m.groups()
    parts = [y] + [f"{int(x):02d}" for x in (mo, d) if x]
    return "-".join(parts)


def _plain(value: Any) -> Any:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    return value


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip()
