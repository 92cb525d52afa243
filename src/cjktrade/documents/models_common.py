"""Building blocks shared by every document: parties, amounts, quantities, transport, signatures.

JSON names are camelCase (the VC / JSON-LD convention; UNTP and the W3C traceability vocabulary use
it too); Python names are snake_case. Amounts and quantities are decimal *strings*, as in
``Verdict.as_dict()``: a float would lose cents. The mapping of each field to UNTP and W3C
traceability terms is in docs/documents.md.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")]
CurrencyCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217")]
DecimalText = Annotated[str, Field(pattern=r"^-?[0-9]+(\.[0-9]+)?$", description="a decimal number as text")]
HsSubheading = Annotated[
    str, Field(pattern=r"^[0-9]{4}\.[0-9]{2}$", description="HS 6-digit subheading, 8507.60")
]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Language = Literal["en", "zh-Hans", "ja", "ko"]
LANGUAGES: tuple[Language, ...] = ("en", "zh-Hans", "ja", "ko")


class DocModel(BaseModel):
    """Frozen, camelCase on the wire, and strict about unknown fields (a typo is an error, not lost)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid", frozen=True)


class PostalAddress(DocModel):
    street_address: Text | None = None
    address_locality: Text | None = None
    address_region: Text | None = None
    postal_code: Text | None = None
    address_country: CountryCode


class Party(DocModel):
    """A trader or body: name and address; ``registered_id`` under ``id_scheme`` (e.g. a business number)."""

    name: Text
    address: PostalAddress
    registered_id: Text | None = None
    id_scheme: Text | None = None
    email: Text | None = None
    telephone: Text | None = None


class Amount(DocModel):
    amount: DecimalText
    currency: CurrencyCode


class Quantity(DocModel):
    """``unit_code`` from UN/ECE Recommendation 20 (PCE pieces, KGM kilograms, NAR articles...)."""

    value: DecimalText
    unit_code: Annotated[str, Field(pattern=r"^[A-Z0-9]{2,3}$")]


class Packages(DocModel):
    """Number and kind of packages; ``kind`` a UN/ECE Recommendation 21 code (CT carton, PK package) or words."""

    count: Annotated[int, Field(ge=1)]
    kind: Text


class InvoiceReference(DocModel):
    number: Text
    date: date


class Transport(DocModel):
    """Means of transport and route, as far as known (RCEP Form box 4)."""

    departure_date: date | None = None
    vessel_or_flight: Text | None = None
    port_of_loading: Text | None = None
    port_of_discharge: Text | None = None
    route: Text | None = None


class Signature(DocModel):
    """Who declared or certified, where and when. The credential's signature is what binds it."""

    signatory: Text
    position: Text | None = None
    place: Text
    date: date


class Period(DocModel):
    start: date
    end: date
