"""Code texts with the framework's dictionaries and profile the codes (zhili.analysis.coding).

Two coders share this module:

- :func:`code_dictionary` codes every unit with a coding dictionary in the kit's YAML format
  (:mod:`zhili.dictionaries`): cue terms found by the term engine in the original text, weights,
  context rules, a threshold; the category columns hold each unit's score. The built-in
  ``theory`` dictionary codes 治理理念 / 治理能力 / 治理体系 as central, provincial and local policy
  documents express them; ``code_framework(level="theory")`` uses it.
- :func:`code_framework` at the other levels counts the framework's own indicator terms (its
  dimensions, sub-dimensions, elements or the 五共 stages — the vocabulary of the reference paper
  and of Hubei's practice). ``match="token"`` (default) counts tokens that *are* indicator terms;
  ``match="text"`` scans the unit text with the term engine, longest term first, without overlaps
  (``发展共建`` is one hit, not also ``共建``), and also finds terms the segmenter joined to a
  neighbour, at the price of false hits inside longer words.

``framework_profile`` sums a coding per document or group, as counts or normalised (hits per 1,000
characters, share of units coded). Agreement and validation against hand coding are in
:mod:`zhili.analysis.validation`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from scipy import sparse

from .. import streaming
from .._errors import ZhiliError, check_choice
from .._memory import trim_heap
from ..corpus import arrow_strings, unit_parts
from ..streaming import is_lazy
from .counts import unit_rows

if TYPE_CHECKING:  # pragma: no cover
    from ..theory import Framework

__all__ = ["code_framework", "code_dictionary", "framework_profile"]

Level = Literal["dimension", "subdimension", "element", "stage", "theory"]
_LEVELS = ("dimension", "subdimension", "element", "stage", "theory")
_LEAD = ["doc_id", "unit_id", "heading_path", "text", "n_chars"]
_TAIL = ["evidence", "categories"]
_SEP = "；"
#: docvars never copied into a coding table (n_chars is the document's length, not the unit's)
_SKIP_DOCVARS = {"n_chars", "encoding"}
#: characters of documents coded at once by :func:`code_dictionary`: the working arrays of a part
#: (code points, byte offsets, hits) are freed after it, but the allocator keeps their pages for
#: later; at 10k documents 2 M characters a part left ~50 MB more resident than 0.5 M (same time)
_PART_CHARS = 500_000
#: the error when Tokens and the corpus disagree on the number of units (a stale cache or format)
_UNIT_MISMATCH = "分词结果与语料单元数量不一致：请运行 zl.tokens.clear_cache() 后重试。"


# ============================================================================ input


def _corpus_and_units(data: Any, unit: str):
    """(corpus, unit table, Tokens or None) for a Corpus, strings or Tokens."""
    from ..tokens import Tokens, _as_corpus
    from ..units import UNITS

    if isinstance(data, Tokens):
        return data.corpus, data.units.reset_index(drop=True), data
    check_choice("unit", unit, UNITS)
    corpus = _as_corpus(data)
    return corpus, corpus.units(unit).reset_index(drop=True), None


def _docvar_columns(corpus, taken: set[str]) -> pd.DataFrame:
    """Docvars to join on ``doc_id``: non-empty columns; names already taken get a ``doc_`` prefix."""
    dv = corpus.docvars
    keep = {}
    for col in dv.columns:
        if col in _SKIP_DOCVARS:
            continue
        values = dv[col]
        if values.isna().all() or values.astype(str).str.strip().eq("").all():
            continue
        name = str(col)
        while name in taken:
            name = f"doc_{name}"
        taken.add(name)
        keep[name] = values
    return pd.DataFrame(keep, index=dv.index)


def _unit_columns(units: pd.DataFrame) -> pd.DataFrame:
    """The leading columns of a coding table: ``doc_id``, ``unit_id``, ``heading_path``, ``text``, ``n_chars``.

    The string columns keep the unit table's (Arrow) storage: going through NumPy object arrays
    would make a Python string of every unit text only for pandas to store them again. An empty
    table goes the NumPy way, whose dtypes pandas infers differently for no rows.
    """
    if not len(units):
        return pd.DataFrame({
            "doc_id": units["doc_id"].astype(str).to_numpy(),
            "unit_id": units["unit_id"].astype(str).to_numpy(),
            "heading_path": units["heading_path"].astype(str).to_numpy(),
            "text": units["text"].astype(str).to_numpy(),
            "n_chars": units["text"].astype(str).str.len().to_numpy(dtype=np.int64),
        })
    text = units["text"].astype(str)
    return pd.DataFrame({
        "doc_id": units["doc_id"].astype(str).array,
        "unit_id": units["unit_id"].astype(str).array,
        "heading_path": units["heading_path"].astype(str).array,
        "text": text.array,
        "n_chars": text.str.len().to_numpy(dtype=np.int64),
    })


def _join_docvars(table: pd.DataFrame, corpus, at: np.ndarray | list[np.ndarray] | None = None,
                  memory_pool=None) -> pd.DataFrame:
    """The table with the docvars of each row's document (``at``: the documents' positions in
    the corpus, when known, as one array or as the arrays of consecutive parts of the table).

    With a ``memory_pool``, docvars kept in Arrow strings are taken in Arrow with buffers from
    that pool, one chunk per part of ``at``."""
    extra = _docvar_columns(corpus, set(map(str, table.columns)))
    if extra.shape[1] == 0:
        return table
    pieces = at if isinstance(at, list) else None
    if pieces is not None and (memory_pool is None or not all(map(_in_arrow, extra.dtypes))):
        at, pieces = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64), None
    if pieces is not None:
        if any((p < 0).any() for p in pieces):  # pragma: no cover - every unit's document has its docvars
            return _join_docvars(table, corpus, np.concatenate(pieces))
        ids = table["doc_id"]
        joined = pd.DataFrame({j: ids.array if _same_as_ids(extra.iloc[:, j], ids.dtype)
                               else _take(extra.iloc[:, j], pieces, memory_pool) for j in range(extra.shape[1])},
                              copy=False)
        joined.columns = extra.columns
        return pd.concat([table.reset_index(drop=True), joined], axis=1)
    if at is None and extra.index.is_unique:
        at = extra.index.get_indexer(table["doc_id"])
    if at is None or (at < 0).any():  # pragma: no cover - every unit's document has its docvars
        joined = extra.reindex(table["doc_id"].tolist())
    else:
        joined = extra.iloc[at]
    return pd.concat([table.reset_index(drop=True), joined.reset_index(drop=True)], axis=1)


def _same_as_ids(values: pd.Series, dtype) -> bool:
    """Whether a docvar holds each document's own id (``file`` of a corpus read from a folder):
    its column in a coding table is then the ``doc_id`` column, and shares that column's Arrow
    array instead of a copy of it (10k documents: 18 MB less; Arrow arrays are never changed in
    place, so a later assignment to either column leaves the other as it was)."""
    return values.dtype == dtype and bool((values.to_numpy() == values.index.to_numpy()).all())


def _in_arrow(dtype) -> bool:
    """Strings that pandas keeps in Arrow (the ``str`` dtype with pyarrow storage)."""
    return isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"


def _take(values: pd.Series, pieces: list[np.ndarray], memory_pool):
    """``values.iloc[np.concatenate(pieces)]`` for strings kept in Arrow, taken in Arrow with
    buffers from ``memory_pool``, one chunk per piece (the same strings and dtype; no index
    array or string buffer as long as the table)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    source = values.array.__arrow_array__()
    chunks = [c for p in pieces for c in pc.take(source, pa.array(p), memory_pool=memory_pool).chunks]
    return pd.arrays.ArrowStringArray(pa.chunked_array(chunks, type=pa.large_string()), dtype=values.dtype)


