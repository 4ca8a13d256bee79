"""Checked exercises for the lessons, with feedback and hints in Chinese (zhili.exercises).

A lesson asks for an answer in a cell such as::

    answer = ...          # 把 ... 换成你的答案
    zl.exercises.check("L01.1", answer)

Until the ``...`` is replaced, the cell runs without error and says what to do. A wrong answer
gets a Chinese explanation and a hint, never a bare traceback; a right one gets a confirmation.

Each lesson's exercises live in a module ``zhili.exercises.lNN`` that defines ``EXERCISES``, a
list of :class:`Exercise`. Checks receive the answer and return ``(ok, message)``; they may raise
:class:`Wrong` with a message instead of returning ``False``.
"""
from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .._errors import ZhiliError

__all__ = ["Exercise", "Feedback", "Wrong", "check", "evaluate", "exercise", "list_exercises"]

_ID = re.compile(r"^L(\d{2})\.(\d+)$")


class Wrong(Exception):
    """Raised by a check to reject an answer with a Chinese message."""


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
    status: str  # "blank", "wrong" or "right"
    message: str

    @property
    def ok(self) -> bool:
        return self.status == "right"

    def __str__(self) -> str:
        return self.message


def _module_for(exercise_id: str):
    m = _ID.match(str(exercise_id))
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
        if ex.id == exercise_id:
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
    """
    ex = exercise(exercise_id)
    hint = f"提示：{ex.hints[0]}" if ex.hints else ""
    if answer is Ellipsis:
        return Feedback(ex.id, "blank", f"【{ex.id}】还没有作答：把 ... 换成你的答案，再运行这一格。{hint}".rstrip())
    try:
        ok, message = ex.check(answer)
    except Wrong as exc:
        ok, message = False, str(exc)
    except Exception as exc:  # noqa: BLE001 - a student's odd answer must never end in a traceback
        ok, message = False, f"答案的形式不对（{type(exc).__name__}）：请对照题目要求的类型再试一次。"
    if ok:
        return Feedback(ex.id, "right", f"【{ex.id}】✓ 正确！{message}".rstrip())
    more = f"再提示：{ex.hints[1]}" if len(ex.hints) > 1 else ""
    parts = [f"【{ex.id}】✗ 还不对：{message}", hint, more]
    return Feedback(ex.id, "wrong", " ".join(p for p in parts if p))


def check(exercise_id: str, answer: Any) -> None:
    """Check an answer and print the feedback (in Chinese). Never raises on a wrong answer.

    Examples
    --------
    >>> check("L00.1", 6)
    【L00.1】✓ 正确！2 × 3 = 6。
    """
    print(evaluate(exercise_id, answer).message)
