"""Byte encodings the credential formats use: base64url without padding, base58btc, JSON bytes.

Decoding is strict: a base64url string decodes only if re-encoding the bytes gives the same string.
RFC 4648 §3.5 lets the last character of a segment carry unused bits; a lenient decoder would map
several strings to one signature, so a flipped character there would go unnoticed.

>>> b64url_encode(b"\\xfb\\xff")
'-_8'
>>> b64url_decode("-_8")
b'\\xfb\\xff'
>>> b64url_decode("-_9")
Traceback (most recent call last):
...
cjktrade.documents.errors.MalformedCredentialError: '-_9' is not canonical base64url (RFC 4648 §5, no padding).
>>> base58btc_encode(b"\\x00\\x01")
'12'
>>> base58btc_decode("12")
b'\\x00\\x01'
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from cjktrade.documents.errors import MalformedCredentialError

_TO_STANDARD = bytes.maketrans(b"-_", b"+/")
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
# The characters a canonical encoding may end with, by length mod 4: with 2 (or 3) characters in the
# last group, the final one carries 4 (or 2) unused bits, which must be zero.
_LAST_CHARS = {0: frozenset(_ALPHABET), 2: frozenset(_ALPHABET[::16]), 3: frozenset(_ALPHABET[::4])}
_B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58_ALPHABET)}


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Bytes of a canonical, unpadded base64url string; anything else raises ``MalformedCredentialError``."""
    if not text.isascii() or "=" in text or "+" in text or "/" in text or len(text) % 4 == 1:
        raise MalformedCredentialError(f"{_short(text)!r} is not base64url (RFC 4648 §5, no padding).")
    try:
        # Strict mode refuses any character outside the alphabet instead of skipping it.
        data = binascii.a2b_base64(
            text.encode("ascii").translate(_TO_STANDARD) + b"=" * (-len(text) % 4), strict_mode=True
        )
    except (binascii.Error, ValueError):
        raise MalformedCredentialError(f"{_short(text)!r} is not base64url (RFC 4648 §5).") from None
    if text and text[-1] not in _LAST_CHARS[len(text) % 4]:
        raise MalformedCredentialError(
            f"{_short(text)!r} is not canonical base64url (RFC 4648 §5, no padding)."
        )
    return data


def base58btc_encode(data: bytes) -> str:
    """Bitcoin base58 (the multibase ``z`` alphabet); leading zero bytes become ``1``."""
    number = int.from_bytes(data, "big")
    digits: list[str] = []
    while number:
        number, rest = divmod(number, 58)
        digits.append(_B58_ALPHABET[rest])
    zeros = len(data) - len(data.lstrip(b"\x00"))
    return "1" * zeros + "".join(reversed(digits))


def base58btc_decode(text: str) -> bytes:
    number = 0
    for char in text:
        if char not in _B58_INDEX:
            raise MalformedCredentialError(
                f"{_short(text)!r} is not base58btc: {char!r} is not in its alphabet."
            )
        number = number * 58 + _B58_INDEX[char]
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\x00" * zeros + body


def json_bytes(value: Any) -> bytes:
    """Compact UTF-8 JSON: what is signed is exactly what is sent (no canonicalisation needed for JWS)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def json_object(data: bytes, what: str) -> dict[str, Any]:
    """A JSON object from bytes, or ``MalformedCredentialError`` naming ``what`` it should have been."""
    try:
        value = json.loads(data)
    except (UnicodeDecodeError, ValueError):
        raise MalformedCredentialError(f"the {what} is not JSON.") from None
    if not isinstance(value, dict):
        raise MalformedCredentialError(f"the {what} is not a JSON object.")
    return value


def _short(text: str) -> str:
    return text if len(text) <= 24 else text[:20] + "…"
