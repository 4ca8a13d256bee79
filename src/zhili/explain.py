"""Chinese explanations of the errors a student meets in a lesson (pure functions).

:func:`explain` turns an exception into an :class:`Explanation` — a Chinese heading, what went
wrong and what to type instead, the student's own line, the corrected code when it can be worked
out — or returns ``None`` when it has nothing reliable to say, so that the normal traceback is
shown. It never guesses about errors inside a library: an explanation is given for

* the kit's own errors (:class:`zhili.ZhiliError` and subclasses): their message is already in
  Chinese, only the student's line is added;
* Chinese punctuation and full-width characters typed into code by the input method
  (``invalid character '，' (U+FF0C)``, ``invalid non-printable character U+3000``), quotes that
  do not pair, brackets and colons, one ``=`` where a comparison ``==`` is meant (``SyntaxError``);
* names that are not defined (``NameError``): unquoted Chinese text, a cell above not run yet,
  ``zl``/``pd`` of the first cell, spelling;
* a column a table does not have (``KeyError`` from ``df["…"]`` or a table method such as ``pivot``);
* a misspelled method or a method used without parentheses (``AttributeError``, ``TypeError``),
  a missing or misspelled argument of a kit function (``TypeError``);
* a module that is not installed or misspelled (``ModuleNotFoundError``), a file that is not
  there (``FileNotFoundError``).

:mod:`zhili.classroom_mode` installs this in IPython (``zl.classroom()``); the functions here take
everything they need as arguments (:class:`Context`) and can be used and tested without IPython.
"""
from __future__ import annotations

import ast
import builtins
import difflib
import functools
import inspect
import io
import json
import keyword
import linecache
import os
import re
import sys
import sysconfig
import tokenize
import types
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from ._errors import ZhiliError
from ._keys import close_matches, has_cjk

__all__ = ["Context", "Explanation", "Location", "EXPLAINED", "explain", "explain_syntax_error", "describe_character",
           "RUN_ABOVE", "SETUP_NAMES", "notebook_code_cells"]

#: what to do when a cell above has not been run
RUN_ABOVE = "请先从上往下运行前面的单元格：点菜单 运行 → 运行选中单元格上方的所有单元格。"

#: short names a lesson's first cell defines, with the line that defines them
SETUP_NAMES: dict[str, str] = {
    "zl": "import zhili as zl",
    "pd": "import pandas as pd",
    "np": "import numpy as np",
    "plt": "import matplotlib.pyplot as plt",
}

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep

# ---- characters an input method puts into code ------------------------------------------------

#: Chinese punctuation (and look-alikes) typed into code: character -> (what to type, its name)
_PUNCTUATION: dict[str, tuple[str, str]] = {
    "“": ('"', "中文左双引号"), "”": ('"', "中文右双引号"),
    "‘": ("'", "中文左单引号"), "’": ("'", "中文右单引号"),
    "「": ('"', "直角引号"), "」": ('"', "直角引号"), "『": ('"', "双直角引号"), "』": ('"', "双直角引号"),
    "，": (",", "中文逗号"), "、": (",", "顿号"), "。": (".", "中文句号"), "．": (".", "全角句点"),
    "：": (":", "中文冒号"), "；": (";", "中文分号"), "！": ("!", "中文感叹号"), "？": ("?", "中文问号"),
    "（": ("(", "中文左括号"), "）": (")", "中文右括号"), "【": ("[", "中文左方括号"), "】": ("]", "中文右方括号"),
    "〔": ("[", "中文左方括号"), "〕": ("]", "中文右方括号"), "《": ("<", "书名号"), "》": (">", "书名号"),
    "—": ("-", "中文破折号"), "…": ("...", "中文省略号"), "～": ("~", "全角波浪号"),
    "\u3000": (" ", "全角空格"), "\u00a0": (" ", "不换行空格（常随网页或 PDF 里的文字一起复制进来）"),
}
#: how to call what should be typed instead
_ASCII_NAMES: dict[str, str] = {
    '"': '英文双引号 "', "'": "英文单引号 '", ",": "英文逗号 ,", ".": "英文句点 .", ":": "英文冒号 :",
    ";": "英文分号 ;", "!": "英文感叹号 !", "?": "英文问号 ?", "(": "英文左括号 (", ")": "英文右括号 )",
    "[": "英文左方括号 [", "]": "英文右方括号 ]", "<": "小于号 <（或者删掉它）", ">": "大于号 >（或者删掉它）",
    "-": "减号 -", "...": "三个英文句点 ...", "~": "英文波浪号 ~", " ": "普通的（半角）空格",
    "=": "英文等号 =", "+": "加号 +", "*": "乘号 *", "/": "斜杠 /", "#": "井号 #", "%": "百分号 %",
    "{": "英文左花括号 {", "}": "英文右花括号 }", "_": "英文下划线 _",
}
_OPENING_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』"}
_CHINESE_QUOTES = "“”‘’「」『』"
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")

_INVALID_CHARACTER = re.compile(r"invalid character '(.)' \(U\+([0-9A-Fa-f]{4,6})\)")
_NON_PRINTABLE = re.compile(r"invalid non-printable character U\+([0-9A-Fa-f]{4,6})")


def describe_character(ch: str) -> tuple[str, str] | None:
    """``(name of the character, what to type instead)`` for a character typed by a Chinese input
    method into code, or ``None`` if it is not one.

    An empty replacement means: delete it (an invisible formatting character).

    Examples
    --------
    >>> describe_character("，")
    ('中文逗号', ',')
    >>> describe_character("１")
    ('全角数字', '1')
    >>> describe_character("a") is None
    True
    """
    if ch.isascii():
        return None
    if ch in _PUNCTUATION:
        replacement, name = _PUNCTUATION[ch]
        return name, replacement
    if _INVISIBLE.fullmatch(ch):
        return "看不见的格式字符", ""
    folded = unicodedata.normalize("NFKC", ch)
    if folded != ch and folded.isascii() and folded.strip():
        kind = "全角数字" if folded.isdigit() else "全角字母" if folded.isalpha() else "全角符号"
        return kind, folded
    if unicodedata.category(ch) == "Zs":
        return "特殊空格", " "
    return None


# ---- what an explanation is --------------------------------------------------------------------


