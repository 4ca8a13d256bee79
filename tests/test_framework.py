"""zhili.theory: the framework as data, graph and coding dictionary (issue 4)."""
from __future__ import annotations

import re
import textwrap
import warnings
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from _helpers import CANONICAL

import zhili as zl
from zhili.theory import KINDS, ROOT_KINDS, FrameworkError

# The paper's outline as the kit encodes it (abstract, opening, parts, sections, and the numbered
# items of 一(二)).
OUTLINE = [
    "摘要", "引言", "一", "一(一)", "一(二)", "一(二)1", "一(二)2", "一(二)3", "一(三)",
    "二", "二(一)", "二(二)", "二(三)", "二(四)",
    "三", "三(一)", "三(二)", "三(三)", "三(四)",
]


# Words so common in policy text that, as indicators, they would swamp coding.
TOO_GENERIC = {"发展", "工作", "服务", "治理", "群众", "建设", "管理", "社会", "基层", "推进", "加强", "完善",
               "组织", "机制", "体系", "能力", "社区", "村", "乡镇", "干部", "党员", "问题", "项目", "群众工作"}


@pytest.fixture(scope="module")
def fw():
    return zl.framework()


# ---- the data --------------------------------------------------------------------------------


def test_counts(fw):
    assert len(fw) >= 150
    assert len(fw.relations()) >= 90
    assert len(fw.indicators()) >= 500
    per_dimension = fw.dictionary("dimension")["label"].value_counts()
    for dim in ("治理理念", "治理能力", "治理体系", "共同缔造", "实践路径"):
        assert per_dimension[dim] >= 15, dim
    assert fw.version == "1.1"
    assert fw.source["ref"] == "mouwei2024"


@pytest.mark.parametrize("name", CANONICAL)
def test_canonical_names_resolve(fw, name):
    assert name in fw
    assert fw.find(name).name == name


def test_three_dimensions_and_roots(fw):
    assert fw.children() == ["治理理念", "治理能力", "治理体系", "共同缔造", "实践路径"]
    kinds = {fw.find(r).kind for r in fw.children()}
    assert kinds == set(ROOT_KINDS)
    assert [fw.find(n).kind for n in ("治理理念", "治理能力", "治理体系")] == ["dimension"] * 3
    layers = [n for n in fw.children("治理能力") if fw.find(n).kind == "layer"]
    assert layers == ["基层政权治理能力", "群众自治能力", "多元共治合力"]
    # the borrowed concept the three layers start from sits beside them
    assert fw.find("一体两面").kind == "concept" and fw.path("一体两面") == ["治理能力", "一体两面"]


def test_capacity_layers_and_ways_to_raise_them(fw):
    levers = lambda layer: [n for n in fw.children(layer) if fw.find(n).kind == "lever"]  # noqa: E731
    assert levers("基层政权治理能力") == ["赋权增能", "降压减负", "明责划界"]
    assert levers("群众自治能力") == ["强化自治意识", "拓宽参与渠道", "规范自治程序", "增强自治动力"]
    components = [n for n in fw.children("基层政权治理能力") if fw.find(n).kind == "component"]
    assert len(components) == 6


def test_idea_shifts(fw):
    ideas = set(fw.descendants("治理理念"))
    for shift in ("塑造服务型角色", "从命令到规制", "从汲取到赋能", "从父爱到激活", "从帮群众干到和群众一起干",
                  "群众参与意识", "共同精神"):
        assert shift in ideas
    # the former label, which only looked like a quotation, still leads to the element
    assert fw.find("从管理到服务").name == "塑造服务型角色"


def test_wugong_stages_in_order(fw):
    assert fw.children("五共") == ["决策共谋", "发展共建", "建设共管", "效果共评", "成果共享"]
    assert {"入户走访", "村湾夜话", "坝坝会"} <= set(fw.children("决策共谋"))
    assert {"投工投劳", "让地让利"} <= set(fw.children("发展共建"))
    assert {"村规民约", "公益积分制"} <= set(fw.children("建设共管"))
    assert {"服务谁谁评价", "评选活动"} <= set(fw.children("效果共评"))


def test_four_powers_members(fw):
    info = fw.find("四权同下")
    assert info.members == ("资金统筹权", "力量调配权", "协商议事权", "考核评价权")


