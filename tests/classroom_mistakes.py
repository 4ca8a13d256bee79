"""The mistakes a student typically makes in a lesson, scripted for the classroom-mode tests (issue 13).

Each :class:`Mistake` is one notebook cell. ``test_classroom.py`` runs them all, in this order, in
one real kernel after ``zl.classroom()``, and checks that each cell shows the Chinese explanation
(``expect``), followed by an ``error`` output with the original error (``ename``). Cells marked
``explained=False`` are real bugs: they must still show IPython's normal traceback. ``setup``
cells are ordinary steps between the mistakes (they must run without error); a ``skip`` cell is
in the notebook but never run (a cell the student skipped).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mistake:
    """One cell of the scripted lesson."""

    title: str  # what the student did, in Chinese
    code: str
    expect: tuple[str, ...] = ()  # fragments of the explanation (HTML and plain text)
    ename: str = ""  # the error's type; empty for a setup cell
    explained: bool = True  # False: a real bug, shown as IPython always does
    setup: bool = False  # a step that must succeed
    skip: bool = False  # in the notebook, never run
    warning: bool = False  # runs, and shows the kit's warning (``expect``) in its output


FIRST_CELL = "import zhili as zl\nimport pandas as pd\n\nzl.classroom()"

MISTAKES: list[Mistake] = [
    Mistake("课程第一格", FIRST_CELL, setup=True),
    Mistake("取出框架和要素表", "fw = zl.framework()\nel = fw.elements()", setup=True),
    Mistake("中文引号", "fw.find(“五共”)", ("中文左双引号", 'fw.find("五共")', "第 1 行第 9 个字符"), "SyntaxError"),
    Mistake("中文括号", 'fw.find（"五共"）', ("中文左括号", "英文左括号 (", 'fw.find("五共")'), "SyntaxError"),
    Mistake("列表里的中文逗号", 'stages = ["决策共谋"，"发展共建"]', ("中文逗号", 'stages = ["决策共谋","发展共建"]'),
            "SyntaxError"),
    Mistake("for 语句末尾的中文冒号", 'for name in fw.children("五共")：\n    print(name)',
            ("中文冒号", 'for name in fw.children("五共"):'), "SyntaxError"),
    Mistake("全角数字", "answer = １２", ("全角数字", "answer = 12"), "SyntaxError"),
    Mistake("全角空格", "answer\u3000= 3", ("全角空格", "U+3000", "answer = 3"), "SyntaxError"),
    Mistake("一头英文引号、一头中文引号", 'fw.find("五共”)', ("引号没有配对", 'fw.find("五共")'), "SyntaxError"),
    Mistake("括号没有配对", 'fw.find("五共"', ("括号没有配对", "补上 )"), "SyntaxError"),
    Mistake("中文文字没有加引号", "fw.find(五共)", ("文字没有加引号", 'fw.find("五共")'), "NameError"),
    Mistake("跳过了定义 cases 的一格", "cases = zl.cases(as_corpus=True)", skip=True),
    Mistake("用到没有运行的那一格里定义的名字", "cases.docs.head()",
            ("第 12 个代码格", "cases = zl.cases(as_corpus=True)", "运行 → 运行选中单元格上方的所有单元格"), "NameError"),
    Mistake("（模拟重启内核后没有运行第一格）", "del pd", setup=True),
    Mistake("第一格里导入的 pd 不在了", 'pd.DataFrame({"a": [1]})', ("import pandas as pd", "第 1 个代码格"), "NameError"),
    Mistake("重新导入 pandas", "import pandas as pd", setup=True),
    Mistake("变量名拼错", 'fww.find("五共")', ("你是不是想写 fw", 'fw.find("五共")'), "NameError"),
    Mistake("表格列名拼错", 'el["nmae"]', ("“nmae”", "你是不是想写“name”", 'el["name"]', "这张表的列有"), "KeyError"),
    Mistake("筛选时只写了一个等号", 'zl.show(el[el["level"] = 0])',
            ("两个等号 ==", 'zl.show(el[el["level"] == 0])', "第 1 行"), "SyntaxError"),
    Mistake("pivot 里的列名写错", 'el.pivot(index="id", columns="kinds", values="name")',
            ("pivot(...)", "“kinds”", "你是不是想写“kind”", 'columns="kind"'), "KeyError"),
    Mistake("工具包的提醒（ZhiliWarning）", 'import warnings\nwarnings.warn(zl.ZhiliWarning("缓存不可用，改在内存中分词。"))',
            ("⚠ zhili 提醒：缓存不可用，改在内存中分词。",), warning=True),
    Mistake("方法名拼错", 'fw.fnid("五共")', ("fw.find", 'fw.find("五共")'), "AttributeError"),
    Mistake("方法后面忘了括号", 'fw.elements["name"]', ("少了一对括号", 'fw.elements()["name"]'), "TypeError"),
    Mistake("少了必填参数", "fw.path()", ("fw.path", "key"), "TypeError"),
    Mistake("参数名拼错", 'fw.children("五共", levle=1)', ("levle", "fw.children"), "TypeError"),
    Mistake("框架里没有的名称（工具包的错误）", 'fw.find("四全同下")', ("zhili 工具包提示", "四权同下"), "ZhiliError"),
    Mistake("论文里没有的章节（工具包的错误）", 'fw.elements(section="二(五)")', ("二(四)",), "ZhiliError"),
    Mistake("模块名拼错", "import jeiba", ("jieba",), "ModuleNotFoundError"),
    Mistake("写一个小表格文件", 'open("sample.csv", "w", encoding="utf-8").write("a,b\\n1,2\\n")', setup=True),
    Mistake("文件名拼错", 'pd.read_csv("sampel.csv")', ("sampel.csv", "sample.csv", 'pd.read_csv("sample.csv")'),
            "FileNotFoundError"),
    Mistake("真正的程序错误：除以零", "def share(n, total):\n    return n / total\n\nshare(3, 0)",
            ename="ZeroDivisionError", explained=False),
    Mistake("真正的程序错误：字典里没有的键", 'counts = {"五共": 5}\ncounts["四权同下"]', ename="KeyError",
            explained=False),
]
