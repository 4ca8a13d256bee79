"""zhili report / zl.report: from a folder of documents to a report a non-programmer can read (issue 17).

A folder is written in a temporary directory: six short policy texts written for this test (.txt
and .md) with a metadata.csv giving titles, dates (2021–2024) and a two-valued ``setting``, plus a
broken .docx and an unsupported .doc. The report is rendered once and checked as HTML (every
section, contents anchors, provenance rows, every file that was not read, no resource loaded from
the network, figures that decode), as an Excel workbook and as a CSV folder; the command line is
checked for exit codes and Chinese help; and, when Chromium is installed, the page is opened in a
headless browser (every figure visible, no console error, no request leaving the machine).
"""
from __future__ import annotations

import base64
import io
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import zhili as zl
from zhili.cli import EXIT_FAILED, EXIT_NOTHING_READ, EXIT_OK, EXIT_USAGE, cli, main
from zhili.reporting import SECTIONS, Table, read_word_file, register_section, split_words, unregister_section
from zhili.reporting.offline import NetworkBlocked, no_network

TEXTS = {
    "01-城市社区议事.txt": (
        "关于推进城市社区共同缔造的实施意见\n"
        "一、总体要求\n坚持党建引领，推进美好环境与幸福生活共同缔造。社区居民共同参与小区改造，居民议事会讨论改造方案。\n"
        "二、主要任务\n（一）建立居民议事会。居民议事会讨论小区改造方案，社区党组织牵头组织居民协商。\n"
        "（二）完善物业管理。业委会和物业企业共同参与小区治理，居民共同监督改造项目，提升基层治理能力。\n"
    ),
    "02-老旧小区改造.md": (
        "# 老旧小区改造工作方案\n\n"
        "推动老旧小区改造，发动居民共同缔造。社区组织居民议事，决策共谋、建设共管。居民议事会讨论加装电梯。\n\n"
        "改造完成后由居民共同评议，效果共评、成果共享。社区党组织提升基层治理能力，推行四权同下。\n"
    ),
    "03-物业服务.txt": (
        "关于加强小区物业服务的通知\n"
        "一、加强物业管理\n小区业委会监督物业企业，居民议事会讨论物业收费。社区居民共同参与小区治理。\n"
        "二、推进共同缔造\n社区党组织组织居民协商，推进小区共同缔造，提升居民满意度。\n"
    ),
    "04-乡村振兴.txt": (
        "关于推进乡村共同缔造的工作方案\n"
        "一、工作目标\n发动村民共同缔造美好家园，提升基层治理能力。村民议事会讨论村庄整治方案。\n"
        "二、工作措施\n村集体组织村民参与人居环境整治。村民共同参与村庄规划，发展共建、成果共享。\n"
    ),
    "05-村规民约.md": (
        "# 示例村村规民约\n\n"
        "村民共同维护村庄环境。村民议事会每月讨论村庄公共事务，村集体公开收支。\n\n"
        "推进自治、法治、德治相结合，村民参与共同缔造，提升群众自治能力。村民议事会推行四议两公开。\n"
    ),
    "06-人居环境.txt": (
        "关于开展村庄人居环境整治的通知\n"
        "一、整治内容\n村民参与村庄环境整治，村集体组织投工投劳。村民议事会讨论整治方案。\n"
        "二、工作要求\n坚持共同缔造，村民共同参与，村庄面貌明显改善，提升基层治理能力。\n"
    ),
}

METADATA = (
    "file,title,setting,date\n"
    "01-城市社区议事.txt,城市社区共同缔造实施意见,城市,2021-03-01\n"
    "02-老旧小区改造.md,老旧小区改造工作方案,城市,2022-05-10\n"
    "03-物业服务.txt,小区物业服务通知,城市,2024-02-01\n"
    "04-乡村振兴.txt,乡村共同缔造工作方案,农村,2022-06-20\n"
    "05-村规民约.md,示例村村规民约,农村,2023-01-15\n"
    "06-人居环境.txt,村庄人居环境整治通知,农村,2024-04-01\n"
)
BROKEN = "损坏的文件.docx"
UNSUPPORTED = "旧格式.doc"
TERMS = ["共同缔造", "议事会"]
ROOT = Path(__file__).resolve().parents[1]


