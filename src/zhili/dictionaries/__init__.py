"""Coding dictionaries as data: one YAML format, one coder (zhili.dictionaries).

A dictionary names categories and, for each, the cue terms whose occurrence in a unit of text is
evidence for it — with weights and context rules, and a citation or a stated reason for every
rule. The kit ships ``theory.yaml`` (治理理念 / 治理能力 / 治理体系 in policy language, after the
reference paper's part 一); a user's own dictionary uses the same format and the same coder
(:func:`zhili.code_dictionary`).

Format
------
.. code-block:: yaml

    name: 我的词典                 # required
    version: "1.0"                 # required
    description: 一两句说明
    citation: 文献或依据
    threshold: 1                   # a unit is coded for a category when its score reaches this
    window: 12                     # characters on each side that context rules look at
    groups:                        # optional: groups of categories (供给型 over 人才培养 …)
      供给型: {definition: 定义, source: 出处, code: supply}
    categories:
      治理理念:                     # the category's label (a column of the coding table)
        definition: 定义（用自己的话）
        source: 一(一)             # where the definition comes from
        group: 供给型              # required when the dictionary has groups
        include: [收录的情形, …]    # for the codebook
        exclude: [不收录的情形, …]
        examples: {include: [例句, …], exclude: [例句, …]}
        rules:                     # each rule: a group of terms sharing weight, conditions and a reason
          - terms: [以人民为中心, 人民至上]
            weight: 1              # default 1; negative weights count against the category
            source: 一(一)         # a citation … or
            why: 说明理由           # … a stated reason (one of the two is required)
            with: [理念, 思想]      # counts only if one of these occurs within `window` characters
            not_with: [意识形态]    # does not count if one of these occurs within `window`
            not_in: [村民委员会]     # does not count inside one of these longer words
            window: 8              # this rule's own window

The kit ships ``theory`` (治理理念 / 治理能力 / 治理体系), ``instruments_rz`` (supply / demand /
environment instruments after Rothwell & Zegveld, with sub-types as groups' categories),
``instruments_me`` (mandates, inducements, capacity-building, system-changing after McDonnell &
Elmore, and hortatory tools after Schneider & Ingram) and ``obligation`` (约束性 / 指导性 / 倡导性).

Scoring: every cue is found in the text by the term engine (:mod:`zhili.matching`: inside longer
words, across segmentation, in bracketed forms). Cues of one category nested inside each other are
one piece of evidence, scored with the strongest weight among them (体制 inside 领导体制); across
categories each counts (基层治理体系 is evidence for 体系 through 治理体系). A unit's score for a category is the sum of the weights of its cues
that pass their rules; it is coded when the score reaches ``threshold``.
"""
from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from .._errors import LoadError, ZhiliError

__all__ = ["Rule", "Group", "Category", "Dictionary", "load_dictionary", "BUILTIN"]

#: Dictionaries shipped with the kit: name -> file in this package.
BUILTIN = {"theory": "theory.yaml", "instruments_rz": "instruments_rz.yaml", "instruments_me": "instruments_me.yaml",
           "obligation": "obligation.yaml"}
_TOP = {"name", "version", "description", "citation", "threshold", "window", "categories", "groups", "language", "id"}
_CATEGORY = {"definition", "source", "include", "exclude", "examples", "rules", "code", "group"}
_GROUP = {"definition", "source", "code"}
_RULE = {"terms", "weight", "source", "why", "with", "not_with", "not_in", "window"}


@dataclass(frozen=True)
class Rule:
    """A group of cue terms with their weight, context conditions and reason."""

    terms: tuple[str, ...]
    weight: float = 1.0
    source: str = ""
    why: str = ""
    with_: tuple[str, ...] = ()
    not_with: tuple[str, ...] = ()
    not_in: tuple[str, ...] = ()
    window: int | None = None


@dataclass(frozen=True)
class Group:
    """A group of categories (e.g. 供给型 over 人才培养, 资金投入 …), with its definition."""

    label: str
    definition: str = ""
    source: str = ""
    code: str = ""


@dataclass(frozen=True)
class Category:
    label: str
    definition: str = ""
    source: str = ""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    examples_include: tuple[str, ...] = ()
    examples_exclude: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()
    code: str = ""
    group: str = ""  # the label of its group, when the dictionary has groups

    @property
    def terms(self) -> list[str]:
        return list(dict.fromkeys(t for r in self.rules for t in r.terms))


