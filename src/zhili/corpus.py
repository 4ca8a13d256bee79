"""Documents and their metadata: the first object of the zhili flow (zhili.corpus).

``load_corpus`` reads a file, a list of files, or a folder (recursively) of ``.txt .md .docx .pdf
.html`` in any common Chinese encoding, joins metadata from a ``metadata.csv`` / ``metadata.yaml``
beside the files or from YAML front matter, and returns a :class:`Corpus`. Every input file is
accounted for in ``Corpus.report``; nothing is skipped silently.
"""
from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from ._errors import LoadError, LookupFailed, ZhiliError, check_choice
from ._keys import close_matches, lookup_key
from .metadata import DOCVARS, LEVELS, RESERVED, _plain, _warn_renamed
from .readers import DEFAULT_MAX_MB, SUPPORTED_SUFFIXES, normalize_text, read_file
from .units import UNITS, split_units, unit_arrays

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

    def __init__(self, documents: Sequence[Document], report: pd.DataFrame | None = None, *,
                 source: str | None = None) -> None:
        ids = [d.doc_id for d in documents]
        dupes = sorted(i for i, n in Counter(ids).items() if n > 1) if len(set(ids)) < len(ids) else []
        if dupes:
            raise ZhiliError(f"文档编号重复：{'、'.join(dupes)}。每篇文档的 doc_id 必须唯一。")
        self._documents = list(documents)
        self.report = report if report is not None else pd.DataFrame(columns=REPORT_COLUMNS)
        #: where the documents were read from, as the user gave it (``None`` for texts built in memory)
        self.source = source
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
        moved = {str(c) for c in table.columns} & set(RESERVED)
        if moved:
            _warn_renamed(moved, "docvars ")
            table = table.rename(columns={c: f"meta_{c}" for c in moved})
        if len(table) != len(items):
            raise ZhiliError(f"docvars 有 {len(table)} 行，但文本有 {len(items)} 篇：两者应一一对应。")
        docs = []
        for (doc_id, text), (_, row) in zip(items, table.reset_index(drop=True).iterrows()):
            vars_ = {k: "" for k in DOCVARS} | {str(k): _plain(v) for k, v in row.items()}
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
        """A document by position, by ``doc_id``, or by the ``id`` in its docvars (a case id).

        A key typed with a Chinese input method (full-width letters and digits, stray spaces) is
        folded first: ``corpus["ＨＢ００２ "]`` is ``corpus["HB002"]``.
        """
        if isinstance(key, str):
            folded = lookup_key(key)
            for probe, wanted in ((lambda d: d.doc_id, key), (lambda d: lookup_key(d.doc_id), folded),
                                  (lambda d: lookup_key(str(d.docvars.get("id", ""))), folded)):
                found = [d for d in self._documents if probe(d) == wanted]
                if len(found) == 1:
                    return found[0]
            close = close_matches(key, [*self.doc_ids, *(str(d.docvars["id"]) for d in self._documents
                                                        if d.docvars.get("id"))], n=3, cutoff=0.5)
            hint = f"您是不是要找：{'、'.join(close)}？" if close else "可用 corpus.doc_ids 查看全部编号。"
            raise LookupFailed(f"语料中没有编号为 {key!r} 的文档。{hint}")
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
        return self._docs_table(text=True)

    def _docs_table(self, *, text: bool) -> pd.DataFrame:
        """:attr:`docs`, or (``text=False``) the same table without its ``text`` column, never built."""
        rows = []
        for d in self._documents:
            row = {"doc_id": d.doc_id, "text": d.text} if text else {"doc_id": d.doc_id}
            row["n_chars"] = len(d.text)
            rows.append(row | d.docvars)
        table = pd.DataFrame(rows)
        lead = ["doc_id", "text", "n_chars", *DOCVARS] if text else ["doc_id", "n_chars", *DOCVARS]
        if table.empty:
            return pd.DataFrame(columns=lead)
        if not text and "text" in table.columns:  # a docvar named text: docs has it in place of the text, then drops it
            table = table.drop(columns=["text"])
        tail = [c for c in ("file", "encoding") if c in table.columns]
        other = [c for c in table.columns if c not in lead and c not in tail]
        for c in lead:
            if c not in table.columns:
                table[c] = ""
        return table[lead + other + tail]

    @property
    def docvars(self) -> pd.DataFrame:
        """The docs table without the text, indexed by ``doc_id``."""
        return self._docs_table(text=False).set_index("doc_id")

    def units(self, unit: Literal["document", "paragraph", "sentence", "item"] = "paragraph") -> pd.DataFrame:
        """Split every document into units; one row per unit.

        Columns: ``doc_id``, ``unit_id`` (``"<doc_id>#<kind>-<n>"``), ``index`` (0-based within
        the document), ``paragraph``, ``heading_path``, ``start``, ``end`` (character offsets in
        the document text) and ``text``.
        """
        check_choice("unit", unit, UNITS)
        if unit not in self._units:
            self._units[unit] = _unit_table(self._documents, unit)
        return self._units[unit].copy()

    def subset(self, mask: Sequence[bool] | pd.Series) -> Corpus:
        """A new corpus with the documents where ``mask`` is true (e.g. ``c.docs.level == "省"``)."""
        mask = list(mask)
        if len(mask) != len(self):
            raise ZhiliError(f"筛选条件有 {len(mask)} 个值，但语料有 {len(self)} 篇文档。")
        keep = [d for d, m in zip(self._documents, mask) if m]
        ids = {d.doc_id for d in keep}
        return Corpus(keep, self.report[self.report["doc_id"].isin(ids)].reset_index(drop=True), source=self.source)

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


