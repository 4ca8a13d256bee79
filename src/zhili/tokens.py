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
- **Columnar tokens.** :class:`Tokens` holds a sorted vocabulary, one ``int32`` id per token,
  the token offsets of every unit (``int64``) and the document of every unit (``int32``), plus a
  tag vocabulary and ``tag_ids`` with ``pos=True`` — about four bytes a token instead of a Python
  list entry and its share of a list (some fifty). The analyses (document-term matrix,
  co-occurrence, keyness, collocations, coding, KWIC) read these arrays; lists of strings
  (``Tokens.tokens``, ``words()``, iteration) are made only when asked for.
- **Cache.** Results are stored per document in an SQLite file (``tokens-v6.sqlite``) in the user
  cache folder, or in ``ZHILI_CACHE_DIR`` when that environment variable is set, keyed by the
  text's SHA-256, the unit kind and every setting (lexicon and stopword versions included).
  A value is a small binary record with a checksum: the number of tokens of each unit and the
  token ids (little-endian unsigned integers) over a vocabulary shared by the documents segmented
  together, stored once beside the records as UTF-8 text with a checksum of its own and named by
  its SHA-256 (no pickle). A corrupt entry, an entry of another layout, a record whose vocabulary
  is missing or a corrupt database is detected, discarded and rebuilt, never returned.

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
- **Parallel.** Large corpora are segmented in worker processes, chunk by chunk, with a tqdm
  progress bar that appears only when the job takes more than a few seconds. A chunk of documents
  is segmented in one call, its tokens numbered through a dictionary that classifies each new word
  once (kept or dropped, made of Latin letters and digits or not). A worker sends the chunk's
  columns in its own numbering with the words it numbered since its previous chunk; the main
  process translates the numbers by array indexing (no records decoded). The records the cache
  stores (one per document, and the chunk's vocabulary they share) are made only when a cache is used.
- **Fast first call.** The frequencies that keep the kit's terms whole are computed from jieba's
  own dictionary by ``tools/term_frequencies.py`` and shipped in ``lexicon/term_frequencies.tsv``,
  used while the lexicon, the framework file and the jieba version match the ones recorded in it;
  segmenters with the same words are shared by all tokenizers of a process.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import math
import operator
import os
import re
import sqlite3
import struct
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import timedelta
from itertools import accumulate, chain
from pathlib import Path
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd

from . import __version__
from ._errors import ZhiliError, check_choice, check_words, warn
from ._memory import trim_heap
from . import streaming
from .streaming import is_lazy
from .units import _CLOSERS, _TERMINATED, UNITS, run_ends, unit_texts

__all__ = ["Tokenizer", "Tokens", "tokenize", "cache_dir", "clear_cache", "available_backends"]

_TOK = "\x1f"   # separates the words of a vocabulary in a cached record
_UNIT = "\x1e"  # separates units (and documents) in the text given to the segmenter
_TAG = "\x1d"   # (not used since the columnar layout; still never allowed in a text)
_CONTROL = re.compile("[\x1d\x1e\x1f]")


def _has_control(text: str) -> bool:
    """Whether ``text`` holds one of the control characters zhili uses (what ``_CONTROL.search``
    tells; three ``in`` tests skip ahead in C, the regex reads every character)."""
    return "\x1e" in text or "\x1f" in text or "\x1d" in text


_ASCII_CLASS = r"[A-Za-z0-9._%+#&\-]+"
# a token made only of Latin letters, digits and .%+#&-_ (two or more such adjacent tokens are merged)
_ASCII_WORD = re.compile(rf"{_ASCII_CLASS}\Z")
_WORDLIKE = re.compile(r"\w")
# the end of a sentence as zhili.units defines it (the lookahead lets the scan skip ahead in C)
_SENTENCE_END = re.compile(rf"(?=[。！？!?；;…])(?:{_TERMINATED})")
_NUMBER = re.compile(r"^[\d.,%+\-]+$|^[零〇一二三四五六七八九十百千万亿两]+$")
#: Version of the tokens' definition, part of every cache key and of Tokens.meta["settings"]: it
#: changes when the same settings would give other tokens (not when only their storage changes).
_FORMAT_VERSION = "3"
#: Lowest frequency given to a lexicon term, so that neighbours do not steal its characters.
TERM_FREQ_FLOOR = 2000
#: A compound of policy language (:func:`zhili.lexicon.policy_compounds`) gets this many times the
#: frequency jieba needs to keep it whole, not the floor: enough to hold it together, too little to
#: take characters from a governance term it overlaps (社会组织 in 社会组织保障 beside 组织保障).
COMPOUND_FREQ_FACTOR = 3
_PARALLEL_MIN_CHARS = 2_000_000
_PROGRESS_MIN_CHARS = 500_000
#: Characters of text segmented in one call (a chunk of documents; smaller chunks in parallel runs).
_CHUNK_CHARS = 200_000
_MIN_PARALLEL_CHUNK_CHARS = 20_000
#: Characters given to the segmenter in one call (a chunk is cut in such pieces, see Tokenizer._raw_pieces).
_PIECE_CHARS = 8_000

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
        _rjieba_class()
        names.insert(0, "fast")
    except ImportError:
        pass
    return names


@functools.lru_cache(maxsize=1)
def _rjieba_class():
    """rjieba's ``Jieba`` class.

    ``import rjieba`` builds a module-level segmenter with the whole default dictionary (about
    0.2 s) that zhili never uses: each tokenizer builds its own. So the compiled module is loaded
    by itself and registered under its own name (a later ``import rjieba`` uses it, and builds its
    default then). Anything unexpected falls back to the plain import.
    """
    import importlib.machinery
    import importlib.util
    import sys

    loaded = sys.modules.get("rjieba.rjieba")
    if loaded is not None:
        return loaded.Jieba
    try:
        spec = importlib.util.find_spec("rjieba")
        folder = Path(spec.origin).parent if spec is not None and spec.origin else None
        found = [p for p in folder.iterdir() if p.name.startswith("rjieba.")
                 and p.suffix in (".so", ".pyd")] if folder is not None else []
        if len(found) == 1 and "rjieba" not in sys.modules:
            loader = importlib.machinery.ExtensionFileLoader("rjieba.rjieba", str(found[0]))
            module = importlib.util.module_from_spec(
                importlib.util.spec_from_file_location("rjieba.rjieba", str(found[0]), loader=loader))
            loader.exec_module(module)
            sys.modules["rjieba.rjieba"] = module
            return module.Jieba
    except (ImportError, OSError, AttributeError, ValueError):
        pass
    import rjieba

    return rjieba.Jieba


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


#: Frequencies already suggested in this process (the shipped table's terms are added on first use).
_SUGGESTED: dict[str, int] = {}


def _term_frequencies(terms: Mapping[str, int | None]) -> dict[str, int]:
    """Frequency for each term: the given one, else enough to keep it whole (≥ the floor).

    The suggestion depends only on the term and jieba's own dictionary; the kit's terms come from
    the shipped table (see :func:`_kit_terms`), others are computed with jieba once per process.
    """
    missing = [t for t, given in terms.items() if given is None and t not in _SUGGESTED]
    if missing:
        _kit_terms()  # the shipped table, when current, fills _SUGGESTED with the kit's terms
        missing = [t for t in missing if t not in _SUGGESTED]
    if missing:
        base = _base_jieba()
        for term in missing:
            suggested = base.suggest_freq(term, False)
            _SUGGESTED[term] = max(suggested, base.FREQ.get(term, 0) or 0, TERM_FREQ_FLOOR)
    return {term: int(terms[term]) if terms[term] is not None else _SUGGESTED[term] for term in sorted(terms)}


# ---------------------------------------------------------------------------- the shipped table

_TERM_TABLE_PATH = Path(__file__).with_name("lexicon") / "term_frequencies.tsv"
_TERM_SOURCES = {"governance_terms.tsv": Path(__file__).with_name("lexicon") / "governance_terms.tsv",
                 "framework.yaml": Path(__file__).with_name("theory") / "framework.yaml"}


def _term_table_key() -> dict[str, str]:
    """What the kit's term frequencies depend on: jieba's version, the floor and the compounds'
    factor, the data files."""
    key = {"jieba": _jieba_version(), "floor": str(TERM_FREQ_FLOOR), "compound_factor": str(COMPOUND_FREQ_FACTOR)}
    for name, path in _TERM_SOURCES.items():
        key[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return key


def _jieba_version() -> str:
    """The installed jieba's version, read from its source when possible (importing it takes longer)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("jieba")
        if spec is not None and spec.origin:
            m = re.search(r"""^__version__\s*=\s*['"]([^'"]+)['"]""", Path(spec.origin).read_text(encoding="utf-8"), re.M)
            if m:
                return m.group(1)
    except (OSError, UnicodeDecodeError, ImportError, ValueError):
        pass
    return str(_jieba_module().__version__)


def _read_term_table() -> tuple[dict[str, str], dict[str, int]] | None:
    """Header fields and frequencies of the shipped table (None if it is missing or unreadable)."""
    try:
        lines = _TERM_TABLE_PATH.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    header: dict[str, str] = {}
    freqs: dict[str, int] = {}
    try:
        for line in lines:
            if line.startswith("# ") and ": " in line:
                name, _, value = line[2:].partition(": ")
                header[name.strip()] = value.strip()
            elif line and not line.startswith("#") and line != "term\tfreq":
                term, freq = line.split("\t")
                freqs[term] = int(freq)
    except ValueError:
        return None
    return header, freqs


def _computed_kit_terms() -> tuple[dict[str, int], str]:
    """The kit's terms and their frequencies computed from the data files and jieba (slow)."""
    from . import lexicon
    from .theory import framework

    frame = set(framework().terms())
    terms = sorted(set(lexicon.governance_terms()["term"]) | frame)
    compounds = lexicon.policy_compounds() - frame  # a framework term keeps the floor
    base = _base_jieba()
    freqs = {}
    for t in terms:
        need = max(base.suggest_freq(t, False), base.FREQ.get(t, 0) or 0)
        freqs[t] = max(1, COMPOUND_FREQ_FACTOR * need) if t in compounds else max(need, TERM_FREQ_FLOOR)
    return freqs, str(framework().version)


@functools.lru_cache(maxsize=1)
def _kit_terms() -> tuple[dict[str, int], str]:
    """(term → frequency, framework version) for every lexicon and framework term.

    Read from the shipped table while it matches the installed jieba and the data files (a
    millisecond); otherwise computed (a second or two: jieba's dictionary is loaded).
    """
    table = _read_term_table()
    key = _term_table_key()
    if table is not None and all(table[0].get(k) == v for k, v in key.items()) and table[1]:
        freqs, version = table[1], table[0].get("framework_version", "")
    else:
        freqs, version = _computed_kit_terms()
    _SUGGESTED.update(freqs)
    return dict(freqs), version


def _render_term_table() -> str:
    """The text of ``lexicon/term_frequencies.tsv`` for the current data files and jieba."""
    freqs, version = _computed_kit_terms()
    key = _term_table_key()
    head = [
        "# Frequencies that keep the kit's terms (governance lexicon and framework) whole, computed",
        "# from jieba's dictionary. Generated by tools/term_frequencies.py; do not edit by hand.",
        "# Used only while every field below matches; run the tool after changing the lexicon,",
        "# the framework or jieba.",
        *(f"# {k}: {v}" for k, v in key.items()),
        f"# framework_version: {version}",
        "term\tfreq",
    ]
    return "\n".join([*head, *(f"{t}\t{f}" for t, f in sorted(freqs.items()))]) + "\n"


# ---------------------------------------------------------------------------- segmenters


class _Segmenter:
    """One backend instance loaded with a fixed set of words (never global, never changed after
    it is built; tokenizers with the same words share one, see :func:`_shared_segmenter`)."""

    def __init__(self, backend: str, words: Mapping[str, int], *, hmm: bool) -> None:
        self.backend = backend
        self.hmm = hmm
        if backend == "fast":
            self._impl = _rjieba_class()()
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


_SEGMENTERS: OrderedDict[tuple, _Segmenter] = OrderedDict()
_SEGMENTERS_KEPT = 2  # each holds a whole dictionary (tens of MB): keep the two used last


def _shared_segmenter(backend: str, words: Mapping[str, int], *, hmm: bool) -> _Segmenter:
    """The segmenter for these words, built once per process (its dictionary takes ~0.2–1.5 s)."""
    digest = hashlib.sha256(json.dumps(sorted(words.items()), ensure_ascii=False).encode()).hexdigest()
    key = (backend, hmm, digest)
    found = _SEGMENTERS.get(key)
    if found is None:
        found = _Segmenter(backend, words, hmm=hmm)
        _SEGMENTERS[key] = found
        while len(_SEGMENTERS) > _SEGMENTERS_KEPT:
            _SEGMENTERS.popitem(last=False)
    _SEGMENTERS.move_to_end(key)
    return found


def _jieba_set_word(tk, word: str, freq: int, tag: str | None) -> None:
    """Add or re-weight a word the way jieba-rs does (total adjusted by the old frequency)."""
    old = tk.FREQ.get(word, 0) or 0
    tk.FREQ[word] = freq
    tk.total += freq - old
    if tag:
        tk.user_word_tag_tab[word] = tag
    for i in range(1, len(word)):
        tk.FREQ.setdefault(word[:i], 0)


# ---------------------------------------------------------------------------- numbering words


class _Index(dict):
    """Word → number, in order of first sight; ``words[i]`` is the word numbered ``i``."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []

    def __missing__(self, word: str) -> int:
        i = len(self.words)
        self.words.append(word)
        dict.__setitem__(self, word, i)
        return i


class _Vocab(_Index):
    """A tokenizer's word numbers in one process, with each new word classified once:
    ``keep`` (1 if the tokenizer keeps it), ``ascii`` (1 if made only of ``_ASCII_CLASS``) and
    ``text`` (1 unless it is whitespace: a unit needs such a word). Number 0 is the unit separator."""

    def __init__(self, keep_token) -> None:
        super().__init__()
        self.keep = bytearray()
        self.ascii = bytearray()
        self.text = bytearray()
        self._keep_token = keep_token
        self[_UNIT]  # noqa: B018 - number 0

    def __missing__(self, word: str) -> int:
        self.keep.append(word != _UNIT and self._keep_token(word))
        self.ascii.append(_ASCII_WORD.match(word) is not None)
        self.text.append(not word.isspace() and word != "")
        return super().__missing__(word)

    def flags(self, name: str) -> np.ndarray:
        return np.frombuffer(bytes(getattr(self, name)), dtype=np.bool_)

    def numbers(self, words: Sequence[str]) -> np.ndarray:
        return np.fromiter(map(self.__getitem__, words), dtype=np.int32, count=len(words))


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

    # ------------------------------------------------------------------ settings
    @functools.cached_property
    def terms(self) -> dict[str, int]:
        """Every word added to the segmenter, with its frequency."""
        terms: dict[str, int | None] = {}
        if self.lexicon:
            terms.update(_kit_terms()[0])  # every lexicon and framework term, frequency included
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

        return {
            "kit": __version__,
            "format": _FORMAT_VERSION,
            "segmenter": "jieba-compatible",  # both backends give the same tokens
            "hmm": self.hmm,
            "pos": self.pos,
            "lexicon": lexicon.LEXICON_VERSION if self.lexicon else None,
            "framework": _kit_terms()[1] if self.lexicon else None,
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
        return _shared_segmenter(self.backend, self.terms, hmm=self.hmm)

    @functools.cached_property
    def _vocab(self) -> _Vocab:
        """Numbers of the words this tokenizer has seen in this process, each classified once."""
        return _Vocab(self._keep_token)

    @functools.cached_property
    def _tags(self) -> _Index:
        return _Index()

    def __getstate__(self) -> dict:
        # worker processes started with "spawn" rebuild the backend and the word numbers
        return {k: v for k, v in self.__dict__.items() if k not in ("_segmenter", "_vocab", "_tags")}

    def __repr__(self) -> str:
        return (f"Tokenizer(backend={self.backend!r}, 词条={len(self.terms)}, 停用词={len(self.stopword_set)}, "
                f"pos={self.pos})")

    # ------------------------------------------------------------------ segmentation
    def cut(self, text: str) -> list[str] | list[tuple[str, str]]:
        """Segment one string; return the kept tokens (``(token, tag)`` pairs when ``pos``)."""
        _check_text(text, "text")
        ids, _, tags, _ = self._cut_text(_CONTROL.sub(" ", text), 1) if text else self._cut_text("", 0)
        words = self._vocab.words
        out = [words[i] for i in ids.tolist()]
        if self.pos:
            tag_words = self._tags.words
            return list(zip(out, [tag_words[t] for t in tags.tolist()]))
        return out

    def _cut_text(self, text: str, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray]:
        """Kept tokens of the ``n`` segments of ``text`` (separated by ``_UNIT``; no other control
        characters in it).

        Returns the tokens' numbers in :attr:`_vocab` (int32, all segments one after the other),
        the number of tokens of each segment, with ``pos`` the tags' numbers in :attr:`_tags`
        (else None), and whether each segment holds anything but whitespace.

        The segments are cut together, in pieces of about ``_PIECE_CHARS`` characters that end
        after a separator (:meth:`_raw_pieces`): their boundaries fall on punctuation or line
        breaks, where the segmenter splits anyway, and both backends give a separator back as a
        token of its own, so this gives the tokens of cutting segment by segment at a fraction of
        the per-call overhead. Each piece's words are numbered as soon as it is cut. Then, on
        arrays: runs of two or more adjacent tokens made only of Latin
        letters, digits and ``.-%+#&_`` are merged into one (the two backends cut such runs
        differently), and each token is kept or dropped by the flag its word got when first
        seen (stopwords, punctuation, numbers).
        """
        empty = np.zeros(0, dtype=np.int32)
        if n == 0:
            return empty, np.zeros(0, dtype=np.int64), (empty if self.pos else None), np.zeros(0, dtype=bool)
        vocab = self._vocab
        tag_codes = None
        if self.pos:
            pairs = _merge_ascii_tagged(self._raw_tag(text))
            codes = vocab.numbers([w for w, _ in pairs])
            tag_codes = np.fromiter(map(self._tags.__getitem__, [t for _, t in pairs]), dtype=np.int32,
                                    count=len(pairs))
        else:  # numbered a piece at a time, while its words are still in the CPU cache
            parts = [vocab.numbers(words) for words in self._raw_pieces(text)]
            codes = self._merge_ascii(np.concatenate(parts) if len(parts) > 1 else parts[0])
        separators = np.flatnonzero(codes == 0)
        if len(separators) != n - 1:  # pragma: no cover - a separator joined to a neighbour
            parts = [self._cut_text(piece, 1) for piece in text.split(_UNIT)]
            return (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]),
                    np.concatenate([p[2] for p in parts]) if self.pos else None,
                    np.concatenate([p[3] for p in parts]))
        # per segment: the kept tokens (and those of text) between two separators, which are
        # neither, found by searching the separators among their positions
        bounds = np.concatenate(([0], separators, [len(codes)]))
        real = np.diff(np.searchsorted(np.flatnonzero(vocab.flags("text")[codes]), bounds)) > 0
        kept = np.flatnonzero(vocab.flags("keep")[codes])
        counts = np.diff(np.searchsorted(kept, bounds)).astype(np.int64)
        return codes[kept], counts, (tag_codes[kept] if tag_codes is not None else None), real

    def _merge_ascii(self, codes: np.ndarray) -> np.ndarray:
        """Merge each run of two or more adjacent Latin/digit tokens (numbers in :attr:`_vocab`) into one token."""
        is_ascii = self._vocab.flags("ascii")[codes]
        if len(codes) < 2 or not (is_ascii[1:] & is_ascii[:-1]).any():
            return codes
        edges = np.diff(is_ascii.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
        starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        runs = ends - starts > 1
        gone = np.zeros(len(codes), dtype=bool)
        vocab = self._vocab
        words = vocab.words
        for start, end in zip(starts[runs].tolist(), ends[runs].tolist()):
            codes[start] = vocab["".join([words[i] for i in codes[start:end].tolist()])]
            gone[start + 1 : end] = True
        return codes[~gone]

    def _alias_spans(self, text: str) -> list[tuple[int, int]]:
        """Where the bracketed forms are in ``text`` (leftmost-longest, not overlapping)."""
        if not self._alias_forms or ("（" not in text and "(" not in text):
            return []
        from .matching import _automaton

        forms = self._alias_tuple
        automaton = _automaton(forms, longest=True)
        windows = _bracket_windows(forms, text)
        if windows is None:
            return [(start, end) for _, start, end in automaton.find_matches_as_indexes(text)]
        if not windows:
            return []
        # the stretches that can hold a form, joined by a character no form holds, searched in one
        # call (the automaton would otherwise convert the whole text to UTF-8 first)
        starts = np.array([a for a, _ in windows], dtype=np.int64)
        at = np.concatenate(([0], np.cumsum([b - a + 1 for a, b in windows])[:-1]))
        found = automaton.find_matches_as_indexes(_UNIT.join([text[a:b] for a, b in windows]))
        if not found:
            return []
        spans = np.array([(start, end) for _, start, end in found], dtype=np.int64)
        shift = (starts - at)[np.searchsorted(at, spans[:, 0], side="right") - 1]
        return [(start, end) for start, end in (spans + shift[:, None]).tolist()]

    @functools.cached_property
    def _alias_tuple(self) -> tuple[str, ...]:
        return tuple(sorted(self._alias_forms))

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

    def _raw_pieces(self, text: str) -> Iterator[list[str]]:
        """:meth:`_raw_cut` of ``text`` a piece at a time (the pieces' lists one after the other
        give the same words). A long stretch is cut in pieces of about ``_PIECE_CHARS`` characters
        that end just after a unit separator: the separator is a token of its own, where both
        backends split anyway, and small pieces keep the segmenter's and the numbering's memory
        in the CPU cache (cutting 200,000 characters at once is a fifth slower)."""
        cut = self._segmenter.cut
        prev = 0
        for start, end in [*self._alias_spans(text), (len(text), len(text))]:
            while start - prev > _PIECE_CHARS:
                stop = text.find(_UNIT, prev + _PIECE_CHARS, start) + 1
                if not stop:
                    break
                yield cut(text[prev:stop])
                prev = stop
            if start > prev:
                yield cut(text[prev:start])
            if end > start:
                yield [text[start:end]]
            prev = end
        if not text:
            yield cut(text)

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

    def _cut_chunk(self, texts: Sequence[str], unit: str, *, records: bool = True) -> tuple[_Records | None, _Columns]:
        """Segment a chunk of documents in one call.

        Returns what the cache stores (see :func:`_encode_chunk`; None unless ``records``) and the
        chunk's tokens as columns numbered in this process's :attr:`_vocab`. The stored bytes
        carry the chunk's own vocabulary, so they mean the same in any process (worker processes
        send columns and their new words, see :class:`_Worker`).

        Units are not cut out one by one: a separator is put after each sentence end (or in
        place of each line break), the chunk is segmented whole, and a segment is a unit when it
        holds more than whitespace — the units of :func:`zhili.units.unit_texts`, without a
        Python step per unit. Items (whose bounds need the heading structure) are cut out.
        """
        marked: list[str] = []
        n_segments = np.zeros(len(texts), dtype=np.int64)
        if unit == "sentence" and texts:  # the whole chunk at once, on arrays
            joined, n_segments = _mark_sentences([_CONTROL.sub(" ", t) if _has_control(t) else t for t in texts])
        for d, text in enumerate(texts if unit != "sentence" else ()):
            if _has_control(text):
                text = _CONTROL.sub(" ", text)
            if unit == "paragraph":
                text = text.replace("\n", _UNIT)
            elif unit == "item":
                text = _UNIT.join(unit_texts(text, unit))
            marked.append(text)
            n_segments[d] = text.count(_UNIT) + 1
        if unit != "sentence" or not texts:
            joined = _UNIT.join(marked)
        ids, counts, tags, real = self._cut_text(joined, int(n_segments.sum()))
        if unit != "item":  # segments of nothing but whitespace are no units (their tokens were dropped)
            counts = counts[real]
            n_units = np.add.reduceat(real.astype(np.int64), np.concatenate(([0], np.cumsum(n_segments)[:-1]))) \
                if len(texts) else n_segments
        else:
            n_units = np.where(np.array([t.strip() != "" for t in marked]), n_segments, 0)
            counts = counts[np.repeat(n_units > 0, n_segments)]
        columns = _Columns(ids, counts, n_units, tags)
        if not records:
            return None, columns
        return _encode_chunk(counts, n_units, ids, self._vocab.words, tags,
                             self._tags.words if self.pos else None), columns


@functools.lru_cache(maxsize=16)
def _bracket_marks(forms: tuple[str, ...]) -> tuple[str, int] | None:
    """Brackets of which every form holds one (the opening ones when they do), and the longest
    form's length; None when some form holds no bracket or holds ``_UNIT`` (then the windows of
    :func:`_bracket_windows` would not do)."""
    if not forms or any(_UNIT in form for form in forms):
        return None
    for marks in ("（(", "（()）"):
        if all(any(c in form for c in marks) for form in forms):
            return marks, max(map(len, forms))
    return None


def _bracket_windows(forms: tuple[str, ...], text: str) -> list[tuple[int, int]] | None:
    """Stretches of ``text`` that hold every place one of the ``forms`` can occur: as far as the
    longest form reaches on either side of each bracket (every form holds one), merged where
    they meet. A match lies inside one stretch and never overlaps a match of another, so the
    leftmost-longest matches of the stretches are those of the whole text. None when a form
    holds no bracket."""
    found = _bracket_marks(forms)
    if found is None:
        return None
    marks, longest = found
    where: list[int] = []
    for mark in marks:  # str.find skips ahead in C (a regex over the text is ten times slower)
        i = text.find(mark)
        while i >= 0:
            where.append(i)
            i = text.find(mark, i + 1)
    windows: list[tuple[int, int]] = []
    for i in sorted(where):
        a, b = max(0, i - longest + 1), min(len(text), i + longest)
        if windows and a <= windows[-1][1]:
            windows[-1] = (windows[-1][0], b)
        else:
            windows.append((a, b))
    return windows


#: Classes of UTF-16 code units for :func:`_mark_sentences`: 1 a sentence end (``_TERMINATED``'s
#: first alternative), 2 an ellipsis (its second), 3 a closer, 4 the boundary of two texts, 5 a line break.
_END_CLASS = np.zeros(1 << 16, dtype=np.uint8)
_END_CLASS[[ord(c) for c in "。！？!?；;"]] = 1
_END_CLASS[ord("…")] = 2
_END_CLASS[[ord(c) for c in _CLOSERS]] = 3
_END_CLASS[0x1D] = 4
_END_CLASS[0x0A] = 5
_MARKED = _END_CLASS != 0  # (a table of booleans: their positions are found twice as fast)


def _mark_sentences(texts: Sequence[str]) -> tuple[str, np.ndarray]:
    """``_UNIT.join`` of the texts, each with ``_UNIT`` put after every sentence end and in place
    of every line break, and the number of segments of each text — what
    ``_SENTENCE_END.sub(lambda m: m.group() + _UNIT, text).replace("\n", _UNIT)`` gives text by
    text, found here on an array of the chunk's UTF-16 code units instead of one Python call per
    sentence. A match of ``_TERMINATED`` is a run of sentence-end marks (or of ellipses) and the
    run of closers right after it; it ends where the next character neither is a closer nor
    continues the run. No text may hold U+001D (it stands for the boundary of two texts here).
    """
    units = np.frombuffer("\x1d".join(texts).encode("utf-16-le", "surrogatepass"), dtype=np.uint16).copy()
    pos = np.flatnonzero(_MARKED[units])  # the few code units that matter, then only those
    kind = _END_CLASS[units[pos]]
    ends = run_ends(pos, kind)
    breaks, bounds = pos[kind == 5], pos[kind == 4]
    separators = np.sort(np.concatenate((ends, breaks)))
    before = np.searchsorted(separators, bounds, side="right")
    n_segments = np.diff(np.concatenate(([0], before, [len(separators)]))).astype(np.int64) + 1
    units[breaks] = 0x1E
    units[bounds] = 0x1E
    return np.insert(units, ends, 0x1E).tobytes().decode("utf-16-le", "surrogatepass"), n_segments


class _Columns(NamedTuple):
    """Tokens of consecutive documents, numbered in one tokenizer's vocabulary (one process)."""

    ids: np.ndarray       # int32, all tokens
    counts: np.ndarray    # int64, tokens of each unit
    n_units: np.ndarray   # int64, units of each document
    tags: np.ndarray | None


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