def test_named_problems_and_changes(fw):
    assert fw.children("体系建设问题") == ["权责边界不清", "资源配置不优", "运行机制不顺"]
    assert len(fw.children("五大变化")) == 5
    assert fw.children("五线并进") == ["党建引领主线", "接诉即办热线", "公共服务专线", "各类组织蓝线", "平安稳定底线"]
    assert fw.children("实践路径") == ["更新治理理念", "织密纵横治理体系", "建强治理队伍", "机制创新提能"]


def test_sections_outline(fw):
    sections = fw.sections
    assert sections.columns.tolist() == ["code", "part", "label", "heading", "pages", "paragraphs", "n_elements",
                                         "n_with_subsections", "note"]
    assert sections["code"].tolist() == OUTLINE
    assert sections["label"].str.len().gt(0).all()
    # the paper's own headings are recorded beside the project's labels (the opening has none)
    headed = sections.set_index("code")["heading"]
    assert (headed.drop("引言").str.len() > 0).all() and headed["引言"] == ""
    assert headed["三(三)"] == "在本领迭代中建强基层治理队伍"
    # the text has no page markers: pages stay empty, paragraphs (what locators count) are given
    assert (sections["pages"] == "").all()
    assert sections["paragraphs"].notna().all() and (sections["paragraphs"] >= 1).all()
    assert (sections["n_elements"] > 0).all(), "every section of the paper is cited by some element"


def test_every_citation_exists(fw):
    codes = set(fw.sections["code"])
    table = fw.elements()
    assert table["citation"].str.len().gt(0).all()
    for cite in table["citation"]:
        assert set(cite.split("；")) <= codes, cite
    for cite in fw.relations()["citation"]:
        assert set(cite.split("；")) <= codes, cite
    assert set(table["part"]) == {"一", "二", "三"}


def test_ids_names_kinds(fw):
    table = fw.elements()
    assert table["id"].is_unique and table["name"].is_unique
    assert table["id"].str.fullmatch(r"[a-z][a-z0-9_]*").all()
    assert table["name"].str.contains(r"[\u4e00-\u9fff]").all()
    assert set(table["kind"]) <= set(KINDS)
    assert table["definition"].str.contains(r"[\u4e00-\u9fff]").all()
    assert table["definition"].str.len().le(80).all(), "definitions stay short"


def test_part_of_is_a_forest_without_orphans(fw):
    g = fw.graph
    tree = nx.DiGraph([(a, b) for a, b, r in g.edges(data="relation") if r == "part_of"])
    tree.add_nodes_from(g)
    assert nx.is_forest(tree.to_undirected())
    assert all(tree.out_degree(n) <= 1 for n in tree)  # one parent at most
    roots = [n for n in tree if tree.out_degree(n) == 0]
    assert sorted(g.nodes[r]["kind"] for r in roots) == sorted(["dimension"] * 3 + ["practice_root", "path_root"])
    reached = set(roots).union(*(nx.ancestors(tree, r) for r in roots))
    assert reached == set(g), "every element hangs under a root"


def test_terms_are_specific_and_unambiguous(fw):
    ind = fw.indicators()
    assert not (set(ind["term"]) & TOO_GENERIC)
    # each term belongs to one element, so coding never has to choose
    assert ind["term"].is_unique, ind.loc[ind["term"].duplicated(keep=False)].sort_values("term")
    assert ind["term"].str.len().between(2, 16).all()
    assert not ind["term"].str.contains(r"\s").any()


def test_terms_for_the_tokenizer(fw):
    terms = fw.terms()
    assert terms == sorted(set(terms))
    assert set(fw.elements()["name"]) <= set(terms)
    assert {"四权同下", "村湾夜话", "急难愁盼", "共建共治共享"} <= set(terms)


# ---- the object ------------------------------------------------------------------------------


def test_find_card(fw):
    info = fw.find("四权同下")
    assert info.id == "four_powers"
    assert info.ancestors == ("共同缔造", "党建引领体制机制创新")
    assert info.path[-1] == "四权同下"
    assert info.citation == ("二(二)", "三(四)")
    assert info.sections[0].startswith("二(二) ")
    out = {(r.label, r.other) for r in info.related if r.direction == "out"}
    assert ("落实", "赋权增能") in out and ("针对", "资源配置不优") in out
    text = str(info)
    assert "出处" in text and "资金统筹权" in text
    assert fw.find("four_powers") == info
    assert fw.find("四权下沉").name == "四权同下"  # an indicator term leads to its element


@pytest.mark.parametrize("wrong, suggestion", [("四权同", "四权同下"), ("决策共某", "决策共谋"), ("五线并近", "五线并进")])
def test_find_unknown_suggests(fw, wrong, suggestion):
    with pytest.raises(zl.ZhiliError, match="没有名为") as err:
        fw.find(wrong)
    assert suggestion in str(err.value)


