"""Set-up that forgives: `make` finds a half-made or broken .venv and rebuilds it, and says in
Chinese what to install when Python, the right version of it, or its venv module is missing.

Nothing here installs the kit: the fake Pythons fail before pip would run, and the one real
rebuild creates a bare venv (Python + pip) in a temporary folder.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENSURE = ROOT / "tools" / "ensure_venv.py"
MAKE = shutil.which("make")
POSIX = os.name == "posix"
pytestmark = pytest.mark.skipif(not POSIX, reason="the fake Pythons are shell scripts")


def ensure(tmp_path: Path, venv_dir: Path, python: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ENSURE), str(venv_dir), python], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)


def fake_python(tmp_path: Path, name: str, body: str) -> Path:
    """A shell script standing in for a Python command; REAL is this test's own Python."""
    path = tmp_path / name
    path.write_text("#!/bin/sh\nREAL=" + sys.executable + "\n" + textwrap.dedent(body))
    path.chmod(0o755)
    return path


def debian_python(tmp_path: Path) -> Path:
    """Like Debian's python3 without the python3-venv package: `-m venv` leaves a venv with no pip."""
    return fake_python(tmp_path, "python3-debian", """\
        if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
          "$REAL" -m venv --without-pip "$3"
          echo "The virtual environment was not created successfully because ensurepip is not"
          echo "available.  On Debian/Ubuntu systems, you need to install the python3-venv package"
          exit 1
        fi
        exec "$REAL" "$@"
        """)


# --- the detection script --------------------------------------------------------------------

def test_healthy_venv_is_left_alone(tmp_path):
    target = tmp_path / "v"
    venv.create(target, with_pip=False, symlinks=True)
    # a healthy venv needs pip; stand one in so this test need not run ensurepip
    site = next((target / "lib").glob("python3*/site-packages"))
    (site / "pip").mkdir()
    (site / "pip" / "__init__.py").write_text("")
    marker = target / "keep-me"
    marker.write_text("")
    result = ensure(tmp_path, target, "/nonexistent/python")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and marker.exists()


def test_venv_without_pip_is_rebuilt(tmp_path):
    target = tmp_path / ".venv"
    venv.create(target, with_pip=False, symlinks=True)          # what a failed `python3 -m venv` leaves
    result = ensure(tmp_path, target, sys.executable)
    assert result.returncode == 0, result.stderr
    assert "没有 pip" in result.stderr and "python3-venv" in result.stderr
    assert "重新创建" in result.stderr
    check = subprocess.run([str(target / "bin" / "python"), "-c", "import pip"], capture_output=True)
    assert check.returncode == 0


@pytest.mark.parametrize("kind", ["no python", "dangling link", "python fails", "old python"])
def test_broken_venv_is_diagnosed_and_removed(tmp_path, kind):
    target = tmp_path / ".venv"
    (target / "bin").mkdir(parents=True)
    (target / "pyvenv.cfg").write_text("home = /usr/bin\n")
    python = target / "bin" / "python"
    if kind == "dangling link":
        python.symlink_to(tmp_path / "python-that-was-removed")
    elif kind == "python fails":
        fake_python(target / "bin", "python", "echo 'Fatal Python error: init_fs_encoding' >&2; exit 1\n")
    elif kind == "old python":
        fake_python(target / "bin", "python", "echo 3.8; exit 0\n")
    expected = {"no python": "里没有 Python", "dangling link": "已不存在", "python fails": "运行出错",
                "old python": "3.8 版"}[kind]
    # creating again with a Python that cannot: the broken venv is gone, the message says why
    result = ensure(tmp_path, target, "/nonexistent/python3")
    assert result.returncode == 1
    assert expected in result.stderr, result.stderr
    assert "找不到可以运行的 Python" in result.stderr and "make lab PYTHON=python3.12" in result.stderr
    assert not target.exists()


