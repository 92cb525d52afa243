"""Where the documents' state lives: settings, the issuer key store and the document store.

``DocumentStore`` is the small protocol the platform's database can implement too;
``FileDocumentStore`` keeps everything in a folder, ``CJKTRADE_HOME``::

    issuers/<name>.json              the issuer's public record: DID, keys, rotation dates
    issuers/<name>/<key>.sealed.json its private keys, sealed with the passphrase (0600)
    documents/<uuid>.json            each issued document (the credential as issued)
    status-lists/<id>.json           each status list: its bits and its signed credential
"""

from __future__ import annotations

import base64
import json
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol
from urllib.parse import quote

from cjktrade.core.errors import InvalidInputError, MissingDataError, NotFoundError
from cjktrade.documents.credential import (
    Signer,
)
from cjktrade.documents.did import (
    KeyResolver,
    PublishedKey,
    VerificationKey,
    did_key,
    did_key_document,
    did_key_kid,
    did_web_document,
    table_resolver,
)
from cjktrade.documents.errors import UnknownIssuerError
from cjktrade.documents.keys import (
    DEFAULT_LOG_N,
    generate_key,
    open_private_key,
    public_raw,
    seal_private_key,
)
from cjktrade.documents.models_common import Language
from cjktrade.documents.status_list import (
    new_bitstring,
)
from cjktrade.documents.timefmt import format_instant, parse_instant

if TYPE_CHECKING:
    pass


HOME_ENV, PUBLIC_URL_ENV, PASSPHRASE_ENV, FONT_ENV = (
    "CJKTRADE_HOME",
    "CJKTRADE_PUBLIC_URL",
    "CJKTRADE_KEY_PASSPHRASE",
    "CJKTRADE_CJK_FONT",
)
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"
# Where Debian/Ubuntu (fonts-noto-cjk), Fedora and Arch install Noto Sans CJK.
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
)
# The faces of NotoSansCJK-Regular.ttc: each language gets its own glyph shapes (Han unification).
TTC_FACE: dict[Language, int] = {"en": 0, "ja": 0, "ko": 1, "zh-Hans": 2}
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


# --- settings --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    home: Path
    public_url: str = DEFAULT_PUBLIC_URL
    kdf_log_n: int = DEFAULT_LOG_N
    font_path: str | None = None

    @classmethod
    def from_env(cls) -> Settings:
        home = os.environ.get(HOME_ENV) or str(Path.home() / ".local" / "share" / "cjktrade")
        public = os.environ.get(PUBLIC_URL_ENV) or DEFAULT_PUBLIC_URL
        return cls(Path(home).expanduser(), public.rstrip("/"), font_path=os.environ.get(FONT_ENV) or None)

    @property
    def api(self) -> str:
        return f"{self.public_url.rstrip('/')}/api/v1"

    def status_list_url(self, list_id: str) -> str:
        return f"{self.api}/status-lists/{list_id}"

    def document_url(self, document_id: str) -> str:
        return f"{self.api}/documents/{quote(document_id, safe='')}"

    @property
    def schema_base(self) -> str:
        return f"{self.api}/documents/schemas"


def server_passphrase() -> str:
    """The issuing passphrase of an API server, from ``CJKTRADE_KEY_PASSPHRASE``."""
    value = os.environ.get(PASSPHRASE_ENV)
    if not value:
        raise MissingDataError(
            "this server cannot issue or revoke documents: no issuer passphrase is configured.",
            dataset=PASSPHRASE_ENV,
            hint=f"Set {PASSPHRASE_ENV} in the server's environment.",
        )
    return value


# --- files -----------------------------------------------------------------------------------------


