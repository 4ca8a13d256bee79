"""zhili._memory: giving freed heap pages back to the system (glibc), used by the coder."""
from __future__ import annotations

import sys

import pytest

import zhili as zl
from zhili import _memory


def test_trim_heap_is_a_safe_no_op_off_glibc(monkeypatch):
    _memory._malloc_trim.cache_clear()
    monkeypatch.setattr(sys, "platform", "darwin")
    try:
        assert _memory._malloc_trim() is None
        assert _memory.trim_heap() is False
    finally:
        _memory._malloc_trim.cache_clear()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")
def test_trim_heap_calls_glibc_malloc_trim_with_no_padding():
    _memory._malloc_trim.cache_clear()
    trim = _memory._malloc_trim()
    import platform

    if platform.libc_ver()[0] != "glibc":
        assert trim is None
        return
    assert trim is not None and trim(0) in (0, 1)
    assert isinstance(_memory.trim_heap(), bool)


def test_trim_heap_failing_never_fails_the_caller(monkeypatch):
    def broken(pad):
        raise OSError("no")

    monkeypatch.setattr(_memory, "_malloc_trim", lambda: broken)
    assert _memory.trim_heap() is False


def test_dictionary_coding_trims_the_heap_after_its_parts(monkeypatch):
    # code_dictionary frees its parts' working arrays among the table's blocks and hands the pages
    # back before and after putting the table together (where pandas keeps strings in Arrow)
    from zhili.corpus import arrow_strings
    import zhili.analysis.coding as coding

    calls = []
    monkeypatch.setattr(coding, "trim_heap", lambda: calls.append(1) or True)
    coded = zl.code_dictionary(["坚持以人民为中心。健全基层群众自治制度，提升治理能力。"] * 3)
    assert len(coded) == 6
    assert len(calls) == (2 if arrow_strings() is not None else 0)


def test_tokenize_trims_the_heap_after_a_large_corpus_only(monkeypatch):
    # tokenize() hands freed pages back once it has put many tokens together (the chunks' columns
    # and cache records are freed among the blocks that stay), not after every small call
    import zhili.tokens as tokens

    calls = []
    monkeypatch.setattr(tokens, "trim_heap", lambda: calls.append(1) or True)
    texts = ["坚持共同缔造，推动四权同下。提升群众自治能力。"] * 5
    zl.tokenize(texts, cache=False)
    assert calls == []
    monkeypatch.setattr(tokens, "_TRIM_MIN_TOKENS", 10)
    toks = zl.tokenize(texts, cache=False)
    assert calls == [1] and toks.n_tokens >= 10


def test_a_docvar_holding_the_document_ids_shares_the_doc_id_column(tmp_path):
    # a corpus read from a folder has a ``file`` docvar equal to each document's id: in a coding
    # table that column is the doc_id column's Arrow array, not a second copy; the values are the
    # same, and changing one column later leaves the other as it was
    from zhili.corpus import arrow_strings

    for name, text in {"甲.txt": "坚持共同缔造。健全基层群众自治制度。", "乙.txt": "提升治理能力。推进网格化管理。"}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    corpus = zl.load_corpus(tmp_path)
    assert corpus.docvars["file"].tolist() == corpus.docvars.index.tolist()
    coded = zl.code_framework(zl.tokenize(corpus, cache=False), level="theory")
    expected = [d for d in corpus.docvars.index for _ in range(2)]
    assert coded["file"].tolist() == coded["doc_id"].tolist() == expected
    if arrow_strings() is not None:
        def buffers(column):
            return [b.address for c in coded[column].array.__arrow_array__().chunks for b in c.buffers() if b]

        assert buffers("file") == buffers("doc_id")
    coded.loc[0, "file"] = "改过.txt"
    assert coded["doc_id"].tolist() == expected and coded["file"].tolist() == ["改过.txt", *expected[1:]]
    # a docvar that is not the ids keeps a column of its own
    other = zl.Corpus.from_texts({"a": "坚持共同缔造。", "b": "提升治理能力。"}, docvars={"file": ["x.txt", "y.txt"]})
    table = zl.code_framework(zl.tokenize(other, cache=False), level="theory")
    assert table["file"].tolist() == ["x.txt", "y.txt"] and table["doc_id"].tolist() == ["a", "b"]
