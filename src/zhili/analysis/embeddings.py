"""Word vectors from the corpus itself: neighbours of a word, and candidates for a dictionary
(zhili.analysis.embeddings).

Words that occur in similar contexts get similar vectors (the distributional hypothesis). The
vectors are count-based: positive pointwise mutual information (PPMI) between each word and the
words within ``window`` tokens of it, reduced by a truncated SVD (Levy, Goldberg & Dagan 2015,
who show that this matches word2vec on word-similarity tasks when the same choices are made:
context-distribution smoothing, weighted windows, ``U·√Σ``). Everything is deterministic under
``seed``, needs no extra package, and is fast enough for millions of tokens.

Neighbours are clues for a reader, not results: on a corpus of fewer than about 100,000 tokens
they are unreliable, and a warning says so.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from .._errors import ZhiliError, check_choice, check_positive_int, check_words

__all__ = ["WordVectors", "word_vectors", "similar_words", "expand_dictionary", "SMALL_CORPUS_TOKENS"]

#: Below this many tokens a warning says the neighbours are unreliable.
SMALL_CORPUS_TOKENS = 100_000
_SMOOTHING = 0.75  # context-distribution smoothing (Levy et al. 2015; word2vec's negative sampling)
_METHODS = ("ppmi-svd", "ppmi")


class WordVectors:
    """Word vectors of a corpus, with neighbour look-ups.

    Attributes
    ----------
    vocabulary : list of str
        The words with a vector (seen at least ``min_count`` times), sorted.
    counts : pandas.Series
        Each word's token count, indexed by word.
    vectors : numpy.ndarray or scipy.sparse matrix
        One L2-normalised row per word (dense ``len(vocabulary) × dim`` for ``ppmi-svd``; the
        sparse PPMI rows for ``ppmi``).
    settings : dict
        ``method``, ``dim`` (as used), ``window``, ``min_count``, ``seed``, ``n_tokens``.
    """

    def __init__(self, vocabulary: list[str], counts: np.ndarray, vectors, settings: dict, corpus=None,
                 rare: dict[str, int] | None = None) -> None:
        self.vocabulary = vocabulary
        self.counts = pd.Series(counts, index=pd.Index(vocabulary, name="term"), name="count")
        self.vectors = vectors
        self.settings = settings
        self._index = {w: i for i, w in enumerate(vocabulary)}
        self._corpus = corpus
        self._rare = rare or {}  # words below min_count → their count (for the error message)

    def __repr__(self) -> str:
        return (f"<WordVectors：{len(self.vocabulary)} 个词，{self.settings['method']}，"
                f"{self.settings['dim']} 维，来自 {self.settings['n_tokens']} 个词次>")

    def __contains__(self, word: str) -> bool:
        return word in self._index

    def similarity(self, word1: str, word2: str) -> float:
        """Cosine similarity of two words (1 = same contexts, 0 = unrelated)."""
        i, j = self._row(word1), self._row(word2)
        return float(self._sims(self._dense_row(i))[j])

    def similar_words(self, word: str | Sequence[str], n: int = 10) -> pd.DataFrame:
        """The ``n`` nearest words of each given word; see :func:`similar_words`."""
        words = check_words("word", word, example="网格员")
        check_positive_int("n", n)
        frames = []
        for w in words:
            i = self._row(w)
            sims = self._sims(self._dense_row(i))
            sims[i] = -np.inf
            top = _top(sims, n)
            frames.append(pd.DataFrame({
                "word": pd.Series([w] * len(top), dtype=object),
                "rank": np.arange(1, len(top) + 1, dtype=np.int64),
                "term": pd.Series(np.asarray(self.vocabulary, dtype=object)[top], dtype=object),
                "similarity": sims[top],
                "count": self.counts.to_numpy()[top].astype(np.int64),
            }))
        out = pd.concat(frames, ignore_index=True)
        out.attrs["zhili_labels"] = {"word": "查询词", "term": "相近词"}
        return out

    def expand_dictionary(self, seeds: Mapping[str, Iterable[str]], n: int = 10) -> pd.DataFrame:
        """New candidate terms for each category of a dictionary; see :func:`expand_dictionary`."""
        check_positive_int("n", n)
        seeds = _seed_mapping(seeds)
        every_seed = {w for words in seeds.values() for w in words}
        missing: dict[str, list[str]] = {}
        frames = []
        for category, words in seeds.items():
            known = [w for w in words if w in self._index]
            missing[category] = [w for w in words if w not in self._index]
            if not known:
                continue
            rows = [self._index[w] for w in known]
            seed_vecs = np.vstack([self._dense_row(i) for i in rows])
            centroid = seed_vecs.sum(axis=0)
            norm = np.linalg.norm(centroid)
            if norm == 0:
                continue
            sims = self._sims(centroid / norm)
            sims[[self._index[w] for w in every_seed if w in self._index]] = -np.inf
            top = _top(sims, n)
            each = np.vstack([self._sims(v)[top] for v in seed_vecs])  # seeds × candidates
            nearest = np.asarray(known, dtype=object)[np.argmax(each, axis=0)]
            frames.append(pd.DataFrame({
                "category": pd.Series([category] * len(top), dtype=object),
                "rank": np.arange(1, len(top) + 1, dtype=np.int64),
                "term": pd.Series(np.asarray(self.vocabulary, dtype=object)[top], dtype=object),
                "similarity": sims[top],
                "nearest_seed": pd.Series(nearest, dtype=object),
                "count": self.counts.to_numpy()[top].astype(np.int64),
                "n_seeds": np.full(len(top), len(known), dtype=np.int64),
            }))
        lost = {c: ws for c, ws in missing.items() if ws}
        if not frames:
            listed = "；".join(f"{c}：{'、'.join(ws)}" for c, ws in lost.items())
            raise ZhiliError(f"种子词都不在词向量的词表中（{listed}）：它们在语料中出现太少（少于 min_count="
                             f"{self.settings['min_count']} 次）或被分词切开了。请降低 min_count，或换用语料中常见的写法。")
        if lost:
            from .._errors import warn

            listed = "；".join(f"{c}：{'、'.join(ws[:6])}{' 等' if len(ws) > 6 else ''}" for c, ws in lost.items())
            warn(f"expand_dictionary：这些种子词不在词表中，未参与计算（{listed}）。它们在语料中少于 min_count="
                 f"{self.settings['min_count']} 次，或被分词切开了（可用 user_terms 重新分词）。")
        out = pd.concat(frames, ignore_index=True)
        out.attrs["zhili_labels"] = {"term": "候选词"}
        return out

    # ------------------------------------------------------------------ internals

    def _row(self, word: str) -> int:
        if not isinstance(word, str):
            raise ZhiliError(f"词语应为字符串，收到的是 {type(word).__name__}。")
        i = self._index.get(word)
        if i is None:
            raise ZhiliError(self._missing_message(word))
        return i

    def _missing_message(self, word: str) -> str:
        min_count = self.settings["min_count"]
        count = self._rare.get(word, 0)
        if count:
            return (f"“{word}”在语料中只出现 {count} 次，少于 min_count={min_count}，没有词向量："
                    f"请设 min_count={max(1, count)} 或更小（出现很少的词，近邻也不可靠）。")
        in_text = 0
        if self._corpus is not None:
            from ..matching import TermMatcher

            in_text = int(TermMatcher([word]).count(self._corpus.texts).sum())
        if in_text:
            return (f"“{word}”原文中出现 {in_text} 次，但分词结果中没有这个词（被切开了，或在停用词表中）："
                    f"请重新分词，如 zl.tokenize(corpus, user_terms=[\"{word}\"])。")
        return f"“{word}”在语料中没有出现：请检查写法，或用 zl.kwic(toks, \"{word}\") 看看语料里的说法。"

    def _dense_row(self, i: int) -> np.ndarray:
        row = self.vectors[i]
        return np.asarray(row.toarray()).ravel() if hasattr(row, "toarray") else np.asarray(row)

    def _sims(self, vector: np.ndarray) -> np.ndarray:
        return np.asarray(self.vectors @ vector, dtype=np.float64).ravel()


def _top(sims: np.ndarray, n: int) -> np.ndarray:
    """Indices of the ``n`` largest finite values, largest first (ties by index)."""
    finite = np.flatnonzero(np.isfinite(sims))
    order = np.lexsort((finite, -np.round(sims[finite], 12)))
    return finite[order[:n]]


def _seed_mapping(seeds) -> dict[str, list[str]]:
    from ..dictionaries import Dictionary

    if isinstance(seeds, Dictionary):
        seeds = {c.label: c.terms for c in seeds.categories if c.terms}
    if not isinstance(seeds, Mapping) or not seeds:
        raise ZhiliError("参数 seeds 应为“类别 → 种子词列表”的字典，例如 "
                         "seeds={\"治理能力\": [\"应急处置\", \"网格化管理\"]}，或 zl.load_dictionary(...) 读入的词典。")
    out = {}
    for category, words in seeds.items():
        out[str(category)] = list(dict.fromkeys(check_words(f"seeds[{category!r}]", words, single=True)))
    return out


# ============================================================================ building the vectors


def word_vectors(tokens, *, method: Literal["ppmi-svd", "ppmi"] = "ppmi-svd", dim: int = 100, window: int = 5,
                 min_count: int = 5, seed: int = 0) -> WordVectors:
    """Build word vectors from the tokens (PPMI of window co-occurrence, reduced by SVD).

    1. Words seen fewer than ``min_count`` times get no vector (they keep their place in the
       text, so windows are not stretched over them).
    2. Co-occurrence: every pair of tokens at most ``window`` apart **in the same unit** counts,
       in both directions, with weight ``(window - d + 1) / window`` at distance ``d`` (nearer
       words count more, as word2vec's dynamic window does on average).
    3. PPMI: ``max(0, log(P(w, c) / (P(w) · P_α(c))))``, where ``P_α(c)`` raises the context
       counts to the power ``α = 0.75`` before normalising — this keeps rare contexts from
       dominating (context-distribution smoothing).
    4. ``method="ppmi-svd"``: a truncated SVD ``PPMI ≈ U Σ Vᵀ`` of rank ``dim``
       (``sklearn.utils.extmath.randomized_svd`` with ``random_state=seed``); the word vectors
       are the rows of ``U √Σ``. ``method="ppmi"`` keeps the sparse PPMI rows (no reduction;
       better for very small corpora, worse at generalising).
    5. Rows are scaled to length 1, so the similarity of two words is the cosine of their
       vectors.

    Parameters
    ----------
    tokens : Tokens
        From :func:`zhili.tokenize`.
    method : {"ppmi-svd", "ppmi"}
    dim : int, default 100
        Dimensions kept by the SVD (at most the vocabulary size minus one).
    window : int, default 5
        Tokens on each side that count as context.
    min_count : int, default 5
        Words seen fewer times get no vector.
    seed : int, default 0

    Returns
    -------
    WordVectors

    Warns
    -----
    ZhiliWarning
        If the corpus has fewer than 100,000 tokens (:data:`SMALL_CORPUS_TOKENS`): "语料太小，近邻不可靠".

    References
    ----------
    .. [1] Levy, O., Goldberg, Y. & Dagan, I. (2015). Improving distributional similarity with
       lessons learned from word embeddings. TACL 3, 211–225.
    .. [2] Church, K. & Hanks, P. (1990). Word association norms, mutual information, and
       lexicography. Computational Linguistics 16(1), 22–29.
    """
    from scipy import sparse

    from .freq import _check_tokens

    _check_tokens(tokens, "word_vectors")
    check_choice("method", method, _METHODS)
    check_positive_int("dim", dim)
    check_positive_int("window", window)
    check_positive_int("min_count", min_count)
    check_positive_int("seed", seed, allow_zero=True)

    # the token columns: frequencies by counting ids, units from the offsets (no token lists)
    codes = np.asarray(tokens.ids, dtype=np.int64)
    offsets = np.asarray(tokens.offsets, dtype=np.int64)
    total = len(codes)
    if total < SMALL_CORPUS_TOKENS:
        from .._errors import warn

        warn(f"语料太小，近邻不可靠：只有 {total:,} 个词次（少于 10 万）。词向量需要大量语境，小语料上的近邻多半反映"
             "个别句子的巧合，只宜作为进一步阅读的线索；请用更大的语料，或用 zl.kwic 核对每个近邻。")
    freq = np.bincount(codes, minlength=len(tokens.vocab))
    keep = np.flatnonzero(freq >= min_count)
    vocabulary = sorted(tokens.vocab[i] for i in keep.tolist())
    if len(vocabulary) < 3:
        raise ZhiliError(f"出现至少 min_count={min_count} 次的词只有 {len(vocabulary)} 个：无法建立词向量。"
                         "请降低 min_count，或使用更大的语料。")
    rank = np.full(len(tokens.vocab), -1, dtype=np.int64)
    rank[keep] = pd.Index(vocabulary).get_indexer([tokens.vocab[i] for i in keep.tolist()])
    ids = rank[codes]
    unit_of = np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))
    size = len(vocabulary)
    matrix = sparse.csr_matrix((size, size), dtype=np.float64)
    for d in range(1, window + 1):
        if d >= total:
            break
        a, b = ids[:-d], ids[d:]
        ok = (unit_of[:-d] == unit_of[d:]) & (a >= 0) & (b >= 0)
        a, b = a[ok], b[ok]
        w = (window - d + 1) / window
        part = sparse.csr_matrix((np.full(len(a), w), (a, b)), shape=(size, size))
        matrix = matrix + part + part.T
    matrix.sum_duplicates()
    ppmi = _ppmi(matrix)
    settings = {"method": method, "window": window, "min_count": min_count, "seed": seed, "n_tokens": total}
    rare = {tokens.vocab[i]: int(freq[i]) for i in np.flatnonzero((freq > 0) & (freq < min_count)).tolist()}
    counts = np.zeros(size, dtype=freq.dtype)
    counts[rank[keep]] = freq[keep]
    if method == "ppmi":
        vectors = _normalize_rows(ppmi)
        settings["dim"] = size
    else:
        from sklearn.utils.extmath import randomized_svd

        k = max(1, min(dim, size - 1))
        u, s, _ = randomized_svd(ppmi, n_components=k, n_iter=5, random_state=seed)
        u = _fix_signs(u)
        vectors = _normalize_rows(u * np.sqrt(s)[None, :])
        settings["dim"] = k
    return WordVectors(vocabulary, counts, vectors, settings, corpus=tokens.corpus, rare=rare)


def _ppmi(matrix):
    """Positive PMI of a symmetric co-occurrence matrix, with smoothed context probabilities."""
    from scipy import sparse

    m = matrix.tocoo()
    total = m.sum()
    if total == 0:
        return sparse.csr_matrix(matrix.shape, dtype=np.float64)
    row = np.asarray(matrix.sum(axis=1)).ravel()
    col = np.asarray(matrix.sum(axis=0)).ravel() ** _SMOOTHING
    p_col = col / col.sum()
    p_row = row / total
    pmi = np.log((m.data / total) / (p_row[m.row] * p_col[m.col]))
    positive = pmi > 0
    return sparse.csr_matrix((pmi[positive], (m.row[positive], m.col[positive])), shape=matrix.shape)


def _normalize_rows(x):
    from scipy import sparse

    if sparse.issparse(x):
        x = x.tocsr().astype(np.float64)
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.diags(1 / norms) @ x
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return x / norms


def _fix_signs(u: np.ndarray) -> np.ndarray:
    """Make the largest entry of each singular vector positive (SVD signs are arbitrary)."""
    biggest = np.argmax(np.abs(u), axis=0)
    signs = np.sign(u[biggest, np.arange(u.shape[1])])
    signs[signs == 0] = 1.0
    return u * signs[None, :]


def _vectors(tokens, method, dim, window, min_count, seed) -> WordVectors:
    if isinstance(tokens, WordVectors):
        return tokens
    return word_vectors(tokens, method=method, dim=dim, window=window, min_count=min_count, seed=seed)


def similar_words(tokens, word: str | Sequence[str], n: int = 10, *, method: Literal["ppmi-svd", "ppmi"] = "ppmi-svd",
                  dim: int = 100, window: int = 5, min_count: int = 5, seed: int = 0) -> pd.DataFrame:
    """The words whose contexts are most like those of ``word`` (nearest neighbours).

    Builds word vectors with :func:`word_vectors` (or uses the :class:`WordVectors` given) and
    ranks every other word by the cosine similarity of its vector to the word's.

    Parameters
    ----------
    tokens : Tokens or WordVectors
        From :func:`zhili.tokenize` (vectors are built each call), or vectors already built
        with :func:`zhili.word_vectors` (faster when asking about many words; the options
        below are then ignored).
    word : str or list of str
        The word (or words) to find neighbours of.
    n : int, default 10
        Neighbours per word.
    method, dim, window, min_count, seed
        As :func:`word_vectors`.

    Returns
    -------
    pandas.DataFrame
        ``word``, ``rank`` (1 = nearest), ``term`` (the neighbour), ``similarity`` (cosine,
        at most 1), ``count`` (the neighbour's token count); ``n`` rows per word.

    Raises
    ------
    ZhiliError
        If the word has no vector: the message says whether it is too rare (and which
        ``min_count`` would include it), split by the tokenizer (use ``user_terms``), or absent.

    Warns
    -----
    ZhiliWarning
        "语料太小，近邻不可靠" below 100,000 tokens.

    Examples
    --------
    >>> import warnings, zhili as zl
    >>> texts = ["网格员 上门 走访 居民。", "网格长 上门 走访 居民。", "合作社 带动 农户 增收。"] * 5
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     t = similar_words(zl.tokenize(texts, cache=False), "网格员", n=2, min_count=2, dim=5)
    >>> t["term"].tolist()[0]
    '网格长'
    """
    return _vectors(tokens, method, dim, window, min_count, seed).similar_words(word, n)


def expand_dictionary(tokens, seeds, n: int = 10, *, method: Literal["ppmi-svd", "ppmi"] = "ppmi-svd",
                      dim: int = 100, window: int = 5, min_count: int = 5, seed: int = 0) -> pd.DataFrame:
    """Suggest new terms for each category of a dictionary, from the corpus's word vectors.

    For each category, the vectors of its seed terms that have one are added and normalised
    (the category's centroid); every word that is not a seed of any category is ranked by the
    cosine similarity of its vector to the centroid. The candidates are suggestions to read in
    context (:func:`zhili.kwic`) before adding them to a dictionary — neighbours in a vector
    space include antonyms and co-hyponyms (网格员 next to 楼栋长) as readily as synonyms.

    Parameters
    ----------
    tokens : Tokens or WordVectors
        As :func:`similar_words`.
    seeds : dict of str to list of str, or a dictionary from :func:`zhili.load_dictionary`
        Category → seed terms, e.g. ``{"治理能力": ["应急处置", "网格化管理"], "自治": ["村规民约"]}``.
    n : int, default 10
        Candidates per category.
    method, dim, window, min_count, seed
        As :func:`word_vectors`.

    Returns
    -------
    pandas.DataFrame
        ``category``, ``rank``, ``term`` (the candidate), ``similarity`` (cosine to the
        centroid), ``nearest_seed`` (the category's seed the candidate is closest to),
        ``count`` (its token count), ``n_seeds`` (seeds of the category that had a vector);
        ``n`` rows per category, in the order of ``seeds``.

    Raises
    ------
    ZhiliError
        If no seed of any category has a vector.

    Warns
    -----
    ZhiliWarning
        For seeds without a vector (too rare, or split by the tokenizer), and below 100,000
        tokens ("语料太小，近邻不可靠").

    Examples
    --------
    >>> import warnings, zhili as zl
    >>> texts = ["网格员 上门 走访 居民。", "网格长 上门 走访 居民。", "合作社 带动 农户 增收。",
    ...          "村集体 带动 农户 增收。"] * 5
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     t = expand_dictionary(zl.tokenize(texts, cache=False), {"网格": ["网格员"], "产业": ["合作社"]},
    ...                           n=1, min_count=2, dim=5)
    >>> t[["category", "term"]].values.tolist()
    [['网格', '网格长'], ['产业', '村集体']]
    """
    return _vectors(tokens, method, dim, window, min_count, seed).expand_dictionary(seeds, n)