def _write_atomic(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write whole or not at all (temp file + rename); ``private`` files are readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        if private:
            os.fchmod(handle, 0o600)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _write_json(path: Path, value: Any, *, private: bool = False) -> None:
    _write_atomic(
        path, json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8") + b"\n", private=private
    )


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock across processes (POSIX ``flock``); elsewhere, within this process only."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(path, "a+b") as stream:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            yield
            return
        fcntl.flock(stream, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(stream, fcntl.LOCK_UN)


# --- issuers and their keys ------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyRecord:
    """One signing key of an issuer. ``rotated_out`` None means it is the key in use."""

    key_id: str
    kid: str
    public_key: bytes
    created: datetime
    rotated_out: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "keyId": self.key_id,
            "kid": self.kid,
            "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": _b64(self.public_key)},
            "created": format_instant(self.created),
            "rotatedOut": format_instant(self.rotated_out) if self.rotated_out else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> KeyRecord:
        rotated = data.get("rotatedOut")
        return cls(
            data["keyId"],
            data["kid"],
            _unb64(data["publicKeyJwk"]["x"]),
            parse_instant(data["created"], "created"),
            parse_instant(rotated, "rotatedOut") if rotated else None,
        )


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class IssuerRecord:
    """An issuer: its DID method (did:key — a new DID per key — or one did:web DID) and its keys."""

    name: str
    display_name: str | None
    method: Literal["key", "web"]
    web_did: str | None
    keys: tuple[KeyRecord, ...]

    @property
    def current(self) -> KeyRecord:
        return next(k for k in reversed(self.keys) if k.rotated_out is None)

    @property
    def did(self) -> str:
        return self.web_did if self.web_did else did_key(self.current.public_key)

    @property
    def dids(self) -> frozenset[str]:
        return frozenset(k.kid.split("#", 1)[0] for k in self.keys)

    def verification_keys(self) -> list[VerificationKey]:
        aliases = self.dids
        return [
            VerificationKey(k.kid, k.kid.split("#", 1)[0], k.public_key, k.rotated_out, aliases)
            for k in self.keys
        ]

    def did_document(self) -> dict[str, Any]:
        """For did:web, the document to publish (all keys, rotated ones with ``revoked``); for
        did:key, the expansion of the current key's DID."""
        if self.web_did:
            published = [PublishedKey(k.key_id, k.public_key, k.rotated_out) for k in self.keys]
            return did_web_document(self.web_did, published)
        return did_key_document(self.current.public_key)

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": "cjktrade-issuer/1",
            "name": self.name,
            "displayName": self.display_name,
            "method": self.method,
            "did": self.did,
            "webDid": self.web_did,
            "keys": [k.as_dict() for k in self.keys],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IssuerRecord:
        keys = tuple(KeyRecord.from_dict(k) for k in data["keys"])
        return cls(data["name"], data.get("displayName"), data["method"], data.get("webDid"), keys)


class KeyStore:
    """Issuer records and their sealed private keys in ``root`` (``CJKTRADE_HOME/issuers``)."""

    def __init__(self, root: Path, *, kdf_log_n: int = DEFAULT_LOG_N) -> None:
        self.root = root
        self.kdf_log_n = kdf_log_n

    def _record_path(self, name: str) -> Path:
        return self.root / f"{name}.json"

    def _sealed_path(self, name: str, key_id: str) -> Path:
        return self.root / name / f"{key_id}.sealed.json"

    def get(self, name: str) -> IssuerRecord:
        path = self._record_path(_check_name(name))
        if not path.is_file():
            known = ", ".join(r.name for r in self.all()) or "none yet"
            raise UnknownIssuerError(
                f"no issuer named {name!r} (known: {known}).", hint=f"Create one: cjktrade keys new {name}"
            )
        return IssuerRecord.from_dict(_read_json(path))

    def all(self) -> list[IssuerRecord]:
        if not self.root.is_dir():
            return []
        return [IssuerRecord.from_dict(_read_json(p)) for p in sorted(self.root.glob("*.json"))]

    def create(
        self, name: str, passphrase: str, *, display_name: str | None, web_did: str | None, now: datetime
    ) -> IssuerRecord:
        if self._record_path(_check_name(name)).exists():
            raise InvalidInputError(
                f"an issuer named {name!r} exists already: rotate its key or choose another name."
            )
        record = IssuerRecord(name, display_name, "web" if web_did else "key", web_did, ())
        return self._add_key(record, passphrase, now)

    def rotate(self, name: str, passphrase: str, *, now: datetime, compromised: bool = False) -> IssuerRecord:
        """A new current key; the old one is kept, marked rotated out ``now``. The passphrase must
        open the current key (proof that the caller holds it) and seals the new one.

        ``compromised``: the old key may be in other hands, who could sign with a back-dated
        ``iat``; it is then rotated out as of its creation, so nothing it signed verifies any more
        (re-issue what it signed)."""
        record = self.get(name)
        self._open(record, record.current, passphrase)
        keys = tuple(
            replace(k, rotated_out=k.created if compromised else now) if k.rotated_out is None else k
            for k in record.keys
        )
        return self._add_key(replace(record, keys=keys), passphrase, now)

    def _add_key(self, record: IssuerRecord, passphrase: str, now: datetime) -> IssuerRecord:
        key = generate_key()
        raw = public_raw(key)
        key_id = f"key-{len(record.keys) + 1}"
        kid = f"{record.web_did}#{key_id}" if record.web_did else did_key_kid(raw)
        sealed = seal_private_key(key, passphrase, key_id=kid, log_n=self.kdf_log_n)
        _write_json(self._sealed_path(record.name, key_id), sealed, private=True)
        updated = replace(record, keys=(*record.keys, KeyRecord(key_id, kid, raw, now)))
        _write_json(self._record_path(record.name), updated.as_dict())
        return updated

    def _open(self, record: IssuerRecord, key: KeyRecord, passphrase: str) -> Signer:
        sealed = _read_json(self._sealed_path(record.name, key.key_id))
        private = open_private_key(sealed, passphrase, key_id=key.kid)
        return Signer(private, key.kid, record.display_name or record.name)

    def signer(self, name: str, passphrase: str) -> Signer:
        record = self.get(name)
        return self._open(record, record.current, passphrase)

    def resolver(self) -> KeyResolver:
        return table_resolver(k for r in self.all() for k in r.verification_keys())

    def by_did(self, did: str) -> IssuerRecord | None:
        return next((r for r in self.all() if did in r.dids or r.web_did == did), None)


def _check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise InvalidInputError(
            f"issuer name {name!r}: use lower-case letters, digits and '-' (e.g. kcci-seoul)."
        )
    return name


# --- documents and status lists --------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentRecord:
    id: str
    type: str
    issuer: str
    credential: str
    issued_at: datetime
    status_list: str | None = None
    status_index: int | None = None
    revoked_at: datetime | None = None


@dataclass
class StatusListRecord:
    """A status list: ``bits`` (set = revoked), ``allocated`` (set = index given to a document) and
    ``credential``, the last signed ``BitstringStatusListCredential`` — what is published."""

    id: str
    issuer: str
    purpose: str
    bits: bytearray = field(default_factory=new_bitstring)
    allocated: bytearray = field(default_factory=new_bitstring)
    credential: str | None = None


class DocumentStore(Protocol):
    """Where issued documents and status lists are kept. Hold ``lock()`` around read-modify-write
    of a status list so that two writers cannot hand out one index or lose a revocation."""

    def lock(self) -> AbstractContextManager[None]: ...

    def put_document(self, record: DocumentRecord) -> None: ...

    def get_document(self, document_id: str) -> DocumentRecord:
        """The record, or ``NotFoundError``."""
        ...

    def put_status_list(self, record: StatusListRecord) -> None: ...

    def get_status_list(self, list_id: str) -> StatusListRecord | None: ...


class FileDocumentStore:
    """``DocumentStore`` in a folder: one JSON file per document and per status list."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def lock(self) -> AbstractContextManager[None]:
        return _file_lock(self.root / ".lock")

    def _document_path(self, document_id: str) -> Path:
        match = re.fullmatch(r"urn:uuid:([0-9a-f-]{36})", document_id.strip().lower())
        if match is None:
            raise InvalidInputError(f"{document_id!r} is not a document id (urn:uuid:…).")
        return self.root / "documents" / f"{match.group(1)}.json"

    def put_document(self, record: DocumentRecord) -> None:
        data = {
            "id": record.id,
            "type": record.type,
            "issuer": record.issuer,
            "credential": record.credential,
            "issuedAt": format_instant(record.issued_at),
            "statusList": record.status_list,
            "statusIndex": record.status_index,
            "revokedAt": format_instant(record.revoked_at) if record.revoked_at else None,
        }
        _write_json(self._document_path(record.id), data)

    def get_document(self, document_id: str) -> DocumentRecord:
        path = self._document_path(document_id)
        if not path.is_file():
            raise NotFoundError(f"no document {document_id} was issued here.")
        data = _read_json(path)
        revoked = data.get("revokedAt")
        return DocumentRecord(
            data["id"],
            data["type"],
            data["issuer"],
            data["credential"],
            parse_instant(data["issuedAt"], "issuedAt"),
            data.get("statusList"),
            data.get("statusIndex"),
            parse_instant(revoked, "revokedAt") if revoked else None,
        )

    def _list_path(self, list_id: str) -> Path:
        if not _NAME.fullmatch(list_id):
            raise InvalidInputError(f"{list_id!r} is not a status list id.")
        return self.root / "status-lists" / f"{list_id}.json"

    def put_status_list(self, record: StatusListRecord) -> None:
        data = {
            "id": record.id,
            "issuer": record.issuer,
            "purpose": record.purpose,
            "bits": _b64(bytes(record.bits)),
            "allocated": _b64(bytes(record.allocated)),
            "credential": record.credential,
        }
        _write_json(self._list_path(record.id), data)

    def get_status_list(self, list_id: str) -> StatusListRecord | None:
        path = self._list_path(list_id)
        if not path.is_file():
            return None
        data = _read_json(path)
        return StatusListRecord(
            data["id"],
            data["issuer"],
            data["purpose"],
            bytearray(_unb64(data["bits"])),
            bytearray(_unb64(data["allocated"])),
            data.get("credential"),
        )


@dataclass(frozen=True)
class Workspace:
    settings: Settings
    store: DocumentStore

    @cached_property
    def keys(self) -> KeyStore:
        return KeyStore(self.settings.home / "issuers", kdf_log_n=self.settings.kdf_log_n)


def workspace(settings: Settings | None = None, store: DocumentStore | None = None) -> Workspace:
    chosen = settings or Settings.from_env()
    return Workspace(chosen, store or FileDocumentStore(chosen.home))


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
