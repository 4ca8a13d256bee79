"""zhili.analysis.matrix: the document-term matrix (issue 5)."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer

import zhili as zl
from zhili.analysis import dtm


@pytest.fixture(scope="module")
def toks():
    corpus = zl.Corpus.from_texts(
        {"甲": "推进共同缔造。共同缔造见效。", "乙": "坚持四权同下。推进共同缔造。", "丙": "坚持四权同下。"},
        docvars={"level": ["市", "县", "县"]})
    return zl.tokenize(corpus, cache=False)


def test_counts_by_document_unit_and_group(toks):
    m = dtm(toks)
    frame = m.to_frame()
    assert frame.loc["甲", "共同缔造"] == 2 and frame.loc["乙", "共同缔造"] == 1 and frame.loc["丙", "四权同下"] == 1
    assert m.rows["n_tokens"].tolist() == frame.sum(axis=1).tolist()
    units = dtm(toks, by="unit")
    assert units.shape[0] == len(toks) and units.rows["unit_id"].tolist() == toks.units["unit_id"].tolist()
    groups = dtm(toks, by="level")
    assert groups.rows["level"].tolist() == ["县", "市"]
    assert groups.to_frame().loc["县", "四权同下"] == 2


def test_same_as_scikit_learn_on_the_casebook():
    toks = zl.tokenize(zl.cases(as_corpus=True), cache=False)
    ours = dtm(toks, by="unit")
    vec = CountVectorizer(analyzer=lambda x: x, lowercase=False)
    theirs = vec.fit_transform(toks.words())
    assert ours.terms == sorted(vec.vocabulary_, key=vec.vocabulary_.get)
    assert (ours.matrix != theirs).nnz == 0


def test_min_count_min_length_and_vocabulary(toks):
    m = dtm(toks, min_count=2, min_length=3)
    assert m.terms == ["共同缔造", "四权同下"]
    v = dtm(toks, vocabulary=["四权同下", "从未出现"])
    assert v.terms == ["四权同下", "从未出现"]
    assert np.asarray(v.matrix.sum(axis=0)).ravel().tolist() == [2, 0]


def test_empty_corpus_and_bad_options():
    empty = zl.tokenize(zl.Corpus.from_texts([]), cache=False)
    m = dtm(empty)
    assert m.shape == (0, 0) and m.terms == []
    toks = zl.tokenize(["推进。"], cache=False)
    with pytest.raises(zl.ZhiliError, match="by="):
        dtm(toks, by="省份")
    with pytest.raises(zl.ZhiliError, match="min_count"):
        dtm(toks, min_count=0)


def test_sum_rows_ordered_and_unordered_groups_agree():
    from scipy import sparse

    from zhili.analysis.matrix import sum_rows

    m = sparse.csr_matrix(np.array([[1, 0, 2], [0, 3, 0], [4, 0, 0], [0, 0, 5]], dtype=np.int64))
    ordered = sum_rows(m, np.array([0, 0, 2, 2]), 3)  # group 1 is empty
    assert ordered.toarray().tolist() == [[1, 3, 2], [0, 0, 0], [4, 0, 5]]
    unordered = sum_rows(m, np.array([2, 0, 2, 0]), 3)
    assert unordered.toarray().tolist() == [[0, 3, 5], [0, 0, 0], [5, 0, 2]]