def _write_folder(folder: Path, *, metadata: bool = True, extras: bool = True) -> Path:
    folder.mkdir(parents=True)
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    if metadata:
        (folder / "metadata.csv").write_text(METADATA, encoding="utf-8")
    if extras:
        (folder / BROKEN).write_bytes(b"PK\x03\x04 this is not really a zip")
        (folder / UNSUPPORTED).write_bytes(b"\xd0\xcf\x11\xe0 an old Word file")
    return folder


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """One report of the test folder: HTML, workbook and CSV folder."""
    tmp = tmp_path_factory.mktemp("report")
    folder = _write_folder(tmp / "政策文件")
    out = tmp / "输出"
    study = zl.report(folder, out / "报告.html", by="setting", terms=",".join(TERMS), xlsx=out / "报告.xlsx",
                      csv_dir=out / "表和图", top_n=20, progress=False)
    html = (out / "报告.html").read_text(encoding="utf-8")
    return {"study": study, "html": html, "soup": BeautifulSoup(html, "html.parser"), "out": out, "folder": folder}


# ============================================================================ HTML structure


def test_every_section_is_in_the_page_and_the_contents(made):
    soup, study = made["soup"], made["study"]
    keys = [s.key for s in SECTIONS]
    assert keys[0] == "load" and keys[-1] == "provenance"
    assert [s.key for s in study.sections] == keys
    for key in keys:
        section = soup.find("section", id=f"sec-{key}")
        assert section is not None, key
        assert section.find("h2").get_text().strip()
    toc = [a["href"] for a in soup.select("nav.toc a")]
    assert toc == ["#sec-about"] + [f"#sec-{k}" for k in keys]
    for href in toc:  # every contents link has its target
        assert soup.find(id=href[1:]) is not None, href
    for s in study.sections:  # with groups, dates and terms, every standard section has content
        if s.key == "topics":  # … except topics, which need more than this folder's six documents
            assert s.skipped and "篇文档" in s.notes[0], s.notes
            continue
        assert not s.skipped, (s.key, s.notes)


def test_every_section_says_how_to_read_it(made):
    soup = made["soup"]
    assert "如何阅读本报告" in soup.find(id="sec-about").get_text()
    for spec in SECTIONS:
        box = soup.find("section", id=f"sec-{spec.key}").find("aside", class_="howto")
        assert box is not None and "如何阅读" in box.get_text(), spec.key
        assert re.search(r"[\u4e00-\u9fff]{10}", box.get_text())
    assert "Noto Sans SC" in made["html"] and "Microsoft YaHei" in made["html"]  # CJK font stack for the text


def test_every_file_not_read_is_listed_with_its_reason(made):
    table = made["soup"].find(id="t-load_not_read")
    text = table.get_text()
    for name, status, kind in [(BROKEN, "corrupt", "有问题，没有读入"), (UNSUPPORTED, "unsupported", "有问题，没有读入"),
                               ("metadata.csv", "metadata", "按规则跳过")]:
        row = next(tr for tr in table.select("tbody tr") if name in tr.get_text())
        assert status in row.get_text() and kind in row.get_text()
    assert "另存为" in text  # the unsupported file comes with how to convert it
    facts = made["study"].facts
    assert facts["n_documents"] == 6 and facts["n_problems"] == 2
    cards = {div.dt.get_text(): div.dd.get_text(" ", strip=True) for div in made["soup"].select("header .facts div")}
    assert cards["有问题、没有读入"] == "2 个文件" and cards["文档"] == "6 篇"


