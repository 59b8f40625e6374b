"""`newsharvest crawl` and `serve-fixtures`: a crawl run in its own `scrapy crawl` process,
or a replica served for one."""

from __future__ import annotations

import os
import sys
import time

import click

from newsharvest.cli.common import DEFAULT_DB, ArchiveProblem


def _crawl_hint(site: str, base_url: str) -> str:
    """The command that crawls a replica served at `base_url`."""
    from newsharvest.sites import SitesFileError, site_config

    try:
        site_config(site)
        target = f"scrapy crawl {site} -a base_url={base_url}"
    except SitesFileError:  # a replica of no configured site: discovered like any site
        target = f"scrapy crawl news -a url={base_url}"
    return f"{target} -s NEWSHARVEST_ALLOWED_ADDRESSES=127.0.0.1 -s NEWSHARVEST_CRAWL_DELAY_CAP=0.1"


@click.command("serve-fixtures")
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


def _pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    """NAME=VALUE options as a dict; a value without '=' is a usage error."""
    for pair in values:
        if "=" not in pair:
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint=option)
    return dict(pair.split("=", 1) for pair in values)


def check_or_exit(spider: str, db_url: str, spider_args: dict[str, str], settings: dict[str, str]) -> None:
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


@click.command()
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
    check_or_exit(spider, db_url, given, _pairs(settings, "-s"))
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
