"""The `newsharvest` command: a thin layer over crawling, extraction and the query functions."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from newsharvest import __version__

DEFAULT_DB = "newsharvest.db"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsharvest")
def main() -> None:
    """newsharvest: crawl news sites, extract clean articles, search the archive.

    Start with `newsharvest demo`, which crawls the offline HuffPost replica into
    ./newsharvest.db and shows what it archived.

    \b
    Tab completion (bash; zsh and fish alike, see README):
      eval "$(_NEWSHARVEST_COMPLETE=bash_source newsharvest)"
    """


def _crawl_hint(site: str, base_url: str) -> str:
    """The command that crawls a replica served at `base_url`."""
    from newsharvest.sites import SitesFileError, site_config

    try:
        site_config(site)
        target = f"scrapy crawl {site} -a base_url={base_url}"
    except SitesFileError:  # a replica of no configured site: discovered like any site
        target = f"scrapy crawl news -a url={base_url}"
    return f"{target} -s NEWSHARVEST_ALLOWED_ADDRESSES=127.0.0.1 -s NEWSHARVEST_CRAWL_DELAY_CAP=0.1"


@main.command("serve-fixtures")
@click.option("--site", default="huffpost", show_default=True, help="Which replica to serve.")
@click.option(
    "--port", default=0, type=click.IntRange(0, 65535), help="Port on 127.0.0.1.  [default: a free one]"
)
def serve_fixtures(site: str, port: int) -> None:
    """Serve a site's offline replica on 127.0.0.1 until Ctrl-C.

    It prints the command that crawls it (run that from the project folder, in another
    shell). The crawl must be told that 127.0.0.1 is allowed: newsharvest refuses private
    and loopback addresses otherwise.

    \b
    Example:
      newsharvest serve-fixtures --site huffpost
      scrapy crawl huffpost -a base_url=http://127.0.0.1:PORT \\
          -s NEWSHARVEST_ALLOWED_ADDRESSES=127.0.0.1 -s NEWSHARVEST_CRAWL_DELAY_CAP=0.1
    """
    from newsharvest.testing.server import FixtureServer

    try:
        server = FixtureServer(site, port)
    except (ValueError, OSError, OverflowError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Serving the {site} replica at {server.base_url} (Ctrl-C to stop). Crawl it with:")
    click.echo(f"  {_crawl_hint(site, server.base_url)}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


def run_spider(spider: str, settings_overrides: dict[str, object], **spider_args: str) -> None:
    """Run one spider to completion in this process with the project's settings."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("newsharvest.settings", priority="project")
    settings.setdict(settings_overrides, priority="cmdline")
    process = CrawlerProcess(settings)
    process.crawl(spider, **spider_args)
    process.start()


class ArchiveProblem(click.ClickException):
    """A missing/foreign archive, a malformed query, a crawl that cannot start: one line on
    stderr, exit status 2."""

    exit_code = 2


def _pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    """NAME=VALUE options as a dict; a value without '=' is a usage error."""
    for pair in values:
        if "=" not in pair:
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint=option)
    return dict(pair.split("=", 1) for pair in values)


def _check_crawl(spider: str, db_url: str, spider_args: dict[str, str], settings: dict[str, str]) -> None:
    """Exit 2 with one line when the crawl could not start (`newsharvest.commands.crawl`)."""
    from scrapy.settings import Settings

    from newsharvest.commands.crawl import CrawlProblem, check_crawl

    project = Settings()
    project.setmodule(os.environ.get("SCRAPY_SETTINGS_MODULE") or "newsharvest.settings", priority="project")
    project.setdict({**settings, "NEWSHARVEST_DATABASE_URL": db_url}, priority="cmdline")
    try:
        check_crawl(spider, spider_args, project)
    except CrawlProblem as exc:
        raise ArchiveProblem(str(exc)) from None


