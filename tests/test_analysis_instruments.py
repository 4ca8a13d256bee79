"""Policy-instrument dictionaries, obligation strength and the instrument × stage matrix (issue 16, part 4).

Every rule of the three built-in dictionaries is checked on a sentence written for it; every
sentence here is written for these tests.
"""
from __future__ import annotations

import pytest

import zhili as zl
from zhili.dictionaries import Category, Dictionary, load_dictionary

NAMES = ["instruments_rz", "instruments_me", "obligation"]
DICTS = {name: load_dictionary(name) for name in NAMES}


def _codes(text: str, dictionary) -> dict[str, float]:
    row = zl.code_dictionary([text], dictionary, unit="document").iloc[0]
    return {c: float(row[c]) for c in dictionary.labels}


def _one_rule(d: Dictionary, category: str, rule) -> Dictionary:
    """A dictionary of one rule with a tiny threshold: the score is the rule's own contribution."""
    return Dictionary(name="单条规则", version="0", threshold=1e-6, window=d.window,
                      categories=(Category(label=category, rules=(rule,)),))


RULES = [(name, c.label, i, r) for name, d in DICTS.items() for c in d.categories for i, r in enumerate(c.rules, start=1)]


def _scores(texts: list[str], dictionary, category: str) -> list[float]:
    return zl.code_dictionary(texts, dictionary, unit="document")[category].astype(float).tolist()


@pytest.mark.parametrize("name,category,number,rule", RULES, ids=[f"{n}-{c}-{i}" for n, c, i, _ in RULES])
def test_every_rule_works_as_written(name, category, number, rule):
    d = DICTS[name]
    one = _one_rule(d, category, rule)
    context = rule.with_[0] if rule.with_ else ""
    # every cue in a neutral frame (no cue of any of the three dictionaries in it), coded at once
    framed = [f"{context}加以落实，把{t}记下来。" if context else f"请把{t}记下来。" for t in rule.terms]
    assert _scores(framed, one, category) == pytest.approx([rule.weight] * len(rule.terms))
    if rule.with_:  # without the context word a cue does not count
        assert _scores([f"请把{t}记下来。" for t in rule.terms], one, category) == [0] * len(rule.terms)
    blocked = []
    if rule.not_with:
        blocked.append(f"{context}{rule.not_with[0]}{rule.terms[0]}。")
    for longer in rule.not_in:  # inside a longer word the cue does not count
        if any(t in longer for t in rule.terms) and not any(longer in t for t in rule.terms):
            blocked.append(f"请把{longer}记下来。")
    if blocked:
        assert _scores(blocked, one, category) == [0] * len(blocked), blocked
    assert rule.source or rule.why


@pytest.mark.parametrize("name,category", [(n, c) for n, d in DICTS.items() for c in d.categories],
                         ids=lambda x: x if isinstance(x, str) else x.label)
def test_the_dictionaries_code_their_own_examples(name, category):
    d = DICTS[name]
    assert category.definition and category.examples_include and category.examples_exclude
    for sentence in category.examples_include:
        assert _codes(sentence, d)[category.label] > 0, sentence
    for sentence in category.examples_exclude:
        assert _codes(sentence, d)[category.label] == 0, sentence


def test_instrument_groups_and_citations():
    rz = DICTS["instruments_rz"]
    assert [g.label for g in rz.groups] == ["供给型", "需求型", "环境型"]
    assert all(g.definition and g.source for g in rz.groups)
    assert {rz.group_of[c] for c in ["人才培养", "资金投入", "技术支持", "公共服务", "基础设施"]} == {"供给型"}
    assert {rz.group_of[c] for c in ["政府购买服务", "服务外包", "试点示范"]} == {"需求型"}
    assert {rz.group_of[c] for c in ["目标规划", "法规管制", "税收优惠", "策略性措施"]} == {"环境型"}
    assert "Rothwell" in rz.citation and "1985" in rz.citation
    me = DICTS["instruments_me"]
    assert me.labels == ["命令型", "激励型", "能力建设型", "系统变革型", "劝告型"]
    assert "McDonnell" in me.citation and "Schneider" in me.citation and not me.groups
    assert rz.table()["group"].ne("").all() and me.table()["group"].eq("").all()
    page = rz.codebook()
    assert "## 供给型" in page and "## 人才培养（供给型）" in page and "论文 Rothwell" not in page


