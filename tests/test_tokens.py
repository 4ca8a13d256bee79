"""zhili.tokens: segmentation that keeps governance terms whole, fast and cached (issue 3)."""
from __future__ import annotations

import sqlite3
import subprocess
import sys

import pandas as pd
import pytest

import zhili as zl
from zhili import lexicon
from zhili import tokens as tokens_module
from zhili.tokens import Tokenizer, available_backends, cache_dir, clear_cache
from zhili.units import split_units, unit_texts

BACKENDS = available_backends()


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ZHILI_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def tokenizers():
    return {b: Tokenizer(backend=b, stopwords=False, cache=False) for b in BACKENDS}


def _dictionary_terms():
    return sorted(set(lexicon.governance_terms()["term"]) | set(zl.framework().terms()))


CARRIERS = ["我们要认真{}。", "推进{}工作", "{}"]


def _broken(tk, terms, carriers):
    known = set(tk.terms)
    broken = []
    for term in terms:
        for carrier in carriers:
            tokens = tk.cut(carrier.format(term))
            if term in tokens:
                continue
            # acceptable only when a longer dictionary term swallowed it whole
            if any(term in t and t in known for t in tokens):
                continue
            broken.append((term, carrier, tokens))
    return broken


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_dictionary_term_survives_whole(tokenizers, backend):
    tk = tokenizers[backend]
    terms = [t for t in _dictionary_terms() if t not in lexicon.policy_compounds()]
    assert len(terms) >= 400
    assert _broken(tk, terms, CARRIERS) == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_policy_compounds_are_whole_but_give_way(tokenizers, backend):
    # a compound of policy language (人才保障, 牵头单位) is whole on its own and in a plain sentence;
    # with its low frequency a jieba word may take its edge in a few carriers (推进系统/协同工作),
    # and a governance term it overlaps keeps its characters (社会组织 in 社会组织保障)
    tk = tokenizers[backend]
    compounds = sorted(lexicon.policy_compounds())
    assert len(compounds) >= 500
    assert _broken(tk, compounds, ["{}", "关于{}的意见"]) == []
    # a jieba word may take a compound's edge in a few carriers (推进基层/调解工作, 认真读书/活动)
    assert len(_broken(tk, compounds, ["我们要认真{}。", "推进{}工作"])) <= len(compounds) // 100
    for sentence, term in [("强化社会组织保障。", "社会组织"), ("完善相关监督管理制度。", "监督管理"),
                           ("把结果作为领导干部考核的重要内容。", "领导干部")]:
        assert term in tk.cut(sentence)
    assert all(tk.terms[c] < tk.terms["共同缔造"] for c in compounds)


def test_plain_jieba_splits_what_the_lexicon_keeps(tokenizers):
    plain = Tokenizer(lexicon=False, stopwords=False, cache=False, backend="jieba")
    assert plain.cut("推进共同缔造") == ["推进", "共同", "缔造"]
    assert tokenizers["jieba"].cut("推进共同缔造") == ["推进", "共同缔造"]


MIXED = [
    "2024年11月29日，宜昌市投入1.5亿元建成GDP统计平台www.example.com，电话027-12345678。",
    "Ｆｕｌｌ－ｗｉｄｔｈ １２３ 与 half-width 123；他说：“好！”推进3+N公约体系和1+1+N党群服务中心。",
    "两长N员、四长两队、15分钟服务圈、一网统管/一网通办/一网协同，AI+政务，5G基站，H5页面，v2.0版本。",
    "（一）坚持“四权同下”——资金统筹权、力量调配权…… 第3条：e-mail为a.b@c.cn。",
]


@pytest.mark.skipif("fast" not in BACKENDS, reason="rjieba 未安装")
@pytest.mark.parametrize("options", [dict(), dict(punct=True, numbers=True), dict(lexicon=False)])
def test_backends_agree_on_mixed_text(options):
    fast = zl.tokenize(MIXED, backend="fast", cache=False, stopwords=False, **options).tokens
    ref = zl.tokenize(MIXED, backend="jieba", cache=False, stopwords=False, **options).tokens
    assert fast == ref


@pytest.mark.skipif("fast" not in BACKENDS, reason="rjieba 未安装")
def test_backends_agree_on_the_casebook():
    corpus = zl.cases(as_corpus=True)
    fast = zl.tokenize(corpus, backend="fast", cache=False, punct=True, numbers=True).tokens
    ref = zl.tokenize(corpus, backend="jieba", cache=False, punct=True, numbers=True).tokens
    assert fast == ref


def test_ascii_runs_are_kept_whole():
    tokens = zl.tokenize(MIXED[0], cache=False, numbers=True).tokens[0]
    assert "www.example.com" in tokens and "027-12345678" in tokens and "1.5" in tokens


# ------------------------------------------------------------------ stopwords

def test_stopword_choices_are_explicit_and_switchable():
    text = "进一步加强和推进基层治理，一是要切实做好各类工作。"
    default = zl.tokenize(text, cache=False).tokens[0]
    assert "加强" in default and "推进" in default  # meaningful in policy analysis
    assert "进一步" not in default and "一是" not in default and "的" not in default
    kept = zl.tokenize(text, cache=False, keep=["进一步"]).tokens[0]
    assert "进一步" in kept
    extra = zl.tokenize(text, cache=False, extra_stopwords=["加强"]).tokens[0]
    assert "加强" not in extra and "推进" in extra
    none = zl.tokenize(text, cache=False, stopwords=False).tokens[0]
    assert "进一步" in none and "一是" in none


def test_user_terms_from_list_and_file(tmp_path):
    text = "我们村开展屋场恳谈和湾子议事。"
    assert "屋场恳谈" not in zl.tokenize(text, cache=False).tokens[0]
    assert "屋场恳谈" in zl.tokenize(text, cache=False, user_terms=["屋场恳谈"]).tokens[0]
    path = tmp_path / "dict.txt"
    path.write_bytes("\ufeff屋场恳谈 10 n\r\n湾子议事\r\n".encode("utf-8"))
    tokens = zl.tokenize(text, cache=False, user_terms=path).tokens[0]
    assert "屋场恳谈" in tokens and "湾子议事" in tokens
    bad = tmp_path / "bad.txt"
    bad.write_text("屋场恳谈 10\n湾子议事 很多\n", encoding="utf-8")
    with pytest.raises(zl.ZhiliError, match="第 2 行"):
        zl.tokenize(text, cache=False, user_terms=bad)


