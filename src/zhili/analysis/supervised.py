"""A coder trained on your own hand codes (zhili.analysis.supervised).

The framework dictionary (:func:`zhili.code_framework`) codes a unit when an indicator term occurs
in it. A scholar who has hand-coded a sample can instead *train* a coder on that sample:
:func:`train_coder` learns one classifier per category from the units' character n-grams and the
dictionary's own hits, reports how well it does on units it has not seen (cross-validation), and
returns a :class:`SupervisedCoder` whose :meth:`~SupervisedCoder.code` gives the same table as
``code_framework``.

How it works
------------
- **Features.** Character 1–3-grams of the unit text that occur in at least two training units,
  plus one pseudo-term per dictionary category of ``code_framework(…, level=level)`` whose count
  is the category's hits in the unit. All are weighted together as
  :class:`sklearn.feature_extraction.text.TfidfVectorizer` does (sublinear tf ``1 + log tf``,
  smoothed idf, each row scaled to unit length), so a dictionary hit weighs like a term: the
  model leans on the dictionary only as far as the hand codes show it deserves.
- **Model.** Per category a class-balanced :class:`~sklearn.linear_model.LogisticRegression`
  (``model="logistic"``) or :class:`~sklearn.svm.LinearSVC` (``model="svm"``); a unit is coded 1
  when the decision value is above 0 (for the logistic model: probability above 0.5).
- **Report.** Per category, stratified k-fold cross-validation (shuffled with ``seed``; the
  n-gram vocabulary and idf are fitted inside each fold) gives an out-of-fold prediction for
  every unit. Precision, recall and F1 are computed on these; the 95 % intervals are percentile
  intervals from 1,000 bootstrap resamples of the units (seeded), the same resamples for every
  category, so that the macro average gets one too. The intervals show how much the figures
  depend on which units were hand-coded; they do not include the variation from refitting.
- **Files.** :meth:`SupervisedCoder.save` writes a folder with ``coder.json`` (settings,
  categories, n-gram vocabulary, kit and framework versions, training size, the report) and
  ``coder.npz`` (idf, coefficients, intercepts). Nothing is pickled and loading runs no code.

Trust / 信任
------------
模型文件凝结的是另一个人的编码决定，而且可能被改动过：不要盲目使用别人的模型。先看它的
``report``（训练单元数、每个类别的交叉验证精确率/召回率/F1 及区间），再在自己的语料中抽取
一批单元人工编码，用 :func:`zhili.validate_dictionary` 检验 ``coder.code()`` 的结果。

A model file encodes someone else's coding decisions and may have been doctored: do not trust one
blindly. Read its ``report`` (training size, cross-validated precision / recall / F1 with their
intervals), then hand-code a sample of your own units and check ``coder.code()`` against it with
:func:`zhili.validate_dictionary`.
"""
from __future__ import annotations

import json
import math
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import sparse

from .._errors import ZhiliError, check_choice, check_positive_int, warn

__all__ = ["SupervisedCoder", "train_coder", "load_coder"]

Model = Literal["logistic", "svm"]
Unit = Literal["sentence", "paragraph", "item", "document"]

FORMAT = "zhili-coder/1"
NGRAMS = (1, 3)
MIN_DF = 2
BOOTSTRAP = 1000
EVIDENCE_NGRAMS = 3
MACRO = "宏平均"
REPORT_COLUMNS = ["category", "n", "n_positive", "precision", "precision_low", "precision_high",
                  "recall", "recall_low", "recall_high", "f1", "f1_low", "f1_high", "dictionary_f1"]
_JSON, _NPZ = "coder.json", "coder.npz"
_LEAD = ["doc_id", "unit_id", "heading_path", "text", "n_chars"]
#: columns of a unit or coding table that are never categories
_RESERVED = {"doc_id", "unit_id", "heading_path", "n_chars", "evidence", "categories", "index", "paragraph",
             "start", "end"}
_KINDS = {"s": "sentence", "p": "paragraph", "i": "item", "d": "document"}
_UNIT_ID = re.compile(r"#([spid])\d+$")
#: marks people use for yes/no in a spreadsheet; a column of these is a category coded as text
_MARKS = {"是", "否", "有", "无", "对", "错", "x", "X", "×", "√", "✓", "✔", "y", "n", "Y", "N", "yes", "no", "Yes", "No",
          "YES", "NO", "0", "1"}
_SEP = "；"


# ============================================================================ the coder


