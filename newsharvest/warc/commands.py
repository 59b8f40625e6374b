"""The CLI commands over WARC files: `newsharvest import-warc` and `newsharvest reextract`.

Registered on the `newsharvest` group by `newsharvest.cli`; the work is done by
`importer` and `reextract`, these only parse options, show progress and print summaries.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from newsharvest import defaults

EXTRACTION_OPTIONS = (
    click.option(
        "--db", default="newsharvest.db", show_default=True, metavar="PATH|URL", help="Archive file or URL."
    ),
    click.option(
        "--extractor",
        envvar="NEWSHARVEST_EXTRACTOR",
        default=defaults.NEWSHARVEST_EXTRACTOR,
        show_default=True,
        help="Dotted path of the extraction function (env NEWSHARVEST_EXTRACTOR).",
    ),
    click.option(
        "--workers",
        envvar="NEWSHARVEST_EXTRACT_WORKERS",
        type=int,
        default=defaults.NEWSHARVEST_EXTRACT_WORKERS,
        show_default=True,
        help="Extraction processes: -1 one per core, 0 inline (env NEWSHARVEST_EXTRACT_WORKERS).",
    ),
)


def extraction_options(func: Any) -> Any:
    for option in reversed(EXTRACTION_OPTIONS):
        func = option(func)
    return func


class Progress:
    """A progress bar on stderr, sized once the work is counted."""

    def __init__(self) -> None:
        self.bar: Any = None

    def announce(self, total: int) -> None:
        bar: Any = click.progressbar(length=total, label="extracting", file=sys.stderr)
        self.bar = bar.__enter__()

    def advance(self, count: int) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@contextmanager
def writable(db: str, *, must_exist: bool) -> Iterator[Any]:
    """The archive opened for writing, or exit 2 with the store's one-line reason."""
    from newsharvest.store import Archive, ArchiveError

    try:
        if must_exist:
            Archive.open(db, readonly=True).close()
        archive = Archive.open(db)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        yield archive
    finally:
        archive.close()


def _checked_extractor(extractor: str) -> None:
    from newsharvest.workers import load_extractor

    try:
        load_extractor(extractor)
    except (ImportError, AttributeError, ValueError) as exc:
        raise click.ClickException(f"cannot load extractor {extractor!r}: {exc}") from None


def _counts(counter: dict[str, int]) -> str:
    return ", ".join(f"{name} {count}" for name, count in sorted(counter.items())) or "none"


def _running(work: Callable[[Progress], Any]) -> Any:
    progress = Progress()
    try:
        return work(progress)
    finally:
        progress.close()


@click.command("import-warc")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@extraction_options
def import_warc(files: tuple[Path, ...], db: str, extractor: str, workers: int) -> None:
    """Archive the article pages of WARC files made by any crawler (wget, Heritrix, CC-NEWS).

    HTML responses are extracted and stored like crawled pages; a revisit is imported with
    the payload of the record it repeats when that record is in the files given; other
    records, revisits without their record and error answers are counted and skipped.

    \b
    Examples:
      newsharvest import-warc crawl.warc.gz
      newsharvest import-warc --db news.db mirror-*.warc.gz
    """
    from newsharvest.warc.importer import import_warcs

    _checked_extractor(extractor)
    with writable(db, must_exist=False) as archive:
        report = _running(
            lambda p: import_warcs(
                archive,
                list(files),
                extractor=extractor,
                workers=workers,
                progress=p.advance,
                announce=p.announce,
            )
        )
    for problem in report.problems:
        click.echo(f"warning: {problem}", err=True)
    click.echo(f"{report.files} of {len(files)} files read")
    click.echo(f"articles: {_counts({k: v for k, v in report.outcomes.items() if k != 'rejected'})}")
    click.echo(f"rejected: {_counts(report.rejected)}")
    click.echo(f"skipped: {_counts(report.skipped)}")
    if report.revisits_resolved:
        click.echo(f"revisits resolved to the record they repeat: {report.revisits_resolved}")
    if report.files < len(files):
        raise SystemExit(1)


@click.command("reextract")
@click.option("--site", help="Only this site's articles (host or site name) and rejections.")
@click.option("--since", metavar="DATE", help="Only pages fetched on/after DATE (YYYY-MM-DD or ISO 8601).")
@click.option("--reason", help="Only rejections with this reason (not_article, empty...).")
@extraction_options
def reextract_command(
    site: str | None, since: str | None, reason: str | None, db: str, extractor: str, workers: int
) -> None:
    """Run the current extractor again over the pages the archive kept in its WARC files.

    A new revision is stored only where the record changed; a rejection that now extracts
    becomes an article.

    \b
    Examples:
      newsharvest reextract
      newsharvest reextract --site huffpost.com --since 2024-01-01
      newsharvest reextract --reason not_article
    """
    from newsharvest.warc.reextract import fetched_since, reextract

    _checked_extractor(extractor)
    if since:
        try:
            fetched_since(since)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--since") from None
    with writable(db, must_exist=True) as archive:
        report = _running(
            lambda p: reextract(
                archive,
                site=site,
                since=since,
                reason=reason,
                extractor=extractor,
                workers=workers,
                progress=p.advance,
                announce=p.announce,
            )
        )
    for problem in report.problems:
        click.echo(f"warning: {problem}", err=True)
    click.echo(
        f"changed {report.changed}, unchanged {report.unchanged}, newly rejected {report.newly_rejected}, "
        f"newly accepted {report.newly_accepted}, still rejected {report.still_rejected}"
        + (f", unreadable {report.unreadable}" if report.unreadable else "")
    )
    click.echo(f"changed fields: {_counts(report.by_field)}")
