"""`newsharvest extract`: one page's clean record, from a file or a URL."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from newsharvest import __version__


@click.command()
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
