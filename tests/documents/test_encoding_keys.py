"""Byte encodings, did:key forms and sealed private keys."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cjktrade.documents.encoding import b64url_decode, b64url_encode, base58btc_decode, base58btc_encode
from cjktrade.documents.errors import MalformedCredentialError, WrongPassphraseError
from cjktrade.documents.keys import (
    generate_key,
    multikey,
    open_private_key,
    public_jwk,
    public_raw,
    raw_from_jwk,
    raw_from_multikey,
    seal_private_key,
)


@given(st.binary(max_size=200))
def test_decode_base64url_round_trips_any_bytes(data: bytes) -> None:
    assert b64url_decode(b64url_encode(data)) == data


@given(st.binary(min_size=1, max_size=64), st.integers(min_value=1, max_value=15))
def test_reject_base64url_with_unused_bits_set(data: bytes, low_bits: int) -> None:
    # RFC 4648 §3.5: the last character's unused bits must be zero; a flipped one must not decode.
    text = b64url_encode(data)
    unused = {1: 4, 2: 2, 0: 0}[len(data) % 3]
    if not unused:
        return
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet.index(text[-1]) ^ (low_bits % (1 << unused) or 1)
    with pytest.raises(MalformedCredentialError, match="canonical"):
        b64url_decode(text[:-1] + alphabet[last])


@pytest.mark.parametrize("text", ["a=", "ab+c", "a", "ab cd"])
def test_reject_base64url_malformed(text: str) -> None:
    with pytest.raises(MalformedCredentialError):
        b64url_decode(text)


@given(st.binary(max_size=80))
def test_decode_base58btc_round_trips_any_bytes(data: bytes) -> None:
    assert base58btc_decode(base58btc_encode(data)) == data


def test_encode_multikey_ed25519_starts_z6mk() -> None:
    # did:key §3.1.2: 0xed01 + 32 bytes in base58btc always begins "z6Mk".
    raw = public_raw(generate_key())
    value = multikey(raw)
    assert value.startswith("z6Mk") and raw_from_multikey(value) == raw


def test_reject_multikey_of_other_key_type() -> None:
    with pytest.raises(MalformedCredentialError, match="0xed01"):
        raw_from_multikey("z" + base58btc_encode(b"\x12\x00" + bytes(32)))


def test_read_jwk_refuses_private_member() -> None:
    jwk = public_jwk(bytes(32)) | {"d": "secret"}
    with pytest.raises(ValueError, match="private key"):
        raw_from_jwk(jwk)


def test_open_sealed_key_with_its_passphrase() -> None:
    key = generate_key()
    sealed = seal_private_key(key, "pass phrase", key_id="did:web:x#key-1", log_n=10)
    assert public_raw(open_private_key(sealed, "pass phrase", key_id="did:web:x#key-1")) == public_raw(key)


def test_open_sealed_key_wrong_passphrase_clear_error() -> None:
    sealed = seal_private_key(generate_key(), "right", key_id="k", log_n=10)
    with pytest.raises(WrongPassphraseError, match="wrong passphrase for key k") as caught:
        open_private_key(sealed, "wrong", key_id="k")
    # Raised "from None": no chained exception can carry key material into a traceback.
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_open_sealed_key_under_other_key_id_fails() -> None:
    # The key id is associated data: a sealed key moved onto another key record does not open.
    sealed = seal_private_key(generate_key(), "pw", key_id="did:web:x#key-1", log_n=10)
    with pytest.raises(WrongPassphraseError):
        open_private_key(sealed, "pw", key_id="did:web:x#key-2")


def test_seal_private_key_holds_no_key_bytes_in_clear() -> None:
    key = generate_key()
    sealed = seal_private_key(key, "pw", key_id="k", log_n=10)
    from cryptography.hazmat.primitives import serialization

    seed = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    assert b64url_encode(seed) not in str(sealed) and seed.hex() not in str(sealed)
