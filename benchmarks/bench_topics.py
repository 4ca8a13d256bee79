"""Topic models and collocates of a word on 10k documents of about 3,000 characters (issue 16).

The corpus is the synthetic one of ``bench_pipeline`` (same generator and seed), built in memory
and tokenized once (fast backend, sentences, a private cold cache; the tokenizing time is
reported but is not part of the targets).

1. ``zl.topics(toks, k=20, seed=0)`` — everything it does: document-term matrix, filters, LDA
   (online variational Bayes, 5 passes, the default above 2,000 documents), topic shares of every
   document, NPMI coherence. Target: under 120 s.
   Baseline, same run: the naive route — scikit-learn's ``CountVectorizer`` over the token lists
   (same filters: ``min_df=2``, ``max_df=0.5``, terms of two or more characters seen twice),
   then the same ``LatentDirichletAllocation`` settings and ``fit_transform``. Both fit the same
   model on the same matrix; the difference is in building the matrix.
2. ``zl.collocates(toks, node, window=5)`` for a frequent and a rarer node, against a plain-Python
   loop over the units (a ``Counter`` of every token for the margins, nested loops over the
   window around each occurrence with the same merged-span rule, measures computed row by row).
   The two tables are checked to be the same. Both spend most of their time counting every
   token once for the margins; zl.collocates also checks the node against the original text
   (one pass of the term engine) when the plain text shows more occurrences than the tokens —
   for 共同缔造, which also sits inside longer lexicon terms, that check is most of its time.

Figures are printed, never asserted. ``ZHILI_BENCH_DOCS`` changes the number of documents.
"""
from __future__ import annotations

import math
import os
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
N_DOCS = int(os.environ.get("ZHILI_BENCH_DOCS", "10000"))
K = 20
WINDOW = 5


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _naive_topics(toks, k: int, method: str, passes: int) -> dict:
    """CountVectorizer over the token lists, then the same LDA settings as zl.topics."""
    import numpy as np
    from sklearn.decomposition import LatentDirichletAllocation
    from sklearn.feature_extraction.text import CountVectorizer

    t = time.perf_counter()
    index = {d: i for i, d in enumerate(toks.corpus.doc_ids)}
    docs: list[list[str]] = [[] for _ in index]
    for doc_id, unit in zip(toks.doc_ids, toks.words()):
        docs[index[doc_id]].extend(w for w in unit if len(w) >= 2)
    vectorizer = CountVectorizer(analyzer=lambda d: d, min_df=2, max_df=0.5)
    x = vectorizer.fit_transform(docs)
    keep = np.asarray(x.sum(axis=0)).ravel() >= 2
    x = x[:, keep]
    matrix_seconds = time.perf_counter() - t
    t = time.perf_counter()
    lda = LatentDirichletAllocation(n_components=k, learning_method=method, max_iter=passes, random_state=0)
    lda.fit_transform(x)
    fit_seconds = time.perf_counter() - t
    return {"matrix_seconds": matrix_seconds, "fit_seconds": fit_seconds, "shape": x.shape}


def _naive_collocates(toks, node: str, window: int, min_count: int = 2) -> dict[str, tuple]:
    """Plain Python: the same counts and logDice / G² as zl.collocates, loop by loop."""
    freq = Counter(w for unit in toks.words() for w in unit)
    counts: Counter = Counter()
    span = 0
    for unit in toks.words():
        if node not in unit:
            continue
        where = [i for i, w in enumerate(unit) if w == node]
        seen = set()
        for p in where:
            for q in range(max(0, p - window), min(len(unit), p + window + 1)):
                if unit[q] != node and q not in seen:
                    seen.add(q)
        span += len(seen)
        counts.update(unit[q] for q in seen)
    f_node = freq[node]
    n = sum(freq.values()) - f_node
    out = {}
    for c, o in counts.items():
        if o < min_count:
            continue
        fc = freq[c]
        cells = [(o, span * fc / n), (span - o, span * (n - fc) / n), (fc - o, (n - span) * fc / n),
                 (n - span - fc + o, (n - span) * (n - fc) / n)]
        g2 = 2 * sum(ob * math.log(ob / ex) for ob, ex in cells if ob > 0)
        out[c] = (o, 14 + math.log2(2 * o / (f_node + fc)), g2)
    return out


