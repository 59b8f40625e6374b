"""The run lock on PostgreSQL: a session-level advisory lock, keyed by the lock's name.

Advisory locks belong to one database, so the key is the archive and the spider (and site);
the server releases the lock when its session ends, however the crawl died (``kill -9``, a
lost connection), so no stale lock is left behind, on whichever machine the crawl ran. A
server that restarts mid-crawl ends the session, and the lock with it: the crawl goes on
unlocked (its writes wait for the server, see `retry`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import NullPool, create_engine, text
from sqlalchemy.exc import DBAPIError

from newsharvest.store.retry import is_unavailable

NAMESPACE = 0x6E6873  # "nhs": the first half of every run-lock key


def lock_number(name: str) -> int:
    """The 32-bit second half of the advisory key of the run lock `name`."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big", signed=True)


class RunLockHeld(Exception):
    """Another session holds the run lock; the message names its client."""


@contextmanager
def advisory_run_lock(db_url: str, name: str) -> Iterator[None]:
    """Hold the run lock `name` on the PostgreSQL archive `db_url` or raise `RunLockHeld`."""
    engine = create_engine(db_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            key = {"ns": NAMESPACE, "n": lock_number(name)}
            got = conn.execute(text("SELECT pg_try_advisory_lock(:ns, :n)"), key).scalar()
            conn.commit()
            if not got:
                holder = conn.execute(
                    text(
                        "SELECT a.pid, coalesce(host(a.client_addr), 'local'), a.backend_start"
                        " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                        " WHERE l.locktype = 'advisory' AND l.classid = :ns AND l.objid = :o"
                        " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                    ),
                    {"ns": NAMESPACE, "o": lock_number(name) & 0xFFFFFFFF},
                ).first()
                conn.rollback()
                who = (
                    f"PostgreSQL session {holder[0]} from {holder[1]}, since {holder[2]:%Y-%m-%dT%H:%M:%S%z}"
                    if holder
                    else "another session"
                )
                raise RunLockHeld(f"a crawl is already running ({who}); advisory lock {name!r}")
            try:
                yield
            finally:
                try:
                    conn.execute(text("SELECT pg_advisory_unlock(:ns, :n)"), key)
                    conn.commit()
                except DBAPIError as error:  # the session is gone (the server restarted): so is its lock
                    if not is_unavailable(error):
                        raise
    finally:
        engine.dispose()
