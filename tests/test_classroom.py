"""Classroom mode: errors explained in Chinese in a lesson (issue 13, part 1).

Three layers:

* the message builders of :mod:`zhili.explain`, on code snippets run here (pure functions);
* :func:`zl.classroom` in an in-process IPython shell (install, idempotence, off, traceback mode,
  fall-back when the explainer itself fails);
* a real kernel started with nbclient that runs the scripted mistakes of ``classroom_mistakes.py``,
  and nbval over a small lesson with ``raises-exception`` cells.
"""
from __future__ import annotations

import html
import json
import linecache
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from classroom_mistakes import FIRST_CELL, MISTAKES, Mistake

import zhili as zl
from zhili.explain import Context, explain, explain_syntax_error, notebook_code_cells

ROOT = Path(__file__).resolve().parents[1]
CELL = "<zhili-test-cell>"


# ---- helpers ------------------------------------------------------------------------------------


def run_cell(source: str, namespace: dict | None = None, *, filename: str = CELL, **context):
    """Run ``source`` as a notebook cell would; return (exception, explanation)."""
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    ns = {} if namespace is None else namespace
    ctx = Context(namespace=ns, current_cell=source, cell_label=lambda f: "In [7]" if f == CELL else None, **context)
    try:
        exec(compile(source, filename, "exec"), ns)
    except Exception as exc:  # noqa: BLE001 - the point of the helper
        return exc, explain(exc, ctx)
    raise AssertionError(f"no error from {source!r}")


@pytest.fixture(scope="module")
def lesson_ns():
    fw = zl.framework()
    return {"zl": zl, "pd": pd, "fw": fw, "el": fw.elements()}


# ---- SyntaxError: what the input method types into code ----------------------------------------


@pytest.mark.parametrize("source,name,fix", [
    ("fw.find(“五共”)", "中文左双引号", 'fw.find("五共")'),
    ("fw.find(‘五共’)", "中文左单引号", "fw.find('五共')"),
    ('fw.find（"五共"）', "中文左括号", 'fw.find("五共")'),
    ('x = ["五共"，"四权同下"]', "中文逗号", 'x = ["五共","四权同下"]'),
    ('x = ["五共"、"四权同下"]', "顿号", 'x = ["五共","四权同下"]'),
    ("for i in range(3)：\n    pass", "中文冒号", "for i in range(3):"),
    ("x = 1；y = 2", "中文分号", "x = 1;y = 2"),
    ("x = 【1, 2】", "中文左方括号", "x = [1, 2]"),
    ('print("完成")。', "中文句号", ""),  # the fix would be `print("完成").`, which does not compile
    ("x = 1 · 2", "Python 不认识的字符", ""),
    ("answer = １２", "全角数字", "answer = 12"),
    ('x = "a" ＋ "b"', "全角符号", 'x = "a" + "b"'),
    ("answer\u3000= 3", "全角空格", "answer = 3"),
    ("x\u00a0= 1", "不换行空格", "x = 1"),
    ("x\u200b = 1", "看不见的格式字符", "x = 1"),
])
def test_input_method_characters_are_named_located_and_fixed(source, name, fix):
    exc, e = run_cell(source)
    assert isinstance(exc, SyntaxError)
    assert e is not None and e.kind == "mistake"
    assert name in e.message and f"U+{ord(_first_bad(source)):04X}" in e.message
    assert e.where is not None and e.where.label == "In [7]" and e.where.line == source.splitlines()[e.where.lineno - 1]
    assert e.where.line[e.where.column] == _first_bad(source)
    assert e.fix == fix
    assert e.original.startswith("SyntaxError: invalid ")


def _first_bad(source: str) -> str:
    return next(c for c in source if not c.isascii() and not ("\u4e00" <= c <= "\u9fff"))


def test_chinese_punctuation_inside_quotes_is_left_alone():
    exc, e = run_cell('fw.find("决策共谋，发展共建"，)')
    assert "第 1 行第 20 个字符" in e.message
    assert e.fix == 'fw.find("决策共谋，发展共建",)'  # the comma inside the text stays Chinese


