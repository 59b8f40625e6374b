"""QUERY: the read-only questions the CLI and tests ask an archive.

Each function takes an open `Archive` (usually ``Archive.open(path, readonly=True)``) and
returns plain dicts and lists ready to print or dump as JSON. User input (dates, search
syntax) is checked here and refused with `QueryError`; the statements themselves live in
`newsharvest.store.reader`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from newsharvest.store import Archive, QueryError, reader, search, stories
from newsharvest.store.reader import Filters
from newsharvest.store.rows import CONTENT_FIELDS

__all__ = [
    "Filters",
    "archive_stats",
    "count_articles",
    "get_article",
    "iter_articles",
    "list_articles",
    "list_rejections",
    "list_revisions",
    "list_runs",
    "make_filters",
    "revision_diff",
    "run_articles",
    "search_articles",
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
    """Full records (as `get_article`), newest publication first; filters as in
    `make_filters` (site, section, author, since, until)."""
    with archive.reading() as conn:
        return reader.list_articles(conn, make_filters(**filters), limit=limit, offset=offset)


def count_articles(archive: Archive, **filters: str | None) -> int:
    """How many articles match the filters (as in `make_filters`)."""
    with archive.reading() as conn:
        return reader.count_articles(conn, make_filters(**filters))


def list_rejections(
    archive: Archive, *, reason: str | None = None, limit: int = 100, run_id: int | None = None
) -> list[dict[str, Any]]:
    """Rejected pages, latest first, optionally of one reason code or one crawl run."""
    with archive.reading() as conn:
        return reader.list_rejections(conn, reason=reason, limit=limit, run_id=run_id)


def run_articles(archive: Archive, run_id: int, *, limit: int = 50) -> list[dict[str, Any]]:
    """Full records of the articles crawl run `run_id` stored (new or changed), newest first."""
    with archive.reading() as conn:
        return reader.load_records(conn, reader.run_article_ids(conn, run_id)[:limit])


def list_runs(archive: Archive, *, limit: int = 20) -> list[dict[str, Any]]:
    """Crawl runs, latest first, with their counts and rejections by reason."""
    with archive.reading() as conn:
        return reader.list_runs(conn, limit=limit)


def list_sites(archive: Archive, origins: dict[str, str]) -> list[dict[str, Any]]:
    """Each site (name → origin): its lease holder, queue length and last fetch."""
    from newsharvest.store import leases

    with archive.reading() as conn:
        return leases.overview(conn, origins)


def table_counts(archive: Archive) -> dict[str, int]:
    """Rows per table: articles, revisions, authors, captions, tags, rejections..."""
    with archive.reading() as conn:
        return reader.table_counts(conn)


def iter_articles(archive: Archive, *, chunk: int = 1000, **filters: str | None) -> Iterator[dict[str, Any]]:
    """Every matching record in id order, read `chunk` at a time from one snapshot
    (constant memory, for exports)."""
    selected = make_filters(**filters)
    with archive.reading() as conn:
        yield from reader.iter_records(conn, selected, chunk=chunk)


def search_articles(
    archive: Archive,
    text: str,
    *,
    limit: int = 20,
    offset: int = 0,
    exact_count: bool = False,
    **filters: str | None,
) -> dict[str, Any]:
    """Full-text search ranked by bm25: ``{"query", "total", "total_capped", "windowed",
    "results": [...]}``.

    `total` counts the matches up to `search.rank_window` (1,000; `total_capped` true when
    more match, `total` then being the window), or all of them with `exact_count`; when more
    than the window match, the newest that-many are ranked (`windowed`).

    Each result has id, headline, site_name, section, authors (names), date_published,
    canonical_url, score (bm25, lower is better), and `headline_marked`/`snippet` with
    matched words between ``[`` and ``]``. A malformed query raises `QueryError`.
    """
    selected = make_filters(**filters)
    with archive.reading() as conn:
        found = search.search_ids(conn, text, selected, limit=limit, offset=offset, exact=exact_count)
        return search_page(conn, text, found.hits, found)


def search_page(
    conn: Any,
    text: str,
    hits: list[tuple[int, float]],
    found: search.Found,
    extra: Callable[[int], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The search answer for ranked `hits` (article id, score; of `found`, which counts the
    matches): each article's summary with its score, `extra(article_id)`'s fields, and the
    marked headline and snippet, in one snapshot."""
    ids = [article_id for article_id, _ in hits]
    found_rows = search.marked_summaries(conn, text, ids)
    results = []
    for article_id, score in hits:
        marked = found_rows[article_id]
        row = {name: marked[name] for name in reader.SUMMARY_COLUMNS}
        row["score"] = round(score, 4)
        row.update(extra(article_id) if extra else {})
        row["headline_marked"] = marked["headline_marked"]
        row["snippet"] = marked["snippet"]
        results.append(row)
    return {
        "query": text,
        "total": found.total,
        "total_capped": found.capped,
        "windowed": found.capped or found.total > search.rank_window(conn),
        "results": results,
    }


