"""Text reuse: passages one document shares with another (zhili.analysis.reuse).

Policy documents are written from earlier ones: a provincial opinion carries whole sentences of
the central one, a 2021 opinion keeps formulations of the 2017 one. :func:`text_reuse` finds
those passages, with their positions in both original texts, and says which document is the
earlier; :func:`side_by_side` shows them next to each other in a notebook.

How passages are found
----------------------
1. *Light normalisation.* Whitespace is dropped, full-width letters, digits and punctuation are
   folded to their half-width forms (``，`` and ``,`` compare equal; so do curly and straight
   quotes). Every normalised character keeps the position it came from, so results point into
   the original text, which is never changed.
2. *Fingerprints (winnowing).* Every run of ``k`` characters (a *k-gram*, ``k`` about half of
   ``min_chars``) is hashed; in every window of ``w = min_chars - k + 1`` consecutive k-grams the
   smallest hash is kept as a fingerprint of the document. This is the winnowing scheme of
   Schleimer, Wilkerson & Aiken (2003): any passage of at least ``min_chars`` characters that two
   documents share holds a whole window, and both documents keep the same fingerprint from it,
   so no shared passage of that length is missed, while only about ``2 / (w + 1)`` of the
   positions are indexed.
3. *Seed and extend.* Fingerprints equal in two documents are seeds; each is checked character
   by character (a hash collision gives no match) and extended left and right while the
   normalised texts agree. Seeds that fall inside a passage found already are skipped, so every
   passage is reported once, at its maximal extent. Punctuation at its ends that belongs to the
   text around it is then left out — a passage does not start with the 。 of the sentence before
   it (nor any ，、；： or closing bracket) and does not end with ，、： or an opening bracket; its own
   final 。！？； stays — and passages shorter than ``min_chars`` are dropped. The result is exact
   and deterministic: the same texts always give the same table.
4. *Near duplicates* (``near=True``). Sentences of at least ``min_chars`` characters are compared
   by the Jaccard similarity of their sets of character shingles (runs of ``shingle``
   characters). Candidate pairs come from prefix filtering, the standard exact method of
   similarity joins (Chaudhuri, Ganti & Kaushik 2006; Bayardo, Ma & Srikant 2007): with the
   shingles ordered from rarest to commonest, two sets whose Jaccard similarity reaches ``t``
   must share one of the first ``|x| - ceil(t·|x|) + 1`` shingles of each, so only pairs
   sharing such a rare shingle are compared, and each exactly. Unlike MinHash with
   locality-sensitive hashing, nothing is estimated and no pair above the threshold is missed.
   Near sentences and exact passages that overlap or follow each other in both documents are
   merged into one passage when the merged passage is still similar enough.

References
----------
Schleimer, S., Wilkerson, D. S., & Aiken, A. (2003). Winnowing: local algorithms for document
fingerprinting. *Proceedings of the 2003 ACM SIGMOD International Conference on Management of
Data*, 76–85.

Chaudhuri, S., Ganti, V., & Kaushik, R. (2006). A primitive operator for similarity joins in
data cleaning. *Proceedings of the 22nd International Conference on Data Engineering (ICDE)*, 5.

Bayardo, R. J., Ma, Y., & Srikant, R. (2007). Scaling up all pairs similarity search.
*Proceedings of the 16th International Conference on World Wide Web*, 131–140.
"""
from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._errors import ZhiliError, check_positive_int

__all__ = ["text_reuse", "side_by_side", "ReuseView", "normalize_for_matching"]

COLUMNS = ["doc_a", "doc_b", "start_a", "end_a", "start_b", "end_b", "length", "text_a", "text_b", "similarity",
           "kind", "earlier"]
UNKNOWN = "未知"

# ============================================================================ normalisation

_SPACES = np.array(sorted({c for c in range(0x3001) if chr(c).isspace()} | {0x3000, 0x200B, 0x200C, 0x200D, 0x2060,
                                                                              0xFEFF}), dtype=np.uint32)
# pairs not covered by the full-width block U+FF01–U+FF5E
_FOLD = {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "【": "[", "】": "]", "〔": "[", "〕": "]", "〖": "[",
         "〗": "]", "—": "-", "–": "-", "―": "-", "－": "-", "·": "·", "・": "·", "‧": "·"}
_FOLD_SRC = np.array([ord(k) for k in _FOLD], dtype=np.uint32)
_FOLD_DST = np.array([ord(v) for v in _FOLD.values()], dtype=np.uint32)