def _strings(values, dtype: pd.StringDtype) -> pd.api.extensions.ExtensionArray:
    """An Arrow string array as the column pandas makes of Python strings (``dtype``, from
    :func:`zhili.corpus.arrow_strings`)."""
    return pd.arrays.ArrowStringArray(values, dtype=dtype)


def _joined_words(n: int, unit: np.ndarray, word: np.ndarray, words: list[str], memory_pool=None):
    """For each of ``n`` units, its words joined by ``；`` ("" for a unit without): ``unit`` and
    ``word`` (indices into ``words``) are pairs grouped by unit, in the order to join. Where
    pandas keeps strings in Arrow, built in Arrow (buffers from ``memory_pool``) without a
    Python string per unit; else (and for no units) a list of strings."""
    dtype = arrow_strings()
    if n == 0 or dtype is None:
        out = [""] * n
        units, ids = unit.tolist(), word.tolist()
        i, m = 0, len(units)
        while i < m:
            u, j = units[i], i
            while j < m and units[j] == u:
                j += 1
            out[u] = _SEP.join(words[w] for w in ids[i:j])
            i = j
        return out
    import pyarrow as pa
    import pyarrow.compute as pc

    used, at = np.unique(word, return_inverse=True)
    values = pc.take(pa.array([words[w] for w in used.tolist()], type=pa.large_string(), memory_pool=memory_pool),
                     pa.array(at.ravel()), memory_pool=memory_pool)
    offsets = np.concatenate(([0], np.cumsum(np.bincount(unit, minlength=n))))
    lists = pa.LargeListArray.from_arrays(pa.array(offsets, type=pa.int64()), values)
    return _strings(pc.binary_join(lists, pa.scalar(_SEP, type=pa.large_string()), memory_pool=memory_pool), dtype)


def _first_pairs(unit: np.ndarray, word: np.ndarray, n_words: int) -> tuple[np.ndarray, np.ndarray]:
    """The first occurrence of each (unit, word) pair, in the given order."""
    _, first = np.unique(unit * np.int64(n_words) + word, return_index=True)
    first.sort()
    return unit[first], word[first]