def main() -> dict:
    import numpy as np
    import synthetic

    os.environ.setdefault("ZHILI_CACHE_DIR", tempfile.mkdtemp(prefix="zhili-bench-cache-"))
    import zhili as zl

    texts = synthetic.make_texts(N_DOCS, chars_per_doc=3000, seed=11)
    corpus = zl.Corpus.from_texts(texts)
    t = time.perf_counter()
    toks = zl.tokenize(corpus, unit="sentence", backend="fast", progress=False)
    tokenize_seconds = time.perf_counter() - t
    n_tokens = sum(len(u) for u in toks.tokens)
    print(f"语料：{N_DOCS} 篇，{sum(map(len, texts)) / 1e6:.1f} 百万字，{n_tokens / 1e6:.1f} 百万词次；"
          f"分词 {tokenize_seconds:.1f} 秒（不计入下列目标）")

    # ---------------------------------------------------------------- topics
    # the steps of zl.topics(toks, k=K, seed=0), timed one by one (the function runs exactly these)
    from zhili.analysis.topics import _check_sizes, _fit, _model, _prepare

    t = time.perf_counter()
    x, terms, rows, n_all = _prepare(toks, by="document", min_count=2, min_df=2, max_df=0.5, min_length=2)
    _check_sizes(x, terms, K, n_all_terms=n_all, filters="", by="document")
    prepare_seconds = time.perf_counter() - t
    t = time.perf_counter()
    lda, used = _fit(x, K, seed=0, alpha=None, beta=None, max_iter=None)
    fit_seconds = time.perf_counter() - t
    t = time.perf_counter()
    model = _model(lda, x, terms, rows, toks.corpus, n_terms=10, settings={"k": K, "by": "document", **used})
    shares_seconds = time.perf_counter() - t
    topic_seconds = prepare_seconds + fit_seconds + shares_seconds
    passes = used["max_iter"]
    print(f"\n主题模型 zl.topics(k={K})：共 {topic_seconds:.1f} 秒 = 建矩阵与过滤 {prepare_seconds:.1f} + 拟合 "
          f"{fit_seconds:.1f}（{used['learning_method']} 变分贝叶斯 {passes} 遍）+ 文档主题比例与一致性 "
          f"{shares_seconds:.1f}；{len(terms)} 个词，平均一致性 NPMI {model.coherence.mean():.3f}")
    print(f"  {'达标' if topic_seconds < 120 else '未达标'}  {N_DOCS} 篇 k={K} 用时 < 120 秒（{topic_seconds:.1f} 秒）")
    naive = _naive_topics(toks, K, used["learning_method"], passes)
    naive_total = naive["matrix_seconds"] + naive["fit_seconds"]
    print(f"  基线（CountVectorizer 建矩阵 + 同设置 LDA fit_transform）：共 {naive_total:.1f} 秒 = 建矩阵 "
          f"{naive['matrix_seconds']:.1f} + 拟合与文档主题比例 {naive['fit_seconds']:.1f}；矩阵 "
          f"{naive['shape'][0]}×{naive['shape'][1]}（zl：{x.shape[0]}×{x.shape[1]}）")
    print(f"  比值 zl / 基线：建矩阵 {prepare_seconds / naive['matrix_seconds']:.2f}，拟合与比例 "
          f"{(fit_seconds + shares_seconds) / naive['fit_seconds']:.2f}（同一模型；zl 另算一致性），全程 "
          f"{topic_seconds / naive_total:.2f}")

    # ---------------------------------------------------------------- collocates
    freq = Counter(w for unit in toks.words() for w in unit)
    nodes = ["共同缔造", "网格员"]
    print(f"\n指定词搭配 zl.collocates(window={WINDOW})，对照纯 Python 循环：")
    results = {"topics_seconds": topic_seconds, "naive_topics": naive}
    del model, lda, x
    for node in nodes:
        t = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            table = zl.collocates(toks, node, window=WINDOW)
        ours = time.perf_counter() - t
        checked = "（含原文核对：该词也出现在更长的词里，已发出提示）" if caught else ""
        t = time.perf_counter()
        reference = _naive_collocates(toks, node, WINDOW)
        loop = time.perf_counter() - t
        same = (set(reference) == set(table["collocate"]) and all(
            reference[r.collocate][0] == r.count and np.isclose(reference[r.collocate][1], r.logdice)
            and np.isclose(reference[r.collocate][2], abs(r.g2)) for r in table.itertuples()))
        print(f"  “{node}”（{freq[node]} 次）：zl.collocates {ours:.2f} 秒，循环基线 {loop:.2f} 秒，"
              f"比值 {loop / ours:.1f}；{len(table)} 个搭配词，两者结果{'一致' if same else '不一致'}{checked}")
        results[node] = {"seconds": ours, "naive_seconds": loop, "same": same}
    print(f"\n峰值内存 {_peak_mb():.0f} MB")
    return results


if __name__ == "__main__":
    main()
