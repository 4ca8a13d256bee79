"""Finding given terms in the original text: one engine for every "where does this term occur?" (zhili.matching).

Token-based analyses ask which words segmentation produced; a scholar who asks how often a
document says 基层治理 wants every occurrence, whatever segmentation did with it. Those differ
in three ways that the tokens hide:

- **nesting**: 基层治理 inside the lexicon word 基层治理体系 is not a token of its own;
- **splits**: a term missing from the lexicon is cut into pieces (新/时代, 三社/联动);
- **bracketed forms**: 村（居）民委员会 stands for 村民委员会 and 居民委员会 at once, and 乡镇（街道）
  for 乡镇 and 街道 — no dictionary can make a segmenter split text that way.

:class:`TermMatcher` therefore looks for the query terms in the text itself, with one
Aho–Corasick automaton (ahocorasick_rs, written in Rust) over every written form of every term — linear in the
length of the text, whatever the number of terms. Its rules:

- ``mode="all"`` (default): every occurrence of every term counts, also inside a longer term
  and overlapping other query terms: in 基层治理体系, the queries 基层治理体系, 基层治理 and
  治理体系 each count once. One term's own occurrences never overlap (as ``str.count``).
- ``mode="longest"``: exclusive counts — at each place only the longest query term counts,
  scanning from the left (基层治理体系 counts, the shorter terms inside it do not).
- **Written forms.** A term is also found in its bracketed forms from the lexicon's alias
  table (:func:`zhili.lexicon.alias_forms`; 村（居）民委员会 counts for 村民委员会 and 居民委员会),
  with full-width or ASCII brackets; ``aliases=False`` switches the table off, a mapping adds
  the user's own forms.
- **Spacing.** Spaces and tabs between two Chinese characters are ignored (共 同 缔 造 in a
  title, 基层 治理 from a copied table); line breaks are not.
- **Normalisation.** Query terms are normalised like corpus text (full-width letters and digits
  become half-width), so ``２０２５年`` finds ``2025年``.
- ``regex=True`` takes the queries as regular expressions searched in the text (no aliases).

Positions are character offsets ``[start, end)`` in the document text.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, NamedTuple

import numpy as np

from ._errors import ZhiliError, check_choice

__all__ = ["TermMatcher", "Matches", "check_terms", "shortfall", "warn_shortfall"]

Mode = Literal["all", "longest"]
#: characters searched in one call: enough that the per-call cost does not count, small enough that
#: the call's working memory stays small (a million Chinese characters took ~45 MB resident, about
#: half of it inside ahocorasick_rs; 100,000 take ~10 MB, and searched a 10k-document corpus ~30%
#: faster)
_CHUNK = 100_000
_DFA_MAX_FORMS = 5_000  # written forms searched with a DFA (faster, ~3 KB per form; see _automaton)
_GAP = re.compile(r"(?<=[\u3400-\u9fff])[ \t\u3000]+(?=[\u3400-\u9fff])")
_SPACES = " \t\u3000"  # _gaps: the characters of the runs _GAP may match
_WORDLIKE = re.compile(r"\w")


class Matches(NamedTuple):
    """Every hit as parallel arrays, sorted by document, start, term."""

    doc: np.ndarray    # index of the text searched
    start: np.ndarray  # character offsets [start, end) in that text
    end: np.ndarray
    term: np.ndarray   # index into ``TermMatcher.terms``

    def __len__(self) -> int:  # type: ignore[override]
        return len(self.doc)


def check_terms(terms, *, name: str = "terms", regex: bool = False) -> list[str]:
    """Validate query terms; return them normalised, stripped and without repeats (first order kept).

    An empty term, one made only of punctuation or spaces, a non-string, or (with ``regex``) a
    pattern that does not compile raises :class:`ZhiliError` naming the term and what to do.
    """
    from .readers import normalize_text

    if isinstance(terms, str):
        items = [terms]
    else:
        try:
            items = list(terms)
        except TypeError:
            raise ZhiliError(f"参数 {name} 应为词语或词语列表，收到的是 {type(terms).__name__}。"
                             f"例如 {name}=\"基层治理\" 或 {name}=[\"基层治理\", \"治理体系\"]。") from None
    if not items:
        raise ZhiliError(f"参数 {name} 为空：请至少给出一个词，例如 {name}=[\"基层治理\"]。")
    out: list[str] = []
    for i, item in enumerate(items):
        where = f"参数 {name} 的第 {i + 1} 项" if len(items) > 1 else f"参数 {name}"
        if not isinstance(item, str):
            raise ZhiliError(f"{where} {item!r} 不是文字（而是 {type(item).__name__}）：检索词应加引号，如 \"基层治理\"。")
        if regex:
            if not item:
                raise ZhiliError(f"{where} 是空的正则表达式：请写出要检索的模式。")
            try:
                if re.compile(item).fullmatch(""):
                    raise ZhiliError(f"{where} 正则表达式 {item!r} 能匹配空字符串，会在每个位置都“命中”：请改写，"
                                     "例如把 * 换成 +。")
            except re.error as exc:
                raise ZhiliError(f"{where} 正则表达式 {item!r} 有误（{exc}）：请检查括号、转义等，"
                                 "或设 regex=False 按原词检索。") from None
            out.append(item)
            continue
        term = normalize_text(item).strip()
        if not term:
            raise ZhiliError(f"{where} {item!r} 是空的（或只有空格）：请写出要检索的词。")
        if not _WORDLIKE.search(term):
            raise ZhiliError(f"{where} {item!r} 只有标点符号：请写出要检索的词语（可以含括号，如“村（居）民委员会”）。")
        out.append(term)
    return list(dict.fromkeys(out))


def _bracket_variants(form: str) -> set[str]:
    return {form, form.replace("（", "(").replace("）", ")"), form.replace("(", "（").replace(")", "）")}


def _has_border(s: str) -> bool:
    """True if a proper prefix of ``s`` is also its suffix (occurrences can overlap: 人人 in 人人人)."""
    return any(s[:k] == s[-k:] for k in range(1, len(s)))


class TermMatcher:
    """Every occurrence of a set of terms in texts (see the module notes).

    Parameters
    ----------
    terms : str or list of str
        The query terms (or regular expressions with ``regex=True``).
    mode : {"all", "longest"}
        ``all``: every occurrence of every term, nested ones included; ``longest``: exclusive,
        leftmost-longest counts.
    aliases : bool or mapping, default True
        Also find the bracketed forms of the lexicon's alias table; a mapping
        ``{写法: [术语, …]}`` adds the user's own forms; ``False``: only the terms as written.
    regex : bool, default False
        Treat the terms as regular expressions.
    name : str, default "terms"
        The parameter name used in error messages.

    Examples
    --------
    >>> m = TermMatcher(["基层治理", "治理体系", "村民委员会"])
    >>> hits = m.search(["加强基层治理体系建设，完善村（居）民委员会。"])
    >>> [(m.terms[t], int(s), int(e)) for t, s, e in zip(hits.term, hits.start, hits.end)]
    [('基层治理', 2, 6), ('治理体系', 4, 8), ('村民委员会', 13, 21)]
    >>> TermMatcher(["基层治理", "基层治理体系"], mode="longest").count(["加强基层治理体系建设"]).tolist()
    [[0, 1]]
    """

    def __init__(self, terms, *, mode: Mode = "all", aliases: bool | Mapping[str, Iterable[str]] = True,
                 regex: bool = False, name: str = "terms") -> None:
        check_choice("mode", mode, ("all", "longest"))
        self.terms: list[str] = check_terms(terms, regex=regex, name=name)
        self.mode, self.regex = mode, regex
        if regex:
            self._patterns = [re.compile(p) for p in self.terms]
            return
        from .lexicon import alias_forms

        forms = alias_forms(aliases if isinstance(aliases, Mapping) else None, kit=aliases is not False)
        index = {t: i for i, t in enumerate(self.terms)}
        # every written form → the query terms it counts for
        surfaces: dict[str, set[int]] = {}
        for term, i in index.items():
            for variant in _bracket_variants(term):
                surfaces.setdefault(variant, set()).add(i)
        for form, meant in forms.items():
            hit = {index[t] for t in meant if t in index}
            if hit:
                surfaces.setdefault(form, set()).update(hit)
        self._surfaces = sorted(surfaces)
        self._surface_len = np.array([len(s) for s in self._surfaces], dtype=np.int64)
        terms_of = [sorted(surfaces[s]) for s in self._surfaces]
        self._surface_ptr = np.cumsum([0] + [len(t) for t in terms_of]).astype(np.int64)
        self._surface_terms = np.array([i for t in terms_of for i in t], dtype=np.int64)
        # terms whose hits may overlap each other: several written forms, or a self-overlapping form
        n_forms = np.bincount(self._surface_terms, minlength=len(self.terms))
        self._overlapping = n_forms > 1
        for s, ts in zip(self._surfaces, terms_of):
            if _has_border(s):
                self._overlapping[ts] = True
        self._automaton = _automaton(tuple(self._surfaces), longest=mode == "longest")

    def __repr__(self) -> str:
        return f"TermMatcher({len(self.terms)} 个检索词, mode={self.mode!r})"

    # ------------------------------------------------------------------ searching
    def find(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(start, end, term)`` arrays of every hit in one text, sorted by start then term."""
        if self.regex:
            return self._find_regex(text)
        squeezed, shift = _squeeze(text)
        raw = self._automaton.find_matches_as_indexes(squeezed, overlapping=self.mode == "all")
        if not raw:
            empty = np.empty(0, dtype=np.int64)
            return empty, empty, empty
        arr = np.array(raw, dtype=np.int64)
        surface, start, last = arr[:, 0], arr[:, 1], arr[:, 2] - 1
        # one hit per term it counts for (a bracketed form stands for several terms)
        counts = self._surface_ptr[surface + 1] - self._surface_ptr[surface]
        rep = np.repeat(np.arange(len(surface)), counts)
        offsets = np.arange(len(rep)) - np.repeat(np.cumsum(counts) - counts, counts)
        term = self._surface_terms[self._surface_ptr[surface[rep]] + offsets]
        start, last = start[rep], last[rep]
        if self.mode == "all" and self._overlapping[term].any():
            start, last, term = _one_term_no_overlap(start, last, term, self._overlapping)
        if shift is not None:  # back to positions in the original text
            start = start + shift[start]
            last = last + shift[last]
        order = np.lexsort((term, start))
        return start[order], last[order] + 1, term[order]

    def _find_regex(self, text: str):
        starts, ends, terms = [], [], []
        for i, pattern in enumerate(self._patterns):
            for m in pattern.finditer(text):
                if m.end() > m.start():
                    starts.append(m.start())
                    ends.append(m.end())
                    terms.append(i)
        start, end, term = (np.array(x, dtype=np.int64) for x in (starts, ends, terms))
        order = np.lexsort((term, start))
        return start[order], end[order], term[order]

    def search(self, texts: Sequence[str]) -> Matches:
        """Every hit in every text, as :class:`Matches` (parallel arrays).

        Texts are searched in chunks of about 100,000 characters joined by a NUL character
        (which no term contains), so that the per-call cost does not grow with the number of
        documents; positions are mapped back to each text.
        """
        docs, starts, ends, terms = [], [], [], []
        n = len(texts)
        i = 0
        while i < n:
            j, size = i, 0
            while j < n and (size == 0 or size + len(texts[j]) < _CHUNK):
                size += len(texts[j]) + 1
                j += 1
            chunk = texts[i:j]
            offsets = np.cumsum([0] + [len(t) + 1 for t in chunk[:-1]]).astype(np.int64)
            s, e, t = self.find("\x00".join(chunk))
            if len(s):
                d = np.searchsorted(offsets, s, side="right") - 1
                docs.append(d + i)
                starts.append(s - offsets[d])
                ends.append(e - offsets[d])
                terms.append(t)
            i = j
        if not docs:
            empty = np.empty(0, dtype=np.int64)
            return Matches(empty, empty, empty, empty)
        return Matches(np.concatenate(docs), np.concatenate(starts), np.concatenate(ends), np.concatenate(terms))

    def count(self, texts: Sequence[str]) -> np.ndarray:
        """Texts × terms array of counts."""
        hits = self.search(texts)
        n = len(self.terms)
        return np.bincount(hits.doc * n + hits.term, minlength=len(texts) * n).reshape(len(texts), n)


