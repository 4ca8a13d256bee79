"""Segmentation that keeps governance terms whole, fast and cached (zhili.tokens).

``zl.tokenize`` splits a corpus into units (sentences by default) and segments each unit with
jieba plus the kit's governance lexicon, so that 共同缔造, 四权同下 or 接诉即办 stay whole.

Design notes
------------
- **Backends.** jieba is the reference. ``rjieba`` (a binding of jieba-rs, the same algorithm and
  dictionary in Rust) is used when installed and is about 20× faster. Both receive the same words
  with the same frequencies, and jieba's dictionary total is updated the way jieba-rs updates its
  own, so the two give identical Chinese segmentation. The backends differ only in how they cut
  runs of Latin letters, digits and ``.-%+`` (jieba splits ``2024-11-29`` into five tokens,
  jieba-rs keeps it whole); zhili merges such runs in both, so tokens are identical everywhere.
- **Isolation.** Each :class:`Tokenizer` owns its own jieba / jieba-rs instance; jieba's global
  dictionary is never touched, so two tokenizers with different lexicons never leak into each
  other. jieba's log output is silenced.
- **Cache.** Results are stored per document in an SQLite file (``tokens-v4.sqlite``) in the user
  cache folder, or in ``ZHILI_CACHE_DIR`` when that environment variable is set, keyed by the
  text's SHA-256, the unit kind and every setting (lexicon and stopword versions included).
  Values are plain text (tokens joined by control characters) with a checksum; a corrupt entry
  or database is detected, discarded and rebuilt, never returned.

  A cache only costs time, never results: when the folder or the file cannot be created, read
  or written (a read-only folder, a file where the folder should be, a full disk, a locked or
  read-only database), tokenizing goes on in memory and one :class:`zhili.ZhiliWarning` per
  process says what happened and what to do (set ``ZHILI_CACHE_DIR`` to a writable folder, or
  pass ``cache=False``; ``ZHILI_NO_CACHE=1`` switches the cache off everywhere).

  The cache is bounded. Each entry records the day it was last used (updated on reading at most
  once a day per entry, in one batched write). :func:`clear_cache` deletes everything, or with
  ``older_than="30d"`` only what has not been used for 30 days. When the file grows past
  ``ZHILI_CACHE_MAX_MB`` (default 2048 MiB), the least recently used entries are removed until it
  is below 80 % of that bound, and the freed space is returned to the disk.
- **Parallel.** Large corpora are segmented in worker processes, with a tqdm progress bar that
  appears only when the job takes more than a few seconds.
"""
from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import logging
import math
import os
import re
import sqlite3
import time
from sys import intern
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from . import __version__
from ._errors import ZhiliError, check_choice, check_words, warn
from .units import UNITS, unit_texts
from . import streaming
from .streaming import is_lazy

__all__ = ["Tokenizer", "Tokens", "tokenize", "cache_dir", "clear_cache", "available_backends"]

_TOK = "\x1f"   # separates tokens inside a unit
_UNIT = "\x1e"  # separates units inside a document
_TAG = "\x1d"   # separates a token from its POS tag
_CONTROL = re.compile("[\x1d\x1e\x1f]")
_ASCII_CLASS = r"[A-Za-z0-9._%+#&\-]+"
# two or more adjacent tokens made only of Latin letters, digits and .%+#&-_
_ASCII_RUN = re.compile(rf"(?:(?<={_TOK})|^){_ASCII_CLASS}(?:{_TOK}{_ASCII_CLASS})+(?={_TOK}|$)")
_ASCII_PAIR = re.compile(rf"[A-Za-z0-9._%+#&\-]{_TOK}[A-Za-z0-9._%+#&\-]")
_WORDLIKE = re.compile(r"\w")
_NUMBER = re.compile(r"^[\d.,%+\-]+$|^[零〇一二三四五六七八九十百千万亿两]+$")
#: How tokens are encoded in a cached value; part of every cache key and of Tokens.meta["settings"].
_FORMAT_VERSION = "3"
#: Lowest frequency given to a lexicon term, so that neighbours do not steal its characters.
TERM_FREQ_FLOOR = 2000
_PARALLEL_MIN_CHARS = 2_000_000
_PROGRESS_MIN_CHARS = 500_000

Backend = Literal["auto", "fast", "jieba"]


# ============================================================================ backends


def available_backends() -> list[str]:
    """Names of the segmentation backends that can be used here (``jieba`` always).

    Examples
    --------
    >>> "jieba" in available_backends()
    True
    """
    names = ["jieba"]
    try:
        import rjieba  # noqa: F401

        names.insert(0, "fast")
    except ImportError:
        pass
    return names


@functools.lru_cache(maxsize=1)
def _jieba_module():
    import jieba

    jieba.setLogLevel(logging.CRITICAL)
    logging.getLogger("jieba").setLevel(logging.CRITICAL)
    return jieba


@functools.lru_cache(maxsize=1)
def _base_jieba():
    """A pristine jieba tokenizer used only to compute term frequencies (never modified)."""
    jieba = _jieba_module()
    tk = jieba.Tokenizer()
    tk.initialize()
    return tk


def _term_frequencies(terms: Mapping[str, int | None]) -> dict[str, int]:
    """Frequency for each term: the given one, else enough to keep it whole (≥ the floor)."""
    base = _base_jieba()
    out: dict[str, int] = {}
    for term in sorted(terms):
        given = terms[term]
        if given is not None:
            out[term] = int(given)
            continue
        suggested = base.suggest_freq(term, False)
        out[term] = max(suggested, base.FREQ.get(term, 0) or 0, TERM_FREQ_FLOOR)
    return out