def test_every_input_method_character_in_a_cell_is_fixed_at_once():
    _, e = run_cell("for name in fw.children（“五共”）：\n    print（name）")
    assert e.fix == 'for name in fw.children("五共"):\n    print(name)'


@pytest.mark.parametrize("message", [
    "invalid character in identifier",  # Python 3.8 wording
    "invalid character '“' (U+201C)",  # 3.9–3.13
])
def test_older_and_newer_wordings_of_invalid_character(message):
    exc = SyntaxError(message, ("<cell>", 1, 9, "fw.find(“五共”)", 1, 9))
    e = explain_syntax_error(exc)
    assert e is not None and "中文左双引号" in e.message and e.fix == 'fw.find("五共")'


def test_non_printable_wording():
    exc = SyntaxError("invalid non-printable character U+3000", ("<cell>", 1, 7, "answer\u3000= 3", 1, 7))
    e = explain_syntax_error(exc)
    assert "全角空格" in e.heading and e.fix == "answer = 3"


@pytest.mark.parametrize("source,fragment,fix", [
    ('fw.find("五共”)', "中文引号", 'fw.find("五共")'),
    ("fw.find('五共’)", "中文引号", "fw.find('五共')"),
    ('fw.find("五共)', "引号没有配对", ""),
])
def test_unpaired_quotes(source, fragment, fix):
    exc, e = run_cell(source)
    assert fragment in e.heading and e.fix == fix


def test_older_wording_of_unpaired_quotes():
    exc = SyntaxError("EOL while scanning string literal", ("<cell>", 1, 9, 'fw.find("五共”)', 1, 9))
    assert explain_syntax_error(exc).fix == 'fw.find("五共")'


@pytest.mark.parametrize("source,heading,fragment", [
    ('fw.find("五共"', "括号没有配对", "补上 )"),
    ('fw.find("五共"))', "括号没有配对", "多了一个右括号 )"),
    ('fw.find("a", "b"]', "括号没有配对", "要用 ) 结尾"),
    ("if 1 == 1\n    pass", "少了英文冒号", "英文冒号 :"),
    ("x = [1 2]", "可能少了逗号", "英文逗号"),
    ("  x = 1", "缩进", "多了空格"),
    ("for i in range(3):\nprint(i)", "缩进", "4 个空格"),
])
def test_brackets_colons_commas_indentation(source, heading, fragment):
    exc, e = run_cell(source)
    assert heading in e.heading and fragment in e.message, e.message


def test_text_starting_with_digits_without_quotes():
    exc, e = run_cell("fw.find(15分钟服务圈)")
    assert e.heading == "文字没有加引号" and e.fix == 'fw.find("15分钟服务圈")'


def test_other_syntax_errors_are_not_explained():
    exc, e = run_cell("x = = 1")
    assert isinstance(exc, SyntaxError) and e is None


# ---- NameError ----------------------------------------------------------------------------------


def test_unquoted_chinese_text(lesson_ns):
    exc, e = run_cell("info = fw.find(五共)  # 查找五共", dict(lesson_ns))
    assert e.heading == "文字没有加引号" and '"五共"' in e.message
    assert e.fix == 'info = fw.find("五共")  # 查找五共'  # the comment is not touched
    assert e.original == "NameError: name '五共' is not defined"


def test_name_defined_in_a_cell_above_that_was_not_run(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# 第 03 课"),
        nbformat.v4.new_code_cell("import zhili as zl"),
        nbformat.v4.new_code_cell("cases = zl.cases(as_corpus=True)\ntoks = zl.tokenize(cases)"),
        nbformat.v4.new_code_cell("toks"),
    ])
    path = tmp_path / "lesson.ipynb"
    nbformat.write(nb, path)
    assert notebook_code_cells(path) == [c.source for c in nb.cells if c.cell_type == "code"]
    exc, e = run_cell("toks", {"zl": zl}, notebook=path)
    assert "第 2 个代码格" in e.message and "toks = zl.tokenize(cases)" in e.message
    assert "运行 → 运行选中单元格上方的所有单元格" in e.message


