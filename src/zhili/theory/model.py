"""The theory framework as an object: graph, tables, look-ups, coding dictionary, figure.

The framework has three parts, as the reference paper does (牟伟 2024, ``ref: mouwei2024``):

* theory (part 一): the dimensions 治理理念 / 治理能力 / 治理体系 and their elements;
* practice (part 二): 共同缔造 — its thrusts, the 五共 stages and their practices, mechanisms,
  named problems and outcomes;
* paths (part 三): four paths and their mechanisms.

``parent`` links make a forest (relation ``part_of``) with five roots: the three dimensions,
共同缔造 and 实践路径. Typed relations (增强, 落实, 针对, 服务于 …) connect the branches, so that a
practice leads to the capacity it raises and a mechanism to the problem it answers. Every element
and relation cites the section of the paper it comes from.

What the paper says is kept apart from what the project adds: a relation is ``stated`` (the
paper makes the claim; ``locator`` gives section and paragraph, e.g. ``二(三)¶3``) or ``inferred``
(the project's reading; ``why`` says on what grounds). An element's name is the paper's word or
the project's label (``coined``); concepts the paper borrows name the entry of its reference list
(``attributed_to``, :meth:`Framework.references`); indicator terms are ``paper`` terms (they occur in
the paper) or ``search`` terms (they do not, each with its reason).
"""
from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from .._errors import ZhiliError, check_choice
from .._keys import lookup_key, to_simplified
from .schema import BASES, KINDS, ROOT_KINDS, TERM_SOURCES, Element, Relation, Spec, read_spec

if TYPE_CHECKING:  # pragma: no cover
    import matplotlib.axes
    import networkx as nx
    import pandas as pd

__all__ = ["Framework", "ElementInfo", "Related", "framework", "DEFAULT_PATH"]

#: the framework file shipped with the kit
DEFAULT_PATH = Path(__file__).with_name("framework.yaml")

Level = Literal["dimension", "subdimension", "element", "stage", "theory"]
_LEVELS = ("dimension", "subdimension", "element", "stage", "theory")
#: relation types through which a practice or path element reaches a theory dimension
_THEORY_LINKS = ("strengthens", "implements", "serves", "deepens", "includes")
_SEP = " / "

# fixed colours: one per root (in file order), one per relation type
_ROOT_COLOURS = ("#c0392b", "#2471a3", "#1e8449", "#b9770e", "#7d3c98", "#566573", "#117a65")
_REL_COLOURS = {
    "part_of": "#aab7b8",
    "strengthens": "#c0392b",
    "implements": "#2471a3",
    "addresses": "#d68910",
    "serves": "#7d3c98",
    "deepens": "#1e8449",
    "includes": "#5d6d7e",
    "yields": "#a04000",
}


_CHINESE_NUMERALS = str.maketrans("123456789", "一二三四五六七八九")

class Related(NamedTuple):
    """One typed link of an element: ``direction`` is ``"out"`` (element → other) or ``"in"``.

    ``basis`` is ``"stated"`` (the paper says so; ``locator`` gives where) or ``"inferred"`` (the
    project's reading; ``why`` says on what grounds).
    """

    direction: str
    relation: str
    label: str
    other: str
    citation: str
    basis: str = ""
    locator: str = ""
    why: str = ""
    attributed_to: str = ""
    note: str = ""

    def describe(self) -> str:
        """The link as one line of a card, with its basis."""
        arrow = f"→ {self.label} {self.other}" if self.direction == "out" else f"← {self.other} {self.label}本要素"
        if self.basis == "stated":
            where = f"论文明确提出 · {self.locator or self.citation}{'：' + self.note if self.note else ''}"
        elif self.basis == "inferred":
            where = f"本项目推断 · {self.citation}：{self.why}"
        else:
            where = self.citation
        if self.attributed_to:
            where += f" · 引自 {self.attributed_to}"
        return f"{arrow}（{where}）"


@dataclass(frozen=True)
class ElementInfo:
    """What :meth:`Framework.find` returns: an element with its place and links.

    Attributes
    ----------
    id, name, kind, kind_label, level, definition
        The element itself (``level`` is its depth; roots are 0).
    citation : tuple of str
        Section codes of the paper, e.g. ``("二(二)", "三(四)")``.
    sections : tuple of str
        The same codes with the section labels.
    path : tuple of str
        Names from the root down to the element.
    ancestors : tuple of str
        Names from the root down to the parent.
    members : tuple of str
        Names of the direct children (part_of).
    related : tuple of Related
        Typed links other than part_of, outgoing first.
    terms : tuple of str
        Indicator terms (the name first).
    basis : str
        ``"paper"`` when the paper uses the name, ``"coined"`` when it is the project's label.
    coined : bool
        The same as ``basis == "coined"``.
    label_note : str
        What to know about the name (e.g. that a label only looks like a quotation).
    attributed_to : tuple of str
        Borrowed concepts: the paper's references, as ``"[3] 李华胤（2023）"``.
    note : str
        A further note in the project's words (empty if none).
    paper_terms : tuple of str
        The terms that occur in the paper (the name first when the paper uses it).
    search_terms : tuple of (str, str)
        The terms that do not occur in the paper, each with the reason it is a term.
    """

    id: str
    name: str
    kind: str
    kind_label: str
    level: int
    definition: str
    citation: tuple[str, ...]
    sections: tuple[str, ...]
    path: tuple[str, ...]
    ancestors: tuple[str, ...]
    members: tuple[str, ...]
    related: tuple[Related, ...]
    terms: tuple[str, ...]
    basis: str = "paper"
    coined: bool = False
    label_note: str = ""
    attributed_to: tuple[str, ...] = ()
    note: str = ""
    paper_terms: tuple[str, ...] = ()
    search_terms: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        lines = [
            f"{self.name}（{self.kind_label}）",
            f"位置：{' › '.join(self.path)}",
            f"定义：{self.definition}",
        ]
        if self.coined:
            lines.append(f"名称：本项目命名，论文中没有这个词{'。' + self.label_note if self.label_note else ''}")
        elif self.label_note:
            lines.append(f"名称：论文用语。{self.label_note}")
        if self.attributed_to:
            lines.append(f"借用：论文引自 {'；'.join(self.attributed_to)}")
        if self.note:
            lines.append(f"说明：{self.note}")
        lines.append(f"出处：{'；'.join(self.sections)}")
        if self.members:
            lines.append(f"组成：{'、'.join(self.members)}")
        if self.related:
            lines.append("关系：")
            lines.extend(f"  {r.describe()}" for r in self.related)
        lines.append(f"指标词（论文原词）：{'、'.join(self.paper_terms) or '无'}")
        if self.search_terms:
            groups: dict[str, list[str]] = {}
            for term, reason in self.search_terms:
                groups.setdefault(reason, []).append(term)
            listed = "；".join(f"{'、'.join(ts)}（{reason}）" for reason, ts in groups.items())
            lines.append(f"指标词（检索词，论文中没有）：{listed}")
        lines.append(f"编号：{self.id}（写代码时也可用编号代替名称）")
        return "\n".join(lines)

    __repr__ = __str__