@main.command()
@click.argument("spider")
@click.option("-a", "spider_args", multiple=True, metavar="NAME=VALUE", help="Spider argument (repeatable).")
@click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="Scrapy setting (repeatable).")
@click.option("--db", default=DEFAULT_DB, show_default=True, help="Archive file or SQLAlchemy URL.")
@click.option("--every", metavar="INTERVAL", help="Run again every INTERVAL (30m, 1h, 1d) until Ctrl-C.")
@click.option("--times", type=click.IntRange(1), help="With --every: stop after this many runs.")
def crawl(
    spider: str, spider_args: tuple[str, ...], settings: tuple[str, ...], db: str, every: str | None,
    times: int | None,
) -> None:  # fmt: skip
    """Crawl with SPIDER (huffpost, apnews, news) into the archive, once or every INTERVAL.

    Each run is a fresh `scrapy crawl` process; a lock beside the archive keeps two runs of
    the same spider on the same archive from overlapping (the second exits with status 75,
    or under --every skips its turn). Ctrl-C stops the crawl cleanly: what it fetched is
    stored and the run is recorded `shutdown`.

    \b
    Exit status (of the run; under --every, of the last one):
      0   ok: the run finished
      1   the crawl process died before finishing its run
      2   bad configuration: unknown spider or site, bad -a, -s, sites file or --db
      3   partial: some fetches failed (timeouts, refused connections, 5xx...)
      4   nothing fetched: the site could not be reached (DNS, connection, robots.txt)
      75  locked: another run of this spider holds the archive
      130 interrupted by Ctrl-C

    \b
    Examples:
      newsharvest crawl huffpost --every 30m
      newsharvest crawl news -a site=apnews --db /data/news.db
      newsharvest crawl news -a sites=all --every 1h
      newsharvest crawl news -a url=https://www.example-news.com --every 1h --times 3
    """
    from newsharvest import outcomes
    from newsharvest.scheduling import (
        CrawlLocked,
        database_url,
        lock_keys,
        parse_interval,
        run_locks,
        run_once,
    )

    given = _pairs(spider_args, "-a")
    _pairs(settings, "-s")
    if times is not None and every is None:
        raise click.UsageError("--times counts the runs of --every: give --every INTERVAL too")
    try:
        interval = parse_interval(every) if every else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--every") from None
    db_url = database_url(db)
    _check_crawl(spider, db_url, given, _pairs(settings, "-s"))
    sites: list[str] = []
    if given.get("sites"):
        from newsharvest.sites import site_names

        sites = site_names(given["sites"], _pairs(settings, "-s").get("NEWSHARVEST_SITES_FILE"))
    keys = lock_keys(spider, given.get("site"), given.get("url"), sites)
    if (_pairs(settings, "-s").get("NEWSHARVEST_SITE_LEASES") or "").lower() in {"1", "true", "yes"}:
        keys = []  # the site leases keep crawlers apart, site by site
    runs = 0
    while True:
        started = time.monotonic()
        runs += 1
        try:
            status = run_once(spider, db_url, spider_args, settings, run_locks(db_url, keys))
        except CrawlLocked as exc:
            click.echo(f"newsharvest crawl {spider}: skipped, {exc}", err=True)
            status = outcomes.LOCKED
        if interval is None or status == outcomes.INTERRUPTED or (times is not None and runs >= times):
            sys.exit(status)
        wait = max(0.0, interval - (time.monotonic() - started))
        click.echo(f"newsharvest crawl {spider}: run {runs} exited {status}; next in {wait:.0f}s", err=True)
        try:
            time.sleep(wait)
        except KeyboardInterrupt:
            click.echo(f"newsharvest crawl {spider}: stopped", err=True)
            sys.exit(0)


DEMO_SITES = ("huffpost", "apnews")
"""The replicas a spider of ours crawls."""
REFERENCE_STORY = "blinken-lavrov"
"""In the address of the reference story both replicas carry: AP's report of 2 March 2023."""


@main.command()
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
    _check_crawl(site, archive_url, {}, {})
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


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


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
        f"{_plural(len(stored), 'article')} stored, {_plural(len(rejected), 'page')} rejected."
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
        click.echo(click.style(f"[… {_plural(len(body) - paragraphs, 'more paragraph')}]", dim=True))
    for caption in record["captions"]:
        credit = f" ({caption['credit']})" if caption["credit"] else ""
        click.echo(textwrap.fill(f"Photo: {caption['text'] or ''}{credit}", width, subsequent_indent="  "))