def test_name_defined_in_several_cells_points_to_the_nearest_one_above():
    cells = ["import zhili as zl", "toks = zl.tokenize(cases)", "zl.top_terms(toks, 15)",
             "toks = zl.tokenize(cases, extra_stopwords=zl.casebook.WRITING_STOPWORDS)",
             'by_setting = zl.top_terms(toks, 8, by="setting")  # 试一试：把 setting 改成 domain', "toks.docs"]
    # the student edited the cell (the notebook on disk still has "setting") and restarted the kernel
    exc, e = run_cell('by_setting = zl.top_terms(toks, 8, by="domain")  # 试一试：把 setting 改成 domain', {"zl": zl},
                      cells=cells)
    assert "第 4 个代码格" in e.message and "extra_stopwords" in e.message
    exc, e = run_cell("toks.docs", {"zl": zl}, cells=cells)
    assert "第 4 个代码格" in e.message


def test_a_keyword_is_never_suggested_for_a_name():
    exc, e = run_cell('len(zl.kwic(cases, "群众"))', {"zl": zl})
    assert "class" not in e.message and e.fix == "" and "运行 → 运行选中单元格上方的所有单元格" in e.message
    exc, e = run_cell("x = Ture", {})
    assert e.fix == "x = True"  # True, False and None are names one may misspell


@pytest.mark.parametrize("source,fix", [
    ('zl.show(kw[kw["id"] = "HB020"])', 'zl.show(kw[kw["id"] == "HB020"])'),
    ('rural = freq[freq["setting"] = "城市"]', 'rural = freq[freq["setting"] == "城市"]'),
    ("if x = 1:\n    pass", "if x == 1:"),
    ('zl.show(kw["id"] = "HB020")', 'zl.show(kw["id"] == "HB020")'),
])
def test_one_equals_sign_in_a_comparison(source, fix):
    exc, e = run_cell(source, {})
    assert isinstance(exc, SyntaxError) and "Maybe you meant" in exc.msg or "perhaps you meant" in exc.msg
    assert e.heading == "比较要写两个等号 ==" and "一个等号 = 是“赋值”" in e.message
    assert e.fix == fix


def test_missing_column_in_a_table_method(lesson_ns):
    ns = dict(lesson_ns)
    ns["by"] = pd.DataFrame({"domain": ["a"], "rank": [1], "term": ["社区"], "count": [3]})
    exc, e = run_cell('by.pivot(index="rank", columns="setting", values="term")', ns)
    assert isinstance(exc, KeyError) and e.heading == "表格里没有这一列"
    assert "pivot(...)" in e.message and "“setting”" in e.message and "domain、rank、term、count" in e.hint
    exc, e = run_cell('by.pivot(index="rnak", columns="domain", values="term")', ns)
    assert "你是不是想写“rank”" in e.message and e.fix == 'by.pivot(index="rank", columns="domain", values="term")'
    exc, e = run_cell('by.sort_values("cuont")', ns)
    assert e.fix == 'by.sort_values("count")'


def test_a_column_in_the_wrong_case(lesson_ns):
    ns = dict(lesson_ns)
    ns["kw"] = pd.DataFrame({"id": ["HB020"], "rank": [1], "term": ["夜话"], "score": [0.5]})
    exc, e = run_cell('zl.show(kw[kw["ID"] == "HB020"])', ns)
    assert "你是不是想写“id”" in e.message and e.fix == 'zl.show(kw[kw["id"] == "HB020"])'


def test_name_defined_only_further_down():
    exc, e = run_cell("freq.head()", {}, cells=["import zhili as zl", "freq.head()", "freq = zl.term_frequencies(toks)"])
    assert "要到后面第 3 个代码格才定义" in e.message


def test_name_used_before_it_is_defined_in_the_same_cell():
    exc, e = run_cell("print(total)\ntotal = 3", {}, cells=["import zhili as zl", "print(total)\ntotal = 3"])
    assert "这一格里 total 要到后面才定义（total = 3）" in e.message