class SupervisedCoder:
    """A coder trained on hand codes; made by :func:`train_coder` or :func:`load_coder`.

    Attributes
    ----------
    categories : list of str
        The categories it codes, in column order.
    level : str
        The dictionary level whose hits are features (see :func:`zhili.code_framework`).
    model : {"logistic", "svm"}
    unit : str or None
        The unit kind it was trained on (``"sentence"`` …), None when trained on a text column.
    info : dict
        Provenance: ``format``, ``kit_version``, ``framework`` (version), ``n_train``,
        ``folds``, ``seed``, ``ngram_range``, ``min_df``, ``bootstrap``.

    Examples
    --------
    See :func:`train_coder`.
    """

    def __init__(self, *, categories: list[str], level: str, model: str, unit: str | None,
                 vocabulary: list[str], idf: np.ndarray, dictionary: list[str], coef: np.ndarray,
                 intercept: np.ndarray, report: pd.DataFrame, info: dict[str, Any]) -> None:
        self.categories = list(categories)
        self.level = level
        self.model = model
        self.unit = unit
        self.vocabulary = list(vocabulary)
        self.idf = np.asarray(idf, dtype=np.float64)
        self.dictionary = list(dictionary)
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.info = dict(info)
        self._report = report
        self._counter = None

    def __repr__(self) -> str:
        macro = self._report.loc[self._report["category"] == MACRO, "f1"]
        f1 = f"{macro.iloc[0]:.2f}" if len(macro) and not pd.isna(macro.iloc[0]) else "—"
        return (f"<SupervisedCoder：{self.model}，{len(self.categories)} 个类别（{'、'.join(self.categories)}），"
                f"训练单元 {self.info.get('n_train')} 个，交叉验证宏平均 F1 {f1}>")

    @property
    def report(self) -> pd.DataFrame:
        """Cross-validated precision, recall and F1 per category, with 95 % intervals.

        One row per category, then a row ``宏平均`` (macro average over the categories; its
        ``n`` is the number of training units and ``n_positive`` the units with at least one
        category). Columns: ``category``, ``n`` (units with a label for the category),
        ``n_positive``, ``precision``, ``precision_low``, ``precision_high``, ``recall``,
        ``recall_low``, ``recall_high``, ``f1``, ``f1_low``, ``f1_high`` (point estimates from
        the out-of-fold predictions, intervals from the bootstrap; see the module notes),
        ``dictionary_f1`` (F1 of the dictionary alone — a unit with a hit in the category of the
        same name counts as coded — NaN when the dictionary has no such category). NaN where a
        figure is undefined (precision when nothing was coded).
        """
        return self._report.copy()

    # ------------------------------------------------------------------ features

    def _features(self, texts: Sequence[str], hits: np.ndarray) -> sparse.csr_matrix:
        if self._counter is None:
            self._counter = _counter(self.vocabulary)
        return _tfidf(_stack(self._counter.transform(texts), hits), self.idf)

    def _decision(self, texts: Sequence[str], hits: np.ndarray) -> tuple[np.ndarray, sparse.csr_matrix]:
        x = self._features(texts, hits)
        return np.asarray(x @ self.coef.T) + self.intercept, x

    # ------------------------------------------------------------------ coding

    def code(self, data: Any, *, unit: Unit | None = None) -> pd.DataFrame:
        """Code every unit of ``data`` with the trained model: the table of :func:`zhili.code_framework`.

        Parameters
        ----------
        data : Corpus, str, list of str, mapping, or Tokens
            What to code, as for :func:`zhili.code_framework` (Tokens are coded unit by unit as
            they are and ``unit`` is ignored).
        unit : {"sentence", "paragraph", "item", "document"}, optional
            The unit a row stands for; default: the unit the coder was trained on, or
            ``"sentence"`` when it was trained on a text column.

        Returns
        -------
        pandas.DataFrame
            One row per unit. Columns: ``doc_id``, ``unit_id``, ``heading_path``, ``text``,
            ``n_chars``; one int column (0/1) per category of the coder, in its order;
            ``evidence`` (for each category coded 1, the character n-grams of two or more
            characters that pushed the unit most towards it — up to three, strongest first —
            as ``类别：n-gram、n-gram``, categories joined by ``；``); ``categories`` (the
            categories coded 1, joined by ``；``); then the docvars, as ``code_framework``
            gives them (a docvar named like a category gets the prefix ``doc_``). ``attrs``:
            ``model``, ``categories``, ``level``, ``unit``, ``framework``, ``kit_version``,
            ``n_train``.
        """
        coded = _dictionary_table(data, unit=unit or self.unit or "sentence", level=self.level)
        names = _dictionary_names(coded)
        hits = _dictionary_matrix(coded, self.dictionary, names)
        texts = coded["text"].astype(str).tolist()
        decision, x = self._decision(texts, hits) if len(texts) else (np.zeros((0, len(self.categories))), None)
        predicted = decision > 0
        evidence = self._evidence(x, predicted) if len(texts) else []
        labels = np.array(self.categories, dtype=object)

        lead = coded[[c for c in _LEAD if c in coded.columns]].reset_index(drop=True)
        cats = pd.DataFrame(predicted.astype(np.int64), columns=self.categories)
        tail = pd.DataFrame({"evidence": evidence,
                             "categories": ["" if not row.any() else _SEP.join(labels[row]) for row in predicted]},
                            dtype=object)
        fixed = set(_LEAD) | set(names) | {"evidence", "categories"}
        docvars = coded[[c for c in coded.columns if c not in fixed]].reset_index(drop=True)
        taken = set(lead.columns) | set(self.categories) | {"evidence", "categories"}
        renamed = {}
        for col in docvars.columns:
            name = str(col)
            while name in taken:
                name = f"doc_{name}"
            taken.add(name)
            renamed[col] = name
        out = pd.concat([lead, cats, tail, docvars.rename(columns=renamed)], axis=1)
        out.attrs = {"model": self.model, "categories": list(self.categories), "level": self.level,
                     "unit": getattr(data, "unit", None) or unit or self.unit or "sentence",
                     "framework": coded.attrs.get("framework"), "kit_version": self.info.get("kit_version"),
                     "n_train": self.info.get("n_train")}
        return out

    def _evidence(self, x: sparse.csr_matrix, predicted: np.ndarray) -> list[str]:
        n_vocab = len(self.vocabulary)
        long = np.array([len(g) >= 2 for g in self.vocabulary], dtype=bool)
        out = [""] * x.shape[0]
        for i in np.flatnonzero(predicted.any(axis=1)):
            lo, hi = x.indptr[i], x.indptr[i + 1]
            cols, vals = x.indices[lo:hi], x.data[lo:hi]
            keep = cols < n_vocab
            cols, vals = cols[keep], vals[keep]
            keep = long[cols]
            cols, vals = cols[keep], vals[keep]
            parts = []
            for j in np.flatnonzero(predicted[i]):
                contrib = vals * self.coef[j, cols]
                order = np.lexsort((cols, -contrib))
                top = [self.vocabulary[cols[k]] for k in order[:EVIDENCE_NGRAMS] if contrib[k] > 0]
                parts.append(f"{self.categories[j]}：{'、'.join(top)}" if top else self.categories[j])
            out[i] = _SEP.join(parts)
        return out

    # ------------------------------------------------------------------ files

    def save(self, path: str | Path) -> Path:
        """Write the coder to the folder ``path``: ``coder.json`` and ``coder.npz`` (no pickle).

        The folder is created if needed; the two files are replaced if they exist. Returns the
        folder. Read it back with :func:`load_coder`.
        """
        folder = Path(path)
        if folder.exists() and not folder.is_dir():
            raise ZhiliError(f"无法保存到 {folder}：这是一个文件。请给出一个文件夹名（如 \"my_coder\"）。")
        folder.mkdir(parents=True, exist_ok=True)
        meta = {
            "format": FORMAT,
            "categories": self.categories,
            "level": self.level,
            "model": self.model,
            "unit": self.unit,
            "dictionary": self.dictionary,
            "info": self.info,
            "report": _records(self._report),
            "vocabulary": self.vocabulary,
            "provenance": _provenance_record(self.level),
            "note": "模型文件凝结的是训练者的编码决定，且可能被改动：使用前请查看 report，并用自己的人工编码样本重新检验。"
                    " / This file encodes its trainer's coding decisions and may have been altered: "
                    "read its report and re-validate on a hand-coded sample of your own before use.",
        }
        (folder / _JSON).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        with open(folder / _NPZ, "wb") as fh:
            np.savez(fh, idf=self.idf, coef=self.coef, intercept=self.intercept)
        return folder


