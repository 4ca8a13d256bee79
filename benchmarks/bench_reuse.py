"""Text reuse between 1,000 and 1,000 synthetic documents of ~3,000 characters (issue 16).

The documents are word sequences drawn (fixed seed) from the vocabulary of the project's own texts
(``synthetic.source_sentences``), cut into sentences, so that two documents share no passage of
20 characters by chance; then passages are planted: 300 exact copies of 25–150 characters from a
document of A into a document of B, and 100 whole sentences copied with two characters changed.
(The sentence-reshuffled corpus of ``synthetic.make_texts`` would not do here: every pair of its
documents shares whole sentences, so the answer would be a million pairs of passages.)

``zl.text_reuse`` (winnowing fingerprints, seed and extend) is timed on all 10⁶ document pairs and
checked against the planted passages (recall, and passages found that were not planted). Two naive
ways are timed on a sample of pairs in the same run and scaled to 10⁶ pairs (their cost is
proportional to the number of pairs): ``difflib.SequenceMatcher`` matching blocks of each pair,
and the intersection of each pair's sets of 20-character shingles.

Target: exact reuse for 1,000 × 1,000 documents in under 60 s.
"""
from __future__ import annotations

import difflib
import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
N_DOCS = int(os.environ.get("ZHILI_BENCH_REUSE_DOCS", "1000"))
CHARS = 3000
N_EXACT, N_NEAR = 300, 100
MIN_CHARS = 20


def _vocabulary() -> list[str]:
    import synthetic
    import zhili as zl

    toks = zl.tokenize(synthetic.source_sentences(), cache=False, stopwords=False)
    return [w for unit in toks for w in unit if w.strip() and w not in "，。；：、！？“”（）《》"]


def _document(rng: random.Random, words: list[str]) -> list[str]:
    """Sentences of 10–28 words drawn from ``words`` (with their corpus frequencies)."""
    sentences, size = [], 0
    while size < CHARS:
        s = "".join(rng.choice(words) for _ in range(rng.randint(10, 28))) + "。"
        sentences.append(s)
        size += len(s)
    return sentences


def make_pair(n_docs: int, seed: int = 16):
    """Two lists of documents and the planted passages ``(i, j, start_a, end_a, start_b, end_b, kind)``."""
    rng = random.Random(seed)
    words = _vocabulary()
    a = ["".join(_document(rng, words)) for _ in range(n_docs)]
    b_sents = [_document(rng, words) for _ in range(n_docs)]
    plants = []
    targets = rng.sample(range(n_docs), min(n_docs, N_EXACT + N_NEAR))
    for p, j in enumerate(targets):
        i = rng.randrange(n_docs)
        at = rng.randrange(1, len(b_sents[j]))
        if p < N_EXACT:
            length = rng.randint(25, 150)
            s = rng.randrange(0, len(a[i]) - length)
            piece = a[i][s: s + length]
            plants.append([i, j, s, s + length, at, piece, "exact"])
        else:
            # a whole sentence of A with two characters changed
            sents = a[i].split("。")
            k = max(range(len(sents) - 1), key=lambda x: (len(sents[x]) >= 40, rng.random()))
            s = len("。".join(sents[:k])) + (1 if k else 0)
            original = sents[k] + "。"
            chars = list(original)
            for pos in rng.sample(range(2, len(chars) - 2), 2):
                chars[pos] = "〇" if chars[pos] != "〇" else "口"
            piece = "".join(chars)
            plants.append([i, j, s, s + len(original), at, piece, "near"])
        b_sents[j].insert(at, piece)  # a sentence of its own in B
    b = ["".join(s) for s in b_sents]
    # where each planted piece ended up in B
    planted = []
    for i, j, sa, ea, _at, piece, kind in plants:
        sb = b[j].find(piece)
        planted.append((i, j, sa, ea, sb, sb + len(piece), kind))
    return a, b, planted


def _recall(found, planted, n_docs: int, kind: str):
    import numpy as np

    ids = {f"doc{k + 1}": k for k in range(n_docs)}
    rows = {}
    for r in found.itertuples(index=False):
        rows.setdefault((ids[r.doc_a], ids[r.doc_b]), []).append(r)
    hit = 0
    used = set()
    for i, j, sa, ea, sb, eb, k in planted:
        if k != kind:
            continue
        for r in rows.get((i, j), []):
            if r.start_a <= sa + 2 and r.end_a >= ea - 2 and r.start_b <= sb + 2 and r.end_b >= eb - 2:
                hit += 1
                used.add((i, j, r.start_a, r.start_b))
                break
    n = sum(1 for p in planted if p[6] == kind)
    planted_pairs = {(p[0], p[1]) for p in planted}
    extra = sum(1 for (i, j), rs in rows.items() for r in rs if (i, j) not in planted_pairs)
    return hit, n, extra, float(np.mean(found["length"])) if len(found) else 0.0