def test_tokenizers_do_not_leak_into_each_other():
    import jieba

    a = Tokenizer(lexicon=False, stopwords=False, user_terms=["湾子议事"], cache=False, backend="jieba")
    b = Tokenizer(lexicon=False, stopwords=False, cache=False, backend="jieba")
    assert "湾子议事" in a.cut("开展湾子议事")
    assert "湾子议事" not in b.cut("开展湾子议事")
    assert "湾子议事" not in jieba.lcut("开展湾子议事")  # jieba's global dictionary untouched
    if "fast" in BACKENDS:
        c = Tokenizer(lexicon=False, stopwords=False, cache=False, backend="fast")
        assert "湾子议事" not in c.cut("开展湾子议事")


def test_pos_tags():
    pairs = zl.tokenize("推进共同缔造。", pos=True, cache=False).tokens[0]
    assert pairs[1] == ("共同缔造", "nz") and pairs[0][0] == "推进"
    frame = zl.tokenize("推进共同缔造。", pos=True, cache=False).to_frame()
    assert list(frame.columns) == ["doc_id", "unit_id", "position", "token", "pos"]


# ------------------------------------------------------------------ quiet, deterministic, aligned

def test_nothing_is_written_to_stderr():
    code = ("import zhili as zl; t = zl.tokenize(['推进共同缔造。'], backend='jieba', cache=False); "
            "print(t.tokens)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr == ""
    assert "共同缔造" in out.stdout


def test_tokens_align_with_units_and_docvars():
    corpus = zl.Corpus.from_texts({"a": "一、总体要求\n推进共同缔造。坚持四权同下！", "b": ""}, docvars={"year": [2022, 2023]})
    for unit in ("sentence", "paragraph", "item", "document"):
        toks = zl.tokenize(corpus, unit=unit, cache=False)
        assert len(toks) == len(toks.units) == len(toks.docvars)
        assert toks.doc_ids == toks.units["doc_id"].tolist()
    toks = zl.tokenize(corpus, cache=False)
    assert toks.tokens == [["要求"], ["推进", "共同缔造"], ["坚持", "四权同下"]]  # 总体: a policy stopword
    assert toks.docvars["year"].tolist() == [2022, 2022, 2022]
    assert toks.units["heading_path"].tolist() == ["一、总体要求"] * 3
    assert toks.meta["settings"]["lexicon"] == lexicon.LEXICON_VERSION


def test_fast_unit_texts_match_split_units():
    texts = zl.cases(as_corpus=True).texts + MIXED + ["。abc。。…”x\n\n  。\n…\n他说：“好！”然后……走了。 \n 尾 \n", ""]
    for text in texts:
        for unit in ("sentence", "paragraph", "item", "document"):
            assert [t.strip() for t in unit_texts(text, unit)] == [u.text.strip() for u in split_units(text, unit)]


def test_parallel_equals_serial():
    corpus = zl.cases(as_corpus=True)
    serial = zl.tokenize(corpus, cache=False, n_jobs=1).tokens
    parallel = zl.tokenize(corpus, cache=False, n_jobs=2).tokens
    assert serial == parallel


def test_parallel_fast_backend_leaves_the_dictionary_to_the_workers(monkeypatch):
    # with worker processes this process never segments: the fast backend's dictionary (25-45 MB,
    # built in ~0.1 s) is built by the workers, not here; with one process it is built here
    if "fast" not in tokens_module.available_backends():
        pytest.skip("rjieba is not installed")
    monkeypatch.setattr(tokens_module, "_SEGMENTERS", type(tokens_module._SEGMENTERS)())
    corpus = zl.cases(as_corpus=True)
    parallel = zl.tokenize(corpus, cache=False, n_jobs=2, backend="fast")
    assert len(tokens_module._SEGMENTERS) == 0
    serial = zl.tokenize(corpus, cache=False, n_jobs=1, backend="fast")
    assert len(tokens_module._SEGMENTERS) == 1
    assert parallel.tokens == serial.tokens


def _varied_texts() -> list[str]:
    """The cases with a word of its own in every document (so that each chunk brings words the
    other worker never saw), a repeated document, an empty one and one of whitespace only."""
    texts = [f"{t}\n编号QX{i}号文件由第{i}组起草。" for i, t in enumerate(zl.cases(as_corpus=True).texts)]
    return texts[:5] + ["", texts[3], "  \n\n "] + texts[5:] + [texts[0]]


def _assert_same_tokens(a: zl.Tokens, b: zl.Tokens) -> None:
    assert a.vocab == b.vocab
    assert a.ids.dtype == b.ids.dtype and a.ids.tolist() == b.ids.tolist()
    assert a.offsets.tolist() == b.offsets.tolist()
    assert a.doc_index.tolist() == b.doc_index.tolist()
    assert a.tag_vocab == b.tag_vocab
    assert (a.tag_ids is None) == (b.tag_ids is None)
    if a.tag_ids is not None:
        assert a.tag_ids.tolist() == b.tag_ids.tolist()
    assert a.tokens == b.tokens
    pd.testing.assert_frame_equal(a.units, b.units)
    pd.testing.assert_frame_equal(a.to_frame(), b.to_frame())


@pytest.fixture
def small_parallel_chunks(monkeypatch):
    """Parallel runs cut the texts into chunks of about 1000 characters: some twenty chunks, so
    that each worker process sends several and its vocabulary grows between them."""
    monkeypatch.setattr(tokens_module, "_MIN_PARALLEL_CHUNK_CHARS", 1000)
    monkeypatch.setattr(tokens_module, "_CHUNK_CHARS", 1000)


@pytest.mark.parametrize("pos", [False, True])
@pytest.mark.parametrize("unit", ["sentence", "document"])
def test_parallel_columns_equal_serial(small_parallel_chunks, pos, unit):
    texts = _varied_texts()
    assert len(tokens_module._chunks(texts, 1000)) >= 15
    serial = zl.tokenize(texts, unit=unit, cache=False, pos=pos, n_jobs=1)
    assert "qx7" in serial.vocab or "QX7" in serial.vocab
    for tokenizer in (None, "used"):
        tk = Tokenizer(cache=False, pos=pos)
        if tokenizer == "used":  # the main process has numbered words already (forked workers inherit them)
            tk.cut("坚持共同缔造，编号QX3号文件，另有ZZ9文件。")
        parallel = zl.tokenize(texts, unit=unit, tokenizer=tk, n_jobs=2)
        _assert_same_tokens(serial, parallel)


@pytest.mark.parametrize("pos", [False, True])
def test_parallel_with_cache_equals_serial(small_parallel_chunks, pos):
    texts = _varied_texts()
    reference = zl.tokenize(texts, cache=False, pos=pos, n_jobs=1)
    # part of the corpus cached by a one-process run, the rest segmented by the workers and cached
    zl.tokenize(texts[::3], cache=True, pos=pos, n_jobs=1)
    cold = zl.tokenize(texts, cache=True, pos=pos, n_jobs=2)
    _assert_same_tokens(reference, cold)
    warm = zl.tokenize(texts, cache=True, pos=pos, n_jobs=2)  # every document from the records workers wrote
    _assert_same_tokens(reference, warm)
    _assert_same_tokens(reference, zl.tokenize(texts, cache=True, pos=pos, n_jobs=1))


def test_worker_numbers_are_translated(small_parallel_chunks):
    """Two simulated workers take alternate chunks with vocabularies of their own: their numbers
    differ from each other's and from the main process's, and the translation makes them agree."""
    import pickle

    texts = _varied_texts()
    main = Tokenizer(cache=False, pos=True)
    main._segmenter  # noqa: B018
    workers = [tokens_module._Worker(pickle.loads(pickle.dumps(main))) for _ in range(2)]  # as under spawn
    renumber = tokens_module._Renumber(main)
    chunks = tokens_module._chunks(texts, 1000)
    untranslated_differs = False
    for k, (a, b) in enumerate(chunks):
        result = workers[k % 2].cut(texts[a:b], "sentence", False)
        columns, _ = renumber(result)
        reference = Tokenizer(cache=False, pos=True)
        _, expected = reference._cut_chunk(texts[a:b], "sentence", records=False)
        words = [reference._vocab.words[i] for i in expected.ids.tolist()]
        assert [main._vocab.words[i] for i in columns.ids.tolist()] == words
        assert [main._tags.words[i] for i in columns.tags.tolist()] == [reference._tags.words[i] for i in expected.tags.tolist()]
        assert columns.counts.tolist() == expected.counts.tolist()
        assert columns.n_units.tolist() == expected.n_units.tolist()
        raw = result[5].ids.tolist()
        untranslated_differs |= [main._vocab.words[i] if i < len(main._vocab.words) else None for i in raw] != words
    assert untranslated_differs  # the test would notice numbers passed through untranslated
    # a result that does not follow the worker's previous one is refused
    stale = workers[0].cut(texts[:1], "sentence", False)
    broken = (stale[0], stale[1] + 1, *stale[2:])
    with pytest.raises(RuntimeError, match="out of order"):
        renumber(broken)


def test_texts_sent_to_workers_keep_no_second_copy(small_parallel_chunks):
    """Pickling a str makes CPython keep its UTF-8 form inside it (sys.getsizeof counts it): the
    texts go to the workers as one UTF-8 string per chunk instead, and come back equal."""
    import pickle

    text = "推进共同缔造，坚持四权同下。" * 200
    pickle.dumps([text])
    assert sys.getsizeof(text) > sys.getsizeof(text.encode().decode()) + 3 * len(text)  # what the test would notice
    corpus = zl.Corpus.from_texts(_varied_texts())
    sizes = [sys.getsizeof(t) for t in corpus.texts]
    toks = zl.tokenize(corpus, cache=False, n_jobs=2)
    assert [sys.getsizeof(t) for t in corpus.texts] == sizes
    _assert_same_tokens(toks, zl.tokenize(corpus, cache=False, n_jobs=1))
    odd = ["a\ud800", "\udc00b", "", "推进😀", "\udfff", " \n"]
    assert list(pickle.loads(pickle.dumps(tokens_module._Texts(odd)))) == odd


def test_parallel_under_spawn_equals_serial(small_parallel_chunks, monkeypatch):
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    texts = _varied_texts()
    serial = zl.tokenize(texts, cache=False, pos=True, n_jobs=1)
    _assert_same_tokens(serial, zl.tokenize(texts, cache=False, pos=True, n_jobs=2))


# ------------------------------------------------------------------ bad input

@pytest.mark.parametrize("bad,match", [(None, "None"), (b"\xe6\x8e\xa8", "bytes"), (42, "int"),
                                      (["推进", 3], "第 2 篇"), ([None], "None")])
def test_bad_input_gets_a_clear_error(bad, match):
    with pytest.raises(zl.ZhiliError, match=match):
        zl.tokenize(bad, cache=False)


def test_empty_and_control_characters():
    toks = zl.tokenize(["", "   ", "推进\x00共同\x1e缔造\x1f。\x07"], cache=False)
    assert toks.tokens == [["推进", "共同", "缔造"]]
    assert zl.Tokenizer(cache=False).cut("") == []


def test_one_megabyte_line_without_punctuation():
    line = "推进共同缔造基层治理现代化四权同下" * 60_000  # about 1 MB, no punctuation
    toks = zl.tokenize(line, cache=False)
    assert len(toks) == 1
    assert "".join(zl.tokenize(line, cache=False, stopwords=False).tokens[0]) == line
    assert toks.tokens[0].count("四权同下") == 60_000


def test_options_are_checked():
    with pytest.raises(zl.ZhiliError, match="unit"):
        zl.tokenize("推进", unit="word")
    with pytest.raises(zl.ZhiliError, match="backend"):
        zl.tokenize("推进", backend="hanlp")
    with pytest.raises(zl.ZhiliError, match="列表"):
        zl.tokenize("推进", extra_stopwords="加强")


# ------------------------------------------------------------------ cache

def _cache_file():
    return next(cache_dir().glob("tokens-*.sqlite"))


def _rows(table):
    con = sqlite3.connect(_cache_file())
    rows = con.execute(f"SELECT key, value, used FROM {table}").fetchall()
    con.close()
    return rows


def test_cache_is_used_and_holds_arrays_not_pickles():
    import hashlib

    texts = ["推进共同缔造。坚持四权同下。", "决策共谋、发展共建。"]
    first = zl.tokenize(texts)
    rows, vocabs = _rows("tokens"), _rows("vocabs")
    assert len(rows) == 2 and len(vocabs) == 1  # one record per document, one vocabulary they share
    # binary records: a small header, unit lengths and token numbers; the words, as UTF-8 text, are
    # in the vocabulary the records name
    assert all(isinstance(v, bytes) and v.startswith(b"ZT") and not v.startswith(b"\x80") for _, v, _ in rows)
    ((vocab_key, vocab, _),) = vocabs
    assert vocab.startswith(b"ZV") and "共同缔造".encode() in vocab and "决策共谋".encode() in vocab
    assert not any("共同缔造".encode() in v for _, v, _ in rows)
    assert vocab_key == hashlib.sha256(vocab).hexdigest()[:32]
    words, tags = tokens_module._decode_vocab(vocab)
    assert tags is None and sorted(words) == first.vocab  # each word the documents keep, once
    decoded = [tokens_module._decode(v) for _, v, _ in rows]
    assert {key for *_, key in decoded} == {vocab_key}
    assert sorted(([int(n) for n in lengths], [words[i] for i in ids]) for lengths, ids, _, _ in decoded) == [
        ([2], ["决策共谋", "发展共建"]), ([2, 2], ["推进", "共同缔造", "坚持", "四权同下"])]
    # a warm run is served from the cache: prove it by planting a marker in the stored vocabulary
    planted = vocab.replace("决策共谋".encode(), "缓存命中".encode())  # same length in UTF-8
    con = sqlite3.connect(_cache_file())
    con.execute("UPDATE vocabs SET value = ?, checksum = ? WHERE key = ?", (planted, hashlib.sha1(planted).hexdigest(), vocab_key))
    con.commit()
    con.close()
    assert "缓存命中" in zl.tokenize(texts).tokens[2]
    assert first.tokens[:2] == zl.tokenize(texts).tokens[:2]
    # different settings, different key
    assert "决策共谋" in zl.tokenize(texts, stopwords=False).tokens[2]


def test_record_whose_vocabulary_is_gone_or_does_not_fit_is_segmented_again():
    import hashlib

    texts = ["推进共同缔造。坚持四权同下。", "决策共谋、发展共建。"]
    expected = zl.tokenize(texts, cache=False).tokens
    zl.tokenize(texts)
    con = sqlite3.connect(_cache_file())
    con.execute("DELETE FROM vocabs")
    con.commit()
    con.close()
    assert zl.tokenize(texts).tokens == expected
    assert len(_rows("tokens")) == 2 and len(_rows("vocabs")) == 1  # stored again, with their vocabulary
    # a vocabulary with one word fewer than its records say: not used, the records rebuilt
    ((key, vocab, _),) = _rows("vocabs")
    words, _ = tokens_module._decode_vocab(vocab)
    smaller = tokens_module._encode_vocab(words[:-1])
    con = sqlite3.connect(_cache_file())
    con.execute("UPDATE vocabs SET value = ?, checksum = ? WHERE key = ?", (smaller, hashlib.sha1(smaller).hexdigest(), key))
    con.commit()
    con.close()
    assert zl.tokenize(texts).tokens == expected
    assert zl.tokenize(texts).tokens == expected
    assert {tokens_module._decode(v)[3] for _, v, _ in _rows("tokens")} <= {k for k, _, _ in _rows("vocabs")}


def test_corrupt_cache_entry_is_rebuilt_not_returned():
    texts = ["推进共同缔造。"]
    good = zl.tokenize(texts).tokens
    con = sqlite3.connect(_cache_file())
    con.execute("UPDATE tokens SET value = substr(value, 1, 5)")  # half-written value, stale checksum
    con.commit()
    con.close()
    assert zl.tokenize(texts).tokens == good


def test_corrupt_cache_database_is_replaced():
    texts = ["推进共同缔造。"]
    good = zl.tokenize(texts).tokens
    path = _cache_file()
    clear_cache()
    path.write_bytes(b"this is not an sqlite database" * 100)
    assert zl.tokenize(texts).tokens == good
    assert zl.tokenize(texts).tokens == good


def test_cache_can_be_switched_off(monkeypatch):
    monkeypatch.setenv("ZHILI_NO_CACHE", "1")
    zl.tokenize(["推进共同缔造。"])
    assert not list(cache_dir().glob("tokens-*.sqlite"))


def test_punct_option_keeps_punctuation_even_with_stopwords():
    # regression (issue 3 review): punctuation sits in the general stopword list
    assert "，" in zl.tokenize("推进共同缔造，坚持四权同下。", punct=True, cache=False).tokens[0]
    assert "，" not in zl.tokenize("推进共同缔造，坚持四权同下。", cache=False).tokens[0]


def test_lexicon_is_reachable_from_the_package():
    code = "import zhili as zl; print(len(zl.lexicon.governance_terms()) > 400)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True" and out.stderr == ""


def test_empty_word_lists_mean_none():
    # regression (lesson 08 review): a parameterised notebook passes extra_stopwords=[]
    assert zl.tokenize("推进共同缔造。", extra_stopwords=[], keep=[], cache=False).tokens == [["推进", "共同缔造"]]


# ------------------------------------------------------------------ cache failures and bound (issue 10)
# A cache only costs time: whatever goes wrong with it, zl.tokenize gives the same tokens, in memory,
# with one Chinese warning per process that says what to do. Tests run as root, so unwritable places
# are simulated: a file where the folder should be, a failing sqlite3.connect, a read-only database.

from datetime import timedelta  # noqa: E402
import warnings  # noqa: E402


TEXTS = ["推进共同缔造。坚持四权同下。", "决策共谋、发展共建。"]
EXPECTED = [["推进", "共同缔造"], ["坚持", "四权同下"], ["决策共谋", "发展共建"]]


@pytest.fixture
def fresh_warnings(monkeypatch):
    """Forget which once-per-process warnings were given; record every warning."""
    monkeypatch.setattr(tokens_module, "_WARNED", set(), raising=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught


def _cache_warnings(caught):
    return [w for w in caught if issubclass(w.category, zl.ZhiliWarning)]


def _assert_one_cache_warning(caught):
    found = _cache_warnings(caught)
    assert len(found) == 1, [str(w.message) for w in found]
    message = str(found[0].message)
    assert "分词缓存无法使用" in message and "ZHILI_CACHE_DIR" in message and "cache=False" in message
    assert found[0].filename == __file__  # attributed to the caller's line, not to zhili's insides
    return message


def _wrap_connect(monkeypatch, factory=None, **pragmas):
    """Make the cache open its database through ``factory`` and/or with extra PRAGMAs."""
    real = sqlite3.connect

    def connect(*args, **kwargs):
        if factory is not None:
            kwargs["factory"] = factory
        con = real(*args, **kwargs)
        for name, value in pragmas.items():
            con.execute(f"PRAGMA {name}={value}")
        return con

    monkeypatch.setattr(tokens_module.sqlite3, "connect", connect)


def test_cache_folder_under_a_file_falls_back_to_memory(tmp_path, monkeypatch, fresh_warnings):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("ZHILI_CACHE_DIR", str(blocker / "cache"))  # NotADirectoryError
    assert zl.tokenize(TEXTS).tokens == EXPECTED
    message = _assert_one_cache_warning(fresh_warnings)
    assert "not-a-folder" in message and "NotADirectoryError" in message
    assert zl.tokenize(TEXTS[:1]).tokens == EXPECTED[:2]  # again: still works, no second warning
    _assert_one_cache_warning(fresh_warnings)


def test_cache_folder_that_is_a_file_falls_back_to_memory(tmp_path, monkeypatch, fresh_warnings):
    blocker = tmp_path / "cache-file"
    blocker.write_text("x")
    monkeypatch.setenv("ZHILI_CACHE_DIR", str(blocker))  # FileExistsError
    assert zl.tokenize(TEXTS).tokens == EXPECTED
    _assert_one_cache_warning(fresh_warnings)
    assert clear_cache() == 0 and clear_cache(older_than=1) == 0


def test_cache_that_cannot_be_opened_falls_back_to_memory(monkeypatch, fresh_warnings):
    def refuse(*args, **kwargs):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(tokens_module.sqlite3, "connect", refuse)
    assert zl.tokenize(TEXTS).tokens == EXPECTED
    assert "OperationalError" in _assert_one_cache_warning(fresh_warnings)


def test_cache_file_that_is_a_folder_falls_back_to_memory(fresh_warnings):
    (cache_dir() / f"tokens-v{tokens_module._CACHE_VERSION}.sqlite").mkdir(parents=True)
    assert zl.tokenize(TEXTS).tokens == EXPECTED
    _assert_one_cache_warning(fresh_warnings)


def test_read_only_cache_serves_reads_and_warns_on_write(monkeypatch, fresh_warnings):
    zl.tokenize(TEXTS[:1])  # cached while writable
    path = _cache_file().resolve()
    real = sqlite3.connect
    monkeypatch.setattr(tokens_module.sqlite3, "connect",
                        lambda *a, **k: real(f"{path.as_uri()}?mode=ro", uri=True, timeout=1))
    assert zl.tokenize(TEXTS).tokens == EXPECTED  # the new text cannot be stored
    assert "readonly" in _assert_one_cache_warning(fresh_warnings)


def test_full_disk_while_writing_falls_back_to_memory(monkeypatch, fresh_warnings):
    _wrap_connect(monkeypatch, max_page_count=8)  # a 32 KB "disk": big values do not fit
    long_text = "推进共同缔造，坚持四权同下，" * 8000  # 32,000 tokens: a 64 KB record
    assert zl.tokenize([long_text]).tokens[0][:4] == ["推进", "共同缔造", "坚持", "四权同下"]
    assert "full" in _assert_one_cache_warning(fresh_warnings)


class _FailingReads(sqlite3.Connection):
    def execute(self, sql, *args):
        if sql.startswith("SELECT key, checksum"):
            raise sqlite3.OperationalError("disk I/O error")
        return super().execute(sql, *args)


def test_reads_that_fail_fall_back_to_segmenting(monkeypatch, fresh_warnings):
    zl.tokenize(TEXTS)
    _wrap_connect(monkeypatch, factory=_FailingReads)
    assert zl.tokenize(TEXTS).tokens == EXPECTED
    assert "I/O" in _assert_one_cache_warning(fresh_warnings)


def test_database_of_another_kind_is_replaced(fresh_warnings):
    path = cache_dir() / f"tokens-v{tokens_module._CACHE_VERSION}.sqlite"
    path.parent.mkdir(parents=True)
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE tokens (key TEXT PRIMARY KEY, value TEXT)")  # an older layout
    con.commit()
    con.close()
    assert zl.tokenize(TEXTS).tokens == EXPECTED
    assert zl.tokenize(TEXTS).tokens == EXPECTED
    assert not _cache_warnings(fresh_warnings)
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM tokens").fetchone()[0] == 2
    con.close()


def _used_days():
    con = sqlite3.connect(_cache_file())
    rows = dict(con.execute("SELECT value, used FROM tokens").fetchall())
    con.close()
    return sorted(rows.values())


class _Recording(sqlite3.Connection):
    statements: list[str] = []

    def execute(self, sql, *args):
        _Recording.statements.append(sql)
        return super().execute(sql, *args)


def test_last_use_is_recorded_once_a_day_in_one_batch(monkeypatch):
    monkeypatch.setattr(tokens_module, "_today", lambda: 100)
    zl.tokenize(TEXTS)
    assert _used_days() == [100, 100]
    _Recording.statements = []
    _wrap_connect(monkeypatch, factory=_Recording)
    zl.tokenize(TEXTS)  # same day: a read writes nothing
    assert not [s for s in _Recording.statements if s.startswith("UPDATE")]
    monkeypatch.setattr(tokens_module, "_today", lambda: 103)
    zl.tokenize(TEXTS)  # a new day: one UPDATE for both records, one for the vocabulary they share
    updates = [s for s in _Recording.statements if s.startswith("UPDATE")]
    assert len(updates) == 2 and {s.split()[1] for s in updates} == {"tokens", "vocabs"}
    assert _used_days() == [103, 103] and [used for *_, used in _rows("vocabs")] == [103]


@pytest.mark.parametrize("older_than", [20, 20.0, "20d", "20 天", " 20 ", timedelta(days=20)])
def test_clear_cache_older_than_removes_entries_not_used_for_that_long(monkeypatch, older_than):
    monkeypatch.setattr(tokens_module, "_today", lambda: 100)
    zl.tokenize(TEXTS[0])
    monkeypatch.setattr(tokens_module, "_today", lambda: 110)
    zl.tokenize(TEXTS[1])
    monkeypatch.setattr(tokens_module, "_today", lambda: 125)
    zl.tokenize(TEXTS[0])  # used again: kept
    monkeypatch.setattr(tokens_module, "_today", lambda: 130)
    assert clear_cache(older_than=older_than) == 1  # TEXTS[1], unused for 20 days
    assert clear_cache(older_than=older_than) == 0
    assert _used_days() == [125] and [used for *_, used in _rows("vocabs")] == [125]  # its vocabulary went too
    assert clear_cache() == 1 and not list(cache_dir().glob("tokens-*"))


@pytest.mark.parametrize("bad", ["30x", "-1", -1, True, [30], float("nan")])
def test_clear_cache_rejects_odd_durations(bad):
    with pytest.raises(zl.ZhiliError, match="older_than"):
        clear_cache(older_than=bad)


def test_clear_cache_also_removes_files_of_earlier_formats():
    zl.tokenize(TEXTS)
    old = cache_dir() / "tokens-v3.sqlite"
    con = sqlite3.connect(old)
    con.execute("CREATE TABLE tokens (key TEXT PRIMARY KEY, checksum TEXT, value TEXT)")
    con.execute("INSERT INTO tokens VALUES ('a', 'b', 'c')")
    con.commit()
    con.close()
    assert clear_cache(older_than=1) == 0  # the old file was written just now
    assert clear_cache() == 3 and not list(cache_dir().iterdir())


def test_cache_stays_under_its_bound_dropping_least_recently_used(monkeypatch):
    monkeypatch.setenv("ZHILI_CACHE_MAX_MB", "0.08")  # 82 KiB
    docs = [f"第{i}号文件：" + "推进共同缔造，坚持四权同下，" * 900 for i in range(12)]  # ~7 KB stored each
    for day, doc in enumerate(docs):
        monkeypatch.setattr(tokens_module, "_today", lambda day=day: 100 + day)
        zl.tokenize(doc)
        if day == 8:
            zl.tokenize(docs[0])  # the first document is used again
        assert _cache_file().stat().st_size <= 0.08 * 1024 * 1024
    kept = _cached_docs(docs)
    assert 0 in kept and 11 in kept  # used last
    assert 1 not in kept             # the least recently used went first
    assert 3 <= len(kept) < len(docs)
    # each remaining record's vocabulary is still there; those of the dropped ones went with them
    vocabs = {key for key, _, _ in _rows("vocabs")}
    assert {tokens_module._decode(v)[3] for _, v, _ in _rows("tokens")} <= vocabs
    assert len(vocabs) == 1  # the documents keep the same words (the numbers are dropped): one vocabulary
    assert zl.tokenize(docs[11]).tokens == zl.tokenize(docs[11], cache=False).tokens
    assert clear_cache() == len(kept)


def _cached_docs(docs):
    """Indexes of the documents in ``docs`` that have an entry in the cache."""
    import hashlib

    con = sqlite3.connect(_cache_file())
    keys = [k for (k,) in con.execute("SELECT key FROM tokens")]
    con.close()
    digests = {hashlib.sha256(d.encode()).hexdigest(): i for i, d in enumerate(docs)}
    return sorted(digests[k.split(":")[1]] for k in keys)


def test_bad_cache_bound_warns_and_uses_the_default(monkeypatch, fresh_warnings):
    monkeypatch.setenv("ZHILI_CACHE_MAX_MB", "2GB")
    assert zl.tokenize(TEXTS).tokens == EXPECTED
    (w,) = _cache_warnings(fresh_warnings)
    assert "ZHILI_CACHE_MAX_MB" in str(w.message) and "2048" in str(w.message)


# ------------------------------------------------------------------ columnar layout (issue 15)
# Tokens keep a sorted vocabulary, int32 ids, int64 unit offsets and an int32 document index. The
# checks below compare them with a plain reference: the raw segmenter run unit by unit, adjacent
# Latin/digit pieces merged, the keep rule applied — no arrays, no chunks, no cache.

import re  # noqa: E402

import numpy as np  # noqa: E402

from zhili.tokens import Tokens, _merge_ascii_tagged  # noqa: E402
from zhili.units import split_units as _split_units  # noqa: E402

_ASCII_TOKEN = re.compile(r"[A-Za-z0-9._%+#&\-]+")
EDGE_TEXTS = [
    "", "   ", "\n\n", "。。", "“。”", "！？…”\n  ；", "推进\x00共同\x1e缔造\x1f。\x07",
    "𠀀𠀁字，emoji😀测试，\u200b零宽\u3000全角空格。Ｆｕｌｌ　ｗｉｄｔｈ。",
    "村（居）民委员会和乡镇(街道)、一网统管。", "a b c 1 2 3 x-y_z 10% 3+N。", "ab\r\ncd\r\n\r\nef 12\n34",
    "一、总体要求\n（一）决策共谋\n一是入户走访；二是村湾夜话。\n1. 到2025年\n（1）坝坝会……”他说。",
    "只有一句没有句号", "好。  。 好 \n\n x…。…", "“好！”然后……走了。 \n 尾 \n",
]


def _reference_unit(tk, text):
    """The kept tokens of one unit, computed the plain way."""
    if tk.pos:
        return [(w, t) for w, t in _merge_ascii_tagged(tk._raw_tag(text)) if tk._keep_token(w)]
    merged, run = [], []
    for word in [*tk._raw_cut(text), None]:
        if word is not None and _ASCII_TOKEN.fullmatch(word):
            run.append(word)
            continue
        if run:
            merged.append("".join(run))
            run = []
        if word is not None:
            merged.append(word)
    return [w for w in merged if tk._keep_token(w)]


def _reference(tk, corpus, unit):
    return [_reference_unit(tk, u.text) for text in corpus.texts for u in _split_units(text, unit)]


def _sample_corpus(with_cases: bool):
    texts = zl.load_corpus(zl.__file__.replace("src/zhili/__init__.py", "corpus/samples"), errors="report").texts
    if with_cases:
        texts += zl.cases(as_corpus=True).texts
    return zl.Corpus.from_texts([*texts, *MIXED, *EDGE_TEXTS])


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("options", [dict(), dict(pos=True), dict(stopwords=False, punct=True, numbers=True)])
def test_columns_equal_the_plain_reference_unit_by_unit(backend, options):
    corpus = _sample_corpus(with_cases=backend == "fast")
    tk = Tokenizer(backend=backend, cache=False, **options)
    for unit in ("sentence", "paragraph", "item", "document"):
        toks = zl.tokenize(corpus, unit=unit, tokenizer=tk)
        assert toks.tokens == _reference(tk, corpus, unit)
        assert len(toks) == len(toks.units) and toks.doc_ids == toks.units["doc_id"].tolist()
        # the columns themselves: sorted distinct vocabulary, ids into it, offsets, document of each unit
        assert toks.vocab == sorted(set(toks.vocab)) and toks.ids.dtype == np.int32
        assert toks.offsets.dtype == np.int64 and toks.doc_index.dtype == np.int32
        assert np.array_equal(np.diff(toks.offsets), [len(u) for u in toks.tokens])
        assert [toks.vocab[i] for i in toks.ids] == [w for u in toks.words() for w in u]
        if toks.pos:
            assert [toks.tag_vocab[i] for i in toks.tag_ids] == [t for u in toks.tokens for _, t in u]
        # the same units one at a time, by iteration and by index, without the list cache
        fresh = zl.tokenize(corpus, unit=unit, tokenizer=tk)
        assert list(fresh) == toks.tokens and [fresh[i] for i in range(len(fresh))] == toks.tokens
        assert fresh[-1] == toks.tokens[-1] and fresh[1:4] == toks.tokens[1:4]


def test_sentence_marks_equal_the_regex_text_by_text():
    """_mark_sentences (code units on arrays) gives what the sentence-end regex gives text by text."""
    import random

    from zhili.tokens import _SENTENCE_END, _UNIT, _mark_sentences

    def plain(texts):
        marked = [_SENTENCE_END.sub(lambda m: m.group() + _UNIT, t).replace("\n", _UNIT) for t in texts]
        return _UNIT.join(marked), [m.count(_UNIT) + 1 for m in marked]

    rnd = random.Random(15)
    alphabet = list("。！？!?；;…”’」』）)》〉\"'\n字a \r") + ["😀", "𠀀", "\u3000"]
    cases = [[t] for t in EDGE_TEXTS] + [EDGE_TEXTS, ["", ""], ["。", "”"], ["…", "…"], ["。”", "\n"]]
    cases += [["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14))) for _ in range(rnd.randint(1, 4))]
              for _ in range(3000)]
    for texts in cases:
        texts = [tokens_module._CONTROL.sub(" ", t) for t in texts]
        text, n_segments = _mark_sentences(texts)
        assert (text, n_segments.tolist()) == plain(texts), texts


def test_bracketed_forms_found_around_brackets_equal_a_search_of_the_whole_text():
    """_alias_spans searches only the stretches around brackets: the same spans as the automaton
    over the whole text, for the kit's forms and for forms of one's own (with and without brackets)."""
    import random

    from zhili.matching import _automaton

    def whole(tk, text):
        if "（" not in text and "(" not in text:
            return []
        return [(a, b) for _, a, b in _automaton(tk._alias_tuple, longest=True).find_matches_as_indexes(text)]

    tokenizers = [Tokenizer(cache=False), Tokenizer(cache=False, aliases={"社区小区": ["社区"], "村)组": ["村组"]}),
                  Tokenizer(cache=False, lexicon=False, aliases={"村)组": ["村组"], "(组": ["组"]})]
    assert tokens_module._bracket_marks(tokenizers[0]._alias_tuple) is not None  # the kit's forms: windows
    assert tokens_module._bracket_marks(tokenizers[1]._alias_tuple) is None      # a form without brackets
    rnd = random.Random(15)
    pieces = [*"村（居）民委员会乡镇(街道)社区小区组()（）\x1e。 ", "村（居）民委员会", "乡镇（街道）", "乡镇(街道)",
              "村(居)民委员会", "社区小区", "村)组", "(组"]
    texts = [*EDGE_TEXTS, *MIXED] + ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 60))) for _ in range(3000)]
    for text in texts:
        for tk in tokenizers:
            assert tk._alias_spans(text) == whole(tk, text), text
    assert tokenizers[0]._alias_spans("村（居）民委员会" + "字" * 50 + "乡镇(街道)") == [(0, 8), (58, 64)]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("unit", ["sentence", "document"])