def test_group_level_coding_sums_the_sub_types():
    coded = zl.code_dictionary(["加强社区工作者培训，建设信息平台，并纳入年度考核。"], "instruments_rz", level="group")
    assert coded.attrs["categories"] == ["供给型", "需求型", "环境型"]
    row = coded.iloc[0]
    assert row["供给型"] >= 2 and row["需求型"] == 0 and row["环境型"] >= 1
    assert row["categories"] == "供给型；环境型"
    # a dictionary without groups: both levels are the same
    same = zl.code_dictionary(["严禁乱收费。"], "instruments_me", level="group")
    assert same.attrs["categories"] == DICTS["instruments_me"].labels


# ------------------------------------------------------------------------------ obligation strength


@pytest.mark.parametrize("sentence,strength", [
    ("村级组织不得擅自设立收费项目。", "约束性"),
    ("严禁向村（社区）摊派任务。", "约束性"),
    ("涉及群众利益的事项一律公开。", "约束性"),
    ("这类事项不可以由个人决定。", "约束性"),
    ("人口较少的村可以不单独设立监督委员会。", "倡导性"),  # 可以不: a permission, not a prohibition
    ("规模较小的小区不必单独成立业主委员会。", "倡导性"),
    ("鼓励社会组织参与社区服务。", "倡导性"),
    ("有条件的地方可以先行探索。", "倡导性"),
    ("各级党委要加强组织领导。", "指导性"),
    ("乡镇应当建立便民服务机制。", "指导性"),
    ("务必把群众反映的问题解决好。", "指导性"),
    ("村委会不应包办村民的事务。", "指导性"),   # a directive not to: still directive
    ("鼓励居民参与，但不得收取任何费用。", "约束性"),  # the strongest level wins
    ("基层治理是国家治理的重要基础。", "未标明"),    # 要 inside 重要
    ("做好应急物资储备和相应保障。", "未标明"),      # 应 inside 应急 / 相应
    ("推进城乡社区可持续发展。", "未标明"),          # 可 inside 可持续
    ("我们不鼓励层层加码。", "未标明"),              # not encouragement
    ("考核不一律以台账为准。", "未标明"),            # 不一律 allows exceptions
    ("加强基层政权建设。", "未标明"),                # an imperative without a modal cue
])
def test_obligation_strength(sentence, strength):
    t = zl.obligation_strength([sentence], unit="document")
    assert t.loc[0, "strength"] == strength, t.loc[0, "evidence"]


def test_obligation_table_shape():
    t = zl.obligation_strength(zl.Corpus.from_texts({"甲": "各地要抓好落实。鼓励探索。不得乱收费。"}))
    assert t["strength"].tolist() == ["指导性", "倡导性", "约束性"]
    cols = t.columns.tolist()
    assert cols[5:8] == ["约束性", "指导性", "倡导性"] and cols.index("strength") == cols.index("categories") + 1
    with pytest.raises(zl.ZhiliError, match="约束性、指导性、倡导性"):
        zl.obligation_strength(["不得乱收费。"], dictionary="theory")


# ------------------------------------------------------------------------------ the matrix

SMALL = zl.Corpus.from_texts({
    "甲": "召开村民议事会，组织居民议事协商，推进决策共谋。加强社区工作者培训，开展效果共评。",
    "乙": "通过政府购买服务引入社会组织，推动发展共建。把群众评议结果纳入年度考核，完善效果共评。",
    "丙": "举办邻里节。",
})


def test_matrix_of_instrument_groups_by_five_stages():
    tools = zl.code_dictionary(SMALL, "instruments_rz")
    m = zl.instrument_matrix(tools)
    assert m.index.tolist() == ["供给型", "需求型", "环境型"]
    assert m.columns.tolist() == ["决策共谋", "发展共建", "建设共管", "效果共评", "成果共享"]
    assert m.index.name == "工具" and m.columns.name == "维度"
    assert m.loc["供给型", "效果共评"] == 1 and m.loc["需求型", "发展共建"] == 1 and m.loc["环境型", "效果共评"] == 1
    assert int(m.to_numpy().sum()) == 3
    assert m.attrs["n_units"] == len(tools)
    # sub-types as rows
    sub = zl.instrument_matrix(tools, level="category")
    assert sub.loc["人才培养", "效果共评"] == 1 and sub.loc["政府购买服务", "发展共建"] == 1
    # margins: units coded for the instrument at all
    tot = zl.instrument_matrix(tools, margins=True)
    assert tot.loc["合计", "效果共评"] == 2 and tot.loc["供给型", "合计"] >= 1
    share = zl.instrument_matrix(tools, normalize="all")
    assert share.to_numpy().sum() == pytest.approx(1.0)


