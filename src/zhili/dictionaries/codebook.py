"""A dictionary's codebook as a Markdown page (Chinese), generated from its YAML."""
from __future__ import annotations

import re

__all__ = ["render"]

# a section of the reference paper, such as 一(二)3 or 三(一); anything else is a literature citation
_PAPER_SECTION = re.compile(r"^[一二三四五六七八九十]+(?:[(（]|$)")


def _cite(source: str) -> str:
    return f"论文 {source}" if _PAPER_SECTION.match(source) else source


def _rule_conditions(rule, window: int) -> str:
    parts = []
    w = rule.window if rule.window is not None else window
    if rule.with_:
        parts.append(f"前后 {w} 字内须有：{'、'.join(rule.with_)}")
    if rule.not_with:
        parts.append(f"前后 {w} 字内若有则不计：{'、'.join(rule.not_with)}")
    if rule.not_in:
        parts.append(f"处在这些词中时不计：{'、'.join(rule.not_in)}")
    return "；".join(parts) or "—"


def _cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")


def render(d) -> str:
    """Markdown for :meth:`zhili.dictionaries.Dictionary.codebook`."""
    lines = [f"# 编码手册：{d.name}", "",
             f"版本 {d.version}。本页由 `zl.load_dictionary(...).codebook()` 根据词典文件生成，请勿手工修改。", ""]
    if d.description:
        lines += [d.description, ""]
    if d.citation:
        lines += [f"**依据**：{d.citation}", ""]
    lines += ["## 怎样计分", "",
              f"- 每个单元（默认是句子）在原文中查找各类别的线索词：藏在更长的词里、被分词切开、写成括注形式的也能找到。",
              "- 同一类别中互相包含的线索词（如“体制”在“领导体制”中）只算一处证据，按其中权重最高的计分。",
              f"- 各线索词按权重相加，得分达到 **{d.threshold:g}** 即编码为该类别；权重 0.5 的线索词须与其他线索同时出现才够。",
              "- 一句话可以同时属于几个类别，也可以都不属于。编码表的 `evidence` 列列出找到的线索词，便于逐句核对。", "",
              "| 类别 | 线索词数 |", "|---|---|"]
    if d.groups:
        lines[-2:] = ["| 组 | 类别 | 线索词数 |", "|---|---|---|"]
        lines += [f"| {c.group} | {c.label} | {len(c.terms)} |" for c in d.categories]
        lines.append("")
        for g in d.groups:
            src = f"（出处：{_cite(g.source)}）" if g.source else ""
            lines += [f"## {g.label}", "", f"**定义**{src}：{g.definition}", "",
                      "包括：" + "、".join(c.label for c in d.categories if c.group == g.label), ""]
    else:
        lines += [f"| {c.label} | {len(c.terms)} |" for c in d.categories]
        lines.append("")
    for c in d.categories:
        lines += [f"## {c.label}" + (f"（{c.group}）" if c.group else ""), ""]
        if c.definition:
            src = f"（出处：{_cite(c.source)}）" if c.source else ""
            lines += [f"**定义**{src}：{c.definition}", ""]
        if c.include:
            lines += ["**编码**："] + [f"- {x}" for x in c.include] + [""]
        if c.exclude:
            lines += ["**不编码**："] + [f"- {x}" for x in c.exclude] + [""]
        if c.examples_include or c.examples_exclude:
            lines += ["**例句**（本项目编写）："]
            lines += [f"- ✓ {x}" for x in c.examples_include]
            lines += [f"- ✗ {x}" for x in c.examples_exclude]
            lines.append("")
        lines += ["| 规则 | 线索词 | 权重 | 条件 | 依据 |", "|---|---|---|---|---|"]
        for i, r in enumerate(c.rules, start=1):
            basis = "；".join(x for x in (_cite(r.source) if r.source else "", r.why) if x)
            lines.append(f"| {i} | {_cell('、'.join(r.terms))} | {r.weight:g} | {_cell(_rule_conditions(r, d.window))} | "
                         f"{_cell(basis)} |")
        lines.append("")
    return "\n".join(lines)