def _category_strings(coded: np.ndarray, labels: list[str], memory_pool=None):
    """``治理能力；治理体系`` for each row of a units × categories boolean array: each distinct
    coded row is joined once, then taken for its units (in Arrow, buffers from ``memory_pool``,
    where pandas keeps strings there, else as a list; no rows: an empty list)."""
    if len(coded) == 0:
        return []
    some = np.flatnonzero(coded.any(axis=1))
    packed = np.packbits(coded[some], axis=1)
    if packed.shape[1] <= 8:  # up to 64 categories: each row is one 64-bit number
        keys = np.zeros((len(some), 8), dtype=np.uint8)
        keys[:, : packed.shape[1]] = packed
        _, first, inverse = np.unique(keys.view(np.uint64).ravel(), return_index=True, return_inverse=True)
        rows = coded[some[first]]
    else:
        rows, inverse = np.unique(coded[some], axis=0, return_inverse=True)
    label_arr = np.array(labels, dtype=object)
    joined = ["", *(_SEP.join(label_arr[r]) for r in rows)]
    at = np.zeros(len(coded), dtype=np.int64)
    at[some] = inverse.ravel() + 1
    dtype = arrow_strings()
    if dtype is None:
        return np.array(joined, dtype=object)[at].tolist()
    import pyarrow as pa
    import pyarrow.compute as pc

    return _strings(pc.take(pa.array(joined, type=pa.large_string(), memory_pool=memory_pool), pa.array(at),
                            memory_pool=memory_pool), dtype)


def _dictionary(fw: Framework, level: str) -> pd.DataFrame:
    if not isinstance(level, str) or level not in _LEVELS:
        listed = "、".join(repr(v) for v in _LEVELS)
        raise ZhiliError(f"参数 level={level!r} 无效：可选值为 {listed}"
                         "（分别为维度、子维度、要素、五共环节、治理理念/能力/体系）。")
    return fw.dictionary(level)


# ============================================================================ coding


def code_framework(data: Any, *, unit: Literal["sentence", "paragraph", "item", "document"] = "sentence",
                   level: Level = "dimension", framework: Framework | None = None,
                   match: Literal["token", "text"] = "token", client=None) -> pd.DataFrame:
    """Code every unit with the framework's dictionary: counts of indicator terms per category.

    Parameters
    ----------
    data : Corpus, str, list of str, mapping, or Tokens
        What to code. Strings become documents ``doc1``, ``doc2`` …; Tokens are coded unit by
        unit as they are (their own unit is used and ``unit`` is ignored).
    unit : {"sentence", "paragraph", "item", "document"}
        The unit a row stands for.
    level : {"dimension", "subdimension", "element", "stage", "theory"}
        Which categories: the five roots, their sub-dimensions, every element, the five 五共
        stages (see :meth:`zhili.Framework.dictionary`), or 治理理念 / 治理能力 / 治理体系 — coded
        with the policy-language dictionary ``theory`` (:func:`code_dictionary`; its category
        columns are scores, and ``framework`` and ``match`` do not apply).
    framework : Framework, optional
        A framework with a lecturer's extensions; defaults to :func:`zhili.framework`. Terms it
        adds are given to the tokenizer so that they stay whole.
    match : {"token", "text"}
        ``"token"``: count tokens that are indicator terms. ``"text"``: scan the unit text,
        longest term first, without overlaps (finds terms inside longer words, with a risk of
        false hits). See the module notes.

    Returns
    -------
    pandas.DataFrame
        One row per unit, in corpus order. Columns: ``doc_id``, ``unit_id``, ``heading_path``,
        ``text``, ``n_chars`` (characters in the unit); one int column per category, named by
        its label (e.g. ``治理理念``), in dictionary order, with the number of indicator-term
        hits; ``evidence`` (each matched term once, in order of first appearance, joined by
        ``；``); ``categories`` (labels with a hit, in column order, joined by ``；``); then the
        corpus docvars that are not empty (a name already used, such as a casebook column
        ``决策共谋`` at ``level="stage"``, gets the prefix ``doc_``). ``attrs`` records ``level``,
        ``match``, ``categories`` (the category columns) and ``framework`` (its version).

    Raises
    ------
    zhili.ZhiliError
        For an unknown ``level``, ``match`` or ``unit``, or input that is not text.

    See Also
    --------
    framework_profile : sums per document or group.
    zhili.Framework.dictionary : the terms and their categories.

    Examples
    --------
    >>> import zhili as zl
    >>> toks = zl.tokenize("坚持共同缔造，推动四权同下。提升群众自治能力。", cache=False)
    >>> coded = code_framework(toks, level="dimension")
    >>> coded[["治理能力", "共同缔造", "evidence"]].values.tolist()
    [[0, 2, '共同缔造；四权同下'], [1, 0, '群众自治能力']]
    """
    if client is not None or is_lazy(data):  # streamed in chunks, or on a Dask cluster (zhili.streaming)
        return streaming.run("code_framework", data, client, unit=unit, level=level, framework=framework, match=match)
    from ..theory import Framework
    from ..theory import framework as default_framework

    check_choice("match", match, ("token", "text"))
    if level == "theory":  # the three theory dimensions as policy documents express them
        return code_dictionary(data, "theory", unit=unit)
    if framework is not None and not isinstance(framework, Framework):
        raise ZhiliError(f"参数 framework 应为 zl.framework() 返回的框架对象，收到的是 {type(framework).__name__}。")
    fw = framework if framework is not None else default_framework()
    table = _dictionary(fw, level)
    codes = list(dict.fromkeys(table["code"]))
    labels = [table.loc[table["code"] == c, "label"].iloc[0] for c in codes]
    terms = list(dict.fromkeys(table["term"]))
    term_pos = {t: i for i, t in enumerate(terms)}
    code_pos = {c: j for j, c in enumerate(codes)}
    # term × category indicator (a theory-level term may count for several categories)
    pairs = table[["term", "code"]].drop_duplicates()
    term_cat = sparse.csr_matrix(
        (np.ones(len(pairs), dtype=np.int64),
         ([term_pos[t] for t in pairs["term"]], [code_pos[c] for c in pairs["code"]])),
        shape=(len(terms), len(codes)))

    if match == "token":
        corpus, units, toks = _corpus_and_units(data, unit)
        if toks is None:
            toks = _tokenize_for(corpus, units, unit, fw)
        counts, evidence = _match_tokens(toks, terms)
    else:
        corpus, units, _ = _corpus_and_units(data, unit)
        counts, evidence = _match_text(units["text"].tolist(), terms)

    cat_counts = (counts @ term_cat).toarray().astype(np.int64).reshape(len(units), len(codes))
    out = _unit_columns(units)
    cats = pd.DataFrame(cat_counts, columns=labels)
    out = pd.concat([out, cats], axis=1)
    out["evidence"] = evidence
    out["categories"] = _category_strings(cat_counts > 0, labels)
    out = _join_docvars(out, corpus)
    n_terms = table.drop_duplicates(["term", "code"]).groupby("label", sort=False)["term"].size().to_dict()
    out.attrs = {"level": level, "match": match, "categories": list(labels), "framework": str(fw.version),
                 "n_terms": {label: int(n_terms.get(label, 0)) for label in labels}}
    return out


