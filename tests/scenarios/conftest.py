"""Fixtures of the scenario tests: the shipped 2006 sample, and its raw CSV where a test needs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjktrade.scenarios import GravityData
from cjktrade.services.gravity import shipped_data
from tests.scenarios import SAMPLE_CSV


@pytest.fixture(scope="session")
def sample() -> GravityData:
    """The gegravity 2006 sample as shipped in the ``gravity`` reference data set."""
    return shipped_data()


@pytest.fixture(scope="session")
def sample_csv() -> Path:
    """The raw sample CSV from ../shared/data, for tests that feed it to a peer or to the CSV reader."""
    if not SAMPLE_CSV.is_file():
        pytest.skip(f"raw sample not present at {SAMPLE_CSV}")
    return SAMPLE_CSV