def test_name_from_a_cell_that_failed():
    history = ["", "import zhili as zl", "fw = zl.framwork()", "fw.find('五共')"]
    exc, e = run_cell("fw.find('五共')", {}, history=history)
    assert "In [2]" in e.message and "fw = zl.framwork()" in e.message and "出错" in e.message


@pytest.mark.parametrize("name,line", [("zl", "import zhili as zl"), ("pd", "import pandas as pd")])
def test_short_names_of_the_first_cell(name, line):
    exc, e = run_cell(f"{name}.__name__", {})
    assert line in e.message and "第一格" in e.message and "运行 → 运行选中单元格上方的所有单元格" in e.message


def test_misspelled_name(lesson_ns):
    exc, e = run_cell('fww.find("五共")', dict(lesson_ns))
    assert "你是不是想写 fw" in e.message and e.fix == 'fw.find("五共")'
    exc, e = run_cell("pirnt(1)", {})
    assert e.fix == "print(1)"


def test_unknown_name_still_gets_the_general_advice():
    exc, e = run_cell("x = undefined_thing_42 + 1", {})
    assert "undefined_thing_42" in e.heading and "运行 → 运行选中单元格上方的所有单元格" in e.message and "英文双引号" in e.message


def test_a_name_error_inside_library_code_is_not_explained():
    library_file = os.path.join(os.path.dirname(zl.__file__), "_not_a_real_module.py")
    source = "def broken():\n    return missing_name\n"
    ns: dict = {}
    exec(compile(source, library_file, "exec"), ns)
    exc, e = run_cell("broken()", ns)
    assert isinstance(exc, NameError) and e is None


# ---- KeyError on a table ------------------------------------------------------------------------


def test_misspelled_column(lesson_ns):
    exc, e = run_cell('el["nmae"]', dict(lesson_ns))
    assert "“nmae”" in e.message and "“name”" in e.message and e.fix == 'el["name"]'
    assert "这张表的列有：id、name" in e.hint


def test_misspelled_column_in_a_list_of_columns(lesson_ns):
    exc, e = run_cell('el[["name", "kidn"]]', dict(lesson_ns))
    assert "“kidn”" in e.message and e.fix == 'el[["name", "kind"]]'


def test_column_typed_in_full_width(lesson_ns):
    exc, e = run_cell('el["ｎａｍｅ"]', dict(lesson_ns))
    assert e.fix == 'el["name"]'


def test_number_as_column_points_to_iloc(lesson_ns):
    exc, e = run_cell("el[0]", dict(lesson_ns))
    assert "el.iloc[0]" in e.message


def test_a_key_error_of_a_dict_is_not_explained():
    exc, e = run_cell('{"五共": 5}["四权同下"]', {})
    assert isinstance(exc, KeyError) and e is None


# ---- AttributeError, TypeError ------------------------------------------------------------------


def test_misspelled_method_of_a_kit_object(lesson_ns):
    exc, e = run_cell('fw.fnid("五共")', dict(lesson_ns))
    assert "fw.find" in e.message and e.fix == 'fw.find("五共")' and "children" in e.hint


def test_misspelled_kit_function(lesson_ns):
    exc, e = run_cell("zl.framwork()", dict(lesson_ns))
    assert "zl.framework" in e.message and e.fix == "zl.framework()"


def test_misspelled_table_method(lesson_ns):
    exc, e = run_cell("el.heda()", dict(lesson_ns))
    assert e.fix == "el.head()"


def test_unknown_attribute_of_another_object_is_not_explained():
    exc, e = run_cell("x = None\nx.qqq", {})
    assert isinstance(exc, AttributeError) and e is None


def test_function_used_without_parentheses(lesson_ns):
    exc, e = run_cell('zl.framework.find("五共")', dict(lesson_ns))
    assert e.heading == "少了一对括号" and e.fix == 'zl.framework().find("五共")'
    exc, e = run_cell('fw.elements["name"]', dict(lesson_ns))
    assert e.heading == "少了一对括号" and e.fix == 'fw.elements()["name"]'