def _tokenize_for(corpus, units: pd.DataFrame, unit: str, fw):
    from ..theory import framework as default_framework
    from ..tokens import tokenize

    extra = sorted(set(fw.terms()) - set(default_framework().terms())) if fw is not default_framework() else []
    return tokenize(corpus, unit=unit, user_terms=extra or None)


def _match_tokens(toks, terms: list[str]) -> tuple[sparse.csr_matrix, list[str]]:
    """Unit × term counts through the kit's dtm; evidence only for units with a hit.

    The evidence (each matched term once, in order of first appearance) is found on the token
    columns: the first occurrence of each (unit, term) pair, in token order.
    """
    from .matrix import dtm

    n_units = len(toks)
    if n_units == 0:
        return sparse.csr_matrix((0, len(terms)), dtype=np.int64), []
    m = dtm(toks, by="unit", vocabulary=terms).matrix
    if not m.nnz:
        return m, [""] * n_units
    vocab = toks.vocab
    is_term = np.zeros(len(vocab), dtype=bool)
    found = pd.Index(vocab, dtype=object).get_indexer(pd.Index(list(dict.fromkeys(terms)), dtype=object))
    is_term[found[found >= 0]] = True
    ids = np.asarray(toks.ids, dtype=np.int64)
    where = np.flatnonzero(is_term[ids]) if len(ids) else np.zeros(0, dtype=np.int64)
    unit_of = np.searchsorted(np.asarray(toks.offsets, dtype=np.int64), where, side="right") - 1
    # first occurrences in token order, so grouped by unit
    units, words = _first_pairs(unit_of, ids[where], len(vocab))
    return m, _joined_words(n_units, units, words, vocab)


def _match_text(texts: list[str], terms: list[str]) -> tuple[sparse.csr_matrix, list[str]]:
    """Longest-first, non-overlapping scan of the unit texts with the term engine."""
    from ..matching import TermMatcher

    n = len(texts)
    if n == 0 or not terms:
        return sparse.csr_matrix((n, len(terms)), dtype=np.int64), [""] * n
    matcher = TermMatcher(terms, mode="longest")
    term_pos = {t: i for i, t in enumerate(terms)}
    col = np.array([term_pos.get(t, -1) for t in matcher.terms], dtype=np.int64)
    hits = matcher.search(texts)
    keep = col[hits.term] >= 0
    rows, cols = hits.doc[keep], col[hits.term][keep]
    m = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(n, len(terms)))
    m.sum_duplicates()
    units, words = _first_pairs(rows, cols, len(terms))  # hits come by unit, then position
    return m, _joined_words(n, units, words, terms)


# ============================================================================ profile


def _category_columns(coding: pd.DataFrame) -> list[str]:
    cats = coding.attrs.get("categories") if isinstance(coding.attrs, dict) else None
    if cats and all(c in coding.columns for c in cats):
        return list(cats)
    cols = list(map(str, coding.columns))
    if "n_chars" not in cols or "evidence" not in cols:
        raise ZhiliError("coding 应为 code_framework() 返回的编码表（需包含 n_chars 与 evidence 两列）。")
    return cols[cols.index("n_chars") + 1: cols.index("evidence")]


