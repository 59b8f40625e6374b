"""Waiting out another writer: the one retry policy every archive writer uses."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import OperationalError

from newsharvest.store.errors import ArchiveError

T = TypeVar("T")

logger = logging.getLogger(__name__)


def is_locked(error: BaseException) -> bool:
    """Whether `error` says another connection holds the database's write lock."""
    return isinstance(error, OperationalError | ArchiveError) and "locked" in str(error).lower()


def while_locked(write: Callable[[], T], retries: int, *, who: str = "archive writer") -> T:
    """`write()`, tried again with backoff (0.5 s doubling to 10 s) up to `retries` times while
    the archive is locked past its busy_timeout; any other error, or the last one, is raised."""
    delay = 0.5
    for attempt in range(retries + 1):
        try:
            return write()
        except (OperationalError, ArchiveError) as error:
            if not is_locked(error) or attempt == retries:
                raise
            logger.warning("Archive locked; %s retrying in %.1fs", who, delay)
            time.sleep(delay)
            delay = min(delay * 2, 10.0)
    raise AssertionError("unreachable")