@dataclass(frozen=True)
class Dictionary:
    """A coding dictionary (see the module notes for the format)."""

    name: str
    version: str
    categories: tuple[Category, ...]
    threshold: float = 1.0
    window: int = 12
    description: str = ""
    citation: str = ""
    path: str = ""  # the YAML file it was read from (copy the built-in one to make your own)
    extra: dict = field(default_factory=dict, compare=False, hash=False)
    groups: tuple[Group, ...] = ()

    @property
    def labels(self) -> list[str]:
        return [c.label for c in self.categories]

    @property
    def group_of(self) -> dict[str, str]:
        """Category label -> group label (empty when the dictionary has no groups).

        Examples
        --------
        >>> d = load_dictionary("instruments_rz")
        >>> [g.label for g in d.groups], d.group_of["人才培养"]
        (['供给型', '需求型', '环境型'], '供给型')
        """
        return {c.label: c.group for c in self.categories if c.group}

    def __repr__(self) -> str:
        sizes = "、".join(f"{c.label} {len(c.terms)} 词" for c in self.categories)
        return f"<词典 {self.name}（{self.version}）：{sizes}>"

    def sizes(self) -> pd.Series:
        """Number of cue terms per category (shown beside profiles: a longer list finds more)."""
        return pd.Series({c.label: len(c.terms) for c in self.categories}, name="n_terms")

    def table(self) -> pd.DataFrame:
        """One row per cue term: ``category``, ``term``, ``weight``, ``with``, ``not_with``, ``not_in``,
        ``window``, ``source``, ``why``.

        Examples
        --------
        >>> d = load_dictionary("theory")
        >>> t = d.table()
        >>> sorted(t["category"].unique())
        ['治理体系', '治理理念', '治理能力']
        >>> bool((t["source"].str.len() + t["why"].str.len() > 0).all())
        True
        """
        rows = []
        for c in self.categories:
            for r in c.rules:
                for t in r.terms:
                    rows.append({"category": c.label, "group": c.group, "term": t, "weight": r.weight, "with": "、".join(r.with_),
                                 "not_with": "、".join(r.not_with), "not_in": "、".join(r.not_in),
                                 "window": r.window if r.window is not None else self.window,
                                 "source": r.source, "why": r.why})
        table = pd.DataFrame(rows, columns=["category", "group", "term", "weight", "with", "not_with", "not_in", "window",
                                            "source", "why"])
        table.attrs["zhili_labels"] = {"group": "大类", "term": "指标词"}
        return table

    def codebook(self) -> str:
        """The codebook as Markdown (Chinese): per category its definition, what is and is not
        coded, examples, and every rule with its weight, conditions and reason."""
        from .codebook import render

        return render(self)


_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


def _prose(value: Any) -> str:
    """A text field, without the spaces YAML's folded lines leave between Chinese characters."""
    return _CJK_GAP.sub("", str(value or "").strip())


def _fail(where: str, problem: str) -> LoadError:
    return LoadError(f"编码词典 {where}：{problem}", path=where, reason="bad_dictionary")


