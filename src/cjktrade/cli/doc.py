"""``cjktrade doc``: issue, verify, present, revoke and render verifiable trade documents.

A credential file holds the compact credential text (``application/vc+jwt`` or
``application/vc+sd-jwt``). ``-`` reads standard input. ``verify`` exits 0 when every check
passes and 1 otherwise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from cjktrade.cli.keys import passphrase
from cjktrade.cli.output import JsonOption, emit_json, errors_as_exit, table
from cjktrade.core.errors import InvalidInputError

app = typer.Typer(
    help="Verifiable trade documents: certificates and declarations of origin, invoices.",
    no_args_is_help=True,
)


def _read_text(path: Path, what: str) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    if not path.is_file():
        raise InvalidInputError(f"{what} {path} does not exist.")
    return path.read_text(encoding="utf-8")


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(_read_text(path, what))
    except json.JSONDecodeError as error:
        raise InvalidInputError(f"{what} {path} is not JSON: {error.msg} (line {error.lineno}).") from None


def _verdicts(paths: list[Path]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in paths:
        data = _read_json(path, "verdict file")
        found.extend(data if isinstance(data, list) else [data])
    return found


@app.command()
def issue(
    type_name: str = typer.Argument(
        ...,
        metavar="TYPE",
        help="rcep-certificate-of-origin, rcep-declaration-of-origin, cptpp-certification-of-origin or commercial-invoice.",
    ),
    verdict_files: list[Path] = typer.Option(
        [],
        "--from",
        help="Verdict JSON (Verdict.as_dict()), one per item, or a file with a list. Repeatable.",
    ),
    shipment_file: Path = typer.Option(..., "--shipment", help="Shipment JSON (cjktrade-shipment/1)."),
    bom_files: list[Path] = typer.Option([], "--bom", help="BOM JSON of each verdict, in order (optional)."),
    issuer: str = typer.Option(..., "--issuer", help="Issuer name (cjktrade keys list)."),
    out: Path | None = typer.Option(
        None, "--out", help="Write the credential here (default: standard output)."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Issue a document as a signed credential from origin verdicts and shipment data."""
    from cjktrade.services.documents import issue_document

    with errors_as_exit(as_json):
        verdicts = _verdicts(verdict_files)
        shipment = _read_json(shipment_file, "shipment file")
        boms = [_read_json(p, "BOM file") for p in bom_files]
        answer = issue_document(
            type_name, verdicts, shipment, issuer=issuer, passphrase=passphrase(confirm=False), boms=boms
        )
    if out is not None:
        out.write_text(answer["credential"] + "\n", encoding="utf-8")
    if as_json:
        emit_json(answer)
        return
    summary = (
        f"issued {answer['type']} {answer['id']} ({answer['mediaType']}) by {answer['issuer']}; valid until "
        f"{answer['validUntil'] or 'no end date'}; status {answer['statusListCredential']}#{answer['statusListIndex']}"
    )
    if out is not None:
        typer.echo(f"{summary}\nwritten to {out}")
    else:
        typer.echo(summary, err=True)
        typer.echo(answer["credential"])


@app.command()
def verify(
    file: Path = typer.Argument(..., help="Credential file (or - for standard input)."),
    did_document: Path | None = typer.Option(
        None, "--did-document", help="The issuer's DID document (offline)."
    ),
    status_list: Path | None = typer.Option(
        None, "--status-list", help="The status list credential (offline)."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Verify a credential: integrity, issuer, status, validity, schema — each with its reason."""
    from cjktrade.services.documents import verify_document

    with errors_as_exit(as_json):
        credential = _read_text(file, "credential file")
        document = _read_json(did_document, "DID document") if did_document else None
        status = _read_text(status_list, "status list file") if status_list else None
        answer = verify_document(credential, did_document=document, status_list=status)
    if as_json:
        emit_json(answer)
    else:
        rows = [(c["name"], c["outcome"], c["reason"]) for c in answer["checks"]]
        table("verified" if answer["verified"] else "NOT verified", ["check", "outcome", "reason"], rows)
    if not answer["verified"]:
        raise typer.Exit(1)


@app.command()
def present(
    file: Path = typer.Argument(..., help="Credential file (or - for standard input)."),
    reveal: list[str] = typer.Option(
        [],
        "--reveal",
        help="Claim path to disclose, e.g. credentialSubject.items[*].originDetermination.costBuildUp. Repeatable.",
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Write the presentation here (default: standard output)."
    ),
) -> None:
    """Make a presentation that withholds the cost build-up, except the claims given with --reveal."""
    from cjktrade.services.documents import present_document

    with errors_as_exit(False):
        presentation = present_document(_read_text(file, "credential file"), reveal)
    if out is not None:
        out.write_text(presentation + "\n", encoding="utf-8")
    else:
        typer.echo(presentation)


@app.command()
def revoke(
    document_id: str = typer.Argument(..., metavar="ID", help="The document id (urn:uuid:…)."),
    as_json: bool = JsonOption,
) -> None:
    """Revoke a document: set its status bit and publish the re-signed status list."""
    from cjktrade.services.documents import revoke_document

    with errors_as_exit(as_json):
        answer = revoke_document(document_id, passphrase=passphrase(confirm=False))
    if as_json:
        emit_json(answer)
    else:
        typer.echo(f"revoked {answer['id']} ({answer['statusListCredential']}#{answer['statusListIndex']})")


@app.command()
def render(
    file: Path = typer.Argument(..., help="Credential file (or - for standard input)."),
    pdf: Path = typer.Option(..., "--pdf", help="Where to write the PDF."),
    lang: str | None = typer.Option(None, "--lang", help="en, zh-Hans, ja or ko (default: the document's)."),
    as_json: bool = JsonOption,
) -> None:
    """Render the document's public part as a PDF with a QR code (the credential, or its URL)."""
    from cjktrade.services.documents import render_document

    with errors_as_exit(as_json):
        answer = render_document(_read_text(file, "credential file"), language=lang)
    pdf.write_bytes(answer["pdf"])
    summary = {"pdf": str(pdf), "language": answer["language"], "qr": answer["qr"]}
    if as_json:
        emit_json(summary)
    else:
        typer.echo(f"wrote {pdf} ({answer['language']}); the QR code carries the {answer['qr']}")


@app.command("status-list")
def status_list(
    list_id: str = typer.Argument(..., help="Status list id (the last part of its URL)."),
    out: Path | None = typer.Option(None, "--out", help="Write it here (default: standard output)."),
) -> None:
    """Print a published status list credential, e.g. to hand to a verifier working offline."""
    from cjktrade.services.documents import status_list_credential

    with errors_as_exit(False):
        credential = status_list_credential(list_id)
    if out is not None:
        out.write_text(credential + "\n", encoding="utf-8")
    else:
        typer.echo(credential)
