"""Corpora read in chunks (zhili.streaming): the same results as in memory, locally and on Dask."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import zhili as zl
from zhili.streaming import LazyCorpus, LazyTokens

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "corpus" / "cases"


# ---------------------------------------------------------------------------------------------- helpers


def same_matrix(a, b) -> None:
    assert a.shape == b.shape and a.dtype == b.dtype
    assert (a != b).nnz == 0


def same_dtm(a, b) -> None:
    assert a.terms == b.terms and a.by == b.by
    same_matrix(a.matrix, b.matrix)
    pd.testing.assert_frame_equal(a.rows, b.rows)


def same_graph(a: nx.Graph, b: nx.Graph) -> None:
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(data=True)) == list(b.edges(data=True))
    assert a.graph == b.graph


@pytest.fixture(scope="module")
def cases():
    return zl.load_corpus(CASES)


@pytest.fixture(scope="module")
def lazy_cases():
    return zl.scan_corpus(CASES, chunk_size=7)


@pytest.fixture(scope="module")
def toks(cases):
    return zl.tokenize(cases, cache=False)


@pytest.fixture(scope="module")
def lazy_toks(lazy_cases):
    return zl.tokenize(lazy_cases, cache=False)


@pytest.fixture()
def messy(tmp_path):
    """A folder with a metadata table, front matter, junk, a format the kit cannot read, an empty
    file, a bad date and a metadata line without its file."""
    (tmp_path / "sub").mkdir()
    files = {
        "a.txt": "一、总体要求\n推进共同缔造。坚持四权同下。",
        "b.md": "---\nyear: 2023\n---\n决策共谋，发展共建。推进共同缔造。",
        "sub/c.txt": "群众自治能力提升。共同缔造见效。",
        "d.txt": "接诉即办，基层治理。",
        "e.txt": "建设共谋。",
        "empty.txt": "",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "g.txt").write_bytes("基层治理现代化。".encode("gb18030"))
    (tmp_path / ".DS_Store").write_bytes(b"Bud1")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "metadata.csv").write_text(
        "file,level,date,topic\na.txt,省,2023-01-02,环境\nb.md,市,2023,\nsub/c.txt,县,2022/5/1,服务\n"
        "d.txt,省,2023-02-30,环境\nmissing.txt,县,2020,\n", encoding="utf-8")
    return tmp_path


# ---------------------------------------------------------------------------------------------- reading


def test_chunks_come_in_order_and_make_the_same_corpus(cases, lazy_cases):
    chunks = list(lazy_cases)
    assert [len(c) for c in chunks] == [7] * (len(cases) // 7) + ([len(cases) % 7] if len(cases) % 7 else [])
    assert [d.doc_id for c in chunks for d in c] == cases.doc_ids
    assert lazy_cases.n_docs == len(cases)
    whole = lazy_cases.collect()
    assert whole.digest() == cases.digest()
    pd.testing.assert_frame_equal(whole.docs, cases.docs)
    pd.testing.assert_frame_equal(whole.report, cases.report)


def test_load_report_lists_every_file_as_load_corpus_does(messy):
    ref = zl.load_corpus(messy, errors="report")
    lazy = zl.scan_corpus(messy, errors="report", chunk_size=2)
    assert isinstance(lazy, LazyCorpus)
    assert lazy.n_docs == 7  # the files to read, known before reading
    n = sum(len(c) for c in lazy)
    assert n == len(ref) == lazy.n_docs == 5
    expected = ref.report[ref.report["status"] != "ok"].reset_index(drop=True)
    pd.testing.assert_frame_equal(lazy.report, expected)
    assert set(lazy.report["status"]) >= {"ignored", "unsupported", "empty", "bad_metadata", "orphan_metadata",
                                          "metadata"}
    assert lazy.status_counts.to_dict() == ref.report["status"].value_counts().to_dict()
    whole = lazy.collect()
    pd.testing.assert_frame_equal(whole.report, ref.report)
    pd.testing.assert_frame_equal(whole.docs, ref.docs)


def test_load_corpus_lazy_is_scan_corpus(messy):
    lazy = zl.load_corpus(messy, lazy=True, chunk_size=3, errors="report")
    assert isinstance(lazy, LazyCorpus) and lazy.chunk_size == 3
    with pytest.raises(zl.ZhiliError, match="lazy=True"):
        zl.load_corpus(messy, chunk_size=3)


def test_errors_raise_names_the_file_before_or_while_reading(messy):
    with pytest.raises(zl.LoadError, match="old.doc"):
        zl.scan_corpus(messy)  # known from the folder walk: nothing is read
    (messy / "old.doc").unlink()
    (messy / "metadata.csv").unlink()
    lazy = zl.scan_corpus(messy, chunk_size=2)
    seen = []
    with pytest.raises(zl.LoadError, match="empty.txt"):
        for chunk in lazy:
            seen.extend(chunk.doc_ids)
    assert seen == ["a.txt", "b.md", "d.txt", "e.txt"]  # the chunks before the empty file were given


def test_csv_with_quoted_line_breaks_commas_and_gb18030(tmp_path):
    frame = pd.DataFrame({
        "doc_id": [f"P{i}" for i in range(11)],
        "level": ["省", "市", "县"] * 3 + ["省", "市"],
        "正文": [f"第{i}条，推进共同缔造。\n坚持\"四权同下\"，提升治理能力。" if i % 3 else "接诉即办，基层治理。"
                 for i in range(11)],
    })
    path = tmp_path / "policies.csv"
    path.write_bytes(frame.to_csv(index=False).encode("gb18030"))
    lazy = zl.scan_corpus(path, chunk_size=4)
    assert lazy.n_docs == 11 and lazy.n_chunks == 3
    chunks = list(lazy)
    assert [len(c) for c in chunks] == [4, 4, 3]
    whole = lazy.collect()
    assert whole.doc_ids == frame["doc_id"].tolist()
    assert whole.texts == [zl.normalize_text(t) for t in frame["正文"]]
    assert whole.docs["level"].tolist() == frame["level"].tolist()
    assert (whole.report["status"] == "ok").all()


def test_csv_without_a_text_column_says_which_column_to_name(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("编号,标题\nA,推进共同缔造\n", encoding="utf-8")
    with pytest.raises(zl.LoadError) as err:
        zl.scan_corpus(path)
    assert "t.csv" in str(err.value) and "text_column" in str(err.value) and "编号、标题" in str(err.value)
    with pytest.raises(zl.LoadError, match="没有名为 '内容' 的列"):
        zl.scan_corpus(path, text_column="内容")


def test_jsonl_reports_bad_lines_and_keeps_going(tmp_path):
    path = tmp_path / "docs.jsonl"
    lines = [json.dumps({"id": f"J{i}", "text": f"推进共同缔造{i}。", "year": 2020 + i}, ensure_ascii=False)
             for i in range(5)]
    lines.insert(2, "{not json")
    lines.insert(4, "")
    lines.append(json.dumps({"id": "J9", "text": ""}))
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(zl.LoadError, match="docs.jsonl 第 3 行"):
        list(zl.scan_corpus(path, chunk_size=2))
    lazy = zl.scan_corpus(path, chunk_size=2, errors="report")
    whole = lazy.collect()
    assert whole.doc_ids == [f"J{i}" for i in range(5)]
    assert whole.docs["year"].tolist() == [2020, 2021, 2022, 2023, 2024]
    assert lazy.report[["file", "status"]].values.tolist() == [["docs.jsonl:3", "corrupt"], ["docs.jsonl:7", "empty"]]
    assert lazy.n_docs == 5


def test_parquet(tmp_path):
    pytest.importorskip("pyarrow")
    frame = pd.DataFrame({"text": [f"推进共同缔造。第{i}篇。" for i in range(25)], "region": ["宜昌", "武汉"] * 12 + ["十堰"]})
    path = tmp_path / "docs.parquet"
    frame.to_parquet(path, row_group_size=7)
    lazy = zl.scan_corpus(path, chunk_size=10)
    assert lazy.n_docs == 25 and lazy.n_chunks == 3
    whole = lazy.collect()
    assert whole.doc_ids == [f"docs.parquet:{i + 1}" for i in range(25)]
    assert whole.texts == frame["text"].tolist() and whole.docs["region"].tolist() == frame["region"].tolist()


# ---------------------------------------------------------------------------------------------- analyses


def test_tokenize_gives_lazy_tokens_and_chunks_of_tokens(cases, lazy_cases, toks, lazy_toks):
    assert isinstance(lazy_toks, LazyTokens)
    assert [t for chunk in lazy_toks for t in chunk.tokens] == toks.tokens


@pytest.mark.parametrize("by", ["document", "unit", "level"])
def test_dtm_is_the_in_memory_matrix(toks, lazy_toks, by):
    same_dtm(zl.dtm(lazy_toks, by=by), zl.dtm(toks, by=by))
    same_dtm(zl.dtm(lazy_toks, by=by, min_count=3, min_length=2), zl.dtm(toks, by=by, min_count=3, min_length=2))


def test_dtm_vocabulary_and_a_lazy_corpus_without_tokenize(cases, lazy_cases, toks):
    vocab = ["共同缔造", "四权同下", "从未出现的词", "群众"]
    same_dtm(zl.dtm(zl.tokenize(lazy_cases, cache=False), vocabulary=vocab), zl.dtm(toks, vocabulary=vocab))
    same_dtm(zl.dtm(lazy_cases), zl.dtm(zl.tokenize(cases)))


def test_tokenizer_options_pass_through(cases, lazy_cases):
    options = {"unit": "paragraph", "lexicon": False, "stopwords": False, "cache": False}
    plain = zl.dtm(zl.tokenize(cases, **options), by="unit")
    same_dtm(zl.dtm(zl.tokenize(lazy_cases, **options), by="unit"), plain)
    assert "共同缔造" not in plain.terms  # the options changed the tokens, so passing them through mattered


@pytest.mark.parametrize("kwargs", [
    {},
    {"context": "document", "top_n": 40},
    {"context": "window", "window": 3, "min_count": 5},
    {"top_n": 30, "min_length": 1},
    {"vocabulary": ["共同缔造", "群众", "社区", "从未出现的词"], "min_count": 2},
])
def test_cooccurrence_matrix_is_the_in_memory_one(toks, lazy_toks, kwargs):
    a, b = zl.cooccurrence_matrix(lazy_toks, **kwargs), zl.cooccurrence_matrix(toks, **kwargs)
    assert a.terms == b.terms
    same_matrix(a.matrix, b.matrix)
    pd.testing.assert_series_equal(a.counts, b.counts)


@pytest.mark.parametrize("kwargs", [{}, {"measure": "pmi", "context": "window", "top_n": 60},
                                    {"measure": "jaccard", "context": "document", "max_edges": 50}])
def test_cooccurrence_network_is_the_in_memory_graph(toks, lazy_toks, kwargs):
    same_graph(zl.cooccurrence_network(lazy_toks, **kwargs), zl.cooccurrence_network(toks, **kwargs))


@pytest.mark.parametrize("kwargs", [{}, {"by": "unit"}, {"by": "level", "normalize": True}, {"by": None, "mode": "longest"},
                                    {"whole_word": True, "by": "region"}])
def test_count_terms_is_the_in_memory_table(cases, lazy_cases, kwargs):
    terms = ["共同缔造", "基层治理", "村民委员会", "群众"]
    a, b = zl.count_terms(lazy_cases, terms, **kwargs), zl.count_terms(cases, terms, **kwargs)
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_series_equal(a.attrs["n_chars"], b.attrs["n_chars"])


@pytest.mark.parametrize("kwargs", [{"level": "dimension"}, {"level": "stage", "match": "text"}, {"level": "theory"}])
def test_code_framework_is_the_in_memory_table(cases, lazy_cases, kwargs):
    a, b = zl.code_framework(lazy_cases, **kwargs), zl.code_framework(cases, **kwargs)
    pd.testing.assert_frame_equal(a, b)
    assert a.attrs == b.attrs


def test_code_framework_of_lazy_tokens(toks, lazy_toks):
    pd.testing.assert_frame_equal(zl.code_framework(lazy_toks, level="element"), zl.code_framework(toks, level="element"))


def test_keyness_is_the_in_memory_table(cases, toks, lazy_toks):
    level = cases.docs["level"]
    value = level[level != ""].iloc[0]
    pd.testing.assert_frame_equal(zl.keyness(lazy_toks, value, by="level", p_adjust="fdr_bh"),
                                  zl.keyness(toks, value, by="level", p_adjust="fdr_bh"))
    ids = cases.doc_ids[::3]
    pd.testing.assert_frame_equal(zl.keyness(lazy_toks, ids, measure="chi2", min_count=3),
                                  zl.keyness(toks, ids, measure="chi2", min_count=3))
    mask = pd.Series(cases.docs["level"].eq(value).to_numpy(), index=cases.doc_ids)
    pd.testing.assert_frame_equal(zl.keyness(lazy_toks, mask), zl.keyness(toks, mask.to_numpy()))
    with pytest.raises(zl.ZhiliError, match="doc_id"):
        zl.keyness(lazy_toks, mask.tolist())
    with pytest.raises(zl.ZhiliError, match="没有取值"):
        zl.keyness(lazy_toks, "火星", by="level")


def test_client_is_for_lazy_corpora(toks):
    with pytest.raises(zl.ZhiliError, match="scan_corpus"):
        zl.dtm(toks, client=object())


def test_progress_bar_when_asked(lazy_cases, capsys):
    list(lazy_cases.chunks(progress=True))
    assert "块" in capsys.readouterr().err


def test_memory_stays_with_the_chunk(tmp_path):
    """Chunks hold at most chunk_size documents, and a chunk is let go once counted."""
    import gc
    import weakref

    for i in range(9):
        (tmp_path / f"d{i}.txt").write_text(f"推进共同缔造{i}。", encoding="utf-8")
    lazy = zl.scan_corpus(tmp_path, chunk_size=4)
    refs = []
    for chunk in lazy:
        assert len(chunk) <= 4
        refs.append(weakref.ref(chunk))
        del chunk
        gc.collect()
        assert sum(r() is not None for r in refs) == 0


def test_streamed_tokens_use_the_cache_only_when_the_corpus_fits(tmp_path, monkeypatch, cases, toks):
    """A corpus larger than what the bounded cache keeps after an eviction is tokenized in memory
    (a pass in corpus order would evict every chunk before the next pass reads it); results alike."""
    for i in range(4):
        (tmp_path / f"d{i}.txt").write_text("推进共同缔造。" * 50, encoding="utf-8")
    monkeypatch.setenv("ZHILI_CACHE_DIR", str(tmp_path / "cache"))
    assert zl.tokenize(zl.scan_corpus(tmp_path)).options["cache"] is True
    monkeypatch.setenv("ZHILI_CACHE_MAX_MB", "0.001")  # about 1 KB: the 4 files (4.2 KB) do not fit
    lazy = zl.scan_corpus(tmp_path, chunk_size=2)
    assert lazy._plan.n_bytes() == 4 * len(("推进共同缔造。" * 50).encode())
    assert zl.tokenize(lazy).options["cache"] is False
    assert zl.tokenize(lazy, cache=True).options["cache"] is True  # asked for: honoured
    assert zl.streaming._job(lazy, "dtm", tokens=True).options == {"cache": False}
    before = set((tmp_path / "cache").glob("*")) if (tmp_path / "cache").exists() else set()
    m = zl.dtm(zl.tokenize(lazy))
    assert m.to_frame()["共同缔造"].tolist() == [50] * 4
    after = set((tmp_path / "cache").glob("*")) if (tmp_path / "cache").exists() else set()
    assert after == before  # nothing written
    lazy_cases = zl.scan_corpus(CASES, chunk_size=5)
    monkeypatch.setenv("ZHILI_CACHE_DIR", str(tmp_path / "cache2"))
    assert lazy_cases._plan.n_bytes() > 1024 and zl.tokenize(lazy_cases).options["cache"] is False
    same_dtm(zl.dtm(zl.tokenize(lazy_cases)), zl.dtm(toks))


def test_dtm_rows_are_stacked_into_one_growing_vocabulary():
    """Chunks with different, unsorted vocabularies give the matrix of the whole at once."""
    from scipy import sparse

    from zhili.streaming import _RowStack

    rng = np.random.default_rng(15)
    words = [f"词{i:03d}" for i in range(60)]
    dense = rng.integers(0, 3, size=(40, 60)) * (rng.random((40, 60)) < 0.2)
    dense[:, 7] = 0  # a word no chunk uses
    stack, start = _RowStack(None), 0
    for stop in (0, 9, 10, 25, 40):  # an empty chunk, a chunk of one row
        block = dense[start:stop]
        used = np.flatnonzero(block.sum(axis=0))
        shuffled = rng.permutation(used)  # a chunk's own column order (and only its own words)
        stack.add(sparse.csr_matrix(block[:, shuffled]), [words[i] for i in shuffled])
        start = stop
    terms, matrix = stack.finish()
    used = np.flatnonzero(dense.sum(axis=0))
    assert terms == [words[i] for i in used]
    assert matrix.dtype == np.int64 and matrix.has_sorted_indices
    assert (matrix.toarray() == dense[:, used]).all()
    fixed = _RowStack(["词001", "词000", "从未出现"])  # a vocabulary: its order, unseen words as zero columns
    expected = np.c_[dense[:5, [1, 0]], np.zeros(5, dtype=np.int64)]
    fixed.add(sparse.csr_matrix(expected), ["词001", "词000", "从未出现"])
    terms, matrix = fixed.finish()
    assert terms == ["词001", "词000", "从未出现"]
    assert (matrix.toarray() == expected).all()
    assert _RowStack(None).finish()[1].shape == (0, 0)


# ---------------------------------------------------------------------------------------------- Dask


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    try:
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                           silence_logs=50)
    except Exception as exc:  # noqa: BLE001 - a sandbox without sockets or subprocesses
        pytest.skip(f"Dask 的本地集群无法在此环境启动：{exc}")
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_dask_cluster_gives_the_single_process_results(client, cases, toks, tmp_path):
    lazy = zl.scan_corpus(CASES, chunk_size=6)
    lt = zl.tokenize(lazy, cache=False)
    same_dtm(zl.dtm(lt, client=client), zl.dtm(toks))
    same_dtm(zl.dtm(lt, by="level", min_count=2, client=client), zl.dtm(toks, by="level", min_count=2))
    same_graph(zl.cooccurrence_network(lt, client=client, top_n=50), zl.cooccurrence_network(toks, top_n=50))
    terms = ["共同缔造", "基层治理", "群众"]
    pd.testing.assert_frame_equal(zl.count_terms(lazy, terms, by="unit", client=client), zl.count_terms(cases, terms, by="unit"))
    pd.testing.assert_frame_equal(zl.code_framework(lazy, client=client), zl.code_framework(cases))
    pd.testing.assert_frame_equal(zl.keyness(lt, cases.doc_ids[:10], client=client), zl.keyness(toks, cases.doc_ids[:10]))
    # the workers read the files themselves: the report is complete on the driver
    assert lazy.n_docs == len(cases) and lazy.status_counts["ok"] == len(cases)
    # a client given to scan_corpus is used by every analysis
    on_cluster = zl.scan_corpus(CASES, chunk_size=6, client=client)
    same_dtm(zl.dtm(zl.tokenize(on_cluster, cache=False)), zl.dtm(toks))
