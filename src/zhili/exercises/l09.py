"""Exercises of lesson 09 (主题、文本复用与政策工具).

Every expected answer is computed here from the kit's data with the settings the lesson uses:

- L09.1 — the casebook tokenized as in the lesson (``zl.cases(as_corpus=True)`` without the
  casebook's writing words), a topic model with ``k=7`` and ``seed=0``, and the main topic of one
  case;
- L09.2 — the teaching chain of policy texts in ``corpus/reuse`` and the exact passages the
  province's opinion and the city's plan share when passages must have 30 characters;
- L09.3 — the strongest level of obligation in the sample village rules.
"""
from __future__ import annotations

from pathlib import Path

from . import Exercise, Wrong, as_integer, as_text, kit_data

#: The topic model of the lesson (section 2.2) and the case the exercise asks about.
K = 7
SEED = 0
CASE = "HB018"
#: The teaching chain, the pair the exercise compares and the shortest passage it asks for.
PROVINCE = "01-province-opinion.txt"
CITY = "02-city-plan.txt"
MIN_CHARS = 30
#: The file of the obligation exercise.
VILLAGE_RULES = "02-village-rules.txt"


def _corpus_folder(name: str) -> Path:
    return Path(__file__).resolve().parents[3] / "corpus" / name


# ---- L09.1: the main topic of a case ------------------------------------------------------------

@kit_data
def _case_tokens():
    import zhili as zl

    return zl.tokenize(zl.cases(as_corpus=True), extra_stopwords=zl.casebook.writing_stopwords())


@kit_data
def _topic_ranking(seed: int) -> tuple[tuple[int, ...], tuple[float, ...], str, str]:
    """The topics of CASE from the largest share down, their shares, the case's title and the main topic's label."""
    import zhili as zl

    model = zl.topics(_case_tokens(), K, seed=seed)
    docs = model.documents()
    row = docs[docs["id"] == CASE]
    if len(row) != 1:
        raise LookupError(f"案例库中没有编号为 {CASE} 的案例")
    shares = {t: float(row[f"topic_{t}"].iloc[0]) for t in range(1, K + 1)}
    ranking = tuple(sorted(shares, key=lambda t: (-shares[t], t)))
    return ranking, tuple(shares[t] for t in ranking), str(row["title"].iloc[0]), model.labels[ranking[0] - 1]


def _main_topic(answer):
    n = as_integer(answer, what="主题编号", example="3")
    ranking, shares, title, label = _topic_ranking(SEED)
    right = ranking[0]
    if n == right:
        return True, (f"{CASE}（{title}）以主题 {right}（{label}）为主。对照标签读一读这个案例：标签和案例讲的事对得上吗？"
                      "换一个种子（2.4 节），它又会和哪些案例分在一起？")
    if not 1 <= n <= K:
        raise Wrong(f"你填的是 {n}：模型只有主题 1 到 {K}，请填 top_topic 一列里的数字。")
    for seed in (1, 2):
        if n == _topic_ranking(seed)[0][0] and n != right:
            raise Wrong(f"{n} 是 seed={seed} 的模型里这个案例的主要主题；题目问的是 2.2 节 seed=0 的模型 m，"
                        "请用 m.documents() 得到的 docs。")
    if n == ranking[1] and shares[1] >= 0.1:
        raise Wrong(f"主题 {n} 在这个案例里的比例排第二；top_topic 是比例最大的那个主题。")
    raise Wrong(f"你填的是 {n}，不是这个案例的主要主题。请确认筛选的是编号 {CASE} 的那一行，再读 top_topic。")


# ---- L09.2: exact passages shared by the province's opinion and the city's plan -----------------

@kit_data
def _chain():
    import zhili as zl

    return zl.load_corpus(_corpus_folder("reuse"))


def _pair(reuse):
    return reuse[(reuse["doc_a"] == PROVINCE) & (reuse["doc_b"] == CITY)]


@kit_data
def _passages(min_chars: int, near: bool = False) -> tuple[int, int]:
    """Passages between the province's opinion and the city's plan, and passages of all pairs."""
    import zhili as zl

    reuse = zl.text_reuse(_chain(), min_chars=min_chars, near=near)
    return len(_pair(reuse)), len(reuse)


@kit_data
def _dropped() -> tuple[tuple[int, str, bool], ...]:
    """Passages of the pair found with min_chars=20 but shorter than MIN_CHARS: (length, text, is the title)."""
    import zhili as zl

    chain = _chain()
    title = str(chain.docvars.loc[PROVINCE, "title"]) if "title" in chain.docvars.columns else ""
    pair = _pair(zl.text_reuse(chain, min_chars=20))
    short = pair[pair["length"] < MIN_CHARS]
    return tuple((int(n), str(t), bool(title) and str(t).strip("。，、 ") in title)
                 for n, t in zip(short["length"], short["text_a"]))


