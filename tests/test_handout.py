"""`make handout` (tools/make_handout.py): what students get, nothing from the internet, same bytes every time."""
from __future__ import annotations

import importlib.util
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("zhili_handout", ROOT / "tools" / "make_handout.py")
handout = importlib.util.module_from_spec(spec)
spec.loader.exec_module(handout)

LESSONS = ["00-start", "04-coding", "05-network"]   # the first lesson, one linking the codebook, one with formulas


class _Loads(HTMLParser):
    """Every URL the browser would fetch by itself: src/href/data of anything but a plain link."""

    def __init__(self):
        super().__init__()
        self.urls, self.in_style, self.in_script = [], False, False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (name in ("src", "data", "poster", "srcset") or (name == "href" and tag != "a")):
                self.urls.append(value)
        self.in_style, self.in_script = tag == "style", tag == "script"

    def handle_endtag(self, tag):
        self.in_style = self.in_script = False

    def handle_data(self, data):
        if self.in_style:
            self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", data)
            self.urls += re.findall(r"@import\s+(?:url\()?['\"]?([^'\");]+)", data)
        if self.in_script:
            self.urls += re.findall(r"import\(\s*['\"]([^'\"]+)", data)


def external_loads(html: str) -> list[str]:
    parser = _Loads()
    parser.feed(html)
    return [u for u in parser.urls if re.match(r"\s*(https?:)?//", u, re.I)]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    first = handout.build(tmp_path_factory.mktemp("a"), LESSONS)
    second = handout.build(tmp_path_factory.mktemp("b"), LESSONS)
    return first, second


def test_contents_for_students(built):
    (folder, zip_path), _ = built
    names = zipfile.ZipFile(zip_path).namelist()
    assert all(n.startswith("zhili-handout/") for n in names)
    assert not [n for n in names if "solution" in n or "teacher" in n or "/tests/" in n]
    for lesson in LESSONS:
        assert f"zhili-handout/notebooks/{lesson}.ipynb" in names
        assert f"zhili-handout/html/{lesson}.html" in names
    assert "zhili-handout/corpus/samples/metadata.csv" in names      # what 00-start reads
    assert "zhili-handout/corpus/reuse/metadata.csv" in names        # the policy chain 09-methods reads
    assert any(n.startswith("zhili-handout/corpus/cases/HB001") for n in names)
    assert "zhili-handout/README.md" in names
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "导读：第一次使用 zhili" in readme and "参考答案不在讲义里" in readme


def test_student_notebooks_have_no_outputs(built):
    (folder, _), _ = built
    for lesson in LESSONS:
        nb = json.loads((folder / "notebooks" / f"{lesson}.ipynb").read_text(encoding="utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)
        original = json.loads((ROOT / "notebooks" / f"{lesson}.ipynb").read_text(encoding="utf-8"))
        assert [c["source"] for c in nb["cells"]] == [c["source"] for c in original["cells"]]


def test_html_reads_offline(built):
    (folder, _), _ = built
    for page in sorted((folder / "html").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert external_loads(html) == [], page.name
        assert "<script src" not in html and "cdnjs" not in html and "unpkg" not in html
    start = (folder / "html" / "00-start.html").read_text(encoding="utf-8")
    assert "<title>导读：第一次使用 zhili</title>" in start and 'lang="zh"' in start
    assert "data:image/png;base64," in start, "figures are inline"
    assert 'href="01-framework.ipynb"' in start, "a lesson not in this handout keeps its link"
    network = (folder / "html" / "05-network.html").read_text(encoding="utf-8")
    assert "共词网络" in network
    assert network.count("<math") >= 5 and "$c_{ij}$" not in network, "formulas are MathML"
    assert "<mfrac>" in network
    coding = (folder / "html" / "04-coding.html").read_text(encoding="utf-8")
    assert 'href="codebook-theory.html"' in coding and (folder / "html" / "codebook-theory.html").exists()
    assert (folder / "notebooks" / "codebook-theory.md").exists(), "the page the lesson links to ships beside it"


def test_the_offline_check_itself_catches_loads():
    assert external_loads('<script src="https://cdn.example/x.js"></script>') == ["https://cdn.example/x.js"]
    assert external_loads('<link rel="stylesheet" href="//fonts.example/a.css">') == ["//fonts.example/a.css"]
    assert external_loads("<style>@import url('https://x/y.css'); a{background:url(http://x/i.png)}</style>")
    assert external_loads('<a href="https://gephi.org">Gephi</a> <img src="data:image/png;base64,AA">') == []


def test_zip_is_deterministic(built):
    (_, first), (_, second) = built
    assert first.read_bytes() == second.read_bytes()
    info = zipfile.ZipFile(first).infolist()
    assert {i.date_time for i in info} == {(1980, 1, 1, 0, 0, 0)}
    assert [i.filename for i in info] == sorted(i.filename for i in info)


def test_math_conversion_leaves_code_alone():
    text = "按规则跳过 `~$好文件.docx` 和 `$HOME`；公式 $n_i$ 与\n\n```\nprice = $5 and $6\n```\n\n$$c_{ij}$$"
    out = handout.math_to_mathml(text)
    assert "`~$好文件.docx`" in out and "`$HOME`" in out and "price = $5 and $6" in out
    assert out.count("<math") == 2 and 'display="block"' in out
    assert handout.math_to_mathml("花了 $5 和 $6 元") == "花了 $5 和 $6 元"       # money, not math


def test_links_point_to_the_reading_copies():
    src = "[下一课](01-framework.ipynb) · [手册](codebook-theory.md#规则) · [外部](https://gephi.org) · [别处](../x.ipynb)"
    out = handout.html_links(src, {"01-framework", "codebook-theory"})
    assert "(01-framework.html)" in out and "(codebook-theory.html#规则)" in out
    assert "(https://gephi.org)" in out and "(../x.ipynb)" in out