def test_python_that_cannot_make_a_venv(tmp_path):
    target = tmp_path / ".venv"
    result = ensure(tmp_path, target, str(debian_python(tmp_path)))
    assert result.returncode == 1
    assert "创建虚拟环境失败" in result.stderr and "没有 pip" in result.stderr
    assert "venv" in result.stderr and "PYTHON=python3.12" in result.stderr
    if Path("/etc/debian_version").exists():
        assert "sudo apt install python3-venv" in result.stderr
    assert not target.exists(), "the half-made venv is removed, so the next run starts clean"


@pytest.mark.parametrize("version", ["3.9", "3.14", "2.7"])
def test_python_of_the_wrong_version(tmp_path, version):
    python = fake_python(tmp_path, "python-" + version, f"""\
        case "$2" in *version_info*) echo {version}; exit 0;; esac
        exec "$REAL" "$@"
        """)
    result = ensure(tmp_path, tmp_path / ".venv", str(python))
    assert result.returncode == 1
    assert f"Python {version}" in result.stderr and "3.10–3.13" in result.stderr
    assert not (tmp_path / ".venv").exists()


def test_a_folder_that_is_not_a_venv_is_never_deleted(tmp_path):
    target = tmp_path / ".venv"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    result = ensure(tmp_path, target, sys.executable)
    assert result.returncode == 1 and "不是一个虚拟环境" in result.stderr
    assert (target / "notes.txt").exists()


def test_script_parses_under_old_pythons():
    """A too-old PYTHON must reach the Chinese message, not a SyntaxError: no f-strings, no annotations."""
    source = ENSURE.read_text(encoding="utf-8")
    import ast
    tree = ast.parse(source)
    assert not any(isinstance(node, ast.JoinedStr) for node in ast.walk(tree))
    assert not any(isinstance(node, ast.AnnAssign) for node in ast.walk(tree))
    assert not any(getattr(node, "returns", None) for node in ast.walk(tree) if isinstance(node, ast.FunctionDef))


# --- through make ------------------------------------------------------------------------------

@pytest.fixture()
def project(tmp_path):
    """The Makefile and the set-up script in an otherwise empty project folder."""
    if MAKE is None:
        pytest.skip("make is not installed")
    (tmp_path / "tools").mkdir()
    (tmp_path / "requirements").mkdir()
    (tmp_path / "requirements" / "lock.txt").write_text("")
    (tmp_path / "pyproject.toml").write_text("")
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy(ENSURE, tmp_path / "tools" / "ensure_venv.py")
    return tmp_path


def run_make(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([MAKE, "--no-print-directory", *args], cwd=project, capture_output=True,
                          text=True, timeout=120, env=env)


def test_make_without_any_python(project, tmp_path_factory):
    empty = tmp_path_factory.mktemp("empty-path")
    result = run_make(project, "setup", "PYTHON=python3.12", env={"PATH": str(empty)})
    assert result.returncode != 0
    assert "找不到 Python（python3.12）" in result.stderr
    assert "sudo apt install python3 python3-venv" in result.stderr and "python.org" in result.stderr


def test_make_with_a_python_that_does_not_exist(project):
    result = run_make(project, "setup", "PYTHON=python3.99")
    assert result.returncode != 0
    assert "找不到可以运行的 Python：python3.99" in result.stderr


def test_make_rebuilds_a_half_made_venv_and_reports_a_missing_venv_module(project):
    venv.create(project / ".venv", with_pip=False, symlinks=True)
    result = run_make(project, "setup", f"PYTHON={debian_python(project)}")
    assert result.returncode != 0
    assert "发现不完整或损坏的虚拟环境" in result.stderr and "创建虚拟环境失败" in result.stderr
    assert not (project / ".venv").exists()


def test_make_lab_passes_the_network_options(project):
    result = run_make(project, "-n", "lab", "LAB_IP=0.0.0.0", "LAB_PORT=8890")
    assert "tools/lab.py --ip=0.0.0.0 --port=8890" in result.stdout
    assert "tools/lab.py --teacher" in run_make(project, "-n", "lab-teacher").stdout


def test_make_test_runs_nbval_on_lessons_and_solutions(project):
    out = run_make(project, "-n", "test").stdout
    assert "notebooks teacher/solutions" in out and "tests/sanitize.cfg" in out