def framework_profile(coding: pd.DataFrame, *, by: str | None = "doc_id",
                      measure: Literal["density", "coverage", "count", "share"] = "density") -> pd.DataFrame:
    """Sum a coding table per document or group: the framework profile of each.

    Parameters
    ----------
    coding : pandas.DataFrame
        From :func:`code_framework` or :func:`code_dictionary` (a filtered copy is fine).
    by : str or None, default "doc_id"
        ``"doc_id"`` (documents, in corpus order), any docvar column of ``coding`` such as
        ``"level"`` or ``"year"`` (groups, in sorted order), or ``None`` (one row, ``全部``).
        Docvars are in the coding table when it was made from a Corpus (or Tokens of one);
        see :func:`code_framework`.
    measure : {"density", "coverage", "count", "share"}
        Normalised (the default, comparable across documents of different lengths):
        ``density`` — matches per 1,000 characters of the row's units (for a dictionary coding,
        the scores of the coded units); ``coverage`` — the share of the row's units coded for
        the category (0–1). Raw: ``count`` — matches (scores) summed; ``share`` — a category's
        count over all matches in the row (NaN in a row without matches). Raw counts mostly
        show how long the documents and how long each category's term list are.

    Returns
    -------
    pandas.DataFrame
        Index: the documents or groups (named ``by``); columns: the categories of the coding
        table. Documents or groups without units (an empty text, units filtered out) have no
        row. ``attrs`` records ``measure`` and ``n_terms`` (the number of terms behind each
        category, when the coding table says), which plots show beside the category names.

    Raises
    ------
    zhili.ZhiliError
        If ``by`` is not a column of the coding table (the message lists the valid ones) or
        ``measure`` is unknown.

    Examples
    --------
    >>> import zhili as zl
    >>> toks = zl.tokenize({"甲": "推进共同缔造。坚持四权同下。", "乙": "提升群众自治能力。"}, cache=False)
    >>> coded = code_framework(toks)
    >>> shares = framework_profile(coded, measure="share")
    >>> shares.index.tolist(), shares[["治理能力", "共同缔造"]].values.tolist()
    (['甲', '乙'], [[0.0, 1.0], [1.0, 0.0]])
    >>> framework_profile(coded, measure="coverage")[["治理能力", "共同缔造"]].values.tolist()
    [[0.0, 1.0], [1.0, 0.0]]
    """
    check_choice("measure", measure, ("density", "coverage", "count", "share"))
    cats = _category_columns(coding)
    fixed = set(cats) | {"text", "n_chars", "evidence", "categories"}
    valid = [c for c in map(str, coding.columns) if c not in fixed]
    if by is not None and by not in valid:
        listed = "、".join(["None", *valid])
        raise ZhiliError(f"参数 by={by!r} 无效：编码表中没有可分组的这一列。可选：{listed}。"
                         "（由语料编码时，文档变量会附在编码表中。）")
    values = coding[cats].astype(np.float64)
    integral = bool(np.all(np.mod(values.to_numpy(), 1) == 0))
    if measure == "coverage":
        values = (values > 0).astype(np.float64)
    chars = coding["n_chars"].astype(np.int64)
    if by is None:
        key = pd.Series(["全部"] * len(coding), index=coding.index, name="全部")
        sort = False
    else:
        key = coding[by]
        sort = by != "doc_id"
    frame = pd.concat([values, chars.rename("__n_chars__"), pd.Series(1, index=coding.index, name="__n_units__")], axis=1)
    try:
        grouped = frame.groupby(key.to_numpy(), sort=sort, dropna=False).sum()
    except TypeError:  # values of mixed types: sort as text
        grouped = frame.groupby(key.astype(str).to_numpy(), sort=sort, dropna=False).sum()
    grouped.index.name = by if by is not None else None
    n_chars = grouped.pop("__n_chars__")
    n_units = grouped.pop("__n_units__")
    grouped = grouped[cats]
    if measure == "share":
        out = grouped.div(grouped.sum(axis=1).replace(0, np.nan), axis=0).astype(float)
    elif measure == "density":
        out = grouped.div(n_chars.replace(0, np.nan), axis=0).astype(float) * 1000.0
    elif measure == "coverage":
        out = grouped.div(n_units.replace(0, np.nan), axis=0).astype(float)
    else:
        out = grouped.astype(np.int64) if integral else grouped
    attrs = coding.attrs if isinstance(coding.attrs, dict) else {}
    out.attrs = {"measure": measure, "n_terms": dict(attrs.get("n_terms") or {})}
    return out


# ============================================================================ dictionary coder


