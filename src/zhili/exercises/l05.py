"""Exercises of lesson 05 (共词网络).

The checks rebuild the lesson's network from the library (casebook narratives, the lesson's
extra stopwords, sentence co-occurrence, ``top_n=50``, ``max_edges=100``), so the expected
answers follow the data rather than being written down here.
"""
from __future__ import annotations

from functools import lru_cache

from . import Exercise, Wrong, as_number, as_text

# Words the case narratives use to talk about their sources and teaching use; the lesson removes
# them with ``extra_stopwords`` (keep in step with notebooks/05-network.ipynb).
META_WORDS = ("报道", "案例", "教学", "论文", "学员", "材料", "作者", "记者", "介绍", "说明", "具体", "有人",
              "牟伟", "给出", "概括", "这是", "之一", "能否", "看到", "来自", "提出", "列为", "一位", "一条")
TOP_N = 50
MAX_EDGES = 100


@lru_cache(maxsize=1)
def _tokens():
    import zhili as zl

    return zl.tokenize(zl.cases(as_corpus=True), extra_stopwords=list(META_WORDS), progress=False)


def _network(measure: str = "jaccard"):
    import zhili as zl

    return zl.cooccurrence_network(_tokens(), measure=measure, top_n=TOP_N, max_edges=MAX_EDGES)


def _highest_degree(answer):
    import zhili as zl

    table = zl.centrality(_network(), measures=("degree",))
    term = as_text(answer, example="居民")
    best = table["term"].iloc[0]
    degree = dict(zip(table["term"], table["degree"]))
    if term == best:
        return True, f"“{best}”与 {degree[best]} 个词相连，是网络里连接最广的词。"
    if term not in degree:
        raise Wrong(f"“{term}”不在网络 g 里：请在 zl.centrality(g) 的 term 列中找。")
    most_frequent = max(degree, key=lambda t: (_count(t), t))
    if term == most_frequent:
        raise Wrong(f"“{term}”是出现次数（count）最多的词，但度数（degree）看的是它和多少个不同的词相连。")
    raise Wrong(f"“{term}”的度数是 {degree[term]}，还有度数更高的词。")


def _count(term: str) -> int:
    return int(_network().nodes[term].get("count", 0))


def _n_communities(answer):
    import zhili as zl

    g = _network()
    n = int(zl.communities(g, seed=42)["community"].nunique())
    value = as_number(answer, what="社群的个数")
    if value == n:
        return True, f"Louvain 方法（seed=42）把 {g.number_of_nodes()} 个词分成 {n} 个社群。"
    if value == g.number_of_nodes():
        raise Wrong(f"{int(value)} 是网络的节点数（词数），题目问的是社群的个数。")
    if value == g.number_of_edges():
        raise Wrong(f"{int(value)} 是网络的边数，题目问的是社群的个数。")
    if value == n - 1:
        raise Wrong("社群从 0 开始编号：最大的编号加 1 才是社群的个数。")
    raise Wrong(f"你填的是 {answer}，与 zl.communities(g) 的结果不符。")


def _edge_weight(answer):
    import zhili as zl

    toks = _tokens()
    m, terms, _ = zl.cooccurrence_matrix(toks, vocabulary=["居民", "社区"])
    right = int(m[terms.index("居民"), terms.index("社区")])
    value = as_number(answer, what="共现次数")
    if value == right:
        return True, f"“居民”和“社区”在 {right} 个句子里同时出现。"
    jaccard = _network("jaccard")
    if jaccard.has_edge("居民", "社区") and abs(value - jaccard["居民"]["社区"]["weight"]) < 1e-6:
        raise Wrong("这是 Jaccard 网络 g 里的权重（0 到 1 之间的比例），题目问的是 measure=\"count\" 的共现次数。")
    if 0 < value < 1:
        raise Wrong("共现次数是整数：请用 measure=\"count\" 的网络（如 g_count）读取这条边的 weight。")
    raise Wrong(f"你填的是 {answer}：请读取 g_count[\"居民\"][\"社区\"][\"weight\"]。")


EXERCISES = [
    Exercise("L05.1", "在本课的网络 g（句子共现、jaccard、top_n=50、max_edges=100）中，度数（degree）最高的词是哪一个？",
             _highest_degree,
             ("zl.centrality(g) 的表已经按 degree 从高到低排好，看第一行的 term。",
              "度数是“和多少个不同的词相连”，不是出现次数。")),
    Exercise("L05.2", "用 zl.communities(g, seed=42) 划分网络 g，一共有多少个社群？", _n_communities,
             ("可以对 community 列用 .nunique()。",
              "社群编号从 0 开始。")),
    Exercise("L05.3", "按句子共现次数（measure=\"count\"），“居民”和“社区”之间那条边的权重是多少？", _edge_weight,
             ("在 count 网络 g_count 中，一条边的权重写作 g_count[\"居民\"][\"社区\"][\"weight\"]。",
              "Jaccard 是比例，count 才是次数。")),
]