class _Segmenter:
    """One backend instance loaded with a fixed set of words (never shared, never global)."""

    def __init__(self, backend: str, words: Mapping[str, int], *, hmm: bool) -> None:
        self.backend = backend
        self.hmm = hmm
        if backend == "fast":
            import rjieba

            self._impl = rjieba.Jieba()
            for word in sorted(words):
                self._impl.add_word(word, words[word], "nz")
        else:
            jieba = _jieba_module()
            tk = jieba.Tokenizer()
            tk.initialize()
            for word in sorted(words):
                _jieba_set_word(tk, word, words[word], "nz")
            self._impl = tk
            self._pos = None

    def cut(self, text: str) -> list[str]:
        if self.backend == "fast":
            return self._impl.cut(text, self.hmm)
        return self._impl.lcut(text, HMM=self.hmm)

    def tag(self, text: str) -> list[tuple[str, str]]:
        if self.backend == "fast":
            return [tuple(p) for p in self._impl.tag(text, self.hmm)]
        if self._pos is None:
            import jieba.posseg

            self._pos = jieba.posseg.POSTokenizer(self._impl)
        return [(p.word, p.flag) for p in self._pos.lcut(text, HMM=self.hmm)]


def _jieba_set_word(tk, word: str, freq: int, tag: str | None) -> None:
    """Add or re-weight a word the way jieba-rs does (total adjusted by the old frequency)."""
    old = tk.FREQ.get(word, 0) or 0
    tk.FREQ[word] = freq
    tk.total += freq - old
    if tag:
        tk.user_word_tag_tab[word] = tag
    for i in range(1, len(word)):
        tk.FREQ.setdefault(word[:i], 0)


# ============================================================================ tokenizer


