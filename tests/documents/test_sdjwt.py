"""SD-JWT (RFC 9901): disclosures, digests, reconstruction and presentation paths."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cjktrade.documents import sdjwt
from cjktrade.documents.errors import MalformedCredentialError
from cjktrade.documents.sdjwt import Disclosable, conceal, digest, keep_for, mark, reveal


@pytest.mark.parametrize(
    ("disclosure", "expected"),
    [
        pytest.param(
            "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0",
            "X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0",
            id="rfc9901-4.2.1-object-property",
        ),
        pytest.param(
            "WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIkZSIl0",
            "w0I8EKcdCtUPkGCNUrfwVp2xEgNjtoIDlOxc9-PlOhs",
            id="rfc9901-4.2.2-array-element",
        ),
    ],
)
def test_digest_disclosure_matches_rfc9901_examples(disclosure: str, expected: str) -> None:
    assert digest(disclosure) == expected


def test_reveal_rfc9901_disclosure_in_place() -> None:
    payload = {"_sd": ["X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0"], "_sd_alg": "sha-256"}
    revealed = reveal(payload, ["WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0"])
    assert revealed.payload == {"family_name": "Möbius"}
    assert revealed.disclosed[0][0] == "family_name"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text("abcxyz", min_size=1, max_size=4), inner, max_size=3)
    ),
    max_leaves=12,
)


def _mark_some(value: Any, choices: list[bool]) -> Any:
    """Wrap some properties and elements in Disclosable, deterministically from ``choices``."""
    if isinstance(value, dict):
        return {
            k: (Disclosable if choices and choices.pop() else lambda v: v)(_mark_some(v, choices))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [
            (Disclosable if choices and choices.pop() else lambda v: v)(_mark_some(v, choices)) for v in value
        ]
    return value


@given(
    st.dictionaries(st.text("abcxyz", min_size=1, max_size=4), json_values, max_size=4),
    st.lists(st.booleans()),
)
def test_reveal_all_disclosures_restores_payload(payload: dict[str, Any], choices: list[bool]) -> None:
    concealed, disclosures = conceal(_mark_some(payload, list(choices)))
    assert reveal(concealed, disclosures).payload == payload


def test_reveal_without_disclosures_drops_hidden_claims() -> None:
    concealed, _ = conceal({"open": 1, "secret": Disclosable("50.00"), "list": [Disclosable(1), 2]})
    assert reveal(concealed, []).payload == {"open": 1, "list": [2]}
    assert "50.00" not in str(concealed)


def test_reject_disclosure_presented_twice() -> None:
    concealed, disclosures = conceal({"a": Disclosable(1)})
    with pytest.raises(MalformedCredentialError, match="twice"):
        reveal(concealed, disclosures * 2)


def test_reject_disclosure_not_signed() -> None:
    concealed, _ = conceal({"a": Disclosable(1)})
    _, foreign = conceal({"a": Disclosable(2)})
    with pytest.raises(MalformedCredentialError, match="match no digest"):
        reveal(concealed, foreign)


def test_reject_disclosure_overwriting_visible_claim() -> None:
    concealed, _ = conceal({"a": 1})
    forged = sdjwt._encode(["salt", "a", 2])
    concealed["_sd"] = [digest(forged)]
    with pytest.raises(MalformedCredentialError, match="may not set claim 'a'"):
        reveal(concealed, [forged])


def test_split_refuses_key_binding_jwt() -> None:
    with pytest.raises(MalformedCredentialError, match="key-binding"):
        sdjwt.split("a.b.c~disclosure~kb.jwt.sig")


def test_conceal_sorts_digests_hiding_claim_order() -> None:
    concealed, _ = conceal({k: Disclosable(i) for i, k in enumerate("zyxwv")})
    assert concealed["_sd"] == sorted(concealed["_sd"])


def test_mark_wildcards_properties_and_elements() -> None:
    marked = mark({"a": {"x": 1, "m": [1, 2]}, "b": 3}, ["a.*", "a.m[*]"])
    assert isinstance(marked["a"]["x"], Disclosable) and marked["b"] == 3
    assert [type(e) for e in marked["a"]["m"].value] == [Disclosable, Disclosable]


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        ("credentialSubject.items[0].originDetermination.costBuildUp.fob", True),
        ("credentialSubject.items[0].originDetermination.costBuildUp.materials", True),
        ("credentialSubject.items[0].originDetermination.costBuildUp.materials[1]", True),
        ("credentialSubject.items[0].originDetermination.costBuildUp.explanation", False),
    ],
)
def test_keep_for_reveal_paths_and_their_parents(path: str, kept: bool) -> None:
    keep = keep_for(["credentialSubject.items[*].originDetermination.costBuildUp.fob",
                     "credentialSubject.items[0].originDetermination.costBuildUp.materials[1]"])  # fmt: skip
    assert keep(path) is kept
