"""Corpora larger than memory: read in chunks, counted chunk by chunk, on one machine or a Dask cluster.

``zl.scan_corpus(source)`` (or ``zl.load_corpus(source, lazy=True)``) returns a :class:`LazyCorpus`:
nothing but the list of files (or the record offsets of a large table) is held in memory, and
documents are read ``chunk_size`` at a time, always in the same order. The counting analyses —
:func:`zhili.dtm`, :func:`zhili.cooccurrence_matrix`, :func:`zhili.cooccurrence_network`,
:func:`zhili.count_terms`, :func:`zhili.code_framework`, :func:`zhili.keyness` — accept a lazy
corpus, or its tokens ``zl.tokenize(lazy, unit=…, lexicon=…, stopwords=…)``, and give the same
result as the in-memory call on the same documents: each chunk is read, tokenized and counted,
and only the chunk's counts are kept and combined, in chunk order.

With ``client=`` (a ``dask.distributed.Client``) the chunks are read, tokenized and counted on the
cluster's workers — each worker reads its files itself — and only the partial counts travel back.

Design notes
------------
- **One path.** A chunk is described by a small, self-contained spec (its files with their
  metadata rows, or a byte range of a CSV / JSONL file, or a row range of a Parquet file);
  :func:`_run_chunk` turns a spec into a :class:`~zhili.Corpus` and its partial result, in the
  driver or on a worker alike, so a cluster run equals a local run.
- **Exact.** Partial results are the kit's own analyses on the chunk (``dtm``, the co-occurrence
  counter, ``count_terms``, ``code_framework``) with every corpus-wide filter (``min_count``,
  ``top_n``) left to the end; a filter that decides which terms are counted (co-occurrence with
  ``top_n`` or ``min_count``) takes a first pass that counts terms only.
- **Accounted for.** ``LazyCorpus.report`` lists every file (or table row) that was not read as
  a document, as ``load_corpus`` does; ``LazyCorpus.status_counts`` counts all of them.
- **Token cache.** The analyses pass over a streamed corpus once or twice each (a network with
  ``top_n`` twice), so tokens read back from the cache save segmenting again (reading a chunk's
  records costs about a quarter of segmenting it). But the cache is bounded
  (``ZHILI_CACHE_MAX_MB``) and evicts the least recently used entries — in a pass in corpus order,
  the first chunks: once a corpus is larger than the cache, every pass evicts the chunks the
  next pass reads first, nothing is ever found, and the writes and evictions are pure cost. So by
  default streamed tokenizing uses the cache only when the corpus's files take no more than the
  share of the bound an eviction leaves (80 %), and tokenizes in memory otherwise; ``cache=True``
  or ``cache=False`` given to ``zl.tokenize`` decides instead. Results never depend on it.
- **Combining rows.** A document-term matrix by document or unit is stacked as the chunks
  arrive: each chunk's columns are renumbered into one growing vocabulary and only its column
  numbers and counts are kept; the CSR matrix is built once at the end (sorted vocabulary, rows
  in corpus order), each chunk's arrays let go as they are copied in — memory about one matrix.
- Known limits: the warnings that compare a token-based count with the text (``whole_word``,
  network and keyness tables) are not given for streamed corpora; a boolean ``target`` for
  :func:`zhili.keyness` must be a Series indexed by ``doc_id``.
"""
from __future__ import annotations

import io
import json
import os
import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._errors import LoadError, ZhiliError, ZhiliWarning, check_choice, check_positive_int

__all__ = ["LazyCorpus", "LazyTokens", "scan_corpus", "is_lazy", "TABLE_SUFFIXES"]

#: Single-file corpora with one document per record.
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet")
#: Column names taken as the text / the id of a record when ``text_column`` / ``id_column`` are not given.
TEXT_COLUMNS = ("text", "正文", "content", "内容", "全文")
ID_COLUMNS = ("doc_id", "id", "编号")
_BLOCK = 1 << 24  # bytes read at a time when scanning a table for record boundaries


def is_lazy(data: Any) -> bool:
    """True for a :class:`LazyCorpus` or :class:`LazyTokens` (what the analyses dispatch on)."""
    return isinstance(data, (LazyCorpus, LazyTokens))


# ====================================================================== plans: what a chunk is


@dataclass
class _Row:
    """One row of the load report, with its place in the order ``load_corpus`` would list it."""

    pos: float
    file: str
    status: str
    message: str = ""
    doc_id: str = ""
    encoding: str = ""
    chars: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "doc_id": self.doc_id, "status": self.status, "encoding": self.encoding,
                "chars": self.chars, "message": self.message}


@dataclass
class _ChunkOut:
    """What reading one chunk gives besides its documents (small; travels back from a worker)."""

    n_docs: int = 0
    chars: int = 0
    counts: dict[str, int] = field(default_factory=dict)   # status -> files / rows
    rows: list[_Row] = field(default_factory=list)          # every row that is not ok
    ok_rows: list[_Row] = field(default_factory=list)       # only when collecting the whole corpus
    used: set[str] = field(default_factory=set)             # metadata keys used
    ids: list[str] = field(default_factory=list)            # doc ids (tables: checked for duplicates)


class _Plan:
    label: str | None = None

    def light(self):
        """A copy without the lists of chunks (what every Dask worker receives once)."""
        import copy

        plan = copy.copy(self)
        plan.files, plan._specs = [], []
        return plan


class _FolderPlan(_Plan):
    """Files of one or more folders (the file-selection policy and metadata of ``load_corpus``)."""

    kind = "folder"

    def __init__(self, paths, metadata, *, errors: str, to_simplified: bool, ignore, max_mb, chunk_size: int) -> None:
        from . import metadata as md
        from .corpus import _inputs, _metadata_table, _row
        from .files import collect

        if isinstance(ignore, str):
            ignore = [ignore]
        entries, root = collect(_inputs(paths), ignore=ignore)
        self.to_simplified, self.max_mb, self.errors = to_simplified, max_mb, errors
        self.prefixes = (str(root) + os.sep, str(root.resolve()) + os.sep)
        self.rows: list[_Row] = []   # rows known before reading (not read, table problems)
        table = _metadata_table(entries, metadata, errors)
        if table is not None:
            for i, problem in enumerate(table.problems):
                r = _row(table.source, "bad_metadata", problem)
                self.rows.append(_Row(-1 + i / (len(table.problems) + 1), r["file"], r["status"], self._strip(r["message"])))
        self.table = table
        readable = [e for e in entries if e.status == "read"]
        name_counts: dict[str, list[str]] = {}
        for e in readable:
            name_counts.setdefault(e.rel.rsplit("/", 1)[-1], []).append(e.rel)
        self.files: list[tuple[float, str, str, str | None, str]] = []  # (pos, path, rel, key, problem)
        for pos, e in enumerate(entries):
            if e.status != "read":
                self.rows.append(_Row(pos, e.rel, e.status, self._strip(e.message)))
                continue
            key, problem = md.match(table, e.rel, name_counts) if table is not None else (None, "")
            self.files.append((pos, str(e.path), e.rel, key, problem))
        self._specs = [self.files[i:i + chunk_size] for i in range(0, len(self.files), chunk_size)]
        self.n_docs = len(self.files)

    @property
    def specs(self) -> list:
        return self._specs

    def n_bytes(self) -> int:
        """Bytes of the files to read (what the token cache would roughly have to hold)."""
        total = 0
        for _, path, *_ in self.files:
            try:
                total += os.stat(path).st_size
            except OSError:
                pass
        return total

    def _strip(self, message: str) -> str:
        for prefix in self.prefixes:
            message = message.replace(prefix, "")
        return message

    def read(self, spec, *, keep_ok: bool):
        """Documents of one chunk and what became of each file (mirrors ``load_corpus``'s loop)."""
        from .corpus import Document, _file_docvars, _join_notes
        from .readers import read_file

        table, out, docs = self.table, _ChunkOut(), []

        def add(row: _Row) -> None:
            row.message = self._strip(row.message)
            out.counts[row.status] = out.counts.get(row.status, 0) + 1
            (out.ok_rows if row.status == "ok" else out.rows).append(row) if (keep_ok or row.status != "ok") else None

        for pos, path, rel, key, problem in spec:
            try:
                result = read_file(Path(path), to_simplified=self.to_simplified, max_mb=self.max_mb)
            except LoadError as exc:
                add(_Row(pos, rel, exc.reason, str(exc)))
                continue
            notes = list(result.warnings)
            docvars, status, message = _file_docvars(result, rel, table, key, problem, out.used)
            if status == "bad_metadata":
                add(_Row(pos, rel, status, message, encoding=result.encoding or ""))
                continue
            docvars["file"] = rel
            docvars["encoding"] = result.encoding or ""
            docs.append(Document(rel, result.text, docvars, str(path)))
            out.chars += len(result.text)
            add(_Row(pos, rel, status, _join_notes([message, *notes]), doc_id=rel, encoding=result.encoding or "",
                     chars=len(result.text)))
        out.n_docs = len(docs)
        return docs, out

    def finish(self, used: set[str], rows: list[_Row]) -> list[_Row]:
        """Rows of metadata-table lines no file used (after a full pass), as ``load_corpus`` adds them."""
        table = self.table
        if table is None:
            return []
        by_file = {r.file: r for r in rows}
        extra = []
        for key in sorted((set(table.rows) | set(table.bad)) - used):
            where = table.line_of(key)
            if key in by_file:
                row = by_file[key]
                row.message = f"{row.message}（元数据表 {table.source} {where}为它写了元数据，未使用。）".lstrip()
                continue
            extra.append(_Row(float("inf"), key, "orphan_metadata", self._strip(
                f"元数据表 {table.source} {where}的 file={key} 找不到对应的文件。请检查文件名拼写（含扩展名和所在的子文件夹），或删除这一行。")))
        return extra


