"""Checked exercises for the lessons, with feedback and hints in Chinese (zhili.exercises).

A lesson asks for an answer in a cell such as::

    answer = ...          # 把 ... 换成你的答案
    zl.exercises.check("L01.1", answer)

Until the ``...`` is replaced, the cell runs without error and says what to do. A wrong answer
gets a Chinese explanation and a hint, never a bare traceback; a right one gets a confirmation.

Each lesson's exercises live in a module ``zhili.exercises.lNN`` that defines ``EXERCISES``, a
list of :class:`Exercise`. Checks receive the answer and return ``(ok, message)``; they may raise
:class:`Wrong` with a message instead of returning ``False``.

Whose problem is it?
--------------------
A check does two kinds of work: it reads the answer, and it computes the expected value from the
kit's data (the corpus, the casebook, the framework, tokens). Failures of the two are told apart
by construction, not guessed from the exception:

- Expected values are computed only in *data helpers*, functions decorated with :func:`kit_data`.
  Any exception inside one becomes a :class:`KitProblem`: the kit failed, not the student.
- Failures of the environment anywhere in a check (``OSError`` such as ``PermissionError``,
  ``sqlite3.Error``, ``MemoryError``, ``ImportError``) are the kit's problem too.
- A check reads the form of the answer (with :func:`as_integer`, :func:`as_text` …) *before* it
  asks a data helper, so an odd answer is told so even when the kit's data are unavailable; any
  other exception in a check is blamed on the answer's form.

The kit's problems get the status ``"error"`` and a message that says, in Chinese, that the answer
is not at fault, what failed and what to do.
"""
from __future__ import annotations

import functools
import importlib
import numbers
import re
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .._errors import ZhiliError
from .._keys import has_cjk, lookup_key, to_simplified

__all__ = ["Exercise", "Feedback", "KitProblem", "Wrong", "as_integer", "as_number", "as_text", "check", "evaluate",
           "exercise", "kit_data", "list_exercises"]

_ID = re.compile(r"^L(\d{2})\.(\d+)$")
_QUOTES = "\"'“”‘’「」『』《》 \u3000\t\n"


class Wrong(Exception):
    """Raised by a check to reject an answer with a Chinese message."""


class KitProblem(Exception):
    """The kit failed while computing an expected answer (raised by :func:`kit_data` helpers).

    ``cause`` is the original exception, ``helper`` the qualified name of the data helper.
    """

    def __init__(self, cause: BaseException, helper: str = "") -> None:
        super().__init__(f"{helper}: {_describe(cause)}")
        self.cause = cause
        self.helper = helper


#: Failures of the environment: wherever they happen in a check, they are the kit's problem.
ENVIRONMENT_ERRORS: tuple[type[BaseException], ...] = (OSError, sqlite3.Error, MemoryError, ImportError)


def kit_data(func: Callable | None = None, *, cache: bool = True, maxsize: int | None = 8) -> Callable:
    """Decorate a function that computes expected values from the kit's data (a *data helper*).

    The result is cached (:func:`functools.lru_cache`; exceptions are not cached, so a fixed
    problem is picked up on the next check) unless ``cache=False``, and any exception inside
    becomes a :class:`KitProblem`, so that :func:`evaluate` reports it as the kit's problem and
    never as a wrong answer. Use it as ``@kit_data`` or ``@kit_data(cache=False)``.

    Examples
    --------
    >>> @kit_data
    ... def _expected():
    ...     return 2 * 3
    >>> _expected()
    6
    >>> @kit_data
    ... def _broken():
    ...     raise PermissionError(13, "Permission denied", "corpus/samples")
    >>> try:
    ...     _broken()
    ... except KitProblem as exc:
    ...     print(type(exc.cause).__name__)
    PermissionError
    """
    if func is None:
        return functools.partial(kit_data, cache=cache, maxsize=maxsize)
    name = f"{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def guarded(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except KitProblem:
            raise  # from a helper this one uses: already the kit's problem
        except Exception as exc:  # noqa: BLE001 - whatever fails here, the student's answer is not at fault
            raise KitProblem(exc, name) from exc

    wrapper = functools.lru_cache(maxsize=maxsize)(guarded) if cache else guarded
    wrapper.__kit_data__ = True  # type: ignore[attr-defined]
    return wrapper


def _clear_kit_data() -> None:
    """Forget every cached expected value (as a kernel restart would)."""
    for name, module in list(sys.modules.items()):
        if name.startswith(f"{__name__}.l"):
            for obj in vars(module).values():
                if getattr(obj, "__kit_data__", False) and hasattr(obj, "cache_clear"):
                    obj.cache_clear()


def _describe(exc: BaseException) -> str:
    """``Type: first line of the message``."""
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def _what(what: str) -> str:
    return f"（{what}）" if what else ""


