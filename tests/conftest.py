"""Shared test set-up: a headless matplotlib, and missing glyphs as errors."""
from __future__ import annotations

import warnings

import matplotlib
import pytest

# Headless figures in this process only: an MPLBACKEND variable would also reach the notebook
# kernels that nbval starts and stop their inline figures.
matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _glyph_warnings_are_errors():
    """Any 'Glyph … missing from font' warning from matplotlib fails the test."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r".*[Gg]lyph.*missing.*")
        warnings.filterwarnings("error", message=r".*missing from (current )?font.*")
        yield
