"""The `captures` table: where each fetched response lies in the WARC files.

A capture is written in the transaction that stores the record made from its response, so
it points at that record's article and current revision (or its rejection); a response no
record came from (robots.txt, a sitemap, a feed, a redirect) is written unlinked.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, or_, select
from sqlalchemy.engine import Connection

from newsharvest.extract.record import Article, Rejection
from newsharvest.store import models as m
from newsharvest.store.bulk import chunks
from newsharvest.store.identity import host_of, identity_url


@dataclass(frozen=True, slots=True)
class Capture:
    """One fetched response in a WARC file."""

    url: str
    status: int
    fetched_at: str
    warc_file: str
    warc_offset: int
    warc_length: int


def record(
    conn: Connection,
    captures: Sequence[tuple[Capture, Article | Rejection | None]],
    run_id: int | None,
) -> None:
    """Insert `captures`, each linked to what its record became in the archive (the articles
    and rejections they link to looked up together, a few statements per batch)."""
    if not captures:
        return
    a, rj = m.articles, m.rejections
    made_of = [made for _, made in captures]
    article_keys = [identity_url(x.canonical_url or x.url) for x in made_of if isinstance(x, Article)]
    rejection_keys = [identity_url(x.url) for x in made_of if isinstance(x, Rejection)]
    articles: dict[str, tuple[int, int | None]] = {}
    for chunk in chunks(sorted(set(article_keys))):
        query = select(a.c.identity_url, a.c.id, a.c.current_revision_id).where(a.c.identity_url.in_(chunk))
        articles.update({row[0]: (row[1], row[2]) for row in conn.execute(query)})
    rejections: dict[str, int] = {}
    for chunk in chunks(sorted(set(rejection_keys))):
        query = select(rj.c.identity_url, rj.c.id).where(rj.c.identity_url.in_(chunk))
        rejections.update({row[0]: row[1] for row in conn.execute(query)})
    keys_of_articles, keys_of_rejections = iter(article_keys), iter(rejection_keys)
    rows: list[dict[str, Any]] = []
    for capture, made in captures:
        article_id = revision_id = rejection_id = None
        if isinstance(made, Article):
            article_id, revision_id = articles.get(next(keys_of_articles), (None, None))
        elif isinstance(made, Rejection):
            rejection_id = rejections.get(next(keys_of_rejections))
        rows.append(
            {
                "run_id": run_id,
                "url": capture.url,
                "identity_url": identity_url(capture.url),
                "status": capture.status,
                "fetched_at": capture.fetched_at,
                "warc_file": capture.warc_file,
                "warc_offset": capture.warc_offset,
                "warc_length": capture.warc_length,
                "article_id": article_id,
                "revision_id": revision_id,
                "rejection_id": rejection_id,
            }
        )
    conn.execute(insert(m.captures), rows)


def latest(
    conn: Connection,
    *,
    article_id: int | None = None,
    rejection_id: int | None = None,
    revision_id: int | None = None,
    url: str | None = None,
) -> dict[str, Any] | None:
    """The newest capture of an article, a revision, a rejection or an address."""
    c = m.captures
    query = select(c)
    if article_id is not None:
        query = query.where(c.c.article_id == article_id)
    if rejection_id is not None:
        query = query.where(c.c.rejection_id == rejection_id)
    if revision_id is not None:
        query = query.where(c.c.revision_id == revision_id)
    if url is not None:
        query = query.where(c.c.identity_url == identity_url(url))
    row = conn.execute(query.order_by(c.c.id.desc()).limit(1)).mappings().first()
    return dict(row) if row is not None else None


def every_location(conn: Connection) -> list[tuple[str, int, int]]:
    """(file, offset, length) of every capture (for checks of a whole archive)."""
    c = m.captures
    return [tuple(row) for row in conn.execute(select(c.c.warc_file, c.c.warc_offset, c.c.warc_length))]  # type: ignore[misc]


def for_reextraction(
    conn: Connection, *, site: str | None, since: str | None, reason: str | None
) -> list[dict[str, Any]]:
    """The newest capture of each article and each rejection the archive has one for:
    articles and rejections of `site` fetched since `since` (UTC text as the captures hold
    it, ``2024-05-01T00:00:00+00:00``); with a `reason`, only the rejections for that reason.
    An article's row also holds its article's ``identity_url`` (``article_identity``) and
    content hash (``stored_hash``), so that the page can be compared with it where it is
    extracted; a rejection's row holds its reason (``old_reason``).

    `site` is what every listing takes (`reader.Filters.site`): a host with or without
    ``www.``, or a site name in any case. An article belongs to its site row; a rejection
    has none, so it belongs to a site when its address is on one of that site's hosts (or
    on the host given).

    On SQLite the scan runs in a small page cache (`small_cache`): it reads each article's
    row once, and the writer's 64 MB cache would otherwise fill with the archive's pages, the
    command's memory growing with the archive."""
    with small_cache(conn):
        return _for_reextraction(conn, site=site, since=since, reason=reason)


