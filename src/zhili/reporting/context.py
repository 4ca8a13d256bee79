"""The options of a report and what every section builder receives (the study context)."""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from .._errors import ZhiliError, check_choice, check_positive_int
from .model import Figure

__all__ = ["ReportOptions", "StudyContext", "UNITS", "STYLES"]

UNITS = ("sentence", "paragraph", "item")
STYLES = ("projector", "print")
UNIT_NAMES = {"sentence": "句子", "paragraph": "段落", "item": "条目"}
#: Values of a grouping column that mean "no group given".
_EMPTY = {"", "nan", "none", "nat", "<na>"}


@dataclass(frozen=True)
class ReportOptions:
    """The researcher's choices for one report (see :func:`zhili.report` for their meaning)."""

    by: str | None = None
    terms: tuple[str, ...] = ()
    user_terms: Any = None
    extra_stopwords: tuple[str, ...] = ()
    stopwords_file: str | None = None
    unit: Literal["sentence", "paragraph", "item"] = "sentence"
    top_n: int = 30
    metadata: Any = None
    seed: int = 42
    style: Literal["projector", "print"] = "projector"
    title: str | None = None
    offline: bool = False

    def __post_init__(self) -> None:
        check_choice("unit", self.unit, UNITS)
        check_choice("style", self.style, STYLES)
        check_positive_int("top_n", self.top_n)
        if not 5 <= self.top_n <= 200:
            raise ZhiliError(f"参数 top_n={self.top_n!r} 无效：应在 5 到 200 之间（高频词表和共词网络取多少个词）。")
        if not isinstance(self.seed, int) or isinstance(self.seed, bool) or self.seed < 0:
            raise ZhiliError(f"参数 seed={self.seed!r} 无效：应为非负整数（随机种子）。")

    def params(self) -> dict[str, Any]:
        """The choices as recorded in the provenance (files by name, word lists in full)."""
        return {
            "by": self.by, "terms": list(self.terms), "user_terms": _describe(self.user_terms),
            "stopwords_file": self.stopwords_file, "extra_stopwords": list(self.extra_stopwords),
            "unit": self.unit, "top_n": self.top_n, "metadata": _describe(self.metadata), "seed": self.seed,
            "style": self.style, "no_network": self.offline,
        }


def _describe(value: Any) -> Any:
    if value is None or isinstance(value, (str, Path)):
        return None if value is None else str(value)
    return list(value)


@dataclass
class StudyContext:
    """What a section builder works with.

    Attributes
    ----------
    corpus : Corpus
    tokens : Tokens
        The whole corpus, segmented in ``options.unit``.
    options : ReportOptions
    docs : pandas.DataFrame
        ``corpus.docs`` without the text.
    group_by : str or None
        The grouping column actually used (``--by`` resolved; ``None`` when it cannot be used).
    group_note : str
        Why ``--by`` could not be used (empty otherwise).
    groups : pandas.Series
        Documents per group, largest first (empty without groups).
    terms : list of str
        The terms for KWIC and trends (``--terms``, or the top three frequent words).
    terms_note : str
        Where the terms came from.
    shared : dict
        Results one section computes and a later one reuses (e.g. ``"top_terms"``).
    networks : dict
        Graphs to export as GEXF.
    """

    corpus: Any
    tokens: Any
    options: ReportOptions
    docs: pd.DataFrame
    group_by: str | None = None
    group_note: str = ""
    groups: pd.Series = field(default_factory=lambda: pd.Series(dtype="int64"))
    terms: list[str] = field(default_factory=list)
    terms_note: str = ""
    shared: dict[str, Any] = field(default_factory=dict)
    networks: dict[str, Any] = field(default_factory=dict)
    _grouped: Any = None

    # ------------------------------------------------------------------ groups
    @property
    def group_label(self) -> str:
        """The grouping column as readers see it: ``城乡类型（setting）``."""
        from ..tables import label

        zh = label(self.group_by, mode="zh") if self.group_by else ""
        return f"{zh}（{self.group_by}）" if zh and zh != self.group_by else str(self.group_by or "")

    @property
    def has_groups(self) -> bool:
        return self.group_by is not None and len(self.groups) >= 2

    def group_values(self) -> pd.Series:
        """The group of each document as clean text (``""`` when none is given)."""
        return group_labels(self.docs[self.group_by]) if self.group_by else pd.Series([""] * len(self.docs))

    def grouped_tokens(self):
        """Tokens of only the documents that have a group (the whole tokens when all have one)."""
        if self._grouped is None:
            values = self.group_values()
            mask = (values != "").to_numpy()
            if mask.all():
                self._grouped = self.tokens
            else:
                import zhili as zl

                subset = self.corpus.subset(mask.tolist())
                self._grouped = zl.tokenize(subset, unit=self.options.unit, progress=False,
                                            **self.tokenize_options())
        return self._grouped

    def tokenize_options(self) -> dict[str, Any]:
        return tokenize_options(self.options)

    # ------------------------------------------------------------------ shared results
    def top_terms(self) -> pd.DataFrame:
        """``zl.top_terms(tokens, top_n)``, computed once per report."""
        if "top_terms" not in self.shared:
            import zhili as zl

            self.shared["top_terms"] = zl.top_terms(self.tokens, self.options.top_n)
        return self.shared["top_terms"]

    def frequencies(self) -> pd.DataFrame:
        """``zl.term_frequencies(tokens, min_length=2)``, computed once per report."""
        if "frequencies" not in self.shared:
            import zhili as zl

            self.shared["frequencies"] = zl.term_frequencies(self.tokens, min_length=2)
        return self.shared["frequencies"]

    def title_of(self, doc_ids) -> list[str]:
        """A readable name per document: its title when there is one, else its id."""
        if "title" in self.docs.columns:
            titles = dict(zip(self.docs["doc_id"], self.docs["title"].fillna("").astype(str)))
        else:
            titles = {}
        return [titles.get(d) or str(d) for d in doc_ids]

    # ------------------------------------------------------------------ figures
    def figure(self, name: str, title: str, draw: Callable[[], Any], *, alt: str = "", note: str = "") -> Figure:
        """Draw with ``draw()`` (returns an Axes) in the report's style; keep the PNG, close the figure."""
        import matplotlib.pyplot as plt

        import zhili as zl

        with zl.plot.style(self.options.style):
            ax = draw()
            fig = ax.figure
            fig = getattr(fig, "figure", fig)  # the root figure of a subfigure
            buffer = io.BytesIO()
            try:
                fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
            finally:
                plt.close(fig)
        return Figure(name=name, title=title, png=buffer.getvalue(), alt=alt or title, note=note)


def tokenize_options(options: ReportOptions) -> dict[str, Any]:
    """The options of :func:`zhili.tokenize` that the report's choices set."""
    opts: dict[str, Any] = {}
    if options.user_terms is not None:
        opts["user_terms"] = options.user_terms
    if options.extra_stopwords:
        opts["extra_stopwords"] = list(options.extra_stopwords)
    return opts


def group_labels(values: pd.Series) -> pd.Series:
    """Values of a grouping column as stripped text; missing ones as ``""``."""
    def clean(v: Any) -> str:
        if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
            return ""
        text = str(v).strip()
        return "" if text.lower() in _EMPTY else text

    return pd.Series([clean(v) for v in values], index=values.index, dtype=object)
