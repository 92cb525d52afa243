"""The document types: their VC type, schema (name and version), validity and what is disclosable.

>>> document_type("rcep-certificate-of-origin").schema_file
'rcep-certificate-of-origin.v1.json'
>>> document_type("cptpp-certificate").name
Traceback (most recent call last):
...
cjktrade.core.errors.InvalidInputError: unknown document type 'cptpp-certificate': use one of commercial-invoice, cptpp-certification-of-origin, rcep-certificate-of-origin, rcep-declaration-of-origin.
"""

from __future__ import annotations

from dataclasses import dataclass

from cjktrade.core.errors import InvalidInputError
from cjktrade.documents.models_common import DocModel
from cjktrade.documents.models_credential import (
    CommercialInvoiceCredential,
    CptppCertificationOfOriginCredential,
    CredentialEnvelope,
    RcepCertificateOfOriginCredential,
    RcepDeclarationOfOriginCredential,
)
from cjktrade.documents.models_invoice import CommercialInvoice
from cjktrade.documents.models_origin import (
    CptppCertificationOfOrigin,
    RcepCertificateOfOrigin,
    RcepDeclarationOfOrigin,
)

# The cost build-up of every item, each of its fields and each material a separate disclosure.
ORIGIN_DISCLOSABLE = (
    "credentialSubject.items[*].originDetermination.costBuildUp.*",
    "credentialSubject.items[*].originDetermination.costBuildUp.materials[*]",
)


@dataclass(frozen=True)
class DocumentType:
    """``validity_years``: how long the document is valid from issue, with ``validity_basis`` (the article)."""

    name: str
    version: int
    title: str
    vc_type: str
    subject_model: type[DocModel]
    credential_model: type[CredentialEnvelope]
    agreement: str | None
    validity_years: int | None
    validity_basis: str | None
    disclosable: tuple[str, ...]

    @property
    def schema_file(self) -> str:
        return f"{self.name}.v{self.version}.json"


DOCUMENT_TYPES: dict[str, DocumentType] = {
    t.name: t
    for t in (
        DocumentType(
            "rcep-certificate-of-origin",
            1,
            "RCEP Certificate of Origin",
            "RcepCertificateOfOriginCredential",
            RcepCertificateOfOrigin,
            RcepCertificateOfOriginCredential,
            "RCEP",
            1,
            "RCEP Art. 3.16.6: a proof of origin is valid for one year from the date it is issued",
            ORIGIN_DISCLOSABLE,
        ),
        DocumentType(
            "rcep-declaration-of-origin",
            1,
            "RCEP Declaration of Origin",
            "RcepDeclarationOfOriginCredential",
            RcepDeclarationOfOrigin,
            RcepDeclarationOfOriginCredential,
            "RCEP",
            1,
            "RCEP Art. 3.16.6: a proof of origin is valid for one year from the date it is completed",
            ORIGIN_DISCLOSABLE,
        ),
        DocumentType(
            "cptpp-certification-of-origin",
            1,
            "CPTPP Certification of Origin",
            "CptppCertificationOfOriginCredential",
            CptppCertificationOfOrigin,
            CptppCertificationOfOriginCredential,
            "CPTPP",
            1,
            "CPTPP Art. 3.20.5: a certification of origin is valid for one year after the date it was issued",
            ORIGIN_DISCLOSABLE,
        ),
        DocumentType(
            "commercial-invoice",
            1,
            "Commercial Invoice",
            "CommercialInvoiceCredential",
            CommercialInvoice,
            CommercialInvoiceCredential,
            None,
            None,
            None,
            (),
        ),
    )
}


def document_type(name: str) -> DocumentType:
    found = DOCUMENT_TYPES.get(name.strip().lower())
    if found is None:
        raise InvalidInputError(
            f"unknown document type {name!r}: use one of {', '.join(sorted(DOCUMENT_TYPES))}."
        )
    return found


def type_of_credential(vc_types: object) -> DocumentType | None:
    """The document type a credential's ``type`` array names, if any."""
    if not isinstance(vc_types, list):
        return None
    return next((t for t in DOCUMENT_TYPES.values() if t.vc_type in vc_types), None)


def type_of_schema(schema_id: str) -> DocumentType | None:
    """The document type whose schema file ``schema_id`` ends with (the host may be any deployment's)."""
    file = schema_id.rsplit("/", 1)[-1]
    return next((t for t in DOCUMENT_TYPES.values() if t.schema_file == file), None)
