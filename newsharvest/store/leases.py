"""Site leases (`site_leases`): crawlers sharing one archive split its sites between them.

A crawler claims the sites it may crawl for a bounded time and renews the claim while it
works; a site another live crawler holds is skipped, and a dead crawler's claim expires so
another takes the site over. Every statement runs in a short transaction of its own. On
PostgreSQL a claim locks the candidate rows ``FOR UPDATE SKIP LOCKED``, so two crawlers
claiming at once never wait on each other nor take the same site; SQLite serialises writers
anyway (``BEGIN IMMEDIATE``). Times are instants (`modelbase.UtcTimestamp`): UTC text of one fixed
format on SQLite, ``timestamptz`` on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, exists, false, func, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.sql.expression import ColumnElement

from newsharvest.store import models as m
from newsharvest.store.engine import insert_for
from newsharvest.store.modelbase import utc_text


def idle_limit(lease: timedelta) -> timedelta:
    """How long a transaction that takes, renews or gives up leases may sit idle on PostgreSQL
    (`Transactions.atomic`): a third of a lease, so that a crawler frozen inside one (stopped,
    paused in a debugger) frees the rows it locked long before its leases would run out."""
    return lease / 3


def stamp(moment: datetime) -> str:
    """`moment` as the table keeps it (UTC, microseconds, ``Z``: `modelbase.utc_text`)."""
    return utc_text(moment, microseconds=True)


def claim(
    conn: Connection,
    sites: Iterable[str],
    holder: str,
    host: str,
    *,
    now: datetime,
    lease: timedelta,
    unclaimed_since: datetime | None = None,
) -> list[str]:
    """Claim each of `sites` that is free, expired or already `holder`'s, until ``now + lease``;
    returns those `holder` now holds, in the order given.

    With `unclaimed_since`, a free site counts only if nobody claimed it since then: one that
    a crawler finished and released meanwhile is left alone (an expired lease still counts:
    its crawler died with work left)."""
    names = list(dict.fromkeys(sites))
    if not names:
        return []
    t = m.site_leases
    rows = [{"site": name} for name in names]
    conn.execute(insert_for(conn.dialect.name, t).on_conflict_do_nothing(), rows)
    released: ColumnElement[bool] = t.c.holder.is_(None)
    if unclaimed_since is not None:
        released = and_(released, or_(t.c.claimed_at.is_(None), t.c.claimed_at < stamp(unclaimed_since)))
    free = or_(released, t.c.holder == holder, t.c.expires_at < stamp(now))
    query = select(t.c.site).where(t.c.site.in_(names), free)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    won = set(conn.execute(query).scalars())
    if won:
        kept = case((t.c.holder == holder, t.c.discovered_at), else_=None)  # a new holder starts over
        times = {"expires_at": stamp(now + lease), "claimed_at": stamp(now), "discovered_at": kept}
        conn.execute(update(t).where(t.c.site.in_(won)).values(holder=holder, host=host, **times))
    return [name for name in names if name in won]


def renew(conn: Connection, holder: str, *, now: datetime, lease: timedelta) -> list[str]:
    """Extend every lease `holder` still has (not expired, not taken over); returns their sites."""
    t = m.site_leases
    held = and_(t.c.holder == holder, t.c.expires_at >= stamp(now))
    sites = sorted(conn.execute(select(t.c.site).where(held)).scalars())
    if sites:
        conn.execute(update(t).where(t.c.site.in_(sites)).values(expires_at=stamp(now + lease)))
    return sites


def reclaim(
    conn: Connection, sites: Iterable[str], holder: str, *, now: datetime, lease: timedelta
) -> list[str]:
    """Extend those of `sites` whose lease ran out while still `holder`'s (no other crawler took
    them meanwhile), until ``now + lease``; returns them. A site another crawler took, even one
    whose lease ran out in turn or that it released, is not `holder`'s any more: what `holder`
    still has queued of it predates the other crawler's work (a claim, `claim`, starts over)."""
    names = list(dict.fromkeys(sites))
    if not names:
        return []
    t = m.site_leases
    still_mine = and_(t.c.site.in_(names), t.c.holder == holder)
    query = select(t.c.site).where(still_mine)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)  # a claimer locking it is taking it
    won = set(conn.execute(query).scalars())
    if won:
        conn.execute(
            update(t).where(t.c.site.in_(won), t.c.holder == holder).values(expires_at=stamp(now + lease))
        )
    return [name for name in names if name in won]


