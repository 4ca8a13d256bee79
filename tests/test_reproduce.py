"""Lesson 08 (研究复现): the parameterised notebook runs with papermill on a corpus it has never seen.

Each test writes a few short policy texts (.txt and .md) to a temporary folder — once without any
metadata, once with a metadata.csv that gives a two-valued ``setting`` — runs
``notebooks/08-reproduce.ipynb`` on it and checks the outputs: no error, the provenance table
names the corpus's digest, and the tables (CSV, UTF-8 with BOM) and figures (PNG) are in out_dir.
"""
from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import zhili as zl

papermill = pytest.importorskip("papermill")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOK = NOTEBOOKS / "08-reproduce.ipynb"

TEXTS = {
    "01-城市社区议事.txt": (
        "关于推进城市社区共同缔造的实施意见\n"
        "一、总体要求\n坚持党建引领，推进美好环境与幸福生活共同缔造。社区居民共同参与小区改造。\n"
        "二、主要任务\n（一）建立居民议事会。居民议事会讨论小区改造方案，社区党组织牵头组织居民协商。\n"
        "（二）完善物业管理。业委会和物业企业共同参与小区治理，居民共同监督改造项目。\n"
    ),
    "02-老旧小区改造.md": (
        "# 老旧小区改造工作方案\n\n"
        "推动老旧小区改造，发动居民共同缔造。社区组织居民议事，决策共谋、建设共管。\n\n"
        "改造完成后由居民共同评议，效果共评、成果共享。社区党组织提升基层治理能力。\n"
    ),
    "03-乡村振兴.txt": (
        "关于推进乡村共同缔造的工作方案\n"
        "一、工作目标\n发动村民共同缔造美好家园，提升基层治理能力。村民议事会讨论村庄整治方案。\n"
        "二、工作措施\n村集体组织村民参与人居环境整治。村民共同参与村庄规划，发展共建、成果共享。\n"
    ),
    "04-村规民约.md": (
        "# 示例村村规民约\n\n"
        "村民共同维护村庄环境。村民议事会每月讨论村庄公共事务，村集体公开收支。\n\n"
        "推进自治、法治、德治相结合，村民参与共同缔造，提升群众自治能力。\n"
    ),
}

METADATA = (
    "file,title,setting,date\n"
    "01-城市社区议事.txt,城市社区共同缔造实施意见,城市,2023-03-01\n"
    "02-老旧小区改造.md,老旧小区改造工作方案,城市,2023-05-10\n"
    "03-乡村振兴.txt,乡村共同缔造工作方案,农村,2023-06-20\n"
    "04-村规民约.md,示例村村规民约,农村,2024-01-15\n"
)

ALWAYS = ["load_report", "documents", "top_terms", "term_frequencies", "keywords", "framework_coding",
          "framework_by_document", "framework_by_group", "provenance"]
FIGURES = ["top_terms", "wordcloud", "framework_radar"]


def _write_corpus(folder: Path, *, metadata: bool) -> Path:
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    if metadata:
        (folder / "metadata.csv").write_text(METADATA, encoding="utf-8")
    return folder


def _run(tmp_path: Path, corpus_dir: Path, out_dir: Path, **params):
    output = tmp_path / "executed.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK), str(output),
        parameters=dict(corpus_dir=str(corpus_dir), out_dir=str(out_dir), top_n=15, **params),
        cwd=str(NOTEBOOKS), kernel_name="python3", progress_bar=False,
    )
    return nbformat.read(output, as_version=4)


def _outputs(nb) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def _text(nb) -> str:
    parts = []
    for o in _outputs(nb):
        if o.get("output_type") == "stream":
            parts.append(o.get("text", ""))
        else:
            parts.extend(v for k, v in o.get("data", {}).items() if k.startswith("text/"))
    return "\n".join(parts)


def _check_common(nb, corpus_dir: Path, out_dir: Path) -> str:
    assert not [o for o in _outputs(nb) if o.get("output_type") == "error"]
    assert not [o for o in _outputs(nb) if o.get("name") == "stderr"]
    digest = zl.load_corpus(corpus_dir).digest()
    text = _text(nb)
    assert digest in text  # the provenance table shows the full digest
    for name in ALWAYS:
        assert (out_dir / f"{name}.csv").is_file(), name
    for name in FIGURES:
        assert (out_dir / f"{name}.png").stat().st_size > 1000, name
    assert (out_dir / "provenance.csv").read_bytes().startswith("\ufeff".encode("utf-8"))  # BOM for Excel
    provenance = pd.read_csv(out_dir / "provenance.csv", encoding="utf-8-sig", dtype=str)
    values = dict(zip(provenance["项目"], provenance["值"]))
    assert values["摘要（SHA-256）"] == digest
    assert values["文档数"] == str(len(TEXTS))
    assert values["zhili"] == zl.__version__
    assert values["seed"] == "42" and values["top_n"] == "15"
    record = json.loads((out_dir / "provenance.json").read_text(encoding="utf-8"))
    assert record["corpus"]["digest"] == digest and record["params"]["corpus_dir"] == str(corpus_dir)
    # the manifest lists every file written, with digests
    manifest = pd.read_csv(out_dir / "manifest.csv", encoding="utf-8-sig")
    assert {f"{name}.csv" for name in ALWAYS} <= set(manifest["file"])
    # the saved coding keeps where each unit sits and what it was coded as
    coding = pd.read_csv(out_dir / "framework_coding.csv", encoding="utf-8-sig")
    assert {"heading_path", "categories", "evidence"} <= set(coding.columns)
    return text


def test_reproduce_without_metadata(tmp_path):
    corpus_dir = _write_corpus(tmp_path / "语料", metadata=False)
    out_dir = tmp_path / "结果"
    nb = _run(tmp_path, corpus_dir, out_dir)  # extra_stopwords left at None: a user's corpus keeps 报道 …
    text = _check_common(nb, corpus_dir, out_dir)
    assert "额外停用词：（无）" in text
    assert "没有可用的分组变量" in text and "跳过关键性分析" in text
    assert not (out_dir / "keyness.csv").exists()
    assert not (out_dir / "keyness.png").exists()
    profile = pd.read_csv(out_dir / "framework_by_group.csv", encoding="utf-8-sig")
    assert len(profile) == 1  # one profile for the whole corpus
    assert "【L08.1】还没有作答" in text


def test_reproduce_with_metadata(tmp_path):
    corpus_dir = _write_corpus(tmp_path / "语料", metadata=True)
    out_dir = tmp_path / "结果"
    nb = _run(tmp_path, corpus_dir, out_dir, extra_stopwords=["村民"])
    text = _check_common(nb, corpus_dir, out_dir)
    assert "额外停用词：村民" in text
    assert "metadata.csv" in text  # every row of the load report that is not ok is shown
    assert "比较：setting = " in text
    keyness = pd.read_csv(out_dir / "keyness.csv", encoding="utf-8-sig")
    assert {"term", "target_count", "reference_count", "g2"} <= set(keyness.columns)
    assert (out_dir / "keyness.png").is_file()
    profile = pd.read_csv(out_dir / "framework_by_group.csv", encoding="utf-8-sig")
    assert sorted(profile["setting"]) == ["农村", "城市"]
    assert (out_dir / "coword_network.png").is_file() and (out_dir / "coword_network.gexf").is_file()
    assert (out_dir / "network_terms.csv").is_file()
