"""Reports for readers who do not program: one call (or one command) from a folder to a report.

``zl.report(folder, "报告.html")`` — and the console command ``zhili report 文件夹 -o 报告.html``
(:mod:`zhili.cli`) — runs the standard study of lesson ``08-reproduce`` on a folder of documents
and writes one offline HTML page (figures inside, sortable tables, a table of contents, a
"如何阅读" note per section and the run's provenance), optionally an Excel workbook and a folder
of CSV, PNG and GEXF files.

The package is ``reporting`` (not ``report``) so that ``zl.report`` stays a function, as
``records`` keeps ``zl.provenance`` one.

- :mod:`~zhili.reporting.study` computes the sections as data (:class:`Study`);
- :mod:`~zhili.reporting.sections` holds the sections in a registry (:func:`register_section`);
- :mod:`~zhili.reporting.render` writes HTML (Jinja2 templates in ``templates/``), Excel and folders.
"""
from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from .._errors import ZhiliError
from .context import ReportOptions, StudyContext
from .model import Figure, Section, Study, Table
from .sections import SECTIONS, SkipSection, register_section, unregister_section
from .study import NothingReadable, run_study

__all__ = ["report", "Study", "Section", "Table", "Figure", "ReportOptions", "StudyContext", "SECTIONS",
           "SkipSection", "register_section", "unregister_section", "NothingReadable", "split_words", "read_word_file"]

_SEPARATORS = re.compile(r"[\s,，、;；]+")


def split_words(text: str) -> list[str]:
    """Words from ``"词1,词2"``: commas (half or full width), 顿号, semicolons or spaces separate them.

    Examples
    --------
    >>> split_words("共同缔造，基层治理、 四权同下,")
    ['共同缔造', '基层治理', '四权同下']
    """
    return list(dict.fromkeys(w for w in _SEPARATORS.split(text) if w))


def read_word_file(path: str | Path, *, what: str = "停用词") -> list[str]:
    """Words of a plain word list: one or more per line (separated as in :func:`split_words`).

    Any common Chinese encoding is read (UTF-8, GBK as Windows Notepad saves it …); empty lines
    and lines starting with ``#`` are skipped.
    """
    import zhili as zl

    path = Path(path).expanduser()
    if not path.is_file():
        raise ZhiliError(f"找不到{what}文件 {path}：请检查文件名和所在的文件夹。")
    try:
        text = zl.read_text(path)
    except ZhiliError as exc:
        raise ZhiliError(f"{what}文件 {path} 读不了：{exc}") from None
    words: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.extend(split_words(line))
    return list(dict.fromkeys(words))