@dataclass(frozen=True)
class Location:
    """Where the error is in the student's code: cell or file, line number and the line itself."""

    label: str  # "In [3]", a file path, or "" when unknown
    lineno: int
    line: str
    column: int | None = None  # 0-based character index for a caret, when known

    def describe(self) -> str:
        """``In [3] 第 2 行`` (Chinese)."""
        return f"{self.label} 第 {self.lineno} 行".strip()


@dataclass(frozen=True)
class Explanation:
    """A Chinese explanation of an exception.

    Attributes
    ----------
    kind : {"kit", "mistake"}
        The kit's own error (its message is the explanation), or a common mistake explained.
    heading, message : str
        A short Chinese heading, and what went wrong and what to do.
    hint : str
        Further advice (may be empty).
    fix : str
        The corrected line(s) of code, when they can be worked out (may be empty).
    where : Location or None
        The student's own line.
    type_name : str
        The exception type, e.g. ``NameError`` or ``zhili.ZhiliError``, for a lecturer to search.
    original : str
        The original one-line error in English, e.g. ``NameError: name 'zl' is not defined``.
    """

    kind: Literal["kit", "mistake"]
    heading: str
    message: str
    hint: str = ""
    fix: str = ""
    where: Location | None = None
    type_name: str = ""
    original: str = ""


@dataclass
class Context:
    """What an explanation may use besides the exception (all optional).

    Attributes
    ----------
    namespace : mapping
        The user's variables (IPython's ``user_ns``): for close names and the values of objects.
    cells : sequence of str, optional
        The notebook's code cells in file order; read from ``notebook`` when not given.
    notebook : path, optional
        The ``.ipynb`` file of the session, to find the cell that defines a missing name.
    current_cell : str, optional
        The source of the cell that failed.
    history : sequence of str
        Sources of the cells run so far (IPython's ``In``; entry 0 is empty).
    cell_label : callable
        ``filename -> "In [3]"`` for code that came from a cell, ``None`` otherwise.
    cwd : Path
        The working folder, against which relative file names are resolved.
    """

    namespace: Mapping[str, Any] = field(default_factory=dict)
    cells: Sequence[str] | None = None
    notebook: str | os.PathLike | None = None
    current_cell: str | None = None
    history: Sequence[str] = ()
    cell_label: Callable[[str], str | None] = lambda filename: None
    cwd: Path = field(default_factory=Path.cwd)

    def code_cells(self) -> Sequence[str]:
        """The notebook's code cells (``cells``, else read from ``notebook``; empty if neither)."""
        if self.cells is None:
            self.cells = notebook_code_cells(self.notebook) if self.notebook else []
        return self.cells


