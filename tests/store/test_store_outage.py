"""Writers waiting for a PostgreSQL server that went away, on one clock per process."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import psycopg
import pytest
from sqlalchemy.exc import OperationalError

from newsharvest.store.errors import ArchiveError, DatabaseUnavailable
from newsharvest.store.retry import OUTAGE, is_unavailable, while_locked


class Clock:
    """time.monotonic and time.sleep for the retry module: sleeping moves the clock."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    fake = Clock()
    monkeypatch.setattr("newsharvest.store.retry.time.monotonic", fake.monotonic)
    monkeypatch.setattr("newsharvest.store.retry.time.sleep", fake.sleep)
    OUTAGE.since = None
    yield fake
    OUTAGE.since = None


def lost_connection() -> OperationalError:
    return OperationalError("SELECT 1", {}, psycopg.OperationalError("connection failed: No such file"))


def failing(times: int, error: Exception) -> Callable[[], str]:
    calls = {"n": 0}

    def write() -> str:
        calls["n"] += 1
        if calls["n"] <= times:
            raise error
        return "stored"

    return write


def test_a_writer_waits_for_the_database_to_come_back(clock: Clock) -> None:
    wrapped = ArchiveError("cannot write")
    wrapped.__cause__ = lost_connection()
    write = failing(5, wrapped)
    assert while_locked(write, retries=0, outage=60) == "stored"
    assert clock.sleeps == [0.5, 1.0, 2.0, 2.0, 2.0]  # polled, not counted against the lock retries
    assert OUTAGE.since is None  # back: the next outage starts its own clock


def test_past_the_outage_every_writer_fails_at_once(clock: Clock) -> None:
    with pytest.raises(DatabaseUnavailable, match="unreachable for 10s"):
        while_locked(failing(1000, lost_connection()), retries=5, outage=10)
    waited = list(clock.sleeps)
    with pytest.raises(DatabaseUnavailable):
        while_locked(failing(1000, lost_connection()), retries=5, outage=10, who="frontier")
    assert sum(waited) == 10 and clock.sleeps == waited  # the second writer did not wait again


def test_other_errors_are_not_an_outage(clock: Clock) -> None:
    sqlite_error = OperationalError("SELECT 1", {}, Exception("no such table: articles"))
    assert not is_unavailable(sqlite_error)
    with pytest.raises(OperationalError):
        while_locked(failing(1, sqlite_error), retries=5, outage=60)
    assert clock.sleeps == []
