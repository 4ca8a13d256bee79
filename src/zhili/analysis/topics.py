"""Topic models: which groups of words tend to occur in the same documents (zhili.analysis.topics).

Latent Dirichlet Allocation (Blei, Ng & Jordan 2003) fitted by variational Bayes with
scikit-learn's :class:`~sklearn.decomposition.LatentDirichletAllocation`, on the kit's own
document-term matrix (:func:`zhili.dtm`, so no second segmentation). :func:`topics` returns a
:class:`TopicModel` that gives the topic–term and document–topic tables, a short label and a
coherence score per topic, and topic prevalence by period or group; :func:`compare_topics` fits
several ``k`` to help choose one; :func:`plot_topics` and :func:`plot_topic_prevalence` draw them
with the kit's Chinese font.

Every random step goes through one ``seed``: the same tokens and settings give the same topics,
in the same order, on every run.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from numbers import Real
from typing import Literal

import numpy as np
import pandas as pd

from .._errors import ZhiliError, check_choice, check_positive_int, choose_column
from .freq import _check_tokens
from .matrix import dtm

__all__ = ["TopicModel", "topics", "compare_topics", "npmi_coherence", "plot_topics", "plot_topic_prevalence",
           "TERMS_COLUMNS", "COMPARE_COLUMNS"]

#: Columns of :meth:`TopicModel.terms`.
TERMS_COLUMNS = ["topic", "label", "rank", "term", "weight", "lift"]
#: Columns of :func:`compare_topics`.
COMPARE_COLUMNS = ["k", "coherence", "coherence_min", "perplexity", "n_terms", "n_docs", "n_heldout"]

#: Up to this many rows (documents or units) the model is fitted by batch variational Bayes (every
#: pass uses all documents); beyond, by online variational Bayes (Hoffman, Blei & Bach 2010) in
#: mini-batches of 128, which needs far fewer passes on a large corpus.
BATCH_MAX_ROWS = 2000
_BATCH_PASSES = 50
_ONLINE_PASSES = 5
_LABEL_TERMS = 3


# ============================================================================ the model


class TopicModel:
    """A fitted topic model and the tables a reader needs from it.

    Topics are numbered ``1 … k`` from the most to the least prevalent (share of all modelled
    tokens), so topic 1 is the largest.

    Attributes
    ----------
    k : int
        Number of topics.
    labels : list of str
        A short label per topic (``labels[0]`` is topic 1): its three most probable terms joined
        by ``·``, e.g. ``"小区·物业·业委会"``.
    coherence : pandas.Series
        NPMI coherence of each topic (index ``1 … k``), from :func:`npmi_coherence` over the
        topic's ``n_terms`` most probable terms and the modelled documents.
    vocabulary : list of str
        The terms the model was fitted on (after ``min_count``, ``min_df``, ``max_df``,
        ``min_length``), sorted.
    topic_term : numpy.ndarray
        ``k × len(vocabulary)``: row ``t-1`` is topic ``t``'s distribution over terms (sums to 1).
    doc_topic : numpy.ndarray
        ``n_rows × k``: each document's topic shares (sum to 1); ``NaN`` for a document with no
        modelled term.
    rows : pandas.DataFrame
        One row per modelled document (``doc_id``; ``unit_id`` too with ``by="unit"``) and
        ``n_tokens``, its modelled tokens.
    settings : dict
        Every option the model was fitted with (``k``, ``seed``, ``by``, filters, priors,
        ``learning_method``, ``max_iter``).
    model : sklearn.decomposition.LatentDirichletAllocation
        The fitted estimator (topics in scikit-learn's order, not re-numbered).
    """

    def __init__(self, *, model, vocabulary: list[str], topic_term: np.ndarray, doc_topic: np.ndarray,
                 rows: pd.DataFrame, counts, n_terms: int, settings: dict, corpus) -> None:
        self.model = model
        self.vocabulary = vocabulary
        self.topic_term = topic_term
        self.doc_topic = doc_topic
        self.rows = rows
        self.settings = settings
        self.k = topic_term.shape[0]
        self._corpus = corpus
        self._counts = counts  # rows × terms (sparse): coherence and term shares
        self._n_terms = n_terms
        order = np.argsort(-topic_term, axis=1, kind="stable")
        self._order = order
        terms = np.asarray(vocabulary, dtype=object)
        self.labels = ["·".join(terms[order[t, :_LABEL_TERMS]]) for t in range(self.k)]
        top = order[:, :n_terms]
        self.coherence = pd.Series(npmi_coherence(counts, top), index=pd.RangeIndex(1, self.k + 1, name="topic"),
                                   name="coherence")

    def __repr__(self) -> str:
        unit = "个单元" if self.settings["by"] == "unit" else "篇文档"
        return f"<TopicModel：{self.k} 个主题，{len(self.rows)} {unit}，{len(self.vocabulary)} 个词>"

    # ------------------------------------------------------------------ tables

    def terms(self, n: int | None = None, *, relevance: float | None = None) -> pd.DataFrame:
        """The most probable terms of each topic (topic–term table).

        Parameters
        ----------
        n : int, optional
            Terms per topic; default the model's ``n_terms``.
        relevance : float in [0, 1], optional
            Rank terms by Sievert & Shirley's (2014) relevance
            ``λ·log(weight) + (1-λ)·log(lift)`` with ``λ = relevance`` instead of by ``weight``:
            values near 0.6 push down words frequent everywhere (村民, 社区) in favour of words
            typical of the topic. ``None`` (or ``1``) ranks by ``weight``.

        Returns
        -------
        pandas.DataFrame
            ``topic`` (1 … k), ``label``, ``rank`` (1 = first), ``term``, ``weight`` (the term's
            probability in the topic, ``P(term | topic)``), ``lift`` (``weight`` divided by the
            term's share of all modelled tokens: above 1, the topic uses it more than the corpus
            does); sorted by topic, then rank.
        """
        if n is None:
            n = self._n_terms
        check_positive_int("n", n)
        n = min(n, len(self.vocabulary))
        lift = self.topic_term / self._term_share[None, :]
        if relevance is None:
            order = self._order
        else:
            if not isinstance(relevance, Real) or isinstance(relevance, bool) or not 0 <= relevance <= 1:
                raise ZhiliError(f"参数 relevance={relevance!r} 无效：应为 0 到 1 之间的数（常用 0.6），或 None。")
            with np.errstate(divide="ignore"):
                score = relevance * np.log(self.topic_term) + (1 - relevance) * np.log(lift)
            order = np.argsort(-score, axis=1, kind="stable")
        top = order[:, :n]
        topic = np.repeat(np.arange(1, self.k + 1), n)
        flat = top.ravel()
        rows_ = np.repeat(np.arange(self.k), n)
        return _labelled(pd.DataFrame({
            "topic": topic.astype(np.int64),
            "label": pd.Series(np.repeat(np.asarray(self.labels, dtype=object), n), dtype=object),
            "rank": np.tile(np.arange(1, n + 1), self.k).astype(np.int64),
            "term": pd.Series(np.asarray(self.vocabulary, dtype=object)[flat], dtype=object),
            "weight": self.topic_term[rows_, flat],
            "lift": lift[rows_, flat],
        }, columns=TERMS_COLUMNS), label="主题标签", weight="词在主题中的概率")

    def documents(self, *, docvars: bool | Sequence[str] = True) -> pd.DataFrame:
        """Each document's topic shares (document–topic table).

        Parameters
        ----------
        docvars : bool or list of str, default True
            Add every docvar (``True``), none (``False``), or the ones named.

        Returns
        -------
        pandas.DataFrame
            One row per modelled document (or unit): ``doc_id`` (and ``unit_id``), ``n_tokens``
            (its tokens that the model uses), ``top_topic`` (the topic with the largest share;
            missing for a document without modelled tokens), ``topic_1`` … ``topic_k`` (shares,
            summing to 1; missing for a document without modelled tokens), then the docvars.
        """
        table = self.rows.copy()
        shares = self.doc_topic
        empty = np.isnan(shares).any(axis=1)
        top = np.where(empty, 0, np.argmax(np.where(np.isnan(shares), -1, shares), axis=1) + 1)
        table["top_topic"] = pd.array(np.where(empty, pd.NA, top), dtype="Int64")
        for t in range(self.k):
            table[f"topic_{t + 1}"] = shares[:, t]
        wanted = _docvar_columns(self._corpus, docvars)
        if wanted:
            dv = self._corpus.docvars[wanted]
            dv = dv[[c for c in wanted if c not in table.columns]]
            table = table.join(dv, on="doc_id")
        return table.reset_index(drop=True)

    def summary(self) -> pd.DataFrame:
        """One row per topic: ``topic``, ``label``, ``share`` (of all modelled tokens), ``coherence``
        and ``terms`` (the ``n_terms`` most probable, joined by ``、``)."""
        terms = np.asarray(self.vocabulary, dtype=object)
        return _labelled(pd.DataFrame({
            "topic": np.arange(1, self.k + 1, dtype=np.int64),
            "label": pd.Series(self.labels, dtype=object),
            "share": self._token_share,
            "coherence": self.coherence.to_numpy(),
            "terms": pd.Series(["、".join(terms[self._order[t, :self._n_terms]]) for t in range(self.k)], dtype=object),
        }), label="主题标签", terms="主要词语")

    def prevalence(self, by: str = "year", *, date: str = "date") -> pd.DataFrame:
        """Mean topic share by period or by group of documents.

        Parameters
        ----------
        by : str, default "year"
            ``"year"`` or ``"month"``: periods read from the date docvar ``date`` (as
            :func:`zhili.term_trends` reads them: ``2023-06-01``, ``2023-06``, ``2023``,
            ``2023年6月`` or an integer year); any other value: the name of a docvar whose values
            form the groups (e.g. ``"domain"``, ``"level"``, or ``"year_start"`` for the casebook).
        date : str, default "date"
            The date docvar, for ``by="year"`` / ``"month"``.

        Returns
        -------
        pandas.DataFrame
            ``period`` (for ``year``/``month``) or the docvar's name, ``topic``, ``label``,
            ``share`` (the mean of the documents' shares of that topic: each document counts
            equally, whatever its length), ``n_docs`` (documents in the period or group); one
            row per period or group and topic, sorted by period/group, then topic. Documents
            without modelled tokens are left out of the means; documents whose date cannot be
            read are listed in ``df.attrs["excluded_docs"]``. A period or group that rests on
            one or two documents is named in a Chinese warning.
        """
        from .trends import _period

        if not isinstance(by, str):
            raise ZhiliError(f"参数 by={by!r} 无效：应为 \"year\"、\"month\" 或文档变量名。")
        docvars = self._corpus.docvars
        table = self.rows[["doc_id"]].copy()
        if by in ("year", "month"):
            if date not in docvars.columns:
                raise ZhiliError(f"参数 date={date!r} 无效：语料没有这个文档变量。可选 {'、'.join(map(str, docvars.columns))}。"
                                 "也可以直接按文档变量分组，如 by=\"year_start\"。")
            periods = {d: _period(v, by) for d, v in docvars[date].items()}
            column = "period"
            values = table["doc_id"].map(periods)
        else:
            if by not in docvars.columns:
                by = choose_column("by", by, docvars.columns, fixed=("year", "month"))
            column = by
            values = table["doc_id"].map(docvars[by].map(lambda v: str(v) if isinstance(v, (list, tuple, dict)) else v))
        usable = values.notna().to_numpy() & (values.astype(str) != "").to_numpy()
        excluded = sorted(set(table["doc_id"][~usable]))
        if not usable.any():
            what = f"{date!r} 中能读出{'年月' if by == 'month' else '年份'}的" if by in ("year", "month") else f"{by!r} 有取值的"
            raise ZhiliError(f"没有{what}文档：无法计算主题随时间或分组的分布。请检查该文档变量。")
        shares = self.doc_topic
        has = ~np.isnan(shares).any(axis=1)
        keep = usable & has
        groups = pd.Series(values[keep].to_numpy(), dtype=object)
        levels = sorted(set(groups), key=_sort_key)
        code = {g: i for i, g in enumerate(levels)}
        idx = np.array([code[g] for g in groups], dtype=np.int64)
        sums = np.zeros((len(levels), self.k))
        np.add.at(sums, idx, shares[keep])
        n_docs = np.bincount(idx, minlength=len(levels))
        means = sums / np.maximum(n_docs, 1)[:, None]
        if by == "year":
            level_values = np.asarray(levels, dtype=np.int64)
        else:
            level_values = np.asarray(levels, dtype=object)
        out = pd.DataFrame({
            column: np.repeat(level_values, self.k),
            "topic": np.tile(np.arange(1, self.k + 1), len(levels)).astype(np.int64),
            "label": pd.Series(np.tile(np.asarray(self.labels, dtype=object), len(levels)), dtype=object),
            "share": means.ravel(),
            "n_docs": np.repeat(n_docs, self.k).astype(np.int64),
        })
        thin = [str(g) for g, n in zip(levels, n_docs) if n <= 2]
        if thin:
            from .._errors import warn

            shown = "、".join(thin[:8]) + (f" 等 {len(thin)} 组" if len(thin) > 8 else "")
            warn(f"prevalence：{shown} 只有一两篇文档，这些{'时期' if column == 'period' else '组'}的主题比例主要反映那一两篇"
                 "文档本身，不宜当作整体趋势（n_docs 列给出每组的文档数）。可以改用更粗的分组，或补充文档。")
        out.attrs["excluded_docs"] = excluded
        return _labelled(out, label="主题标签", share="平均主题比例")

    # ------------------------------------------------------------------ internals

    @property
    def _term_share(self) -> np.ndarray:
        counts = np.asarray(self._counts.sum(axis=0), dtype=np.float64).ravel()
        return counts / counts.sum()

    @property
    def _token_share(self) -> np.ndarray:
        lengths = self.rows["n_tokens"].to_numpy(dtype=np.float64)
        shares = np.nan_to_num(self.doc_topic) * lengths[:, None]
        return shares.sum(axis=0) / max(shares.sum(), 1e-300)


def _sort_key(value):
    """Numbers before strings, each in natural order (years, then labels)."""
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return (0, float(value), "")
    return (1, 0.0, str(value))


def _docvar_columns(corpus, docvars) -> list[str]:
    columns = list(corpus.docvars.columns)
    if docvars is True:
        return columns
    if docvars is False or docvars is None:
        return []
    wanted = [docvars] if isinstance(docvars, str) else list(docvars)
    unknown = [c for c in wanted if c not in columns]
    if unknown:
        raise ZhiliError(f"参数 docvars 中的 {'、'.join(map(str, unknown))} 不是文档变量：可选 {'、'.join(map(str, columns))}。")
    return wanted


# ============================================================================ coherence


def npmi_coherence(presence, top_terms) -> np.ndarray:
    """NPMI coherence of each topic over document co-occurrence of its top terms.

    For a topic with top terms ``w_1 … w_n`` and ``D`` documents (rows of ``presence`` with at
    least one term), with ``D(w)`` the documents containing ``w`` and ``D(w_i, w_j)`` those
    containing both:

    - ``P(w) = D(w) / D``, ``P(w_i, w_j) = D(w_i, w_j) / D``;
    - ``NPMI(w_i, w_j) = log(P(w_i, w_j) / (P(w_i) P(w_j))) / -log P(w_i, w_j)`` (Bouma 2009),
      between -1 (never together) and 1 (always together), 0 for independence; a pair never
      seen together scores -1, a pair found in every document 1;
    - the topic's coherence is the mean over all ``n(n-1)/2`` pairs.

    This is the ``c_npmi`` measure of Röder, Both & Hinneburg (2015) with the document as the
    co-occurrence window, and no smoothing (zero counts take the limit value -1). NPMI over the
    top 10 terms agrees well with human judgements of topic quality (Lau, Newman & Baldwin 2014).

    Parameters
    ----------
    presence : scipy.sparse matrix or array, shape (documents, terms)
        Counts or 0/1 per document and term (only presence matters).
    top_terms : array of int, shape (topics, n)
        Column numbers of each topic's top terms.

    Returns
    -------
    numpy.ndarray
        One value per topic.

    Examples
    --------
    Three documents; terms 0 and 1 occur together in the first two, term 2 alone in the third:

    >>> import numpy as np
    >>> x = np.array([[1, 1, 0], [1, 2, 0], [0, 0, 1]])
    >>> npmi_coherence(x, np.array([[0, 1], [0, 2]])).round(3).tolist()
    [1.0, -1.0]
    """
    from scipy import sparse

    x = sparse.csc_matrix(presence, dtype=np.float64)
    x.data = (x.data > 0).astype(np.float64)
    x.eliminate_zeros()
    n_docs = int((np.asarray(x.sum(axis=1)).ravel() > 0).sum())
    top_terms = np.asarray(top_terms, dtype=np.int64)
    if top_terms.ndim != 2:
        raise ZhiliError("top_terms 应为二维数组：每个主题一行词的编号。")
    out = np.full(top_terms.shape[0], np.nan)
    if n_docs == 0 or top_terms.shape[1] < 2:
        return out
    for t, cols in enumerate(top_terms):
        sub = x[:, cols]
        joint = (sub.T @ sub).toarray() / n_docs  # P(w_i, w_j); the diagonal is P(w_i)
        single = np.diag(joint).copy()
        i, j = np.triu_indices(len(cols), 1)
        pij, pi, pj = joint[i, j], single[i], single[j]
        with np.errstate(divide="ignore", invalid="ignore"):
            pmi = np.log(pij / (pi * pj))
            npmi = pmi / -np.log(pij)
        npmi = np.where(pij == 0, -1.0, np.where(pij >= 1.0, 1.0, npmi))
        out[t] = float(npmi.mean())
    return out


# ============================================================================ fitting


def _check_options(k, seed, by, min_count, min_df, max_df, min_length, n_terms, alpha, beta, max_iter):
    check_positive_int("k", k)
    if k < 2:
        raise ZhiliError(f"参数 k={k} 无效：主题数至少为 2。")
    check_positive_int("seed", seed, allow_zero=True)
    check_choice("by", by, ("document", "unit"))
    check_positive_int("min_count", min_count)
    check_positive_int("min_df", min_df)
    if not isinstance(max_df, Real) or isinstance(max_df, bool) or not 0 < max_df <= 1:
        raise ZhiliError(f"参数 max_df={max_df!r} 无效：应为 0 到 1 之间的比例（如 0.5：去掉出现在一半以上文档中的词）。")
    check_positive_int("min_length", min_length)
    check_positive_int("n_terms", n_terms)
    if n_terms < 2:
        raise ZhiliError(f"参数 n_terms={n_terms} 无效：每个主题至少列出 2 个词（一致性按词对计算）。")
    for name, value in (("alpha", alpha), ("beta", beta)):
        if value is not None and (not isinstance(value, Real) or isinstance(value, bool) or not value > 0):
            raise ZhiliError(f"参数 {name}={value!r} 无效：应为正数，或 None（默认 1/k）。")
    if max_iter is not None:
        check_positive_int("max_iter", max_iter)


def _prepare(tokens, *, by, min_count, min_df, max_df, min_length):
    """The filtered count matrix, its terms and row table."""
    m = dtm(tokens, by=by, min_length=min_length)
    x = m.matrix.tocsc()
    n_rows = x.shape[0]
    total = np.asarray(x.sum(axis=0)).ravel()
    df = np.diff(x.indptr)  # documents per term (no explicit zeros in a dtm)
    keep = (total >= min_count) & (df >= min_df) & (df <= max_df * n_rows)
    x = x[:, keep].tocsr()
    terms = [t for t, ok in zip(m.terms, keep) if ok]
    rows = m.rows.drop(columns=["n_tokens"]).copy()
    rows["n_tokens"] = np.asarray(x.sum(axis=1)).ravel().astype(np.int64)
    return x, terms, rows.reset_index(drop=True), len(m.terms)


def _check_sizes(x, terms, k, *, n_all_terms, filters: str, by: str):
    unit = "个单元" if by == "unit" else "篇文档"
    n_docs = int((np.asarray(x.sum(axis=1)).ravel() > 0).sum())
    if n_docs < 2:
        raise ZhiliError(f"过滤后只有 {n_docs} {unit}还有词：主题模型至少需要几十{unit[1:] if by == 'unit' else '篇文档'}。"
                         f"请检查语料，或放宽过滤条件（{filters}）。")
    if k >= n_docs:
        suggestion = max(2, min(10, n_docs // 3))
        raise ZhiliError(f"k={k} 不小于有词的文档数（{n_docs} {unit}）：主题数应明显少于文档数。"
                         f"建议 k={suggestion}，或用 zl.compare_topics(toks, ks=[…]) 比较几个取值。")
    if len(terms) < 2 * k:
        raise ZhiliError(f"过滤后只剩 {len(terms)} 个词（过滤前 {n_all_terms} 个），不够分出 k={k} 个主题"
                         f"（至少需要 2k = {2 * k} 个词）。请放宽过滤条件（{filters}：降低 min_count/min_df、"
                         "提高 max_df 或把 min_length 设为 1），或减小 k。")
    return n_docs


def _fit(x, k, *, seed, alpha, beta, max_iter):
    """Fit scikit-learn's LDA; return the estimator and the settings it used."""
    from sklearn.decomposition import LatentDirichletAllocation

    batch = x.shape[0] <= BATCH_MAX_ROWS
    method = "batch" if batch else "online"
    passes = max_iter if max_iter is not None else (_BATCH_PASSES if batch else _ONLINE_PASSES)
    lda = LatentDirichletAllocation(
        n_components=k, doc_topic_prior=alpha, topic_word_prior=beta, learning_method=method,
        max_iter=passes, random_state=seed, n_jobs=None)
    lda.fit(x)
    used = {"alpha": alpha if alpha is not None else 1 / k, "beta": beta if beta is not None else 1 / k,
            "learning_method": method, "max_iter": passes}
    return lda, used


def topics(tokens, k: int = 10, *, seed: int = 0, by: Literal["document", "unit"] = "document", min_count: int = 2,
           min_df: int = 2, max_df: float = 0.5, min_length: int = 2, n_terms: int = 10, alpha: float | None = None,
           beta: float | None = None, max_iter: int | None = None) -> TopicModel:
    """Fit an LDA topic model with ``k`` topics.

    Each document is a mixture of topics and each topic a distribution over terms (latent
    Dirichlet allocation, Blei, Ng & Jordan 2003), estimated by variational Bayes with
    scikit-learn. A topic is a group of words used together in the same documents — a reading
    aid, not a finding in itself: read its documents before naming it.

    Parameters
    ----------
    tokens : Tokens
        From :func:`zhili.tokenize`.
    k : int, default 10
        Number of topics (at least 2, fewer than the documents). :func:`compare_topics` helps
        choose it.
    seed : int, default 0
        Seed of every random step: same tokens and options, same topics.
    by : {"document", "unit"}
        What a "document" of the model is: a whole document, or each unit of the Tokens
        (sentence/paragraph/item; for a few long documents).
    min_count : int, default 2
        Keep terms seen at least this many times in the corpus.
    min_df : int, default 2
        Keep terms found in at least this many documents (a term of one document says nothing
        about which words go together).
    max_df : float, default 0.5
        Drop terms found in more than this share of the documents (words every document uses —
        治理, 群众 in a governance corpus — would otherwise top every topic).
    min_length : int, default 2
        Keep terms of at least this many characters (``2`` drops single characters).
    n_terms : int, default 10
        Terms per topic in :meth:`TopicModel.terms`, :meth:`TopicModel.summary` and the coherence.
    alpha, beta : float, optional
        Dirichlet priors of the document–topic and topic–term distributions; default ``1/k``
        (scikit-learn's default). Smaller values give documents fewer topics / topics fewer words.
    max_iter : int, optional
        Passes over the corpus. Default: 50 passes of batch variational Bayes for up to 2,000
        documents (:data:`BATCH_MAX_ROWS`); beyond, 5 passes of online variational Bayes in
        mini-batches of 128 (Hoffman, Blei & Bach 2010): 10,000 documents of 3,000 characters
        with ``k=20`` take about 1.5 minutes on two cores (``benchmarks/bench_topics.py``).

    Returns
    -------
    TopicModel
        ``.terms()``, ``.documents()``, ``.summary()``, ``.prevalence(by=...)``, ``.labels``,
        ``.coherence``; topics numbered from the most to the least prevalent.

    Raises
    ------
    ZhiliError
        If ``k`` is not smaller than the number of documents with terms (the message suggests a
        value), if fewer than ``2k`` terms are left after the filters, or an option is invalid.

    See Also
    --------
    compare_topics, plot_topics, plot_topic_prevalence

    Notes
    -----
    Results depend on the seed (LDA has many local optima): refit with two or three seeds and
    keep only the topics that come back. With few or short documents (the 43 cases of the
    casebook) topics are rough sketches; state the settings when you report them
    (``model.settings``).

    References
    ----------
    .. [1] Blei, D. M., Ng, A. Y. & Jordan, M. I. (2003). Latent Dirichlet allocation. JMLR 3, 993–1022.
    .. [2] Hoffman, M., Blei, D. M. & Bach, F. (2010). Online learning for latent Dirichlet
       allocation. NIPS 23.
    .. [3] Lau, J. H., Newman, D. & Baldwin, T. (2014). Machine reading tea leaves: automatically
       evaluating topic coherence and topic model quality. EACL, 530–539.

    Examples
    --------
    >>> import zhili as zl
    >>> texts = ["物业 物业 物业 小区 小区 业委会。"] * 3 + ["合作社 合作社 合作社 产业 产业 农户。"] * 3
    >>> m = topics(zl.tokenize(texts, cache=False), k=2)
    >>> sorted(m.labels)
    ['合作社·产业·农户', '物业·小区·业委会']
    >>> tops = m.documents(docvars=False)["top_topic"].tolist()
    >>> tops[:3] == [tops[0]] * 3 and tops[3:] == [tops[3]] * 3 and tops[0] != tops[3]
    True
    """
    _check_tokens(tokens, "topics")
    _check_options(k, seed, by, min_count, min_df, max_df, min_length, n_terms, alpha, beta, max_iter)
    x, terms, rows, n_all = _prepare(tokens, by=by, min_count=min_count, min_df=min_df, max_df=max_df,
                                     min_length=min_length)
    filters = f"min_count={min_count}、min_df={min_df}、max_df={max_df}、min_length={min_length}"
    _check_sizes(x, terms, k, n_all_terms=n_all, filters=filters, by=by)
    lda, used = _fit(x, k, seed=seed, alpha=alpha, beta=beta, max_iter=max_iter)
    return _model(lda, x, terms, rows, tokens.corpus, n_terms=n_terms,
                  settings={"k": k, "seed": seed, "by": by, "min_count": min_count, "min_df": min_df,
                            "max_df": max_df, "min_length": min_length, "n_terms": n_terms, **used})


def _model(lda, x, terms, rows, corpus, *, n_terms, settings) -> TopicModel:
    """Wrap a fitted estimator: normalise, renumber topics by prevalence, compute shares."""
    phi = lda.components_ / lda.components_.sum(axis=1, keepdims=True)
    theta = lda.transform(x)
    lengths = rows["n_tokens"].to_numpy(dtype=np.float64)
    weight = (theta * lengths[:, None]).sum(axis=0)
    order = np.lexsort((np.arange(len(weight)), -np.round(weight, 9)))
    phi, theta = phi[order], theta[:, order]
    theta = np.where((lengths > 0)[:, None], theta, np.nan)
    return TopicModel(model=lda, vocabulary=terms, topic_term=phi, doc_topic=theta, rows=rows, counts=x,
                      n_terms=min(n_terms, len(terms)), settings=settings, corpus=corpus)


def compare_topics(tokens, ks: Iterable[int] = range(5, 21, 5), *, seed: int = 0, holdout: float = 0.2,
                   **options) -> pd.DataFrame:
    """Fit a topic model for each ``k`` and compare coherence and held-out perplexity.

    For each ``k``:

    - ``coherence`` — mean NPMI coherence of the topics of ``zl.topics(tokens, k, seed=seed,
      **options)`` (fitted on all documents, exactly the model you would get), and
      ``coherence_min`` its weakest topic. Higher is better; look for a ``k`` after which it
      drops.
    - ``perplexity`` — **held-out** perplexity by document completion (Wallach et al. 2009): a
      share ``holdout`` of the documents (drawn with ``seed``) is set aside and the model is
      fitted on the others; each set-aside document's tokens are split at random into two
      halves, its topic shares ``θ`` are inferred from the first half (``transform``), and the
      second half is scored: ``exp(-Σ n_w log Σ_t θ_t φ_tw / Σ n_w)`` over its terms ``w``
      (``φ`` the topics' term distributions). Lower is better; a model that knew nothing
      would score the number of terms. ``holdout=0`` gives the same formula in-sample (all
      documents, all tokens, full model), which almost always falls as ``k`` grows, so it says
      little about the choice. (scikit-learn's own ``perplexity`` adds the prior of the whole
      topic–term matrix to the bound of the held-out words, which swamps a small held-out set.)

    No single number picks ``k``: prefer a ``k`` whose coherence is high and whose topics you
    can name, and check that perplexity is not much worse than its neighbours.

    Parameters
    ----------
    tokens : Tokens
    ks : iterable of int, default ``range(5, 21, 5)``
        The values of ``k`` to try.
    seed : int, default 0
    holdout : float, default 0.2
        Share of documents set aside for perplexity (``0`` for in-sample perplexity).
    **options
        Passed to :func:`topics` (``by``, ``min_count``, ``min_df``, ``max_df``, ``min_length``,
        ``n_terms``, ``alpha``, ``beta``, ``max_iter``).

    Returns
    -------
    pandas.DataFrame
        ``k``, ``coherence``, ``coherence_min``, ``perplexity``, ``n_terms`` (terms modelled),
        ``n_docs`` (documents modelled), ``n_heldout`` (documents set aside; 0 for in-sample);
        one row per ``k``, in increasing ``k``.

    Examples
    --------
    >>> import zhili as zl
    >>> texts = ["物业 小区 业委会 停车。"] * 4 + ["合作社 产业 农户 分红。"] * 4
    >>> t = compare_topics(zl.tokenize(texts, cache=False), ks=[2, 3], min_length=1, max_df=1.0, holdout=0.25)
    >>> t[["k", "n_docs", "n_heldout"]].values.tolist()
    [[2, 8, 2], [3, 8, 2]]
    """
    _check_tokens(tokens, "compare_topics")
    try:
        ks = sorted({int(k) for k in ks} if not isinstance(ks, int) else {ks})
    except (TypeError, ValueError):
        raise ZhiliError(f"参数 ks={ks!r} 无效：应为整数列表，如 ks=[4, 6, 8] 或 range(5, 21, 5)。") from None
    if not ks:
        raise ZhiliError("参数 ks 为空：请给出要比较的主题数，如 ks=[4, 6, 8]。")
    if not isinstance(holdout, Real) or isinstance(holdout, bool) or not 0 <= holdout < 1:
        raise ZhiliError(f"参数 holdout={holdout!r} 无效：应为 0（样本内）到 1 之间的比例，如 0.2。")
    unknown = set(options) - {"by", "min_count", "min_df", "max_df", "min_length", "n_terms", "alpha", "beta", "max_iter"}
    if unknown:
        raise ZhiliError(f"compare_topics 不认识参数 {'、'.join(sorted(unknown))}：可传入 topics() 的选项，"
                         "如 min_count、max_df、by。")
    opts = {"by": "document", "min_count": 2, "min_df": 2, "max_df": 0.5, "min_length": 2, "n_terms": 10,
            "alpha": None, "beta": None, "max_iter": None} | options
    for k in ks:
        _check_options(k, seed, opts["by"], opts["min_count"], opts["min_df"], opts["max_df"], opts["min_length"],
                       opts["n_terms"], opts["alpha"], opts["beta"], opts["max_iter"])
    x, terms, rows, n_all = _prepare(tokens, by=opts["by"], min_count=opts["min_count"], min_df=opts["min_df"],
                                     max_df=opts["max_df"], min_length=opts["min_length"])
    filters = (f"min_count={opts['min_count']}、min_df={opts['min_df']}、max_df={opts['max_df']}、"
               f"min_length={opts['min_length']}")
    nonempty = np.flatnonzero(rows["n_tokens"].to_numpy() > 0)
    n_heldout = int(math.floor(holdout * len(nonempty) + 0.5)) if holdout > 0 else 0
    if holdout > 0 and n_heldout < 1:
        raise ZhiliError(f"holdout={holdout} 时留出的文档数为 0（共 {len(nonempty)} 篇有词的文档）：请提高 holdout，"
                         "或设 holdout=0 计算样本内困惑度。")
    rng = np.random.default_rng(seed)
    held = np.sort(rng.permutation(nonempty)[:n_heldout])
    train = np.setdiff1d(np.arange(x.shape[0]), held)
    if n_heldout:
        first, second = _split_tokens(x[held], rng)
    out = []
    for k in ks:
        _check_sizes(x, terms, k, n_all_terms=n_all, filters=filters, by=opts["by"])
        if n_heldout and k >= len(nonempty) - n_heldout:
            raise ZhiliError(f"k={k} 不小于留出后用于拟合的文档数（{len(nonempty) - n_heldout} 篇）：请减小 k，"
                             "或降低 holdout。")
        lda, used = _fit(x, k, seed=seed, alpha=opts["alpha"], beta=opts["beta"], max_iter=opts["max_iter"])
        n_terms = min(opts["n_terms"], len(terms))
        order = np.argsort(-lda.components_, axis=1, kind="stable")[:, :n_terms]
        coherence = npmi_coherence(x, order)
        if n_heldout:
            part, _ = _fit(x[train], k, seed=seed, alpha=opts["alpha"], beta=opts["beta"], max_iter=opts["max_iter"])
            perplexity = _perplexity(part, first, second)
        else:
            perplexity = _perplexity(lda, x, x)
        out.append({"k": k, "coherence": float(np.mean(coherence)), "coherence_min": float(np.min(coherence)),
                    "perplexity": perplexity, "n_terms": len(terms), "n_docs": len(nonempty), "n_heldout": n_heldout})
    table = pd.DataFrame(out, columns=COMPARE_COLUMNS)
    table.attrs["perplexity"] = (f"held-out: {n_heldout} of {len(nonempty)} documents" if n_heldout else "in-sample")
    return _labelled(table, n_terms="词表词数", coherence="平均一致性")


def _labelled(table: pd.DataFrame, **labels: str) -> pd.DataFrame:
    """``table`` with Chinese labels for :func:`zhili.show` of the columns whose meaning is this
    table's own (a topic's ``terms`` are its 主要词语, not a framework element's 指标词)."""
    if labels:
        table.attrs["zhili_labels"] = {**table.attrs.get("zhili_labels", {}), **labels}
    return table


def _split_tokens(x, rng):
    """Split each document's tokens at random into two halves (binomial per term count)."""
    x = x.tocsr().astype(np.int64)
    half = x.copy()
    half.data = rng.binomial(x.data, 0.5)
    rest = x - half
    half.eliminate_zeros()
    rest.eliminate_zeros()
    return half.tocsr(), rest.tocsr()


def _perplexity(lda, observed, scored) -> float:
    """exp(-mean log-likelihood per token) of ``scored``, topic shares inferred from ``observed``."""
    theta = lda.transform(observed)
    phi = lda.components_ / lda.components_.sum(axis=1, keepdims=True)
    scored = scored.tocoo()
    if scored.nnz == 0:
        return float("nan")
    prob = np.einsum("ij,ji->i", theta[scored.row], phi[:, scored.col])
    return float(np.exp(-(scored.data * np.log(prob)).sum() / scored.data.sum()))


# ============================================================================ figures


def _check_fontsize(fontsize) -> None:
    if fontsize is not None and not (isinstance(fontsize, Real) and fontsize > 0):
        raise ZhiliError(f"参数 fontsize={fontsize!r} 无效：应为正数（磅），或不给（跟随 zl.plot.style）。")


def plot_topics(model: TopicModel, n: int = 8, *, ncols: int | None = None, relevance: float | None = None,
                fontsize: float | None = None, color: str = "#b5322a"):
    """Top terms of every topic as a grid of horizontal bar charts, one panel per topic.

    Each panel is titled ``主题 t：label`` with the topic's share of the corpus and its NPMI
    coherence; bars give ``P(term | topic)``. The figure follows :func:`zhili.plot.style` (by
    default the projector style: 150 dpi, no text under 13 pt) and grows with the terms' length.

    Parameters
    ----------
    model : TopicModel
    n : int, default 8
        Terms per panel.
    ncols : int, optional
        Panels per row; default up to 4 (3 for 5, 6 or 9 topics).
    relevance : float, optional
        Rank terms by relevance, as :meth:`TopicModel.terms`.
    fontsize : float, optional
        Size of the terms in points; by default the style's.
    color : str, default "#b5322a"

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import zhili as zl
    >>> texts = ["物业 小区 业委会 停车。"] * 3 + ["合作社 产业 农户 分红。"] * 3
    >>> m = topics(zl.tokenize(texts, cache=False), k=2, min_length=1, max_df=1.0)
    >>> fig = plot_topics(m, n=4)
    >>> len(fig.axes), fig.axes[0].get_title().startswith("主题 1")
    (2, True)
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from .. import _figure
    from ..plot import _format

    if not isinstance(model, TopicModel):
        raise ZhiliError(f"plot_topics() 需要 zl.topics(...) 的结果（TopicModel），收到的是 {type(model).__name__}。")
    check_positive_int("n", n)
    if ncols is None:
        ncols = 3 if model.k in (5, 6, 9) else min(4, model.k)
    check_positive_int("ncols", ncols)
    _check_fontsize(fontsize)
    table = model.terms(n, relevance=relevance)
    n_shown = int(table["rank"].max())
    nrows = math.ceil(model.k / ncols)
    shares = model._token_share
    with _figure.styled():
        st = _figure.current_style()
        fs = fontsize or st.small
        head = max(st.text, fs)  # panel titles
        term_w = max(_figure.text_inches(term, fs) for term in table["term"].astype(str)) + 0.25
        heads = [f"主题 {t + 1}：{model.labels[t]}" for t in range(model.k)]
        title_w = max(_figure.text_inches(h, head) for h in heads) + 0.3
        panel_w = max(term_w + 1.9, min(title_w, st.width * 0.6), (st.width - 0.3) / ncols)
        title_ems = max((panel_w - 0.3) * 72 / head, 6)  # wrap only the labels that still do not fit
        titles = [_figure.wrap_label(heads[t], title_ems)
                  + f"\n占 {_format(float(shares[t]), '.1%')} · 一致性 {_format(float(model.coherence.iloc[t]), '.2f')}"
                  for t in range(model.k)]
        title_lines = max(title.count("\n") + 1 for title in titles)
        panel_h = n_shown * fs / 72 * 1.8 + title_lines * head / 72 * 1.4 + st.small / 72 * 2.2 + 0.3
        fig = plt.figure(figsize=(ncols * panel_w, nrows * panel_h + st.text / 72 * 2.5), dpi=st.dpi,
                         layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=False)
        for t in range(model.k):
            ax = axes[t // ncols][t % ncols]
            part = table[table["topic"] == t + 1]
            ax.barh(part["term"].tolist()[::-1], part["weight"].to_numpy()[::-1], color=color)
            ax.set_title(titles[t], fontsize=head)
            ax.tick_params(axis="y", labelsize=fs, length=0)
            ax.xaxis.set_major_locator(MaxNLocator(3))
        for t in range(model.k, nrows * ncols):
            axes[t // ncols][t % ncols].set_visible(False)
        fig.supxlabel("词在主题中的概率 P(词|主题)", fontsize=st.text)
    return fig


def plot_topic_prevalence(model: TopicModel, by: str = "year", *, date: str = "date",
                          kind: Literal["line", "heatmap"] = "line", topics: Sequence[int] | None = None,
                          fontsize: float | None = None, ax=None):
    """Topic prevalence over periods (lines) or across groups (heatmap).

    The figure follows :func:`zhili.plot.style` (by default the projector style: 150 dpi, no text
    under 13 pt); the heatmap is drawn by :func:`zhili.plot.heatmap`, which sizes its columns to
    the topic labels and its rows to the groups.

    Parameters
    ----------
    model : TopicModel
    by, date
        As :meth:`TopicModel.prevalence`.
    kind : {"line", "heatmap"}
        ``line``: one line per topic over the periods or groups, labelled ``t label`` in the
        legend; ``heatmap``: groups × topics, each cell the mean share (annotated when the
        numbers fit), topics labelled ``主题t`` over their label.
    topics : list of int, optional
        Only these topics (numbers ``1 … k``).
    fontsize : float, optional
        Size of the labels (and the heatmap's numbers) in points; by default the style's.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import zhili as zl
    >>> c = zl.Corpus.from_texts(["物业 小区 业委会 停车。"] * 3 + ["合作社 产业 农户 分红。"] * 3,
    ...                          docvars={"date": ["2021", "2021", "2021", "2022", "2022", "2022"]})
    >>> m = topics(zl.tokenize(c, cache=False), k=2, min_length=1, max_df=1.0)
    >>> ax = plot_topic_prevalence(m, "year")
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['2021', '2022']
    """
    from .. import _figure
    from ..plot import PALETTE, heatmap

    if not isinstance(model, TopicModel):
        raise ZhiliError(f"plot_topic_prevalence() 需要 zl.topics(...) 的结果（TopicModel），收到的是 {type(model).__name__}。")
    check_choice("kind", kind, ("line", "heatmap"))
    _check_fontsize(fontsize)
    table = model.prevalence(by, date=date)
    column = table.columns[0]
    wanted = list(range(1, model.k + 1)) if topics is None else [int(t) for t in topics]
    bad = [t for t in wanted if not 1 <= t <= model.k]
    if bad:
        raise ZhiliError(f"参数 topics 中的 {bad} 不是主题编号：应在 1 到 {model.k} 之间。")
    table = table[table["topic"].isin(wanted)]
    wide = table.pivot(index=column, columns="topic", values="share")
    levels = [str(v) for v in wide.index]
    if kind == "heatmap":
        grid = pd.DataFrame(wide.to_numpy(dtype=np.float64), index=levels,
                            columns=[f"主题{t}\n{model.labels[t - 1]}" for t in wide.columns])
        ax = heatmap(grid, cmap="Reds", fmt=".0%", levels=False, vmin=0.0, fontsize=fontsize, ax=ax)
        ax.images[0].colorbar.set_label("平均主题比例", fontsize=max(_figure.current_style().text, fontsize or 0))
        return ax
    names = [f"{t} {model.labels[t - 1]}" for t in wide.columns]
    with _figure.styled():
        st = _figure.current_style()
        fs = fontsize or st.small
        legend_w = max(_figure.text_inches(name, fs) for name in names) + 0.8
        plot_w = max(4.5, 0.9 * len(levels) + 1.5)
        ax = _figure.new_axes(ax, (max(st.width, plot_w + legend_w), st.width * 0.55))
        x = np.arange(len(levels))
        for i, t in enumerate(wide.columns):
            ax.plot(x, wide[t].to_numpy(), marker="o", color=PALETTE[(t - 1) % len(PALETTE)], label=names[i])
        ax.set_xticks(x, levels)
        ax.tick_params(labelsize=fs)
        ax.set_ylabel("平均主题比例", fontsize=max(st.text, fs))
        ax.set_xlabel("年份" if by == "year" else ("月份" if by == "month" else str(by)), fontsize=max(st.text, fs))
        ax.legend(fontsize=fs, frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5))
        ax.set_ylim(bottom=0)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    return ax
