"""Reading and writing bills of materials: JSON, CSV and XLSX, with every fault reported by location.

The formats are documented in ``docs/bom-format.md``. The readers take the file's *content*
(``bytes`` or ``str``), never a path: opening files belongs to the front-ends. A missing value is
an error, never zero. All faults are collected and raised together as one ``BomFileError`` whose
``errors`` are ``(line, field, message)`` triples: ``line`` is the JSON path (``$.materials[1]``) for
JSON and the 1-based row number for CSV and XLSX (0 for the file as a whole).

>>> bom = read_bom_csv('''hs_code,8507.60
... description,Battery pack
... producer_country,KR
... currency,USD
... fob,100.00
...
... line,description,hs_code,origin_country,status,originating_under,value
... 1,Lithium-ion cells,8507.60,CN,originating,RCEP,50.00
... ''')
>>> bom.product.hs6, bom.materials[0].value
('850760', Money('50.00', 'USD'))
>>> read_bom_csv("hs_code,8507.60\\ncurrency,USD\\nfob,\\n")
Traceback (most recent call last):
...
cjktrade.origin.bom_fields.BomFileError: CSV BOM: 3 errors: line 1, description: missing: give a value; line 1, producer_country: missing: give a value; line 3, fob: missing: give an amount (a missing value is never taken as zero).
"""

from __future__ import annotations

from typing import Literal

from cjktrade.core.errors import InvalidInputError
from cjktrade.origin.bom import BillOfMaterials
from cjktrade.origin.bom_fields import BOM_FORMAT, BomFileError, BomFileIssue
from cjktrade.origin.bom_json import bom_to_json, read_bom_json
from cjktrade.origin.bom_table import bom_to_csv, bom_to_rows, read_bom_csv, read_bom_xlsx

__all__ = [
    "BOM_FORMAT",
    "BomFileError",
    "BomFileIssue",
    "bom_to_csv",
    "bom_to_json",
    "bom_to_rows",
    "read_bom",
    "read_bom_csv",
    "read_bom_json",
    "read_bom_xlsx",
]


def read_bom(content: bytes | str, kind: Literal["json", "csv", "xlsx"]) -> BillOfMaterials:
    """A BOM from content of the given kind (``json``, ``csv`` or ``xlsx``)."""
    if kind == "json":
        return read_bom_json(content)
    if kind == "csv":
        return read_bom_csv(content)
    if kind == "xlsx" and isinstance(content, bytes):
        return read_bom_xlsx(content)
    raise InvalidInputError(f"BOM kind {kind!r}: give json, csv or xlsx (xlsx as bytes).")