def as_integer(answer: Any, *, what: str = "", example: str = "12") -> int:
    """The answer as a whole number, or :class:`Wrong` saying in Chinese what to write instead.

    ``7.0`` counts as 7; text, ``True``/``False``, tables and lists are rejected with advice
    (``"7"`` gets "不要加引号").
    """
    if isinstance(answer, bool):
        raise Wrong(f"答案应当是一个数字（整数）{_what(what)}，例如 {example}，而不是 True 或 False。")
    if isinstance(answer, str):
        if answer.strip().isdigit():
            raise Wrong(f"你填的是文字 \"{answer.strip()}\"：这里要的是整数，数字不要加引号，"
                        f"{_ascii_advice(answer)}写成 answer = {int(answer.strip())} 即可。")
        raise Wrong(f"答案应当是一个数字（整数）{_what(what)}，例如 {example}，不要加引号。")
    if isinstance(answer, numbers.Real) and not isinstance(answer, numbers.Integral) and float(answer).is_integer():
        answer = int(answer)
    if not isinstance(answer, numbers.Integral):
        raise Wrong(f"答案应当是一个数字（整数）{_what(what)}，例如 {example}，不要加引号，也不要填整张表或列表。")
    return int(answer)


def as_number(answer: Any, *, what: str = "", example: str = "0.35") -> float:
    """The answer as a number (int or float), or :class:`Wrong` with Chinese advice."""
    if isinstance(answer, str) and _as_float(answer) is not None:
        raise Wrong(f"你填的是文字 \"{answer.strip()}\"：这里要的是数字，数字不要加引号，"
                    f"{_ascii_advice(answer)}写成 answer = {lookup_key(answer)} 即可。")
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        raise Wrong(f"答案应当是一个数字{_what(what)}，例如 {example}，不要加引号，也不要填整张表或列表。")
    return float(answer)


def _as_float(text: str) -> float | None:
    """``text`` as a number if it reads as one once folded (``"０.３５"`` → 0.35), else None."""
    try:
        return float(lookup_key(text))
    except ValueError:
        return None


def _ascii_advice(text: str) -> str:
    """A reminder to switch the input method when ``text`` holds full-width characters."""
    return "数字要用英文输入法（半角）输入，" if lookup_key(text) != text.strip() else ""


def as_text(answer: Any, *, what: str = "词", example: str = "社区") -> str:
    """The answer as one word or name, or :class:`Wrong` with advice.

    Quotes and spaces are trimmed, and what a Chinese input method adds to a name is folded:
    full-width letters, digits and brackets become ASCII, spaces next to Chinese characters go
    (``"１５分钟 服务圈"`` is ``"15分钟服务圈"``).
    """
    if not isinstance(answer, str):
        if isinstance(answer, (list, tuple, set, dict)) or hasattr(answer, "columns") or hasattr(answer, "index"):
            raise Wrong(f"你填的是一串内容（列表或表格），这里只要一个{what}：写成 answer = \"{example}\" 的样子"
                        "（一段文字，即字符串，要加引号）。")
        raise Wrong(f"答案应当是一个{what}（一段文字，即字符串），要加英文引号，例如 answer = \"{example}\"。")
    text = lookup_key(answer.strip(_QUOTES)).strip(_QUOTES)
    if not text:
        raise Wrong("引号里还是空的：请在两个引号之间写上答案。")
    return text


@dataclass(frozen=True)
class Exercise:
    """One exercise: its id (``L03.1``), a one-line task, the check and hints (Chinese)."""

    id: str
    task: str
    check: Callable[[Any], tuple[bool, str]]
    hints: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Feedback:
    """The result of checking an answer."""

    id: str
    status: str  # "blank", "wrong", "right", or "error" (the kit failed, not the answer)
    message: str

    @property
    def ok(self) -> bool:
        return self.status == "right"

    def __str__(self) -> str:
        return self.message


def _exercise_key(exercise_id: Any) -> str:
    """The id as stored: ``"ｌ０１．１ "`` (typed in full-width) is ``"L01.1"``."""
    return lookup_key(str(exercise_id)).upper() if isinstance(exercise_id, str) else str(exercise_id)


def _module_for(exercise_id: str):
    m = _ID.match(_exercise_key(exercise_id))
    if not m:
        raise ZhiliError(f"练习编号 {exercise_id!r} 的格式不对：应为“L两位课号.序号”，例如 \"L01.1\"。")
    try:
        return importlib.import_module(f"zhili.exercises.l{m.group(1)}")
    except ModuleNotFoundError:
        raise ZhiliError(f"没有第 {m.group(1)} 课的练习：请检查练习编号 {exercise_id!r}。") from None


