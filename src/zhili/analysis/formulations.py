"""Numbered formulations (提法) such as 四权同下 or 3+N公约体系, with the members listed nearby.

Chinese policy writing condenses a set of measures into a numbered phrase — 五共, 四权同下, 两长N员,
1+1+N党群服务中心 — and often spells the members out next to it:
“落实资金统筹权、力量调配权、协商议事权、考核评价权等‘四权同下’”. ``formulations`` finds

1. the *known* formulations of the theory framework (elements whose names are numbered, such as
   四权同下 or 15分钟服务圈, and numbered indicator terms of other elements, such as 三治融合),
   with their variants (四权下沉 is 四权同下) and their members from the framework: the
   element's parts (part_of children, with their indicator terms), or, for an element without
   parts, its other indicator terms;
2. *unknown* numbered formulations by pattern: a quoted phrase that starts with a numeral
   (“三无小区”) or a quoted list of numbered items (“一书记、两顾问、三使者”, its items are the
   members), a digit-plus pattern (``1+3+N``, ``5+X``) with the name that follows it, and
   paired numerals of four characters (一老一小, 三包一联);

and links members: the framework members found within ``window`` characters, else the nearest
list of items separated by 、 in that window.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from .._errors import ZhiliError, check_positive_int
from .coding import _corpus_and_units, _join_docvars, _term_pattern

if TYPE_CHECKING:  # pragma: no cover
    from ..theory import Framework

__all__ = ["formulations", "formulation_counts"]

COLUMNS = ["doc_id", "unit_id", "heading_path", "formulation", "match", "known", "source", "start", "end",
           "members", "n_members", "member_source"]

_CN_DIGITS = "一二三四五六七八九十两"
_NUMERAL = re.compile(rf"[0-9{_CN_DIGITS}]")
#: words whose numeral does not make a numbered formulation
_NOT_NUMBERED = ("一起", "一些", "一般", "一直", "一切", "统一", "一体", "进一步", "之一", "唯一", "一线", "一道",
                 "一批", "一致", "一定", "一流")
_CN_VALUE = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
#: common four-character idioms built like 一老一小 that are not formulations
_IDIOMS = frozenset("""五花八门 七上八下 三心二意 四面八方 五湖四海 一心一意 一模一样 一五一十 三番五次 七嘴八舌
一朝一夕 一草一木 一言一行 一举一动 一点一滴 一砖一瓦 一针一线 一丝一毫 一生一世 十全十美 四通八达 七零八落
一干二净 一清二楚 三言两语 三长两短 三三两两 一差二错 六神无主 九死一生 一箭双雕 一石二鸟 一年一度 一年四季
一日三餐 三五成群 四分五裂 五颜六色 七拼八凑 八仙过海 一穷二白 一分为二 一来二去 一波三折 一唱一和 一张一弛
一得一失 一长一短 一高一低 一前一后 一左一右 一上一下 一东一西 一问一答 一进一出 一天一个""".split())

_QUOTED = re.compile(r"[“\"「『‘]([^”\"」』’“「『‘\n]{1,16})[”\"」』’]")
_QUOTED_INNER = re.compile(rf"(?:[0-9]{{1,2}}|[{_CN_DIGITS}]{{1,2}})[^\s、，,。；;：:！？!?]{{1,7}}")
_PLUS = re.compile(r"(?<![0-9.+])[0-9]{1,2}(?:\+(?:[0-9]{1,2}|[NXnx]))+(?![0-9])")
_PAIRED = re.compile(rf"(?<![第{_CN_DIGITS}0-9])([{_CN_DIGITS}])([\u4e00-\u9fff])([{_CN_DIGITS}N])([\u4e00-\u9fff])")
_MEASURE_WORDS = set("个年月日天次条户轮组方项村区人家名位件批届期周岁层级块张只场份")
_NAME_AFTER = re.compile(r"[\u4e00-\u9fff]{1,8}")
_NAME_STOP = re.compile(r"[的和与及等是为在把将对了]")
_ITEM = r"[^\s、，,。；;：:！？!?“”‘’\"「」『』（）()《》【】]{1,15}"
#: a two-item list is linked only this close (in characters)
_NEAR = 12
_LIST = re.compile(rf"{_ITEM}(?:、{_ITEM})+")


@functools.lru_cache(maxsize=4)
def _framework_formulations(fw: Framework) -> tuple[tuple[str, str, tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]], ...]:
    """(name, element, variants, members) of every numbered formulation of the framework.

    Members are (name, variants) pairs: an element's parts with their indicator terms, or, for
    an element without parts, its indicator terms that carry no numeral.
    """
    elements = fw.elements()
    names = set(elements["name"])
    out = []
    for name in elements["name"]:
        info = fw.find(name)
        numbered = _is_numbered(name) and not any(other != name and other in name for other in names
                                                     if _is_numbered(other))
        if numbered:
            if info.members:
                variants = info.terms
                members = tuple((m, _member_variants(fw.find(m).terms)) for m in info.members)
            else:
                variants = tuple(t for t in info.terms if t == name or _is_numbered(t))
                members = tuple((t, (t,)) for t in info.terms
                                if t not in variants and not any(t in v for v in variants))
            out.append((name, name, tuple(dict.fromkeys((name, *variants))), members))
            continue
        # numbered indicator terms of an ordinary element (三治融合 for 自治法治德治相结合)
        extra = [t for t in info.terms if t != name and _is_numbered(t) and not re.match(r"[0-9]{3}", t)]
        if extra:
            out.append((extra[0], name, tuple(extra), ()))
    return tuple(out)


def _member_variants(terms: tuple[str, ...]) -> tuple[str, ...]:
    """A member's terms, plus its name without the last character when long (协商议事权 → 协商议事)."""
    name = terms[0]
    return tuple(dict.fromkeys((*terms, name[:-1]) if len(name) >= 5 else terms))


