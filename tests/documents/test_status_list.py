"""Bitstring Status List v1.0: bit order, size, encoding and its limits."""

from __future__ import annotations

import base64
import gzip

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cjktrade.documents.errors import MalformedCredentialError
from cjktrade.documents.status_list import (
    MIN_BITS,
    decode_list,
    encode_list,
    get_bit,
    new_bitstring,
    set_bit,
    status_entry,
)


def test_new_bitstring_has_spec_minimum_of_131072_entries() -> None:
    assert len(new_bitstring()) * 8 == MIN_BITS == 131_072


@pytest.mark.parametrize(
    ("index", "byte", "value"), [(0, 0, 0x80), (7, 0, 0x01), (8, 1, 0x80), (131_071, 16_383, 0x01)]
)
def test_set_bit_left_most_is_index_zero(index: int, byte: int, value: int) -> None:
    # §3.2 (validate algorithm): index 0 is the left-most bit — the high bit of the first byte.
    bits = new_bitstring()
    set_bit(bits, index)
    assert bits[byte] == value and sum(bits) == value


@given(st.sets(st.integers(min_value=0, max_value=MIN_BITS - 1), max_size=50))
def test_decode_list_round_trips_set_bits(indices: set[int]) -> None:
    bits = new_bitstring()
    for index in indices:
        set_bit(bits, index)
    decoded = decode_list(encode_list(bits))
    assert {i for i in indices if get_bit(decoded, i)} == indices
    assert sum(bin(b).count("1") for b in decoded) == len(indices)


def test_encode_list_is_multibase_base64url_gzip() -> None:
    encoded = encode_list(new_bitstring())
    assert encoded.startswith("u") and "=" not in encoded
    raw = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
    assert gzip.decompress(raw) == bytes(16_384)


def test_reject_list_under_minimum_size() -> None:
    small = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(100))).rstrip(b"=").decode()
    with pytest.raises(MalformedCredentialError, match="minimum"):
        decode_list(small)


def test_reject_list_inflating_past_limit() -> None:
    bomb = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(17 * 1024 * 1024))).rstrip(b"=").decode()
    with pytest.raises(MalformedCredentialError, match="inflates"):
        decode_list(bomb)


def test_status_entry_index_is_decimal_string_and_id_not_list_url() -> None:
    entry = status_entry("https://x/api/v1/status-lists/a-revocation-1", 94567)
    assert entry["statusListIndex"] == "94567"
    assert entry["id"] != entry["statusListCredential"]
    assert entry["type"] == "BitstringStatusListEntry" and entry["statusPurpose"] == "revocation"
