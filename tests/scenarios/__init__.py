"""Tests of the structural gravity scenarios (engine, service, CLI, API, builder).

The engine, service, CLI and API tests run on the shipped ``gravity`` reference data (fixture
``sample`` in conftest.py). Tests that compare with a peer (gegravity, statsmodels) or feed the CSV
reader use the raw sample from ../shared/data (fixture ``sample_csv``) and skip, naming the file,
where it is absent.
"""

from __future__ import annotations

from tests.conftest import RAW_DATA
from tools.refdata import gravity

SAMPLE_CSV = RAW_DATA / gravity.SAMPLE