class Framework:
    """The governance framework: elements, relations, citations and indicator terms.

    Build one with :func:`framework` (or :meth:`Framework.load`). The object is read-only: every
    table, graph and list it returns is a new copy.

    Attributes
    ----------
    version : str
        Version of the framework file (extensions append theirs: ``"1.0+my"``).
    files : tuple of str
        The files loaded, base first.

    Examples
    --------
    >>> import zhili as zl
    >>> fw = zl.framework()
    >>> fw.children("治理能力")
    ['基层政权治理能力', '群众自治能力', '多元共治合力', '一体两面']
    >>> fw.path("入户走访")
    ['共同缔造', '构建治理共同体', '五共', '决策共谋', '入户走访']
    """

    def __init__(self, spec: Spec) -> None:
        self._spec = spec
        self._by_id: dict[str, Element] = {e.id: e for e in spec.elements}
        self._by_name: dict[str, str] = {e.name: e.id for e in spec.elements}
        # keys as a Chinese input method may type them (full-width, stray spaces): folded -> stored
        self._folded: dict[str, str] = {}
        for e in spec.elements:
            for key in (e.id, e.name, *e.terms):
                self._folded.setdefault(lookup_key(key), key)
        self._children: dict[str | None, list[str]] = {}
        for e in spec.elements:
            self._children.setdefault(e.parent, []).append(e.id)
        # preorder over the forest: roots and children in file order
        self._order: dict[str, int] = {}
        self._depth: dict[str, int] = {}
        self._root: dict[str, str] = {}
        stack = [(r, 0, r) for r in reversed(self._children.get(None, []))]
        while stack:
            eid, depth, root = stack.pop()
            self._order[eid] = len(self._order)
            self._depth[eid] = depth
            self._root[eid] = root
            stack.extend((c, depth + 1, root) for c in reversed(self._children.get(eid, [])))
        self._sections = {sec.code: sec for sec in spec.sections}
        self._refs = {ref.n: ref for ref in spec.references}
        self._rtypes = {t: (label, definition) for t, label, definition in spec.relation_types}
        self._rtype_order = {t: i for i, (t, _, _) in enumerate(spec.relation_types)}
        self._relations = tuple(sorted(
            spec.relations,
            key=lambda r: (self._order[r.source], self._rtype_order[r.type], self._order[r.target]),
        ))
        self._term_owner: dict[str, list[str]] = {}
        for e in self._elements_sorted():
            for t in e.terms:
                self._term_owner.setdefault(t, []).append(e.id)

    # ---- construction ------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | PathLike | None = None, *,
             extra: str | PathLike | Sequence[str | PathLike] | None = None) -> Framework:
        """Read a framework file (default: the kit's own) and optional extension files.

        Parameters
        ----------
        path : path-like, optional
            The base file; defaults to :data:`DEFAULT_PATH`.
        extra : path-like or sequence of them, optional
            Extension files that add or override elements, relations and sections.

        Returns
        -------
        Framework

        Raises
        ------
        zhili.theory.schema.FrameworkError
            Listing every problem with its file and line.
        """
        return cls(read_spec(Path(path) if path is not None else DEFAULT_PATH, _as_paths(extra)))

    # ---- basic facts ----------------------------------------------------------------------------

    @property
    def version(self) -> str:
        """Version string of the framework file(s)."""
        return self._spec.version

    @property
    def files(self) -> tuple[str, ...]:
        """The files this framework was read from, base first."""
        return self._spec.files

    @property
    def source(self) -> dict[str, str]:
        """The reference paper (``ref``, ``author``, ``title``, ``journal`` …) as a new dict."""
        return dict(self._spec.source)

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        key = self._folded.get(lookup_key(key), key)
        return key in self._by_id or key in self._by_name

    def __repr__(self) -> str:
        n_terms = sum(len(e.terms) for e in self._spec.elements)
        n_stated = sum(r.basis == "stated" for r in self._relations)
        n_paper = sum(src == "paper" for e in self._spec.elements for _, src, _ in e.term_sources)
        return (f"<Framework 治理框架 v{self.version}：{len(self)} 个要素，"
                f"{len(self._relations)} 条关系（论文明确提出 {n_stated}，本项目推断 {len(self._relations) - n_stated}），"
                f"{n_terms} 个指标词（论文原词 {n_paper}，检索词 {n_terms - n_paper}）>")

    def _cited_as(self, numbers: Iterable[int]) -> tuple[str, ...]:
        """Reference numbers as ``"[3] 李华胤（2023）"``."""
        return tuple(f"[{n}] {self._refs[n].authors}（{self._refs[n].year}）" for n in numbers)

    def _related(self, r: Relation, direction: str) -> Related:
        other = r.target if direction == "out" else r.source
        return Related(direction, r.type, self._rtypes[r.type][0], self._by_id[other].name, "；".join(r.cite),
                       r.basis, "；".join(r.locator), r.why, "；".join(self._cited_as(r.attributed_to)), r.note)

    # ---- look-ups -----------------------------------------------------------------------------

    def _resolve(self, key: str) -> str:
        """id for an id, a name or (if unambiguous) an indicator term; else a Chinese error.

        The key may be typed with a Chinese input method: full-width letters, digits and brackets,
        spaces (also U+3000) and traditional characters are folded before the look-up.
        """
        if not isinstance(key, str):
            raise ZhiliError(f"要素应以名称或编号（文字）给出，收到的是 {type(key).__name__}。")
        typed = key.strip()
        folded = lookup_key(key)
        key = self._folded.get(folded) or self._folded.get(to_simplified(folded)) or folded
        if key in self._by_id:
            return key
        if key in self._by_name:
            return self._by_name[key]
        owners = self._term_owner.get(key, [])
        if len(owners) == 1:
            return owners[0]
        if owners:
            listed = "、".join(self._by_id[o].name for o in owners)
            raise ZhiliError(f"“{key}”是多个要素的指标词（{listed}），请直接写要素名称。")
        pool = [*self._by_name, *self._term_owner, *self._by_id]
        close: list[str] = []
        for probe in dict.fromkeys((key, to_simplified(key))):
            close += difflib.get_close_matches(probe, pool, n=5, cutoff=0.4)
        close = list(dict.fromkeys(close))[:5]
        hint = f"您是不是要找：{'、'.join(close)}？" if close else ""
        raise ZhiliError(f"框架中没有名为“{typed}”的要素。{hint}可用 fw.elements() 查看全部要素。")

    def find(self, key: str) -> ElementInfo:
        """Look an element up by name, id or indicator term.

        Parameters
        ----------
        key : str
            Name (``"四权同下"``), id (``"four_powers"``) or an indicator term that belongs to
            exactly one element (``"四权下沉"``).

        Returns
        -------
        ElementInfo
            The element with its path, members, typed links and citation; printing it gives a
            Chinese summary card.

        Raises
        ------
        zhili.ZhiliError
            For an unknown key, with close matches suggested.

        Examples
        --------
        >>> import zhili as zl
        >>> info = zl.framework().find("四权同下")
        >>> info.members
        ('资金统筹权', '力量调配权', '协商议事权', '考核评价权')
        >>> info.citation
        ('二(二)', '三(四)')
        """
        eid = self._resolve(key)
        e = self._by_id[eid]
        path = tuple(self.path(eid))
        related = [self._related(r, "out") for r in self._relations if r.source == eid] + [
            self._related(r, "in") for r in self._relations if r.target == eid]
        return ElementInfo(
            id=eid, name=e.name, kind=e.kind, kind_label=KINDS[e.kind], level=self._depth[eid],
            definition=e.definition, citation=e.cite,
            sections=tuple(f"{c} {self._sections[c].label}" for c in e.cite),
            path=path, ancestors=path[:-1], members=tuple(self.children(eid)),
            related=tuple(related), terms=e.terms, basis=e.basis, coined=e.coined, label_note=e.label_note,
            attributed_to=self._cited_as(e.attributed_to), note=e.note,
            paper_terms=tuple(t for t, src, _ in e.term_sources if src == "paper"),
            search_terms=tuple((t, reason) for t, src, reason in e.term_sources if src == "search"),
        )

    def children(self, key: str | None = None) -> list[str]:
        """Names of the direct members of ``key`` (file order); ``None`` gives the roots.

        Examples
        --------
        >>> import zhili as zl
        >>> zl.framework().children("五共")
        ['决策共谋', '发展共建', '建设共管', '效果共评', '成果共享']
        """
        eid = None if key is None else self._resolve(key)
        return [self._by_id[c].name for c in self._children.get(eid, [])]

    def path(self, key: str) -> list[str]:
        """Names from the root of the element's tree down to the element itself.

        Examples
        --------
        >>> import zhili as zl
        >>> zl.framework().path("赋权增能")
        ['治理能力', '基层政权治理能力', '赋权增能']
        """
        eid: str | None = self._resolve(key)
        out = []
        while eid is not None:
            out.append(self._by_id[eid].name)
            eid = self._by_id[eid].parent
        return out[::-1]

    def descendants(self, key: str) -> list[str]:
        """Names of every element below ``key`` (preorder)."""
        return [self._by_id[d].name for d in self._descendant_ids(self._resolve(key))]

    def _descendant_ids(self, eid: str) -> list[str]:
        out: list[str] = []
        stack = list(reversed(self._children.get(eid, [])))
        while stack:
            d = stack.pop()
            out.append(d)
            stack.extend(reversed(self._children.get(d, [])))
        return out

    def _elements_sorted(self) -> list[Element]:
        return sorted(self._spec.elements, key=lambda e: self._order[e.id])

    # ---- tables -------------------------------------------------------------------------------

    @property
    def sections(self) -> pd.DataFrame:
        """The paper's outline that citations point to.

        Columns: ``code`` (``摘要``, ``引言``, ``一``, ``一(二)1`` … ``三(四)``), ``part`` (一/二/三, or
        the code itself for 摘要 and 引言), ``label`` (a short description in the kit's own words),
        ``heading`` (the paper's own heading; empty where the paper has none), ``pages`` (empty
        when the text gives no page numbers), ``paragraphs`` (body paragraphs, what a locator's
        ``¶n`` counts), ``n_elements`` (elements citing exactly this code), ``n_with_subsections``
        (elements citing this code or one below it — the rows that ``elements(section=code)``
        returns) and ``note`` (e.g. where the abstract words a section differently).
        """
        import pandas as pd

        counts: dict[str, int] = {}
        for e in self._spec.elements:
            for c in e.cite:
                counts[c] = counts.get(c, 0) + 1
        rows = [{"code": c, "part": _part(c), "label": sec.label, "heading": sec.heading, "pages": sec.pages,
                 "paragraphs": sec.paragraphs if sec.paragraphs is not None else pd.NA,
                 "n_elements": counts.get(c, 0),
                 "n_with_subsections": sum(1 for e in self._spec.elements if any(x.startswith(c) for x in e.cite)),
                 "note": sec.note}
                for c, sec in self._sections.items()]
        out = pd.DataFrame(rows, columns=["code", "part", "label", "heading", "pages", "paragraphs", "n_elements",
                                          "n_with_subsections", "note"])
        out["paragraphs"] = out["paragraphs"].astype("Int64")
        return out

    def references(self) -> pd.DataFrame:
        """The paper's reference list, with how often the framework credits each entry.

        Returns
        -------
        pandas.DataFrame
            Columns: ``n`` (number in the paper), ``authors``, ``title`` (main title), ``venue``,
            ``year``, ``type`` (J journal, N newspaper, D thesis …), ``attributed_elements`` (names of
            the elements whose concept the paper borrows from this entry, joined by ``、``) and
            ``n_relations`` (relations the paper states on this entry's authority).

        Examples
        --------
        >>> import zhili as zl
        >>> refs = zl.framework().references().set_index("n")
        >>> refs.loc[1, "authors"]
        '唐文玉'
        """
        import pandas as pd

        rows = []
        for ref in self._spec.references:
            names = [e.name for e in self._elements_sorted() if ref.n in e.attributed_to]
            rows.append({"n": ref.n, "authors": ref.authors, "title": ref.title, "venue": ref.venue,
                         "year": ref.year, "type": ref.type, "attributed_elements": "、".join(names),
                         "n_relations": sum(ref.n in r.attributed_to for r in self._relations)})
        out = pd.DataFrame(rows, columns=["n", "authors", "title", "venue", "year", "type", "attributed_elements",
                                          "n_relations"])
        out.attrs["zhili_labels"] = {"n": "编号", "type": "文献类型"}
        return out

    def documents(self, *, areas: bool = False) -> pd.DataFrame:
        """Policy documents and meetings the paper starts from, e.g. the 2021 central opinion.

        Parameters
        ----------
        areas : bool, default False
            One row per area a document names (with ``maps_to``, the framework elements the project
            reads it as — always an inference of the project, never the paper's claim).

        Returns
        -------
        pandas.DataFrame
            Columns: ``id``, ``title``, ``year``, ``ref`` (number in the paper's reference list, or
            ``<NA>`` when the paper gives none), ``locator`` (where the paper uses it), ``role`` (the
            project's summary of what the paper does with it), ``n_areas`` and ``note``. With
            ``areas=True``: ``id``, ``title``, ``area``, ``maps_to`` (names joined by ``、``), ``basis``.
        """
        import pandas as pd

        if areas:
            rows = [{"id": d.id, "title": d.title, "area": name,
                     "maps_to": "、".join(self._by_id[m].name for m in maps), "basis": "inferred" if maps else ""}
                    for d in self._spec.documents for name, maps in d.areas]
            return pd.DataFrame(rows, columns=["id", "title", "area", "maps_to", "basis"])
        rows = [{"id": d.id, "title": d.title, "year": d.year, "ref": d.ref if d.ref is not None else pd.NA,
                 "locator": "；".join(d.cite), "role": d.role, "n_areas": len(d.areas), "note": d.note}
                for d in self._spec.documents]
        out = pd.DataFrame(rows, columns=["id", "title", "year", "ref", "locator", "role", "n_areas", "note"])
        out["ref"] = out["ref"].astype("Int64")
        return out

    def elements(self, *, section: str | None = None) -> pd.DataFrame:
        """All elements as a table, in tree order (preorder, file order among siblings).

        Parameters
        ----------
        section : str, optional
            Keep only elements citing this section or one below it (``"二"`` keeps 二(一)…二(四)).

        Returns
        -------
        pandas.DataFrame
            Columns: ``id``, ``name``, ``kind``, ``kind_label``, ``level`` (depth, roots 0),
            ``parent`` (name, empty for roots), ``root`` (name), ``part`` (一/二/三 of the first
            citation), ``citation`` (codes joined by ``；``), ``definition``, ``n_terms``, ``basis``
            (``paper``: the paper uses the name; ``coined``: the project's label or grouping),
            ``coined`` (bool), ``attributed_to`` (borrowed concepts: the paper's references, e.g.
            ``[1] 唐文玉（2023）``; empty for the paper's own).

        Examples
        --------
        >>> import zhili as zl
        >>> zl.framework().elements(section="一(二)1")["name"].head(3).tolist()
        ['基层政权治理能力', '政治领导执行能力', '社会管理服务能力']
        """
        import pandas as pd

        if section is not None:
            section = self._section(section)
        rows = []
        for e in self._elements_sorted():
            if section is not None and not any(c.startswith(section) for c in e.cite):
                continue
            rows.append({
                "id": e.id, "name": e.name, "kind": e.kind, "kind_label": KINDS[e.kind],
                "level": self._depth[e.id],
                "parent": self._by_id[e.parent].name if e.parent else "",
                "root": self._by_id[self._root[e.id]].name, "part": _part(e.cite[0]),
                "citation": "；".join(e.cite), "definition": e.definition, "n_terms": len(e.terms),
                "basis": e.basis, "coined": e.coined, "attributed_to": "；".join(self._cited_as(e.attributed_to)),
            })
        cols = ["id", "name", "kind", "kind_label", "level", "parent", "root", "part", "citation",
                "definition", "n_terms", "basis", "coined", "attributed_to"]
        return pd.DataFrame(rows, columns=cols)

    table = elements

    def _section(self, code: Any) -> str:
        """The section code as stored (``"二（三）"`` and ``" 二(三)"`` give ``"二(三)"``), else an error."""
        if not isinstance(code, str):
            raise ZhiliError(f"参数 section 应为论文章节代码（文字），例如 section=\"二(三)\"，收到的是 {type(code).__name__}。")
        folded = {lookup_key(c): c for c in self._sections}
        found = folded.get(lookup_key(code)) or folded.get(to_simplified(lookup_key(code)))
        if found is None:
            typed = lookup_key(code)
            numerals = typed.translate(_CHINESE_NUMERALS)  # "2(3)" → "二(三)": the paper numbers its parts in Chinese
            close = [numerals] if numerals in self._sections else []
            close += difflib.get_close_matches(numerals, list(self._sections), n=3, cutoff=0.5)
            close += difflib.get_close_matches(typed, list(self._sections), n=3, cutoff=0.5)
            close = list(dict.fromkeys(close))[:3]
            hint = f"您是不是要找：{'、'.join(close)}？" if close else ""
            raise ZhiliError(f"论文中没有章节 {code!r}。{hint}可用章节：{'、'.join(self._sections)}。")
        return found

    def relations(self, *, part_of: bool = False) -> pd.DataFrame:
        """Typed relations as a table.

        Parameters
        ----------
        part_of : bool, default False
            Also list the part_of links of the tree (cited with the child's citation).

        Returns
        -------
        pandas.DataFrame
            Columns: ``source_id``, ``source``, ``relation``, ``label`` (Chinese), ``target_id``,
            ``target``, ``citation`` (sections the relation draws on), ``basis`` (``stated``: the
            paper says so; ``inferred``: the project's reading; empty for part_of rows, which come
            from the tree), ``locator`` (where the paper says it, e.g. ``二(三)¶3`` — the third body
            paragraph of 二(三); the text has no page numbers), ``why`` (the grounds of an inference,
            in the project's words), ``attributed_to`` (when the paper states it on the authority
            of one of its references) and ``note`` (how the paper puts it, in the project's words).
            Sorted by source (tree order), relation type, target.

        Examples
        --------
        >>> import zhili as zl
        >>> rel = zl.framework().relations()
        >>> sorted(rel["basis"].unique())
        ['inferred', 'stated']
        """
        import pandas as pd

        rels = list(self._relations)
        if part_of:
            rels += [Relation(e.id, "part_of", e.parent, e.cite) for e in self._spec.elements if e.parent]
            rels.sort(key=lambda r: (self._order[r.source], self._rtype_order[r.type], self._order[r.target]))
        rows = [{
            "source_id": r.source, "source": self._by_id[r.source].name, "relation": r.type,
            "label": self._rtypes[r.type][0], "target_id": r.target, "target": self._by_id[r.target].name,
            "citation": "；".join(r.cite), "basis": r.basis, "locator": "；".join(r.locator), "why": r.why,
            "attributed_to": "；".join(self._cited_as(r.attributed_to)), "note": r.note,
        } for r in rels]
        out = pd.DataFrame(rows, columns=["source_id", "source", "relation", "label", "target_id",
                                          "target", "citation", "basis", "locator", "why", "attributed_to", "note"])
        out.attrs["zhili_labels"] = {"source_id": "起点编号", "source": "起点", "relation": "关系类型", "label": "关系",
                                     "target_id": "终点编号", "target": "终点"}
        return out

    def indicators(self) -> pd.DataFrame:
        """Indicator terms: one row per term × element, in tree order.

        Returns
        -------
        pandas.DataFrame
            Columns: ``term``, ``element_id``, ``element``, ``kind``, ``root``, ``level``,
            ``is_name`` (the term is the element's own name), ``path`` (names joined by `` / ``),
            ``term_source`` (``paper``: the word occurs in the paper; ``search``: it does not — a
            synonym, an official formulation, a word of the cases, or a coined element name) and
            ``reason`` (why a search term is a term; empty for paper terms).
        """
        import pandas as pd

        rows = []
        for e in self._elements_sorted():
            path = _SEP.join(self.path(e.id))
            for t, src, reason in e.term_sources:
                rows.append({"term": t, "element_id": e.id, "element": e.name, "kind": e.kind,
                             "root": self._by_id[self._root[e.id]].name, "level": self._depth[e.id],
                             "is_name": t == e.name, "path": path, "term_source": src, "reason": reason})
        return pd.DataFrame(rows, columns=["term", "element_id", "element", "kind", "root", "level",
                                           "is_name", "path", "term_source", "reason"])

    def terms(self, source: Literal["paper", "search"] | None = None) -> list[str]:
        """Every element name and indicator term, sorted, without duplicates.

        The tokenizer adds these to its lexicon so that framework terms are never split.

        Parameters
        ----------
        source : {"paper", "search"}, optional
            Only the terms that occur in the paper (``"paper"``) or only those that do not
            (``"search"``); all terms by default.

        Examples
        --------
        >>> import zhili as zl
        >>> fw = zl.framework()
        >>> "四权同下" in fw.terms(), "四权同下" in fw.terms("paper"), "四权下沉" in fw.terms("search")
        (True, True, True)
        """
        if source is not None:
            check_choice("source", source, tuple(TERM_SOURCES))
        return sorted({t for e in self._spec.elements for t, src, _ in e.term_sources
                       if source is None or src == source})

    # ---- coding dictionary ---------------------------------------------------------------------

    def _theory_dims(self) -> dict[str, tuple[str, ...]]:
        """Theory dimension ids each element belongs to or serves (empty for none)."""
        theory_roots = [r for r in self._children.get(None, []) if self._by_id[r].kind == "dimension"]
        out: dict[str, tuple[str, ...]] = {}

        def dims(eid: str, seen: frozenset[str]) -> tuple[str, ...]:
            if eid in out:
                return out[eid]
            if self._root[eid] in theory_roots:
                return (self._root[eid],)
            found: set[str] = set()
            for r in self._relations:
                if r.source == eid and r.type in _THEORY_LINKS and r.target not in seen:
                    found.update(dims(r.target, seen | {eid}))
            if not found and self._by_id[eid].parent is not None:
                found.update(dims(self._by_id[eid].parent, seen | {eid}))
            return tuple(sorted(found, key=theory_roots.index))

        for e in self._elements_sorted():
            out[e.id] = dims(e.id, frozenset())
        return out

    def dictionary(self, level: Level = "dimension") -> pd.DataFrame:
        """The hierarchical coding dictionary: every indicator term with its category.

        Parameters
        ----------
        level : {"dimension", "subdimension", "element", "stage", "theory"}
            ``"dimension"``: the root of the element's tree (治理理念, 治理能力, 治理体系, 共同缔造,
            实践路径). ``"subdimension"``: the ancestor one level below the root (the root itself for
            a root's own terms). ``"element"``: the element itself. ``"stage"``: the five 五共 stages
            with the terms of their practices (terms outside the stages are left out).
            ``"theory"``: the three theory dimensions only; a practice or path term counts for each
            dimension its element (or nearest ancestor with links) strengthens, implements or serves,
            so a term may appear under more than one dimension; terms that reach none (共同缔造
            itself, its origin, 实践路径) are left out.

        Returns
        -------
        pandas.DataFrame
            Columns: ``term``, ``code`` (category id), ``label`` (category name), ``element`` (name of
            the element the term belongs to), ``path`` (that element's names from the root, joined
            by `` / ``), ``term_source`` (``paper`` or ``search``, as in :meth:`indicators`). Ordered
            by category (tree order), then element, then term as in the file.

        Examples
        --------
        >>> import zhili as zl
        >>> d = zl.framework().dictionary("stage")
        >>> d["label"].unique().tolist()
        ['决策共谋', '发展共建', '建设共管', '效果共评', '成果共享']
        >>> d.loc[d["term"] == "村湾夜话", "label"].item()
        '决策共谋'
        """
        import pandas as pd

        check_choice("level", level, _LEVELS)
        dims = self._theory_dims() if level == "theory" else {}
        rows: list[tuple[int, int, int, dict[str, str]]] = []
        for e in self._elements_sorted():
            if level == "dimension":
                cats = [self._root[e.id]]
            elif level == "subdimension":
                chain = [self._resolve(n) for n in self.path(e.id)]
                cats = [chain[1] if len(chain) > 1 else chain[0]]
            elif level == "element":
                cats = [e.id]
            elif level == "stage":
                chain = [self._resolve(n) for n in self.path(e.id)]
                cats = [c for c in chain if self._by_id[c].kind == "stage"][-1:]
            else:
                cats = list(dims[e.id])
            path = _SEP.join(self.path(e.id))
            for cat in cats:
                for i, (t, src, _) in enumerate(e.term_sources):
                    rows.append((self._order[cat], self._order[e.id], i, {
                        "term": t, "code": cat, "label": self._by_id[cat].name, "element": e.name, "path": path,
                        "term_source": src,
                    }))
        rows.sort(key=lambda r: r[:3])
        return pd.DataFrame([r[3] for r in rows], columns=["term", "code", "label", "element", "path", "term_source"])

    # ---- graph ------------------------------------------------------------------------------------

    @functools.cached_property
    def _graph(self) -> nx.DiGraph:
        import networkx as nx

        g = nx.DiGraph(name="zhili 治理框架", version=self.version)
        for e in self._elements_sorted():
            g.add_node(
                e.id, name=e.name, kind=e.kind, kind_label=KINDS[e.kind], level=self._depth[e.id],
                part=_part(e.cite[0]), citation="；".join(e.cite), definition=e.definition,
                root=self._by_id[self._root[e.id]].name, parent=e.parent or "",
                terms="、".join(e.terms), order=self._order[e.id],
                basis=e.basis, attributed_to="；".join(self._cited_as(e.attributed_to)),
            )
        for e in self._elements_sorted():
            if e.parent:
                g.add_edge(e.id, e.parent, relation="part_of", label=self._rtypes["part_of"][0],
                           citation="；".join(e.cite), basis="", locator="", why="")
        for r in self._relations:
            g.add_edge(r.source, r.target, relation=r.type, label=self._rtypes[r.type][0],
                       citation="；".join(r.cite), basis=r.basis, locator="；".join(r.locator), why=r.why)
        return g

    @property
    def graph(self) -> nx.DiGraph:
        """The framework as a networkx DiGraph (a new copy on every access).

        Nodes are element ids with attributes ``name``, ``kind``, ``kind_label``, ``level``,
        ``part``, ``citation``, ``definition``, ``root``, ``parent``, ``terms`` (joined by ``、``),
        ``order``, ``basis`` (``paper`` / ``coined``) and ``attributed_to``. Edges carry
        ``relation`` (``part_of`` points from child to parent), ``label`` (Chinese), ``citation``,
        ``basis`` (``stated`` / ``inferred``; empty for part_of), ``locator`` and ``why``. All
        values are str or int, so the graph can be written to GraphML as it is.

        Examples
        --------
        >>> import zhili as zl
        >>> g = zl.framework().graph
        >>> g.nodes["four_powers"]["name"], g.edges["four_powers", "lever_empower"]["label"]
        ('四权同下', '落实')
        """
        return self._graph.copy()

    # ---- figure ------------------------------------------------------------------------------

    def plot(self, root: str | None = None, *, kind: Literal["tree", "graph"] = "tree",
             depth: int | None = None, ax: matplotlib.axes.Axes | None = None) -> matplotlib.axes.Axes:
        """Draw the framework with Chinese labels.

        Parameters
        ----------
        root : str, optional
            Name or id of the element to start from; ``None`` draws all five roots.
        kind : {"tree", "graph"}
            ``"tree"``: the part_of hierarchy from left to right. ``"graph"``: the elements under
            ``root`` (and its parent) with every element they are linked to (and, in another tree,
            that element's parent), edges coloured by
            relation and styled by basis (solid: the paper states it; dashed: the project's
            inference; dotted: part_of); without ``root``, every element that takes part in a
            typed relation, in three columns (practice | theory | paths) so that links run from practice and paths to theory.
        depth : int, optional
            Levels below ``root`` to show. Defaults: tree — 1 without ``root``, all with it;
            graph — 1.
        ax : matplotlib Axes, optional
            Where to draw; a new figure sized to the content otherwise.

        Returns
        -------
        matplotlib.axes.Axes

        Examples
        --------
        >>> import zhili as zl
        >>> ax = zl.framework().plot("五共")
        >>> ax.get_title()
        '五共'
        """
        from .. import _figure

        check_choice("kind", kind, ("tree", "graph"))
        if depth is not None and (not isinstance(depth, int) or isinstance(depth, bool) or depth < 0):
            raise ZhiliError(f"参数 depth={depth!r} 无效：应为非负整数。")
        start = None if root is None else self._resolve(root)
        with _figure.styled():
            if kind == "tree":
                return self._plot_tree(start, depth if depth is not None else (1 if start is None else 99), ax)
            return self._plot_graph(start, depth if depth is not None else 1, ax)

    def _colour(self, eid: str) -> str:
        roots = self._children.get(None, [])
        return _ROOT_COLOURS[roots.index(self._root[eid]) % len(_ROOT_COLOURS)]

    def _plot_tree(self, start: str | None, depth: int, ax: Any) -> Any:
        from .. import _figure

        st = _figure.current_style()
        tops = self._children.get(None, []) if start is None else [start]
        level: dict[str, int] = {}
        row: dict[str, float] = {}
        edges: list[tuple[str, str]] = []
        leaf = [0]

        def place(eid: str, d: int) -> float:
            kids = self._children.get(eid, []) if d < depth else []
            if not kids:
                y = float(leaf[0])
                leaf[0] += 1
            else:
                ys = [place(k, d + 1) for k in kids]
                edges.extend((eid, k) for k in kids)
                y = (ys[0] + ys[-1]) / 2
            level[eid], row[eid] = d, y
            return y

        for t in tops:
            place(t, 0)
        max_d = max(level.values())
        # columns as wide as their longest label (inches), so that boxes never touch
        size = {eid: st.text if eid in tops else st.small for eid in level}
        col_w = [max(_figure.text_inches(self._by_id[e].name, size[e]) for e in level if level[e] == d) + 0.25
                 for d in range(max_d + 1)]
        room = st.width - 0.6 - sum(col_w)  # spare width goes into the connectors, up to 2.4 in each
        gap = min(2.4, max(0.9, room / max_d)) if max_d else 0.0
        x_of = [sum(col_w[:d]) + gap * d + col_w[d] / 2 for d in range(max_d + 1)]
        width = x_of[-1] + col_w[-1] / 2
        row_h = st.small * 2.1 / 72
        height = leaf[0] * row_h
        ax = _figure.new_axes(ax, (max(width + 0.4, st.width), height + st.title * 2.2 / 72 + 0.3))
        for a, b in edges:
            xa, xb = x_of[level[a]], x_of[level[b]]
            xm = x_of[level[a]] + col_w[level[a]] / 2 + gap / 2
            ax.plot([xa, xm, xm, xb], [row[a], row[a], row[b], row[b]], color="#9aa0a3", lw=1.4, zorder=1)
        for eid in level:
            colour = self._colour(eid)
            is_top = eid in tops
            ax.text(x_of[level[eid]], row[eid], self._by_id[eid].name, ha="center", va="center", zorder=2,
                    fontsize=size[eid], color="white" if is_top else "#1c2833",
                    bbox={"boxstyle": "round,pad=0.3", "fc": colour if is_top else "white", "ec": colour, "lw": 1.4})
        spare = max(0.0, st.width - 0.4 - width) / 2  # centre a narrow tree
        ax.set_xlim(-0.1 - spare, width + 0.1 + spare)
        ax.set_ylim(leaf[0] - 0.5, -0.5)
        ax.axis("off")
        ax.set_title("治理框架" if start is None else self._by_id[start].name)
        return ax

    def _plot_graph(self, start: str | None, depth: int, ax: Any) -> Any:
        import networkx as nx
        import numpy as np
        from matplotlib.lines import Line2D
        from matplotlib.patches import FancyArrowPatch

        from .. import _figure

        st = _figure.current_style()
        full = self._graph
        if start is None:
            core = {r.source for r in self._relations} | {r.target for r in self._relations}
            keep = set(core)
            edge_list = [(r.source, r.target) for r in self._relations]
        else:
            core = {start} | {d for d in self._descendant_ids(start) if self._depth[d] - self._depth[start] <= depth}
            keep = set(core)
            if self._by_id[start].parent:
                keep.add(self._by_id[start].parent)
            for r in self._relations:
                if r.source in core or r.target in core:
                    keep.update((r.source, r.target))
                    for other in (r.source, r.target):  # show where a linked element sits
                        parent = self._by_id[other].parent
                        if self._root[other] != self._root[start] and parent:
                            keep.add(parent)
            edge_list = [(a, b) for a, b in full.edges if a in keep and b in keep]
        nodes = sorted(keep, key=self._order.__getitem__)
        sub = nx.DiGraph()
        sub.add_nodes_from(nodes)
        sub.add_edges_from(sorted(edge_list, key=lambda ab: (self._order[ab[0]], self._order[ab[1]])))
        if start is None:  # three columns: practice | theory | paths, tree order top-down
            column = {"practice_root": 0, "dimension": 1, "path_root": 2}
            cols: dict[int, list[str]] = {}
            for eid in nodes:
                cols.setdefault(column[self._by_id[self._root[eid]].kind], []).append(eid)
            tallest = max(len(v) for v in cols.values())
            layout = {}
            for c, members in cols.items():
                step = (tallest - 1) / max(len(members) - 1, 1)
                layout.update({eid: (c * 3.0, -i * step) for i, eid in enumerate(members)})
            figsize = (st.width * 1.5, max(st.width * 0.7, tallest * st.small * 2.2 / 72 + 1.0))
        elif len(nodes) == 1:
            layout = {nodes[0]: (0.0, 0.0)}
            figsize = (st.width, st.width * 0.5)
        else:
            layout = nx.kamada_kawai_layout(sub.to_undirected())
            figsize = (st.width * 1.3, st.width * 0.85)
        used: list[str] = []
        bases: set[str] = set()
        for a, b in sub.edges:
            rel, basis = full.edges[a, b]["relation"], full.edges[a, b]["basis"]
            if rel not in used:
                used.append(rel)
            bases.add(basis)
        # line style tells the basis: solid = the paper says so, dashed = the project's inference;
        # the tree's part_of links are dotted
        handles = [Line2D([0], [0], color=_REL_COLOURS.get(t, "#5d6d7e"), lw=2.5,
                          linestyle=":" if t == "part_of" else "-", label=self._rtypes[t][0])
                   for t in sorted(used, key=self._rtype_order.__getitem__)]
        handles += [Line2D([0], [0], color="#1c2833", lw=1.6, linestyle=ls, label=text)
                    for basis, ls, text in (("stated", "-", "实线：论文明确提出"), ("inferred", "--", "虚线：本项目推断"))
                    if basis in bases]
        ax = _figure.new_axes(ax, figsize)
        fig = _figure.root_figure(ax)
        ax.axis("off")
        ax.set_title("治理框架关系图" if start is None else f"{self._by_id[start].name}：关系图")
        if handles:
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, title="关系",
                      alignment="left")
        xy = np.array([layout[e] for e in nodes], dtype=float)
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        span = np.where(hi > lo, hi - lo, 1.0)
        xy = np.where(hi > lo, (xy - lo) / span, 0.5)
        ax.set_xlim(-0.08, 1.08)
        ax.set_ylim(-0.08, 1.08)
        texts = {}
        for eid, (x, y) in zip(nodes, xy):
            colour = self._colour(eid)
            focus = eid == start
            texts[eid] = ax.text(x, y, self._by_id[eid].name, ha="center", va="center", zorder=3,
                                 fontsize=st.text if focus else st.small, color="white" if focus else "#1c2833",
                                 bbox={"boxstyle": "round,pad=0.3", "fc": colour if focus else "white", "ec": colour,
                                       "lw": 1.4})
            texts[eid].set_in_layout(False)  # boxes are kept inside the axes below
        fig.draw_without_rendering()  # settle the layout, then measure the boxes in pixels
        box = ax.bbox
        px = ax.transData.transform(xy)
        half = np.array([(t.get_bbox_patch().get_window_extent().width / 2,
                          t.get_bbox_patch().get_window_extent().height / 2) for t in texts.values()])
        px = _figure.spread_boxes(px, half, bounds=(box.x0, box.y0, box.x1, box.y1), gap=0.6 * st.small * fig.dpi / 72)
        pos = dict(zip(nodes, ax.transData.inverted().transform(px)))
        centre = dict(zip(nodes, px))
        halves = dict(zip(nodes, half))
        for eid, t in texts.items():
            t.set_position(pos[eid])
        to_points = 72 / fig.dpi

        def shrink(eid: str, direction) -> float:  # points from the box centre to its edge, along direction
            hw, hh = halves[eid]
            dx, dy = np.abs(direction)
            reach = min(hw / dx if dx > 1e-9 else np.inf, hh / dy if dy > 1e-9 else np.inf)
            return reach * to_points + 2.0

        for a, b in sub.edges:
            rel, basis = full.edges[a, b]["relation"], full.edges[a, b]["basis"]
            d = centre[b] - centre[a]
            norm = float(np.hypot(*d)) or 1.0
            u = d / norm
            ax.add_patch(FancyArrowPatch(pos[a], pos[b], arrowstyle="-|>", mutation_scale=st.small * 1.2,
                                         shrinkA=shrink(a, u), shrinkB=shrink(b, u), connectionstyle="arc3,rad=0.06",
                                         color=_REL_COLOURS.get(rel, "#5d6d7e"), lw=1.6,
                                         linestyle=":" if rel == "part_of" else ("--" if basis == "inferred" else "-"),
                                         zorder=2))
        return ax


