"""Exercises of lesson 03 (词频、关键词与词云): right answers pass, typical wrong ones get Chinese feedback."""
from __future__ import annotations


import pytest

from _helpers import assert_wrong as _wrong

import zhili as zl
from zhili.exercises import evaluate, list_exercises


# The lesson removes a few words of the casebook's editors; the answers must not depend on it.
WRITING_WORDS = list(zl.casebook.WRITING_STOPWORDS)


@pytest.fixture(scope="module")
def cases():
    return zl.cases(as_corpus=True)


@pytest.fixture(scope="module", params=[False, True], ids=["default", "lesson-stopwords"])
def toks(request, cases):
    extra = WRITING_WORDS if request.param else None
    return zl.tokenize(cases, extra_stopwords=extra)




def test_lesson_has_four_exercises_all_blank_at_first():
    ids = [ex.id for ex in list_exercises("L03")]
    assert ids == ["L03.1", "L03.2", "L03.3", "L03.4"]
    for exercise_id in ids:
        fb = evaluate(exercise_id, ...)
        assert fb.status == "blank" and "还没有作答" in fb.message


# ---------------------------------------------------------------------------------- L03.1


def test_l03_1_top_term(toks, cases):
    top = zl.top_terms(zl.tokenize(cases, extra_stopwords=WRITING_WORDS), 5)
    assert evaluate("L03.1", top["term"].iloc[0]).ok
    assert evaluate("L03.1", f" {top['term'].iloc[0]} ").ok  # stray spaces are forgiven
    # the rank in the feedback comes from the default tokens, which can differ from these (ties,
    # the lesson's extra stopwords): check the kind of feedback, not the number
    _wrong("L03.1", top["term"].iloc[1], "还不是第 1 名")
    single = zl.term_frequencies(toks)
    single = single.loc[single["term"].str.len() == 1, "term"].iloc[0]
    _wrong("L03.1", single, "两个字")
    _wrong("L03.1", 106, "字符串")
    _wrong("L03.1", "不存在的词", "前 30 名")
    default_top = zl.top_terms(zl.tokenize(cases), 1)["term"].iloc[0]
    if default_top != top["term"].iloc[0]:  # the writing word 报道 tops the list without the extra stopwords
        _wrong("L03.1", default_top, "写作用语")


# ---------------------------------------------------------------------------------- L03.2


def test_l03_2_kwic_lines(cases):
    n = len(zl.kwic(cases, "群众"))
    assert n > 0
    assert evaluate("L03.2", n).ok
    assert evaluate("L03.2", len(zl.kwic(cases, "群众", window=2))).ok  # the window does not change it
    other = len(zl.kwic(cases, "共同缔造"))
    if other != n:  # the two counts can coincide when the casebook changes
        _wrong("L03.2", other, "共同缔造")
    _wrong("L03.2", n + 1, "你填的是")
    _wrong("L03.2", str(n), "整数")
    _wrong("L03.2", True, "整数")


# ---------------------------------------------------------------------------------- L03.3


def test_l03_3_top_tfidf_keyword(toks):
    kw = zl.keywords(toks, n=5, by="id")
    terms = kw.loc[kw["id"] == "HB020", "term"].tolist()
    assert evaluate("L03.3", terms[0]).ok
    _wrong("L03.3", terms[1], "不是第一个")
    other = kw.loc[(kw["id"] == "HB001") & (kw["rank"] == 1), "term"].iloc[0]
    _wrong("L03.3", other, "HB020")
    _wrong("L03.3", ["夜话"], "字符串")


def test_l03_3_textrank_answer_is_named(toks):
    tr = zl.keywords(toks, method="textrank", n=5, by="id")
    kw = zl.keywords(toks, n=5, by="id")
    first_tr = tr.loc[tr["id"] == "HB020", "term"].iloc[0]
    first_kw = kw.loc[kw["id"] == "HB020", "term"].iloc[0]
    if first_tr != first_kw:
        _wrong("L03.3", first_tr, "TextRank")
    else:  # pragma: no cover - depends on the casebook
        assert evaluate("L03.3", first_tr).ok


# ---------------------------------------------------------------------------------- L03.4


def test_l03_4_rural_word_cloud(toks):
    freq = zl.term_frequencies(toks, by="setting")
    rural = freq[freq["setting"] == "农村"]
    ax = zl.plot.wordcloud(rural, top_n=60, width=300, height=200)  # as the lesson draws it
    biggest = list(ax.wordcloud.words_)[0]
    # the cloud leaves out single characters and filler words (万元 …), tables keep them
    drawn = rural[(rural["term"].str.len() >= 2) & ~rural["term"].isin(zl.plot.FILLER_WORDS)]
    assert biggest == drawn["term"].iloc[0]
    assert evaluate("L03.4", biggest).ok
    city = freq[(freq["setting"] == "城市") & (freq["term"].str.len() >= 2) & ~freq["term"].isin(zl.plot.FILLER_WORDS)]
    city = city["term"].iloc[0]
    assert city != biggest
    _wrong("L03.4", city, "城市")
    _wrong("L03.4", list(ax.wordcloud.words_)[1], "words_")
    _wrong("L03.4", 1, "字符串")
