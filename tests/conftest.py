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
# Issue 14 (case provenance), until branch i14-cases-b is merged. THE ONE PLACE TO REMOVE.
# The cases below have no provenance yet (sources' kind / original_url / accessed, and claims):
# they are filled in on branch i14-cases-b. Until then their strict validation is expected to
# fail — test_cases.py::test_every_case_validates is marked xfail for them — and every other
# test reads them without the provenance checks (zhili.casebook._check_provenance skips them).
# After merging i14-cases-b: delete this block (or set PENDING_CASES = frozenset()).
PENDING_CASES = frozenset(f"HB{n:03d}" for n in range(50, 66))  # filled in by i14-cases-b
PENDING_REASON = "filled in by i14-cases-b"


def pytest_collection_modifyitems(config, items):
    for item in items:
        callspec = getattr(item, "callspec", None)
        if getattr(item, "originalname", "") == "test_every_case_validates" and callspec and callspec.id in PENDING_CASES:
            item.add_marker(pytest.mark.xfail(strict=False, reason=PENDING_REASON))


@pytest.fixture(autouse=True, scope="session")
def _pending_cases_read_without_provenance():
    if not PENDING_CASES:
        yield
        return
    from zhili import casebook

    strict = casebook._check_provenance

    def lenient(path, data, source_ids):
        if data.get("id") not in PENDING_CASES:
            strict(path, data, source_ids)

    lenient.strict = strict
    patch = pytest.MonkeyPatch()
    patch.setattr(casebook, "_check_provenance", lenient)
    yield
    patch.undo()
# ---------------------------------------------------------------------------------------------