def code_dictionary(data: Any, dictionary: Any = "theory", *,
                    unit: Literal["sentence", "paragraph", "item", "document"] = "sentence",
                    aliases: bool | Any = True, level: Literal["category", "group"] = "category") -> pd.DataFrame:
    """Code every unit with a coding dictionary: a weighted score per category, with evidence.

    Parameters
    ----------
    data : Corpus, str, list of str, mapping, or Tokens
        What to code (Tokens are coded through their corpus, with their unit).
    dictionary : str, path or Dictionary, default "theory"
        A built-in dictionary by name (``"theory"``: 治理理念 / 治理能力 / 治理体系 in policy
        language), a YAML file in the kit's dictionary format, or a loaded
        :class:`zhili.dictionaries.Dictionary`.
    unit : {"sentence", "paragraph", "item", "document"}
        The unit a row stands for.
    aliases : bool or mapping, default True
        Find cue terms in their bracketed forms too (see :mod:`zhili.matching`).
    level : {"category", "group"}, default "category"
        For a dictionary whose categories are grouped (``instruments_rz``: 人才培养, 资金投入 …
        under 供给型 / 需求型 / 环境型): ``"group"`` gives one column per group, holding the sum
        of the scores of its coded categories. For a dictionary without groups both levels are
        the same.

    Returns
    -------
    pandas.DataFrame
        One row per unit, in corpus order: ``doc_id``, ``unit_id``, ``heading_path``, ``text``,
        ``n_chars``; one column per category with the unit's score when it reaches the
        dictionary's threshold (the sum of the weights of the cues found; cues nested inside
        each other in one category count once, with the strongest weight among them), else 0; ``evidence`` (the cues
        that passed their rules, in order of first appearance, joined by ``；``, weak cues
        included); ``categories`` (the coded categories, joined by ``；``); then the corpus
        docvars. ``attrs`` records ``dictionary``, ``version``, ``categories``, ``threshold``,
        ``n_terms`` (cue terms per column), ``dictionary_level`` and ``groups`` (category -> group).

    Examples
    --------
    >>> import zhili as zl
    >>> coded = code_dictionary(["坚持以人民为中心。健全基层群众自治制度，提升治理能力。"])
    >>> coded[["治理理念", "治理能力", "治理体系", "categories"]].values.tolist()
    [[1.5, 0.0, 0.0, '治理理念'], [0.0, 1.5, 1.5, '治理能力；治理体系']]
    >>> coded.loc[1, "evidence"]
    '健全；制度；提升；能力'
    >>> tools = code_dictionary(["加强社区工作者培训，并纳入年度考核。"], "instruments_rz", level="group")
    >>> tools[["供给型", "需求型", "环境型", "categories"]].values.tolist()
    [[2.0, 0.0, 1.0, '供给型；环境型']]
    """
    from ..dictionaries import load_dictionary
    from ..matching import TermMatcher

    check_choice("level", level, ("category", "group"))
    d = load_dictionary(dictionary)
    corpus, unit, toks = _corpus_and_unit(data, unit)
    labels = d.labels
    # every word the dictionary looks for: cues, and the words their rules look around for
    rules = [(j, r) for j, c in enumerate(d.categories) for r in c.rules]
    words = list(dict.fromkeys(w for _, r in rules for w in (*r.terms, *r.with_, *r.not_with, *r.not_in)))
    matcher = TermMatcher(words, aliases=aliases, name="dictionary")
    index = {w: i for i, w in enumerate(matcher.terms)}
    n_terms = d.sizes().to_dict()
    member = None
    if level == "group" and d.groups:
        group_labels = [g.label for g in d.groups]
        member = np.array([[c.group == g for g in group_labels] for c in d.categories], dtype=np.float64)
        n_terms = {g: int(sum(n for c, n in n_terms.items() if d.group_of.get(c) == g)) for g in group_labels}
        labels = group_labels

    def code(units: pd.DataFrame, texts: list[str], ids: list[str]):
        """The coding of the units of a few documents (``texts``, ``ids``): the table's columns as
        (name, Arrow or NumPy array) pairs, and each unit's document (position in ``ids``)."""
        n_units = len(units)
        scores = np.zeros((n_units, len(d.labels)), dtype=np.float64)
        ev_unit = ev_word = np.zeros(0, dtype=np.int64)
        hits = matcher.search(texts)
        unit_doc = _document_numbers(units["doc_id"], ids)
        if len(hits):
            rows = unit_rows(unit_doc, units["start"].to_numpy(dtype=np.int64), hits.doc, hits.start,
                             max(map(len, texts)))
            ev_unit, ev_word = _score_hits(d, rules, index, hits, rows, scores, matcher.terms)
        coded = scores >= d.threshold - 1e-9
        values = np.where(coded, np.round(scores, 6), 0.0)
        if member is not None:
            values = np.round(values @ member, 6)
            coded = values > 0
        evidence = _joined_words(n_units, ev_unit, ev_word, matcher.terms, pool)
        categories = _category_strings(coded, labels, pool)
        if not n_units or arrow is None:  # a table (no rows: with the dtypes pandas gives no rows)
            out = pd.concat([_unit_columns(units), pd.DataFrame(values, columns=labels)], axis=1)
            out["evidence"], out["categories"] = evidence, categories
            return out, unit_doc
        # strings in Arrow: the columns, put together once for the whole corpus (_assemble)
        columns = [(c, units[c].array.__arrow_array__()) for c in ("doc_id", "unit_id", "heading_path", "text")]
        columns.append(("n_chars", units["text"].str.len().to_numpy(dtype=np.int64)))
        columns += [(label, np.ascontiguousarray(values[:, j])) for j, label in enumerate(labels)]
        columns += [("evidence", evidence.__arrow_array__()), ("categories", categories.__arrow_array__())]
        return columns, unit_doc

    # a few documents at a time: the unit table of the whole corpus is never built
    arrow = arrow_strings()
    pool = _memory_pool() if arrow is not None else None
    documents = corpus._documents
    parts, at = [], []
    # with Tokens the number of rows is known: the number columns are filled in place, part by
    # part (no per-part copies to join and free at the end)
    numbers: dict[str, np.ndarray] | None = None
    row = 0
    for a, b, units in unit_parts(documents, unit, chars=_PART_CHARS, memory_pool=pool):
        part, unit_doc = code(units, [x.text for x in documents[a:b]], [x.doc_id for x in documents[a:b]])
        if toks is not None and isinstance(part, list):
            if row + len(unit_doc) > len(toks):  # pragma: no cover - a cache/format mismatch
                raise ZhiliError(_UNIT_MISMATCH)
            if numbers is None:
                numbers = {name: np.empty(len(toks), dtype=col.dtype) for name, col in part if isinstance(col, np.ndarray)}
            for j, (name, col) in enumerate(part):
                if name in numbers:
                    numbers[name][row:row + len(col)] = col
                    part[j] = (name, None)
            row += len(unit_doc)
        parts.append(part)
        at.append(unit_doc + a)
    if toks is not None and sum(map(len, at)) != len(toks):  # pragma: no cover - a cache/format mismatch
        raise ZhiliError(_UNIT_MISMATCH)
    if not parts:
        out = _join_docvars(code(corpus.units(unit), [], [])[0], corpus)
    elif arrow is None:
        out = _join_docvars(pd.concat(parts, ignore_index=True), corpus, np.concatenate(at))
    else:
        # the parts' working arrays, then the parts' number columns (copied into whole columns),
        # are freed among the table's blocks: their pages go back to the system (glibc; at 10k
        # documents the pipeline's peak went 716 -> 681 MB, for ~10 ms)
        trim_heap()
        table = _assemble(parts, arrow, numbers)
        trim_heap()
        out = _join_docvars(table, corpus, at, pool)
    out.attrs = {"level": "dictionary", "dictionary": d.name, "version": d.version, "categories": list(labels),
                 "threshold": d.threshold, "n_terms": n_terms,
                 "dictionary_level": level if d.groups else "category", "groups": d.group_of}
    return out


