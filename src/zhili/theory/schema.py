"""Reading and checking framework files (zhili.theory.schema).

A framework file is YAML with these top-level keys (``framework.yaml`` in this package is the
reference; an extension file uses the same keys, all optional):

``version``
    str. Required in the base file; an extension's version is appended (``1.0+my``).
``source``
    mapping describing the reference paper (free keys).
``references``
    list of ``{n, title, authors, year, venue?, type?}``: the paper's own reference list
    (bibliographic data only). ``attributed_to`` of elements and relations points at these numbers.
``documents``
    list of ``{id, title, year, cite, role, ref?, areas?, note?}``: policy documents and meetings
    the paper takes as its starting point (``cite`` is a list of locators; ``areas`` a list of
    ``{name, maps_to?}``, where ``maps_to`` names framework elements — always the project's reading).
``sections``
    list of ``{code, label, heading?, pages?, paragraphs?, note?}``: the paper's outline. ``label``
    is the project's short label, ``heading`` the paper's own heading, ``paragraphs`` the number of
    body paragraphs (what a locator's ``¶n`` counts). Every citation must name one of these codes.
    An extension may add codes of its own (say, a local teaching source).
``relation_types``
    mapping ``type -> {label, definition}``. ``part_of`` is built from ``parent`` and may not be
    used in ``relations``.
``elements``
    list of mappings with keys ``id`` (ASCII slug), ``name`` (Chinese, unique), ``kind`` (one of
    :data:`KINDS`), ``cite`` (a section code or a list of them), ``definition`` (own words),
    ``parent`` (id; omitted only for roots, whose kind is one of :data:`ROOT_KINDS`) and the
    indicator terms (the name is always a term):

    - ``paper_terms``: words that occur in the paper;
    - ``search_terms``: a mapping ``reason -> [terms]`` for words that do not occur in the paper
      (synonyms, official formulations, words of the cases …), each group with its short reason;
    - ``terms``: terms of unrecorded provenance (counted as search terms, reason 未注明来源).

    Provenance: ``coined: true`` when the name is the project's label rather than the paper's
    wording, ``label_note`` for a label that could be mistaken for a quotation, ``attributed_to``
    (reference numbers) for concepts the paper borrows, ``note`` for anything else worth saying.
    In an extension, an element whose ``id`` already exists overrides the fields it gives
    (``terms`` replaces all its indicator terms), and ``add_terms`` appends terms instead.
``relations``
    list of ``{source, type, target, cite, basis, locator?, why?, attributed_to?, note?}``;
    source and target are ids or names. ``basis`` is ``stated`` (the paper says so: ``locator``
    required, e.g. ``二(三)¶2`` for the section's second paragraph or ``二(二)标题`` for its
    heading) or ``inferred`` (the project's reading: ``why`` required, in the project's words).

Every problem is reported with the file and line it comes from, all problems of a load at once,
as a :class:`FrameworkError`.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode

from .._errors import LoadError
from .._yaml import BoundedLoader, YamlError, safe_load

__all__ = ["FrameworkError", "Element", "Relation", "Section", "Reference", "Document", "Spec", "KINDS",
           "ROOT_KINDS", "BASES", "read_spec", "parse_locator"]

#: kind -> Chinese label shown to users
KINDS: dict[str, str] = {
    "dimension": "理论维度",
    "practice_root": "实践",
    "path_root": "路径",
    "subdimension": "子维度",
    "layer": "层面",
    "origin": "源流",
    "thrust": "实践着力点",
    "path": "推进路径",
    "idea": "理念",
    "component": "构成要素",
    "lever": "提升途径",
    "group": "分组",
    "stage": "五共环节",
    "mechanism": "机制",
    "method": "做法",
    "member": "组成部分",
    "problem": "问题",
    "outcome": "成效",
    "concept": "借用概念",
}
#: kinds allowed (and required) at the root of the part_of forest
ROOT_KINDS = ("dimension", "practice_root", "path_root")

#: basis of a relation -> Chinese label
BASES: dict[str, str] = {"stated": "论文明确提出", "inferred": "本项目推断"}
#: term_source of an indicator term -> Chinese label
TERM_SOURCES: dict[str, str] = {"paper": "论文原词", "search": "检索词"}
#: reason given to terms written under the plain ``terms`` key, and to a coined element's name
UNSOURCED = "未注明来源"
COINED_NAME = "本项目对要素的命名"

_TOP_KEYS = ("version", "source", "references", "documents", "sections", "relation_types", "elements",
             "relations")
_ELEMENT_KEYS = ("id", "name", "kind", "parent", "cite", "definition", "paper_terms", "search_terms", "terms",
                 "add_terms", "coined", "label_note", "attributed_to", "note")
_REQUIRED = ("name", "kind", "cite", "definition")
_RELATION_KEYS = ("source", "type", "target", "cite", "basis", "locator", "why", "attributed_to", "note")
_SECTION_KEYS = ("code", "label", "heading", "pages", "paragraphs", "note")
_REFERENCE_KEYS = ("n", "title", "authors", "year", "venue", "type")
_DOCUMENT_KEYS = ("id", "title", "year", "ref", "cite", "role", "areas", "note")
_FIELD_ZH = {"id": "编号", "name": "名称", "kind": "类型", "parent": "上级", "cite": "出处",
             "definition": "定义", "terms": "指标词", "add_terms": "追加指标词",
             "paper_terms": "论文原词", "search_terms": "检索词",
             "source": "起点", "type": "关系类型", "target": "终点", "code": "章节编号",
             "label": "说明", "basis": "依据", "locator": "原文位置", "why": "推断理由"}
_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
_CJK = re.compile(r"[\u3400-\u9fff]")
#: a locator: a section code, then ``¶n`` (n-th body paragraph) or ``标题`` (the heading), or nothing
_LOCATOR = re.compile(r"^(?P<code>.+?)(?:¶(?P<n>[1-9][0-9]*)|(?P<heading>标题))?$")
_MAX_TERM = 20
_MAX_DEFINITION = 200
_MAX_NOTE = 200
_MAX_WHY = 120
_MAX_REASON = 30


class FrameworkError(LoadError):
    """A framework file is broken. ``problems`` lists ``(file, line, message)`` tuples."""

    def __init__(self, problems: list[tuple[str, int | None, str]], *, path: Any = None) -> None:
        first_seen = {f: i for i, (f, _, _) in reversed(list(enumerate(problems)))}
        self.problems = sorted(problems, key=lambda p: (first_seen[p[0]], p[1] or 0))
        lines = [f"  {_where(f, ln)}{msg}" for f, ln, msg in self.problems]
        head = f"框架文件有 {len(self.problems)} 处问题，请逐条修改后重新加载：" if len(lines) > 1 else "框架文件有问题："
        super().__init__("\n".join([head, *lines]), path=path, reason="invalid")


def _where(file: str, line: int | None) -> str:
    return f"{file} 第 {line} 行：" if line else f"{file}："


@dataclass(frozen=True)
class Element:
    """One element of the framework as read from the file(s).

    ``terms`` lists every indicator term, the name first; ``term_sources`` gives, for each of them
    in the same order, ``(term, source, reason)`` with source ``"paper"`` (the word occurs in the
    paper) or ``"search"`` (it does not; ``reason`` says why it is a term all the same).
    """

    id: str
    name: str
    kind: str
    parent: str | None
    cite: tuple[str, ...]
    definition: str
    terms: tuple[str, ...]  # name first, no duplicates
    file: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)
    term_sources: tuple[tuple[str, str, str], ...] = ()
    coined: bool = False
    label_note: str = ""
    attributed_to: tuple[int, ...] = ()
    note: str = ""

    @property
    def basis(self) -> str:
        """``"coined"`` when the name is the project's label, ``"paper"`` when the paper uses it."""
        return "coined" if self.coined else "paper"


