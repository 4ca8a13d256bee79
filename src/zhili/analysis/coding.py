"""Code texts with the framework's dictionary, profile the codes, and check them (zhili.analysis.coding).

``code_framework`` gives every unit (sentence by default) one count per category of the theory
framework — at the level of its dimensions, sub-dimensions, elements, the 五共 stages or the three
theory dimensions — with the matched terms as evidence. ``framework_profile`` sums the codes per
document or group; ``coding_agreement`` and ``validate_dictionary`` compare codings (two coders,
or the dictionary against a scholar's hand coding).

Matching
--------
``match="token"`` (default) counts tokens that *are* indicator terms. The tokenizer has every
framework term in its lexicon, so the terms come out whole, and a term inside a longer word is
not counted (``共享`` in ``共享单车``). ``match="text"`` scans the unit text for the terms, longest
first and without overlaps (``发展共建`` is one hit, not also ``共建``): it also finds terms the
segmenter joined to a neighbour, at the price of false hits inside longer words.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
from scipy import sparse

from .._errors import ZhiliError, check_choice

if TYPE_CHECKING:  # pragma: no cover
    from ..theory import Framework

__all__ = ["code_framework", "framework_profile"]

Level = Literal["dimension", "subdimension", "element", "stage", "theory"]
_LEVELS = ("dimension", "subdimension", "element", "stage", "theory")
_LEAD = ["doc_id", "unit_id", "heading_path", "text", "n_chars"]
_TAIL = ["evidence", "categories"]
_SEP = "；"
#: docvars never copied into a coding table (n_chars is the document's length, not the unit's)
_SKIP_DOCVARS = {"n_chars", "encoding"}


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


def _join_docvars(table: pd.DataFrame, corpus) -> pd.DataFrame:
    extra = _docvar_columns(corpus, set(map(str, table.columns)))
    if extra.shape[1] == 0:
        return table
    joined = extra.reindex(table["doc_id"].tolist()).reset_index(drop=True)
    return pd.concat([table.reset_index(drop=True), joined], axis=1)


def _dictionary(fw: Framework, level: str) -> pd.DataFrame:
    if not isinstance(level, str) or level not in _LEVELS:
        listed = "、".join(repr(v) for v in _LEVELS)
        raise ZhiliError(f"参数 level={level!r} 无效：可选值为 {listed}"
                         "（分别为维度、子维度、要素、五共环节、治理理念/能力/体系）。")
    return fw.dictionary(level)


# ============================================================================ coding


def code_framework(data: Any, *, unit: Literal["sentence", "paragraph", "item", "document"] = "sentence",
                   level: Level = "dimension", framework: Framework | None = None,
                   match: Literal["token", "text"] = "token") -> pd.DataFrame:
    """Code every unit with the framework's dictionary: counts of indicator terms per category.

    Parameters
    ----------
    data : Corpus, str, list of str, mapping, or Tokens
        What to code. Strings become documents ``doc1``, ``doc2`` …; Tokens are coded unit by
        unit as they are (their own unit is used and ``unit`` is ignored).
    unit : {"sentence", "paragraph", "item", "document"}
        The unit a row stands for.
    level : {"dimension", "subdimension", "element", "stage", "theory"}
        Which categories (see :meth:`zhili.Framework.dictionary`): the five roots, their
        sub-dimensions, every element, the five 五共 stages, or 治理理念 / 治理能力 / 治理体系
        (a practice term counts for every theory dimension it serves).
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
    from ..theory import Framework
    from ..theory import framework as default_framework

    check_choice("match", match, ("token", "text"))
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
    out = pd.DataFrame({
        "doc_id": units["doc_id"].astype(str).to_numpy(),
        "unit_id": units["unit_id"].astype(str).to_numpy(),
        "heading_path": units["heading_path"].astype(str).to_numpy(),
        "text": units["text"].astype(str).to_numpy(),
        "n_chars": units["text"].astype(str).str.len().to_numpy(dtype=np.int64),
    })
    cats = pd.DataFrame(cat_counts, columns=labels)
    present = cat_counts > 0
    label_arr = np.array(labels, dtype=object)
    cat_strings = ["" if not row.any() else _SEP.join(label_arr[row]) for row in present]
    out = pd.concat([out, cats], axis=1)
    out["evidence"] = evidence
    out["categories"] = cat_strings
    out = _join_docvars(out, corpus)
    out.attrs = {"level": level, "match": match, "categories": list(labels), "framework": str(fw.version)}
    return out


def _tokenize_for(corpus, units: pd.DataFrame, unit: str, fw):
    from ..theory import framework as default_framework
    from ..tokens import tokenize

    extra = sorted(set(fw.terms()) - set(default_framework().terms())) if fw is not default_framework() else []
    return tokenize(corpus, unit=unit, user_terms=extra or None)


