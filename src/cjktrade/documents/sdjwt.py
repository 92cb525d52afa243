"""Selective disclosure for JWTs (SD-JWT, RFC 9901) — the parts a credential issuer and verifier need.

The issuer replaces each selectively disclosable claim by the digest of a *disclosure*: the
base64url of the JSON array ``[salt, name, value]`` (an object property, §4.2.1) or ``[salt, value]``
(an array element, §4.2.2). Digests go in the object's ``_sd`` array, or as ``{"...": digest}`` in
the array; ``_sd_alg`` names the hash (``sha-256``, §4.1.1). The SD-JWT is the signed JWT followed by
the disclosures, each ended by ``~`` (§4). A holder presents the SD-JWT with only the disclosures it
chooses; the verifier hashes each one, places it where its digest is, and drops the others (§7.1).

Mark what may be withheld with ``Disclosable``; nested marks give recursive disclosures (§4.2.6):

>>> salts = iter(["s1", "s2"])
>>> payload, disclosures = conceal({"a": 1, "b": Disclosable(2)}, salt=lambda: next(salts))
>>> sorted(payload)
['_sd', '_sd_alg', 'a']
>>> reveal(payload, disclosures).payload
{'a': 1, 'b': 2}
>>> reveal(payload, []).payload
{'a': 1}
"""

from __future__ import annotations

import copy
import hashlib
import json
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from cjktrade.documents.encoding import b64url_decode, b64url_encode
from cjktrade.documents.errors import MalformedCredentialError

HASH_ALGORITHM = "sha-256"
_RESERVED = ("_sd", "...")


@dataclass(frozen=True)
class Disclosable:
    """Marks a claim value (or array element) the holder may withhold."""

    value: Any


@dataclass(frozen=True)
class Revealed:
    """The payload with the presented disclosures in place; ``disclosed`` pairs each one's claim path
    (``a.b[2].c``) with its encoded disclosure."""

    payload: dict[str, Any]
    disclosed: tuple[tuple[str, str], ...]


def random_salt() -> str:
    """§9.3: 128 bits of cryptographically secure randomness per disclosure."""
    return b64url_encode(secrets.token_bytes(16))


def digest(disclosure: str) -> str:
    """§4.2.3: base64url of SHA-256 over the ASCII of the encoded disclosure."""
    return b64url_encode(hashlib.sha256(disclosure.encode("ascii")).digest())


def conceal(
    payload: dict[str, Any], *, salt: Callable[[], str] = random_salt
) -> tuple[dict[str, Any], list[str]]:
    """The issuer-signed payload (with ``_sd_alg``) and every disclosure, for claims marked ``Disclosable``."""
    disclosures: list[str] = []
    concealed = _conceal(payload, salt, disclosures)
    assert isinstance(concealed, dict)
    return {**concealed, "_sd_alg": HASH_ALGORITHM}, disclosures


