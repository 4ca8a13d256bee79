"""Run every benchmark in this folder (``make bench``). Figures are printed, never asserted."""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

BENCHMARKS = ["bench_tokenize", "bench_pipeline", "bench_terms", "bench_discovery", "bench_coder", "bench_reuse",
              "bench_topics", "bench_report", "bench_stream"]

if __name__ == "__main__":
    for name in BENCHMARKS:
        print(f"\n=== {name} ===", flush=True)
        importlib.import_module(name).main()
