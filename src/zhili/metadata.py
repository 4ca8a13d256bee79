"""Document metadata: the metadata table, its matching to files, and checking of docvars.

A metadata table (``metadata.csv`` / ``metadata.yaml`` beside the files, or a DataFrame) has a
``file`` column and any other columns. Its rows are matched to files by path relative to the
corpus folder (``县/通知.txt``); a bare file name (``通知.txt``) matches when exactly one file has
that name — when several do, each is reported with the rows' line and asked for a relative path.

Checks, each reported per file in the load report (status ``bad_metadata``) with the value and
the line of the table:

- a row with more fields than the header (usually an unquoted comma inside a value);
- a ``file`` value given twice, or left empty;
- a ``level`` outside 中央 / 省 / 市 / 县 / 乡镇 / 村社区 (common aliases such as 省级, 街道 are mapped);
- a ``date`` that is not a real date (``2023-02-30``) or not one of the accepted forms:
  ``2023``, ``2023-06``, ``2023-06-01`` (also ``2023/6/1``, ``2023.6``, ``2023年6月1日``, ``20230601``),
  normalised to ISO (``2023-06-01`` / ``2023-06`` / ``2023``).

Column names the corpus table itself uses (:data:`RESERVED`: ``doc_id``, ``text``, ``n_chars``,
``encoding``, and ``file`` in front matter) are kept under a ``meta_`` prefix, with a warning,
so that they never overwrite the real ones.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ._errors import LoadError, ZhiliError, warn

__all__ = ["DOCVARS", "LEVELS", "RESERVED", "MetadataTable", "read_metadata", "clean_docvars", "normalise_date",
           "rename_reserved"]

#: Standard document variables; missing ones are empty strings, other columns are kept.
DOCVARS: tuple[str, ...] = ("title", "issuer", "level", "date", "region", "genre", "source")
#: Administrative levels of an issuing body.
LEVELS: tuple[str, ...] = ("中央", "省", "市", "县", "乡镇", "村社区")
#: Names the corpus table uses itself; metadata columns of these names get a ``meta_`` prefix.
RESERVED: tuple[str, ...] = ("doc_id", "text", "n_chars", "encoding")
_LEVEL_ALIASES = {
    "国家": "中央", "中央级": "中央", "国家级": "中央", "省级": "省", "自治区": "省", "直辖市": "省",
    "市级": "市", "地级": "市", "州": "市", "县级": "县", "区": "县", "县区": "县", "区县": "县",
    "乡": "乡镇", "镇": "乡镇", "街道": "乡镇", "乡镇街道": "乡镇", "村": "村社区", "社区": "村社区",
    "村级": "村社区", "村（社区）": "村社区", "村(社区)": "村社区",
}
_DATE = re.compile(r"^(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?)?\s*年?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


@dataclass
class MetadataTable:
    """Rows of a metadata table keyed by their ``file`` value, with where each row came from."""

    source: str
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)        # key -> line in the file (1-based)
    bad: dict[str, str] = field(default_factory=dict)          # key -> problem of that row
    problems: list[str] = field(default_factory=list)          # problems of the table itself

    def line_of(self, key: str) -> str:
        line = self.lines.get(key)
        return f"第 {line} 行" if line else f"file={key} 的行"


# ------------------------------------------------------------------------------ reading


def read_metadata(metadata: str | Path | pd.DataFrame, *, display: str | None = None) -> MetadataTable:
    """Read a metadata table (CSV, YAML or a DataFrame) into a :class:`MetadataTable`.

    Problems of single rows are recorded per row; a table that cannot be used at all raises
    :class:`LoadError` (``reason="bad_metadata"``).
    """
    if isinstance(metadata, pd.DataFrame):
        if "file" not in map(str, metadata.columns):
            cols = "、".join(map(str, metadata.columns)) or "（没有列）"
            raise ZhiliError(f"传入的元数据表（DataFrame）缺少 file 列（现有列：{cols}）。"
                             "请加一列 file，填写每篇文档的文件名或相对路径，例如 meta[\"file\"] = [\"a.txt\", \"b.docx\"]。")
        records = metadata.rename(columns=str).to_dict("records")
        return _index("（传入的 DataFrame）", [(i + 1, r) for i, r in enumerate(records)], header_line=0)
    from .readers import decode_bytes

    path = Path(metadata)
    name = display or path.name
    if not path.exists():
        raise LoadError(f"元数据文件 {path} 不存在。请检查路径，或不传 metadata 参数。", path=path, reason="missing")
    try:
        text, _ = decode_bytes(path.read_bytes(), path=path)
    except OSError as exc:
        raise LoadError(f"元数据文件 {path} 无法读取（{exc.strerror or type(exc).__name__}）。请检查权限后重试。",
                        path=path, reason="unreadable") from None
    text = text.lstrip("\ufeff")
    if path.suffix.lower() in (".yaml", ".yml"):
        return _index(name, _yaml_records(text, path), header_line=0)
    return _csv_table(name, text, path)


def _yaml_records(text: str, path: Path) -> list[tuple[int | None, dict]]:
    from ._yaml import YamlError, safe_load

    try:
        loaded = safe_load(text, source=path)
    except YamlError as exc:
        where = f"第 {exc.line} 行" if exc.line else ""
        raise LoadError(f"元数据文件 {path} {where}有误：{exc.problem}（元数据 YAML 请写成列表，每项含 file 字段。）",
                        path=path, reason="bad_metadata") from None
    if isinstance(loaded, dict):  # {file: {field: value}}
        loaded = [{"file": k, **(v if isinstance(v, dict) else {})} for k, v in loaded.items()]
    if not isinstance(loaded, list) or not all(isinstance(r, dict) for r in loaded):
        raise LoadError(f"元数据文件 {path} 应为列表，每项是“字段: 值”的映射（含 file 字段）。", path=path, reason="bad_metadata")
    return [(None, {str(k): v for k, v in r.items()}) for r in loaded]


def _csv_table(name: str, text: str, path: Path) -> MetadataTable:
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise LoadError(f"元数据文件 {path} 是空的：第一行应为表头（file,title,issuer,…）。", path=path, reason="bad_metadata") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    if "file" not in header:
        raise LoadError(f"元数据文件 {path} 缺少 file 列（表头是：{'、'.join(header)}）。"
                        "请加一列 file，填写每篇文档的文件名。", path=path, reason="bad_metadata")
    records: list[tuple[int, dict]] = []
    extra: dict[int, tuple[int, str]] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                if any(cell.strip() for cell in row[len(header):]):
                    extra[len(records)] = (len(row), str(row[header.index("file")]).strip())
                row = row[: len(header)]
            row = row + [""] * (len(header) - len(row))
            records.append((line, dict(zip(header, row))))
    except csv.Error as exc:
        raise LoadError(f"元数据文件 {path} 第 {reader.line_num} 行无法解析（{exc}）。请检查引号是否成对。",
                        path=path, reason="bad_metadata") from None
    table = _index(name, records, header_line=1)
    for i, (n_fields, key) in extra.items():
        line = records[i][0]
        key = _key(key)
        table.bad[key] = (f"元数据表 {name} 第 {line} 行有 {n_fields} 个字段，比表头的 {len(header)} 列多"
                          f"（通常是某个值里有英文逗号：请给这个值加上英文双引号，或改用中文逗号“，”）")
    return table


def _key(value: Any) -> str:
    key = unicodedata.normalize("NFC", str(value).strip().replace("\\", "/"))
    while key.startswith("./"):
        key = key[2:]
    return key


def _index(name: str, records: list[tuple[int | None, dict]], *, header_line: int) -> MetadataTable:
    table = MetadataTable(name)
    renamed: set[str] = set()
    for i, (line, rec) in enumerate(records):
        line = line if line is not None else None
        raw = rec.get("file")
        key = _key(raw) if not _is_blank(raw) else ""
        where = f"第 {line} 行" if line else f"第 {i + 1} 项"
        if not key:
            table.problems.append(f"元数据表 {name} {where}的 file 为空：请填写文件名，或删除这一行。")
            continue
        if key in table.rows:
            first = table.line_of(key)
            table.bad[key] = f"元数据表 {name} 中 file={key} 出现了不止一次（{first}和{where}）：每个文件只能有一行"
            continue
        fields, names = rename_reserved({k: _plain(v) for k, v in rec.items() if k != "file"})
        renamed |= names
        table.rows[key] = fields
        if line:
            table.lines[key] = line
    if renamed:
        _warn_renamed(renamed, f"元数据表 {name}")
    return table


def rename_reserved(fields: dict[str, Any], *, reserved: tuple[str, ...] = RESERVED) -> tuple[dict[str, Any], set[str]]:
    """Move fields named like the corpus table's own columns to ``meta_<name>``; return the names moved."""
    moved = {k for k in fields if k in reserved}
    if not moved:
        return fields, moved
    return {(f"meta_{k}" if k in moved else k): v for k, v in fields.items()}, moved