class Tokenizer:
    """A segmenter with the governance lexicon, stopwords and a cache.

    Parameters
    ----------
    lexicon : bool, default True
        Load the kit's governance lexicon and every term of the theory framework.
    user_terms : list of str, path, or None
        More terms to keep whole: a list, or a user dictionary file in jieba's format
        (``词语 [词频] [词性]`` per line; BOM, CRLF and a missing frequency are fine).
    stopwords : bool, default True
        Drop the general Chinese and policy-discourse stopwords (see ``zhili.lexicon``).
    extra_stopwords : iterable of str, optional
        More words to drop.
    keep : iterable of str, optional
        Words never dropped, even if a stopword list has them.
    punct : bool, default False
        Keep punctuation tokens.
    numbers : bool, default False
        Keep tokens made only of digits or Chinese numerals.
    pos : bool, default False
        Also tag parts of speech (jieba's tag set).
    hmm : bool, default True
        Let jieba's HMM join unknown words.
    backend : {"auto", "fast", "jieba"}
        ``auto`` uses the fast backend (rjieba) when installed, else jieba.
    aliases : bool or mapping, optional
        Keep bracketed forms such as 村（居）民委员会 or 乡镇（街道） whole, as one token, instead of
        cutting them into 村/（/居/）/民/委员会 (see :func:`zhili.lexicon.alias_forms`). Default: on
        with the lexicon; a mapping ``{写法: [术语, …]}`` adds forms of your own.
    cache : bool, default True
        Use the on-disk cache (also switched off by the environment variable ``ZHILI_NO_CACHE=1``).
        If the cache cannot be used, segmentation goes on in memory with one
        :class:`zhili.ZhiliWarning` (see the module notes).

    Examples
    --------
    >>> tk = Tokenizer(cache=False)
    >>> tk.cut("坚持共同缔造，推动四权同下，提升基层治理能力。")
    ['坚持', '共同缔造', '推动', '四权同下', '提升', '基层治理能力']
    >>> Tokenizer(lexicon=False, stopwords=False, cache=False).cut("坚持共同缔造")
    ['坚持', '共同', '缔造']
    """

    def __init__(
        self,
        *,
        lexicon: bool = True,
        user_terms: str | Path | Iterable[str] | None = None,
        stopwords: bool = True,
        extra_stopwords: Iterable[str] | None = None,
        keep: Iterable[str] | None = None,
        punct: bool = False,
        numbers: bool = False,
        pos: bool = False,
        hmm: bool = True,
        backend: Backend = "auto",
        aliases: bool | Mapping[str, Iterable[str]] | None = None,
        cache: bool = True,
    ) -> None:
        check_choice("backend", backend, ("auto", "fast", "jieba"))
        if backend == "fast" and "fast" not in available_backends():
            raise ZhiliError("未安装快速分词后端 rjieba：请运行 `pip install rjieba`，或使用 backend=\"jieba\"。")
        self.backend = ("fast" if "fast" in available_backends() else "jieba") if backend == "auto" else backend
        self.lexicon, self.stopwords, self.punct, self.numbers = lexicon, stopwords, punct, numbers
        self.pos, self.hmm = pos, hmm
        self.cache = cache and os.environ.get("ZHILI_NO_CACHE", "") not in ("1", "true", "yes")
        self._user_terms = _user_term_table(user_terms)
        self._extra_stop = _word_set("extra_stopwords", extra_stopwords)
        self._keep = _word_set("keep", keep)
        from .lexicon import alias_forms

        use = lexicon if aliases is None else aliases is not False
        self._alias_forms = alias_forms(aliases if isinstance(aliases, Mapping) else None, kit=bool(use)) \
            if (use or isinstance(aliases, Mapping)) else {}
        self._seen: set[str] = set()   # words already classified …
        self._drop: set[str] = set()   # … and those of them that are dropped

    # ------------------------------------------------------------------ settings
    @functools.cached_property
    def terms(self) -> dict[str, int]:
        """Every word added to the segmenter, with its frequency."""
        terms: dict[str, int | None] = {}
        if self.lexicon:
            from . import lexicon
            from .theory import framework

            terms.update({t: None for t in lexicon.governance_terms()["term"]})
            terms.update({t: None for t in framework().terms()})
        for row in self._user_terms.itertuples(index=False):
            terms[row.term] = None if pd.isna(row.freq) else int(row.freq)
        return _term_frequencies(terms)

    @functools.cached_property
    def stopword_set(self) -> frozenset[str]:
        words: set[str] = set()
        if self.stopwords:
            from . import lexicon

            words |= lexicon.stopwords("all")
            words -= lexicon.policy_keep()
        words |= self._extra_stop
        words -= self._keep
        words -= set(self.terms)  # a dictionary term is never a stopword
        return frozenset(words)

    @functools.cached_property
    def settings(self) -> dict[str, Any]:
        """Everything that determines the output; recorded in Tokens and used as cache key."""
        from . import lexicon
        from .theory import framework

        return {
            "kit": __version__,
            "format": _FORMAT_VERSION,
            "segmenter": "jieba-compatible",  # both backends give the same tokens
            "hmm": self.hmm,
            "pos": self.pos,
            "lexicon": lexicon.LEXICON_VERSION if self.lexicon else None,
            "framework": str(framework().version) if self.lexicon else None,
            "terms": hashlib.sha256(json.dumps(sorted(self.terms.items()), ensure_ascii=False).encode()).hexdigest()[:16],
            "stopwords": lexicon.LEXICON_VERSION if self.stopwords else None,
            "stopword_set": hashlib.sha256("\n".join(sorted(self.stopword_set)).encode()).hexdigest()[:16],
            "punct": self.punct,
            "numbers": self.numbers,
            "aliases": hashlib.sha256("\n".join(sorted(self._alias_forms)).encode()).hexdigest()[:16]
            if self._alias_forms else None,
        }

    @functools.cached_property
    def _segmenter(self) -> _Segmenter:
        return _Segmenter(self.backend, self.terms, hmm=self.hmm)

    def __getstate__(self) -> dict:
        # worker processes started with "spawn" rebuild the backend instead of pickling it
        return {k: v for k, v in self.__dict__.items() if k != "_segmenter"}

    def __repr__(self) -> str:
        return (f"Tokenizer(backend={self.backend!r}, 词条={len(self.terms)}, 停用词={len(self.stopword_set)}, "
                f"pos={self.pos})")

    # ------------------------------------------------------------------ segmentation
    def cut(self, text: str) -> list[str] | list[tuple[str, str]]:
        """Segment one string; return the kept tokens (``(token, tag)`` pairs when ``pos``)."""
        _check_text(text, "text")
        joined = self._cut_joined(_CONTROL.sub(" ", text))
        return _decode_unit(joined, self.pos)

    def _cut_joined(self, text: str) -> str:
        """Kept tokens of ``text`` joined by ``_TOK`` (``word_TAG_tag`` items when pos).

        ``_UNIT`` characters in ``text`` (unit boundaries) come back as tokens of their own.
        """
        if not text:
            return ""
        if self.pos:
            pairs = _merge_ascii_tagged(self._raw_tag(text))
            return _TOK.join(w if w == _UNIT else f"{w}{_TAG}{t}" for w, t in pairs
                             if w == _UNIT or self._keep_token(w))
        joined = _TOK.join(self._raw_cut(text))
        if _ASCII_PAIR.search(joined):
            joined = _ASCII_RUN.sub(lambda m: m.group(0).replace(_TOK, ""), joined)
        words = joined.split(_TOK)
        # Classify each distinct new word once (set operations run in C), then filter.
        new = set(words) - self._seen
        if new:
            self._seen |= new
            self._drop |= {w for w in new if not self._keep_token(w)}
            self._drop.discard(_UNIT)
        drop = self._drop
        return _TOK.join([w for w in words if w not in drop])

    def _alias_spans(self, text: str) -> list[tuple[int, int]]:
        """Where the bracketed forms are in ``text`` (leftmost-longest, not overlapping)."""
        if not self._alias_forms or ("（" not in text and "(" not in text):
            return []
        from .matching import _automaton

        forms = tuple(sorted(self._alias_forms))
        return [(start, end) for _, start, end in _automaton(forms, longest=True).find_matches_as_indexes(text)]

    def _raw_cut(self, text: str) -> list[str]:
        """Every piece of ``text`` in order (nothing dropped), bracketed forms kept whole."""
        spans = self._alias_spans(text)
        if not spans:
            return self._segmenter.cut(text)
        out: list[str] = []
        prev = 0
        for start, end in spans:
            if start > prev:
                out.extend(self._segmenter.cut(text[prev:start]))
            out.append(text[start:end])
            prev = end
        if prev < len(text):
            out.extend(self._segmenter.cut(text[prev:]))
        return out

    def _raw_tag(self, text: str) -> list[tuple[str, str]]:
        spans = self._alias_spans(text)
        if not spans:
            return self._segmenter.tag(text)
        out: list[tuple[str, str]] = []
        prev = 0
        for start, end in spans:
            if start > prev:
                out.extend(self._segmenter.tag(text[prev:start]))
            out.append((text[start:end], "nt"))
            prev = end
        if prev < len(text):
            out.extend(self._segmenter.tag(text[prev:]))
        return out

    def _keep_token(self, word: str) -> bool:
        if not word or word.isspace():
            return False
        if not _WORDLIKE.search(word):  # punctuation: kept only on request, stopword lists aside
            return self.punct
        if word in self.stopword_set:
            return False
        if not self.numbers and _NUMBER.match(word) and word not in self.terms:
            return False
        return True

    def _cut_document(self, text: str, unit: str) -> str:
        """All units of one document, as ``"<n units>:" + unit strings joined by _UNIT``.

        The document is segmented in one call, with ``_UNIT`` between units: unit boundaries
        fall on punctuation or line breaks, where the segmenter splits anyway, so this gives
        the same tokens as cutting unit by unit, at a fraction of the per-call overhead.
        """
        units = unit_texts(text, unit)
        joined = self._cut_joined(_UNIT.join(units))
        blob = joined.replace(f"{_TOK}{_UNIT}{_TOK}", _UNIT).replace(f"{_UNIT}{_TOK}", _UNIT).replace(f"{_TOK}{_UNIT}", _UNIT)
        return f"{len(units)}:{blob}"


