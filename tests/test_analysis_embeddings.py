"""zhili.analysis.embeddings: PPMI-SVD word vectors find planted synonyms; neighbours and
dictionary candidates are deterministic; rare, split and absent words get Chinese errors (issue 16).

The corpus is written here: sentences from a few templates in which two written forms of the
same thing (网格员 / 网格管理员, 业委会 / 业主委员会) fill the same slot and never meet, with
other slots filled at random.
"""
from __future__ import annotations

import random
import warnings

import numpy as np
import pandas as pd
import pytest

import zhili as zl
from zhili._errors import ZhiliError, ZhiliWarning
from zhili.analysis.embeddings import WordVectors, expand_dictionary, similar_words, word_vectors
from _helpers import hand_tokens

TEMPLATES = [
    ("{grid} 上门 走访 {people}", "grid"),
    ("{grid} 收集 {people} 诉求 上报 平台", "grid"),
    ("{grid} 巡查 {place} 发现 隐患", "grid"),
    ("{owners} 召开 会议 讨论 {issue}", "owners"),
    ("{owners} 监督 物业 公司 {issue}", "owners"),
    ("{owners} 选举 产生 委员", "owners"),
    ("{coop} 带动 农户 种植 {crop} 增收", "coop"),
    ("{coop} 按 股份 分红 {crop}", "coop"),
]
FILL = {
    "grid": ["网格员", "网格管理员"],
    "owners": ["业委会", "业主委员会"],
    "coop": ["合作社", "专业合作社"],
    "people": ["居民", "群众", "住户", "老人"],
    "place": ["楼栋", "小区", "街巷", "院落"],
    "issue": ["物业费", "停车", "电梯", "维修"],
    "crop": ["茶叶", "柑橘", "香菇", "蔬菜"],
}
FILLER = "推进 工作 落实 加强 完善 机制 服务 治理 基层 社区 村里 部门 政策 资金 项目 群体 建设 发展 改革 创新".split()


def _corpus(n_sentences: int = 1500, seed: int = 3):
    rng = random.Random(seed)
    units = []
    for _ in range(n_sentences):
        template, _ = rng.choice(TEMPLATES)
        words = template.format(**{k: rng.choice(v) for k, v in FILL.items()}).split()
        words += [rng.choice(FILLER) for _ in range(rng.randint(0, 3))]
        units.append(words)
    docs = {f"d{i:03d}": units[i:i + 10] for i in range(0, len(units), 10)}
    return hand_tokens(docs)


@pytest.fixture(scope="module")
def toks():
    return _corpus()


@pytest.fixture(scope="module")
def vectors(toks):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ZhiliWarning)
        return word_vectors(toks, dim=20, window=4, min_count=3, seed=0)


def test_planted_synonyms_are_each_others_nearest_neighbours(vectors):
    t = vectors.similar_words(["网格员", "网格管理员", "业委会", "业主委员会", "合作社"], n=3)
    assert list(t.columns) == ["word", "rank", "term", "similarity", "count"]
    first = t[t["rank"] == 1].set_index("word")["term"].to_dict()
    assert first == {"网格员": "网格管理员", "网格管理员": "网格员", "业委会": "业主委员会",
                     "业主委员会": "业委会", "合作社": "专业合作社"}
    assert (t.groupby("word")["similarity"].apply(lambda s: s.is_monotonic_decreasing)).all()
    assert (t["similarity"] <= 1 + 1e-9).all()
    assert vectors.similarity("网格员", "网格管理员") > vectors.similarity("网格员", "合作社")


def test_plain_ppmi_finds_them_too(toks):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ZhiliWarning)
        t = similar_words(toks, "业委会", n=1, method="ppmi", min_count=3)
    assert t["term"].tolist() == ["业主委员会"]


def test_deterministic_with_a_seed(toks, vectors):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ZhiliWarning)
        again = similar_words(toks, ["网格员", "业委会"], n=5, dim=20, window=4, min_count=3, seed=0)
    pd.testing.assert_frame_equal(vectors.similar_words(["网格员", "业委会"], n=5), again)


def test_vectors_are_unit_length_and_settings_recorded(vectors):
    assert isinstance(vectors, WordVectors)
    assert np.allclose(np.linalg.norm(vectors.vectors, axis=1), 1.0)
    assert vectors.settings["dim"] == 20 and vectors.settings["method"] == "ppmi-svd"
    assert vectors.vocabulary == sorted(vectors.vocabulary)
    assert vectors.counts["网格员"] > 100
    assert "网格员" in vectors and "不存在" not in vectors