@functools.lru_cache(maxsize=16)
def _automaton(surfaces: tuple[str, ...], *, longest: bool = False):
    """An Aho–Corasick automaton (ahocorasick_rs, in Rust) over the written forms.

    ``find_matches_as_indexes`` gives (form, start, end) in string positions: every occurrence
    (``overlapping=True``), or leftmost-longest ones when ``longest``. Up to
    :data:`_DFA_MAX_FORMS` forms the automaton is a DFA, which finds the same matches about a
    third faster than the default NFA (a coding dictionary's ~430 forms: 0.75 → 0.5 s on 32 M
    characters) for about 3 KB per form; longer lists keep the compact default.
    """
    import ahocorasick_rs

    kind = ahocorasick_rs.MatchKind.LeftmostLongest if longest else ahocorasick_rs.MatchKind.Standard
    dfa = ahocorasick_rs.Implementation.DFA if len(surfaces) <= _DFA_MAX_FORMS else None
    return ahocorasick_rs.AhoCorasick(list(surfaces), matchkind=kind, implementation=dfa)


def _squeeze(text: str) -> tuple[str, np.ndarray | None]:
    """The text without spaces between Chinese characters, and for each of its positions the
    number of characters removed before it (None when nothing was removed)."""
    if " " not in text and "\t" not in text and "\u3000" not in text:
        return text, None
    gaps = _gaps(text)
    if not gaps:
        return text, None
    pieces, prev = [], 0
    for s, e in gaps:
        pieces.append(text[prev:s])
        prev = e
    pieces.append(text[prev:])
    squeezed = "".join(pieces)
    # positions from a gap on move right by its length: a cumulative sum of the lengths placed at
    # the gaps' positions in the squeezed text
    starts = np.array([s for s, _ in gaps], dtype=np.int64)
    lengths = np.array([e - s for s, e in gaps], dtype=np.int64)
    removed_before = np.cumsum(lengths) - lengths
    delta = np.zeros(len(squeezed) + 1, dtype=np.int64)
    np.add.at(delta, starts - removed_before, lengths)
    return squeezed, np.cumsum(delta)