def test_matrix_against_theory_and_against_a_given_coding():
    tools = zl.code_dictionary(SMALL, "instruments_me")
    m = zl.instrument_matrix(tools, dimension="theory")
    assert m.columns.tolist() == ["治理理念", "治理能力", "治理体系"] and m.index.tolist()[0] == "命令型"
    stages = zl.code_framework(SMALL, level="stage", match="text")
    direct = zl.instrument_matrix(tools, stages)
    assert direct.columns.tolist() == ["决策共谋", "发展共建", "建设共管", "效果共评", "成果共享"]


def test_matrix_needs_the_same_units():
    tools = zl.code_dictionary(SMALL, "instruments_rz")
    other = zl.code_framework(SMALL, level="stage", unit="paragraph", match="text")
    with pytest.raises(zl.ZhiliError, match="单元不一致"):
        zl.instrument_matrix(tools, other)
    with pytest.raises(zl.ZhiliError, match="编码表"):
        zl.instrument_matrix("不是表")
    with pytest.raises(zl.ZhiliError, match="dimension"):
        zl.instrument_matrix(tools, dimension="四权")


def test_heatmaps():
    tools = zl.code_dictionary(SMALL, "instruments_rz")
    ax = zl.instrument_heatmap(zl.instrument_matrix(tools, margins=True), title="政策工具 × 五共")
    assert [t.get_text() for t in ax.texts][:5] == ["0", "0", "0", "1", "0"]
    assert min(label.get_fontsize() for label in ax.get_yticklabels()) >= 12
    assert len(ax.texts) == 15  # the 合计 row and column are left out
    shares = zl.instrument_heatmap(zl.instrument_matrix(tools, normalize="row"))
    assert shares.texts[0].get_text().endswith("%")


# ------------------------------------------------------------------------------ the dictionary format

GROUPED = """\
name: 分组示例
version: "0.1"
groups:
  甲组:
    definition: 第一组
  乙组:
    definition: 第二组
categories:
  一类:
    group: 甲组
    rules:
      - terms: [培训]
        why: 测试
  二类:
    group: 乙组
    rules:
      - terms: [补贴]
        why: 测试
"""


@pytest.mark.parametrize("change,fragment", [
    (lambda t: t.replace("    definition: 第一组\n", "    definition: 第一组\n    colour: red\n"), "组 甲组：有未知的字段 colour"),
    (lambda t: t.replace("    group: 乙组\n", "    group: 丙组\n"), "group: 丙组 不在 groups 中"),
    (lambda t: t.replace("    group: 乙组\n", ""), "二类：缺少 group"),
    (lambda t: t.replace("    group: 乙组\n", "    group: 甲组\n"), "乙组 没有任何类别"),
    (lambda t: t.replace("      - terms: [补贴]\n        why: 测试\n", "      []\n").replace("    rules:\n      []", "    rules: []"),
     "二类：没有任何规则"),
    (lambda t: t.replace("      - terms: [补贴]\n", "      - terms: [补贴]\n        scope: 全文\n"), "未知的字段 scope"),
    (lambda t: t.split("groups:")[0] + "categories:" + t.split("categories:")[1], "但词典没有 groups"),
])
def test_bad_grouped_dictionaries_get_chinese_errors(tmp_path, change, fragment):
    path = tmp_path / "分组.yaml"
    path.write_text(change(GROUPED), encoding="utf-8")
    with pytest.raises(zl.ZhiliError, match=fragment):
        load_dictionary(path)