def _is_numbered(name: str) -> bool:
    stripped = name
    for word in _NOT_NUMBERED:
        stripped = stripped.replace(word, "")
    return (bool(re.match(rf"[0-9{_CN_DIGITS}]", stripped)) or bool(re.search(r"[0-9]\+", stripped))
            or bool(re.match(rf"每[\u4e00-\u9fff]{{1,2}}[{_CN_DIGITS}]", stripped)))


def _known_table(known: Any):
    from ..theory import Framework
    from ..theory import framework as default_framework

    if known is None or isinstance(known, Framework):
        fw = known if known is not None else default_framework()
        return _framework_formulations(fw), "framework"
    if isinstance(known, Mapping):
        rows = []
        for name, members in known.items():
            if not isinstance(name, str) or not name.strip():
                raise ZhiliError(f"known 的键 {name!r} 应为提法名称（文字）。")
            if isinstance(members, str) or not isinstance(members, (Sequence, set, frozenset, type(None))):
                raise ZhiliError(f"known[{name!r}] 应为成员列表，例如 [\"自治\", \"法治\", \"德治\"]。")
            mem = tuple((m, (m,)) for m in (members or ()))
            rows.append((name.strip(), "", (name.strip(),), mem))
        return tuple(rows), "user"
    raise ZhiliError("参数 known 应为 None（使用框架中的提法）、zl.framework() 的框架对象，"
                     "或形如 {\"三治融合\": [\"自治\", \"法治\", \"德治\"]} 的字典。")


