"""Bitstring Status List v1.0 (W3C Recommendation): revocation bits and their encoding.

Each credential gets an index into a list of at least 131,072 bits (16 KiB, §6.1 "minimum
bitstring length" — the herd that hides which credential a verifier checks). Bit 0 is the most
significant bit of the first byte (§3.2, "the left-most bit"). The list is published as the
``encodedList`` of a ``BitstringStatusListCredential``: multibase base64url (prefix ``u``, no
padding) of the GZIP-compressed bitstring (§2.1).

>>> bits = new_bitstring()
>>> len(bits) * 8
131072
>>> set_bit(bits, 3)
>>> bits[0]
16
>>> get_bit(decode_list(encode_list(bits)), 3), get_bit(bits, 4)
(True, False)
"""

from __future__ import annotations

import gzip
import io
from typing import Any

from cjktrade.documents.encoding import b64url_decode, b64url_encode
from cjktrade.documents.errors import MalformedCredentialError

MIN_BITS = 131_072
# Refuse a list that inflates past 16 MiB: a verifier decodes lists it fetched from others.
MAX_DECODED_BYTES = 16 * 1024 * 1024
PURPOSE_REVOCATION = "revocation"


def new_bitstring(bits: int = MIN_BITS) -> bytearray:
    if bits < MIN_BITS or bits % 8:
        raise ValueError(f"a status list has at least {MIN_BITS} bits, in whole bytes (§6.1).")
    return bytearray(bits // 8)


def _locate(bits: bytes | bytearray, index: int) -> tuple[int, int]:
    if not 0 <= index < len(bits) * 8:
        raise IndexError(f"status list index {index} is outside 0..{len(bits) * 8 - 1}.")
    return index // 8, 7 - index % 8


def get_bit(bits: bytes | bytearray, index: int) -> bool:
    byte, shift = _locate(bits, index)
    return bool(bits[byte] >> shift & 1)


def set_bit(bits: bytearray, index: int, value: bool = True) -> None:
    byte, shift = _locate(bits, index)
    if value:
        bits[byte] |= 1 << shift
    else:
        bits[byte] &= ~(1 << shift) & 0xFF


def encode_list(bits: bytes | bytearray) -> str:
    # mtime=0 keeps the encoding a pure function of the bits (same list, same bytes).
    return "u" + b64url_encode(gzip.compress(bytes(bits), mtime=0))


def decode_list(encoded: str) -> bytes:
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise MalformedCredentialError("encodedList must be multibase base64url (prefix 'u', §2.1).")
    compressed = b64url_decode(encoded[1:])
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(compressed)) as stream:
            bits = stream.read(MAX_DECODED_BYTES + 1)
    except (OSError, EOFError):
        raise MalformedCredentialError("encodedList is not GZIP-compressed (§2.1).") from None
    if len(bits) > MAX_DECODED_BYTES:
        raise MalformedCredentialError(f"the status list inflates past {MAX_DECODED_BYTES} bytes.")
    if len(bits) * 8 < MIN_BITS:
        raise MalformedCredentialError(
            f"the status list has {len(bits) * 8} bits, under the {MIN_BITS} minimum (§6.1)."
        )
    return bits


def status_entry(list_url: str, index: int, purpose: str = PURPOSE_REVOCATION) -> dict[str, Any]:
    """§2.1 ``BitstringStatusListEntry``: the index is a base-10 string; the entry id is not the list's URL."""
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def status_list_subject(
    list_url: str, bits: bytes | bytearray, purpose: str = PURPOSE_REVOCATION
) -> dict[str, Any]:
    return {
        "id": f"{list_url}#list",
        "type": "BitstringStatusList",
        "statusPurpose": purpose,
        "encodedList": encode_list(bits),
    }
