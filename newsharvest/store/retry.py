"""Waiting out another writer: the one retry policy every archive writer uses.

SQLite says so with "database is locked" (past the busy timeout). PostgreSQL lets writers
run side by side and reports their collisions by SQLSTATE: a serialization failure
(``40001``), a deadlock (``40P01``), or a unique violation (``23505``): the write path
looks rows up before inserting them and upserts the shared ones, so a duplicate key there
means another writer inserted the same article between our look-up and our insert. Each
is tried again from the start of the transaction, which then sees the other's rows.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError

from newsharvest.store.errors import ArchiveError

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


def is_locked(error: BaseException) -> bool:
    """Whether `error` says another connection holds the database's write lock, or (on
    PostgreSQL) that our transaction lost a race with another one."""
    if isinstance(error, OperationalError | ArchiveError) and "locked" in str(error).lower():
        return True
    return isinstance(error, DBAPIError | ArchiveError) and sqlstate(error) in RACE_SQLSTATES


def while_locked(write: Callable[[], T], retries: int, *, who: str = "archive writer") -> T:
    """`write()`, tried again with backoff (0.5 s doubling to 10 s) up to `retries` times while
    the archive is locked past its busy_timeout, or lost a race (`RACE_SQLSTATES`); any
    other error, or the last one, is raised."""
    delay = 0.5
    for attempt in range(retries + 1):
        try:
            return write()
        except (DBAPIError, ArchiveError) as error:
            if not is_locked(error) or attempt == retries:
                raise
            logger.warning("Archive busy (%s); %s retrying in %.1fs", _why(error), who, delay)
            time.sleep(delay)
            delay = min(delay * 2, 10.0)
    raise AssertionError("unreachable")


def _why(error: BaseException) -> str:
    code = sqlstate(error)
    return f"SQLSTATE {code}" if code else "locked"