class _TablePlan(_Plan):
    """One large CSV / TSV / JSONL / Parquet file, one document per record."""

    def __init__(self, path: Path, *, errors: str, to_simplified: bool, chunk_size: int, text_column: str | None,
                 id_column: str | None, encoding: str | None) -> None:
        self.path, self.name = path, path.name
        self.errors, self.to_simplified, self.chunk_size = errors, to_simplified, chunk_size
        suffix = path.suffix.lower()
        self.kind = {".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}[suffix]
        self.sep = "\t" if suffix == ".tsv" else ","
        self.rows: list[_Row] = []
        self._specs: list | None = None
        self.n_docs: int | None = None
        self.encoding = encoding
        if self.kind == "parquet":
            pq = _pyarrow_parquet(path)
            meta = pq.ParquetFile(path).metadata
            columns = list(pq.ParquetFile(path).schema_arrow.names)
            self.n_docs = meta.num_rows
            bounds = np.cumsum([0] + [meta.row_group(i).num_rows for i in range(meta.num_row_groups)])
            self.group_bounds = bounds.tolist()
            self._specs = [(s, min(s + chunk_size, meta.num_rows), s) for s in range(0, meta.num_rows, chunk_size)]
        elif self.kind == "csv":
            self.header_end, columns = self._csv_header()
        else:
            columns = self._jsonl_columns()
        self.columns = columns
        self.text_column = self._pick("text_column", text_column, TEXT_COLUMNS, required=True)
        self.id_column = self._pick("id_column", id_column, ID_COLUMNS, required=False)

    def n_bytes(self) -> int:
        """Bytes of the table file (what the token cache would roughly have to hold)."""
        try:
            return self.path.stat().st_size
        except OSError:
            return 0

    # ---------------------------------------------------------------- columns
    def _pick(self, name: str, given: str | None, defaults: tuple[str, ...], *, required: bool) -> str | None:
        listed = "、".join(map(str, self.columns)) or "（没有列）"
        if given is not None:
            if given not in self.columns:
                raise LoadError(f"文件 {self.name} 没有名为 {given!r} 的列（{name}）。现有的列：{listed}。"
                                f"请把 {name} 设为其中一列。", path=self.path, reason="bad_metadata")
            return given
        for c in defaults:
            if c in self.columns:
                return c
        if required:
            raise LoadError(f"文件 {self.name} 中找不到正文列：没有名为 {'、'.join(TEXT_COLUMNS)} 的列（现有的列：{listed}）。"
                            f"请用 text_column=\"列名\" 指出哪一列是正文，例如 zl.scan_corpus(\"{self.name}\", "
                            f"text_column=\"{self.columns[0] if self.columns else '正文'}\")。",
                            path=self.path, reason="bad_metadata")
        return None

    def _decode(self, data: bytes) -> str:
        try:
            return data.decode(self.encoding)
        except UnicodeDecodeError as exc:
            raise LoadError(f"文件 {self.name} 第 {exc.start} 字节附近无法按 {self.encoding} 解码。请把文件另存为 UTF-8，"
                            "或用 encoding=\"gb18030\" 等参数指明编码。", path=self.path, reason="undecodable") from None

    def _detect_encoding(self, head: bytes) -> int:
        """Set the encoding from the first bytes; return the length of a byte-order mark."""
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise LoadError(f"文件 {self.name} 是 UTF-16 编码：大文件请另存为 UTF-8（记事本、Excel 的“另存为”中可选），再读取。",
                            path=self.path, reason="undecodable")
        bom = 3 if head.startswith(b"\xef\xbb\xbf") else 0
        if self.encoding is None:
            sample = head[bom:]
            try:
                sample.decode("utf-8")
                self.encoding = "utf-8"
            except UnicodeDecodeError as exc:
                # a character cut at the end of the sample is not an error
                self.encoding = "utf-8" if exc.start >= len(sample) - 3 else "gb18030"
        return bom

    def _csv_header(self) -> tuple[int, list[str]]:
        with open(self.path, "rb") as f:
            head = f.read(1 << 20)
        if not head.strip():
            raise LoadError(f"文件 {self.name} 是空的：第一行应为表头（如 doc_id,title,text）。", path=self.path, reason="empty")
        bom = self._detect_encoding(head)
        end, quotes = bom, 0
        while True:
            nl = head.find(b"\n", end)
            if nl < 0:
                nl = len(head)
            quotes += head.count(b'"', end, nl)
            end = nl + 1
            if quotes % 2 == 0 or nl >= len(head):
                break
        self.bom = bom
        header = self._decode(head[bom:end]).rstrip("\r\n")
        columns = list(pd.read_csv(io.StringIO(header), sep=self.sep, dtype=str, nrows=0).columns)
        return end, columns

    def _jsonl_columns(self) -> list[str]:
        with open(self.path, "rb") as f:
            head = f.read(1 << 20)
        self.bom = self._detect_encoding(head)
        self.header_end = self.bom
        for line in head[self.bom:].split(b"\n")[:-1] or [head[self.bom:]]:
            if line.strip():
                try:
                    record = json.loads(self._decode(line))
                except ValueError:
                    raise LoadError(f"文件 {self.name} 的第一条记录不是有效的 JSON：每行应为一个 JSON 对象，"
                                    "如 {\"doc_id\": \"a1\", \"text\": \"……\"}。", path=self.path, reason="corrupt") from None
                if not isinstance(record, dict):
                    raise LoadError(f"文件 {self.name} 的每行应为一个 JSON 对象（{{\"text\": \"……\"}}），第一行不是。",
                                    path=self.path, reason="corrupt")
                return list(record)
        raise LoadError(f"文件 {self.name} 中没有记录。", path=self.path, reason="empty")

    # ---------------------------------------------------------------- record boundaries
    @property
    def specs(self) -> list:
        if self._specs is None:
            self._specs = self._scan()
        return self._specs

    def _scan(self) -> list[tuple[int, int, int, int]]:
        """(start byte, end byte, first record number, first line) of every chunk: one pass over the
        bytes, counting quotes so that a line break inside a quoted CSV field does not end a record."""
        specs, n = [], 0
        start = pos = self.header_end
        line = 2 if self.kind == "csv" else 1
        first_line = line
        csv = self.kind == "csv"
        quotes, rec_start, rec_line, blank = 0, pos, line, True
        with open(self.path, "rb") as f:
            f.seek(pos)
            carry = b""
            while True:
                block = f.read(_BLOCK)
                data = carry + block
                if not block:
                    if data:  # a last record without a line break
                        data += b"\n"
                    else:
                        break
                i = 0
                while True:
                    nl = data.find(b"\n", i)
                    if nl < 0:
                        break
                    piece = data[i:nl]
                    if csv:
                        quotes += piece.count(b'"')
                    if blank and piece.strip():
                        blank = False
                    if not csv or quotes % 2 == 0:
                        if not blank:
                            if n % self.chunk_size == 0 and n:
                                specs.append((start, rec_start, n - self.chunk_size, first_line))
                                start, first_line = rec_start, rec_line
                            n += 1
                        quotes, blank = 0, True
                        rec_start, rec_line = pos + nl + 1, line + 1
                    line += 1
                    i = nl + 1
                pos += i
                carry = data[i:]
                if not block:
                    break
        if n:
            specs.append((start, pos, (n - 1) // self.chunk_size * self.chunk_size, first_line))
        self.n_docs = n
        return specs

    # ---------------------------------------------------------------- reading
    def read(self, spec, *, keep_ok: bool):
        if self.kind == "parquet":
            records = self._parquet_records(spec)
        else:
            with open(self.path, "rb") as f:
                f.seek(spec[0])
                body = self._decode(f.read(spec[1] - spec[0]))
            records = self._csv_records(body, spec) if self.kind == "csv" else self._jsonl_records(body, spec)
        return self._documents(records, keep_ok)

    def _csv_records(self, body: str, spec) -> list[tuple[int, str, dict | None, str]]:
        with open(self.path, "rb") as f:
            f.seek(self.bom)
            header = self._decode(f.read(self.header_end - self.bom))
        table = pd.read_csv(io.StringIO(header + body), sep=self.sep, dtype=str, keep_default_na=False,
                            on_bad_lines="error", engine="c")
        return [(spec[2] + i + 1, f"第 {spec[2] + i + 1} 条记录", rec, "") for i, rec in
                enumerate(table.to_dict("records"))]

    def _jsonl_records(self, body: str, spec) -> list[tuple[int, str, dict | None, str]]:
        out, n, line = [], spec[2], spec[3]
        for text in body.split("\n"):
            if text.strip():
                n += 1
                where = f"第 {line} 行"
                try:
                    rec = json.loads(text)
                except ValueError as exc:
                    out.append((n, where, None, f"文件 {self.name} {where}不是有效的 JSON（{exc.msg}），已跳过。"
                                               "请修正这一行，或删除它。"))
                else:
                    if isinstance(rec, dict):
                        out.append((n, where, rec, ""))
                    else:
                        out.append((n, where, None, f"文件 {self.name} {where}不是 JSON 对象，已跳过。每行应为"
                                                   "{\"text\": \"……\"} 这样的对象。"))
            line += 1
        return out

    def _parquet_records(self, spec) -> list[tuple[int, str, dict | None, str]]:
        pq = _pyarrow_parquet(self.path)
        start, stop, _ = spec
        bounds = self.group_bounds
        groups = [g for g in range(len(bounds) - 1) if bounds[g] < stop and bounds[g + 1] > start]
        table = pq.ParquetFile(self.path).read_row_groups(groups)
        table = table.slice(start - bounds[groups[0]], stop - start)
        return [(start + i + 1, f"第 {start + i + 1} 行", rec, "") for i, rec in enumerate(table.to_pylist())]

    def _documents(self, records, keep_ok: bool):
        from . import metadata as md
        from .corpus import DOCVARS, Document
        from .readers import normalize_text

        out, docs = _ChunkOut(), []

        def add(row: _Row) -> None:
            out.counts[row.status] = out.counts.get(row.status, 0) + 1
            if keep_ok or row.status != "ok":
                (out.ok_rows if row.status == "ok" else out.rows).append(row)

        for n, where, rec, problem in records:
            label = f"{self.name}:{n}"
            if rec is None:
                add(_Row(n, label, "corrupt", problem))
                continue
            text = rec.get(self.text_column)
            doc_id = label
            if self.id_column is not None and not md._is_blank(rec.get(self.id_column)):
                doc_id = str(rec[self.id_column]).strip()
            if md._is_blank(text) or not str(text).strip():
                add(_Row(n, label, "empty", f"文件 {self.name} {where}（{doc_id}）的正文列 {self.text_column} 是空的，"
                                            "已跳过。请补上正文，或删除这一条。", doc_id=""))
                continue
            if not isinstance(text, str):
                text = str(text)
            fields = {str(k): md._plain(v) for k, v in rec.items() if k not in (self.text_column, self.id_column)}
            fields, _moved = md.rename_reserved(fields)
            docvars: dict[str, Any] = {k: "" for k in DOCVARS}
            docvars.update({k: v for k, v in fields.items() if not md._is_blank(v)})
            try:
                docvars = md.clean_docvars(docvars, f"{self.name} {where}")
            except ZhiliError as exc:
                add(_Row(n, label, "bad_metadata", str(exc)))
                continue
            text = normalize_text(text, to_simplified=self.to_simplified)
            docs.append(Document(doc_id, text, docvars, str(self.path)))
            out.ids.append(doc_id)
            out.chars += len(text)
            add(_Row(n, label, "ok", "", doc_id=doc_id, encoding=self.encoding or "", chars=len(text)))
        out.n_docs = len(docs)
        return docs, out

    def finish(self, used, rows) -> list[_Row]:
        return []


def _pyarrow_parquet(path):
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise LoadError(f"读取 Parquet 文件 {Path(path).name} 需要 pyarrow：请运行 pip install pyarrow，"
                        "或把表格另存为 CSV / JSONL。", path=path, reason="unsupported") from None
    return pq


# ====================================================================== the lazy corpus


class LazyCorpus:
    """A corpus read ``chunk_size`` documents at a time; see :func:`scan_corpus`.

    Iterating gives :class:`~zhili.Corpus` chunks, always in the same order. ``report`` grows as
    chunks are read (every file or record that did not become a document), ``status_counts``
    counts every status, ``n_docs`` is the number of documents (known before reading for a
    folder — the files to read — and for Parquet; for CSV / JSONL after one quick scan of the
    bytes; exact after a full pass).
    """

    def __init__(self, plan, *, source: str, chunk_size: int, errors: str, client=None) -> None:
        self._plan = plan
        self.source = source
        self.chunk_size = chunk_size
        self.errors = errors
        self.client = client
        self._rows: dict[tuple, _Row] = {}
        self._counts: dict[str, int] = {}
        self._complete = False
        self._seen_ids: set[str] = set()
        self._n_read: int | None = None
        for row in plan.rows:
            self._add_row(row)
        self._raise_if_problems([r for r in plan.rows], when="scan")

    # ---------------------------------------------------------------- facts
    @property
    def n_docs(self) -> int | None:
        """Number of documents: exact after a full pass, else the records or files to read."""
        if self._n_read is not None:
            return self._n_read
        if self._plan.n_docs is None:
            self._plan.specs  # noqa: B018 - one scan of the bytes counts the records
        return self._plan.n_docs

    @property
    def n_chunks(self) -> int:
        return len(self._plan.specs)

    @property
    def report(self) -> pd.DataFrame:
        """Every file or record read so far that did not become a document as it was (status other
        than ``ok``), in the order ``load_corpus`` would list it; columns as ``Corpus.report``."""
        from .corpus import REPORT_COLUMNS

        rows = sorted(self._rows.values(), key=lambda r: (r.pos, r.file))
        return pd.DataFrame([r.as_dict() for r in rows], columns=REPORT_COLUMNS)

    @property
    def status_counts(self) -> pd.Series:
        """How many files (or records) have each status so far, ``ok`` included."""
        counts = self._counts if self._complete else getattr(self, "_pass_counts", {})
        if not counts:
            counts = {}
            for row in self._plan.rows:
                counts[row.status] = counts.get(row.status, 0) + 1
        return pd.Series(counts, dtype=np.int64, name="count").rename_axis("status").sort_index()

    def __repr__(self) -> str:
        n = self.n_docs if (self._n_read is not None or self._plan.n_docs is not None) else "?"
        return f"<LazyCorpus：{self.source}，{n} 篇文档，每块 {self.chunk_size} 篇>"

    # ---------------------------------------------------------------- reading
    def __iter__(self) -> Iterator:
        return self.chunks()

    def chunks(self, *, progress: bool | None = None) -> Iterator:
        """The documents as :class:`~zhili.Corpus` chunks, in order (read in this process)."""
        return _first(_local_map(self, _Job("corpus", keep_ok=True), progress=progress, desc="读取"))

    def collect(self, *, progress: bool | None = None):
        """Everything in one in-memory :class:`~zhili.Corpus` (for corpora that fit in memory),
        with the full load report (``ok`` rows included)."""
        from .corpus import REPORT_COLUMNS, Corpus

        docs, rows = [], []
        for chunk, out in _local_map(self, _Job("corpus", keep_ok=True), progress=progress, desc="读取"):
            docs.extend(chunk)
            rows.extend(out.ok_rows)
        rows = sorted([*rows, *self._rows.values()], key=lambda r: (r.pos, r.file))
        report = pd.DataFrame([r.as_dict() for r in rows], columns=REPORT_COLUMNS)
        return Corpus(docs, report, source=self.source)

    def tokenize(self, *, unit: str = "sentence", tokenizer=None, client=None, **options) -> LazyTokens:
        """Tokens of every chunk, made when an analysis reads them (see :func:`zhili.tokenize`)."""
        return LazyTokens(self, unit=unit, tokenizer=tokenizer, options=options, client=client)

    def _cache_fits(self) -> bool:
        """Whether tokenizing this corpus writes the token cache by default (see the module notes):
        only when its files take no more than the share of ``ZHILI_CACHE_MAX_MB`` an eviction
        leaves. Worked out once per corpus (a ``stat`` per file)."""
        if getattr(self, "_fits", None) is None:
            from .tokens import _EVICT_TO, _max_bytes

            self._fits = self._plan.n_bytes() <= _EVICT_TO * _max_bytes()
        return self._fits

    # ---------------------------------------------------------------- bookkeeping
    def _add_row(self, row: _Row) -> None:
        self._rows.setdefault((row.pos, row.file, row.status), row)

    def _start_pass(self) -> None:
        self._pass_counts: dict[str, int] = {}
        for row in self._plan.rows:
            self._pass_counts[row.status] = self._pass_counts.get(row.status, 0) + 1
        self._seen_ids = set()

    def _take(self, out: _ChunkOut) -> None:
        """Account for one chunk read."""
        for status, n in out.counts.items():
            self._pass_counts[status] = self._pass_counts.get(status, 0) + n
        if not self._complete and out.ids:
            dupes = [i for i in out.ids if i in self._seen_ids]
            self._seen_ids.update(out.ids)
            if dupes:
                raise ZhiliError(f"文件 {self.source} 中的文档编号重复：{'、'.join(dupes[:5])}。每篇文档的编号必须唯一："
                                 "请修正编号列（或用 id_column= 指定另一列；不给编号列时按记录序号编号）。")
        for row in out.rows:
            self._add_row(row)
        self._raise_if_problems(out.rows, when="chunk")

    def _finish(self, used: set[str], n_docs: int) -> None:
        """After a full pass: metadata lines no file used; counts and the number of documents are final."""
        if self._complete:
            return
        extra = self._plan.finish(used, list(self._rows.values()))
        for row in extra:
            self._add_row(row)
            self._pass_counts[row.status] = self._pass_counts.get(row.status, 0) + 1
        self._counts = dict(self._pass_counts)
        self._complete, self._n_read = True, n_docs
        self._seen_ids = set()
        self._raise_if_problems(extra, when="end")

    def _raise_if_problems(self, rows: list[_Row], *, when: str) -> None:
        from .files import NOT_PROBLEMS

        if self.errors != "raise":
            return
        problems = [r.message or f"{r.file}：{r.status}" for r in rows if r.status not in NOT_PROBLEMS]
        if problems:
            shown = "\n".join(f"  - {p}" for p in problems[:10])
            more = f"\n  … 另有 {len(problems) - 10} 个问题" if len(problems) > 10 else ""
            raise LoadError(f"读取语料 {self.source} 时发现 {len(problems)} 个问题：\n{shown}{more}\n"
                            "可逐一修正后重试；或使用 errors=\"report\" 跳过有问题的文件继续处理，之后查看 .report。",
                            path=None, reason="several" if len(problems) > 1 else "error")


class LazyTokens:
    """Tokens of a :class:`LazyCorpus`, made chunk by chunk when an analysis reads them.

    Made by ``zl.tokenize(lazy_corpus, unit=…, **options)``; iterating gives one
    :class:`~zhili.Tokens` per chunk.
    """

    def __init__(self, corpus: LazyCorpus, *, unit: str, tokenizer=None, options: dict | None = None, client=None) -> None:
        from .units import UNITS

        check_choice("unit", unit, UNITS)
        if tokenizer is not None and options:
            raise ZhiliError(f"已传入 tokenizer，就不能再传入分词选项 {sorted(options)}：请把选项交给 Tokenizer(...)。")
        options = dict(options or {})
        if tokenizer is None:
            from .tokens import Tokenizer

            Tokenizer(**options)  # check the options now, in Chinese, not on a worker
            if "cache" not in options:
                options["cache"] = corpus._cache_fits()
        self.corpus, self.unit = corpus, unit
        self.tokenizer, self.options = tokenizer, options
        self.client = client

    def __repr__(self) -> str:
        return f"<LazyTokens：{self.corpus!r}，按 {self.unit} 分词>"

    def __iter__(self) -> Iterator:
        job = _Job("tokens", unit=self.unit, tokenizer=self.tokenizer, options=self.options)
        return _first(_local_map(self.corpus, job, progress=None, desc="分词"))


def _first(pairs):
    """The first item of each pair, holding no reference to it between steps."""
    for pair in pairs:
        box = [pair[0]]
        del pair
        yield box.pop()


def scan_corpus(source, *, chunk_size: int = 1000, metadata=None, errors: str = "raise", to_simplified: bool = False,
                ignore: Sequence[str] = (), max_mb: float | None = None, text_column: str | None = None,
                id_column: str | None = None, encoding: str | None = None, client=None) -> LazyCorpus:
    """A corpus too large for memory, read ``chunk_size`` documents at a time.

    Parameters
    ----------
    source : path or list of paths
        A folder (or files and folders) as for :func:`zhili.load_corpus` — same file policy,
        metadata table, front matter and load report — or one large table with a document per
        record: ``.csv`` / ``.tsv`` (UTF-8 or GB18030), ``.jsonl`` (one JSON object a line) or
        ``.parquet`` (needs pyarrow).
    chunk_size : int, default 1000
        Documents per chunk: memory grows with it, and so does the work one Dask task does.
    metadata, errors, to_simplified, ignore, max_mb
        As for :func:`zhili.load_corpus` (``max_mb`` defaults to its 100 MB per file). With
        ``errors="raise"`` a problem stops the pass where it is found, naming the file.
    text_column, id_column : str, optional
        For a table: the column with the text (default the first of ``text``, ``正文``,
        ``content``, ``内容``, ``全文``) and the one with the document id (default ``doc_id``,
        ``id`` or ``编号``; otherwise ``<file>:<record number>``). Every other column becomes a
        docvar; ``level`` and ``date`` are checked as in a metadata table.
    encoding : str, optional
        For CSV / JSONL: the encoding (detected as UTF-8 or GB18030 when omitted).
    client : dask.distributed.Client, optional
        Run the analyses of this corpus on a Dask cluster (see :mod:`zhili.streaming`).

    Returns
    -------
    LazyCorpus

    Examples
    --------
    >>> import tempfile, pathlib, zhili as zl
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> for i, t in enumerate(["推进共同缔造。", "坚持四权同下。", "共同缔造见效。"]):
    ...     _ = (folder / f"d{i}.txt").write_text(t, encoding="utf-8")
    >>> lazy = zl.scan_corpus(folder, chunk_size=2)
    >>> lazy.n_docs, [len(c) for c in lazy]
    (3, [2, 1])
    >>> m = zl.dtm(zl.tokenize(lazy, cache=False))
    >>> m.to_frame()["共同缔造"].tolist()
    [1, 0, 1]
    >>> table = folder / "policies.csv"
    >>> _ = table.write_text("编号,标题\\nA1,推进共同缔造\\n", encoding="utf-8")
    >>> zl.scan_corpus(table)
    Traceback (most recent call last):
    ...
    zhili._errors.LoadError: 文件 policies.csv 中找不到正文列：没有名为 text、正文、content、内容、全文 的列（现有的列：编号、标题）。请用 text_column="列名" 指出哪一列是正文，例如 zl.scan_corpus("policies.csv", text_column="编号")。
    >>> lazy = zl.scan_corpus(table, text_column="标题")
    >>> [d.doc_id for d in next(iter(lazy))]
    ['A1']
    """
    from .corpus import _inputs, _source_label
    from .readers import DEFAULT_MAX_MB

    check_positive_int("chunk_size", chunk_size)
    check_choice("errors", errors, ("raise", "report"))
    inputs = _inputs(source)
    label = _source_label(source)
    if len(inputs) == 1 and inputs[0].is_file() and inputs[0].suffix.lower() in TABLE_SUFFIXES:
        if metadata is not None:
            raise ZhiliError(f"{inputs[0].name} 是一个表格语料：文档变量就是它的其他列，不需要 metadata 参数。")
        plan = _TablePlan(inputs[0], errors=errors, to_simplified=to_simplified, chunk_size=chunk_size,
                          text_column=text_column, id_column=id_column, encoding=encoding)
    else:
        if text_column is not None or id_column is not None or encoding is not None:
            raise ZhiliError("text_column、id_column、encoding 只用于单个 CSV / JSONL / Parquet 表格语料；"
                             "读取文件夹时请去掉这些参数。")
        plan = _FolderPlan(inputs if len(inputs) > 1 else inputs[0], metadata, errors=errors,
                           to_simplified=to_simplified, ignore=ignore,
                           max_mb=DEFAULT_MAX_MB if max_mb is None else max_mb, chunk_size=chunk_size)
    plan.label = label
    return LazyCorpus(plan, source=label, chunk_size=chunk_size, errors=errors, client=client)


# ====================================================================== running chunks


@dataclass
class _Job:
    """What to do with one chunk: read it, tokenize it (``unit``), and compute a partial result."""

    kind: str
    unit: str | None = None
    tokenizer: Any = None
    options: dict = field(default_factory=dict)
    kwargs: dict = field(default_factory=dict)
    keep_ok: bool = False
    worker: bool = False


_TOKENIZERS: dict[str, Any] = {}


def _tokenizer(job: _Job):
    """One Tokenizer per process and settings (its dictionary loads once, not once per chunk)."""
    if job.tokenizer is not None:
        return job.tokenizer
    from .tokens import Tokenizer

    key = repr(sorted(job.options.items(), key=lambda kv: kv[0]))
    if key not in _TOKENIZERS:
        if len(_TOKENIZERS) > 8:
            _TOKENIZERS.clear()
        _TOKENIZERS[key] = Tokenizer(**job.options)
    return _TOKENIZERS[key]


def _tokens(corpus, job: _Job):
    from .tokens import tokenize

    return tokenize(corpus, unit=job.unit, tokenizer=_tokenizer(job), progress=False, n_jobs=1 if job.worker else None)


def _run_chunk(plan, spec, job: _Job):
    """Read one chunk, tokenize it if the job asks, and compute the job's partial result."""
    from .corpus import Corpus

    from .corpus import REPORT_COLUMNS

    docs, out = plan.read(spec, keep_ok=job.keep_ok)
    if job.kind == "corpus":
        rows = sorted([*out.rows, *out.ok_rows], key=lambda r: (r.pos, r.file))
        return Corpus(docs, pd.DataFrame([r.as_dict() for r in rows], columns=REPORT_COLUMNS), source=plan.label), out
    corpus = Corpus(docs, source=plan.label)
    if not len(corpus) and job.kind != "tokens":
        return None, out
    data = _tokens(corpus, job) if job.unit is not None else corpus
    if job.kind == "tokens":
        return data, out
    with warnings.catch_warnings():
        # the text-versus-tokens warnings would speak of one chunk, not of the corpus
        warnings.simplefilter("ignore", ZhiliWarning)
        return _PARTIALS[job.kind](data, corpus, **job.kwargs), out


def _bar(lazy: LazyCorpus, progress: bool | None, desc: str):
    from tqdm import tqdm

    # like the kit's other bars: plain text, shown only for work that takes more than a few seconds
    return tqdm(total=lazy.n_chunks, desc=desc, unit="块", delay=0 if progress else 3, disable=progress is False,
                leave=False)


def _local_map(lazy: LazyCorpus, job: _Job, *, progress: bool | None, desc: str):
    """(partial, chunk info) for every chunk, in order, in this process."""
    plan = lazy._plan
    used: set[str] = set()
    n = 0
    bar = _bar(lazy, progress, desc)
    lazy._start_pass()
    try:
        for spec in plan.specs:
            result, out = _run_chunk(plan, spec, job)
            lazy._take(out)
            used |= out.used
            n += out.n_docs
            # handed over without keeping a reference here: a chunk lives as long as its reader keeps it
            box = [(result, out)]
            del result
            yield box.pop()
            bar.update(1)
    finally:
        bar.close()
    lazy._finish(used, n)


def _dask_map(lazy: LazyCorpus, job: _Job, client, *, progress: bool | None, desc: str):
    """The same on a Dask cluster: tasks read their own chunk; results are taken in chunk order."""
    from dask.distributed import as_completed

    plan = lazy._plan
    job = _Job(job.kind, job.unit, job.tokenizer, job.options, job.kwargs, job.keep_ok, worker=True)
    specs = plan.specs
    lazy._start_pass()
    # the plan without its list of files: each task carries its own chunk's files
    [plan_f] = client.scatter([plan.light()], broadcast=True, hash=False)
    [job_f] = client.scatter([job], broadcast=True, hash=False)
    futures = [client.submit(_run_chunk, plan_f, spec, job_f, pure=False, key=f"zhili-chunk-{i}-{time.time_ns()}")
               for i, spec in enumerate(specs)]
    done: dict[int, Any] = {}
    index = {f.key: i for i, f in enumerate(futures)}
    used: set[str] = set()
    n, nxt = 0, 0
    bar = _bar(lazy, progress, desc)
    try:
        for future in as_completed(futures):
            done[index[future.key]] = future
            bar.update(1)
            while nxt in done:
                result, out = done.pop(nxt).result()
                futures[nxt] = None  # let the cluster forget it
                lazy._take(out)
                used |= out.used
                n += out.n_docs
                nxt += 1
                box = [(result, out)]
                del result
                yield box.pop()
    finally:
        bar.close()
        for f in futures:
            if f is not None:
                f.cancel()
    lazy._finish(used, n)


def _map(data, job: _Job, client, *, progress: bool | None, desc: str):
    lazy = data.corpus if isinstance(data, LazyTokens) else data
    client = client if client is not None else (getattr(data, "client", None) or lazy.client)
    if client is None:
        return _local_map(lazy, job, progress=progress, desc=desc)
    return _dask_map(lazy, job, client, progress=progress, desc=desc)


def _job(data, kind: str, *, tokens: bool, **kwargs) -> _Job:
    """The job for ``kind`` on a LazyTokens (its tokenizer) or a LazyCorpus (default tokenizing)."""
    if isinstance(data, LazyTokens):
        return _Job(kind, unit=data.unit, tokenizer=data.tokenizer, options=data.options, kwargs=kwargs)
    return _Job(kind, unit="sentence" if tokens else None, options={"cache": data._cache_fits()} if tokens else {},
                kwargs=kwargs)


def _check_client(data, client) -> None:
    if client is not None and not is_lazy(data):
        raise ZhiliError("client= 用于 zl.scan_corpus(...) 得到的惰性语料：先用 lazy = zl.scan_corpus(路径) 读取，"
                         "再把 lazy（或 zl.tokenize(lazy)）交给分析函数；内存中的语料请去掉 client。")


# ====================================================================== partial results (run on each chunk)


def _part_dtm(toks, corpus, *, by, min_length, vocabulary):
    from .analysis.matrix import dtm

    if by in ("document", "unit"):
        m = dtm(toks, by=by, min_length=min_length, vocabulary=vocabulary)
        return m.matrix, m.terms, m.rows.drop(columns="n_tokens")
    present = _fill_docvar(corpus, by)
    m = dtm(toks, by=by, min_length=min_length, vocabulary=vocabulary)
    return m.matrix, m.terms, m.rows[by].tolist(), present


def _part_term_totals(toks, corpus, *, min_length, vocabulary):
    from .analysis.matrix import dtm

    m = dtm(toks, by="document", min_length=min_length, vocabulary=vocabulary)
    return m.terms, np.asarray(m.matrix.sum(axis=0)).ravel().astype(np.int64)


def _part_cooc(toks, corpus, *, context, window, min_length, vocabulary):
    from .analysis.network import _count

    c = _count(toks, context=context, window=window, top_n=None, min_count=1, min_length=min_length,
               vocabulary=vocabulary)
    return c


def _part_count_terms(data, corpus, *, terms, by, unit, mode, whole_word, aliases, regex, cache=True):
    from .analysis.counts import count_terms

    present = True
    if by not in (None, "document", "unit"):
        present = _fill_docvar(corpus, by)
    if whole_word and not hasattr(data, "tokens"):
        data = _tokens(corpus, _Job("tokens", unit=unit or "sentence", options={"cache": cache}))
    if hasattr(data, "tokens"):
        unit = None
    table = count_terms(data, terms, by=by, unit=unit, mode=mode, whole_word=whole_word, aliases=aliases, regex=regex)
    n_chars, table.attrs = table.attrs["n_chars"], {}
    return table, n_chars, present


def _part_code(data, corpus, *, unit, level, framework, match, tokenize_first, cache=True):
    from .analysis.coding import code_framework

    if tokenize_first:
        from .theory import framework as default_framework

        fw = framework if framework is not None else default_framework()
        extra = sorted(set(fw.terms()) - set(default_framework().terms())) if fw is not default_framework() else []
        data = _tokens(corpus, _Job("tokens", unit=unit, options={"user_terms": extra, "cache": cache} if extra
                                    else {"cache": cache}))
    table = code_framework(data, unit=unit, level=level, framework=framework, match=match)
    base = table.iloc[:, : list(table.columns).index("categories") + 1]
    return base, corpus.docvars, table.attrs


def _part_keyness(toks, corpus, *, target, by):
    from .analysis.matrix import dtm

    ids = np.asarray(corpus.doc_ids, dtype=object)
    seen: set[str] = set()
    present = False
    if by is not None:
        present = _fill_docvar(corpus, by)
        values = corpus.docvars[by].astype(str).to_numpy() if len(corpus) else np.array([], dtype=object)
        mask = np.isin(values, list(target)) if len(values) else np.zeros(0, dtype=bool)
        seen = set(values.tolist())
    else:
        mask = np.isin(ids, list(target)) if len(ids) else np.zeros(0, dtype=bool)
        seen = set(ids[mask].tolist())
    m = dtm(toks, by="document")
    # tokens per document from the columns (offsets and document index), no lists of strings
    doc_tokens = np.bincount(np.asarray(toks.doc_index, dtype=np.int64), weights=toks.lengths,
                             minlength=len(corpus)).astype(np.float64)
    a = np.asarray(m.matrix[mask].sum(axis=0)).ravel().astype(np.int64) if len(ids) else np.zeros(len(m.terms), np.int64)
    b = np.asarray(m.matrix[~mask].sum(axis=0)).ravel().astype(np.int64) if len(ids) else np.zeros(len(m.terms), np.int64)
    return (m.terms, a, b, doc_tokens[mask].sum(), doc_tokens[~mask].sum(), int(mask.sum()), int((~mask).sum()), seen,
            present)


_PARTIALS = {"dtm": _part_dtm, "term_totals": _part_term_totals, "cooc": _part_cooc, "count_terms": _part_count_terms,
             "code": _part_code, "keyness": _part_keyness}


def _fill_docvar(corpus, by: str) -> bool:
    """Give every document of the chunk the docvar ``by`` (missing as NaN, as in the whole
    corpus's table); False when no document of the chunk has it."""
    present = any(by in d.docvars for d in corpus) or by in ("doc_id", "n_chars")
    if not present or any(by not in d.docvars for d in corpus):
        for d in corpus:
            d.docvars.setdefault(by, float("nan"))
    return present


# ====================================================================== combining


def _union(term_lists: list[list[str]], vocabulary: list[str] | None) -> list[str]:
    if vocabulary is not None:
        return list(dict.fromkeys(vocabulary))
    terms: set[str] = set()
    for t in term_lists:
        terms.update(t)
    return sorted(terms)


def _remap(matrix, terms: list[str], index: dict[str, int], n: int, *, square: bool = False):
    """Columns (and rows when ``square``) renumbered from a chunk's terms into the union's."""
    from scipy import sparse

    where = np.fromiter((index[t] for t in terms), dtype=np.int64, count=len(terms))
    coo = sparse.coo_matrix(matrix)
    rows = where[coo.row] if square else coo.row
    shape = (n, n) if square else (matrix.shape[0], n)
    out = sparse.csr_matrix((coo.data.astype(np.int64), (rows, where[coo.col])), shape=shape)
    out.sum_duplicates()
    return out


class _RowStack:
    """Rows of the chunks' matrices, one chunk after the other, as one CSR matrix built once.

    Each chunk's columns are renumbered on arrival into one growing vocabulary (numbers in order
    of first sight), and only its row lengths, column numbers (int32) and counts are kept — no
    renumbered copies of whole matrices, no stack of blocks next to the result. :meth:`finish`
    sorts the vocabulary (or keeps ``vocabulary`` as given), copies the chunks into the final
    arrays one at a time, letting each go, and sorts every row's columns in place.
    """

    def __init__(self, vocabulary: list[str] | None) -> None:
        self.fixed = vocabulary is not None
        self.index: dict[str, int] = {t: i for i, t in enumerate(dict.fromkeys(vocabulary or []))}
        self.row_nnz: list[np.ndarray] = []
        self.indices: list[np.ndarray | None] = []
        self.data: list[np.ndarray | None] = []

    def add(self, matrix, terms: list[str]) -> None:
        from scipy import sparse

        m = sparse.csr_matrix(matrix)
        index = self.index
        where = np.fromiter((index[t] if t in index else index.setdefault(t, len(index)) for t in terms),
                            dtype=np.int32, count=len(terms))
        self.row_nnz.append(np.diff(m.indptr).astype(np.int64))
        self.indices.append(where[m.indices] if len(m.indices) else np.zeros(0, dtype=np.int32))
        data = m.data
        if len(data) and data.max() <= np.iinfo(np.int32).max and data.min() >= np.iinfo(np.int32).min:
            data = data.astype(np.int32)  # counts: half the memory while the chunks wait
        self.data.append(data)

    def finish(self):
        """``(terms, matrix)``: sorted terms (or the vocabulary) and the int64 CSR matrix."""
        from scipy import sparse

        terms = list(self.index)
        rank = None
        if not self.fixed and terms:
            order = sorted(range(len(terms)), key=terms.__getitem__)
            rank = np.empty(len(terms), dtype=np.int32)
            rank[order] = np.arange(len(terms), dtype=np.int32)
            terms = [terms[i] for i in order]
        lengths = np.concatenate(self.row_nnz) if self.row_nnz else np.zeros(0, dtype=np.int64)
        self.row_nnz = []
        nnz = int(lengths.sum())
        small = max(nnz, len(terms), len(lengths)) < np.iinfo(np.int32).max
        index_dtype = np.int32 if small else np.int64  # as scipy would choose (both arrays alike)
        indptr = np.zeros(len(lengths) + 1, dtype=index_dtype)
        np.cumsum(lengths, out=indptr[1:])
        indices = np.empty(nnz, dtype=index_dtype)
        values = np.empty(nnz, dtype=np.int64)
        at = 0
        for k in range(len(self.indices)):
            cols, counts = self.indices[k], self.data[k]
            self.indices[k] = self.data[k] = None
            n = len(cols)
            indices[at:at + n] = rank[cols] if rank is not None and n else cols
            values[at:at + n] = counts
            at += n
            del cols, counts
        matrix = sparse.csr_matrix((values, indices, indptr), shape=(len(lengths), len(terms)), copy=False)
        matrix.has_sorted_indices = False
        matrix.sort_indices()  # in place; rows of a chunk had their columns sorted in the chunk's order
        return terms, matrix


def _missing_by(by: str, present: bool, columns) -> None:
    if not present:
        listed = "、".join(["document", "unit", *map(str, columns)])
        raise ZhiliError(f"参数 by={by!r} 无效：可选 {listed}。")


def dtm(data, *, by: str = "document", min_count: int = 1, min_length: int = 1, vocabulary=None, client=None,
        progress: bool | None = None):
    """:func:`zhili.dtm` of a lazy corpus, chunk by chunk (the same matrix as the in-memory call)."""
    from scipy import sparse

    from .analysis.matrix import _finish_dtm

    check_positive_int("min_count", min_count)
    check_positive_int("min_length", min_length)
    if vocabulary is not None and not list(dict.fromkeys(vocabulary)):
        raise ZhiliError("vocabulary 为空：请至少给出一个词。")
    if by in ("document", "unit"):
        # rows stacked as the chunks arrive (columns renumbered into one growing vocabulary); the
        # CSR matrix is built once at the end, each chunk's arrays let go as they are copied in
        stack, frames = _RowStack(vocabulary), []
        for part, _ in _map(data, _job(data, "dtm", tokens=True, by=by, min_length=min_length, vocabulary=vocabulary),
                            client, progress=progress, desc="文档-词矩阵"):
            if part is None:
                continue
            stack.add(part[0], part[1])
            frames.append(part[2])
            del part
        terms, matrix = stack.finish()
        rows = pd.concat(frames, ignore_index=True) if frames else \
            pd.DataFrame(columns=["doc_id"] if by == "document" else ["doc_id", "unit_id"])
        del frames
    else:
        parts, present = [], False
        for part, _ in _map(data, _job(data, "dtm", tokens=True, by=by, min_length=min_length, vocabulary=vocabulary),
                            client, progress=progress, desc="文档-词矩阵"):
            if part is None:
                continue
            parts.append(part)
            present |= part[3]
        terms = _union([p[1] for p in parts], vocabulary)
        index = {t: i for i, t in enumerate(terms)}
        _missing_by(by, present or not parts, _docvar_names(data))
        levels = sorted({v for p in parts for v in p[2]})
        where = {v: i for i, v in enumerate(levels)}
        matrix = sparse.csr_matrix((len(levels), len(terms)), dtype=np.int64)
        for p in parts:
            m = _remap(p[0], p[1], index, len(terms))
            group = np.fromiter((where[v] for v in p[2]), dtype=np.int64, count=len(p[2]))
            matrix = matrix + sparse.csr_matrix((np.ones(len(group), dtype=np.int64), (group, np.arange(len(group)))),
                                                shape=(len(levels), len(group))) @ m
        rows = pd.DataFrame({by: levels})
        del parts
    return _finish_dtm(matrix.tocsr(), terms, rows, by, min_count)


def _docvar_names(data) -> list[str]:
    from .metadata import DOCVARS

    return ["n_chars", *DOCVARS]


def _cooc_counts(data, *, context, window, top_n, min_count, min_length, vocabulary, client, progress):
    """The co-occurrence counts (``network._Counts``) of a lazy corpus; a first pass counts terms
    when ``top_n`` or ``min_count`` decide which terms are kept."""
    from scipy import sparse

    from .analysis.network import _Counts, _check_count_options, _ranks

    _check_count_options(context=context, window=window, top_n=top_n, min_count=min_count, min_length=min_length)
    if vocabulary is not None:
        vocabulary = list(dict.fromkeys(vocabulary))
        if not vocabulary:
            raise ZhiliError("vocabulary 为空：请至少给出一个词。")
    terms = vocabulary
    if top_n is not None or min_count > 1:
        totals: dict[str, int] = {}
        for part, _ in _map(data, _job(data, "term_totals", tokens=True, min_length=min_length, vocabulary=vocabulary),
                            client, progress=progress, desc="共现（数词）"):
            if part is None:
                continue
            t, s = part
            for term, n in zip(t, s.tolist()):
                totals[term] = totals.get(term, 0) + n
        terms = vocabulary if vocabulary is not None else sorted(totals)
        counts = np.array([totals.get(t, 0) for t in terms], dtype=np.int64)
        if min_count > 1 and len(terms):
            keep = np.flatnonzero(counts >= min_count)
            terms, counts = [terms[i] for i in keep], counts[keep]
        if top_n is not None and top_n < len(terms):
            order = np.lexsort((_ranks(terms), -counts))
            keep = np.sort(order[:top_n])
            terms = [terms[i] for i in keep]
    # a stand-in term no token can equal keeps the chunks' counts shaped when nothing is kept
    asked = terms if terms is None or terms else ["\x00"]
    parts = []
    for c, _ in _map(data, _job(data, "cooc", tokens=True, context=context, window=window, min_length=min_length,
                                vocabulary=asked), client, progress=progress, desc="共现"):
        if c is not None:
            parts.append(c)
    final = _union([p.terms for p in parts], asked)
    index = {t: i for i, t in enumerate(final)}
    n = len(final)
    matrix = sparse.csr_matrix((n, n), dtype=np.int64)
    counts, doc_counts, marginals = (np.zeros(n, dtype=np.int64) for _ in range(3))
    n_contexts = 0
    for p in parts:
        where = np.fromiter((index[t] for t in p.terms), dtype=np.int64, count=len(p.terms))
        matrix = matrix + _remap(p.matrix, p.terms, index, n, square=True)
        np.add.at(counts, where, p.counts)
        np.add.at(doc_counts, where, p.doc_counts)
        np.add.at(marginals, where, p.marginals)
        n_contexts += int(p.n_contexts)
    if terms is not None and not terms:
        final, matrix = [], sparse.csr_matrix((0, 0), dtype=np.int64)
        counts, doc_counts, marginals = (np.zeros(0, dtype=np.int64) for _ in range(3))
    matrix = matrix.tocsr()
    matrix.eliminate_zeros()
    return _Counts(matrix.astype(np.int64), final, counts, doc_counts, marginals, n_contexts)


def cooccurrence_matrix(data, *, context="unit", window=5, top_n=None, min_count=1, min_length=2, vocabulary=None,
                        client=None, progress=None):
    """:func:`zhili.cooccurrence_matrix` of a lazy corpus (the same counts as the in-memory call)."""
    from .analysis.network import Cooccurrence

    c = _cooc_counts(data, context=context, window=window, top_n=top_n, min_count=min_count, min_length=min_length,
                     vocabulary=vocabulary, client=client, progress=progress)
    return Cooccurrence(c.matrix, c.terms, pd.Series(c.counts, index=pd.Index(c.terms, name="term"), name="count",
                                                     dtype=np.int64))


class Precounted:
    """Co-occurrence counts already made (streamed), handed to the kit's own network builder.

    Its corpus is empty, so the network's check of counts against the text finds nothing to say.
    """

    def __init__(self, counts) -> None:
        from .corpus import Corpus

        self.counts = counts
        self.corpus = Corpus([])


def cooccurrence_network(data, *, context="unit", window=5, measure="count", top_n=100, min_count=2, min_edge=None,
                         max_edges=None, min_length=2, client=None, progress=None):
    """:func:`zhili.cooccurrence_network` of a lazy corpus (the same graph as the in-memory call)."""
    from .analysis.network import _MEASURES, cooccurrence_network as build

    check_choice("measure", measure, _MEASURES)
    c = _cooc_counts(data, context=context, window=window, top_n=top_n, min_count=min_count, min_length=min_length,
                     vocabulary=None, client=client, progress=progress)
    return build(Precounted(c), context=context, window=window, measure=measure, top_n=top_n, min_count=min_count,
                 min_edge=min_edge, max_edges=max_edges, min_length=min_length)


def count_terms(data, terms, *, by="document", unit=None, mode="all", whole_word=False, aliases=True, regex=False,
                normalize=False, client=None, progress=None):
    """:func:`zhili.count_terms` of a lazy corpus (the same table as the in-memory call)."""
    from .matching import TermMatcher

    if by is not None and not isinstance(by, str):
        raise ZhiliError(f"参数 by 应为 \"document\"、\"unit\"、文档变量名或 None，收到的是 {type(by).__name__}。")
    if isinstance(data, LazyTokens):
        if unit is not None and unit != data.unit:
            raise ZhiliError(f"这些分词结果是按 {data.unit!r} 切分的，不能再按 unit={unit!r} 统计："
                             f"请省略 unit，或用 zl.tokenize(corpus, unit={unit!r}) 重新分词。")
        unit = data.unit
    if whole_word and regex:
        raise ZhiliError("whole_word=True 按完整的词计数，不能与 regex=True 同用：请二选一。")
    columns = list(TermMatcher(terms, mode=mode, aliases=aliases, regex=regex).terms)
    job = _job(data, "count_terms", tokens=False, terms=terms, by=by, unit=unit, mode=mode, whole_word=whole_word,
               aliases=aliases, regex=regex, cache=_lazy(data)._cache_fits() if whole_word else True)
    if isinstance(data, LazyTokens) and not whole_word:
        job.unit = None  # the term engine reads the text: no need to tokenize
    tables, chars, present = [], [], False
    for part, _ in _map(data, job, client, progress=progress, desc="数词"):
        if part is None:
            continue
        table, n_chars, here = part
        tables.append(table)
        chars.append(n_chars)
        present |= here
    name = {None: "全部", "document": "doc_id", "unit": "unit_id"}.get(by, by)
    if by not in (None, "document", "unit"):
        _missing_by(by, present or not tables, _docvar_names(data))
    if by in ("document", "unit"):
        out = pd.concat(tables) if tables else pd.DataFrame(columns=columns, dtype=np.int64)
        n = pd.concat(chars) if chars else pd.Series(dtype=np.int64)
    else:
        labels = ["全部"] if by is None else sorted({v for t in tables for v in t.index})
        out = pd.DataFrame(0, index=pd.Index(labels, name=name), columns=columns, dtype=np.int64)
        n = pd.Series(0, index=out.index, dtype=np.int64)
        for t, c in zip(tables, chars):
            out = out.add(t.reindex(labels, fill_value=0).set_axis(out.index), fill_value=0).astype(np.int64)
            n = n.add(c.reindex(labels, fill_value=0).set_axis(out.index), fill_value=0).astype(np.int64)
    values = out.to_numpy(dtype=np.int64).reshape(len(out), len(columns))
    counts = n.to_numpy(dtype=np.int64)
    if normalize:
        values = np.where(counts[:, None] > 0, values * 10_000 / np.maximum(counts, 1)[:, None], 0.0)
    index = pd.Index(out.index.tolist(), name=name)
    table = pd.DataFrame(values, index=index, columns=columns)
    table.attrs = {"n_chars": pd.Series(counts, index=table.index), "mode": mode, "whole_word": whole_word}
    return table


def code_framework(data, *, unit="sentence", level="dimension", framework=None, match="token", client=None,
                   progress=None):
    """:func:`zhili.code_framework` of a lazy corpus (the same table as the in-memory call)."""
    from .analysis.coding import _join_docvars
    from .theory import Framework

    check_choice("match", match, ("token", "text"))
    if framework is not None and not isinstance(framework, Framework):
        raise ZhiliError(f"参数 framework 应为 zl.framework() 返回的框架对象，收到的是 {type(framework).__name__}。")
    if isinstance(data, LazyTokens):
        job = _job(data, "code", tokens=True, unit=unit, level=level, framework=framework, match=match,
                   tokenize_first=False)
    else:
        from .units import UNITS

        check_choice("unit", unit, UNITS)
        first = match == "token" and level != "theory"
        job = _Job("code", kwargs={"unit": unit, "level": level, "framework": framework, "match": match,
                                   "tokenize_first": first, "cache": data._cache_fits() if first else True})
    bases, docvars, attrs = [], [], {}
    for part, _ in _map(data, job, client, progress=progress, desc="框架编码"):
        if part is None:
            continue
        base, dv, attrs = part
        bases.append(base)
        docvars.append(dv)
    if not bases:
        raise ZhiliError(f"语料 {_source(data)} 中没有可编码的文档。")
    bases = [b for b in bases if len(b)] or bases[:1]
    table = pd.concat(bases, ignore_index=True) if len(bases) > 1 else bases[0].reset_index(drop=True)
    out = _join_docvars(table, _Docvars(_docvars_table(docvars)))
    out.attrs = attrs
    return out


@dataclass
class _Docvars:
    docvars: pd.DataFrame


def _docvars_table(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The chunks' docvars as one table, with the columns in ``Corpus.docvars`` order."""
    from .metadata import DOCVARS

    frames = [f for f in frames if len(f)] or frames[:1]
    table = pd.concat(frames) if len(frames) > 1 else frames[0]
    lead = ["n_chars", *DOCVARS]
    tail = [c for c in ("file", "encoding") if c in table.columns]
    other = [c for c in table.columns if c not in lead and c not in tail]
    return table[[c for c in lead if c in table.columns] + other + tail]


def keyness(data, target, *, by=None, measure="g2", min_count=1, correction=False, p_adjust=None, client=None,
            progress=None):
    """:func:`zhili.keyness` of a lazy corpus (the same table as the in-memory call).

    ``target`` is a list of ``doc_id``, a docvar value (or values) with ``by=``, or a boolean
    Series indexed by ``doc_id`` (a plain list of True/False has no place in a corpus read in chunks).
    """
    from .analysis.keyness import _P_ADJUST, keyness_table

    check_choice("measure", measure, ("g2", "chi2"))
    check_positive_int("min_count", min_count)
    check_choice("p_adjust", p_adjust, _P_ADJUST)
    if by is not None:
        wanted = [target] if isinstance(target, (str, bool, int, float, np.generic)) else list(target)
        wanted = {str(v) for v in wanted}
    else:
        if isinstance(target, pd.Series) and target.dtype == bool:
            target = target.index[target.to_numpy()].astype(str).tolist() or ["\x00"]
        elif isinstance(target, str):
            target = [target]
        items = list(target) if isinstance(target, (Sequence, np.ndarray)) else None
        if items is None or not all(isinstance(v, str) for v in items):
            raise ZhiliError("惰性语料（zl.scan_corpus）的 keyness：target 请给出 doc_id 列表，或配合 by=\"文档变量\" "
                             "给出取值，或用以 doc_id 为索引的布尔 Series；分块读取时无法按位置对应一串 True/False。")
        wanted = set(items)
    terms_l, a_l, b_l = [], [], []
    big_t = big_r = 0.0
    n_t = n_r = 0
    seen: set[str] = set()
    job = _job(data, "keyness", tokens=True, target=sorted(wanted), by=by)
    present = False
    for part, _ in _map(data, job, client, progress=progress, desc="关键性"):
        if part is None:
            continue
        t, a, b, tt, rr, nt, nr, s, here = part
        present |= here
        terms_l.append(t)
        a_l.append(a)
        b_l.append(b)
        big_t += tt
        big_r += rr
        n_t += nt
        n_r += nr
        seen |= s
    if n_t + n_r == 0:
        raise ZhiliError("语料中没有文档：无法比较目标组与参照组。")
    if by is not None:
        if not present:
            raise ZhiliError(f"参数 by={by!r} 无效：语料没有这个文档变量。")
        missing = sorted(wanted - seen)
        if missing:
            raise ZhiliError(f"目标组没有文档：文档变量 {by!r} 中没有取值 {'、'.join(missing)}。可选取值：{'、'.join(sorted(seen))}。")
    else:
        unknown = sorted(wanted - seen - {"\x00"})
        if unknown:
            raise ZhiliError(f"语料中没有这些 doc_id：{'、'.join(unknown[:5])}{' 等' if len(unknown) > 5 else ''}。"
                             "若要按文档变量选择，请同时给出 by=\"变量名\"。")
    if n_t == 0:
        raise ZhiliError(f"目标组没有文档：target={target!r}" + (f"（by={by!r}）" if by else "") + " 没有选中任何文档。")
    if n_r == 0:
        raise ZhiliError("参照组为空：target 选中了全部文档，没有可对比的其余文档。请缩小目标组。")
    if big_t == 0:
        raise ZhiliError("目标组的文档分词后没有任何词：无法计算关键性。")
    if big_r == 0:
        raise ZhiliError("参照组的文档分词后没有任何词：无法计算关键性。")
    terms = _union(terms_l, None)
    index = {t: i for i, t in enumerate(terms)}
    a = np.zeros(len(terms), dtype=np.int64)
    b = np.zeros(len(terms), dtype=np.int64)
    for t, x, y in zip(terms_l, a_l, b_l):
        where = np.fromiter((index[w] for w in t), dtype=np.int64, count=len(t))
        np.add.at(a, where, x)
        np.add.at(b, where, y)
    return keyness_table(terms, a.astype(np.float64), b.astype(np.float64), big_t, big_r, min_count=min_count,
                         measure=measure, correction=correction, p_adjust=p_adjust)


def tokenize(data, *, unit="sentence", tokenizer=None, n_jobs=None, progress=None, **options) -> LazyTokens:
    """:func:`zhili.tokenize` of a lazy corpus: a :class:`LazyTokens` (tokens are made when read)."""
    client = options.pop("client", None)
    if isinstance(data, LazyTokens):
        raise ZhiliError("这已经是分词结果（LazyTokens）：请把语料（zl.scan_corpus 的结果）交给 zl.tokenize。")
    return data.tokenize(unit=unit, tokenizer=tokenizer, client=client, **options)


def _lazy(data) -> LazyCorpus:
    return data.corpus if isinstance(data, LazyTokens) else data


def _source(data) -> str:
    return (data.corpus if isinstance(data, LazyTokens) else data).source


def run(name: str, data, client, **kwargs):
    """Dispatch from an analysis of the kit: ``name`` on a lazy corpus, locally or on ``client``."""
    _check_client(data, client)
    return globals()[name](data, client=client, **kwargs)


def load_lazy(paths, *, lazy: bool, scan_options: dict, **options) -> LazyCorpus:
    """``zl.load_corpus(..., lazy=True, chunk_size=…)``: the same as :func:`scan_corpus`."""
    if not lazy:
        raise ZhiliError(f"参数 {'、'.join(sorted(scan_options))} 只用于分块读取：请同时写 lazy=True，"
                         "或改用 zl.scan_corpus(...)。")
    return scan_corpus(paths, **options, **scan_options)
