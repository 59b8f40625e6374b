"""The archive's read-only commands: search, show, export, revisions (store/ and query.py do the work)."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from newsharvest.cli.common import DB_OPTION, asking, json_out, plural, readonly
from newsharvest.cli.stories import story_line

FORMATS = {"table", "json", "jsonl", "csv"}


def _marked(text: str) -> str:
    """Search highlights ([word]) in bold on a terminal (click drops the style when piped)."""
    import re

    return re.sub(r"\[([^\]]*)\]", lambda m: click.style(m.group(1), bold=True, fg="yellow"), text)


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


@click.command()
@click.argument("text", metavar="QUERY")
@_filter_options
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000), help="How many.")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="table", show_default=True)
@click.option("--collapse", is_flag=True, help="One row per story (wire copies as one), with its copy count.")
@click.option(
    "--count", "exact_count", is_flag=True,
    help="Count every match (slower for a common word): by default counting stops past 1,000 (\"1,000+\").",
)  # fmt: skip
@DB_OPTION
def search(
    text: str, limit: int, fmt: str, db: str, collapse: bool, exact_count: bool, **filters: str | None
) -> None:
    """Full-text search of headlines, deks, bodies and authors, best matches first (bm25).

    QUERY is SQLite FTS5 syntax: words (all must match), "an exact phrase", OR, NOT,
    prefix*, headline:word. A query matching more than 1,000 articles ranks the newest
    1,000 and says "1,000+ articles match"; --count gives the exact number.

    \b
    Examples:
      newsharvest search blinken
      newsharvest search '"climate change" OR wildfire*' --since 2024-01-01 --site huffpost.com
      newsharvest search 'headline:ferry' --format jsonl
      newsharvest search election --count --format json    # "total": every match counted
    """
    from newsharvest import query, stories

    with readonly(db) as archive:
        ask = stories.search_stories if collapse else query.search_articles
        found = asking(ask, archive, text, limit=limit, exact_count=exact_count, **filters)
    results = found["results"]
    if fmt == "json":
        json_out(found)
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


@click.command()
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
    with readonly(db) as archive:
        record = query.get_article(archive, article)
        story = stories.story_of(archive, article) if record is not None else None
    if record is None:
        raise click.ClickException(f"no article {article} in {db}")
    if fmt == "json":
        json_out(record)
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
        ("story", story and story_line(story)),
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

    with readonly(db) as archive:
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


@click.command()
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

    with readonly(db) as archive, contextlib.ExitStack() as stack:
        total = asking(query.count_articles, archive, **filters)
        records = asking(query.iter_articles, archive, **filters)
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
        click.echo(f"{plural(total, 'article')} written to {output}", err=True)


@click.command()
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

    with readonly(db) as archive:
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
        diff = asking(query.revision_diff, archive, article, old, new)
    click.echo()
    colours = {"+": "green", "-": "red", "@": "cyan"}
    for line in diff.splitlines():
        click.echo(click.style(line, fg=colours.get(line[:1])) if line[:3] not in ("---", "+++") else line)
