"""Instants as VC 2.0 writes them: XML Schema ``dateTimeStamp`` in UTC, to the second (``...Z``).

>>> format_instant(parse_instant("2026-05-01T09:30:00+09:00", "validFrom"))
'2026-05-01T00:30:00Z'
>>> add_years(parse_instant("2028-02-29T00:00:00Z", "x"), 1).date().isoformat()
'2029-02-28'
"""

from __future__ import annotations

from datetime import UTC, datetime

from cjktrade.documents.errors import MalformedCredentialError


def format_instant(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no time zone: pass an aware one (UTC).")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_instant(value: object, name: str) -> datetime:
    """An aware datetime from a dateTimeStamp; the time zone is required (VC 2.0 §4.9)."""
    if not isinstance(value, str):
        raise MalformedCredentialError(f"{name}: {value!r} is not a date-time string.")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00") if value.endswith("Z") else value)
    except ValueError:
        raise MalformedCredentialError(f"{name}: {value!r} is not an ISO 8601 date-time.") from None
    if moment.tzinfo is None:
        raise MalformedCredentialError(f"{name}: {value!r} has no time zone (write Z for UTC).")
    return moment


def add_years(moment: datetime, years: int) -> datetime:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


def epoch_seconds(moment: datetime) -> int:
    return int(moment.timestamp())


def from_epoch(seconds: object, name: str) -> datetime:
    if not isinstance(seconds, int) or isinstance(seconds, bool):
        raise MalformedCredentialError(f"{name}: {seconds!r} is not a NumericDate (RFC 7519 §2).")
    return datetime.fromtimestamp(seconds, UTC)