def _word_set(name: str, words) -> set[str]:
    if words is None:
        return set()
    return {w.strip() for w in check_words(name, words, single=False, allow_empty=True, example="加强")}


def _user_term_table(user_terms) -> pd.DataFrame:
    from . import lexicon

    if user_terms is None:
        return pd.DataFrame({"term": [], "freq": pd.array([], dtype="Int64"), "tag": []})
    if isinstance(user_terms, (str, Path)) and (isinstance(user_terms, Path) or Path(user_terms).suffix or os.sep in user_terms):
        return lexicon.read_user_terms(user_terms)
    if isinstance(user_terms, str):
        raise ZhiliError("user_terms 应为词语列表或用户词典文件路径；单个词语请写成列表，例如 user_terms=[\"村湾夜话\"]。")
    return lexicon.read_user_terms(list(user_terms))


def _merge_ascii_tagged(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    ascii_re = re.compile(rf"^{_ASCII_CLASS}$")
    for word, tag in pairs:
        if out and ascii_re.match(word) and ascii_re.match(out[-1][0]):
            prev = out[-1][0] + word
            out[-1] = (prev, "eng" if re.search("[A-Za-z]", prev) else "m")
        else:
            out.append((word, tag))
    return out


def _decode_unit(joined: str, pos: bool):
    if not joined:
        return []
    words = joined.split(_TOK)
    if pos:
        return [tuple(w.split(_TAG, 1)) for w in words]
    return words


def _check_text(text: Any, where: str) -> None:
    if isinstance(text, str):
        return
    if isinstance(text, (bytes, bytearray)):
        raise ZhiliError(f"{where} 是字节串（bytes），不是文本：请先解码（如 data.decode(\"utf-8\")），"
                         "或用 zl.load_corpus 读取文件，它会自动识别编码。")
    if text is None:
        raise ZhiliError(f"{where} 是 None：请传入字符串、字符串列表或 zl.load_corpus 得到的语料。")
    raise ZhiliError(f"{where} 的类型是 {type(text).__name__}，应为字符串。")


# ============================================================================ cache

#: Default bound of the cache file in MiB (``ZHILI_CACHE_MAX_MB`` overrides it).
CACHE_MAX_MB = 2048
#: Layout of the cache file (its name ``tokens-v4.sqlite`` and its PRAGMA user_version). A new
#: layout gets a new file; the token encoding (:data:`_FORMAT_VERSION`) and thus every key and
#: every provenance table stay the same when only the file changes.
_CACHE_VERSION = 4
_CHUNK = 500             # keys per SQL statement (below SQLite's parameter limit)
_EVICT_TO = 0.8          # after an eviction the file is below this share of the bound
_WARNED: set[str] = set()  # warnings already given in this process (one of each kind)


def cache_dir() -> Path:
    """Folder of the on-disk token cache (``ZHILI_CACHE_DIR`` overrides the user cache folder).

    Examples
    --------
    >>> cache_dir().name != ""
    True
    """
    env = os.environ.get("ZHILI_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("zhili", appauthor=False))


def clear_cache(older_than: int | float | str | timedelta | None = None) -> int:
    """Delete token-cache entries: all of them, or those not used for a while.

    Parameters
    ----------
    older_than : int, float, str, datetime.timedelta or None
        Delete only entries not used for at least this long: a number of days (``30``), a
        string (``"30d"`` or ``"30天"``) or a :class:`datetime.timedelta`. Every entry records
        the day it was last read or written. ``None`` (the default) deletes the whole cache,
        including cache files of earlier kit versions.

    Returns
    -------
    int
        The number of entries removed.

    Raises
    ------
    ZhiliError
        When ``older_than`` is not a duration, or the cache file cannot be changed (the message
        names the file).

    Examples
    --------
    >>> import zhili as zl
    >>> _ = zl.tokenize("推进共同缔造。")            # segmented, then kept in the cache
    >>> clear_cache(older_than="30d")                # nothing has gone unused for 30 days yet
    0
    """
    days = None if older_than is None else _as_days(older_than)
    folder = cache_dir()
    current = folder / f"tokens-v{_CACHE_VERSION}.sqlite"
    if not folder.is_dir():
        return 0
    removed = 0
    for path in sorted(folder.glob("tokens-v*.sqlite")):
        if path == current and days is not None:
            removed += _remove_unused(path, days)
            continue
        # A whole file: the current one when clearing everything, or an earlier format's file
        # (never used by this version) that has not changed for ``days``.
        if days is not None and _file_age_days(path) < days:
            continue
        removed += _count_entries(path)
        try:
            _discard(path)
        except OSError as exc:
            raise ZhiliError(f"无法删除分词缓存文件 {path}（{_first_line(exc)}）：请检查该文件夹是否可写，"
                             "或关闭正在使用它的其他笔记本后重试，也可以直接手动删除这个文件。") from None
    return removed


def _as_days(value: Any) -> float:
    """``older_than`` as a number of days (>= 0), or a ZhiliError."""
    days: float | None = None
    if isinstance(value, timedelta):
        days = value.total_seconds() / 86400
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        days = float(value)
    elif isinstance(value, str):
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:d|days?|天)?\s*", value, flags=re.IGNORECASE)
        days = float(m.group(1)) if m else None
    if days is None or not math.isfinite(days) or days < 0:
        raise ZhiliError(f"参数 older_than={value!r} 无效：应为天数，例如 older_than=30、older_than=\"30d\" "
                         "或 older_than=datetime.timedelta(days=30)。")
    return days


def _today() -> int:
    """Today as a day number (days since 1970-01-01, UTC): the unit of an entry's last use."""
    return int(time.time() // 86400)


def _file_age_days(path: Path) -> float:
    try:
        return (time.time() - path.stat().st_mtime) / 86400
    except OSError:
        return math.inf


def _count_entries(path: Path) -> int:
    """Entries in a cache file of any format (0 if it cannot be read)."""
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            return int(con.execute("SELECT count(*) FROM tokens").fetchone()[0])
        finally:
            con.close()
    except (sqlite3.Error, OSError, ValueError):
        return 0


def _remove_unused(path: Path, days: float) -> int:
    """Delete the entries of the current cache file last used ``days`` or more days ago."""
    try:
        con = sqlite3.connect(path, timeout=30, isolation_level=None)
    except sqlite3.Error as exc:
        raise ZhiliError(f"无法打开分词缓存文件 {path}（{_first_line(exc)}）：请检查该文件夹是否可写，"
                         "或运行 zl.tokens.clear_cache() 删除整个缓存。") from None
    try:
        with _transaction(con):
            removed = con.execute("DELETE FROM tokens WHERE used <= ?", (_today() - days,)).rowcount
        con.executescript("PRAGMA incremental_vacuum;")  # give the freed pages back to the disk
        return max(removed, 0)
    except sqlite3.Error as exc:
        if not _is_corrupt(exc):
            raise ZhiliError(f"无法清理分词缓存文件 {path}（{_first_line(exc)}）：请检查该文件夹是否可写，"
                             "或关闭正在使用它的其他笔记本后重试。") from None
    finally:
        con.close()
    with contextlib.suppress(OSError):  # a damaged cache is worth nothing: remove it whole
        _discard(path)
    return 0


def _max_bytes() -> int:
    """The cache's size bound in bytes, from ``ZHILI_CACHE_MAX_MB`` (MiB) or the default."""
    raw = os.environ.get("ZHILI_CACHE_MAX_MB", "").strip()
    if raw:
        try:
            mb = float(raw)
        except ValueError:
            mb = -1.0
        if math.isfinite(mb) and mb > 0:
            return int(mb * 1024 * 1024)
        _warn_once("max_mb", f"环境变量 ZHILI_CACHE_MAX_MB={raw!r} 无效：应为正数，单位 MB，例如 500。"
                             f"本次按默认上限 {CACHE_MAX_MB} MB 处理；请改正或删除这个环境变量。")
    return CACHE_MAX_MB * 1024 * 1024


def _warn_once(kind: str, message: str) -> None:
    if kind not in _WARNED:
        _WARNED.add(kind)
        warn(message)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _is_corrupt(exc: BaseException) -> bool:
    """True when SQLite says the file is damaged or not a database (not: locked, read-only, full)."""
    if isinstance(exc, _Foreign):
        return True
    code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+
    if code is not None:
        return code & 0xFF in (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB
    return type(exc) is sqlite3.DatabaseError


class _Foreign(sqlite3.DatabaseError):
    """The file is an SQLite database, but not a token cache of this format."""


@contextlib.contextmanager
def _transaction(con: sqlite3.Connection):
    con.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


class _Cache:
    """Document-level token cache in SQLite; values are text with a SHA-1 checksum.

    Never raises for a cache problem: if the folder or the file cannot be created, read or
    written, the cache switches itself off (``con is None``), tokenizing goes on in memory and
    one :class:`ZhiliWarning` per process says what happened and what to do.
    """

    def __init__(self) -> None:
        self.con: sqlite3.Connection | None = None
        self.path: Path | None = None
        try:
            folder = cache_dir()
            self.path = folder / f"tokens-v{_CACHE_VERSION}.sqlite"
            folder.mkdir(parents=True, exist_ok=True)
            self.con = self._open()
        except (OSError, sqlite3.Error) as exc:
            self._fail("打开", exc)

    def _open(self) -> sqlite3.Connection:
        assert self.path is not None
        for attempt in range(2):
            con = None
            try:
                con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
                _prepare(con)
                return con
            except sqlite3.DatabaseError as exc:
                if con is not None:
                    con.close()
                if attempt or not _is_corrupt(exc):
                    raise
                _discard(self.path)  # not a database, or damaged: start afresh
        raise AssertionError("unreachable")

    def _fail(self, action: str, exc: BaseException) -> None:
        """Switch the cache off for this run and say so, once per process."""
        if self.con is not None:
            with contextlib.suppress(sqlite3.Error):
                self.con.close()
            self.con = None
        where = self.path if self.path is not None else "（未能确定缓存文件夹）"
        _warn_once("cache", (
            f"分词缓存无法使用：{action}缓存文件 {where} 时出错（{_first_line(exc)}）。"
            "分词照常在内存中进行，结果不受影响，只是不能存入缓存，下次还要重新分词。"
            "如要启用缓存，请把环境变量 ZHILI_CACHE_DIR 设为一个可写的文件夹"
            "（例如在导入 zhili 之前运行 os.environ[\"ZHILI_CACHE_DIR\"] = \"D:/zhili-cache\"）；"
            "不需要缓存时可以传入 cache=False（或设置环境变量 ZHILI_NO_CACHE=1）。本提示每次运行只出现一次。"))

    def _trouble(self, action: str, exc: BaseException, *, reopen: bool) -> None:
        """A failed read or write: a damaged file is replaced, any other problem switches off."""
        if _is_corrupt(exc) and self.path is not None:
            with contextlib.suppress(sqlite3.Error):
                self.con.close()  # type: ignore[union-attr]
            self.con = None
            try:
                _discard(self.path)
                if reopen:
                    self.con = self._open()
                return
            except (OSError, sqlite3.Error) as again:
                exc = again
        self._fail(action, exc)

    def get_many(self, keys: list[str]) -> dict[str, str]:
        """Verified values of the keys found; the rest must be segmented. Never raises."""
        found: dict[str, str] = {}
        if self.con is None:
            return found
        bad: list[str] = []
        stale: list[str] = []  # found, but last used before today
        today = _today()
        unique = sorted(set(keys))
        try:
            for i in range(0, len(unique), _CHUNK):
                chunk = unique[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                for key, checksum, value, used in self.con.execute(
                        f"SELECT key, checksum, value, used FROM tokens WHERE key IN ({marks})", chunk):
                    if hashlib.sha1(value.encode("utf-8", "surrogatepass")).hexdigest() == checksum:
                        found[key] = value
                        if used < today:
                            stale.append(key)
                    else:
                        bad.append(key)
        except sqlite3.Error as exc:
            self._trouble("读取", exc, reopen=True)
            return {} if self.con is not None else found
        if bad or stale:
            try:
                with _transaction(self.con):
                    self.con.executemany("DELETE FROM tokens WHERE key = ?", [(k,) for k in bad])
                    for i in range(0, len(stale), _CHUNK):  # last use: one batched write a day at most
                        chunk = stale[i : i + _CHUNK]
                        self.con.execute(f"UPDATE tokens SET used = ? WHERE key IN ({','.join('?' * len(chunk))})",
                                         [today, *chunk])
            except sqlite3.Error as exc:
                self._trouble("更新", exc, reopen=False)
        return found

    def put_many(self, items: Iterable[tuple[str, str]]) -> None:
        """Store values (never raises); then keep the file under the size bound."""
        if self.con is None:
            return
        today = _today()
        rows = []
        for key, value in items:
            data = value.encode("utf-8", "surrogatepass")
            rows.append((key, hashlib.sha1(data).hexdigest(), value, today, len(data) + len(key)))
        if not rows:
            return
        try:
            with _transaction(self.con):
                self.con.executemany("INSERT OR REPLACE INTO tokens (key, checksum, value, used, size) "
                                     "VALUES (?, ?, ?, ?, ?)", rows)
            self._bound(_max_bytes())
        except sqlite3.Error as exc:
            self._trouble("写入", exc, reopen=False)

    def _bound(self, limit: int) -> None:
        """Past ``limit`` bytes, drop least recently used entries until below 80 % of it.

        Each ``size`` is the entry's payload; the B-tree overhead on top is estimated from the
        file itself (pages in use ÷ sum of sizes). Freed pages go back to the disk with
        ``PRAGMA incremental_vacuum``, which moves only the freed part (measured: 0.3 s to cut a
        330 MB file by a quarter, against 1.5 s and a full temporary copy for ``VACUUM``).
        """
        con = self.con
        assert con is not None
        page = con.execute("PRAGMA page_size").fetchone()[0]
        if con.execute("PRAGMA page_count").fetchone()[0] * page <= limit:
            return
        target = _EVICT_TO * limit
        for _ in range(8):  # the estimate is close; a second round is rare
            pages = con.execute("PRAGMA page_count").fetchone()[0]
            live = (pages - con.execute("PRAGMA freelist_count").fetchone()[0]) * page
            if pages * page <= target:
                break
            if live > target:
                rows = con.execute("SELECT key, size FROM tokens ORDER BY used, rowid").fetchall()
                if not rows:
                    break
                scale = live / max(1, sum(size for _, size in rows))
                need, doomed = (live - target) / scale, []
                for key, size in rows:
                    doomed.append(key)
                    need -= size
                    if need <= 0:
                        break
                with _transaction(con):
                    con.executemany("DELETE FROM tokens WHERE key = ?", [(k,) for k in doomed])
            con.executescript("PRAGMA incremental_vacuum;")  # executescript steps it to the end

    def close(self) -> None:
        if self.con is not None:
            with contextlib.suppress(sqlite3.Error):
                self.con.close()
            self.con = None


def _prepare(con: sqlite3.Connection) -> None:
    """Create the table in a new file, or check that an existing file is a cache of this format."""
    # auto_vacuum only takes effect if set before the first table (and before WAL) is written
    con.execute("PRAGMA auto_vacuum=INCREMENTAL")
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA journal_size_limit=67108864")  # the WAL file shrinks back after big writes
    if con.execute("PRAGMA user_version").fetchone()[0] == _CACHE_VERSION:
        return
    with _transaction(con):  # two processes may create the file at once: one wins, both agree
        if con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            if con.execute("PRAGMA user_version").fetchone()[0] != _CACHE_VERSION:
                raise _Foreign("not a token cache of this format")
            return
        con.execute("CREATE TABLE tokens (key TEXT PRIMARY KEY, checksum TEXT NOT NULL, value TEXT NOT NULL, "
                    "used INTEGER NOT NULL, size INTEGER NOT NULL)")
        con.execute(f"PRAGMA user_version={_CACHE_VERSION}")


def _discard(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(path) + suffix)
        if p.exists() or p.is_symlink():
            p.unlink()


# ============================================================================ Tokens


class Tokens:
    """Tokens per unit, aligned with the corpus and its docvars.

    Attributes
    ----------
    tokens : list of list of str
        One list per unit (``(token, tag)`` pairs when ``pos=True``).
    unit : str
        ``document``, ``paragraph``, ``sentence`` or ``item``.
    meta : dict
        Provenance: kit version, backend, lexicon and stopword versions, all settings.

    Examples
    --------
    >>> toks = tokenize(["推进共同缔造。坚持决策共谋。"], cache=False)
    >>> toks.tokens
    [['推进', '共同缔造'], ['坚持', '决策共谋']]
    >>> toks.to_frame()[["doc_id", "unit_id", "token"]].values.tolist()[:2]
    [['doc1', 'doc1#s1', '推进'], ['doc1', 'doc1#s1', '共同缔造']]
    """

    def __init__(self, corpus, unit: str, tokens: list[list], doc_index: list[int], meta: dict[str, Any]) -> None:
        self.corpus = corpus
        self.unit = unit
        self.tokens = tokens
        self._doc_index = doc_index
        self.meta = meta

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self) -> Iterator[list]:
        return iter(self.tokens)

    def __getitem__(self, i: int) -> list:
        return self.tokens[i]

    def __repr__(self) -> str:
        n = sum(len(t) for t in self.tokens)
        return f"<Tokens：{len(self.corpus)} 篇文档，{len(self)} 个{_UNIT_NAMES[self.unit]}，{n} 个词>"

    @property
    def doc_ids(self) -> list[str]:
        """The document id of each unit."""
        ids = self.corpus.doc_ids
        return [ids[i] for i in self._doc_index]

    @functools.cached_property
    def units(self) -> pd.DataFrame:
        """The unit table (doc_id, unit_id, heading_path, offsets, text) aligned with ``tokens``."""
        table = self.corpus.units(self.unit)
        if len(table) != len(self.tokens):  # pragma: no cover - guards a cache/format mismatch
            raise ZhiliError("分词结果与语料单元数量不一致：请运行 zl.tokens.clear_cache() 后重试。")
        return table

    @property
    def docvars(self) -> pd.DataFrame:
        """Document variables repeated for each unit (same row order as ``tokens``)."""
        dv = self.corpus.docvars.reset_index()
        return dv.iloc[self._doc_index].reset_index(drop=True)

    def to_lists(self) -> list[list]:
        return [list(t) for t in self.tokens]

    def to_frame(self) -> pd.DataFrame:
        """One row per token: ``doc_id``, ``unit_id``, ``position`` (0-based in the unit),
        ``token`` (and ``pos`` when tagged)."""
        unit_ids = self.units["unit_id"].tolist()
        doc_ids = self.doc_ids
        rows_doc, rows_unit, rows_pos, words, tags = [], [], [], [], []
        for i, toks in enumerate(self.tokens):
            n = len(toks)
            rows_doc.extend([doc_ids[i]] * n)
            rows_unit.extend([unit_ids[i]] * n)
            rows_pos.extend(range(n))
            if self.meta["settings"]["pos"]:
                words.extend(w for w, _ in toks)
                tags.extend(t for _, t in toks)
            else:
                words.extend(toks)
        frame = pd.DataFrame({"doc_id": rows_doc, "unit_id": rows_unit, "position": rows_pos, "token": words})
        if self.meta["settings"]["pos"]:
            frame["pos"] = tags
        return frame

    def words(self) -> list[list[str]]:
        """Token strings per unit (tags dropped when tagged)."""
        if self.meta["settings"]["pos"]:
            return [[w for w, _ in t] for t in self.tokens]
        return self.tokens


_UNIT_NAMES = {"document": "文档", "paragraph": "段落", "sentence": "句子", "item": "条目"}


# ============================================================================ tokenize


def tokenize(
    data,
    *,
    unit: Literal["sentence", "paragraph", "item", "document"] = "sentence",
    tokenizer: Tokenizer | None = None,
    n_jobs: int | None = None,
    progress: bool | None = None,
    **options: Any,
) -> Tokens:
    """Segment a corpus (or strings) into tokens per unit.

    Parameters
    ----------
    data : Corpus, str, or list of str
        What to segment. Strings become documents ``doc1``, ``doc2`` ….
    unit : {"sentence", "paragraph", "item", "document"}
        The unit tokens are grouped by (see :func:`zhili.split_units`).
    tokenizer : Tokenizer, optional
        A configured tokenizer; otherwise one is made from ``options``.
    n_jobs : int, optional
        Worker processes. Default: all cores for corpora over two million characters,
        else one.
    progress : bool, optional
        Show a progress bar; by default one appears only when segmentation takes more than
        a few seconds.
    **options
        Passed to :class:`Tokenizer`: ``lexicon``, ``user_terms``, ``stopwords``,
        ``extra_stopwords``, ``keep``, ``punct``, ``numbers``, ``pos``, ``hmm``, ``backend``,
        ``cache``.

    Returns
    -------
    Tokens

    Examples
    --------
    >>> import zhili as zl
    >>> toks = zl.tokenize("湖北推进美好环境与幸福生活共同缔造。坚持四权同下！", cache=False)
    >>> toks.tokens
    [['湖北', '推进', '美好环境与幸福生活共同缔造'], ['坚持', '四权同下']]
    """
    if is_lazy(data) or "client" in options:  # tokens made chunk by chunk when read (zhili.streaming)
        return streaming.tokenize(data, unit=unit, tokenizer=tokenizer, n_jobs=n_jobs, progress=progress, **options)
    check_choice("unit", unit, UNITS)
    corpus = _as_corpus(data)
    if tokenizer is None:
        tokenizer = Tokenizer(**options)
    elif options:
        raise ZhiliError(f"已传入 tokenizer，就不能再传入分词选项 {sorted(options)}：请把选项交给 Tokenizer(...)。")
    settings = dict(tokenizer.settings, unit=unit)
    key_prefix = hashlib.sha256(json.dumps(settings, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:24]
    texts = corpus.texts
    keys = [f"{key_prefix}:{hashlib.sha256(t.encode('utf-8', 'surrogatepass')).hexdigest()}" for t in texts]

    cache = _Cache() if tokenizer.cache else None
    try:
        found = cache.get_many(keys) if cache else {}
        first: dict[str, int] = {}  # one run per distinct uncached text
        for i, key in enumerate(keys):
            if key not in found and key not in first:
                first[key] = i
        todo_idx = sorted(first.values())
        if todo_idx:
            with _no_gc():
                results = _run(tokenizer, [texts[i] for i in todo_idx], unit, n_jobs=n_jobs, progress=progress)
            new = {keys[i]: r for i, r in zip(todo_idx, results)}
            found.update(new)
            if cache:
                cache.put_many(new.items())
    finally:
        if cache:
            cache.close()

    tokens: list[list] = []
    doc_index: list[int] = []
    pos = tokenizer.pos
    with _no_gc():  # millions of new lists: the cyclic collector would rescan them again and again
        for d, key in enumerate(keys):
            count, _, blob = found[key].partition(":")
            units = blob.split(_UNIT) if count != "0" else []
            if pos:
                tokens.extend(_decode_unit(u, True) for u in units)
            else:
                # interned: a corpus repeats a few thousand words millions of times, one copy each
                tokens.extend(list(map(intern, u.split(_TOK))) if u else [] for u in units)
            doc_index.extend([d] * len(units))
    meta = {"kit": __version__, "backend": tokenizer.backend, "unit": unit, "settings": settings,
            "n_terms": len(tokenizer.terms), "n_stopwords": len(tokenizer.stopword_set),
            "extra_stopwords": sorted(tokenizer._extra_stop), "keep": sorted(tokenizer._keep)}
    return Tokens(corpus, unit, tokens, doc_index, meta)


@contextlib.contextmanager
def _no_gc():
    """Pause the cyclic garbage collector while building many small containers (no cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _as_corpus(data):
    from .corpus import Corpus

    if isinstance(data, Corpus):
        return data
    if isinstance(data, str):
        return Corpus.from_texts([_CONTROL.sub(" ", data)])
    if isinstance(data, pd.Series):
        data = data.tolist()
    if isinstance(data, Mapping):
        items = list(data.items())
        for k, v in items:
            _check_text(v, f"文本 {k!r}")
        return Corpus.from_texts({k: _CONTROL.sub(" ", v) for k, v in items})
    if isinstance(data, Sequence) and not isinstance(data, (bytes, bytearray)):
        for i, t in enumerate(data):
            _check_text(t, f"第 {i + 1} 篇文本")
        return Corpus.from_texts([_CONTROL.sub(" ", t) for t in data])
    _check_text(data, "输入")
    raise AssertionError("unreachable")


# ---------------------------------------------------------------------------- running


_WORKER: Tokenizer | None = None


def _worker_init(tokenizer: Tokenizer) -> None:
    global _WORKER
    _WORKER = tokenizer


def _worker_cut(args: tuple[str, str]) -> str:
    text, unit = args
    assert _WORKER is not None
    return _WORKER._cut_document(text, unit)


def _run(tokenizer: Tokenizer, texts: list[str], unit: str, *, n_jobs: int | None, progress: bool | None) -> list[str]:
    total = sum(len(t) for t in texts)
    if n_jobs is None:
        n_jobs = (os.cpu_count() or 1) if total >= _PARALLEL_MIN_CHARS else 1
    n_jobs = max(1, min(int(n_jobs), len(texts)))
    # Load the dictionary first, so that its loading time never counts towards the bar's delay;
    # forked workers inherit the loaded segmenter, spawned ones rebuild it.
    tokenizer._segmenter  # noqa: B018
    # the plain text bar: tqdm.auto would warn on stderr in a kernel without ipywidgets
    from tqdm import tqdm

    # By default a bar appears only for corpora large enough to take seconds, and only after 3 s.
    quiet = progress is False or (progress is None and total < _PROGRESS_MIN_CHARS)
    bar = tqdm(total=total, unit="字", unit_scale=True, desc="分词", delay=0 if progress else 3,
               disable=quiet, leave=False)
    try:
        if n_jobs == 1:
            out = []
            for t in texts:
                out.append(tokenizer._cut_document(t, unit))
                bar.update(len(t))
            return out
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        with ProcessPoolExecutor(n_jobs, mp_context=mp.get_context(method), initializer=_worker_init,
                                 initargs=(tokenizer,)) as pool:
            out = []
            chunk = max(1, min(64, len(texts) // (n_jobs * 8) or 1))
            for t, r in zip(texts, pool.map(_worker_cut, [(t, unit) for t in texts], chunksize=chunk)):
                out.append(r)
                bar.update(len(t))
            return out
    finally:
        bar.close()
