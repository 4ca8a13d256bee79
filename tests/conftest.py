"""Shared test set-up: a headless matplotlib, and missing glyphs as errors."""
from __future__ import annotations

import os
import warnings

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(autouse=True)
def _glyph_warnings_are_errors():
    """Any 'Glyph … missing from font' warning from matplotlib fails the test."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r".*[Gg]lyph.*missing.*")
        warnings.filterwarnings("error", message=r".*missing from (current )?font.*")
        yield
