"""Waiting out another writer: the one retry policy every archive writer uses.

SQLite says so with "database is locked" (past the busy timeout). PostgreSQL lets writers
run side by side and reports their collisions by SQLSTATE: a serialization failure
(``40001``), a deadlock (``40P01``), or a unique violation (``23505``): the write path
looks rows up before inserting them and upserts the shared ones, so a duplicate key there
means another writer inserted the same article between our look-up and our insert. Each
is tried again from the start of the transaction, which then sees the other's rows.

A PostgreSQL server that goes away (a lost or refused connection, a server shutting down or
starting up) is waited for, with the same backoff, up to an outage budget (``outage``
seconds, ``NEWSHARVEST_DATABASE_OUTAGE_SECONDS`` in a crawl) counted from when the first
writer found it gone: the writers of one process share that clock, so once the budget is
spent every write fails at once with `DatabaseUnavailable` instead of each waiting it out
again. The connection pool replaces the dead connections when the server is back.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError

from newsharvest.store.errors import ArchiveError, DatabaseUnavailable

T = TypeVar("T")

logger = logging.getLogger(__name__)

RACE_SQLSTATES = frozenset({"40001", "40P01", "23505"})
"""PostgreSQL errors that mean "another transaction got there first": retried."""


def sqlstate(error: BaseException | None) -> str | None:
    """The SQLSTATE of a driver error, found on it or on the error it was raised from."""
    seen = 0
    while error is not None and seen < 5:
        orig = getattr(error, "orig", None) or error
        code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
        if isinstance(code, str):
            return code
        error = error.__cause__
        seen += 1
    return None


IDLE_ENDED_SQLSTATE = "25P03"
"""PostgreSQL ended our transaction after it sat idle past its limit (`Transactions.atomic`'s
`idle_limit`): the process was frozen inside it; run again, it sees what others did meanwhile."""


UNAVAILABLE_SQLSTATES = frozenset({"57P01", "57P02", "57P03"})
"""Server shutting down (administrator, crash) or starting up; with class ``08`` (connection
exceptions): the database is away, not the statement wrong."""


def is_unavailable(error: BaseException | None) -> bool:
    """Whether `error` says the PostgreSQL server cannot be reached now: a connection lost or
    refused, or the server shutting down or starting up (on it or an error it came from)."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, DBAPIError):
            if error.connection_invalidated:
                return True
            code = sqlstate(error)
            if code is not None and (code.startswith("08") or code in UNAVAILABLE_SQLSTATES):
                return True
            # psycopg reports a connection it could not make or lost without a SQLSTATE
            if code is None and type(error.orig).__module__.startswith("psycopg"):
                return isinstance(error, OperationalError)
        error = error.__cause__
        seen += 1
    return False


class _Outage:
    """When the writers of this process first found the database gone (None: it is not)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.since: float | None = None

    def began(self) -> float:
        with self._lock:
            if self.since is None:
                self.since = time.monotonic()
            return self.since

    def ended(self) -> None:
        if self.since is not None:
            with self._lock:
                if self.since is not None:
                    logger.warning("The database is back after %.0fs", time.monotonic() - self.since)
                self.since = None


OUTAGE = _Outage()
OUTAGE_POLL = 2.0
"""Seconds at most between two tries of a writer waiting for the database to come back."""


def is_locked(error: BaseException) -> bool:
    """Whether `error` says another connection holds the database's write lock, or (on
    PostgreSQL) that our transaction lost a race with another one."""
    if isinstance(error, OperationalError | ArchiveError) and "locked" in str(error).lower():
        return True
    return isinstance(error, DBAPIError | ArchiveError) and sqlstate(error) in RACE_SQLSTATES


def while_locked(
    write: Callable[[], T], retries: int, *, who: str = "archive writer", outage: float = 0.0
) -> T:
    """`write()`, tried again with backoff (0.5 s doubling to 10 s) up to `retries` times while
    the archive is locked past its busy_timeout, or lost a race (`RACE_SQLSTATES`), at once
    when the server ended the transaction for sitting idle (`IDLE_ENDED_SQLSTATE`), and
    (every `OUTAGE_POLL` seconds at most) while the database is unavailable, until `outage`
    seconds after this process first found it so (then `DatabaseUnavailable`); any other
    error, or the last one, is raised."""
    delay = poll = 0.5
    attempt = 0
    while True:
        try:
            done = write()
        except (DBAPIError, ArchiveError) as error:
            if sqlstate(error) == IDLE_ENDED_SQLSTATE and attempt < retries:
                attempt += 1
                logger.warning(
                    "Transaction ended by the server after sitting idle (SQLSTATE %s); %s retrying",
                    IDLE_ENDED_SQLSTATE, who,
                )  # fmt: skip
                continue
            if is_unavailable(error):
                waited = time.monotonic() - OUTAGE.began()
                if waited >= outage:
                    raise DatabaseUnavailable(
                        f"the database has been unreachable for {waited:.0f}s"
                        f" (NEWSHARVEST_DATABASE_OUTAGE_SECONDS={outage:g}): {_first_line(error)}"
                    ) from error
                pause = min(poll, outage - waited)
                why = _first_line(error)
                logger.warning("Database unavailable (%s); %s retrying in %.1fs", why, who, pause)
                time.sleep(pause)
                poll = min(poll * 2, OUTAGE_POLL)
                continue
            if not is_locked(error) or attempt == retries:
                raise
            attempt += 1
            logger.warning("Archive busy (%s); %s retrying in %.1fs", _why(error), who, delay)
            time.sleep(delay)
            delay = min(delay * 2, 10.0)
            continue
        OUTAGE.ended()
        return done


def _first_line(error: BaseException) -> str:
    orig = getattr(error, "orig", None)
    while orig is None and error.__cause__ is not None:
        error = error.__cause__
        orig = getattr(error, "orig", None)
    return (str(orig or error).strip().splitlines() or [type(error).__name__])[0]


def _why(error: BaseException) -> str:
    code = sqlstate(error)
    return f"SQLSTATE {code}" if code else "locked"
