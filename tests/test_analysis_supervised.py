"""zhili.analysis.supervised: a coder trained on hand codes (issue 12, item 3).

Every sentence here is written for these tests: short policy-style sentences coded for
治理理念 (理) / 治理能力 (能) / 治理体系 (体); a sentence may have several codes or none.
"""
from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import zhili as zl
from zhili import ZhiliError, ZhiliWarning
from zhili.analysis.supervised import REPORT_COLUMNS, SupervisedCoder, load_coder, train_coder
from zhili.corpus import Corpus

CATS = ["治理理念", "治理能力", "治理体系"]

# (sentence, codes): 理 治理理念, 能 治理能力, 体 治理体系
SENTENCES = [
    ("坚持以人民为中心的发展思想", "理"),
    ("树立共建共治共享的治理理念", "理"),
    ("坚持人民至上的价值追求", "理"),
    ("始终把人民群众利益放在首位", "理"),
    ("践行全心全意为人民服务的根本宗旨", "理"),
    ("牢固树立以民为本的执政理念", "理"),
    ("坚持发展为了人民、发展依靠人民", "理"),
    ("秉持民有所呼、我有所应的服务理念", "理"),
    ("坚持党的全面领导这一根本原则", "理"),
    ("树立系统治理、依法治理的思想", "理"),
    ("坚持人民群众是治理主体的理念", "理"),
    ("把群众满意作为工作的价值导向", "理"),
    ("坚持和发展新时代枫桥经验的思想精髓", "理"),
    ("牢记为民造福的初心使命", "理"),
    ("坚持共同缔造的核心理念", "理"),
    ("树立服务群众的宗旨意识", "理"),
    ("提升乡镇行政执行能力", "能"),
    ("增强村干部依法办事能力", "能"),
    ("提高基层干部为民服务水平", "能"),
    ("提升乡镇应急管理和处置能力", "能"),
    ("增强社区网格员的工作本领", "能"),
    ("提高基层议事协商能力", "能"),
    ("提升村级组织动员群众的能力", "能"),
    ("增强基层干部化解矛盾的本领", "能"),
    ("提高乡镇平安建设能力", "能"),
    ("提升基层数字化治理水平", "能"),
    ("增强乡镇公共服务供给能力", "能"),
    ("提高村干部带头致富的本领", "能"),
    ("提升社区工作者专业服务能力", "能"),
    ("增强基层党组织的组织力和执行力", "能"),
    ("提升干部运用信息技术的能力", "能"),
    ("提高乡村两级风险防范能力", "能"),
    ("健全基层群众自治制度", "体"),
    ("完善党组织领导的村级组织体系", "体"),
    ("建立健全网格化管理机制", "体"),
    ("完善村务公开和民主监督制度", "体"),
    ("健全乡镇权责清单制度", "体"),
    ("构建社区协商议事体系", "体"),
    ("完善矛盾纠纷多元化解机制", "体"),
    ("健全村规民约备案制度", "体"),
    ("建立社区物业联席会议制度", "体"),
    ("完善基层公共服务体系", "体"),
    ("健全党建引领的社会动员机制", "体"),
    ("建立健全村级事务监督体系", "体"),
    ("完善乡镇综合执法制度", "体"),
    ("构建上下贯通的应急管理体系", "体"),
    ("健全社会组织参与治理机制", "体"),
    ("完善村级财务管理制度", "体"),
    ("坚持以人民为中心，健全基层群众自治制度", "理体"),
    ("树立为民服务理念，提升干部服务能力", "理能"),
    ("完善培训制度体系，提升村干部履职能力", "能体"),
    ("坚持人民至上，提高应急处置能力", "理能"),
    ("健全网格管理机制，增强网格员工作本领", "能体"),
    ("坚持共建共治共享理念，完善社区协商体系", "理体"),
    ("今年全县降雨量较往年偏多", ""),
    ("该村位于长江南岸的丘陵地带", ""),
    ("会议于上午九时在镇政府召开", ""),
    ("全镇共有常住人口三万余人", ""),
    ("春节前后外出务工人员陆续返乡", ""),
    ("村里新修了一条通往集镇的公路", ""),
    ("这份材料共分为三个部分", ""),
    ("去年柑橘产量比前年增长一成", ""),
    ("全村有十二个村民小组", ""),
    ("镇上的集市每逢三六九开市", ""),
    ("社区里有一所小学和一所幼儿园", ""),
    ("村委会办公楼建于上世纪九十年代", ""),
    ("乡镇卫生院新添了两台设备", ""),
    ("本周气温将明显回升", ""),
    ("村口有一棵百年古樟", ""),
    ("全镇辖二十个行政村", ""),
]