def _encode(parts: list[Any]) -> str:
    return b64url_encode(json.dumps(parts, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _conceal(value: Any, salt: Callable[[], str], out: list[str]) -> Any:
    if isinstance(value, dict):
        result: dict[str, Any] = {}
        hidden: list[str] = []
        for name, item in value.items():
            if name in _RESERVED:
                raise ValueError(f"claim name {name!r} is reserved by SD-JWT (§4.2.1).")
            if isinstance(item, Disclosable):
                encoded = _encode([salt(), name, _conceal(item.value, salt, out)])
                out.append(encoded)
                hidden.append(digest(encoded))
            else:
                result[name] = _conceal(item, salt, out)
        if hidden:
            # §4.2.4.1: digests are sorted so that their order reveals nothing of the claims' order.
            result["_sd"] = sorted(hidden)
        return result
    if isinstance(value, list):
        elements: list[Any] = []
        for item in value:
            if isinstance(item, Disclosable):
                encoded = _encode([salt(), _conceal(item.value, salt, out)])
                out.append(encoded)
                elements.append({"...": digest(encoded)})
            else:
                elements.append(_conceal(item, salt, out))
        return elements
    if isinstance(value, Disclosable):
        raise ValueError("Disclosable marks an object property or an array element, not a bare value.")
    return value


def split(sd_jwt: str) -> tuple[str, list[str]]:
    """The issuer-signed JWT and the disclosures of ``<JWT>~<D1>~...~<Dn>~`` (§4, no key binding)."""
    if not sd_jwt.isascii():
        raise MalformedCredentialError("an SD-JWT is ASCII: base64url parts separated by '~' (RFC 9901 §4).")
    parts = sd_jwt.split("~")
    if len(parts) < 2:
        raise MalformedCredentialError(
            "an SD-JWT ends with '~' after the JWT and each disclosure (RFC 9901 §4)."
        )
    if parts[-1]:
        raise MalformedCredentialError(
            "key-binding JWTs (RFC 9901 §4.3) are not supported: end the SD-JWT with '~'."
        )
    return parts[0], parts[1:-1]


def join(jwt: str, disclosures: Iterable[str]) -> str:
    return "~".join([jwt, *disclosures]) + "~"


def reveal(payload: dict[str, Any], disclosures: list[str], *, in_place: bool = False) -> Revealed:
    """§7.1 steps 3-5: place each disclosure where its digest is; refuse duplicates and strays.

    ``in_place`` lets a verifier skip copying a payload it has just parsed (and so owns).
    """
    if payload.get("_sd_alg", HASH_ALGORITHM) != HASH_ALGORITHM:
        raise MalformedCredentialError(f"_sd_alg {payload.get('_sd_alg')!r} is not supported (sha-256 is).")
    by_digest: dict[str, str] = {}
    for encoded in disclosures:
        key = digest(encoded)
        if key in by_digest:
            raise MalformedCredentialError("the same disclosure is presented twice (RFC 9901 §7.1 step 4).")
        by_digest[key] = encoded
    walk = _Walk(by_digest)
    body = payload if in_place else copy.deepcopy(payload)
    body.pop("_sd_alg", None)
    result = walk.object(body, None)
    unused = set(by_digest) - walk.used
    if unused:
        raise MalformedCredentialError(
            f"{len(unused)} disclosure(s) match no digest of the signed payload (RFC 9901 §7.1 step 5)."
        )
    return Revealed(result, tuple(walk.disclosed))


class _Walk:
    """Places disclosures in the payload, in place (the payload was just parsed and is ours)."""

    def __init__(self, by_digest: dict[str, str]) -> None:
        self.by_digest = by_digest
        self.used: set[str] = set()
        self.seen: set[str] = set()
        self.disclosed: list[tuple[str, str]] = []

    def _take(self, key: object) -> list[Any] | None:
        if not isinstance(key, str):
            raise MalformedCredentialError("an SD-JWT digest must be a string (RFC 9901 §4.2.4).")
        if key in self.seen:
            raise MalformedCredentialError(
                "a digest appears twice in the signed payload (RFC 9901 §7.1 step 3)."
            )
        self.seen.add(key)
        encoded = self.by_digest.get(key)
        if encoded is None:
            return None  # withheld by the holder, or a decoy
        self.used.add(key)
        try:
            parts = json.loads(b64url_decode(encoded))
        except (UnicodeDecodeError, ValueError):
            raise MalformedCredentialError(
                "a disclosure is not base64url-encoded JSON (RFC 9901 §4.2)."
            ) from None
        if not isinstance(parts, list) or not parts or not isinstance(parts[0], str):
            raise MalformedCredentialError("a disclosure must be a JSON array starting with its salt.")
        return parts

    # A claim's path is kept as a chain of (parent, token) pairs and written out only when a
    # disclosure is found there: most of a payload holds none, and verifying is on the hot path.
    def value(self, value: Any, path: _Path) -> Any:
        kind = type(value)
        if kind is dict:
            return self.object(value, path)
        if kind is list:
            return self.array(value, path)
        return value

    def object(self, value: dict[str, Any], path: _Path) -> dict[str, Any]:
        hidden = value.pop("_sd", None)
        for name, item in value.items():
            kind = type(item)
            if kind is dict or kind is list:
                value[name] = self.value(item, (path, name))
        if hidden is None:
            return value
        if type(hidden) is not list:
            raise MalformedCredentialError("_sd must be an array of digests (RFC 9901 §4.2.4.1).")
        for key in hidden:
            parts = self._take(key)
            if parts is None:
                continue
            if len(parts) != 3 or not isinstance(parts[1], str):
                raise MalformedCredentialError(
                    "an object disclosure must be [salt, name, value] (RFC 9901 §4.2.1)."
                )
            name = parts[1]
            if name in _RESERVED or name in value:
                raise MalformedCredentialError(
                    f"a disclosure may not set claim {name!r} (RFC 9901 §7.1 step 3.c)."
                )
            claim_path: _Path = (path, name)
            self.disclosed.append((_written(claim_path), self.by_digest[key]))
            value[name] = self.value(parts[2], claim_path)
        return value

    def array(self, value: list[Any], path: _Path) -> list[Any]:
        result: list[Any] = []
        for index, item in enumerate(value):
            kind = type(item)
            if kind is dict and "..." in item:
                if len(item) != 1:
                    raise MalformedCredentialError(
                        "an array digest object holds only '...' (RFC 9901 §4.2.4.2)."
                    )
                parts = self._take(item["..."])
                if parts is None:
                    continue
                if len(parts) != 2:
                    raise MalformedCredentialError(
                        "an array disclosure must be [salt, value] (RFC 9901 §4.2.2)."
                    )
                element_path: _Path = (path, index)
                self.disclosed.append((_written(element_path), self.by_digest[item["..."]]))
                result.append(self.value(parts[1], element_path))
            elif kind is dict or kind is list:
                result.append(self.value(item, (path, index)))
            else:
                result.append(item)
        return result


_Path = tuple[Any, str | int] | None


def _written(path: _Path) -> str:
    """``((None, 'a'), 2)`` → ``a[2]``."""
    tokens: list[str] = []
    while path is not None:
        path, token = path
        tokens.append(f"[{token}]" if isinstance(token, int) else f".{token}")
    return "".join(reversed(tokens)).lstrip(".")


def path_tokens(path: str) -> list[str]:
    """``a.b[2].c`` → ``['a', 'b', '[2]', 'c']``; ``[*]`` and ``*`` stay as wildcards."""
    tokens: list[str] = []
    for part in path.split("."):
        name, _, rest = part.partition("[")
        if name:
            tokens.append(name)
        if rest:
            tokens.extend("[" + piece for piece in rest.split("[") if piece)
    return tokens


def _prefix_match(shorter: list[str], longer: list[str]) -> bool:
    return len(shorter) <= len(longer) and all(
        a == b or a in ("*", "[*]") or b in ("*", "[*]") for a, b in zip(shorter, longer, strict=False)
    )


def keep_for(reveal_paths: Iterable[str]) -> Callable[[str], bool]:
    """Whether a disclosure at a claim path is needed to show ``reveal_paths``: the claim itself, a
    claim inside it, or a container on the way to it (a nested claim shows only with its parents)."""
    patterns = [path_tokens(p) for p in reveal_paths]

    def keep(path: str) -> bool:
        tokens = path_tokens(path)
        return any(_prefix_match(p, tokens) or _prefix_match(tokens, p) for p in patterns)

    return keep


def mark(value: Any, patterns: Iterable[str]) -> Any:
    """``value`` with the claims at ``patterns`` wrapped in ``Disclosable``.

    A pattern is a claim path; ``*`` stands for any property name and ``[*]`` for any array index:

    >>> mark({"a": {"x": 1, "y": [5, 6]}}, ["a.*", "a.y[*]"])["a"]["y"]
    Disclosable(value=[Disclosable(value=5), Disclosable(value=6)])
    """
    return _mark(value, [], [path_tokens(p) for p in patterns])


def _mark(value: Any, tokens: list[str], patterns: list[list[str]]) -> Any:
    children: list[tuple[Any, list[str], Any]]
    if isinstance(value, dict):
        children = [(key, [*tokens, key], item) for key, item in value.items()]
        return {key: _wrap(_mark(item, path, patterns), path, patterns) for key, path, item in children}
    if isinstance(value, list):
        children = [(i, [*tokens, f"[{i}]"], item) for i, item in enumerate(value)]
        return [_wrap(_mark(item, path, patterns), path, patterns) for _, path, item in children]
    return value


def _wrap(value: Any, tokens: list[str], patterns: list[list[str]]) -> Any:
    def matches(pattern: list[str]) -> bool:
        return len(pattern) == len(tokens) and all(
            p == t or (p == "*" and not t.startswith("[")) or (p == "[*]" and t.startswith("["))
            for p, t in zip(pattern, tokens, strict=True)
        )

    return Disclosable(value) if any(matches(p) for p in patterns) else value
