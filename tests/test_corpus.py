"""zhili.corpus: reading any policy document in any common Chinese encoding (issue 2)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import zhili as zl
from zhili.corpus import LEVELS
from zhili.readers import decode_bytes, normalize_text

ROOT = Path(__file__).resolve().parents[1]

TEXT = (
    "一、总体要求\n"
    "坚持党建引领，以“决策共谋、发展共建、建设共管、效果共评、成果共享”为路径，推进基层治理现代化。\n"
    "（一）完善治理体系\n"
    "1. 把资金统筹权、力量调配权、协商议事权、考核评价权下放，实现“四权同下”；\n"
    "2. 建设15分钟服务圈。一是完善党群服务中心；二是推行「四事分流」。\n"
)

ENCODINGS = {
    "utf8": ("utf-8", "UTF-8"),
    "utf8bom": ("utf-8-sig", "UTF-8 (BOM)"),
    "gbk": ("gbk", "GB18030/GBK/GB2312"),
    "gb2312": ("gb2312", "GB18030/GBK/GB2312"),
    "gb18030": ("gb18030", "GB18030/GBK/GB2312"),
    "utf16le": ("utf-16-le", "UTF-16 (BOM)"),
    "utf16be": ("utf-16-be", "UTF-16 (BOM)"),
}


def _encode(text: str, codec: str) -> bytes:
    if codec == "utf-16-le":
        return b"\xff\xfe" + text.encode(codec)
    if codec == "utf-16-be":
        return b"\xfe\xff" + text.encode(codec)
    return text.encode(codec)


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_every_encoding_reads_back_the_same_text(tmp_path, name):
    codec, shown = ENCODINGS[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(_encode(TEXT, codec))
    corpus = zl.load_corpus(path)
    assert corpus[0].text == TEXT.strip("\n")
    assert corpus.report.loc[0, "encoding"] == shown
    assert corpus.report.loc[0, "chars"] == len(TEXT.strip("\n"))


def test_big5_traditional_is_detected_and_converted(tmp_path):
    traditional = "湖北推進美好環境與幸福生活共同締造活動，堅持決策共謀、發展共建、建設共管、效果共評、成果共享。"
    (tmp_path / "tw.txt").write_bytes(traditional.encode("big5"))
    kept = zl.load_corpus(tmp_path / "tw.txt")
    assert kept.report.loc[0, "encoding"] == "Big5"
    assert kept[0].text == traditional
    simplified = zl.load_corpus(tmp_path / "tw.txt", to_simplified=True)
    assert simplified[0].text == "湖北推进美好环境与幸福生活共同缔造活动，坚持决策共谋、发展共建、建设共管、效果共评、成果共享。"


def test_short_gbk_text_is_not_mistaken_for_korean():
    # charset-normalizer alone answers cp949 for these bytes
    assert decode_bytes("共同缔造".encode("gbk")) == ("共同缔造", "GB18030/GBK/GB2312")


def test_width_normalisation_keeps_chinese_punctuation():
    raw = "２０２３年，「共同缔造」『五共』、决策共谋；（一）ＡＢＣ１．…—～《纲要》【注】！？：\u3000完"
    assert normalize_text(raw) == "2023年，「共同缔造」『五共』、决策共谋；（一）ABC1.…—～《纲要》【注】！？： 完"


def test_normalising_substitution_equals_the_translate_table():
    # the per-character rules run as a regex substitution (fast on text that needs no change);
    # it must give exactly what str.translate with the table gives, on every character it maps
    import random

    from zhili.readers.text import _NORMALIZE_TABLE, _normalize_chars

    rng = random.Random(5)
    alphabet = [chr(c) for c in _NORMALIZE_TABLE] + list("共同缔造，。\n\t abc１２（）—") + [chr(c) for c in range(0x2000, 0x2070)]
    for n in (0, 1, 7, 300, 5000):
        for _ in range(20):
            text = "".join(rng.choice(alphabet) for _ in range(n))
            assert _normalize_chars(text) == text.translate(_NORMALIZE_TABLE)
    samples = [decode_bytes(p.read_bytes())[0] for p in sorted((ROOT / "corpus").rglob("*.txt"))[:50]]
    for text in samples:
        assert _normalize_chars(text) == text.translate(_NORMALIZE_TABLE)


def test_duplicate_ids_are_named_in_sorted_order():
    docs = [zl.Document(i, "共同缔造。") for i in ["b", "a", "b", "c", "a", "a"]]
    with pytest.raises(zl.ZhiliError, match="文档编号重复：a、b。"):
        zl.Corpus(docs)


def test_normalisation_changes_the_characters_of_its_table_and_nothing_else():
    """The regex scan that replaced ``str.translate`` (for speed) gives the same text."""
    import random

    from zhili.readers.text import _NORMALIZE_TABLE, _normalize_chars

    rng = random.Random(15)
    pool = [chr(c) for c in _NORMALIZE_TABLE] + list("共同缔造，。（）「」\n\t abc１Ａ") + ["\U0002070e", "\\", "]", "^", "-"]
    for _ in range(2000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 40)))
        assert _normalize_chars(text) == text.translate(_NORMALIZE_TABLE)
    assert normalize_text("甲\u200b乙\r\n丙\u3000\x00丁\ufeff") == "甲乙\n丙  丁"


def _docx(path, paragraphs, title="测试文件"):
    import docx

    d = docx.Document()
    d.core_properties.title = title
    for i, p in enumerate(paragraphs):
        if i == 0:
            d.add_heading(p, level=1)
        else:
            d.add_paragraph(p)
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "决策共谋"
    table.rows[0].cells[1].text = "入户走访"
    d.save(path)


def _pdf(path, lines):
    from fpdf import FPDF

    from zhili.plot import font_path

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("noto", fname=str(font_path()))
    pdf.set_font("noto", size=12)
    for line in lines:
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def test_every_format(tmp_path):
    lines = TEXT.strip("\n").split("\n")
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: 方案\nlevel: 市\ndate: 2023年6月1日\n---\n" + TEXT, encoding="utf-8")
    (tmp_path / "c.html").write_bytes(
        ("<html><head><meta charset='gbk'><title>网页标题</title><script>var x='不应出现';</script></head><body>"
         + "".join(f"<p>{line}</p>" for line in lines) + "</body></html>").encode("gbk"))
    _docx(tmp_path / "d.docx", lines)
    _pdf(tmp_path / "e.pdf", lines)
    corpus = zl.load_corpus(tmp_path)
    assert corpus.doc_ids == ["a.txt", "b.md", "c.html", "d.docx", "e.pdf"]
    expected = TEXT.strip("\n")
    for doc_id in ("a.txt", "b.md", "c.html"):
        assert corpus[doc_id].text.strip() == expected, doc_id
    docx_text = corpus["d.docx"].text
    assert docx_text.startswith(expected)
    assert docx_text.endswith("决策共谋\t入户走访")
    pdf_text = corpus["e.pdf"].text.replace(" ", "")
    for line in lines:
        assert line.replace(" ", "") in pdf_text
    docs = corpus.docs.set_index("doc_id")
    assert docs.loc["b.md", "title"] == "方案" and docs.loc["b.md", "level"] == "市"
    assert docs.loc["b.md", "date"] == "2023-06-01"
    assert docs.loc["c.html", "title"] == "网页标题"
    assert "不应出现" not in corpus["c.html"].text
    assert docs.loc["d.docx", "title"] == "测试文件"
    assert list(corpus.report["status"]) == ["ok"] * 5


def test_metadata_csv_joins_and_keeps_unknown_columns(tmp_path):
    (tmp_path / "a.txt").write_text("甲文。", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("乙文。", encoding="utf-8")
    pd.DataFrame({"file": ["a.txt", "sub/b.txt"], "title": ["甲", "乙"], "level": ["省级", "村"],
                  "batch": ["一", "二"]}).to_csv(tmp_path / "metadata.csv", index=False, encoding="gbk")
    corpus = zl.load_corpus(tmp_path)
    docs = corpus.docs
    assert docs["title"].tolist() == ["甲", "乙"]
    assert docs["level"].tolist() == ["省", "村社区"]
    assert docs["batch"].tolist() == ["一", "二"]
    assert docs["issuer"].tolist() == ["", ""]  # missing fields are empty
    assert corpus.report[["file", "status"]].values.tolist() == [  # every path, in sorted order
        ["a.txt", "ok"], ["metadata.csv", "metadata"], ["sub/b.txt", "ok"]]


def test_metadata_yaml(tmp_path):
    (tmp_path / "a.txt").write_text("甲文。", encoding="utf-8")
    (tmp_path / "metadata.yaml").write_text("- file: a.txt\n  title: 甲\n  date: 2022-05-01\n", encoding="utf-8")
    assert zl.load_corpus(tmp_path).docs.loc[0, "date"] == "2022-05-01"


# ------------------------------------------------------------------ bad input

def _bad_inputs(tmp_path):
    (tmp_path / "good.txt").write_text("推进共同缔造。", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text(" \n\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "undecodable.txt").write_bytes(b"\x81\x30\xff\xfe\x80\x80\xff" * 20)
    (tmp_path / "corrupt.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "corrupt.pdf").write_bytes(b"%PDF-1.7\n this is not a pdf")
    (tmp_path / "notes.xyz").write_text("?", encoding="utf-8")
    return {
        "good.txt": "ok", "empty.txt": "empty", "blank.md": "empty", "binary.txt": "binary",
        "undecodable.txt": "undecodable", "corrupt.docx": "corrupt", "corrupt.pdf": "corrupt",
        "notes.xyz": "unsupported",
    }


def test_report_accounts_for_every_file(tmp_path):
    expected = _bad_inputs(tmp_path)
    corpus = zl.load_corpus(tmp_path, errors="report")
    report = corpus.report.set_index("file")
    assert sorted(report.index) == sorted(expected)
    assert report["status"].to_dict() == expected
    assert corpus.doc_ids == ["good.txt"]
    for name, status in expected.items():
        if status != "ok":
            msg = report.loc[name, "message"]
            assert name in msg and "请" in msg, msg  # names the file and says what to do


def test_raise_lists_problems_in_chinese(tmp_path):
    _bad_inputs(tmp_path)
    with pytest.raises(zl.LoadError) as info:
        zl.load_corpus(tmp_path)
    text = str(info.value)
    assert "7 个问题" in text and "corrupt.docx" in text and 'errors="report"' in text


@pytest.mark.parametrize("name,reason", [("empty.txt", "empty"), ("binary.txt", "binary"), ("corrupt.pdf", "corrupt")])
def test_single_bad_file_raises_with_its_name(tmp_path, name, reason):
    _bad_inputs(tmp_path)
    with pytest.raises(zl.LoadError, match=name):
        zl.load_corpus(tmp_path / name)


def test_missing_path(tmp_path):
    with pytest.raises(zl.LoadError, match="路径不存在"):
        zl.load_corpus(tmp_path / "nope")


def test_metadata_orphan_row_and_file_without_row(tmp_path):
    (tmp_path / "a.txt").write_text("甲文。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("乙文。", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("file,title\na.txt,甲\nc.txt,丙\n", encoding="utf-8")
    with pytest.raises(zl.LoadError) as info:
        zl.load_corpus(tmp_path)
    assert "b.txt" in str(info.value) and "c.txt" in str(info.value)
    corpus = zl.load_corpus(tmp_path, errors="report")
    status = corpus.report.set_index("file")["status"].to_dict()
    assert status == {"a.txt": "ok", "b.txt": "no_metadata", "c.txt": "orphan_metadata", "metadata.csv": "metadata"}
    assert corpus.doc_ids == ["a.txt", "b.txt"]  # loaded, flagged, not dropped


def test_bad_level_and_bad_front_matter(tmp_path):
    (tmp_path / "a.md").write_text("---\nlevel: 国务院部委\n---\n正文。", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: [未闭合\n---\n正文。", encoding="utf-8")
    corpus = zl.load_corpus(tmp_path, errors="report")
    report = corpus.report.set_index("file")
    assert report.loc["a.md", "status"] == "bad_metadata" and "中央" in report.loc["a.md", "message"]
    assert report.loc["b.md", "status"] == "bad_metadata" and "第 2 行" in report.loc["b.md", "message"]
    assert set(LEVELS) >= {"中央", "村社区"}


def test_errors_argument_is_checked(tmp_path):
    with pytest.raises(zl.ZhiliError, match="errors"):
        zl.load_corpus(tmp_path, errors="ignore")


# ------------------------------------------------------------------ units

def test_units_keep_heading_paths_and_offsets(tmp_path):
    corpus = zl.Corpus.from_texts({"plan": TEXT})
    items = corpus.units("item")
    paths = items["heading_path"].tolist()
    assert paths[0] == "一、总体要求"
    assert "一、总体要求 > （一）完善治理体系 > 1. 把资金统筹权" in paths[2]
    assert paths[-2:] == ["一、总体要求 > （一）完善治理体系 > 2. 建设15分钟服务圈 > 一是",
                          "一、总体要求 > （一）完善治理体系 > 2. 建设15分钟服务圈 > 二是"]
    text = corpus["plan"].text
    for unit in ("paragraph", "sentence", "item"):
        table = corpus.units(unit)
        for _, row in table.iterrows():
            assert text[row.start:row.end] == row.text
    sentences = corpus.units("sentence")["text"].tolist()
    assert "2. 建设15分钟服务圈。" in sentences and "一是完善党群服务中心；" in sentences
    assert corpus.units("paragraph")["text"].tolist() == TEXT.strip("\n").split("\n")


def test_corpus_is_deterministic(tmp_path):
    (tmp_path / "b.txt").write_text("乙。", encoding="utf-8")
    (tmp_path / "a.txt").write_text("甲。", encoding="utf-8")
    first, second = zl.load_corpus(tmp_path), zl.load_corpus(tmp_path)
    assert first.doc_ids == ["a.txt", "b.txt"] and first.digest() == second.digest()


def test_digest_ignores_encoding_and_location(tmp_path):
    # regression (lesson 08 review): re-saving a corpus in another encoding keeps its identity
    (tmp_path / "u").mkdir()
    (tmp_path / "g").mkdir()
    (tmp_path / "u" / "a.txt").write_text("推进共同缔造。", encoding="utf-8")
    (tmp_path / "g" / "a.txt").write_bytes("推进共同缔造。".encode("gbk"))
    assert zl.load_corpus(tmp_path / "u").digest() == zl.load_corpus(tmp_path / "g").digest()
    (tmp_path / "g" / "a.txt").write_bytes("推进共同缔造！".encode("gbk"))
    assert zl.load_corpus(tmp_path / "u").digest() != zl.load_corpus(tmp_path / "g").digest()


@pytest.mark.parametrize("chunk", [3, 50_000])
@pytest.mark.parametrize("unit", ["document", "paragraph", "sentence", "item"])
def test_unit_table_built_in_chunks_equals_the_row_by_row_table(monkeypatch, chunk, unit):
    # Corpus.units builds its table column-wise in chunks of rows (bounded memory); the result must be
    # the table pandas makes from one tuple per unit: same values, dtypes, column order and index
    import zhili.corpus as corpus_module
    from zhili.units import split_units

    monkeypatch.setattr(corpus_module, "_UNIT_CHUNK", chunk)
    corpus = zl.cases(as_corpus=True)
    extra = zl.Corpus.from_texts(["", "   ", "一、总体要求\n坚持党建引领。推进共同缔造。\n（一）决策共谋\n一是入户走访；二是村湾夜话。"])
    for c in (corpus, extra, zl.Corpus.from_texts([""]), zl.Corpus([])):
        rows = [(d.doc_id, f"{d.doc_id}#{unit[0]}{u.index + 1}", u.index, u.paragraph, u.heading_path, u.start, u.end,
                 u.text) for d in c for u in split_units(d.text, unit)]
        expected = pd.DataFrame(rows, columns=["doc_id", "unit_id", "index", "paragraph", "heading_path", "start", "end",
                                               "text"])
        got = c.units(unit)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert list(got.dtypes) == list(expected.dtypes)


def test_docvars_equal_the_docs_table_without_its_text():
    # Corpus.docvars is built without the text column (which held every document's text once more);
    # it must equal docs.drop(columns="text").set_index("doc_id")
    samples = zl.load_corpus(ROOT / "corpus" / "samples", errors="report")
    odd = zl.Document("x", "共同缔造。", {"text": "一个叫 text 的变量", "n_chars": 99, "year": 2023})
    corpora = [zl.cases(as_corpus=True), samples, zl.Corpus([]), zl.Corpus([odd]),
               zl.Corpus.from_texts(["甲。", "乙。"], docvars={"year": [2022, 2023], "区": ["a", None]})]
    for c in corpora:
        expected = c.docs.drop(columns=["text"]).set_index("doc_id")
        pd.testing.assert_frame_equal(c.docvars, expected, check_exact=True)