# sentences of the same kind, never seen in training, with their expected codes
NEW = [
    ("坚持以人民为中心的价值理念。", "理"),
    ("提升乡镇干部应急处置能力。", "能"),
    ("健全社区议事协商制度。", "体"),
    ("完善村级组织监督机制。", "体"),
    ("增强网格员服务群众的本领。", "能"),
    ("全村耕地面积约两千亩。", ""),
]


MARKS = {"治理理念": "理", "治理能力": "能", "治理体系": "体"}


def _table(rows) -> pd.DataFrame:
    return pd.DataFrame({"text": [s for s, _ in rows], **{c: [int(MARKS[c] in k) for _, k in rows] for c in CATS}})


@pytest.fixture(scope="module")
def hand() -> pd.DataFrame:
    return _table(SENTENCES)


@pytest.fixture(scope="module")
def coder(hand) -> SupervisedCoder:
    return train_coder(hand, seed=0)


def test_labels_of_the_test_table(hand):
    assert len(hand) == 70
    assert hand[CATS].sum().tolist() == [20, 20, 20]
    assert hand.loc[48, CATS].tolist() == [1, 0, 1]   # 坚持以人民为中心，健全基层群众自治制度
    assert hand.loc[61, CATS].tolist() == [0, 0, 0]


# ---- report --------------------------------------------------------------------------------


def test_report_columns_counts_and_a_modest_bar(coder, hand):
    report = coder.report
    assert report.columns.tolist() == REPORT_COLUMNS
    assert report["category"].tolist() == [*CATS, "宏平均"]
    assert report["n"].tolist() == [70, 70, 70, 70]
    assert report["n_positive"].tolist() == [20, 20, 20, 54]
    assert report["n"].dtype == np.int64 and report["n_positive"].dtype == np.int64
    per_cat = report.iloc[:3]
    assert (per_cat["f1"] > 0.7).all(), per_cat
    assert report["f1"].iloc[-1] == pytest.approx(per_cat["f1"].mean())
    assert report["f1"].iloc[-1] > 0.8
    for m in ("precision", "recall", "f1"):
        assert (report[f"{m}_low"] <= report[m] + 1e-12).all() and (report[m] <= report[f"{m}_high"] + 1e-12).all()
        assert report[f"{m}_high"].le(1).all() and report[f"{m}_low"].ge(0).all()
    # every category has a dictionary counterpart at level="theory": its F1 is reported
    assert report["dictionary_f1"].notna().all()


def test_report_is_a_copy(coder):
    report = coder.report
    report.loc[0, "f1"] = -1
    assert coder.report.loc[0, "f1"] != -1


def test_repr_names_model_and_categories(coder):
    text = repr(coder)
    assert "logistic" in text and "治理理念" in text and "70" in text


# ---- coding new text -----------------------------------------------------------------------


def test_code_gets_new_sentences_right(coder):
    coded = coder.code("".join(s for s, _ in NEW))
    assert coded["text"].tolist() == [s for s, _ in NEW]
    expected = _table(NEW)[CATS].to_numpy()
    assert coded[CATS].to_numpy().tolist() == expected.tolist()


def test_code_table_has_the_shape_of_code_framework(coder):
    corpus = Corpus.from_texts({"甲": "坚持以人民为中心。健全基层群众自治制度。", "乙": "全村耕地面积约两千亩。"},
                               docvars={"year": [2022, 2023], "治理能力": ["x", "y"]})
    coded = coder.code(corpus)
    dictionary = zl.code_framework(corpus, level="theory")
    lead = ["doc_id", "unit_id", "heading_path", "text", "n_chars"]
    # a docvar named like a category gets the prefix doc_, as in code_framework
    assert coded.columns.tolist() == [*lead, *CATS, "evidence", "categories", "year", "doc_治理能力"]
    assert coded[lead].equals(dictionary[lead])
    assert all(coded[c].dtype == np.int64 for c in CATS)
    assert coded[CATS].values.tolist() == [[1, 0, 0], [0, 0, 1], [0, 0, 0]]
    assert coded["categories"].tolist() == ["治理理念", "治理体系", ""]
    assert coded["evidence"].iloc[0].startswith("治理理念：") and coded["evidence"].iloc[2] == ""
    grams = coded["evidence"].iloc[0].split("：")[1].split("、")
    assert 1 <= len(grams) <= 3 and all(len(g) >= 2 and g in "坚持以人民为中心。" for g in grams)
    assert coded.attrs["model"] == "logistic" and coded.attrs["categories"] == CATS
    assert coded.attrs["level"] == "theory" and coded.attrs["unit"] == "sentence"
    assert coded["year"].tolist() == [2022, 2022, 2023]
    # the profile of the trained coding works as for the dictionary's
    assert zl.framework_profile(coded, measure="count")[CATS].values.tolist() == [[1, 0, 1], [0, 0, 0]]


