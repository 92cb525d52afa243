"""Ed25519 issuer keys: public forms (raw, JWK, multikey) and the private key sealed with a passphrase.

A sealed key is a JSON object: scrypt (RFC 7914; memory-hard, so guessing passphrases is costly)
derives a 256-bit key from the passphrase, and AES-256-GCM encrypts the 32-byte Ed25519 seed with
the key's id as associated data (a sealed key cannot be swapped onto another key record unnoticed).
The KDF parameters travel with the envelope, so they can be raised later without breaking old keys.

>>> key = generate_key()
>>> sealed = seal_private_key(key, "correct horse", key_id="k1", log_n=10)
>>> public_raw(open_private_key(sealed, "correct horse", key_id="k1")) == public_raw(key)
True
>>> open_private_key(sealed, "wrong", key_id="k1")
Traceback (most recent call last):
...
cjktrade.documents.errors.WrongPassphraseError: wrong passphrase for key k1: the key could not be opened. Give the passphrase chosen when the key was made.
"""

from __future__ import annotations

import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from cjktrade.core.errors import InvalidInputError
from cjktrade.documents.encoding import b64url_decode, b64url_encode, base58btc_decode, base58btc_encode
from cjktrade.documents.errors import MalformedCredentialError, WrongPassphraseError

SEALED_FORMAT = "cjktrade-sealed-key/1"
# OWASP's password storage guidance: scrypt with N=2^17, r=8, p=1 (128 MiB, about 0.3 s).
DEFAULT_LOG_N = 17
# Multicodec table: ed25519-pub is 0xed, written as the unsigned varint 0xed 0x01.
ED25519_MULTICODEC = b"\xed\x01"


def generate_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public_raw(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_jwk(raw: bytes) -> dict[str, str]:
    """RFC 8037 §2: an Ed25519 public key as an OKP JWK."""
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(raw)}


def raw_from_jwk(jwk: dict[str, Any]) -> bytes:
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519" or not isinstance(jwk.get("x"), str):
        raise MalformedCredentialError(
            "the JWK is not an Ed25519 public key (kty OKP, crv Ed25519, RFC 8037)."
        )
    if "d" in jwk:
        raise InvalidInputError("the JWK holds a private key ('d'): give the public key only.")
    raw = b64url_decode(jwk["x"])
    _check_length(raw)
    return raw


def multikey(raw: bytes) -> str:
    """The Multikey / did:key form: ``z`` + base58btc(0xed01 ‖ key)."""
    return "z" + base58btc_encode(ED25519_MULTICODEC + raw)


def raw_from_multikey(text: str) -> bytes:
    if not text.startswith("z"):
        raise MalformedCredentialError(
            f"{text[:16]!r} is not a base58btc multibase key (it must start with 'z')."
        )
    data = base58btc_decode(text[1:])
    if not data.startswith(ED25519_MULTICODEC):
        raise MalformedCredentialError(f"{text[:16]!r} is not an Ed25519 key (multicodec 0xed01).")
    raw = data[len(ED25519_MULTICODEC) :]
    _check_length(raw)
    return raw


def _check_length(raw: bytes) -> None:
    if len(raw) != 32:
        raise MalformedCredentialError(f"an Ed25519 public key has 32 bytes, not {len(raw)}.")


def seal_private_key(
    key: Ed25519PrivateKey, passphrase: str, *, key_id: str, log_n: int = DEFAULT_LOG_N
) -> dict[str, Any]:
    """The private key encrypted under ``passphrase``; safe to write to disk."""
    if not passphrase:
        raise InvalidInputError("the passphrase is empty: choose one to protect the issuer's private key.")
    salt, nonce = os.urandom(16), os.urandom(12)
    seed = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    ciphertext = AESGCM(_derive(passphrase, salt, log_n)).encrypt(nonce, seed, key_id.encode())
    return {
        "format": SEALED_FORMAT,
        "kdf": {"name": "scrypt", "log_n": log_n, "r": 8, "p": 1, "salt": b64url_encode(salt)},
        "cipher": {"name": "AES-256-GCM", "nonce": b64url_encode(nonce)},
        "ciphertext": b64url_encode(ciphertext),
    }


def open_private_key(sealed: dict[str, Any], passphrase: str, *, key_id: str) -> Ed25519PrivateKey:
    """The private key, or ``WrongPassphraseError``; raised ``from None`` so no trace holds key bytes."""
    try:
        kdf, cipher = sealed["kdf"], sealed["cipher"]
        key = _derive(passphrase, b64url_decode(kdf["salt"]), int(kdf["log_n"]))
        nonce, ciphertext = b64url_decode(cipher["nonce"]), b64url_decode(sealed["ciphertext"])
    except (KeyError, TypeError, ValueError):
        raise MalformedCredentialError(
            f"the sealed key {key_id} is damaged: it is not {SEALED_FORMAT}."
        ) from None
    try:
        seed = AESGCM(key).decrypt(nonce, ciphertext, key_id.encode())
    except InvalidTag:
        raise WrongPassphraseError(
            f"wrong passphrase for key {key_id}: the key could not be opened.",
            hint="Give the passphrase chosen when the key was made.",
        ) from None
    return Ed25519PrivateKey.from_private_bytes(seed)


def _derive(passphrase: str, salt: bytes, log_n: int) -> bytes:
    if not 10 <= log_n <= 22:
        raise MalformedCredentialError(f"scrypt cost 2^{log_n} is outside 2^10..2^22.")
    n, r = 1 << log_n, 8
    return Scrypt(salt=salt, length=32, n=n, r=r, p=1).derive(passphrase.encode("utf-8"))