def test_cutting_in_small_pieces_changes_nothing(backend, unit, monkeypatch):
    corpus = _sample_corpus(with_cases=False)
    tk = Tokenizer(backend=backend, cache=False)
    whole = zl.tokenize(corpus, unit=unit, tokenizer=tk)
    monkeypatch.setattr(tokens_module, "_PIECE_CHARS", 5)
    text = "推进共同缔造。\x1e村（居）民委员会\x1e和乡镇(街道)。\x1e" * 3 + "坚持四权同下。\x1e推进。\x1e好"
    pieces = list(tk._raw_pieces(text))
    assert len(pieces) > 10 and [w for p in pieces for w in p] == tk._raw_cut(text)
    assert sum(p[-1] == "\x1e" for p in pieces) >= 4 and pieces[-1] == ["推进", "。", "\x1e", "好"]
    small = zl.tokenize(corpus, unit=unit, tokenizer=Tokenizer(backend=backend, cache=False))
    _assert_same_tokens(whole, small)
    assert small.tokens == _reference(tk, corpus, unit)


def test_columns_from_lists_match_tokenize():
    toks = zl.tokenize(_sample_corpus(with_cases=False), cache=False)
    again = Tokens(toks.corpus, toks.unit, toks.to_lists(), list(toks.doc_index), toks.meta)
    assert again.vocab == toks.vocab
    assert np.array_equal(again.ids, toks.ids) and np.array_equal(again.offsets, toks.offsets)
    assert np.array_equal(again.doc_index, toks.doc_index)
    tagged = zl.tokenize("推进共同缔造。坚持四权同下。", pos=True, cache=False)
    rebuilt = Tokens(tagged.corpus, "sentence", tagged.tokens, tagged.doc_index, tagged.meta)
    assert rebuilt.tokens == tagged.tokens and rebuilt.tag_vocab == tagged.tag_vocab


