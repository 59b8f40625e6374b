"""What a batch writes about each address it fetched: its `urls` frontier row and, for a
page it rejected, its `rejections` row (one per address, counted each time it is seen)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, case, func
from sqlalchemy.engine import Connection

from newsharvest.store import models as m
from newsharvest.store.bulk import execute_many, upsert, upsert_for
from newsharvest.store.identity import host_of
from newsharvest.store.shared import site_ids

FRONTIER_COLUMNS = (
    "identity_url", "url", "site_id", "state", "attempts", "last_error", "first_seen", "last_seen",
    "article_id",
)  # fmt: skip
"""The `urls` columns a batch writes (`BatchWriter._seen` and `write_frontier`)."""


@lru_cache(maxsize=4)
def _frontier_upsert(dialect_name: str) -> Any:
    """``INSERT INTO urls ... ON CONFLICT`` of the addresses a batch fetched."""
    u = m.urls
    stmt = upsert_for(dialect_name, u).values({name: bindparam(name) for name in FRONTIER_COLUMNS})
    return stmt.on_conflict_do_update(
        index_elements=[u.c.identity_url],
        set_={
            "url": stmt.excluded.url,
            "state": stmt.excluded.state,
            "last_error": stmt.excluded.last_error,
            "last_seen": stmt.excluded.last_seen,
            "attempts": case((u.c.attempts < 1, 1), else_=u.c.attempts),
            "article_id": func.coalesce(stmt.excluded.article_id, u.c.article_id),
        },
    )


def write_frontier(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Upsert the `urls` rows of the batch's addresses (each with its site's id added)."""
    if not rows:
        return
    ids = site_ids(conn, {host_of(row["identity_url"]): None for row in rows})
    for row in rows:
        row["site_id"] = ids.get(host_of(row["identity_url"]))
    if conn.dialect.name != "sqlite":
        rows.sort(key=lambda row: row["identity_url"])  # the same lock order in every writer
    execute_many(conn, _frontier_upsert(conn.dialect.name), rows)


def write_rejections(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Upsert `rejections` rows: the latest reason per address, and how often it was seen."""
    r = m.rejections
    stmt = upsert(conn, r)
    stmt = stmt.on_conflict_do_update(
        index_elements=[r.c.identity_url],
        set_={
            "url": stmt.excluded.url,
            "reason": stmt.excluded.reason,
            "detail": stmt.excluded.detail,
            "fetched_at": stmt.excluded.fetched_at,
            "run_id": stmt.excluded.run_id,
            "times_seen": r.c.times_seen + 1,
        },
    )
    conn.execute(stmt, rows)
