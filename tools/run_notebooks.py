"""Re-run the lessons in place so that their committed outputs match the kit (run: python tools/run_notebooks.py [names]).

Each notebook runs in its own folder (as nbval runs it), with a fresh, empty token cache, so the
outputs are those a student sees on a new machine. Without arguments every lesson (notebooks/) and
solution (teacher/solutions/) is run; otherwise only the notebooks whose file names contain one of the arguments.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def main(names: list[str]) -> None:
    paths = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "teacher" / "solutions").glob("*.ipynb"))
    if names:
        paths = [p for p in paths if any(n in p.name for n in names)]
    with tempfile.TemporaryDirectory(prefix="zhili-nb-cache-") as cache:
        os.environ["ZHILI_CACHE_DIR"] = cache
        for path in paths:
            nb = nbformat.read(path, as_version=4)
            NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=False,
                           resources={"metadata": {"path": str(path.parent)}}).execute()
            for cell in nb.cells:  # no timestamps: a re-run changes only what the kit changed
                cell.metadata.pop("execution", None)
            nbformat.write(nb, path)
            print("ran", path.relative_to(ROOT))


if __name__ == "__main__":
    main(sys.argv[1:])