def _memory_pool():
    """The Arrow memory pool of the string columns a coding table makes: the system allocator
    (``malloc``), not Arrow's default pool (mimalloc or jemalloc, which keeps memory of its own).
    A coding table's Arrow and NumPy buffers then come from the same heap and reuse the memory
    that the NumPy work of earlier steps and of earlier parts has freed (the full 10k-document
    pipeline peaked ~40 MB lower: 759 -> 716 MB). Only these calls use it; Arrow's default pool is
    left as it is."""
    import pyarrow as pa

    return pa.system_memory_pool()


def _assemble(parts: list[list[tuple[str, Any]]], dtype: pd.StringDtype,
              numbers: dict[str, np.ndarray] | None = None) -> pd.DataFrame:
    """One table from the parts' columns: strings as chunked Arrow arrays (the parts' own, not
    copied), numbers concatenated column by column, each part's copy freed as soon as it is
    joined, so that the table is never held twice; ``numbers``: whole number columns already
    filled (their parts hold None)."""
    import pyarrow as pa

    names = [name for name, _ in parts[0]]
    arrays = []
    for j in range(len(names)):
        pieces = [p[j][1] for p in parts]
        for p in parts:
            p[j] = None
        if numbers and names[j] in numbers:
            arrays.append(numbers[names[j]])
        elif isinstance(pieces[0], np.ndarray):
            arrays.append(np.concatenate(pieces))
        else:
            chunks = [c for x in pieces for c in x.chunks]
            arrays.append(_strings(pa.chunked_array(chunks, type=pa.large_string()), dtype))
        del pieces
    out = pd.DataFrame(dict(enumerate(arrays)), copy=False)
    out.columns = names
    return out


def _corpus_and_unit(data: Any, unit: str):
    """(corpus, unit kind, Tokens or None) for a Corpus, strings or Tokens (Tokens: their unit)."""
    from ..tokens import Tokens, _as_corpus
    from ..units import UNITS

    if isinstance(data, Tokens):
        return data.corpus, data.unit, data
    check_choice("unit", unit, UNITS)
    return _as_corpus(data), unit, None


def _document_numbers(doc_ids: pd.Series, ids: list[str]) -> np.ndarray:
    """The position in ``ids`` of each unit's document (units in document order)."""
    codes, uniques = pd.factorize(doc_ids)
    return pd.Index(ids).get_indexer(uniques).astype(np.int64)[codes]


