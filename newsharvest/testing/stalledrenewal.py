"""A lease renewal stalled inside its transaction, for the tests of the idle limit on lease
transactions (`Transactions.atomic(idle_limit=...)`).

`StalledRenewal` is an extension that makes the crawl's first lease renewal that still holds
a site stop right after its statement, its transaction open and the site's row locked, as a
process paused there would (a stop signal, a debugger, a machine suspended), until the file
named by ``NEWSHARVEST_TEST_STALL_UNTIL`` exists (at most ``STALL_LIMIT`` seconds). The crawl's
other threads go on.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newsharvest.store import leases

logger = logging.getLogger(__name__)

STALL_LIMIT = 120.0
"""Seconds a renewal stays stalled at most, should the test never release it."""


class StalledRenewal:
    """Stalls the first renewal that holds a site (see the module doc)."""

    def __init__(self, release: Path) -> None:
        self.release = release
        self.stalled = threading.Event()
        renew = leases.renew

        def stalling_renew(conn: Any, holder: str, *, now: Any, lease: Any) -> list[str]:
            sites = renew(conn, holder, now=now, lease=lease)
            if sites and not self.stalled.is_set():
                self.stalled.set()
                logger.info("Lease renewal of %s stalled inside its transaction", sites)
                deadline = time.monotonic() + STALL_LIMIT
                while not self.release.exists() and time.monotonic() < deadline:
                    time.sleep(0.05)
                logger.info("Lease renewal resumed")
            return sites

        leases.renew = stalling_renew

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StalledRenewal:
        release = crawler.settings.get("NEWSHARVEST_TEST_STALL_UNTIL")
        if not release:
            raise NotConfigured("NEWSHARVEST_TEST_STALL_UNTIL is not set")
        return cls(Path(release))
