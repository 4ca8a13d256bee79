"""Reconcile the ``source`` column of the governance lexicon with the reference paper.

A term's source is the section of the reference paper (牟伟 2024) where the term first occurs, or
``通用`` when the paper does not use it. This tool reads the paper (which is *not* part of the
project: pass its path), splits it at its headings (一、 / (一) / 1.), and reports

- terms whose section code is wrong (the term occurs in the paper, but not in that section),
- terms marked with a section that the paper does not contain at all (→ 通用),
- terms marked 通用 that the paper does use (→ the section of their first occurrence).

With ``--apply`` it rewrites ``governance_terms.tsv`` accordingly (notes and order untouched).

    python tools/reconcile_lexicon.py ../shared/reference/000_b354bc0d3fbe689d.txt [--apply]

Only the location of each term is read from the paper; nothing of its text is written.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

TSV = Path(__file__).resolve().parents[1] / "src" / "zhili" / "lexicon" / "governance_terms.tsv"
GENERAL = "通用"
#: a note that starts so marks a term the paper words differently: its section stays (the tests accept it)
REWRITE = "论文改写："
_PART = "一二三四五"


def sections(text: str) -> list[tuple[str, int, int]]:
    """(code, start, end) spans of the paper; text before 一、 is 引言 (abstract and introduction)."""
    marks: list[tuple[int, str]] = []
    part = sub = ""
    for m in re.finditer(r"([一二三四五])、|\(([一二三四五])\)|(?<![\d.])([1-3])\.(?=[\u4e00-\u9fff])", text):
        if m.group(1):
            part, sub = m.group(1), ""
            code = part
        elif m.group(2):
            if not part:
                continue
            sub = f"{part}({m.group(2)})"
            code = sub
        else:
            if sub != "一(二)":  # numbered subsections only exist in 一(二)
                continue
            code = f"{sub}{m.group(3)}"
        marks.append((m.start(), code))
    spans = [("引言", 0, marks[0][0] if marks else len(text))]
    for (start, code), nxt in zip(marks, marks[1:] + [(len(text), "")]):
        spans.append((code, start, nxt[0]))
    return spans


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


#: left out when looking for a term: a fixed formulation is often printed as 干部干、群众看 or “3+N”公约体系
_SEPARATORS = set("、“”‘’\"'《》")


def searchable(text: str) -> tuple[str, list[int]]:
    """``text`` without separators, and for each kept character its position in ``text``."""
    kept = [(i, ch) for i, ch in enumerate(text) if ch not in _SEPARATORS]
    return "".join(ch for _, ch in kept), [i for i, _ in kept]


def locate(term: str, text: str, spans: list[tuple[str, int, int]]) -> list[str]:
    """Section codes where ``term`` occurs (separators ignored), in order of first occurrence."""
    clean, where = searchable(text)
    found: list[str] = []
    for m in re.finditer(re.escape(term), clean):
        pos = where[m.start()]
        for code, start, end in spans:
            if start <= pos < end and code not in found:
                found.append(code)
    return found


def best(where: list[str]) -> str:
    """The section to cite: the first in the body of the paper, else the abstract/introduction."""
    body = [code for code in where if code != "引言"]
    return body[0] if body else where[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paper", type=Path, help="the reference paper as UTF-8 text")
    parser.add_argument("--apply", action="store_true", help="rewrite governance_terms.tsv")
    args = parser.parse_args(argv)
    text = flat(args.paper.read_text(encoding="utf-8"))
    spans = sections(text)
    lines = TSV.read_text(encoding="utf-8").split("\n")
    changes: list[tuple[int, str, str, str, str]] = []
    header_seen = False
    for i, line in enumerate(lines):
        if not line or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        cols = line.split("\t")
        term, source = cols[0], cols[2]
        where = locate(term, text, spans)
        if where and source not in where:
            new, why = best(where), f"论文中出现于 {'、'.join(where)}"
        elif not where and source != GENERAL and not (len(cols) > 3 and cols[3].startswith(REWRITE)):
            new, why = GENERAL, "论文中没有这个词"
        else:
            continue
        changes.append((i, term, source, new, why))
    for _, term, old, new, why in changes:
        print(f"{term}\t{old} → {new}\t（{why}）")
    print(f"共 {len(changes)} 处需要改正。", file=sys.stderr)
    if args.apply and changes:
        for i, _, _, new, _ in changes:
            cols = lines[i].split("\t")
            cols[2] = new
            lines[i] = "\t".join(cols)
        TSV.write_text("\n".join(lines), encoding="utf-8")
        print(f"已写入 {TSV}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
