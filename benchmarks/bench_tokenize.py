"""Tokenizer throughput, backend agreement, peak memory and the first call's fixed cost (issues 3, 15).

All figures come from one run on the same ~20 MB synthetic corpus (benchmarks/synthetic.py):

- raw ``jieba.lcut`` over every document (the baseline), and raw ``rjieba`` (the fast backend alone);
- ``zl.tokenize`` with the fast backend (rjieba) and a cold cache, in one process ("steady": the
  tokenizer is built before the clock starts), the same without the cache (what writing it
  costs), and in parallel;
- ``zl.tokenize`` with the reference backend (jieba) and a cold cache, in one process and in parallel;
- ``zl.tokenize`` again with a warm cache;
- agreement: the share of Chinese tokens on which the fast backend equals the reference;
- peak memory (resident set) of each run;
- the first ``zl.tokenize`` call in a fresh process against the second one (median of five
  processes), once straight after ``import zhili`` and once with pandas already imported, as in
  a notebook.

Each timing runs in a fresh child process, so peak memory is that run's own. Wall-clock seconds and
CPU seconds (the process and its workers) are both given: on a busy machine the CPU ratios are the
steadier ones. Targets: fast (one core) ≥ 15× raw jieba; parallel ≥ 10×; reference ≥ 0.9×; warm
cache ≥ 50×; agreement 100 %; peak memory < 1.5 GB; first call ≤ 0.3 s more than the second.
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

TARGET_MB = float(os.environ.get("ZHILI_BENCH_MB", "20"))


def _texts():
    import synthetic

    per_doc = 3000
    n_docs = max(1, int(TARGET_MB * 1e6 / (per_doc * 3)))
    return synthetic.make_texts(n_docs, chars_per_doc=per_doc, seed=7)


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (worker processes)."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


FIRST_CALL = """
import time{pre}
t = time.perf_counter(); import zhili as zl; t_import = time.perf_counter() - t
t = time.perf_counter(); zl.tokenize("共同缔造。", cache=False); first = time.perf_counter() - t
t = time.perf_counter(); zl.tokenize("共同缔造。", cache=False); second = time.perf_counter() - t
print(first, second)
"""


def first_call(pre: str = "", runs: int = 5) -> dict:
    """Median first and second ``zl.tokenize`` call over fresh processes (bytecode caches allowed)."""
    import statistics

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    firsts, seconds = [], []
    for _ in range(runs + 1):  # the first run may write the bytecode caches: not counted
        out = subprocess.run([sys.executable, "-c", FIRST_CALL.format(pre=pre)], check=True, capture_output=True,
                             text=True, env=env).stdout.split()
        firsts.append(float(out[0]))
        seconds.append(float(out[1]))
    return {"first": statistics.median(firsts[1:]), "second": statistics.median(seconds[1:])}


def run_case(case: str, cache_dir: str) -> dict:
    os.environ["ZHILI_CACHE_DIR"] = cache_dir
    texts = _texts()
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    if case == "raw_jieba":
        import logging

        import jieba

        jieba.setLogLevel(logging.CRITICAL)
        jieba.initialize()
        t0, c0 = time.perf_counter(), _cpu()
        for t in texts:
            jieba.lcut(t)
        seconds, cpu = time.perf_counter() - t0, _cpu() - c0
    elif case == "raw_rjieba":
        import rjieba

        seg = rjieba.Jieba()
        t0, c0 = time.perf_counter(), _cpu()
        for t in texts:
            seg.cut(t, True)
        seconds, cpu = time.perf_counter() - t0, _cpu() - c0
    else:
        import zhili as zl

        corpus = zl.Corpus.from_texts(texts)
        backend = {"fast": "fast", "fast_nocache": "fast", "fast_parallel": "fast", "reference": "jieba",
                   "reference_parallel": "jieba", "warm": "fast"}[case]
        tk = zl.Tokenizer(backend=backend, cache=case != "fast_nocache")
        tk._segmenter  # dictionary loading is not part of throughput  # noqa: B018
        tk.settings  # noqa: B018
        n_jobs = None if case.endswith("_parallel") else 1  # None: the default (all cores above 2M chars)
        if case == "warm":
            zl.tokenize(corpus, tokenizer=tk, n_jobs=1, progress=False)
        t0, c0 = time.perf_counter(), _cpu()
        toks = zl.tokenize(corpus, tokenizer=tk, n_jobs=n_jobs, progress=False)
        seconds, cpu = time.perf_counter() - t0, _cpu() - c0
        assert len(toks) > 0
    return {"case": case, "mb": mb, "seconds": seconds, "cpu": cpu, "mb_per_s": mb / seconds, "peak_mb": _peak_mb()}


def agreement() -> dict:
    """Share of Chinese tokens where the fast backend equals the reference (per unit, aligned)."""
    import difflib
    import re

    import zhili as zl

    han = re.compile(r"[\u4e00-\u9fff]")
    texts = _texts()[:300]
    mixed = [
        "2024年11月29日，宜昌市投入1.5亿元、建成GDP统计www.example.com平台，电话027-12345678。",
        "Ｆｕｌｌ－ｗｉｄｔｈ １２３ 与 half-width 123；他说：“好！”推进3+N公约体系和1+1+N党群服务中心。",
    ]
    corpus = zl.Corpus.from_texts(texts + mixed)
    options = dict(stopwords=False, punct=True, numbers=True, cache=False)
    fast = zl.tokenize(corpus, backend="fast", progress=False, **options).tokens
    ref = zl.tokenize(corpus, backend="jieba", progress=False, **options).tokens
    total = same = 0
    for a, b in zip(fast, ref):
        n = sum(1 for w in b if han.search(w))
        total += n
        if a == b:
            same += n
        else:
            sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
            same += sum(sum(1 for w in b[j:j + size] if han.search(w)) for _, j, size in sm.get_matching_blocks())
    all_equal = sum(a == b for a, b in zip(fast, ref))
    return {"chinese_tokens": total, "agree": same, "share": same / total, "units_identical": all_equal,
            "units": len(ref)}


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--case")
    parser.add_argument("--cache-dir")
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.cache_dir)))
        return {}
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for case in ("raw_jieba", "raw_rjieba", "fast", "fast_nocache", "fast_parallel", "reference",
                     "reference_parallel", "warm"):
            cache = os.path.join(tmp, case)
            out = subprocess.run([sys.executable, __file__, "--case", case, "--cache-dir", cache],
                                 check=True, capture_output=True, text=True).stdout
            results[case] = json.loads(out.strip().splitlines()[-1])
    base, base_cpu = results["raw_jieba"]["seconds"], results["raw_jieba"]["cpu"]
    agree = agreement()
    print(f"分词性能（{results['raw_jieba']['mb']:.1f} MB 合成语料，同一次运行）")
    print(f"{'情形':<30}{'秒':>8}{'CPU 秒':>9}{'MB/s':>9}{'相对 jieba.lcut':>16}{'（按 CPU）':>10}{'峰值内存 MB':>13}")
    labels = {"raw_jieba": "jieba.lcut（基线）", "raw_rjieba": "rjieba（快速后端本身）",
              "fast": "zl.tokenize 快速后端 单核 冷缓存",
              "fast_nocache": "zl.tokenize 快速后端 单核 不用缓存",
              "fast_parallel": "zl.tokenize 快速后端 并行（默认）", "reference": "zl.tokenize 参考后端 冷缓存",
              "reference_parallel": "zl.tokenize 参考后端 并行（默认）",
              "warm": "zl.tokenize 热缓存"}
    for case, r in results.items():
        print(f"{labels[case]:<26}{r['seconds']:>8.2f}{r['cpu']:>9.2f}{r['mb_per_s']:>9.2f}{base / r['seconds']:>15.1f}×"
              f"{base_cpu / r['cpu']:>9.1f}×{r['peak_mb']:>12.0f}")
    fresh, in_notebook = first_call(), first_call("\nimport pandas, numpy")
    print(f"首次调用（新进程，五次中位数）：import zhili 之后 第一次 {fresh['first']:.3f} 秒，第二次 {fresh['second']:.3f} 秒；"
          f"已导入 pandas 时 第一次 {in_notebook['first']:.3f} 秒，第二次 {in_notebook['second']:.3f} 秒")
    print(f"后端一致性：{agree['agree']}/{agree['chinese_tokens']} 个中文词一致（{agree['share']:.4%}），"
          f"{agree['units_identical']}/{agree['units']} 个句子完全相同")
    fixed = in_notebook["first"] - in_notebook["second"]
    targets = {
        f"fast one core ≥ 15× jieba ({base / results['fast']['seconds']:.1f}×; CPU {base_cpu / results['fast']['cpu']:.1f}×)":
            base / results["fast"]["seconds"] >= 15,
        "fast parallel ≥ 10× jieba": base / results["fast_parallel"]["seconds"] >= 10,
        "reference ≥ 0.9× jieba": base / results["reference"]["seconds"] >= 0.9,
        "reference parallel ≥ 0.9× jieba": base / results["reference_parallel"]["seconds"] >= 0.9,
        "warm cache ≥ 50× jieba": base / results["warm"]["seconds"] >= 50,
        "agreement 100%": agree["share"] == 1.0,
        "peak memory < 1.5 GB": results["fast"]["peak_mb"] < 1536,
        f"first call fixed cost ≤ 0.3 s ({fixed:.3f} s with pandas imported; {fresh['first'] - fresh['second']:.3f} s "
        "right after import zhili)": fixed <= 0.3,
    }
    for name, ok in targets.items():
        print(f"  {'达标' if ok else '未达标'}  {name}")
    return {"results": results, "agreement": agree, "targets": targets, "first_call": [fresh, in_notebook]}


if __name__ == "__main__":
    main()
