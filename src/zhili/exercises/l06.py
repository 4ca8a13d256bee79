"""Exercises of lesson 06 (湖北共同缔造案例分析).

The right answers are computed from the casebook (:func:`zhili.cases`) each time an answer is
checked (the data helpers are not cached), so they stay right when a lecturer adds cases during
the lesson.
"""
from __future__ import annotations

from collections.abc import Iterable

from . import Exercise, Wrong, as_integer, as_text, kit_data


@kit_data(cache=False)
def _cases():
    from ..casebook import cases  # noqa: PLC0415 - read the casebook only when checking

    return cases()


@kit_data(cache=False)
def _settings() -> tuple[int, dict[str, int]]:
    """Number of cases, and cases per setting (农村, 城市, 城乡)."""
    df = _cases()
    return len(df), {str(k): int(v) for k, v in df["setting"].value_counts().items()}


def _rural(answer):
    n = as_integer(answer, what="案例个数")
    total, by_setting = _settings()
    right = by_setting.get("农村", 0)
    both = right + by_setting.get("城乡", 0)
    if n == right:
        return True, f"案例库中 setting 为“农村”的案例有 {right} 个。"
    if n == total:
        raise Wrong(f"{n} 是全部案例的个数，还要按 setting 列筛选出“农村”。")
    if n == both and both != right:
        raise Wrong(f"{n} 把“城乡”也算进去了：setting 有“城市”“农村”“城乡”三个取值，这里只数“农村”。")
    if n == by_setting.get("城市", 0):
        raise Wrong(f"{n} 是城市案例的个数，题目问的是农村。")
    raise Wrong(f"你填的是 {n}，与 setting 为“农村”的案例数不符。")


@kit_data(cache=False)
def _stage_counts() -> dict[str, int]:
    """Cases marked with each 五共 stage, in the order of STAGES."""
    from ..casebook import STAGES  # noqa: PLC0415

    counts = _cases()[list(STAGES)].sum()
    return {s: int(counts[s]) for s in STAGES}


def _top_stage(answer):
    from ..casebook import STAGES  # noqa: PLC0415

    name = as_text(answer, what="环节名称", example="决策共谋")
    if name not in STAGES:
        raise Wrong(f"“{name}”不是五共环节之一：可选 {'、'.join(STAGES)}。")
    counts = _stage_counts()
    best = max(counts.values())
    winners = [s for s in STAGES if counts[s] == best]
    if name in winners:
        return True, f"“{name}”体现在 {int(best)} 个案例中，是案例库标注最多的环节。"
    raise Wrong(f"“{name}”体现在 {int(counts[name])} 个案例中，还有环节更多。")


@kit_data(cache=False)
def _prefecture_counts() -> dict[str, int]:
    """Cases per prefecture (湖北省, the province-level cases, left out)."""
    df = _cases()
    counts = df.loc[df["prefecture"] != "湖北省", "prefecture"].value_counts()
    return {str(k): int(v) for k, v in counts.items()}


def _top_prefecture(answer):
    form = "答案应当是地市名称（文字），并列时用列表，例如 [\"甲市\", \"乙市\"]。"
    if isinstance(answer, str):
        names = {answer.strip()}
    elif isinstance(answer, Iterable) and not isinstance(answer, (bytes, dict)) and not hasattr(answer, "columns"):
        items = list(answer)  # a list, tuple, set, or the index of a value_counts() table
        if not items or not all(isinstance(x, str) for x in items):
            raise Wrong(form)
        names = {x.strip() for x in items}
    else:
        raise Wrong(form)
    counts = _prefecture_counts()
    best = max(counts.values())
    winners = {p for p, c in counts.items() if c == best}
    listed = "、".join(sorted(winners))
    if names == winners:
        return True, f"{listed}各有 {best} 个案例，并列第一。" if len(winners) > 1 else f"{listed}有 {best} 个案例。"
    if "湖北省" in names:
        raise Wrong("“湖北省”是全省层面案例的写法，不是一个地市（州）：请只比较地市。")
    unknown = sorted(n for n in names if n not in counts)
    if unknown:
        raise Wrong(f"案例库的 prefecture 列里没有“{'、'.join(unknown)}”：请照表中的写法填写（如“宜昌市”）。")
    if names < winners:
        raise Wrong(f"方向对了，但最多的不止一个：有 {len(winners)} 个地市并列，请用列表全部列出。")
    extra = "、".join(sorted(n for n in names if n not in winners))
    raise Wrong(f"{extra} 的案例不是最多的。")


#: The pair of stages the lesson's worked example of L06.4 counts (the student changes the first).
EXAMPLE_PAIR = ("发展共建", "成果共享")


@kit_data(cache=False)
def _two_stages() -> tuple[int, int, int, int, int]:
    """Cases with 决策共谋 and 成果共享, with either, with the first, with the second; the worked example's count."""
    df = _cases()
    a, b = df["决策共谋"], df["成果共享"]
    example = int((df[EXAMPLE_PAIR[0]] & df[EXAMPLE_PAIR[1]]).sum())
    return int((a & b).sum()), int((a | b).sum()), int(a.sum()), int(b.sum()), example


def _both_stages(answer):
    n = as_integer(answer, what="案例个数")
    right, either, first, second, example = _two_stages()
    if n == right:
        return True, f"同时体现决策共谋和成果共享的案例有 {right} 个。"
    if n == example:
        raise Wrong(f"{n} 是示范那一格的结果（{EXAMPLE_PAIR[0]}和{EXAMPLE_PAIR[1]}）：把第一行的“{EXAMPLE_PAIR[0]}”改成“决策共谋”再运行。")
    if n == either:
        raise Wrong(f"{n} 是体现其中至少一个环节的案例数（“或”）；题目要的是两个环节都有（“且”）。")
    if n in (first, second):
        raise Wrong(f"{n} 只数了一个环节：第一次筛选之后，还要从中留下也标注了另一个环节的案例。")
    raise Wrong(f"你填的是 {n}，与两列都为 True 的案例数不符。")


EXERCISES = [
    Exercise("L06.1", "案例库中有多少个农村案例（setting 为“农村”）？", _rural,
             ("setting 列有“城市”“农村”“城乡”三个取值；仿照练习上方的一格：len(df[df[\"setting\"] == \"农村\"])。",
              "答案是一个数字，不加引号。")),
    Exercise("L06.2", "按案例库的五共标注，哪一个环节体现在最多的案例中？", _top_stage,
             ("4.2 节 compare 表的“案例库标注”一列是每个环节的案例数（也就是 df[STAGES].sum()）。",
              "答案写环节名称，放在英文双引号里。")),
    Exercise("L06.3", "哪个地市（州）的案例最多？并列时用列表全部列出（“湖北省”是全省层面，不算）。", _top_prefecture,
             ("zl.show(df[\"prefecture\"].value_counts()) 按案例数从多到少排列；“湖北省”不算。",
              "看看第一名是否有并列：并列时写成列表，如 [\"甲市\", \"乙市\"]。")),
    Exercise("L06.4", "有多少个案例同时体现“决策共谋”和“成果共享”？", _both_stages,
             ("筛选两次：first = df[df[\"决策共谋\"] == True]，再数 first[first[\"成果共享\"] == True] 有几行。",
              "也可以一次写成两个条件：df[df[\"决策共谋\"] & df[\"成果共享\"]]，& 表示“且”。")),
]