def notebook_code_cells(path: str | os.PathLike) -> list[str]:
    """Sources of the code cells of a ``.ipynb`` file, in order (empty if it cannot be read)."""
    try:
        with open(path, encoding="utf-8") as f:
            nb = json.load(f)
        return ["".join(c["source"]) if isinstance(c["source"], list) else str(c["source"])
                for c in nb.get("cells", []) if c.get("cell_type") == "code"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return []


def explain(exc: BaseException, context: Context | None = None) -> Explanation | None:
    """A Chinese explanation of ``exc``, or ``None`` when the normal traceback should be shown.

    Parameters
    ----------
    exc : BaseException
        The exception, with its ``__traceback__``.
    context : Context, optional
        The user's namespace, the notebook's cells, the cell labels … (see :class:`Context`).

    Examples
    --------
    >>> try:
    ...     exec(compile('fw.find(“五共”)', "<cell>", "exec"))
    ... except SyntaxError as exc:
    ...     e = explain(exc)
    >>> e.heading, e.fix
    ('代码里混进了中文标点', 'fw.find("五共")')
    """
    ctx = context or Context()
    for builder in _BUILDERS:
        result = builder(exc, ctx)
        if result is not None:
            return result
    return None


# ---- frames -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _library_dirs() -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    dirs = {paths[k] for k in ("stdlib", "platstdlib", "purelib", "platlib") if k in paths}
    dirs |= {os.path.dirname(os.__file__)}
    return tuple(sorted(os.path.abspath(d) + os.sep for d in dirs)) + (_PACKAGE_DIR,)


def _is_user_file(filename: str, ctx: Context) -> bool:
    """Code the student wrote: a notebook cell, or a file outside Python, site-packages and zhili."""
    if ctx.cell_label(filename) is not None:
        return True
    if not filename or filename.startswith("<"):
        return False
    return not os.path.abspath(filename).startswith(_library_dirs())


def _frames(exc: BaseException) -> list[tuple[types.FrameType, int]]:
    import traceback

    return list(traceback.walk_tb(exc.__traceback__))


def _last_user(exc: BaseException, ctx: Context) -> int | None:
    """Index (in :func:`_frames`) of the innermost frame of the student's own code."""
    last = None
    for i, (frame, _) in enumerate(_frames(exc)):
        if _is_user_file(frame.f_code.co_filename, ctx):
            last = i
    return last


def _location(frame: types.FrameType, lineno: int, ctx: Context) -> Location:
    filename = frame.f_code.co_filename
    return Location(_label(filename, ctx), lineno, linecache.getline(filename, lineno).rstrip("\r\n"))


def _label(filename: str | None, ctx: Context) -> str:
    if not filename:
        return ""
    label = ctx.cell_label(filename)
    if label is not None:
        return label
    if filename.startswith("<"):
        return ""
    try:
        return os.path.relpath(filename, ctx.cwd)
    except ValueError:  # another drive on Windows
        return filename


def _user_location(exc: BaseException, ctx: Context) -> Location | None:
    frames = _frames(exc)
    index = _last_user(exc, ctx)
    if index is None:
        return None
    frame, lineno = frames[index]
    return _location(frame, lineno, ctx)


def _raised_in_user_code(exc: BaseException, ctx: Context) -> bool:
    """The error comes from the student's own line, not from inside a library."""
    frames = _frames(exc)
    return bool(frames) and _is_user_file(frames[-1][0].f_code.co_filename, ctx)


def _original(exc: BaseException) -> str:
    if isinstance(exc, SyntaxError):
        text = exc.msg
    else:
        lines = str(exc).strip().splitlines()
        text = lines[0] if lines else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _mistake(exc: BaseException, heading: str, message: str, *, hint: str = "", fix: str = "",
             where: Location | None = None) -> Explanation:
    return Explanation("mistake", heading, message, hint=hint, fix=fix, where=where,
                       type_name=type(exc).__name__, original=_original(exc))


# ---- the kit's own errors ----------------------------------------------------------------------


def _kit_error(exc: BaseException, ctx: Context) -> Explanation | None:
    if not isinstance(exc, ZhiliError):
        return None
    cls = type(exc)
    public = cls.__module__ if not cls.__module__.startswith("zhili._") else "zhili"
    return Explanation("kit", "zhili 工具包提示", str(exc).strip(), hint=str(getattr(exc, "hint", "") or ""),
                       where=_user_location(exc, ctx), type_name=f"{public}.{cls.__qualname__}",
                       original=_original(exc))


# ---- SyntaxError -------------------------------------------------------------------------------


def _syntax_error(exc: BaseException, ctx: Context) -> Explanation | None:
    if not isinstance(exc, SyntaxError):
        return None
    source = ctx.current_cell if ctx.current_cell and exc.text and exc.text.strip() in ctx.current_cell else None
    return explain_syntax_error(exc, source=source, label=_label(exc.filename, ctx))


def _syntax_location(exc: SyntaxError, label: str, column: int | None = None) -> Location | None:
    if exc.lineno is None:
        return None
    line = (exc.text or "").rstrip("\r\n")
    if column is None and exc.offset:
        column = exc.offset - 1
    return Location(label, exc.lineno, line, column if column is not None and 0 <= column <= len(line) else None)


def _offending_character(exc: SyntaxError) -> str | None:
    m = _INVALID_CHARACTER.search(exc.msg or "")
    if m:
        return m.group(1)
    m = _NON_PRINTABLE.search(exc.msg or "")
    if m:
        return chr(int(m.group(1), 16))
    if "invalid character" in (exc.msg or ""):  # older wording: "invalid character in identifier"
        line = exc.text or ""
        start = max((exc.offset or 1) - 1, 0)
        for ch in line[start:] + line[:start]:
            if describe_character(ch) is not None:
                return ch
    return None


def explain_syntax_error(exc: SyntaxError, *, source: str | None = None, label: str = "") -> Explanation | None:
    """Explain a :class:`SyntaxError` made by typing Chinese punctuation or full-width characters,
    by quotes or brackets that do not pair, a missing colon or a wrong indentation.

    Parameters
    ----------
    exc : SyntaxError
    source : str, optional
        The whole cell, to work out the corrected code (else only the line in the error is used).
    label : str
        How to call the cell or file (``"In [3]"``).
    """
    msg = exc.msg or ""
    if msg == "incomplete input":  # IPython compiles cells allowing incomplete input: ask Python why
        deeper = _plain_compile_error(source if source is not None else exc.text or "")
        if deeper is None or deeper.msg == msg:
            return None
        explained = explain_syntax_error(deeper, source=source, label=label)
        return None if explained is None else replace(explained, original=_original(exc), type_name=type(exc).__name__)
    ch = _offending_character(exc)
    if ch is not None:
        return _explain_character(exc, ch, source, label)
    if re.match(r"(unterminated string literal|EOL while scanning string literal)", msg):
        return _explain_unterminated(exc, source, label)
    if msg.startswith("invalid syntax. Perhaps you forgot a comma") or msg.startswith("invalid decimal literal"):
        unquoted = _explain_number_then_text(exc, label)
        if unquoted is not None:
            return unquoted
    if re.search(r"Maybe you meant '==' |perhaps you meant \"==\"", msg):
        single = _explain_single_equals(exc, source, label)
        if single is not None:
            return single
    where = _syntax_location(exc, label)
    n = exc.lineno
    m = re.match(r"'(.)' was never closed", msg)
    if m:
        closing = {"(": ")", "[": "]", "{": "}"}.get(m.group(1), "")
        return _mistake(exc, "括号没有配对", (
            f"第 {n} 行的左括号 {m.group(1)} 没有配对的右括号 {closing}：每个左括号都要有一个右括号和它配对。"
            f"请在这句代码的末尾补上 {closing}。"), where=where)
    m = re.match(r"unmatched '(.)'", msg)
    if m:
        return _mistake(exc, "括号没有配对", (
            f"第 {n} 行多了一个右括号 {m.group(1)}：前面没有和它配对的左括号。请删掉多出来的那一个。"), where=where)
    m = re.match(r"closing parenthesis '(.)' does not match opening parenthesis '(.)'", msg)
    if m:
        return _mistake(exc, "括号没有配对", (
            f"第 {n} 行的括号不配对：用 {m.group(2)} 开头的，要用 "
            f"{ {'(': ')', '[': ']', '{': '}'}.get(m.group(2), '')} 结尾，这里却写了 {m.group(1)}。"), where=where)
    if msg.startswith("expected ':'"):
        return _mistake(exc, "少了英文冒号", (
            f"第 {n} 行末尾少了英文冒号 :。if、for、def、with 等语句的行尾都要有一个英文冒号"
            "（中文冒号“：”不行）。"), where=where)
    if msg.startswith("invalid syntax. Perhaps you forgot a comma"):
        return _mistake(exc, "可能少了逗号", (
            f"第 {n} 行好像少了一个英文逗号 ,：列表里的各项、函数的各个参数之间，都要用英文逗号隔开。"), where=where)
    if isinstance(exc, IndentationError):
        if msg.startswith("unexpected indent"):
            text = f"第 {n} 行开头多了空格（缩进）：这一行不属于上一行的 if、for 或 def，前面不该有空格。请删掉行首的空格。"
        elif msg.startswith("expected an indented block"):
            text = (f"第 {n} 行应当缩进：以冒号结尾的那一行（if、for、def ……）下面的代码，"
                    "行首要空 4 个空格。")
        elif msg.startswith("unindent does not match"):
            text = f"第 {n} 行的缩进对不齐：同一层的代码，行首的空格数要完全一样（一般是 4 的倍数）。"
        else:
            return None
        return _mistake(exc, "缩进（行首空格）不对", text, where=where)
    return None


def _explain_single_equals(exc: SyntaxError, source: str | None, label: str) -> Explanation | None:
    """``kw[kw["id"] = "HB020"]``: one equals sign (assignment) where a comparison ``==`` is meant."""
    line = (exc.text or "").rstrip("\r\n")
    start = max((exc.offset or 1) - 1, 0)
    end = exc.end_offset - 1 if exc.end_offset and exc.end_offset > exc.offset else len(line)
    singles = [i for i in range(len(line)) if line[i] == "=" and line[i - 1:i] not in ("=", "!", "<", ">", ":")
               and line[i + 1:i + 2] != "=" and start <= i < max(end, start + 1)]
    singles += [i for i in range(len(line)) if line[i] == "=" and line[i - 1:i] not in ("=", "!", "<", ">", ":")
                and line[i + 1:i + 2] != "=" and i not in singles]  # the error's span first, then the rest
    lines = (source if source is not None else line).split("\n")
    row = (exc.lineno or 1) - 1 if source is not None else 0
    if not 0 <= row < len(lines) or lines[row].rstrip("\r") != line:
        lines, row = [line], 0
    fixed = ""
    for i in singles:
        candidate = line[:i] + "==" + line[i + 1:]
        try:
            compile("\n".join(lines[:row] + [candidate] + lines[row + 1:]), "<cell>", "exec", dont_inherit=True)
        except SyntaxError:
            continue
        fixed, column = candidate, i
        break
    if not fixed:
        return None
    return _mistake(exc, "比较要写两个等号 ==", (
        f"第 {exc.lineno} 行在比较两个值是否相等，却只写了一个等号 =。在 Python 里，一个等号 = 是“赋值”"
        "（把右边的值存进左边的名字）；判断“是否等于”要写两个等号 ==。"
        "例如 kw[kw[\"id\"] == \"HB020\"] 的意思是：选出 id 等于 \"HB020\" 的那些行。"),
        fix=fixed, where=_syntax_location(exc, label, column))


def _plain_compile_error(text: str) -> SyntaxError | None:
    try:
        compile(text, "<cell>", "exec", dont_inherit=True)
    except SyntaxError as exc:
        return exc
    except (ValueError, TypeError):
        return None
    return None


def _explain_character(exc: SyntaxError, ch: str, source: str | None, label: str) -> Explanation:
    described = describe_character(ch)
    name, replacement = described if described else ("Python 不认识的字符", "")
    line = (exc.text or "").rstrip("\r\n")
    column = line.find(ch, max((exc.offset or 1) - 1, 0)) if ch in line else -1
    if column < 0:
        column = line.find(ch)
    where = _syntax_location(exc, label, column if column >= 0 else None)
    at = f"第 {exc.lineno} 行第 {column + 1} 个字符" if column >= 0 else f"第 {exc.lineno} 行"
    shown = f" {ch} " if ch.strip() and not _INVISIBLE.fullmatch(ch) else ""
    what = f"{at}是{name}{shown}（U+{ord(ch):04X}）"
    if replacement:
        todo = f"请改成{_ASCII_NAMES.get(replacement, '半角的 ' + replacement)}。"
    elif described is None:
        todo = "请删掉它，或者切换到英文输入法，把这一处重新输入一遍。"
    else:
        todo = "请删掉它：把光标放在它后面按一次退格键（看不见也能删掉），或者把这一行重新打一遍。"
    if ch in _CHINESE_QUOTES:
        todo += "文字两边的引号要用一对英文引号，例如 \"五共\"。"
    if ch == "\u3000" or name.startswith("全角"):
        heading = "代码里有全角空格" if ch == "\u3000" else "代码里有全角字符"
        why = "输入法处在全角状态时，打出来的数字、字母和空格 Python 不认识。"
    elif unicodedata.category(ch) == "Zs":
        heading = "代码里有特殊空格"
        why = "它常随着从网页、PDF 复制来的文字一起进来，看起来和普通空格一样。"
    elif replacement or described is None:
        heading = "代码里混进了中文标点" if replacement else "代码里有 Python 不认识的字符"
        why = "Python 代码里的标点要用英文输入法（半角）输入；引号里面的文字可以用中文标点，代码本身不行。"
    else:
        heading = "代码里有看不见的特殊字符"
        why = "它常随着从网页、PDF 或文件夹地址栏复制来的文字一起进来。"
    return _mistake(exc, heading, f"{what}。{todo}", hint=why,
                    fix=_fixed_lines(exc, source, line), where=where)


def _explain_unterminated(exc: SyntaxError, source: str | None, label: str) -> Explanation:
    line = (exc.text or "").rstrip("\r\n")
    where = _syntax_location(exc, label)
    quotes = [c for c in line if c in _CHINESE_QUOTES]
    if quotes:
        return _mistake(exc, "引号没有配对：混进了中文引号", (
            f"第 {exc.lineno} 行的文字开头是英文引号，结尾却是中文引号 {quotes[-1]} ，Python 找不到这段文字在哪里结束。"
            "文字两边要用一对英文引号：请把中文引号改成英文引号。"),
            fix=_fixed_lines(exc, source, line), where=where)
    return _mistake(exc, "引号没有配对", (
        f"第 {exc.lineno} 行的引号没有配对：一段文字要用一对英文引号括起来，开头一个、结尾一个，"
        "而且开头和结尾要用同一种引号（都是 \" 或都是 '）。"), where=where)


def _explain_number_then_text(exc: SyntaxError, label: str) -> Explanation | None:
    """``fw.find(15分钟服务圈)``: a name that starts with digits, typed without quotes."""
    line = (exc.text or "").rstrip("\r\n")
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(line + "\n").readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None
    for a, b in zip(tokens, tokens[1:]):
        if a.type == tokenize.NUMBER and b.type == tokenize.NAME and a.end == b.start and has_cjk(b.string):
            text = a.string + b.string
            fixed = line[:a.start[1]] + f'"{text}"' + line[b.end[1]:]
            return _mistake(exc, "文字没有加引号", (
                f"“{text}”是要查找的文字，不是代码。在 Python 里，文字（字符串）要放在一对英文双引号里："
                f"写成 \"{text}\"。"), fix=fixed, where=_syntax_location(exc, label, a.start[1]))
    return None


def _fixed_lines(exc: SyntaxError, source: str | None, line: str) -> str:
    """The lines of ``source`` (or the one line) changed so that they compile, or ``""``.

    Characters are replaced one at a time where Python reports them, so Chinese punctuation
    inside quotes (which is fine) stays as it is.
    """
    text = source if source is not None else line
    offset_line = 0
    if source is None:
        offset_line = (exc.lineno or 1) - 1
    fixed = _fix_characters(text, exc, offset_line)
    if fixed is None:
        return ""
    before, after = text.splitlines(), fixed.splitlines()
    changed = [b for a, b in zip(before, after) if a != b]
    return "\n".join(changed) if 0 < len(changed) <= 3 else ""


def _fix_characters(text: str, exc: SyntaxError, offset_line: int) -> str | None:
    error: SyntaxError | None = exc
    for _ in range(40):
        if error is None:
            return text
        lines = text.split("\n")
        lineno = (error.lineno or 1) - 1 - (offset_line if error is exc else 0)
        if not 0 <= lineno < len(lines):
            return None
        row = lines[lineno]
        ch = _offending_character(error)
        if ch is not None:
            column = row.find(ch, max((error.offset or 1) - 1, 0))
            column = column if column >= 0 else row.find(ch)
            described = describe_character(ch)
            if column < 0 or described is None:
                return None
            replacement = described[1]
            if ch in _OPENING_QUOTES:  # “五共” → "五共": the closing quote goes with it
                close = re.search(f"[{re.escape(_CHINESE_QUOTES)}]", row[column + 1:])
                if close:
                    end = column + 1 + close.start()
                    row = row[:end] + replacement + row[end + 1:]
            row = row[:column] + replacement + row[column + 1:]
        elif re.match(r"(unterminated string literal|EOL while scanning)", error.msg or ""):
            start = max((error.offset or 1) - 1, 0)
            opening = row[start:start + 1]
            last = max((row.rfind(q) for q in _CHINESE_QUOTES), default=-1)
            if opening not in ("'", '"') or last <= start:
                return None
            row = row[:last] + opening + row[last + 1:]
        else:
            return None
        lines[lineno] = row
        text = "\n".join(lines)
        try:
            ast.parse(text)
            error = None
        except SyntaxError as again:
            error = again
    return None


# ---- NameError ---------------------------------------------------------------------------------


def _bound_names(source: str) -> dict[str, str]:
    """Names a cell binds at its top level, each with the first line that binds it."""
    cleaned = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
    try:
        tree = ast.parse(cleaned)
    except (SyntaxError, ValueError):
        return {}
    lines = source.splitlines()
    found: dict[str, str] = {}

    def add(name: str, node: ast.AST) -> None:
        lineno = getattr(node, "lineno", 0)
        found.setdefault(name, lines[lineno - 1].strip() if 0 < lineno <= len(lines) else name)

    def targets(node: ast.AST, owner: ast.AST) -> None:
        if isinstance(node, ast.Name):
            add(node.id, owner)
        elif isinstance(node, (ast.Tuple, ast.List)):
            for elt in node.elts:
                targets(elt, owner)
        elif isinstance(node, ast.Starred):
            targets(node.value, owner)

    def visit(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, ast.Assign):
                for t in node.targets:
                    targets(t, node)
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
                targets(node.target, node)
            elif isinstance(node, (ast.For, ast.AsyncFor)):
                targets(node.target, node)
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    if item.optional_vars is not None:
                        targets(item.optional_vars, node)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    add(alias.asname or alias.name.split(".")[0], node)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                add(node.name, node)
                continue
            for sub in ast.walk(node):
                if isinstance(sub, ast.NamedExpr):
                    targets(sub.target, node)
            for body in ("body", "orelse", "finalbody"):
                visit(getattr(node, body, []) or [])
            for handler in getattr(node, "handlers", []) or []:
                if handler.name:
                    add(handler.name, handler)
                visit(handler.body)

    visit(tree.body)
    return found


def _replace_name(line: str, name: str, replacement: str) -> str:
    """``line`` with every occurrence of the identifier ``name`` (not in strings) replaced."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(line + "\n").readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return ""
    spans = [(t.start[1], t.end[1]) for t in tokens if t.type == tokenize.NAME and t.string == name and t.start[0] == 1]
    for start, end in reversed(spans):
        line = line[:start] + replacement + line[end:]
    return line if spans else ""


def _current_index(cells: Sequence[str], current: str | None) -> int | None:
    """Where the running cell is in the notebook: the cell with the same code, else (the student
    edited it and the notebook on disk has the old code) the most similar cell, if it is clearly similar."""
    if current is None or not current.strip():
        return None
    text = current.strip()
    exact = next((i for i, c in enumerate(cells) if c.strip() == text), None)
    if exact is not None:
        return exact
    best, index = 0.0, None
    for i, cell in enumerate(cells):
        matcher = difflib.SequenceMatcher(None, cell.strip(), text, autojunk=False)
        if matcher.real_quick_ratio() < 0.7 or matcher.quick_ratio() < 0.7:
            continue
        ratio = matcher.ratio()
        if ratio > best:
            best, index = ratio, i
    return index if best >= 0.7 else None


def _name_error(exc: BaseException, ctx: Context) -> Explanation | None:
    if not isinstance(exc, NameError) or not _raised_in_user_code(exc, ctx):
        return None
    name = getattr(exc, "name", None)
    if not name:
        m = re.search(r"name '(.+?)' is not defined", str(exc))
        if not m:
            return None
        name = m.group(1)
    where = _user_location(exc, ctx)
    heading = f"名字 {name} 还没有定义"

    # 1. this very cell defines it, but only further down
    here = _bound_names(ctx.current_cell or "")
    if name in here:
        return _mistake(exc, heading, (
            f"这一格里 {name} 要到后面才定义（{here[name]}），可是在那之前就用到了它。"
            f"Python 从上往下一行一行地运行：请先定义 {name}（给它赋值），再使用它。"), where=where)

    # 2. another cell of the notebook defines it
    cells = list(ctx.code_cells())
    current = _current_index(cells, ctx.current_cell)
    bindings = [_bound_names(c) for c in cells]
    definers = [(i, bound[name]) for i, bound in enumerate(bindings) if name in bound and i != current]
    if definers:
        above = [d for d in definers if current is None or d[0] < current]
        if above:
            index, line = above[-1] if current is not None else above[0]
            return _mistake(exc, heading, (
                f"{name} 是在本笔记本从上往下数第 {index + 1} 个代码格里定义的：{line}\n"
                f"那一格还没有运行（或者运行时出错了），所以 Python 还不认识 {name}。{RUN_ABOVE}"),
                hint="在笔记本里按 Ctrl+F（Mac 上是 ⌘+F）搜索上面这一行，就能找到那一格。", where=where)
        index, line = definers[0]
        return _mistake(exc, heading, (
            f"{name} 要到后面第 {index + 1} 个代码格才定义（{line}）。请按从上往下的顺序学习：先运行那一格，再回到这里。"),
            where=where)

    # 3. a cell run earlier defines it, but the name is not there now
    for number in range(len(ctx.history) - 2, 0, -1):
        bound = _bound_names(ctx.history[number] or "")
        if name in bound:
            return _mistake(exc, heading, (
                f"In [{number}] 里写过 {bound[name]}，可是 {name} 现在并不存在：多半是那一格运行时出错了，"
                f"{name} 没有建立起来。请回到那一格，改好错误后再运行一次。"), where=where)

    # 4. Chinese text without quotes
    if has_cjk(name):
        fix = _replace_name(where.line, name, f'"{name}"') if where else ""
        return _mistake(exc, "文字没有加引号", (
            f"“{name}”是要查找的文字，不是变量名。在 Python 里，文字（字符串）要放在一对英文双引号里："
            f"写成 \"{name}\"。"), fix=fix, where=where)

    # 5. a short name of the lesson's first cell
    if name in SETUP_NAMES:
        return _mistake(exc, heading, (
            f"{name} 是本课第一格里 {SETUP_NAMES[name]} 起的简称。打开笔记本或重启内核以后，要先运行第一格。{RUN_ABOVE}"),
            where=where)

    # 6. a spelling mistake
    pool = [n for n in ctx.namespace if not n.startswith("_")]
    pool += [n for bound in bindings for n in bound] + dir(builtins)
    pool = [n for n in pool if not keyword.iskeyword(n) or n in ("True", "False", "None")]  # never `class` for `cases`
    close = [c for c in difflib.get_close_matches(name, list(dict.fromkeys(pool)), n=3, cutoff=0.7) if c != name]
    if close:
        fix = _replace_name(where.line, name, close[0]) if where else ""
        return _mistake(exc, heading, (
            f"Python 不认识 {name}。你是不是想写 {close[0]}？名字的拼写和大小写都要和定义时一模一样。"),
            fix=fix, where=where)

    # 7. anything else
    return _mistake(exc, heading, (
        f"Python 不认识 {name}：可能是拼写错了，也可能是定义它的单元格还没有运行。{RUN_ABOVE}"
        f"如果 {name} 是要查找的文字，请把它放进英文双引号里。"), where=where)


# ---- KeyError on a table ----------------------------------------------------------------------


def _missing_keys(exc: KeyError) -> list[Any]:
    key = exc.args[0] if exc.args else None
    if isinstance(key, str):
        for pattern in (r"^\[(.*)\] not in index$", r"None of \[Index\(\[(.*?)\],",
                        r"^The following '\w+' labels are not columns of the DataFrame: \[(.*)\]$"):
            m = re.search(pattern, key)
            if m:
                try:
                    return list(ast.literal_eval(f"[{m.group(1)}]"))
                except (ValueError, SyntaxError):
                    return []
    return [key]


def _key_error(exc: BaseException, ctx: Context) -> Explanation | None:
    if not isinstance(exc, KeyError):
        return None
    pd = sys.modules.get("pandas")
    frames = _frames(exc)
    index = _last_user(exc, ctx)
    if pd is None or index is None or index + 1 >= len(frames):
        return None
    frame = frames[index + 1][0]
    table = frame.f_locals.get("self")  # the table whose [ ] or method (pivot, sort_values …) the student used
    if not isinstance(table, pd.DataFrame):
        return None
    method = frame.f_code.co_name
    where = _location(*frames[index], ctx)
    columns = [str(c) for c in table.columns]
    listed = "、".join(columns[:30]) + (f" ……（共 {len(columns)} 列）" if len(columns) > 30 else "")
    missing = _missing_keys(exc)
    if method != "__getitem__" and not all(isinstance(k, str) and k not in columns for k in missing):
        return None  # a key error inside a table method that is not about a column: not ours to explain
    if len(missing) == 1 and isinstance(missing[0], int) and not isinstance(missing[0], bool):
        n = missing[0]
        m = re.search(rf"([A-Za-z_\u4e00-\u9fff][\w.]*)\s*\[\s*{n}\s*\]", where.line)
        table_name = m.group(1) if m else "表格"
        return _mistake(exc, "表格里没有这一列", (
            f"{table_name}[{n}] 找的是名字叫 {n} 的列，这张表没有这一列。想按位置取第 {n + 1} 行，"
            f"请写 {table_name}.iloc[{n}]；取第 {n + 1} 列，写 {table_name}.iloc[:, {n}]。"),
            hint=f"这张表的列有：{listed}。", where=where)
    if not missing or not all(isinstance(k, str) for k in missing):
        return None
    parts, fix = [], where.line
    for key in missing:
        same = [c for c in columns if c.lower() == key.lower()]  # "ID" for "id": difflib sees no likeness
        close = list(dict.fromkeys(same + close_matches(key, columns, n=3, cutoff=0.5)))
        if close:
            parts.append(f"表格里没有名为“{key}”的列，你是不是想写“{close[0]}”？")
            fix = re.sub(rf"(['\"]){re.escape(key)}\1", lambda m, c=close[0]: f"{m.group(1)}{c}{m.group(1)}", fix)
        else:
            parts.append(f"表格里没有名为“{key}”的列。")
    if method not in ("__getitem__", "<module>") and not method.startswith("_"):
        parts.insert(0, f"{method}(...) 里用到的列，这张表没有。")
    return _mistake(exc, "表格里没有这一列", "".join(parts) + "列名要和表头一字不差（包括大小写和空格）。",
                    hint=f"这张表的列有：{listed}。", fix=fix if fix != where.line else "", where=where)


# ---- AttributeError / TypeError ---------------------------------------------------------------


def _is_kit(obj: Any) -> bool:
    if isinstance(obj, types.ModuleType):
        return obj.__name__ == "zhili" or obj.__name__.startswith("zhili.")
    return type(obj).__module__.split(".")[0] == "zhili"


def _public_names(obj: Any) -> list[str]:
    if isinstance(obj, types.ModuleType) and hasattr(obj, "__all__"):
        return [n for n in obj.__all__ if not n.startswith("_")]
    try:
        return [n for n in dir(obj) if not n.startswith("_")]
    except Exception:  # noqa: BLE001 - an odd __dir__: no names then
        return []


def _expression_before(line: str, attribute: str) -> str:
    """The dotted expression written before ``.attribute`` on the line (``fw`` in ``fw.fnid(...)``)."""
    m = re.search(rf"([A-Za-z_\u4e00-\u9fff][\w.]*)\s*\.\s*{re.escape(attribute)}\b", line)
    return m.group(1) if m else ""


def _what_is(obj: Any) -> str:
    if isinstance(obj, types.ModuleType):
        return f"{obj.__name__} 模块"
    return f"{type(obj).__name__} 对象"


def _attribute_error(exc: BaseException, ctx: Context) -> Explanation | None:
    if not isinstance(exc, AttributeError):
        return None
    frames = _frames(exc)
    index = _last_user(exc, ctx)
    if index is None or any(f.f_code.co_name not in ("__getattr__", "__getattribute__") for f, _ in frames[index + 1:]):
        return None
    name = getattr(exc, "name", None)
    obj = getattr(exc, "obj", None)
    if not name:
        m = re.search(r"has no attribute '(\w+)'", str(exc))
        name = m.group(1) if m else None
    if obj is None and index + 1 < len(frames):
        frame = frames[index + 1][0]
        obj = frame.f_locals.get("self", sys.modules.get(frame.f_globals.get("__name__", "")))
    if not name or obj is None:
        return None
    where = _location(*frames[index], ctx)
    expr = _expression_before(where.line, name) or _what_is(obj)
    if isinstance(obj, (types.FunctionType, types.MethodType, types.BuiltinFunctionType, functools.partial)):
        fix = where.line.replace(f"{expr}.{name}", f"{expr}().{name}", 1) if expr else ""
        return _mistake(exc, "少了一对括号", (
            f"{expr} 是一个函数（要执行的动作），要在后面加上一对括号 () 才会执行、得到结果；"
            f"结果才有 {name}。写成 {expr}().{name}。"), hint="例如 fw = zl.framework() 要带括号，fw = zl.framework 不行。",
            fix=fix if fix != where.line else "", where=where)
    candidates = _public_names(obj)
    close = close_matches(name, candidates, n=3, cutoff=0.6)
    if not close and not _is_kit(obj):
        return None
    what = f"{expr}（{_what_is(obj)}）" if expr and expr != _what_is(obj) else _what_is(obj)
    message = f"{what}没有名为 {name} 的方法或属性。"
    fix = ""
    if close:
        message += f"你是不是想写 {expr + '.' if expr else ''}{close[0]}？"
        if expr:
            fix = re.sub(rf"\.\s*{re.escape(name)}\b", f".{close[0]}", where.line, count=1)
    hint = ""
    if _is_kit(obj) and candidates:
        shown = [c for c in candidates if not c[:1].isupper()] or candidates
        hint = f"它能用的有：{'、'.join(shown[:20])}{' ……' if len(shown) > 20 else ''}。也可以运行 help({expr or '对象'}) 查看说明。"
    return _mistake(exc, "没有这个方法或属性", message, hint=hint, fix=fix if fix != where.line else "", where=where)


def _kit_callable(qualname: str) -> Callable | None:
    """The zhili function or method whose ``__qualname__`` is ``qualname``."""
    for module_name, module in list(sys.modules.items()):
        if module is None or not (module_name == "zhili" or module_name.startswith("zhili.")):
            continue
        for value in list(vars(module).values()):
            home = getattr(value, "__module__", None) or ""
            if inspect.isfunction(value) and value.__qualname__ == qualname and home.startswith("zhili"):
                return value
            if inspect.isclass(value) and home.startswith("zhili") and qualname.startswith(value.__qualname__ + "."):
                member = inspect.getattr_static(value, qualname.rsplit(".", 1)[1], None)
                member = getattr(member, "__func__", member)
                if inspect.isfunction(member) and member.__qualname__ == qualname:
                    return member
    return None


def _call_text(line: str, short: str) -> str:
    m = re.search(rf"([A-Za-z_][\w.]*\.)?{re.escape(short)}\s*\(", line)
    return (m.group(0)[:-1].rstrip()) if m else short


def _signature(func: Callable, limit: int = 110) -> str:
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        return ""
    plain = sig.replace(parameters=[p.replace(annotation=inspect.Parameter.empty) for p in sig.parameters.values()],
                        return_annotation=inspect.Signature.empty)
    text = f"{func.__name__}{plain}"
    text = text.replace("(self, ", "(").replace("(self)", "()")
    return text if len(text) <= limit else text[: limit - 2] + " …)"


def _type_error(exc: BaseException, ctx: Context) -> Explanation | None:
    if not isinstance(exc, TypeError) or not _raised_in_user_code(exc, ctx):
        return None
    message = str(exc)
    where = _user_location(exc, ctx)
    if where is None:
        return None
    m = re.match(r"'(method|function|builtin_function_or_method)' object is not subscriptable", message)
    if m:
        expr = next((e for e in re.findall(r"([A-Za-z_][\w.]*)\s*\[", where.line)
                     if callable(_resolve_dotted(e, ctx.namespace))), "")
        fix = where.line.replace(f"{expr}[", f"{expr}()[", 1) if expr else ""
        return _mistake(exc, "少了一对括号", (
            f"{expr or '这个名字'} 是一个函数（要执行的动作），要先加上一对括号 () 执行，得到表格以后才能用 [ ] 取列或取行。"
            + (f"写成 {expr}()[…]。" if expr else "")), fix=fix, where=where)
    m = re.match(r"([\w.<>]+)\(\) missing (\d+) required (?:positional|keyword-only) arguments?: (.+)$", message)
    if m:
        func = _kit_callable(m.group(1))
        if func is None:
            return None
        names = re.findall(r"'(\w+)'", m.group(3))
        call = _call_text(where.line, func.__name__)
        signature = _signature(func)
        return _mistake(exc, "少了参数", (
            f"{call} 还缺少必须给出的参数：{'、'.join(names)}。请把它写在括号里。"
            + (f"它的写法是：{signature}" if signature else "")),
            hint=f"运行 help({call}) 可以看到每个参数的说明和例子。", where=where)
    m = re.match(r"([\w.<>]+)\(\) got an unexpected keyword argument '(\w+)'", message)
    if m:
        func = _kit_callable(m.group(1))
        if func is None:
            return None
        wrong = m.group(2)
        try:
            params = [p for p in inspect.signature(func).parameters if p != "self"]
        except (TypeError, ValueError):
            params = []
        close = close_matches(wrong, params, n=1, cutoff=0.6)
        call = _call_text(where.line, func.__name__)
        text = f"{call} 没有名为 {wrong} 的参数。"
        fix = ""
        if close:
            text += f"你是不是想写 {close[0]}=？"
            fix = re.sub(rf"\b{re.escape(wrong)}\s*=", f"{close[0]}=", where.line, count=1)
        text += f"它可用的参数有：{'、'.join(params)}。" if params else ""
        return _mistake(exc, "参数名写错了", text, hint=f"运行 help({call}) 可以看到每个参数的说明。",
                        fix=fix, where=where)
    return None


def _resolve_dotted(expr: str, namespace: Mapping[str, Any]) -> Any:
    """The object ``expr`` (``fw.elements``) names, looked up without running any code; else None."""
    head, *rest = expr.split(".")
    if head not in namespace:
        return None
    obj = namespace[head]
    for part in rest:
        try:  # a module may load the name lazily (zl.top_terms); other objects are not run
            attr = getattr(obj, part) if isinstance(obj, types.ModuleType) else inspect.getattr_static(obj, part)
        except AttributeError:
            return None
        if isinstance(attr, (staticmethod, classmethod)):
            attr = attr.__func__
        obj = attr
    return obj


# ---- modules and files ------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _installed_modules() -> tuple[str, ...]:
    import pkgutil

    names = {m.name for m in pkgutil.iter_modules()} | set(sys.builtin_module_names)
    names |= {n.split(".")[0] for n in sys.modules}
    return tuple(sorted(n for n in names if not n.startswith("_")))


def _module_not_found(exc: BaseException, ctx: Context) -> Explanation | None:
    if not isinstance(exc, ModuleNotFoundError) or not exc.name or not _raised_in_user_code(exc, ctx):
        return None
    where = _user_location(exc, ctx)
    top = exc.name.split(".")[0]
    setup = ("课程用的包都装在项目的 .venv 环境里：请在终端进入项目文件夹运行 make lab 打开 JupyterLab，"
             "并确认右上角选的内核是 “Python 3 (ipykernel)”。")
    if top == "zhili":
        return _mistake(exc, "这个内核里没有 zhili", f"当前内核找不到 zhili 工具包。{setup}", where=where)
    close = [c for c in difflib.get_close_matches(top, _installed_modules(), n=3, cutoff=0.75) if c != top]
    if close:
        fix = re.sub(rf"\b{re.escape(top)}\b", close[0], where.line, count=1) if where else ""
        return _mistake(exc, "模块名写错了", f"找不到名为 {exc.name} 的模块。你是不是想写 {close[0]}？",
                        fix=fix, where=where)
    return _mistake(exc, "找不到这个模块", (
        f"当前环境里没有安装 {exc.name}。{setup}如果课程之外还需要别的包，请告诉任课教师。"), where=where)


def _file_not_found(exc: BaseException, ctx: Context) -> Explanation | None:
    if not isinstance(exc, FileNotFoundError) or not isinstance(exc.filename, (str, os.PathLike)):
        return None
    frames = _frames(exc)
    if any(f.f_code.co_filename.startswith(_PACKAGE_DIR) for f, _ in frames):
        return None  # inside the kit: it words its own file errors; anything else is the kit's bug
    where = _user_location(exc, ctx)
    if where is None:
        return None
    typed = os.fspath(exc.filename)
    path = Path(typed)
    text = f"找不到文件或文件夹“{typed}”。"
    fix, suggestion = "", ""
    if not path.is_absolute():
        text += f"相对路径是从当前文件夹算起的，当前文件夹是 {ctx.cwd}（一般就是这个笔记本所在的文件夹）。"
        for up in ("..", "../.."):
            if (ctx.cwd / up / path).exists():
                suggestion = f"{up}/{path.as_posix()}"
                text += f"这个文件在上一级的文件夹里，你是不是想写 \"{suggestion}\"？"
                break
    folder = path.parent if path.is_absolute() else ctx.cwd / path.parent
    if not suggestion and folder.is_dir():
        try:
            entries = sorted(p.name for p in folder.iterdir())
        except OSError:
            entries = []
        close = close_matches(path.name, entries, n=3, cutoff=0.6)
        if close:
            suggestion = (path.parent / close[0]).as_posix()
            text += f"同一个文件夹里名字相近的有：{'、'.join(close)}。"
    elif not suggestion:
        text += f"文件夹“{path.parent.as_posix()}”也不存在。"
    if suggestion:
        fix = re.sub(rf"(['\"]){re.escape(typed)}\1", lambda m: f"{m.group(1)}{suggestion}{m.group(1)}", where.line)
    return _mistake(exc, "找不到文件", text, hint="文件名要写全，包括扩展名（如 .txt、.csv），大小写也要一致。",
                     fix=fix if fix != where.line else "", where=where)


_BUILDERS: tuple[Callable[[BaseException, Context], Explanation | None], ...] = (
    _kit_error, _syntax_error, _name_error, _key_error, _attribute_error, _type_error, _module_not_found,
    _file_not_found,
)

#: the exception types :func:`explain` may explain (anything else: the normal traceback)
EXPLAINED: tuple[type[BaseException], ...] = (
    ZhiliError, SyntaxError, NameError, KeyError, AttributeError, TypeError, ModuleNotFoundError, FileNotFoundError,
)