def _normalise(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Code points of the normalised text and, for each, its position in ``text``."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint32)
    keep = ~np.isin(codes, _SPACES)
    pos = np.flatnonzero(keep).astype(np.int64)
    codes = codes[keep]
    wide = (codes >= 0xFF01) & (codes <= 0xFF5E)
    codes[wide] -= 0xFEE0
    if len(codes):
        hit = np.isin(codes, _FOLD_SRC)
        if hit.any():
            order = np.argsort(_FOLD_SRC)
            idx = np.searchsorted(_FOLD_SRC[order], codes[hit])
            codes[hit] = _FOLD_DST[order][idx]
    return codes, pos


def _decode(codes: np.ndarray) -> str:
    return codes.astype("<u4").tobytes().decode("utf-32-le")


def normalize_for_matching(text: str) -> tuple[str, list[int]]:
    """The text as :func:`text_reuse` compares it, and the original position of each character.

    Whitespace is dropped; full-width letters, digits and punctuation become half-width; curly
    quotes become straight ones. The original text is not changed.

    Examples
    --------
    >>> norm, where = normalize_for_matching("坚持 党建引领，（一）")
    >>> norm, where
    ('坚持党建引领,(一)', [0, 1, 3, 4, 5, 6, 7, 8, 9, 10])
    """
    codes, pos = _normalise(text)
    return _decode(codes), pos.tolist()


# ============================================================================ input


def _as_corpus(data: Any, name: str):
    from ..corpus import Corpus

    if isinstance(data, Corpus):
        return data
    if isinstance(data, str):
        return Corpus.from_texts([data])
    if isinstance(data, Mapping) or (isinstance(data, (list, tuple)) and all(isinstance(t, str) for t in data)):
        return Corpus.from_texts(data)
    corpus = getattr(data, "corpus", None)  # Tokens
    if isinstance(corpus, Corpus):
        return corpus
    raise ZhiliError(f"参数 {name} 应为语料（zl.load_corpus 的结果）、文本列表或 {{编号: 文本}} 映射，"
                     f"收到的是 {type(data).__name__}。")


@dataclass
class _Side:
    ids: list[str]
    texts: list[str]          # original texts
    norm: list[str]           # normalised texts
    pos: list[np.ndarray]     # original position of each normalised character
    codes: np.ndarray         # all normalised texts, concatenated
    starts: np.ndarray        # offset of each document in ``codes``
    dates: list[tuple | None]


def _side(corpus, date: str | None) -> _Side:
    ids, texts = corpus.doc_ids, corpus.texts
    norm, pos, parts = [], [], []
    for t in texts:
        c, p = _normalise(t)
        parts.append(c)
        pos.append(p)
        norm.append(_decode(c))
    lengths = np.array([len(c) for c in parts], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64) if len(parts) else np.zeros(0, np.int64)
    codes = np.concatenate(parts) if parts else np.zeros(0, np.uint32)
    dates = _dates(corpus, date)
    return _Side(ids, texts, norm, pos, codes, starts, dates)


# ============================================================================ dates

_DATE = re.compile(r"^\s*(\d{4})(?:\s*[-/.年]\s*(\d{1,2}|\?\?)(?:\s*[-/.月]\s*(\d{1,2}|\?\?))?)?")


def _parse_date(value: Any) -> tuple | None:
    """``(year, month, day)`` with ``None`` for unknown parts, or None when there is no year."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if hasattr(value, "year") and hasattr(value, "month"):
        return (int(value.year), int(value.month), int(getattr(value, "day", 0)) or None)
    if isinstance(value, (int, np.integer)) and 1000 <= int(value) <= 9999:
        return (int(value), None, None)
    m = _DATE.match(str(value))
    if not m:
        return None
    y, mo, d = m.groups()
    month = int(mo) if mo and mo.isdigit() else None
    day = int(d) if d and d.isdigit() and month is not None else None
    return (int(y), month, day)


def _dates(corpus, column: str | None) -> list[tuple | None]:
    if column is None:
        return [None] * len(corpus)
    docvars = corpus.docvars
    if column not in docvars.columns:
        return [None] * len(corpus)
    return [_parse_date(v) for v in docvars[column].tolist()]


def _earlier(da: tuple | None, db: tuple | None) -> str:
    """"a", "b", or 未知 when a date is missing or the dates agree as far as both are known."""
    if da is None or db is None:
        return UNKNOWN
    for x, y in zip(da, db):
        if x is None or y is None:
            return UNKNOWN
        if x != y:
            return "a" if x < y else "b"
    return UNKNOWN


# ============================================================================ fingerprints

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)
_BASE = np.uint64(0x100000001B3)


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads the bits so that the minimum of a window is unbiased."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def _kgram_hashes(codes: np.ndarray, starts: np.ndarray, k: int) -> np.ndarray:
    """Hash of the k-gram starting at each position; positions whose k-gram would cross the end
    of their document get the largest value (never a fingerprint)."""
    n = len(codes)
    if n < k:
        return np.full(0, _MASK, dtype=np.uint64)
    c = codes.astype(np.uint64)
    m = n - k + 1
    h = np.zeros(m, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            h = h * _BASE + c[j: j + m] + np.uint64(1)
        h = _mix(h)
    h[h == _MASK] -= np.uint64(1)
    ends = np.append(starts[1:], n)
    doc = np.searchsorted(starts, np.arange(m), side="right") - 1
    h[np.arange(m) + k > ends[doc]] = _MASK
    return h


def _sliding(h: np.ndarray, w: int, op) -> np.ndarray:
    """``op`` (np.minimum or np.maximum) over every window ``h[s : s + w]``, by doubling spans."""
    n = len(h)
    cur, span = h, 1
    while span * 2 <= w:
        cur = op(cur[:-span], cur[span:])  # cur[s] covers h[s : s + 2 * span]
        span *= 2
    m = n - w + 1
    return op(cur[:m], cur[w - span: w - span + m])


def _winnow(h: np.ndarray, w: int) -> np.ndarray:
    """Positions kept as fingerprints: the minimum of every window of ``w`` hashes (all tied
    minima are kept, a superset of robust winnowing with the same guarantee)."""
    m = len(h)
    if m == 0:
        return np.zeros(0, dtype=np.int64)
    if m <= w:
        keep = np.flatnonzero(h == h.min())
        return keep[h[keep] != _MASK].astype(np.int64)
    wmin = _sliding(h, w, np.minimum)  # wmin[s] = min(h[s : s + w])
    # p is kept when it is the minimum of some window containing it, i.e. when the largest of
    # the minima of the windows s = p - w + 1 … p equals h[p]
    zeros = np.zeros(w - 1, dtype=np.uint64)
    best = _sliding(np.concatenate([zeros, wmin, zeros]), w, np.maximum)
    keep = np.flatnonzero((best == h) & (h != _MASK))
    return keep.astype(np.int64)


def _fingerprints(side: _Side, k: int, w: int, *, with_df: bool = False):
    """(hash, document, position in the document) of every fingerprint, sorted by hash; with
    ``with_df`` also the distinct (hash, document) pairs of *all* k-grams (for document frequencies)."""
    h = _kgram_hashes(side.codes, side.starts, k)
    keep = _winnow(h, w)
    doc = np.searchsorted(side.starts, keep, side="right") - 1
    local = keep - side.starts[doc]
    hashes = h[keep]
    order = np.argsort(hashes, kind="stable")
    out = (hashes[order], doc[order].astype(np.int64), local[order].astype(np.int64))
    if not with_df:
        return out, None
    valid = np.flatnonzero(h != _MASK)
    all_doc = np.searchsorted(side.starts, valid, side="right") - 1
    all_h = h[valid]
    order = np.lexsort((all_doc, all_h))
    all_h, all_doc = all_h[order], all_doc[order]
    fresh = np.ones(len(all_h), dtype=bool)
    fresh[1:] = (all_h[1:] != all_h[:-1]) | (all_doc[1:] != all_doc[:-1])
    return out, all_h[fresh]


# ============================================================================ seeds and extension


def _seed_pairs(fa, fb, *, same: bool, common: np.ndarray | None = None, chunk: int = 4_000_000):
    """Yield arrays (doc_a, pos_a, doc_b, pos_b) of fingerprints equal on both sides; fingerprints
    whose hash is in ``common`` (sorted) are not used."""
    ha, da, pa = fa
    hb, db, pb = fb
    if common is not None and len(common):
        ka, kb = ~np.isin(ha, common, assume_unique=False), ~np.isin(hb, common, assume_unique=False)
        ha, da, pa = ha[ka], da[ka], pa[ka]
        hb, db, pb = hb[kb], db[kb], pb[kb]
    lo = np.searchsorted(hb, ha, side="left")
    hi = np.searchsorted(hb, ha, side="right")
    counts = hi - lo
    hit = np.flatnonzero(counts)
    if not len(hit):
        return
    # process the A fingerprints in chunks so that the expanded pairs stay bounded in memory
    csum = np.cumsum(counts[hit])
    begin = 0
    while begin < len(hit):
        base = csum[begin - 1] if begin else 0
        end = int(np.searchsorted(csum, base + chunk, side="right"))
        end = max(end, begin + 1)
        idx = hit[begin:end]
        c = counts[idx]
        ia = np.repeat(idx, c)
        offs = np.arange(int(c.sum()), dtype=np.int64) - np.repeat(np.cumsum(c) - c, c)
        ib = np.repeat(lo[idx], c) + offs
        a_doc, a_pos, b_doc, b_pos = da[ia], pa[ia], db[ib], pb[ib]
        if same:
            keep = a_doc < b_doc
            a_doc, a_pos, b_doc, b_pos = a_doc[keep], a_pos[keep], b_doc[keep], b_pos[keep]
        yield a_doc, a_pos, b_doc, b_pos
        begin = end


def _common_right(a: str, i: int, b: str, j: int) -> int:
    """Length of the longest common prefix of ``a[i:]`` and ``b[j:]``."""
    n, step = 0, 16
    limit = min(len(a) - i, len(b) - j)
    while n < limit:
        s = min(step, limit - n)
        if a[i + n: i + n + s] == b[j + n: j + n + s]:
            n += s
            step = min(step * 2, 4096)
        elif s == 1:
            break
        else:
            step = max(1, s // 2)
    return n


def _common_left(a: str, i: int, b: str, j: int) -> int:
    """Length of the longest common suffix of ``a[:i]`` and ``b[:j]``."""
    n, step = 0, 16
    limit = min(i, j)
    while n < limit:
        s = min(step, limit - n)
        if a[i - n - s: i - n] == b[j - n - s: j - n]:
            n += s
            step = min(step * 2, 4096)
        elif s == 1:
            break
        else:
            step = max(1, s // 2)
    return n


def _exact_matches(sa: _Side, sb: _Side, *, same: bool, min_chars: int, max_df: int | None) -> list[tuple]:
    """Maximal exact matches ``(doc_a, start_a, end_a, doc_b, start_b, end_b)`` in normalised
    coordinates, each once."""
    k = max(1, min(min_chars, (min_chars + 1) // 2))
    w = min_chars - k + 1
    fa, dfa = _fingerprints(sa, k, w, with_df=max_df is not None)
    fb, dfb = (fa, dfa) if same else _fingerprints(sb, k, w, with_df=max_df is not None)
    common = None
    if max_df is not None:
        # document frequency of every k-gram over all documents compared (each side once)
        values, counts = np.unique(dfa if same else np.concatenate([dfa, dfb]), return_counts=True)
        common = values[counts > max_df]
    found: set[tuple] = set()
    out: list[tuple] = []
    for a_doc, a_pos, b_doc, b_pos in _seed_pairs(fa, fb, same=same, common=common):
        diag = b_pos - a_pos
        order = np.lexsort((a_pos, diag, b_doc, a_doc))
        a_doc, a_pos, b_doc, b_pos, diag = (x[order].tolist() for x in (a_doc, a_pos, b_doc, b_pos, diag))
        key, covered = None, -1
        for da, pa, db, pb, dg in zip(a_doc, a_pos, b_doc, b_pos, diag):
            if (da, db, dg) != key:
                key, covered = (da, db, dg), -1
            if pa < covered:
                continue  # inside the passage this diagonal gave already
            ta, tb = sa.norm[da], sb.norm[db]
            if ta[pa: pa + k] != tb[pb: pb + k]:
                continue  # hash collision
            left = _common_left(ta, pa, tb, pb)
            right = _common_right(ta, pa + k, tb, pb + k)
            s_a, e_a = pa - left, pa + k + right
            covered = e_a
            if e_a - s_a < min_chars:
                continue
            match = (da, s_a, e_a, db, pb - left, pb + k + right)
            if match not in found:  # a later chunk may reach the same passage
                found.add(match)
                out.append(match)
    return out


# ============================================================================ near duplicates


@dataclass
class _Sentences:
    doc: np.ndarray      # document of each sentence
    start: np.ndarray    # normalised start in its document
    end: np.ndarray      # normalised end
    text: list[str]      # normalised text
    group: np.ndarray    # sentences with the same text share a group (index into ``unique``)
    unique: list[str]    # the distinct texts


def _sentences(side: _Side, corpus, min_chars: int, shingle: int) -> _Sentences:
    """Sentences of at least ``min_chars`` (and ``shingle``) normalised characters."""
    from ..units import heading_marker

    units = corpus.units("sentence")
    doc_index = {d: i for i, d in enumerate(side.ids)}
    shortest = max(min_chars, shingle)
    docs, starts, ends, texts = [], [], [], []
    for d, s, e, text in zip(units["doc_id"].tolist(), units["start"].tolist(), units["end"].tolist(),
                             units["text"].tolist()):
        i = doc_index[d]
        pos = side.pos[i]
        marker = heading_marker(text)  # a sentence opening with 第三条 or （二） is compared without it
        if marker is not None and marker[0] >= 0:
            s += text.index(marker[1]) + len(marker[1])
        ns = int(np.searchsorted(pos, s, side="left"))
        ne = int(np.searchsorted(pos, e, side="left"))
        if ne - ns < shortest:
            continue
        docs.append(i)
        starts.append(ns)
        ends.append(ne)
        texts.append(side.norm[i][ns:ne])
    codes, group = np.unique(np.array(texts, dtype=object), return_inverse=True) if texts else (np.array([]), np.array([]))
    return _Sentences(np.array(docs, dtype=np.int64), np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64),
                      texts, np.asarray(group, dtype=np.int64).ravel(), [str(t) for t in codes])


@dataclass
class _Shingles:
    """Each text's distinct shingle hashes, sorted, as one flat array with offsets."""

    hashes: np.ndarray
    offsets: np.ndarray   # text t owns hashes[offsets[t] : offsets[t + 1]]

    @property
    def sizes(self) -> np.ndarray:
        return np.diff(self.offsets)

    def of(self, t: int) -> np.ndarray:
        return self.hashes[self.offsets[t]: self.offsets[t + 1]]


def _shingles(texts: list[str], size: int) -> _Shingles:
    """Distinct shingle hashes of every text (vectorised over the concatenated texts)."""
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    if not len(texts):
        return _Shingles(np.zeros(0, np.uint64), np.zeros(1, np.int64))
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    m = len(codes) - size + 1
    h = np.zeros(max(m, 0), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(size):
            h = h * _BASE + codes[j: j + m] + np.uint64(1)
        h = _mix(h)
    owner = np.searchsorted(starts, np.arange(m), side="right") - 1
    ok = np.arange(m) + size <= (starts + lengths)[owner]
    h, owner = h[ok], owner[ok]
    order = np.lexsort((h, owner))
    h, owner = h[order], owner[order]
    fresh = np.ones(len(h), dtype=bool)
    fresh[1:] = (h[1:] != h[:-1]) | (owner[1:] != owner[:-1])
    h, owner = h[fresh], owner[fresh]
    offsets = np.searchsorted(owner, np.arange(len(texts) + 1), side="left").astype(np.int64)
    return _Shingles(h, offsets)


def _join(ka: np.ndarray, kb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (i, j) with ka[i] == kb[j]."""
    order = np.argsort(kb, kind="stable")
    skb = kb[order]
    lo = np.searchsorted(skb, ka, side="left")
    c = np.searchsorted(skb, ka, side="right") - lo
    idx = np.flatnonzero(c)
    if not len(idx):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    c = c[idx]
    ia = np.repeat(idx, c)
    offs = np.arange(int(c.sum()), dtype=np.int64) - np.repeat(np.cumsum(c) - c, c)
    return ia.astype(np.int64), order[np.repeat(lo[idx], c) + offs].astype(np.int64)


def _prefixes(sh: _Shingles, rank: dict | np.ndarray, vocab: np.ndarray, threshold: float):
    """(token rank, text) of the prefix tokens of every text: its rarest
    ``size - ceil(threshold * size) + 1`` shingles."""
    ranks = rank[np.searchsorted(vocab, sh.hashes)]
    owner = np.repeat(np.arange(len(sh.offsets) - 1), sh.sizes)
    order = np.lexsort((ranks, owner))  # by text, rarest first
    ranks, owner = ranks[order], owner[order]
    sizes = sh.sizes
    plen = sizes - np.ceil(threshold * sizes - 1e-9).astype(np.int64) + 1
    within = np.arange(len(ranks)) - np.repeat(sh.offsets[:-1], sizes)
    keep = within < np.repeat(plen, sizes)
    return ranks[keep], owner[keep]


def _near_pairs(sha: _Shingles, shb: _Shingles | None, threshold: float) -> np.ndarray:
    """Pairs (i, j, similarity) of texts whose shingle sets have Jaccard ≥ ``threshold``
    (``shb=None``: pairs within ``sha``, i < j); exact — no pair is missed, none is estimated.

    Prefix filtering (Chaudhuri, Ganti & Kaushik 2006; Bayardo, Ma & Srikant 2007): order all
    shingles from rarest to commonest; two sets with Jaccard ≥ t share at least one of the first
    ``|x| - ceil(t·|x|) + 1`` shingles of each, so only pairs sharing such a *prefix* shingle
    (and of compatible sizes, ``t·|x| ≤ |y| ≤ |x| / t``) are candidates, and each candidate's
    similarity is then computed exactly.
    """
    same = shb is None
    shb_ = sha if same else shb
    nb = len(shb_.offsets) - 1
    size_a, size_b = sha.sizes, shb_.sizes
    every = sha.hashes if same else np.concatenate([sha.hashes, shb_.hashes])
    vocab, counts = np.unique(every, return_counts=True)
    rank = np.empty(len(vocab), dtype=np.int64)
    rank[np.lexsort((vocab, counts))] = np.arange(len(vocab))
    ra, oa = _prefixes(sha, rank, vocab, threshold)
    rb, ob = (ra, oa) if same else _prefixes(shb_, rank, vocab, threshold)
    ia, ib = _join(ra, rb)
    i, j = oa[ia], ob[ib]
    keep = (i < j) if same else np.ones(len(i), dtype=bool)
    keep &= (size_b[j] >= threshold * size_a[i] - 1e-9) & (size_a[i] >= threshold * size_b[j] - 1e-9)
    key = np.unique(i[keep] * nb + j[keep])
    i, j = key // max(nb, 1), key % max(nb, 1)
    inter = np.array([np.intersect1d(sha.of(x), shb_.of(y), assume_unique=True).size
                      for x, y in zip(i.tolist(), j.tolist())], dtype=np.float64)
    jac = inter / (size_a[i] + size_b[j] - inter) if len(inter) else np.zeros(0)
    keep = jac >= threshold - 1e-12
    return np.column_stack([i[keep], j[keep], jac[keep]])


def _near_matches(sent_a: _Sentences, sent_b: _Sentences, *, same: bool, shingle: int, threshold: float) -> list[dict]:
    """Sentence pairs of different text with Jaccard ≥ threshold, expanded from distinct texts to
    every place where they occur (identical sentences are exact matches, found already)."""
    sha = _shingles(sent_a.unique, shingle)
    shb = None if same else _shingles(sent_b.unique, shingle)
    pairs = _near_pairs(sha, shb, threshold)
    if not len(pairs):
        return []
    where_a = _occurrences(sent_a.group, len(sent_a.unique))
    where_b = where_a if same else _occurrences(sent_b.group, len(sent_b.unique))
    out = []
    for gi, gj, sim in pairs.tolist():
        for i in where_a[int(gi)]:
            for j in where_b[int(gj)]:
                da, db = int(sent_a.doc[i]), int(sent_b.doc[j])
                if same:
                    if da == db:
                        continue
                    if da > db:  # doc_a comes first in the corpus
                        i, j, da, db = j, i, db, da
                out.append({"a": da, "sa": int(sent_a.start[i]), "ea": int(sent_a.end[i]), "b": db,
                            "sb": int(sent_b.start[j]), "eb": int(sent_b.end[j]), "kind": "near", "sim": float(sim)})
    return out


def _occurrences(group: np.ndarray, n: int) -> list[list[int]]:
    where: list[list[int]] = [[] for _ in range(n)]
    for i, g in enumerate(group.tolist()):
        where[g].append(i)
    return where


def _grams(text: str, size: int) -> list[str]:
    if len(text) < size:
        return [text] if text else []
    return [text[i: i + size] for i in range(len(text) - size + 1)]


def _jaccard(a: str, b: str, size: int) -> float:
    sa, sb = set(_grams(a, size)), set(_grams(b, size))
    if not sa and not sb:
        return 1.0
    return len(sa & sb) / len(sa | sb)


# ============================================================================ merging


def _merge(matches: list[dict], sa: _Side, sb: _Side, *, gap: int, threshold: float, size: int) -> list[dict]:
    """Merge passages of one document pair that overlap or follow each other (within ``gap``
    normalised characters) in both documents, when the merged passage stays similar enough."""
    out = []
    by_pair: dict[tuple[int, int], list[dict]] = {}
    for m in matches:
        by_pair.setdefault((m["a"], m["b"]), []).append(m)
    for (da, db), items in sorted(by_pair.items()):
        items.sort(key=lambda m: (m["sa"], m["sb"], -m["ea"]))
        merged: list[dict] = []
        for m in items:
            if merged:
                p = merged[-1]
                near_a = m["sa"] <= p["ea"] + gap
                near_b = p["sb"] - gap <= m["sb"] <= p["eb"] + gap
                if near_a and near_b:
                    if m["ea"] <= p["ea"] and m["eb"] <= p["eb"] and m["sb"] >= p["sb"]:
                        continue  # inside the previous passage in both documents
                    cand = {"a": da, "b": db, "sa": p["sa"], "ea": max(p["ea"], m["ea"]),
                            "sb": min(p["sb"], m["sb"]), "eb": max(p["eb"], m["eb"])}
                    ta = sa.norm[da][cand["sa"]: cand["ea"]]
                    tb = sb.norm[db][cand["sb"]: cand["eb"]]
                    if ta == tb:
                        cand.update(kind="exact", sim=1.0)
                    else:
                        cand.update(kind="near", sim=_jaccard(ta, tb, size))
                    if cand["sim"] >= threshold - 1e-12:
                        merged[-1] = cand
                        continue
            merged.append(m)
        out.extend(merged)
    return out


# ============================================================================ the verb


def text_reuse(a: Any, b: Any = None, *, min_chars: int = 20, near: bool = False, threshold: float = 0.8,
               shingle: int = 2, date: str | None = "date", max_df: int | None = None) -> pd.DataFrame:
    """Passages shared between documents: copied exactly, or (``near=True``) with small edits.

    Parameters
    ----------
    a : Corpus, str, list of str or mapping
        The documents. With ``b=None`` every pair of documents of ``a`` is compared (never a
        document with itself); ``doc_a`` is then the one that comes first in the corpus.
    b : Corpus, str, list of str or mapping, optional
        Other documents: every document of ``a`` is compared with every document of ``b``.
    min_chars : int, default 20
        Shortest passage reported, in characters after normalisation (whitespace and the
        punctuation left out at its ends do not count). Shorter shared strings are mostly common formulations (提法), not reuse.
    near : bool, default False
        Also find sentences carried over with small edits (a few words changed, added or
        dropped): pairs of sentences of at least ``min_chars`` characters whose character
        shingles have a Jaccard similarity of at least ``threshold``; passages that overlap or
        follow each other are merged.
    threshold : float, default 0.8
        Smallest Jaccard similarity of a near passage (0–1).
    shingle : int, default 2
        Characters per shingle for the near comparison. Two characters (most Chinese words
        are two characters long): one changed character changes at most two shingles, so a
        50-character sentence with two characters changed keeps a similarity of about 0.85.
    date : str or None, default "date"
        The docvar with each document's date (``2017-06-12``, ``2017-06``, ``2017`` or a year
        number; unknown parts such as ``2019-??-??`` are allowed). ``None``: do not compare.
    max_df : int, optional
        Boilerplate filter for large collections: character runs (of about ``min_chars / 2``
        characters) that occur in more than ``max_df`` documents are not used as seeds, so
        formulas that open every document are not reported pair by pair; a passage made only
        of such runs is then not found. Default: no filter, nothing is missed.

    Returns
    -------
    pandas.DataFrame
        One row per passage, ordered by ``doc_a``, ``doc_b`` (corpus order) and position:
        ``doc_a``, ``doc_b``; ``start_a``, ``end_a``, ``start_b``, ``end_b`` — character offsets
        in the original texts (``text[start:end]``); ``length`` — characters compared (after
        normalisation; the longer side for near passages); ``text_a``, ``text_b`` — the
        passage as each document writes it, without the punctuation of the text around it (no
        leading 。，、；： or closing bracket, no trailing ，、： or opening bracket); ``similarity`` — 1 for exact passages, else the
        Jaccard similarity of the shingles; ``kind`` — ``exact`` or ``near``; ``earlier`` —
        ``a`` or ``b`` for the document dated earlier, ``未知`` when a date is missing or the
        dates cannot tell. ``attrs`` records the parameters.

    Raises
    ------
    zhili.ZhiliError
        For input that is not text, or a parameter out of range.

    See Also
    --------
    side_by_side : the passages next to each other, highlighted, in a notebook.
    similarity : how similar whole documents are.

    Examples
    --------
    >>> import zhili as zl
    >>> old = "各地要坚持党建引领，推动资源服务管理向基层下沉，建立健全居民议事协商制度。"
    >>> new = "新的要求是：推动资源服务管理向基层下沉，建立健全居民议事协商制度，开展共同缔造活动。"
    >>> c = zl.Corpus.from_texts({"旧": old, "新": new}, docvars={"date": ["2017-06-12", "2021-04-28"]})
    >>> r = text_reuse(c)
    >>> r[["doc_a", "doc_b", "start_a", "end_a", "start_b", "end_b", "kind", "earlier"]].values.tolist()
    [['旧', '新', 10, 36, 6, 32, 'exact', 'a']]
    >>> r.loc[0, "text_a"]
    '推动资源服务管理向基层下沉，建立健全居民议事协商制度'
    """
    check_positive_int("min_chars", min_chars)
    check_positive_int("shingle", shingle)
    if max_df is not None:
        check_positive_int("max_df", max_df)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
        raise ZhiliError(f"参数 threshold={threshold!r} 无效：应为 0 到 1 之间的数（不含 0），例如 0.8。")
    ca = _as_corpus(a, "a")
    same = b is None
    cb = ca if same else _as_corpus(b, "b")
    sa = _side(ca, date)
    sb = sa if same else _side(cb, date)

    matches = [{"a": m[0], "sa": m[1], "ea": m[2], "b": m[3], "sb": m[4], "eb": m[5], "kind": "exact", "sim": 1.0}
               for m in _exact_matches(sa, sb, same=same, min_chars=min_chars, max_df=max_df)]
    # a passage inside another in both documents (repeated text) is reported once
    matches = _drop_contained(matches)
    if near:
        sent_a = _sentences(sa, ca, min_chars, shingle)
        sent_b = sent_a if same else _sentences(sb, cb, min_chars, shingle)
        matches.extend(_near_matches(sent_a, sent_b, same=same, shingle=shingle, threshold=threshold))
        matches = _merge(matches, sa, sb, gap=max(2, min_chars // 4), threshold=threshold, size=shingle)
        matches = _drop_contained(matches)
    return _table(matches, sa, sb, min_chars=min_chars, near=near, threshold=threshold, shingle=shingle,
                  same=same, date=date, max_df=max_df)


def _drop_contained(matches: list[dict]) -> list[dict]:
    keyed = sorted(matches, key=lambda m: (m["a"], m["b"], m["sa"], -(m["ea"] - m["sa"]), m["sb"]))
    out: list[dict] = []
    seen: dict[tuple[int, int], list[dict]] = {}
    for m in keyed:
        others = seen.setdefault((m["a"], m["b"]), [])
        if any(o["sa"] <= m["sa"] and m["ea"] <= o["ea"] and o["sb"] <= m["sb"] and m["eb"] <= o["eb"]
               and (o["kind"] == "near" or m["kind"] == "exact") for o in others[-8:]):
            continue
        others.append(m)
        out.append(m)
    return out


# Punctuation at the ends of a passage: a mark belongs to the text before it, so a passage does
# not start with the end of the previous sentence or clause (。，、；) or a closing bracket, and does
# not end with a clause separator (，、：) or an opening bracket; its own final 。！？； stays.
_SEPARATORS = set("。，、；：！？…,.;:!?·・—–-～~")
_SENTENCE_END = set("。！？；…!?;.")


def _cut_at_start(ch: str) -> bool:
    import unicodedata

    return ch in _SEPARATORS or unicodedata.category(ch) in ("Pe", "Pf")


def _cut_at_end(ch: str) -> bool:
    import unicodedata

    return (ch in _SEPARATORS and ch not in _SENTENCE_END) or unicodedata.category(ch) in ("Ps", "Pi")


def _trim(text: str, pos: np.ndarray, s: int, e: int) -> tuple[int, int]:
    """The normalised span ``[s, e)`` without punctuation at its ends (see above); ``text`` is the
    original text, ``pos`` the original position of each normalised character."""
    while s < e and _cut_at_start(text[pos[s]]):
        s += 1
    while e > s and _cut_at_end(text[pos[e - 1]]):
        e -= 1
    return s, e


def _table(matches: list[dict], sa: _Side, sb: _Side, **params) -> pd.DataFrame:
    rows = []
    for m in sorted(matches, key=lambda m: (m["a"], m["b"], m["sa"], m["sb"])):
        da, db = m["a"], m["b"]
        pa, pb = sa.pos[da], sb.pos[db]
        s_a, e_a = _trim(sa.texts[da], pa, m["sa"], m["ea"])
        s_b, e_b = _trim(sb.texts[db], pb, m["sb"], m["eb"])
        length = max(e_a - s_a, e_b - s_b)
        if min(e_a - s_a, e_b - s_b) == 0 or length < params["min_chars"]:
            continue  # shorter than min_chars without the punctuation at its ends
        start_a, end_a = int(pa[s_a]), int(pa[e_a - 1]) + 1
        start_b, end_b = int(pb[s_b]), int(pb[e_b - 1]) + 1
        rows.append((sa.ids[da], sb.ids[db], start_a, end_a, start_b, end_b, length, sa.texts[da][start_a:end_a],
                     sb.texts[db][start_b:end_b], round(float(m["sim"]), 4), m["kind"],
                     _earlier(sa.dates[da], sb.dates[db])))
    out = pd.DataFrame(rows, columns=COLUMNS)
    out = out.astype({"start_a": np.int64, "end_a": np.int64, "start_b": np.int64, "end_b": np.int64,
                      "length": np.int64, "similarity": np.float64})
    out.attrs = {"min_chars": params["min_chars"], "near": params["near"], "threshold": params["threshold"],
                 "shingle": params["shingle"], "pairs": "within" if params["same"] else "between",
                 "date": params["date"], "max_df": params["max_df"],
                 "zhili_labels": {"kind": "复用类型", "similarity": "文字相似度"}}
    return out


# ============================================================================ side by side

_STYLE = (".zl-reuse{border-collapse:collapse;width:100%;font-size:14px;line-height:1.6}"
          ".zl-reuse th,.zl-reuse td{border:1px solid #ccc;padding:6px 8px;vertical-align:top;text-align:left}"
          ".zl-reuse th{background:#f3f3f3}.zl-reuse .ctx{color:#888}"
          ".zl-reuse mark{background:#ffe08a;padding:0}.zl-reuse .chg{background:#f7b2b2;padding:0}"
          ".zl-reuse .meta{color:#555;font-size:12px}")


class ReuseView:
    """HTML of :func:`side_by_side`; shown as a table in a notebook, ``.html`` is the text."""

    def __init__(self, html_text: str, n_rows: int = 0) -> None:
        self.html = html_text
        self.n_rows = n_rows

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<ReuseView：{self.n_rows} 处段落>"


def _highlight(ta: str, tb: str, kind: str) -> tuple[str, str]:
    """Both passages as HTML: shared stretches in <mark>, differing characters in .chg."""
    if kind == "exact" or ta == tb:
        return f"<mark>{html.escape(ta)}</mark>", f"<mark>{html.escape(tb)}</mark>"
    import difflib

    sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    out_a, out_b = [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        pa, pb = html.escape(ta[i1:i2]), html.escape(tb[j1:j2])
        if op == "equal":
            out_a.append(f"<mark>{pa}</mark>")
            out_b.append(f"<mark>{pb}</mark>")
        else:
            if pa:
                out_a.append(f'<span class="chg">{pa}</span>')
            if pb:
                out_b.append(f'<span class="chg">{pb}</span>')
    return "".join(out_a), "".join(out_b)


def side_by_side(matches: pd.DataFrame, a: Any = None, b: Any = None, *, top_n: int | None = 20,
                 context: int = 30) -> ReuseView:
    """Show reused passages next to each other, highlighted (for notebooks).

    Parameters
    ----------
    matches : pandas.DataFrame
        From :func:`text_reuse` (a filtered copy is fine, e.g. one document pair).
    a, b : Corpus, optional
        The documents compared (as given to :func:`text_reuse`), to show ``context``
        characters before and after each passage in grey. Without them only the passages show.
    top_n : int or None, default 20
        Show the first ``top_n`` rows (None: all).
    context : int, default 30
        Characters of context on each side (with ``a``).

    Returns
    -------
    ReuseView
        Displays as an HTML table in a notebook; ``.html`` holds the HTML (the same input always
        gives the same text; all document text is escaped). Shared stretches are marked in
        yellow, characters that differ in a near passage in red.

    Examples
    --------
    >>> import zhili as zl
    >>> c = zl.Corpus.from_texts({"甲": "会议要求：推动资源服务管理向基层下沉，建立健全居民议事协商制度。",
    ...                           "乙": "文件提出，推动资源服务管理向基层下沉，建立健全居民议事协商制度。"})
    >>> view = side_by_side(text_reuse(c), c)
    >>> view
    <ReuseView：1 处段落>
    >>> "<mark>推动资源服务管理向基层下沉" in view.html
    True
    """
    missing = [c for c in ("doc_a", "doc_b", "start_a", "end_a", "start_b", "end_b", "text_a", "text_b", "kind")
               if c not in getattr(matches, "columns", [])]
    if missing:
        raise ZhiliError("参数 matches 应为 zl.text_reuse() 返回的表（缺少列：" + "、".join(missing) + "）。")
    if top_n is not None:
        check_positive_int("top_n", top_n)
    check_positive_int("context", context, allow_zero=True)
    ca = _as_corpus(a, "a") if a is not None else None
    cb = (_as_corpus(b, "b") if b is not None else ca) if ca is not None else None
    rows = matches if top_n is None else matches.head(top_n)
    body = []
    for r in rows.itertuples(index=False):
        ha, hb = _highlight(str(r.text_a), str(r.text_b), str(r.kind))
        if ca is not None:
            ha = _with_context(ca, str(r.doc_a), int(r.start_a), int(r.end_a), ha, context)
            hb = _with_context(cb, str(r.doc_b), int(r.start_b), int(r.end_b), hb, context)
        sim = getattr(r, "similarity", 1.0)
        earlier = getattr(r, "earlier", UNKNOWN)
        meta = (f'<div class="meta">{html.escape(str(r.doc_a))} [{int(r.start_a)}, {int(r.end_a)}) ↔ '
                f'{html.escape(str(r.doc_b))} [{int(r.start_b)}, {int(r.end_b)})　'
                f'{"完全相同" if r.kind == "exact" else f"近似（相似度 {float(sim):.2f}）"}　'
                f'在先：{html.escape(_earlier_label(earlier, str(r.doc_a), str(r.doc_b)))}</div>')
        body.append(f"<tr><td>{ha}</td><td>{hb}</td></tr><tr><td colspan=\"2\">{meta}</td></tr>")
    head = "<tr><th>文档 a</th><th>文档 b</th></tr>"
    text = f"<style>{_STYLE}</style><table class=\"zl-reuse\">{head}{''.join(body)}</table>"
    if not len(rows):
        text = f"<style>{_STYLE}</style><table class=\"zl-reuse\">{head}<tr><td colspan=\"2\">没有找到共有段落。</td></tr></table>"
    return ReuseView(text, len(rows))


def _earlier_label(value: str, doc_a: str, doc_b: str) -> str:
    return {"a": doc_a, "b": doc_b}.get(value, UNKNOWN)


def _with_context(corpus, doc_id: str, start: int, end: int, marked: str, context: int) -> str:
    try:
        text = corpus[doc_id].text
    except KeyError:
        raise ZhiliError(f"语料中没有文档 {doc_id!r}：请传入调用 text_reuse 时所用的语料。") from None
    before = text[max(0, start - context): start]
    after = text[end: end + context]
    lead = "…" if start - context > 0 else ""
    tail = "…" if end + context < len(text) else ""
    return (f'<span class="ctx">{lead}{html.escape(before)}</span>{marked}'
            f'<span class="ctx">{html.escape(after)}{tail}</span>')