def test_empty_units_documents_and_corpus():
    corpus = zl.Corpus.from_texts({"a": "", "b": "的。了。", "c": "推进共同缔造。\n\n。", "d": "   "})
    toks = zl.tokenize(corpus, cache=False)
    assert toks.tokens == [[], [], ["推进", "共同缔造"], []]  # stopword-only units stay, empty
    assert toks.doc_index.tolist() == [1, 1, 2, 2] and toks.offsets.tolist() == [0, 0, 0, 2, 2]
    assert toks.n_tokens == 2 and len(toks) == len(toks.units) == 4
    assert toks.to_frame()["doc_id"].tolist() == ["c", "c"]
    with pytest.raises(IndexError):
        toks[4]
    empty = zl.tokenize(zl.Corpus.from_texts([]), cache=False)
    assert len(empty) == 0 and empty.tokens == [] and empty.vocab == [] and empty.offsets.tolist() == [0]
    assert list(empty.to_frame().columns) == ["doc_id", "unit_id", "position", "token"]
    blank = zl.tokenize(["", "  \n "], cache=False)
    assert len(blank) == 0 and blank.doc_index.tolist() == []


def test_columns_are_read_only():
    toks = zl.tokenize("推进共同缔造。", cache=False)
    with pytest.raises(ValueError):
        toks.ids[0] = 1
    copy = toks.to_lists()
    copy[0].append("改了")
    assert toks.tokens == [["推进", "共同缔造"]]


