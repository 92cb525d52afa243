"""What the record pages show of each record type: the list's columns and the form's fields, and the
conversion between the form and the body ``services.records`` takes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData

from cjktrade.web.forms import flatten
from cjktrade.web.i18n import N_
from cjktrade.web.routes_landed_cost import shipment_form
from cjktrade.web.rows import form_json


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text | country
    required: bool = False
    help: str | None = None


@dataclass(frozen=True)
class RecordType:
    name: str  # the resource of services.records
    title: str
    new_title: str
    edit_title: str
    columns: tuple[tuple[str, str], ...]
    fields: tuple[Field, ...]
    read: Callable[[FormData], dict[str, Any]]  # form -> body of create/update
    form_values: Callable[[dict[str, Any]], dict[str, Any]]  # record -> form values
    template: str = "record_form.html"

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


def _product(form: FormData) -> dict[str, Any]:
    data = form_json(form)
    return {
        "code": data.get("code", ""),
        "name": data.get("name", ""),
        "descriptions": data.get("descriptions", {}),
    }


def _supplier(form: FormData) -> dict[str, Any]:
    data = form_json(form)
    return {
        "name": data.get("name", ""),
        "country": data.get("country", ""),
        "business_id": data.get("business_id"),
    }


def _shipment(form: FormData) -> dict[str, Any]:
    return {"reference": str(form.get("reference") or "").strip(), "content": shipment_form(form)}


def _shipment_values(record: dict[str, Any]) -> dict[str, Any]:
    return {"reference": record.get("reference", ""), **flatten(record.get("content") or {})}


RECORD_TYPES: dict[str, RecordType] = {
    "products": RecordType(
        "products", N_("Products"), N_("New product"), N_("Product"),
        columns=(("code", N_("HS code")), ("name", N_("Name"))),
        fields=(
            Field("code", N_("HS code or national tariff line"), required=True,
                  help=N_("6-digit HS subheading, or a national line: CN 8, JP 9, KR 10 digits.")),
            Field("name", N_("Name"), required=True),
            Field("descriptions-en", N_("Description in English")),
            Field("descriptions-zh", N_("Description in Chinese")),
            Field("descriptions-ja", N_("Description in Japanese")),
            Field("descriptions-ko", N_("Description in Korean")),
        ),
        read=_product, form_values=flatten,
    ),
    "suppliers": RecordType(
        "suppliers", N_("Suppliers"), N_("New supplier"), N_("Supplier"),
        columns=(("name", N_("Name")), ("country", N_("Country")), ("business_id", N_("Business identifier"))),
        fields=(
            Field("name", N_("Name"), required=True),
            Field("country", N_("Country"), kind="country", required=True),
            Field("business_id", N_("Business identifier"),
                  help=N_("Korean business registration number, Chinese unified social credit code or Japanese corporate number: checked when given.")),
        ),
        read=_supplier, form_values=flatten,
    ),
    "shipments": RecordType(
        "shipments", N_("Shipments"), N_("New shipment"), N_("Shipment"),
        columns=(("reference", N_("Reference")),),
        fields=(Field("reference", N_("Reference"), required=True),),
        read=_shipment, form_values=_shipment_values, template="shipment_form.html",
    ),
}  # fmt: skip
