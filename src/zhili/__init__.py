"""zhili 治理 — 基层治理现代化研究与教学工具包.

A kit for research and teaching on grassroots governance modernisation in China: the theory
framework (治理理念 / 治理能力 / 治理体系 and Hubei's 共同缔造 practice) as data, and text-mining
tools for Chinese policy documents.

Importing zhili is cheap: sub-modules (and jieba, matplotlib) load on first use.

>>> import zhili as zl
>>> zl.__version__
'0.1.0'
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    # errors
    "ZhiliError": "zhili._errors",
    "ZhiliWarning": "zhili._errors",
    "LoadError": "zhili._errors",
    "ZhiliWarning": "zhili._errors",
    # corpus
    "Corpus": "zhili.corpus",
    "Document": "zhili.corpus",
    "load_corpus": "zhili.corpus",
    "read_text": "zhili.corpus",
    "split_units": "zhili.corpus",
    "normalize_text": "zhili.corpus",
    # corpora larger than memory, read in chunks (module ``streaming`` so that ``zl.scan_corpus`` stays a function)
    "scan_corpus": "zhili.streaming",
    "LazyCorpus": "zhili.streaming",
    # segmentation (module is ``tokens`` so that ``zl.tokenize`` stays a function)
    "Tokens": "zhili.tokens",
    "Tokenizer": "zhili.tokens",
    "tokenize": "zhili.tokens",
    # the theory framework (package ``theory`` so that ``zl.framework`` stays a function)
    "Framework": "zhili.theory",
    "framework": "zhili.theory",
    # the Hubei casebook (module ``casebook`` so that ``zl.cases`` stays a function)
    "cases": "zhili.casebook",
    "case_claims": "zhili.casebook",
    # analyses (zhili.analysis)
    "DocumentTermMatrix": "zhili.analysis",
    "dtm": "zhili.analysis",
    "term_frequencies": "zhili.analysis",
    "top_terms": "zhili.analysis",
    "tfidf": "zhili.analysis",
    "keywords": "zhili.analysis",
    "kwic": "zhili.analysis",
    "find_terms": "zhili.analysis",
    "count_terms": "zhili.analysis",
    "suggest_terms": "zhili.analysis",
    "collocations": "zhili.analysis",
    "keyness": "zhili.analysis",
    "term_trends": "zhili.analysis",
    "cooccurrence_matrix": "zhili.analysis",
    "cooccurrence_network": "zhili.analysis",
    "centrality": "zhili.analysis",
    "communities": "zhili.analysis",
    "export_network": "zhili.analysis",
    "code_framework": "zhili.analysis",
    "code_dictionary": "zhili.analysis",
    "load_dictionary": "zhili.dictionaries",
    "framework_profile": "zhili.analysis",
    "coding_agreement": "zhili.analysis",
    "validate_dictionary": "zhili.analysis",
    "sample_for_validation": "zhili.analysis",
    "train_coder": "zhili.analysis",
    "load_coder": "zhili.analysis",
    "SupervisedCoder": "zhili.analysis",
    "formulations": "zhili.analysis",
    "formulation_counts": "zhili.analysis",
    "read_network_provenance": "zhili.analysis",
    "text_reuse": "zhili.analysis",
    "side_by_side": "zhili.analysis",
    "similarity": "zhili.analysis",
    "similarity_heatmap": "zhili.analysis",
    "instrument_matrix": "zhili.analysis",
    "instrument_heatmap": "zhili.analysis",
    "obligation_strength": "zhili.analysis",
    "topics": "zhili.analysis",
    "TopicModel": "zhili.analysis",
    "compare_topics": "zhili.analysis",
    "plot_topics": "zhili.analysis",
    "plot_topic_prevalence": "zhili.analysis",
    "collocates": "zhili.analysis",
    "similar_words": "zhili.analysis",
    "expand_dictionary": "zhili.analysis",
    "word_vectors": "zhili.analysis",
    "WordVectors": "zhili.analysis",
    # student-facing display of tables
    "show": "zhili.tables",
    # a report for readers who do not program (package ``reporting`` so that ``zl.report`` stays a function)
    "report": "zhili.reporting",
    # provenance of a run
    "provenance": "zhili.records",
    "Provenance": "zhili.records",
    "save_results": "zhili.records",
    # classroom mode: errors explained in Chinese in a lesson (module ``classroom_mode`` so that
    # ``zl.classroom`` stays a function)
    "classroom": "zhili.classroom_mode",
}

_SUBMODULES = {"corpus", "tokens", "lexicon", "theory", "dictionaries", "analysis", "plot", "casebook", "exercises",
               "reporting", "streaming"}

__all__ = ["__version__", *_EXPORTS, *sorted(_SUBMODULES)]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        module = importlib.import_module(f"zhili.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'zhili' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