@main.command()
@click.argument("source")
@click.option("--url", "page_url", help="The page's address, when SOURCE is a file.")
@click.option(
    "--format", "output_format", type=click.Choice(["json", "text"]), default="json",
    show_default=True,
)
def extract(source: str, page_url: str | None, output_format: str) -> None:
    """Print the clean record of one page, from a file or a URL.

    \b
    Examples:
      newsharvest extract page.html --url https://www.huffpost.com/entry/x_n_0123
      newsharvest extract https://example.com/news/story.html --format text
    """
    from newsharvest.extract import Rejection, extract_article

    content_type = None
    if source.startswith(("http://", "https://")):
        import urllib.request

        request = urllib.request.Request(source, headers={"User-Agent": "newsharvest/" + __version__})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                html = response.read()
                content_type = response.headers.get("Content-Type")
                page_url = page_url or response.geturl()
        except OSError as exc:
            raise click.ClickException(f"cannot fetch {source}: {exc}") from exc
    else:
        path = Path(source)
        if path.is_dir():
            raise click.ClickException(f"{source} is a directory: give one page's file")
        if not path.is_file():
            raise click.ClickException(f"no such file: {source}")
        try:
            html = path.read_bytes()
        except OSError as exc:
            raise click.ClickException(f"cannot read {source}: {exc.strerror or exc}") from None
    record = extract_article(html, page_url or "", content_type=content_type)
    if output_format == "json":
        click.echo(json.dumps(record.to_dict(), ensure_ascii=False, indent=2))
    elif isinstance(record, Rejection):
        click.echo(f"rejected: {record.reason} ({record.detail})")
    else:
        click.echo(record.headline)
        click.echo(record.body)
    if isinstance(record, Rejection):
        sys.exit(1)


# --- The archive: read-only query commands (store/ and query.py do the work) -------------

DB_OPTION = click.option(
    "--db", default=DEFAULT_DB, show_default=True, metavar="PATH|URL", help="Archive file or SQLAlchemy URL."
)
FORMATS = {"table", "json", "jsonl", "csv"}


def _readonly(db: str) -> Any:
    """Open the archive read-only, or exit 2 with the store's one-line reason."""
    from sqlalchemy.exc import ArgumentError

    from newsharvest.store import Archive, ArchiveError

    try:
        return Archive.open(db, readonly=True)
    except ArchiveError as exc:
        raise ArchiveProblem(str(exc)) from None
    except (ImportError, ArgumentError) as exc:  # a URL whose database driver is not installed
        raise ArchiveProblem(f"cannot open the archive {db}: {exc}") from None