def _strings(value: Any, where: str, field_: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(where, f"{field_} 应为文字或文字的列表。")
    return tuple(v.strip() for v in value)


def _number(value: Any, where: str, field_: str, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(where, f"{field_}={value!r} 应为数字。")
    if positive and value <= 0:
        raise _fail(where, f"{field_}={value!r} 应为正数。")
    return float(value)


def _unknown(keys, allowed: set[str], where: str) -> None:
    extra = sorted(set(map(str, keys)) - allowed)
    if extra:
        raise _fail(where, f"有未知的字段 {'、'.join(extra)}；可用的字段为 {'、'.join(sorted(allowed))}。")


def _parse(data: Any, where: str) -> Dictionary:
    if not isinstance(data, dict):
        raise _fail(where, "顶层应为“字段: 值”的映射（name、version、categories …）。")
    _unknown(data, _TOP, where)
    for key in ("name", "version", "categories"):
        if key not in data:
            raise _fail(where, f"缺少必填字段 {key}。")
    cats_raw = data["categories"]
    if not isinstance(cats_raw, dict) or not cats_raw:
        raise _fail(where, "categories 应为“类别名: 定义与规则”的映射，且至少有一个类别。")
    window = int(_number(data.get("window", 12), where, "window", positive=True))
    groups = _groups(data.get("groups"), where)
    categories = []
    for label, spec in cats_raw.items():
        here = f"{where} 的类别 {label}"
        if not isinstance(spec, dict):
            raise _fail(here, "应为映射（definition、rules …）。")
        _unknown(spec, _CATEGORY, here)
        rules_raw = spec.get("rules") or []
        if not isinstance(rules_raw, list) or not rules_raw:
            raise _fail(here, "没有任何规则（rules）：每个类别至少要有一组线索词，否则永远不会被编码。")
        rules = []
        for i, r in enumerate(rules_raw, start=1):
            rwhere = f"{here} 的第 {i} 条规则"
            if isinstance(r, list):  # a bare list of terms is not allowed: every rule needs its reason
                raise _fail(rwhere, "应写成映射：terms（线索词）加上 source（出处）或 why（理由）。")
            if not isinstance(r, dict):
                raise _fail(rwhere, "应为映射（terms、weight、source/why …）。")
            _unknown(r, _RULE, rwhere)
            terms = _strings(r.get("terms"), rwhere, "terms")
            if not terms:
                raise _fail(rwhere, "terms 为空：请至少写一个线索词。")
            source, why = str(r.get("source") or "").strip(), str(r.get("why") or "").strip()
            if not source and not why:
                raise _fail(rwhere, f"（{'、'.join(terms[:3])}…）缺少 source（出处）或 why（理由）：每条规则都要说明依据。")
            rules.append(Rule(terms=terms, weight=_number(r.get("weight", 1), rwhere, "weight"), source=source, why=why,
                              with_=_strings(r.get("with"), rwhere, "with"),
                              not_with=_strings(r.get("not_with"), rwhere, "not_with"),
                              not_in=_strings(r.get("not_in"), rwhere, "not_in"),
                              window=int(_number(r["window"], rwhere, "window", positive=True)) if "window" in r else None))
        seen: dict[str, int] = {}
        for i, r in enumerate(rules, start=1):
            for t in r.terms:
                if t in seen:
                    raise _fail(here, f"线索词“{t}”同时出现在第 {seen[t]} 条和第 {i} 条规则里：一个词在一个类别中只能属于一条规则。")
                seen[t] = i
        examples = spec.get("examples") or {}
        if not isinstance(examples, dict):
            raise _fail(here, "examples 应为 {include: [...], exclude: [...]}。")
        categories.append(Category(label=str(label), definition=_prose(spec.get("definition")),
                                   source=str(spec.get("source") or ""), include=_strings(spec.get("include"), here, "include"),
                                   exclude=_strings(spec.get("exclude"), here, "exclude"),
                                   examples_include=_strings(examples.get("include"), here, "examples.include"),
                                   examples_exclude=_strings(examples.get("exclude"), here, "examples.exclude"),
                                   rules=tuple(rules), code=str(spec.get("code") or ""),
                                   group=_category_group(spec, groups, here)))
    used = {c.group for c in categories}
    unused = [g.label for g in groups if g.label not in used]
    if unused:
        raise _fail(where, f"groups 中的 {'、'.join(unused)} 没有任何类别：请删去，或在类别里写 group: {unused[0]}。")
    return Dictionary(name=str(data["name"]), version=str(data["version"]), categories=tuple(categories),
                      threshold=_number(data.get("threshold", 1), where, "threshold", positive=True), window=window,
                      description=_prose(data.get("description")), citation=_prose(data.get("citation")), path=where,
                      groups=groups)


def _groups(raw: Any, where: str) -> tuple[Group, ...]:
    """The optional ``groups`` mapping: group label -> definition, source, code."""
    if raw is None:
        return ()
    if not isinstance(raw, dict) or not raw:
        raise _fail(where, "groups 应为“组名: 定义”的映射，且至少有一个组（不分组就删去 groups）。")
    out = []
    for label, spec in raw.items():
        here = f"{where} 的组 {label}"
        spec = spec or {}
        if not isinstance(spec, dict):
            raise _fail(here, "应为映射（definition、source、code）。")
        _unknown(spec, _GROUP, here)
        out.append(Group(label=str(label), definition=_prose(spec.get("definition")), source=_prose(spec.get("source")),
                         code=str(spec.get("code") or "")))
    return tuple(out)


def _category_group(spec: dict, groups: tuple[Group, ...], here: str) -> str:
    group = spec.get("group")
    if not groups:
        if group is not None:
            raise _fail(here, f"写了 group: {group}，但词典没有 groups：请在顶层用 groups 列出各组及其定义。")
        return ""
    labels = [g.label for g in groups]
    if group is None:
        raise _fail(here, f"缺少 group：词典分了组（{'、'.join(labels)}），每个类别都要写明属于哪一组。")
    if str(group) not in labels:
        raise _fail(here, f"group: {group} 不在 groups 中；可用的组为 {'、'.join(labels)}。")
    return str(group)


@functools.lru_cache(maxsize=8)
def _builtin(name: str) -> Dictionary:
    from .._yaml import safe_load

    file = resources.files(__package__).joinpath(BUILTIN[name])
    text = file.read_text(encoding="utf-8")
    return dataclasses.replace(_parse(safe_load(text, source=BUILTIN[name]), BUILTIN[name]), path=str(file))


def load_dictionary(source: str | Path | Dictionary) -> Dictionary:
    """Load a coding dictionary: a built-in one by name (``"theory"``) or a YAML file.

    Raises
    ------
    LoadError
        For a missing file, bad YAML (with the line) or a dictionary that does not follow the
        format (naming the category and rule).

    Examples
    --------
    >>> d = load_dictionary("theory")
    >>> d.labels
    ['治理理念', '治理能力', '治理体系']
    """
    if isinstance(source, Dictionary):
        return source
    if isinstance(source, str) and source in BUILTIN:
        return _builtin(source)
    if not isinstance(source, (str, Path)):
        raise ZhiliError(f"词典应为内置词典名（{'、'.join(BUILTIN)}）或 YAML 文件路径，收到的是 {type(source).__name__}。")
    path = Path(source)
    if not path.is_file():
        raise LoadError(f"找不到编码词典 {path}：请检查路径；内置词典有 {'、'.join(BUILTIN)}。", path=path, reason="missing")
    from .._yaml import safe_load

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise LoadError(f"编码词典 {path} 不是 UTF-8 编码：请另存为 UTF-8 后再加载。", path=path, reason="encoding") from None
    return _parse(safe_load(text, source=path), str(path))
