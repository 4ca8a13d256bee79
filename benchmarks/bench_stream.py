"""Streamed corpora (issue 15): 10k and 100k generated documents of about 3,000 characters read in chunks.

Pipeline on ``zl.scan_corpus(folder, chunk_size=1000)``: tokenize (fast backend, cold token cache)
→ document-term matrix by document → sentence-level co-word network over the top 500 terms (a first
pass counts terms, a second counts pairs) → term counts per document. Each size runs in a fresh child
process, so that its peak memory (the child's peak RSS) is its own; the files are written by another
child first. The 10k run is repeated on a ``LocalCluster`` (2 worker processes, 1 thread each) to
state the cluster's overhead against the single process (which also uses both cores when it
segments), and the per-document costs measured at 100k give a projection for 1M and 10M documents.

Targets (2 cores): 100k / 10k time ratio ≤ 10.5; peak memory at 100k ≤ 4 GB.
``ZHILI_BENCH_STREAM_SIZES=2000,20000`` runs other sizes (the first is the base of the ratio).
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
SIZES = [int(s) for s in os.environ.get("ZHILI_BENCH_STREAM_SIZES", "10000,100000").split(",")]
CHUNK = 1000
TERMS = ["共同缔造", "基层治理", "决策共谋", "发展共建", "建设共管", "效果共评", "成果共享", "群众"]


def write_corpus(folder: Path, n_docs: int) -> int:
    """Write ``n_docs`` documents, 1000 at a time (never the whole corpus in memory); return characters."""
    import synthetic

    folder.mkdir(parents=True, exist_ok=True)
    chars = 0
    for start in range(0, n_docs, 1000):
        for i, text in enumerate(synthetic.make_texts(min(1000, n_docs - start), chars_per_doc=3000, seed=11 + start)):
            (folder / f"{(start + i) // 1000:04d}" / f"doc{start + i:07d}.txt").parent.mkdir(exist_ok=True)
            (folder / f"{(start + i) // 1000:04d}" / f"doc{start + i:07d}.txt").write_text(text, encoding="utf-8")
            chars += len(text)
    return chars


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_size(workdir: str, cluster: bool) -> dict:
    os.environ["ZHILI_CACHE_DIR"] = os.path.join(workdir, "cache-cluster" if cluster else "cache")
    import zhili as zl

    client = None
    if cluster:
        from dask.distributed import Client, LocalCluster

        t = time.perf_counter()
        lc = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50)
        client = Client(lc)
        start_cluster = time.perf_counter() - t
    steps = {}
    t_all = time.perf_counter()
    t = time.perf_counter()
    lazy = zl.scan_corpus(Path(workdir) / "docs", chunk_size=CHUNK)
    toks = zl.tokenize(lazy, unit="sentence", backend="fast")
    steps["scan"] = time.perf_counter() - t
    t = time.perf_counter()
    matrix = zl.dtm(toks, by="document", client=client)
    steps["dtm"] = time.perf_counter() - t
    t = time.perf_counter()
    graph = zl.cooccurrence_network(toks, context="unit", top_n=500, min_count=1, client=client)
    steps["network"] = time.perf_counter() - t
    t = time.perf_counter()
    counts = zl.count_terms(lazy, TERMS, client=client)
    steps["count_terms"] = time.perf_counter() - t
    total = time.perf_counter() - t_all
    out = {"n_docs": lazy.n_docs, "seconds": total, "steps": steps, "peak_mb": _peak_mb(),
           "dtm_shape": list(matrix.shape), "dtm_nnz": int(matrix.matrix.nnz), "edges": graph.number_of_edges(),
           "counted": int(counts.to_numpy().sum()), "status": lazy.status_counts.to_dict()}
    if client is not None:
        out["start_cluster"] = start_cluster
        out["worker_peak_mb"] = max(client.run(_peak_mb).values())
        client.close()
        lc.close()
    return out


def _child(args: list[str]) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _duration(seconds: float) -> str:
    """秒数写成“N 秒”或“N 分钟”（不到一分钟时不写成 0 分钟）。"""
    return f"{seconds:.0f} 秒" if seconds < 60 else f"{seconds / 60:.0f} 分钟"


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", type=int)
    parser.add_argument("--workdir")
    parser.add_argument("--run", action="store_true")
    parser.add_argument("--cluster", action="store_true")
    args, _ = parser.parse_known_args()
    if args.write:
        print(json.dumps({"chars": write_corpus(Path(args.workdir) / "docs", args.write)}))
        return {}
    if args.run:
        print(json.dumps(run_size(args.workdir, args.cluster)))
        return {}
    results, chars, cluster = {}, {}, None
    for n in SIZES:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            chars[n] = _child(["--write", str(n), "--workdir", tmp])["chars"]
            print(f"  （生成 {n} 篇文档用时 {time.perf_counter() - t:.0f} 秒）", flush=True)
            results[n] = _child(["--run", "--workdir", tmp])
            print(f"  {n} 篇：{results[n]['seconds']:.1f} 秒，峰值内存 {results[n]['peak_mb']:.0f} MB", flush=True)
            if n == SIZES[0]:
                try:
                    cluster = _child(["--run", "--cluster", "--workdir", tmp])
                except subprocess.CalledProcessError as exc:
                    print(f"  LocalCluster 无法启动，跳过：{exc.stderr.strip().splitlines()[-1:]}")
    print("分块读取的全流程（scan_corpus 每块 1000 篇 → 分词 → 文档-词矩阵 → 句子级共词网络（前 500 词，两遍）→ 术语计数）")
    print(f"{'文档数':>8}{'字数(百万)':>11}{'总秒数':>9}{'矩阵':>7}{'网络':>7}{'计数':>7}{'峰值内存MB':>11}{'矩阵非零元':>12}")
    for n, r in results.items():
        s = r["steps"]
        print(f"{n:>8}{chars[n] / 1e6:>11.1f}{r['seconds']:>9.1f}{s['dtm']:>7.1f}{s['network']:>7.1f}"
              f"{s['count_terms']:>7.1f}{r['peak_mb']:>11.0f}{r['dtm_nnz']:>12}")
    base, big = SIZES[0], SIZES[-1]
    if len(SIZES) > 1:
        ratio = results[big]["seconds"] / results[base]["seconds"]
        print(f"  {'达标' if ratio <= 10.5 * big / base / 10 else '未达标'}  {big} 篇 / {base} 篇 用时比 "
              f"≤ {10.5 * big / base / 10:.1f}（{ratio:.2f}）")
        peak = results[big]["peak_mb"]
        print(f"  {'达标' if peak <= 4096 else '未达标'}  {big} 篇峰值内存 ≤ 4 GB（{peak:.0f} MB）")
    if cluster is not None:
        single = results[base]["seconds"]
        print(f"LocalCluster（2 个工作进程 × 1 线程）{base} 篇：{cluster['seconds']:.1f} 秒（另有启动集群 "
              f"{cluster['start_cluster']:.1f} 秒），单进程 {single:.1f} 秒：集群开销 {cluster['seconds'] / single - 1:+.0%}；"
              f"结果{'一致' if cluster['dtm_nnz'] == results[base]['dtm_nnz'] and cluster['edges'] == results[base]['edges'] and cluster['counted'] == results[base]['counted'] else '不一致'}；"
              f"主进程峰值 {cluster['peak_mb']:.0f} MB，工作进程峰值 {cluster['worker_peak_mb']:.0f} MB")
    per_doc = results[big]["seconds"] * 2 / big  # core-seconds per document (2 cores)
    overhead = cluster["seconds"] / results[base]["seconds"] if cluster is not None else 1.0
    print(f"推算（按 {big} 篇实测每篇 {per_doc * 1000:.1f} 核·毫秒，集群开销系数 {overhead:.2f}；每个任务一块 {CHUNK} 篇，"
          "任务间互不依赖，所以用时随核数近似线性下降）：")
    for n in (1_000_000, 10_000_000):
        cells = "；".join(f"{cores} 核约 {_duration(n * per_doc * overhead / cores)}" for cores in (32, 128, 512))
        print(f"  {n:>10,} 篇：{cells}")
    nnz_per_doc = results[big]["dtm_nnz"] / big
    print(f"  结果大小：共词网络、术语计数与文档数无关或按行很小；按文档的文档-词矩阵每篇约 {nnz_per_doc:.0f} 个非零元"
          f"（约 {nnz_per_doc * 12 / 1e3:.1f} KB），1000 万篇约 {nnz_per_doc * 12 * 1e7 / 1e9:.0f} GB，应改用 by=文档变量 或 min_count 汇总。")
    return {"results": results, "cluster": cluster}


if __name__ == "__main__":
    main()