def _score_hits(d, rules, index, hits, rows, scores, words) -> tuple[np.ndarray, np.ndarray]:
    """Apply every rule to the hits and add the weights of the cues that pass to the unit scores;
    return the evidence: (unit, word) pairs, each cue once per unit, by unit and position."""
    doc, start, end, term = hits.doc, hits.start, hits.end, hits.term
    order = np.lexsort((start, doc))
    doc, start, end, term, rows = doc[order], start[order], end[order], term[order], rows[order]
    # positions of each word's hits (in order), for the context conditions
    by_term = np.argsort(term, kind="stable")
    words_found, first = np.unique(term[by_term], return_index=True)
    by_word = dict(zip(words_found.tolist(), np.split(by_term, first[1:])))
    # (category, cue hit) pairs that pass, with their weights
    kept_cat: list[np.ndarray] = []
    kept_hit: list[np.ndarray] = []
    kept_weight: list[np.ndarray] = []
    for j, rule in rules:
        window = rule.window if rule.window is not None else d.window
        cue_ids = [index[t] for t in rule.terms if t in index]
        cue_hits = np.concatenate([by_word.get(i, np.empty(0, dtype=np.int64)) for i in cue_ids]) if cue_ids else np.empty(0, dtype=np.int64)
        if not len(cue_hits):
            continue
        ok = np.ones(len(cue_hits), dtype=bool)
        if rule.not_in:
            ok &= ~_near(cue_hits, [index[t] for t in rule.not_in if t in index], by_word, doc, start, end, rows,
                         window=None)
        if rule.with_:
            ok &= _near(cue_hits, [index[t] for t in rule.with_ if t in index], by_word, doc, start, end, rows,
                        window=window)
        if rule.not_with:
            ok &= ~_near(cue_hits, [index[t] for t in rule.not_with if t in index], by_word, doc, start, end, rows,
                         window=window)
        passed = cue_hits[ok]
        kept_cat.append(np.full(len(passed), j, dtype=np.int64))
        kept_hit.append(passed)
        kept_weight.append(np.full(len(passed), rule.weight, dtype=np.float64))
    none = np.zeros(0, dtype=np.int64)
    if not kept_hit:
        return none, none
    cat, hit, weight = np.concatenate(kept_cat), np.concatenate(kept_hit), np.concatenate(kept_weight)
    if not len(hit):
        return none, none
    # within a category, a cue inside a longer cue counts once (the longer): sort by category,
    # document, start, longest first; a hit is inside an earlier one when its end does not pass
    # the furthest end reached so far in the same category and document
    group = cat * (int(doc.max()) + 1) + doc[hit]
    order = np.lexsort((-(end[hit] - start[hit]), start[hit], group))
    cat, hit, weight, group = cat[order], hit[order], weight[order], group[order]
    big = np.int64(int(end.max()) + 1)
    key = group * big + end[hit]
    reach = np.maximum.accumulate(key)
    inside = np.zeros(len(hit), dtype=bool)
    inside[1:] = reach[:-1] >= key[1:]
    # a cue with the cues inside it is one piece of evidence: the strongest of them counts
    # (体制 in 领导体制 counts with its own weight), ties going to the longer
    cluster = np.cumsum(~inside) - 1
    best = np.lexsort((np.arange(len(hit)), -weight, cluster))
    first = np.ones(len(best), dtype=bool)
    first[1:] = cluster[best][1:] != cluster[best][:-1]
    pick = best[first]
    cat, hit, weight = cat[pick], hit[pick], weight[pick]
    np.add.at(scores, (rows[hit], cat), weight)
    # evidence: each cue once per unit, in order of position
    ev_order = np.lexsort((start[hit], rows[hit]))
    return _first_pairs(rows[hit][ev_order], term[hit][ev_order], len(words))


def _near(cue_hits: np.ndarray, word_ids: list[int], by_word, doc, start, end, rows, *, window: int | None) -> np.ndarray:
    """For each cue hit: does one of the words occur around it? ``window=None``: a hit of the word
    that contains the cue (the cue is part of that longer word); else a hit in the same unit
    within ``window`` characters (not the cue's own span)."""
    found = np.zeros(len(cue_hits), dtype=bool)
    present = [by_word[i] for i in word_ids if i in by_word]
    if not present:
        return found
    others = np.concatenate(present)
    others = others[np.lexsort((start[others], doc[others]))]
    o_doc, o_start, o_end, o_row = doc[others], start[others], end[others], rows[others]
    big = int(max(end.max(), 1)) + 1
    o_key = o_doc * big + o_start
    longest = int((o_end - o_start).max())
    reach = (window or 0) + longest
    lo = np.searchsorted(o_key, doc[cue_hits] * big + start[cue_hits] - reach, side="left")
    hi = np.searchsorted(o_key, doc[cue_hits] * big + end[cue_hits] + (window or 0), side="right")
    # every (cue hit, nearby hit) pair, then the conditions on all pairs at once
    count = hi - lo
    pair = np.repeat(np.arange(len(cue_hits)), count)
    o = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count - lo, count)
    h = cue_hits[pair]
    ok = (o_doc[o] == doc[h]) & (others[o] != h)
    if window is None:
        ok &= (o_start[o] <= start[h]) & (o_end[o] >= end[h]) & ((o_end[o] - o_start[o]) > (end[h] - start[h]))
    else:
        ok &= (o_row[o] == rows[h]) & (o_end[o] >= start[h] - window) & (o_start[o] <= end[h] + window) \
            & ~((o_start[o] >= start[h]) & (o_end[o] <= end[h]))
    found[pair[ok]] = True
    return found