def test_children_and_path(fw):
    assert fw.path("村湾夜话") == ["共同缔造", "构建治理共同体", "五共", "决策共谋", "村湾夜话"]
    assert fw.children("村湾夜话") == []
    assert fw.path("赋权增能")[:2] == ["治理能力", "基层政权治理能力"]


def test_practice_connects_to_theory(fw):
    rel = fw.relations()
    raised = rel.loc[rel["source"] == "入户走访", "target"].tolist()
    assert raised == ["拓宽参与渠道"]
    assert "群众自治能力" in fw.path(raised[0])
    # each thrust strengthens something in the theory; each path serves a dimension
    for thrust in [n for n in fw.children("共同缔造") if fw.find(n).kind == "thrust"]:
        targets = rel.loc[(rel["source"] == thrust) & (rel["relation"] == "strengthens"), "target"]
        assert len(targets), thrust
        assert all(fw.path(t)[0] in ("治理理念", "治理能力", "治理体系") for t in targets)
    served = rel.loc[rel["relation"] == "serves"].set_index("source")["target"].to_dict()
    assert served == {"更新治理理念": "治理理念", "织密纵横治理体系": "治理体系",
                      "建强治理队伍": "治理能力", "机制创新提能": "治理能力"}
    # every named problem is answered by some mechanism
    answered = set(rel.loc[rel["relation"] == "addresses", "target"])
    for problem in fw.children("体系建设问题") + fw.children("参与困境"):
        assert problem in answered, problem


def test_tables(fw):
    el = fw.elements()
    assert el.columns.tolist() == ["id", "name", "kind", "kind_label", "level", "parent", "root", "part",
                                   "citation", "definition", "n_terms", "basis", "coined", "attributed_to"]
    assert el.iloc[0]["name"] == "治理理念" and el.iloc[0]["level"] == 0
    assert fw.table().equals(el)
    assert fw.relations().columns.tolist() == ["source_id", "source", "relation", "label", "target_id",
                                               "target", "citation", "basis", "locator", "why", "attributed_to",
                                               "note"]
    with_tree = fw.relations(part_of=True)
    assert (with_tree["relation"] == "part_of").sum() == len(el) - 5
    assert (with_tree.loc[with_tree["relation"] == "part_of", "basis"] == "").all()
    ind = fw.indicators()
    assert ind.columns.tolist() == ["term", "element_id", "element", "kind", "root", "level", "is_name", "path",
                                    "term_source", "reason"]
    assert ind["is_name"].sum() == len(el)
    sec = fw.elements(section="二(三)")
    assert "决策共谋" in set(sec["name"]) and "赋权增能" not in set(sec["name"])
    assert set(fw.elements(section="一(二)")["name"]) >= {"基层政权治理能力", "赋权增能"}
    with pytest.raises(zl.ZhiliError, match="没有章节"):
        fw.elements(section="四")


def test_tables_are_deterministic(fw):
    fresh = zl.theory.Framework.load()
    for method in ("elements", "relations", "indicators"):
        assert getattr(fw, method)().to_csv() == getattr(fresh, method)().to_csv()
    for level in ("dimension", "subdimension", "element", "stage", "theory"):
        assert fw.dictionary(level).to_csv() == fresh.dictionary(level).to_csv()


@pytest.mark.parametrize("level", ["dimension", "subdimension", "element", "stage", "theory"])
def test_dictionary_levels(fw, level):
    d = fw.dictionary(level)
    assert d.columns.tolist() == ["term", "code", "label", "element", "path", "term_source"]
    assert set(d["term_source"]) == {"paper", "search"}
    assert not d.duplicated(["term", "code"]).any()
    assert d.notna().all().all()
    n_terms = len(fw.indicators())
    if level in ("dimension", "subdimension", "element"):
        assert len(d) == n_terms
    if level == "dimension":
        assert d["label"].unique().tolist() == fw.children()
    if level == "element":
        assert set(d["label"]) == set(fw.elements()["name"])


