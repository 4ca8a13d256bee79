"""zhili.readers: the text a reader sees, from every format (issue 10: readers that give that text).

Every document here is written by the test; the phenomena (wrapped PDF lines, page furniture,
content controls …) imitate what real files do.
"""
from __future__ import annotations

import zipfile

import pytest

import zhili as zl
from _documents import docx_bomb, docx_with_body, p, pdf_pages
from zhili.readers import detect_encoding, read_file

PARAS = [
    "关于加强基层治理的实施意见",
    "一、总体要求",
    "坚持党建引领，把共同缔造作为推进基层治理现代化的重要载体，按照决策共谋、发展共建、建设共管、效果共评、成果共享的路径，"
    "形成纵向到底、横向到边、共建共治共享的城乡基层治理格局。",
    "（一）工作目标",
    "推进农村人居环境整治，完善村（居）民委员会议事协商制度，健全党组织领导的自治、法治、德治相结合的城乡基层治理体系，"
    "让群众的事情有人管、有人办。",
    "二、主要任务",
    "到2025年，全县村（社区）普遍建立议事协商机制，群众参与率明显提高，农村公共服务、公共管理、公共安全保障水平全面提升。",
]


# ------------------------------------------------------------------------------------ PDF


def test_pdf_line_wraps_are_rejoined_and_running_headers_removed(tmp_path):
    # issue 10: a PDF's hard line-wraps doubled sentences and split words (农/村) across lines
    path = pdf_pages(tmp_path / "意见.pdf", PARAS * 3)
    result = read_file(path)
    assert result.meta["pages"] >= 2
    assert result.text.split("\n") == PARAS * 3
    assert "某县人民政府办公室" not in result.text and "—" not in result.text
    assert any("页眉" in w for w in result.warnings)


def test_pdf_sentences_are_counted_once_per_sentence(tmp_path):
    path = pdf_pages(tmp_path / "意见.pdf", PARAS)
    corpus = zl.load_corpus(path)
    sentences = corpus.units("sentence")["text"].tolist()
    assert sentences.count("（一）工作目标") == 1
    assert any(s.startswith("推进农村人居环境整治") and s.endswith("有人办。") for s in sentences)


def test_single_page_keeps_a_header_that_does_not_repeat(tmp_path):
    path = pdf_pages(tmp_path / "短.pdf", PARAS[:2])
    assert read_file(path).text.split("\n") == ["某县人民政府办公室", *PARAS[:2]]


def test_pdf_with_only_an_owner_password_is_read(tmp_path):
    # issue 10: a permissions-only (owner password) AES-256 PDF was refused although it opens
    path = pdf_pages(tmp_path / "限制.pdf", PARAS, owner_password="主人")
    assert read_file(path).text.split("\n")[-1] == PARAS[-1]


def test_pdf_with_a_user_password_is_reported_not_raised(tmp_path):
    # issue 10: an AES-256 PDF aborted the whole folder with a DependencyError traceback
    pdf_pages(tmp_path / "加密.pdf", PARAS, user_password="口令")
    (tmp_path / "好.txt").write_text("共同缔造。", encoding="utf-8")
    corpus = zl.load_corpus(tmp_path, errors="report")
    row = corpus.report.set_index("file").loc["加密.pdf"]
    assert row["status"] == "encrypted" and "密码" in row["message"]
    assert corpus.doc_ids == ["好.txt"]
    with pytest.raises(zl.LoadError, match="加密.pdf"):
        zl.load_corpus(tmp_path)