def test_records_round_trip():
    rng = np.random.default_rng(1)
    words = [f"词{i}" for i in range(70_000)]  # past 65,536 distinct words: 32-bit numbers
    tags = [f"t{i}" for i in range(300)]        # past 256 distinct tags: 16-bit tag numbers
    for n_words, n_tags in ((5, 3), (70_000, 300)):
        ids = np.concatenate([rng.permutation(n_words), rng.integers(0, n_words, 80_000 - n_words)]).astype(np.int32)
        tag_ids = np.concatenate([rng.permutation(n_tags), rng.integers(0, n_tags, 80_000 - n_tags)]).astype(np.int32)
        counts = np.array([30_000, 0, 20_000, 0, 30_000], dtype=np.int64)  # documents of 2, 0, 1 and 2 units
        n_units = np.array([2, 0, 1, 2], dtype=np.int64)
        for pos in (False, True):
            stored = tokens_module._encode_chunk(counts, n_units, ids, words, tag_ids if pos else None,
                                                 tags if pos else None)
            assert len(stored.records) == 4 and stored.vocab_key == tokens_module._vocab_key(stored.vocab)
            vocab_words, vocab_tags = tokens_module._decode_vocab(stored.vocab)
            assert vocab_words == [words[i] for i in sorted(set(ids.tolist()))]  # each used word once
            assert (vocab_tags is not None) == pos
            starts = [0, 30_000, 30_000, 50_000, 80_000]  # token bounds of the documents
            unit_starts = [0, 2, 2, 3, 5]
            for d, record in enumerate(stored.records):
                lengths, got_ids, got_tags, key = tokens_module._decode(record)
                assert key == stored.vocab_key
                assert lengths.tolist() == counts[unit_starts[d]:unit_starts[d + 1]].tolist()
                assert [vocab_words[i] for i in got_ids] == [words[i] for i in ids[starts[d]:starts[d + 1]]]
                assert got_ids.itemsize == (4 if n_words > 65536 else 2)  # every word is used
                if pos:
                    assert got_tags.itemsize == (2 if n_tags > 256 else 1)
                    assert [vocab_tags[i] for i in got_tags] == [tags[i] for i in tag_ids[starts[d]:starts[d + 1]]]
                else:
                    assert got_tags is None
    empty = tokens_module._encode_chunk(np.zeros(2, dtype=np.int64), np.array([2]), np.zeros(0, dtype=np.int32), words)
    assert tokens_module._decode_vocab(empty.vocab) == ([], None)
    (record,) = empty.records
    assert tokens_module._decode(record)[0].tolist() == [0, 0]
    full = tokens_module._encode_chunk(np.array([3]), np.array([1]), np.array([0, 4, 4], dtype=np.int32), words).records[0]
    for broken in (record[:-1], record + b"x", b"PK" + record[2:], record[:2] + bytes([9]) + record[3:],
                   full[:-2], full[:-2] + b"\x05\x00"):  # cut short; a token number past the vocabulary
        with pytest.raises((ValueError, struct_error)):
            tokens_module._decode(broken)
    vocab = tokens_module._encode_vocab(["推进", "共同缔造"], ["v", "nz"])
    assert tokens_module._decode_vocab(vocab) == (["推进", "共同缔造"], ["v", "nz"])
    for broken in (vocab[:-1], vocab + b"x", b"ZT" + vocab[2:], vocab[:2] + bytes([9]) + vocab[3:]):
        with pytest.raises((ValueError, struct_error)):
            tokens_module._decode_vocab(broken)