def test_missing_argument_of_a_kit_method(lesson_ns):
    exc, e = run_cell("fw.path()", dict(lesson_ns))
    assert "fw.path" in e.message and "key" in e.message and "path(key)" in e.message


def test_misspelled_keyword_of_a_kit_function(lesson_ns):
    exc, e = run_cell('zl.kwic(None, "五共", windwo=3)', dict(lesson_ns))
    assert "windwo" in e.message and "window=" in e.message and e.fix == 'zl.kwic(None, "五共", window=3)'


def test_missing_argument_of_a_students_function_is_not_explained():
    exc, e = run_cell("def f(a):\n    return a\nf()", {})
    assert isinstance(exc, TypeError) and e is None


# ---- modules, files, the kit's own errors -------------------------------------------------------


def test_misspelled_module():
    exc, e = run_cell("import jeiba", {})
    assert "jieba" in e.message and e.fix == "import jieba"


def test_module_that_is_not_installed():
    exc, e = run_cell("import zhili_no_such_module_42", {})
    assert "make lab" in e.message


def test_misspelled_file(tmp_path):
    (tmp_path / "sample.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    exc, e = run_cell('pd.read_csv("sampel.csv")', {"pd": pd}, cwd=tmp_path)
    assert str(tmp_path) in e.message and "sample.csv" in e.message and e.fix == 'pd.read_csv("sample.csv")'


def test_file_one_folder_up(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("五共", encoding="utf-8")
    (tmp_path / "notebooks").mkdir()
    exc, e = run_cell('open("corpus/a.txt", encoding="utf-8")', {}, cwd=tmp_path / "notebooks")
    assert isinstance(exc, FileNotFoundError) and e.fix == 'open("../corpus/a.txt", encoding="utf-8")'


def test_kit_error_keeps_its_message_and_adds_the_students_line(lesson_ns):
    exc, e = run_cell('info = fw.find("四全同下")', dict(lesson_ns))
    assert e.kind == "kit" and e.message == str(exc) and "四权同下" in e.message
    assert e.where.label == "In [7]" and e.where.line == 'info = fw.find("四全同下")'
    assert e.type_name == "zhili.ZhiliError"


def test_kit_error_of_a_subclass_names_its_module():
    exc, e = run_cell('zl.cases(path="no/such/folder")', {"zl": zl})
    assert e.kind == "kit" and e.type_name.startswith("zhili.")


def test_bugs_are_not_explained():
    exc, e = run_cell("def share(n, total):\n    return n / total\nshare(3, 0)", {})
    assert isinstance(exc, ZeroDivisionError) and e is None


# ---- classroom mode in an IPython shell (in this process) --------------------------------------


@pytest.fixture()
def shell(capsys):
    pytest.importorskip("IPython")
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.hist_file = ":memory:"
    sh = InteractiveShell.instance(config=config)
    sh.run_cell(FIRST_CELL, store_history=True)
    capsys.readouterr()
    yield sh
    sh.run_cell("zl.classroom(False)")
    InteractiveShell.clear_instance()


def test_in_ipython_a_mistake_is_explained_and_still_an_error(shell, capsys):
    result = shell.run_cell("fw = zl.framework()\nfw.find(五共)", store_history=True)
    out = capsys.readouterr().out
    assert not result.success and isinstance(result.error_in_exec, NameError)
    assert "文字没有加引号" in out and 'fw.find("五共")' in out and "%tb" in out
    assert out.rstrip().endswith("NameError\x1b[0m: name '五共' is not defined")
    assert "Traceback" not in out


def test_in_ipython_syntax_errors_are_explained_before_running(shell, capsys):
    result = shell.run_cell("answer = １２", store_history=True)
    out = capsys.readouterr().out
    assert isinstance(result.error_before_exec, SyntaxError)
    assert "全角数字" in out and "answer = 12" in out


def test_classroom_is_idempotent_and_can_be_turned_off(shell, capsys):
    from zhili import classroom_mode

    assert classroom_mode.active()
    handler = shell.CustomTB
    assert shell.run_cell("zl.classroom()\nzl.classroom()").success
    assert shell.CustomTB is handler and capsys.readouterr().out == ""
    shell.run_cell("zl.classroom(False)")
    assert not classroom_mode.active() and shell.custom_exceptions == ()
    shell.run_cell("fw.find(五共)")
    out = capsys.readouterr().out
    assert "文字没有加引号" not in out and "Traceback" in out
    shell.run_cell("zl.classroom()")
    assert classroom_mode.active()


def test_traceback_mode_shows_the_full_traceback_under_the_explanation(shell, capsys):
    shell.run_cell("zl.classroom(traceback=True)\nfw = zl.framework()")
    capsys.readouterr()
    shell.run_cell("fw.find(五共)")
    out = capsys.readouterr().out
    assert "文字没有加引号" in out and "Traceback" in out and "%tb" not in out
    shell.run_cell("zl.classroom()")


def test_bugs_show_the_normal_traceback_in_classroom_mode(shell, capsys):
    shell.run_cell("def share(n, total):\n    return n / total\n\nshare(3, 0)")
    out = capsys.readouterr().out
    assert "Traceback" in out and "ZeroDivisionError" in out and "⚠" not in out


def test_percent_tb_prints_the_full_traceback_after_an_explanation(shell, capsys):
    shell.run_cell('fw = zl.framework()\nfw.find("四全同下")')
    capsys.readouterr()
    shell.run_cell("%tb")
    out = capsys.readouterr().out
    assert "Traceback" in out and "_resolve" in out


def test_a_failing_explainer_falls_back_to_the_normal_traceback(shell, capsys, monkeypatch):
    from zhili import classroom_mode

    def broken(*args, **kwargs):
        raise RuntimeError("explainer is broken")

    with monkeypatch.context() as patch:  # the explainer fails
        patch.setattr(classroom_mode, "explain", broken)
        result = shell.run_cell("fw.find(五共)")
        out = capsys.readouterr()
        assert isinstance(result.error_in_exec, NameError)
        assert "Traceback" in out.out and "NameError" in out.out and "explainer is broken" not in out.out + out.err
    with monkeypatch.context() as patch:  # an explanation is found, but showing it fails
        patch.setattr(classroom_mode, "render_html", broken)
        result = shell.run_cell("fw.find(五共)")
        out = capsys.readouterr().out
        assert isinstance(result.error_in_exec, NameError) and "Traceback" in out
    assert classroom_mode.active()  # still installed: IPython did not have to disable the handler


def test_arguments_are_checked():
    with pytest.raises(zl.ZhiliError, match="on="):
        zl.classroom("yes")
    with pytest.raises(zl.ZhiliError, match="traceback="):
        zl.classroom(traceback=1)


def test_outside_ipython_classroom_does_nothing_and_says_nothing():
    code = textwrap.dedent("""
        import sys
        import zhili as zl
        hook = sys.excepthook
        result = zl.classroom()
        print(result is None, "IPython" in sys.modules, sys.excepthook is hook, zl.classroom_mode.active())
    """)
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "True False True False\n" and done.stderr == ""


def test_importing_zhili_still_does_not_import_ipython_or_pandas():
    code = "import sys, zhili as zl; zl.classroom; print(sorted(m for m in ('IPython', 'pandas', 'jieba') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr


# ---- a real kernel: the scripted mistakes -------------------------------------------------------


def _notebook(cells: list[Mistake]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    for m in cells:
        cell = nbformat.v4.new_code_cell(m.code)
        if m.skip:
            cell.metadata["tags"] = ["skip-execution"]
        nb.cells.append(cell)
    return nb


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The scripted lesson, run in one real kernel; with each cell's execute_reply status."""
    from nbclient import NotebookClient

    folder = tmp_path_factory.mktemp("lesson")
    path = folder / "mistakes.ipynb"
    nb = _notebook(MISTAKES)
    nbformat.write(nb, path)
    statuses: dict[int, str] = {}

    def record(cell, cell_index, execute_reply):
        statuses[cell_index] = execute_reply["content"]["status"]

    old = os.environ.get("JPY_SESSION_NAME")
    os.environ["JPY_SESSION_NAME"] = str(path)  # as jupyter_server sets it: the kernel learns its notebook
    try:
        client = NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True,
                                resources={"metadata": {"path": str(folder)}}, on_cell_executed=record)
        client.execute()
    finally:
        if old is None:
            os.environ.pop("JPY_SESSION_NAME", None)
        else:
            os.environ["JPY_SESSION_NAME"] = old
    return nb, statuses


def _outputs(nb, index):
    outputs = nb.cells[index].outputs
    shown = [o for o in outputs if o.output_type == "display_data" and "text/html" in o.get("data", {})]
    errors = [o for o in outputs if o.output_type == "error"]
    return shown, errors


def test_the_script_says_where_cells_are():
    # the "第 N 个代码格" of a mistake is the position of the cell that defines the name
    skipped = next(i for i, m in enumerate(MISTAKES) if m.skip)
    assert any(f"第 {skipped + 1} 个代码格" in f for m in MISTAKES for f in m.expect)
    assert MISTAKES[0].code == FIRST_CELL


@pytest.mark.parametrize("index", [i for i, m in enumerate(MISTAKES) if m.ename], ids=lambda i: MISTAKES[i].title)
def test_each_scripted_mistake_in_a_real_kernel(executed, index):
    nb, statuses = executed
    mistake = MISTAKES[index]
    shown, errors = _outputs(nb, index)
    assert statuses[index] == "error"  # Run All stops here; nbval and nbclient see the error
    assert len(errors) == 1 and errors[0].ename == mistake.ename
    if not mistake.explained:
        assert shown == []
        assert len(errors[0].traceback) > 1 and "Traceback" in "".join(errors[0].traceback)
        return
    assert len(shown) == 1
    data = shown[0].data
    for fragment in mistake.expect:
        assert fragment in data["text/plain"], (fragment, data["text/plain"])
        assert html.escape(fragment) in data["text/html"], fragment
    assert '<details>' in data["text/html"] and 'class="zhili-traceback"' in data["text/html"]
    assert f"In [{nb.cells[index].execution_count}] 第" in data["text/plain"]
    assert len(errors[0].traceback) == 1  # one line: the original error (or the kit error's type)
    line = re.sub(r"\x1b\[[0-9;]*m", "", errors[0].traceback[0])
    if mistake.ename == "ZhiliError":
        assert "zhili 工具包提示" in data["text/plain"] and line == "zhili.ZhiliError（说明见上方）"
    else:  # the original one-line error, in English
        name, _, message = line.partition(": ")
        assert name == mistake.ename and message and errors[0].evalue.startswith(message)


def test_the_kits_warnings_are_one_chinese_line_in_classroom_mode(executed):
    nb, statuses = executed
    for i, m in enumerate(MISTAKES):
        if m.warning:
            assert statuses[i] == "ok", m.title
            text = "".join(o.text for o in nb.cells[i].outputs if o.output_type == "stream")
            assert text == "".join(f"{f}\n" for f in m.expect), text  # no ipykernel path, no repeated line
            assert "ipykernel" not in text and "warnings.warn" not in text


def test_setup_cells_run_quietly(executed):
    nb, statuses = executed
    for i, m in enumerate(MISTAKES):
        if m.setup:
            assert statuses[i] == "ok", m.title
            assert [o for o in nb.cells[i].outputs if o.output_type in ("error", "stream")] == []
        if m.skip:
            assert i not in statuses
    assert nb.cells[0].outputs == []  # zl.classroom() prints nothing


# ---- nbval: a lesson with raises-exception cells under classroom mode ---------------------------


LESSON = [
    (FIRST_CELL, False),
    ("fw = zl.framework()\nlen(fw.children())", False),
    ("fw.find(“五共”)", True),
    ('fw.find("四全同下")', True),
    ('el = fw.elements()\nel["nmae"]', True),
    ('fw.find("五共").name', False),
]


def _lesson(folder: Path, name: str, *, tagged: bool) -> Path:
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    for source, raises in LESSON:
        cell = nbformat.v4.new_code_cell(source)
        if raises and tagged:
            cell.metadata["tags"] = ["raises-exception"]
        nb.cells.append(cell)
    NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(folder)}}).execute()  # the outputs a lecturer saves
    path = folder / name
    nbformat.write(nb, path)
    return path