# ---------------------------------------------------------------------------- records

#: The cache stores a chunk's tokens as one word list (a *vocabulary*, shared by the chunk's
#: documents) and one record per document that refers to it by digest. All little-endian.
#:
#: Vocabulary: magic ``ZV``, layout version, flags (1: tags), number of words, bytes of the word
#: list, number of tags, bytes of the tag list; then the words as UTF-8 joined by U+001F, and the
#: tags likewise.
#:
#: Record: magic ``ZT``, layout version, flags (1: tags; 2: 32-bit token numbers; 4: 16-bit tag
#: numbers), number of units, of tokens, the vocabulary's number of words and of tags, and the
#: first 16 bytes of its SHA-256 (its key, in hex). Then the tokens of each unit (uint32), each
#: token's number in the vocabulary's words (uint16, or uint32 past 65,536 words), and with tags
#: each tag's number (uint8, or uint16 past 256 tags).
_MAGIC = b"ZT"
_VOCAB_MAGIC = b"ZV"
_RECORD_VERSION = 2
_VOCAB_VERSION = 1
_HEAD = struct.Struct("<2sBBIIII16s")
_VOCAB_HEAD = struct.Struct("<2sBBIIII")
_POS, _WIDE, _WIDE_TAGS = 1, 2, 4


class _Records(NamedTuple):
    """What the cache stores for a chunk: its vocabulary (key and bytes) and one record per document."""

    vocab_key: str
    vocab: bytes
    records: list[bytes]