def _words(value: Any, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(split_words(value))
    if isinstance(value, Iterable):
        items = [str(v).strip() for v in value]
        return tuple(dict.fromkeys(w for w in items if w))
    raise ZhiliError(f"参数 {name} 应为词语列表或“词1,词2”形式的字符串，收到的是 {type(value).__name__}。")


def _file_or_words(value: Any, name: str, what: str) -> tuple[tuple[str, ...], str | None]:
    if value is None:
        return (), None
    if isinstance(value, (str, Path)):
        return tuple(read_word_file(value, what=what)), str(value)
    return _words(value, name), None


def report(folder: str | Path, output: str | Path | None = "报告.html", *, by: str | None = None,
           terms: str | Iterable[str] | None = None, user_terms: str | Path | Iterable[str] | None = None,
           extra_stopwords: str | Path | Iterable[str] | None = None,
           unit: Literal["sentence", "paragraph", "item"] = "sentence", top_n: int = 30,
           metadata: str | Path | None = None, seed: int = 42, style: Literal["projector", "print"] = "projector",
           title: str | None = None, xlsx: str | Path | None = None, csv_dir: str | Path | None = None,
           offline: bool = False, progress: bool | None = None) -> Study:
    """Run the standard study on a folder of documents and write a report a non-programmer can read.

    Parameters
    ----------
    folder : path
        The documents (``.txt .md .docx .pdf .html``, read recursively; a ``metadata.csv`` in the
        folder gives titles, dates and groups). Files that cannot be read are listed, never
        dropped silently.
    output : path or None, default "报告.html"
        The HTML report; ``None`` writes none (the returned :class:`Study` holds everything).
    by : str, optional
        Metadata column to compare groups by (``level``, ``region`` … or its Chinese label such as
        ``层级``).
    terms : str or list of str, optional
        Terms for the concordance (KWIC) and the yearly trends: ``["共同缔造", "基层治理"]`` or
        ``"共同缔造,基层治理"``. Default: the three most frequent words.
    user_terms : path or list of str, optional
        More terms to keep whole in segmentation (a list, or a user dictionary file in jieba's
        format: one ``词语 [词频] [词性]`` per line).
    extra_stopwords : path or list of str, optional
        More words to drop: a list, or a text file with one or more words per line.
    unit : {"sentence", "paragraph", "item"}, default "sentence"
        Unit of co-occurrence and framework coding.
    top_n : int, default 30
        Words in the frequency table and the co-word network (5–200).
    metadata : path, optional
        A metadata table (CSV or YAML); by default ``metadata.csv`` in the folder, if there is one.
    seed : int, default 42
        Seed of the word cloud, the network layout and the community detection.
    style : {"projector", "print"}, default "projector"
        Figure style (see :func:`zhili.plot.style`): 150 dpi for screens and projectors, or 300 dpi
        for printing.
    title : str, optional
        Title of the report (default: the folder name and “政策文本分析报告”).
    xlsx : path, optional
        Also write an Excel workbook: a contents sheet, one sheet per table, and 溯源.
    csv_dir : path, optional
        Also write every table (CSV), figure (PNG) and the co-word network (GEXF) with the
        provenance and a manifest of SHA-256 digests (:func:`zhili.save_results`).
    offline : bool, default False
        Block every network connection during the run (the command's ``--no-network``). The kit
        never connects anywhere; this enforces it.
    progress : bool, optional
        Show a progress bar on the console; by default only when the console is a terminal.

    Returns
    -------
    Study
        The computed sections (``study.sections``; each with its tables and figures), the
        provenance, and ``study.outputs``: the paths written.

    Raises
    ------
    NothingReadable
        If no file of the folder could be read (the message lists every file and why).
    ZhiliError
        For a folder that does not exist, a word list that cannot be read, an invalid option.

    Examples
    --------
    >>> import tempfile, pathlib, zhili as zl
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("一、总体要求\\n推进共同缔造，提升基层治理能力。居民议事会讨论小区改造。", encoding="utf-8")
    >>> _ = (folder / "b.txt").write_text("坚持四权同下。村民议事会讨论村庄规划，推进共同缔造。", encoding="utf-8")
    >>> study = zl.report(folder, folder / "报告.html", terms="共同缔造", progress=False)
    >>> [s.key for s in study.sections][:3], study.outputs["html"].name
    (['load', 'overview', 'frequencies'], '报告.html')
    """
    from tqdm import tqdm

    from .offline import no_network
    from .render import write_folder, write_html, write_xlsx

    folder = Path(folder).expanduser()
    if not folder.exists():
        raise ZhiliError(f"找不到文件夹 {folder}：请检查拼写，或先进入文档所在的文件夹再运行。")
    stop_words, stop_file = _file_or_words(extra_stopwords, "extra_stopwords", "停用词")
    if isinstance(user_terms, (str, Path)):
        if not Path(user_terms).expanduser().is_file():
            raise ZhiliError(f"找不到用户词表文件 {user_terms}：请检查文件名和所在的文件夹。")
        user_terms = str(Path(user_terms).expanduser())
    elif user_terms is not None:
        user_terms = _words(user_terms, "user_terms")
    if metadata is not None and not Path(metadata).expanduser().is_file():
        raise ZhiliError(f"找不到元数据文件 {metadata}：请检查文件名和所在的文件夹。")
    # outputs are checked before the study runs, which can take minutes on a large folder
    from .render import _output_path

    if output is not None:
        output = _output_path(output, (".html", ".htm"), "报告.html")
    if xlsx is not None:
        xlsx = _output_path(xlsx, (".xlsx",), "报告.xlsx")
    if csv_dir is not None and Path(csv_dir).expanduser().is_file():
        raise ZhiliError(f"无法写入文件夹 {csv_dir}：已有同名的文件。请换一个文件夹名（如 \"结果\"）。")
    options = ReportOptions(by=by or None, terms=_words(terms, "terms"), user_terms=user_terms,
                            extra_stopwords=stop_words, stopwords_file=stop_file, unit=unit, top_n=top_n,
                            metadata=metadata, seed=seed, style=style, title=title, offline=offline)

    writes = [w for w in (output, xlsx, csv_dir) if w is not None]
    show = progress if progress is not None else sys.stderr.isatty()
    bar = tqdm(total=2 + len(SECTIONS) + len(writes), desc="生成报告", unit="步", disable=not show,
               file=sys.stderr, bar_format="{desc} {n_fmt}/{total_fmt} |{bar}| 已用 {elapsed}")
    first = [True]

    def step(label: str) -> None:
        if not first[0]:
            bar.update(1)
        first[0] = False
        bar.set_description_str(f"生成报告：{label}")

    guard = no_network() if offline else contextlib.nullcontext()
    try:
        with guard:
            study = run_study(folder, options, step=step, progress=False if show is False else None)
            if output is not None:
                step("写出网页")
                study.outputs["html"] = write_html(study, output)
            if xlsx is not None:
                step("写出 Excel")
                study.outputs["xlsx"] = write_xlsx(study, xlsx)
            if csv_dir is not None:
                step("写出 CSV 文件夹")
                write_folder(study, csv_dir)
                study.outputs["csv_dir"] = Path(csv_dir)
            bar.update(1)
    finally:
        bar.close()
    return study
