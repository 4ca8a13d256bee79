"""Give the lessons slide metadata for RISE (run: python tools/slides.py [--check] [notebooks …]).

The rule, from the lessons' own headings (code blocks do not count):

- a Markdown cell with a `#` or `##` heading starts a new slide  (``slide_type: "slide"``);
- otherwise, a Markdown cell with a `###` heading starts a sub-slide (``"subslide"``), reached
  with the down arrow or the space bar;
- every other cell continues the slide it is on: it carries no ``slideshow`` metadata (RISE reads
  that as ``"-"``). Types an author chose by hand for such a cell — ``"fragment"``, ``"skip"``,
  ``"notes"`` — are kept; a stray ``"slide"``/``"subslide"`` is removed, as is a redundant ``"-"``.

A heading in the middle of a cell starts the slide at the top of that cell: to make the slide
begin at the heading, split the cell there and run the script again.

The script changes only cell metadata, writes only notebooks that change (same bytes as nbformat
writes them), and is idempotent. Without arguments it treats the lessons in notebooks/ and the
solutions in teacher/solutions/. With --check it changes nothing and exits 1 if any file would change.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
HEADING = re.compile(r"^ {0,3}(#{1,6})\s")
FENCE = re.compile(r"^ {0,3}(```|~~~)")
HAND_CHOSEN = {"fragment", "skip", "notes"}


def heading_levels(source: str) -> list[int]:
    """Levels of the Markdown headings in ``source``, outside fenced code blocks."""
    levels, in_code = [], False
    for line in source.splitlines():
        if FENCE.match(line):
            in_code = not in_code
        elif not in_code and (m := HEADING.match(line)):
            levels.append(len(m.group(1)))
    return levels


def slide_type(cell) -> str | None:
    """The slide type the rule gives a cell; None for a cell that continues the current slide."""
    if cell.get("cell_type") != "markdown":
        return None
    levels = heading_levels(cell.get("source", ""))
    if any(level <= 2 for level in levels):
        return "slide"
    if 3 in levels:
        return "subslide"
    return None


def apply(nb) -> bool:
    """Set the slide metadata of every cell of ``nb`` by the rule; True if anything changed."""
    changed = False
    for index, cell in enumerate(nb.cells):
        wanted = "slide" if index == 0 else slide_type(cell)
        current = cell.metadata.get("slideshow", {}).get("slide_type")
        if wanted is None and current in HAND_CHOSEN:
            continue
        if wanted is None:
            if "slideshow" in cell.metadata:
                rest = {k: v for k, v in cell.metadata["slideshow"].items() if k != "slide_type"}
                if rest:
                    cell.metadata["slideshow"] = rest
                else:
                    del cell.metadata["slideshow"]
                changed = True
        elif current != wanted:
            cell.metadata.setdefault("slideshow", {})["slide_type"] = wanted
            changed = True
    return changed


def default_paths() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "teacher" / "solutions").glob("*.ipynb"))


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [Path(a) for a in argv if a != "--check"] or default_paths()
    stale = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if apply(nb):
            stale.append(path)
            if not check:
                nbformat.write(nb, path)
    verb = "需要更新" if check else "已更新"
    for path in stale:
        print(f"{verb}幻灯片设置：{path}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
