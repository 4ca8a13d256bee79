"""Exercises of lesson 01 (基层治理现代化的三重内涵): reading the framework.

The right answers are computed from the framework itself (``zl.framework()``), so the checks stay
true if the framework file changes.
"""
from __future__ import annotations

from . import Exercise, Wrong, as_integer, as_text, kit_data


@kit_data
def _fw():
    from ..theory import framework

    return framework()


def _name(answer) -> str:
    """The answer as an element name: text (quotes and spaces trimmed) or what fw.find returned."""
    if answer.__class__.__name__ == "ElementInfo":
        return answer.name
    return as_text(answer, what="名称", example="示例")


# ---- L01.1 ------------------------------------------------------------------------------------

@kit_data
def _four_powers() -> tuple[str, ...]:
    return tuple(_fw().find("四权同下").members)


def _four_powers_members(answer):
    n = as_integer(answer, example="7")
    members = _four_powers()
    if n == len(members):
        return True, f"四权同下由 {len(members)} 项权力组成：{'、'.join(members)}。"
    if n == len(members) + 1:
        raise Wrong(f"你填的是 {n}，多数了一个：“组成”一行只数顿号隔开的名称，不要把四权同下本身算进去。")
    raise Wrong(f"你填的是 {n}，数目不对。")


# ---- L01.2 ------------------------------------------------------------------------------------

@kit_data
def _night_talk() -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """Path of 村湾夜话, the 五共 stages, and the stage it belongs to."""
    fw = _fw()
    path = tuple(fw.path("村湾夜话"))
    stages = tuple(fw.children("五共"))
    return path, stages, [p for p in path if p in stages][0]


def _night_talk_stage(answer):
    name = _name(answer)
    fw = _fw()
    path, stages, right = _night_talk()
    name = fw.find(name).name if name in fw else name  # an id such as "st_plan" counts as its name
    if name == right:
        return True, f"村湾夜话是“{right}”环节的做法：位置 {' › '.join(path)}。"
    if name == "村湾夜话":
        raise Wrong("“村湾夜话”是做法本身，题目问的是它上一级、属于五共哪一个环节。")
    if name == "五共":
        raise Wrong(f"“五共”是五个环节的总称，请写出其中的一个：{'、'.join(stages)}。")
    if name in path:
        raise Wrong(f"“{name}”在村湾夜话的位置上，但层级太高了：请找五共下面紧挨着村湾夜话的那一级。")
    if name in stages:
        raise Wrong(f"“{name}”是五共的一个环节，但村湾夜话不在它下面。")
    if name in fw:
        raise Wrong(f"“{name}”是框架里的要素，但不是五共的环节；五共的五个环节是：{'、'.join(stages)}。")
    raise Wrong(f"框架里没有叫“{name}”的环节，请检查有没有错字；五共的五个环节是：{'、'.join(stages)}。")


# ---- L01.3 ------------------------------------------------------------------------------------

@kit_data
def _self_governance() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Path of 群众自治能力 and the three dimensions."""
    fw = _fw()
    return tuple(fw.path("群众自治能力")), tuple(r for r in fw.children() if fw.find(r).kind == "dimension")


def _self_governance_dimension(answer):
    name = _name(answer)
    fw = _fw()
    path, dims = _self_governance()
    right = path[0]
    name = fw.find(name).name if name in fw else name
    if name == right:
        return True, f"群众自治能力是“{right}”维度下的一个层面：{' › '.join(path)}。"
    if name == "群众自治能力":
        raise Wrong("这是要素自己的名字；题目问的是它属于哪个维度，即“位置”一行最前面的那个名称。")
    if name in fw and fw.path(name)[0] == right and name != right:
        raise Wrong(f"“{name}”和群众自治能力在同一棵树里，但它不是维度；维度是这棵树最顶端的名称。")
    if name in dims:
        raise Wrong(f"“{name}”是三个维度之一，但群众自治能力不在它下面。")
    raise Wrong(f"三个维度是：{'、'.join(dims)}，请从中选一个，原样写进引号里。")


# ---- L01.4 ------------------------------------------------------------------------------------

@kit_data
def _section_counts() -> tuple[int, int, int, int, int]:
    """Elements citing 二(三) (by the filter, and as listed in fw.sections), citing 二, all, and the
    paragraphs of 二(三) (another number in the same row of fw.sections)."""
    fw = _fw()
    row = fw.sections.set_index("code").loc["二(三)"]
    listed = int(row["n_elements"])  # same unless 二(三) gets subsections
    return len(fw.elements(section="二(三)")), listed, len(fw.elements(section="二")), len(fw), int(row["paragraphs"])


def _section_count(answer):
    n = as_integer(answer, example="12")
    right, listed, part_two, everything, paragraphs = _section_counts()
    if n in (right, listed):
        return True, f"框架中有 {n} 个要素引用论文的二(三)一节（以“五共”构建治理共同体）。"
    if n == part_two:
        raise Wrong(f"{n} 是整个第二部分（二(一)到二(四)）的要素数；题目只问二(三)这一节。")
    if n == paragraphs:
        raise Wrong(f"{n} 是二(三)那一行的段落数（paragraphs 列：这一节有几段）；题目问的是要素数，"
                    "在同一行的要素数 n_elements 列。")
    if n == everything:
        raise Wrong(f"{n} 是框架全部要素的个数；请加上 section=\"二(三)\" 只看这一节。")
    more = "大" if right > n else "小"
    raise Wrong(f"你填的是 {n}，正确的数比它{more}。")


EXERCISES = [
    Exercise("L01.1", "四权同下由几项权力组成？填一个数字。", _four_powers_members,
             ("先运行 fw.find(\"四权同下\")，数一数“组成：”后面有几个名称（名称之间用顿号“、”隔开）；"
              "答案写成 answer = 数字，不加引号。",
              "也可以让电脑来数：len(fw.find(\"四权同下\").members)。")),
    Exercise("L01.2", "村湾夜话属于五共的哪一个环节？填环节名称。", _night_talk_stage,
             ("运行 fw.find(\"村湾夜话\")，看“位置”一行：五共后面紧跟的那个名称就是答案；写成 answer = \"名称\"。",
              "也可以运行 fw.path(\"村湾夜话\")：它从上到下列出名称，答案是“五共”后面的那一个。")),
    Exercise("L01.3", "群众自治能力属于三个维度中的哪一个？填维度名称。", _self_governance_dimension,
             ("运行 fw.path(\"群众自治能力\")，它列出的第一个名称就是所属的维度；写成 answer = \"名称\"。",
              "也可以运行 fw.find(\"群众自治能力\")，看名片上“位置”一行最前面的名称。")),
    Exercise("L01.4", "框架中有多少个要素引用了论文的二(三)一节？填一个数字。", _section_count,
             ("看 fw.sections 表中代码为 二(三) 的那一行的 n_elements，或者运行 len(fw.elements(section=\"二(三)\"))；"
              "答案写成 answer = 数字。",
              "n_elements 一列就是“引用这一节的要素个数”；注意要找 二(三)，不是 二 或 二(二)。")),
]
