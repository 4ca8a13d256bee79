"""Screenshot of the first screen of a `zhili report` for the README (docs/report.png).

Renders the report of the project's casebook (corpus/cases, grouped by setting, with two terms)
into a temporary folder and photographs its first screen with a headless Chromium — the same
browser the tests use — offline (every host name fails to resolve).

    python tools/report_screenshot.py                 # writes docs/report.png
    python tools/report_screenshot.py --out x.png --width 1280 --height 800

Needs Chromium (Debian/Ubuntu: apt-get install chromium; or set ZHILI_CHROMIUM to the browser's
path) and a Chinese system font for the page text (Debian/Ubuntu: fonts-noto-cjk).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def chromium() -> str:
    found = os.environ.get("ZHILI_CHROMIUM") or next((p for p in map(shutil.which, CANDIDATES) if p), None)
    if not found:
        sys.exit("找不到 Chromium：请先安装（Debian/Ubuntu：sudo apt-get install chromium），"
                 "或用环境变量 ZHILI_CHROMIUM 给出浏览器的路径。")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "report.png"))
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    args = parser.parse_args()

    import matplotlib

    matplotlib.use("Agg")
    import zhili as zl

    out = Path(args.out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "报告.html"
        os.chdir(ROOT)  # the report names its folder as given: corpus/cases
        zl.report("corpus/cases", page, by="setting", terms="共同缔造,基层治理", title="湖北共同缔造案例库：政策文本分析报告",
                  progress=False)
        command = [chromium(), "--headless", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                   "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={Path(tmp) / 'profile'}",
                   f"--window-size={args.width},{args.height}", "--force-device-scale-factor=1",
                   f"--screenshot={out}", page.as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")
        subprocess.run(command, check=True, capture_output=True, timeout=120)
    from PIL import Image

    Image.open(out).convert("RGB").save(out, optimize=True)  # smaller file, same picture
    print(f"已写出 {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}（{args.width}×{args.height}）")


if __name__ == "__main__":
    main()
