"""The full pipeline at 1k, 10k and 20k documents of about 3,000 characters (issues 5 and 15).

load (files on disk) → tokenize (fast backend, cold cache) → document-term matrix → sentence-level
co-word network over the top 500 terms → framework coding (治理理念/能力/体系, policy-language
dictionary). Each size runs in a fresh child process that does nothing but the pipeline (the
corpus files are written beforehand by another process), so its peak memory
(``resource.getrusage`` maxrss, the resident set) is the pipeline's own; the largest peak of a
tokenizer worker process is given beside it (a forked worker shares the parent's pages until it
writes them, so the two are not simply added). At 1k documents the
co-word step is also timed against a naive baseline (a Counter over every pair of top-500 terms
in every sentence) in the same run.

Besides wall-clock seconds the table gives CPU seconds (this process plus the tokenizer's worker
processes), which a busy machine disturbs far less; ``rss_start`` is the resident set right after
the imports, before the first step.

Targets (2 cores): 10k documents in ≤ 15 s and ≤ 600 MB; 20k / 10k time ratio ≤ 2.1; coding step
≤ 5 s at 10k. Figures are printed, never asserted (``make bench``).
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
TARGET_SECONDS, TARGET_MB, TARGET_RATIO, TARGET_CODING = 15, 600, 2.1, 5


def _write_corpus(folder: Path, n_docs: int) -> None:
    import synthetic

    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(synthetic.make_texts(n_docs, chars_per_doc=3000, seed=11)):
        (folder / f"doc{i:05d}.txt").write_text(text, encoding="utf-8")


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_peak_mb() -> float:
    """The largest peak resident set of any finished child process (a tokenizer worker)."""
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):  # not Linux
        return _peak_mb()


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the tokenizer's workers)."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def run_size(n_docs: int, workdir: str, naive: bool) -> dict:
    os.environ["ZHILI_CACHE_DIR"] = os.path.join(workdir, "cache")
    folder = Path(workdir) / "docs"
    import zhili as zl
    from zhili.analysis import code_framework, cooccurrence_network, dtm

    rss_start = _rss_mb()  # zhili imports its dependencies lazily: they count in the steps, as before
    steps, cpu = {}, {}
    t_all, c_all = time.perf_counter(), _cpu()

    def step(name, func):
        t, c = time.perf_counter(), _cpu()
        out = func()
        steps[name], cpu[name] = time.perf_counter() - t, _cpu() - c
        return out

    corpus = step("load", lambda: zl.load_corpus(folder))
    toks = step("tokenize", lambda: zl.tokenize(corpus, unit="sentence", backend="fast", progress=False))
    matrix = step("dtm", lambda: dtm(toks, by="document"))
    graph = step("network", lambda: cooccurrence_network(toks, context="unit", top_n=500, min_count=1))
    coding = step("coding", lambda: code_framework(toks, level="theory"))  # the policy-language dictionary
    total, total_cpu = time.perf_counter() - t_all, _cpu() - c_all
    out = {"n_docs": n_docs, "chars": sum(len(x) for x in corpus.texts), "seconds": total, "cpu": total_cpu,
           "steps": steps, "steps_cpu": cpu, "peak_mb": _peak_mb(), "worker_peak_mb": _children_peak_mb(),
           "rss_start_mb": rss_start,
           "dtm_shape": list(matrix.shape), "edges": graph.number_of_edges(), "coded_units": int(len(coding)),
           "n_tokens": int(len(toks.ids)) if hasattr(toks, "ids") else None}
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
    parser.add_argument("--write", action="store_true", help="only write the corpus files")
    args, _ = parser.parse_known_args()
    if args.size:
        if args.write:
            _write_corpus(Path(args.workdir) / "docs", args.size)
            return {}
        print(json.dumps(run_size(args.size, args.workdir, args.naive)))
        return {}
    results = {}
    for n in SIZES:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, __file__, "--size", str(n), "--workdir", tmp, "--write"], check=True)
            cmd = [sys.executable, __file__, "--size", str(n), "--workdir", tmp] + (["--naive"] if n == SIZES[0] else [])
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            results[n] = json.loads(out.strip().splitlines()[-1])
    print("全流程性能（读取 → 分词 → 文档-词矩阵 → 句子级共词网络（前 500 词）→ 框架编码）；括号内为 CPU 秒（含分词子进程）")
    print(f"{'文档数':>8}{'字数(百万)':>11}{'总秒数':>14}{'读取':>12}{'分词':>12}{'矩阵':>11}{'网络':>11}{'编码':>12}"
          f"{'峰值内存MB':>11}{'子进程峰值MB':>13}{'起始MB':>8}")
    for n, r in results.items():
        s, c = r["steps"], r["steps_cpu"]
        cells = "".join(f"{s[k]:>6.1f}({c[k]:>4.1f})" for k in ("load", "tokenize", "dtm", "network", "coding"))
        print(f"{n:>8}{r['chars'] / 1e6:>11.1f}{r['seconds']:>8.1f}({r['cpu']:>5.1f}){cells}{r['peak_mb']:>11.0f}"
              f"{r.get('worker_peak_mb', 0):>13.0f}{r['rss_start_mb']:>8.0f}")
    first = results[SIZES[0]]
    if "naive" in first:
        nv = first["naive"]
        print(f"共现计数（{SIZES[0]} 篇，句子级，前 500 词）：稀疏矩阵乘积 {nv['sparse_seconds']:.2f} 秒，"
              f"朴素 Counter 基线 {nv['naive_seconds']:.2f} 秒，加速 {nv['naive_seconds'] / nv['sparse_seconds']:.1f} 倍；"
              f"两者计数{'一致' if nv['same_counts'] else '不一致'}")
    if 10000 in results:
        r = results[10000]
        print(f"  {'达标' if r['seconds'] <= TARGET_SECONDS else '未达标'}  1 万篇用时 ≤ {TARGET_SECONDS} 秒"
              f"（{r['seconds']:.1f} 秒，CPU {r['cpu']:.1f} 秒）")
        print(f"  {'达标' if r['peak_mb'] <= TARGET_MB else '未达标'}  1 万篇峰值内存 ≤ {TARGET_MB} MB（{r['peak_mb']:.0f} MB）")
        c = r["steps"]["coding"]
        print(f"  {'达标' if c <= TARGET_CODING else '未达标'}  1 万篇逐句框架编码 ≤ {TARGET_CODING} 秒（{c:.1f} 秒）")
    if 10000 in results and 20000 in results:
        ratio = results[20000]["seconds"] / results[10000]["seconds"]
        ratio_cpu = results[20000]["cpu"] / results[10000]["cpu"]
        print(f"  {'达标' if ratio <= TARGET_RATIO else '未达标'}  2 万篇 / 1 万篇 用时比 ≤ {TARGET_RATIO}"
              f"（{ratio:.2f}；CPU {ratio_cpu:.2f}）")
    return results


if __name__ == "__main__":
    main()
