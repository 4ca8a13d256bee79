"""zhili.analysis.discovery: new-term discovery with suggest_terms (issue 11, item 4).

Every text here is written for this project (the casebook narratives and the sentences below);
the statistics are checked by hand on a tiny example and against a plain-Python reference on the
casebook.
"""
from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest

import zhili as zl
from zhili._errors import ZhiliError
from zhili.analysis.discovery import EDGE_WORDS, FUNCTION_CHARS, SUGGEST_COLUMNS, suggest_terms

# Sentences written for these tests: three lexicon terms in varied company, so that each is
# frequent, cohesive and free on both sides.
OWN_TEXTS = [
    "东湾村推行决策共谋，群众的事群众商量。村里修路先开村湾夜话，请各家各户一起议。",
    "决策共谋不是走过场：方案要由群众提出。乡镇把人事考核权交给村，四权同下让村干部有了底气。",
    "推进四权同下以后，街道整合了力量。村湾夜话上，老党员讲决策共谋的道理。",
    "夜里的村湾夜话常常开到十点，决策共谋从这里起步。",
    "四权同下，资金跟着项目走；村湾夜话，意见跟着群众走。",
    "试点镇总结了决策共谋、发展共建的经验；区里部署四权同下。",
    "落实四权同下需要清单，开好村湾夜话需要耐心，做好决策共谋需要公开。",
    "有人问：四权同下管不管用？看看议事记录就知道。村湾夜话记下了二十条意见。",
    "社区书记说，决策共谋让居民愿意出钱出力。四权同下也写进了镇里的文件。",
    "去年冬天的村湾夜话定下了垃圾分类办法。",
]


@pytest.fixture(scope="module")
def plain() -> zl.Tokenizer:
    """A tokenizer without the governance lexicon: the kit's terms are 'new' to it."""
    return zl.Tokenizer(lexicon=False, cache=False)


@pytest.fixture(scope="module")
def casebook() -> zl.Corpus:
    return zl.cases(as_corpus=True)


# ----------------------------------------------------------------------------- the statistics by hand


HAND = "推进湾长。推进湾长，以湾长为主；湾长？"


def test_hand_computed_statistics():
    # 15 Han characters; 湾 4, 长 4, 湾长 4 times.
    table = suggest_terms(HAND, min_count=3, min_pmi=0.0, min_entropy=0.0)
    assert table["term"].tolist() == ["湾长"]
    row = table.iloc[0]
    assert row["count"] == 4
    # the only split 湾|长: ln(4·15 / (4·4))
    assert row["pmi"] == pytest.approx(math.log(15 / 4))
    # before: 进 进 以 and a boundary (；) → ln 4 − 2·ln 2 / 4
    assert row["left_entropy"] == pytest.approx(math.log(4) - 2 * math.log(2) / 4)
    # after: 。 ， ？ (three boundaries, each a class of its own) and 为 → ln 4
    assert row["right_entropy"] == pytest.approx(math.log(4))
    assert row["score"] == pytest.approx(math.log(4) * math.log(15 / 4) * (math.log(4) - math.log(2) / 2))
    assert row["split"] == "湾/长"
    assert row["example"] == "推进湾长。"
    assert list(table.columns) == SUGGEST_COLUMNS


def test_pmi_is_the_weakest_split(plain):
    # 18 Han characters: 甲乙丙 four times, 丙 six more times on its own. The joint 甲|乙丙 is
    # strong (ln 4.5), the joint 甲乙|丙 weak (丙 is common): the weaker one is the cohesion.
    text = "。".join(["甲乙丙"] * 4 + ["丙"] * 6)
    table = suggest_terms(text, min_count=4, min_len=3, max_len=3, min_pmi=0.0, min_entropy=0.0, tokenizer=plain)
    assert table["term"].tolist() == ["甲乙丙"]
    assert table["pmi"].iloc[0] == pytest.approx(min(math.log(4 * 18 / (4 * 4)), math.log(4 * 18 / (4 * 10))))
    assert table["pmi"].iloc[0] == pytest.approx(math.log(1.8))
    assert table["split"].iloc[0] == "甲/乙丙"