_UNIT_COLUMNS = ["doc_id", "unit_id", "index", "paragraph", "heading_path", "start", "end", "text"]
_UNIT_CHUNK = 50_000  # rows held as Python objects at a time while an item table is built
#: characters of documents split at once into sentences or paragraphs (see unit_parts)
_UNIT_CHUNK_CHARS = 2_000_000


def _unit_table(documents: Sequence[Document], unit: str) -> pd.DataFrame:
    """The table of :meth:`Corpus.units`: the parts of :func:`unit_parts` put together."""
    parts = [part for _, _, part in unit_parts(documents, unit)]
    if not parts:  # no units at all: the empty table as pandas makes it from no rows
        return pd.DataFrame([], columns=_UNIT_COLUMNS)
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def document_spans(documents: Sequence[Document], chars: int) -> Iterator[tuple[int, int]]:
    """``(first, stop)`` ranges of the documents holding about ``chars`` characters each (at
    least one document)."""
    first, size = 0, 0
    for i, d in enumerate(documents):
        size += len(d.text) + 1
        if size >= chars:
            yield first, i + 1
            first, size = i + 1, 0
    if first < len(documents):
        yield first, len(documents)


def unit_parts(documents: Sequence[Document], unit: str, *, chars: int | None = None,
               memory_pool=None) -> Iterator[tuple[int, int, pd.DataFrame]]:
    """The unit table of the documents in parts: ``(first, stop, table)``, the table holding the
    units of ``documents[first:stop]``.

    When pandas stores strings in Arrow (pandas 3 with pyarrow installed, see
    :func:`arrow_strings`), sentences and paragraphs are split for about ``chars`` characters of
    documents at once (:func:`zhili.units.unit_arrays`) and their columns stay in Arrow storage:
    the texts, paths and ids are never Python strings one by one. Otherwise, and for items and
    documents, the table is built column-wise from :func:`split_units`, in parts of at most
    ``_UNIT_CHUNK`` rows. Parts without rows are not given; the concatenated parts equal the
    table made from one tuple per unit. ``memory_pool``: the Arrow memory pool of the string
    columns made in Arrow (default: Arrow's).
    """
    dtype = arrow_strings()
    if unit in ("sentence", "paragraph") and dtype is not None:
        for a, b in document_spans(documents, chars or _UNIT_CHUNK_CHARS):
            part = _array_units(documents[a:b], unit, dtype, memory_pool)
            if len(part):
                yield a, b, part
        return
    cols: dict[str, list] = {c: [] for c in _UNIT_COLUMNS}
    kind, first = unit[0], 0
    for i, d in enumerate(documents):
        found = split_units(d.text, unit)
        if not found:
            continue
        index, text, start, end, path, paragraph = zip(*found)
        prefix = f"{d.doc_id}#{kind}"
        cols["doc_id"].extend([d.doc_id] * len(text))
        cols["unit_id"].extend([f"{prefix}{k + 1}" for k in index])
        cols["index"].extend(index)
        cols["paragraph"].extend(paragraph)
        cols["heading_path"].extend(path)
        cols["start"].extend(start)
        cols["end"].extend(end)
        cols["text"].extend(text)
        if len(cols["doc_id"]) >= _UNIT_CHUNK:
            yield first, i + 1, pd.DataFrame(cols, columns=_UNIT_COLUMNS)
            cols = {c: [] for c in _UNIT_COLUMNS}
            first = i + 1
    if cols["doc_id"]:
        yield first, len(documents), pd.DataFrame(cols, columns=_UNIT_COLUMNS)


