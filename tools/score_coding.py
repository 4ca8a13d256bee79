"""Score the kit's 理念/能力/体系 coding against two coders' hand codes of real policy sentences (issue 12).

The sentences and the codes stay outside the repository (they quote real documents); this script
reads them from the paths given and prints only figures:

    python tools/score_coding.py SENTENCES.tsv CODES_A.tsv CODES_B.tsv [--show-errors]

``SENTENCES.tsv``: ``sid``, ``set`` (dev/test), ``doc``, ``unit_id``, ``text``; ``CODES_*.tsv``: ``sid``
and 0/1 columns 理念, 能力, 体系. It prints the agreement between the two coders (Cohen's κ), then
precision, recall and F1 of the dictionary coder (``zl.code_dictionary(…, "theory")``) on the
sentences where the coders agree, per set; and, when ``zl.train_coder`` is available, the trained
coder's figures: cross-validated on the dev set, and trained on dev, tested on test.
"""
from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

CATS = ["理念", "能力", "体系"]
LABEL = {"理念": "治理理念", "能力": "治理能力", "体系": "治理体系"}


def prf(gold: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    tp = int((gold & pred).sum())
    p = tp / pred.sum() if pred.sum() else float("nan")
    r = tp / gold.sum() if gold.sum() else float("nan")
    f = 2 * p * r / (p + r) if p + r and not np.isnan(p + r) else 0.0
    return p, r, f


def main() -> None:
    import zhili as zl

    ap = argparse.ArgumentParser()
    ap.add_argument("sentences")
    ap.add_argument("codes_a")
    ap.add_argument("codes_b")
    ap.add_argument("--show-errors", action="store_true", help="print the dictionary's misses and false hits (dev set)")
    args = ap.parse_args()
    s = pd.read_csv(args.sentences, sep="\t", dtype={"sid": str})
    a = pd.read_csv(args.codes_a, sep="\t", dtype={"sid": str})
    b = pd.read_csv(args.codes_b, sep="\t", dtype={"sid": str})
    m = s.merge(a, on="sid").merge(b, on="sid", suffixes=("_A", "_B"))
    corpus = zl.Corpus.from_texts(dict(zip(m["sid"], m["text"])))
    coded = zl.code_dictionary(corpus, "theory", unit="document").set_index("doc_id")
    print("两位编码者的一致性（Cohen's κ）与词典编码（只计两人一致的句子）")
    macro = {}
    for st in ("dev", "test"):
        x = m[m["set"] == st]
        f1s = []
        for c in CATS:
            kappa = zl.coding_agreement(x[c + "_A"].tolist(), x[c + "_B"].tolist())["cohen_kappa"].iloc[0]
            agree = x[x[c + "_A"] == x[c + "_B"]]
            gold = agree[c + "_A"].to_numpy(dtype=bool)
            pred = coded.loc[agree["sid"], LABEL[c]].to_numpy() > 0
            p, r, f = prf(gold, pred)
            f1s.append(f)
            print(f"  {st:4} {c}: κ={kappa:.3f}  一致 {len(agree)} 句，其中编码 {gold.sum():3d}；"
                  f"词典 P={p:.2f} R={r:.2f} F1={f:.2f}")
            if args.show_errors and st == "dev":
                for sid, g, pr in zip(agree["sid"], gold, pred):
                    if g != pr:
                        text = m.set_index("sid").loc[sid, "text"]
                        ev = coded.loc[sid, "evidence"]
                        print(f"      {c} {'漏' if g else '误'} {sid} [{ev}] {text[:70]}")
        macro[st] = float(np.mean(f1s))
        print(f"  {st:4} 词典 macro-F1 = {macro[st]:.3f}")
    if hasattr(zl, "train_coder"):
        _trained(zl, m)


def _trained(zl, m: pd.DataFrame) -> None:
    def agreed(x: pd.DataFrame) -> pd.DataFrame:
        both = np.ones(len(x), dtype=bool)
        for c in CATS:
            both &= (x[c + "_A"] == x[c + "_B"]).to_numpy()
        x = x[both]
        return pd.DataFrame({"unit_id": x["sid"], "text": x["text"], **{LABEL[c]: x[c + "_A"].to_numpy() for c in CATS}})

    dev, test = agreed(m[m["set"] == "dev"]), agreed(m[m["set"] == "test"])
    coder = zl.train_coder(dev, seed=0)
    print("训练的编码器：在 dev 上交叉验证")
    print(coder.report.round(2).to_string(index=False))
    pred = coder.code(zl.Corpus.from_texts(dict(zip(test["unit_id"], test["text"]))), unit="document").set_index("doc_id")
    f1s = []
    for c in CATS:
        p, r, f = prf(test[LABEL[c]].to_numpy(dtype=bool), pred.loc[test["unit_id"], LABEL[c]].to_numpy() > 0)
        f1s.append(f)
        print(f"  dev 训练 → test {c}: P={p:.2f} R={r:.2f} F1={f:.2f}")
    print(f"  dev 训练 → test macro-F1 = {np.mean(f1s):.3f}")


if __name__ == "__main__":
    main()
