"""Collocations: word pairs that occur near each other more often than chance (zhili.analysis.collocations)."""
from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from .._errors import check_choice, check_positive_int
from .freq import _check_tokens

__all__ = ["collocations"]

COLLOCATION_COLUMNS = ["word1", "word2", "count", "expected", "pmi", "llr"]


def collocations(tokens, *, window: int = 2, min_count: int = 3, measure: Literal["pmi", "llr"] = "pmi",
                 n: int | None = None) -> pd.DataFrame:
    """Ordered word pairs (``word1`` then ``word2``) that co-occur within a window.

    A pair is counted each time ``word2`` is one of the ``window`` tokens that follow
    ``word1`` in the same unit (``window=1``: adjacent tokens only). Every such pair is one
    observation; with ``N`` observations, ``R`` those with ``word1`` first and ``C`` those
    with ``word2`` second, the count ``O`` of the pair is set against the 2×2 table
    ``[[O, R-O], [C-O, N-R-C+O]]``:

    - ``expected`` = ``R·C / N``;
    - ``pmi`` = ``log2(O / expected)`` (pointwise mutual information, in bits);
    - ``llr`` = ``G² = 2 Σ O_ij ln(O_ij / E_ij)`` over the four cells (log-likelihood
      ratio; unsigned, so check ``pmi > 0`` for attraction rather than repulsion).

    Pairs of a word with itself count towards ``N``, ``R`` and ``C`` but are not listed.
    The counts and both measures agree with nltk's ``BigramCollocationFinder.from_words``
    (``window_size=window + 1``, which counts the word itself) and ``BigramAssocMeasures``.

    Parameters
    ----------
    tokens : Tokens
        From :func:`zhili.tokenize`.
    window : int, default 2
        How many following tokens to pair each token with (``1``: adjacent tokens only). This
        is what ``window`` means throughout zhili: the number of tokens after a word that count
        as its neighbours, as in :func:`zhili.keywords` (``method="textrank"``) and
        :func:`zhili.cooccurrence_matrix` (``context="window"``).
    min_count : int, default 3
        List only pairs seen at least this many times (PMI is unreliable for rare pairs).
    measure : {"pmi", "llr"}
        Sort by this, descending, then by ``word1`` and ``word2``.
    n : int, optional
        Return only the first ``n`` rows.

    Returns
    -------
    pandas.DataFrame
        ``word1``, ``word2``, ``count``, ``expected``, ``pmi``, ``llr``. No pair reaching
        ``min_count`` gives an empty table with these columns.

    Examples
    --------
    >>> import zhili as zl
    >>> toks = zl.tokenize("推进共同缔造。推进共同缔造。坚持四权同下。", cache=False)
    >>> collocations(toks, window=1, min_count=2)[["word1", "word2", "count", "pmi"]]
      word1 word2  count       pmi
    0    推进  共同缔造      2  0.584963
    """
    _check_tokens(tokens, "collocations")
    check_positive_int("window", window)
    check_positive_int("min_count", min_count)
    check_choice("measure", measure, ("pmi", "llr"))
    if n is not None:
        check_positive_int("n", n)

    ids = np.asarray(tokens.ids, dtype=np.int64)  # numbers into the sorted vocabulary
    if len(ids) < 2:
        return _empty()
    vocab = tokens.vocab
    size = np.int64(len(vocab))
    unit_of = tokens.unit_of_token()
    codes = []
    for d in range(1, window + 1):
        if d >= len(ids):
            break
        same = unit_of[:-d] == unit_of[d:]
        codes.append(ids[:-d][same] * size + ids[d:][same])
    codes = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)
    if not len(codes):
        return _empty()
    pair, count = np.unique(codes, return_counts=True)
    w1, w2 = pair // size, pair % size
    total = float(count.sum())
    first = np.bincount(w1, weights=count, minlength=len(vocab))
    second = np.bincount(w2, weights=count, minlength=len(vocab))

    keep = (w1 != w2) & (count >= min_count)
    w1, w2, o11 = w1[keep], w2[keep], count[keep].astype(np.float64)
    if not len(o11):
        return _empty()
    r, c = first[w1], second[w2]
    observed = [o11, r - o11, c - o11, total - r - c + o11]
    expected = [r * c / total, r * (total - c) / total, (total - r) * c / total, (total - r) * (total - c) / total]
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log2(o11 / expected[0])
        llr = 2 * sum(np.where(o > 0, o * np.log(o / e), 0.0) for o, e in zip(observed, expected))
    table = pd.DataFrame({
        "word1": pd.Series(np.asarray(vocab, dtype=object)[w1], dtype=object),
        "word2": pd.Series(np.asarray(vocab, dtype=object)[w2], dtype=object),
        "count": o11.astype(np.int64),
        "expected": expected[0],
        "pmi": pmi,
        "llr": np.maximum(llr, 0.0),  # rounding can leave -1e-15 for independent pairs
    })
    score = table[measure].to_numpy()
    order = np.lexsort((w2, w1, -score))  # vocab is sorted, so ids order the words
    table = table.iloc[order].reset_index(drop=True)
    if n is not None:
        table = table.head(n).reset_index(drop=True)
    from ..matching import warn_shown_tokens

    top = table.head(20)
    warn_shown_tokens(tokens, [*top["word1"], *top["word2"]], where="collocations")
    return table


def _empty() -> pd.DataFrame:
    return pd.DataFrame({
        "word1": pd.Series([], dtype=object), "word2": pd.Series([], dtype=object),
        "count": pd.Series([], dtype="int64"), "expected": pd.Series([], dtype="float64"),
        "pmi": pd.Series([], dtype="float64"), "llr": pd.Series([], dtype="float64"),
    })