def test_metadata_problems_are_not_counted_as_files_not_read(tmp_path):
    folder = _write_folder(tmp_path / "f", extras=False)
    lines = METADATA.splitlines()
    (folder / "metadata.csv").write_text("\n".join([lines[0], *lines[2:], "不存在.txt,多出来的行,城市,2023"]) + "\n",
                                         encoding="utf-8")
    study = zl.report(folder, None, progress=False)
    assert study.facts["n_documents"] == 6  # the file without a metadata row is still read
    assert study.facts["n_problems"] == 0 and study.facts["n_metadata_problems"] == 2
    listed = study.section("load").tables()[1].data.set_index("file")
    assert listed.loc["01-城市社区议事.txt", "kind"] == listed.loc["不存在.txt", "kind"] == "元数据问题"
    assert "元数据问题 2 处" in study.section("load").summary[0]


def test_provenance_rows(made):
    prov = made["study"].provenance
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in made["soup"].select("#t-provenance tbody tr")]
    assert ["语料", "摘要（SHA-256）", prov.corpus["digest"]] in rows
    items = {r[1]: r[2] for r in rows}
    assert f"未作为文档读入：{BROKEN}" in items and items[f"未作为文档读入：{BROKEN}"].startswith("corrupt")
    assert f"未作为文档读入：{UNSUPPORTED}" in items
    assert items["by"] == "setting" and items["terms"] == '["共同缔造", "议事会"]' and items["seed"] == "42"
    assert items["zhili"] == zl.__version__
    assert len(rows) == len(prov.table())


def test_no_resource_is_loaded_from_the_network(made):
    html = made["html"]
    soup = made["soup"]
    for tag in soup.find_all(src=True):
        assert tag["src"].startswith("data:image/png;base64,"), tag.name
    for tag in soup.find_all(href=True):
        assert tag["href"].startswith("#"), tag["href"]
    assert not soup.find_all("link") and not soup.find_all("script", src=True) and not soup.find_all("iframe")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert not re.search(r"@import|url\(", html)
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in csp and "img-src data:" in csp


def test_figures_are_embedded_pngs_that_decode(made):
    from PIL import Image

    imgs = made["soup"].find_all("img")
    assert len(imgs) == sum(1 for _ in made["study"].figures()) >= 6
    for img in imgs:
        data = base64.b64decode(img["src"].split(",", 1)[1])
        picture = Image.open(io.BytesIO(data))
        picture.verify()
        w, h = Image.open(io.BytesIO(data)).size
        assert w >= 600 and h >= 200
        assert abs(int(img["width"]) / int(img["height"]) - w / h) < 0.02
        assert img["alt"]


def test_tables_are_sortable_with_numbers_as_numbers(made):
    soup = made["soup"]
    top = soup.find(id="t-top_terms")
    headers = [th.get_text().strip() for th in top.select("thead th")]
    assert headers[:3] == ["名次", "词语", "次数"] and all(th.find("button") for th in top.select("thead th"))
    counts = [float(td["data-sort"]) for td in top.select("tbody tr td:nth-of-type(3)")]
    assert counts == sorted(counts, reverse=True) and counts[0] > 1
    assert "sortBy" in soup.find("script").get_text()
    kwic = soup.find(id="t-kwic_1")
    assert kwic.find("table")["class"] == ["sortable", "kwic"]
    assert {td.get_text() for td in kwic.select("td.kwic-k")} == {"共同缔造"}


def test_sections_hold_the_standard_study(made):
    study = made["study"]
    names = {t.name for _, t in study.tables()}
    assert {"top_terms", "keywords", "term_counts", "kwic_1", "kwic_2", "term_trends", "keyness_1", "keyness_2",
            "network_terms", "framework_profile", "framework_evidence", "formulations", "provenance"} <= names
    assert len(names) == sum(1 for _ in study.tables())  # file names are unique
    counts = study.section("kwic").tables()[0].data.set_index("term")["count"]
    assert counts["议事会"] == sum(t.count("议事会") for t in TEXTS.values())  # counted in the original text
    evidence = study.section("framework").blocks
    ev = next(b for b in evidence if getattr(b, "name", "") == "framework_evidence").data
    assert set(ev["category"]) <= {"治理理念", "治理能力", "治理体系"} and len(ev)
    profile = next(b for b in evidence if getattr(b, "name", "") == "framework_profile").data
    assert profile["setting"].tolist() == ["农村", "城市"] or profile["setting"].tolist() == ["城市", "农村"]
    assert study.section("trends").tables()[0].data["period"].nunique() == 4
    assert "coword_network" in study.networks


