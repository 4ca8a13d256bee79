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
    assert _cells(zl.show(t, mode="zh")) == [["<0.001"], ["0.046"]]  # three decimals, as every p-value
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


def test_no_negative_zero():
    # regression (review of issue 16): an NPMI coherence of -0.001 or a log ratio of -0.0 read "-0.00"
    table = pd.DataFrame({"coherence": [-0.001, -0.0, 0.004, -0.3], "share": [-0.0, 0.0, 0.5, 0.25],
                          "count": [-0.0, 1.0, 2.0, 3.0]})
    cells = zl.show(table).data
    assert cells.iloc[:, 0].tolist() == ["0.00", "0.00", "0.00", "-0.30"]
    assert cells.iloc[:, 1].tolist() == ["0.0%", "0.0%", "50.0%", "25.0%"]
    assert cells.iloc[:, 2].tolist() == ["0", "1", "2", "3"]
    assert zl.show(table, digits=0).data.iloc[:, 0].tolist() == ["0", "0", "0", "0"]


def test_no_negative_zero_in_figures():
    from zhili.plot import _format, heatmap

    assert [_format(v, f) for v, f in [(-0.001, ".2f"), (-0.0, ".2f"), (-0.004, ".0%"), (-0.3, ".2f"), (-1e-9, "d")]] == \
        ["0.00", "0.00", "0%", "-0.30", "0"]
    ax = heatmap(pd.DataFrame({"甲": [-0.001, 0.5], "乙": [0.25, -0.002]}, index=["一", "二"]), fmt=".2f")
    assert [t.get_text() for t in ax.texts] == ["0.00", "0.25", "0.50", "0.00"]


def test_every_column_of_the_issue16_methods_has_a_label():
    # regression (review of issue 16): topics, collocates, word vectors, reuse and the instrument
    # dictionaries returned columns zl.show left in English (topic, coherence, logdice, topic_3 …)
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from test_analysis_topics import _planted

    toks, _ = _planted()
    m = zl.topics(toks, k=3, seed=0)
    docs = zl.Corpus.from_texts({"甲": "推进共同缔造，建设美好环境与幸福生活，组织居民议事协商。",
                                 "乙": "推进共同缔造，建设美好环境与幸福生活，开展邻里互助活动。"})
    with pytest.warns(zl.ZhiliWarning):
        vectors = [zl.similar_words(toks, ["物业", "网格"], n=3, min_count=1),
                   zl.expand_dictionary(toks, {"物业类": ["物业", "小区"]}, n=3, min_count=1)]
    tables = {"terms": m.terms(5), "documents": m.documents(), "summary": m.summary(),
              "prevalence": m.prevalence("year"), "by_setting": m.prevalence("setting"),
              "compare": zl.compare_topics(toks, ks=[2, 3]), "collocates": zl.collocates(toks, ["物业", "网格"]),
              "similar_words": vectors[0], "expand": vectors[1], "reuse": zl.text_reuse(docs, near=True),
              "dictionary": zl.load_dictionary("instruments_rz").table()}
    for name, t in tables.items():
        own = t.attrs.get("zhili_labels", {})
        missing = [c for c in t.columns if label(c, labels=own) == c]
        assert not missing, (name, missing)
    # labels that depend on the table
    assert "主要词语 terms" in zl.show(m.summary()).data.columns
    assert label("terms") == "指标词 terms"  # elsewhere (a framework element's terms) unchanged
    shown = zl.show(tables["collocates"]).data.columns
    assert {"左侧次数 left", "右侧次数 right", "搭配词 collocate", "logDice logdice"} <= set(shown)
    assert "左侧上下文 left" in zl.show(zl.kwic(docs, "共同缔造")).data.columns
    assert "词表词数 n_terms" in zl.show(tables["compare"]).data.columns
    assert "指标词数 n_terms" in zl.show(zl.framework().elements().assign(n_terms=1)).data.columns
    # the per-topic shares of documents: 主题 2 占比, shown as percentages; kept after filtering
    d = tables["documents"]
    part = zl.show(d[d["top_topic"] == 2], columns=["doc_id", "top_topic", "topic_2"]).data
    assert list(part.columns) == ["文档 doc_id", "主要主题 top_topic", "主题 2 占比 topic_2"]
    assert part.iloc[0, 2].endswith("%")
    assert label("topic_12") == "主题 12 占比 topic_12" and label("topic_x") == "topic_x"


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


def test_labels_and_headers_are_escaped_as_text():
    # regression (lesson 07 review): row labels and column names were put into the HTML as they are,
    # so a label that looks like a tag ("<b>", "p < 0.05 的词数") could break or vanish from the table
    table = pd.DataFrame({"<b>列</b>": [1, 2]}, index=pd.Index(["p < 0.05 的词数", "<i>x</i> & y"], name="项目"))
    page = zl.show(table).to_html()
    assert "p &lt; 0.05 的词数" in page and "&lt;i&gt;x&lt;/i&gt; &amp; y" in page
    assert "&lt;b&gt;列&lt;/b&gt;" in page and "<b>" not in page and "<i>" not in page
    plain = zl.show(pd.DataFrame({"词": ["社区"], "count": [3]})).to_html()
    assert ">社区<" in plain and ">3<" in plain