def _warn_renamed(names: set[str], where: str) -> None:
    listed = "、".join(sorted(names))
    new = "、".join(f"meta_{n}" for n in sorted(names))
    warn(f"{where}中的列 {listed} 与语料表自带的列同名，已改名为 {new} 保存，以免覆盖正文或编号。"
         "如不需要，可在元数据中改用别的列名。")


def match(table: MetadataTable, rel: str, name_counts: dict[str, list[str]]) -> tuple[str | None, str]:
    """The key of ``rel``'s row and ``""``, or ``(None, problem)`` when a bare name is ambiguous."""
    if rel in table.rows or rel in table.bad:
        return rel, ""
    name = rel.rsplit("/", 1)[-1]
    if name in table.rows or name in table.bad:
        owners = name_counts.get(name, [])
        if len(owners) > 1:
            where = table.line_of(name)
            listed = "、".join(owners)
            return None, (f"元数据表 {table.source} {where}的 file={name} 同时对应 {listed}：无法确定是哪一个。"
                          f"请把 file 写成相对于语料文件夹的路径（如 {owners[0]}）")
        return name, ""
    return None, ""


# ------------------------------------------------------------------------------ checking


def clean_docvars(docvars: dict[str, Any], rel: str) -> dict[str, Any]:
    """Check and normalise ``level`` and ``date``; fill missing standard docvars with ``""``.

    Raises :class:`ZhiliError` naming the file, the field and the value.
    """
    level = docvars.get("level", "")
    if not _is_blank(level):
        level = str(level).strip()
        level = _LEVEL_ALIASES.get(level, level)
        if level not in LEVELS:
            raise ZhiliError(f"文件 {rel} 的 level={docvars['level']!r} 无法识别：应为 {'、'.join(LEVELS)} 之一。")
        docvars["level"] = level
    date = docvars.get("date", "")
    if not _is_blank(date):
        docvars["date"] = normalise_date(date, where=f"文件 {rel} 的")
    for k in DOCVARS:
        if _is_blank(docvars.get(k)):
            docvars[k] = ""
    return docvars


