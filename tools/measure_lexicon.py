"""Measure how well the governance lexicon keeps terms whole, and how many single characters leak.

Two modes; both read only the files named on the command line and print figures (no text of those
files is written anywhere):

``heldout TSV [TSV ...]``
    A tab-separated table with a header and at least the columns ``term`` and ``sentence`` (a
    ``doc`` column is shown when present). Each sentence is segmented with the kit's default
    tokenizer, nothing dropped (``Tokenizer(stopwords=False, punct=True, numbers=True,
    cache=False)``), and the first occurrence of the term in its sentence is checked:

    * exact — the term is exactly one token;
    * whole — no token boundary falls strictly inside the term's span (the term is a token, or
      lies inside a longer token);
    * split — a boundary falls inside it; these rows are listed with their segmentation.

``leakage PATH [PATH ...]``
    Documents (files or folders, read with ``zl.load_corpus``; ``--cases`` adds the casebook) are
    tokenized with the default tokenizer (stopwords on, ``cache=False``) and the most frequent
    single-character Han tokens are listed with their counts and their share of all tokens.

Examples
--------
    python tools/measure_lexicon.py heldout /path/to/heldout_terms.tsv
    python tools/measure_lexicon.py heldout held.tsv --no-lexicon      # the bare segmenter
    python tools/measure_lexicon.py leakage /path/to/docs --cases --top 30
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

import zhili as zl

_HAN1 = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]$")


def _spans(sentence: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Character spans of ``tokens`` in ``sentence`` (tokens come in order; whitespace is skipped)."""
    spans, pos = [], 0
    for tok in tokens:
        start = sentence.find(tok, pos)
        if start < 0:  # should not happen: the tokenizer only drops whitespace
            raise ValueError(f"token {tok!r} not found after offset {pos} in {sentence!r}")
        spans.append((start, start + len(tok)))
        pos = start + len(tok)
    return spans


def check_term(tokenizer, term: str, sentence: str) -> tuple[str, list[str]]:
    """Return (``"exact"`` | ``"whole"`` | ``"split"`` | ``"absent"``, tokens of the sentence)."""
    start = sentence.find(term)
    if start < 0:
        return "absent", []
    end = start + len(term)
    tokens = tokenizer.cut(sentence)
    spans = _spans(sentence, tokens)
    if (start, end) in spans:
        return "exact", tokens
    # a boundary is a span start or end strictly inside (start, end)
    inside = any(start < s < end or start < e < end for s, e in spans)
    return ("split" if inside else "whole"), tokens


def _read_heldout(paths: list[str]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in paths:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            missing = {"term", "sentence"} - set(reader.fieldnames or ())
            if missing:
                sys.exit(f"{path}：缺少列 {'、'.join(sorted(missing))}（表头应含 term 和 sentence，制表符分隔）。")
            for row in reader:
                if row.get("term") and row.get("sentence"):
                    rows.append({k: (v or "").strip() for k, v in row.items() if k})
    return rows


def _context(sentence: str, term: str, tokens: list[str], width: int = 8) -> str:
    """The tokens around the term, joined by '/', for the failure list."""
    start = sentence.find(term)
    spans = _spans(sentence, tokens)
    picked = [t for t, (s, e) in zip(tokens, spans) if e > start - width and s < start + len(term) + width]
    return "/".join(picked)


def heldout(args: argparse.Namespace) -> int:
    rows = _read_heldout(args.tsv)
    if not rows:
        sys.exit("没有可评测的行。")
    tk = zl.Tokenizer(lexicon=not args.no_lexicon, stopwords=False, punct=True, numbers=True, cache=False)
    counts: Counter[str] = Counter()
    failures = []
    for row in rows:
        status, tokens = check_term(tk, row["term"], row["sentence"])
        counts[status] += 1
        if status in ("split", "absent"):
            failures.append((row, status, tokens))
    n = len(rows) - counts["absent"]
    exact, whole = counts["exact"], counts["exact"] + counts["whole"]
    print(f"评测行数 {len(rows)}（术语不在例句中：{counts['absent']}）；词条 {len(tk.terms)}；词表版本 "
          f"{zl.lexicon.LEXICON_VERSION if not args.no_lexicon else '（未加载）'}")
    print(f"(a) 恰为一个词元 exact token : {exact}/{n} = {exact / n:.3f}")
    print(f"(b) 保持完整 kept whole      : {whole}/{n} = {whole / n:.3f}")
    print(f"    被切开 split             : {counts['split']}/{n} = {counts['split'] / n:.3f}")
    if failures and not args.quiet:
        print("\n未保持完整的术语（术语 ｜ 文档 ｜ 切分）：")
        for row, status, tokens in failures:
            where = row.get("doc", "")
            seg = "（术语不在例句中）" if status == "absent" else _context(row["sentence"], row["term"], tokens)
            print(f"  {row['term']}\t{where}\t{seg}")
    return 0


def leakage(args: argparse.Namespace) -> int:
    corpora = []
    for path in args.paths:
        corpora.append(zl.load_corpus(path, errors="report", ignore=args.ignore))
    if args.cases:
        corpora.append(zl.cases(as_corpus=True))
    if not corpora:
        sys.exit("请给出文件夹或文件，或加 --cases。")
    tk = zl.Tokenizer(cache=False)
    counts: Counter[str] = Counter()
    ndocs = 0
    for corpus in corpora:
        toks = zl.tokenize(corpus, tokenizer=tk)
        ndocs += len(corpus)
        for unit in toks:
            counts.update(unit)
    total = sum(counts.values())
    singles = Counter({w: c for w, c in counts.items() if _HAN1.match(w)})
    nsingle = sum(singles.values())
    print(f"文档 {ndocs} 篇；词元 {total}；单字（汉字）词元 {nsingle}（{nsingle / max(total, 1):.2%}），"
          f"不同单字 {len(singles)}")
    print(f"出现最多的 {args.top} 个单字：")
    print("  " + "  ".join(f"{w} {c}" for w, c in singles.most_common(args.top)))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="测量词表：术语保持完整的比例、单字泄漏。")
    sub = parser.add_subparsers(dest="mode", required=True)
    p = sub.add_parser("heldout", help="在留出术语表（term, sentence[, doc]）上测量术语是否保持完整")
    p.add_argument("tsv", nargs="+")
    p.add_argument("--no-lexicon", action="store_true", help="不加载治理词表（对照）")
    p.add_argument("--quiet", action="store_true", help="不列出失败的术语")
    p.set_defaults(func=heldout)
    q = sub.add_parser("leakage", help="列出文档中出现最多的单字词元（默认分词器，去停用词）")
    q.add_argument("paths", nargs="*")
    q.add_argument("--cases", action="store_true", help="同时统计案例库（zl.cases）")
    q.add_argument("--top", type=int, default=30)
    q.add_argument("--ignore", action="append", default=[], help="跳过的文件或文件夹（glob，可重复）")
    q.set_defaults(func=leakage)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
