"""The rows articles share: sites, authors and tags, looked up or created by a batch.

Every statement takes its keys in sorted order: two writers then lock the shared rows in the
same order (PostgreSQL would otherwise deadlock them now and then).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from newsharvest.store import models as m
from newsharvest.store.bulk import chunks, upsert


def site_ids(conn: Connection, names: dict[str, str | None]) -> dict[str, int]:
    """Ids of hosts, creating those not known yet and naming those given a name.

    Looked up first, and only the hosts missing or named anew are written: on PostgreSQL an
    upsert locks each row it meets until its transaction ends, even one it leaves as it is, so
    two writers storing articles of one host (copies under one canonical host) would each wait
    for the other's whole batch."""
    s = m.sites
    query = select(s.c.host, s.c.id, s.c.name).where(s.c.host.in_(sorted(names)))
    known = {host: (site_id, name) for host, site_id, name in conn.execute(query)}
    stale = sorted(h for h in names if h not in known or names[h] not in (None, known[h][1]))
    if stale:
        stmt = upsert(conn, s)
        stmt = stmt.on_conflict_do_update(
            index_elements=[s.c.host],
            set_={"name": stmt.excluded.name},
            where=stmt.excluded.name.is_not(None) & (s.c.name.is_distinct_from(stmt.excluded.name)),
        )
        conn.execute(stmt, [{"host": h, "name": names[h]} for h in stale])
        written = select(s.c.host, s.c.id, s.c.name).where(s.c.host.in_(stale))
        known.update({host: (site_id, name) for host, site_id, name in conn.execute(written)})
    return {host: known[host][0] for host in names}


def author_ids(conn: Connection, people: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """Ids of (name, url) people, creating those not known yet (looked up first: most
    bylines name people the archive already has)."""
    found = _known_authors(conn, people)
    missing = people - found.keys()
    if missing:
        rows = [{"name": name, "url": url} for name, url in sorted(missing)]
        conn.execute(upsert(conn, m.authors).on_conflict_do_nothing(), rows)
        found.update(_known_authors(conn, missing))
    return found


def _known_authors(conn: Connection, people: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    au = m.authors
    found: dict[tuple[str, str], int] = {}
    for chunk in chunks(sorted({name for name, _ in people})):
        query = select(au.c.id, au.c.name, au.c.url).where(au.c.name.in_(chunk))
        for author_id, name, url in conn.execute(query):
            if (name, url) in people:
                found[(name, url)] = author_id
    return found


def tag_ids(conn: Connection, labels: set[str]) -> dict[str, int]:
    """Ids of tag names, creating those not known yet."""
    found = _known_tags(conn, labels)
    missing = labels - found.keys()
    if missing:
        conn.execute(upsert(conn, m.tags).on_conflict_do_nothing(), [{"name": n} for n in sorted(missing)])
        found.update(_known_tags(conn, missing))
    return found


def _known_tags(conn: Connection, labels: set[str]) -> dict[str, int]:
    t = m.tags
    found: dict[str, int] = {}
    for chunk in chunks(sorted(labels)):
        query = select(t.c.name, t.c.id).where(t.c.name.in_(chunk))
        found.update({name: tag_id for name, tag_id in conn.execute(query)})
    return found