# ============================================================================ Excel and CSV


def test_workbook_reads_back(made):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(made["out"] / "报告.xlsx", read_only=True)
    names = wb.sheetnames
    assert names[0] == "目录" and "溯源" in names
    assert all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in names)
    assert len(names) == len(set(names)) == 1 + sum(1 for _ in made["study"].tables())
    top = next(n for n in names if n.startswith("高频词"))
    rows = list(wb[top].iter_rows(values_only=True))
    assert list(rows[0][:5]) == ["名次", "词语", "次数", "占比", "文档数"]
    assert isinstance(rows[1][2], int) and rows[1][2] >= rows[2][2]
    prov = list(wb["溯源"].iter_rows(values_only=True))
    assert prov[0] == ("类别", "项目", "值") and any(r[1] == "摘要（SHA-256）" for r in prov)
    contents = [r for r in wb["目录"].iter_rows(values_only=True) if r and r[0] in names]
    assert {r[0] for r in contents} == set(names) - {"目录"}
    wb.close()


def test_csv_folder_has_tables_figures_network_and_provenance(made):
    import pandas as pd

    folder = made["out"] / "表和图"
    manifest = pd.read_csv(folder / "manifest.csv")
    files = set(manifest["file"])
    assert {"top_terms.csv", "wordcloud.png", "coword_network.gexf", "provenance.json", "provenance.csv"} <= files
    for _, figure in made["study"].figures():  # the PNG files are the very images of the page
        assert (folder / f"{figure.name}.png").read_bytes() == figure.png
    top = pd.read_csv(folder / "top_terms.csv", encoding="utf-8-sig")
    assert list(top.columns[:3]) == ["rank", "term", "count"]


# ============================================================================ other corpora, registry


def test_a_folder_without_metadata_gets_every_section_with_reasons(tmp_path):
    folder = _write_folder(tmp_path / "无元数据", metadata=False, extras=False)
    first = zl.report(folder, tmp_path / "a.html", by="setting", progress=False)
    second = zl.report(folder, tmp_path / "b.html", by="setting", progress=False)
    skipped = {s.key: s.notes[-1] for s in first.sections if s.skipped}
    assert set(skipped) == {"trends", "keyness", "topics"}  # topics: too few documents
    assert "日期" in skipped["trends"] and "setting" in skipped["keyness"] and "篇文档" in skipped["topics"]
    soup = BeautifulSoup((tmp_path / "a.html").read_text(encoding="utf-8"), "html.parser")
    assert "这一节没有内容" in soup.find(id="sec-keyness").get_text()
    assert "高频词的前 3 个" in soup.find(id="sec-kwic").get_text()  # terms chosen for the reader, and said so

    def undated(path):
        text = path.read_text(encoding="utf-8")
        return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", "", text)

    assert undated(tmp_path / "a.html") == undated(tmp_path / "b.html")  # same input, same page
    assert first.provenance.corpus["digest"] == second.provenance.corpus["digest"]


