"""GravityData: the square table, and what it refuses."""

from __future__ import annotations

import numpy as np
import pytest

from cjktrade.core.errors import InvalidInputError, NotFoundError
from cjktrade.scenarios import GravityData, PairRecord

CODES = ("AAA", "BBB", "CCC")


def _records(skip=(), output=None):
    return [
        PairRecord(e, i, 5.0, (output or {}).get((e, i), 10.0), 10.0, {"pta": 0.0}, f"line {n}")
        for n, (e, i) in enumerate(((e, i) for e in CODES for i in CODES), 2)
        if (e, i) not in skip
    ]


def test_from_records_builds_square_matrices_in_code_order():
    data = GravityData.from_records(reversed(_records()))
    assert data.countries == CODES
    assert data.trade.shape == (3, 3) and np.all(data.trade == 5.0)


def test_from_records_missing_pair_is_named():
    with pytest.raises(InvalidInputError, match="BBB→CCC"):
        GravityData.from_records(_records(skip={("BBB", "CCC")}))


def test_from_records_duplicate_pair_names_both_lines():
    rows = _records()
    rows.append(PairRecord("AAA", "BBB", 1.0, 10.0, 10.0, {"pta": 0.0}, "line 99"))
    with pytest.raises(InvalidInputError, match=r"line 99: pair AAA→BBB already given at line 3"):
        GravityData.from_records(rows)


def test_from_records_output_differing_between_rows_of_one_exporter_is_refused():
    with pytest.raises(InvalidInputError, match="Y of AAA"):
        GravityData.from_records(_records(output={("AAA", "CCC"): 11.0}))


def test_gravity_data_refuses_negative_trade_and_too_few_countries():
    data = GravityData.from_records(_records())
    with pytest.raises(InvalidInputError, match="negative"):
        GravityData(data.countries, -data.trade, data.output, data.expenditure)
    with pytest.raises(InvalidInputError, match="at least 3"):
        GravityData(("AAA", "BBB"), np.ones((2, 2)), np.ones(2), np.ones(2))


def test_pair_mask_unknown_country_is_not_found():
    data = GravityData.from_records(_records())
    with pytest.raises(NotFoundError, match="ZZZ"):
        data.pair_mask(["AAA", "ZZZ"])
    assert data.pair_mask(["AAA", "BBB"]).sum() == 2
