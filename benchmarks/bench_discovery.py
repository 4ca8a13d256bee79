"""New-term discovery (suggest_terms) at 1k and 10k documents of about 3,000 characters (issue 11).

The corpus is the synthetic one of ``bench_pipeline`` (same generator and seed); it is built in
memory, since discovery reads characters, not files. Each size runs in a fresh child process so
that its peak memory is its own; the time includes building the tokenizer and everything else
``suggest_terms`` does.

Baseline, measured in the same run: a plain-Python ``Counter`` over every n-gram (n = 1 … 6) of
the Han-character runs of a 1 % sample of the documents, extrapolated linearly to the whole
corpus (counting alone, without the entropies). On the sample both count the same: the counts of
the terms ``suggest_terms`` proposes there are checked against the Counter.

Targets (2 cores): 10k documents (≈ 32 million characters) in under 60 s and under 2 GB.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
SIZES = [int(s) for s in os.environ.get("ZHILI_BENCH_SIZES", "1000,10000").split(",")]
SAMPLE_SHARE = 0.01
MAX_LEN = 6
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _naive_counts(texts: list[str]) -> Counter:
    """Every n-gram of length 1 … MAX_LEN inside runs of Han characters, counted one by one."""
    counts: Counter = Counter()
    for text in texts:
        for run in _HAN_RUN.findall(text):
            for n in range(1, MAX_LEN + 1):
                counts.update(run[i:i + n] for i in range(len(run) - n + 1))
    return counts


def run_size(n_docs: int, naive: bool) -> dict:
    import synthetic

    import zhili as zl
    from zhili.analysis.discovery import suggest_terms

    texts = synthetic.make_texts(n_docs, chars_per_doc=3000, seed=11)
    corpus = zl.Corpus.from_texts(texts)
    t = time.perf_counter()
    table = suggest_terms(corpus, n=50, max_len=MAX_LEN)
    seconds = time.perf_counter() - t
    out = {"n_docs": n_docs, "chars": sum(len(x) for x in texts), "seconds": seconds, "peak_mb": _peak_mb(),
           "suggestions": len(table), "top": table["term"].head(5).tolist()}
    if naive:
        sample = texts[:: int(round(1 / SAMPLE_SHARE))]
        t = time.perf_counter()
        counts = _naive_counts(sample)
        naive_seconds = time.perf_counter() - t
        share = sum(len(x) for x in sample) / out["chars"]
        small = suggest_terms(sample, n=50, max_len=MAX_LEN)
        out["naive"] = {"sample_docs": len(sample), "sample_seconds": naive_seconds,
                        "extrapolated_seconds": naive_seconds / share,
                        "same_counts": all(counts[t] == c for t, c in zip(small["term"], small["count"])),
                        "checked_terms": len(small)}
    return out


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int)
    parser.add_argument("--naive", action="store_true")
    args, _ = parser.parse_known_args()
    if args.size:
        print(json.dumps(run_size(args.size, args.naive), ensure_ascii=False))
        return {}
    results = {}
    for n in SIZES:
        naive = n == SIZES[-1]
        cmd = [sys.executable, __file__, "--size", str(n)] + (["--naive"] if naive else [])
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        results[n] = json.loads(out.strip().splitlines()[-1])
    print(f"新词发现 suggest_terms（n=50，max_len={MAX_LEN}，min_count=5；含构建分词器）")
    print(f"{'文档数':>8}{'字数(百万)':>11}{'秒数':>8}{'峰值内存MB':>11}  前 5 条建议")
    for n, r in results.items():
        print(f"{n:>8}{r['chars'] / 1e6:>11.1f}{r['seconds']:>8.1f}{r['peak_mb']:>11.0f}  {'、'.join(r['top'])}")
    last = results[SIZES[-1]]
    if "naive" in last:
        nv = last["naive"]
        ratio = nv["extrapolated_seconds"] / last["seconds"]
        print(f"基线：纯 Python Counter 统计 1–{MAX_LEN} 字的全部 n 元组，{nv['sample_docs']} 篇样本用时 "
              f"{nv['sample_seconds']:.1f} 秒，外推到 {SIZES[-1]} 篇约 {nv['extrapolated_seconds']:.0f} 秒"
              f"（仅计数）；suggest_terms {last['seconds']:.1f} 秒，快 {ratio:.1f} 倍；"
              f"样本上 {nv['checked_terms']} 条建议的频次与基线{'一致' if nv['same_counts'] else '不一致'}")
    if 10000 in results:
        r = results[10000]
        print(f"  {'达标' if r['seconds'] < 60 else '未达标'}  1 万篇用时 < 60 秒（{r['seconds']:.1f} 秒）")
        print(f"  {'达标' if r['peak_mb'] < 2048 else '未达标'}  1 万篇峰值内存 < 2 GB（{r['peak_mb']:.0f} MB）")
    return results


if __name__ == "__main__":
    main()