def arrow_strings() -> pd.StringDtype | None:
    """The dtype pandas gives a column of Python strings when that dtype keeps them in Arrow
    (pandas 3 with pyarrow installed: ``str``), else None (pandas 2: ``object``; no pyarrow:
    Python storage). Tables built straight from Arrow arrays must have that dtype to equal the
    tables built from Python strings."""
    dtype = pd.Series(["字"]).dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        return dtype
    return None


def _array_units(documents: Sequence[Document], unit: str, dtype: pd.StringDtype, memory_pool=None) -> pd.DataFrame:
    """The sentence or paragraph table of a few documents, from :func:`zhili.units.unit_arrays`
    (``dtype``: the Arrow-backed string dtype of :func:`arrow_strings`)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    found = unit_arrays([d.text for d in documents], unit, memory_pool=memory_pool)
    ids = pa.array([d.doc_id for d in documents], type=pa.large_string(), memory_pool=memory_pool)
    doc_id = pc.take(ids, pa.array(found.doc), memory_pool=memory_pool)
    number = pc.cast(pa.array(found.index + 1), pa.large_string(), memory_pool=memory_pool)
    unit_id = pc.binary_join_element_wise(doc_id, number, pa.scalar(f"#{unit[0]}", type=pa.large_string()),
                                          memory_pool=memory_pool)
    strings = {"doc_id": doc_id, "unit_id": unit_id, "heading_path": found.path, "text": found.text}
    columns = {c: pd.arrays.ArrowStringArray(v, dtype=dtype) for c, v in strings.items()}
    columns.update(index=found.index, paragraph=found.paragraph, start=found.start, end=found.end)
    return pd.DataFrame(columns, columns=_UNIT_COLUMNS)


# ====================================================================== loading

#: Every status a row of the load report can have, with its meaning (Chinese, for the README).
STATUSES: dict[str, str] = {
    "ok": "已读入",
    "metadata": "元数据表（不作为文档读取）",
    "ignored": "按规则跳过：系统或办公软件的附属文件、隐藏文件和文件夹、JupyterLab 副本、ignore 参数",
    "duplicate": "经由链接再次到达的同一个文件，只读一次",
    "link_loop": "指回上级文件夹的链接，不重复读取",
    "unsupported": "不能直接读取的格式（附转换方法）",
    "broken_link": "链接指向的位置不存在",
    "outside_link": "链接指向语料文件夹以外，没有跟随",
    "unreadable": "没有读取权限或无法打开",
    "empty": "空文件或没有文字（扫描件需先 OCR）",
    "binary": "不是文本文件",
    "undecodable": "无法识别编码",
    "corrupt": "文件已损坏或无法解析",
    "encrypted": "PDF 设有打开密码",
    "too_large": "超过大小上限（max_mb）",
    "bad_metadata": "元数据有误（日期、层级、表格的行）",
    "no_metadata": "元数据表中没有这个文件的行",
    "orphan_metadata": "元数据表中的行找不到对应文件",
}


def read_text(path: str | Path, *, to_simplified: bool = False) -> str:
    """Read one document (any supported format and encoding) and return its normalised text.

    Front matter (YAML between ``---`` lines at the top of a .txt or .md file) is not part of
    the text.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_bytes("推进共同缔造".encode("gb18030"))
    >>> read_text(p)
    '推进共同缔造'
    """
    return read_file(path, to_simplified=to_simplified).text

def _file_docvars(result, rel: str, table, key, problem: str, used: set) -> tuple[dict[str, Any], str, str]:
    """A read file's docvars (title, front matter, then its metadata-table row) with its load status
    and message: ``"ok"``, ``"no_metadata"`` (read, flagged) or ``"bad_metadata"`` (not loaded).
    ``key``/``problem`` are the file's match in ``table``; a key used is added to ``used``. Shared
    by :func:`load_corpus` and the streamed corpora of :mod:`zhili.streaming`."""
    from . import metadata as md

    docvars: dict[str, Any] = {k: "" for k in DOCVARS}
    if result.meta.get("title"):
        docvars["title"] = result.meta["title"]
    front, moved = md.rename_reserved(result.meta.get("front_matter") or {}, reserved=(*md.RESERVED, "file"))
    if moved:
        md._warn_renamed(moved, f"文件 {rel} 开头的 YAML 元数据")
    docvars.update({k: md._plain(v) for k, v in front.items()})
    status, message = "ok", ""
    if table is not None:
        if problem:
            status, message = "bad_metadata", problem
        elif key is None:
            status = "no_metadata"
            message = (f"文件 {rel} 在元数据表 {table.source} 中没有对应的行。"
                       f"请在表中为它补一行（file 列填 {rel}），或把它移出语料文件夹。")
        elif key in table.bad:
            used.add(key)
            status, message = "bad_metadata", f"文件 {rel}：{table.bad[key]}。"
        else:
            used.add(key)
            docvars.update({k: v for k, v in table.rows[key].items() if not md._is_blank(v)})
    try:
        docvars = md.clean_docvars(docvars, rel)
    except ZhiliError as exc:
        status, message = "bad_metadata", str(exc)
    return docvars, status, message


def _metadata_table(entries, metadata, errors: str):
    """The metadata table: ``metadata`` if given, else the shallowest metadata file among ``entries``;
    None when there is none. A metadata file found in the folder that cannot be read is marked
    ``bad_metadata`` (with ``errors="report"``); one given by the caller raises. Shared by
    :func:`load_corpus` and the streamed corpora of :mod:`zhili.streaming`."""
    from . import metadata as md

    meta_entries = [e for e in entries if e.status == "metadata"]
    source = metadata
    if source is None and meta_entries:
        source = min(meta_entries, key=lambda e: (e.rel.count("/"), e.rel)).path
    if source is None:
        return None
    try:
        return md.read_metadata(source)
    except LoadError as exc:
        if errors == "raise" or not isinstance(source, Path) or source not in [e.path for e in meta_entries]:
            raise
        for e in meta_entries:
            if e.path == source:
                e.status, e.message = "bad_metadata", str(exc)
        return None



def load_corpus(
    paths: str | Path | Sequence[str | Path],
    metadata: str | Path | pd.DataFrame | None = None,
    *,
    errors: Literal["raise", "report"] = "raise",
    to_simplified: bool = False,
    ignore: Sequence[str] = (),
    max_mb: float | None = DEFAULT_MAX_MB,
    lazy: bool = False,
    **scan_options: Any,
) -> Corpus:
    """Read documents and their metadata into a :class:`Corpus`.

    Parameters
    ----------
    paths : path, or list of paths
        A file, a folder (read recursively, in sorted order) or a list of files and folders.
        Supported: ``.txt .md .docx .pdf .html``; text in UTF-8 (with or without BOM), UTF-16
        (with or without BOM), GB18030/GBK/GB2312 or Big5 — detected per file and shown in the
        report. Which files are read, skipped or reported follows the policy of
        :mod:`zhili.files`: system and office files, hidden files and folders and JupyterLab's
        ``.ipynb_checkpoints`` are skipped (status ``ignored``), formats the kit cannot read are
        listed with how to convert them, symbolic links are followed inside the folder.
    metadata : path or DataFrame, optional
        A CSV or YAML table with a ``file`` column (path relative to the folder, or a file
        name when it is unique) and any of title, issuer, level (中央/省/市/县/乡镇/村社区),
        date, region, genre, source, plus any other columns (kept). When omitted, a
        ``metadata.csv`` / ``metadata.yaml`` in the folder is used if present. YAML front
        matter at the top of a ``.md`` or ``.txt`` file also gives docvars; the metadata table
        wins where both give a field. See :mod:`zhili.metadata` for the checks.
    errors : {"raise", "report"}
        ``raise`` (default): any problem raises :class:`~zhili.LoadError` listing the problem
        files (skipped junk is not a problem). ``report``: load what can be read and never
        raise for a problem of a single file; every path appears in ``Corpus.report`` with its
        status (see :data:`STATUSES`).
    to_simplified : bool
        Convert traditional characters to simplified (OpenCC).
    ignore : list of str, optional
        Glob patterns of files or folders to skip, matched against the path relative to the
        folder and against the file name (``["*.jpg", "附件/*"]``); listed as ``ignored``.
    max_mb : float or None, default 100
        Refuse files with more than this many megabytes of data to parse (status
        ``too_large``); ``None`` lifts the limit.
    lazy : bool, default False
        Return a :class:`zhili.streaming.LazyCorpus` read in chunks (the same as
        :func:`zhili.scan_corpus`, whose options — ``chunk_size``, ``text_column`` … — may follow).

    Returns
    -------
    Corpus
        ``Corpus.report`` has one row per path: ``file``, ``doc_id``, ``status``, ``encoding``,
        ``chars`` and a Chinese ``message`` (for ``ok`` rows: warnings such as an uncertain
        encoding, or page headers removed from a PDF).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("一、总体要求\\n推进共同缔造。", encoding="utf-8")
    >>> _ = (folder / "b.txt").write_bytes("決策共謀，發展共建。".encode("big5"))
    >>> _ = (folder / ".DS_Store").write_bytes(b"Bud1")
    >>> c = load_corpus(folder, to_simplified=True)
    >>> c.report[["file", "status", "encoding", "chars"]].values.tolist()
    [['.DS_Store', 'ignored', '', 0], ['a.txt', 'ok', 'UTF-8', 14], ['b.txt', 'ok', 'Big5', 10]]
    >>> c["b.txt"].text
    '决策共谋，发展共建。'
    """
    if lazy or scan_options:  # read in chunks, for corpora larger than memory (zhili.streaming)
        from .streaming import load_lazy
        return load_lazy(paths, lazy=lazy, scan_options=scan_options, metadata=metadata, errors=errors,
                         to_simplified=to_simplified, ignore=ignore, max_mb=max_mb)
    from . import metadata as md
    from .files import NOT_PROBLEMS, collect

    check_choice("errors", errors, ("raise", "report"))
    if isinstance(ignore, str):
        ignore = [ignore]
    inputs = _inputs(paths)
    entries, root = collect(inputs, ignore=ignore)
    rows: list[dict[str, Any]] = []
    documents: list[Document] = []

    table = _metadata_table(entries, metadata, errors)
    if table is not None:
        for problem in table.problems:
            rows.append(_row(table.source, "bad_metadata", problem))
    used: set[str] = set()
    readable = [e for e in entries if e.status == "read"]
    name_counts: dict[str, list[str]] = {}
    for e in readable:
        name_counts.setdefault(e.rel.rsplit("/", 1)[-1], []).append(e.rel)

    for entry in entries:
        if entry.status != "read":
            rows.append(_row(entry.rel, entry.status, entry.message))
            continue
        rel, path = entry.rel, entry.path
        try:
            result = read_file(path, to_simplified=to_simplified, max_mb=max_mb)
        except LoadError as exc:
            rows.append(_row(rel, exc.reason, str(exc)))
            continue
        notes = list(result.warnings)
        key, problem = md.match(table, rel, name_counts) if table is not None else (None, "")
        docvars, status, message = _file_docvars(result, rel, table, key, problem, used)
        if status == "bad_metadata":  # not loaded: the user must fix the metadata first
            rows.append(_row(rel, status, message, encoding=result.encoding or ""))
            continue
        docvars["file"] = rel
        docvars["encoding"] = result.encoding or ""
        documents.append(Document(rel, result.text, docvars, str(path)))
        # a file without a metadata row is loaded (its text is fine) and flagged
        rows.append(_row(rel, status, _join_notes([message, *notes]), doc_id=rel,
                         encoding=result.encoding or "", chars=len(result.text)))

    if table is not None:
        by_path = {r["file"]: r for r in rows}
        for key in sorted((set(table.rows) | set(table.bad)) - used):
            where = table.line_of(key)
            if key in by_path:  # the file is there but was not read (skipped by rule, unsupported …)
                row = by_path[key]
                row["message"] = f"{row['message']}（元数据表 {table.source} {where}为它写了元数据，未使用。）".lstrip()
                continue
            rows.append(_row(key, "orphan_metadata", f"元数据表 {table.source} {where}的 file={key} 找不到对应的文件。"
                                                     "请检查文件名拼写（含扩展名和所在的子文件夹），或删除这一行。"))

    # messages name files relative to the folder, as the file column does (same report on any machine)
    prefixes = {str(root) + os.sep, str(root.resolve()) + os.sep}
    for row in rows:
        for prefix in prefixes:
            row["message"] = row["message"].replace(prefix, "")
    report = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    problems = [r["message"] for r in rows if r["status"] not in NOT_PROBLEMS]
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
    return Corpus(documents, report, source=_source_label(paths))


def _source_label(paths: Any) -> str:
    """The corpus source as the user gave it (relative paths stay relative, so records are portable)."""
    if isinstance(paths, (str, Path)):
        return str(paths)
    return "；".join(str(p) for p in paths)


def _join_notes(parts: list[str]) -> str:
    """Messages and warnings of one file as one text (``；`` between them, no doubled stops)."""
    parts = [p for p in parts if p]
    return "；".join([*(p.rstrip("。；") for p in parts[:-1]), *parts[-1:]])


def _row(file: str, status: str, message: str, *, doc_id: str = "", encoding: str = "", chars: int = 0) -> dict[str, Any]:
    return {"file": file, "doc_id": doc_id, "status": status, "encoding": encoding, "chars": chars, "message": message}


def _inputs(paths) -> list[Path]:
    """The inputs as Paths; missing ones raise (a wrong argument, not a problem of a file)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if not isinstance(paths, Sequence) or not paths:
        raise ZhiliError("load_corpus 需要一个文件、一个文件夹或它们的列表。")
    for p in paths:
        if not isinstance(p, (str, Path)):
            raise ZhiliError(f"load_corpus 的路径应为字符串或 Path，收到的是 {type(p).__name__}：{p!r}。")
    inputs = [Path(p) for p in paths]
    missing = [str(p) for p in inputs if not p.exists() and not p.is_symlink()]
    if missing:
        raise LoadError(f"路径不存在：{'、'.join(missing)}。请检查拼写，或先确认当前工作目录（可用 import os; os.getcwd() 查看）。",
                        path=missing[0], reason="missing")
    return inputs
