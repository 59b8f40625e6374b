"""A crawler frozen inside a lease transaction (stopped, paused in a debugger) holds the rows it
locked; on PostgreSQL the server ends that transaction after a third of a lease idle, so the
other crawlers get the sites once the lease runs out, and the frozen crawler's write, run again
when it wakes, sees that it lost them."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from newsharvest.store import Archive, leases
from newsharvest.store.retry import IDLE_ENDED_SQLSTATE, sqlstate, while_locked

T0 = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=1.2)
"""Short, so the idle limit (a third of it) passes quickly: the sites' times are given explicitly."""
LATER = T0 + timedelta(minutes=10)


@pytest.fixture
def two_crawlers(postgres_archive_url: str) -> Iterator[tuple[Archive, Archive]]:
    with Archive.open(postgres_archive_url) as frozen, Archive.open(postgres_archive_url) as other:
        yield frozen, other


def test_the_idle_limit_is_set_on_the_lease_transactions_only(two_crawlers: tuple[Archive, Archive]) -> None:
    frozen, _ = two_crawlers
    with frozen.atomic(idle_limit=leases.idle_limit(LEASE)) as conn:
        assert conn.execute(text("SHOW idle_in_transaction_session_timeout")).scalar() == "400ms"
    with frozen.atomic() as conn:
        assert conn.execute(text("SHOW idle_in_transaction_session_timeout")).scalar() == "0"


def test_a_renewal_frozen_in_its_transaction_frees_the_site_and_learns_it_lost_it(
    two_crawlers: tuple[Archive, Archive], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    frozen, other = two_crawlers
    assert frozen.claim_sites(["a"], "frozen", lease=LEASE, host="h1", now=T0) == ["a"]
    renew = leases.renew
    waited: list[float] = []

    def renew_then_freeze(conn, holder, *, now, lease):  # type: ignore[no-untyped-def]
        sites = renew(conn, holder, now=now, lease=lease)  # the site's row is locked now
        if not waited:
            # frozen here: the other crawler, whose claim needs that row, waits on it
            started = time.monotonic()
            assert other.claim_sites(["a"], "other", lease=LEASE, host="h2", now=LATER) == ["a"]
            waited.append(time.monotonic() - started)
        return sites

    monkeypatch.setattr(leases, "renew", renew_then_freeze)
    with caplog.at_level(logging.WARNING, logger="newsharvest.store.retry"):
        renewing = T0 + timedelta(seconds=0.5)  # still its lease: the renewal locks the site's row
        kept = while_locked(lambda: frozen.renew_leases("frozen", lease=LEASE, now=renewing), 3)

    assert kept == []  # run again after the server ended it: the site is the other crawler's now
    assert 0.3 < waited[0] < 5.0  # the other crawler waited about the idle limit, not for ever
    assert [(row["site"], row["holder"]) for row in other.site_leases()] == [("a", "other")]
    assert any(IDLE_ENDED_SQLSTATE in record.getMessage() for record in caplog.records)


def test_without_a_retry_the_ended_transaction_is_reported_by_its_sqlstate(
    two_crawlers: tuple[Archive, Archive],
) -> None:
    frozen, _ = two_crawlers
    with pytest.raises(DBAPIError) as raised, frozen.atomic(idle_limit=timedelta(milliseconds=200)) as conn:
        conn.execute(text("SELECT 1"))
        time.sleep(1.0)  # frozen past the limit between two statements
        conn.execute(text("SELECT 1"))
    assert sqlstate(raised.value) == IDLE_ENDED_SQLSTATE
    assert frozen.claim_sites(["b"], "frozen", lease=LEASE, now=T0) == ["b"]  # the archive still works