def _provenance_record(level: Any) -> dict:
    """Kit, data and library versions and the date, stored with a saved coder (sklearn matters here)."""
    from ..dictionaries import load_dictionary
    from ..records import provenance

    try:
        used = [load_dictionary(level)] if isinstance(level, str) else None
    except ZhiliError:  # a level that is not a built-in dictionary: record the default
        used = None
    return provenance(dictionary=used).to_dict()


# ============================================================================ training


def train_coder(hand_coded: pd.DataFrame, data: Any = None, *, text: str = "text",
                categories: str | Sequence[str] | None = None, level: str = "theory",
                model: Model = "logistic", folds: int = 5, seed: int = 0) -> SupervisedCoder:
    """Train a coder on hand-coded units: one classifier per category, with a cross-validated report.

    Parameters
    ----------
    hand_coded : pandas.DataFrame
        One row per unit and one column per category with 0/1 codes (multi-label: a unit may
        have several categories or none). Accepted codes: 0/1, True/False, 0.0/1.0 (and the
        strings ``"0"``/``"1"``); a blank cell means "not coded": the unit is left out of that
        category's training and report, with a warning. The texts come from a column (``text``)
        — or, when ``data`` is given, from a ``unit_id`` column looked up in ``data``.
    data : Corpus, Tokens, str, list of str or mapping, optional
        The corpus the ``unit_id`` values come from. The kind of unit is read from the ids
        (``doc1#s3`` a sentence, ``#p`` a paragraph, ``#i`` a policy item, ``#d`` a document,
        as made by :meth:`zhili.Corpus.units`); all ids must be of one kind.
    text : str, default "text"
        The text column, used when ``data`` is not given (with ``data`` the texts come from
        the corpus and a text column is ignored). Texts are normalised as the corpus reader
        does (:func:`zhili.normalize_text`).
    categories : str or list of str, optional
        The category columns. Default: every column whose values are all 0/1 (or blank),
        other than ``text``, the unit-table columns (``doc_id``, ``unit_id``, ``heading_path``,
        ``n_chars`` …) and the docvars of ``data``.
    level : {"theory", "dimension", "subdimension", "element", "stage"}, default "theory"
        The dictionary level whose per-category hits (:func:`zhili.code_framework`) are
        features beside the character n-grams.
    model : {"logistic", "svm"}, default "logistic"
        Class-balanced logistic regression or linear support-vector machine.
    folds : int, default 5
        Folds of the stratified cross-validation; every category needs at least ``folds``
        units coded 1 and ``folds`` coded 0.
    seed : int, default 0
        Seeds the folds, the models and the bootstrap: the same input and seed give the same
        coder and report.

    Returns
    -------
    SupervisedCoder
        Fitted on all hand-coded units; ``coder.report`` holds the cross-validated figures.

    Raises
    ------
    zhili.ZhiliError
        In Chinese, naming the column and the rows: a requested category that is not a
        column, codes that are not 0/1 (``"是"``/``"否"``, ``"x"`` …), a category with too few
        units coded 1 or 0 for ``folds``, empty texts, ``unit_id`` values not in ``data`` or
        repeated, a missing text or ``unit_id`` column.

    See Also
    --------
    load_coder : read a saved coder.
    zhili.code_framework : the dictionary coder (same output table).
    zhili.validate_dictionary : check a coding against hand codes.

    Notes
    -----
    See the module notes for the features, the model and how the intervals are computed.

    Examples
    --------
    >>> import pandas as pd
    >>> hand = pd.DataFrame({
    ...     "text": ["坚持以人民为中心的发展思想", "树立共建共治共享的治理理念", "坚持人民至上的价值追求",
    ...              "提升乡镇应急处置能力", "增强村干部依法办事能力", "提高基层干部服务能力"],
    ...     "理念": [1, 1, 1, 0, 0, 0], "能力": [0, 0, 0, 1, 1, 1]})
    >>> coder = train_coder(hand, folds=2, seed=0)
    >>> coder.report[["category", "n", "n_positive"]].values.tolist()
    [['理念', 6, 3], ['能力', 6, 3], ['宏平均', 6, 6]]
    >>> coder.code("坚持以人民为中心。提升应急处置能力。")[["text", "理念", "能力"]].values.tolist()
    [['坚持以人民为中心。', 1, 0], ['提升应急处置能力。', 0, 1]]
    """
    check_choice("model", model, ("logistic", "svm"))
    check_positive_int("folds", folds)
    if folds < 2:
        raise ZhiliError(f"参数 folds={folds!r} 无效：交叉验证至少需要 2 折。")
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
        raise ZhiliError(f"参数 seed={seed!r} 无效：应为整数。")
    seed = int(seed)
    if not isinstance(hand_coded, pd.DataFrame):
        raise ZhiliError(f"hand_coded 应为表格（pandas.DataFrame），每行一个单元、每个类别一列 0/1，"
                         f"收到的是 {type(hand_coded).__name__}。")
    if len(hand_coded) == 0:
        raise ZhiliError("hand_coded 是空表：请至少给出若干条人工编码的单元。")
    hand = hand_coded.reset_index(drop=True) if not hand_coded.index.is_unique else hand_coded
    if not all(isinstance(c, str) for c in hand.columns):
        hand = hand.rename(columns=str)
    texts, unit, corpus_columns = _hand_texts(hand, data, text)
    cats = _category_names(hand, categories, text=text, exclude=corpus_columns)
    y = _labels(hand, cats)
    _check_counts(y, cats, folds)

    from .. import __version__

    coded = _dictionary_table(texts, unit="document", level=level)
    if len(coded) != len(texts):  # pragma: no cover - guards a change in code_framework
        raise ZhiliError("词典编码的单元数与人工编码表不一致：请检查文本中是否有空白文本。")
    names = _dictionary_names(coded)
    hits = _dictionary_matrix(coded, names, names)
    counter = _counter(None)
    ngrams = counter.fit_transform(texts)
    counts = _stack(ngrams, hits)
    n_ngrams = ngrams.shape[1]

    oof = np.full(y.shape, np.nan)
    for j in range(len(cats)):
        oof[:, j] = _cross_validate(counts, n_ngrams, y[:, j], model=model, folds=folds, seed=seed)
    report = _report(y, oof, hits, names, cats, seed=seed)

    keep, idf = _fit_idf(counts, np.arange(len(texts)), n_ngrams)
    x = _tfidf(counts[:, keep], idf)
    coef = np.zeros((len(cats), x.shape[1]))
    intercept = np.zeros(len(cats))
    for j in range(len(cats)):
        labelled = ~np.isnan(y[:, j])
        est = _fit(x[labelled], y[labelled, j].astype(np.int64), model=model, seed=seed)
        coef[j], intercept[j] = est.coef_.ravel(), float(np.ravel(est.intercept_)[0])
    features = counter.get_feature_names_out()
    vocabulary = [str(g) for g in features[keep[keep < n_ngrams]]]
    info = {"format": FORMAT, "kit_version": __version__, "framework": coded.attrs.get("framework"),
            "n_train": len(texts), "folds": folds, "seed": seed, "ngram_range": list(NGRAMS), "min_df": MIN_DF,
            "bootstrap": BOOTSTRAP}
    return SupervisedCoder(categories=cats, level=level, model=model, unit=unit, vocabulary=vocabulary, idf=idf,
                           dictionary=names, coef=coef, intercept=intercept, report=report, info=info)


