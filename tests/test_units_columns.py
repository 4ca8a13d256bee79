"""The sentence units built as columns (for the unit table of a large corpus) are the units the
per-sentence reference gives: same texts, offsets, heading paths and paragraphs."""
from hypothesis import given, settings
from hypothesis import strategies as st

import zhili as zl
from zhili.units import _SENTENCE_END, _paragraphs, split_units


def _reference(text):
    """Sentences the way split_units made them before the column builder: piece by piece."""
    out = []
    for p, (s, _e, line, path, _) in enumerate(_paragraphs(text)):
        pos = 0
        for end in [m.end() for m in _SENTENCE_END.finditer(line)] + [len(line)]:
            if end <= pos:
                continue
            piece = line[pos:end]
            body = piece.lstrip()
            if body:
                offset = pos + len(piece) - len(body)
                body = body.rstrip()
                out.append((len(out), body, s + offset, s + offset + len(body), path, p))
            pos = end
    return out


ALPHABET = list("共同缔造甲乙丙。！？；;!?…”’」）) \u3000\n\t一二（）、是#1.") + ["一、", "（一）", "第三条", "# ", "1. "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=60).map("".join))
def test_sentence_columns_equal_the_reference(text):
    assert [tuple(u) for u in split_units(text, "sentence")] == _reference(text)


def test_the_unit_table_of_the_casebook_matches_the_reference():
    corpus = zl.cases(as_corpus=True)
    table = corpus.units("sentence")
    rows = []
    for d in corpus._documents:
        rows += [(d.doc_id, *r) for r in _reference(d.text)]
    assert len(table) == len(rows) > 400
    got = list(zip(table["doc_id"], table["index"], table["text"], table["start"], table["end"],
                   table["heading_path"], table["paragraph"]))
    assert got == rows
    assert all(d.text[s:e] == t for d in corpus._documents for (doc, _, t, s, e, _, _) in rows if doc == d.doc_id)