def _match_tokens(toks, terms: list[str]) -> tuple[sparse.csr_matrix, list[str]]:
    """Unit × term counts through the kit's dtm; evidence only for units with a hit."""
    from .matrix import dtm

    n_units = len(toks.tokens)
    if n_units == 0:
        return sparse.csr_matrix((0, len(terms)), dtype=np.int64), []
    m = dtm(toks, by="unit", vocabulary=terms).matrix
    evidence = [""] * n_units
    hit_rows = np.flatnonzero(np.diff(m.indptr))
    if len(hit_rows):
        termset = frozenset(terms)
        words = toks.words()
        for i in hit_rows:
            evidence[i] = _SEP.join(dict.fromkeys(w for w in words[i] if w in termset))
    return m, evidence


def _term_pattern(terms: Sequence[str]) -> re.Pattern[str]:
    """One alternation, longest term first (ties by term), so a scan finds the longest match."""
    ordered = sorted(set(terms), key=lambda t: (-len(t), t))
    return re.compile("|".join(re.escape(t) for t in ordered))


def _match_text(texts: list[str], terms: list[str]) -> tuple[sparse.csr_matrix, list[str]]:
    """Longest-first, non-overlapping scan of all unit texts in one regex pass."""
    n = len(texts)
    if n == 0 or not terms:
        return sparse.csr_matrix((n, len(terms)), dtype=np.int64), [""] * n
    sep = "\n"  # never inside a unit's text or a term
    joined = sep.join(t.replace(sep, " ") for t in texts)
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    term_pos = {t: i for i, t in enumerate(terms)}
    found = [(m.start(), m.group(0)) for m in _term_pattern(terms).finditer(joined)]
    evidence = [""] * n
    if not found:
        return sparse.csr_matrix((n, len(terms)), dtype=np.int64), evidence
    pos = np.fromiter((p for p, _ in found), dtype=np.int64, count=len(found))
    rows = np.searchsorted(starts, pos, side="right") - 1
    cols = np.fromiter((term_pos[t] for _, t in found), dtype=np.int64, count=len(found))
    m = sparse.csr_matrix((np.ones(len(found), dtype=np.int64), (rows, cols)), shape=(n, len(terms)))
    m.sum_duplicates()
    per_unit: dict[int, dict[str, None]] = {}
    for r, (_, t) in zip(rows.tolist(), found):
        per_unit.setdefault(r, {})[t] = None
    for r, ts in per_unit.items():
        evidence[r] = _SEP.join(ts)
    return m, evidence


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
                      measure: Literal["count", "share", "density"] = "count") -> pd.DataFrame:
    """Sum a coding table per document or group: the framework profile of each.

    Parameters
    ----------
    coding : pandas.DataFrame
        From :func:`code_framework` (a filtered copy is fine).
    by : str or None, default "doc_id"
        ``"doc_id"`` (documents, in corpus order), any docvar column of ``coding`` such as
        ``"level"`` or ``"year"`` (groups, in sorted order), or ``None`` (one row, ``全部``).
        Docvars are in the coding table when it was made from a Corpus (or Tokens of one);
        see :func:`code_framework`.
    measure : {"count", "share", "density"}
        ``count``: matched terms. ``share``: a category's count over all matches in the row
        (NaN in a row without matches). ``density``: matches per 1,000 characters of the
        row's units.

    Returns
    -------
    pandas.DataFrame
        Index: the documents or groups (named ``by``); columns: the categories of the coding
        table. Documents or groups without units (an empty text, units filtered out) have no
        row.

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
    """
    check_choice("measure", measure, ("count", "share", "density"))
    cats = _category_columns(coding)
    fixed = set(cats) | {"text", "n_chars", "evidence", "categories"}
    valid = [c for c in map(str, coding.columns) if c not in fixed]
    if by is not None and by not in valid:
        listed = "、".join(["None", *valid])
        raise ZhiliError(f"参数 by={by!r} 无效：编码表中没有可分组的这一列。可选：{listed}。"
                         "（由语料编码时，文档变量会附在编码表中。）")
    counts = coding[cats].astype(np.int64)
    chars = coding["n_chars"].astype(np.int64)
    if by is None:
        key = pd.Series(["全部"] * len(coding), index=coding.index, name="全部")
        sort = False
    else:
        key = coding[by]
        sort = by != "doc_id"
    frame = pd.concat([counts, chars.rename("__n_chars__")], axis=1)
    try:
        grouped = frame.groupby(key.to_numpy(), sort=sort, dropna=False).sum()
    except TypeError:  # values of mixed types: sort as text
        grouped = frame.groupby(key.astype(str).to_numpy(), sort=sort, dropna=False).sum()
    grouped.index.name = by if by is not None else None
    n_chars = grouped.pop("__n_chars__")
    grouped = grouped[cats].astype(np.int64)
    if measure == "share":
        total = grouped.sum(axis=1).replace(0, np.nan)
        return grouped.div(total, axis=0).astype(float)
    if measure == "density":
        return grouped.div(n_chars.replace(0, np.nan), axis=0).astype(float) * 1000.0
    return grouped
