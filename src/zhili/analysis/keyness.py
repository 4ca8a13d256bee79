"""Keyness: which terms are over- or under-used in one group of documents (zhili.analysis.keyness)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from .. import streaming
from .._errors import ZhiliError, check_choice, check_positive_int
from ..streaming import is_lazy
from .freq import _check_tokens
from .matrix import dtm

__all__ = ["keyness"]

KEYNESS_COLUMNS = ["term", "target_count", "reference_count", "target_share", "reference_share",
                   "g2", "chi2", "p", "log_ratio"]
_P_ADJUST = (None, "fdr_bh", "bonferroni")


def keyness(tokens, target, *, by: str | None = None, measure: Literal["g2", "chi2"] = "g2", min_count: int = 1,
            correction: bool = False, p_adjust: Literal["fdr_bh", "bonferroni"] | None = None, client=None) -> pd.DataFrame:
    """Compare term frequencies in a target group of documents with all other documents.

    For each term, with ``a``/``b`` its count in the target/reference documents and
    ``T``/``R`` all tokens there, the 2×2 table ``[[a, b], [T-a, R-b]]`` is tested against
    independence (expected counts from the margins, as ``scipy.stats.chi2_contingency``):

    - ``g2`` = ``2 Σ O ln(O/E)`` (log-likelihood, Dunning 1993); ``chi2`` = ``Σ (O-E)²/E``;
    - both are given a sign: positive when the term is relatively more frequent in the target
      (``a/T > b/R``), negative when less;
    - ``p`` = ``scipy.stats.chi2.sf(|statistic|, df=1)`` for the chosen ``measure``;
    - ``log_ratio`` = ``log2((a / T) / (b / R))`` — the effect size, Hardie's Log Ratio [1]_:
      the binary log of the ratio of the relative frequencies, so each step of 1 is a doubling
      (``0`` = equally frequent). A count of zero, and only a zero, is replaced by ``0.5`` so
      that a term absent from one side still has a finite value (a term seen 20 times in the
      target and once in an equally large reference has ``log2(20) = 4.32``).

    Parameters
    ----------
    tokens : Tokens
        From :func:`zhili.tokenize`.
    target
        Which documents form the target group:

        - a boolean mask with one value per document (e.g. ``corpus.docs["level"] == "省"``);
        - a list of ``doc_id``;
        - with ``by="<docvar>"``: a value of that docvar, or a list of values
          (e.g. ``by="setting", target="城市"``).
    by : str, optional
        The docvar that ``target`` refers to.
    measure : {"g2", "chi2"}
        The statistic that orders the table (descending, signed) and gives ``p``.
    min_count : int, default 1
        Keep terms seen at least this many times in the two groups together.
    correction : bool, default False
        Yates' continuity correction of ``chi2``: each observed count is moved up to 0.5
        towards its expected value first (exactly as ``chi2_contingency(correction=True)``).
        ``g2`` is never corrected, as in most corpus tools (the correction was designed for
        Pearson's χ²).
    p_adjust : {None, "fdr_bh", "bonferroni"}
        Adjust ``p`` for testing every term of the table at once, and add the column
        ``p_adjusted``: ``"fdr_bh"`` is Benjamini–Hochberg (controls the false discovery
        rate; :func:`scipy.stats.false_discovery_control`), ``"bonferroni"`` multiplies by the
        number of terms (capped at 1). The number of tests is the number of rows returned
        (after ``min_count``). Both agree with ``statsmodels.stats.multitest.multipletests``
        with the same method name.

    Returns
    -------
    pandas.DataFrame
        ``term``, ``target_count``, ``reference_count``, ``target_share`` (``a/T``),
        ``reference_share`` (``b/R``), ``g2``, ``chi2``, ``p``, ``log_ratio``, and
        ``p_adjusted`` when ``p_adjust`` is given; sorted by the signed statistic (most
        characteristic of the target first), then term.

    Raises
    ------
    ZhiliError
        If the target or the reference group has no documents or no tokens.

    References
    ----------
    .. [1] Hardie, A. (2014). Log Ratio – an informal introduction. ESRC Centre for Corpus
       Approaches to Social Science (CASS) blog, Lancaster University.
    .. [2] Dunning, T. (1993). Accurate methods for the statistics of surprise and
       coincidence. Computational Linguistics 19(1), 61–74.

    Examples
    --------
    >>> import zhili as zl
    >>> c = zl.Corpus.from_texts(["推进共同缔造。共同缔造。", "坚持四权同下，推进共同缔造。"],
    ...                          docvars={"setting": ["农村", "城市"]})
    >>> k = keyness(zl.tokenize(c, cache=False), "农村", by="setting")
    >>> k[["term", "target_count", "reference_count"]].values.tolist()
    [['共同缔造', 2, 1], ['推进', 1, 1], ['四权同下', 0, 1], ['坚持', 0, 1]]

    The target has 3 tokens and the reference 4: ``log2((2/3) / (1/4))`` for 共同缔造, and
    for 坚持 (absent from the target) ``log2((0.5/3) / (1/4))``:

    >>> k["log_ratio"].round(3).tolist()
    [1.415, 0.415, -0.585, -0.585]
    """
    if client is not None or is_lazy(tokens):  # streamed in chunks, or on a Dask cluster (zhili.streaming)
        return streaming.run("keyness", tokens, client, target=target, by=by, measure=measure, min_count=min_count,
                             correction=correction, p_adjust=p_adjust)
    _check_tokens(tokens, "keyness")
    check_choice("measure", measure, ("g2", "chi2"))
    check_positive_int("min_count", min_count)
    check_choice("p_adjust", p_adjust, _P_ADJUST)
    corpus = tokens.corpus
    if len(corpus) == 0:
        raise ZhiliError("语料中没有文档：无法比较目标组与参照组。")
    mask = _target_mask(corpus, target, by)
    if not mask.any():
        raise ZhiliError(f"目标组没有文档：target={target!r}" + (f"（by={by!r}）" if by else "") + " 没有选中任何文档。")
    if mask.all():
        raise ZhiliError("参照组为空：target 选中了全部文档，没有可对比的其余文档。请缩小目标组。")

    m = dtm(tokens, by="document")
    lengths = np.diff(np.asarray(tokens.offsets, dtype=np.int64))
    doc_tokens = np.bincount(np.asarray(tokens.doc_index, dtype=np.int64), weights=lengths,
                             minlength=len(corpus)).astype(np.float64)
    big_t, big_r = doc_tokens[mask].sum(), doc_tokens[~mask].sum()
    if big_t == 0:
        raise ZhiliError("目标组的文档分词后没有任何词：无法计算关键性。")
    if big_r == 0:
        raise ZhiliError("参照组的文档分词后没有任何词：无法计算关键性。")

    a = np.asarray(m.matrix[mask].sum(axis=0)).ravel().astype(np.float64)
    b = np.asarray(m.matrix[~mask].sum(axis=0)).ravel().astype(np.float64)
    table = keyness_table(m.terms, a, b, big_t, big_r, min_count=min_count, measure=measure,
                          correction=correction, p_adjust=p_adjust)
    from ..matching import warn_shown

    top = pd.concat([table.head(20), table.tail(20)]).drop_duplicates("term")
    warn_shown(tokens.corpus, dict(zip(top["term"], (top["target_count"] + top["reference_count"]).tolist())),
               where="keyness")
    return table


def keyness_table(terms, a, b, big_t: float, big_r: float, *, min_count: int, measure: str, correction: bool,
                  p_adjust) -> pd.DataFrame:
    """The keyness table from each term's target and reference counts (``a``, ``b``, floats) and the
    two groups' token totals, sorted by ``measure`` (ties in the order of ``terms``). Shared by
    :func:`keyness` and the streamed keyness of :mod:`zhili.streaming`, which sums the counts chunk
    by chunk."""
    from scipy.stats import chi2 as chi2_dist

    keep = (a + b) >= min_count
    terms = np.asarray(terms, dtype=object)[keep]
    a, b = a[keep], b[keep]
    g2, chi2 = _two_by_two(a, b, big_t, big_r, correction)
    sign = np.where(a * big_r > b * big_t, 1.0, np.where(a * big_r < b * big_t, -1.0, 0.0))
    stat = g2 if measure == "g2" else chi2
    table = pd.DataFrame({
        "term": pd.Series(terms, dtype=object),
        "target_count": a.astype(np.int64),
        "reference_count": b.astype(np.int64),
        "target_share": a / big_t,
        "reference_share": b / big_r,
        "g2": sign * g2,
        "chi2": sign * chi2,
        "p": chi2_dist.sf(stat, 1),
        "log_ratio": _log_ratio(a, b, big_t, big_r),
    }, columns=KEYNESS_COLUMNS)
    if p_adjust is not None:
        table["p_adjusted"] = _adjust(table["p"].to_numpy(), p_adjust)
    order = np.lexsort((np.arange(len(table)), -table[measure].to_numpy()))
    return table.iloc[order].reset_index(drop=True)


def _two_by_two(a, b, big_t, big_r, correction: bool):
    """G² and χ² of the tables [[a, b], [T-a, R-b]], vectorised over terms (unsigned).

    Yates' correction (``correction=True``) applies to χ² only.
    """
    n = big_t + big_r
    row = a + b
    observed = [a, b, big_t - a, big_r - b]
    expected = [row * big_t / n, row * big_r / n, (n - row) * big_t / n, (n - row) * big_r / n]
    corrected = observed
    if correction:
        corrected = [o + np.minimum(0.5, np.abs(e - o)) * np.sign(e - o) for o, e in zip(observed, expected)]
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * sum(np.where(o > 0, o * np.log(o / e), 0.0) for o, e in zip(observed, expected))
        chi2 = sum(np.where(e > 0, (o - e) ** 2 / e, 0.0) for o, e in zip(corrected, expected))
    return np.maximum(g2, 0.0), np.maximum(chi2, 0.0)


def _log_ratio(a, b, big_t, big_r):
    """Hardie's Log Ratio: log2 of the ratio of relative frequencies, a zero count taken as 0.5."""
    a = np.where(a == 0, 0.5, a)
    b = np.where(b == 0, 0.5, b)
    return np.log2((a / big_t) / (b / big_r))


def _adjust(p: np.ndarray, method: str) -> np.ndarray:
    """p-values adjusted for testing all of them (as statsmodels' multipletests)."""
    if not len(p):
        return p.copy()
    if method == "bonferroni":
        return np.minimum(p * len(p), 1.0)
    from scipy.stats import false_discovery_control

    return false_discovery_control(p, method="bh")


def _target_mask(corpus, target, by: str | None) -> np.ndarray:
    """Boolean array over documents from a mask, doc ids, or docvar value(s)."""
    n = len(corpus)
    if by is not None:
        docvars = corpus.docvars
        if by not in docvars.columns:
            raise ZhiliError(f"参数 by={by!r} 无效：语料没有这个文档变量。可选 {'、'.join(map(str, docvars.columns))}。")
        values = docvars[by].astype(str).to_numpy()
        wanted = [target] if isinstance(target, (str, bool, int, float, np.generic)) else list(target)
        wanted = {str(v) for v in wanted}
        mask = np.isin(values, list(wanted))
        missing = sorted(wanted - set(values))
        if missing:
            listed = "、".join(sorted(set(values)))
            raise ZhiliError(f"目标组没有文档：文档变量 {by!r} 中没有取值 {'、'.join(missing)}。可选取值：{listed}。")
        return mask
    if isinstance(target, pd.Series):
        target = target.to_numpy()
    if isinstance(target, str):
        target = [target]
    if not isinstance(target, (Sequence, np.ndarray)):
        raise ZhiliError(f"参数 target 的类型 {type(target).__name__} 无效：应为布尔筛选条件、doc_id 列表，"
                         "或配合 by=\"文档变量\" 给出取值。")
    items = list(target)
    if items and all(isinstance(v, (bool, np.bool_)) for v in items):
        if len(items) != n:
            raise ZhiliError(f"target 筛选条件有 {len(items)} 个值，但语料有 {n} 篇文档：两者应一一对应。")
        return np.asarray(items, dtype=bool)
    if all(isinstance(v, str) for v in items):
        ids = corpus.doc_ids
        unknown = sorted(set(items) - set(ids))
        if unknown:
            raise ZhiliError(f"语料中没有这些 doc_id：{'、'.join(unknown[:5])}{' 等' if len(unknown) > 5 else ''}。"
                             "若要按文档变量选择，请同时给出 by=\"变量名\"。")
        return np.isin(np.asarray(ids, dtype=object), items)
    raise ZhiliError("参数 target 无效：应为布尔筛选条件（每篇文档一个 True/False）、doc_id 列表，"
                     "或配合 by=\"文档变量\" 给出取值。")
