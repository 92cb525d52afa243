"""Forms: nested field names, and the services' errors put next to the fields they name.

A field's name is the path of its value in the JSON the service takes, with ``-`` between the
parts: ``product-hs_code``, ``materials-0-value``, ``lines-2-value-amount``. ``nest`` turns a
submitted form into that JSON, and ``field_errors`` turns the services' messages (``$.materials[0],
value: …``, ``lines[2].value.amount: …``, ``email: …``) back into the same names.

>>> nest([("product-hs_code", "8507.60"), ("materials-1-value", "20"), ("materials-0-value", "50")])
{'product': {'hs_code': '8507.60'}, 'materials': [{'value': '50'}, {'value': '20'}]}
>>> field_name("$.materials[1]", "value"), field_name("lines[0].value.amount")
('materials-1-value', 'lines-0-value-amount')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cjktrade.core.errors import (
    CjktradeError,
    ConflictError,
    CurrencyMismatchError,
    InvalidInputError,
    MissingDataError,
    NotFoundError,
    UnknownCountryError,
)
from cjktrade.origin.bom_io import BomFileError
from cjktrade.web.i18n import N_

FORM_LEVEL = ""
# What a form shows next to its fields; other errors (permissions, sign-in) get their own page.
USER_ERRORS = (InvalidInputError, NotFoundError, CurrencyMismatchError, MissingDataError, ConflictError)
_PATH_PART = re.compile(r"\[(\d+)\]")
_NAMED = re.compile(r"^([$\w.\[\]]+?)(?:, (\w+))?: (.+)$", re.DOTALL)

# Messages of the services that people meet most, in words the catalogues translate; any other
# message is shown as the service wrote it (in English, marked lang="en").
KNOWN_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (r"^use at least 10 characters", N_("Use at least 10 characters.")),
        (r"already has an account", N_("This e-mail address already has an account: log in instead.")),
        (r"is not an e-mail address", N_("This is not an e-mail address.")),
        (r"give the organisation's name", N_("Give the organisation's name.")),
        (
            r"^missing: give an amount",
            N_("Required: give an amount (a missing value is never taken as zero)."),
        ),
        (r"^(Field required|missing\b)", N_("Required.")),
        (r"^unknown country", N_("Unknown country: use a code such as CN, JP or KR, or the country's name.")),
        (r"is already a member", N_("This person is already a member.")),
    )
)


@dataclass
class FormErrors:
    """Messages by field name; ``FORM_LEVEL`` holds those that name no field of the form."""

    by_field: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def get(self, name: str) -> list[str]:
        return self.by_field.get(name, [])

    @property
    def form_level(self) -> list[str]:
        return self.get(FORM_LEVEL)


def field_name(path: str, name: str = "") -> str:
    """The form field of a JSON path (``$.a[0].b``) and field name."""
    parts = _PATH_PART.sub(r".\1", path.removeprefix("$")).strip(".")
    joined = ".".join(p for p in (parts, name) if p)
    return joined.replace(".", "-")


def _split(message: str) -> list[str]:
    body = message
    for prefix in ("invalid shipment: ",):
        body = body.removeprefix(prefix)
    return [part.strip() for part in body.split("; ") if part.strip()]


def field_errors(
    error: CjktradeError, fields: Iterable[str], *, country_field: str | None = None
) -> FormErrors:
    """The error's messages by form field; a message naming no field of ``fields`` is form-level.

    ``fields`` may hold prefixes (``materials-``) for the rows of a table."""
    names = set(fields)
    errors = FormErrors()

    def place(name: str, message: str) -> None:
        known = name in names or any(p.endswith("-") and name.startswith(p) for p in names)
        errors.add(name if known else FORM_LEVEL, message if known else f"{name}: {message}")

    if isinstance(error, BomFileError):
        for issue in error.errors:
            if isinstance(issue.line, int):  # a CSV or XLSX file: its line number says where
                errors.add(
                    FORM_LEVEL,
                    f"line {issue.line}{', ' + issue.field if issue.field else ''}: {issue.message}",
                )
            else:
                place(field_name(issue.line, issue.field), issue.message)
        return errors
    if isinstance(error, UnknownCountryError) and country_field:
        errors.add(country_field, error.message)
        return errors
    for part in _split(error.message):
        match = _NAMED.match(part)
        if match is None:
            errors.add(FORM_LEVEL, part)
            continue
        path, name, message = match.groups()
        place(field_name(path, name or ""), message.removeprefix("Value error, "))
    if error.hint:
        errors.add(FORM_LEVEL, error.hint)
    return errors


def known_message(message: str) -> str | None:
    """The catalogue's message for a service message people often meet, else None."""
    return next((text for pattern, text in KNOWN_MESSAGES if pattern.search(message)), None)


# --- nested names ------------------------------------------------------------------------------


def nest(items: Iterable[tuple[str, Any]], booleans: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The JSON of a form: blank values are left out, ``booleans`` (leaf names) become True/False,
    and numbered rows become lists in the order of their numbers (gaps closed)."""
    tree: dict[str, Any] = {}
    for name, raw in items:
        value = raw.strip() if isinstance(raw, str) else raw
        leaf = name.rsplit("-", 1)[-1]
        if leaf in booleans:
            value = value in ("true", "on", "1")
        elif value in ("", None):
            continue
        node = tree
        parts = name.split("-")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    nested: dict[str, Any] = _lists(tree)
    return nested


def _lists(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    if node and all(key.isdigit() for key in node):
        return [_lists(node[key]) for key in sorted(node, key=int)]
    return {key: _lists(value) for key, value in node.items()}


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """The inverse of ``nest``: field names and values of a JSON object, to fill a form.

    >>> flatten({"product": {"hs_code": "850760", "minimal_operations": ["packing", "labelling"]},
    ...          "materials": [{"value": "50"}]})
    {'product-hs_code': '850760', 'product-minimal_operations': 'packing; labelling', 'materials-0-value': '50'}
    """
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flatten(value, f"{name}-"))
        elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            for index, item in enumerate(value):
                out.update(flatten(item, f"{name}-{index}-"))
        elif isinstance(value, list):  # texts, as one field: "packing; labelling"
            out[name] = "; ".join(str(v) for v in value)
        else:
            out[name] = value
    return out
