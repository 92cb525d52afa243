"""Origin check: a BOM typed into the editor or uploaded (CSV, XLSX, JSON), and its verdicts."""

from __future__ import annotations

import json
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from cjktrade.core.errors import InvalidInputError
from cjktrade.services import origin
from cjktrade.web.forms import USER_ERRORS, FormErrors, field_errors, flatten
from cjktrade.web.rendering import page
from cjktrade.web.rows import apply_action, form_json, is_row_action, with_rows
from cjktrade.web.security import FormDep

router = APIRouter()

BOM_FORMAT = "cjktrade-bom/1"
CHECK_FIELDS = ("to", "date")
BOM_FIELDS = ("currency", "product-", "costs-", "materials-", *CHECK_FIELDS)
MAX_UPLOAD = 5 * 1024 * 1024
UPLOAD_KINDS: dict[str, Literal["json", "csv", "xlsx"]] = {".json": "json", ".csv": "csv", ".xlsx": "xlsx"}


def bom_json(data: dict[str, Any]) -> dict[str, Any]:
    """The BOM document of the editor's fields; a material without a line number gets its row's."""
    bom = {key: value for key, value in data.items() if key not in CHECK_FIELDS}
    for index, material in enumerate(bom.get("materials", [])):
        material.setdefault("line", str(index + 1))
    return {"format": BOM_FORMAT, **bom}


def editor_context(data: dict[str, Any], errors: FormErrors) -> dict[str, Any]:
    """What the BOM editor (``_bom_editor.html``) shows: the rows, their values and errors."""
    shown = with_rows(data, "materials", 2)
    return {"bom": shown, "values": flatten(shown), "errors": errors}


def _page(request: Request, *, data: dict[str, Any] | None = None, errors: FormErrors | None = None,
          answer: dict[str, Any] | None = None, upload: dict[str, str] | None = None,
          upload_errors: FormErrors | None = None) -> Response:  # fmt: skip
    failed = bool(errors) or bool(upload_errors)
    return page(request, "origin.html", status=400 if failed else 200, answer=answer,
                upload=upload or {}, upload_errors=upload_errors or FormErrors(),
                **editor_context(data or {}, errors or FormErrors()))  # fmt: skip


@router.get("/origin")
def origin_form(request: Request) -> Response:
    return _page(request)


@router.post("/origin")
def origin_check(request: Request, form: FormDep) -> Response:
    data = form_json(form)
    action = str(form.get("action") or "")
    if is_row_action(action):
        return _page(request, data=apply_action(data, action))
    try:
        answer = origin.check_content(
            json.dumps(bom_json(data)), "json", data.get("to", ""), data.get("date")
        )
    except USER_ERRORS as error:
        return _page(request, data=data, errors=field_errors(error, BOM_FIELDS, country_field="to"))
    return _page(request, data=data, answer=answer)


def read_upload(upload: object) -> tuple[bytes, str]:
    """The bytes and lower-case suffix of an uploaded file, refused above ``MAX_UPLOAD``."""
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InvalidInputError("file: choose a file to upload.")
    content = upload.file.read(MAX_UPLOAD + 1)
    if len(content) > MAX_UPLOAD:
        raise InvalidInputError(f"file: {upload.filename} is larger than {MAX_UPLOAD // (1024 * 1024)} MB.")
    name = upload.filename.lower()
    return content, name[name.rfind(".") :] if "." in name else ""


@router.post("/origin/upload")
def origin_upload(request: Request, form: FormDep) -> Response:
    upload = {
        "upload-to": str(form.get("upload-to") or ""),
        "upload-date": str(form.get("upload-date") or ""),
    }
    try:
        content, suffix = read_upload(form.get("file"))
        kind = UPLOAD_KINDS.get(suffix)
        if kind is None:
            raise InvalidInputError("file: upload a .csv, .xlsx or .json BOM.")
        text: bytes | str = content if kind == "xlsx" else content.decode("utf-8-sig", errors="replace")
        answer = origin.check_content(text, kind, upload["upload-to"], upload["upload-date"] or None)
    except USER_ERRORS as error:
        errors = field_errors(error, ("file",), country_field="upload-to")
        return _page(request, upload=upload, upload_errors=errors)
    return _page(request, upload=upload, answer=answer)
