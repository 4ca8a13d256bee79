"""Classroom mode: errors explained in Chinese in a lesson notebook (``zl.classroom()``).

The first code cell of a lesson runs::

    import zhili as zl
    zl.classroom()

From then on, in that kernel, an error a student is likely to make is shown as a short Chinese
explanation (:mod:`zhili.explain`) — what went wrong, the student's own line, what to type
instead — followed by the original one-line error in English. In Jupyter a "显示完整的错误回溯"
toggle holds the full traceback; in a terminal, ``%tb`` prints it. Errors the kit cannot explain
reliably (a real bug anywhere) are shown exactly as IPython always shows them.

How it works: IPython's :meth:`~IPython.core.interactiveshell.InteractiveShell.set_custom_exc`
routes the exception types listed in :data:`zhili.explain.EXPLAINED` to :func:`_handler`, both for
errors while a cell runs and for syntax errors while it is compiled. The handler displays the
explanation as a rich output (HTML and plain text) and then reports the error through IPython's
own channel (``_showtraceback``), so the kernel still answers with status ``error``: "Run All"
stops there, and nbval and nbclient see an ``error`` output as before.

Outside IPython (a plain ``python`` script) :func:`classroom` does nothing and says nothing: a
lesson exported as a script runs unchanged.
"""
from __future__ import annotations

import html
import os
import re
import sys
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._errors import ZhiliError, ZhiliWarning
from .explain import EXPLAINED, Context, Explanation, Location, explain

__all__ = ["classroom", "active", "render_text", "render_html"]

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_RED, _RESET = "\x1b[0;31m", "\x1b[0m"
_TRACEBACK_NOTE = "完整的错误回溯：运行 %tb 查看；想每次出错都看到完整回溯，运行 zl.classroom(traceback=True)。"


@dataclass
class _State:
    shell: Any = None  # the shell the handler is installed in
    handler: Any = None  # the CustomTB method IPython made of our handler
    saved: tuple[Any, Any] | None = None  # custom_exceptions and CustomTB before us
    traceback: bool = False  # show the full traceback as the error output
    showwarning: Any = None  # warnings.showwarning before us


_STATE = _State()


def classroom(on: bool = True, *, traceback: bool = False) -> None:
    """Turn classroom mode on (or off): errors explained in Chinese in this notebook.

    Call it in the first code cell of a lesson, after ``import zhili as zl``. Calling it again
    changes nothing (or only the ``traceback`` setting); it prints nothing.

    Parameters
    ----------
    on : bool, default True
        ``False`` restores IPython's normal error display.
    traceback : bool, default False
        Also show the full traceback under every explanation (for the lecturer): the error output
        is then IPython's usual traceback instead of the one-line original error.

    Notes
    -----
    Explained are the kit's own errors (:class:`zhili.ZhiliError`) and common mistakes: Chinese
    punctuation or full-width characters in code, unpaired quotes and brackets, unquoted Chinese
    text, a name from a cell not run yet, a column a table does not have, a misspelled method or
    argument, a module or file that is not there. Anything else is shown as usual. Outside
    IPython (a plain ``python`` script) the call does nothing.

    Examples
    --------
    >>> import zhili as zl
    >>> zl.classroom()          # in a notebook: errors explained in Chinese from now on
    >>> zl.classroom(False)     # back to the usual tracebacks
    """
    if not isinstance(on, bool):
        raise ZhiliError(f"参数 on={on!r} 无效：应为 True（开启课堂模式）或 False（关闭）。")
    if not isinstance(traceback, bool):
        raise ZhiliError(f"参数 traceback={traceback!r} 无效：应为 True（显示完整回溯）或 False。")
    shell = _shell()
    if shell is None:
        return None
    if on:
        _STATE.traceback = traceback
        if not _installed(shell):
            if _STATE.shell is not None and _STATE.shell is not shell:
                _uninstall(_STATE.shell)
            _STATE.saved = (shell.custom_exceptions, shell.CustomTB)
            shell.set_custom_exc(EXPLAINED, _handler)
            _STATE.shell, _STATE.handler = shell, shell.CustomTB
            if warnings.showwarning is not _show_warning:
                _STATE.showwarning, warnings.showwarning = warnings.showwarning, _show_warning
    else:
        _uninstall(shell)
    return None


def active() -> bool:
    """Whether classroom mode is on in the running IPython shell."""
    shell = _shell()
    return shell is not None and _installed(shell)


def _shell() -> Any:
    """The running IPython shell, or None (IPython is not imported just to find out)."""
    if "IPython" not in sys.modules:
        return None
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - a broken IPython
        return None
    return get_ipython()


def _installed(shell: Any) -> bool:
    return _STATE.shell is shell and _STATE.handler is not None and getattr(shell, "CustomTB", None) is _STATE.handler


