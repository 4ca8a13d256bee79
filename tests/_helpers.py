"""Helpers shared by several test modules (imported as ``from _helpers import …``)."""
from __future__ import annotations

import re

import zhili as zl
from zhili.exercises import evaluate
from zhili.tokens import Tokens

_CJK = re.compile(r"[\u4e00-\u9fff]")

# Framework element names that other parts of the kit rely on (the casebook's `elements`, lessons,
# the lexicon): they must exist exactly so in the framework and in the lexicon.
CANONICAL = """
治理理念 治理能力 治理体系
基层政权治理能力 群众自治能力 多元共治合力
赋权增能 降压减负 明责划界 强化自治意识 拓宽参与渠道 规范自治程序 增强自治动力
共同缔造
决策共谋 发展共建 建设共管 效果共评 成果共享
四下基层 一下三民 四权同下 资金统筹权 力量调配权 协商议事权 考核评价权
宜接就办 入户走访 村湾夜话 坝坝会 投工投劳 让地让利 村规民约 公益积分制 服务谁谁评价 纵向到底 横向到边 共建共治共享
共同精神
大治理观 大资源观 3+N公约体系 八级党组织架构 五线并进 1+1+N党群服务中心 15分钟服务圈 两长N员 四长两队
五民工作法 四事分流 一网统管 一网通办 一网协同 每月一题
""".split()


def hand_tokens(docs: dict[str, list[list[str]]], docvars: dict | None = None) -> Tokens:
    """Tokens given by hand: one sentence per inner list (the text is the words plus 。)."""
    texts = {d: "".join("".join(u) + "。" for u in units) for d, units in docs.items()}
    corpus = zl.Corpus.from_texts(texts, docvars=docvars)
    tokens = [list(u) for units in docs.values() for u in units]
    doc_index = [i for i, units in enumerate(docs.values()) for _ in units]
    toks = Tokens(corpus, "sentence", tokens, doc_index, {"settings": {"pos": False}})
    assert len(toks.units) == len(tokens)  # the hand-made units line up with the corpus units
    return toks


def assert_wrong(exercise_id: str, answer, *fragments: str) -> str:
    """Assert that ``answer`` is rejected with Chinese feedback (no traceback); return the message."""
    fb = evaluate(exercise_id, answer)
    assert fb.status == "wrong", fb.message
    assert "✗" in fb.message and _CJK.search(fb.message)
    assert "Traceback" not in fb.message
    for fragment in fragments:
        assert fragment in fb.message, fb.message
    return fb.message
