"""Text-mining analyses on Tokens: frequencies, keywords, concordances, keyness, networks, coding."""
from __future__ import annotations

from .matrix import DocumentTermMatrix, dtm

__all__ = ["DocumentTermMatrix", "dtm"]
