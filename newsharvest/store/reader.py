"""The read statements: records, listings and counts, for `newsharvest.query`.

Functions take an open `Connection` and return plain dicts and lists, so that callers
never see a row object. Records are assembled in batches (one query per child table per
batch, never one per article) so that exporting the whole archive stays fast.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.engine import Connection, Dialect

from newsharvest.store import models as m
from newsharvest.store.identity import identity_url
from newsharvest.store.modelbase import utc_day
from newsharvest.store.rows import content_of, record_from_row
from newsharvest.store.stories import story_ids


@dataclass(frozen=True, slots=True)
class Filters:
    """Which articles a listing, count, search or export covers; None means any.

    `since`/`until` are UTC texts (``2024-05-01T00:00:00Z``) compared with the
    publication time: ``since <= published < until``.
    """

    site: str | None = None
    """A host ("www.huffpost.com", "huffpost.com") or a site name ("HuffPost")."""
    section: str | None = None
    author: str | None = None
    """Part of an author's name, any case."""
    since: str | None = None
    until: str | None = None

    def site_ids(self) -> Select[Any]:
        """The ids of the sites `site` names (a host or a name)."""
        s = m.sites
        wanted = (self.site or "").lower().removeprefix("www.")
        return select(s.c.id).where(or_(s.c.host == wanted, func.lower(s.c.name) == wanted))

    def clauses(self, site_ids: Sequence[int] | None = None) -> list[ColumnElement[bool]]:
        """WHERE clauses on `articles` for these filters; the site's by `site_ids` when given
        (`site_ids()` read first: the planner then estimates the site's share of the articles
        from its statistics, as it cannot for a subquery)."""
        a = m.articles
        out: list[ColumnElement[bool]] = []
        if self.site:
            out.append(a.c.site_id.in_(self.site_ids() if site_ids is None else list(site_ids)))
        if self.section:
            out.append(func.lower(a.c.section) == self.section.lower())
        if self.author:
            au, link = m.authors, m.article_authors
            out.append(
                exists(
                    select(link.c.article_id)
                    .join(au, au.c.id == link.c.author_id)
                    .where(link.c.article_id == a.c.id, au.c.name.ilike(f"%{self.author}%"))
                )
            )
        if self.since:
            out.append(a.c.published_utc >= self.since)
        if self.until:
            out.append(a.c.published_utc < self.until)
        return out


def where_sql(clauses: Sequence[ColumnElement[bool]], dialect: Dialect) -> tuple[str, dict[str, Any]]:
    """The SQL of `clauses` (conditions on ``articles``, as `Filters.clauses` gives) and its
    parameters, for a statement written as text: compiled inside a SELECT of ``articles``, so
    that a subquery (the author filter's) correlates with the article, as it would not alone."""
    statement = select(m.articles.c.id).where(*clauses)
    compiled = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    sql = str(compiled)
    return sql[sql.index(_WHERE) + len(_WHERE) :], dict(compiled.params)


_WHERE = "\nWHERE "


def find_article_id(conn: Connection, id_or_url: int | str) -> int | None:
    """The id of the article with this id or under any of its addresses."""
    a = m.articles
    if isinstance(id_or_url, int) or str(id_or_url).strip().isdigit():
        query = select(a.c.id).where(a.c.id == int(id_or_url))
    else:
        query = select(a.c.id).where(a.c.identity_url == identity_url(str(id_or_url)))
    return conn.execute(query).scalar()


def load_records(conn: Connection, ids: Sequence[int]) -> list[dict[str, Any]]:
    """Full records of the articles `ids`, in that order (missing ids skipped), with their
    `story_id` and `is_original` (both None for an article without known copies)."""
    if not ids:
        return []
    a = m.articles
    rows = {r["id"]: r for r in conn.execute(select(a).where(a.c.id.in_(ids))).mappings().all()}
    people, photos, labels = _children(conn, ids)
    records = [
        record_from_row(rows[i], people.get(i, []), photos.get(i, []), labels.get(i, []))
        for i in ids
        if i in rows
    ]
    stories = story_ids(conn, ids)
    for record in records:
        record["story_id"], record["is_original"] = stories.get(record["id"], (None, None))
    return records


