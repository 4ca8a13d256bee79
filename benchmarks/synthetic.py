"""A synthetic policy corpus for benchmarks, made by reshuffling the project's own texts.

Sentences are drawn (with a fixed seed) from the casebook narratives and the teaching samples in
``corpus/``, and from the framework's definitions when available, then arranged into documents
of about ``chars_per_doc`` characters with numbered headings, so that the corpus has the vocabulary
and the structure of real grassroots-governance documents without copying anyone's text.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_CN = "一二三四五六七八九十"


def source_sentences() -> list[str]:
    """Every sentence of the project's own Chinese texts, in a fixed order."""
    import zhili as zl

    texts: list[str] = []
    for folder in ("corpus/cases", "corpus/samples"):
        path = ROOT / folder
        if path.exists():
            corpus = zl.load_corpus(path, errors="report", to_simplified=True)
            texts.extend(corpus.texts)
    try:
        table = zl.framework().table()
        texts.extend(str(t) for t in table.get("definition", []) if isinstance(t, str))
    except Exception:  # noqa: BLE001 - the framework is optional for this generator
        pass
    sentences = []
    for text in texts:
        for s in re.findall(r"[^。！？；\n]+[。！？；]", text):
            s = s.strip()
            if len(s) >= 8 and not s.startswith(("title", "---")):
                sentences.append(s)
    if not sentences:
        raise RuntimeError("corpus/ 中没有可用的句子")
    return sentences


def make_texts(n_docs: int, *, chars_per_doc: int = 3000, seed: int = 0) -> list[str]:
    """``n_docs`` documents of about ``chars_per_doc`` characters each (deterministic)."""
    rng = random.Random(seed)
    pool = source_sentences()
    docs = []
    for d in range(n_docs):
        parts = [f"示例文件第{d + 1}号"]
        size, section, para = 0, 0, []
        while size < chars_per_doc:
            if size == 0 or rng.random() < 0.08:
                if para:
                    parts.append("".join(para))
                    para = []
                parts.append(f"{_CN[section % 10]}、{rng.choice(pool)[:12]}")
                section += 1
            s = rng.choice(pool)
            para.append(s)
            size += len(s)
            if rng.random() < 0.25:
                parts.append("".join(para))
                para = []
        if para:
            parts.append("".join(para))
        docs.append("\n".join(parts))
    return docs


def make_corpus(n_docs: int, *, chars_per_doc: int = 3000, seed: int = 0):
    import zhili as zl

    return zl.Corpus.from_texts(make_texts(n_docs, chars_per_doc=chars_per_doc, seed=seed))
