"""did:key and did:web identifiers, DID documents and key resolution."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cjktrade.core.errors import InvalidInputError
from cjktrade.documents.did import (
    PublishedKey,
    chain,
    did_key,
    did_key_document,
    did_key_kid,
    did_key_resolver,
    did_web_document,
    did_web_from_host,
    did_web_url,
    document_resolver,
)
from cjktrade.documents.keys import generate_key, public_raw

ROTATED = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("did", "url"),
    [
        pytest.param(
            "did:web:w3c-ccg.github.io",
            "https://w3c-ccg.github.io/.well-known/did.json",
            id="did-web-3.2-root",
        ),
        pytest.param(
            "did:web:w3c-ccg.github.io:user:alice",
            "https://w3c-ccg.github.io/user/alice/did.json",
            id="did-web-3.2-path",
        ),
        pytest.param(
            "did:web:example.com%3A3000:user:alice",
            "https://example.com:3000/user/alice/did.json",
            id="did-web-3.2-port",
        ),
    ],
)
def test_did_web_url_follows_method_spec(did: str, url: str) -> None:
    assert did_web_url(did) == url


def test_did_web_from_host_encodes_port_and_path() -> None:
    assert did_web_from_host("example.com:3000", "/user/alice/") == "did:web:example.com%3A3000:user:alice"


@pytest.mark.parametrize("bad", ["", "a/b", " "])
def test_reject_did_web_host_not_a_host(bad: str) -> None:
    with pytest.raises(InvalidInputError):
        did_web_from_host(bad)


def test_resolve_did_key_from_identifier_alone() -> None:
    raw = public_raw(generate_key())
    key = did_key_resolver(did_key_kid(raw))
    assert key is not None and key.public_key == raw and key.did == did_key(raw)
    assert key.rotation_known is False


def test_resolve_did_key_document_multikey() -> None:
    raw = public_raw(generate_key())
    document = did_key_document(raw)
    assert document["assertionMethod"] == [did_key_kid(raw)]
    key = document_resolver([document])(did_key_kid(raw))
    assert key is not None and key.public_key == raw


def test_resolve_did_web_document_keeps_rotated_key_with_revoked_time() -> None:
    old, new = public_raw(generate_key()), public_raw(generate_key())
    did = "did:web:trade.example.com:api:v1:issuers:kcci"
    document = did_web_document(did, [PublishedKey("key-1", old, ROTATED), PublishedKey("key-2", new)])
    assert document["authentication"] == [f"{did}#key-2"]
    assert document["verificationMethod"][0]["revoked"] == "2026-03-01T00:00:00Z"
    resolve = document_resolver([document])
    first, second = resolve(f"{did}#key-1"), resolve(f"{did}#key-2")
    assert first is not None and first.revoked == ROTATED and first.public_key == old
    assert second is not None and second.revoked is None


def test_resolve_ignores_method_of_another_did() -> None:
    raw = public_raw(generate_key())
    document = did_web_document("did:web:a.example", [PublishedKey("key-1", raw)])
    document["verificationMethod"][0]["id"] = "did:web:b.example#key-1"
    document["assertionMethod"] = ["did:web:b.example#key-1"]
    assert document_resolver([document])("did:web:b.example#key-1") is None


def test_chain_asks_resolvers_in_order() -> None:
    raw = public_raw(generate_key())
    resolve = chain(lambda kid: None, did_key_resolver)
    assert resolve(did_key_kid(raw)) is not None and resolve("did:web:x#k") is None
