"""The crawl frontier (`urls`): which addresses are queued, fetched, stored, rejected, failed.

The fetch stage queues addresses it discovers and notes each fetch (attempts, ETag and
Last-Modified for the next conditional request, the error of a failed one); the store
itself marks an address stored or rejected when it writes the item (see `fetched.py`).
Keys are identity URLs, so tracking and AMP variants of an address are one entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, case, func, or_, select, update
from sqlalchemy.engine import Connection

from newsharvest.store import models as m
from newsharvest.store.engine import insert_for
from newsharvest.store.identity import identity_url

STATES = ("queued", "fetched", "stored", "rejected", "failed")


def queue(conn: Connection, urls: Iterable[str], seen_at: str) -> int:
    """Queue unknown addresses; known ones only get `last_seen`. Returns how many were new."""
    return len(queue_new(conn, urls, seen_at))


def queue_new(conn: Connection, urls: Iterable[str], seen_at: str) -> set[str]:
    """Queue unknown addresses (``ON CONFLICT DO NOTHING``); known ones only get `last_seen`.

    Returns the identity URLs this insert added: when crawlers discover an address at once,
    only the one whose insert won it gets it back, so only that one fetches it."""
    rows: dict[str, str] = {}
    for url in urls:
        rows.setdefault(identity_url(url), url)
    if not rows:
        return set()
    u = m.urls
    stmt = (
        insert_for(conn.dialect.name, u)
        .on_conflict_do_nothing(index_elements=[u.c.identity_url])
        .returning(u.c.identity_url)
    )
    values = [
        {"identity_url": key, "url": url, "state": "queued", "first_seen": seen_at, "last_seen": seen_at}
        for key, url in rows.items()
    ]
    won = set(conn.execute(stmt, values).scalars())
    known = [key for key in rows if key not in won]
    if known:
        conn.execute(update(u).where(u.c.identity_url.in_(known)).values(last_seen=seen_at))
    return won


def note_fetch(
    conn: Connection,
    url: str,
    fetched_at: str,
    *,
    error: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
) -> None:
    """One more fetch attempt of `url`: fetched (with its validators) or failed (with why)."""
    u = m.urls
    key = identity_url(url)
    conn.execute(
        insert_for(conn.dialect.name, u)
        .values(identity_url=key, url=url, state="queued", first_seen=fetched_at, last_seen=fetched_at)
        .on_conflict_do_nothing()
    )
    values: dict[str, Any] = {
        "url": url,
        "attempts": u.c.attempts + 1,
        "last_seen": fetched_at,
        "last_error": error,
    }
    if error is None:
        # A page already stored or rejected stays so; a fresh fetch is "fetched".
        values["state"] = case((u.c.state.in_(("queued", "failed")), "fetched"), else_=u.c.state)
        values["etag"] = etag
        values["last_modified"] = last_modified
    else:
        values["state"] = "failed"
    conn.execute(update(u).where(u.c.identity_url == key).values(**values))


def entry(conn: Connection, url: str) -> dict[str, Any] | None:
    """The frontier row of `url` (state, attempts, last_error, etag, last_modified...)."""
    u = m.urls
    row = conn.execute(select(u).where(u.c.identity_url == identity_url(url))).mappings().first()
    return dict(row) if row else None


def in_state(conn: Connection, state: str, *, limit: int) -> list[str]:
    """Addresses in `state`, least recently seen first."""
    u = m.urls
    query = select(u.c.url).where(u.c.state == state).order_by(u.c.last_seen, u.c.id).limit(limit)
    return list(conn.execute(query).scalars())


def counts(conn: Connection) -> dict[str, int]:
    """Addresses per state."""
    u = m.urls
    rows = conn.execute(select(u.c.state, func.count()).group_by(u.c.state))
    found = {state: int(n) for state, n in rows}
    return {state: found.get(state, 0) for state in STATES}


# -- incremental crawls (used by newsharvest/frontier.py) ---------------------------------


def facts(conn: Connection, urls: Iterable[str]) -> dict[str, dict[str, Any]]:
    """What the frontier knows of each known address, keyed by identity URL.

    Each value: ``state``, ``attempts``, ``etag``, ``last_modified``, ``fetched_at`` (when
    its stored article or rejection was last fetched), ``published_utc`` (its article's)
    and ``reason`` (its rejection's). Unknown addresses are absent. One query per 500.
    """
    u, a, r = m.urls, m.articles, m.rejections
    keys = sorted({identity_url(url) for url in urls})
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(keys), 500):
        query = (
            select(
                u.c.identity_url,
                u.c.state,
                u.c.attempts,
                u.c.etag,
                u.c.last_modified,
                a.c.last_seen.label("article_seen"),
                a.c.published_utc,
                r.c.reason,
                r.c.fetched_at.label("rejected_at"),
            )
            .select_from(
                u.outerjoin(a, a.c.id == u.c.article_id).outerjoin(r, r.c.identity_url == u.c.identity_url)
            )
            .where(u.c.identity_url.in_(keys[start : start + 500]))
        )
        for row in conn.execute(query).mappings():
            fact = dict(row)
            stored = fact["state"] == "stored"
            fact["fetched_at"] = fact.pop("article_seen") if stored else fact.pop("rejected_at")
            fact.pop("article_seen", None)
            fact.pop("rejected_at", None)
            if not stored:
                fact["published_utc"] = None
            if fact["state"] != "rejected":
                fact["reason"] = None
            found[fact["identity_url"]] = fact
    return found


def unfinished(conn: Connection, *, max_attempts: int, retry_reasons: Iterable[str], limit: int) -> list[str]:
    """Addresses whose crawl is not done, oldest first: queued, fetched but never stored
    (a crash in between), failed, or rejected for a passing reason (`retry_reasons`: timeouts,
    ``retry_later``...), the last two while fewer than `max_attempts` fetches were tried."""
    from sqlalchemy import and_, or_  # here, not at the top: this section is appended

    u, r = m.urls, m.rejections
    retry = or_(
        u.c.state == "failed",
        and_(
            u.c.state == "rejected",
            select(r.c.id)
            .where(r.c.identity_url == u.c.identity_url, r.c.reason.in_(list(retry_reasons)))
            .exists(),
        ),
    )
    query = (
        select(u.c.url)
        .where(or_(u.c.state.in_(("queued", "fetched")), and_(retry, u.c.attempts < max_attempts)))
        .order_by(u.c.first_seen, u.c.id)
        .limit(limit)
    )
    return list(conn.execute(query).scalars())


def note_not_modified(conn: Connection, url: str, fetched_at: str, run_id: int | None = None) -> None:
    """A 304 answer: the page is as stored. Its address and article are seen now, the crawl
    run counts it ``unchanged``."""
    u, a = m.urls, m.articles
    key = identity_url(url)
    conn.execute(
        update(u)
        .where(u.c.identity_url == key)
        .values(attempts=u.c.attempts + 1, last_seen=fetched_at, last_error=None)
    )
    article_id = select(u.c.article_id).where(u.c.identity_url == key).scalar_subquery()
    conn.execute(
        update(a)
        .where(a.c.id == article_id)
        .values(last_seen=case((a.c.last_seen < fetched_at, fetched_at), else_=a.c.last_seen))
    )
    if run_id is not None:
        runs = m.crawl_runs
        conn.execute(update(runs).where(runs.c.id == run_id).values(unchanged=runs.c.unchanged + 1))


def settle_redirect(conn: Connection, original: str, final: str, seen_at: str) -> None:
    """An address that redirected: it ends as its target did (stored, rejected...), with
    ``last_error`` naming the target, so that it is neither lost nor fetched again as new."""
    u = m.urls
    source, target = identity_url(original), identity_url(final)
    if source == target:
        return
    row = conn.execute(select(u.c.state, u.c.article_id).where(u.c.identity_url == target)).first()
    if row is None or row.state in ("queued", "fetched"):
        return
    conn.execute(
        insert_for(conn.dialect.name, u)
        .values(identity_url=source, url=original, state="queued", first_seen=seen_at, last_seen=seen_at)
        .on_conflict_do_nothing()
    )
    conn.execute(
        update(u)
        .where(u.c.identity_url == source)
        .values(
            state=row.state, article_id=row.article_id, last_seen=seen_at, last_error=f"redirected to {final}"
        )
    )


@lru_cache(maxsize=4)
def _queue_if_unknown(dialect_name: str) -> Any:
    return insert_for(dialect_name, m.urls).on_conflict_do_nothing()


_NOTE_FETCHED = (
    update(m.urls)
    .where(m.urls.c.identity_url == bindparam("b_key"))
    .values(
        url=bindparam("b_url"),
        attempts=m.urls.c.attempts + 1,
        last_seen=bindparam("b_seen"),
        last_error=None,
        # A page already stored or rejected stays so; a fresh fetch is "fetched".
        state=case(
            (or_(m.urls.c.state == "queued", m.urls.c.state == "failed"), "fetched"), else_=m.urls.c.state
        ),  # (IN (...) would be an expanding parameter, which executemany refuses)
        etag=bindparam("b_etag"),
        last_modified=bindparam("b_last_modified"),
    )
)


def note_fetches(
    conn: Connection, fetches: list[tuple[str, str | None, str | None]], fetched_at: str
) -> None:
    """`note_fetch(url, etag=..., last_modified=...)` for each successful fetch, in order,
    as two executemany statements instead of two statements (and a savepoint) per fetch:
    one statement per note held the GIL for the whole of a fast crawl's notes. Same rows as
    `note_fetch`."""
    rows = [(identity_url(url), url, etag, modified) for url, etag, modified in fetches]
    queued = {"state": "queued", "first_seen": fetched_at, "last_seen": fetched_at}
    conn.execute(
        _queue_if_unknown(conn.dialect.name),
        [{"identity_url": key, "url": url, **queued} for key, url, _, _ in rows],
    )
    conn.execute(
        _NOTE_FETCHED,
        [
            {"b_key": key, "b_url": url, "b_seen": fetched_at, "b_etag": etag, "b_last_modified": modified}
            for key, url, etag, modified in rows
        ],
    )
