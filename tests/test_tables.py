"""zl.show: tables for students — Chinese labels, rounded numbers, percentages, no index noise (issue 13)."""
from __future__ import annotations

import pandas as pd
import pytest

import zhili as zl
from zhili.tables import COLUMN_LABELS, label


def _cells(styler) -> list[list[str]]:
    return styler.data.astype(str).values.tolist()


def test_labels_rounding_and_percentages():
    toks = zl.tokenize(["社区居民共同缔造。社区居民议事协商。", "村民共同缔造。"], cache=False)
    top = zl.top_terms(toks, 3)
    s = zl.show(top)
    assert list(s.data.columns) == [label(c) for c in top.columns]
    assert "词语 term" in s.data.columns and "占比 share" in s.data.columns
    shares = s.data["占比 share"].tolist()
    assert all(v.endswith("%") for v in shares)
    assert shares[0] == f"{top['share'].iloc[0] * 100:.1f}%"
    assert s.data["次数 count"].tolist() == [str(v) for v in top["count"]]  # whole numbers stay whole
    assert "term" in top.columns and "词语 term" not in top.columns  # the original is not changed
    html = s.to_html()
    assert 'class="row_heading' not in html  # pandas' row numbers are hidden
    assert html == zl.show(top).to_html()  # deterministic


def test_modes_digits_and_p_values():
    t = pd.DataFrame({"term": ["甲"], "g2": [12.34567], "p": [0.00002], "p_adj": [0.0456], "my_col": [1.5]})
    assert list(zl.show(t, mode="zh").data.columns) == ["词语", "G²", "p 值", "校正后 p 值", "my_col"]
    assert list(zl.show(t, mode="en").data.columns) == ["term", "g2", "p", "p_adj", "my_col"]
    row = _cells(zl.show(t, digits=3, labels={"my_col": "我的列"}))[0]
    assert row == ["甲", "12.346", "<0.001", "0.046", "1.500"]
    # p-values keep three decimals (0.004 is not 0.00); float columns of whole numbers read as integers
    t2 = pd.DataFrame({"p_adjusted": [0.004], "weighted_degree": [87.0], "g2": [2.0]})
    assert _cells(zl.show(t2))[0] == ["0.004", "87", "2"]
    assert list(zl.show(t2, mode="zh").data.columns) == ["校正后 p 值", "加权度", "G²"]
    assert "&lt;0.001" in zl.show(t).to_html()  # escaped in HTML
    assert _cells(zl.show(t, percent=False, columns=["g2"]))[0] == ["12.35"]


def test_keyness_adjusted_p_values_read_like_p_values():
    """zl.keyness(p_adjust=...) names its column p_adjusted: labelled and shown as <0.001 like p (issue 17)."""
    t = pd.DataFrame({"p_adjusted": [0.00001, 0.0456]})
    assert _cells(zl.show(t, mode="zh")) == [["<0.001"], ["0.05"]]
    assert label("p_adjusted", mode="zh") == "校正后 p 值"


def test_percent_only_for_shares():
    t = pd.DataFrame({"precision": [0.8, 1.0], "count": [3, 4], "share": [0.5, 1.5]})
    row = _cells(zl.show(t))
    assert row[0][0] == "80.0%"
    assert row[0][2] == "0.50"  # a "share" above 1 is not a share: left as a number
    assert _cells(zl.show(t, percent=["count"]))[0][1] == "3"  # counts above 1 are never percentages


def test_named_index_is_kept_and_labelled():
    profile = pd.DataFrame({"治理理念": [1.234]}, index=pd.Index(["HB001"], name="doc_id"))
    s = zl.show(profile)
    assert s.data.index.names == ["文档 doc_id"] and "HB001" in s.to_html()
    assert "HB001" not in zl.show(profile, index=False).to_html()


def test_series_missing_values_and_long_tables():
    s = zl.show(pd.Series([1, 2], name="count"))
    assert list(s.data.columns) == ["次数 count"]
    long = pd.DataFrame({"term": [f"词{i}" for i in range(100)], "count": range(100)})
    shown = zl.show(long, max_rows=10)
    assert len(shown.data) == 10 and "共 100 行" in shown.to_html()
    gaps = pd.DataFrame({"term": ["甲", None], "count": [1.0, float("nan")]})
    assert _cells(zl.show(gaps))[1] == ["", ""]


