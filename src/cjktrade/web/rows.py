"""Editable tables of a form (the materials of a BOM, the lines of a shipment): rows are added and
removed by the form's own buttons, so the editor works without JavaScript; ``app.js`` does the same
in the page when JavaScript runs.

>>> apply_action({"materials": [{"line": "1"}, {"line": "2"}]}, "remove-materials-0")
{'materials': [{'line': '2'}]}
>>> apply_action({}, "add-materials")
{'materials': [{}]}
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData

from cjktrade.web.forms import nest

NOT_DATA = frozenset({"csrf_token", "action"})


def form_json(
    form: FormData, booleans: frozenset[str] = frozenset(), skip: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """The form as nested JSON, leaving out the CSRF token, the buttons, ``skip`` and uploads."""
    items = [(k, v) for k, v in form.multi_items() if k not in NOT_DATA | skip and isinstance(v, str)]
    return nest(items, booleans)


def apply_action(data: dict[str, Any], action: str | None) -> dict[str, Any]:
    """``add-<table>`` appends an empty row; ``remove-<table>-<n>`` removes row n."""
    if not action:
        return data
    verb, _, rest = action.partition("-")
    if verb == "add" and rest:
        data.setdefault(rest, []).append({})
    elif verb == "remove":
        table, _, index = rest.rpartition("-")
        rows = data.get(table, [])
        if index.isdigit() and int(index) < len(rows):
            rows.pop(int(index))
    return data


def is_row_action(action: str | None) -> bool:
    return bool(action) and str(action).startswith(("add-", "remove-"))


def with_rows(data: dict[str, Any], table: str, minimum: int = 1) -> dict[str, Any]:
    """``data`` with at least ``minimum`` rows in ``table`` (empty rows to fill in)."""
    rows = list(data.get(table) or [])
    rows += [{} for _ in range(minimum - len(rows))]
    return {**data, table: rows}
