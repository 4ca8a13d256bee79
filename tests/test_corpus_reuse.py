"""corpus/reuse: the project's own chain of three fictional policy texts that lesson 09 reads.

What the lesson teaches with it must stay true: the city's plan copies passages of the province's
opinion verbatim and edits two sentences by a few characters; the county's notice copies a passage
only the city's plan has, and has no date. The texts are the project's own (no run of 26
characters shared with the reference paper), and the codebook page the lesson links to is current.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import zhili as zl
from zhili.dictionaries import load_dictionary

ROOT = Path(__file__).resolve().parents[1]
REUSE = ROOT / "corpus" / "reuse"
PROVINCE, CITY, COUNTY = "01-province-opinion.txt", "02-city-plan.txt", "03-county-notice.txt"


@pytest.fixture(scope="module")
def chain():
    return zl.load_corpus(REUSE)


def test_three_documents_and_their_metadata(chain):
    assert chain.doc_ids == [PROVINCE, CITY, COUNTY]
    report = chain.report.set_index("file")["status"].to_dict()
    assert report == {PROVINCE: "ok", CITY: "ok", COUNTY: "ok", "metadata.csv": "metadata"}
    meta = pd.read_csv(REUSE / "metadata.csv", dtype=str, keep_default_na=False)
    assert list(meta.columns[:5]) == ["file", "title", "issuer", "level", "date"]
    assert meta.set_index("file")["level"].to_dict() == {PROVINCE: "省", CITY: "市", COUNTY: "县"}
    assert meta.set_index("file")["date"][COUNTY] == ""                 # the county's notice has no date
    assert (meta["source"].str.contains("本项目编写") & meta["source"].str.contains("虚构")).all()
    for doc in chain.doc_ids:
        assert "（教学示例）" in chain[doc].text.splitlines()[0]        # every title says it is made up
    assert "虚构" in (ROOT / "corpus" / "README.md").read_text(encoding="utf-8").split("reuse/", 1)[1]


def test_the_chain_teaches_what_the_lesson_says(chain):
    reuse = zl.text_reuse(chain)
    pairs = list(zip(reuse["doc_a"], reuse["doc_b"]))
    assert pairs.count((PROVINCE, CITY)) == 6 and pairs.count((CITY, COUNTY)) == 1 and (PROVINCE, COUNTY) not in pairs
    first = reuse.iloc[0]
    assert first["text_a"] in chain.docvars.loc[PROVINCE, "title"]       # the city's plan quotes the title
    county = reuse[reuse["doc_b"] == COUNTY].iloc[0]
    assert county["earlier"] == "未知"
    assert county["text_a"].strip("。") not in chain[PROVINCE].text      # the county copies the city's own text
    assert set(reuse[reuse["doc_b"] == CITY]["earlier"]) == {"a"}
    near = zl.text_reuse(chain, near=True)
    edited = near[near["kind"] == "near"]
    assert len(edited) == 2 and (edited["similarity"] >= 0.8).all()
    assert ("每年" in edited["text_a"].iloc[0]) and ("每半年" in edited["text_b"].iloc[0])
    assert "免费" in edited["text_b"].iloc[1] and "免费" not in edited["text_a"].iloc[1]
    assert len(zl.text_reuse(chain, min_chars=30)[lambda r: r["doc_b"] == CITY]) == 5


def test_the_texts_are_the_projects_own():
    from test_cases import COPY_RUN, REFERENCE_NAME, REFERENCE_PLACES, _han_only, _letters_and_digits, _shared_runs

    paper = next((base / REFERENCE_NAME for base in REFERENCE_PLACES if (base / REFERENCE_NAME).is_file()), None)
    if paper is None:
        pytest.skip("参考论文不在本机，跳过抄录检查")
    text = paper.read_text(encoding="utf-8")
    for norm in (_letters_and_digits, _han_only):
        t = norm(text)
        grams = {t[i:i + COPY_RUN] for i in range(len(t) - COPY_RUN + 1)}
        for path in sorted(REUSE.iterdir()):
            assert not _shared_runs(norm(path.read_text(encoding="utf-8")), grams), path.name


def test_instrument_codebook_page_is_current():
    page = (ROOT / "notebooks" / "codebook-instruments.md").read_text(encoding="utf-8")
    assert page == load_dictionary("instruments_rz").codebook() + "\n", "请运行 python tools/make_codebook.py 重新生成编码手册"
