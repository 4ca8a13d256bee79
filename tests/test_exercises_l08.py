"""Lesson 08 exercises: right answers pass, typical wrong answers get a Chinese message, ... is blank."""
from __future__ import annotations

import functools

import pytest

from _helpers import assert_wrong as _wrong

import zhili as zl
from zhili.casebook import default_cases_path
from zhili.exercises import evaluate


@functools.lru_cache(maxsize=1)
def _corpus():
    """The lesson's default corpus, read as the notebook reads it: the casebook's narratives."""
    return zl.cases(as_corpus=True)






def test_exercise_ids():
    assert [ex.id for ex in zl.exercises.list_exercises("L08")] == ["L08.1", "L08.2"]


@pytest.mark.parametrize("exercise_id", ["L08.1", "L08.2"])
def test_blank(exercise_id):
    fb = evaluate(exercise_id, ...)
    assert fb.status == "blank"
    assert "还没有作答" in fb.message


# ---- L08.1: the first 8 characters of the corpus digest -------------------------------------

def test_l08_1_right():
    digest = _corpus().digest()
    fb = evaluate("L08.1", digest[:8])
    assert fb.status == "right", fb.message
    assert digest[:8] in fb.message
    assert evaluate("L08.1", f" {digest[:8].upper()} ").status == "right"


def test_l08_1_same_as_the_notebook_path():
    """The check's corpus is the one the notebook reads from ../corpus/cases (its loading cell, step by step)."""
    corpus = zl.load_corpus("corpus/cases", errors="report")
    assert zl.casebook.writing_stopwords(corpus)  # the notebook sees the casebook …
    assert "教学评析" in "".join(corpus.docs["text"])
    corpus = zl.cases("corpus/cases", as_corpus=True)  # … and keeps only the narratives
    assert "教学评析" not in "".join(corpus.docs["text"])
    assert corpus.digest() == _corpus().digest()
    assert zl.cases(default_cases_path(), as_corpus=True).digest() == corpus.digest()


def test_l08_1_wrong():
    digest = _corpus().digest()
    assert "前 8 个字符" in _wrong("L08.1", digest)
    assert "最后 8 个字符" in _wrong("L08.1", digest[-8:])
    assert "8 个字符" in _wrong("L08.1", digest[:6])
    other = zl.Corpus.from_texts(["推进共同缔造。"]).digest()[:8]
    assert other != digest[:8]
    assert "corpus/cases" in _wrong("L08.1", other)
    assert "字符串" in _wrong("L08.1", 12345678)


# ---- L08.2: the number of documents ---------------------------------------------------------

def test_l08_2_right():
    corpus = _corpus()
    fb = evaluate("L08.2", len(corpus))
    assert fb.status == "right", fb.message
    assert str(len(corpus)) in fb.message


def test_l08_2_wrong():
    corpus = _corpus()
    n_sentences = len(corpus.units("sentence"))
    assert n_sentences != len(corpus)
    assert "句子" in _wrong("L08.2", n_sentences)
    assert "文档数" in _wrong("L08.2", len(corpus) + 1)
    assert "整数" in _wrong("L08.2", str(len(corpus)))
    assert "整数" in _wrong("L08.2", True)
