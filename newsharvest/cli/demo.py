"""`newsharvest demo`: crawl an offline replica (its wire agency first) and show what was archived."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from typing import Any

import click

from newsharvest.cli.common import DEFAULT_DB, plural
from newsharvest.cli.crawl import check_or_exit, run_spider

DEMO_SITES = ("huffpost", "apnews")
"""The replicas a spider of ours crawls."""
REFERENCE_STORY = "blinken-lavrov"
"""In the address of the reference story both replicas carry: AP's report of 2 March 2023."""


@click.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="Archive file or SQLAlchemy URL.")
@click.option(
    "--site", default="huffpost", show_default=True, type=click.Choice(DEMO_SITES), help="Which replica."
)
@click.option("--quiet", is_flag=True, help="Only Scrapy's warnings and errors.")
def demo(db: str, site: str, quiet: bool) -> None:
    """Crawl the offline replica of a news site into the archive and show what was archived.

    Starts the fixture server on a free port on 127.0.0.1, runs the site's spider against it
    (robots.txt, sitemaps and feed, as on the live site), then prints the reference story as
    a reader sees it and what this run stored and rejected. Run it again: an incremental run
    fetches only what changed, so it stores nothing new.

    \b
    Examples:
      newsharvest demo
      newsharvest demo --site apnews --db /tmp/ap.db --quiet
    """
    from newsharvest.scheduling import database_url
    from newsharvest.testing.server import serving

    archive_url = database_url(db)
    check_or_exit(site, archive_url, {}, {})
    started = time.monotonic()
    _crawl_wire_source(site, archive_url, quiet)
    with serving(site) as server:
        click.echo(f"Replica of {site} served at {server.base_url}")
        run_spider(
            site,
            {
                "NEWSHARVEST_DATABASE_URL": archive_url,
                "NEWSHARVEST_CRAWL_DELAY_CAP": 0.1,  # our own local replica: no need to wait 4 s
                "NEWSHARVEST_ALLOWED_ADDRESSES": ["127.0.0.1"],  # the replica is on loopback: allow it
                "DOWNLOAD_DELAY": 0,
                "LOG_LEVEL": "WARNING" if quiet else "INFO",
            },
            base_url=server.base_url,
        )
    _print_demo(archive_url, db, site, time.monotonic() - started)
    _print_story_links(archive_url)


def _names(authors: list[dict[str, Any]]) -> str:
    return ", ".join(a["name"] for a in authors)


def _print_demo(archive_url: str, db: str, site: str, seconds: float) -> None:
    """The reference story as a reader wants it, then what this run stored and rejected."""
    from newsharvest import query
    from newsharvest.store import Archive

    with Archive.open(archive_url, readonly=True) as archive:
        latest = [r for r in query.list_runs(archive, limit=20) if r["spider"] == site][:1]
        if not latest:
            raise click.ClickException(f"the crawl of {site} did not start; see the log above")
        run = latest[0]
        stored = query.run_articles(archive, run["id"], limit=100)
        rejected = query.list_rejections(archive, run_id=run["id"], limit=100)
        articles = query.list_articles(archive, limit=500)
        reference = next((a for a in articles if REFERENCE_STORY in a["canonical_url"]), None)
    click.echo(
        f"\nCrawled in {seconds:.1f}s into {db} (run {run['id']}, {run['finish_reason'] or 'unfinished'}): "
        f"{plural(len(stored), 'article')} stored, {plural(len(rejected), 'page')} rejected."
    )
    if reference is not None:
        _print_reader_view(reference)
    if stored:
        click.echo(click.style(f"\nStored by this run ({len(stored)}):", bold=True))
        rows = [
            (f"[{a['id']}]", (a["date_published"] or "")[:10], _names(a["authors"]) or "-", a["headline"])
            for a in stored
        ]
        _print_columns(rows)
    else:
        click.echo(
            "\nThis run stored nothing new: the archive already holds every story of the replica "
            "(a second run fetches only what changed). `newsharvest runs` lists every run."
        )
    if rejected:
        click.echo(click.style(f"\nRejected by this run ({len(rejected)}):", bold=True))
        _print_columns([(r["reason"], r["url"], r["detail"] or "") for r in rejected])
    if reference is not None:
        click.echo(f"\nsee all: newsharvest show {reference['id']}   ·   newsharvest search blinken")
    if db != DEFAULT_DB:
        click.echo(f"(add --db {db} to each command)")


