"""The course layout: students see lessons, lecturers find solutions and guides in teacher/, every link works."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SOLUTIONS = sorted((ROOT / "teacher" / "solutions").glob("*.ipynb"))
LINK = re.compile(r"\]\(([^)\s]+)\)")


def markdown_of(path: Path) -> list[str]:
    if path.suffix == ".md":
        return [path.read_text(encoding="utf-8")]
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def relative_links(path: Path) -> list[str]:
    links = []
    for text in markdown_of(path):
        text = re.sub(r"```.*?```", "", text, flags=re.S)          # code blocks are not links
        links += [m for m in LINK.findall(text) if not re.match(r"[a-z][a-z0-9+.-]*:|#", m)]
    return links


def test_students_see_only_lessons():
    names = sorted(p.name for p in (ROOT / "notebooks").iterdir() if not p.name.startswith("."))
    assert "solutions" not in names, "solutions belong in teacher/solutions/"
    assert all(re.fullmatch(r"\d\d-[a-z0-9-]+\.ipynb", p.name) for p in LESSONS)
    assert [p.name for p in SOLUTIONS] == [p.name for p in LESSONS], "one solution per lesson"


@pytest.mark.parametrize("path", [ROOT / "README.md", *LESSONS, *SOLUTIONS, *sorted((ROOT / "teacher").rglob("*.md"))],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(path):
    for link in relative_links(path):
        target = (path.parent / unquote(link.split("#", 1)[0])).resolve()
        assert target.exists(), f"{path.relative_to(ROOT)}: the link {link} points to nothing"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lessons_do_not_send_students_to_the_solutions(path):
    for link in relative_links(path):
        assert "teacher" not in link and "solutions" not in link, (path.name, link)


def test_every_lesson_has_a_teacher_guide():
    index = (ROOT / "teacher" / "README.md").read_text(encoding="utf-8")
    for lesson in LESSONS:
        guide = ROOT / "teacher" / "guides" / f"{lesson.stem}.md"
        assert guide.is_file(), f"teacher/guides/{lesson.stem}.md is missing"
        text = guide.read_text(encoding="utf-8")
        for part in ("时间安排", "讨论题", "常见错误", "练习讲评", "参考答案"):
            assert part in text, (guide.name, part)
        assert f"guides/{lesson.stem}.md" in index, f"teacher/README.md does not list {lesson.stem}"


def _check_outputs(path: Path) -> list[tuple[str, str]]:
    """(exercise id, printed feedback) of every ``zl.exercises.check(...)`` cell, as committed."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        m = re.search(r"exercises\.check\(\s*\"(L\d\d\.\d)\"", source)
        if cell["cell_type"] == "code" and m:
            text = "".join("".join(o.get("text", "")) for o in cell.get("outputs", []))
            found.append((m.group(1), text))
    return found


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_every_reference_answer_is_accepted_in_the_committed_solutions(path):
    # a lesson re-run after the data changed can leave a reference answer that the checker now
    # rejects; nbval would not notice (the stored ✗ is reproduced), the lecturer would
    checks = _check_outputs(path)
    assert checks, "no exercise checks found"
    wrong = [(ex, text) for ex, text in checks if "✓" not in text or "✗" in text]
    assert wrong == []


@pytest.mark.parametrize("path", [p for p in LESSONS if _check_outputs(p)], ids=lambda p: p.name)
def test_students_see_their_exercises_unanswered(path):
    assert all("还没有作答" in text for _, text in _check_outputs(path))
