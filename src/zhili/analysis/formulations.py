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
   (“三无小区”, and the five-year plans “十四五”) or a quoted list of numbered items
   (“一书记、两顾问、三使者”, its items are the members), a digit-plus pattern (``1+3+N``,
   ``5+X``) with the name that follows it, and paired numerals of four characters (一老一小,
   三包一联; with a measure word such as 村 only when the kit's lexicon has it: 一村一品);

and links members found in the same sentence: the framework members named within ``window``
characters, else a list of items separated by 、 that the text gives *for* the formulation (see
:func:`formulations`, Notes).

A candidate is kept only where it stands as a word of its own: spelled-out numbers (九千六百,
十点二) are not formulations, and neither is a slice of a longer word (三角一体 in 长三角一体化,
五共 in 二十五共建) — unless quotes mark the candidate, its ends must fall on boundaries of the kit's
segmentation of the sentence (:class:`zhili.Tokenizer`, loaded on first use).
"""
from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from .._errors import ZhiliError, check_positive_int, choose_column
from ..matching import TermMatcher
from .coding import _corpus_and_units, _join_docvars

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

#: besides the digits, the characters of spelled-out numbers (九千六百, 十点二, 二〇二五)
_NUM_UNITS = "百千万亿零〇点"
_NUM_CHARS = _CN_DIGITS + _NUM_UNITS + "0123456789"
#: a spelled-out number at the start of a phrase: 九千…, 三万…, 十点二…, 二〇二五…
_SPELLED_NUMBER = re.compile(rf"[{_CN_DIGITS}]+(?:[百千万亿]|[点〇零][{_CN_DIGITS}〇零])")
_NUMBER_ONLY = re.compile(rf"[{_NUM_CHARS}]+")
#: 十二五, 十三五, 十四五 …: the five-year plans are formulations written with numerals only
_FIVE_YEAR_PLAN = re.compile(r"十[一二三四五六七八九]五")

_QUOTED = re.compile(r"[“\"「『‘]([^”\"」』’“「『‘\n]{1,16})[”\"」』’]")
_QUOTED_INNER = re.compile(rf"(?:[0-9]{{1,2}}|[{_CN_DIGITS}]{{1,2}})[^\s、，,。；;：:！？!?]{{1,7}}")
_PLUS = re.compile(r"(?<![0-9.+])[0-9]{1,2}(?:\+(?:[0-9]{1,2}|[NXnx]))+(?![0-9])")
_PAIRED = re.compile(rf"(?<![第{_NUM_CHARS}])([{_CN_DIGITS}])([\u4e00-\u9fff])([{_CN_DIGITS}N])([\u4e00-\u9fff])"
                     rf"(?![{_NUM_CHARS}])")
_MEASURE_WORDS = set("个年月日天次条户轮组方项村区人家名位件批届期周岁层级块张只场份")
_NAME_AFTER = re.compile(r"[\u4e00-\u9fff]{1,8}")
_NAME_STOP = re.compile(r"[的和与及等是为在把将对了]")
_WORD_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff0-9A-Za-z０-９Ａ-Ｚａ-ｚ]")
_QUOTE_CHARS = "“”‘’\"「」『』"
_DELIMS = r"\s、，,。；;：:！？!?“”‘’\"「」『』（）()《》【】"
_ITEM = rf"[^{_DELIMS}]{{1,30}}"
#: a 、 list whose first item starts after a delimiter (never inside a word such as 马克思列宁主义)
_LIST = re.compile(rf"(?<![^{_DELIMS}]){_ITEM}(?:、{_ITEM})+")
#: a 、 list at a given position (after a cue such as ：)
_LIST_AT = re.compile(rf"{_ITEM}(?:、{_ITEM})+")
#: items longer than this inside a list mean it is not a list of members
_MAX_ITEM = 15
#: a two-item list is linked only this close (in characters)
_NEAR = 12
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
#: what may stand between a list and the formulation right after it: 落实甲、乙、丙等“三X”
_GAP_BEFORE = re.compile(rf"[{_QUOTE_CHARS}\s]*(?:等等|等|这些|这|即)?[{_QUOTE_CHARS}\s]*")
#: a cue after the formulation (and a head noun) that its list follows: “三无小区”改造：…, 三治融合即…
_CUE_AFTER = re.compile(rf"[{_QUOTE_CHARS}]*[\u4e00-\u9fff]{{0,6}}?(?:[：:（(]|，?(?:即|包括|也就是|就是|是指))")
#: a list joined to the formulation by these is a list the formulation belongs to (甲、乙、“三X”)
_CO_ITEM = frozenset({"、", "和", "及", "与", "以及", "或"})
#: words a first item does not start with: the verb or adverb of the clause (推进社区、… → 社区)
_LEAD_WORDS = frozenset("""推进 推动 落实 坚持 实现 加强 健全 完善 建立 深化 统筹 探索 构建 开展 促进 强化 做到 实行
推行 发挥 围绕 包括 按照 提高 提升 增强 切实 积极 大力 着力 注重 抓好 做好 加快 支持 鼓励 引导 打造 培育 实施 优化
规范 贯彻 树立 牢固树立 形成 把 将 以 对 在 和 与 及 即 是 有 要 从 向 由 为""".split())
#: words a last item does not start with (…、没有主管、也没有安保 → 没有安保)
_LAST_LEAD_WORDS = frozenset("也 还 又 并 以及 及 和 与 或 或者".split())
#: words a last item does not end with (…、德治相结合 → 德治)
_TAIL_WORDS = frozenset("的 等 等等 和 与 及 相结合 结合 有机统一 为 中 上 方面 并举 一体".split())


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

    三治融合 → (3, 3); 两长四员 → (6, 6); 五位一体 → (5, 5); 3+N公约体系 → (3, inf); 两长N员,
    一网统管 → None.
    """
    if (re.fullmatch(rf"[{_CN_DIGITS}][^0-9{_CN_DIGITS}N+]+", name)
            or re.fullmatch(rf"[{_CN_DIGITS}].(?:一体|合一)", name)):
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


@functools.lru_cache(maxsize=2)
def _tokenizer(lexicon: bool = True):
    """The kit's segmenter (with the governance lexicon and framework terms unless ``lexicon`` is
    False: jieba's own words), keeping every token."""
    from ..tokens import Tokenizer

    return Tokenizer(lexicon=lexicon, stopwords=False, punct=True, numbers=True, cache=False)


@functools.lru_cache(maxsize=4096)
def _word_bounds(term: str) -> frozenset[int]:
    """Offsets in ``term`` where jieba, without the kit's lexicon, puts a word boundary."""
    bounds, at = {0}, 0
    for word in _tokenizer(lexicon=False).cut(term):
        at = term.find(word, at) + len(word)
        bounds.add(at)
    return frozenset(bounds)


def _on_word_bounds(term: str, start: int, end: int) -> bool:
    """Whether term[start:end] is made of whole words of the term (五共 in 深化五共机制: 深化/五共/机制),
    not a slice across them (三角一体 in 长三角一体化发展: 长三角/一体化/发展)."""
    bounds = _word_bounds(term)
    return start in bounds and end in bounds


class _Text:
    """A document's text with its sentences and, on demand, the word boundaries of a sentence."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._ends = [m.end() for m in _SENTENCE_END.finditer(text)]
        self._spans: dict[int, list[tuple[int, int]]] = {}

    def sentence(self, pos: int) -> tuple[int, int]:
        """(start, end) of the sentence that holds offset ``pos`` (its closing 。 included)."""
        k = bisect.bisect_right(self._ends, pos)
        return (self._ends[k - 1] if k else 0), (self._ends[k] if k < len(self._ends) else len(self.text))

    def _tokens(self, pos: int) -> list[tuple[int, int]]:
        """(start, end) of each word of the kit's segmentation of the sentence at ``pos``."""
        lo, hi = self.sentence(pos)
        if lo not in self._spans:
            spans, at = [], lo
            for token in _tokenizer().cut(self.text[lo:hi]):
                i = self.text.find(token, at, hi)
                if i >= 0:  # tokens come in text order; a dropped space only moves the next one
                    spans.append((i, i + len(token)))
                    at = i + len(token)
            self._spans[lo] = spans
        return self._spans[lo]

    def stands_alone(self, start: int, end: int) -> bool:
        """Whether text[start:end] is not part of a longer word (长三角一体化 holds no 三角一体).

        An end next to punctuation, a quote or the text's edge is a boundary; otherwise no word of
        the kit's segmentation of the sentence may straddle it — except a lexicon term that holds
        the whole candidate (深化五共机制 holds 五共).
        """
        text = self.text
        left = start == 0 or not _WORD_CHAR.match(text[start - 1])
        right = end == len(text) or not _WORD_CHAR.match(text[end])
        if left and right:
            return True
        terms = _tokenizer().terms
        for a, b in self._tokens(start):
            if (a < start < b and not left) or (a < end < b and not right):
                if not (a <= start and end <= b and text[a:b] in terms
                        and _on_word_bounds(text[a:b], start - a, end - a)):
                    return False
        return True

    def inner_boundaries(self, start: int, end: int) -> list[int]:
        """Word boundaries strictly inside text[start:end]."""
        return sorted({x for span in self._tokens(start) for x in span if start < x < end})


def _numeral_neighbour(text: str, start: int, end: int) -> bool:
    """Whether a numbered candidate is glued to more numerals (二十五共建 holds no 五共)."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return ((text[start] in _NUM_CHARS and bool(before) and before in _NUM_CHARS + "第")
            or (text[end - 1] in _NUM_CHARS and bool(after) and after in _NUM_CHARS))


def _content_chars(name: str) -> set[str]:
    """The characters of a name that say what it counts (四个全面 → 全面, 三留守 → 留守)."""
    return {c for c in name if "\u4e00" <= c <= "\u9fff" and c not in _CN_DIGITS + _NUM_UNITS + "个大项种条类方面"}


def _trim_first(doc: _Text, start: int, end: int, target: int) -> tuple[int, int]:
    """The first item of a list without the verb of its clause, cut only at a word boundary.

    Of the item's endings that start at a word boundary and not with a verb or preposition
    (推进社区 → 社区; 切实提高对农村留守儿童 → 留守儿童), the one closest in length to the other
    items (``target``) is kept; the longer on a tie.
    """
    text = doc.text
    cuts = [start, *doc.inner_boundaries(start, end)]
    words = [text[a:b] for a, b in zip(cuts, [*cuts[1:], end])]
    options = [a for a, w in zip(cuts, words) if w not in _LEAD_WORDS]
    if not options:
        return start, end
    best = min(options, key=lambda a: (abs(end - a - target), a))
    return best, end


def _trim_last(doc: _Text, start: int, end: int, target: int | None) -> tuple[int, int]:
    """The last item of a list without what follows it in the clause, cut only at a word boundary.

    The item loses a leading adverb or conjunction (也没有安保 → 没有安保) and ends before its
    first particle or linking word (德治相结合 → 德治; 留守老人的服务能力 → 留守老人). With a
    ``target`` length, an item still longer than the others by more than two characters is cut
    at the word boundary that brings it closest to them (社会工作者协同机制 → 社会工作者), so
    生态文明建设 beside 经济建设 stays whole.
    """
    text = doc.text
    cuts = [start, *doc.inner_boundaries(start, end), end]
    if len(cuts) > 2 and text[start:cuts[1]] in _LAST_LEAD_WORDS:
        start, cuts = cuts[1], cuts[1:]
    for a, b in zip(cuts[1:-1], cuts[2:]):
        if text[a:b] in _TAIL_WORDS:
            end = a
            break
    if target is None or end - start <= target + 2:
        return start, end
    options = [b for b in cuts[1:] if b <= end]
    best = min(options, key=lambda b: (abs(b - start - target), -b))
    return start, best


def _items(doc: _Text, start: int, end: int, *, first: bool, last: bool) -> list[str]:
    """The items of the 、 list text[start:end].

    The first item loses the verb of its clause when ``first``; the last ends before a particle
    (等, 的, 相结合) and, when ``last`` (the clause goes on after it), is cut to about the length of
    the others (see _trim_first, _trim_last).
    """
    text = doc.text
    spans, at = [], start
    for piece in text[start:end].split("、"):
        spans.append((at, at + len(piece)))
        at += len(piece) + 1
    if text[spans[-1][0]:spans[-1][1]].endswith("等") and spans[-1][1] - spans[-1][0] > 1:
        a, b = spans[-1]
        spans[-1] = (a, b - (2 if text[a:b].endswith("等等") and b - a > 2 else 1))
    lengths = [b - a for a, b in spans]
    if len(spans) >= 3:
        inner = max(lengths[1:-1])
        first_target = last_target = inner
    else:
        first_target, last_target = lengths[1], lengths[0]
    if first:
        spans[0] = _trim_first(doc, *spans[0], first_target)
    spans[-1] = _trim_last(doc, *spans[-1], last_target if last else None)
    return [text[a:b] for a, b in spans]


def _list_members(doc: _Text, start: int, end: int, window: int, name: str,
                  others: list[tuple[int, int]] = ()) -> list[str]:
    """The members the sentence lists *for* the formulation at text[start:end], or [].

    In order of preference: a 、 list right before it (甲、乙、丙等“三X”), a list after a cue
    (“三X”改造：甲、乙、丙; 三X即甲、乙、丙), else the nearest list of the same sentence within
    ``window`` characters whose every item shares a character with the name (三治融合 … 自治、
    法治、德治) and with no other formulation (``others``, spans) in between. The list must have as
    many items as the name promises; a two-item list must share a character with the name and
    stand within 12 characters; a list the formulation is itself an item of (甲、乙、“三X”) is never
    linked.
    """
    expected = _expected_items(name)
    if expected is None:
        return []
    fewest, most = expected
    text = doc.text
    lo, hi = doc.sentence(start)

    content = _content_chars(name)

    def shares(items: list[str]) -> bool:
        return bool(content) and all(content & set(item) for item in items)

    def fits(items: list[str], gap: int) -> bool:
        if not fewest <= len(items) <= most or not all(items):
            return False
        if len(items) == 2 and (gap > _NEAR or max(map(len, items)) > 4 or not shares(items)):
            return False  # two-item lists are everywhere: only short items right beside, on the name's topic
        return True

    before = list(_LIST.finditer(text, lo, start))
    after = list(_LIST.finditer(text, end, hi))
    for m in reversed(before):  # 1. right before, with nothing but 等 or quotes between
        if _GAP_BEFORE.fullmatch(text, m.end(), start) and _inner_ok(text, m):
            items = _items(doc, m.start(), m.end(), first=True, last=False)
            if fits(items, 0):
                return items
            break
    cue = _CUE_AFTER.match(text, end, hi)  # 2. after a cue
    if cue and (m := _LIST_AT.match(text, cue.end(), hi)) and _inner_ok(text, m):
        items = _items(doc, m.start(), m.end(), first=True, last=True)
        if fits(items, 0):
            return items
    # 3. elsewhere in the sentence, sharing what the name counts, no other formulation between
    best: tuple[int, list[str]] | None = None
    for m, gap_text, gap in ([(m, text[m.end():start], start - m.end()) for m in before]
                             + [(m, text[end:m.start()], m.start() - end) for m in after]):
        if gap > window or gap_text.strip(_QUOTE_CHARS + " ") in _CO_ITEM or not _inner_ok(text, m):
            continue
        lo_gap, hi_gap = (m.end(), start) if m.end() <= start else (end, m.start())
        if any(lo_gap <= a and b <= hi_gap for a, b in others):
            continue
        items = _items(doc, m.start(), m.end(), first=True, last=True)
        if fits(items, gap) and shares(items):
            if best is None or gap < best[0]:
                best = (gap, items)
    return best[1] if best else []


def _inner_ok(text: str, m: re.Match) -> bool:
    """Inner items of a list are short (long ones are clauses, not members)."""
    return all(len(x) <= _MAX_ITEM for x in m.group(0).split("、")[1:-1])


def _framework_members(doc: _Text, start: int, end: int, window: int,
                       members: tuple[tuple[str, tuple[str, ...]], ...]) -> list[str]:
    """Known members named in the same sentence within ``window`` characters."""
    if not members:
        return []
    lo, hi = doc.sentence(start)
    text = doc.text
    left, right = text[max(lo, start - window):start], text[end:min(hi, end + window)]
    return [name for name, variants in members if any(v in left or v in right for v in variants)]


def _numbered_phrase(phrase: str) -> bool:
    """A quoted phrase counts as numbered: it starts with a numeral that is not part of a word
    (一线, 一体) and it is no spelled-out number (一千二百, 二〇二五)."""
    return (bool(_QUOTED_INNER.fullmatch(phrase)) and _is_numbered(phrase)
            and not _NUMBER_ONLY.fullmatch(phrase) and not _SPELLED_NUMBER.match(phrase))


def _unknown_spans(doc: _Text) -> list[tuple[int, int, str, str]]:
    """(start, end, formulation, source) found by pattern, before removing overlaps."""
    text = doc.text
    found = []
    for m in _QUOTED.finditer(text):
        inner = m.group(1)
        if "、" in inner:  # “一书记、两顾问、三使者”: every item numbered
            if all(_numbered_phrase(x) for x in inner.split("、")):
                found.append((m.start(1), m.end(1), inner, "quoted"))
        elif _FIVE_YEAR_PLAN.fullmatch(inner) or _numbered_phrase(inner):
            found.append((m.start(1), m.end(1), inner, "quoted"))
    for m in _PLUS.finditer(text):
        name = m.group(0)
        after = _NAME_AFTER.match(text, m.end())
        if after:  # the name that follows (网格管理模式), cut before a particle; too long: number only
            tail = after.group(0)
            stop = _NAME_STOP.search(tail)
            tail = tail[:stop.start()] if stop else tail
            if 0 < len(tail) <= 6:
                tail_end = m.end() + len(tail)
                if not doc.stands_alone(m.end(), tail_end):  # the name ends where a word ends
                    cuts = [b for b in doc.inner_boundaries(m.end(), tail_end)]
                    tail_end = cuts[-1] if cuts else m.end()
                name = text[m.start():tail_end]
        found.append((m.start(), m.start() + len(name), name, "plus"))
    lexicon = None
    for m in _PAIRED.finditer(text):
        a, b, c, d = m.groups()
        word = m.group(0)
        if b == d or word in _IDIOMS or b in _CN_DIGITS or b in _NUM_UNITS or d in _NUM_UNITS:
            continue
        if b in _MEASURE_WORDS or d in _MEASURE_WORDS:  # 三个村一…, unless a lexicon term (一村一品)
            lexicon = _tokenizer().terms if lexicon is None else lexicon
            if word not in lexicon:
                continue
        if not doc.stands_alone(m.start(), m.end()):
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
        Characters on each side of an occurrence searched for its members, never beyond its
        sentence (ended by 。！？； or a line break).
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
        or the items of the 、 list the sentence gives for it); ``n_members``; ``member_source``
        (``known``: members of the framework or of your ``known`` list; ``list``: a 、 list in
        the text; empty: none). Then the corpus docvars that are not empty (as in
        :func:`zhili.analysis.coding.code_framework`).

    Notes
    -----
    Members come from the formulation's own sentence only. Framework members count when one of
    their terms stands within ``window`` characters. Otherwise a 、 list is linked when the text
    gives it *for* the formulation: right before it (“落实甲、乙、丙等‘三X’”), after a cue
    (“‘三X’改造：甲、乙、丙”, “三X即甲、乙、丙”), or elsewhere in the sentence within ``window``
    characters when every item shares a character with what the name counts (三治融合 … 自治、
    法治、德治) and no other formulation stands between. A list the formulation is itself an item
    of (马克思列宁主义、…、“三个代表”重要思想) is never linked, nor is the list of another clause.
    A list must have as many items as the name promises: 三治融合 three, 两长四员 six (2 + 4),
    3+N公约体系 three or more; a name that promises no count (两长N员, 一网统管) is linked to
    framework members only. A two-item list must stand within 12 characters and share a
    character with the name.
    List items start after a delimiter and are cut only at word boundaries of the kit's
    segmentation: the verb of the clause is dropped from the first item (推进社区 → 社区) and
    what follows the last is dropped when it makes the item longer than the others (德治相结合 →
    德治).
    A formulation found without quotes must stand as a word of its own (see the module notes), so
    spelled-out numbers (九千六百) and slices of longer words (三角一体 in 长三角一体化) are not
    reported; 十四五 and the other five-year plans are found when quoted. The patterns for unknown
    formulations favour precision: a numbered phrase without quotes is found only as a
    four-character pair (一老一小). Review unknown rows before counting them.

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
    # known formulations through the kit's term engine: leftmost-longest, as written (no aliases)
    matcher = TermMatcher(list(variant_of), mode="longest", aliases=False) if variant_of else None
    if matcher is not None:  # the engine's terms are normalised: find each one's table row again
        from ..readers import normalize_text

        by_form = {normalize_text(v).strip(): i for v, i in variant_of.items()}
        row_of = [by_form[t] for t in matcher.terms]

    starts_by_doc = {d: (g["start"].to_numpy(dtype=np.int64), g["unit_id"].tolist(), g["heading_path"].tolist())
                     for d, g in units.groupby("doc_id", sort=False)}
    rows = []
    for doc in corpus:
        text = doc.text
        tx = _Text(text)
        hits: list[tuple[int, int, str, str, bool, str, tuple]] = []
        spans: list[tuple[int, int]] = []
        if matcher is not None:
            for s, e, t in zip(*(a.tolist() for a in matcher.find(text))):
                if _numeral_neighbour(text, s, e) or not tx.stands_alone(s, e):
                    continue  # part of a number or of a longer word
                name, _, _, members = table[row_of[t]]
                hits.append((s, e, name, text[s:e], True, known_source, members))
                spans.append((s, e))
        for s, e, name, source in sorted(_unknown_spans(tx)):
            if not _spans_overlap((s, e), spans):
                hits.append((s, e, name, text[s:e], False, source, ()))
                spans.append((s, e))
        found = []
        for s, e, name, matched, is_known, source, members in hits:
            # members: the framework's named in the sentence, else a 、 list the sentence gives for it
            linked, how = _framework_members(tx, s, e, window, members), "known"
            if not linked:
                if "、" in name:
                    linked = name.split("、")
                else:
                    linked = _list_members(tx, s, e, window, name, [x for x in spans if x != (s, e)])
                how = "list" if linked else ""
            found.append((s, e, name, matched, is_known, source, linked, how))
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
            by = choose_column("by", by, valid)
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
