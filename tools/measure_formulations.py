"""Measure the precision of the 提法 detector on real documents (run: python tools/measure_formulations.py FILE ...).

Prints one line per detected formulation — file, offset, source, the formulation in its context
(``左文【提法】右文``) and the members linked — for judgement by hand, then summary figures.

Judgements live in a TSV file *outside* the repository (the documents are third-party text: no
excerpt of them is ever committed). ``--template OUT`` writes (or updates) that file with one row
per detection; fill in ``f_ok`` (y/n: is it a real 提法 at this place?), ``f_kind`` (why not:
numeral, slice, ...), and, when members are linked, ``m_ok`` (y/n: are these the members the text
gives for it?) and ``m_kind``. Verdicts already in the file are kept (matched by file, offsets,
formulation and members), so the same file serves a run before and after a change.
``--judgements FILE`` then reports precision: detected, judged, correct, wrong by kind.

Examples::

    python tools/measure_formulations.py /work/realdocs/full_*.txt --template /tmp/j.tsv
    python tools/measure_formulations.py /work/realdocs/full_*.txt --judgements /tmp/j.tsv --quiet
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

import zhili as zl
from zhili.analysis.formulations import formulations

FIELDS = ["file", "start", "end", "formulation", "source", "members", "context", "f_ok", "f_kind", "m_ok", "m_kind",
          "note"]


def _key(file: str, start: int, end: int, formulation: str) -> tuple[str, int, int, str]:
    return (file, int(start), int(end), formulation)


def detect(paths: list[Path], window: int) -> tuple[list[dict], dict[str, str]]:
    texts = {p.name: zl.read_text(p) for p in paths}
    corpus = zl.Corpus.from_texts(texts)
    norm = {d.doc_id: d.text for d in corpus}
    f = formulations(corpus, window=window)
    rows = []
    for r in f.itertuples(index=False):
        rows.append({"file": r.doc_id, "start": int(r.start), "end": int(r.end), "formulation": r.formulation,
                     "match": r.match, "source": r.source, "known": bool(r.known),
                     "members": "、".join(r.members), "member_source": r.member_source})
    return rows, norm


def context(text: str, start: int, end: int, width: int) -> str:
    left = text[max(0, start - width):start].replace("\n", "⏎")
    right = text[end:end + width].replace("\n", "⏎")
    return f"{left}【{text[start:end]}】{right}"


def read_judgements(path: Path) -> tuple[dict, dict]:
    f_verdicts, m_verdicts = {}, {}
    if not path.exists():
        return f_verdicts, m_verdicts
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            key = _key(row["file"], row["start"], row["end"], row["formulation"])
            if row.get("f_ok"):
                f_verdicts[key] = (row["f_ok"], row.get("f_kind", ""))
            if row.get("m_ok") and row.get("members"):
                m_verdicts[(*key, row["members"])] = (row["m_ok"], row.get("m_kind", ""))
    return f_verdicts, m_verdicts


def write_template(path: Path, rows: list[dict], texts: dict[str, str], width: int) -> None:
    f_verdicts, m_verdicts = read_judgements(path)
    kept = []
    if path.exists():  # rows of earlier runs stay, so one file holds the verdicts of before and after
        with path.open(encoding="utf-8", newline="") as fh:
            kept = list(csv.DictReader(fh, delimiter="\t"))
    seen = {(*_key(r["file"], r["start"], r["end"], r["formulation"]), r["members"]) for r in kept}
    for r in rows:
        key = _key(r["file"], r["start"], r["end"], r["formulation"])
        if (*key, r["members"]) in seen:
            continue
        f_ok, f_kind = f_verdicts.get(key, ("", ""))
        m_ok, m_kind = m_verdicts.get((*key, r["members"]), ("", ""))
        kept.append({"file": r["file"], "start": r["start"], "end": r["end"], "formulation": r["formulation"],
                     "source": r["source"], "members": r["members"],
                     "context": context(texts[r["file"]], r["start"], r["end"], width),
                     "f_ok": f_ok, "f_kind": f_kind, "m_ok": m_ok, "m_kind": m_kind, "note": ""})
    kept.sort(key=lambda r: (r["file"], int(r["start"]), r["formulation"], r["members"]))
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, FIELDS, delimiter="\t", extrasaction="ignore")
        w.writeheader()
        w.writerows(kept)


def summary(rows: list[dict], texts: dict[str, str], judgements: Path | None) -> None:
    print(f"\n文件 {len(texts)} 个，共 {sum(map(len, texts.values()))} 字；检出提法 {len(rows)} 处"
          f"（已知 {sum(r['known'] for r in rows)}，未知 {sum(not r['known'] for r in rows)}）。")
    print("来源：", dict(sorted(Counter(r["source"] for r in rows).items())))
    with_members = [r for r in rows if r["members"]]
    print(f"带成员 {len(with_members)} 处：", dict(sorted(Counter(r["member_source"] for r in with_members).items())))
    if judgements is None:
        return
    f_verdicts, m_verdicts = read_judgements(judgements)
    f_judged = [f_verdicts.get(_key(r["file"], r["start"], r["end"], r["formulation"])) for r in rows]
    m_judged = [m_verdicts.get((*_key(r["file"], r["start"], r["end"], r["formulation"]), r["members"]))
                for r in with_members]
    for label, judged, total in (("提法", f_judged, len(rows)), ("成员", m_judged, len(with_members))):
        done = [v for v in judged if v]
        ok = sum(v[0] == "y" for v in done)
        wrong = Counter(v[1] or "?" for v in done if v[0] != "y")
        prec = f"{ok / len(done):.1%}" if done else "—"
        print(f"{label}：检出 {total}，已判 {len(done)}，正确 {ok}，错误 {len(done) - ok} {dict(sorted(wrong.items()))}，"
              f"精确率 {prec}")
    missing = [r for r, v in zip(rows, f_judged) if not v]
    missing += [r for r, v in zip(with_members, m_judged) if not v]
    if missing:
        print(f"尚未判断 {len(missing)} 行（用 --template 写入判断表后填写）。")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--window", type=int, default=80, help="formulations(window=…)")
    ap.add_argument("--context", type=int, default=24, help="characters of context on each side")
    ap.add_argument("--template", type=Path, help="write/update the judgement TSV (keep it outside the repository)")
    ap.add_argument("--judgements", type=Path, help="judgement TSV to compute precision from")
    ap.add_argument("--quiet", action="store_true", help="summary only")
    args = ap.parse_args(argv)
    rows, texts = detect(args.files, args.window)
    if not args.quiet:
        for r in rows:
            flag = "K" if r["known"] else "U"
            mem = f"  ⟹ {r['members']} [{r['member_source']}]" if r["members"] else ""
            print(f"{r['file']}\t{r['start']}\t{flag}:{r['source']}\t{r['formulation']}\t"
                  f"{context(texts[r['file']], r['start'], r['end'], args.context)}{mem}")
    if args.template:
        write_template(args.template, rows, texts, args.context)
    summary(rows, texts, args.judgements)
    return 0


if __name__ == "__main__":
    sys.exit(main())
