"""Rendering shared by every command: JSON, tables, errors and exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, NoReturn

import typer

from cjktrade.core.errors import (
    AuthenticationError,
    CjktradeError,
    InvalidInputError,
    MissingDataError,
    NotFoundError,
    PermissionDeniedError,
)

JsonOption = typer.Option(False, "--json", help="Print the answer as JSON.")

EXIT_CODES: tuple[tuple[type[CjktradeError], int], ...] = (
    (InvalidInputError, 2),
    (NotFoundError, 3),
    (MissingDataError, 4),
    (AuthenticationError, 5),
    (PermissionDeniedError, 5),
    (CjktradeError, 1),
)


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n")


def fail(error: CjktradeError, as_json: bool) -> NoReturn:
    code = next(c for cls, c in EXIT_CODES if isinstance(error, cls))
    if as_json:
        emit_json({"error": {"type": error.slug, "message": error.message, "hint": error.hint}})
    else:
        typer.echo(f"error: {error.message}", err=True)
        if error.hint:
            typer.echo(f"hint: {error.hint}", err=True)
    raise typer.Exit(code)


@contextmanager
def errors_as_exit(as_json: bool) -> Iterator[None]:
    """Turn the package's errors into a message and an exit code; never a traceback."""
    try:
        yield
    except CjktradeError as error:
        fail(error, as_json)


def table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    # Data is shown as data: "did:key:z6Mk…" must not become an emoji, nor "[RCEP]" markup.
    view = Table(title=Text(title) if title else None, show_lines=False, title_justify="left")
    for column in columns:
        view.add_column(Text(column), overflow="fold")
    for row in rows:
        view.add_row(*(Text("" if cell is None else str(cell)) for cell in row))
    Console(emoji=False, markup=False, highlight=False).print(view)


def progress_printer() -> Callable[[str], None]:
    """A callback that tells the user about slow first-use work on stderr."""

    def report(step: str) -> None:
        typer.echo(f"building the HS search index (first use): {step}…", err=True)

    return report