# ---------------------------------------------------------------------------- hand-coded table


def _where(hand: pd.DataFrame, positions: Sequence[int], values: Sequence[Any] | None = None, k: int = 5) -> str:
    """'索引 3（doc1#s4，'是'）、…' for the first ``k`` rows: index labels, unit ids and values."""
    ids = hand["unit_id"].astype(str).tolist() if "unit_id" in hand.columns else None
    parts = []
    for n, p in enumerate(positions[:k]):
        extra = []
        if ids is not None:
            extra.append(ids[p])
        if values is not None:
            extra.append(repr(values[n]))
        parts.append(f"{hand.index[p]}" + (f"（{'，'.join(extra)}）" if extra else ""))
    more = f" 等 {len(positions)} 行" if len(positions) > k else ""
    return "索引 " + "、".join(parts) + more


def _hand_texts(hand: pd.DataFrame, data: Any, text: str) -> tuple[list[str], str | None, set[str]]:
    """The unit texts, the unit kind (None for a text column) and the columns that are not codes."""
    from ..readers import normalize_text

    if data is None:
        if not isinstance(text, str) or text not in hand.columns:
            hint = "，或给出 unit_id 列并用 data= 传入语料" if "unit_id" in hand.columns else ""
            raise ZhiliError(f"人工编码表中没有文本列 {text!r}：请用 text= 指明文本所在的列{hint}。"
                             f"现有的列：{'、'.join(map(str, hand.columns))}。")
        texts = [normalize_text(t).strip() if isinstance(t, str) else "" for t in hand[text].tolist()]
        bad = [i for i, t in enumerate(texts) if not t]
        if bad:
            raise ZhiliError(f"人工编码表的 {text!r} 列有 {len(bad)} 个空白或非文字的单元（{_where(hand, bad)}）："
                             "每个单元都需要文本，请补上或删去这些行。")
        return texts, None, set()

    if "unit_id" not in hand.columns:
        raise ZhiliError("给出了 data，但人工编码表没有 unit_id 列：请加上单元编号（来自 corpus.units() 或 "
                         "code_framework() 的 unit_id），或不传 data、改用文本列 text=。")
    ids = hand["unit_id"].astype(str).str.strip().tolist()
    dupes = pd.Series(ids).duplicated(keep=False)
    if dupes.any():
        rows = np.flatnonzero(dupes.to_numpy()).tolist()
        raise ZhiliError(f"人工编码表的 unit_id 有重复（{_where(hand, rows)}）：每个单元只能编码一次。")
    kinds = [_UNIT_ID.search(i) for i in ids]
    bad = [n for n, m in enumerate(kinds) if m is None]
    if bad:
        raise ZhiliError(f"人工编码表的 unit_id 列有 {len(bad)} 个编号不是单元编号（{_where(hand, bad)}）："
                         "应形如 doc1#s3（句子）、doc1#p2（段落）、doc1#i1（条目）、doc1#d1（文档）。")
    found = sorted({m.group(1) for m in kinds})
    if len(found) > 1:
        listed = "、".join(f"#{k}（{_KINDS[k]}）" for k in found)
        raise ZhiliError(f"人工编码表混合了不同种类的单元：{listed}。一个编码器只能在一种单元上训练，请分开编码。")
    unit = _KINDS[found[0]]
    from ..tokens import Tokens, _as_corpus

    corpus = data.corpus if isinstance(data, Tokens) else _as_corpus(data)
    units = corpus.units(unit)
    lookup = dict(zip(units["unit_id"].astype(str), units["text"].astype(str)))
    missing = [n for n, i in enumerate(ids) if i not in lookup]
    if missing:
        raise ZhiliError(f"人工编码表中有 {len(missing)} 个 unit_id 不在 data 的{_UNIT_NAMES[unit]}中"
                         f"（{_where(hand, missing)}）：请确认编码表与语料来自同一批文件、同一种单元划分。")
    texts = [lookup[i] for i in ids]
    bad = [n for n, t in enumerate(texts) if not t.strip()]
    if bad:  # pragma: no cover - corpus units are never blank
        raise ZhiliError(f"这些单元的文本为空（{_where(hand, bad)}）：请删去这些行。")
    return texts, unit, {str(c) for c in corpus.docvars.columns}