def test_dictionary_hierarchy(fw):
    by = {lv: fw.dictionary(lv).set_index("term") for lv in ("dimension", "subdimension", "element")}
    row = lambda lv, t: by[lv].loc[t, "label"]  # noqa: E731
    assert (row("dimension", "急难愁盼"), row("subdimension", "急难愁盼"), row("element", "急难愁盼")) == (
        "共同缔造", "以切身利益激发参与", "摸准群众需求")
    assert row("subdimension", "赋权") == "基层政权治理能力"
    stage = fw.dictionary("stage")
    assert stage["label"].unique().tolist() == ["决策共谋", "发展共建", "建设共管", "效果共评", "成果共享"]
    assert stage.set_index("term").loc["坝坝会", "label"] == "决策共谋"
    assert stage.set_index("term").loc["积分超市", "label"] == "建设共管"
    theory = fw.dictionary("theory")
    assert theory["label"].unique().tolist() == ["治理理念", "治理能力", "治理体系"]
    assert "治理能力" in set(theory.loc[theory["term"] == "村湾夜话", "label"])
    assert "四权同下" in set(theory.loc[theory["label"] == "治理能力", "term"])
    assert "美好环境与幸福生活共同缔造" not in set(theory["term"])
    for label, n in theory["label"].value_counts().items():
        assert n >= 15, label
    with pytest.raises(zl.ZhiliError, match="level"):
        fw.dictionary("topic")


def test_graph(fw, tmp_path):
    g = fw.graph
    assert isinstance(g, nx.DiGraph)
    assert g.number_of_nodes() == len(fw)
    node = g.nodes["four_powers"]
    assert node["name"] == "四权同下" and node["citation"] == "二(二)；三(四)" and node["part"] == "二"
    assert {"name", "kind", "level", "part", "citation", "definition"} <= set(node)
    assert g.edges["four_powers", "thrust_party"]["relation"] == "part_of"
    assert g.edges["four_powers", "lever_empower"]["relation"] == "implements"
    # GraphML round trip keeps nodes, edges and attributes
    path = tmp_path / "framework.graphml"
    nx.write_graphml(g, path)
    back = nx.read_graphml(path)
    assert set(back.nodes) == set(g.nodes)
    assert set(back.edges) == set(g.edges)
    for n in g:
        assert dict(back.nodes[n]) == dict(g.nodes[n])
    for a, b, data in g.edges(data=True):
        assert dict(back.edges[a, b]) == data


def test_cache_cannot_be_corrupted():
    fw = zl.framework()
    g = fw.graph
    g.nodes["four_powers"]["name"] = "改坏了"
    g.remove_node("ideas")
    table = fw.elements()
    table.loc[0, "name"] = "改坏了"
    again = zl.framework()
    assert again.graph.nodes["four_powers"]["name"] == "四权同下"
    assert "ideas" in again.graph
    assert again.elements().loc[0, "name"] == "治理理念"


# ---- extension files -------------------------------------------------------------------------