def _print_columns(rows: Sequence[tuple[str, ...]]) -> None:
    """Rows as aligned columns (the last one runs free)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        click.echo("  " + "  ".join([*cells, row[-1]]).rstrip())


def _print_reader_view(record: dict[str, Any], paragraphs: int = 3) -> None:
    """Headline, byline, dateline and date, the first paragraphs, the captions with credits."""
    import shutil
    import textwrap

    width = min(shutil.get_terminal_size((88, 24)).columns, 88)
    click.echo()
    click.echo(click.style(record["headline"], bold=True))
    if record["dek"]:
        click.echo(textwrap.fill(record["dek"], width))
    byline = _names(record["authors"]) or record["byline_raw"] or ""
    if record["agency"] and record["agency"] not in byline:
        byline = f"{byline}, {record['agency']}" if byline else record["agency"]
    published = (record["date_published"] or "")[:10]
    facts = [f"By {byline}" if byline else "", published, record["site_name"] or ""]
    click.echo(click.style(" · ".join(f for f in facts if f), dim=True))
    body = [p for p in (record["body"] or "").split("\n\n") if p.strip()]
    dateline = (record["dateline"] or {}).get("raw")
    click.echo()
    for number, paragraph in enumerate(body[:paragraphs]):
        if number == 0 and dateline and not paragraph.startswith(dateline):
            paragraph = f"{dateline} — {paragraph}"
        click.echo(textwrap.fill(paragraph, width) + "\n")
    if len(body) > paragraphs:
        click.echo(click.style(f"[… {plural(len(body) - paragraphs, 'more paragraph')}]", dim=True))
    for caption in record["captions"]:
        credit = f" ({caption['credit']})" if caption["credit"] else ""
        click.echo(textwrap.fill(f"Photo: {caption['text'] or ''}{credit}", width, subsequent_indent="  "))


WIRE_SOURCES = {"huffpost": "apnews"}
"""The agency whose replica the demo crawls first, so that a site's wire copies find their original."""


def _crawl_wire_source(site: str, database_url: str, quiet: bool) -> None:
    """Crawl the replica of `site`'s wire agency into the archive (a `scrapy crawl` of its own:
    Twisted's reactor runs once per process, and the demo's own crawl follows)."""
    import subprocess

    from newsharvest.testing.server import serving

    agency = WIRE_SOURCES.get(site)
    if agency is None:
        return
    with serving(agency) as server:
        click.echo(f"Replica of {agency} served at {server.base_url} (the wire agency's own copies)")
        command = [
            sys.executable, "-m", "scrapy", "crawl", agency, "-a", f"base_url={server.base_url}",
            "-s", f"NEWSHARVEST_DATABASE_URL={database_url}", "-s", "NEWSHARVEST_CRAWL_DELAY_CAP=0.1",
            "-s", "NEWSHARVEST_ALLOWED_ADDRESSES=127.0.0.1", "-s", "DOWNLOAD_DELAY=0",
            "-s", f"LOG_LEVEL={'WARNING' if quiet else 'INFO'}",
        ]  # fmt: skip
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsharvest.settings"}
        if subprocess.run(command, env=env, check=False).returncode != 0:
            raise click.ClickException(f"the crawl of the {agency} replica failed (see its log above)")


def _print_story_links(database_url: str) -> None:
    """The demo's last lines: each story found on several sites, copy → original."""
    from newsharvest import query, stories
    from newsharvest.store import Archive

    with Archive.open(database_url, readonly=True) as archive:
        originals = [record for record in query.iter_articles(archive) if record["is_original"]]
        if not originals:
            return
        click.echo("Stories found on several sites (copy → original):")
        for original in originals:
            found = stories.similar_articles(archive, original["id"]) or {"copies": []}
            for copy in found["copies"]:
                if not copy["is_original"]:
                    click.echo(
                        f'  {copy["site_name"]} [{copy["id"]}] "{copy["headline"]}" → '
                        f'{original["site_name"]} [{original["id"]}] "{original["headline"]}" '
                        f"(similarity {copy['similarity']:.2f})"
                    )