def test_nbval_passes_raises_exception_cells_and_still_catches_untagged_errors(tmp_path):
    good = _lesson(tmp_path, "tagged.ipynb", tagged=True)
    bad = _lesson(tmp_path, "untagged.ipynb", tagged=False)
    # the saved explanation really is there, with the traceback that the sanitizer blanks out
    html_out = json.loads(good.read_text(encoding="utf-8"))["cells"][3]["outputs"][0]["data"]["text/html"]
    assert "zhili-traceback" in "".join(html_out)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", str(good), str(bad), "--nbval-sanitize-with",
         str(ROOT / "tests" / "sanitize.cfg"), "-p", "no:cacheprovider", "-q", "-rf", "--rootdir", str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=180)
    out = done.stdout
    failed = [line for line in out.splitlines() if line.startswith("FAILED")]
    # every cell of the tagged lesson passes (outputs compared after sanitising); in the untagged
    # lesson the three mistakes fail as errors, so classroom mode hides no error from nbval
    assert all("untagged.ipynb" in line for line in failed), out
    assert len(failed) == 3, out
    assert f"3 failed, {2 * len(LESSON) - 3} passed" in out, out


# ---- before classroom mode: the kernel start-up hint (tools/lab/kernel_startup.py) ----------------


BEFORE_FIRST_CELL = [
    "import sys\nprint('zhili' in sys.modules)",                  # the hint imports nothing from zhili
    'answer = 4   # 把 ... 换成一个数字\nzl.exercises.check("L01.1", answer)',  # an exercise before the first cell
    "print(五共)",
    FIRST_CELL,
    "fw.find('五共')",                                              # classroom mode takes over
    "zl.classroom(False)",
    "fw.find('五共')",                                              # and gives the hint back when turned off
]