def _write(tmp_path, text, name="my.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def test_extension_adds_and_overrides(tmp_path):
    path = _write(tmp_path, """
        version: yichang
        sections:
          - {code: 宜昌讲义, label: 本地教学材料}
        elements:
          - id: local_mediation
            name: 老娘舅调解室
            kind: method
            parent: st_plan
            cite: [宜昌讲义, 二(三)]
            definition: 本地由德高望重的老人主持调解邻里纠纷的做法。
            terms: [调解室]
          - id: night_talk
            definition: 本地讲法：晚间在湾子里围坐议事。
            add_terms: [湾子夜话]
        relations:
          - {source: 老娘舅调解室, type: strengthens, target: 德治教化能力, cite: 宜昌讲义, basis: inferred,
             why: 讲义认为调解室以德服人。}
        """)
    ext = zl.framework(extra=path)
    assert ext.version == "1.1+yichang"
    assert len(ext) == len(zl.framework()) + 1
    assert ext.find("老娘舅调解室").ancestors[-1] == "决策共谋"
    assert "宜昌讲义" in ext.find("老娘舅调解室").citation
    night = ext.find("村湾夜话")
    assert night.definition.startswith("本地讲法") and "湾子夜话" in night.terms and "夜话会" in night.terms
    assert ext.dictionary("stage").set_index("term").loc["调解室", "label"] == "决策共谋"
    assert "调解室" in ext.terms()
    assert "宜昌讲义" in set(ext.sections["code"])
    # the cached default is untouched
    assert "老娘舅调解室" not in zl.framework()
    assert "湾子夜话" not in zl.framework().find("村湾夜话").terms


BROKEN = {
    "missing_field": ("""
        elements:
          - id: local_x
            name: 本地做法
            kind: method
            parent: st_plan
            cite: 二(三)
        """, 2, "definition"),
    "unknown_parent": ("""
        elements:
          - id: local_x
            name: 本地做法
            kind: method
            parent: no_such_parent
            cite: 二(三)
            definition: 一种做法。
        """, 5, "no_such_parent"),
    "duplicate_id": ("""
        elements:
          - {id: local_x, name: 本地做法甲, kind: method, parent: st_plan, cite: 二(三), definition: 甲。}
          - {id: local_x, name: 本地做法乙, kind: method, parent: st_plan, cite: 二(三), definition: 乙。}
        """, 3, "重复"),
    "bad_citation": ("""
        elements:
          - id: local_x
            name: 本地做法
            kind: method
            parent: st_plan
            cite: [二(三), 二(九)]
            definition: 一种做法。
        """, 6, "二(九)"),
    "unknown_relation_type": ("""
        relations:
          - source: 入户走访
            type: causes
            target: 群众自治能力
            cite: 二(三)
        """, 3, "causes"),
    "yaml_syntax": ("""
        elements:
          - id: local_x
            name: [本地做法
            kind: method
        """, 4, "YAML"),
    "duplicate_key": ("""
        elements:
          - id: local_x
            name: 本地做法
            name: 又一个名字
        """, 4, "两次"),
    "bad_kind": ("""
        elements:
          - {id: local_x, name: 本地做法, kind: gadget, parent: st_plan, cite: 二(三), definition: 一种做法。}
        """, 2, "gadget"),
    "root_without_root_kind": ("""
        elements:
          - {id: local_x, name: 本地做法, kind: method, cite: 二(三), definition: 一种做法。}
        """, 2, "parent"),
    "duplicate_name": ("""
        elements:
          - {id: local_x, name: 四权同下, kind: method, parent: st_plan, cite: 二(三), definition: 一种做法。}
        """, 2, "四权同下"),
    "bad_id": ("""
        elements:
          - {id: 本地, name: 本地做法, kind: method, parent: st_plan, cite: 二(三), definition: 一种做法。}
        """, 2, "编号"),
    "unknown_field": ("""
        elements:
          - id: local_x
            name: 本地做法
            kind: method
            parent: st_plan
            cite: 二(三)
            definiton: 拼错了字段名。
        """, 7, "是不是 definition"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_extension_names_file_and_line(tmp_path, case):
    text, line, needle = BROKEN[case]
    path = _write(tmp_path, text, name=f"{case}.yaml")
    with pytest.raises(FrameworkError) as err:
        zl.framework(extra=path)
    message = str(err.value)
    assert f"{case}.yaml 第 {line} 行" in message, message
    assert needle in message, message
    assert isinstance(err.value, zl.LoadError) and isinstance(err.value, zl.ZhiliError)
    assert line in [p[1] for p in err.value.problems]


def test_all_problems_reported_at_once(tmp_path):
    path = _write(tmp_path, """
        elements:
          - {id: local_a, name: 本地甲, kind: method, parent: nowhere, cite: 二(三), definition: 甲。}
          - {id: local_b, name: 本地乙, kind: method, parent: st_plan, cite: 九, definition: 乙。}
        """)
    with pytest.raises(FrameworkError) as err:
        zl.framework(extra=path)
    assert [p[1] for p in err.value.problems] == [2, 3]
    assert "2 处问题" in str(err.value)


def test_missing_extension_file(tmp_path):
    with pytest.raises(FrameworkError, match="找不到"):
        zl.framework(extra=tmp_path / "nope.yaml")
    with pytest.raises(zl.ZhiliError, match="extra"):
        zl.framework(extra=42)


# ---- figure ----------------------------------------------------------------------------------


@pytest.mark.parametrize("root, kind", [(None, "tree"), ("共同缔造", "tree"), ("五共", "graph"),
                                        ("入户走访", "graph"), (None, "graph")])
def test_figure_renders_without_missing_glyphs(fw, root, kind):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("error")
        ax = fw.plot(root, kind=kind)
        ax.figure.canvas.draw()  # text is laid out (and glyphs looked up) only when drawn
    assert not [w for w in caught if "Glyph" in str(w.message)]
    labels = {t.get_text() for t in ax.texts}
    expected = "治理能力" if root is None and kind == "tree" else (root or "拓宽参与渠道")
    assert expected in labels
    assert all(re.search(r"[\u4e00-\u9fff]", t) for t in labels if t)
    plt.close(ax.figure)


def test_figure_is_deterministic_and_uses_given_axes(fw):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    assert fw.plot("治理能力", ax=ax) is ax
    first = [(t.get_text(), t.get_position()) for t in ax.texts]
    second = [(t.get_text(), t.get_position()) for t in fw.plot("治理能力").texts]
    assert first == second
    g1 = [(t.get_text(), tuple(t.get_position())) for t in fw.plot("五共", kind="graph").texts]
    g2 = [(t.get_text(), tuple(t.get_position())) for t in fw.plot("五共", kind="graph").texts]
    assert g1 == g2
    with pytest.raises(zl.ZhiliError, match="kind"):
        fw.plot(kind="sunburst")
    plt.close("all")


def test_docstring_examples_run():
    import doctest

    import zhili.theory.model as model

    result = doctest.testmod(model, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted >= 10


def test_pandas_types(fw):
    el = fw.elements()
    assert pd.api.types.is_integer_dtype(el["level"]) and pd.api.types.is_integer_dtype(el["n_terms"])


def test_section_counts_with_subsections_match_elements_filter():
    # regression (lesson 01 review): n_elements counts exact citations only
    fw = zl.framework()
    table = fw.sections.set_index("code")
    for code in ("一(二)", "二", "二(三)", "三(四)"):
        assert table.loc[code, "n_with_subsections"] == len(fw.elements(section=code))
    assert table.loc["一(二)", "n_elements"] < table.loc["一(二)", "n_with_subsections"]


# ---- issue 10: cycles made by an extension; alias bombs --------------------------------------

def test_cycle_made_by_an_extension_blames_the_extension_line(tmp_path):
    # night_talk (村湾夜话) sits under st_plan in the kit's file; making st_plan its child closes a circle
    path = _write(tmp_path, """
        version: local
        elements:
          - id: st_plan
            definition: 本地讲法。
            parent: night_talk
        """, name="cycle.yaml")
    with pytest.raises(FrameworkError) as err:
        zl.framework(extra=path)
    assert [(Path(f).name, line) for f, line, _ in err.value.problems] == [("cycle.yaml", 5)]
    message = str(err.value)
    assert "cycle.yaml 第 5 行" in message and "framework.yaml" not in message
    assert "st_plan → night_talk → st_plan" in message and "parent=night_talk" in message


def test_cycle_inside_an_extension_is_reported_once_at_the_line_that_closes_it(tmp_path):
    path = _write(tmp_path, """
        elements:
          - {id: local_a, name: 本地甲, kind: method, parent: local_b, cite: 二(三), definition: 甲。}
          - {id: local_b, name: 本地乙, kind: method, parent: local_a, cite: 二(三), definition: 乙。}
        """)
    with pytest.raises(FrameworkError) as err:
        zl.framework(extra=path)
    assert [p[1] for p in err.value.problems] == [3]
    assert "local_b → local_a → local_b" in str(err.value)


LAUGHS = "".join(f"{b}: &{b} [{','.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))
LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + LAUGHS


def test_billion_laughs_extension_is_refused_with_file_and_line(tmp_path):
    import tracemalloc

    assert len(LAUGHS.encode()) < 350
    path = tmp_path / "laughs.yaml"
    path.write_text("source:\n" + textwrap.indent(LAUGHS, "  "), encoding="utf-8")  # valid keys: str() would expand it
    tracemalloc.start()
    try:
        with pytest.raises(FrameworkError) as err:
            zl.framework(extra=path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000  # expanding it would take gigabytes
    (problem,) = err.value.problems
    assert Path(problem[0]).name == "laughs.yaml" and problem[1] == 7  # line of f: its *e aliases cross the bound
    assert "别名" in problem[2] and "已拒绝读取" in problem[2]


def test_ordinary_aliases_still_load(tmp_path):
    path = _write(tmp_path, """
        elements:
          - {id: local_a, name: 本地甲, kind: method, parent: st_plan, cite: &c [二(三)], definition: 甲。,
             terms: &t [本地甲词, 本地公用词]}
          - {id: local_b, name: 本地乙, kind: method, parent: st_plan, cite: *c, definition: 乙。, terms: *t}
        """)
    fw = zl.framework(extra=path)
    assert "本地公用词" in fw.find("本地甲").terms and fw.find("本地乙").citation


def test_a_section_typed_with_arabic_digits_suggests_the_chinese_numerals_first():
    fw = zl.framework()
    with pytest.raises(zl.ZhiliError, match=r"您是不是要找：二\(三\)、"):
        fw.elements(section="2(3)")
    with pytest.raises(zl.ZhiliError, match=r"您是不是要找：二\(三\)、"):
        fw.elements(section="2（3）")