@contextmanager
def small_cache(conn: Connection, kib: int = 2000) -> Iterator[None]:
    """SQLite's page cache of this connection held to `kib` KiB while the block runs (pages
    beyond it are freed at once), then given back its size; nothing on other databases."""
    if conn.dialect.name != "sqlite":
        yield
        return
    size = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = {-int(kib)}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(size or -kib)}")


def _for_reextraction(
    conn: Connection, *, site: str | None, since: str | None, reason: str | None
) -> list[dict[str, Any]]:
    from newsharvest.store.reader import Filters

    c, a, rj, s = m.captures, m.articles, m.rejections, m.sites
    out: list[dict[str, Any]] = []
    if reason is None:
        newest = select(func.max(c.c.id)).where(c.c.article_id.is_not(None)).group_by(c.c.article_id)
        stored = (a.c.identity_url.label("article_identity"), a.c.content_hash.label("stored_hash"))
        query = select(c, *stored).join(a, a.c.id == c.c.article_id).where(c.c.id.in_(newest))
        query = query.where(*Filters(site=site).clauses())
        if since:
            query = query.where(c.c.fetched_at >= since)
        out.extend(dict(row) for row in conn.execute(query.order_by(c.c.id)).mappings())
    articles_at = {row["identity_url"]: row["id"] for row in out}
    hosts: set[str] = set()
    if site:
        wanted = site.lower().removeprefix("www.")
        named = select(s.c.host).where(or_(s.c.host == wanted, func.lower(s.c.name) == wanted))
        hosts = {wanted, *conn.execute(named).scalars()}
    newest = select(func.max(c.c.id)).where(c.c.rejection_id.is_not(None)).group_by(c.c.rejection_id)
    query = (
        select(c, rj.c.reason.label("old_reason"))
        .join(rj, rj.c.id == c.c.rejection_id)
        .where(c.c.id.in_(newest))
    )
    if reason:
        query = query.where(rj.c.reason == reason)
    if since:
        query = query.where(c.c.fetched_at >= since)
    for row in conn.execute(query.order_by(c.c.id)).mappings():
        if articles_at.get(row["identity_url"], -1) > row["id"]:
            continue  # the page became an article since: re-extracted as that
        host = host_of(row["identity_url"])
        if not site or any(host == h or host.endswith("." + h) for h in hosts):
            out.append(dict(row))
    return out


def find(conn: Connection, id_or_url: int | str, *, revision: int | None = None) -> dict[str, Any] | None:
    """The newest capture of the article with this id or address (of its revision number
    `revision`, when given), else of any page fetched at this address (a rejection, a
    sitemap); None when the archive has none."""
    from newsharvest.store.reader import find_article_id

    article_id = find_article_id(conn, id_or_url)
    if article_id is not None:
        if revision is not None:
            r = m.revisions
            revision_id = conn.execute(
                select(r.c.id).where(r.c.article_id == article_id, r.c.number == revision)
            ).scalar()
            return latest(conn, revision_id=revision_id) if revision_id is not None else None
        found = latest(conn, article_id=article_id)
        if found is not None:
            return found
    if isinstance(id_or_url, str) and "://" in id_or_url:
        return latest(conn, url=id_or_url)
    return None


def changed_fields_in_run(conn: Connection, run_id: int) -> dict[str, int]:
    """How many revisions written in run `run_id` changed each field."""
    import json
    from collections import Counter

    r = m.revisions
    counts: Counter[str] = Counter()
    query = select(r.c.changed_fields).where(r.c.run_id == run_id, r.c.number > 1)
    for (fields,) in conn.execute(query):
        counts.update(json.loads(fields or "[]"))
    return dict(sorted(counts.items()))
