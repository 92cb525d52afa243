"""Errors of the documents engine, placed in the one tree of ``cjktrade.core.errors``.

::

    InvalidInputError
    ├── NotOriginatingError        the verdict does not qualify: no proof of origin can be issued
    ├── InvalidShipmentError       the shipment data lacks what the document needs (names the field)
    ├── InvalidVerdictError        the verdict dict is not the shape ``Verdict.as_dict()`` gives
    └── MalformedCredentialError   not a compact JWS / SD-JWT this engine can read
    CjktradeError
    └── WrongPassphraseError       the passphrase does not open the issuer's private key
    NotFoundError
    └── UnknownIssuerError         no issuer (key record) of that name
    MissingDataError
    └── MissingFontError           the CJK font (Debian package fonts-noto-cjk) is not installed

Messages never contain key material: errors raised while a private key is in scope are raised
``from None`` so that no chained exception can carry it.
"""

from __future__ import annotations

from cjktrade.core.errors import CjktradeError, InvalidInputError, MissingDataError, NotFoundError


class NotOriginatingError(InvalidInputError):
    slug = "not-originating"


class InvalidShipmentError(InvalidInputError):
    slug = "invalid-shipment"


class InvalidVerdictError(InvalidInputError):
    slug = "invalid-verdict"


class MalformedCredentialError(InvalidInputError):
    slug = "malformed-credential"


class WrongPassphraseError(CjktradeError):
    slug = "wrong-passphrase"


class UnknownIssuerError(NotFoundError):
    slug = "unknown-issuer"


class MissingFontError(MissingDataError):
    slug = "missing-font"