def test_a_registered_section_joins_page_contents_and_workbook(tmp_path):
    def demo(ctx, section):
        import pandas as pd

        section.summary.append("演示一节。")
        section.blocks.append(Table("demo_table", "演示表", pd.DataFrame({"term": ["甲"], "count": [1]})))
        section.blocks.append(ctx.figure("demo_figure", "演示图", lambda: zl.plot.bar({"甲": 1, "乙": 2})))

    register_section("demo", "演示", demo, after="network", how_to_read=["演示用。"])
    try:
        folder = _write_folder(tmp_path / "f", extras=False)
        study = zl.report(folder, tmp_path / "r.html", xlsx=tmp_path / "r.xlsx", progress=False)
    finally:
        unregister_section("demo")
    keys = [s.key for s in study.sections]
    assert keys.index("demo") == keys.index("network") + 1
    soup = BeautifulSoup((tmp_path / "r.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one('nav.toc a[href="#sec-demo"]') and soup.find(id="t-demo_table") and soup.find(id="f-demo_figure")
    import openpyxl

    assert "演示表" in openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True).sheetnames
    assert "demo" not in [s.key for s in SECTIONS]


def test_word_lists_and_user_terms(tmp_path):
    assert split_words("共同缔造，基层治理、四权同下; 议事会") == ["共同缔造", "基层治理", "四权同下", "议事会"]
    words = tmp_path / "停用词.txt"
    words.write_bytes("# 注释\n小区 社区\n\n居民，村民\n".encode("gbk"))  # as Windows Notepad saves it
    assert read_word_file(words) == ["小区", "社区", "居民", "村民"]
    with pytest.raises(zl.ZhiliError, match="找不到停用词文件"):
        read_word_file(tmp_path / "没有.txt")
    lexicon = tmp_path / "词表.txt"
    lexicon.write_text("居民议事会\n", encoding="utf-8")
    folder = _write_folder(tmp_path / "f", extras=False)
    study = zl.report(folder, None, extra_stopwords=words, user_terms=lexicon, progress=False)
    top = study.section("frequencies").tables()[0].data["term"].tolist()
    assert "小区" not in top and "居民" not in top and "居民议事会" in top
    params = study.provenance.params
    assert params["stopwords_file"] == str(words) and params["extra_stopwords"] == ["小区", "社区", "居民", "村民"]
    assert study.outputs == {}


def test_bad_options_are_explained_before_any_work(tmp_path):
    with pytest.raises(zl.ZhiliError, match="找不到文件夹"):
        zl.report(tmp_path / "没有这个文件夹", progress=False)
    folder = _write_folder(tmp_path / "f", extras=False)
    with pytest.raises(zl.ZhiliError, match=r"\.html"):
        zl.report(folder, tmp_path / "报告.txt", progress=False)
    with pytest.raises(zl.ZhiliError, match="unit"):
        zl.report(folder, None, unit="word", progress=False)
    with pytest.raises(zl.ZhiliError, match="top_n"):
        zl.report(folder, None, top_n=1, progress=False)


def test_nothing_readable_lists_every_file(tmp_path):
    folder = tmp_path / "坏文件"
    folder.mkdir()
    (folder / BROKEN).write_bytes(b"PK\x03\x04 junk")
    (folder / UNSUPPORTED).write_bytes(b"old")
    with pytest.raises(zl.reporting.NothingReadable) as caught:
        zl.report(folder, tmp_path / "r.html", progress=False)
    message = str(caught.value)
    assert BROKEN in message and UNSUPPORTED in message and "没有生成报告" in message
    assert len(caught.value.report) == 2 and not (tmp_path / "r.html").exists()


def test_no_network_blocks_connections_and_lookups():
    with no_network():
        with pytest.raises(NetworkBlocked, match="--no-network"):
            socket.create_connection(("example.org", 80), timeout=1)
        with pytest.raises(NetworkBlocked):
            socket.getaddrinfo("example.org", 443)
        with pytest.raises(NetworkBlocked):
            socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(("93.184.216.34", 80))
        a, b = socket.socketpair()  # local sockets (worker processes, pipes) still work
        a.sendall(b"ok")
        assert b.recv(2) == b"ok"
        a.close(), b.close()
    assert socket.getaddrinfo is not None and "guarded" not in socket.getaddrinfo.__name__


# ============================================================================ the command line


def _run_main(args, capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as caught:
        main(args)
    out = capsys.readouterr()
    return caught.value.code, out.out, out.err


def test_help_and_version_are_chinese(capsys):
    code, out, _ = _run_main(["report", "--help"], capsys)
    assert code == EXIT_OK
    assert out.startswith("用法：zhili report [选项] 文件夹")
    for needle in ["参数：", "选项：", "退出码", "--by 列名", "--terms 词1,词2", "--lexicon", "--stopwords", "--unit",
                   "--top N", "--no-network", "--xlsx", "--csv-dir", "--metadata", "--seed", "--style", "--title",
                   "显示本帮助并退出"]:
        assert needle in out, needle
    assert "Usage" not in out and "Options" not in out and "Show this message" not in out
    assert max(len(line.encode("gbk")) for line in out.splitlines()) <= 100  # fits a terminal (CJK = 2 columns)
    code, out, _ = _run_main(["--version"], capsys)
    assert code == EXIT_OK and out.strip() == f"zhili {zl.__version__}"
    code, out, _ = _run_main([], capsys)
    assert code == EXIT_OK and "report" in out and "命令：" in out


@pytest.mark.parametrize("args,needle", [
    (["report"], "缺少参数 文件夹"),
    (["report", "没有这个文件夹"], "找不到 没有这个文件夹"),
    (["report", ".", "--top", "abc"], "--top 的值无效"),
    (["report", ".", "--unit", "word"], "可选值为 sentence、paragraph、item"),
    (["report", ".", "--bogus"], "没有选项 --bogus"),
    (["report", ".", "-o", "报告.pdf"], ".html"),
    (["report", ".", "--stopwords", "没有.txt"], "找不到停用词表"),
    (["reprot", "."], "是不是 report"),
])
def test_usage_errors_are_chinese_with_exit_code_2(args, needle, capsys):
    code, _, err = _run_main(args, capsys)
    assert code == EXIT_USAGE
    assert "错误：" in err and needle in err
    assert "Error" not in err and "Usage" not in err


def test_exit_codes_nothing_readable_and_failure(tmp_path, capsys):
    folder = tmp_path / "坏文件"
    folder.mkdir()
    (folder / BROKEN).write_bytes(b"PK\x03\x04 junk")
    code, out, err = _run_main(["report", str(folder), "-o", str(tmp_path / "r.html")], capsys)
    assert code == EXIT_NOTHING_READ and BROKEN in err and "已损坏" in err
    (tmp_path / "挡路的文件").write_text("x")
    good = _write_folder(tmp_path / "f", extras=False)
    code, _, err = _run_main(["report", str(good), "-o", str(tmp_path / "挡路的文件" / "r.html")], capsys)
    assert code == EXIT_FAILED and "无法建立文件夹" in err


def test_python_m_zhili_report_writes_the_report(tmp_path):
    folder = _write_folder(tmp_path / "政策文件")
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, "-m", "zhili", "report", str(folder), "-o", str(tmp_path / "报告.html"),
                           "--by", "城乡类型", "--terms", "共同缔造，议事会", "--xlsx", str(tmp_path / "报告.xlsx"),
                           "--style", "print", "--title", "测试报告", "--no-network"],
                          capture_output=True, text=True, encoding="utf-8", env=env, cwd=tmp_path, timeout=600)
    assert done.returncode == EXIT_OK, done.stderr
    assert "已生成报告" in done.stdout and "Excel 工作簿" in done.stdout
    assert BROKEN in done.stderr and UNSUPPORTED in done.stderr  # the files not read, also on the console
    html = (tmp_path / "报告.html").read_text(encoding="utf-8")
    assert "<title>测试报告</title>" in html and "城乡类型" in html
    assert (tmp_path / "报告.xlsx").stat().st_size > 0


