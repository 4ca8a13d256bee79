"""Build the student handout (run by `make handout`; or: python tools/make_handout.py [--out dist] [lessons …]).

    dist/handout/                       the folder, to copy or to serve
      README.md                         how to use it (Chinese)
      notebooks/NN-*.ipynb              the lessons without outputs: students run them themselves
      notebooks/codebook-theory.md      … and the pages the lessons link to
      html/NN-*.html                    reading copies WITH outputs, for any browser, fully offline
      corpus/                           the texts the lessons read (cases, samples, reuse chain, hand codes, templates)
    dist/zhili-handout.zip              the same folder as one file, under zhili-handout/

Never in it: the solutions (teacher/), tests, the lecturer's guides.

The HTML pages load nothing from the internet: no require.js, MathJax or Mermaid from a CDN (the
lessons need none of them), images inline, formulas turned into MathML at build time (every current
browser draws MathML itself). Same input, same bytes: the zip has fixed timestamps, permissions and order.
"""
from __future__ import annotations

import argparse
import copy
import itertools
import re
import shutil
import sys
import zipfile
from pathlib import Path

import nbformat
from jinja2 import DictLoader
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parents[1]
NAME = "zhili-handout"
CORPUS_PARTS = ["README.md", "cases", "samples", "reuse", "handcodes", "templates"]
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# The lab template without anything it would fetch from a CDN.
OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""

README = """# zhili 基层治理现代化课程 · 学员讲义

这份讲义由 `make handout` 从 zhili 工具包生成，包含：

| 文件夹 | 内容 | 怎么用 |
|---|---|---|
| `html/` | 每一课的阅读版（带运行结果） | 双击用浏览器打开即可，不需要安装任何软件，也不需要联网 |
| `notebooks/` | 每一课的练习版（没有运行结果） | 在装好 zhili 的 JupyterLab 中打开，从上到下逐格运行（Shift + Enter），完成练习 |
| `corpus/` | 课程用到的案例和示例文件 | 课件用 `../corpus/…` 读取它们，请保持 `notebooks/` 和 `corpus/` 在同一个文件夹里 |

## 课程目录

{lessons}

## 运行练习版需要什么

需要装好 zhili 工具包的 Python 环境（Python 3.10–3.13）。最简单的办法是在完整的 zhili 项目中运行 `make lab`，
它会自动安装并打开中文界面的 JupyterLab（见项目的 README）。练习的参考答案不在讲义里，做完后请向授课老师核对。

浏览器中的中文显示成方框时，请安装中文字体（Debian/Ubuntu：`sudo apt install fonts-noto-cjk`）。
"""


# --- notebooks --------------------------------------------------------------------------------

def title_of(nb) -> str:
    """The text of the first `#` heading (the lesson's Chinese title)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+?)\s*$", cell.source, re.M)
            if m:
                return m.group(1).replace("\u3000", " ")
    return ""


def cleared(nb):
    """A copy of ``nb`` with no outputs, execution counts or timings: what a student starts from."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    return nb


# --- Markdown for the HTML copies -------------------------------------------------------------

FENCE = re.compile(r"^ {0,3}(```|~~~)")
CODE_SPAN = re.compile(r"(`+)[\s\S]*?(?<!`)\1(?!`)")
DISPLAY_MATH = re.compile(r"\$\$([\s\S]+?)\$\$")
INLINE_MATH = re.compile(r"(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=\S)\$(?![\d$])")


def _math_in_text(text: str) -> str:
    from latex2mathml.converter import convert

    def block(m):
        return convert(m.group(1).strip(), display="block")

    def inline(m):
        return convert(m.group(1))

    text = DISPLAY_MATH.sub(block, text)
    return INLINE_MATH.sub(inline, text)


def math_to_mathml(source: str) -> str:
    """Turn `$…$` and `$$…$$` in Markdown into MathML; code blocks and code spans stay as they are."""
    if "$" not in source:
        return source
    out, prose, in_fence = [], [], False

    def flush():
        text = "".join(prose)
        parts, last = [], 0
        for m in CODE_SPAN.finditer(text):
            parts += [_math_in_text(text[last:m.start()]), m.group(0)]
            last = m.end()
        parts.append(_math_in_text(text[last:]))
        out.append("".join(parts))
        prose.clear()

    for line in source.splitlines(keepends=True):
        if FENCE.match(line):
            if not in_fence:
                flush()
            in_fence = not in_fence
            out.append(line)
        elif in_fence:
            out.append(line)
        else:
            prose.append(line)
    flush()
    return "".join(out)


def html_links(source: str, exported: set[str]) -> str:
    """Links to lessons and pages that have an HTML copy point to that copy."""
    def fix(m):
        target, frag = m.group(2), m.group(3) or ""
        stem = Path(target).stem
        if "/" not in target and Path(target).suffix in (".ipynb", ".md") and stem in exported:
            return f"{m.group(1)}{stem}.html{frag})"
        return m.group(0)
    return re.sub(r"(\]\()([^)\s#]+)(#[^)\s]*)?\)", fix, source)