_UNIT_NAMES = {"document": "文档", "paragraph": "段落", "sentence": "句子", "item": "条目"}


def _parse(column: pd.Series) -> tuple[np.ndarray, list[int]]:
    """Codes as floats (NaN for blank) and the positions of values that are not 0/1."""
    out = np.full(len(column), np.nan)
    bad = []
    for i, v in enumerate(column.tolist()):
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        if isinstance(v, (bool, np.bool_)):
            out[i] = float(v)
        elif isinstance(v, (int, float, np.integer, np.floating)):
            if isinstance(v, (float, np.floating)) and math.isnan(v):
                continue
            if v in (0, 1):
                out[i] = float(v)
            else:
                bad.append(i)
        elif isinstance(v, str) and v.strip() in ("0", "1", "0.0", "1.0"):
            out[i] = float(v.strip())
        elif v is pd.NA or v is pd.NaT:
            continue
        else:
            bad.append(i)
    return out, bad


def _text_marks(column: pd.Series) -> list[str] | None:
    """The distinct values if the column looks like a category coded as text (是/否, x …)."""
    values = {v.strip() for v in column.tolist() if isinstance(v, str) and v.strip()}
    others = [v for v in column.tolist() if not (isinstance(v, str) or v is None
                                                 or (isinstance(v, float) and math.isnan(v)))]
    if values and not others and values <= _MARKS and not values <= {"0", "1"}:
        return sorted(values)
    return None


def _category_names(hand: pd.DataFrame, categories: Any, *, text: str, exclude: set[str]) -> list[str]:
    columns = [c for c in hand.columns]
    if categories is not None:
        cats = [categories] if isinstance(categories, str) else list(categories)
        if not cats:
            raise ZhiliError("参数 categories 为空：请至少给出一个类别列，例如 categories=[\"治理理念\"]。")
        missing = [c for c in cats if c not in columns]
        if missing:
            raise ZhiliError(f"人工编码表中没有类别列 {'、'.join(map(repr, missing))}。"
                             f"现有的列：{'、'.join(map(str, columns))}。")
        fixed = [c for c in cats if c in _RESERVED or c == text]
        if fixed:
            raise ZhiliError(f"列 {'、'.join(map(repr, fixed))} 是单元编号或文本，不能作为类别。")
        if len(set(cats)) != len(cats):
            raise ZhiliError("参数 categories 中有重复的类别。")
        return [str(c) for c in cats]
    candidates = [c for c in columns if str(c) not in _RESERVED and c != text and str(c) not in exclude]
    cats, marked = [], []
    for c in candidates:
        values, bad = _parse(hand[c])
        if not bad and not np.isnan(values).all():
            cats.append(str(c))
        elif _text_marks(hand[c]):
            marked.append(c)
    if marked:
        c = marked[0]
        raise _text_label_error(hand, c, *_bad_values(hand, c))
    if not cats:
        raise ZhiliError("人工编码表中找不到类别列（只含 0/1 的列）：每个类别应有一列，1 表示有、0 表示无。"
                         f"现有的列：{'、'.join(map(str, columns))}。也可以用 categories= 指明类别列。")
    return cats