def test_cli_runner_reports_like_the_console(tmp_path):
    from click.testing import CliRunner

    folder = _write_folder(tmp_path / "f", extras=False)
    result = CliRunner().invoke(cli, ["report", str(folder), "-o", str(tmp_path / "r.html"), "--top", "10"],
                                standalone_mode=False)
    assert result.exception is None, result.output
    assert result.return_value == EXIT_OK and "已生成报告" in result.output


# ============================================================================ a real browser


def test_the_page_in_a_headless_browser(made, tmp_path):
    """Every figure visible, no console error, no request leaves the machine, sorting works."""
    if os.name != "posix":
        pytest.skip("the browser check drives Chromium through descriptors 3 and 4 (POSIX only)")
    from _browser import Browser, find_chromium

    chromium = find_chromium()
    if chromium is None:
        pytest.skip("Chromium is not installed (Debian/Ubuntu: apt-get install chromium); the page's structure "
                    "is still checked by the other tests")
    page = (made["out"] / "报告.html").resolve()
    with Browser(chromium) as browser:
        browser.open(page.as_uri())
        images = browser.evaluate("""Array.from(document.images).map(i => {
            const r = i.getBoundingClientRect(), s = getComputedStyle(i);
            return {ok: i.complete, w: i.naturalWidth, h: i.naturalHeight, shown: r.width, vis: s.visibility, disp: s.display};
        })""")
        assert len(images) == sum(1 for _ in made["study"].figures())
        for img in images:
            assert img["ok"] and img["w"] > 0 and img["h"] > 0, img
            assert img["shown"] > 100 and img["vis"] == "visible" and img["disp"] != "none", img
        missing = browser.evaluate(
            "Array.from(document.querySelectorAll('nav.toc a')).filter(a => !document.querySelector(a.getAttribute('href'))).length")
        assert missing == 0
        first = browser.evaluate("document.querySelector('#t-top_terms tbody tr td:nth-child(2)').textContent")
        browser.evaluate("document.querySelectorAll('#t-top_terms thead th button')[2].click()")  # 次数, ascending
        after = browser.evaluate("""Array.from(document.querySelectorAll('#t-top_terms tbody tr td:nth-child(3)'))
                                    .map(td => Number(td.dataset.sort))""")
        assert after == sorted(after) and browser.evaluate(
            "document.querySelector('#t-top_terms tbody tr td:nth-child(2)').textContent") != first
        assert browser.evaluate("document.querySelectorAll('#t-top_terms thead th')[2].getAttribute('aria-sort')") == "ascending"
        browser.screenshot(tmp_path / "first-screen.png")
        requests = browser.requests()
        assert requests and all(u.startswith(("file:", "data:")) for u in requests), requests
        assert browser.failed_requests() == []
        assert browser.errors() == []
    assert (tmp_path / "first-screen.png").stat().st_size > 10_000


