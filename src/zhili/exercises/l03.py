"""Exercises of lesson 03 (词频、关键词与词云), on the Hubei casebook narratives.

Every expected answer is computed here from the library (default segmentation of
``zl.cases(as_corpus=True)``), never typed in by hand.
"""
from __future__ import annotations

from . import Exercise, Wrong, as_integer, as_text, kit_data

KWIC_TERM = "群众"      # L03.2
TFIDF_CASE = "HB020"    # L03.3: 荆门马河镇三里岗村（湾组夜话）
CLOUD_GROUP = "农村"    # L03.4


@kit_data
def _corpus():
    import zhili as zl

    return zl.cases(as_corpus=True)


@kit_data
def _tokens():
    """The casebook's tokens as lesson 03 makes them: without the casebook's writing words (报道 …)."""
    import zhili as zl

    return zl.tokenize(_corpus(), extra_stopwords=zl.casebook.WRITING_STOPWORDS)


@kit_data
def _default_top_term() -> str:
    """The top term with no extra stopwords (a student who skipped the writing words)."""
    import zhili as zl

    return str(zl.top_terms(zl.tokenize(_corpus()), 1, min_length=2)["term"].iloc[0])


# ---------------------------------------------------------------------------------- L03.1


@kit_data
def top_term() -> str:
    """The most frequent term of at least two characters in the casebook."""
    import zhili as zl

    return str(zl.top_terms(_tokens(), 1, min_length=2)["term"].iloc[0])


@kit_data
def _ranks(n: int = 30) -> dict[str, int]:
    """Rank of each of the ``n`` most frequent terms (two characters or more)."""
    import zhili as zl

    table = zl.top_terms(_tokens(), n, min_length=2)
    return dict(zip(table["term"], (int(r) for r in table["rank"])))


def _top_term(answer):
    word = as_text(answer)
    expected = top_term()
    if word == expected:
        return True, f"“{expected}”是 43 个案例中出现次数最多的双字以上词语（已去掉案例库的写作用语）。"
    if word == _default_top_term():
        raise Wrong(f"“{word}”是案例库自己的写作用语（报道里怎样说），不是治理内容：按第 2 节的做法，"
                    f"分词时去掉 zl.casebook.WRITING_STOPWORDS 后再看第一名。")
    if len(word) < 2:
        raise Wrong(f"“{word}”只有一个字：题目要求至少两个字（top_terms 默认 min_length=2）。")
    ranked = _ranks()
    if word in ranked:
        raise Wrong(f"“{word}”排在第 {ranked[word]} 名，还不是第 1 名。")
    raise Wrong(f"“{word}”不在词频表的前 30 名里。")


# ---------------------------------------------------------------------------------- L03.2


@kit_data
def kwic_lines(term: str = KWIC_TERM) -> int:
    """Number of KWIC lines for ``term`` in the casebook corpus."""
    import zhili as zl

    return len(zl.kwic(_corpus(), term))


def _kwic_lines(answer):
    n = as_integer(answer)
    expected = kwic_lines()
    if n == expected:
        return True, f"“{KWIC_TERM}”在案例叙述中出现 {expected} 次，KWIC 表就有 {expected} 行。"
    if n == kwic_lines("共同缔造"):
        raise Wrong("这是“共同缔造”的行数：请把检索词换成“群众”。")
    raise Wrong(f"你填的是 {n}。每出现一次就是一行，与 window 的大小无关。")


# ---------------------------------------------------------------------------------- L03.3


@kit_data
def top_keyword(case_id: str = TFIDF_CASE, method: str = "tfidf") -> str:
    """The first keyword of one case (``by="id"``)."""
    return _top_keywords(case_id, method)[0]


@kit_data
def _top_keywords(case_id: str = TFIDF_CASE, method: str = "tfidf") -> tuple[str, ...]:
    """The five first keywords of one case (``by="id"``), best first."""
    import zhili as zl

    kw = zl.keywords(_tokens(), method=method, n=5, by="id")
    return tuple(str(t) for t in kw.loc[kw["id"] == case_id, "term"])


def _top_keyword(answer):
    word = as_text(answer)
    expected = top_keyword()
    if word == expected:
        return True, f"{TFIDF_CASE} 的 TF-IDF 第一关键词是“{expected}”：它在本案例中反复出现，在其他案例中却很少见。"
    if word == top_keyword(method="textrank") and word != expected:
        raise Wrong(f"“{word}”是 TextRank 的第一名；题目问的是 TF-IDF（method=\"tfidf\"，默认方法）。")
    if word in _top_keywords():
        raise Wrong(f"“{word}”在 {TFIDF_CASE} 的前五个关键词里，但不是第一个（rank 为 1 的那个）。")
    raise Wrong(f"“{word}”不在 {TFIDF_CASE} 的前五个 TF-IDF 关键词里：请确认筛选的是 id == \"{TFIDF_CASE}\"。")


# ---------------------------------------------------------------------------------- L03.4


@kit_data
def cloud_top(group: str = CLOUD_GROUP) -> str:
    """The largest word of a group's word cloud, drawn as the lesson draws it.

    ``zl.plot.wordcloud`` leaves out single characters and filler words (``zl.plot.FILLER_WORDS``)
    by default: the largest word is the group's most frequent term that is neither.
    """
    import zhili as zl

    freq = zl.term_frequencies(_tokens(), by="setting", min_length=2)
    freq = freq[(freq["setting"] == group) & ~freq["term"].isin(zl.plot.FILLER_WORDS)]
    return str(freq["term"].iloc[0])


def _cloud_top(answer):
    word = as_text(answer)
    expected = cloud_top()
    if word == expected:
        return True, f"农村案例里“{expected}”最多，所以它在农村词云中字号最大。"
    if word == cloud_top("城市"):
        raise Wrong(f"“{word}”是城市案例词云中最大的词；请看农村那一张。")
    if word == top_term():
        raise Wrong(f"“{word}”是全部案例的第一名；农村案例单独计算时另有其词。")
    raise Wrong(f"“{word}”不是农村词云中字号最大的词。字号与词频成正比，可以看 words_ 的第一个词。")


EXERCISES = [
    Exercise("L03.1", "去掉案例库的写作用语以后，43 个案例中出现次数最多的词（不计单字）是什么？", _top_term,
             ("看第 2 节 zl.show(top) 那张表（去掉写作用语以后的那张）里名次 rank 为 1 的词。",
              "top_terms 默认 min_length=2，已经去掉了单字。")),
    Exercise("L03.2", "用 KWIC 检索“群众”，一共得到多少行？", _kwic_lines,
             ("运行 len(zl.kwic(cases, \"群众\"))：把第 4 节里的“共同缔造”换成“群众”。",)),
    Exercise("L03.3", "案例 HB020（荆门三里岗村）的 TF-IDF 第一关键词是什么？", _top_keyword,
             ("运行 zl.show(kw[kw[\"id\"] == \"HB020\"])，看名次 rank 为 1 的词。",
              "kw 是第 3 节的 zl.keywords(toks, n=5, by=\"id\")。")),
    Exercise("L03.4", "农村案例的词云中，字号最大的词是什么？", _cloud_top,
             ("词云的字号与词频成正比：看 list(ax.wordcloud.words_)[:10] 输出的第一个词。",)),
]
