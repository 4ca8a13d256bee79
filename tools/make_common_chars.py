"""Regenerate src/zhili/readers/common_chars.txt (run: python tools/make_common_chars.py).

The file ranks the 3,500 most frequent Chinese characters of jieba's own dictionary (each
character weighted by the frequencies of the dictionary words that contain it). The encoding
detector uses the ranks to judge whether a decoding "reads like Chinese": a text decoded with
the wrong legacy encoding (GBK read as Big5, UTF-16 read as GBK …) is made of rare characters.
The ranking is derived data (jieba is MIT-licensed); no text is copied.
"""
from __future__ import annotations

import collections
from pathlib import Path

import jieba

N = 3500
OUT = Path(__file__).resolve().parents[1] / "src" / "zhili" / "readers" / "common_chars.txt"


def main() -> None:
    counts: collections.Counter[str] = collections.Counter()
    with open(Path(jieba.__file__).with_name("dict.txt"), encoding="utf-8") as f:
        for line in f:
            word, freq, *_ = line.split()
            for ch in word:
                if "\u4e00" <= ch <= "\u9fff":
                    counts[ch] += int(freq)
    # ties broken by code point, so the file is the same on every run
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:N]
    lines = "".join(ch for ch, _ in ranked)
    body = "\n".join(lines[i:i + 50] for i in range(0, len(lines), 50))
    OUT.write_text(f"# {N} most frequent characters of jieba's dictionary, most frequent first; "
                   f"made by tools/make_common_chars.py\n{body}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