def list_revisions(archive: Archive, id_or_url: int | str) -> list[dict[str, Any]] | None:
    """The article's revisions, oldest first (number, fetched_at, content_hash,
    changed_fields, current); None when no such article."""
    with archive.reading() as conn:
        article_id = reader.find_article_id(conn, id_or_url)
        return None if article_id is None else reader.list_revisions(conn, article_id)


def render_content(content: dict[str, Any]) -> list[str]:
    """A revision's content as text lines, one field after another, for diffs."""
    lines = []
    for name in CONTENT_FIELDS:
        value = content.get(name)
        if name == "body":
            lines += ["body:", *(value or "").splitlines()]
            continue
        if name == "authors":
            value = "; ".join(a["name"] + (f" <{a['url']}>" if a.get("url") else "") for a in value or [])
        elif name == "dateline":
            value = (value or {}).get("raw")
        elif name == "tags":
            value = ", ".join(value or [])
        elif name == "captions":
            for n, cap in enumerate(value or [], 1):
                lines.append(
                    f"caption {n}: {cap['text']} | {cap.get('credit') or ''} | {cap.get('image_url') or ''}"
                )
            continue
        lines.append(f"{name}: {'' if value is None else value}")
    return lines


def revision_diff(
    archive: Archive, id_or_url: int | str, old: int | None = None, new: int | None = None
) -> str:
    """A unified diff between two revisions of an article (default: the last two).

    Raises `QueryError` for an unknown article or revision, or one whose text predates
    the archive's history.
    """
    with archive.reading() as conn:
        article_id = reader.find_article_id(conn, id_or_url)
        if article_id is None:
            raise QueryError(f"no article {id_or_url}")
        numbers = [r["number"] for r in reader.list_revisions(conn, article_id)]
        if new is None:
            new = numbers[-1] if numbers else 1
        if old is None:
            old = new - 1
        texts = []
        for number in (old, new):
            if number not in numbers:
                raise QueryError(f"article {article_id} has no revision {number} (it has {len(numbers)})")
            content = reader.revision_content(conn, article_id, number)
            if content is None:
                raise QueryError(f"the text of revision {number} predates this archive's history")
            texts.append(render_content(content))
    diff = difflib.unified_diff(
        texts[0], texts[1], fromfile=f"revision {old}", tofile=f"revision {new}", lineterm="", n=2
    )
    return "\n".join(diff)


def archive_stats(archive: Archive, *, top: int = 10, days: int = 14) -> dict[str, Any]:
    """Totals, articles per site, section and (latest `days`) day, top `top` authors and
    sections, rejections by reason; each site with its wire share (see `wire_share`)."""
    with archive.reading() as conn:
        summary = reader.archive_stats(conn, top=top, days=days)
        summary["sites"] = stories.with_wire_share(summary["sites"], stories.wire_share(conn))
    return summary