def _part(code: str) -> str:
    """一/二/三 for a section code of the paper's body; other codes (摘要, 引言, a local source) as they are."""
    return code[:1] if code[:1] in "一二三" else code


def _as_paths(extra: Any) -> tuple[Path, ...]:
    if extra is None:
        return ()
    if isinstance(extra, (str, PathLike)):
        return (Path(extra),)
    if isinstance(extra, Iterable):
        items = tuple(extra)
        if all(isinstance(p, (str, PathLike)) for p in items):
            return tuple(Path(p) for p in items)
    raise ZhiliError(f"参数 extra={extra!r} 无效：应为扩展文件的路径，或路径列表。")


@functools.lru_cache(maxsize=1)
def _default() -> Framework:
    return Framework.load()


def framework(extra: str | PathLike | Sequence[str | PathLike] | None = None) -> Framework:
    """Load the governance framework (cached for the kit's own file).

    Parameters
    ----------
    extra : path-like or sequence of them, optional
        Extension YAML files that add or override elements, relations and sections (for a
        lecturer's local elements). Same keys as the kit's file; an element with an existing
        ``id`` overrides the fields it gives, ``add_terms`` appends indicator terms.

    Returns
    -------
    Framework
        Read-only; tables, graphs and lists it returns are new copies, so the cached object
        cannot be changed by its users.

    Raises
    ------
    zhili.theory.schema.FrameworkError
        (a :class:`zhili.LoadError`) naming the file, the line and the problem.

    Examples
    --------
    >>> import zhili as zl
    >>> fw = zl.framework()
    >>> fw.children()
    ['治理理念', '治理能力', '治理体系', '共同缔造', '实践路径']
    >>> fw.dictionary("dimension").columns.tolist()
    ['term', 'code', 'label', 'element', 'path', 'term_source']
    """
    if extra is None:
        return _default()
    return Framework.load(extra=extra)
