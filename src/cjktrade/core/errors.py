"""The one exception tree of cjktrade.

::

    CjktradeError                     every error this package raises on purpose
    ├── InvalidInputError             the caller gave something malformed (also a ValueError)
    │   ├── InvalidCodeError          an HS / national code that is not well formed ("85423", "ABCD")
    │   ├── UnknownCountryError       not an ISO 3166 country we can resolve
    │   ├── UnknownCurrencyError      not an ISO 4217 currency (or no rate is published for it)
    │   └── DateOutOfRangeError       a date outside what the data covers
    ├── NotFoundError                 well formed, but absent from the data (also a LookupError)
    │   └── CodeNotFoundError         e.g. a 6-digit code that HS 2022 does not have
    ├── CurrencyMismatchError         arithmetic across two currencies
    ├── MissingDataError              a reference data set the answer needs is not loaded
    ├── ConflictError                 the request conflicts with a record's state (a locked BOM)
    ├── AuthenticationError           no valid credentials (API key, session, password)
    ├── PermissionDeniedError         the role does not allow the action
    ├── ThrottledError                too many requests or failed sign-ins; retry later
    └── (in cjktrade.scenarios) EstimationError, SolverDidNotConvergeError

Every message says what was wrong, with the offending value, and what to do about it. Front-ends
map the tree to exit codes (CLI) and RFC 9457 problem details (API) in one place each.
"""

from __future__ import annotations


class CjktradeError(Exception):
    """Base class. ``slug`` names the problem type; ``hint`` says what to do."""

    slug = "error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} {self.hint}"


class InvalidInputError(CjktradeError, ValueError):
    slug = "invalid-input"


class InvalidCodeError(InvalidInputError):
    slug = "invalid-code"


class UnknownCountryError(InvalidInputError):
    slug = "unknown-country"


class UnknownCurrencyError(InvalidInputError):
    slug = "unknown-currency"


class DateOutOfRangeError(InvalidInputError):
    slug = "date-out-of-range"


class NotFoundError(CjktradeError, LookupError):
    slug = "not-found"


class CodeNotFoundError(NotFoundError):
    slug = "code-not-found"


class CurrencyMismatchError(CjktradeError, ValueError):
    slug = "currency-mismatch"


class MissingDataError(CjktradeError):
    """A reference data set is not loaded. ``dataset`` names it."""

    slug = "missing-data"

    def __init__(self, message: str, *, dataset: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.dataset = dataset


class ConflictError(CjktradeError):
    """The request conflicts with the record's state (e.g. editing a locked BOM version)."""

    slug = "conflict"


class AuthenticationError(CjktradeError):
    slug = "unauthenticated"


class PermissionDeniedError(CjktradeError):
    slug = "forbidden"


class ThrottledError(CjktradeError):
    slug = "too-many-requests"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, hint=f"Retry after {retry_after} seconds.")
        self.retry_after = retry_after
