"""`zhili report` on 1k and 10k synthetic documents of about 3,000 characters (issue 17).

Each size runs the console command a user would type, in a fresh child process with a cold
token cache (so the time includes Python start-up, imports, reading every file, segmentation, all
sections and writing the page and the Excel workbook):

    python -m zhili report docs -o 报告.html --by setting --terms 共同缔造,基层治理 --xlsx 报告.xlsx

and, separately in another child, the same study through the library with a timer on each step
(which section takes the time). The folder has a metadata.csv with a date (2016–2025) and a
two-valued group per document, so that every section runs (trends, keyness).

Targets: 1k documents in under 30 s; 10k documents in under 3 minutes.
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
SIZES = [int(s) for s in os.environ.get("ZHILI_BENCH_REPORT_SIZES", "1000,10000").split(",")]
TARGETS = {1000: 30.0, 10000: 180.0}
TERMS = "共同缔造,基层治理"


def write_folder(folder: Path, n_docs: int) -> None:
    import synthetic

    folder.mkdir(parents=True, exist_ok=True)
    rows = ["file,title,date,setting"]
    for i, text in enumerate(synthetic.make_texts(n_docs, chars_per_doc=3000, seed=17)):
        name = f"doc{i:05d}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        rows.append(f"{name},示例文件第{i + 1}号,{2016 + i % 10}-0{1 + i % 9}-15,{'城市' if i % 3 else '农村'}")
    (folder / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def _steps(folder: Path, out: Path) -> dict:
    """The study through the library, timing each step (in this process)."""
    import matplotlib

    matplotlib.use("Agg")
    from zhili.reporting import ReportOptions
    from zhili.reporting.render import write_html, write_xlsx
    from zhili.reporting.study import run_study

    marks: list[tuple[str, float]] = []
    options = ReportOptions(by="setting", terms=tuple(TERMS.split(",")))
    start = time.perf_counter()
    study = run_study(folder, options, step=lambda label: marks.append((label, time.perf_counter())), progress=False)
    marks.append(("写出网页", time.perf_counter()))
    write_html(study, out / "steps.html")
    marks.append(("写出 Excel", time.perf_counter()))
    write_xlsx(study, out / "steps.xlsx")
    marks.append(("end", time.perf_counter()))
    steps = {label: marks[i + 1][1] - t for i, (label, t) in enumerate(marks[:-1])}
    import resource

    return {"seconds": marks[-1][1] - start, "steps": steps,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "html_mb": (out / "steps.html").stat().st_size / 1e6, "xlsx_mb": (out / "steps.xlsx").stat().st_size / 1e6}


def run_size(n_docs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder = tmp / "docs"
        write_folder(folder, n_docs)
        env = dict(os.environ, ZHILI_CACHE_DIR=str(tmp / "cache"), PYTHONIOENCODING="utf-8")
        import resource

        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "zhili", "report", str(folder), "-o", str(tmp / "报告.html"),
                        "--by", "setting", "--terms", TERMS, "--xlsx", str(tmp / "报告.xlsx")],
                       check=True, env=env, capture_output=True)
        command = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        command_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        html_mb = (tmp / "报告.html").stat().st_size / 1e6
        env["ZHILI_CACHE_DIR"] = str(tmp / "cache2")  # cold again
        out = subprocess.run([sys.executable, __file__, "--steps", str(folder), "--out", str(tmp)],
                             check=True, env=env, capture_output=True, text=True, encoding="utf-8").stdout
        steps = json.loads(out.strip().splitlines()[-1])
    return {"n_docs": n_docs, "command_seconds": command, "command_cpu": command_cpu, "html_mb": html_mb, **steps}


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps")
    parser.add_argument("--out")
    args, _ = parser.parse_known_args()
    if args.steps:
        print(json.dumps(_steps(Path(args.steps), Path(args.out)), ensure_ascii=False))
        return {}
    results = {n: run_size(n) for n in SIZES}
    print("zhili report（命令行，冷缓存，含启动、读取、分词、全部章节、网页和 Excel）")
    print(f"{'文档数':>8}{'命令总秒数':>11}{'命令CPU秒':>10}{'库内秒数':>9}{'峰值内存MB':>11}{'网页MB':>8}{'ExcelMB':>9}")
    for n, r in results.items():
        print(f"{n:>8}{r['command_seconds']:>11.1f}{r['command_cpu']:>10.1f}{r['seconds']:>9.1f}{r['peak_mb']:>11.0f}"
              f"{r['html_mb']:>8.1f}{r['xlsx_mb']:>9.1f}")
    print(f"（机器：{os.cpu_count()} 核；当时的平均负载 {os.getloadavg()[0]:.1f}。负载高时墙钟时间偏长，CPU 秒数更稳定。）")
    print("各步用时（秒）：")
    labels = list(next(iter(results.values()))["steps"])
    print(f"{'':>22}" + "".join(f"{n:>9}" for n in results))
    for label in labels:
        print(f"{label:<20}" + "".join(f"{r['steps'].get(label, 0):>9.1f}" for r in results.values()))
    for n, r in results.items():
        if n in TARGETS:
            ok = r["command_seconds"] < TARGETS[n]
            print(f"  {'达标' if ok else '未达标'}  {n} 篇用时 < {TARGETS[n]:.0f} 秒（{r['command_seconds']:.1f} 秒）")
    return results


if __name__ == "__main__":
    main()
