"""Run provenance (issue 14): what a scholar needs to show that a table came from the same inputs."""
from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import zhili as zl
from zhili import records
from zhili.casebook import WRITING_STOPWORDS, default_cases_path, writing_stopwords


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """A small user folder: two documents, a junk file, an unsupported file and an empty one."""
    (tmp_path / "a.txt").write_text("坚持共同缔造。决策共谋、发展共建，推进基层治理。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("社区居民议事协商。报道称群众参与。", encoding="utf-8")
    (tmp_path / "空.txt").write_text("", encoding="utf-8")
    (tmp_path / "扫描件.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (tmp_path / ".DS_Store").write_bytes(b"Bud1")
    return tmp_path


def test_record_of_a_run(folder: Path):
    corpus = zl.load_corpus(folder, errors="report")
    toks = zl.tokenize(corpus, extra_stopwords=["推进"], keep=["坚持"], cache=False)
    p = zl.provenance(toks, params={"top_n": 30, "seed": 42, "out": Path("结果")})
    # corpus: where, what, and every file that was not read as a document, with its reason
    assert p.corpus["source"] == str(folder)
    assert p.corpus["digest"] == corpus.digest() and p.corpus["n_documents"] == 2
    not_read = {item["file"]: item["status"] for item in p.corpus["not_read"]}
    assert not_read == {".DS_Store": "ignored", "扫描件.jpg": "unsupported", "空.txt": "empty"}
    assert sum(p.corpus["report_counts"].values()) == len(corpus.report)
    # tokens: every stopword list with its origin, the researcher's own lists word for word
    lists = {s["list"]: s for s in p.tokens["stopword_lists"]}
    assert lists["额外停用词"]["words"] == ["推进"] and "extra_stopwords" in lists["额外停用词"]["origin"]
    assert lists["保留词"]["words"] == ["坚持"]
    assert lists["通用停用词"]["n"] == len(zl.lexicon.stopwords("general"))
    assert p.tokens["unit"] == toks.meta["unit"] and p.tokens["n_units"] == len(toks)
    # parameters are kept as given (paths as text); versions of the kit and of each library
    assert p.params == {"top_n": 30, "seed": 42, "out": "结果"}
    assert p.kit["zhili"] == zl.__version__ and p.kit["lexicon"]["version"] == zl.lexicon.LEXICON_VERSION
    assert p.kit["dictionaries"][0]["version"] == zl.load_dictionary("theory").version
    assert p.environment["networkx"] == nx.__version__ and p.environment["pandas"] == pd.__version__
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", p.run["date"])


def test_the_record_prints_tables_and_saves(folder: Path, tmp_path_factory):
    p = zl.provenance(zl.load_corpus(folder, errors="report"))
    text = str(p)
    assert text.startswith("溯源记录") and "【语料】" in text and "【环境】" in text
    assert "未作为文档读入：扫描件.jpg" in text and "【分词】" not in text  # no tokens given
    # versions are written "name == version" so that the notebook check can mask them
    assert f"networkx == {nx.__version__}" in text
    table = p.table()
    assert list(table.columns) == ["类别", "项目", "值"] and (table["值"].map(type) == str).all()
    out = tmp_path_factory.mktemp("out")
    back = json.loads(p.save(out / "p.json").read_text(encoding="utf-8"))
    assert back["corpus"]["digest"] == p.corpus["digest"] and back["format"] == "zhili-provenance/1"
    csv = pd.read_csv(p.save(out / "p.csv"), encoding="utf-8-sig")
    assert csv.shape == table.shape
    with pytest.raises(zl.ZhiliError, match=r"\.json 或 \.csv"):
        p.save(out / "p.txt")


def test_only_the_run_date_changes_between_runs(folder: Path):
    corpus = zl.load_corpus(folder, errors="report")
    a, b = zl.provenance(corpus).to_dict(), zl.provenance(corpus).to_dict()
    a.pop("run"), b.pop("run")
    assert a == b


def test_a_changed_data_file_changes_the_digest(tmp_path: Path):
    base = zl.provenance()
    extra = tmp_path / "extra.yaml"
    extra.write_text("version: '1.0-local'\nelements:\n  - {id: local_x, name: 本地要素甲, kind: mechanism, "
                     "parent: thrust_interest, cite: 二(一), definition: 测试用的本地要素。}\n", encoding="utf-8")
    try:
        fw = zl.framework(extra)
    except zl.ZhiliError as exc:  # the framework extension format may ask for more; the digest is what matters
        pytest.skip(f"framework extension not accepted here: {exc}")
    local = zl.provenance(framework=fw)
    assert local.kit["framework"]["sha256"] != base.kit["framework"]["sha256"]


def test_bad_arguments_are_named():
    with pytest.raises(zl.ZhiliError, match="第一个参数"):
        zl.provenance("corpus/cases")
    with pytest.raises(zl.ZhiliError, match="tokens"):
        zl.provenance(tokens=["共同缔造"])


def test_save_results_writes_tables_figures_networks_and_a_manifest(tmp_path: Path):
    import matplotlib.pyplot as plt

    toks = zl.tokenize(["共同缔造推动基层治理。决策共谋推动共同缔造。", "发展共建推动共同缔造。"], cache=False)
    top = zl.top_terms(toks, 5)
    profile = pd.DataFrame({"治理理念": [1.0]}, index=pd.Index(["doc1"], name="doc_id"))
    ax = zl.plot.bar(top, title="高频词")
    g = zl.cooccurrence_network(toks, min_count=1)
    p = zl.provenance(toks, params={"top_n": 5})
    manifest = zl.save_results(tmp_path / "结果", tables={"top_terms": top, "profile": profile},
                               figures={"bar": ax}, networks={"net": g}, provenance=p)
    plt.close(ax.figure)
    files = set(manifest["file"])
    assert files == {"top_terms.csv", "profile.csv", "bar.png", "net.gexf", "provenance.json", "provenance.csv"}
    assert (tmp_path / "结果" / "manifest.csv").exists()
    # a named index is kept, a default one is not; CSVs open in Excel (BOM)
    assert pd.read_csv(tmp_path / "结果" / "profile.csv", encoding="utf-8-sig").columns.tolist() == ["doc_id", "治理理念"]
    assert (tmp_path / "结果" / "top_terms.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(tmp_path / "结果" / "top_terms.csv", encoding="utf-8-sig")
    assert back["term"].tolist() == top["term"].tolist()
    # the manifest's digests are those of the files on disk
    import hashlib

    for row in manifest.itertuples():
        assert hashlib.sha256((tmp_path / "结果" / row.file).read_bytes()).hexdigest() == row.sha256
    # the network file carries the same record
    assert zl.read_network_provenance(tmp_path / "结果" / "net.gexf")["params"] == {"top_n": 5}
    with pytest.raises(zl.ZhiliError, match="文件名"):
        zl.save_results(tmp_path / "x", tables={"a/b": top})
    with pytest.raises(zl.ZhiliError, match="pandas"):
        zl.save_results(tmp_path / "x", tables={"a": [1, 2]})


@pytest.mark.parametrize("suffix", [".gexf", ".graphml"])
def test_exported_networks_carry_provenance(tmp_path: Path, suffix: str):
    toks = zl.tokenize(["共同缔造推动基层治理。决策共谋推动共同缔造。"], cache=False)
    g = zl.cooccurrence_network(toks, min_count=1)
    out = zl.export_network(g, tmp_path / f"网络{suffix}")
    record = zl.read_network_provenance(out)
    assert record["kit"]["zhili"] == zl.__version__ and "networkx" in record["environment"]
    reader = nx.read_gexf if suffix == ".gexf" else nx.read_graphml
    assert set(reader(out)) == set(g)  # still a valid file for Gephi and networkx
    plain = tmp_path / f"别处{suffix}"
    nx.write_gexf(g, plain) if suffix == ".gexf" else nx.write_graphml(g, plain)
    with pytest.raises(zl.ZhiliError, match="溯源记录"):
        zl.read_network_provenance(plain)


def test_saved_coder_carries_provenance(tmp_path: Path):
    hand = pd.DataFrame({
        "text": ["坚持以人民为中心的发展思想。", "提升基层干部的治理能力。", "健全基层治理体系和制度。",
                 "树立服务理念，转变治理理念。", "增强社区应急处置能力。", "完善村民自治制度和组织体系。"] * 4,
        "治理理念": [1, 0, 0, 1, 0, 0] * 4, "治理能力": [0, 1, 0, 0, 1, 0] * 4, "治理体系": [0, 0, 1, 0, 0, 1] * 4,
    })
    coder = zl.train_coder(hand, folds=2)
    folder = coder.save(tmp_path / "coder")
    meta = json.loads((folder / "coder.json").read_text(encoding="utf-8"))
    assert meta["provenance"]["environment"]["scikit-learn"] != records._NOT_INSTALLED
    assert meta["provenance"]["kit"]["dictionaries"][0]["name"] == zl.load_dictionary("theory").name
    assert zl.load_coder(folder).categories == coder.categories  # the record does not get in the way


def test_casebook_writing_words_apply_to_the_casebook_only(tmp_path: Path):
    assert writing_stopwords() == list(WRITING_STOPWORDS)
    assert writing_stopwords(default_cases_path()) == list(WRITING_STOPWORDS)
    assert writing_stopwords(str(tmp_path)) == []
    assert writing_stopwords(zl.cases(as_corpus=True)) == list(WRITING_STOPWORDS)
    (tmp_path / "a.txt").write_text("报道称案例很多。", encoding="utf-8")
    assert writing_stopwords(zl.load_corpus(tmp_path)) == []


def test_every_data_file_is_shipped_with_the_package():
    """pyproject's package-data must cover every non-Python file in the package (wheel installs)."""
    import fnmatch
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    root = Path(zl.__file__).parent
    patterns = tomllib.loads((root.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]["package-data"]["zhili"]
    missing = [str(p.relative_to(root)) for p in root.rglob("*")
               if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
               and not any(fnmatch.fnmatch(str(p.relative_to(root)), pat) for pat in patterns)]
    assert not missing, f"not in [tool.setuptools.package-data]: {missing}"


def test_lexicon_digest_leaves_out_the_derived_term_table():
    """term_frequencies.tsv (shipped with issue 15) is computed from the lexicon, the framework and
    jieba: it does not change the lexicon's digest, which stays the one recorded in the lessons."""
    info = records._lexicon_info()
    assert "governance_terms.tsv" in info["files"] and "term_frequencies.tsv" not in info["files"]


def test_casebook_writing_words_cover_how_the_narratives_cite_their_sources():
    # review of issue 16: 稿件 (6 times) and 刊发 (2) are how the narratives speak of a source
    # ("荆楚网2024年6月刊发的一篇通讯员稿件", "据稿件介绍") and topped topic terms; they are not governance content
    assert {"稿件", "刊发"} <= set(WRITING_STOPWORDS)
    cases = zl.cases(as_corpus=True)
    assert len(zl.kwic(cases, ["稿件", "刊发"])) >= 8  # they do occur in the casebook …
    terms = set(zl.term_frequencies(zl.tokenize(cases, extra_stopwords=writing_stopwords()))["term"])
    assert not {"稿件", "刊发"} & terms  # … and the writing words remove them


def test_tokenizer_settings_print_in_chinese_with_their_json_key(folder: Path):
    toks = zl.tokenize(zl.load_corpus(folder, errors="report"), cache=False)
    p = zl.provenance(toks)
    rows = p.table()
    settings = rows[rows["类别"] == "分词"].set_index("项目")["值"]
    # every setting the tokenizer records has a Chinese name; the JSON key follows in brackets
    for key, value in p.tokens["settings"].items():
        label = records._SETTING_LABELS[key]
        assert f"{label}（{key}）" in settings.index
    assert settings["识别未登录词（hmm）"] == "是" and settings["标注词性（pos）"] == "否"
    assert settings["治理词表版本（lexicon）"] == zl.lexicon.LEXICON_VERSION
    assert not any(item.startswith("设置 ") for item in settings.index)
    # a key the kit does not know (a record written by a later version) is still shown, as is
    assert records._setting_label("新开关") == "设置 新开关" and records._setting_value(None) == "（无）"
    # the JSON keeps the values themselves
    assert json.loads(p.to_json())["tokens"]["settings"]["hmm"] is True