struct_error = __import__("struct").error


def test_cache_round_trip_gives_the_same_columns():
    corpus = _sample_corpus(with_cases=False)
    for options in (dict(), dict(pos=True)):
        cold = zl.tokenize(corpus, **options)
        warm = zl.tokenize(corpus, **options)
        plain = zl.tokenize(corpus, cache=False, **options)
        for toks in (warm, plain):
            assert toks.vocab == cold.vocab and np.array_equal(toks.ids, cold.ids)
            assert np.array_equal(toks.offsets, cold.offsets) and np.array_equal(toks.doc_index, cold.doc_index)
            assert toks.tag_vocab == cold.tag_vocab
            assert toks.tag_ids is None or np.array_equal(toks.tag_ids, cold.tag_ids)


def test_cache_entries_of_another_layout_are_rebuilt():
    import hashlib

    zl.tokenize(TEXTS)
    con = sqlite3.connect(_cache_file())
    for key, value in con.execute("SELECT key, value FROM tokens").fetchall():
        other = value[:2] + bytes([value[2] + 1]) + value[3:]  # the same record, claiming another layout
        con.execute("UPDATE tokens SET value = ?, checksum = ? WHERE key = ?", (other, hashlib.sha1(other).hexdigest(), key))
    con.commit()
    con.close()
    assert zl.tokenize(TEXTS).tokens == EXPECTED  # not decoded as if current: segmented again
    con = sqlite3.connect(_cache_file())
    layouts = {v[2] for (v,) in con.execute("SELECT value FROM tokens")}
    con.close()
    assert layouts == {tokens_module._RECORD_VERSION}