def _gaps(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every match of :data:`_GAP` in ``text``.

    The same spans as ``_GAP.finditer``: a match is a whole run of spaces (it starts after a
    Chinese character, so never inside a run, and cannot end before a space). The spaces are
    found with ``str.find`` (a C scan for one character, several times faster than a regex
    scan for a character class, let alone the look-behind pattern tried at every character),
    joined into runs, and a run is kept when Chinese characters stand on both sides.
    """
    spaces = []
    for ch in _SPACES:
        at = text.find(ch)
        while at >= 0:
            spaces.append(at)
            at = text.find(ch, at + 1)
    if not spaces:
        return []
    spaces.sort()
    out = []
    n = len(text)
    first = last = spaces[0]
    for p in spaces[1:] + [-1]:
        if p == last + 1:
            last = p
            continue
        e = last + 1
        if first > 0 and e < n and "\u3400" <= text[first - 1] <= "\u9fff" and "\u3400" <= text[e] <= "\u9fff":
            out.append((first, e))
        first = last = p
    return out


def _one_term_no_overlap(start, last, term, overlapping):
    """Within each term that can overlap itself, keep non-overlapping hits: leftmost, then longest."""
    keep = np.ones(len(start), dtype=bool)
    candidates = np.flatnonzero(overlapping[term])
    order = candidates[np.lexsort((-(last[candidates] - start[candidates]), start[candidates], term[candidates]))]
    prev_term, prev_last = -1, -1
    for i in order.tolist():
        t = term[i]
        if t != prev_term:
            prev_term, prev_last = t, -1
        if start[i] <= prev_last:
            keep[i] = False
        else:
            prev_last = last[i]
    return start[keep], last[keep], term[keep]


# ---------------------------------------------------------------------------------------------
# token-based results that count fewer occurrences than the text holds


def shortfall(corpus, terms: Sequence[str], token_counts: Mapping[str, int], *,
              min_gap: int = 1) -> list[tuple[str, int, int]]:
    """``(term, in the text, as whole tokens)`` for the terms the text holds more often than the tokens show."""
    terms = [t for t in dict.fromkeys(terms) if isinstance(t, str) and _WORDLIKE.search(t)]
    if not terms or len(corpus) == 0:
        return []
    counts = TermMatcher(terms).count(corpus.texts).sum(axis=0)
    out = []
    for term, n in zip(terms, counts.tolist()):
        shown = int(token_counts.get(term, 0))
        if n - shown >= min_gap and n > shown:
            out.append((term, int(n), shown))
    return out


def warn_shortfall(corpus, terms: Sequence[str], token_counts: Mapping[str, int], *, where: str,
                   min_gap: int = 1, limit: int = 5) -> list[tuple[str, int, int]]:
    """Warn (in Chinese, once per call) about terms a token-based result undercounts; return them."""
    from ._errors import warn

    found = shortfall(corpus, terms, token_counts, min_gap=min_gap)
    if found:
        found.sort(key=lambda x: (-(x[1] - x[2]), x[0]))
        listed = "；".join(f"“{t}”原文中出现 {n} 次，作为完整的词只有 {k} 次" for t, n, k in found[:limit])
        more = f"（另有 {len(found) - limit} 个词）" if len(found) > limit else ""
        warn(f"{where} 按分词结果计数，只数完整的词：{listed}{more}。其余出现在更长的词里、被切开，或是括注写法。"
             "要统计每一次出现，请用 zl.count_terms(...)，或不加 whole_word 的 zl.kwic(...)。")
    return found


@functools.lru_cache(maxsize=1)
def governance_vocabulary() -> frozenset[str]:
    """The kit's lexicon and framework terms: the terms whose counts a scholar reports (the
    lexicon's ordinary compounds of policy language aside, see :func:`zhili.lexicon.policy_compounds`)."""
    from .lexicon import governance_terms, policy_compounds
    from .theory import framework

    return (frozenset(governance_terms()["term"]) - policy_compounds()) | frozenset(framework().terms())


def warn_shown(corpus, shown: Mapping[str, int], *, where: str, limit: int = 5) -> list[tuple[str, int, int]]:
    """Warn when governance terms shown in a token-based table occur clearly more often in the text.

    Only the kit's lexicon and framework terms are checked (the terms whose counts a scholar
    reports), and only a real gap: at least 3 occurrences and a fifth of the text's count.
    """
    vocabulary = governance_vocabulary()
    candidates = [t for t in shown if t in vocabulary]
    if not candidates:
        return []
    found = [(t, n, k) for t, n, k in shortfall(corpus, candidates, shown) if n - k >= max(3, 0.2 * n)]
    if found:
        from ._errors import warn

        found.sort(key=lambda x: (-(x[1] - x[2]), x[0]))
        listed = "；".join(f"“{t}”表中 {k} 次，原文中 {n} 次" for t, n, k in found[:limit])
        more = f"（另有 {len(found) - limit} 个词）" if len(found) > limit else ""
        warn(f"{where} 的计数来自分词结果，只数完整的词：{listed}{more}。多出的出现在更长的词里（如“基层治理”在"
             "“基层治理体系”中）或是括注写法。报告某个词出现多少次时，请用 zl.count_terms(...) 统计原文。")
    return found


def warn_shown_tokens(tokens, terms: Iterable[str], *, where: str) -> list[tuple[str, int, int]]:
    """:func:`warn_shown` for terms of a token-based result, with their token counts in the whole corpus."""
    vocabulary = governance_vocabulary()
    wanted = [t for t in dict.fromkeys(terms) if t in vocabulary]
    if not wanted:
        return []
    from .analysis.matrix import dtm

    totals = np.asarray(dtm(tokens, vocabulary=wanted).matrix.sum(axis=0)).ravel()
    return warn_shown(tokens.corpus, dict(zip(wanted, totals.tolist())), where=where)