def _spans_overlap(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _expected_items(name: str) -> tuple[int, float] | None:
    """How many members a name promises, as (fewest, most); None when it promises no count.

    三治融合 → (3, 3); 两长四员 → (6, 6); 3+N公约体系 → (3, inf); 两长N员, 一网统管 → None.
    """
    if re.fullmatch(rf"[{_CN_DIGITS}][^0-9{_CN_DIGITS}N+]+", name):
        n = _CN_VALUE[name[0]]
    elif m := re.fullmatch(rf"([{_CN_DIGITS}])[^0-9{_CN_DIGITS}]([{_CN_DIGITS}])[^0-9{_CN_DIGITS}N]", name):
        n = _CN_VALUE[m.group(1)] + _CN_VALUE[m.group(2)]
    elif m := _PLUS.match(name):
        parts = m.group(0).split("+")
        n = sum(int(p) for p in parts if p.isdigit())
        return (n, float("inf")) if any(not p.isdigit() for p in parts) else (n, n)
    else:
        return None
    return (n, n) if n >= 2 else None


def _list_items(run: str) -> list[str]:
    items = run.split("、")
    if len(items) >= 3:  # parallel lists share a length: trim a verb before the first, a tail after the last
        inner = [len(x) for x in items[1:-1]]
        size = max(set(inner), key=lambda n: (inner.count(n), n))
        if len(items[0]) > size:
            items[0] = items[0][-size:]
        if len(items[-1]) > size:
            items[-1] = items[-1][:size]
    return items


def _nearest_list(text: str, start: int, end: int, window: int, name: str) -> list[str]:
    """Items of the nearest 、 list within ``window`` characters with as many items as ``name`` promises."""
    expected = _expected_items(name)
    if expected is None:
        return []
    fewest, most = expected
    best: tuple[int, list[str]] | None = None
    for lo, hi in ((max(0, start - window), start), (end, min(len(text), end + window))):
        for m in _LIST.finditer(text, lo, hi):
            items = _list_items(m.group(0))
            if not fewest <= len(items) <= most:
                continue
            gap = start - m.end() if hi == start else m.start() - end
            if len(items) == 2 and (gap > _NEAR or max(map(len, items)) > 4):
                continue  # two-item lists are everywhere: only short items right beside
            if best is None or gap < best[0]:
                best = (gap, items)
    return best[1] if best else []


def _framework_members(text: str, start: int, end: int, window: int,
                       members: tuple[tuple[str, tuple[str, ...]], ...]) -> list[str]:
    if not members:
        return []
    left, right = text[max(0, start - window):start], text[end:end + window]
    return [name for name, variants in members if any(v in left or v in right for v in variants)]


def _unknown_spans(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, formulation, source) found by pattern, before removing overlaps."""
    found = []
    for m in _QUOTED.finditer(text):
        inner = m.group(1)
        if "、" in inner:  # “一书记、两顾问、三使者”: every item numbered
            if all(_QUOTED_INNER.fullmatch(x) for x in inner.split("、")):
                found.append((m.start(1), m.end(1), inner, "quoted"))
        elif _QUOTED_INNER.fullmatch(inner) and not re.fullmatch(rf"[0-9{_CN_DIGITS}]+", inner):
            found.append((m.start(1), m.end(1), inner, "quoted"))
    for m in _PLUS.finditer(text):
        name = m.group(0)
        after = _NAME_AFTER.match(text, m.end())
        if after:  # the name that follows (网格管理模式), cut before a particle; too long: number only
            tail = after.group(0)
            stop = _NAME_STOP.search(tail)
            tail = tail[:stop.start()] if stop else tail
            if 0 < len(tail) <= 6:
                name += tail
        found.append((m.start(), m.start() + len(name), name, "plus"))
    for m in _PAIRED.finditer(text):
        a, b, c, d = m.groups()
        word = m.group(0)
        if b == d or b in _MEASURE_WORDS or d in _MEASURE_WORDS or word in _IDIOMS or b in _CN_DIGITS:
            continue
        found.append((m.start(), m.end(), word, "paired"))
    return found


def formulations(data: Any, *, known: Framework | Mapping[str, Sequence[str]] | None = None, window: int = 80,
                 unit: Literal["sentence", "paragraph", "item", "document"] = "sentence") -> pd.DataFrame:
    """Find numbered formulations (提法) and the members listed near them.

    Parameters
    ----------
    data : Corpus, str, list of str, mapping, or Tokens
        The documents to search (Tokens: their corpus and units).
    known : Framework or mapping, optional
        Known formulations: ``None`` uses the kit's framework (四权同下, 五共, 3+N公约体系 …, see
        the module notes); a :class:`zhili.Framework` uses that one (with a lecturer's
        extensions); a mapping ``{"三治融合": ["自治", "法治", "德治"]}`` gives your own list
        instead.
    window : int, default 80
        Characters on each side of an occurrence searched for its members.
    unit : {"sentence", "paragraph", "item", "document"}
        The unit reported in ``unit_id`` and ``heading_path`` (ignored for Tokens).

    Returns
    -------
    pandas.DataFrame
        One row per occurrence, in corpus order and by position. Columns: ``doc_id``,
        ``unit_id``, ``heading_path``; ``formulation`` (the known name, e.g. ``四权同下`` for a
        match of ``四权下沉``, or the phrase found); ``match`` (the text matched); ``known``
        (bool); ``source`` (``framework`` / ``user`` for known ones; ``quoted``, ``plus`` or
        ``paired`` for the pattern that found an unknown one); ``start``, ``end`` (offsets in
        the document text); ``members`` (list of member names found, in the framework's order,
        or the items of the nearest 、 list); ``n_members``; ``member_source`` (``known``: members
        of the framework or of your ``known`` list; ``list``: a 、 list in the text; empty: none). Then the corpus docvars that are not empty (as in
        :func:`zhili.analysis.coding.code_framework`).

    Notes
    -----
    A 、 list is linked only when it has as many items as the name promises: 三治融合 three,
    两长四员 six (2 + 4), 3+N公约体系 three or more; a name that promises no count (两长N员,
    一网统管) is linked to framework members only. A two-item list must stand within 12
    characters.
    The first and last items of a list are trimmed to the length of the others (so the verb in
    “推动资金统筹权、…” is dropped). The patterns for unknown formulations favour precision: a
    numbered phrase without quotes is found only as a four-character pair (一老一小). Review
    unknown rows before counting them.

    Examples
    --------
    >>> f = formulations("落实资金统筹权、力量调配权、协商议事权、考核评价权等“四权同下”。推行“三治融合”，做到自治、法治、德治结合。")
    >>> f[["formulation", "known", "n_members"]].values.tolist()
    [['四权同下', True, 4], ['三治融合', True, 3]]
    >>> f.loc[0, "members"]
    ['资金统筹权', '力量调配权', '协商议事权', '考核评价权']
    """
    check_positive_int("window", window)
    table, known_source = _known_table(known)
    corpus, units, _ = _corpus_and_units(data, unit)
    variant_of: dict[str, int] = {}
    for i, (_, _, variants, _) in enumerate(table):
        for v in variants:
            variant_of.setdefault(v, i)
    pattern = _term_pattern(list(variant_of)) if variant_of else None

    starts_by_doc = {d: (g["start"].to_numpy(dtype=np.int64), g["unit_id"].tolist(), g["heading_path"].tolist())
                     for d, g in units.groupby("doc_id", sort=False)}
    rows = []
    for doc in corpus:
        text = doc.text
        found: list[tuple[int, int, str, str, bool, str, list[str], str]] = []
        spans: list[tuple[int, int]] = []
        if pattern is not None:
            for m in pattern.finditer(text):
                name, _, _, members = table[variant_of[m.group(0)]]
                s, e = m.span()
                linked = _framework_members(text, s, e, window, members)
                how = "known" if linked else ""
                if not linked:
                    linked = _nearest_list(text, s, e, window, name)
                    how = "list" if linked else ""
                found.append((s, e, name, m.group(0), True, known_source, linked, how))
                spans.append((s, e))
        for s, e, name, source in sorted(_unknown_spans(text)):
            if _spans_overlap((s, e), spans):
                continue
            linked = name.split("、") if "、" in name else _nearest_list(text, s, e, window, name)
            found.append((s, e, name, text[s:e], False, source, linked, "list" if linked else ""))
            spans.append((s, e))
        starts, unit_ids, paths = starts_by_doc.get(doc.doc_id, (np.zeros(0, dtype=np.int64), [], []))
        for s, e, name, matched, is_known, source, linked, how in sorted(found):
            k = int(np.searchsorted(starts, s, side="right")) - 1
            uid, path = (unit_ids[k], paths[k]) if k >= 0 else ("", "")
            rows.append((doc.doc_id, uid, path, name, matched, is_known, source, s, e, linked, len(linked), how))
    out = pd.DataFrame(rows, columns=COLUMNS)
    out = out.astype({"start": np.int64, "end": np.int64, "n_members": np.int64, "known": bool})
    return _join_docvars(out, corpus)


def formulation_counts(df: pd.DataFrame, *, by: str | None = None) -> pd.DataFrame:
    """Count the occurrences of each formulation, overall or per group.

    Parameters
    ----------
    df : pandas.DataFrame
        From :func:`formulations`.
    by : str, optional
        A column of ``df`` to count within (``"doc_id"`` or a docvar such as ``"year"``).

    Returns
    -------
    pandas.DataFrame
        Columns: ``by`` (when given), ``formulation``, ``known``, ``n`` (occurrences),
        ``n_docs`` (documents with it), ``n_with_members`` (occurrences with members linked).
        Sorted by group, then ``n`` descending, then formulation.

    Examples
    --------
    >>> f = formulations(["坚持四权同下。深化四权同下改革。", "推行“三无小区”治理。"])
    >>> formulation_counts(f)[["formulation", "known", "n", "n_docs"]].values.tolist()
    [['四权同下', True, 2, 1], ['三无小区', False, 1, 1]]
    """
    missing = [c for c in ("doc_id", "formulation", "known", "n_members") if c not in df.columns]
    if missing:
        raise ZhiliError(f"df 应为 formulations() 的结果，缺少列：{'、'.join(missing)}。")
    keys = ["formulation", "known"]
    if by is not None:
        if by not in df.columns or by in ("formulation", "known", "members"):
            valid = [c for c in df.columns if c not in ("formulation", "known", "members", "match", "start", "end",
                                                         "n_members", "member_source")]
            raise ZhiliError(f"参数 by={by!r} 无效：可选 {'、'.join(map(str, valid))}。")
        keys = [by, *keys]
    cols = keys + ["n", "n_docs", "n_with_members"]
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype=np.int64 if c.startswith("n") else object) for c in cols})
    counted = (df.assign(_with=df["n_members"] > 0)
                 .groupby(keys, sort=False, dropna=False)
                 .agg(n=("doc_id", "size"), n_docs=("doc_id", "nunique"), n_with_members=("_with", "sum"))
                 .reset_index())
    order = ([by] if by is not None else []) + ["n", "formulation"]
    asc = ([True] if by is not None else []) + [False, True]
    counted = counted.sort_values(order, ascending=asc, kind="mergesort").reset_index(drop=True)
    return counted.astype({"n": np.int64, "n_docs": np.int64, "n_with_members": np.int64})[cols]
