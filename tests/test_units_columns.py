"""The sentence units built as columns (for the unit table of a large corpus) are the units the
per-sentence reference gives: same texts, offsets, heading paths and paragraphs; so are the
sentences and paragraphs of many documents found at once on arrays (unit_arrays)."""
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zhili as zl
from zhili.units import _SENTENCE_END, _paragraphs, split_units, unit_arrays


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


# ---- many documents at once, on arrays (zhili.units.unit_arrays) ------------------------------

LINES = ["一、总体要求", "（二）织密治理体系", "2. 到2025年，基本健全。", "第三条 加强党的领导。", "## 工作目标",
         "  坚持以人民为中心；健全基层群众自治制度！", "“推进共同缔造。”（完善村（居）民委员会）", "一是入户走访；二是村湾夜话……",
         "① 构建治理体系；② 提升治理能力。", "\u3000\u3000体制 机制 创新", "", "  ", "𠀀字在基本多文种平面之外。。！", "。”"]


def _rows(texts, unit):
    return [(d, u.index, u.paragraph, u.start, u.end, u.heading_path, u.text)
            for d, t in enumerate(texts) for u in split_units(t, unit)]


def _array_rows(texts, unit):
    found = unit_arrays(texts, unit)
    return list(zip(found.doc.tolist(), found.index.tolist(), found.paragraph.tolist(), found.start.tolist(),
                    found.end.tolist(), found.path.to_pylist(), found.text.to_pylist()))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(ALPHABET + ["𠀀", "\xa0", "\r", "２、"]), max_size=40).map("".join), max_size=5),
       st.sampled_from(["sentence", "paragraph"]))
def test_unit_arrays_equal_split_units_document_by_document(texts, unit):
    assert _array_rows(texts, unit) == _rows(texts, unit)


@pytest.mark.parametrize("unit", ["sentence", "paragraph"])
def test_unit_arrays_of_policy_like_texts_and_the_casebook(unit):
    texts = ["\n".join(LINES), "\n".join(reversed(LINES)), "", "\n\n", "一、只有标题", "没有结尾的句子"]
    rows = _array_rows(texts, unit)
    assert rows == _rows(texts, unit)
    # headings, enumerations and brackets are where they should be
    assert any(r[5] == "一、总体要求 > （二）织密治理体系 > 2. 到2025年" for r in rows)
    assert any(r[6] == "体制 机制 创新" for r in rows)
    cases = zl.cases(as_corpus=True)
    assert _array_rows(cases.texts, unit) == _rows(cases.texts, unit)


@pytest.mark.parametrize("unit", ["sentence", "paragraph", "item", "document"])
def test_unit_table_in_small_parts_equals_the_whole(unit):
    # the coder reads the unit table part by part (a few documents at a time): the parts, put
    # together, are the table of the whole corpus
    from zhili.corpus import unit_parts

    cases = zl.cases(as_corpus=True)
    extra = zl.Corpus.from_texts(["\n".join(LINES), "", "  ", "\n".join(reversed(LINES))])
    for corpus in (cases, extra):
        whole = corpus.units(unit)
        for chars in (1, 500, 10**9):
            parts = list(unit_parts(corpus._documents, unit, chars=chars))
            got = pd.concat([p for _, _, p in parts], ignore_index=True)
            pd.testing.assert_frame_equal(got, whole, check_exact=True)
            ids = corpus.doc_ids
            for a, b, p in parts:
                assert set(p["doc_id"]) <= set(ids[a:b])


def test_character_classes_are_what_strip_and_the_heading_patterns_see():
    # unit_arrays trims units with a lookup table over the BMP; beyond it no character is a space
    import numpy as np

    from zhili.units import _code_classes

    classes, may_head = _code_classes()
    spaces = [i for i in range(1 << 16) if chr(i).isspace()]
    assert np.flatnonzero(classes >= 4).tolist() == spaces and classes[ord("\n")] == 5
    assert not any(chr(i).isspace() for i in range(1 << 16, 0x110000))
    assert all(may_head[i] for i in range(1 << 16) if chr(i).isdecimal()) and may_head[ord("⑳")] and may_head[ord("第")]
