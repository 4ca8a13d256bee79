"""Regenerate the codebook pages in notebooks/ from the built-in dictionaries (run: python tools/make_codebook.py).

- ``notebooks/codebook-theory.md`` — the ``theory`` dictionary (lesson 04);
- ``notebooks/codebook-instruments.md`` — the ``instruments_rz`` policy-instrument dictionary (lesson 09).

The test suite checks that the committed pages equal what the dictionaries generate.
"""
from __future__ import annotations

from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PAGES = {"theory": "codebook-theory.md", "instruments_rz": "codebook-instruments.md"}
OUT = NOTEBOOKS / PAGES["theory"]


def main() -> None:
    from zhili.dictionaries import load_dictionary

    for name, page in PAGES.items():
        out = NOTEBOOKS / page
        out.write_text(load_dictionary(name).codebook() + "\n", encoding="utf-8")
        print("wrote", out)


if __name__ == "__main__":
    main()
