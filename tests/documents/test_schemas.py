"""The published JSON schemas: one versioned file per document type, equal to the models."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cjktrade.core.errors import NotFoundError
from cjktrade.documents.registry import DOCUMENT_TYPES
from cjktrade.documents.schemas import SHIPMENT_SCHEMA_FILE, json_schemas
from cjktrade.services.documents import json_schema

SCHEMAS = Path(__file__).parents[2] / "src" / "cjktrade" / "documents" / "schemas"


def _dump(schema: dict[str, object]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


@pytest.mark.parametrize("file_name", sorted(json_schemas()))
def test_schema_file_matches_models(file_name: str) -> None:
    """Regenerate after a deliberate change with CJKTRADE_WRITE_SCHEMAS=1 (and bump the version)."""
    expected = _dump(json_schemas()[file_name])
    path = SCHEMAS / file_name
    if os.environ.get("CJKTRADE_WRITE_SCHEMAS") == "1":
        path.write_text(expected, encoding="utf-8")
        pytest.skip(f"{file_name} regenerated: run again without CJKTRADE_WRITE_SCHEMAS to compare")
    assert path.read_text(encoding="utf-8") == expected


def test_schema_files_one_per_document_type_and_shipment() -> None:
    expected = {t.schema_file for t in DOCUMENT_TYPES.values()} | {SHIPMENT_SCHEMA_FILE}
    assert {p.name for p in SCHEMAS.glob("*.json")} == expected


def test_schema_loaded_from_package_data() -> None:
    schema = json_schema("rcep-certificate-of-origin.v1.json")
    assert schema["title"].startswith("RCEP Certificate of Origin")
    assert "credentialSubject" in schema["properties"]


def test_schema_requires_subject_boxes() -> None:
    schema = json_schema("rcep-certificate-of-origin.v1.json")
    subject = schema["$defs"]["RcepCertificateOfOrigin"]
    for box in ("exporter", "importer", "items", "certificateNumber", "exporterDeclaration", "certification"):
        assert box in subject["required"], box
    assert schema["$defs"]["OriginItem"]["properties"]["hsCode"]["pattern"] == r"^[0-9]{4}\.[0-9]{2}$"


@pytest.mark.parametrize("bad", ["../secret.json", "rcep.json", "nope.v1.json"])
def test_schema_unknown_file_not_found(bad: str) -> None:
    with pytest.raises(NotFoundError, match="no schema"):
        json_schema(bad)