def test_small_corpus_warns(toks):
    with pytest.warns(ZhiliWarning, match="语料太小，近邻不可靠"):
        word_vectors(toks, dim=5, min_count=3)


def test_expand_dictionary_suggests_the_planted_forms(vectors):
    t = vectors.expand_dictionary({"网格": ["网格员"], "自治": ["业委会", "选举"]}, n=3)
    assert list(t.columns) == ["category", "rank", "term", "similarity", "nearest_seed", "count", "n_seeds"]
    first = t[t["rank"] == 1].set_index("category")["term"].to_dict()
    assert first == {"网格": "网格管理员", "自治": "业主委员会"}
    assert t["category"].unique().tolist() == ["网格", "自治"]
    assert not set(t["term"]) & {"网格员", "业委会", "选举"}  # seeds of any category are never suggested
    assert t[(t["category"] == "自治") & (t["rank"] == 1)]["nearest_seed"].item() == "业委会"


def test_expand_dictionary_from_tokens_warns_about_missing_seeds(toks):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t = expand_dictionary(toks, {"网格": ["网格员", "网格长"]}, n=2, dim=20, window=4, min_count=3)
    messages = [str(w.message) for w in caught]
    assert any("网格长" in m and "不在词表中" in m for m in messages)
    assert t["n_seeds"].tolist() == [1, 1]


def test_expand_dictionary_with_no_known_seed_is_an_error(vectors):
    with pytest.raises(ZhiliError, match="种子词都不在"):
        vectors.expand_dictionary({"甲": ["不存在的词"]})
    theory = zl.load_dictionary("theory")  # a loaded dictionary is accepted as seeds
    with pytest.warns(ZhiliWarning, match="不在词表中"):
        from_dictionary = vectors.expand_dictionary(theory, n=2)
    assert set(from_dictionary["category"]) <= set(theory.labels)
    with pytest.raises(ZhiliError, match="seeds"):
        vectors.expand_dictionary(["网格员"])


def test_rare_word_error_names_a_min_count(toks):
    rare = hand_tokens({"a": [["网格员", "上门", "走访"]] * 4 + [["网格长", "上门"]]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ZhiliWarning)
        with pytest.raises(ZhiliError, match=r"只出现 1 次，少于 min_count=2.*min_count=1"):
            similar_words(rare, "网格长", min_count=2)


def test_split_word_error_suggests_user_terms():
    toks = zl.tokenize("村里开湾子会，湾子会商量事。湾子会好。", cache=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ZhiliWarning)
        with pytest.raises(ZhiliError, match="user_terms"):
            similar_words(toks, "湾子会", min_count=1)
        with pytest.raises(ZhiliError, match="没有出现"):
            similar_words(toks, "网格员", min_count=1)


@pytest.mark.parametrize("kwargs, fragment", [
    ({"method": "word2vec"}, "method"),
    ({"dim": 0}, "dim"),
    ({"window": 0}, "window"),
    ({"n": 0}, "n="),
])
def test_bad_options(toks, kwargs, fragment):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ZhiliWarning)
        with pytest.raises(ZhiliError, match=fragment):
            similar_words(toks, "网格员", **kwargs)


def test_exports():
    assert zl.similar_words is similar_words and zl.expand_dictionary is expand_dictionary
    assert zl.word_vectors is word_vectors and zl.WordVectors is WordVectors


def test_columns_with_unused_words_and_empty_units_change_nothing():
    """Vectors and collocates read the token columns: a vocabulary entry no token uses and units
    without tokens (as in Tokens built from arrays) must not show up or shift anything."""
    toks = zl.tokenize(zl.cases(as_corpus=True), cache=False)
    vocab = sorted([*toks.vocab, "从未出现的词"])
    shift = np.array([vocab.index(w) for w in toks.vocab], dtype=np.int32)
    offsets = np.concatenate(([0, 0], toks.offsets[1:], [toks.offsets[-1]]))  # an empty unit first and last
    doc_index = np.concatenate(([0], toks.doc_index, [toks.doc_index[-1]]))
    padded = zl.Tokens.from_arrays(toks.corpus, toks.unit, vocab, shift[toks.ids], offsets, doc_index, toks.meta)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ZhiliWarning)
        a, b = word_vectors(toks, min_count=1, dim=10), word_vectors(padded, min_count=1, dim=10)
        assert a.vocabulary == b.vocabulary and "从未出现的词" not in b.vocabulary
        assert np.array_equal(a.counts, b.counts) and np.allclose(a.vectors, b.vectors)
        assert a._rare == b._rare
        pd.testing.assert_frame_equal(zl.collocates(toks, "治理", window=3, min_count=1),
                                      zl.collocates(padded, "治理", window=3, min_count=1))
