"""The `newsharvest` command: a thin layer over crawling, extraction and the query functions."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click

from newsharvest import __version__

DEFAULT_DB = "newsharvest.db"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsharvest")
def main() -> None:
    """newsharvest: crawl news sites, extract clean articles, search the archive.

    Start with `newsharvest demo`, which crawls the offline HuffPost replica into
    ./newsharvest.db and shows what it archived.
    """


@main.command("serve-fixtures")
@click.option("--site", default="huffpost", show_default=True, help="Which replica to serve.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port on 127.0.0.1.")
def serve_fixtures(site: str, port: int) -> None:
    """Serve a site's offline replica on 127.0.0.1 until Ctrl-C.

    Example: newsharvest serve-fixtures --site huffpost --port 8000, then in another shell
    scrapy crawl huffpost -a base_url=http://127.0.0.1:8000
    """
    from newsharvest.fixtures_server import FixtureServer

    try:
        server = FixtureServer(site, port)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Serving the {site} replica at {server.base_url} (Ctrl-C to stop)")
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


@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="Archive file or SQLAlchemy URL.")
@click.option("--site", default="huffpost", show_default=True, help="Which replica to crawl.")
@click.option("--quiet", is_flag=True, help="Only Scrapy's warnings and errors.")
def demo(db: str, site: str, quiet: bool) -> None:
    """Crawl the offline replica of a news site into the archive and show what was archived.

    Starts the fixture server on a free port on 127.0.0.1, runs the site's spider against it
    (robots.txt, sitemaps and feed, as on the live site) and prints the archive's articles and
    rejections. Example: newsharvest demo
    """
    from newsharvest.fixtures_server import serving

    database_url = db if "://" in db else f"sqlite:///{Path(db).resolve()}"
    started = time.monotonic()
    with serving(site) as server:
        click.echo(f"Replica of {site} served at {server.base_url}")
        run_spider(
            site,
            {
                "NEWSHARVEST_DATABASE_URL": database_url,
                "NEWSHARVEST_CRAWL_DELAY_CAP": 0.1,  # our own local replica: no need to wait 4 s
                "DOWNLOAD_DELAY": 0,
                "LOG_LEVEL": "WARNING" if quiet else "INFO",
            },
            base_url=server.base_url,
        )
    click.echo(f"\nCrawl finished in {time.monotonic() - started:.1f}s; archive: {db}\n")
    _print_archive_summary(database_url)


def _print_archive_summary(database_url: str) -> None:
    from newsharvest import query
    from newsharvest.store import Archive

    with Archive.open(database_url, readonly=True) as archive:
        articles = query.list_articles(archive, limit=50)
        click.echo(f"{query.count_articles(archive)} articles:")
        for article in articles:
            authors = article["authors"] or "-"
            published = (article["date_published"] or "")[:10]
            click.echo(f"  [{article['id']}] {published}  {article['headline']}  ({authors})")
        rejections = query.list_rejections(archive)
        click.echo(f"{len(rejections)} pages rejected:")
        for rejection in rejections:
            click.echo(f"  {rejection['reason']:<12} {rejection['url']}  {rejection['detail']}")


@main.command()
@click.argument("source")
@click.option("--url", "page_url", help="The page's address, when SOURCE is a file.")
@click.option(
    "--format", "output_format", type=click.Choice(["json", "text"]), default="json",
    show_default=True,
)
def extract(source: str, page_url: str | None, output_format: str) -> None:
    """Print the clean record of one page, from a file or a URL.

    Example: newsharvest extract page.html --url https://www.huffpost.com/entry/x_n_0123
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
        if not path.is_file():
            raise click.ClickException(f"no such file: {source}")
        html = path.read_bytes()
        page_url = page_url or path.resolve().as_uri()
    record = extract_article(html, page_url, content_type=content_type)
    if output_format == "json":
        click.echo(json.dumps(record.to_dict(), ensure_ascii=False, indent=2))
    elif isinstance(record, Rejection):
        click.echo(f"rejected: {record.reason} ({record.detail})")
    else:
        click.echo(record.headline)
        click.echo(record.body)
    if isinstance(record, Rejection):
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newsharvest.settings")
    main()
