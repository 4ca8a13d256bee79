"""Helpers shared by several test modules (imported as ``from _helpers import …``)."""
from __future__ import annotations

import re

import zhili as zl
from zhili.exercises import evaluate
from zhili.tokens import Tokens

_CJK = re.compile(r"[\u4e00-\u9fff]")


def hand_tokens(docs: dict[str, list[list[str]]], docvars: dict | None = None) -> Tokens:
    """Tokens given by hand: one sentence per inner list (the text is the words plus 。)."""
    texts = {d: "".join("".join(u) + "。" for u in units) for d, units in docs.items()}
    corpus = zl.Corpus.from_texts(texts, docvars=docvars)
    tokens = [list(u) for units in docs.values() for u in units]
    doc_index = [i for i, units in enumerate(docs.values()) for _ in units]
    toks = Tokens(corpus, "sentence", tokens, doc_index, {"settings": {"pos": False}})
    assert len(toks.units) == len(tokens)  # the hand-made units line up with the corpus units
    return toks


def assert_wrong(exercise_id: str, answer, *fragments: str) -> str:
    """Assert that ``answer`` is rejected with Chinese feedback (no traceback); return the message."""
    fb = evaluate(exercise_id, answer)
    assert fb.status == "wrong", fb.message
    assert "✗" in fb.message and _CJK.search(fb.message)
    assert "Traceback" not in fb.message
    for fragment in fragments:
        assert fragment in fb.message, fb.message
    return fb.message