def _children(
    conn: Connection, ids: Sequence[int]
) -> tuple[dict[int, list[dict[str, Any]]], dict[int, list[dict[str, Any]]], dict[int, list[str]]]:
    """Authors, captions and tags of the articles `ids`, by article id."""
    au, link, cap, tg, at = m.authors, m.article_authors, m.captions, m.tags, m.article_tags
    people: dict[int, list[dict[str, Any]]] = defaultdict(list)
    query = (
        select(link.c.article_id, au.c.name, au.c.url)
        .join(au, au.c.id == link.c.author_id)
        .where(link.c.article_id.in_(ids))
        .order_by(link.c.article_id, link.c.position)
    )
    for article_id, name, url in conn.execute(query).all():
        people[article_id].append({"name": name, "url": url or None})
    photos: dict[int, list[dict[str, Any]]] = defaultdict(list)
    query = (
        select(cap.c.article_id, cap.c.text, cap.c.credit, cap.c.image_url)
        .where(cap.c.article_id.in_(ids))
        .order_by(cap.c.article_id, cap.c.position)
    )
    for row in conn.execute(query).all():
        photos[row[0]].append({"text": row[1], "credit": row[2], "image_url": row[3]})
    labels: dict[int, list[str]] = defaultdict(list)
    query = (
        select(at.c.article_id, tg.c.name)
        .join(tg, tg.c.id == at.c.tag_id)
        .where(at.c.article_id.in_(ids))
        .order_by(at.c.article_id, at.c.position)
    )
    for article_id, name in conn.execute(query).all():
        labels[article_id].append(name)
    return people, photos, labels


def iter_records(conn: Connection, filters: Filters, *, chunk: int = 1000) -> Iterator[dict[str, Any]]:
    """Every matching record in id order, `chunk` at a time (memory stays constant)."""
    a = m.articles
    last = 0
    while True:
        query = select(a.c.id).where(a.c.id > last, *filters.clauses()).order_by(a.c.id).limit(chunk)
        ids = list(conn.execute(query).scalars())
        if not ids:
            return
        yield from load_records(conn, ids)
        last = ids[-1]