def test_report_text_wraps_at_terminal_columns():
    from zhili.cli import _width, _wrap

    lines = _wrap("按元数据中的这一列分组比较（如 level、region，或中文名 层级、地区）。" * 2, 30)
    assert all(_width(line) <= 32 for line in lines)
    assert not any(line.startswith(("，", "。", "）", "、")) for line in lines)
    assert not any(line.endswith("（") for line in lines)


def test_topics_section_on_a_corpus_large_enough(tmp_path):
    """With a few dozen documents the report has a topics section: table, terms and figure."""
    themes = [("小区", "物业", "业委会", "电梯", "加装"), ("合作社", "产业", "农户", "柑橘", "销售"),
              ("网格", "诉求", "热线", "办理", "回访")]
    for i in range(24):
        words = themes[i % 3]
        text = "。".join(f"{words[j % 5]}和{words[(j + 1) % 5]}是第{i}号文件讨论的{words[(j + 2) % 5]}问题"
                         for j in range(12)) + "。"
        (tmp_path / f"文件{i:02d}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "报告.html"
    zl.report(tmp_path, out)
    soup = BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")
    section = soup.find("section", id="sec-topics")
    assert section is not None and section.find("img") is not None
    assert "主题" in section.get_text() and "这一节没有内容" not in section.get_text()
    # a report fits fewer LDA passes than zl.topics' default, and says how to get the same topics
    assert "max_iter=20" in section.get_text() and "LDA 迭代 20 次" in section.get_text()