def normalise_date(value: Any, *, where: str = "") -> str:
    """``2023年6月1日`` / ``2023/6/1`` / ``20230601`` → ``2023-06-01``; ``2023.6`` → ``2023-06``; ``2023`` → ``2023``.

    Raises :class:`ZhiliError` for an impossible date (``2023-02-30``) or another form.

    Examples
    --------
    >>> normalise_date("2023年6月1日"), normalise_date("2023.6"), normalise_date(2023)
    ('2023-06-01', '2023-06', '2023')
    """
    if isinstance(value, (_dt.datetime, pd.Timestamp)):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    m = _DATE.match(text) or _COMPACT_DATE.match(text)
    if not m:
        raise ZhiliError(f"{where}date={text!r} 不是可识别的日期：请写成 2023、2023-06 或 2023-06-01"
                         "（也可写 2023年6月1日、2023/6/1）；只知道大致时间时请写到年或月。")
    y, mo, d = m.groups()
    try:
        if d is not None:
            return _dt.date(int(y), int(mo), int(d)).isoformat()
        if mo is not None:
            _dt.date(int(y), int(mo), 1)
            return f"{int(y):04d}-{int(mo):02d}"
    except ValueError:
        raise ZhiliError(f"{where}date={text!r} 不是真实存在的日期（{'该月没有这一天' if d else '月份应为 1–12'}）："
                         "请核对后改正。") from None
    return f"{int(y):04d}"


def _plain(value: Any) -> Any:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    return value


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    try:
        if value is pd.NA or value is pd.NaT:
            return True
    except TypeError:
        pass
    return isinstance(value, str) and not value.strip()