def test_bad_input_is_explained():
    with pytest.raises(zl.ZhiliError, match="DataFrame"):
        zl.show([1, 2, 3])
    with pytest.raises(zl.ZhiliError, match="是不是 'term'"):
        zl.show(pd.DataFrame({"term": ["甲"]}), columns=["trem"])
    with pytest.raises(zl.ZhiliError, match="digits"):
        zl.show(pd.DataFrame({"term": ["甲"]}), digits=-1)


def test_every_column_the_lessons_show_has_a_label():
    """The kit's own tables: every column of the main results has a Chinese label."""
    corpus = zl.Corpus.from_texts(["社区居民共同缔造。社区居民议事协商。", "村民共同缔造，村民议事。"],
                                  docvars={"setting": ["城市", "农村"]})
    toks = zl.tokenize(corpus, cache=False)
    tables = [zl.top_terms(toks, 3), zl.keywords(toks, n=2), zl.keyness(toks, "城市", by="setting"),
              zl.kwic(toks.corpus, "共同缔造"), zl.centrality(zl.cooccurrence_network(toks, min_count=1)),
              zl.framework().elements(), zl.framework().relations()]
    unlabeled = {c for t in tables for c in t.columns if c not in COLUMN_LABELS}
    assert not unlabeled, unlabeled


def test_row_labels_are_shown_row_numbers_are_not_booleans_read_in_chinese():
    counts = pd.Series([3, 2], index=["决策共谋", "发展共建"], name="count")
    assert "决策共谋" in zl.show(counts).to_html()  # labels that carry meaning stay
    t = pd.DataFrame({"term": ["甲", "乙", "丙"], "ok": [True, False, True]})
    filtered = t[t["ok"]]  # row numbers 0 and 2 after filtering: still pandas' numbers, hidden
    assert 'class="row_heading' not in zl.show(filtered).to_html()
    assert _cells(zl.show(t))[1] == ["乙", "否"]


def test_case_claims_have_chinese_status_names():
    claims = zl.case_claims()
    from zhili.casebook import CLAIM_STATUS_LABELS

    assert set(claims["status_label"]) <= set(CLAIM_STATUS_LABELS.values())
    assert (claims["status"].map(CLAIM_STATUS_LABELS) == claims["status_label"]).all()
    assert "核查状态 status_label" in zl.show(claims.head(3)).data.columns


def test_an_empty_filter_result_says_nothing_matched_and_names_the_values_that_are_there():
    kw = pd.DataFrame({"id": ["HB002", "HB020", "HB021"], "rank": [1, 1, 1], "term": ["平台", "夜话", "快递"]})
    caption = zl.show(kw[kw["id"] == "hb020"]).caption
    assert caption.startswith("⚠ 这张表一行也没有。筛选条件没有选中任何一行")
    assert 'kw 的 id 列里没有 "hb020"' in caption and '您是不是要找："HB020"' in caption
    assert "HB002、HB020、HB021" in caption
    sel = kw[kw["term"] == "村民"]
    assert '没有 "村民"' in zl.show(sel).caption and "平台、夜话、快递" in zl.show(sel).caption
    general = zl.show(kw.head(0)).caption  # no filter to read: the general hint
    assert "筛选条件没有选中任何一行" in general and "HB020" in general
    assert zl.show(kw).caption is None


def test_relation_basis_values_are_labelled_in_chinese_like_columns():
    rel = zl.framework().relations()
    counts = zl.show(rel["basis"].value_counts()).data
    assert list(counts.index) == ["本项目推断 inferred", "论文明确提出 stated"]
    table = zl.show(rel[rel["label"] == "服务于"], columns=["source", "basis"]).data
    assert set(table["依据 basis"]) <= {"本项目推断 inferred", "论文明确提出 stated"}
    cross = zl.show(pd.crosstab(rel["label"], rel["basis"])).data
    assert list(cross.columns) == ["本项目推断 inferred", "论文明确提出 stated"]
    assert list(zl.show(rel["basis"].value_counts(), mode="zh").data.index) == ["本项目推断", "论文明确提出"]
    assert list(zl.show(rel["basis"].value_counts(), mode="en").data.index) == ["inferred", "stated"]
    assert rel["basis"].iloc[0] in ("inferred", "stated")  # the table itself is not changed