def _uninstall(shell: Any) -> None:
    if _installed(shell) and _STATE.saved is not None:
        shell.custom_exceptions, shell.CustomTB = _STATE.saved
    if warnings.showwarning is _show_warning and _STATE.showwarning is not None:
        warnings.showwarning = _STATE.showwarning
        _STATE.showwarning = None
    if _STATE.shell is shell:
        _STATE.shell = _STATE.handler = _STATE.saved = None


# ---- the kit's warnings ----------------------------------------------------------------------------


def _show_warning(message: Any, category: type[Warning], filename: str, lineno: int, file: Any = None,
                  line: str | None = None) -> None:
    """``warnings.showwarning`` in classroom mode: a :class:`ZhiliWarning` as one Chinese line, without
    the ``/tmp/ipykernel_…py:5:`` prefix and the repeated source line; other warnings as before."""
    if isinstance(category, type) and issubclass(category, ZhiliWarning):
        target = file if file is not None else sys.stderr
        try:
            target.write(f"⚠ zhili 提醒：{message}\n")
            return None
        except Exception:  # noqa: BLE001 - a closed stream: fall back to the usual display
            pass
    original = _STATE.showwarning or warnings._showwarning_orig  # type: ignore[attr-defined]
    return original(message, category, filename, lineno, file, line)


# ---- the handler IPython calls -----------------------------------------------------------------


def _handler(shell: Any, etype: type[BaseException], value: BaseException, tb: Any, tb_offset: int | None = None) -> None:
    """Show ``value`` explained in Chinese, or as IPython normally would if it cannot be explained.

    Whatever goes wrong in here ends in IPython's normal display of the original error.
    """
    try:
        explanation = explain(value, _context(shell))
    except Exception:  # noqa: BLE001 - never let the explainer hide the student's error
        explanation = None
    if explanation is None:
        _show_normally(shell, etype, value, tb, tb_offset)
        return None
    try:
        _remember(etype, value, tb)
        full = _full_traceback(shell, etype, value, tb, tb_offset)
        from IPython.display import display

        show_full = _STATE.traceback
        display({"text/plain": render_text(explanation, traceback_note=not show_full),
                 "text/html": render_html(explanation, None if show_full else _ANSI.sub("", "\n".join(full)))},
                raw=True)
        colour = str(getattr(shell, "colors", "")).lower() != "nocolor"
        stb = full if show_full else [_one_line(explanation, colour=colour)]
        shell._showtraceback(etype, value, stb)  # the kernel's error reply and output, as IPython sends them
    except Exception:  # noqa: BLE001 - fall back to what IPython would have shown
        _show_normally(shell, etype, value, tb, tb_offset)
    return None


def _context(shell: Any) -> Context:
    ns = shell.user_ns
    history = ns.get("In")
    history = list(history) if isinstance(history, list) else []
    return Context(namespace=ns, notebook=_notebook_path(ns), current_cell=history[-1] if history else None,
                   history=history, cell_label=lambda filename: _cell_label(shell, filename), cwd=Path.cwd())


def _notebook_path(ns: Any) -> str | None:
    """The session's notebook file: set by ipykernel (``__session__`` from ``JPY_SESSION_NAME``)
    or by VS Code (``__vsc_ipynb_file__``)."""
    for candidate in (ns.get("__session__"), ns.get("__vsc_ipynb_file__"), os.environ.get("JPY_SESSION_NAME")):
        if isinstance(candidate, str) and candidate.endswith(".ipynb") and os.path.isfile(candidate):
            return candidate
    return None


def _cell_label(shell: Any, filename: str) -> str | None:
    """``In [3]`` for the file name IPython gave a cell's code, else None."""
    compiler = getattr(shell, "compile", None)
    try:
        named = compiler.format_code_name(filename) if compiler is not None else None
    except Exception:  # noqa: BLE001 - an older or odd compiler: no label
        named = None
    if named:
        m = re.search(r"\[(\d+)\]", named[1])
        return f"In [{m.group(1)}]" if m else named[1]
    m = re.match(r"<ipython-input-(\d+)-", filename or "")
    return f"In [{m.group(1)}]" if m else None


def _in_cell(shell: Any, tb: Any) -> bool:
    """Whether the traceback passes through a cell (the code ran), as opposed to compiling it."""
    while tb is not None:
        if _cell_label(shell, tb.tb_frame.f_code.co_filename) is not None:
            return True
        tb = tb.tb_next
    return False


def _show_normally(shell: Any, etype: type[BaseException], value: BaseException, tb: Any,
                   tb_offset: int | None) -> None:
    """What IPython shows without classroom mode."""
    if issubclass(etype, SyntaxError) and not _in_cell(shell, tb):
        _remember(etype, value, tb)
        if issubclass(etype, IndentationError):
            shell.showindentationerror()
        else:
            shell.showsyntaxerror()
    else:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset, running_compiled_code=True)