def list_articles(conn: Connection, filters: Filters, *, limit: int, offset: int = 0) -> list[dict[str, Any]]:
    """Full records of matching articles, newest publication first."""
    a = m.articles
    query = (
        select(a.c.id)
        .where(*filters.clauses())
        .order_by(a.c.published_utc.desc().nulls_last(), a.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return load_records(conn, list(conn.execute(query).scalars()))


def run_article_ids(conn: Connection, run_id: int) -> list[int]:
    """Articles a crawl run stored a revision of (new or changed), newest publication first."""
    a, rev = m.articles, m.revisions
    query = (
        select(a.c.id)
        .where(a.c.id.in_(select(rev.c.article_id).where(rev.c.run_id == run_id)))
        .order_by(a.c.published_utc.desc().nulls_last(), a.c.id.desc())
    )
    return list(conn.execute(query).scalars())


SUMMARY_COLUMNS = (
    "id", "headline", "site_name", "section", "authors", "date_published", "canonical_url", "word_count",
)  # fmt: skip
"""What a search result shows of an article (`authors` as the names joined)."""


def summaries(conn: Connection, ids: Sequence[int]) -> list[dict[str, Any]]:
    """Short rows of the articles `ids` (order not kept)."""
    if not ids:
        return []
    a = m.articles
    query = select(*(a.c[name] for name in SUMMARY_COLUMNS)).where(a.c.id.in_(list(ids)))
    return [dict(row) for row in conn.execute(query).mappings()]


def count_articles(conn: Connection, filters: Filters) -> int:
    """How many articles match."""
    query = select(func.count()).select_from(m.articles).where(*filters.clauses())
    return int(conn.execute(query).scalar() or 0)


def list_rejections(
    conn: Connection, *, reason: str | None, limit: int, run_id: int | None = None
) -> list[dict[str, Any]]:
    """Rejected pages, most recently fetched first (of one crawl run, when `run_id` is given)."""
    r = m.rejections
    query = select(r).order_by(r.c.fetched_at.desc(), r.c.id.desc()).limit(limit)
    if reason:
        query = query.where(r.c.reason == reason)
    if run_id is not None:
        query = query.where(r.c.run_id == run_id)
    return [dict(row) for row in conn.execute(query).mappings()]


def list_runs(conn: Connection, *, limit: int) -> list[dict[str, Any]]:
    """Crawl runs, latest first, JSON columns decoded."""
    runs = m.crawl_runs
    query = select(runs).order_by(runs.c.id.desc()).limit(limit)
    out = []
    for row in conn.execute(query).mappings():
        item = dict(row)
        item["rejected_by_reason"] = json.loads(item["rejected_by_reason"] or "{}")
        item["stats"] = json.loads(item["stats"] or "{}")
        out.append(item)
    return out


def table_counts(conn: Connection) -> dict[str, int]:
    """Rows in each of the archive's tables (for stats, checks and tests)."""
    return {
        name: int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)
        for name, table in m.Base.metadata.tables.items()
    }


def list_revisions(conn: Connection, article_id: int) -> list[dict[str, Any]]:
    """The article's revisions, oldest first: number, fetched_at, content_hash, run_id,
    changed_fields (a list; None when unknown), current (bool)."""
    r, a = m.revisions, m.articles
    current = conn.execute(select(a.c.current_revision_id).where(a.c.id == article_id)).scalar()
    query = (
        select(r.c.id, r.c.number, r.c.fetched_at, r.c.content_hash, r.c.run_id, r.c.changed_fields)
        .where(r.c.article_id == article_id)
        .order_by(r.c.number)
    )
    out = []
    for row in conn.execute(query).mappings():
        item = dict(row)
        item["changed_fields"] = None if row["changed_fields"] is None else json.loads(row["changed_fields"])
        item["current"] = row["id"] == current
        del item["id"]
        out.append(item)
    return out


def revision_content(conn: Connection, article_id: int, number: int) -> dict[str, Any] | None:
    """The content fields of one revision; None when that revision's text was not kept
    (it predates the archive's history) or does not exist."""
    r, a = m.revisions, m.articles
    row = conn.execute(
        select(r.c.id, r.c.content).where(r.c.article_id == article_id, r.c.number == number)
    ).first()
    if row is None:
        return None
    if row.content is not None:
        return dict(json.loads(row.content))
    current = conn.execute(select(a.c.current_revision_id).where(a.c.id == article_id)).scalar()
    if row.id != current:
        return None
    [record] = load_records(conn, [article_id])
    return content_of(record)


def archive_stats(conn: Connection, *, top: int = 10, days: int = 14) -> dict[str, Any]:
    """Articles per site, section and day, top authors, rejections by reason, totals."""
    a, s, au, link, rej = m.articles, m.sites, m.authors, m.article_authors, m.rejections
    n = func.count().label("articles")
    per_site = conn.execute(
        select(s.c.host, s.c.name, n)
        .join(a, a.c.site_id == s.c.id)
        .group_by(s.c.id)
        .order_by(n.desc(), s.c.host)
    ).mappings()
    per_section = conn.execute(
        select(a.c.section, n).group_by(a.c.section).order_by(n.desc(), a.c.section).limit(top)
    ).mappings()
    day = utc_day(a.c.published_utc, conn.dialect.name).label("day")
    per_day = conn.execute(
        select(day, n).where(a.c.published_utc.is_not(None)).group_by(day).order_by(day.desc()).limit(days)
    ).mappings()
    top_authors = conn.execute(
        select(au.c.name, n)
        .join(link, link.c.author_id == au.c.id)
        .group_by(au.c.id)
        .order_by(n.desc(), au.c.name)
        .limit(top)
    ).mappings()
    by_reason = conn.execute(
        select(rej.c.reason, func.count().label("pages")).group_by(rej.c.reason).order_by(rej.c.reason)
    )
    span = conn.execute(select(func.min(a.c.published_utc), func.max(a.c.published_utc))).one()
    return {
        "totals": table_counts(conn),
        "published": {"first": span[0], "last": span[1]},
        "sites": [dict(r) for r in per_site],
        "sections": [dict(r) for r in per_section],
        "days": [dict(r) for r in per_day],
        "authors": [dict(r) for r in top_authors],
        "rejections": {reason: pages for reason, pages in by_reason},
    }