def _bad_values(hand: pd.DataFrame, column: Any) -> tuple[list[int], list[Any]]:
    _, bad = _parse(hand[column])
    values = hand[column].tolist()
    return bad, [values[i] for i in bad]


def _text_label_error(hand: pd.DataFrame, column: Any, bad: list[int], values: list[Any]) -> ZhiliError:
    marks = sorted({str(v).strip() for v in values})[:4]
    example = "{" + ", ".join(f"{m!r}: {1 if m in ('是', '有', '对', 'x', 'X', '√', '✓', '✔', 'y', 'Y', 'yes', 'Yes', 'YES') else 0}"
                              for m in marks) + "}"
    return ZhiliError(f"人工编码表的 {column!r} 列应为 0/1（或 True/False），但有 {len(bad)} 行不是："
                      f"{_where(hand, bad, values)}。请先转换为 0/1，例如 "
                      f"hand[{column!r}] = hand[{column!r}].map({example})；空白表示未编码。")


def _labels(hand: pd.DataFrame, cats: list[str]) -> np.ndarray:
    """Units × categories of 0.0/1.0, NaN where not coded (with a warning)."""
    y = np.full((len(hand), len(cats)), np.nan)
    for j, c in enumerate(cats):
        values, bad = _parse(hand[c])
        if bad:
            raise _text_label_error(hand, c, bad, [hand[c].tolist()[i] for i in bad])
        blank = np.flatnonzero(np.isnan(values)).tolist()
        if blank:
            warn(f"人工编码表的 {c!r} 列有 {len(blank)} 个空白（{_where(hand, blank)}）："
                 "这些单元视为未编码，不参与该类别的训练与评估。")
        y[:, j] = values
    return y


def _check_counts(y: np.ndarray, cats: list[str], folds: int) -> None:
    for j, c in enumerate(cats):
        col = y[~np.isnan(y[:, j]), j]
        pos, neg = int((col == 1).sum()), int((col == 0).sum())
        if pos < folds or neg < folds:
            raise ZhiliError(f"类别 {c!r} 有 {pos} 个单元编为 1、{neg} 个编为 0：{folds} 折交叉验证要求每个类别"
                             f"至少 {folds} 个 1 和 {folds} 个 0。请补充编码这一类别的单元，或减小 folds（至少 2）。")


# ---------------------------------------------------------------------------- features


def _dictionary_table(data: Any, *, unit: str, level: str) -> pd.DataFrame:
    from .coding import code_framework

    return code_framework(data, unit=unit, level=level)


def _dictionary_names(coded: pd.DataFrame) -> list[str]:
    cats = coded.attrs.get("categories") if isinstance(coded.attrs, dict) else None
    if cats and all(c in coded.columns for c in cats):
        return [str(c) for c in cats]
    cols = list(map(str, coded.columns))  # pragma: no cover - older or newer code_framework
    return cols[cols.index("n_chars") + 1: cols.index("evidence")]  # pragma: no cover


def _dictionary_matrix(coded: pd.DataFrame, wanted: list[str], present: list[str]) -> np.ndarray:
    """Hits of each wanted dictionary category per unit (0 where the dictionary lacks it)."""
    out = np.zeros((len(coded), len(wanted)))
    for j, name in enumerate(wanted):
        if name in present:
            out[:, j] = pd.to_numeric(coded[name], errors="coerce").fillna(0).clip(lower=0).to_numpy(float)
    return out


def _counter(vocabulary: list[str] | None):
    from sklearn.feature_extraction.text import CountVectorizer

    vocab = None if vocabulary is None else {g: i for i, g in enumerate(vocabulary)}
    return CountVectorizer(analyzer="char", ngram_range=NGRAMS, lowercase=False, vocabulary=vocab, dtype=np.float64)


def _fit_idf(counts: sparse.csr_matrix, rows: np.ndarray, n_ngrams: int) -> tuple[np.ndarray, np.ndarray]:
    """Columns kept (n-grams in at least MIN_DF of ``rows``, and every dictionary column after
    the first ``n_ngrams``) and their smoothed idf."""
    df = np.bincount(counts[rows].indices, minlength=counts.shape[1])
    keep = np.flatnonzero((df >= MIN_DF) | (np.arange(counts.shape[1]) >= n_ngrams))
    idf = np.log((1 + len(rows)) / (1 + df[keep])) + 1.0
    return keep, idf


