"""The read statements over stories of copies (see `linking.py`, which writes them)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from newsharvest.store import models as m
from newsharvest.store.bulk import chunks as _chunks


def unlinked_count(conn: Connection) -> int:
    """Articles without a signature yet (stored before linking existed)."""
    a, s = m.articles, m.article_signatures
    signed = select(s.c.article_id).where(s.c.article_id == a.c.id).exists()
    query = select(func.count()).select_from(a).where(~signed)
    return int(conn.execute(query).scalar() or 0)


def next_unlinked(conn: Connection, after: int, limit: int) -> list[tuple[int, str]]:
    """(id, body) of the next `limit` unsigned articles with ids above `after`, in id order."""
    a, s = m.articles, m.article_signatures
    query = (
        select(a.c.id, a.c.body)
        .where(a.c.id > after, ~select(s.c.article_id).where(s.c.article_id == a.c.id).exists())
        .order_by(a.c.id)
        .limit(limit)
    )
    return [(row[0], row[1]) for row in conn.execute(query)]


def story_facts(conn: Connection, article_id: int) -> dict[str, Any] | None:
    """The story of an article: id, copy_count, first_seen, original_id, original_reason,
    is_original; None when no copy of it is known."""
    a, st = m.articles, m.stories
    row = conn.execute(
        select(st.c.id, st.c.copy_count, st.c.first_seen, st.c.original_article_id, st.c.original_reason)
        .join(a, a.c.story_id == st.c.id)
        .where(a.c.id == article_id)
    ).first()
    if row is None:
        return None
    return {
        "id": row[0],
        "copy_count": row[1],
        "first_seen": row[2],
        "original_id": row[3],
        "original_reason": row[4],
        "is_original": row[3] == article_id,
    }


def story_members(conn: Connection, story_id: int) -> list[dict[str, Any]]:
    """The articles of a story: id, host, site_name, date_published, first_seen, headline,
    body, agency (unordered)."""
    a, s = m.articles, m.sites
    query = (
        select(a.c.id, s.c.host, a.c.site_name, a.c.date_published, a.c.first_seen, a.c.headline, a.c.body,
               a.c.agency)
        .join(s, s.c.id == a.c.site_id)
        .where(a.c.story_id == story_id)
    )  # fmt: skip
    return [dict(row) for row in conn.execute(query).mappings()]


def story_ids(conn: Connection, ids: Sequence[int]) -> dict[int, tuple[int | None, bool | None]]:
    """(story id, is original) of the articles `ids`; (None, None) for an unlinked one."""
    a, st = m.articles, m.stories
    out: dict[int, tuple[int | None, bool | None]] = {}
    for chunk in _chunks(list(ids)):
        query = (
            select(a.c.id, a.c.story_id, st.c.original_article_id)
            .outerjoin(st, st.c.id == a.c.story_id)
            .where(a.c.id.in_(chunk))
        )
        for article_id, story, original in conn.execute(query):
            out[article_id] = (story, None if story is None else original == article_id)
    return out


def copy_counts(conn: Connection, story: Iterable[int]) -> dict[int, int]:
    """Copies of each story, by story id."""
    st = m.stories
    wanted = sorted(set(story))
    out: dict[int, int] = {}
    for chunk in _chunks(wanted):
        query = select(st.c.id, st.c.copy_count).where(st.c.id.in_(chunk))
        out.update({story: count for story, count in conn.execute(query)})
    return out


def wire_share(conn: Connection) -> dict[str, dict[str, int]]:
    """Per site host: `copies`, articles that are copies of a story whose original is on
    another site, and `originals`, articles that are the original of a story with copies."""
    a, s, st = m.articles, m.sites, m.stories
    orig = a.alias("original")
    copies = conn.execute(
        select(s.c.host, func.count())
        .select_from(a)
        .join(s, s.c.id == a.c.site_id)
        .join(st, st.c.id == a.c.story_id)
        .join(orig, orig.c.id == st.c.original_article_id)
        .where(orig.c.site_id != a.c.site_id)
        .group_by(s.c.host)
    ).all()
    originals = conn.execute(
        select(s.c.host, func.count())
        .select_from(st)
        .join(a, a.c.id == st.c.original_article_id)
        .join(s, s.c.id == a.c.site_id)
        .group_by(s.c.host)
    ).all()
    out: dict[str, dict[str, int]] = defaultdict(lambda: {"copies": 0, "originals": 0})
    for host, n in copies:
        out[host]["copies"] = int(n)
    for host, n in originals:
        out[host]["originals"] = int(n)
    return dict(out)


def with_wire_share(sites: list[dict[str, Any]], shares: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """Site rows (host, articles…) with `copies`, `originals` and `wire_share` (copies / articles)."""
    out = []
    for site in sites:
        counts = shares.get(site["host"], {"copies": 0, "originals": 0})
        share = counts["copies"] / site["articles"] if site["articles"] else 0.0
        out.append({**site, **counts, "wire_share": round(share, 4)})
    return out
