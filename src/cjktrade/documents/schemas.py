"""The published JSON schemas (draft 2020-12), generated from the models, one file per version.

The files in ``documents/schemas/`` are what a third party validates against (VC JSON Schema,
``credentialSchema.type: JsonSchema``); a test keeps them equal to ``json_schemas()``. A change to a
model that changes its schema needs a new version: add the type with ``version + 1`` and keep the
old file, so that credentials already issued keep naming a schema that exists.
"""

from __future__ import annotations

from typing import Any

from cjktrade.documents.models_shipment import Shipment
from cjktrade.documents.registry import DOCUMENT_TYPES

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SHIPMENT_SCHEMA_FILE = "shipment.v1.json"


def json_schemas() -> dict[str, dict[str, Any]]:
    """File name → schema, for every document type and for the shipment input."""
    schemas: dict[str, dict[str, Any]] = {}
    for doc_type in DOCUMENT_TYPES.values():
        body = doc_type.credential_model.model_json_schema(by_alias=True, mode="validation")
        schemas[doc_type.schema_file] = {
            "$schema": DRAFT,
            "title": f"{doc_type.title} (verifiable credential, version {doc_type.version})",
            **{k: v for k, v in body.items() if k != "title"},
        }
    shipment = Shipment.model_json_schema(by_alias=True, mode="validation")
    schemas[SHIPMENT_SCHEMA_FILE] = {
        "$schema": DRAFT,
        "title": "cjktrade shipment data (cjktrade-shipment/1)",
        **{k: v for k, v in shipment.items() if k != "title"},
    }
    return schemas
