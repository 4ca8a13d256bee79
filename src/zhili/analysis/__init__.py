"""Text-mining analyses: frequencies, keywords, concordances, keyness, networks, coding.

Every function takes the Tokens (or Corpus) of the earlier steps and returns pandas or networkx
objects. Two ways to find words, each with one home: token-based counts come from :func:`dtm`
("which words did segmentation produce?"); term-based ones — :func:`find_terms`,
:func:`count_terms`, :func:`kwic`, :func:`term_trends` — from the term engine over the original
text (:mod:`zhili.matching`: "where does this term occur?").
"""
from __future__ import annotations

from .coding import code_dictionary, code_framework, framework_profile
from .collocates import collocates
from .collocations import collocations
from .counts import count_terms, find_terms
from .discovery import suggest_terms
from .embeddings import WordVectors, expand_dictionary, similar_words, word_vectors
from .formulations import formulation_counts, formulations
from .freq import keywords, term_frequencies, tfidf, top_terms
from .keyness import keyness
from .supervised import SupervisedCoder, load_coder, train_coder
from .kwic import kwic
from .matrix import DocumentTermMatrix, dtm
from .reuse import side_by_side, text_reuse
from .similarity import similarity, similarity_heatmap
from .instruments import instrument_heatmap, instrument_matrix, obligation_strength
from .network import (Cooccurrence, centrality, communities, cooccurrence_matrix, cooccurrence_network, export_network,
                      read_network_provenance)
from .topics import TopicModel, compare_topics, plot_topic_prevalence, plot_topics, topics
from .trends import term_trends
from .validation import coding_agreement, sample_for_validation, validate_dictionary

__all__ = [
    "Cooccurrence", "DocumentTermMatrix", "SupervisedCoder", "centrality", "code_dictionary", "code_framework", "coding_agreement", "collocations",
    "communities", "cooccurrence_matrix", "cooccurrence_network", "count_terms", "dtm", "find_terms", "export_network", "read_network_provenance", "formulation_counts",
    "formulations", "framework_profile", "keyness", "keywords", "kwic", "load_coder", "sample_for_validation", "suggest_terms", "term_frequencies",
    "term_trends", "tfidf", "top_terms", "train_coder", "validate_dictionary", "text_reuse", "side_by_side", "similarity", "similarity_heatmap",
    "instrument_matrix", "instrument_heatmap", "obligation_strength",
    # topics, collocates of a word, word vectors (issue 16)
    "TopicModel", "WordVectors", "collocates", "compare_topics", "expand_dictionary", "plot_topic_prevalence",
    "plot_topics", "similar_words", "topics", "word_vectors",
]
