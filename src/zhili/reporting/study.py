"""The standard study, computed as data: from a folder to the sections of a report.

The same steps as lesson ``08-reproduce``: read the folder (``errors="report"``: nothing stops
the load, every file is accounted for), segment, then run each registered section
(:data:`zhili.reporting.sections.SECTIONS`). Warnings the kit raises while a section is computed
(a period resting on one document, a small corpus …) become that section's notes, so the
reader of the report sees them too; a section that cannot run on this corpus says why.
"""
from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from .._errors import ZhiliError, ZhiliWarning
from .context import ReportOptions, StudyContext, group_labels, tokenize_options
from .model import Section, Study
from .sections import SECTIONS, SkipSection, load_kinds

__all__ = ["NothingReadable", "run_study"]


class NothingReadable(ZhiliError):
    """No file of the folder could be read as a document; ``report`` is the load report."""

    def __init__(self, message: str, report: pd.DataFrame) -> None:
        super().__init__(message)
        self.report = report


def _nothing_readable(source: str, report: pd.DataFrame) -> NothingReadable:
    from ..corpus import STATUSES

    if report.empty:
        message = f"{source} 中没有任何文件：请把 .txt .md .docx .pdf .html 文件放进这个文件夹后重试。"
    else:
        lines = [f"  {r.file}：{STATUSES.get(r.status, r.status)}" + (f"——{r.message}" if r.message else "")
                 for r in report.itertuples()]
        message = (f"{source} 中的 {len(report)} 个文件没有一个能作为文档读入，所以没有生成报告。读取报告：\n"
                   + "\n".join(lines)
                   + "\n请按上面的说明处理这些文件（如把 .doc 另存为 .docx，扫描件先做文字识别）后重试。")
    return NothingReadable(message, report)


def _capture(fn: Callable[[], Any]) -> tuple[Any, list[str]]:
    """Run ``fn``; return its result and the messages of the kit's warnings it raised.

    Other warnings are issued again afterwards, so the usual filters (and tests that turn a
    missing glyph into an error) still see them.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn()
    notes: list[str] = []
    for w in caught:
        if issubclass(w.category, ZhiliWarning):
            text = str(w.message)
            if text not in notes:
                notes.append(text)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return result, notes


def _resolve_by(by: str | None, docs: pd.DataFrame) -> tuple[str | None, str]:
    """The grouping column for ``--by`` (a column name, or its Chinese label) and a note when unusable."""
    from ..tables import label

    if not by:
        return None, ""
    columns = [c for c in docs.columns if c not in ("doc_id", "text", "n_chars")]
    if by not in columns:
        matches = [c for c in columns if label(c, mode="zh") == by]
        if len(matches) == 1:
            by = matches[0]
        else:
            shown = "、".join(f"{c}（{label(c, mode='zh')}）" if label(c, mode="zh") != c else c for c in columns)
            return None, f"语料没有分组列“{by}”，分组比较已跳过。现有的列：{shown or '（没有元数据列）'}。"
    values = docs[by]
    if values.map(lambda v: isinstance(v, (list, tuple, dict, set))).any():
        return None, f"列“{by}”的值是列表或字典，不能用来分组，分组比较已跳过。"
    groups = group_labels(values)
    n_groups = groups[groups != ""].nunique()
    if n_groups < 2:
        return None, f"分组列“{by}”只有 {n_groups} 个取值，至少要两个才能比较，分组比较已跳过。"
    missing = int((groups == "").sum())
    note = f"{missing} 篇文档没有“{by}”的值，不参加分组比较。" if missing else ""
    return by, note


def run_study(source: str | Path, options: ReportOptions, *, step: Callable[[str], None] = lambda label: None,
              progress: bool | None = None) -> Study:
    """Compute every section of the report for the documents in ``source``.

    ``step(label)`` is called before each step (the command line's progress bar); ``progress``
    is passed to :func:`zhili.tokenize` (its own bar for long segmentation).

    Raises
    ------
    NothingReadable
        When no file could be read as a document (the load report is attached).
    """
    import zhili as zl

    step("读取文件")
    corpus, load_notes = _capture(lambda: zl.load_corpus(source, metadata=options.metadata, errors="report"))
    label = str(source)
    if len(corpus) == 0:
        raise _nothing_readable(label, corpus.report)

    writing = zl.casebook.writing_stopwords(corpus)
    if writing:
        options = dataclasses.replace(options, extra_stopwords=tuple(dict.fromkeys([*options.extra_stopwords, *writing])))
        load_notes.append("读的是工具包的案例库：按第 08 课的做法，另外去掉案例库自己的写作用语（"
                          + "、".join(writing) + "）。")

    step("分词")
    docs = corpus.docs.drop(columns="text")
    toks, tok_notes = _capture(lambda: zl.tokenize(corpus, unit=options.unit, progress=progress,
                                                  **tokenize_options(options)))

    group_by, group_note = _resolve_by(options.by, docs)
    ctx = StudyContext(corpus=corpus, tokens=toks, options=options, docs=docs, group_by=group_by, group_note=group_note)
    if group_by:
        values = ctx.group_values()
        ctx.groups = values[values != ""].value_counts(sort=True)
        ctx.groups = ctx.groups.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    if options.terms:
        ctx.terms = list(options.terms)
    else:
        ctx.terms = ctx.frequencies()["term"].head(3).tolist()
        if ctx.terms:
            ctx.terms_note = ("没有用 --terms 指定检索词，这里取高频词的前 3 个：" + "、".join(ctx.terms)
                              + "。要看别的词，请用 --terms 词1,词2 重新生成。")

    params = {"folder": label, **options.params()}
    ctx.shared["provenance"] = zl.provenance(toks, params=params)

    sections: list[Section] = []
    for spec in SECTIONS:
        step(spec.title)
        section = Section(key=spec.key, title=spec.title, how_to_read=list(spec.how_to_read))
        try:
            _, notes = _capture(lambda: spec.build(ctx, section))
            section.notes.extend(n for n in notes if n not in section.notes)
        except SkipSection as exc:
            section.skipped = True
            section.blocks.clear()
            section.notes.append(f"这一节没有内容：{exc}")
        except ZhiliError as exc:
            section.skipped = True
            section.blocks.clear()
            section.notes.append(f"这一节没有完成：{exc}")
        if spec.key == "load":
            section.notes.extend(load_notes + tok_notes)
        sections.append(section)

    kinds = load_kinds(corpus.report)
    facts = {
        "n_files": len(corpus.report), "n_documents": len(corpus), "n_chars": int(docs["n_chars"].sum()),
        "n_problems": int((kinds == "not_read").sum()), "n_metadata_problems": int((kinds == "metadata").sum()),
        "n_skipped": int((kinds == "skipped").sum()),
        "n_units": len(toks), "unit": options.unit, "group_by": group_by, "terms": ctx.terms,
        "date": ctx.shared["provenance"].run["date"], "version": zl.__version__, "style": options.style,
    }
    title = options.title or f"{Path(label).resolve().name or label}：政策文本分析报告"
    return Study(title=title, source=label, sections=sections, provenance=ctx.shared["provenance"], corpus=corpus,
                 tokens=toks, networks=dict(ctx.networks), facts=facts)
