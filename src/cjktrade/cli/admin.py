"""``cjktrade admin``: first-run administration (the first owner account, API keys)."""

from __future__ import annotations

import typer

from cjktrade.cli.output import JsonOption, emit_json, errors_as_exit

app = typer.Typer(
    help="Administration: create the first owner, API keys, migrate the database.", no_args_is_help=True
)


@app.command("create-owner")
def create_owner(
    email: str = typer.Option(..., "--email", help="The owner's e-mail address (their sign-in)"),
    org: str = typer.Option(..., "--org", help="Organisation name"),
    country: str = typer.Option(..., "--country", help="Organisation's country (CN, JP, KR, …)"),
    name: str = typer.Option("", "--name", help="The owner's name"),
    business_id: str | None = typer.Option(
        None, "--business-id", help="사업자등록번호 / 统一社会信用代码 / 法人番号"
    ),
    password: str = typer.Option(
        ...,
        "--password",
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        help="At least 10 characters (prompted when omitted)",
    ),
    as_json: bool = JsonOption,
) -> None:
    """Create an organisation and its first owner."""
    from cjktrade.services.accounts import create_owner as create
    from cjktrade.store.db import database_url, session

    with errors_as_exit(as_json), session() as db:
        organisation, user = create(db, email=email, password=password, name=name, org_name=org, country=country,
                                    business_id=business_id)  # fmt: skip
        answer = {"organisation": {"id": organisation.id, "name": organisation.name, "country": organisation.country},
                  "owner": {"id": user.id, "email": user.email}, "database": database_url().split("@")[-1]}  # fmt: skip
    if as_json:
        emit_json(answer)
        return
    typer.echo(
        f"created {organisation.name} ({organisation.country}) with owner {user.email}; sign in at /login"
    )


@app.command("create-api-key")
def create_api_key(
    email: str = typer.Option(..., "--email", help="An owner of the organisation"),
    name: str = typer.Option("cli", "--name", help="A label for the key"),
    read_only: bool = typer.Option(False, "--read-only", help="Scope the key to reading"),
    as_json: bool = JsonOption,
) -> None:
    """Create an API key for the owner's organisation; the secret is printed once."""
    from sqlalchemy import select

    from cjktrade.core.errors import NotFoundError
    from cjktrade.services.accounts import create_api_key as create
    from cjktrade.services.accounts import principal_for_user
    from cjktrade.store.db import session
    from cjktrade.store.models import User

    with errors_as_exit(as_json), session() as db:
        user = db.scalar(select(User).where(User.email == email.strip().lower()))
        if user is None:
            raise NotFoundError(f"no user {email}.")
        key, secret = create(
            db,
            principal_for_user(db, user.id),
            name=name,
            scopes=["read"] if read_only else ["read", "write"],
        )
        answer = {"id": key.id, "prefix": key.prefix, "scopes": key.scopes, "secret": secret}
    if as_json:
        emit_json(answer)
        return
    typer.echo(f"API key {key.prefix} ({', '.join(key.scopes)}): {secret}\nIt is shown once: keep it safe.")


@app.command("bind-issuer")
def bind_issuer(
    issuer: str = typer.Option(..., "--issuer", help="An issuer of `cjktrade keys list`"),
    email: str = typer.Option(..., "--email", help="An owner of the organisation that may sign with it"),
) -> None:
    """Reserve an issuer key for one organisation (needed on a server several organisations share)."""
    from cjktrade.core.errors import NotFoundError
    from cjktrade.services.accounts import principal_for_user
    from cjktrade.services.records import bind_issuer as bind
    from cjktrade.store.db import session
    from cjktrade.store.models import User

    with errors_as_exit(False), session() as db:
        user = db.query(User).filter(User.email == email.strip().lower()).one_or_none()
        if user is None:
            raise NotFoundError(f"no user {email}.")
        principal = principal_for_user(db, user.id)
        principal.require("owner")
        bind(db, principal.org_id, issuer)
    typer.echo(f"issuer {issuer} may now sign for {email}'s organisation only")


@app.command()
def migrate() -> None:
    """Bring the database (CJKTRADE_DATABASE_URL, default SQLite) to the latest schema."""
    from cjktrade.store.db import database_url
    from cjktrade.store.db import migrate as upgrade

    upgrade()
    typer.echo(f"database at {database_url().split('@')[-1]} is up to date")
