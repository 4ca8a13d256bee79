"""Training a supervised coder on 2,000 hand-coded sentences, cross-validation included (issue 12).

The sentences are the casebook's (``zl.cases(as_corpus=True)``) followed by those of the synthetic
benchmark corpus, labelled for 治理理念 / 治理能力 / 治理体系 by a fixed keyword rule — labels only
for timing, not a coding anyone should use. ``zl.train_coder`` (character n-grams plus the
dictionary's hits, class-balanced logistic regression, 5-fold cross-validation, 1,000 bootstrap
resamples) is timed against a baseline in the same run: a plain scikit-learn pipeline of
character n-gram tf-idf and logistic regression, cross-validated per category with the same
folds and fitted once more on everything, without dictionary features or intervals (the same
solver, ``newton-cg``).

Each timing of ``train_coder`` and of the dictionary coding starts with an empty token cache
(a fresh ``ZHILI_CACHE_DIR``), as on a first run; the training time includes loading the
segmenter.

Target: 2,000 sentences in under 30 s, cross-validation included.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
N_UNITS = int(os.environ.get("ZHILI_BENCH_CODER_UNITS", "2000"))
FOLDS = 5
RULES = {
    "治理理念": ("理念", "人民", "思想", "价值", "坚持", "为民"),
    "治理能力": ("能力", "水平", "提升", "提高", "增强", "本领"),
    "治理体系": ("制度", "体系", "机制", "组织", "健全", "完善"),
}


def labelled_sentences(n: int):
    """``n`` sentences with 0/1 columns from the keyword rule (deterministic)."""
    import pandas as pd

    import synthetic
    import zhili as zl

    texts = zl.cases(as_corpus=True).units("sentence")["text"].tolist()
    if len(texts) < n:
        more = synthetic.make_corpus(max(1, (n - len(texts)) // 40 + 1), chars_per_doc=3000, seed=12)
        texts += more.units("sentence")["text"].tolist()
    texts = texts[:n]
    table = pd.DataFrame({"text": texts})
    for cat, words in RULES.items():
        table[cat] = [int(any(w in t for w in words)) for t in texts]
    return table


def baseline(table, *, seed: int = 0) -> dict:
    """Plain char n-gram tf-idf + class-balanced LR per category: out-of-fold predictions, then a final fit."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline

    def pipeline():
        return make_pipeline(
            TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2, lowercase=False),
            LogisticRegression(class_weight="balanced", solver="newton-cg", max_iter=1000, random_state=seed))

    f1s = []
    for cat in RULES:
        y = table[cat].to_numpy()
        folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=seed)
        pred = cross_val_predict(pipeline(), table["text"], y, cv=folds)
        f1s.append(f1_score(y, pred))
        pipeline().fit(table["text"], y)
    return {"macro_f1": float(np.mean(f1s))}


def main() -> dict:
    import zhili as zl
    from zhili.analysis.supervised import load_coder, train_coder

    table = labelled_sentences(N_UNITS)
    positives = "、".join(f"{c} {int(table[c].sum())}" for c in RULES)

    t = time.perf_counter()
    base = baseline(table)
    base_s = time.perf_counter() - t

    # a fresh token cache for each timing: the dictionary's segmentation is counted, as on a first run
    os.environ["ZHILI_CACHE_DIR"] = tempfile.mkdtemp(prefix="zhili-bench-cache-")
    t = time.perf_counter()
    coder = train_coder(table, folds=FOLDS, seed=0)
    ours = time.perf_counter() - t

    t = time.perf_counter()
    svm = train_coder(table, folds=FOLDS, seed=0, model="svm")
    svm_s = time.perf_counter() - t

    os.environ["ZHILI_CACHE_DIR"] = tempfile.mkdtemp(prefix="zhili-bench-cache-")
    t = time.perf_counter()
    dictionary = zl.code_framework(table["text"].tolist(), unit="document", level="theory")
    dict_s = time.perf_counter() - t

    cases = zl.cases(as_corpus=True)
    t = time.perf_counter()
    coded = coder.code(cases)
    code_s = time.perf_counter() - t

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        folder = coder.save(Path(tmp) / "coder")
        again = load_coder(folder)
        io_s = time.perf_counter() - t
        size_kb = sum(p.stat().st_size for p in folder.iterdir()) / 1024
        same = bool(again.code(cases)[coder.categories].equals(coded[coder.categories]))

    macro = float(coder.report.set_index("category").loc["宏平均", "f1"])
    print(f"有监督编码器：{len(table)} 个句子（按关键词规则标注，仅用于计时；正例：{positives}），{FOLDS} 折交叉验证")
    print(f"  zl.train_coder（字 n-gram + 词典命中，逻辑回归，含交叉验证与 1000 次自助法区间）：{ours:.1f} 秒，"
          f"宏平均 F1 {macro:.3f}")
    svm_f1 = float(svm.report.set_index("category").loc["宏平均", "f1"])
    print(f"  zl.train_coder(model=\"svm\")：{svm_s:.1f} 秒，宏平均 F1 {svm_f1:.3f}")
    print(f"    其中词典编码（code_framework，同样 {len(table)} 句，空缓存）约 {dict_s:.1f} 秒（{len(dictionary)} 行）")
    print(f"  基线（sklearn 字 n-gram tf-idf + 逻辑回归，交叉验证 + 最终拟合，无词典特征与区间）：{base_s:.1f} 秒，"
          f"宏平均 F1 {base['macro_f1']:.3f}；train_coder 用时为基线的 {ours / base_s:.1f} 倍")
    print(f"  coder.code(案例库 {len(coded)} 句)：{code_s:.1f} 秒；保存 + 读取：{io_s:.2f} 秒，"
          f"文件 {size_kb:.0f} KB，读回后编码{'一致' if same else '不一致'}")
    print(f"  {'达标' if ours < 30 else '未达标'}  {len(table)} 句训练（含交叉验证）< 30 秒（{ours:.1f} 秒）")
    return {"seconds": ours, "svm_seconds": svm_s, "baseline_seconds": base_s, "code_seconds": code_s, "macro_f1": macro,
            "baseline_macro_f1": base["macro_f1"], "same_after_load": same}


if __name__ == "__main__":
    main()
