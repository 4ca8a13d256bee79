"""Write a computed study: one offline HTML page, an Excel workbook, a folder of CSV/PNG/GEXF.

All three are written from the same :class:`~zhili.reporting.model.Study`, so they show the same
numbers. The HTML page comes from the Jinja2 templates in ``templates/`` (kept as files in the
package): CSS, the sorting script and every figure (base64 PNG) are inline, and a
Content-Security-Policy forbids the browser to load anything else, so the page opens offline
and nothing leaves the computer.
"""
from __future__ import annotations

import base64
import math
import re
from pathlib import Path
from typing import Any

import pandas as pd

from .._errors import ZhiliError
from .context import UNIT_NAMES
from .model import Figure, Study, Table

__all__ = ["html", "write_html", "write_xlsx", "write_folder", "TEMPLATES"]

TEMPLATES = Path(__file__).parent / "templates"

#: Chinese labels of the report's own columns (the kit's are in zhili.tables.COLUMN_LABELS).
LABELS = {
    "status_label": "状态说明", "keywords": "关键词", "top_terms": "高频词（次数）", "first_seen_in": "首见于",
    "n_sentence": "编上的句子数", "n_paragraph": "编上的段落数", "n_item": "编上的条目数",
    "p_adjusted": "校正后 p 值", "n_members": "组成部分数",
}
_TABLE_LABELS = {
    "network_communities": {"n": "词数", "terms": "词（按次数）"},
    "load_counts": {"n": "文件数"},
    "formulations": {"n": "次数", "known": "来源"},
    "framework_evidence": {"evidence": "全部线索词", "text": "原文", "category": "维度"},
    "framework_dictionary": {"category": "维度", "n_terms": "线索词数"},
}
#: Short label columns kept on one line in the HTML tables.
_NOWRAP = {"category", "date", "status", "term", "formulation", "year", "period", "level", "known", "community", "kind"}
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _labels(t: Table) -> dict[str, str]:
    return {**LABELS, **_TABLE_LABELS.get(t.name, {}), **t.labels}


# ============================================================================ HTML


def _table_view(t: Table) -> dict[str, Any]:
    from ..tables import label, show

    labels = _labels(t)
    frame = t.data if t.columns is None else t.data[[c for c in t.columns if c in t.data.columns]]
    frame = frame.reset_index(drop=True)
    shown = frame if t.shown_rows is None else frame.head(t.shown_rows)
    shown = shown[[c for c in shown.columns if not _empty(shown[c])]]  # e.g. metadata nobody filled in
    view = {"kind": "table", "id": f"t-{t.name}", "title": t.title, "note": t.note, "n_rows": len(frame),
            "n_shown": len(shown), "truncated": t.truncated, "in_html": t.shown_rows != 0, "layout": t.kind,
            "headers": [], "rows": []}
    if not view["in_html"]:
        return view
    display = show(shown, mode="zh", labels=labels, max_rows=None, index=False).data if len(shown.columns) else shown
    numeric = [pd.api.types.is_numeric_dtype(shown[c]) and not pd.api.types.is_bool_dtype(shown[c]) for c in shown.columns]
    kwic = {"left": "kwic-l", "keyword": "kwic-k", "right": "kwic-r"} if t.kind == "kwic" else {}
    classes = ["num" if num else kwic.get(str(c), "nowrap" if str(c) in _NOWRAP else "")
               for c, num in zip(shown.columns, numeric)]
    view["headers"] = [{"label": label(c, mode="zh", labels=labels), "cls": cls} for c, cls in zip(shown.columns, classes)]
    for i in range(len(shown)):
        row = []
        for j, col in enumerate(shown.columns):
            raw = shown.iat[i, j]
            text = display.iat[i, j]
            sort = None
            if numeric[j]:
                sort = "" if raw is None or (isinstance(raw, float) and math.isnan(raw)) or raw is pd.NA else repr(float(raw))
            row.append({"text": "" if text is None else str(text), "sort": sort, "cls": classes[j]})
        view["rows"].append(row)
    return view


def _empty(column: pd.Series) -> bool:
    return len(column) > 0 and bool(column.map(lambda v: v is None or v is pd.NA or v == "" or
                                                (isinstance(v, float) and math.isnan(v))).all())


def _figure_view(f: Figure, dpi: int) -> dict[str, Any]:
    width, height = f.size
    scale = 96 / dpi  # show the figure at its size in inches
    return {"kind": "figure", "id": f"f-{f.name}", "title": f.title, "alt": f.alt, "note": f.note,
            "src": "data:image/png;base64," + base64.b64encode(f.png).decode("ascii"),
            "width": round(width * scale), "height": round(height * scale)}


def _environment():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True)


def html(study: Study) -> str:
    """The report as one self-contained HTML document (a string)."""
    import zhili as zl

    dpi = int(zl.plot.style_params(study.facts.get("style", "projector"))["figure.dpi"])
    sections = []
    for number, s in enumerate(study.sections, start=1):
        blocks = [_figure_view(b, dpi) if isinstance(b, Figure) else _table_view(b) for b in s.blocks]
        sections.append({"anchor": f"sec-{s.key}", "number": number, "title": s.title, "summary": s.summary,
                         "how_to_read": s.how_to_read, "notes": s.notes, "skipped": s.skipped, "blocks": blocks})
    template = _environment().get_template("report.html.j2")
    return template.render(title=study.title, source=study.source, facts=study.facts, sections=sections,
                           unit_name=UNIT_NAMES.get(study.facts.get("unit", ""), "单元"))


