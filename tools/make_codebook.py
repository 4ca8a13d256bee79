"""Regenerate notebooks/codebook-theory.md from the built-in dictionary (run: python tools/make_codebook.py).

The test suite checks that the committed page equals what the dictionary generates.
"""
from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "notebooks" / "codebook-theory.md"


def main() -> None:
    from zhili.dictionaries import load_dictionary

    OUT.write_text(load_dictionary("theory").codebook() + "\n", encoding="utf-8")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