def _encode_vocab(words: Sequence[str], tags: Sequence[str] | None = None) -> bytes:
    """A vocabulary's bytes (see above): ``words``, and ``tags`` when tagged."""
    text = _TOK.join(words).encode("utf-8", "surrogatepass")
    tag_text = _TOK.join(tags).encode("utf-8", "surrogatepass") if tags is not None else b""
    head = _VOCAB_HEAD.pack(_VOCAB_MAGIC, _VOCAB_VERSION, _POS if tags is not None else 0, len(words), len(text),
                            len(tags) if tags is not None else 0, len(tag_text))
    return b"".join((head, text, tag_text))


def _vocab_key(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()[:32]


def _decode_vocab(blob: bytes) -> tuple[list[str], list[str] | None]:
    """``(words, tags)`` of a vocabulary (tags None unless tagged); ValueError if it is malformed."""
    magic, version, flags, n_words, n_bytes, n_tags, tag_bytes = _VOCAB_HEAD.unpack_from(blob, 0)
    if magic != _VOCAB_MAGIC or version != _VOCAB_VERSION or len(blob) != _VOCAB_HEAD.size + n_bytes + tag_bytes:
        raise ValueError("not a vocabulary of this layout")
    at = _VOCAB_HEAD.size
    words = blob[at : at + n_bytes].decode("utf-8", "surrogatepass").split(_TOK) if n_words else []
    at += n_bytes
    tags = (blob[at : at + tag_bytes].decode("utf-8", "surrogatepass").split(_TOK) if n_tags else []) \
        if flags & _POS else None
    if len(words) != n_words or (tags is not None and len(tags) != n_tags):
        raise ValueError("inconsistent vocabulary")
    return words, tags


def _encode_chunk(counts: np.ndarray, n_units: np.ndarray, ids: np.ndarray, words: list[str],
                  tags: np.ndarray | None = None, tag_words: list[str] | None = None) -> _Records:
    """The cache's bytes for consecutive documents: ``n_units`` units each, ``counts`` tokens per
    unit, ``ids`` numbers into ``words`` (``tags`` into ``tag_words`` when tagged).

    The vocabulary holds the words the documents use, in the order of their numbers; each token is
    renumbered into it by indexing one array, and each document's record is cut from the chunk's
    arrays (no per-document word list, no sorting)."""
    used, local = _compact(ids, len(words))
    flags = _WIDE if len(used) > 65536 else 0
    vocab_tags = None
    if tags is not None:
        assert tag_words is not None
        tag_used, tag_local = _compact(tags, len(tag_words))
        vocab_tags = [tag_words[i] for i in tag_used.tolist()]
        flags |= _POS | (_WIDE_TAGS if len(tag_used) > 256 else 0)
    blob = _encode_vocab([words[i] for i in used.tolist()], vocab_tags)
    key = _vocab_key(blob)
    digest = bytes.fromhex(key)
    width, tag_width = (4 if flags & _WIDE else 2), (2 if flags & _WIDE_TAGS else 1)
    id_bytes = local.astype("<u4" if width == 4 else "<u2").tobytes()
    tag_bytes = tag_local.astype("<u2" if tag_width == 2 else "u1").tobytes() if tags is not None else b""
    length_bytes = np.asarray(counts, dtype="<u4").tobytes()
    unit_bounds = np.concatenate(([0], np.cumsum(n_units))).tolist()
    token_bounds = np.concatenate(([0], np.cumsum(counts, dtype=np.int64)))[unit_bounds].tolist()
    n_words, n_tags = len(used), (len(vocab_tags) if vocab_tags is not None else 0)
    pack = _HEAD.pack
    records = []
    for d in range(len(n_units)):
        u0, u1, t0, t1 = unit_bounds[d], unit_bounds[d + 1], token_bounds[d], token_bounds[d + 1]
        records.append(b"".join((pack(_MAGIC, _RECORD_VERSION, flags, u1 - u0, t1 - t0, n_words, n_tags, digest),
                                 length_bytes[4 * u0 : 4 * u1], id_bytes[width * t0 : width * t1],
                                 tag_bytes[tag_width * t0 : tag_width * t1])))
    return _Records(key, blob, records)


def _compact(ids: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The numbers below ``n`` that ``ids`` uses (ascending) and ``ids`` renumbered into them."""
    seen = np.zeros(n, dtype=bool)
    seen[ids] = True
    used = np.flatnonzero(seen)
    rank = np.zeros(n, dtype=np.int64)
    rank[used] = np.arange(len(used))
    return used, rank[ids]


def _is_record(blob: bytes) -> bool:
    """True for a record of the current layout (checked before a cached value is used)."""
    return len(blob) >= _HEAD.size and blob[:2] == _MAGIC and blob[2] == _RECORD_VERSION


def _record_vocab(blob: bytes) -> tuple[str, int, int]:
    """The key of a record's vocabulary and its numbers of words and tags (the record is current)."""
    *_, n_words, n_tags, digest = _HEAD.unpack_from(blob, 0)
    return digest.hex(), n_words, n_tags


def _vocab_sizes(blob: bytes) -> tuple[int, int] | None:
    """Numbers of words and tags of a vocabulary of the current layout (None for anything else)."""
    if len(blob) < _VOCAB_HEAD.size or blob[:2] != _VOCAB_MAGIC or blob[2] != _VOCAB_VERSION:
        return None
    fields = _VOCAB_HEAD.unpack_from(blob, 0)
    return fields[3], fields[5]


def _decode(blob: bytes):
    """``(lengths, ids, tag_ids, vocab_key)`` of a record (``tag_ids`` None unless tagged), ids
    numbering the words of the vocabulary ``vocab_key``; ValueError if it is malformed."""
    magic, version, flags, n_units, n_tokens, n_words, n_tags, digest = _HEAD.unpack_from(blob, 0)
    if magic != _MAGIC or version != _RECORD_VERSION:
        raise ValueError("not a token record of this layout")
    at = _HEAD.size
    lengths = np.frombuffer(blob, dtype="<u4", count=n_units, offset=at)
    at += 4 * n_units
    width = 4 if flags & _WIDE else 2
    ids = np.frombuffer(blob, dtype="<u4" if width == 4 else "<u2", count=n_tokens, offset=at)
    at += width * n_tokens
    tag_ids = None
    if flags & _POS:
        tag_width = 2 if flags & _WIDE_TAGS else 1
        tag_ids = np.frombuffer(blob, dtype="<u2" if tag_width == 2 else "u1", count=n_tokens, offset=at)
        at += tag_width * n_tokens
    if (at != len(blob) or int(lengths.sum(dtype=np.int64)) != n_tokens
            or (n_tokens and (int(ids.max()) >= n_words or (tag_ids is not None and int(tag_ids.max()) >= n_tags)))):
        raise ValueError("inconsistent token record")
    return lengths, ids, tag_ids, digest.hex()


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
#: Layout of the cache file (its name ``tokens-v6.sqlite`` and its PRAGMA user_version). A new
#: layout gets a new file; the definition of the tokens (:data:`_FORMAT_VERSION`) and thus every
#: key and every provenance table stay the same when only the storage changes. Version 5: values
#: are binary records instead of text. Version 6: a record refers to a vocabulary shared by the
#: documents segmented together, stored once in the table ``vocabs`` (:func:`_encode_chunk`).
_CACHE_VERSION = 6
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
            # a vocabulary is used whenever one of its documents is: none of them is newer
            con.execute("DELETE FROM vocabs WHERE used <= ?", (_today() - days,))
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
    """Document-level token cache in SQLite; values are binary records with a SHA-1 checksum
    (table ``tokens``), which refer to vocabularies stored once each (table ``vocabs``).

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

    @property
    def usable(self) -> bool:
        """False once the cache has switched itself off (new records need not be made)."""
        return self.con is not None

    def get_many(self, keys: list[str]) -> tuple[dict[str, bytes], dict[str, bytes]]:
        """Verified records of the keys found, and the vocabularies they refer to (by key); the
        rest must be segmented. Never raises.

        A value whose checksum does not match, or that is not a record (or a vocabulary) of the
        current layout, is deleted and counts as not found; so does a record whose vocabulary is
        missing or does not fit it.
        """
        found: dict[str, bytes] = {}
        vocabs: dict[str, bytes] = {}
        if self.con is None:
            return found, vocabs
        bad: dict[str, list[str]] = {"tokens": [], "vocabs": []}
        stale: dict[str, list[str]] = {"tokens": [], "vocabs": []}  # found, but last used before today
        today = _today()
        try:
            found = self._select("tokens", sorted(set(keys)), _is_record, bad["tokens"], stale["tokens"], today)
            wanted = {key: _record_vocab(value) for key, value in found.items()}
            vocabs = self._select("vocabs", sorted({v[0] for v in wanted.values()}),
                                  lambda value: _vocab_sizes(value) is not None, bad["vocabs"], stale["vocabs"], today)
            sizes = {key: _vocab_sizes(value) for key, value in vocabs.items()}
            for key, (vocab, n_words, n_tags) in wanted.items():
                if sizes.get(vocab) != (n_words, n_tags):
                    bad["tokens"].append(key)
                    del found[key]
        except sqlite3.Error as exc:
            self._trouble("读取", exc, reopen=True)
            return ({}, {}) if self.con is not None else (found, vocabs)
        if any(bad.values()) or any(stale.values()):
            try:
                with _transaction(self.con):
                    for table in ("tokens", "vocabs"):
                        self.con.executemany(f"DELETE FROM {table} WHERE key = ?", [(k,) for k in bad[table]])
                        for i in range(0, len(stale[table]), _CHUNK):  # last use: one batched write a day at most
                            chunk = stale[table][i : i + _CHUNK]
                            self.con.execute(f"UPDATE {table} SET used = ? WHERE key IN ({','.join('?' * len(chunk))})",
                                             [today, *chunk])
            except sqlite3.Error as exc:
                self._trouble("更新", exc, reopen=False)
        return found, vocabs

    def _select(self, table: str, keys: list[str], valid, bad: list[str], stale: list[str], today: int) -> dict[str, bytes]:
        """The values of ``keys`` in ``table`` that pass their checksum and ``valid``; the keys of
        the others go to ``bad``, those last used before today to ``stale``."""
        assert self.con is not None
        found: dict[str, bytes] = {}
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            for key, checksum, value, used in self.con.execute(
                    f"SELECT key, checksum, value, used FROM {table} WHERE key IN ({marks})", chunk):
                if isinstance(value, bytes) and valid(value) and hashlib.sha1(value).hexdigest() == checksum:
                    found[key] = value
                    if used < today:
                        stale.append(key)
                else:
                    bad.append(key)
        return found

    def put_many(self, items: Iterable[tuple[str, bytes]], vocabs: Iterable[tuple[str, bytes]] = ()) -> None:
        """Store records and the vocabularies they refer to (never raises); then keep the file
        under the size bound."""
        if self.con is None:
            return
        today = _today()
        rows = [(key, hashlib.sha1(value).hexdigest(), value, today, len(value) + len(key)) for key, value in items]
        vocab_rows = [(key, hashlib.sha1(value).hexdigest(), value, today, len(value) + len(key))
                      for key, value in vocabs]
        if not rows:
            return
        try:
            with _transaction(self.con):
                self.con.executemany("INSERT OR REPLACE INTO tokens (key, checksum, value, used, size) "
                                     "VALUES (?, ?, ?, ?, ?)", rows)
                # after the records: on the same day, least recently used goes by rowid, records first
                self.con.executemany("INSERT OR REPLACE INTO vocabs (key, checksum, value, used, size) "
                                     "VALUES (?, ?, ?, ?, ?)", vocab_rows)
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
                # records before vocabularies of the same day (a vocabulary is never older than its records)
                rows = con.execute("SELECT 0 AS kind, key, size, used, rowid AS r FROM tokens UNION ALL "
                                   "SELECT 1, key, size, used, rowid FROM vocabs ORDER BY used, kind, r").fetchall()
                if not rows:
                    break
                scale = live / max(1, sum(row[2] for row in rows))
                need, doomed = (live - target) / scale, ([], [])
                for table, key, size, _, _ in rows:
                    doomed[table].append(key)
                    need -= size
                    if need <= 0:
                        break
                with _transaction(con):
                    con.executemany("DELETE FROM tokens WHERE key = ?", [(k,) for k in doomed[0]])
                    con.executemany("DELETE FROM vocabs WHERE key = ?", [(k,) for k in doomed[1]])
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
    # A cache needs no fsync per transaction: in WAL mode NORMAL still never corrupts the file, a
    # power cut can only lose the last writes (which are then segmented again).
    con.execute("PRAGMA synchronous=NORMAL")
    if con.execute("PRAGMA user_version").fetchone()[0] == _CACHE_VERSION:
        return
    with _transaction(con):  # two processes may create the file at once: one wins, both agree
        if con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            if con.execute("PRAGMA user_version").fetchone()[0] != _CACHE_VERSION:
                raise _Foreign("not a token cache of this format")
            return
        for table in ("tokens", "vocabs"):  # records per document; vocabularies they share
            con.execute(f"CREATE TABLE {table} (key TEXT PRIMARY KEY, checksum TEXT NOT NULL, value BLOB NOT NULL, "
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

    The tokens are stored in columns (see the module notes): ``vocab`` (the distinct words,
    sorted), ``ids`` (int32, one per token, into ``vocab``), ``offsets`` (int64: the tokens of unit
    ``i`` are ``ids[offsets[i]:offsets[i + 1]]``) and ``doc_index`` (int32: the document of each
    unit); with ``pos=True`` also ``tag_vocab`` and ``tag_ids``. Lists of strings are made only
    when asked for: ``toks[i]`` and iteration build one unit at a time; ``tokens`` builds all of
    them once and keeps them (about ten times the memory of the columns).

    Attributes
    ----------
    tokens : list of list of str
        One list per unit (``(token, tag)`` pairs when ``pos=True``), made on first use.
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
    >>> toks.vocab, toks.ids.tolist(), toks.offsets.tolist()
    (['共同缔造', '决策共谋', '坚持', '推进'], [3, 0, 2, 1], [0, 2, 4])
    """

    def __init__(self, corpus, unit: str, tokens: Sequence[Sequence], doc_index: Sequence[int],
                 meta: dict[str, Any]) -> None:
        """Tokens from lists (one per unit; ``(token, tag)`` pairs when ``meta`` says ``pos``)."""
        pos = bool((meta.get("settings") or {}).get("pos"))
        lengths = np.fromiter((len(u) for u in tokens), dtype=np.int64, count=len(tokens))
        flat = list(chain.from_iterable(tokens))
        words = [w for w, _ in flat] if pos else flat
        index = _Index()
        ids = np.fromiter(map(index.__getitem__, words), dtype=np.int32, count=len(words))
        tag_vocab = tag_ids = None
        if pos:
            tag_index = _Index()
            tag_ids = np.fromiter(map(tag_index.__getitem__, [t for _, t in flat]), dtype=np.int32, count=len(flat))
            tag_vocab, tag_ids = _sorted_numbers(tag_index.words, tag_ids)
        vocab, ids = _sorted_numbers(index.words, ids)
        self._set(corpus, unit, vocab, ids, np.concatenate(([0], np.cumsum(lengths))),
                  np.asarray(doc_index, dtype=np.int32), meta, tag_vocab, tag_ids)

    @classmethod
    def from_arrays(cls, corpus, unit: str, vocab: Sequence[str], ids, offsets, doc_index, meta: dict[str, Any], *,
                    tag_vocab: Sequence[str] | None = None, tag_ids=None) -> Tokens:
        """Tokens from columns (no copy when the arrays have the right types).

        ``vocab`` must be sorted and without duplicates (``sorted(set(words))``), ``ids`` index it,
        ``offsets`` has one entry more than there are units, and ``doc_index`` gives each unit's
        document (non-decreasing: units in corpus order).
        """
        self = cls.__new__(cls)
        self._set(corpus, unit, list(vocab), np.asarray(ids, dtype=np.int32), np.asarray(offsets, dtype=np.int64),
                  np.asarray(doc_index, dtype=np.int32), meta, None if tag_vocab is None else list(tag_vocab),
                  None if tag_ids is None else np.asarray(tag_ids, dtype=np.int32))
        return self

    def _set(self, corpus, unit, vocab, ids, offsets, doc_index, meta, tag_vocab, tag_ids) -> None:
        if len(offsets) != len(doc_index) + 1 or offsets[0] != 0 or offsets[-1] != len(ids):
            raise ZhiliError("分词结果的列不一致：offsets 应比单元数多一个，从 0 开始，以词数结束。")
        for array in (ids, offsets, doc_index, tag_ids):
            if array is not None:
                array.flags.writeable = False
        self.corpus = corpus
        self.unit = unit
        self.meta = meta
        self.vocab: list[str] = vocab
        self.ids: np.ndarray = ids
        self.offsets: np.ndarray = offsets
        self.doc_index: np.ndarray = doc_index
        self.tag_vocab: list[str] | None = tag_vocab
        self.tag_ids: np.ndarray | None = tag_ids
        self._lists: list[list] | None = None

    # ------------------------------------------------------------------ columns
    @property
    def pos(self) -> bool:
        """Whether tokens carry part-of-speech tags."""
        return self.tag_ids is not None

    @property
    def n_tokens(self) -> int:
        """Number of tokens in all units."""
        return len(self.ids)

    @property
    def lengths(self) -> np.ndarray:
        """Number of tokens of each unit (int64)."""
        return np.diff(self.offsets)

    def unit_of_token(self) -> np.ndarray:
        """The unit (row number) of every token (int64)."""
        return np.repeat(np.arange(len(self), dtype=np.int64), self.lengths)

    @property
    def _doc_index(self) -> np.ndarray:  # the name used before the columnar layout
        return self.doc_index

    @functools.cached_property
    def _vocab_array(self) -> np.ndarray:
        return np.array(self.vocab, dtype=object) if self.vocab else np.zeros(0, dtype=object)

    # ------------------------------------------------------------------ lists
    def __len__(self) -> int:
        return len(self.offsets) - 1

    def _unit(self, i: int) -> list:
        a, b = int(self.offsets[i]), int(self.offsets[i + 1])
        words = self._vocab_array[self.ids[a:b]].tolist()
        if self.tag_ids is None:
            return words
        tags = self.tag_vocab or []
        return list(zip(words, [tags[t] for t in self.tag_ids[a:b].tolist()]))

    def __iter__(self) -> Iterator[list]:
        if self._lists is not None:
            return iter(self._lists)
        return (self._unit(i) for i in range(len(self)))

    def __getitem__(self, i):
        if self._lists is not None:
            return self._lists[i]
        if isinstance(i, slice):
            return [self._unit(j) for j in range(len(self))[i]]
        n = len(self)
        j = operator.index(i)
        j = j + n if j < 0 else j
        if not 0 <= j < n:
            raise IndexError(f"单元序号 {i} 超出范围（共 {n} 个单元）。")
        return self._unit(j)

    @property
    def tokens(self) -> list[list]:
        """One list of tokens per unit (``(token, tag)`` pairs when tagged), made once on first use."""
        if self._lists is None:
            self._lists = self._split(self._flat())
        return self._lists

    def _flat(self) -> list:
        words = self._vocab_array[self.ids].tolist()
        if self.tag_ids is None:
            return words
        tags = np.array(self.tag_vocab or [], dtype=object)[self.tag_ids].tolist()
        return list(zip(words, tags))

    def _split(self, flat: list) -> list[list]:
        bounds = self.offsets.tolist()
        return [flat[a:b] for a, b in zip(bounds[:-1], bounds[1:])]

    def __repr__(self) -> str:
        return f"<Tokens：{len(self.corpus)} 篇文档，{len(self)} 个{_UNIT_NAMES[self.unit]}，{self.n_tokens} 个词>"

    @property
    def doc_ids(self) -> list[str]:
        """The document id of each unit."""
        ids = np.array(self.corpus.doc_ids, dtype=object)
        return ids[self.doc_index].tolist() if len(self.doc_index) else []

    @functools.cached_property
    def units(self) -> pd.DataFrame:
        """The unit table (doc_id, unit_id, heading_path, offsets, text) aligned with ``tokens``."""
        table = self.corpus.units(self.unit)
        if len(table) != len(self):  # pragma: no cover - guards a cache/format mismatch
            raise ZhiliError("分词结果与语料单元数量不一致：请运行 zl.tokens.clear_cache() 后重试。")
        return table

    @property
    def docvars(self) -> pd.DataFrame:
        """Document variables repeated for each unit (same row order as ``tokens``)."""
        dv = self.corpus.docvars.reset_index()
        return dv.iloc[self.doc_index].reset_index(drop=True)

    def to_lists(self) -> list[list]:
        """A fresh copy of the token lists (changing it leaves the Tokens as they are)."""
        if self._lists is not None:
            return [list(t) for t in self._lists]
        return self._split(self._flat())

    def to_frame(self) -> pd.DataFrame:
        """One row per token: ``doc_id``, ``unit_id``, ``position`` (0-based in the unit),
        ``token`` (and ``pos`` when tagged)."""
        lengths = self.lengths
        unit_of = self.unit_of_token()
        unit_ids = np.array(self.units["unit_id"].tolist(), dtype=object)
        doc_ids = np.array(self.doc_ids, dtype=object)
        frame = pd.DataFrame({  # lists, so that pandas infers the column types as it always did
            "doc_id": doc_ids[unit_of].tolist(),
            "unit_id": unit_ids[unit_of].tolist(),
            "position": (np.arange(self.n_tokens, dtype=np.int64) - np.repeat(self.offsets[:-1], lengths)).tolist(),
            "token": self._vocab_array[self.ids].tolist(),
        })
        if self.tag_ids is not None:
            frame["pos"] = np.array(self.tag_vocab or [], dtype=object)[self.tag_ids].tolist()
        return frame

    def words(self) -> list[list[str]]:
        """Token strings per unit (tags dropped when tagged)."""
        if self.tag_ids is None:
            return self.tokens
        if self._lists is not None:
            return [[w for w, _ in t] for t in self._lists]
        return self._split(self._vocab_array[self.ids].tolist())

    # ------------------------------------------------------------------ combining
    @classmethod
    def concat(cls, parts: Sequence[Tokens]) -> Tokens:
        """Tokens of several corpora one after the other (same unit and settings; distinct doc_ids).

        The parts may come from different processes or machines (a corpus tokenized chunk by
        chunk): their vocabularies are merged and the ids renumbered, so the result equals
        tokenizing the concatenated corpus at once.

        Examples
        --------
        >>> a = tokenize({"甲": "推进共同缔造。"}, cache=False)
        >>> b = tokenize({"乙": "坚持四权同下。"}, cache=False)
        >>> Tokens.concat([a, b]).tokens
        [['推进', '共同缔造'], ['坚持', '四权同下']]
        """
        parts = list(parts)
        if not parts or not all(isinstance(p, Tokens) for p in parts):
            raise ZhiliError("Tokens.concat 需要一个或多个分词结果（Tokens）组成的列表。")
        first = parts[0]
        for p in parts[1:]:
            if p.unit != first.unit or p.meta.get("settings") != first.meta.get("settings"):
                raise ZhiliError("只能合并单元和分词设置都相同的分词结果：请用同一个 Tokenizer 和同一个 unit 分词。")
        if len(parts) == 1:
            return first
        from .corpus import Corpus

        docs = [d for p in parts for d in p.corpus]
        report = pd.concat([p.corpus.report for p in parts if len(p.corpus.report)] or [parts[0].corpus.report],
                           ignore_index=True)
        corpus = Corpus(docs, report)
        vocab = sorted(set().union(*(p.vocab for p in parts)))
        position = {w: i for i, w in enumerate(vocab)}
        ids, offsets, doc_index, tag_ids = [], [np.zeros(1, dtype=np.int64)], [], []
        tag_vocab = sorted(set().union(*(p.tag_vocab or [] for p in parts))) if first.pos else None
        n_tokens = n_docs = 0
        for p in parts:
            remap = np.fromiter(map(position.__getitem__, p.vocab), dtype=np.int32, count=len(p.vocab))
            ids.append(remap[p.ids] if len(p.ids) else p.ids)
            offsets.append(p.offsets[1:] + n_tokens)
            doc_index.append(p.doc_index + n_docs)
            if tag_vocab is not None:
                tag_position = {t: i for i, t in enumerate(tag_vocab)}
                tag_remap = np.array([tag_position[t] for t in p.tag_vocab or []], dtype=np.int32)
                tag_ids.append(tag_remap[p.tag_ids] if len(p.tag_ids) else p.tag_ids)
            n_tokens += p.n_tokens
            n_docs += len(p.corpus)
        meta = dict(first.meta)
        return cls.from_arrays(corpus, first.unit, vocab, np.concatenate(ids), np.concatenate(offsets),
                               np.concatenate(doc_index), meta, tag_vocab=tag_vocab,
                               tag_ids=np.concatenate(tag_ids) if tag_vocab is not None else None)


def _sorted_numbers(words: list[str], ids: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Renumber ``ids`` (into ``words``, distinct) so that the vocabulary is sorted."""
    order = sorted(range(len(words)), key=words.__getitem__)
    rank = np.empty(len(words), dtype=np.int32)
    rank[order] = np.arange(len(words), dtype=np.int32)
    return [words[i] for i in order], (rank[ids] if len(ids) else ids.astype(np.int32))


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

    slot: dict[str, int] = {}  # one slot per distinct text
    for key in keys:
        slot.setdefault(key, len(slot))
    collect = _Collector(tokenizer, len(slot))
    cache = _Cache() if tokenizer.cache else None
    try:
        found, vocabs = cache.get_many(list(slot)) if cache else ({}, {})
        collect.vocabs(vocabs)
        del vocabs
        while found:  # records from the cache, numbered batch by batch and then let go
            batch = [found.popitem() for _ in range(min(_ASSEMBLE_BATCH, len(found)))]
            collect.records([slot[k] for k, _ in batch], [r for _, r in batch])
            del batch
        todo = [slot[k] for k in slot if not collect.has(slot[k])]
        if todo:
            first = {}  # slot → the first document holding that text
            for i, key in enumerate(keys):
                first.setdefault(slot[key], i)
            todo_keys = [keys[first[s]] for s in todo]
            writes: list[tuple[str, bytes]] = []
            vocab_writes: list[tuple[str, bytes]] = []
            size = 0
            for done, records, columns in _run(tokenizer, [texts[first[s]] for s in todo], unit, n_jobs=n_jobs,
                                                progress=progress, records=cache is not None and cache.usable):
                collect.columns([todo[j] for j in done], columns)
                if cache is not None and records is not None:
                    writes.extend(zip((todo_keys[j] for j in done), records.records))
                    vocab_writes.append((records.vocab_key, records.vocab))
                    size += sum(map(len, records.records)) + len(records.vocab)
                    if size >= _WRITE_BYTES:  # a transaction every few tens of MB keeps memory flat
                        cache.put_many(writes, vocab_writes)
                        writes, vocab_writes, size = [], [], 0
            if cache is not None and writes:
                cache.put_many(writes, vocab_writes)
            del writes, vocab_writes  # the last records written (up to _WRITE_BYTES)
    finally:
        if cache:
            cache.close()

    vocab, ids, offsets, doc_index, tag_vocab, tag_ids = collect.finish([slot[k] for k in keys])
    del collect
    if len(ids) >= _TRIM_MIN_TOKENS:
        # the chunks' columns (workers' results or cache records) were freed among the blocks that
        # stay: their pages go back to the system (glibc; 10k pipeline, cold cache: peak ~700 ->
        # ~670 MB, a few ms)
        trim_heap()
    meta = {"kit": __version__, "backend": tokenizer.backend, "unit": unit, "settings": settings,
            "n_terms": len(tokenizer.terms), "n_stopwords": len(tokenizer.stopword_set),
            "extra_stopwords": sorted(tokenizer._extra_stop), "keep": sorted(tokenizer._keep)}
    return Tokens.from_arrays(corpus, unit, vocab, ids, offsets, doc_index, meta, tag_vocab=tag_vocab, tag_ids=tag_ids)


_TRIM_MIN_TOKENS = 1_000_000  # tokenize(): hand freed heap pages back after this many tokens (zhili._memory)
_ASSEMBLE_BATCH = 128  # records taken from the cache's answer together (each let go once numbered)
_WRITE_BYTES = 32 << 20  # new cache records written per transaction


class _Collector:
    """Each distinct document's tokens, numbered in the tokenizer's vocabulary of this process,
    then put in corpus order with a sorted vocabulary of the words that occur (:meth:`finish`).

    Documents segmented here or in worker processes arrive as columns (no decoding); from the
    cache come vocabularies, whose words are numbered once each (one pass through the vocabulary
    dictionary, a C loop), and records, whose tokens are renumbered through their vocabulary's
    numbers by array indexing. Nothing loops over tokens in Python.
    """

    def __init__(self, tokenizer: Tokenizer, n_slots: int) -> None:
        self.vocab = tokenizer._vocab
        self.tags = tokenizer._tags if tokenizer.pos else None
        self.ids: list[np.ndarray | None] = [None] * n_slots
        self.lengths: list[np.ndarray | None] = [None] * n_slots
        self.tag_ids: list[np.ndarray | None] = [None] * n_slots
        self.numbers: dict[str, tuple[np.ndarray, np.ndarray | None]] = {}  # vocabulary key → word, tag numbers

    def has(self, slot: int) -> bool:
        return self.ids[slot] is not None

    def columns(self, slots: list[int], c: _Columns) -> None:
        unit_bounds = np.concatenate(([0], np.cumsum(c.n_units)))
        token_bounds = np.concatenate(([0], np.cumsum(c.counts)))[unit_bounds].tolist()
        unit_bounds = unit_bounds.tolist()
        for d, s in enumerate(slots):
            self.ids[s] = c.ids[token_bounds[d]:token_bounds[d + 1]]
            self.lengths[s] = c.counts[unit_bounds[d]:unit_bounds[d + 1]]
            if self.tags is not None:
                self.tag_ids[s] = c.tags[token_bounds[d]:token_bounds[d + 1]]

    def vocabs(self, vocabs: Mapping[str, bytes]) -> None:
        """Number the words (and tags) of the cache's vocabularies, each once."""
        for key, blob in vocabs.items():
            words, tags = _decode_vocab(blob)
            self.numbers[key] = (self.vocab.numbers(words),
                                 None if tags is None or self.tags is None else
                                 np.fromiter(map(self.tags.__getitem__, tags), dtype=np.int32, count=len(tags)))

    def records(self, slots: list[int], records: list[bytes]) -> None:
        """Documents from the cache: each record's numbers translated through its vocabulary's."""
        for s, record in zip(slots, records):
            lengths, ids, tag_ids, key = _decode(record)
            words, tags = self.numbers[key]
            self.ids[s] = words[ids]
            self.lengths[s] = lengths.astype(np.int64)  # a copy: the record can go
            if self.tags is not None:
                if tags is None or tag_ids is None:  # pragma: no cover - the key covers the settings
                    raise ValueError("token record without tags")
                self.tag_ids[s] = tags[tag_ids]

    def finish(self, order: list[int]):
        """``(vocab, ids, offsets, doc_index, tag_vocab, tag_ids)`` of the documents, in corpus order.

        The pieces are copied into the final arrays a group of documents at a time and let go as
        soon as no later document needs them, so the chunks do not linger next to the result.
        """
        n_units = np.fromiter((len(self.lengths[s]) for s in order), dtype=np.int64, count=len(order))
        n_tokens = np.fromiter((len(self.ids[s]) for s in order), dtype=np.int64, count=len(order))
        last = {s: k for k, s in enumerate(order)}
        lengths = self._gather(self.lengths, order, last, n_units, np.int64, free=False)
        tag_ids = self._gather(self.tag_ids, order, last, n_tokens, np.int32, free=True) if self.tags is not None else None
        ids = self._gather(self.ids, order, last, n_tokens, np.int32, free=True)
        self.lengths = []
        offsets = np.concatenate(([0], np.cumsum(lengths, dtype=np.int64)))
        doc_index = np.repeat(np.arange(len(order), dtype=np.int32), n_units)
        vocab, ids = _used_sorted(self.vocab.words, ids)
        tag_vocab = None
        if self.tags is not None:
            tag_vocab, tag_ids = _used_sorted(self.tags.words, tag_ids)
        return vocab, ids, offsets, doc_index, tag_vocab, tag_ids

    @staticmethod
    def _gather(pieces: list, order: list[int], last: dict[int, int], sizes: np.ndarray, dtype, *, free: bool) -> np.ndarray:
        out = np.empty(int(sizes.sum()), dtype=dtype)
        at = 0
        for start in range(0, len(order), 1024):
            group = order[start : start + 1024]
            size = int(sizes[start : start + len(group)].sum())
            if size:
                np.concatenate([pieces[s] for s in group], out=out[at : at + size])
            at += size
            if free:
                for k, s in enumerate(group, start):
                    if last[s] == k:
                        pieces[s] = None
        return out


def _used_sorted(words: list[str], ids: np.ndarray) -> tuple[list[str], np.ndarray]:
    """The words ``ids`` use, sorted, and ``ids`` renumbered into them (in place when possible)."""
    seen = np.zeros(len(words), dtype=bool)
    for a in range(0, len(ids), 1 << 20):  # blocks: bincount would first copy all ids to int64
        seen[ids[a : a + (1 << 20)]] = True
    used = np.flatnonzero(seen)
    chosen = [words[i] for i in used.tolist()]
    order = sorted(range(len(chosen)), key=chosen.__getitem__)
    rank = np.full(len(words), -1, dtype=np.int32)
    rank[used[order]] = np.arange(len(order), dtype=np.int32)
    if len(ids):
        if not ids.flags.writeable or not ids.flags.owndata:
            ids = ids.copy()
        for a in range(0, len(ids), 1 << 20):  # in place, a block at a time (no second full copy)
            ids[a : a + (1 << 20)] = rank[ids[a : a + (1 << 20)]]
    return [chosen[i] for i in order], ids


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


class _Worker:
    """A worker process's tokenizer, and how many of its words and tags it has sent so far.

    Each result carries the words (and tags) the worker numbered since its previous result, so
    the main process can translate the worker's numbers into its own (:class:`_Renumber`)
    without decoding records. Under ``fork`` the worker's vocabulary starts as a copy of the main
    process's; it is sent like any other (the first result carries it).
    """

    def __init__(self, tokenizer: Tokenizer) -> None:
        import secrets

        self.tokenizer, self.id, self.sent = tokenizer, secrets.token_hex(8), [0, 0]

    def cut(self, texts: list[str], unit: str, records: bool):
        recs, columns = self.tokenizer._cut_chunk(texts, unit, records=records)
        words, tags = self.tokenizer._vocab.words, self.tokenizer._tags.words
        start, tag_start = self.sent
        self.sent = [len(words), len(tags)]
        return self.id, start, words[start:], tag_start, tags[tag_start:], columns, recs


_WORKER: _Worker | None = None


def _worker_init(tokenizer: Tokenizer) -> None:
    global _WORKER
    _WORKER = _Worker(tokenizer)


def _worker_cut(args: tuple[_Texts, str, bool]):
    """Segment a chunk in a worker: its columns in the worker's numbering, the words (and tags)
    numbered since the last chunk this worker sent, and the records if the cache wants them."""
    assert _WORKER is not None
    texts, unit, records = args
    return _WORKER.cut(list(texts), unit, records)


class _Texts(Sequence):
    """A chunk's texts on their way to a worker process, pickled as one UTF-8 string.

    Pickling a ``str`` itself makes CPython keep its UTF-8 form inside the string object for as
    long as the string lives: the corpus texts sent to workers would each carry a second copy
    of themselves (88 MB at 10,000 documents). Encoding them here makes a copy that goes as
    soon as it is sent."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, i):
        return self.texts[i]

    def __reduce__(self):
        lengths = [len(t) for t in self.texts]
        return _texts_from_utf8, ("".join(self.texts).encode("utf-8", "surrogatepass"), lengths)


def _texts_from_utf8(data: bytes, lengths: list[int]) -> _Texts:
    joined = data.decode("utf-8", "surrogatepass")
    bounds = [0, *accumulate(lengths)]
    return _Texts([joined[a:b] for a, b in zip(bounds[:-1], bounds[1:])])


class _Renumber:
    """Maps each worker's word (and tag) numbers to the main process's, as its words arrive.

    A worker takes chunks in increasing order and the results are read in that order too, so
    the words a chunk uses have always arrived with it or with an earlier chunk of that worker.
    """

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.vocab, self.tags = tokenizer._vocab, tokenizer._tags
        self.maps: dict[str, list[np.ndarray]] = {}

    def __call__(self, result) -> tuple[_Columns, list[bytes] | None]:
        worker, start, words, tag_start, tags, c, recs = result
        maps = self.maps.setdefault(worker, [np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32)])
        if start != len(maps[0]) or tag_start != len(maps[1]):  # pragma: no cover - a broken invariant
            raise RuntimeError("worker result out of order: its vocabulary delta does not follow the last one read")
        if words:
            maps[0] = np.concatenate([maps[0], self.vocab.numbers(words)])
        if tags:
            maps[1] = np.concatenate([maps[1], np.fromiter(map(self.tags.__getitem__, tags), dtype=np.int32,
                                                               count=len(tags))])
        ids = maps[0][c.ids]
        tag_ids = maps[1][c.tags] if c.tags is not None else None
        return _Columns(ids, c.counts, c.n_units, tag_ids), recs


class _NoBar:
    """Stands in for a progress bar that would never show (tqdm is not even imported)."""

    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _chunks(texts: list[str], size: int) -> list[tuple[int, int]]:
    """Consecutive ``(start, end)`` ranges of ``texts`` of about ``size`` characters each."""
    out, start, chars = [], 0, 0
    for i, t in enumerate(texts):
        chars += len(t)
        if chars >= size:
            out.append((start, i + 1))
            start, chars = i + 1, 0
    if start < len(texts):
        out.append((start, len(texts)))
    return out


def _run(tokenizer: Tokenizer, texts: list[str], unit: str, *, n_jobs: int | None, progress: bool | None,
         records: bool = True) -> Iterator[tuple[range, list[bytes] | None, _Columns]]:
    """Segment ``texts``; yield ``(positions in texts, records, columns)`` chunk by chunk, in order.

    The columns are numbered in ``tokenizer._vocab`` of this process (worker processes' numbers
    are translated); the records (one per document, for the cache) come only if ``records``.
    """
    total = sum(len(t) for t in texts)
    if n_jobs is None:
        n_jobs = (os.cpu_count() or 1) if total >= _PARALLEL_MIN_CHARS else 1
    n_jobs = max(1, min(int(n_jobs), len(texts)))
    size = _CHUNK_CHARS if n_jobs == 1 else max(_MIN_PARALLEL_CHUNK_CHARS, min(_CHUNK_CHARS, total // (n_jobs * 8) + 1))
    chunks = _chunks(texts, size)
    # Load the dictionary first, so that its loading time never counts towards the bar's delay;
    # forked workers inherit the loaded segmenter, spawned ones rebuild it. The fast backend's
    # dictionary builds in ~0.1 s but holds 25-45 MB: with worker processes this process never
    # segments, so it leaves the building to them (they still inherit one built earlier here).
    if n_jobs == 1 or tokenizer.backend != "fast":
        tokenizer._segmenter  # noqa: B018
    # By default a bar appears only for corpora large enough to take seconds, and only after 3 s.
    quiet = progress is False or (progress is None and total < _PROGRESS_MIN_CHARS)
    if quiet:
        bar = _NoBar()
    else:
        # the plain text bar: tqdm.auto would warn on stderr in a kernel without ipywidgets
        from tqdm import tqdm

        bar = tqdm(total=total, unit="字", unit_scale=True, desc="分词", delay=0 if progress else 3, leave=False)
    try:
        if n_jobs == 1:
            for a, b in chunks:
                recs, columns = tokenizer._cut_chunk(texts[a:b], unit, records=records)
                yield range(a, b), recs, columns
                bar.update(sum(len(t) for t in texts[a:b]))
            return
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        with ProcessPoolExecutor(n_jobs, mp_context=mp.get_context(method), initializer=_worker_init,
                                 initargs=(tokenizer,)) as pool:
            renumber = _Renumber(tokenizer)
            for (a, b), result in zip(chunks, pool.map(_worker_cut, [(_Texts(texts[a:b]), unit, records) for a, b in chunks])):
                columns, recs = renumber(result)
                yield range(a, b), recs, columns
                bar.update(sum(len(t) for t in texts[a:b]))
    finally:
        bar.close()