def test_code_tokens_and_units(coder):
    toks = zl.tokenize("一、总体要求\n坚持以人民为中心。提升乡镇行政执行能力。", unit="paragraph", cache=False)
    coded = coder.code(toks)
    assert coded["unit_id"].tolist() == ["doc1#p1", "doc1#p2"] and coded.attrs["unit"] == "paragraph"
    assert coded.loc[1, CATS].tolist() == [1, 1, 0]
    assert coder.code("坚持以人民为中心。提升乡镇行政执行能力。", unit="document")["unit_id"].tolist() == ["doc1#d1"]
    empty = coder.code(Corpus.from_texts({"空": ""}))
    assert len(empty) == 0 and empty.columns.tolist()[:8] == ["doc_id", "unit_id", "heading_path", "text", "n_chars", *CATS]


# ---- files ---------------------------------------------------------------------------------


def test_save_load_round_trip(coder, tmp_path):
    folder = coder.save(tmp_path / "my_coder")
    assert sorted(p.name for p in folder.iterdir()) == ["coder.json", "coder.npz"]
    meta = json.loads((folder / "coder.json").read_text(encoding="utf-8"))
    assert meta["categories"] == CATS and meta["info"]["n_train"] == 70 and meta["info"]["kit_version"] == zl.__version__
    assert "不要" in meta["note"] or "re-validate" in meta["note"]
    with np.load(folder / "coder.npz", allow_pickle=False) as npz:
        assert sorted(npz.files) == ["coef", "idf", "intercept"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # same kit, same framework: no warning
        again = load_coder(folder)
    assert again.report.equals(coder.report)
    text = "".join(s for s, _ in NEW) + "完善培训制度体系，提升村干部履职能力。"
    assert again.code(text).equals(coder.code(text))
    # saving again into the same folder replaces the files
    assert coder.save(folder) == folder


def test_same_seed_same_coder(hand, coder):
    again = train_coder(hand, seed=0)
    assert again.report.equals(coder.report)
    assert np.array_equal(again.coef, coder.coef) and again.vocabulary == coder.vocabulary
    other = train_coder(hand, seed=1)
    assert other.report["n"].tolist() == coder.report["n"].tolist()


def test_svm_model(hand, tmp_path):
    svm = train_coder(hand, model="svm", seed=0)
    assert svm.model == "svm" and (svm.report["f1"].iloc[:3] > 0.7).all()
    coded = svm.code("".join(s for s, _ in NEW))
    assert coded[CATS].to_numpy().tolist() == _table(NEW)[CATS].to_numpy().tolist()
    assert coded.attrs["model"] == "svm"
    assert load_coder(svm.save(tmp_path / "svm")).code("坚持人民至上。").equals(svm.code("坚持人民至上。"))


# ---- texts from a corpus by unit_id ----------------------------------------------------------


def test_unit_ids_take_their_texts_from_data(hand, coder):
    corpus = Corpus.from_texts({"政策": "。".join(s for s, _ in SENTENCES) + "。"}, docvars={"试点": [1]})
    units = corpus.units("sentence")
    by_id = hand.drop(columns="text").assign(unit_id=units["unit_id"].to_numpy(), 试点=1)
    trained = train_coder(by_id, corpus)
    assert trained.unit == "sentence" and trained.categories == CATS  # 试点 is a docvar, not a category
    assert trained.report["n"].tolist() == coder.report["n"].tolist()
    # same units, texts ending in 。: figures close to those of the text column
    assert trained.report["f1"].iloc[-1] > 0.8
    coded = trained.code(corpus)
    assert len(coded) == len(SENTENCES) and coded.attrs["unit"] == "sentence"
    # Tokens work as data too, and a shuffled subset of rows
    toks = zl.tokenize(corpus, cache=False)
    subset = by_id.sample(frac=1.0, random_state=3)
    assert train_coder(subset, toks, categories=CATS).categories == CATS


# ---- codes as booleans, floats, blanks -----------------------------------------------------------


def test_booleans_floats_and_strings_are_codes(hand, coder):
    as_bool = hand.astype({c: bool for c in CATS})
    as_float = hand.astype({c: float for c in CATS})
    as_str = hand.astype({c: str for c in CATS})
    for table in (as_bool, as_float, as_str):
        assert train_coder(table, seed=0).report.equals(coder.report)


def test_blank_codes_leave_the_unit_out_of_that_category(hand):
    table = hand.astype({"治理能力": object})
    table.loc[[55, 60], "治理能力"] = [None, ""]
    with pytest.warns(ZhiliWarning, match=r"'治理能力' 列有 2 个空白（索引 55、60）"):
        coder = train_coder(table, categories=CATS)
    assert coder.report["n"].tolist() == [70, 68, 70, 70]


def test_default_categories_skip_non_code_columns(hand):
    table = hand.assign(unit_id=[f"d#s{i + 1}" for i in range(len(hand))], year=2023, source="自编", n_chars=5)
    assert train_coder(table, folds=3).categories == CATS
    numbered = hand.rename(columns={"治理理念": 1})
    assert train_coder(numbered, folds=3).categories == ["1", "治理能力", "治理体系"]


# ---- bad input ---------------------------------------------------------------------------


def test_unknown_category(hand):
    with pytest.raises(ZhiliError, match=r"没有类别列 '治理效能'.*现有的列：text、治理理念"):
        train_coder(hand, categories=["治理理念", "治理效能"])


def test_too_few_examples_names_category_counts_and_need(hand):
    table = hand.copy()
    table["治理效能"] = [1, 1, 1] + [0] * (len(hand) - 3)
    with pytest.raises(ZhiliError, match=r"类别 '治理效能' 有 3 个单元编为 1、67 个编为 0：5 折交叉验证要求每个类别至少 5 个 1 和 5 个 0"):
        train_coder(table)
    assert train_coder(table, folds=3).categories == [*CATS, "治理效能"]


@pytest.mark.parametrize("values, shown", [
    (["是", "否"], "索引 0（'是'）、1（'否'）"),
    (["x", ""], "索引 0（'x'）"),
    ([2, 0], "索引 0（2）"),
])
def test_codes_as_text_name_column_and_rows(hand, values, shown):
    table = hand.astype({"治理体系": object})
    table.loc[[0, 1], "治理体系"] = values
    with pytest.raises(ZhiliError, match=r"'治理体系' 列应为 0/1") as err:
        train_coder(table, categories=CATS)
    assert shown in str(err.value) and ".map(" in str(err.value)


def test_yes_no_column_is_not_silently_dropped(hand):
    table = hand.copy()
    table["治理体系"] = table["治理体系"].map({1: "是", 0: "否"})
    with pytest.raises(ZhiliError, match=r"'治理体系' 列应为 0/1（或 True/False），但有 70 行不是：索引 0（'否'）") as err:
        train_coder(table)
    assert "等 70 行" in str(err.value) and "{'否': 0, '是': 1}" in str(err.value)


def test_no_category_columns(hand):
    with pytest.raises(ZhiliError, match="找不到类别列"):
        train_coder(hand[["text"]].assign(note="备注"))


def test_empty_texts_name_rows(hand):
    table = hand.copy()
    table.loc[[3, 7, 9], "text"] = ["  ", None, "\u200b"]
    with pytest.raises(ZhiliError, match=r"'text' 列有 3 个空白或非文字的单元（索引 3、7、9）"):
        train_coder(table)


def test_missing_text_column_or_unit_id(hand):
    with pytest.raises(ZhiliError, match="没有文本列 '内容'"):
        train_coder(hand, text="内容")
    corpus = Corpus.from_texts(["坚持以人民为中心。"])
    with pytest.raises(ZhiliError, match="没有 unit_id 列"):
        train_coder(hand, corpus)


def test_unit_ids_not_in_data_are_listed(hand):
    corpus = Corpus.from_texts({"政策": "。".join(s for s, _ in SENTENCES) + "。"})
    table = hand.assign(unit_id=corpus.units("sentence")["unit_id"].to_numpy())
    table.loc[[5, 9], "unit_id"] = ["政策#s99", "别的#s1"]
    with pytest.raises(ZhiliError, match=r"2 个 unit_id 不在 data 的句子中（索引 5（政策#s99）、9（别的#s1））"):
        train_coder(table, corpus)
    table.loc[[5, 9], "unit_id"] = ["政策#s1", "政策#p1"]
    with pytest.raises(ZhiliError, match="unit_id 有重复"):
        train_coder(table, corpus)
    table.loc[5, "unit_id"] = "政策#s6"
    with pytest.raises(ZhiliError, match=r"混合了不同种类的单元：#p（paragraph）、#s（sentence）"):
        train_coder(table, corpus)
    table.loc[9, "unit_id"] = "第十句"
    with pytest.raises(ZhiliError, match=r"不是单元编号（索引 9（第十句））"):
        train_coder(table, corpus)


@pytest.mark.parametrize("kwargs, message", [
    ({"folds": 1}, "至少需要 2 折"),
    ({"folds": 2.5}, "folds=2.5"),
    ({"model": "tree"}, "model='tree'"),
    ({"seed": "0"}, "seed='0'"),
    ({"level": "章节"}, "level='章节'"),
])
def test_bad_settings(hand, kwargs, message):
    with pytest.raises(ZhiliError, match=message):
        train_coder(hand, **kwargs)


def test_not_a_table():
    with pytest.raises(ZhiliError, match="hand_coded 应为表格"):
        train_coder(["坚持以人民为中心"])
    with pytest.raises(ZhiliError, match="空表"):
        train_coder(pd.DataFrame({"text": [], "治理理念": []}))


# ---- untrusted or stale files ------------------------------------------------------------------


@pytest.fixture()
def saved(coder, tmp_path):
    return coder.save(tmp_path / "coder")


def _edit(folder, change):
    meta = json.loads((folder / "coder.json").read_text(encoding="utf-8"))
    change(meta)
    (folder / "coder.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def test_other_kit_version_warns(saved):
    _edit(saved, lambda m: m["info"].update(kit_version="0.0.1"))
    with pytest.warns(ZhiliWarning, match="zhili 0.0.1 训练"):
        load_coder(saved)


def test_unknown_level_refuses(saved):
    _edit(saved, lambda m: m.update(level="章节"))
    with pytest.raises(ZhiliError, match="词典层级 '章节' 在本工具包中不存在"):
        load_coder(saved)


def test_dictionary_category_gone_warns(saved):
    _edit(saved, lambda m: m.update(dictionary=["治理理念", "治理能力", "已删除的类别"]))
    with pytest.warns(ZhiliWarning, match="已没有类别 已删除的类别"):
        coder = load_coder(saved)
    assert len(coder.code("坚持以人民为中心。")) == 1


def test_altered_files_refuse(saved, tmp_path):
    _edit(saved, lambda m: m.update(vocabulary=m["vocabulary"][:-1]))
    with pytest.raises(ZhiliError, match="内容不一致"):
        load_coder(saved)
    _edit(saved, lambda m: m.update(format="pickle"))
    with pytest.raises(ZhiliError, match="不是本工具包能读取的编码器"):
        load_coder(saved)
    (saved / "coder.json").write_text("{", encoding="utf-8")
    with pytest.raises(ZhiliError, match="不是有效的 JSON"):
        load_coder(saved)
    (saved / "coder.npz").unlink()
    with pytest.raises(ZhiliError, match="缺少 coder.npz"):
        load_coder(saved)
    with pytest.raises(ZhiliError, match="找不到编码器文件夹"):
        load_coder(tmp_path / "nowhere")


def test_npz_with_objects_is_refused(saved):
    np.savez(saved / "coder.npz", idf=np.array([object()], dtype=object), coef=np.zeros(1), intercept=np.zeros(1))
    with pytest.raises(ZhiliError, match="无法读取或缺少数组"):
        load_coder(saved)


def test_save_onto_a_file(coder, tmp_path):
    target = tmp_path / "coder.txt"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(ZhiliError, match="这是一个文件"):
        coder.save(target)
