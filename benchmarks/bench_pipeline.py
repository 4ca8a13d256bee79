"""The full pipeline at 1k, 10k and 20k documents of about 3,000 characters (issue 5).

load (files on disk) → tokenize (fast backend, cold cache) → document-term matrix → sentence-level
co-word network over the top 500 terms → framework coding (治理理念/能力/体系, policy-language dictionary;
target: coding step ≤ 5 s at 10k documents). Each size runs in a fresh child process
so that its peak memory is its own. At 1k documents the co-word step is also timed against a naive
baseline (a Counter over every pair of top-500 terms in every sentence) in the same run.

Targets (2 cores): 10k documents in under 60 s and under 2 GB; 20k / 10k time ratio ≤ 2.2.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
SIZES = [int(s) for s in os.environ.get("ZHILI_BENCH_SIZES", "1000,10000,20000").split(",")]


def _write_corpus(folder: Path, n_docs: int) -> None:
    import synthetic

    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(synthetic.make_texts(n_docs, chars_per_doc=3000, seed=11)):
        (folder / f"doc{i:05d}.txt").write_text(text, encoding="utf-8")


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_size(n_docs: int, workdir: str, naive: bool) -> dict:
    os.environ["ZHILI_CACHE_DIR"] = os.path.join(workdir, "cache")
    folder = Path(workdir) / "docs"
    _write_corpus(folder, n_docs)
    import zhili as zl
    from zhili.analysis import code_framework, cooccurrence_network, dtm

    steps = {}
    t_all = time.perf_counter()
    t = time.perf_counter()
    corpus = zl.load_corpus(folder)
    steps["load"] = time.perf_counter() - t
    t = time.perf_counter()
    toks = zl.tokenize(corpus, unit="sentence", backend="fast", progress=False)
    steps["tokenize"] = time.perf_counter() - t
    t = time.perf_counter()
    matrix = dtm(toks, by="document")
    steps["dtm"] = time.perf_counter() - t
    t = time.perf_counter()
    graph = cooccurrence_network(toks, context="unit", top_n=500, min_count=1)
    steps["network"] = time.perf_counter() - t
    t = time.perf_counter()
    coding = code_framework(toks, level="theory")  # the policy-language dictionary (issue 12)
    steps["coding"] = time.perf_counter() - t
    total = time.perf_counter() - t_all
    out = {"n_docs": n_docs, "chars": sum(len(x) for x in corpus.texts), "seconds": total, "steps": steps,
           "peak_mb": _peak_mb(), "dtm_shape": list(matrix.shape), "edges": graph.number_of_edges(),
           "coded_units": int(len(coding))}
    if naive:
        out["naive"] = _naive_network(toks, 500)
    return out


def _naive_network(toks, top_n: int) -> dict:
    """Baseline: a Counter over all token pairs of every sentence, then keep the top-N terms' pairs.

    Timed against :func:`zhili.analysis.cooccurrence_matrix` on the same tokens (same counting
    rule: a pair counts once per sentence).
    """
    from collections import Counter
    from itertools import combinations

    from zhili.analysis import cooccurrence_matrix

    t = time.perf_counter()
    pairs: Counter = Counter()
    for unit in toks.words():
        pairs.update(combinations(sorted(set(unit)), 2))
    counts = Counter(w for unit in toks.words() for w in unit)
    top = {w for w, _ in sorted(counts.items(), key=lambda p: (-p[1], p[0]))[:top_n]}
    naive = {p: c for p, c in pairs.items() if p[0] in top and p[1] in top}
    naive_seconds = time.perf_counter() - t
    t = time.perf_counter()
    m = cooccurrence_matrix(toks, context="unit", top_n=top_n, min_length=1)
    sparse_seconds = time.perf_counter() - t
    upper = m.matrix.tocoo()
    ours = {(m.terms[i], m.terms[j]): int(v) for i, j, v in zip(upper.row, upper.col, upper.data) if i < j}
    return {"naive_seconds": naive_seconds, "sparse_seconds": sparse_seconds, "same_counts": ours == naive}


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int)
    parser.add_argument("--workdir")
    parser.add_argument("--naive", action="store_true")
    args, _ = parser.parse_known_args()
    if args.size:
        print(json.dumps(run_size(args.size, args.workdir, args.naive)))
        return {}
    results = {}
    for n in SIZES:
        with tempfile.TemporaryDirectory() as tmp:
            cmd = [sys.executable, __file__, "--size", str(n), "--workdir", tmp] + (["--naive"] if n == SIZES[0] else [])
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            results[n] = json.loads(out.strip().splitlines()[-1])
    print("全流程性能（读取 → 分词 → 文档-词矩阵 → 句子级共词网络（前 500 词）→ 框架编码）")
    print(f"{'文档数':>8}{'字数(百万)':>11}{'总秒数':>9}{'读取':>7}{'分词':>7}{'矩阵':>7}{'网络':>7}{'编码':>7}{'峰值内存MB':>11}")
    for n, r in results.items():
        s = r["steps"]
        print(f"{n:>8}{r['chars'] / 1e6:>11.1f}{r['seconds']:>9.1f}{s['load']:>7.1f}{s['tokenize']:>7.1f}"
              f"{s['dtm']:>7.1f}{s['network']:>7.1f}{s['coding']:>7.1f}{r['peak_mb']:>11.0f}")
    first = results[SIZES[0]]
    if "naive" in first:
        nv = first["naive"]
        print(f"共现计数（{SIZES[0]} 篇，句子级，前 500 词）：稀疏矩阵乘积 {nv['sparse_seconds']:.2f} 秒，"
              f"朴素 Counter 基线 {nv['naive_seconds']:.2f} 秒，加速 {nv['naive_seconds'] / nv['sparse_seconds']:.1f} 倍；"
              f"两者计数{'一致' if nv['same_counts'] else '不一致'}")
    if 10000 in results:
        r = results[10000]
        print(f"  {'达标' if r['seconds'] < 60 else '未达标'}  1 万篇用时 < 60 秒（{r['seconds']:.1f} 秒）")
        print(f"  {'达标' if r['peak_mb'] < 2048 else '未达标'}  1 万篇峰值内存 < 2 GB（{r['peak_mb']:.0f} MB）")
    if 10000 in results:
        c = results[10000]["steps"]["coding"]
        print(f"  {'达标' if c <= 5 else '未达标'}  1 万篇逐句框架编码 ≤ 5 秒（{c:.1f} 秒）")
    if 10000 in results and 20000 in results:
        ratio = results[20000]["seconds"] / results[10000]["seconds"]
        print(f"  {'达标' if ratio <= 2.2 else '未达标'}  2 万篇 / 1 万篇 用时比 ≤ 2.2（{ratio:.2f}）")
    return results


if __name__ == "__main__":
    main()