@pytest.mark.parametrize("data", [b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>", b"not a pdf at all", b"%PDF-1.4\n" + bytes(range(256)) * 4])
def test_damaged_pdf_is_a_report_row(tmp_path, data):
    (tmp_path / "坏.pdf").write_bytes(data)
    corpus = zl.load_corpus(tmp_path, errors="report")
    assert corpus.report["status"].tolist() in (["corrupt"], ["empty"])


# ------------------------------------------------------------------------------------ docx


def test_docx_content_controls_line_breaks_tables_and_text_boxes_in_order(tmp_path):
    # issue 10: text in body-level content controls (w:sdt) was dropped; <w:br/> glued lines together
    body = (
        p("一、总体要求")
        + "<w:sdt><w:sdtPr><w:alias w:val=\"正文\"/></w:sdtPr><w:sdtContent>" + p("坚持共同缔造。") + p("推进四权同下。")
        + "</w:sdtContent></w:sdt>"
        + "<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t><w:tab/><w:t>列</w:t></w:r></w:p>"
        + "<w:tbl><w:tr><w:tc>" + p("事项") + "</w:tc><w:tc>" + p("责任单位") + "</w:tc></w:tr>"
        + "<w:tr><w:tc>" + p("网格化管理") + "</w:tc><w:tc>" + p("街道") + p("社区") + "</w:tc></w:tr></w:tbl>"
        + "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>"
        + p("文本框里的话") + "</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>"
        + "<w:txbxContent>" + p("文本框里的话") + "</w:txbxContent></v:textbox></w:pict></mc:Fallback>"
        + "</mc:AlternateContent></w:r></w:p>"
        + "<w:p><w:ins><w:r><w:t>新增的字</w:t></w:r></w:ins><w:del><w:r><w:delText>删去的字</w:delText></w:r></w:del></w:p>"
        + p("二、保障措施")
    )
    path = docx_with_body(tmp_path / "表单.docx", body)
    assert read_file(path).text.split("\n") == [
        "一、总体要求", "坚持共同缔造。", "推进四权同下。", "第一行", "第二行\t列", "事项\t责任单位",
        "网格化管理\t街道 社区", "文本框里的话", "新增的字", "二、保障措施",
    ]


def test_docx_author_is_not_the_issuer(tmp_path):
    # issue 10: without metadata, a .docx's author ("Administrator") became the issuer
    docx_with_body(tmp_path / "a.docx", p("坚持共同缔造。"), title="实施方案", author="Administrator")
    docs = zl.load_corpus(tmp_path).docs
    assert docs.loc[0, "issuer"] == "" and docs.loc[0, "title"] == "实施方案"


def test_truncated_docx_is_a_report_row_not_a_traceback(tmp_path):
    # issue 10: a .docx whose document.xml is cut off raised lxml's XMLSyntaxError
    good = docx_with_body(tmp_path / "好.docx", p("坚持共同缔造。"))
    with zipfile.ZipFile(good) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"][:300]
    with zipfile.ZipFile(tmp_path / "截断.docx", "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    corpus = zl.load_corpus(tmp_path, errors="report")
    status = corpus.report.set_index("file")["status"].to_dict()
    assert status == {"好.docx": "ok", "截断.docx": "corrupt"}
    assert "截断.docx" in corpus.report.set_index("file").loc["截断.docx", "message"]


def test_old_doc_saved_as_docx_says_so(tmp_path):
    (tmp_path / "旧.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    row = zl.load_corpus(tmp_path, errors="report").report.iloc[0]
    assert row["status"] == "unsupported" and "另存为 .docx" in row["message"]


def test_docx_that_inflates_beyond_the_limit_is_refused_before_parsing(tmp_path):
    # issue 10: a 600 KB .docx holding 200 MB of XML took 932 MB of memory
    path = docx_bomb(tmp_path / "炸弹.docx", 3)
    assert path.stat().st_size < 200_000
    with pytest.raises(zl.LoadError) as info:
        read_file(path, max_mb=1)
    assert info.value.reason == "too_large" and "max_mb=None" in str(info.value)
    assert read_file(path, max_mb=None).text == "正文"  # the override


def test_default_limit_refuses_a_large_inflation(tmp_path):
    path = docx_bomb(tmp_path / "大.docx", 120)
    assert path.stat().st_size < 1_000_000
    corpus = zl.load_corpus(tmp_path, errors="report")
    assert corpus.report["status"].tolist() == ["too_large"]


def test_large_plain_file_is_refused_with_an_override(tmp_path):
    (tmp_path / "大.txt").write_text("共同缔造。" * 80_000, encoding="utf-8")
    with pytest.raises(zl.LoadError, match="max_mb"):
        read_file(tmp_path / "大.txt", max_mb=0.5)
    assert len(read_file(tmp_path / "大.txt", max_mb=None).text) == 400_000


# ------------------------------------------------------------------------------------ HTML

GOV_PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>关于推进社区治理的通知_某市人民政府门户网站</title></head>
<body><div class="top">无障碍 | English 【字体：大 中 小】</div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a>政务公开</a></li><li><a>互动交流</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a>政务公开</a> &gt; 通知公告</div>
<div class="article"><h1>某市关于推进社区治理的通知</h1>
<div class="info">发布时间：2023-05-06 来源：市民政局 浏览次数：1234</div>
<div class="content"><p>各区人民政府，市直各部门：</p>
<p>为深入推进基层治理体系和治理能力现代化，现就加强社区治理有关事项通知如下。</p>
<p>一、总体要求</p><p>坚持党建引领，<br>健全自治、法治、德治相结合的城乡基层治理体系。</p>
<table><tr><td>任务</td><td>责任单位</td></tr><tr><td>网格化管理</td><td>市委政法委</td></tr></table>
<p>某市人民政府</p><p>2023年5月6日</p></div>
<div class="share">分享到：微信 微博</div><div><a>打印本页</a> <a>关闭窗口</a></div></div>
<div class="related"><h3>相关链接</h3><ul><li><a>关于开展文明城市创建的通知</a></li></ul></div>
<div class="footer">版权所有：某市人民政府办公室 网站标识码：4201000001 鄂ICP备12345678号<br>联系我们 | 网站地图</div>
</body></html>"""


@pytest.mark.parametrize("charset,codec", [("utf-8", "utf-8"), ("gb2312", "gbk")])
def test_html_main_content_without_site_furniture(tmp_path, charset, codec):
    # issue 10: pages kept their navigation, breadcrumb and footer (首页, 当前位置, 版权所有, ICP备)
    (tmp_path / "通知.html").write_bytes(GOV_PAGE.format(charset=charset).encode(codec))
    result = read_file(tmp_path / "通知.html")
    assert result.text.split("\n") == [
        "某市关于推进社区治理的通知", "各区人民政府，市直各部门：",
        "为深入推进基层治理体系和治理能力现代化，现就加强社区治理有关事项通知如下。", "一、总体要求",
        "坚持党建引领，", "健全自治、法治、德治相结合的城乡基层治理体系。", "任务\t责任单位", "网格化管理\t市委政法委",
        "某市人民政府", "2023年5月6日",
    ]
    assert result.meta["title"] == "某市关于推进社区治理的通知"
    toks = zl.tokenize(zl.load_corpus(tmp_path), cache=False)
    words = {w for unit in toks for w in unit}
    assert not words & {"首页", "版权所有", "当前位置", "网站地图", "分享", "打印", "ICP"}


def test_small_page_without_article_keeps_its_text_and_drops_chrome(tmp_path):
    page = ("<html><head><title>通知</title></head><body><nav><a>首页</a><a>新闻</a></nav>"
            "<p>坚持共同缔造。</p><div class='footer'>版权所有 鄂ICP备123号</div></body></html>")
    (tmp_path / "短.htm").write_text(page, encoding="utf-8")
    result = read_file(tmp_path / "短.htm")
    assert result.text == "坚持共同缔造。" and result.meta["title"] == "通知"


# ------------------------------------------------------------------------------------ Markdown


def test_markdown_markup_and_html_blocks_removed_first_heading_is_title(tmp_path):
    # issue 10: .md files kept raw HTML blocks: div, svg, class ended up in keyness top-20s
    md = ("---\nsource: 教学示例\n---\n# 关于召开议事会的通知\n\n<div class=\"notice\" style=\"color:red\">\n"
          "<svg width=\"10\"><circle r=\"5\"/></svg>\n请**准时**参加，详见[社区公告](https://example.org/x)。\n</div>\n\n"
          "## 一、议事内容\n1. 听取居民意见；\n2. 推选楼栋长。\n\n| 事项 | 时间 |\n|---|---|\n| 议事会 | 4月15日 |\n\n"
          "![照片](a.png)\n")
    (tmp_path / "通知.md").write_text(md, encoding="utf-8")
    corpus = zl.load_corpus(tmp_path)
    assert corpus[0].text.split("\n") == [
        "关于召开议事会的通知", "请准时参加，详见社区公告。", "一、议事内容", "1. 听取居民意见；",
        "2. 推选楼栋长。", "事项\t时间", "议事会\t4月15日",
    ]
    assert corpus.docs.loc[0, "title"] == "关于召开议事会的通知"
    assert corpus.docs.loc[0, "source"] == "教学示例"
    words = {w for unit in zl.tokenize(corpus, cache=False) for w in unit}
    assert not words & {"div", "svg", "class", "style", "circle", "png", "https"}
    assert corpus.units("item")["heading_path"].str.contains("一、议事内容").any()


def test_markdown_outside_html_loses_its_marks(tmp_path):
    (tmp_path / "a.md").write_text("# 标题\n\n请**准时**参加，详见[公告](https://example.org)。\n第二行\n", encoding="utf-8")
    assert read_file(tmp_path / "a.md").text == "标题\n请准时参加，详见公告。\n第二行"


# ------------------------------------------------------------------------------------ encodings

SHORT = ["共同缔造", "治理", "村", "议事协商", "网格"]


@pytest.mark.parametrize("text", SHORT)
def test_short_gbk_text_is_gb18030(tmp_path, text):
    # issue 10: GBK files of up to four characters came back as Big5 or Latin garbage, status ok
    (tmp_path / "短.txt").write_bytes(text.encode("gbk"))
    corpus = zl.load_corpus(tmp_path)
    assert corpus[0].text == text
    assert corpus.report.loc[0, "encoding"] == "GB18030/GBK/GB2312"


def test_uncertain_decoding_is_flagged_in_the_report(tmp_path):
    (tmp_path / "一字.txt").write_bytes("村".encode("gbk"))
    row = zl.load_corpus(tmp_path).report.iloc[0]
    assert row["status"] == "ok" and "核对" in row["message"]


@pytest.mark.parametrize("codec,shown", [("utf-16-le", "UTF-16LE（无 BOM）"), ("utf-16-be", "UTF-16BE（无 BOM）")])
@pytest.mark.parametrize("text", ["共同缔造推动基层治理现代化", "一、总体要求\n坚持党建引领，推进2025年目标。"])
def test_utf16_without_bom_is_recognised(tmp_path, codec, shown, text):
    # issue 10: UTF-16 without BOM was called "binary"
    (tmp_path / "u.txt").write_bytes(text.encode(codec))
    corpus = zl.load_corpus(tmp_path)
    assert corpus[0].text == text and corpus.report.loc[0, "encoding"] == shown


def test_latin_look_alike_utf8_is_read_as_gbk():
    # "为545" in GBK is valid UTF-8 ("Ϊ545"); the Chinese reading wins
    assert detect_encoding("为545个".encode("gbk")).text == "为545个"


def test_binary_and_undecodable():
    with pytest.raises(zl.LoadError) as info:
        detect_encoding(bytes(range(256)) * 8)
    assert info.value.reason in ("binary", "undecodable")


def test_non_chinese_legacy_text_still_reads():
    decoded = detect_encoding("Café au lait, naïve résumé".encode("cp1252"))
    assert "Caf" in decoded.text and decoded.note  # read, and flagged for checking
