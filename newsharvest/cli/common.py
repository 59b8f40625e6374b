"""What the commands of the `newsharvest` CLI share: the --db option, the read-only opener,
the one-line error with exit status 2, and the output helpers."""

from __future__ import annotations

import json
from typing import Any

import click

DEFAULT_DB = "newsharvest.db"

DB_OPTION = click.option(
    "--db", default=DEFAULT_DB, show_default=True, metavar="PATH|URL", help="Archive file or SQLAlchemy URL."
)


class ArchiveProblem(click.ClickException):
    """A missing/foreign archive, a malformed query, a crawl that cannot start: one line on
    stderr, exit status 2."""

    exit_code = 2


def readonly(db: str) -> Any:
    """Open the archive read-only, or exit 2 with the store's one-line reason."""
    from sqlalchemy.exc import ArgumentError

    from newsharvest.store import Archive, ArchiveError

    try:
        return Archive.open(db, readonly=True)
    except ArchiveError as exc:
        raise ArchiveProblem(str(exc)) from None
    except (ImportError, ArgumentError) as exc:  # a URL whose database driver is not installed
        raise ArchiveProblem(f"cannot open the archive {db}: {exc}") from None


def asking(call: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a query function, turning a bad query (`QueryError`) into exit status 2."""
    from newsharvest.store import QueryError

    try:
        return call(*args, **kwargs)
    except QueryError as exc:
        raise ArchiveProblem(str(exc)) from None


def json_out(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"
