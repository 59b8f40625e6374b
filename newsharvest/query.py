"""QUERY: the read-only questions the CLI and tests ask an archive.

Each function takes an open `Archive` (usually ``Archive.open(path, readonly=True)``) and
returns plain dicts and lists ready to print or dump as JSON. User input (dates, search
syntax) is checked here and refused with `QueryError`; the statements themselves live in
`newsharvest.store.reader`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from newsharvest.store import Archive, QueryError, reader
from newsharvest.store.reader import Filters

__all__ = [
    "Filters",
    "count_articles",
    "get_article",
    "list_articles",
    "list_rejections",
    "list_runs",
    "make_filters",
    "table_counts",
]


def _utc_bound(value: str | None, *, end: bool) -> str | None:
    """A --since/--until value as UTC text; a bare date as its day's start (or end)."""
    if not value:
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
            if end:
                moment += timedelta(days=1)
        else:
            moment = datetime.fromisoformat(text)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
    except ValueError:
        raise QueryError(f"not a date: {value!r} (use YYYY-MM-DD or ISO 8601)") from None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def make_filters(
    *,
    site: str | None = None,
    section: str | None = None,
    author: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Filters:
    """Filters from user values; `until` as a bare date includes that whole day."""
    return Filters(
        site=site or None,
        section=section or None,
        author=author or None,
        since=_utc_bound(since, end=False),
        until=_utc_bound(until, end=True),
    )


def get_article(archive: Archive, id_or_url: int | str) -> dict[str, Any] | None:
    """The full record (the `Article` fields plus id, first_seen, last_seen,
    revision_count) of the article with this id or address; None if unknown."""
    with archive.reading() as conn:
        article_id = reader.find_article_id(conn, id_or_url)
        if article_id is None:
            return None
        records = reader.load_records(conn, [article_id])
    return records[0] if records else None


def list_articles(
    archive: Archive,
    *,
    limit: int = 50,
    offset: int = 0,
    **filters: str | None,
) -> list[dict[str, Any]]:
    """Article summaries, newest first; filters as in `make_filters`."""
    with archive.reading() as conn:
        return reader.list_articles(conn, make_filters(**filters), limit=limit, offset=offset)


def count_articles(archive: Archive, **filters: str | None) -> int:
    """How many articles match the filters (as in `make_filters`)."""
    with archive.reading() as conn:
        return reader.count_articles(conn, make_filters(**filters))


def list_rejections(archive: Archive, *, reason: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """Rejected pages, latest first, optionally of one reason code."""
    with archive.reading() as conn:
        return reader.list_rejections(conn, reason=reason, limit=limit)


def list_runs(archive: Archive, *, limit: int = 20) -> list[dict[str, Any]]:
    """Crawl runs, latest first, with their counts and rejections by reason."""
    with archive.reading() as conn:
        return reader.list_runs(conn, limit=limit)


def table_counts(archive: Archive) -> dict[str, int]:
    """Rows per table: articles, revisions, authors, captions, tags, rejections..."""
    with archive.reading() as conn:
        return reader.table_counts(conn)