def _reference(texts: list[str], term: str) -> tuple[int, float, float, float]:
    """count, PMI and entropies of ``term`` computed the slow, obvious way."""
    runs = [r for t in texts for r in re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", t)]
    n_han = sum(len(r) for r in runs)

    def count(s: str) -> int:
        return sum(1 for r in runs for i in range(len(r) - len(s) + 1) if r.startswith(s, i))

    left, right = Counter(), Counter()
    boundary = 0
    for r in runs:
        for i in range(len(r) - len(term) + 1):
            if r.startswith(term, i):
                left[r[i - 1] if i > 0 else ("|", boundary := boundary + 1)] += 1
                j = i + len(term)
                right[r[j] if j < len(r) else ("|", boundary := boundary + 1)] += 1
    c = count(term)
    pmi = min(math.log(c * n_han / (count(term[:k]) * count(term[k:]))) for k in range(1, len(term)))

    def entropy(counter: Counter) -> float:
        return -sum(v / c * math.log(v / c) for v in counter.values())

    return c, pmi, entropy(left), entropy(right)


def test_statistics_match_a_plain_python_reference(casebook, plain):
    table = suggest_terms(casebook, n=40, min_count=3, max_len=5, tokenizer=plain)
    assert len(table) == 40
    for row in table.itertuples():
        c, pmi, left, right = _reference(casebook.texts, row.term)
        assert (row.count, row.pmi, row.left_entropy, row.right_entropy) == (
            c, pytest.approx(pmi), pytest.approx(left), pytest.approx(right)), row.term
        assert row.score == pytest.approx(math.log(c) * pmi * min(left, right))


# ----------------------------------------------------------------------------- finding known terms again


def test_terms_removed_from_the_lexicon_come_back_near_the_top(casebook, plain):
    corpus = zl.Corpus.from_texts(casebook.texts + OWN_TEXTS)
    top = suggest_terms(corpus, n=20, tokenizer=plain)["term"].tolist()
    # 成果共享 is no longer expected: in the casebook it occurred only in the editors' teaching
    # commentary, which is not part of the corpus text since issue 14 (## 教学评析).
    for term in ("共同缔造", "幸福食堂", "决策共谋", "四权同下", "村湾夜话"):
        assert term in top, (term, top)
    assert top[0] == "共同缔造"


def test_lexicon_terms_are_not_proposed(casebook):
    corpus = zl.Corpus.from_texts(casebook.texts + OWN_TEXTS)
    tokenizer = zl.Tokenizer(cache=False)
    table = suggest_terms(corpus, n=100, min_count=3, tokenizer=tokenizer)
    assert len(table)
    assert not set(table["term"]) & set(tokenizer.terms)
    assert not {"共同缔造", "决策共谋", "四权同下", "村湾夜话"} & set(table["term"])
    # every suggestion is cut into pieces by the tokenizer, and the split spells the term
    assert all(s.count("/") >= 1 and s.replace("/", "") == t for t, s in zip(table["term"], table["split"]))


def test_accepted_terms_go_to_the_tokenizer(plain):
    table = suggest_terms(OWN_TEXTS, n=5, tokenizer=plain)
    accepted = table["term"].tolist()
    assert "四权同下" in accepted
    toks = zl.tokenize(OWN_TEXTS, user_terms=accepted, lexicon=False, cache=False)
    assert "四权同下" in {w for unit in toks.tokens for w in unit}
    again = suggest_terms(OWN_TEXTS, n=5, tokenizer=zl.Tokenizer(lexicon=False, user_terms=accepted, cache=False))
    assert not set(again["term"]) & set(accepted)


# ----------------------------------------------------------------------------- filters


def test_no_candidate_starts_or_ends_with_a_function_character(casebook, plain):
    table = suggest_terms(zl.Corpus.from_texts(casebook.texts + OWN_TEXTS), n=200, min_count=2,
                          min_pmi=0.0, min_entropy=0.5, tokenizer=plain)
    assert len(table) > 50
    assert not any(t[0] in FUNCTION_CHARS or t[-1] in FUNCTION_CHARS or "的" in t for t in table["term"])
    pieces = [s.split("/") for s in table["split"]]
    assert not any(p[0] in EDGE_WORDS or p[-1] in EDGE_WORDS for p in pieces)


def test_function_characters_by_example(plain):
    # 治理 follows 的 and 和 in every sentence, with many different characters after it
    text = "。".join(f"基层的治理{c}，服务和治理{c}" for c in "甲乙丙丁戊己庚辛")
    terms = suggest_terms(text, n=50, min_count=3, min_pmi=-10.0, min_entropy=0.0, tokenizer=plain)["term"].tolist()
    assert not [t for t in terms if t.startswith(("的", "和")) or t.endswith(("的", "和"))]


def test_a_substring_seen_only_inside_a_longer_candidate_is_dropped(plain):
    parts = ["街道", "社区", "村里", "小区", "院落", "网格"]
    only_long = "。".join(f"{a}推进共建共治共享，{b}见效" for a, b in zip(parts, reversed(parts)))
    table = suggest_terms(only_long, n=50, min_count=5, min_entropy=0.0, tokenizer=plain)
    terms = table["term"].tolist()
    assert "共建共治共享" in terms
    assert not {"共建共治", "共治共享", "建共治共"} & set(terms)
    # seen often on its own as well, the shorter string is a candidate in its own right
    both = only_long + "。" + "。".join(f"{a}讲共建共治，{b}谈共建共治" for a, b in zip(parts, parts[1:] + parts[:1]))
    assert "共建共治" in suggest_terms(both, n=50, min_count=5, min_entropy=0.0, tokenizer=plain)["term"].tolist()


def test_exclude(plain):
    table = suggest_terms(OWN_TEXTS, n=10, tokenizer=plain, exclude=["四权同下"])
    assert "四权同下" not in table["term"].tolist()
    assert "决策共谋" in table["term"].tolist()


def test_never_across_punctuation_digits_latin_or_lines(plain):
    text = "\n".join(["三社，联动", "三社1联动", "三社a联动", "三社\n联动", "三社 联动"] * 4)
    table = suggest_terms(text, n=50, min_count=2, min_pmi=-10.0, min_entropy=0.0, tokenizer=plain)
    assert "三社联动" not in table["term"].tolist()
    assert all(re.fullmatch(r"[\u4e00-\u9fff]+", t) for t in table["term"])


def test_thresholds_and_lengths(casebook, plain):
    table = suggest_terms(casebook, n=300, min_count=4, min_len=3, max_len=4, min_pmi=2.0, min_entropy=1.2,
                          tokenizer=plain)
    assert len(table)
    assert table["term"].str.len().between(3, 4).all()
    assert (table["count"] >= 4).all() and (table["pmi"] >= 2.0).all()
    assert (np.minimum(table["left_entropy"], table["right_entropy"]) >= 1.2).all()


# ----------------------------------------------------------------------------- output shape and order


def test_sorted_by_score_then_term_and_deterministic(casebook, plain):
    a = suggest_terms(casebook, n=60, min_count=3, tokenizer=plain)
    b = suggest_terms(zl.Corpus.from_texts(casebook.texts), n=60, min_count=3, tokenizer=plain)
    pd.testing.assert_frame_equal(a, b)
    keys = list(zip(-a["score"], a["term"]))
    assert keys == sorted(keys)
    assert len(a) >= 40 and a["term"].is_unique


def test_ties_are_broken_by_term(plain):
    # 塆长 and 垸长 have identical statistics
    text = "推进垸长。推进塆长。以垸长为主；以塆长为主；垸长？塆长？"
    table = suggest_terms(text, min_count=3, min_pmi=0.0, min_entropy=0.0, tokenizer=plain)
    assert table["term"].tolist() == sorted(["垸长", "塆长"]) == ["垸长", "塆长"]
    assert table["score"].iloc[0] == table["score"].iloc[1]


def test_columns_types_and_examples(casebook, plain):
    table = suggest_terms(casebook, n=20, tokenizer=plain)
    assert list(table.columns) == SUGGEST_COLUMNS
    assert table["count"].dtype == np.int64
    for col in ("pmi", "left_entropy", "right_entropy", "score"):
        assert table[col].dtype == np.float64
    joined = "\n".join(casebook.texts)
    for term, example in zip(table["term"], table["example"]):
        assert term in example
        core = example.strip("…")
        assert core in joined
        i = core.index(term)
        assert i <= 15 and len(core) - i - len(term) <= 15
        assert "\n" not in example


def test_input_kinds_agree(plain):
    corpus = zl.Corpus.from_texts(OWN_TEXTS)
    expected = suggest_terms(corpus, n=10, tokenizer=plain)
    assert len(expected)
    toks = zl.tokenize(corpus, cache=False)
    for data in (OWN_TEXTS, dict(enumerate(OWN_TEXTS)), pd.Series(OWN_TEXTS), toks):
        pd.testing.assert_frame_equal(suggest_terms(data, n=10, tokenizer=plain), expected)
    one = suggest_terms("\n".join(OWN_TEXTS), n=10, tokenizer=plain)
    assert one["term"].tolist() == expected["term"].tolist()


def test_nothing_found_gives_an_empty_table():
    table = suggest_terms("推进湾长。", min_count=5)
    assert table.empty and list(table.columns) == SUGGEST_COLUMNS
    assert table["count"].dtype == np.int64


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("options, fragment", [
    ({"n": 0}, "n=0"),
    ({"n": -3}, "n=-3"),
    ({"n": 2.5}, "n=2.5"),
    ({"min_count": 0}, "min_count=0"),
    ({"min_len": 1}, "min_len=1"),
    ({"min_len": 5, "max_len": 3}, "min_len=5 大于 max_len=3"),
    ({"max_len": 13}, "max_len=13"),
    ({"min_pmi": "高"}, "min_pmi"),
    ({"min_entropy": float("nan")}, "min_entropy"),
    ({"exclude": "四权同下"}, "exclude"),
    ({"tokenizer": "jieba"}, "tokenizer"),
])
def test_bad_options(options, fragment):
    with pytest.raises(ZhiliError, match=re.escape(fragment)) as info:
        suggest_terms(OWN_TEXTS, **options)
    assert re.search(r"[\u4e00-\u9fff]", str(info.value))


@pytest.mark.parametrize("data, fragment", [
    (zl.Corpus.from_texts([]), "语料为空"),
    ([], "语料为空"),
    ("Community governance 2024.", "没有汉字"),
    (["", "  "], "没有汉字"),
    (42, "收到的是 int"),
    (None, "收到的是 NoneType"),
    (b"\xe5\x85\xb1", "收到的是 bytes"),
    (["推进共同缔造", 3], "第 2 篇文本"),
])
def test_bad_data(data, fragment):
    with pytest.raises(ZhiliError, match=re.escape(fragment)):
        suggest_terms(data)