def for_reading(nb, exported: set[str]):
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = html_links(math_to_mathml(cell.source), exported)
    nb.metadata["title"] = title_of(nb)
    return nb


class OfflineHTMLExporter(HTMLExporter):
    """nbconvert's lab HTML with nothing loaded from outside, and stable element ids.

    ``embed_images`` stays off: it re-parses each inline HTML tag on its own, which breaks MathML
    (the lessons have no image files to embed; figures are outputs, inline already).
    """

    def __init__(self, **kw):
        super().__init__(template_name="lab", extra_loaders=[DictLoader({"zhili_offline.html.j2": OFFLINE_TEMPLATE})],
                         template_file="zhili_offline.html.j2", language_code="zh", **kw)

    def _create_environment(self):
        env = super()._create_environment()
        counter = itertools.count(1)
        env.globals["uuid4"] = lambda: f"zhili-output-{next(counter)}"   # random ids would change the bytes
        return env


def to_html(nb) -> str:
    body, _ = OfflineHTMLExporter().from_notebook_node(nb)
    return body


# --- the whole handout --------------------------------------------------------------------------

def _copy_tree(src: Path, dst: Path) -> None:
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts) or not path.is_file():
            continue
        (dst / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dst / rel)


def write_zip(folder: Path, zip_path: Path) -> None:
    """Zip ``folder`` as NAME/…, the same bytes for the same files (fixed time, mode, order)."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    with zipfile.ZipFile(zip_path, "w") as zf:
        for path in files:
            info = zipfile.ZipInfo(f"{NAME}/{path.relative_to(folder).as_posix()}", date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3                       # Unix, whichever system builds it
            info.external_attr = 0o100644 << 16
            zf.writestr(info, path.read_bytes(), compresslevel=9)


def build(out: Path, names: list[str] | None = None) -> tuple[Path, Path]:
    """Write ``out/handout/`` and ``out/zhili-handout.zip``; return both paths."""
    lessons = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    if names:
        lessons = [p for p in lessons if any(n in p.name for n in names)]
        if not lessons:
            raise SystemExit(f"没有找到名称包含 {' '.join(names)} 的课件")
    folder = out / "handout"
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "notebooks").mkdir(parents=True)
    (folder / "html").mkdir()

    notebooks = [(p, nbformat.read(p, as_version=4)) for p in lessons]
    # pages the lessons link to (the codebook), shipped beside them and as HTML
    pages = sorted({target for _, nb in notebooks for cell in nb.cells if cell.cell_type == "markdown"
                    for target in re.findall(r"\]\(([\w.-]+\.md)(?:#[^)]*)?\)", cell.source)
                    if (ROOT / "notebooks" / target).is_file()})
    exported = {p.stem for p in lessons} | {Path(t).stem for t in pages}

    toc = []
    for path, nb in notebooks:
        nbformat.write(cleared(nb), folder / "notebooks" / path.name)
        (folder / "html" / f"{path.stem}.html").write_text(to_html(for_reading(nb, exported)), encoding="utf-8")
        toc.append(f"- {path.stem}　{title_of(nb)}：[阅读版](html/{path.stem}.html) · [练习版](notebooks/{path.name})")
    for target in pages:
        text = (ROOT / "notebooks" / target).read_text(encoding="utf-8")
        (folder / "notebooks" / target).write_text(text, encoding="utf-8")
        cell = nbformat.v4.new_markdown_cell(text, id=Path(target).stem)   # a fixed id: the same bytes every run
        page = nbformat.v4.new_notebook(cells=[cell])
        (folder / "html" / f"{Path(target).stem}.html").write_text(to_html(for_reading(page, exported)), encoding="utf-8")

    for part in CORPUS_PARTS:
        src = ROOT / "corpus" / part
        if src.is_dir():
            _copy_tree(src, folder / "corpus" / part)
        elif src.is_file():
            (folder / "corpus").mkdir(exist_ok=True)
            shutil.copyfile(src, folder / "corpus" / part)
    (folder / "README.md").write_text(README.replace("{lessons}", "\n".join(toc)), encoding="utf-8")

    zip_path = out / f"{NAME}.zip"
    write_zip(folder, zip_path)
    return folder, zip_path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="生成学员讲义（不含参考答案）")
    parser.add_argument("--out", default=str(ROOT / "dist"), help="输出文件夹（默认 dist/）")
    parser.add_argument("lessons", nargs="*", help="只包含名称中含这些字样的课件，如 00 05")
    args = parser.parse_args(argv)
    folder, zip_path = build(Path(args.out), args.lessons)
    n = len(list((folder / "html").glob("[0-9][0-9]-*.html")))
    print(f"讲义已生成：{folder}（{n} 课）")
    print(f"压缩包：{zip_path}（{zip_path.stat().st_size // 1024} KB）")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