def _asking(call: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a query function, turning a bad query (`QueryError`) into exit status 2."""
    from newsharvest.store import QueryError

    try:
        return call(*args, **kwargs)
    except QueryError as exc:
        raise ArchiveProblem(str(exc)) from None


def _marked(text: str) -> str:
    """Search highlights ([word]) in bold on a terminal (click drops the style when piped)."""
    import re

    return re.sub(r"\[([^\]]*)\]", lambda m: click.style(m.group(1), bold=True, fg="yellow"), text)


def _json_out(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def _filter_options(func: Any) -> Any:
    """--site, --section, --author, --since, --until: the filters every listing takes."""
    for option in reversed(
        [
            click.option("--site", help="Host (huffpost.com) or site name (HuffPost)."),
            click.option("--section", help="Section, any case (Politics)."),
            click.option("--author", help="Part of an author's name, any case."),
            click.option("--since", metavar="DATE", help="Published on/after (YYYY-MM-DD or ISO 8601)."),
            click.option("--until", metavar="DATE", help="Published on/before (YYYY-MM-DD: whole day)."),
        ]
    ):
        func = option(func)
    return func


SEARCH_CSV = (
    "id", "score", "date_published", "site_name", "section", "authors", "headline", "canonical_url",
    "snippet",
)  # fmt: skip


@main.command()
@click.argument("text", metavar="QUERY")
@_filter_options
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000), help="How many.")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="table", show_default=True)
@click.option("--collapse", is_flag=True, help="One row per story (wire copies as one), with its copy count.")
@DB_OPTION
def search(text: str, limit: int, fmt: str, db: str, collapse: bool, **filters: str | None) -> None:
    """Full-text search of headlines, deks, bodies and authors, best matches first (bm25).

    QUERY is SQLite FTS5 syntax: words (all must match), "an exact phrase", OR, NOT,
    prefix*, headline:word.

    \b
    Examples:
      newsharvest search blinken
      newsharvest search '"climate change" OR wildfire*' --since 2024-01-01 --site huffpost.com
      newsharvest search 'headline:ferry' --format jsonl
    """
    from newsharvest import query, stories

    with _readonly(db) as archive:
        ask = stories.search_stories if collapse else query.search_articles
        found = _asking(ask, archive, text, limit=limit, **filters)
    results = found["results"]
    if fmt == "json":
        _json_out(found)
    elif fmt == "jsonl":
        for row in results:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=SEARCH_CSV, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(results)
    else:
        total = f"{found['total']:,}" + ("+" if found["total_capped"] else "")
        best = f"; the best {len(results)}" + (" stories" if collapse else "") if results else ""
        newest = " of the newest matches" if found["windowed"] else ""
        noun = "article matches" if total == "1" else "articles match"
        click.echo(f"{total} {noun} {text!r}{best}{newest}" + (":" if results else "."))
        for row in results:
            facts = ((row["date_published"] or "")[:10], row["site_name"], row["authors"])
            meta = " · ".join(fact for fact in facts if fact)
            copies = f"  ({row['copies']} copies)" if row.get("copies", 1) > 1 else ""
            click.echo(f"\n[{row['id']}] {_marked(row['headline_marked'])}{copies}")
            click.echo(click.style(f"    {meta}", dim=True))
            click.echo(f"    {_marked(row['snippet'])}")


@main.command()
@click.argument("article", metavar="ID|URL")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--raw", is_flag=True, help="Print the HTTP response it came from (from its WARC file).")
@click.option("--revision", type=int, help="With --raw: the response revision N came from.")
@DB_OPTION
def show(article: str, fmt: str, raw: bool, revision: int | None, db: str) -> None:
    """Show one archived article in full: text, people, dates, photos, revision count.

    ARTICLE is its id (from `search`) or any of its addresses.

    \b
    Examples:
      newsharvest show 42
      newsharvest show https://www.huffpost.com/entry/some-story_n_64008c3fe4b0bdb99f4a563b --format json
    """
    from newsharvest import query, stories

    if raw:
        _show_raw(article, revision, db)
        return
    with _readonly(db) as archive:
        record = query.get_article(archive, article)
        story = stories.story_of(archive, article) if record is not None else None
    if record is None:
        raise click.ClickException(f"no article {article} in {db}")
    if fmt == "json":
        _json_out(record)
        return
    click.echo(click.style(record["headline"], bold=True))
    if record["dek"]:
        click.echo(record["dek"])
    people = ", ".join(a["name"] + (f" <{a['url']}>" if a["url"] else "") for a in record["authors"])
    dateline = (record["dateline"] or {}).get("raw")
    for label, value in (
        ("site", record["site_name"]),
        ("section", record["section"]),
        ("published", record["date_published"]),
        ("modified", record["date_modified"]),
        ("by", people or record["byline_raw"]),
        ("agency", record["agency"]),
        ("dateline", dateline),
        ("tags", ", ".join(record["tags"])),
        ("words", record["word_count"]),
        ("url", record["canonical_url"]),
        ("archived", f"id {record['id']}, seen {record['first_seen']} … {record['last_seen']}"),
        ("revisions", record["revision_count"]),
        ("story", story and _story_line(story)),
    ):
        if value:
            click.echo(click.style(f"{label:>10}: ", dim=True) + str(value))
    click.echo()
    click.echo(record["body"])
    for number, caption in enumerate(record["captions"], 1):
        credit = f" ({caption['credit']})" if caption["credit"] else ""
        image = caption["image_url"] or ""
        click.echo(click.style(f"\nphoto {number}: ", dim=True) + f"{caption['text']}{credit}  {image}")


def _show_raw(article: str, revision: int | None, db: str) -> None:
    """`show --raw`: status line and headers as received, then the body (Content-Encoding
    undone) on stdout; where the record lies on stderr."""
    from newsharvest.warc.lookup import find_capture, location_of
    from newsharvest.warc.reader import WarcError, read_response

    with _readonly(db) as archive:
        capture = find_capture(archive, article, revision=revision)
    if capture is None:
        raise click.ClickException(f"no captured response for {article} in {db}")
    location = location_of(capture)
    try:
        response = read_response(location)
    except WarcError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{location.file} offset {location.offset} length {location.length}", err=True)
    out = sys.stdout.buffer
    lines = [response.status_line, *(f"{name}: {value}" for name, value in response.headers)]
    out.write("".join(line + "\r\n" for line in lines).encode("latin-1", "replace"))
    out.write(b"\r\n" + response.payload())
    out.flush()


EXPORT_CSV = (
    "id", "canonical_url", "url", "site_name", "section", "language", "headline", "dek", "authors", "agency",
    "dateline", "date_published", "date_modified", "tags", "word_count", "top_image", "captions", "body",
    "first_seen", "last_seen", "revision_count", "story_id", "is_original",
)  # fmt: skip


def _csv_row(record: dict[str, Any]) -> dict[str, Any]:
    """A record flattened for CSV: lists joined by '; ', the dateline as printed."""
    row = dict(record)
    row["authors"] = "; ".join(a["name"] for a in record["authors"])
    row["tags"] = "; ".join(record["tags"])
    row["dateline"] = (record["dateline"] or {}).get("raw")
    row["captions"] = "; ".join(c["text"] for c in record["captions"] if c["text"])
    return row


@main.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("-o", "--output", default="-", show_default=True, help="File to write ('-': standard output).")
@_filter_options
@DB_OPTION
def export(fmt: str, output: str, db: str, **filters: str | None) -> None:
    """Export full article records, streaming (constant memory, any archive size).

    JSON Lines carries every field as `show --format json` does (non-ASCII characters
    JSON-escaped); CSV (UTF-8) flattens authors, tags and captions. A progress bar shows
    on a terminal. It exports the whole archive (or what the filters select), whichever
    crawls stored it; `scrapy crawl -O` writes only what that one run stored.

    \b
    Examples:
      newsharvest export -o articles.jsonl
      newsharvest export --format csv --since 2024-01-01 --site apnews.com -o articles.csv
    """
    import contextlib
    import csv

    from newsharvest import query

    with _readonly(db) as archive, contextlib.ExitStack() as stack:
        total = _asking(query.count_articles, archive, **filters)
        records = _asking(query.iter_articles, archive, **filters)
        out = sys.stdout
        if output != "-":
            try:
                out = stack.enter_context(open(output, "w", encoding="utf-8", newline=""))
            except OSError as exc:
                raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
        if output != "-" and sys.stderr.isatty():
            records = stack.enter_context(
                click.progressbar(records, length=total, label=f"Exporting to {output}", file=sys.stderr)
            )
        if fmt == "csv":
            writer = csv.DictWriter(out, fieldnames=EXPORT_CSV, extrasaction="ignore")
            writer.writeheader()
            for record in records:
                writer.writerow(_csv_row(record))
        else:
            dumps = json.JSONEncoder().encode  # non-ASCII escaped: 3x faster, same data
            for record in records:
                out.write(dumps(record) + "\n")
    if output != "-":
        click.echo(f"{_plural(total, 'article')} written to {output}", err=True)


@main.command()
@click.option("--top", default=10, show_default=True, type=click.IntRange(1), help="Rows per ranking.")
@click.option("--days", default=14, show_default=True, type=click.IntRange(1), help="Latest days to count.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@DB_OPTION
def stats(top: int, days: int, fmt: str, db: str) -> None:
    """Summarise the archive: articles per site, section and day, top authors, rejections.

    \b
    Example:
      newsharvest stats --days 30
    """
    from newsharvest import query

    with _readonly(db) as archive:
        summary = query.archive_stats(archive, top=top, days=days)
    if fmt == "json":
        _json_out(summary)
        return
    totals = summary["totals"]
    span = summary["published"]
    click.echo(
        f"{totals['articles']} articles ({totals['revisions']} revisions) from {totals['sites']} sites, "
        f"{totals['authors']} authors; {totals['rejections']} pages rejected; "
        f"{totals['crawl_runs']} crawl runs"
    )
    if span["first"]:
        click.echo(f"published {span['first'][:10]} … {span['last'][:10]}")
    for title, rows, key in (
        ("Sites", summary["sites"], lambda r: f"{r['host']} ({r['name']})" if r["name"] else r["host"]),
        ("Sections", summary["sections"], lambda r: r["section"] or "(none)"),
        (f"Days (latest {days})", summary["days"], lambda r: r["day"]),
        ("Top authors", summary["authors"], lambda r: r["name"]),
    ):
        if rows:
            click.echo(click.style(f"\n{title}", bold=True))
            for row in rows:
                click.echo(f"  {row['articles']:>7}  {key(row)}")
    _print_wire_share(summary["sites"])
    if summary["rejections"]:
        click.echo(click.style("\nRejected pages", bold=True))
        for reason, pages in summary["rejections"].items():
            click.echo(f"  {pages:>7}  {reason}")


@main.command()
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1), help="Latest runs to show.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@DB_OPTION
def runs(limit: int, fmt: str, db: str) -> None:
    """List crawl runs, latest first, with what each fetched, stored and rejected.

    \b
    Columns:
      ended    finished, shutdown (Ctrl-C), interrupted (the process died), running...
      outcome  ok, partial, nothing_fetched, interrupted (`newsharvest crawl`'s exit status)
      pages    answers fetched from the site (robots.txt, sitemaps, feeds, articles)
      new/upd  articles stored for the first time / whose text changed
      same     articles fetched again and unchanged (or answered 304 Not Modified)
      known    articles not fetched at all: already archived, outside the revisit window
      rej      pages recorded as rejections; fail: fetches that failed

    \b
    Example:
      newsharvest runs --limit 5
    """
    from newsharvest import query

    with _readonly(db) as archive:
        rows = query.list_runs(archive, limit=limit)
    if fmt == "json":
        _json_out(rows)
        return
    if not rows:
        click.echo("no crawl runs yet")
        return
    header = (
        f"{'id':>4}  {'spider':<10} {'started':<25} {'ended':<11} {'outcome':<15} "
        f"{'pages':>6} {'new':>5} {'upd':>4} {'same':>5} {'known':>6} {'rej':>5} {'fail':>5}"
    )
    click.echo(click.style(header, bold=True))
    for run in rows:
        stats = run["stats"] if isinstance(run["stats"], dict) else {}
        click.echo(
            f"{run['id']:>4}  {run['spider']:<10} {run['started_at']:<25} "
            f"{run['finish_reason'] or 'running':<11} {stats.get('outcome', '-'):<15} {run['pages']:>6} "
            f"{run['new']:>5} {run['updated']:>4} {run['unchanged']:>5} {stats.get('skipped', '-'):>6} "
            f"{run['rejected']:>5} {stats.get('failed', '-'):>5}"
        )
        if run["rejected_by_reason"]:
            reasons = ", ".join(f"{reason} {n}" for reason, n in run["rejected_by_reason"].items())
            click.echo(click.style(f"        rejected: {reasons}", dim=True))
        if stats.get("holder"):  # a crawler of a cluster (site leases)
            leased = stats.get("sites") or "none (all held by others)"
            line = f"        crawler {stats['holder']} on {stats.get('host')}: sites {leased}"
            click.echo(click.style(line, dim=True))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--sites-file", metavar="PATH", help="A sites file of your own (NEWSHARVEST_SITES_FILE).")
@DB_OPTION
def sites(fmt: str, sites_file: str | None, db: str) -> None:
    """List every site of the sites files: who leases it, its queue, its last fetch.

    \b
    Columns:
      holder   the crawler leasing it (host:pid:id) and until when; - when free
      queue    addresses queued or fetched but not yet stored
      last     the latest fetch of one of its addresses

    \b
    Example:
      newsharvest sites --db postgresql+psycopg://news@db/news
    """
    from newsharvest import query
    from newsharvest.sites import SitesFileError, load_sites

    try:
        known = load_sites(sites_file)
    except SitesFileError as exc:
        raise ArchiveProblem(str(exc)) from None
    with _readonly(db) as archive:
        rows = query.list_sites(archive, {name: config.base_url for name, config in sorted(known.items())})
    if fmt == "json":
        _json_out(rows)
        return
    click.echo(click.style(f"{'site':<16} {'holder':<40} {'until':<28} {'queue':>6}  last fetch", bold=True))
    for row in rows:
        holder, until = (row["holder"], row["expires_at"]) if row["holder"] else ("-", "-")
        last = row["last_fetch"] or "-"
        click.echo(f"{row['site']:<16} {holder:<40} {until:<28} {row['queue']:>6}  {last}")


@main.command()
@click.argument("article", metavar="ID|URL")
@click.option("--from", "old", type=int, help="Older revision number (default: the one before --to).")
@click.option("--to", "new", type=int, help="Newer revision number (default: the current one).")
@click.option("--no-diff", is_flag=True, help="Only list the revisions.")
@DB_OPTION
def revisions(article: str, old: int | None, new: int | None, no_diff: bool, db: str) -> None:
    """List an article's revisions and show a unified diff between two of them.

    Each distinct version of the text is a revision; the diff compares every field.

    \b
    Example:
      newsharvest revisions https://apnews.com/article/abc123 --from 1 --to 3
    """
    from newsharvest import query

    with _readonly(db) as archive:
        listed = query.list_revisions(archive, article)
        if listed is None:
            raise click.ClickException(f"no article {article} in {db}")
        for rev in listed:
            changed = rev["changed_fields"]
            what = "history unknown" if changed is None else ", ".join(changed) or "first version"
            mark = " (current)" if rev["current"] else ""
            digest = rev["content_hash"][:12]
            click.echo(f"revision {rev['number']}{mark}  {rev['fetched_at']}  {digest}  {what}")
        if no_diff or (len(listed) < 2 and old is None):
            return
        diff = _asking(query.revision_diff, archive, article, old, new)
    click.echo()
    colours = {"+": "green", "-": "red", "@": "cyan"}
    for line in diff.splitlines():
        click.echo(click.style(line, fg=colours.get(line[:1])) if line[:3] not in ("---", "+++") else line)


@main.command()
@DB_OPTION
def migrate(db: str) -> None:
    """Create the archive, or upgrade one made by an older newsharvest, in place.

    Query commands never change an archive; crawls upgrade it on their own.

    \b
    Example:
      newsharvest migrate --db newsharvest.db
    """
    from sqlalchemy.exc import ArgumentError

    from newsharvest.store import Archive, ArchiveError

    try:
        with Archive.open(db) as archive:
            click.echo(f"{db}: schema {archive.schema_version} (current)")
            _link_stored(archive)
    except ArchiveError as exc:
        raise ArchiveProblem(str(exc)) from None
    except (ImportError, ArgumentError) as exc:
        raise ArchiveProblem(f"cannot open the archive {db}: {exc}") from None


def _add_warc_commands() -> None:
    """`import-warc` and `reextract` (newsharvest/warc/commands.py)."""
    from newsharvest.warc.commands import import_warc, reextract_command

    main.add_command(import_warc)
    main.add_command(reextract_command)


_add_warc_commands()


# --- Stories: wire copies and reprints (store/linking.py links them as they are stored) ---


def _clip(text: str, width: int = 90) -> str:
    """One paragraph on one line, cut at `width` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _story_line(story: dict[str, Any]) -> str:
    """A story in one line: story 3: 2 copies; original [2] AP NEWS (apnews.com), the agency's own copy."""
    from newsharvest.store.linking import REASONS

    original = story["original"]
    where = "unknown"
    if original is not None:
        where = f"[{original['id']}] {original['site_name'] or original['host']} ({original['host']})"
    reason = REASONS.get(story["original_reason"], story["original_reason"])
    return f"story {story['id']}: {story['copy_count']} copies; original {where}, {reason}"


def _change_lines(changes: dict[str, Any]) -> list[str]:
    """What a copy changed against the original, one line each."""
    lines = []
    if changes["headline"]:
        old, new = changes["headline"]
        lines.append(f"headline: “{old}” → “{new}”")
    lines.append(
        f"paragraphs: {changes['kept']} kept, {len(changes['added'])} added, "
        f"{len(changes['dropped'])} dropped, {len(changes['edited'])} edited"
    )
    lines += [f"+ {_clip(p)}" for p in changes["added"]]
    lines += [f"- {_clip(p)}" for p in changes["dropped"]]
    for old, new in changes["edited"]:
        lines.append(f"~ {_clip(old, 60)}: {_word_changes(old, new)}")
    return lines


def _word_changes(old: str, new: str) -> str:
    """The words an edit replaced, removed or inserted: “near term” → “coming months”."""
    import difflib

    before, after = old.split(), new.split()
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag != "equal":
            parts.append(f"“{' '.join(before[i1:i2])}” → “{' '.join(after[j1:j2])}”")
    return "; ".join(parts)


@main.command()
@click.argument("article", metavar="ID|URL")
@click.option("--diff", "show_diff", is_flag=True, help="Show what each copy changed against the original.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@DB_OPTION
def similar(article: str, show_diff: bool, fmt: str, db: str) -> None:
    """List the copies of an article's story: similarity, site, date and headline.

    Copies are other pages carrying the same text (wire stories, reprints), linked when
    stored; the original is marked *. --diff shows, for each copy, the headline and the
    paragraphs it added, dropped or edited against the original.

    \b
    Examples:
      newsharvest similar 12
      newsharvest similar 12 --diff
    """
    from newsharvest import stories

    with _readonly(db) as archive:
        found = stories.similar_articles(archive, article)
    if found is None:
        raise click.ClickException(f"no article {article} in {db}")
    if fmt == "json":
        _json_out(found)
        return
    if found["story"] is None:
        click.echo(f"no copies of article {found['article']} are known")
        return
    click.echo(_story_line(found["story"]))
    for copy in found["copies"]:
        mark = "*" if copy["is_original"] else " "
        day = (copy["date_published"] or "")[:10] or "-"
        facts = f"{mark} {copy['similarity']:.2f}  {copy['host']:<18} {day:<10}"
        click.echo(f"{facts}  [{copy['id']}] {copy['headline']}")
        if show_diff and copy["changes"] is not None:
            for line in _change_lines(copy["changes"]):
                click.echo(f"      {line}")


@main.command()
@click.option("--rebuild", is_flag=True, help="Forget every link and link the whole archive again.")
@DB_OPTION
def link(rebuild: bool, db: str) -> None:
    """Link the archive's wire copies and reprints into stories, with a progress bar.

    Crawls link what they store; this links articles stored before linking existed (as
    `migrate` does), or with --rebuild everything again.

    \b
    Examples:
      newsharvest link
      newsharvest link --rebuild
    """
    from newsharvest.store import Archive, ArchiveError

    try:
        with Archive.open(db) as archive:
            _link_stored(archive, rebuild=rebuild)
    except ArchiveError as exc:
        raise ArchiveProblem(str(exc)) from None


def _link_stored(archive: Any, *, rebuild: bool = False) -> None:
    """Link the articles `archive` has not linked yet (all with `rebuild`), with a progress bar."""
    from newsharvest import query

    total = query.count_articles(archive) if rebuild else archive.unlinked_count()
    if not total:
        return
    with click.progressbar(length=total, label="Linking copies", file=sys.stderr) as bar:
        done = archive.link_stored(rebuild=rebuild, progress=bar.update)
    stories = query.table_counts(archive)["stories"]
    click.echo(f"{done} articles linked: {stories} stories with copies", err=True)


def _print_wire_share(shares: list[dict[str, Any]]) -> None:
    """The stats' wire share per site (nothing when no copies are known)."""
    if not any(site["copies"] or site["originals"] for site in shares):
        return
    click.echo(click.style("\nWire share (copies of stories first published elsewhere)", bold=True))
    for site in shares:
        click.echo(
            f"  {site['wire_share']:>6.1%}  {site['host']}: {site['copies']} of {site['articles']} "
            f"articles are copies; {site['originals']} originals copied elsewhere"
        )


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


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newsharvest.settings")
    main()
