"""The W3C Verifiable Credentials 2.0 envelope around each document, one model per document type.

The envelope accepts members it does not know (JWT claims such as ``iat``; vc-jose-cose §3.1.2 says
claims not understood are ignored); the subject (the document) does not.
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator
from pydantic.alias_generators import to_camel

from cjktrade.documents.models_common import DocModel, Text
from cjktrade.documents.models_invoice import CommercialInvoice
from cjktrade.documents.models_origin import (
    CptppCertificationOfOrigin,
    RcepCertificateOfOrigin,
    RcepDeclarationOfOrigin,
)

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"


class IssuerRef(DocModel):
    id: str = Field(pattern=r"^did:[a-z0-9]+:.+")
    name: Text | None = None


class SchemaRef(DocModel):
    """VC 2.0 §4.11 / VC JSON Schema: the schema the credential conforms to."""

    id: Text
    type: Literal["JsonSchema"]


class StatusEntry(DocModel):
    """Bitstring Status List v1.0 §2.1 ``BitstringStatusListEntry``."""

    id: Text
    type: Literal["BitstringStatusListEntry"]
    status_purpose: Text
    status_list_index: str = Field(pattern=r"^[0-9]+$")
    status_list_credential: Text


class CredentialEnvelope(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow", frozen=True)

    context: list[str] = Field(alias="@context", min_length=1)
    id: str
    type: list[str]
    name: Text | None = None
    issuer: IssuerRef
    valid_from: AwareDatetime
    valid_until: AwareDatetime | None = None
    credential_schema: SchemaRef
    credential_status: StatusEntry | None = None

    @model_validator(mode="after")
    def _is_a_vc(self) -> Self:
        if self.context[0] != VC_CONTEXT:
            raise ValueError(f"@context must start with {VC_CONTEXT} (VC 2.0 §4.3)")
        if "VerifiableCredential" not in self.type:
            raise ValueError("type must include VerifiableCredential (VC 2.0 §4.5)")
        return self


class RcepCertificateOfOriginCredential(CredentialEnvelope):
    credential_subject: RcepCertificateOfOrigin


class RcepDeclarationOfOriginCredential(CredentialEnvelope):
    credential_subject: RcepDeclarationOfOrigin


class CptppCertificationOfOriginCredential(CredentialEnvelope):
    credential_subject: CptppCertificationOfOrigin


class CommercialInvoiceCredential(CredentialEnvelope):
    credential_subject: CommercialInvoice
