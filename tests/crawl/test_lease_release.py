"""A crawler releasing its site leases announces it on PostgreSQL (`store.pgnotify`), and a
crawler waiting on the others' sites (`LeaseWait`) checks them as soon as it hears it."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from scrapy.settings import Settings

from newsharvest.extensions.leasewait import LeaseWait
from newsharvest.store import Archive

LEASE = timedelta(minutes=3)
PATIENCE = 60.0
"""How long a test waits for what it expects before it fails instead of hanging (never a
measure of how soon it came)."""


def test_a_release_is_announced_to_a_listener_a_claim_or_renewal_is_not(postgres_archive_url: str) -> None:
    async def heard() -> str:
        with Archive.open(postgres_archive_url) as waiting, Archive.open(postgres_archive_url) as others:
            listener = waiting.release_listener()
            assert listener is not None
            await listener.open()
            try:
                others.claim_sites(["a"], "one", lease=LEASE)
                others.renew_leases("one", lease=LEASE)
                others.claim_sites(["b"], "two", lease=LEASE)
                others.release_sites("two", lease=LEASE)
                return await asyncio.wait_for(listener.next_release(), PATIENCE)
            finally:
                await listener.close()

    assert asyncio.run(heard()) == "two"
    with Archive.open(postgres_archive_url) as archive:
        held = {row["site"]: row["holder"] for row in archive.site_leases()}
    assert held == {"a": "one", "b": None}


def run(call: Any) -> Any:
    return call()


def test_sqlite_has_no_listener_and_releases_as_before(tmp_path: Path) -> None:
    with Archive.open(tmp_path / "archive.db") as archive:
        assert archive.release_listener() is None
        archive.claim_sites(["a"], "one", lease=LEASE)
        archive.release_sites("one", lease=LEASE)
        assert [row["holder"] for row in archive.site_leases()] == [None]


def test_a_waiting_crawler_checks_once_listening_and_again_at_each_release(postgres_archive_url: str) -> None:
    crawler: Any = SimpleNamespace(settings=Settings({"NEWSHARVEST_SITE_LEASE_IDLE_SECONDS": 0}), stats=None)

    async def checks() -> tuple[int, bool]:
        with Archive.open(postgres_archive_url) as waiting, Archive.open(postgres_archive_url) as others:
            wait = LeaseWait(crawler, waiting, "me", take_over=lambda _spider, _sites: False, retrying=run)
            made: list[int] = []
            checked = asyncio.Event()

            def check() -> None:  # the real check reads the archive from the reactor's threads
                made.append(1)
                checked.set()

            wait._check = check  # type: ignore[method-assign]
            listener = waiting.release_listener()
            assert listener is not None
            listening = asyncio.ensure_future(wait.listen(listener))
            wait._listening = listening
            await asyncio.wait_for(checked.wait(), PATIENCE)  # listening: checked once
            checked.clear()
            others.claim_sites(["a"], "other", lease=LEASE)
            others.release_sites("other", lease=LEASE)
            await asyncio.wait_for(checked.wait(), PATIENCE)
            wait.stop()  # the wait ends: it stops listening
            await asyncio.gather(listening, return_exceptions=True)
            return len(made), listening.cancelled()

    assert asyncio.run(checks()) == (2, True)
