"""The term engine and what is built on it: find_terms, count_terms, kwic, term_trends (issue 11).

Every phenomenon that made the kit count terms as zero on a real central document is reproduced
here with sentences written for the project: nested terms, terms split by segmentation,
bracketed forms, spaced-out titles.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zhili as zl
from zhili.matching import TermMatcher

# A project-written passage in the style of a central opinion.
OPINION = (
    "一、总体要求\n"
    "加强基层治理体系和治理能力现代化建设，是新时代的一项基础工程。健全基层治理体系，提升议事协商能力。\n"
    "（一）完善村（居）民委员会组织体系。推动乡镇（街道）和村（社区）开展议事协商，发挥村民委员会作用。\n"
    "（二）坚持党建引领，推进网格化管理，构建共建共治共享的基层治理格局。\n"
)


@pytest.fixture
def opinion():
    return zl.Corpus.from_texts({"意见": OPINION}, docvars={"date": ["2021-04-28"]})


def _naive(text: str, term: str) -> int:
    return text.count(term)


# ------------------------------------------------------------------------------ the engine


def test_nested_terms_each_count(opinion):
    # issue 11: 基层治理体系 hid 基层治理 and 治理体系; 议事协商能力 hid 议事协商
    counts = zl.count_terms(opinion, ["基层治理", "治理体系", "基层治理体系", "议事协商", "议事协商能力"], by=None)
    assert counts.loc["全部"].to_dict() == {"基层治理": 3, "治理体系": 2, "基层治理体系": 2, "议事协商": 2,
                                           "议事协商能力": 1}
    longest = zl.count_terms(opinion, ["基层治理", "治理体系", "基层治理体系"], by=None, mode="longest")
    assert longest.loc["全部"].to_dict() == {"基层治理": 1, "治理体系": 0, "基层治理体系": 2}


def test_bracketed_forms_count_for_each_term(opinion):
    # issue 11: 村（居）民委员会 → 村/居/民/委员会, 乡镇（街道）: a user dictionary cannot fix these
    counts = zl.count_terms(opinion, ["村民委员会", "居民委员会", "村（居）民委员会", "乡镇", "街道", "社区"], by=None)
    assert counts.loc["全部"].to_dict() == {"村民委员会": 2, "居民委员会": 1, "村（居）民委员会": 1, "乡镇": 1,
                                           "街道": 1, "社区": 1}
    plain = zl.count_terms(opinion, ["村民委员会", "居民委员会"], by=None, aliases=False)
    assert plain.loc["全部"].tolist() == [1, 0]
    ascii_brackets = zl.count_terms("完善村(居)民委员会。", ["居民委员会", "村（居）民委员会"], by=None)
    assert ascii_brackets.loc["全部"].tolist() == [1, 1]
    own = zl.count_terms("完善社区（小区）治理。", ["小区"], by=None, aliases={"社区（小区）": ["社区", "小区"]})
    assert own.loc["全部"].tolist() == [1]


def test_terms_are_found_across_the_pieces_segmentation_made(opinion):
    # issue 11: terms missing from the lexicon were split across tokens (新/时代, 城乡/社区/治理)
    toks = zl.tokenize(opinion, lexicon=False, cache=False)
    words = {w for unit in toks for w in unit}
    assert "共建共治共享" not in words  # split without the lexicon
    assert len(zl.kwic(toks, "共建共治共享")) == 1
    assert len(zl.kwic(toks, "新时代")) == 1
    assert zl.count_terms(toks, ["共建共治共享"], by=None, whole_word=True).loc["全部"].tolist() == [0]


def test_spaces_between_chinese_characters_are_ignored():
    hits = zl.find_terms("坚持共 同　缔造，推进基层 治理。\n基层\n治理", ["共同缔造", "基层治理"])
    # (the corpus text has the ideographic space as an ordinary space, like every text it reads)
    assert hits[["term", "match"]].values.tolist() == [["共同缔造", "共 同 缔造"], ["基层治理", "基层 治理"]]


def test_query_terms_are_normalised_like_the_text():
    assert zl.count_terms("到２０２５年基本建成。", ["２０２５年"], by=None).loc["全部"].tolist() == [1]


def test_find_terms_maps_hits_to_units_and_headings(opinion):
    hits = zl.find_terms(opinion, ["议事协商", "村民委员会"], unit="item")
    assert hits["term"].tolist() == ["议事协商", "村民委员会", "议事协商", "村民委员会"]
    assert hits["heading_path"].tolist()[2:] == ["一、总体要求 > （一）完善村（居）民委员会组织体系"] * 2
    for row in hits.itertuples():
        assert OPINION[row.start:row.end] == row.match


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="基层治理体系社区村民委员会共同缔造议事协商人", min_size=0, max_size=80),
       st.lists(st.text(alphabet="基层治理体系社区人", min_size=1, max_size=4), min_size=1, max_size=5))
def test_counts_equal_a_naive_count_of_each_term(text, terms):
    # without aliases, mode="all" counts each term as str.count does (nested ones too)
    m = TermMatcher(terms, aliases=False)
    got = m.count([text])[0].tolist()
    assert got == [_naive(text, t) for t in m.terms]


def test_a_term_that_overlaps_itself_counts_like_str_count():
    assert TermMatcher(["人人"]).count(["人人人人人"]).tolist() == [["人人人人人".count("人人")]]


@pytest.mark.parametrize("bad,fragment", [
    ("", "是空的"), ("   ", "是空的"), ("，。", "只有标点"), (3, "应为词语"), ([3], "不是文字"), (["基层治理", None], "第 2 项"), ([], "为空"),
])
def test_bad_terms_get_a_chinese_error_naming_them(opinion, bad, fragment):
    with pytest.raises(zl.ZhiliError, match=fragment):
        zl.count_terms(opinion, bad)


def test_bad_regex_is_named(opinion):
    with pytest.raises(zl.ZhiliError, match=r"正则表达式 '\(' 有误"):
        zl.find_terms(opinion, "(", regex=True)
    with pytest.raises(zl.ZhiliError, match="空字符串"):
        zl.find_terms(opinion, "a*", regex=True)
    assert len(zl.find_terms(opinion, r"基层治理(体系|格局)", regex=True)) == 3


def test_bad_by_and_unit(opinion):
    with pytest.raises(zl.ZhiliError, match="by="):
        zl.count_terms(opinion, "基层治理", by="year")
    with pytest.raises(zl.ZhiliError, match="unit"):
        zl.count_terms(opinion, "基层治理", by="unit", unit="chapter")


# ------------------------------------------------------------------------------ count_terms


def test_count_terms_by_document_docvar_unit_and_normalised():
    c = zl.Corpus.from_texts({"甲": "推进基层治理。基层治理见效。", "乙": "完善基层治理体系。", "丙": "加强社区治理。"},
                             docvars={"level": ["省", "县", "省"]})
    by_doc = zl.count_terms(c, ["基层治理", "社区治理"])
    assert by_doc.index.tolist() == ["甲", "乙", "丙"] and by_doc["基层治理"].tolist() == [2, 1, 0]
    by_level = zl.count_terms(c, ["基层治理", "社区治理"], by="level")
    assert by_level.to_dict("index") == {"县": {"基层治理": 1, "社区治理": 0}, "省": {"基层治理": 2, "社区治理": 1}}
    by_unit = zl.count_terms(c, "基层治理", by="unit")
    assert by_unit["基层治理"].tolist() == [1, 1, 1, 0]
    rate = zl.count_terms(c, "基层治理", normalize=True)
    assert rate.loc["甲", "基层治理"] == pytest.approx(2 * 10_000 / len("推进基层治理。基层治理见效。"))
    assert rate.attrs["n_chars"].tolist() == [14, 9, 7]


# ------------------------------------------------------------------------------ kwic


def test_kwic_finds_a_term_inside_a_longer_word():
    # lesson 03: KWIC finds 群众 inside 群众参与; whole_word=True keeps the token behaviour
    c = zl.Corpus.from_texts(["各地坚持共同缔造，推动群众参与，倾听群众的声音。"])
    rows = zl.kwic(c, "群众", window=2)
    assert rows["keyword"].tolist() == ["群众", "群众"]
    assert rows.iloc[0]["right"] == "参与，"  # the rest of the word counts as one word of context
    with pytest.warns(zl.ZhiliWarning, match="“群众”原文中出现 2 次，作为完整的词只有 1 次"):
        whole = zl.kwic(c, "群众", whole_word=True)
    assert len(whole) == 1


def test_kwic_context_is_the_text_around_the_hit(opinion):
    table = zl.kwic(opinion, ["基层治理", "居民委员会", "议事协商"], window=3)
    for row in table.itertuples():
        line = row.left + row.keyword + row.right
        assert line in OPINION
        assert OPINION[row.start:row.end] == row.keyword
    bracket = table[table["term"] == "居民委员会"].iloc[0]
    assert bracket["keyword"] == "村（居）民委员会"


def test_kwic_window_zero_and_unit(opinion):
    rows = zl.kwic(opinion, "基层治理", window=0, unit="paragraph")
    assert set(rows["left"]) == {""} and set(rows["right"]) == {""}
    assert rows["unit_id"].str.contains("#p").all()


# ------------------------------------------------------------------------------ segmentation of bracketed forms


def test_bracketed_forms_are_one_token_and_leave_no_single_characters(opinion):
    toks = zl.tokenize(opinion, cache=False)
    words = [w for unit in toks for w in unit]
    assert "村（居）民委员会" in words and "乡镇（街道）" in words and "村（社区）" in words
    assert not {"居", "民"} & set(words)
    plain = zl.tokenize(opinion, cache=False, aliases=False)
    assert "居" in {w for unit in plain for w in unit}


# ------------------------------------------------------------------------------ warnings from token-based results


def test_whole_word_counts_warn_with_both_counts(opinion):
    with pytest.warns(zl.ZhiliWarning, match="原文中出现 3 次"):
        zl.count_terms(opinion, ["基层治理"], by=None, whole_word=True)


def test_top_terms_warns_when_a_governance_term_hides_in_longer_words():
    text = "坚持美好环境与幸福生活共同缔造。" * 6 + "推进共同缔造。"
    toks = zl.tokenize(text, cache=False)
    with pytest.warns(zl.ZhiliWarning, match="“共同缔造”表中 1 次，原文中 7 次"):
        zl.top_terms(toks, 5)


def test_no_warning_when_tokens_and_text_agree():
    toks = zl.tokenize("推进共同缔造。坚持共同缔造。", cache=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        zl.top_terms(toks, 5)
        zl.kwic(toks, "共同缔造", whole_word=True)


# ------------------------------------------------------------------------------ term_trends


def test_trends_count_the_text_and_name_thin_periods():
    c = zl.Corpus.from_texts(["加强基层治理体系。", "推进基层治理。", "基层治理见效。", "村（居）民委员会。"],
                             docvars={"date": ["2021", "2021", "2021", "2022"]})
    with pytest.warns(zl.ZhiliWarning, match="2022 只有一两篇文档"):
        table = zl.term_trends(c, ["基层治理", "居民委员会"])
    got = table.set_index(["period", "term"])[["count", "n_docs"]].to_dict("index")
    assert got[(2021, "基层治理")] == {"count": 3, "n_docs": 3}
    assert got[(2022, "居民委员会")] == {"count": 1, "n_docs": 1}
    assert np.isclose(table["per_10k"], table["count"] * 10_000 / table["n_chars"]).all()


def _squeeze_reference(text):
    """The former _squeeze: look-behind regex over every character, shift written slice by slice."""
    from zhili.matching import _GAP

    if " " not in text and "\t" not in text and "\u3000" not in text:
        return text, None
    gaps = [(m.start(), m.end()) for m in _GAP.finditer(text)]
    if not gaps:
        return text, None
    pieces, prev = [], 0
    for s, e in gaps:
        pieces.append(text[prev:s])
        prev = e
    pieces.append(text[prev:])
    squeezed = "".join(pieces)
    shift = np.zeros(len(squeezed) + 1, dtype=np.int64)
    removed = 0
    for s, e in gaps:
        removed += e - s
        shift[s - (removed - (e - s)):] = removed
    return squeezed, shift


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=list("共同缔造治理 \t\u3000ab1\n，\x00\u33ff\u3400\u9fff\ua000"), max_size=60))
def test_squeeze_equals_the_look_behind_version(text):
    from zhili.matching import _squeeze

    got, expected = _squeeze(text), _squeeze_reference(text)
    assert got[0] == expected[0]
    assert (got[1] is None) == (expected[1] is None)
    if got[1] is not None:
        assert got[1].dtype == expected[1].dtype and np.array_equal(got[1], expected[1])


def test_squeeze_on_joined_corpus_texts():
    from zhili.matching import _squeeze

    corpus = zl.cases(as_corpus=True)
    text = "\x00".join(corpus.texts) + "\x00共 同\u3000缔\t \t造 a b"
    got, expected = _squeeze(text), _squeeze_reference(text)
    assert got[0] == expected[0] and np.array_equal(got[1], expected[1])


@pytest.mark.parametrize("mode", ["all", "longest"])
def test_the_dfa_finds_what_the_default_automaton_finds(mode):
    # short term lists are searched with a DFA (faster); it must find exactly the default's matches
    import ahocorasick_rs

    from zhili.lexicon import governance_terms
    from zhili.matching import _DFA_MAX_FORMS, _automaton

    texts = "\x00".join(zl.cases(as_corpus=True).texts)
    # as many lexicon terms as a DFA takes (the whole lexicon has grown past it), those the casebook
    # holds first so that there are many matches whatever the lexicon's order, with nested ones
    lexicon_terms = sorted(governance_terms()["term"], key=lambda t: (t not in texts, t))
    terms = lexicon_terms[: _DFA_MAX_FORMS - 300] + ["人人", "治理", "基层治理体系"]
    m = TermMatcher(terms, mode=mode)
    kind = ahocorasick_rs.MatchKind.LeftmostLongest if mode == "longest" else ahocorasick_rs.MatchKind.Standard
    nfa = ahocorasick_rs.AhoCorasick(m._surfaces, matchkind=kind,
                                     implementation=ahocorasick_rs.Implementation.ContiguousNFA)
    got = _automaton(tuple(m._surfaces), longest=mode == "longest").find_matches_as_indexes(texts, overlapping=mode == "all")
    expected = nfa.find_matches_as_indexes(texts, overlapping=mode == "all")
    assert len(m._surfaces) <= _DFA_MAX_FORMS and len(expected) > 300 and sorted(got) == sorted(expected)


def test_search_works_through_long_corpora_in_small_calls(monkeypatch):
    # the term engine joins texts into calls of about 100,000 characters (bounded working memory:
    # a call of a million Chinese characters held ~45 MB), and the hits equal one call per text
    m = TermMatcher(["基层治理", "治理体系", "村民委员会"])
    texts = [f"第{i}篇：加强基层治理体系建设，完善村（居）民委员会。" + "推进共同缔造。" * 150 for i in range(300)]
    calls = []
    find = TermMatcher.find

    def recording(self, text):
        calls.append(len(text))
        return find(self, text)

    monkeypatch.setattr(TermMatcher, "find", recording)
    hits = m.search(texts)
    assert sum(calls) >= sum(map(len, texts)) and len(calls) > 1
    assert max(calls) <= 100_000 + max(map(len, texts))
    monkeypatch.undo()
    one = [m.find(t) for t in texts]
    assert hits.doc.tolist() == [d for d, (s, _, _) in enumerate(one) for _ in s]
    assert hits.start.tolist() == [x for s, _, _ in one for x in s.tolist()]
    assert hits.end.tolist() == [x for _, e, _ in one for x in e.tolist()]
    assert hits.term.tolist() == [x for _, _, t in one for x in t.tolist()]
