"""The teaching samples in corpus/samples are fictional, marked as such, and reproducible."""
from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import zhili as zl

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpus" / "samples"
GENERATOR = ROOT / "corpus" / "tools" / "make_samples.py"


def _generator():
    spec = importlib.util.spec_from_file_location("make_samples", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_reproduces_the_samples_byte_for_byte(tmp_path, monkeypatch):
    module = _generator()
    monkeypatch.setattr(module, "OUT", tmp_path)
    module.main()
    made = sorted(p.name for p in tmp_path.iterdir())
    assert made == sorted(p.name for p in SAMPLES.iterdir())
    for name in made:
        assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes(), name


def test_every_sample_says_it_is_a_teaching_example():
    corpus = zl.load_corpus(SAMPLES)
    assert len(corpus) == 6  # lessons 00 and 02 count six documents: no README in this folder
    for doc in corpus:
        assert doc.docvars["source"] == "本项目编写的教学示例", doc.doc_id
        assert "示例" in doc.text.split("\n", 1)[0] or "示例" in str(doc.docvars.get("title")), doc.doc_id
    with open(SAMPLES / "metadata.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert all(r["source"] in ("本项目编写的教学示例", "") for r in rows)
    assert "虚构" in (ROOT / "corpus" / "README.md").read_text(encoding="utf-8")
    assert "fictional" in GENERATOR.read_text(encoding="utf-8")
