"""A crawler with nothing of its own left to crawl waits for the other crawlers' sites
(`SiteLeases`): it stays up while a site of its list that another crawler holds has work left
(`pending`), takes a site over once its crawler's lease expires (that crawler died), and closes
once it has been idle for ``NEWSHARVEST_SITE_LEASE_IDLE_SECONDS``."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

from scrapy.crawler import Crawler
from twisted.internet import task, threads
from twisted.internet.defer import Deferred

from newsharvest.store import Archive
from newsharvest.store.pgnotify import ReleaseListener

logger = logging.getLogger(__name__)

CHECK_SECONDS = 1.0
"""How often a waiting crawler looks at the other crawlers' sites (one statement): within
about a second of the last due address being stored it closes, or of a lease expiring it
takes the site over; Scrapy's own idle heartbeat is five seconds. On PostgreSQL it also looks
at once when another crawler releases its leases (closing, all it fetched stored)."""


def pending(row: dict[str, Any]) -> bool:
    """Whether a site another crawler holds (a row of `Archive.sites_held_elsewhere`) has work
    left: due addresses, or its holder has not gone through it yet (a crawler killed before
    queuing anything leaves no due address, yet the site is not done)."""
    return bool(row["due"] or row["undiscovered"])


class LeaseWait:
    """The wait of one crawl, begun each time its sites are done and none is free to lease.

    Each check reads, in one statement, which sites of the spider's spare list other crawlers
    hold, whether their leases expired and whether they have work left (`pending`: due
    addresses, or not yet gone through by their holder); it runs every ``CHECK_SECONDS`` and,
    on PostgreSQL, as soon as another crawler announces it released its leases
    (`store.pgnotify`), so that the last crawler's close ends the wait at once rather than up
    to a check later. An expired one is handed to `take_over` (the leasing path of
    `SiteLeases`), which crawls it; work left keeps the crawler up; with neither it is idle,
    and it closes the crawl once idle for ``NEWSHARVEST_SITE_LEASE_IDLE_SECONDS``. Stats:
    ``newsharvest/leases/waited_seconds`` (up with its own sites done, all waits together) and
    ``…/idle_seconds`` (the idle stretch it closed after).
    """

    def __init__(
        self,
        crawler: Crawler,
        archive: Archive,
        holder: str,
        take_over: Callable[[Any, list[str]], bool],
        retrying: Callable[[Callable[[], Any]], Any],
    ) -> None:
        self.crawler = crawler
        self.archive = archive
        self.holder = holder
        self.take_over = take_over
        self.retrying = retrying
        self.idle_seconds = crawler.settings.getfloat("NEWSHARVEST_SITE_LEASE_IDLE_SECONDS")
        self.spider: Any = None
        self.closing = False
        """Set once it asked the engine to close the crawl: nothing more to lease or wait on."""
        self.waited = 0.0
        self._waiting_since: float | None = None
        self._idle_since: float | None = None
        self._loop = task.LoopingCall(self._check)
        self._closing: asyncio.Future[Any] | None = None
        self._listening: asyncio.Future[None] | None = None

    @property
    def running(self) -> bool:
        return bool(self._loop.running)

    def others(self, spider: Any) -> list[dict[str, Any]]:
        """The spider's spare sites that other crawlers hold (`Archive.sites_held_elsewhere`)."""
        origins = {name: site.base_url for name, site in getattr(spider, "spare_sites", {}).items()}
        return list(self.retrying(lambda: self.archive.sites_held_elsewhere(origins, self.holder)))

    def begin(self, spider: Any, others: list[dict[str, Any]]) -> bool:
        """Its sites done and nothing leased: whether the crawl stays up (the checks begin)."""
        now = time.monotonic()
        due = [row["site"] for row in others if pending(row)]
        if not due and self.idle_seconds <= 0:
            self._set_stats(idle=0.0)
            return False
        self.spider = spider
        self._waiting_since = now
        self._observe(due, now, first=True)
        self._loop.start(CHECK_SECONDS, now=False)
        listener = self.archive.release_listener()
        if listener is not None:
            self._listening = asyncio.ensure_future(self.listen(listener))
        return True

    async def listen(self, listener: ReleaseListener) -> None:
        """Check once listening (a release just before is not announced to it), then again at
        each release another crawler announces, until the wait ends (`stop` cancels it). A
        listener that fails leaves the checks each ``CHECK_SECONDS``."""
        try:
            await listener.open()
            self._check()
            while True:
                await listener.next_release()
                self._check()
        except Exception as error:
            logger.info("Not listening for lease releases (%s): checking every %.1f s", error, CHECK_SECONDS)
        finally:
            await listener.close()

    def _observe(self, due: list[str], now: float, first: bool = False) -> None:
        """Work left on the others' sites keeps it waiting; none starts (or goes on with) its
        idle time. Each change is logged."""
        if due:
            if first or self._idle_since is not None:
                why = "Its sites done" if first else "Work left again"
                logger.info("%s; waiting while %s, held by others, have work left", why, due)
            self._idle_since = None
        elif first or self._idle_since is None:
            why = "Its sites done" if first else "The others' sites done"
            logger.info("%s, nothing due elsewhere: closing after %.1f s idle", why, self.idle_seconds)
            self._idle_since = now

    def _check(self) -> Deferred[Any]:
        deferred = threads.deferToThread(self.others, self.spider)
        deferred.addCallback(self._checked)
        deferred.addErrback(self._check_failed)  # the checks go on
        return deferred

    def _checked(self, others: list[dict[str, Any]]) -> None:
        if not self._loop.running or self.closing:
            return
        expired = [row["site"] for row in others if row["expired"]]
        if expired and self.take_over(self.spider, expired):
            self.stop()  # crawling again; its next idle begins a new wait
            return
        now = time.monotonic()
        self._observe([row["site"] for row in others if pending(row) and not row["expired"]], now)
        if self._idle_since is None:
            return
        idle = now - self._idle_since
        if idle < self.idle_seconds:
            return
        self.stop(idle=idle)
        self.closing = True
        logger.info("Idle for %.1f s with nothing due on any site of its list: the crawl closes", idle)
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            self._closing = asyncio.ensure_future(engine.close_spider_async(reason="finished"))

    @staticmethod
    def _check_failed(failure: Any) -> None:
        logger.warning("Checking the others' sites failed (tried again): %s", failure.getErrorMessage())

    def stop(self, idle: float | None = None) -> None:
        """End the current wait (the crawl leased a site, or closes)."""
        if self._loop.running:
            self._loop.stop()
        if self._listening is not None:
            self._listening.cancel()
            self._listening = None
        if self._waiting_since is not None:
            self.waited += time.monotonic() - self._waiting_since
            self._waiting_since = None
        self._set_stats(idle=idle)

    def _set_stats(self, idle: float | None) -> None:
        stats = self.crawler.stats
        if stats is None:
            return
        stats.set_value("newsharvest/leases/waited_seconds", round(self.waited, 3))
        if idle is not None:
            stats.set_value("newsharvest/leases/idle_seconds", round(idle, 3))