@pytest.fixture(scope="module")
def before_first_cell(tmp_path_factory):
    """A lesson run from its exercise, in a kernel of this environment started as JupyterLab starts it
    (the ``python3`` kernel spec of .venv, in the notebook's folder), after ``make setup``'s settings."""
    from nbclient import NotebookClient

    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import lab
    finally:
        sys.path.remove(str(ROOT / "tools"))
    lab.install_settings()  # what make setup and make lab do: the start-up file into .venv/etc/ipython
    folder = tmp_path_factory.mktemp("restart")
    nb = _notebook([Mistake("", code) for code in BEFORE_FIRST_CELL])
    NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return nb


def _streams(cell) -> str:
    return "".join(o.text for o in cell.outputs if o.output_type == "stream")


def test_before_the_first_cell_a_name_error_says_in_chinese_to_run_it(before_first_cell):
    cells = before_first_cell.cells
    assert _streams(cells[0]).strip() == "False"
    text = _streams(cells[1])
    assert "名字 zl 还没有定义" in text and "import zhili as zl" in text and "第一个代码格" in text
    assert "运行 → 运行选中单元格上方的所有单元格" in text and "内核 → 重启并运行所有单元格…" in text
    errors = [o for o in cells[1].outputs if o.output_type == "error"]
    assert len(errors) == 1 and errors[0].ename == "NameError" and len(errors[0].traceback) > 1  # as always
    assert "名字 五共 还没有定义" in _streams(cells[2]) and '"五共"' in _streams(cells[2])


def test_classroom_mode_takes_over_from_the_start_up_hint_and_gives_it_back(before_first_cell):
    cells = before_first_cell.cells
    assert _streams(cells[4]) == ""
    assert any(o.output_type == "display_data" and "名字 fw 还没有定义" in o.data["text/plain"] for o in cells[4].outputs)
    assert "名字 fw 还没有定义" in _streams(cells[6])
