"""Entry point of the ``cjktrade`` command."""

from __future__ import annotations

import typer

from cjktrade import __version__
from cjktrade.cli import admin, countries, data, doc, fx, hs, keys, origin, scenario
from cjktrade.cli.landed_cost import landed_cost
from cjktrade.cli.tariff import tariff

app = typer.Typer(
    name="cjktrade",
    help="cjktrade: HS classification, tariffs, origin, landed cost and trade documents for China, Japan and Korea.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(hs.app, name="hs")
app.add_typer(fx.app, name="fx")
app.add_typer(data.app, name="data")
app.add_typer(countries.app, name="country")
app.add_typer(origin.app, name="origin")
app.add_typer(admin.app, name="admin")
app.add_typer(scenario.app, name="scenario")
app.add_typer(keys.app, name="keys")
app.add_typer(doc.app, name="doc")
app.command(name="tariff")(tariff)
app.command(name="landed-cost")(landed_cost)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", help="TCP port."),
    workers: int = typer.Option(1, "--workers", help="Worker processes (one per core is a good start)."),
    access_log: bool = typer.Option(True, "--access-log/--no-access-log", help="Log every request."),
) -> None:
    """Start the web app and API (FastAPI on uvicorn) with the shipped reference data."""
    import uvicorn

    from cjktrade.cli.output import progress_printer
    from cjktrade.refdata import hs_index

    hs_index.connection(progress_printer())  # build the index before the first request, not during it
    from cjktrade.store.db import database_url, migrate

    migrate()  # create or upgrade the database before the first request
    typer.echo(
        f"cjktrade {__version__}: serving on http://{host}:{port}  (API docs: http://{host}:{port}/api/v1/docs)\n"
        f"database: {database_url().split('@')[-1]}\n"
        "first run? create the first owner: cjktrade admin create-owner --email you@example.com --org NAME --country KR"
    )
    uvicorn.run(
        "cjktrade.api.app:app", host=host, port=port, workers=workers, log_level="info", access_log=access_log
    )


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    app()
