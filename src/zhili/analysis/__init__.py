"""Text-mining analyses on Tokens: frequencies, keywords, concordances, keyness, networks, coding.

Every function takes the Tokens (or Corpus) of the earlier steps and returns pandas or networkx
objects; counts always come from :func:`dtm`.
"""
from __future__ import annotations

from .coding import code_framework, coding_agreement, framework_profile, validate_dictionary
from .collocations import collocations
from .formulations import formulation_counts, formulations
from .freq import keywords, term_frequencies, tfidf, top_terms
from .keyness import keyness
from .kwic import kwic
from .matrix import DocumentTermMatrix, dtm
from .network import Cooccurrence, centrality, communities, cooccurrence_matrix, cooccurrence_network, export_network
from .trends import term_trends

__all__ = [
    "Cooccurrence", "DocumentTermMatrix", "centrality", "code_framework", "coding_agreement", "collocations",
    "communities", "cooccurrence_matrix", "cooccurrence_network", "dtm", "export_network", "formulation_counts",
    "formulations", "framework_profile", "keyness", "keywords", "kwic", "term_frequencies", "term_trends", "tfidf",
    "top_terms", "validate_dictionary",
]