def test_cache_file_of_the_previous_layout_is_left_alone():
    old = cache_dir() / "tokens-v4.sqlite"
    old.parent.mkdir(parents=True)
    con = sqlite3.connect(old)
    con.execute("CREATE TABLE tokens (key TEXT PRIMARY KEY, checksum TEXT NOT NULL, value TEXT NOT NULL, "
                "used INTEGER NOT NULL, size INTEGER NOT NULL)")
    con.execute("INSERT INTO tokens VALUES ('k', 'c', '1:推进\x1f共同缔造', 1, 1)")
    con.commit()
    con.close()
    assert zl.tokenize(TEXTS).tokens == EXPECTED
    current = cache_dir() / f"tokens-v{tokens_module._CACHE_VERSION}.sqlite"
    assert current != old and current.exists()
    con = sqlite3.connect(old)
    assert con.execute("SELECT count(*) FROM tokens").fetchone()[0] == 1  # untouched
    con.close()
    assert clear_cache() == 1 + 2 and not list(cache_dir().glob("tokens-*"))


def test_concat_equals_tokenizing_at_once():
    corpus = zl.cases(as_corpus=True)
    whole = zl.tokenize(corpus, cache=False)
    docs = list(corpus)
    parts = [zl.tokenize(zl.Corpus(docs[a:b]), cache=False) for a, b in ((0, 10), (10, 11), (11, len(docs)))]
    joined = Tokens.concat(parts)
    assert joined.vocab == whole.vocab and np.array_equal(joined.ids, whole.ids)
    assert np.array_equal(joined.offsets, whole.offsets) and np.array_equal(joined.doc_index, whole.doc_index)
    assert joined.corpus.doc_ids == corpus.doc_ids and joined.units["unit_id"].tolist() == whole.units["unit_id"].tolist()
    assert zl.dtm(joined).to_frame().equals(zl.dtm(whole).to_frame())
    with pytest.raises(zl.ZhiliError, match="设置"):
        Tokens.concat([parts[0], zl.tokenize(zl.Corpus(docs[20:21]), cache=False, stopwords=False)])