def _naive_difflib(a: list[str], b: list[str], pairs) -> tuple[float, int]:
    t = time.perf_counter()
    n = 0
    for i, j in pairs:
        sm = difflib.SequenceMatcher(None, a[i], b[j], autojunk=False)
        n += sum(1 for blk in sm.get_matching_blocks() if blk.size >= MIN_CHARS)
    return time.perf_counter() - t, n


def _naive_shingles(a: list[str], b: list[str], pairs) -> float:
    t = time.perf_counter()
    sets_a, sets_b = {}, {}
    for i, j in pairs:
        if i not in sets_a:
            sets_a[i] = {a[i][k: k + MIN_CHARS] for k in range(len(a[i]) - MIN_CHARS + 1)}
        if j not in sets_b:
            sets_b[j] = {b[j][k: k + MIN_CHARS] for k in range(len(b[j]) - MIN_CHARS + 1)}
        _ = sets_a[i] & sets_b[j]
    return time.perf_counter() - t


def main() -> dict:
    import zhili as zl

    t = time.perf_counter()
    a, b, planted = make_pair(N_DOCS)
    made = time.perf_counter() - t
    ca, cb = zl.Corpus.from_texts(a), zl.Corpus.from_texts(b)
    chars = sum(map(len, a)) + sum(map(len, b))
    print(f"文本复用：{N_DOCS} 篇 × {N_DOCS} 篇（共 {chars / 1e6:.1f} 百万字，{N_DOCS * N_DOCS / 1e6:.2f} 百万个文档对），"
          f"植入 {N_EXACT} 处原样段落、{N_NEAR} 处改动两字的句子（生成 {made:.1f} 秒）")

    t = time.perf_counter()
    exact = zl.text_reuse(ca, cb, min_chars=MIN_CHARS)
    ours = time.perf_counter() - t
    hit, n, extra, mean_len = _recall(exact, planted, N_DOCS, "exact")
    print(f"  zl.text_reuse（精确，min_chars={MIN_CHARS}）：{ours:.1f} 秒，{len(exact)} 处段落；"
          f"植入段落找回 {hit}/{n}，非植入文档对上的段落 {extra} 处")

    t = time.perf_counter()
    near = zl.text_reuse(ca, cb, min_chars=MIN_CHARS, near=True)
    ours_near = time.perf_counter() - t
    hit_n, n_n, extra_n, _ = _recall(near, planted, N_DOCS, "exact")
    near_rows = near[near["kind"] == "near"]
    hit_near, n_near, _, _ = _recall(near_rows, planted, N_DOCS, "near")
    print(f"  zl.text_reuse（near=True）：{ours_near:.1f} 秒，{len(near)} 处段落（近似 {len(near_rows)} 处）；"
          f"改动句找回 {hit_near}/{n_near}，原样段落找回 {hit_n}/{n_n}，非植入文档对上的段落 {extra_n} 处")

    rng = random.Random(3)
    sample = [(rng.randrange(N_DOCS), rng.randrange(N_DOCS)) for _ in range(20)]
    diff_s, _ = _naive_difflib(a, b, sample)
    diff_all = diff_s * N_DOCS * N_DOCS / len(sample)
    sample2 = [(rng.randrange(N_DOCS), rng.randrange(N_DOCS)) for _ in range(2000)]
    sh_s = _naive_shingles(a, b, sample2)
    sh_all = sh_s * N_DOCS * N_DOCS / len(sample2)
    print(f"  朴素 difflib.SequenceMatcher 逐对比较：{diff_s:.2f} 秒 / {len(sample)} 对，折合全部 {diff_all / 3600:.1f} 小时；"
          f"zl.text_reuse 快 {diff_all / ours:.0f} 倍")
    print(f"  朴素逐对求 20 字片段集合交集（只判断有无，不定位段落）：{sh_s:.2f} 秒 / {len(sample2)} 对，"
          f"折合全部 {sh_all:.0f} 秒；zl.text_reuse 快 {sh_all / ours:.0f} 倍")
    print(f"  {'达标' if ours < 60 else '未达标'}  1000 × 1000 篇精确复用 < 60 秒（{ours:.1f} 秒）")
    return {"seconds": ours, "near_seconds": ours_near, "recall_exact": hit / max(n, 1),
            "recall_near": hit_near / max(n_near, 1), "difflib_seconds": diff_all, "shingle_seconds": sh_all}


if __name__ == "__main__":
    main()