def test_a_grouped_user_dictionary(tmp_path):
    path = tmp_path / "分组.yaml"
    path.write_text(GROUPED, encoding="utf-8")
    d = load_dictionary(path)
    assert d.group_of == {"一类": "甲组", "二类": "乙组"}
    coded = zl.code_dictionary(["开展培训并发放补贴。"], d, level="group")
    assert coded[["甲组", "乙组"]].values.tolist() == [[1.0, 1.0]]


# ------------------------------------------------------------------------------ document similarity

DOCS = zl.Corpus.from_texts({
    "城市甲": "推进共同缔造，建设美好环境与幸福生活，组织居民议事协商。",
    "城市乙": "推进共同缔造，建设美好环境与幸福生活，开展邻里互助活动。",
    "法规丙": "本条例自公布之日起施行，违反本条例规定的依法追究责任。",
    "空文": "",
}, docvars={"level": ["市", "市", "省", "省"]})


@pytest.mark.parametrize("method", ["tfidf", "jaccard"])
def test_similarity_is_square_symmetric_and_ranks_the_near_pair_first(method):
    sim = zl.similarity(DOCS, method)
    assert sim.index.tolist() == sim.columns.tolist() == ["城市甲", "城市乙", "法规丙", "空文"]
    body = sim.iloc[:3, :3].to_numpy()
    assert (body == body.T).all() and (body.diagonal() == 1).all()
    assert sim.loc["城市甲", "城市乙"] > sim.loc["城市甲", "法规丙"]
    assert sim.loc["空文"].isna().all()  # nothing to compare: no number invented
    assert sim.attrs["method"] == method


def test_similarity_by_docvar_pools_documents():
    sim = zl.similarity(DOCS, "jaccard", by="level")
    assert sim.index.tolist() == ["市", "省"] and sim.index.name == "level"
    with pytest.raises(zl.ZhiliError, match="by="):
        zl.similarity(DOCS, "jaccard", by="没有这列")
    with pytest.raises(zl.ZhiliError, match="method"):
        zl.similarity(DOCS, "cosine")


def test_similarity_heatmap_clusters_alike_documents_together():
    sim = zl.similarity(DOCS.subset([True, True, True, False]), "jaccard")
    ax = zl.similarity_heatmap(sim.iloc[[0, 2, 1], [0, 2, 1]])
    order = ax.zhili_order
    assert abs(order.index("城市甲") - order.index("城市乙")) == 1
    assert min(label.get_fontsize() for label in ax.get_xticklabels()) >= 12
    assert ax.images[0].colorbar is not None
    with pytest.raises(zl.ZhiliError, match="方阵"):
        zl.similarity_heatmap(sim.iloc[:2])


# ------------------------------------------------------------------------------ review of issue 16

def test_praise_is_a_strategic_measure():
    # regression: the province's "按规定给予表扬激励" was not coded (表彰 was a cue, 表扬 was not)
    coded = zl.code_dictionary(["对工作成效显著的地方，按规定给予表扬激励。"], "instruments_rz")
    assert coded.loc[0, "categories"] == "策略性措施" and coded.loc[0, "evidence"] == "表扬"


def test_headings_are_coded_by_their_words_like_every_coder_of_the_kit():
    # code_framework, code_dictionary and obligation_strength code a numbered heading as a unit of its
    # own, by its words (nothing skips or merges headings); in instruments_rz a section heading that
    # names a strategic measure is coded like "一、总体要求" is coded as a goal
    text = "一、总体要求\n到2027年建成议事协商平台。\n三、加强组织保障\n各级党委要加强组织领导。\n四、保障措施\n定期督查。"
    corpus = zl.Corpus.from_texts({"意见": text})
    tools = zl.code_dictionary(corpus, "instruments_rz")
    frame = zl.code_framework(corpus, level="stage")
    tone = zl.obligation_strength(corpus)
    assert tools["unit_id"].tolist() == frame["unit_id"].tolist() == tone["unit_id"].tolist()
    assert tools["text"].tolist()[::2] == ["一、总体要求", "三、加强组织保障", "四、保障措施"]
    headings = dict(zip(tools["text"], tools["categories"]))
    assert headings["一、总体要求"] == "目标规划"
    assert headings["三、加强组织保障"] == "策略性措施" and headings["四、保障措施"] == "策略性措施"
    assert tools.loc[1, "heading_path"] == "一、总体要求"
