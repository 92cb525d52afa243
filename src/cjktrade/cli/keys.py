"""``cjktrade keys``: issuer identities (did:key or did:web) and their Ed25519 signing keys.

The passphrase comes from ``CJKTRADE_KEY_PASSPHRASE`` or is asked for (never echoed, never
printed); private keys stay sealed in ``CJKTRADE_HOME/issuers``.
"""

from __future__ import annotations

import json
import os
from typing import Any

import typer

from cjktrade.cli.output import JsonOption, emit_json, errors_as_exit, table

app = typer.Typer(
    help="Issuer keys for signed documents: Ed25519, sealed with a passphrase, did:key or did:web.",
    no_args_is_help=True,
)


def passphrase(*, confirm: bool) -> str:
    from cjktrade.services.documents import PASSPHRASE_ENV

    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    entered: str = typer.prompt(
        "Passphrase for the issuer's private key", hide_input=True, confirmation_prompt=confirm
    )
    return entered


def _print_issuer(answer: dict[str, Any]) -> None:
    typer.echo(f"issuer {answer['name']}: {answer['did']}")
    for key in answer["keys"]:
        state = f"rotated out {key['rotatedOut']}" if key["rotatedOut"] else "current"
        typer.echo(f"  {key['keyId']}  {key['kid']}  created {key['created']}  {state}")
    if answer.get("publishAt"):
        typer.echo(
            f"publish its DID document at {answer['publishAt']} (cjktrade keys did-document {answer['name']})"
        )


@app.command()
def new(
    name: str = typer.Argument(..., help="Short name of the issuer: lower-case letters, digits, '-'."),
    display_name: str | None = typer.Option(None, "--display-name", help="Name shown in credentials."),
    web: str | None = typer.Option(
        None,
        "--web",
        help="did:web on this platform: HOST[:PORT] of CJKTRADE_PUBLIC_URL (DID document served here).",
    ),
    did: str | None = typer.Option(None, "--did", help="A did:web DID whose document you publish yourself."),
    as_json: bool = JsonOption,
) -> None:
    """Create an issuer and its first key (did:key unless --web or --did is given)."""
    from cjktrade.services.documents import new_issuer

    with errors_as_exit(as_json):
        answer = new_issuer(
            name, passphrase(confirm=True), display_name=display_name, web_host=web, web_did=did
        )
    if as_json:
        emit_json(answer)
    else:
        _print_issuer(answer)


@app.command("list")
def list_keys(as_json: bool = JsonOption) -> None:
    """Issuers and their keys, current and rotated out (public parts only)."""
    from cjktrade.services.documents import list_issuers

    with errors_as_exit(as_json):
        issuers = list_issuers()
    if as_json:
        emit_json(issuers)
        return
    rows = [
        (i["name"], k["keyId"], k["kid"], k["created"], k["rotatedOut"] or "current")
        for i in issuers
        for k in i["keys"]
    ]
    table("issuers", ["issuer", "key", "kid", "created", "rotated out"], rows)


@app.command()
def rotate(
    name: str = typer.Argument(..., help="The issuer whose key to replace."),
    compromised: bool = typer.Option(
        False, "--compromised", help="The old key may be stolen: nothing it ever signed verifies any more."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Replace the issuer's key. Documents signed before stay verifiable; the old key signs no more."""
    from cjktrade.services.documents import rotate_key

    with errors_as_exit(as_json):
        answer = rotate_key(name, passphrase(confirm=False), compromised=compromised)
    if as_json:
        emit_json(answer)
    else:
        _print_issuer(answer)


@app.command("did-document")
def did_document(name: str = typer.Argument(..., help="The issuer.")) -> None:
    """Print the issuer's DID document (to publish for did:web, or to give verifiers offline)."""
    from cjktrade.services.documents import did_document as document

    with errors_as_exit(False):
        typer.echo(json.dumps(document(name), indent=2))