def test_columns_are_checked():
    corpus = zl.Corpus.from_texts(["推进。"])
    with pytest.raises(zl.ZhiliError, match="offsets"):
        Tokens.from_arrays(corpus, "sentence", ["推进"], [0], [0, 2], [0], {"settings": {"pos": False}})


def test_kit_term_frequencies_are_shipped_and_current():
    # tools/term_frequencies.py writes the table; a stale table would make the first call slow
    assert tokens_module._TERM_TABLE_PATH.read_text(encoding="utf-8") == tokens_module._render_term_table(), \
        "lexicon/term_frequencies.tsv 已过期：请运行 python tools/term_frequencies.py"
    header, freqs = tokens_module._read_term_table()
    assert all(header[k] == v for k, v in tokens_module._term_table_key().items())
    assert set(freqs) == set(_dictionary_terms())
    compounds = lexicon.policy_compounds() - set(zl.framework().terms())
    assert min(f for t, f in freqs.items() if t not in compounds) >= tokens_module.TERM_FREQ_FLOOR
    assert max(freqs[t] for t in compounds) < tokens_module.TERM_FREQ_FLOOR  # far lower: they give way


def test_first_call_needs_no_jieba_dictionary():
    code = ("import zhili as zl, zhili.tokens as t; zl.tokenize('共同缔造。', cache=False); "
            "print(t._base_jieba.cache_info().currsize, t._kit_terms()[1] == str(zl.framework().version))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "True"], out.stdout + out.stderr