def _tfidf(counts: sparse.spmatrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear tf × idf, rows scaled to unit length (as TfidfVectorizer)."""
    from sklearn.preprocessing import normalize

    x = sparse.csr_matrix(counts, dtype=np.float64, copy=True)
    np.log(x.data, out=x.data)
    x.data += 1.0
    x = x @ sparse.diags(idf)
    return normalize(x, norm="l2", copy=False).tocsr()


def _stack(ngrams: sparse.spmatrix, hits: np.ndarray) -> sparse.csr_matrix:
    """N-gram counts, then the dictionary hits as further columns."""
    return sparse.hstack([ngrams, sparse.csr_matrix(hits)], format="csr", dtype=np.float64)


# ---------------------------------------------------------------------------- models


def _fit(x: sparse.csr_matrix, y: np.ndarray, *, model: str, seed: int):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    if model == "logistic":
        # newton-cg: the same objective as the default lbfgs, an order of magnitude faster on
        # tens of thousands of sparse n-gram columns
        est = LogisticRegression(class_weight="balanced", solver="newton-cg", max_iter=1000, random_state=seed)
    else:
        est = LinearSVC(class_weight="balanced", dual="auto", max_iter=20000, random_state=seed)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        est.fit(x, y)
    if any(issubclass(w.category, ConvergenceWarning) for w in caught):
        warn("模型在迭代上限内没有完全收敛，结果仍可使用，但可能略有偏差；可换用 model=\"logistic\" 或增加训练单元。")
    return est


def _cross_validate(counts: sparse.csr_matrix, n_ngrams: int, y: np.ndarray, *, model: str, folds: int,
                    seed: int) -> np.ndarray:
    """Out-of-fold 0/1 predictions (NaN for units without a code)."""
    from sklearn.model_selection import StratifiedKFold

    labelled = np.flatnonzero(~np.isnan(y))
    target = y[labelled].astype(np.int64)
    out = np.full(len(y), np.nan)
    splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(np.zeros(len(target)), target)
    for train, test in splits:
        rows_tr, rows_te = labelled[train], labelled[test]
        keep, idf = _fit_idf(counts, rows_tr, n_ngrams)
        x_tr = _tfidf(counts[rows_tr][:, keep], idf)
        x_te = _tfidf(counts[rows_te][:, keep], idf)
        est = _fit(x_tr, target[train], model=model, seed=seed)
        decision = np.asarray(x_te @ est.coef_.ravel()).ravel() + float(np.ravel(est.intercept_)[0])
        out[rows_te] = (decision > 0).astype(float)
    return out


# ---------------------------------------------------------------------------- report


def _prf(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    with np.errstate(invalid="ignore", divide="ignore"):
        tp, fp, fn = (np.asarray(a, dtype=np.float64) for a in (tp, fp, fn))
        p = np.where(tp + fp > 0, tp / (tp + fp), np.nan)
        r = np.where(tp + fn > 0, tp / (tp + fn), np.nan)
        f = np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), np.nan)
    return p, r, f


def _interval(values: np.ndarray) -> tuple[float, float]:
    finite = values[~np.isnan(values)]
    if len(finite) == 0:
        return float("nan"), float("nan")
    low, high = np.percentile(finite, [2.5, 97.5])
    return float(low), float(high)


def _report(y: np.ndarray, pred: np.ndarray, hits: np.ndarray, names: list[str], cats: list[str], *,
            seed: int) -> pd.DataFrame:
    """Per category and macro: point figures from the out-of-fold predictions, bootstrap intervals."""
    n, k = y.shape
    known = ~np.isnan(y)
    yt, yp = np.nan_to_num(y).astype(bool) & known, np.nan_to_num(pred).astype(bool) & known
    tp, fp, fn = yt & yp, ~yt & yp & known, yt & ~yp
    # resample weights: how often each unit is drawn in each of the BOOTSTRAP resamples
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n, size=(BOOTSTRAP, n))
    weights = np.bincount((draws + np.arange(BOOTSTRAP)[:, None] * n).ravel(),
                          minlength=BOOTSTRAP * n).reshape(BOOTSTRAP, n).astype(np.float64)
    b_tp, b_fp, b_fn = weights @ tp, weights @ fp, weights @ fn
    b_p, b_r, b_f = _prf(b_tp, b_fp, b_fn)
    p, r, f = _prf(tp.sum(0), fp.sum(0), fn.sum(0))
    rows = []
    for j, c in enumerate(cats):
        dict_f1 = float("nan")
        if c in names:
            hit = hits[:, names.index(c)] > 0
            dict_f1 = float(_prf(np.sum(yt[:, j] & hit), np.sum(~yt[:, j] & hit & known[:, j]),
                                 np.sum(yt[:, j] & ~hit))[2])
        rows.append([c, int(known[:, j].sum()), int(yt[:, j].sum()),
                     float(p[j]), *_interval(b_p[:, j]), float(r[j]), *_interval(b_r[:, j]),
                     float(f[j]), *_interval(b_f[:, j]), dict_f1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows in a resample
        macro = [np.nanmean(a, axis=1) for a in (b_p, b_r, b_f)]
    dict_f1s = [row[-1] for row in rows]
    dict_macro = float(np.mean(dict_f1s)) if not any(math.isnan(v) for v in dict_f1s) else float("nan")
    rows.append([MACRO, n, int(yt.any(axis=1).sum()),
                 float(np.nanmean(p)), *_interval(macro[0]), float(np.nanmean(r)), *_interval(macro[1]),
                 float(np.nanmean(f)), *_interval(macro[2]), dict_macro])
    table = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    return table.astype({"n": np.int64, "n_positive": np.int64})


def _records(report: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for row in report.to_dict(orient="records"):
        out.append({k: (None if isinstance(v, float) and math.isnan(v) else
                        int(v) if isinstance(v, (np.integer,)) else
                        float(v) if isinstance(v, np.floating) else v) for k, v in row.items()})
    return out


# ============================================================================ loading


def load_coder(path: str | Path) -> SupervisedCoder:
    """Read a coder saved with :meth:`SupervisedCoder.save` (JSON + npz; no pickle, no code run).

    模型文件凝结的是另一个人的编码决定，且可能被改动：先看 ``coder.report``，再用自己语料中的
    人工编码样本检验（:func:`zhili.validate_dictionary`）。A coder from someone else encodes their
    coding decisions and may have been doctored: read its report and re-validate it on a
    hand-coded sample of your own.

    Parameters
    ----------
    path : str or Path
        The folder written by ``save``.

    Returns
    -------
    SupervisedCoder

    Raises
    ------
    zhili.ZhiliError
        If the folder or a file is missing, the files are not a zhili coder or are inconsistent
        (altered or from a newer format), or the dictionary level is unknown to this kit.

    Warns
    -----
    zhili.ZhiliWarning
        If the coder was made with another kit version or framework version, or the
        dictionary now has other categories at its level (features of a missing category are
        0, so its predictions may differ from those in the report).

    Examples
    --------
    >>> import pandas as pd, tempfile
    >>> hand = pd.DataFrame({"text": ["坚持人民至上", "坚持以人民为中心", "树立人民立场", "提升执行能力",
    ...                               "增强服务能力", "提高应急能力"], "理念": [1, 1, 1, 0, 0, 0]})
    >>> coder = train_coder(hand, folds=2)
    >>> folder = coder.save(tempfile.mkdtemp() + "/my_coder")
    >>> sorted(p.name for p in folder.iterdir())
    ['coder.json', 'coder.npz']
    >>> load_coder(folder).report.equals(coder.report)
    True
    """
    folder = Path(path)
    meta_path, arrays_path = folder / _JSON, folder / _NPZ
    if not folder.is_dir():
        raise ZhiliError(f"找不到编码器文件夹 {folder}：请给出 coder.save() 写出的文件夹。")
    for p in (meta_path, arrays_path):
        if not p.is_file():
            raise ZhiliError(f"编码器文件夹 {folder} 中缺少 {p.name}：应有 {_JSON} 与 {_NPZ} 两个文件。")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ZhiliError(f"{meta_path} 不是有效的 JSON 文件（{exc}）：文件可能已损坏。") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        got = meta.get("format") if isinstance(meta, dict) else None
        raise ZhiliError(f"{meta_path} 不是本工具包能读取的编码器（格式 {got!r}，应为 {FORMAT!r}）："
                         "可能来自更新版本的 zhili，请升级后再读取。")
    try:
        with np.load(arrays_path, allow_pickle=False) as npz:
            arrays = {k: np.asarray(npz[k], dtype=np.float64) for k in ("idf", "coef", "intercept")}
    except (OSError, ValueError, KeyError) as exc:
        raise ZhiliError(f"{arrays_path} 无法读取或缺少数组（{exc}）：文件可能已损坏或被改动。") from None
    try:
        cats, vocab, names = list(meta["categories"]), list(meta["vocabulary"]), list(meta["dictionary"])
        level, model, info = meta["level"], meta["model"], dict(meta["info"])
        report = pd.DataFrame(meta["report"], columns=REPORT_COLUMNS)
    except (KeyError, TypeError) as exc:
        raise ZhiliError(f"{meta_path} 缺少必要的字段（{exc}）：文件可能已损坏或被改动。") from None
    check_choice("model", model, ("logistic", "svm"))
    idf, coef, intercept = arrays["idf"], arrays["coef"], arrays["intercept"]
    if (idf.shape != (len(vocab) + len(names),) or coef.shape != (len(cats), len(vocab) + len(names))
            or intercept.shape != (len(cats),) or not all(isinstance(g, str) for g in vocab)
            or not np.isfinite(coef).all() or not np.isfinite(idf).all()):
        raise ZhiliError(f"{folder} 中两个文件的内容不一致（类别、词表与系数的维数对不上）：文件可能已损坏或被改动。")
    for col in ("n", "n_positive"):
        report[col] = report[col].astype(np.int64)
    for col in REPORT_COLUMNS[3:]:
        report[col] = report[col].astype(np.float64)

    from .. import __version__

    if info.get("kit_version") != __version__:
        warn(f"这个编码器由 zhili {info.get('kit_version')} 训练，当前为 {__version__}：词典与分词可能已有变化，"
             "编码结果可能与报告不同。建议用自己的人工编码样本重新检验，或重新训练。")
    coder = SupervisedCoder(categories=cats, level=level, model=model, unit=meta.get("unit"), vocabulary=vocab,
                            idf=idf, dictionary=names, coef=coef, intercept=intercept, report=report, info=info)
    _check_dictionary(coder)
    return coder


def _check_dictionary(coder: SupervisedCoder) -> None:
    """Warn when the framework or its categories at the coder's level differ from those at training."""
    from ..theory import framework

    fw = framework()
    try:
        table = fw.dictionary(coder.level)
    except Exception:  # noqa: BLE001 - any failure means this kit cannot give the level
        raise ZhiliError(f"编码器使用的词典层级 {coder.level!r} 在本工具包中不存在，无法使用："
                         "请用本版本的 zhili 重新训练。") from None
    if coder.info.get("framework") is not None and str(fw.version) != str(coder.info.get("framework")):
        warn(f"这个编码器训练时的理论框架版本为 {coder.info.get('framework')}，当前为 {fw.version}："
             "词典特征可能有变化，请用自己的人工编码样本重新检验。")
    current = list(dict.fromkeys(table["label"]))
    gone = [c for c in coder.dictionary if c not in current]
    if gone:
        warn(f"当前词典（层级 {coder.level!r}）中已没有类别 {'、'.join(gone)}：这些词典特征将按 0 计算，"
             "编码结果可能与报告不同。请重新训练或重新检验。")