def write_html(study: Study, path: str | Path) -> Path:
    """Write :func:`html` to ``path`` (UTF-8); folders are created as needed."""
    path = _output_path(path, (".html", ".htm"), "报告.html")
    path.write_text(html(study), encoding="utf-8")
    return path


def _output_path(path: str | Path, suffixes: tuple[str, ...], example: str) -> Path:
    path = Path(path).expanduser()
    if path.suffix.lower() not in suffixes:
        raise ZhiliError(f"输出文件 {path} 的扩展名应为 {' 或 '.join(suffixes)}，例如 {example}。")
    if path.is_dir():
        raise ZhiliError(f"无法写入 {path}：这是一个文件夹。请给出文件名，例如 {example}。")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ZhiliError(f"无法建立文件夹 {path.parent}：{exc.strerror or exc}。") from None
    return path


# ============================================================================ Excel


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MAX_CELL = 32_767


def _sheet_name(title: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub("", title).strip("'").strip() or "表"
    name = base[:31]
    n = 2
    while name.lower() in used:
        suffix = f"（{n}）"
        name = base[:31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def _cell(v: Any) -> Any:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        try:
            v = v.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(v, (list, tuple, set, dict)):
        from .sections import _cell_text

        v = _cell_text(v)
    if isinstance(v, (int, float, bool)):
        return v
    text = _ILLEGAL.sub("", str(v))
    return text if len(text) <= _MAX_CELL else text[:_MAX_CELL - 1] + "…"


def _width(text: Any) -> float:
    s = "" if text is None else str(text)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s[:60])


def write_xlsx(study: Study, path: str | Path) -> Path:
    """An Excel workbook: a contents sheet (目录), one sheet per table, and the provenance (溯源).

    Sheet names are the tables' Chinese titles (at most 31 characters, as Excel requires);
    column headers are Chinese labels; tables are written in full.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    from ..tables import label

    path = _output_path(path, (".xlsx",), "报告.xlsx")
    wb = Workbook(write_only=True)
    used = {"目录"}
    contents = wb.create_sheet("目录")
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="F3F6FB")
    entries = []
    sheets = []
    for section, t in study.tables():
        name = _sheet_name(t.sheet or t.title, used)
        sheets.append((name, t))
        entries.append((name, section.title, t.title, len(t.data)))

    def header_row(ws, labels):
        row = []
        for text in labels:
            c = WriteOnlyCell(ws, value=text)
            c.font, c.fill = bold, fill
            row.append(c)
        ws.append(row)

    contents.column_dimensions["A"].width = 34
    contents.column_dimensions["B"].width = 24
    contents.column_dimensions["C"].width = 40
    contents.column_dimensions["D"].width = 10
    contents.append([WriteOnlyCell(contents, value=study.title)])
    contents.append([f"语料：{study.source}；生成于 {study.facts.get('date', '')}；zhili {study.facts.get('version', '')}"])
    contents.append([])
    header_row(contents, ["工作表", "所在章节", "内容", "行数"])
    for entry in entries:
        contents.append(list(entry))

    for name, t in sheets:
        ws = wb.create_sheet(name)
        frame = t.data.reset_index(drop=True)
        labels = _labels(t)
        heads = [label(c, mode="zh", labels=labels) for c in frame.columns]
        seen: dict[str, int] = {}
        for i, h in enumerate(heads):  # two columns with the same Chinese label: add the code name
            if h in seen:
                heads[i] = label(frame.columns[i], mode="both", labels=labels)
            seen[h] = i
        for i, col in enumerate(frame.columns):
            sample = [heads[i], *frame[col].head(50).tolist()]
            letter = _column_letter(i + 1)
            ws.column_dimensions[letter].width = min(max(_width(v) for v in sample) + 2, 60)
        ws.freeze_panes = "A2"
        header_row(ws, heads)
        for values in frame.itertuples(index=False, name=None):
            ws.append([_cell(v) for v in values])
        if len(frame.columns):
            ws.auto_filter.ref = f"A1:{_column_letter(len(frame.columns))}{len(frame) + 1}"
    try:
        wb.save(str(path))
    except OSError as exc:
        raise ZhiliError(f"无法写入 {path}：{exc.strerror or exc}。文件是否正在 Excel 中打开？关闭后重试。") from None
    return path


def _column_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


# ============================================================================ folder


def write_folder(study: Study, folder: str | Path) -> pd.DataFrame:
    """Every table as CSV, every figure as PNG, the co-word network as GEXF, with provenance.

    Written by :func:`zhili.save_results` (so the folder also holds ``provenance.json``,
    ``provenance.csv`` and ``manifest.csv`` with each file's SHA-256); the PNG files are the
    very images of the HTML page. Returns the manifest.
    """
    import zhili as zl

    tables = {t.name: t.data for _, t in study.tables() if t.name != "provenance"}
    figures = {f.name: f for _, f in study.figures()}
    return zl.save_results(folder, tables=tables, figures=figures, networks=study.networks,
                           provenance=study.provenance)
