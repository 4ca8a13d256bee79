"""Exercises of lesson 05 (共词网络).

The checks rebuild the lesson's network from the library (casebook narratives, the lesson's
extra stopwords, sentence co-occurrence, ``top_n=50``, ``max_edges=100``), so the expected
answers follow the data rather than being written down here.
"""
from __future__ import annotations

from . import Exercise, Wrong, as_number, as_text, kit_data

# Words the case narratives use to talk about their sources; the lesson removes
# them with ``extra_stopwords`` (keep in step with notebooks/05-network.ipynb).
META_WORDS = ("报道", "案例", "论文", "材料", "作者", "记者", "通讯员", "介绍", "说明", "具体", "有人",
              "牟伟", "给出", "概括", "这是", "之一", "看到", "来自", "提出", "列为", "一位", "一条")
TOP_N = 50
MAX_EDGES = 100


@kit_data
def _tokens():
    import zhili as zl

    return zl.tokenize(zl.cases(as_corpus=True), extra_stopwords=list(META_WORDS), progress=False)


@kit_data
def _network(measure: str = "jaccard"):
    import zhili as zl

    return zl.cooccurrence_network(_tokens(), measure=measure, top_n=TOP_N, max_edges=MAX_EDGES)


@kit_data
def _degrees() -> tuple[list[str], dict[str, int], str]:
    """The terms of highest degree (ties in table order), every term's degree, and the most frequent term."""
    import zhili as zl

    table = zl.centrality(_network(), measures=("degree",))
    degree = {str(t): int(d) for t, d in zip(table["term"], table["degree"])}
    top = max(degree.values())
    best = [t for t in degree if degree[t] == top]
    counts = {t: int(_network().nodes[t].get("count", 0)) for t in degree}
    return best, degree, max(degree, key=lambda t: (counts[t], t))


def _highest_degree(answer):
    term = as_text(answer, example="居民")
    best, degree, most_frequent = _degrees()
    if term in best:
        others = [t for t in best if t != term]
        tie = f"（与{''.join(f'“{t}”' for t in others)}并列）" if others else ""
        return True, f"“{term}”与 {degree[term]} 个词相连，是网络里连接最广的词{tie}。"
    if term not in degree:
        raise Wrong(f"“{term}”不在网络 g 里：请在 zl.centrality(g) 的 term 列中找。")
    if term == most_frequent:
        raise Wrong(f"“{term}”是出现次数（count）最多的词，但度数（degree）看的是它和多少个不同的词相连。")
    raise Wrong(f"“{term}”的度数是 {degree[term]}，还有度数更高的词。")


@kit_data
def _community_facts() -> tuple[int, int, int]:
    """Communities (Louvain, seed 42), nodes and edges of the lesson's network."""
    import zhili as zl

    g = _network()
    return int(zl.communities(g, seed=42)["community"].nunique()), g.number_of_nodes(), g.number_of_edges()


def _n_communities(answer):
    value = as_number(answer, what="社群的个数")
    n, n_nodes, n_edges = _community_facts()
    if value == n:
        return True, f"Louvain 方法（seed=42）把 {n_nodes} 个词分成 {n} 个社群。"
    if value == n_nodes:
        raise Wrong(f"{int(value)} 是网络的节点数（词数），题目问的是社群的个数。")
    if value == n_edges:
        raise Wrong(f"{int(value)} 是网络的边数，题目问的是社群的个数。")
    if value == n - 1:
        raise Wrong("社群从 0 开始编号：最大的编号加 1 才是社群的个数。")
    raise Wrong(f"你填的是 {answer}，与 zl.communities(g) 的结果不符。")


#: The edge the lesson reads as a worked example (section 3); the student changes 小区 to 居民.
EXAMPLE_EDGE = ("小区", "社区")


@kit_data
def _resident_community() -> tuple[int, float | None, int]:
    """Sentences where 居民 and 社区 co-occur, their Jaccard weight in g (None: no edge), and the
    count of the worked example's edge."""
    import zhili as zl

    m, terms, _ = zl.cooccurrence_matrix(_tokens(), vocabulary=["居民", *EXAMPLE_EDGE])
    jaccard = _network("jaccard")
    weight = float(jaccard["居民"]["社区"]["weight"]) if jaccard.has_edge("居民", "社区") else None
    example = int(m[terms.index(EXAMPLE_EDGE[0]), terms.index(EXAMPLE_EDGE[1])])
    return int(m[terms.index("居民"), terms.index("社区")]), weight, example


def _edge_weight(answer):
    value = as_number(answer, what="共现次数")
    right, jaccard, example = _resident_community()
    if value == right:
        return True, f"“居民”和“社区”在 {right} 个句子里同时出现。"
    if value == example:
        raise Wrong(f"{example} 是示范那条边（“{EXAMPLE_EDGE[0]}”—“{EXAMPLE_EDGE[1]}”）的权重：把“{EXAMPLE_EDGE[0]}”改成“居民”再运行。")
    if jaccard is not None and abs(value - jaccard) < 1e-6:
        raise Wrong("这是 Jaccard 网络 g 里的权重（0 到 1 之间的比例），题目问的是 measure=\"count\" 的共现次数。")
    if 0 < value < 1:
        raise Wrong("共现次数是整数：请用 measure=\"count\" 的网络（如 g_count）读取这条边的 weight。")
    raise Wrong(f"你填的是 {answer}：请运行 g_count[\"居民\"][\"社区\"][\"weight\"] 读取这条边的权重。")


EXERCISES = [
    Exercise("L05.1", "在本课的网络 g（句子共现、jaccard、top_n=50、max_edges=100）中，度数（degree）最高的词是哪一个？"
             "（有并列时写其中任意一个）",
             _highest_degree,
             ("zl.centrality(g) 的表已经按 degree 从高到低排好，看第一行的 term（词语）。",
              "度数是“和多少个不同的词相连”，不是出现次数。")),
    Exercise("L05.2", "用 zl.communities(g, seed=42) 划分网络 g，一共有多少个社群？", _n_communities,
             ("第 5 节的 topics 表每行是一个社群：len(topics) 数一数它有几行。",
              "社群编号从 0 开始：最大的编号加 1 才是个数。")),
    Exercise("L05.3", "按句子共现次数（measure=\"count\"），“居民”和“社区”之间那条边的权重是多少？", _edge_weight,
             ("仿照第 3 节：在 count 网络 g_count 中，这条边的权重写作 g_count[\"居民\"][\"社区\"][\"weight\"]。",
              "Jaccard 是比例，count 才是次数。")),
]
