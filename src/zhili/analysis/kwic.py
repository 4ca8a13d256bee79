"""Keyword in context: every occurrence of a term with the words around it (zhili.analysis.kwic)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

import pandas as pd

from .._errors import ZhiliError, check_choice, check_positive_int, check_words

__all__ = ["kwic"]

KWIC_COLUMNS = ["doc_id", "unit_id", "heading_path", "left", "keyword", "right", "position"]


def kwic(data, pattern: str | Iterable[str], *, window: int = 5, regex: bool = False,
         unit: Literal["sentence", "paragraph", "item", "document"] | None = None) -> pd.DataFrame:
    """Every occurrence of a term, with ``window`` tokens of context on each side.

    Parameters
    ----------
    data : Tokens or Corpus
        Tokens are searched as they are. A Corpus is first segmented with
        ``zl.tokenize(data, unit=unit, stopwords=False, punct=True, numbers=True)`` so that the
        context reads like the original sentence (the token cache is used as usual).
    pattern : str or list of str
        A term (matched against whole tokens), or several. With ``regex=True`` each pattern is
        a regular expression searched inside each token (``re.search``; anchor it with
        ``^…$`` to match whole tokens).
    window : int, default 5
        Tokens of context on each side. Context never crosses a unit boundary.
    regex : bool, default False
        Treat the patterns as regular expressions.
    unit : {"sentence", "paragraph", "item", "document"}, optional
        Only for a Corpus: the unit to segment by (default ``"sentence"``). For Tokens it must
        be omitted or equal the unit they were made with.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``unit_id``, ``heading_path``, ``left``, ``keyword``, ``right``,
        ``position`` (0-based token index within the unit), in corpus order. ``left`` and
        ``right`` are the context tokens joined without spaces, as Chinese is written. A
        pattern that never occurs gives an empty table with these columns.

    Examples
    --------
    >>> import zhili as zl
    >>> c = zl.Corpus.from_texts(["各地坚持共同缔造，群众参与共同缔造。"])
    >>> toks = zl.tokenize(c, stopwords=False, punct=True, cache=False)
    >>> kwic(toks, "共同缔造", window=2)[["left", "keyword", "right", "position"]].values.tolist()
    [['各地坚持', '共同缔造', '，群众参与', 2], ['，群众参与', '共同缔造', '。', 5]]
    """
    from ..corpus import Corpus
    from ..tokens import Tokens, tokenize

    check_positive_int("window", window, allow_zero=True)
    patterns = _patterns(pattern)
    if isinstance(data, Corpus):
        if unit is not None:
            from ..units import UNITS

            check_choice("unit", unit, UNITS)
        data = tokenize(data, unit=unit or "sentence", stopwords=False, punct=True, numbers=True)
    elif isinstance(data, Tokens):
        if unit is not None and unit != data.unit:
            raise ZhiliError(f"这些分词结果是按 {data.unit!r} 切分的，不能再按 unit={unit!r} 检索："
                             f"请省略 unit，或用 zl.tokenize(corpus, unit={unit!r}) 重新分词。")
    else:
        raise ZhiliError(f"kwic() 需要语料（Corpus）或分词结果（Tokens），收到的是 {type(data).__name__}。")

    words = data.words()
    match = _matcher(patterns, regex, words)
    hits: list[tuple[int, int]] = []  # (unit number, position)
    for u, toks in enumerate(words):
        if not toks or match.isdisjoint(toks):
            continue
        hits.extend((u, i) for i, w in enumerate(toks) if w in match)
    if not hits:
        return pd.DataFrame({c: pd.Series([], dtype="int64" if c == "position" else object) for c in KWIC_COLUMNS})

    units = data.units
    unit_ids = units["unit_id"].tolist()
    headings = units["heading_path"].tolist()
    doc_ids = data.doc_ids
    rows = []
    for u, i in hits:
        toks = words[u]
        rows.append((doc_ids[u], unit_ids[u], headings[u], "".join(toks[max(0, i - window):i]), toks[i],
                     "".join(toks[i + 1:i + 1 + window]), i))
    table = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    table["position"] = table["position"].astype("int64")
    return table


def _patterns(pattern) -> list[str]:
    return check_words("pattern", pattern)


def _matcher(patterns: list[str], regex: bool, words: list[list[str]]) -> set[str]:
    """The set of token strings that match (regexes are tried once per distinct token)."""
    if not regex:
        return set(patterns)
    compiled = []
    for p in patterns:
        try:
            compiled.append(re.compile(p))
        except re.error as exc:
            raise ZhiliError(f"正则表达式 {p!r} 有误（{exc}）：请检查括号、转义等，或设 regex=False 按原词检索。") from None
    vocabulary = set().union(*map(set, words)) if words else set()
    return {w for w in vocabulary if any(r.search(w) for r in compiled)}
