"""Every lesson (and solution) can be shown as slides: slide metadata follows the headings (tools/slides.py)."""
from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("zhili_slides", ROOT / "tools" / "slides.py")
slides = importlib.util.module_from_spec(spec)
spec.loader.exec_module(slides)


@pytest.mark.parametrize("path", slides.default_paths(), ids=lambda p: str(p.relative_to(ROOT)))
def test_slide_metadata_follows_the_headings(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].metadata.get("slideshow", {}).get("slide_type") == "slide", "the title opens the show"
    for index, cell in enumerate(nb.cells[1:], start=1):
        have = cell.metadata.get("slideshow", {}).get("slide_type")
        want = slides.slide_type(cell)
        if want is not None:
            assert have == want, f"cell {index}: {cell.source[:40]!r}"
        else:
            assert have not in ("slide", "subslide"), f"cell {index} has no heading but starts a slide"
    assert not slides.apply(copy.deepcopy(nb)), "run: python tools/slides.py"


def test_rule():
    md = nbformat.v4.new_markdown_cell
    assert slides.slide_type(md("## 1. 读取")) == "slide"
    assert slides.slide_type(md("# 标题\n\n正文")) == "slide"
    assert slides.slide_type(md("前言\n\n## 2. 编码")) == "slide"          # heading inside the cell
    assert slides.slide_type(md("### 4.1 小节")) == "subslide"
    assert slides.slide_type(md("正文，没有标题")) is None
    assert slides.slide_type(md("```python\n## 注释，不是标题\n```")) is None
    assert slides.slide_type(md("#不是标题")) is None
    assert slides.slide_type(nbformat.v4.new_code_cell("## 注释")) is None


def test_apply_is_idempotent_and_keeps_hand_chosen_types(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 课"),
                nbformat.v4.new_code_cell("1 + 1"),
                nbformat.v4.new_markdown_cell("## 一节"),
                nbformat.v4.new_markdown_cell("提示", metadata={"slideshow": {"slide_type": "fragment"}}),
                nbformat.v4.new_markdown_cell("正文", metadata={"slideshow": {"slide_type": "slide"}}),
                nbformat.v4.new_code_cell("2", metadata={"slideshow": {"slide_type": "-"}, "tags": ["x"]})]
    path = tmp_path / "lesson.ipynb"
    nbformat.write(nb, path)
    assert slides.main(["--check", str(path)]) == 1
    assert slides.main([str(path)]) == 0
    first = path.read_bytes()
    assert slides.main(["--check", str(path)]) == 0
    assert slides.main([str(path)]) == 0 and path.read_bytes() == first
    types = [c.metadata.get("slideshow", {}).get("slide_type") for c in nbformat.read(path, as_version=4).cells]
    assert types == ["slide", None, "slide", "fragment", None, None]
    assert nbformat.read(path, as_version=4).cells[5].metadata == {"tags": ["x"]}
