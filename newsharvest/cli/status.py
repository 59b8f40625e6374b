"""The archive's state: stats, crawl runs, sites and their leases, the schema (`migrate`)."""

from __future__ import annotations

import click

from newsharvest.cli.common import DB_OPTION, ArchiveProblem, json_out, readonly
from newsharvest.cli.stories import link_stored, print_wire_share


@click.command()
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

    with readonly(db) as archive:
        summary = query.archive_stats(archive, top=top, days=days)
    if fmt == "json":
        json_out(summary)
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
    print_wire_share(summary["sites"])
    if summary["rejections"]:
        click.echo(click.style("\nRejected pages", bold=True))
        for reason, pages in summary["rejections"].items():
            click.echo(f"  {pages:>7}  {reason}")


@click.command()
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1), help="Latest runs to show.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@DB_OPTION
def runs(limit: int, fmt: str, db: str) -> None:
    """List crawl runs, latest first, with what each fetched, stored and rejected.

    \b
    Columns:
      ended    finished, shutdown (Ctrl-C), interrupted (the process died), running...
      outcome  ok, partial, nothing_fetched, interrupted, database_unavailable
               (`newsharvest crawl`'s exit status)
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

    with readonly(db) as archive:
        rows = query.list_runs(archive, limit=limit)
    if fmt == "json":
        json_out(rows)
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


@click.command()
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
    with readonly(db) as archive:
        rows = query.list_sites(archive, {name: config.base_url for name, config in sorted(known.items())})
    if fmt == "json":
        json_out(rows)
        return
    click.echo(click.style(f"{'site':<16} {'holder':<40} {'until':<28} {'queue':>6}  last fetch", bold=True))
    for row in rows:
        holder, until = (row["holder"], row["expires_at"]) if row["holder"] else ("-", "-")
        last = row["last_fetch"] or "-"
        click.echo(f"{row['site']:<16} {holder:<40} {until:<28} {row['queue']:>6}  {last}")


@click.command()
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
            link_stored(archive)
    except ArchiveError as exc:
        raise ArchiveProblem(str(exc)) from None
    except (ImportError, ArgumentError) as exc:
        raise ArchiveProblem(f"cannot open the archive {db}: {exc}") from None
