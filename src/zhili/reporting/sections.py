"""The sections of the standard study, in a registry that a new analysis joins with one call.

Each section is a builder ``build(ctx, section)`` that fills a :class:`~zhili.reporting.model.Section`
with tables and figures from the study context (:class:`~zhili.reporting.context.StudyContext`),
using only the kit's public functions — the same steps as lesson ``08-reproduce``. A builder that
cannot run on this corpus raises :class:`SkipSection` with the reason in Chinese; the report then
shows the section with that reason instead of leaving it out.

Adding a section (for instance topics, once ``zl.topics`` exists)::

    from zhili.reporting import Table, register_section

    def topics(ctx, section):
        model = zl.topics(ctx.tokens, k=8, seed=ctx.options.seed)
        section.blocks.append(Table("topics", "主题与主题词", model.terms(n=8)))

    register_section("topics", "主题", topics, after="network",
                     how_to_read=["每个主题是一组常在同一批文档中出现的词……"])
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from .context import UNIT_NAMES, StudyContext, group_labels
from .model import Section, Table

__all__ = ["SECTIONS", "SectionSpec", "SkipSection", "register_section", "unregister_section"]

#: Rows of KWIC lines kept per term (in document order); the count table gives every occurrence.
KWIC_LINES = 200
#: Most groups compared one against the rest in the keyness section.
MAX_COMPARISONS = 6
#: Evidence sentences shown per framework dimension.
EVIDENCE_PER_DIMENSION = 3


class SkipSection(Exception):
    """Raised by a builder that cannot run on this corpus; the message (Chinese) says why."""


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    build: Callable[[StudyContext, Section], None]
    how_to_read: tuple[str, ...] = field(default=())


#: The report's sections in order. Extend with :func:`register_section`.
SECTIONS: list[SectionSpec] = []


def register_section(key: str, title: str, build: Callable[[StudyContext, Section], None], *,
                     how_to_read: Sequence[str] = (), after: str | None = None) -> SectionSpec:
    """Add a section to every report (or replace the section with the same ``key``).

    Parameters
    ----------
    key : str
        ASCII name: the HTML anchor ``sec-<key>``.
    title : str
        Chinese heading.
    build : callable
        ``build(ctx, section)``: appends tables and figures to ``section.blocks`` (and may add
        to ``section.summary``, ``section.notes``, ``section.how_to_read``); raises
        :class:`SkipSection` when it cannot run on this corpus.
    how_to_read : list of str
        Paragraphs of the section's "如何阅读" box: what the numbers mean and their limits.
    after : str, optional
        Key of the section to follow; by default just before the provenance, which stays last.

    Examples
    --------
    >>> from zhili.reporting import register_section, unregister_section, SECTIONS
    >>> spec = register_section("demo", "演示", lambda ctx, s: None, after="load")
    >>> [s.key for s in SECTIONS][:2]
    ['load', 'demo']
    >>> unregister_section("demo")
    """
    if not re.fullmatch(r"[a-z][a-z0-9_-]*", key):
        raise ValueError(f"section key {key!r}: use lowercase ASCII letters, digits, - or _")
    spec = SectionSpec(key, title, build, tuple(how_to_read))
    keys = [s.key for s in SECTIONS]
    if key in keys:
        SECTIONS[keys.index(key)] = spec
        return spec
    if after is not None:
        if after not in keys:
            raise ValueError(f"no section {after!r} to follow; sections: {keys}")
        SECTIONS.insert(keys.index(after) + 1, spec)
    elif "provenance" in keys:
        SECTIONS.insert(keys.index("provenance"), spec)
    else:
        SECTIONS.append(spec)
    return spec


def unregister_section(key: str) -> None:
    """Remove a section added with :func:`register_section`."""
    SECTIONS[:] = [s for s in SECTIONS if s.key != key]


# ============================================================================ helpers


def _n(x: float) -> str:
    """A whole number with thousands separators: 23,419."""
    return f"{int(round(x)):,}"


def _joined(words, counts=None, sep: str = "、") -> str:
    if counts is None:
        return sep.join(map(str, words))
    return sep.join(f"{w}（{c}）" for w, c in zip(words, counts))


def _years(dates: pd.Series) -> pd.Series:
    """The year of each date as an integer (``<NA>`` when there is none)."""
    found = dates.fillna("").astype(str).str.extract(r"((?:19|20|21)\d\d)")[0]
    return pd.to_numeric(found, errors="coerce").astype("Int64")


def _plain_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists and dicts in cells as text, so that every output writes them the same way."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object and out[col].map(lambda v: isinstance(v, (list, tuple, dict, set))).any():
            out[col] = out[col].map(_cell_text)
    return out


def _cell_text(v) -> object:
    if isinstance(v, dict):
        return "；".join(f"{k}：{_cell_text(x)}" for k, x in v.items())
    if isinstance(v, (list, tuple, set)):
        return "、".join(str(_cell_text(x)) for x in v)
    return v


# ============================================================================ 1. load report


#: Statuses of paths skipped by rule (system files, the metadata table itself, links seen twice).
BY_RULE = ("ignored", "metadata", "duplicate", "link_loop")
#: Statuses about the metadata table rather than a document's text.
METADATA_PROBLEMS = ("no_metadata", "orphan_metadata")


def load_kinds(report: pd.DataFrame) -> pd.Series:
    """What each row of a load report means for the reader (see :data:`LOAD_KINDS`)."""
    read = report["doc_id"].fillna("").astype(str) != ""
    status = report["status"]
    kind = pd.Series("", index=report.index, dtype=object)
    kind[status.isin(BY_RULE)] = "skipped"
    kind[status.isin(METADATA_PROBLEMS)] = "metadata"
    kind[(kind == "") & ~read & (status != "ok")] = "not_read"
    kind[(kind == "") & read & (status == "ok") & (report["message"].fillna("") != "")] = "remark"
    return kind


LOAD_KINDS = {"not_read": "有问题，没有读入", "metadata": "元数据问题", "remark": "已读入，请核对",
              "skipped": "按规则跳过"}


def _load(ctx: StudyContext, s: Section) -> None:
    from ..corpus import STATUSES

    report = ctx.corpus.report.copy()
    report["status_label"] = report["status"].map(lambda v: STATUSES.get(v, v))
    kinds = load_kinds(report)
    n = {k: int((kinds == k).sum()) for k in LOAD_KINDS}
    line = (f"文件夹中共 {_n(len(report))} 个文件：读入 {_n(len(ctx.corpus))} 篇文档；"
            f"有问题、没有读入 {_n(n['not_read'])} 个；按规则跳过或不作为文档 {_n(n['skipped'])} 个")
    if n["metadata"]:
        line += f"；元数据问题 {_n(n['metadata'])} 处"
    if n["remark"]:
        line += f"；读入但请核对（如编码不确定）{_n(n['remark'])} 个"
    s.summary.append(line + "。")
    counts = (report.groupby("status", sort=False).size().rename("n").reset_index()
              .assign(status_label=lambda d: d["status"].map(lambda v: STATUSES.get(v, v))))
    counts = counts.sort_values(["n", "status"], ascending=[False, True])[["status", "status_label", "n"]]
    s.blocks.append(Table("load_counts", "读取状态统计", counts.reset_index(drop=True), shown_rows=None))
    listed = report.assign(kind=kinds.map(LOAD_KINDS))[kinds != ""]
    order = {label: i for i, label in enumerate(LOAD_KINDS.values())}
    listed = listed.sort_values("kind", key=lambda c: c.map(order), kind="stable")
    if len(listed):
        s.blocks.append(Table("load_not_read", "没有读入的文件、元数据问题和需要核对的文件（全部列出）",
                              listed[["kind", "file", "status", "status_label", "message"]].reset_index(drop=True),
                              shown_rows=None, note="依次列出：有问题、没有读入的文件；元数据问题；读入但需要核对的文件；按规则跳过的文件。",
                              labels={"kind": "类别"}))
    else:
        s.notes.append("文件夹中的每个文件都已读入。")
    s.blocks.append(Table("load_report", "读取报告（每个文件一行）", report.drop(columns="status_label"),
                          shown_rows=0, note="每个文件的编码、字数和说明。"))


register_section("load", "读取报告", _load, how_to_read=[
    "文件夹中的每个文件都在读取报告里占一行。状态为“已读入”（ok）的文件成为文档；其余文件全部列在下表中，并写明原因，"
    "没有一个文件会被悄悄跳过。",
    "“按规则跳过”的是系统和办公软件的附属文件（如 .DS_Store、~$ 开头的临时文件、隐藏文件夹），以及元数据表本身，"
    "不算错误。“不能直接读取的格式”附有转换方法（如把 .doc 另存为 .docx）；“已损坏”“无法识别编码”“空文件”等说明文件本身有问题，"
    "处理后重新生成报告即可。",
    "“元数据问题”是 metadata.csv 与文件对不上：文件在表中没有行时，文件照常读入，只是没有标题、日期和分组；"
    "表中的行找不到文件时，这一行不起作用。“请核对”多是编码难以确定的短文件，请打开原文看一眼。",
    "没有读入的文件不参加后面任何一节的统计。",
])


# ============================================================================ 2. overview


def _overview(ctx: StudyContext, s: Section) -> None:
    docs, toks, unit = ctx.docs, ctx.tokens, ctx.options.unit
    n_docs = len(docs)
    n_chars = int(docs["n_chars"].sum())
    n_tokens = len(toks.ids)
    s.summary.append(f"共 {_n(n_docs)} 篇文档，{_n(n_chars)} 字（平均每篇 {_n(n_chars / n_docs)} 字）；"
                     f"切分为 {_n(len(toks))} 个{UNIT_NAMES[unit]}，去掉停用词后共 {_n(n_tokens)} 个词。")
    wanted = ["doc_id", "title", "date", "issuer", "level", "region", "genre", ctx.group_by, "n_chars"]
    shown = [c for c in dict.fromkeys(wanted) if c and c in docs.columns]
    s.blocks.append(Table("documents", "文档一览", _plain_columns(docs).reset_index(drop=True), columns=shown,
                          note="完整的文档表（含全部元数据列）见 Excel 或 CSV。"))

    if ctx.group_by and ctx.has_groups:
        groups = ctx.group_values()
        table = (pd.DataFrame({"group": groups, "n_chars": docs["n_chars"].to_numpy()})
                 .assign(group=lambda d: d["group"].replace("", "（未标注）"))
                 .groupby("group", sort=False).agg(n_docs=("n_chars", "size"), n_chars=("n_chars", "sum"))
                 .sort_values(["n_docs", "n_chars"], ascending=False).reset_index())
        table["share"] = table["n_chars"] / max(n_chars, 1)
        s.blocks.append(Table("documents_by_group", f"各组文档数与字数（按{ctx.group_label}）",
                              table.rename(columns={"group": ctx.group_by}), shown_rows=None))
    if ctx.group_note:
        s.notes.append(ctx.group_note)

    if "date" in docs.columns:
        years = _years(docs["date"])
        dated = years.notna()
        if dated.any():
            per_year = (pd.DataFrame({"year": years[dated].astype(int), "n_chars": docs.loc[dated, "n_chars"]})
                        .groupby("year").agg(n_docs=("n_chars", "size"), n_chars=("n_chars", "sum")).reset_index())
            s.blocks.append(Table("documents_by_year", "各年文档数与字数", per_year, shown_rows=None))
            if len(per_year) >= 2:
                import zhili as zl

                series = per_year.set_index(per_year["year"].astype(str))["n_docs"]

                def draw():
                    from matplotlib.ticker import MaxNLocator

                    ax = zl.plot.bar(series, title="各年文档数", xlabel="文档数", horizontal=False)
                    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
                    return ax

                s.blocks.append(ctx.figure("documents_by_year", "各年文档数", draw))
            if (~dated).any():
                s.notes.append(f"{_n((~dated).sum())} 篇文档没有可用的日期，不计入按年统计。")


register_section("overview", "语料概况", _overview, how_to_read=[
    "文档数和字数是后面一切比较的底数。字数是正文的字符数（含标点，不含元数据）。",
    "各组、各年的文档多少和长短不一：比较时要看每万字次数、每千字得分这类“密度”，而不是次数之和。"
    "只有一两篇文档的组或年份，数字主要反映那一两篇文档本身。",
    "分组（--by）和日期来自文件夹中的 metadata.csv，或 Markdown 文件开头的元数据。",
])


# ============================================================================ 3. frequencies


def _frequencies(ctx: StudyContext, s: Section) -> None:
    import zhili as zl

    top_n = ctx.options.top_n
    top = ctx.top_terms()
    if top.empty:
        raise SkipSection("去掉停用词后没有两个字以上的词：语料太小，或者停用词去掉了全部的词。")
    ctx.shared["top_terms"] = top
    s.summary.append("出现最多的词：" + _joined(top["term"].head(10), top["count"].head(10)) + "。")
    s.blocks.append(Table("top_terms", f"高频词（前 {len(top)} 个）", top, shown_rows=None))
    n_bars = min(len(top), 30)
    s.blocks.append(ctx.figure("top_terms", "高频词", lambda: zl.plot.bar(
        top.head(n_bars), title=f"高频词（前 {n_bars} 个）", xlabel="出现次数")))
    freq = ctx.frequencies()
    s.blocks.append(ctx.figure("wordcloud", "词云", lambda: zl.plot.wordcloud(
        freq, top_n=100, seed=ctx.options.seed, title="词云（前 100 个词）"),
        alt="词云：字越大，出现次数越多"))
    s.blocks.append(Table("term_frequencies", "全部词频（两个字以上）", freq, shown_rows=0))
    if ctx.has_groups:
        by = ctx.group_by
        per = zl.top_terms(ctx.grouped_tokens(), 10, by=by)
        rows = [{by: g, "top_terms": _joined(d["term"], d["count"])} for g, d in per.groupby(by, sort=False)]
        order = {g: i for i, g in enumerate(ctx.groups.index)}
        table = pd.DataFrame(rows).sort_values(by, key=lambda c: c.map(order)).reset_index(drop=True)
        s.blocks.append(Table("top_terms_by_group", f"各组高频词（前 10 个，按{ctx.group_label}）", table, shown_rows=None))


register_section("frequencies", "高频词与词云", _frequencies, how_to_read=[
    "按分词结果计数：数的是分词后完整的词（两个字以上），“的”“推进”一类虚词和公文套语（停用词，见溯源记录）已去掉。"
    "“次数”是出现的总次数，“占比”是在全部词中所占的比例，“文档数”是出现这个词的文档篇数——次数多而文档数少的词"
    "集中在少数文档里，解读时要小心。",
    "分词把更长的词当作一个词：“基层治理”出现在“基层治理体系”里时，不计入“基层治理”。要数一个词在原文中出现了多少次，"
    "请看“关键词语境”一节。",
    "词云中字越大，出现次数越多；词云只适合看大概，比较请看表。",
])


# ============================================================================ 4. keywords


def _keywords(ctx: StudyContext, s: Section) -> None:
    import zhili as zl

    kw = zl.keywords(ctx.tokens, n=5)
    if kw.empty:
        raise SkipSection("没有可以计算关键词的词（两个字以上）。")
    per_doc = kw.groupby("doc_id", sort=False)["term"].agg("、".join).rename("keywords").reset_index()
    per_doc.insert(1, "title", ctx.title_of(per_doc["doc_id"]))
    s.blocks.append(Table("keywords", "每篇文档的关键词（TF-IDF 前 5 个）", per_doc))


register_section("keywords", "关键词", _keywords, how_to_read=[
    "关键词（TF-IDF）是在一篇文档中多次出现、而在其他文档中少见的词：它说明每篇文档与众不同的地方，"
    "不一定是这篇文档最重要的内容。所有文档都谈的词（如“共同缔造”）反而不会成为关键词。",
    "文档很短或文档很少时，关键词不稳定。各组之间用词的差别，请看“分组比较”一节。",
])


# ============================================================================ 5. KWIC


def _kwic(ctx: StudyContext, s: Section) -> None:
    import zhili as zl

    terms = ctx.terms
    if not terms:
        raise SkipSection("没有可检索的词：请用 --terms 词1,词2 指定。")
    if ctx.terms_note:
        s.notes.append(ctx.terms_note)
    counts = zl.count_terms(ctx.corpus, terms)
    total_chars = max(int(ctx.docs["n_chars"].sum()), 1)
    table = pd.DataFrame({
        "term": terms,
        "count": [int(counts[t].sum()) if t in counts else 0 for t in terms],
        "n_docs": [int((counts[t] > 0).sum()) if t in counts else 0 for t in terms],
    })
    table["per_10k"] = table["count"] / total_chars * 10_000
    s.blocks.append(Table("term_counts", "检索词在原文中的次数", table, shown_rows=None))
    s.summary.append("；".join(f"“{r.term}”出现 {_n(r.count)} 次，见于 {_n(r.n_docs)} 篇文档"
                              for r in table.itertuples()) + "。")
    lines = zl.kwic(_documents_with_first(ctx.corpus, counts, terms, KWIC_LINES), terms, window=20)
    for i, term in enumerate(terms):
        mine = lines[lines["term"] == term].head(KWIC_LINES)
        if mine.empty:
            continue
        view = pd.DataFrame({
            "doc_id": mine["doc_id"].to_numpy(), "title": ctx.title_of(mine["doc_id"]),
            "heading_path": mine["heading_path"].to_numpy(), "left": mine["left"].to_numpy(),
            "keyword": mine["keyword"].to_numpy(), "right": mine["right"].to_numpy(),
        })
        n_all = int(table.loc[i, "count"])
        note = f"原文中共 {_n(n_all)} 处，表中保留按文档顺序的前 {KWIC_LINES} 处。" if n_all > KWIC_LINES else ""
        s.blocks.append(Table(f"kwic_{i + 1}", f"关键词语境：{term}", view, shown_rows=15, kind="kwic",
                              columns=["title", "left", "keyword", "right"], note=note))


def _documents_with_first(corpus, counts: pd.DataFrame, terms: list[str], n: int):
    """The corpus cut down to the documents that hold the first ``n`` occurrences of each term.

    ``counts`` is :func:`zhili.count_terms` by document (rows in corpus order). KWIC lines are
    listed in document order, so these documents give exactly the first ``n`` lines of each term
    without reading the rest of a large corpus.
    """
    keep = pd.Series(False, index=counts.index)
    for t in terms:
        if t in counts:
            before = counts[t].cumsum() - counts[t]  # occurrences in the documents before this one
            keep |= (counts[t] > 0) & (before < n)
    if keep.all():
        return corpus
    return corpus.subset(keep.reindex(corpus.doc_ids, fill_value=False).tolist())


register_section("kwic", "关键词语境（KWIC）", _kwic, how_to_read=[
    "在原文中检索每一次出现——藏在更长的词里的、被分词切开的、写成括注形式的（“村（居）民委员会”）都算——"
    "并按“左侧上下文｜检索词｜右侧上下文”排成一行，便于逐条阅读这个词是怎样用的。",
    "这里的次数是原文中的出现次数，可能多于高频词表中的次数（高频词表数的是分词后完整的词）。"
    "“每万字次数”= 次数 ÷ 全部字数 × 10000。",
])


# ============================================================================ 6. trends


def _trends(ctx: StudyContext, s: Section) -> None:
    import zhili as zl

    if not ctx.terms:
        raise SkipSection("没有可检索的词：请用 --terms 词1,词2 指定。")
    if "date" not in ctx.docs.columns or _years(ctx.docs["date"]).nunique() < 2:
        raise SkipSection("文档没有日期，或日期都在同一年：看不出变化。给文件夹加一份带 date 列的 metadata.csv 后重新生成。")
    trend = zl.term_trends(ctx.corpus, ctx.terms, date="date")
    excluded = trend.attrs.get("excluded_docs", [])
    if excluded:
        s.notes.append(f"{_n(len(excluded))} 篇文档没有可用的日期，不计入趋势。")
    s.blocks.append(Table("term_trends", "检索词按年份的次数", trend, shown_rows=None))

    def draw():
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(layout="constrained")
        palette = zl.plot.PALETTE
        for i, (term, d) in enumerate(trend.groupby("term", sort=False)):
            ax.plot(d["period"], d["per_10k"], marker="o", linewidth=2.5, color=palette[i % len(palette)], label=term)
        periods = sorted(trend["period"].unique())
        ax.set_xticks(periods, [str(p) for p in periods])
        ax.set_xlabel("年份")
        ax.set_ylabel("每万字次数")
        ax.set_ylim(bottom=0)
        ax.set_title("检索词的年度变化（每万字次数）")
        ax.grid(axis="y", alpha=0.3)
        ax.legend(frameon=False)
        return ax

    s.blocks.append(ctx.figure("term_trends", "检索词的年度变化", draw))


register_section("trends", "词语的年度变化", _trends, how_to_read=[
    "每个年份一个点：每万字次数 = 这一年文档中的出现次数 ÷ 这一年文档的总字数 × 10000，"
    "这样文档多的年份不会仅仅因为文档多而显得“热”。次数在原文中检索（与上一节相同）。",
    "年份来自元数据中的日期（date 列）；没有日期的文档不参加。只有一两篇文档的年份，点的高低主要反映那几篇文档本身。"
    "趋势只描述这一份语料，不代表全部政策文本。",
])


# ============================================================================ 7. keyness


def _keyness(ctx: StudyContext, s: Section) -> None:
    import zhili as zl

    if not ctx.has_groups:
        raise SkipSection(ctx.group_note or "没有指定分组：用 --by 列名 给出元数据中的分组列（如 level、region）后，这一节比较各组的用词。")
    if ctx.group_note:
        s.notes.append(ctx.group_note)
    by, groups = ctx.group_by, ctx.groups
    toks = ctx.grouped_tokens()
    pair = len(groups) == 2
    compared = list(groups.index[:MAX_COMPARISONS])
    if len(groups) > MAX_COMPARISONS:
        s.notes.append(f"{ctx.group_label} 有 {len(groups)} 组，这里只比较文档最多的 {MAX_COMPARISONS} 组（每组与其余各组相比）；"
                       "完整的比较可在笔记本中用 zl.keyness 完成。")
    for i, g in enumerate(compared):
        key = zl.keyness(toks, g, by=by, p_adjust="fdr_bh")
        key = key[key["g2"] > 0].head(100).reset_index(drop=True)
        other = groups.index[1 - i] if pair else "其余各组"
        title = f"“{g}”相对“{other}”的关键词"
        if key.empty:
            s.notes.append(f"{title}：没有比参照组更常用的词。")
            continue
        s.summary.append(f"“{g}”（{groups[g]} 篇）最突出的词：" + _joined(key["term"].head(8)) + "。")
        cols = ["term", "target_count", "reference_count", "g2", "log_ratio", "p_adjusted"]
        s.blocks.append(Table(f"keyness_{i + 1}", title, key, shown_rows=15, columns=cols))
        if i < 3:
            s.blocks.append(ctx.figure(f"keyness_{i + 1}", title, lambda key=key, title=title: zl.plot.bar(
                key.head(15).set_index("term")["g2"], title=title, xlabel="G²（对数似然）")))


register_section("keyness", "分组比较（关键性分析）", _keyness, how_to_read=[
    "把一组文档的用词与参照组比较（两组时互为参照；多于两组时，每组与其余各组相比）。"
    "G²（对数似然）越大，这个词在该组中越突出；对数比是效应量：每增加 1，表示在该组中的相对频率是参照组的两倍。",
    "同时检验成百上千个词，总会有一些词偶然“显著”：表中“校正后 p 值”已按 Benjamini–Hochberg 方法校正，"
    "小于 0.05 的才值得注意。两组文档都很少时结果不稳定；没有分组值的文档不参加比较。",
])


# ============================================================================ 8. co-word network


def _network(ctx: StudyContext, s: Section) -> None:
    import zhili as zl

    top_n, seed = ctx.options.top_n, ctx.options.seed
    g = zl.cooccurrence_network(ctx.tokens, top_n=top_n, max_edges=2 * top_n)
    if g.number_of_nodes() == 0:
        raise SkipSection(f"共词网络为空：语料太小，出现两次以上的词没有在同一{UNIT_NAMES[ctx.options.unit]}中相遇。"
                          "可以换用更大的语料，或改用 --unit paragraph。")
    comm = zl.communities(g, seed=seed)
    centres = zl.centrality(g).merge(comm[["term", "community"]], on="term")
    ctx.networks["coword_network"] = g
    groups = (comm.sort_values(["community", "count", "term"], ascending=[True, False, True])
              .groupby("community").agg(n=("term", "size"), terms=("term", "、".join)).reset_index())
    s.summary.append(f"{g.number_of_nodes()} 个词，{g.number_of_edges()} 条边，{len(groups)} 个社群。")
    s.blocks.append(ctx.figure("coword_network", "共词网络", lambda: zl.plot.network(
        g, seed=seed, title=f"共词网络（前 {top_n} 个词，最多 {2 * top_n} 条边）")))
    s.blocks.append(Table("network_communities", "社群及其中的词", groups, shown_rows=None))
    s.blocks.append(Table("network_terms", "词的中心性", centres, shown_rows=15))


register_section("network", "共词网络", _network, how_to_read=[
    "节点是最常见的词；两个词在同一个分析单位（如同一句话）中一起出现，就连一条边，线越粗，一起出现的次数越多。"
    "为了看得清楚，只保留最强的边（词数的两倍）。",
    "颜色是 Louvain 算法划分的社群：彼此联系更紧密的一组词。社群的编号没有含义，名称要由研究者读原文后确定。"
    "布局和社群划分用随机种子（--seed）：换一个种子，图的样子会变，联系紧密的词仍会聚在一起。",
    "中心性表中，“度”是与这个词相连的词数；“中介中心性”高的词连接着不同的词群。",
])


# ============================================================================ 8b. topics


#: LDA passes in a report (zl.topics' own defaults: 50 in batch mode, 5 online above 2,000 documents)
_REPORT_LDA_PASSES = 20


def _topics(ctx: StudyContext, s: Section) -> None:
    import zhili as zl

    n_docs = len(ctx.docs)
    if n_docs < 20:
        raise SkipSection(f"只有 {n_docs} 篇文档：主题模型至少需要几十篇文档，才能分出彼此不同的主题。")
    k = max(2, min(10, n_docs // 10))
    # a report is an overview: _REPORT_LDA_PASSES passes in batch mode (zl.topics makes 50 there, up to
    # 2,000 documents, each pass reading every document: 22 s for 1,000 documents)
    from ..analysis.topics import BATCH_MAX_ROWS

    fewer = _REPORT_LDA_PASSES if n_docs <= BATCH_MAX_ROWS else None  # online (5 passes) is left as it is
    model = zl.topics(ctx.tokens, k=k, seed=ctx.options.seed, max_iter=fewer)
    passes = model.settings["max_iter"]
    s.summary.append(f"{k} 个主题：" + "；".join(model.labels) + "。")
    s.summary.append(f"LDA 迭代 {passes} 次，随机种子 {ctx.options.seed}；在笔记本中用 "
                     f"zl.topics(toks, k={k}, seed={ctx.options.seed}, max_iter={passes}) 得到同样的主题。")
    s.blocks.append(Table("topics", f"主题（k = {k}）", model.summary(), shown_rows=None,
                          labels={"topic": "主题", "coherence": "一致性（NPMI）", "terms": "主题词"}))
    s.blocks.append(Table("topic_terms", "每个主题的主题词", model.terms(n=10), shown_rows=30,
                          labels={"topic": "主题", "lift": "提升度"}))
    s.blocks.append(ctx.figure("topics", "主题词", lambda: zl.plot_topics(model, n=8)))


register_section("topics", "主题", _topics, after="network", how_to_read=[
    "每个主题是一组常在同一批文档中一起出现的词（LDA 主题模型）：它是阅读的向导，不是结论；给主题命名之前，请读它的文档。",
    "一致性（NPMI）越高，主题词越常真的一起出现。主题数 k 按文档数自动选取（约每十篇文档一个，最多 10 个）；"
    "不超过 2,000 篇文档时，报告中的 LDA 迭代 20 次（zl.topics 默认 50 次，更稳定也更慢），本节摘要写明了在笔记本中复现的写法；"
    "在笔记本中可以用 zl.compare_topics 比较不同的 k，用不同的随机种子检查主题是否稳定。",
])


# ============================================================================ 9. framework


def _framework(ctx: StudyContext, s: Section) -> None:
    import zhili as zl

    coded = zl.code_framework(ctx.tokens, level="theory")
    dims = list(coded.attrs["categories"])
    n_terms = coded.attrs.get("n_terms", {})
    labels = coded["categories"].fillna("").str.split("；")
    coded_any = labels.map(lambda c: c != [""])
    overview = pd.DataFrame({
        "category": dims,
        "n_terms": [int(n_terms.get(d, 0)) for d in dims],
        "n": [int(labels.map(lambda c, d=d: d in c).sum()) for d in dims],
    })
    overview["coverage"] = overview["n"] / max(len(coded), 1)
    unit = UNIT_NAMES[ctx.options.unit]
    s.summary.append(f"{_n(len(coded))} 个{unit}中，{_n(coded_any.sum())} 个编上了至少一个维度（"
                     + "、".join(f"{r.category} {r.coverage:.1%}" for r in overview.itertuples()) + "）。")
    s.blocks.append(Table("framework_dictionary", f"各维度的线索词数和编上的{unit}数", overview.rename(
        columns={"n": f"n_{ctx.options.unit}"}), shown_rows=None,
        note=f"编码词典：{coded.attrs.get('dictionary', '')}（版本 {coded.attrs.get('version', '')}）。"))

    if ctx.has_groups:
        grouped = coded.assign(**{ctx.group_by: group_labels(coded[ctx.group_by])})
        grouped = grouped[grouped[ctx.group_by] != ""]
        density = zl.framework_profile(grouped, by=ctx.group_by, measure="density")
        density = density.loc[[g for g in ctx.groups.index if g in density.index]]
    else:
        density = zl.framework_profile(coded, by=None, measure="density")
    s.blocks.append(Table("framework_profile", "理论维度画像（每千字得分）", density.reset_index(), shown_rows=None))
    if len(dims) >= 3:
        s.blocks.append(ctx.figure("framework_radar", "理论维度画像", lambda: zl.plot.radar(
            density.head(8), title="理论维度画像（每千字得分）")))

    by_doc = zl.framework_profile(coded).reset_index()
    by_doc.insert(1, "title", ctx.title_of(by_doc["doc_id"]))
    s.blocks.append(Table("framework_by_document", "每篇文档的维度画像（每千字得分）", by_doc, shown_rows=15))

    parts = []
    for d in dims:
        hits = coded[labels.map(lambda c, d=d: d in c)]
        top = hits.sort_values(d, ascending=False, kind="stable").head(EVIDENCE_PER_DIMENSION)
        parts.append(pd.DataFrame({
            "category": d, "title": ctx.title_of(top["doc_id"]), "heading_path": top["heading_path"].to_numpy(),
            "text": [t if len(t) <= 160 else t[:159] + "…" for t in top["text"].astype(str)],
            "evidence": top["evidence"].to_numpy(), "score": top[d].to_numpy(),
        }))
    evidence = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if len(evidence):
        s.blocks.append(Table("framework_evidence", f"证据：每个维度得分最高的 {EVIDENCE_PER_DIMENSION} 个{unit}",
                              evidence, shown_rows=None))
    else:
        s.notes.append(f"没有一个{unit}达到编码阈值，所以没有证据句子可列。")


register_section("framework", "理论维度画像", _framework, how_to_read=[
    "按政策语言编码词典，逐个分析单位给治理理念、治理能力、治理体系三个维度打分：线索词在原文中查找，"
    "每个线索词有权重和语境条件，一个单元的得分是它所含线索词的权重之和，达到阈值才算编上。"
    "画像给出每千字得分（密度），长短不一的文档和组可以相互比较。",
    "词典编码一定要抽查：下面的证据表列出每个维度得分最高的几句和它们的线索词，看看命中的词在上下文里是不是真的在讲这个维度。"
    "本项目对词典的检验（两份中央文件的 140 个句子，F1 约 0.78）写在 README 中；用于自己的语料前，"
    "建议用 zl.sample_for_validation 抽样人工核对。编码手册见 notebooks/codebook-theory.md。",
])


# ============================================================================ 10. formulations


def _formulations(ctx: StudyContext, s: Section) -> None:
    import zhili as zl

    found = zl.formulations(ctx.corpus)
    if found.empty:
        raise SkipSection("没有识别到带数字的概括语（提法）。")
    counts = zl.formulation_counts(found)
    first = found.drop_duplicates("formulation").set_index("formulation")["doc_id"]
    counts["known"] = counts["known"].map({True: "框架收录", False: "文本识别"})
    counts["example"] = ctx.title_of(counts["formulation"].map(first))
    s.summary.append(f"识别到 {len(counts)} 个提法，共 {_n(counts['n'].sum())} 处；最常见的："
                     + _joined(counts["formulation"].head(8), counts["n"].head(8)) + "。")
    s.blocks.append(Table("formulations", "提法（数字概括语）", counts.rename(columns={"example": "first_seen_in"}),
                          shown_rows=ctx.options.top_n))
    s.blocks.append(Table("formulation_matches", "提法的每一处出现", _plain_columns(
        found[[c for c in ("doc_id", "unit_id", "heading_path", "formulation", "match", "known", "source", "members")
               if c in found.columns]]), shown_rows=0))


register_section("formulations", "提法", _formulations, how_to_read=[
    "提法是政策文本中带数字的概括语，如“五共”“四权同下”“一书记、两顾问、三使者”。"
    "“框架收录”表示理论框架中已有的提法；“文本识别”是按数字概括语的格式从文本中找出来的，可能有误认，请对照原文。",
    "次数是出现的处数，文档数是出现这个提法的文档篇数；“首见于”是它第一次出现的文档。",
])


# ============================================================================ 11. provenance


def _provenance(ctx: StudyContext, s: Section) -> None:
    prov = ctx.shared["provenance"]
    s.summary.append(f"语料摘要（SHA-256）{prov.corpus['digest'][:16]}…；zhili {prov.kit['zhili']}；运行于 {prov.run['date']}。")
    s.blocks.append(Table("provenance", "溯源记录", prov.table(), shown_rows=None, sheet="溯源"))


register_section("provenance", "溯源记录", _provenance, how_to_read=[
    "溯源记录是这份报告的“身份证”：工具包、词表、理论框架和编码词典的版本与摘要；语料的摘要、规模和没有读入的每一个文件；"
    "分词设置和起作用的每一份停用词表；本次的全部参数；运行环境。",
    "别人用同一份语料、同样的版本和参数重新生成报告，除运行时间外应得到同样的表和图。写论文或报告时可以把它放在附录。",
])
