"""Exercises of lesson 08 (研究复现：从语料到图表).

Both checks are computed from the default corpus of the lesson, the casebook in ``corpus/cases``
read as the notebook reads it: the notebook loads the folder with :func:`zhili.load_corpus` and,
seeing the casebook, keeps only the case narratives (``zl.cases(corpus_dir, as_corpus=True)``,
without the editors' teaching commentary).
"""
from __future__ import annotations

from . import Exercise, Wrong, as_integer, as_text, kit_data


@kit_data
def _cases_corpus():
    from ..casebook import cases

    return cases(as_corpus=True)


@kit_data
def _digest() -> str:
    return _cases_corpus().digest()


@kit_data
def _counts() -> tuple[int, int, int]:
    """Documents, rows of the load report, and sentences of the default corpus."""
    corpus = _cases_corpus()
    return len(corpus), len(corpus.report), len(corpus.units("sentence"))


def _digest_prefix(answer):
    answer = as_text(answer, what="摘要开头的 8 个字符", example="1a2b3c4d")
    digest = _digest()
    given = answer.strip().lower()
    if given == digest:
        raise Wrong("你填的是完整的 64 个字符的摘要：题目只要前 8 个字符。")
    if len(given) != 8:
        raise Wrong(f"你的答案有 {len(given)} 个字符，题目要的是摘要的前 8 个字符。")
    if given != digest[:8]:
        if digest.endswith(given):
            raise Wrong("这是摘要的最后 8 个字符：要的是开头的 8 个。")
        raise Wrong("与默认语料 corpus/cases 的摘要不符。本题按默认语料核对：若改过 corpus_dir，"
                    "请改回默认值，重启内核并运行所有单元格，再看 corpus.digest() 的前 8 个字符。")
    return True, f"摘要以 {digest[:8]} 开头；在论文或报告里写上它，别人就能核对用的是不是同一份语料。"


def _n_documents(answer):
    answer = as_integer(answer, example="len(corpus) 的结果")
    n, n_report, n_sentences = _counts()
    if answer == n:
        return True, f"默认语料共有 {n} 篇文档，与溯源记录中的“文档数”一致。"
    if answer == n_report:
        raise Wrong("这是读取报告的行数：报告里还可能有元数据表等不算文档的行。请数语料中的文档。")
    if answer == n_sentences:
        raise Wrong("这是句子（分析单元）的个数，不是文档数。")
    raise Wrong(f"你填的是 {answer}，与默认语料 corpus/cases 的文档数不符。可以用 len(corpus) 计算。")


EXERCISES = [
    Exercise("L08.1", "写出默认语料的摘要（corpus.digest()）的前 8 个字符。", _digest_prefix,
             ("运行 corpus.digest()，把输出引号里的前 8 个字符抄进答案；溯源记录的“摘要（SHA-256）”一行也是它。",
              "答案放在英文双引号里，例如 \"1a2b3c4d\"（这只是格式示例）。")),
    Exercise("L08.2", "默认语料一共有多少篇文档？", _n_documents,
             ("len(corpus) 给出文档数；溯源记录中的“文档数”一行也是它。",)),
]
