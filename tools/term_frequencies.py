"""Write ``src/zhili/lexicon/term_frequencies.tsv``: the frequency jieba gives each kit term.

The tokenizer adds every governance-lexicon and framework term to its segmenter with a frequency
high enough to keep it whole (``zhili.tokens.TERM_FREQ_FLOOR`` at least, more when jieba's own
dictionary suggests it). Computing these needs jieba's full dictionary in memory (about a second
and a half), so the result is generated here, once, and shipped with the package. The file's
header records what it was computed from — the jieba version, the floor and the SHA-256 of
``governance_terms.tsv`` and ``framework.yaml`` — and the tokenizer uses it only while all four
still match (otherwise it computes the frequencies itself, as before). ``tests/test_tokens.py``
fails when the shipped file is stale; run this tool after changing the lexicon, the framework or
jieba::

    python tools/term_frequencies.py           # rewrite the file
    python tools/term_frequencies.py --check   # exit 1 if it is stale
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the shipped file is current")
    args = parser.parse_args()
    from zhili import tokens

    text = tokens._render_term_table()
    path = tokens._TERM_TABLE_PATH
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if args.check:
        if current != text:
            print(f"{path.relative_to(ROOT)} 已过期：请运行 python tools/term_frequencies.py")
            return 1
        print(f"{path.relative_to(ROOT)} 是最新的")
        return 0
    if current == text:
        print(f"{path.relative_to(ROOT)} 无需更新")
        return 0
    path.write_text(text, encoding="utf-8", newline="\n")
    n_terms = sum(1 for line in text.splitlines() if line and not line.startswith("#")) - 1  # minus the header
    print(f"已写入 {path.relative_to(ROOT)}（{n_terms} 个词条）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