def _shared_passages(answer):
    n = as_integer(answer, what="段落数", example="4")
    right, everything = _passages(MIN_CHARS)
    if n == right:
        gone = "".join(f"少掉的是 {length} 个字的“{text}”" + ("——市方案开头引用的省意见标题：是引用，不是沿用" if is_title else "")
                       + "。" for length, text, is_title in _dropped())
        return True, (f"min_chars={MIN_CHARS} 时，省意见和市方案之间有 {right} 段完全相同的段落。{gone}"
                      "段落最短要多少字，是研究者的选择，要写进报告。")
    default, default_all = _passages(20)
    if n == default or n == everything:
        why = []
        if n == default:
            why.append("min_chars 仍是 20（默认）时省意见和市方案之间的段落数")
        if n == everything:
            why.append(f"min_chars={MIN_CHARS} 时三份文件两两比较的全部段落数（还包括别的两份文件之间的 {everything - right} 段）")
        raise Wrong(f"{n} 是 " + "，也是 ".join(why) + f"。请把 min_chars 改成 {MIN_CHARS}，只数 doc_a 是省意见、doc_b 是市方案的行。")
    if n == default_all:
        raise Wrong(f"{n} 是 min_chars=20 时三份文件两两比较的全部段落数。请把 min_chars 改成 {MIN_CHARS}，"
                    "并且只数省意见和市方案之间的行。")
    near_pair, _ = _passages(MIN_CHARS, near=True)
    if n == near_pair and near_pair != right:
        raise Wrong(f"{n} 是加上 near=True 以后的段落数，其中有改了几个字的句子；题目只问完全相同的段落，不要加 near=True。")
    more = "多" if right > n else "少"
    raise Wrong(f"你填的是 {n}，实际的段落比这{more}。请确认写的是 min_chars={MIN_CHARS}，再数 doc_a 是 {PROVINCE}、"
                f"doc_b 是 {CITY} 的行。")


# ---- L09.3: the strongest obligation in the village rules ----------------------------------------

@kit_data
def _village_levels() -> tuple[tuple[str, ...], dict[str, int], str]:
    """Levels of obligation from strongest to weakest, the sentences of the rules at each, and the strongest present."""
    import zhili as zl
    from ..analysis.instruments import STRENGTHS

    tone = zl.obligation_strength(zl.load_corpus(_corpus_folder("samples") / VILLAGE_RULES))
    counts = {str(k): int(v) for k, v in tone["strength"].value_counts().items()}
    present = [lv for lv in STRENGTHS if counts.get(lv, 0)]
    if not present:
        raise LookupError("村规民约中没有一句标明了语气")
    return tuple(STRENGTHS), counts, present[0]


def _strongest(answer):
    name = as_text(answer, what="语气的档次", example="示例")
    levels, counts, right = _village_levels()
    present = [lv for lv in levels if counts.get(lv, 0)]
    if name == right:
        listed = "、".join(f"{lv} {counts[lv]} 句" for lv in present)
        most = max(present, key=lambda lv: (counts[lv], -levels.index(lv)))
        note = (f"出现最多的却是{most}：村规民约更多靠倡导和村民的认同，而不是强制。" if most == "倡导性" and most != right
                else "")
        return True, f"村规民约里语气最强的一档是{right}（{listed}）。{note}"
    if name in ("未标明", "没有", "无"):
        raise Wrong("“未标明”是没有情态词的句子，不是一档语气；请在标明了语气的句子里找最强的一档。")
    if name not in levels:
        raise Wrong(f"语气分三档：{'、'.join(levels)}（从强到弱）。请从中选一档，原样写进引号里。")
    if counts.get(name, 0) == 0:
        raise Wrong(f"村规民约里没有一句被判为{name}：看 strength 一列实际出现了哪几档。")
    most = max(present, key=lambda lv: (counts[lv], -levels.index(lv)))
    if name == most and most != right:
        raise Wrong(f"{name}是出现次数最多的一档（{counts[name]} 句）；题目问的是最强的一档。三档从强到弱是："
                    f"{'、'.join(levels)}。")
    raise Wrong(f"{name}在村规民约里出现了，但不是最强的一档；三档从强到弱是：{'、'.join(levels)}。")


EXERCISES = [
    Exercise("L09.1", f"在 k={K}、seed={SEED} 的主题模型里，案例 {CASE} 以哪个主题为主？填主题编号。", _main_topic,
             (f"运行 docs[docs[\"id\"] == \"{CASE}\"]，读 top_topic 一列；答案写成 answer = 数字，不加引号。",
              "docs 来自 2.3 节的 m.documents()，m 是 2.2 节 seed=0 的模型；如果改过前面的格子，请从头运行。")),
    Exercise("L09.2", f"min_chars={MIN_CHARS} 时，省意见和市方案之间有几段完全相同的段落？", _shared_passages,
             (f"运行 zl.text_reuse(chain, min_chars={MIN_CHARS})，数 doc_a 是 {PROVINCE}、doc_b 是 {CITY} 的行；"
              "答案写成 answer = 数字。",
              f"也可以让电脑来数：len(longer[longer[\"doc_b\"] == \"{CITY}\"])。")),
    Exercise("L09.3", "示例村规民约里语气最强的句子属于哪一档？填约束性、指导性或倡导性。", _strongest,
             ("运行 zl.obligation_strength(village)，读 strength 一列；三档从强到弱是约束性、指导性、倡导性。"
              "答案写成 answer = \"档次名称\"。",
              "“未标明”不是一档；问的是最强的一档，不是出现最多的一档。")),
]