def exercise(exercise_id: str) -> Exercise:
    """Return the :class:`Exercise` with this id."""
    module = _module_for(exercise_id)
    for ex in module.EXERCISES:
        if ex.id == _exercise_key(exercise_id):
            return ex
    known = "、".join(ex.id for ex in module.EXERCISES)
    raise ZhiliError(f"没有编号为 {exercise_id!r} 的练习；本课的练习有：{known}。")


def list_exercises(lesson: str) -> list[Exercise]:
    """All exercises of a lesson (``"L03"``)."""
    return list(_module_for(f"{lesson}.1").EXERCISES)


def evaluate(exercise_id: str, answer: Any) -> Feedback:
    """Check ``answer`` and return a :class:`Feedback` (nothing printed).

    Examples
    --------
    >>> evaluate("L00.1", ...).status
    'blank'
    >>> evaluate("L00.1", 3).status
    'wrong'
    >>> evaluate("L00.1", 6).ok
    True

    When the kit itself fails while computing the expected answer (data missing, a broken
    cache, an unreadable corpus), the status is ``"error"`` and the message says so::

        【L00.2】⚠ 这不是你的答案的问题：工具包在核对答案时自己出错了（PermissionError: …）…
    """
    ex = exercise(exercise_id)
    hint = f"提示：{ex.hints[0]}" if ex.hints else ""
    if answer is Ellipsis:
        return Feedback(ex.id, "blank", f"【{ex.id}】还没有作答：把 ... 换成你的答案，再运行这一格。{hint}".rstrip())
    try:
        ok, message = ex.check(answer)
    except Wrong as exc:
        ok, message = False, str(exc)
    except KitProblem as exc:
        return _kit_failed(ex.id, exc.cause)
    except ENVIRONMENT_ERRORS as exc:
        return _kit_failed(ex.id, exc)
    except Exception as exc:  # noqa: BLE001 - a student's odd answer must never end in a traceback
        ok, message = False, f"答案的形式不对（{type(exc).__name__}）：请对照题目要求的类型再试一次。"
    if ok:
        return Feedback(ex.id, "right", f"【{ex.id}】✓ 正确！{message}".rstrip())
    simplified = _right_in_simplified(ex, answer)
    if simplified is not None:
        return Feedback(ex.id, "wrong", (
            f"【{ex.id}】✗ 还不对：答案里有繁体字。本课程的数据都用简体字，"
            f"写成简体就对了：请把答案改成 answer = {_as_code(simplified)}。"))
    more = f"再提示：{ex.hints[1]}" if len(ex.hints) > 1 else ""
    parts = [f"【{ex.id}】✗ 还不对：{message}", hint, more]
    return Feedback(ex.id, "wrong", " ".join(p for p in parts if p))


def _right_in_simplified(ex: Exercise, answer: Any) -> Any:
    """The answer in simplified characters if it has traditional ones and is right so; else None."""
    if isinstance(answer, str):
        converted: Any = to_simplified(answer)
    elif isinstance(answer, (list, tuple)) and answer and all(isinstance(a, str) for a in answer):
        converted = type(answer)(to_simplified(a) for a in answer)
    else:
        return None
    if converted == answer or not has_cjk(str(answer)):
        return None
    try:
        ok, _ = ex.check(converted)
    except Exception:  # noqa: BLE001 - no suggestion then; the original feedback stands
        return None
    return converted if ok else None


def _as_code(value: Any) -> str:
    """A string or a list of strings as a student would type it, with English double quotes."""
    if isinstance(value, str):
        return f'"{value}"'
    inner = ", ".join(_as_code(v) for v in value)
    return f"[{inner}]" if isinstance(value, list) else f"({inner})"


def _kit_failed(exercise_id: str, cause: BaseException) -> Feedback:
    """Feedback for a failure of the kit itself: not the student's answer, and what to do."""
    return Feedback(exercise_id, "error", (
        f"【{exercise_id}】⚠ 这不是你的答案的问题：工具包在核对答案时自己出错了（{_describe(cause)}），"
        "所以这次没法判断对错。请重启内核（菜单“内核 → 重启内核…”，英文界面为 Kernel → Restart Kernel），再从本课第一格起依次运行；"
        "如果仍然出错，请把环境变量 ZHILI_CACHE_DIR 设为一个可写的文件夹，或在终端里重新运行 make lab，"
        "并把这条提示告诉任课教师。"))


def check(exercise_id: str, answer: Any) -> None:
    """Check an answer and print the feedback (in Chinese). Never raises on a wrong answer.

    Examples
    --------
    >>> check("L00.1", 6)
    【L00.1】✓ 正确！2 × 3 = 6。
    """
    print(evaluate(exercise_id, answer).message)
