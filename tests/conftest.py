"""Shared test set-up: a headless matplotlib, and missing glyphs as errors."""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import warnings

import matplotlib
import pytest
from hypothesis import settings

# Property tests run the same examples on every run (deterministic CI); `--hypothesis-profile=explore`
# draws fresh random examples, many more of them, for a developer hunting bugs.
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", max_examples=500, derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# One private, initially empty token cache for the whole run (the notebook kernels that nbval starts
# inherit it): tests see what a fresh machine sees and never touch the user's own cache.
os.environ["ZHILI_CACHE_DIR"] = tempfile.mkdtemp(prefix="zhili-test-cache-")
atexit.register(shutil.rmtree, os.environ["ZHILI_CACHE_DIR"], ignore_errors=True)

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


# ---------------------------------------------------------------------------------------------