def release(conn: Connection, holder: str, sites: Iterable[str] | None = None) -> None:
    """Give up `holder`'s leases (of `sites`, or all): anyone may claim them at once."""
    t = m.site_leases
    where = t.c.holder == holder
    if sites is not None:
        where = and_(where, t.c.site.in_(list(sites)))
    conn.execute(update(t).where(where).values(holder=None, expires_at=None, discovered_at=None))


def discovered(conn: Connection, holder: str, *, now: datetime) -> list[str]:
    """Note that `holder` went through every site it holds and has not noted yet: their
    discovery documents fetched, every address they named in the frontier (its crawl went
    idle). Until then a site's remaining work is in its holder's memory, not in the frontier
    (`held_elsewhere`). Returns the sites noted now."""
    t = m.site_leases
    fresh = and_(t.c.holder == holder, t.c.discovered_at.is_(None))
    sites = sorted(conn.execute(select(t.c.site).where(fresh)).scalars())
    if sites:
        conn.execute(update(t).where(fresh, t.c.site.in_(sites)).values(discovered_at=stamp(now)))
    return sites


DUE = ("queued", "fetched")
"""Frontier states of an address whose crawl is under way: queued, or fetched and not yet stored."""


def on_site(origin: str) -> ColumnElement[bool]:
    """An address of the frontier on the site at `origin` (such as ``https://apnews.com``)."""
    return m.urls.c.url.like(origin.rstrip("/") + "/%")


def held_elsewhere(
    conn: Connection, origins: dict[str, str], holder: str, *, now: datetime
) -> list[dict[str, Any]]:
    """Of the sites in `origins` (name → origin such as ``https://apnews.com``), those another
    crawler than `holder` holds, each with whether its lease expired (anyone may claim it),
    whether it has due addresses (`DUE`) in the frontier, and whether its holder has yet to go
    through it (`discovered`: a crawler killed before that leaves no due address, yet the site
    is not done): one statement, cheap enough to run every second (the frontier's state index
    finds the few due addresses)."""
    if not origins:
        return []
    t, u = m.site_leases, m.urls

    def has_due(origin: str) -> Any:
        return exists().where(u.c.state.in_(DUE), on_site(origin))

    due = case(*[(t.c.site == name, has_due(origin)) for name, origin in origins.items()], else_=false())
    query = select(t.c.site, t.c.expires_at < stamp(now), due, t.c.discovered_at.is_(None)).where(
        t.c.site.in_(list(origins)), t.c.holder.is_not(None), t.c.holder != holder
    )
    rows = conn.execute(query.order_by(t.c.site))
    return [
        {"site": site, "expired": bool(expired), "due": bool(busy), "undiscovered": bool(undiscovered)}
        for site, expired, busy, undiscovered in rows
    ]


def leases(conn: Connection) -> list[dict[str, Any]]:
    """Every site that was ever leased: site, holder, host, expires_at, claimed_at, discovered_at."""
    t = m.site_leases
    return [dict(row._mapping) for row in conn.execute(select(t).order_by(t.c.site))]


def overview(conn: Connection, origins: dict[str, str]) -> list[dict[str, Any]]:
    """Per site (name → origin such as ``https://apnews.com``): its lease (holder, host,
    expires_at), queue (addresses queued or fetched but not yet stored) and last fetch (the
    latest `last_seen` of an address past the queue)."""
    t, u = m.site_leases, m.urls
    held = {row.site: row for row in conn.execute(select(t))}
    sites: list[dict[str, Any]] = []
    for name, origin in origins.items():
        here = on_site(origin)
        queue = conn.execute(select(func.count()).select_from(u).where(here, u.c.state.in_(DUE))).scalar_one()
        last = conn.execute(select(func.max(u.c.last_seen)).where(here, u.c.state != "queued")).scalar()
        lease = held.get(name)
        sites.append(
            {
                "site": name,
                "origin": origin,
                "holder": lease.holder if lease is not None else None,
                "host": lease.host if lease is not None and lease.holder else None,
                "expires_at": lease.expires_at if lease is not None else None,
                "queue": int(queue),
                "last_fetch": last,
            }
        )
    return sites
