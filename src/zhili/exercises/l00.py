"""Exercises of lesson 00 (导读)."""
from __future__ import annotations

from . import Exercise, Wrong, as_integer, kit_data


def _two_times_three(answer):
    answer = as_integer(answer, example="6")
    if answer != 6:
        raise Wrong(f"你填的是 {answer}，再算一算 2 × 3。")
    return True, "2 × 3 = 6。"


EXERCISES = [
    Exercise("L00.1", "在代码单元格中计算 2 × 3，把结果填入答案。", _two_times_three,
             ("在 Python 中乘号写作 *，可以先运行 2 * 3 看看结果。",)),
]


@kit_data
def _n_sample_documents() -> int:
    import zhili as zl
    from pathlib import Path

    samples = Path(__file__).resolve().parents[3] / "corpus" / "samples"
    return len(zl.load_corpus(samples))


def _n_documents(answer):
    answer = as_integer(answer, example="3")
    expected = _n_sample_documents()
    if answer != expected:
        raise Wrong(f"你填的是 {answer}。读取报告里状态为 ok 的文件才是文档，metadata.csv 不算。")
    return True, f"示例文件夹里有 {expected} 份文档（metadata.csv 是元数据表，不算文档）。"


EXERCISES.append(
    Exercise("L00.2", "示例文件夹里一共读入了多少份文档？", _n_documents,
             ("运行 len(corpus) 看看。", "也可以数一数读取报告中 status 为 ok 的行。")))