@dataclass(frozen=True)
class Relation:
    """A typed, cited link between two elements (ids).

    ``basis`` is ``"stated"`` (the paper says so, at ``locator``) or ``"inferred"`` (the project's
    reading, explained in ``why``); empty only for the part_of links of the tree.
    """

    source: str
    type: str
    target: str
    cite: tuple[str, ...]
    note: str = ""
    basis: str = ""
    locator: tuple[str, ...] = ()
    why: str = ""
    attributed_to: tuple[int, ...] = ()


@dataclass(frozen=True)
class Section:
    """One part of the paper's outline: the project's ``label`` and the paper's own ``heading``."""

    code: str
    label: str
    heading: str = ""
    pages: str = ""
    paragraphs: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Reference:
    """One entry of the paper's reference list (bibliographic data only)."""

    n: int
    title: str
    authors: str
    year: str
    venue: str = ""
    type: str = ""


@dataclass(frozen=True)
class Document:
    """A policy document or meeting the paper takes as a starting point.

    ``areas`` is a tuple of ``(name, maps_to)``; ``maps_to`` (element ids) is the project's reading.
    """

    id: str
    title: str
    year: str
    cite: tuple[str, ...]  # locators
    role: str
    ref: int | None = None
    areas: tuple[tuple[str, tuple[str, ...]], ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Spec:
    """A validated framework: plain immutable data, ready to become a :class:`Framework`."""

    version: str
    source: tuple[tuple[str, str], ...]
    sections: tuple[Section, ...]
    relation_types: tuple[tuple[str, str, str], ...]  # (type, label, definition)
    elements: tuple[Element, ...]
    relations: tuple[Relation, ...]
    files: tuple[str, ...]
    references: tuple[Reference, ...] = ()
    documents: tuple[Document, ...] = ()


def parse_locator(text: str) -> tuple[str, int | None, bool]:
    """Split a locator into ``(section code, paragraph or None, is_heading)``.

    >>> parse_locator("二(三)¶2"), parse_locator("二(二)标题"), parse_locator("引言")
    (('二(三)', 2, False), ('二(二)', None, True), ('引言', None, False))
    """
    m = _LOCATOR.match(text.strip())
    if not m:  # pragma: no cover - the pattern matches any non-empty text
        return text.strip(), None, False
    n = m.group("n")
    return m.group("code").strip(), int(n) if n else None, m.group("heading") is not None


# ---------------------------------------------------------------------------------------------
# YAML with line numbers


class _Map(dict):
    """A YAML mapping that remembers its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict


class _DuplicateKey(Exception):
    def __init__(self, key: Any, line: int) -> None:
        super().__init__(key, line)
        self.key, self.line = key, line


class _Loader(BoundedLoader):
    """The kit's YAML loader (dates as text, bounded aliases) that also keeps line numbers and
    rejects duplicate keys."""


def _construct_map(loader: _Loader, node: MappingNode) -> _Map:
    loader.flatten_mapping(node)
    out = _Map()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            key = str(key)
        if key in out:
            raise _DuplicateKey(key, key_node.start_mark.line + 1)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


_Loader.add_constructor(BoundedLoader.DEFAULT_MAPPING_TAG, _construct_map)


def _parse(path: Path) -> _Map:
    """Read one YAML file into a :class:`_Map`, or raise :class:`FrameworkError`."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FrameworkError([(name, None, "找不到这个文件，请检查路径。")], path=path) from None
    except UnicodeDecodeError:
        raise FrameworkError([(name, None, "文件不是 UTF-8 编码，请用 UTF-8 另存后再加载。")], path=path) from None
    except OSError as exc:
        raise FrameworkError([(name, None, f"无法读取文件（{exc.strerror}）。")], path=path) from None
    try:
        doc = safe_load(text, source=name, loader=_Loader)
    except _DuplicateKey as exc:
        raise FrameworkError([(name, exc.line, f"字段 {exc.key} 在同一处出现了两次，请删去一个。")], path=path) from None
    except YamlError as exc:  # syntax, alias bombs, too deep
        raise FrameworkError([(name, exc.line, exc.problem)], path=path) from None
    if doc is None:
        doc = _Map()
        doc.line, doc.key_lines = 1, {}
    if not isinstance(doc, _Map):
        raise FrameworkError([(name, 1, "文件顶层应是“键: 值”形式的映射（version、sections、elements 等）。")], path=path)
    return doc


# ---------------------------------------------------------------------------------------------
# merging and checking


class _Collector:
    """Accumulates problems as (file, line, message)."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, int | None, str]] = []

    def add(self, file: str, line: int | None, message: str) -> None:
        self.problems.append((file, line, message))


def _line(mapping: Any, key: str | None = None) -> int | None:
    if not isinstance(mapping, _Map):
        return None
    if key is not None and key in mapping.key_lines:
        return mapping.key_lines[key]
    return mapping.line


def _label(rec: dict) -> str:
    """How an element is named in a message."""
    name = rec.get("name", (None,))[0]
    return f"要素 {rec['id'][0]}（{name}）" if isinstance(name, str) else f"要素 {rec['id'][0]}"


def _unknown_key(key: Any, allowed: tuple[str, ...], what: str) -> str:
    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
    hint = f"是不是 {close[0]}？" if close else ""
    return f"未知字段 {key!r}。{hint}{what}可用字段：{'、'.join(allowed)}。"


def _as_texts(value: Any) -> list[str] | None:
    """A string or a list of strings as a list; None if anything else."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def _find_cycles(elements: dict[str, dict[str, Any]], records: dict, files: list[str], bad: _Collector) -> None:
    """Report each cycle of the parent hierarchy once, at the ``parent`` line that closes it.

    Every element has one parent, so cycles are disjoint. Of a cycle's links, the one blamed is
    the ``parent`` set last in loading order (the latest file, then the latest line): when an
    extension file bends the kit's tree into a circle, the message points at the extension's
    line, not at the base file that was fine on its own.
    """
    order = {file: i for i, file in enumerate(files)}
    done: set[str] = set()
    for start in elements:
        walk: dict[str, int] = {}  # element -> position on this walk
        cur: str | None = start
        while cur is not None and cur not in done and cur not in walk:
            walk[cur] = len(walk)
            cur = elements[cur]["parent"]
        if cur is not None and cur in walk:
            cycle = list(walk)[walk[cur]:]
            at = {eid: elements[eid]["_parent_at"] for eid in cycle}
            blamed = max(cycle, key=lambda eid: (order.get(at[eid][0], -1), at[eid][1] or 0))
            i = cycle.index(blamed)
            chain = [*cycle[i:], *cycle[:i], blamed]
            file, line = at[blamed]
            parent = elements[blamed]["parent"]
            bad.add(file or elements[blamed]["file"], line or elements[blamed]["line"],
                    f"{_label(records[blamed])} 的上级 parent={parent} 造成循环：{' → '.join(chain)}。"
                    f"上级关系必须是一棵树：{parent} 本身在 {blamed} 之下，请把这里的 parent 改为不在它之下的要素。")
        done.update(walk)


def read_spec(path: str | Path, extra: tuple[str | Path, ...] = ()) -> Spec:
    """Read ``path`` and any extension files, merge them and check the result.

    Raises :class:`FrameworkError` listing every problem with its file and line.
    """
    files = [Path(path), *(Path(p) for p in extra)]
    docs = [(str(p), _parse(p)) for p in files]
    bad = _Collector()

    version = ""
    source: dict[str, str] = {}
    sections: dict[str, Section] = {}
    references: dict[int, Reference] = {}
    documents: list[tuple[_Map, str]] = []
    rtypes: dict[str, tuple[str, str]] = {}
    records: dict[str, dict[str, tuple[Any, str, int | None]]] = {}  # id -> field -> (value, file, line)
    order: list[str] = []
    relations: list[tuple[_Map, str]] = []
    versions: list[str] = []

    for index, (file, doc) in enumerate(docs):
        base = index == 0
        for key in doc:
            if key not in _TOP_KEYS:
                bad.add(file, _line(doc, key), _unknown_key(key, _TOP_KEYS, "顶层"))
        # version
        if "version" in doc:
            v = doc["version"]
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                v = str(v)
            if not isinstance(v, str) or not v.strip():
                bad.add(file, _line(doc, "version"), "version 应为非空文字，例如 \"1.0\"。")
            else:
                versions.append(v.strip())
        elif base:
            bad.add(file, 1, "缺少顶层字段 version（版本号）。")
        else:
            versions.append(Path(file).stem)
        # source
        if "source" in doc:
            if isinstance(doc["source"], dict):
                source.update({str(k): str(v) for k, v in doc["source"].items()})
            else:
                bad.add(file, _line(doc, "source"), "source 应为“键: 值”映射。")
        # sections
        secs = doc.get("sections", [] if not base else None)
        if secs is None:
            bad.add(file, 1, "缺少顶层字段 sections（论文章节目录）。")
        elif not isinstance(secs, list):
            bad.add(file, _line(doc, "sections"), "sections 应为列表，每项形如 {code: 二(三), label: 说明}。")
        else:
            for item in secs:
                section = _read_section(item, file, _line(doc, "sections"), bad)
                if section is None:
                    continue
                if section.code in sections:
                    bad.add(file, _line(item, "code"), f"章节编号 {section.code} 重复。")
                sections[section.code] = section
        # the paper's reference list
        refs = doc.get("references", [])
        if not isinstance(refs, list):
            bad.add(file, _line(doc, "references"), "references 应为列表，每项形如 {n: 1, title: 题名, authors: 作者, year: 2023}。")
            refs = []
        for item in refs:
            ref = _read_reference(item, file, _line(doc, "references"), bad)
            if ref is None:
                continue
            if ref.n in references:
                bad.add(file, _line(item, "n"), f"参考文献编号 [{ref.n}] 重复。")
            references[ref.n] = ref
        # policy documents
        docs_ = doc.get("documents", [])
        if not isinstance(docs_, list):
            bad.add(file, _line(doc, "documents"), "documents 应为列表。")
            docs_ = []
        for item in docs_:
            if not isinstance(item, _Map):
                bad.add(file, _line(doc, "documents"), "documents 中的每一项都应是映射（id、title、year、cite、role）。")
                continue
            documents.append((item, file))
        # relation types
        rt = doc.get("relation_types", {} if not base else None)
        if rt is None:
            bad.add(file, 1, "缺少顶层字段 relation_types（关系类型）。")
        elif not isinstance(rt, dict):
            bad.add(file, _line(doc, "relation_types"), "relation_types 应为映射：类型: {label: 中文名, definition: 说明}。")
        else:
            for key, value in rt.items():
                if not isinstance(key, str) or not _SLUG.match(key):
                    bad.add(file, _line(rt, key), f"关系类型 {key!r} 应为小写英文标识（如 strengthens）。")
                    continue
                if not isinstance(value, dict) or not isinstance(value.get("label"), str):
                    bad.add(file, _line(rt, key), f"关系类型 {key} 需要文字字段 label（中文名）。")
                    continue
                rtypes[key] = (value["label"], str(value.get("definition", "")))
        # elements
        elems = doc.get("elements", [] if not base else None)
        if elems is None:
            bad.add(file, 1, "缺少顶层字段 elements（要素列表）。")
            elems = []
        elif not isinstance(elems, list):
            bad.add(file, _line(doc, "elements"), "elements 应为列表。")
            elems = []
        seen: set[str] = set()
        for item in elems:
            if not isinstance(item, _Map):
                bad.add(file, _line(doc, "elements"), "elements 中的每一项都应是映射（id、name、kind…）。")
                continue
            for key in item:
                if key not in _ELEMENT_KEYS:
                    bad.add(file, _line(item, key), _unknown_key(key, _ELEMENT_KEYS, "要素"))
            eid = item.get("id")
            if not isinstance(eid, str) or not _SLUG.match(eid):
                what = "缺少必填字段 id（编号）" if eid is None else f"编号 {eid!r} 无效"
                bad.add(file, _line(item, "id"), f"{what}：应为小写英文、数字和下划线，如 four_powers。")
                continue
            if eid in seen:
                bad.add(file, _line(item, "id"), f"编号 {eid} 在本文件中重复出现；每个要素只能定义一次。")
                continue
            seen.add(eid)
            fields = {k: (v, file, _line(item, k)) for k, v in item.items() if k in _ELEMENT_KEYS}
            if eid in records and not base:  # override an element of an earlier file
                rec = records[eid]
                add = fields.pop("add_terms", None)
                if "terms" in fields:  # terms replaces all of the element's indicator terms
                    rec.pop("paper_terms", None)
                    rec.pop("search_terms", None)
                rec.update(fields)
                if add is not None:
                    old = rec.get("terms", ([], file, None))[0]
                    new = _as_texts(add[0])
                    if new is None or not isinstance(old, list):
                        bad.add(file, add[2], f"{_label(rec)} 的 add_terms 应为文字列表。")
                    else:
                        rec["terms"] = ([*old, *new], file, add[2])
                continue
            if "add_terms" in fields:
                bad.add(file, fields["add_terms"][2], f"add_terms 只能用于覆盖已有要素；新要素 {eid} 请用 terms。")
            missing = [k for k in _REQUIRED if k not in fields]
            if missing:
                names = "、".join(f"{k}（{_FIELD_ZH[k]}）" for k in missing)
                bad.add(file, item.line, f"要素 {eid} 缺少必填字段 {names}。")
                continue
            fields["_line"] = (item.line, file, item.line)
            records[eid] = fields
            order.append(eid)
        # relations
        rels = doc.get("relations", [])
        if not isinstance(rels, list):
            bad.add(file, _line(doc, "relations"), "relations 应为列表。")
            rels = []
        for item in rels:
            if not isinstance(item, _Map):
                bad.add(file, _line(doc, "relations"), "relations 中的每一项都应是映射（source、type、target、cite）。")
                continue
            relations.append((item, file))

    if bad.problems:  # structure is broken; content checks would only add noise
        raise FrameworkError(bad.problems, path=files[-1] if len(files) > 1 else files[0])

    # --- element fields
    names: dict[str, str] = {}
    elements: dict[str, dict[str, Any]] = {}
    for eid in order:
        rec = records[eid]
        who = _label(rec)
        ok: dict[str, Any] = {"id": eid, "file": rec["_line"][1], "line": rec["_line"][0]}
        value, file, line = rec["name"]
        if not isinstance(value, str) or not value.strip() or not _CJK.search(value) or re.search(r"\s", value):
            bad.add(file, line, f"{who} 的 name 应为不含空格的中文名称。")
        elif value in names:
            bad.add(file, line, f"名称“{value}”重复：已用于要素 {names[value]}。名称必须唯一。")
        else:
            names[value] = eid
            ok["name"] = value
        value, file, line = rec["kind"]
        if value not in KINDS:
            bad.add(file, line, f"{who} 的 kind={value!r} 无效：可选值为 {'、'.join(KINDS)}。")
        else:
            ok["kind"] = value
        value, file, line = rec["cite"]
        cites = _as_texts(value)
        if not cites:
            bad.add(file, line, f"{who} 的 cite 应为章节编号或其列表，如 二(三) 或 [一(二)1, 二(二)]。")
        else:
            unknown = [c for c in cites if c.strip() not in sections]
            if unknown:
                bad.add(file, line, f"{who} 引用了不存在的章节 {'、'.join(unknown)}；"
                                    f"可用章节：{'、'.join(sections)}（也可在 sections 中新增）。")
            ok["cite"] = tuple(dict.fromkeys(c.strip() for c in cites))
        value, file, line = rec["definition"]
        if not isinstance(value, str) or not value.strip():
            bad.add(file, line, f"{who} 的 definition 应为非空文字。")
        elif len(value.strip()) > _MAX_DEFINITION:
            bad.add(file, line, f"{who} 的 definition 过长（{len(value.strip())} 字），请控制在 {_MAX_DEFINITION} 字以内。")
        else:
            ok["definition"] = value.strip()
        # provenance of the element
        value, file, line = rec.get("coined", (False, "", None))
        if not isinstance(value, bool):
            bad.add(file, line, f"{who} 的 coined 应为 true 或 false（名称是否为本项目自拟）。")
        ok["coined"] = value is True
        for key, what in (("label_note", "名称说明"), ("note", "说明")):
            value, file, line = rec.get(key, ("", "", None))
            if not isinstance(value, str):
                bad.add(file, line, f"{who} 的 {key}（{what}）应为文字。")
                value = ""
            elif len(value.strip()) > _MAX_NOTE:
                bad.add(file, line, f"{who} 的 {key}（{what}）过长（{len(value.strip())} 字），请控制在 {_MAX_NOTE} 字以内。")
            ok[key] = value.strip()
        value, file, line = rec.get("attributed_to", ([], "", None))
        ok["attributed_to"] = _ref_numbers(value, references, f"{who} 的 attributed_to", file, line, bad)
        # indicator terms with their source: the name, then paper terms, search terms, unsourced terms
        name = ok.get("name")
        sourced: list[tuple[str, str, str, str, int | None]] = []
        if name:
            sourced.append((name, *(("search", COINED_NAME) if ok["coined"] else ("paper", "")), "", None))
        value, file, line = rec.get("paper_terms", ([], "", None))
        listed = _as_texts(value) if value is not None else []
        if listed is None:
            bad.add(file, line, f"{who} 的 paper_terms 应为文字列表（论文中出现的词），如 [四权同下, 资金统筹权]。")
            listed = []
        sourced += [(t, "paper", "", file, line) for t in listed]
        value, file, line = rec.get("search_terms", ({}, "", None))
        if value is None:
            value = {}
        if not isinstance(value, dict):
            bad.add(file, line, f"{who} 的 search_terms 应为映射“理由: [词, …]”，如 {{常见政策同义词: [四权下沉]}}。")
            value = {}
        for reason, words in value.items():
            words = _as_texts(words)
            if not isinstance(reason, str) or not reason.strip() or len(reason.strip()) > _MAX_REASON:
                bad.add(file, _line(value, reason) or line,
                        f"{who} 的检索词理由 {reason!r} 无效：应为不超过 {_MAX_REASON} 字的简短说明，如 常见政策同义词。")
                continue
            if words is None:
                bad.add(file, _line(value, reason) or line, f"{who} 的检索词（理由：{reason}）应为文字列表。")
                continue
            sourced += [(t, "search", reason.strip(), file, _line(value, reason) or line) for t in words]
        value, file, line = rec.get("terms", ([], "", None))
        listed = _as_texts(value) if value is not None else []
        if listed is None:
            bad.add(file, line, f"{who} 的 terms 应为文字列表，如 [四权同下, 四权下沉]。")
            listed = []
        sourced += [(t, "search", UNSOURCED, file, line) for t in listed]
        seen_terms: dict[str, str] = {}
        kept: list[tuple[str, str, str]] = []
        for term, src, reason, file, line in sourced:
            if not term.strip() or re.search(r"\s", term) or len(term) > _MAX_TERM:
                bad.add(file, line, f"{who} 的指标词 {term!r} 无效：应为不含空格、不超过 {_MAX_TERM} 字的词语。")
                continue
            term = term.strip()
            if term in seen_terms:
                if seen_terms[term] != src and term != name:
                    bad.add(file, line, f"{who} 的指标词“{term}”同时列为论文原词和检索词，请只保留一处。")
                continue
            seen_terms[term] = src
            kept.append((term, src, reason))
        ok["term_sources"] = tuple(kept)
        ok["terms"] = tuple(t for t, _, _ in kept)
        value, file, line = rec.get("parent", (None, "", None))
        ok["parent"] = value
        ok["_parent_at"] = (file, line)
        elements[eid] = ok

    # --- the part_of forest
    for eid, ok in elements.items():
        parent, (file, line) = ok["parent"], ok["_parent_at"]
        kind = ok.get("kind")
        who = _label(records[eid])
        if parent is None:
            if kind is not None and kind not in ROOT_KINDS:
                bad.add(ok["file"], ok["line"], f"{who} 缺少 parent（上级要素）；只有 {'、'.join(ROOT_KINDS)} 类要素可以作为根。")
            continue
        if not isinstance(parent, str) or parent not in elements:
            hint = f"（按名称找到的编号是 {names[parent]}）" if isinstance(parent, str) and parent in names else ""
            bad.add(file, line, f"{who} 的上级 parent={parent!r} 不存在{hint}；parent 应填已有要素的编号。")
            ok["parent"] = None
            continue
        if kind in ROOT_KINDS:
            bad.add(file, line, f"{who} 的类型 {kind} 只能作为根，不能有 parent。")
    _find_cycles(elements, records, [file for file, _ in docs], bad)

    # --- relations
    def resolve(ref: Any) -> str | None:
        if isinstance(ref, str):
            if ref in elements:
                return ref
            if ref in names:
                return names[ref]
        return None

    pairs: dict[tuple[str, str], str] = {(eid, ok["parent"]): "part_of" for eid, ok in elements.items() if ok["parent"]}
    out_rel: list[Relation] = []

    def shown(ref: Any) -> str:
        got = resolve(ref)
        return elements[got].get("name", got) if got else str(ref)

    for item, file in relations:
        for key in item:
            if key not in _RELATION_KEYS:
                bad.add(file, _line(item, key), _unknown_key(key, _RELATION_KEYS, "关系"))
        missing = [k for k in ("source", "type", "target", "cite") if k not in item]
        if missing:
            names_ = "、".join(f"{k}（{_FIELD_ZH[k]}）" for k in missing)
            bad.add(file, item.line, f"关系缺少必填字段 {names_}。")
            continue
        src, dst = resolve(item["source"]), resolve(item["target"])
        for key, got in (("source", src), ("target", dst)):
            if got is None:
                bad.add(file, _line(item, key), f"关系的 {key}={item[key]!r} 不是已有要素的编号或名称。")
        rtype = item["type"]
        if rtype == "part_of":
            bad.add(file, _line(item, "type"), "part_of 关系由要素的 parent 字段生成，请改写 parent，不要写在 relations 中。")
        elif rtype not in rtypes:
            bad.add(file, _line(item, "type"), f"未知的关系类型 {rtype!r}；可用类型：{'、'.join(t for t in rtypes if t != 'part_of')}。")
        cites = _as_texts(item["cite"])
        if not cites:
            bad.add(file, _line(item, "cite"), "关系的 cite 应为章节编号或其列表。")
        else:
            unknown = [c for c in cites if c.strip() not in sections]
            if unknown:
                bad.add(file, _line(item, "cite"), f"关系引用了不存在的章节 {'、'.join(unknown)}。")
        note = item.get("note", "")
        what = f"关系“{shown(item['source'])} → {shown(item['target'])}”（{rtype}）"
        basis, locators, why = _relation_basis(item, what, sections, file, bad)
        attributed = _ref_numbers(item.get("attributed_to", []), references, f"{what}的 attributed_to",
                                  file, _line(item, "attributed_to"), bad)
        if not isinstance(note, str):
            bad.add(file, _line(item, "note"), f"{what}的 note 应为文字。")
            note = ""
        if src is None or dst is None or rtype not in rtypes or rtype == "part_of" or not cites or not basis:
            continue
        if src == dst:
            bad.add(file, item.line, f"关系的起点和终点相同（{src}）。")
            continue
        if (src, dst) in pairs:
            bad.add(file, item.line, f"{src} → {dst} 之间已有关系 {pairs[(src, dst)]}；两个要素之间同一方向只能有一条关系。")
            continue
        pairs[(src, dst)] = rtype
        out_rel.append(Relation(src, rtype, dst, tuple(dict.fromkeys(c.strip() for c in cites)), str(note or "").strip(),
                                basis=basis, locator=locators, why=why, attributed_to=attributed))

    # --- documents (their areas may name elements)
    out_docs: list[Document] = []
    seen_docs: set[str] = set()
    for item, file in documents:
        got = _read_document(item, file, sections, references, resolve, seen_docs, bad)
        if got is not None:
            out_docs.append(got)

    if bad.problems:
        raise FrameworkError(bad.problems, path=files[-1] if len(files) > 1 else files[0])

    if "part_of" not in rtypes:
        rtypes = {"part_of": ("属于", "下位要素是上位要素的组成部分。"), **rtypes}
    built = tuple(
        Element(id=e["id"], name=e["name"], kind=e["kind"], parent=e["parent"], cite=e["cite"],
                definition=e["definition"], terms=e["terms"], file=e["file"], line=e["line"],
                term_sources=e["term_sources"], coined=e["coined"], label_note=e["label_note"],
                attributed_to=e["attributed_to"], note=e["note"])
        for e in elements.values()
    )
    return Spec(
        version="+".join(versions),
        source=tuple(source.items()),
        sections=tuple(sections.values()),
        relation_types=tuple((k, v[0], v[1]) for k, v in rtypes.items()),
        elements=built,
        relations=tuple(out_rel),
        files=tuple(str(p) for p in files),
        references=tuple(sorted(references.values(), key=lambda r: r.n)),
        documents=tuple(out_docs),
    )


# ---------------------------------------------------------------------------------------------
# the smaller records


def _text(value: Any) -> str | None:
    """A scalar as stripped text (numbers too); None for anything else."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value).strip()


def _read_section(item: Any, file: str, at: int | None, bad: _Collector) -> Section | None:
    if not isinstance(item, _Map) or not isinstance(item.get("code"), str) or not isinstance(item.get("label"), str):
        bad.add(file, _line(item) or at, "每个章节需要文字字段 code（章节编号）和 label（说明）。")
        return None
    for key in item:
        if key not in _SECTION_KEYS:
            bad.add(file, _line(item, key), _unknown_key(key, _SECTION_KEYS, "章节"))
    code = item["code"].strip()
    texts = {}
    for key in ("heading", "pages", "note"):
        value = item.get(key, "")
        text = "" if value is None else _text(value)
        if text is None:
            bad.add(file, _line(item, key), f"章节 {code} 的 {key} 应为文字。")
            text = ""
        texts[key] = text
    paragraphs = item.get("paragraphs")
    if paragraphs is not None and (isinstance(paragraphs, bool) or not isinstance(paragraphs, int) or paragraphs < 0):
        bad.add(file, _line(item, "paragraphs"), f"章节 {code} 的 paragraphs（正文段落数）应为非负整数。")
        paragraphs = None
    return Section(code, item["label"].strip(), texts["heading"], texts["pages"], paragraphs, texts["note"])


def _read_reference(item: Any, file: str, at: int | None, bad: _Collector) -> Reference | None:
    if not isinstance(item, _Map):
        bad.add(file, at, "references 中的每一项都应是映射（n、title、authors、year）。")
        return None
    for key in item:
        if key not in _REFERENCE_KEYS:
            bad.add(file, _line(item, key), _unknown_key(key, _REFERENCE_KEYS, "参考文献"))
    n = item.get("n")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        bad.add(file, _line(item, "n") or item.line, "参考文献需要正整数编号 n（论文参考文献表中的序号）。")
        return None
    texts = {}
    for key in _REFERENCE_KEYS[1:]:
        text = _text(item.get(key, ""))
        if text is None or (key in ("title", "authors", "year") and not text):
            bad.add(file, _line(item, key) or item.line, f"参考文献 [{n}] 需要文字字段 {key}。")
            return None
        texts[key] = text
    return Reference(n, texts["title"], texts["authors"], texts["year"], texts["venue"], texts["type"])


def _ref_numbers(value: Any, references: dict[int, Reference], what: str, file: str, line: int | None,
                 bad: _Collector) -> tuple[int, ...]:
    """Reference numbers given as an int or a list of ints, each in the reference list."""
    if value is None:
        return ()
    items = [value] if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(items, list) or any(isinstance(v, bool) or not isinstance(v, int) for v in items):
        bad.add(file, line, f"{what} 应为参考文献编号（整数）或其列表，如 [3, 11]。")
        return ()
    unknown = [v for v in items if v not in references]
    if unknown:
        listed = "、".join(f"[{v}]" for v in unknown)
        bad.add(file, line, f"{what} 引用了参考文献表中没有的编号 {listed}；请先在 references 中登记。")
    return tuple(dict.fromkeys(items))


def _locators(value: Any, what: str, sections: dict[str, Section], file: str, line: int | None,
              bad: _Collector, key: str = "locator") -> tuple[str, ...]:
    """Locators as a tuple of normalised texts; problems reported."""
    texts = _as_texts(value)
    if not texts:
        bad.add(file, line, f"{what}的 {key} 应为原文位置或其列表，如 二(三)¶2、二(二)标题。")
        return ()
    out = []
    for text in texts:
        code, n, _ = parse_locator(text)
        section = sections.get(code)
        if section is None:
            bad.add(file, line, f"{what}的原文位置 {text} 指向不存在的章节 {code}。")
            continue
        if section.paragraphs is not None and n is not None and n > section.paragraphs:
            bad.add(file, line, f"{what}的原文位置 {text} 超出范围：章节 {code} 只有 {section.paragraphs} 段正文。")
            continue
        if section.paragraphs and n is None and not text.strip().endswith("标题"):
            bad.add(file, line, f"{what}的原文位置 {text} 请写明第几段（如 {code}¶1）或标题（{code}标题）。")
            continue
        out.append(text.strip())
    return tuple(dict.fromkeys(out))


def _relation_basis(item: _Map, what: str, sections: dict[str, Section], file: str,
                    bad: _Collector) -> tuple[str, tuple[str, ...], str]:
    """Check basis / locator / why of a relation; returns them ("" basis when broken)."""
    basis = item.get("basis")
    locators: tuple[str, ...] = ()
    if "locator" in item:
        locators = _locators(item["locator"], what, sections, file, _line(item, "locator"), bad)
    why = item.get("why", "")
    if why is None or not isinstance(why, str):
        bad.add(file, _line(item, "why"), f"{what}的 why（推断理由）应为文字。")
        why = ""
    why = why.strip()
    if basis is None:
        bad.add(file, item.line, f"{what}缺少必填字段 basis（依据）：论文明确提出的写 basis: stated 并给出 locator"
                                 f"（原文位置，如 二(三)¶2）；本项目的推断写 basis: inferred 并用 why 简述理由。")
        return "", locators, why
    if basis not in BASES:
        bad.add(file, _line(item, "basis"), f"{what}的 basis={basis!r} 无效：只能是 stated（论文明确提出）"
                                            f"或 inferred（本项目推断）。")
        return "", locators, why
    if basis == "stated":
        if "locator" not in item:
            bad.add(file, _line(item, "basis"), f"{what}标为 stated（论文明确提出），需要 locator 写明原文位置，如 二(三)¶2。")
        if why:
            bad.add(file, _line(item, "why"), f"{what}标为 stated，不需要 why；补充说明请写在 note 中。")
    else:
        if not why:
            bad.add(file, _line(item, "basis"), f"{what}标为 inferred（本项目推断），需要 why 用自己的话简述推断理由。")
        elif len(why) > _MAX_WHY:
            bad.add(file, _line(item, "why"), f"{what}的 why 过长（{len(why)} 字），请控制在 {_MAX_WHY} 字以内。")
    return basis, locators, why


def _read_document(item: _Map, file: str, sections: dict[str, Section], references: dict[int, Reference],
                   resolve: Any, seen: set[str], bad: _Collector) -> Document | None:
    for key in item:
        if key not in _DOCUMENT_KEYS:
            bad.add(file, _line(item, key), _unknown_key(key, _DOCUMENT_KEYS, "文件"))
    did = item.get("id")
    if not isinstance(did, str) or not _SLUG.match(did):
        bad.add(file, _line(item, "id") or item.line, "文件需要编号 id：小写英文、数字和下划线，如 opinion_2021。")
        return None
    if did in seen:
        bad.add(file, _line(item, "id"), f"文件编号 {did} 重复。")
        return None
    seen.add(did)
    what = f"文件 {did} "
    texts = {}
    for key in ("title", "year", "role", "note"):
        text = _text(item.get(key, ""))
        if text is None or (key != "note" and not text):
            bad.add(file, _line(item, key) or item.line, f"{what}需要文字字段 {key}。")
            return None
        texts[key] = text
    cite = _locators(item.get("cite"), what, sections, file, _line(item, "cite") or item.line, bad, key="cite")
    ref = item.get("ref")
    if ref is not None:
        ref = (_ref_numbers(ref, references, f"{what}的 ref", file, _line(item, "ref"), bad) or (None,))[0]
    areas = []
    raw = item.get("areas", [])
    if not isinstance(raw, list):
        bad.add(file, _line(item, "areas"), f"{what}的 areas 应为列表，每项形如 {{name: 方面, maps_to: [要素编号]}}。")
        raw = []
    for area in raw:
        if not isinstance(area, _Map) or not isinstance(area.get("name"), str):
            bad.add(file, _line(area) or _line(item, "areas"), f"{what}的每个方面需要文字字段 name。")
            continue
        maps = _as_texts(area.get("maps_to", [])) if area.get("maps_to") is not None else []
        if maps is None:
            bad.add(file, _line(area, "maps_to"), f"{what}的 maps_to 应为要素编号或名称的列表。")
            maps = []
        ids = []
        for m in maps:
            got = resolve(m)
            if got is None:
                bad.add(file, _line(area, "maps_to"), f"{what}的 maps_to 中 {m!r} 不是已有要素的编号或名称。")
            else:
                ids.append(got)
        areas.append((area["name"].strip(), tuple(ids)))
    return Document(did, texts["title"], texts["year"], cite, texts["role"], ref, tuple(areas), texts["note"])