def _remember(etype: type[BaseException], value: BaseException, tb: Any) -> None:
    """Keep the error where ``%tb`` and ``%debug`` look for it."""
    sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb
    if sys.version_info >= (3, 12):
        sys.last_exc = value


def _full_traceback(shell: Any, etype: type[BaseException], value: BaseException, tb: Any,
                    tb_offset: int | None) -> list[str]:
    """IPython's own traceback of the error (with colour codes), as a list of strings."""
    if issubclass(etype, SyntaxError) and not _in_cell(shell, tb):
        return list(shell.SyntaxTB.structured_traceback(etype, value, []))
    return list(shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset))


def _one_line(explanation: Explanation, *, colour: bool = True) -> str:
    """The error output under an explanation: the original one-line error (type in red, as IPython
    shows it), or for a kit error, whose message is the explanation, only its type in plain print."""
    if explanation.kind == "kit":
        return f"{explanation.type_name}（说明见上方）"
    name, _, rest = explanation.original.partition(": ")
    if colour:
        name = f"{_RED}{name}{_RESET}"
    return f"{name}: {rest}" if rest else name


# ---- rendering (pure) ---------------------------------------------------------------------------


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _where_lines(where: Location) -> list[str]:
    lines = [f"出错的位置：{where.describe()}"]
    if where.line.strip():
        shown = where.line.expandtabs(4)
        lines.append(f"    {shown}")
        if where.column is not None:
            lines.append("    " + " " * _width(where.line[: where.column].expandtabs(4)) + "^")
    return lines


def render_text(explanation: Explanation, *, traceback_note: bool = True) -> str:
    """The explanation as plain text (a terminal, or a front end without HTML).

    Examples
    --------
    >>> from zhili.explain import Explanation, Location
    >>> e = Explanation("mistake", "少了英文冒号", "第 1 行末尾少了英文冒号 :。",
    ...                 where=Location("In [3]", 1, "if x == 1", 9), type_name="SyntaxError",
    ...                 original="SyntaxError: expected ':'")
    >>> print(render_text(e, traceback_note=False))
    ⚠ 少了英文冒号
    第 1 行末尾少了英文冒号 :。
    出错的位置：In [3] 第 1 行
        if x == 1
                 ^
    """
    lines = [f"⚠ {explanation.heading}", explanation.message]
    if explanation.hint:
        lines.append(f"提示：{explanation.hint}")
    if explanation.where is not None:
        lines += _where_lines(explanation.where)
    if explanation.fix:
        lines.append("改成这样再运行：")
        lines += [f"    {line}" for line in explanation.fix.splitlines()]
    if traceback_note:
        lines.append(_TRACEBACK_NOTE)
    return "\n".join(lines)


_BOX = ("border-left:4px solid #d9822b;background:rgba(217,130,43,0.08);padding:6px 12px;margin:2px 0;"
        "line-height:1.6")
_PRE = "margin:4px 0;padding:4px 8px;background:rgba(127,127,127,0.10);white-space:pre-wrap"


def render_html(explanation: Explanation, full_traceback: str | None = None) -> str:
    """The explanation as HTML for Jupyter, with the full traceback in a ``<details>`` toggle.

    ``full_traceback`` is plain text (no colour codes); ``None`` leaves the toggle out. The
    traceback sits in ``<pre class="zhili-traceback">`` so that nbval can blank it out
    (``tests/sanitize.cfg``): its paths and line numbers change with every edit of the kit.
    """
    e = html.escape
    parts = [f'<div class="zhili-classroom" style="{_BOX}">',
             f'<div style="font-weight:bold">⚠ {e(explanation.heading)}</div>',
             f"<div>{e(explanation.message).replace(chr(10), '<br>')}</div>"]
    if explanation.hint:
        parts.append(f"<div>提示：{e(explanation.hint)}</div>")
    if explanation.where is not None:
        where = explanation.where
        parts.append(f"<div>出错的位置：{e(where.describe())}</div>")
        if where.line.strip():
            line = where.line
            if where.column is not None and where.column < len(line):
                c = where.column
                shown = (f"{e(line[:c])}<span style=\"background:#f5b7b1;color:#922b21;font-weight:bold;"
                         f"outline:1px solid #c0392b\">{e(line[c]) if line[c].strip() else '&nbsp;'}</span>"
                         f"{e(line[c + 1:])}")
            else:
                shown = e(line)
            parts.append(f'<pre style="{_PRE}">{shown}</pre>')
    if explanation.fix:
        parts.append("<div>改成这样再运行：</div>")
        parts.append(f'<pre style="{_PRE}">{e(explanation.fix)}</pre>')
    if full_traceback is not None:
        parts.append('<details><summary style="cursor:pointer">显示完整的错误回溯（Traceback，供老师排查）</summary>'
                     f'<pre class="zhili-traceback" style="{_PRE};font-size:0.85em">{e(full_traceback)}</pre></details>')
    parts.append("</div>")
    return "".join(parts)
