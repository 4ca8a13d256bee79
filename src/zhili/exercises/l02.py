"""Exercises of lesson 02 (政策文本的读取与预处理)."""
from __future__ import annotations

from pathlib import Path

from . import Exercise, Wrong, as_integer, as_text, kit_data

#: The sentence segmented in exercise L02.3.
SENTENCE = "坚持决策共谋、发展共建，推进美好环境与幸福生活共同缔造。"


def _samples() -> Path:
    return Path(__file__).resolve().parents[3] / "corpus" / "samples"


@kit_data
def _corpus():
    import zhili as zl

    return zl.load_corpus(_samples(), to_simplified=True)


@kit_data
def _report_value(file: str, column: str):
    report = _corpus().report.set_index("file")
    return report.loc[file, column]


@kit_data
def _encodings() -> dict[str, str]:
    """Normalised encoding name -> the file of the samples read with it."""
    report = _corpus().report
    return {str(e).upper().replace(" ", ""): f for f, e in zip(report["file"], report["encoding"]) if e}


# ------------------------------------------------------------------ L02.1


def _encoding(answer):
    answer = as_text(answer, what="编码名称", example="UTF-8")
    expected = _report_value("02-village-rules.txt", "encoding")
    given = answer.strip().upper().replace(" ", "")
    accepted = {expected.upper().replace(" ", ""), *(p.upper() for p in expected.split("/"))}
    if given in accepted:
        return True, f"读取报告写的是 {expected}：GBK 和 GB2312 都是 GB18030 的子集，按 GB18030 解码就能读对。"
    others = _encodings()
    if given in others:
        raise Wrong(f"{answer} 是 {others[given]} 的编码，不是 02-village-rules.txt 的。")
    if given in ("ASCII", "ISO-8859-1", "LATIN-1", "LATIN1", "CP949", "EUC-KR"):
        raise Wrong(f"{answer} 不是中文编码：zhili 只在 UTF-8、UTF-16 和 GB18030、Big5 之间判断。")
    raise Wrong(f"你填的是 {answer!r}，和读取报告中这一行的 encoding 列不一致。")


# ------------------------------------------------------------------ L02.2


@kit_data
def _unit_counts() -> dict[str, int]:
    """Units of 01-city-plan.txt by kind."""
    corpus = _corpus()
    return {u: int((corpus.units(u)["doc_id"] == "01-city-plan.txt").sum()) for u in ("item", "paragraph", "sentence")}


def _n_items(answer):
    answer = as_integer(answer, example="5")
    counts = _unit_counts()
    expected = counts["item"]
    if answer == expected:
        return True, (f"01-city-plan.txt 有 {expected} 个条目：标题前的文字算一条，每个编号标题连同下面的段落算一条，"
                      "“一是……二是……三是……”又各成一条。")
    if answer == counts["paragraph"]:
        raise Wrong(f"{answer} 是段落（paragraph）的个数；条目要用 units(\"item\")。")
    if answer == counts["sentence"]:
        raise Wrong(f"{answer} 是句子（sentence）的个数；条目要用 units(\"item\")。")
    if answer == 3:
        raise Wrong("3 只是“一、二、三、”这样的一级标题；（一）1. 这些下级编号和“一是”也各自成为条目。")
    if answer == expected - 1:
        raise Wrong("差一个：标题之前的文字（文件名称那一行）也算一个条目，它的标题路径为空。")
    raise Wrong(f"你填的是 {answer}。筛出 doc_id 为 01-city-plan.txt 的条目行再数一数。")


# ------------------------------------------------------------------ L02.3


@kit_data
def _cut(**options) -> tuple[str, ...]:
    import zhili as zl

    return tuple(zl.Tokenizer(cache=False, **options).cut(SENTENCE))


def _tokens(answer):
    if isinstance(answer, str):
        raise Wrong("答案应当是词语的列表（list），不是一个字符串：直接把 .cut(...) 的结果赋给 answer。")
    if not isinstance(answer, (list, tuple)) or not all(isinstance(w, str) for w in answer):
        raise Wrong("答案应当是由字符串组成的列表，例如 [\"坚持\", \"共同缔造\"]。")
    given = tuple(answer)
    expected = _cut()
    if given == expected:
        return True, f"带词表分词得到 {len(expected)} 个词，“决策共谋”“发展共建”和整条提法都保持完整。"
    if given == _cut(lexicon=False) or given == _cut(lexicon=False, stopwords=False):
        raise Wrong("这是不带治理词表的结果：“决策共谋”“共同缔造”被切开了。请用默认设置 zl.Tokenizer()。")
    if "".join(given) == SENTENCE or "，" in given or "。" in given:
        raise Wrong("结果里还有标点或整句原文：请用 zl.Tokenizer().cut(...) 分词，默认会去掉标点和停用词。")
    raise Wrong(f"你的结果是 {list(given)}，和默认设置的分词结果不一致。请复制题目中的句子，不要改动。")


# ------------------------------------------------------------------ L02.4


@kit_data
def _jiaqiang_is_stopword() -> bool:
    import zhili as zl

    return "加强" in zl.Tokenizer(cache=False).stopword_set


def _is_stopword(answer):
    if not isinstance(answer, bool):
        raise Wrong("答案应当是 True 或 False（不加引号）。")
    expected = _jiaqiang_is_stopword()
    if answer == expected:
        return True, ("“加强”在保留词表 policy_keep 里：它说明政策动作的方向和力度，默认不删。"
                      "做主题模型时若想删掉，可以传 extra_stopwords=lexicon.policy_keep()。")
    raise Wrong("看看 lexicon.policy_keep()：保留词表里的词不会被当作停用词删掉。也可以直接分词一句含“加强”的话试一试。")


EXERCISES = [
    Exercise("L02.1", "02-village-rules.txt 的编码被识别为什么？", _encoding,
             ("回到第 1 节的读取报告，把 02-village-rules.txt 那一行 encoding 列的文字原样写进英文双引号里，例如 \"UTF-8\"。",
              "也可以让电脑取值（第 3 节例 5 的写法）：report[report[\"file\"] == \"02-village-rules.txt\"][\"encoding\"].iloc[0]。")),
    Exercise("L02.2", "01-city-plan.txt 按条目（item）切分，一共有多少个条目？", _n_items,
             ("第 4 节的 plan 就是 01-city-plan.txt 的全部条目，用 len(plan) 数一数有几行（第 3 节例 3 的写法）。",
              "也可以从头筛选再数：len(items[items[\"doc_id\"] == \"01-city-plan.txt\"])。")),
    Exercise("L02.3", f"用默认设置（带治理词表）对“{SENTENCE}”分词，结果是什么？", _tokens,
             ("zl.Tokenizer().cut(\"...\") 返回一个词语列表。", "把 cut 的结果直接赋给 answer，不要手抄。")),
    Exercise("L02.4", "用默认设置分词时，“加强”会被当作停用词删掉吗？", _is_stopword,
             ("看第 6 节的真假表：“加强”在哪一张表里？保留词表里的词不会被删掉。", "也可以运行 zl.Tokenizer().cut(\"加强基层治理\") 看看。")),
]
