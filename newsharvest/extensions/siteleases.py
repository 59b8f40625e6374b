"""Site leases inside a crawl: crawl only the sites no other live crawler holds (`store/leases.py`)."""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from sqlalchemy.exc import DBAPIError
from twisted.internet import task, threads
from twisted.internet.defer import Deferred

from newsharvest.extensions.leasewait import LeaseWait
from newsharvest.frontier import FrontierState
from newsharvest.store import Archive, ArchiveError
from newsharvest.store.identity import identity_url
from newsharvest.store.retry import while_locked
from newsharvest.urls import on_host, url_host

logger = logging.getLogger(__name__)

EVER = datetime(1970, 1, 1, tzinfo=UTC)
"""As `unclaimed_since`: a free site counts only if it was never claimed."""

TRUSTED_SHARE = 0.9
"""Of a lease, the share a crawler counts on from the moment its claim or renewal was sent: the
rest is a margin for the moments between a check and the request leaving, and clock drift."""

RENEWALS_BEFORE_DROPPING = 3
"""Renewals a request of a lease past its known term waits for at most (each was sent before the
last check: a round trip longer than the lease leaves it stale again) before it is dropped."""


class SiteLeases:
    """Claims the spider's sites in the archive before the crawl starts (``NEWSHARVEST_SITE_LEASES``).

    A site another live crawler leases is dropped from this crawl; the leases are renewed
    every third of ``NEWSHARVEST_SITE_LEASE_SECONDS`` from the moment they are taken (a slow
    start-up keeps them) and released when the crawl closes, so a killed crawler's sites are
    free again one lease later. The first time its crawl goes idle with sites it has not noted
    yet, it notes them gone through (`Archive.note_sites_discovered`): until then their
    remaining work is in its memory only, and a waiting crawler counts them as pending. Its
    sites done, it leases more before closing (`spider_idle`, ``NEWSHARVEST_SITE_LEASE_MORE``).
    A lease that ran out before its renewal is claimed again if no other crawler took it; a
    site that another crawler took meanwhile is no longer fetched: its queued requests are
    dropped. With nothing more to lease it waits while other crawlers' sites have work left
    and takes one over when its lease expires (`LeaseWait`). Stats:
    ``newsharvest/leases/holder``, ``…/host``, ``…/sites`` (leased), ``…/skipped``, ``…/lost``,
    ``…/dropped`` (requests not sent), ``…/taken_over`` (sites whose crawler's lease expired).

    A request is sent only while its site's lease is known held (`may_send`, asked by the
    download handler as the request leaves): past `TRUSTED_SHARE` of the lease since its last
    claim or renewal was sent (a frozen or overloaded machine), it waits for a renewal (the one
    in flight, shared) and is dropped if another crawler took the site meanwhile.
    """

    def __init__(self, crawler: Crawler, spider: Any) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.lease = timedelta(seconds=settings.getfloat("NEWSHARVEST_SITE_LEASE_SECONDS"))
        self.retries = settings.getint("NEWSHARVEST_STORE_RETRIES")
        self.outage = settings.getfloat("NEWSHARVEST_DATABASE_OUTAGE_SECONDS")
        self.host = socket.gethostname()
        self.holder = f"{self.host}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.archive = Archive.open(settings.get("NEWSHARVEST_DATABASE_URL"))
        self.limit = settings.getint("NEWSHARVEST_SITE_LEASE_LIMIT")
        self.stealing = settings.getbool("NEWSHARVEST_SITE_LEASE_MORE")
        self.started = datetime.now(UTC)
        self.clock: Callable[[], float] = time.monotonic
        self.known_held_until: dict[str, float] = {}
        """Per site held, the local (monotonic) time until which its lease is known to hold."""
        self.start_renewal: Callable[[], Deferred[Any]] = lambda: threads.deferToThread(
            self._retrying, self._renew_or_reclaim
        )
        self._renewing: Deferred[Any] | None = None
        self._renewal_waiters: list[Deferred[bool]] = []
        self._noted_past_term: set[str] = set()
        wanted = list(spider.sites)
        self.held_elsewhere: set[str] = set()
        """Sites another live crawler held when this one started: crawled this round whenever
        they were claimed (a crawler starting at the same moment may claim them a moment before
        this one's start), so taken later only if their lease expires."""
        refused: list[str] = []
        won = self._claim(wanted, refused=refused)
        skipped = [name for name in wanted if name not in won]
        spider.keep_sites(won)
        self.held = set(won)
        self.held_elsewhere.update(refused)
        stats = crawler.stats
        if stats is not None:
            stats.set_value("newsharvest/leases/holder", self.holder)
            stats.set_value("newsharvest/leases/host", self.host)
            stats.set_value("newsharvest/leases/sites", ",".join(won))
            stats.set_value("newsharvest/leases/skipped", ",".join(skipped))
        logger.info("Leased %s as %s; held by others: %s", won or "no site", self.holder, skipped or "none")
        self._renewal = task.LoopingCall(self._renew)
        if self.held:
            self._renewal.start(self.lease.total_seconds() / 3, now=False)  # held from now on
        self.gone_through = False
        """Whether the sites it holds are noted gone through (`spider_idle`)."""
        self.waiting = LeaseWait(crawler, self.archive, self.holder, self._take_over, self._retrying)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteLeases:
        spider = crawler.spider
        if not crawler.settings.getbool("NEWSHARVEST_SITE_LEASES") or spider is None:
            raise NotConfigured
        if not hasattr(spider, "keep_sites"):
            raise NotConfigured  # not one of our spiders: no sites to lease
        return cls(crawler, spider)

    def _claim(
        self, names: list[str], unclaimed_since: datetime | None = None, refused: list[str] | None = None
    ) -> list[str]:
        """Lease what it can of `names`, one at a time so that the limit leaves the rest to
        other crawlers; the sites won (those tried and not won are added to `refused`). With
        `unclaimed_since`, a site held elsewhere at the start counts as claimed since then."""
        won: list[str] = []
        for name in names:
            if self.limit and len(won) >= self.limit:
                break
            since = unclaimed_since
            if since is not None and name in self.held_elsewhere:
                since = EVER  # free only if never claimed: taken only once its lease expires
            sent = self.clock()
            claimed = self._retrying(
                lambda n=name, since=since: self.archive.claim_sites(
                    [n], self.holder, lease=self.lease, host=self.host, unclaimed_since=since
                )
            )
            won += claimed
            self._known_held(claimed, sent)
            if not claimed and refused is not None:
                refused.append(name)
        return won

    def spider_idle(self, spider: Any) -> None:
        """Its sites done, the crawler leases more (``NEWSHARVEST_SITE_LEASE_MORE``): sites of its
        list that are free and were not crawled since it started (one limit's worth), or whose
        crawler's lease expired; it crawls them from their start and resumes their queued
        addresses. With none to take it waits for the others' sites (`LeaseWait`). Idle, it
        has gone through the sites it holds: noted first."""
        if self.held and not self.gone_through:
            self._note_gone_through()
        spare = list(getattr(spider, "spare_sites", {}))
        engine = self.crawler.engine
        if not self.stealing or not spare or engine is None or self.waiting.closing:
            return
        if self.waiting.running:
            raise DontCloseSpider  # its own check, each second, takes a site over or closes the crawl
        try:
            others = self.waiting.others(spider)
            won = self._claim(spare, unclaimed_since=self.started)
        except (ArchiveError, DBAPIError) as error:
            logger.warning("Leasing more sites failed (%s): the crawl closes", error)
            return
        if won:
            held_by_others = {row["site"] for row in others}
            self._crawl_more(spider, won, taken_over=[site for site in won if site in held_by_others])
            raise DontCloseSpider
        if self.waiting.begin(spider, others):
            raise DontCloseSpider

    def _note_gone_through(self) -> None:
        """Note the sites it holds gone through: robots.txt, sitemaps and feeds fetched, every
        address they named in the frontier (the crawl is idle); tried again at the next idle."""
        try:
            noted = self._retrying(lambda: self.archive.note_sites_discovered(self.holder, lease=self.lease))
        except (ArchiveError, DBAPIError) as error:
            logger.warning("Noting %s gone through failed (%s): tried again", sorted(self.held), error)
            return
        self.gone_through = True
        if noted:
            logger.info("Gone through %s: what is left of them is in the frontier", noted)

    def _take_over(self, spider: Any, sites: list[str]) -> bool:
        """Lease and crawl those of `sites` whose crawler's lease expired; whether any was won."""
        try:
            won = self._claim(sites, unclaimed_since=self.started)
        except (ArchiveError, DBAPIError) as error:
            logger.warning("Taking over %s failed (%s): tried again", sites, error)
            return False
        if won:
            self._crawl_more(spider, won, taken_over=won)
        return bool(won)

    def _crawl_more(self, spider: Any, won: list[str], taken_over: list[str]) -> None:
        """Crawl the sites leased mid-crawl from their start, and their queued addresses."""
        engine = self.crawler.engine
        assert engine is not None
        self.held |= set(won)
        self.gone_through = False
        requests: list[Request] = []
        for site in spider.add_sites(won):
            requests += spider.site_start(site)
        frontier = FrontierState.of(self.crawler)
        try:
            unfinished = frontier.unfinished(spider, only=won)
        except (ArchiveError, DBAPIError) as error:  # their sitemaps will name them again
            logger.warning("The queued addresses of %s not read (%s)", won, error)
            unfinished = []
        for url in unfinished:
            frontier.requested.add(identity_url(url))
            request = spider.article_request(url, "frontier")
            if request is not None:
                requests.append(request)
        for request in requests:
            engine.crawl(request)
        logger.info("Leased %s as its sites were done (%d requests)", won, len(requests))
        if taken_over:
            logger.info("Took over %s: the lease of the crawler that held it expired", taken_over)
        stats = self.crawler.stats
        if stats is not None:
            leased = stats.get_value("newsharvest/leases/sites") or ""
            stats.set_value("newsharvest/leases/sites", ",".join(filter(None, [leased, *won])))
            stats.inc_value("newsharvest/leases/more", len(won))
            if taken_over:
                taken = stats.get_value("newsharvest/leases/taken_over") or ""
                stats.set_value("newsharvest/leases/taken_over", ",".join(filter(None, [taken, *taken_over])))
        if not self._renewal.running:
            self._renewal.start(self.lease.total_seconds() / 3, now=False)

    def _retrying(self, call: Any) -> Any:
        return while_locked(call, self.retries, who="leases", outage=self.outage)

    def _known_held(self, sites: list[str], sent: float) -> None:
        trusted = self.lease.total_seconds() * TRUSTED_SHARE
        for site in sites:  # a late answer to an earlier statement never shortens it
            self._noted_past_term.discard(site)
            self.known_held_until[site] = max(sent + trusted, self.known_held_until.get(site, 0.0))

    def site_of(self, url: str) -> str | None:
        """The held site `url` is on, if any (by host, as the spider's `site_for`)."""
        sites = getattr(self.crawler.spider, "sites", {})
        host = url_host(url)
        for name in self.held:
            site_host = getattr(sites.get(name), "host", None)
            if site_host and on_host(host, site_host):
                return name
        return None

    def is_known_held(self, site: str) -> bool:
        """Whether the lease of `site` is held as far as this crawler can be sure: claimed or
        renewed by a statement sent less than `TRUSTED_SHARE` of a lease ago."""
        return site in self.held and self.clock() < self.known_held_until.get(site, 0.0)

    async def may_send(self, url: str) -> bool:
        """Whether a request of `url` may leave now: not on a site this crawler lost, and on a
        site whose lease is known held, after waiting for renewals if it is past its term."""
        site = self.site_of(url)
        if site is None:
            return not self._is_lost(url)  # not a site it holds: sent unless it lost it
        if self.is_known_held(site):
            return True
        if site not in self._noted_past_term:
            self._noted_past_term.add(site)
            logger.info("The lease of %s is past its known term (a paused or busy machine): "
                        "its requests wait for its renewal", site)  # fmt: skip
        for _ in range(RENEWALS_BEFORE_DROPPING):
            if not await maybe_deferred_to_future(self.renewal()):
                return False  # the renewal failed: not sure it still holds the site
            if site not in self.held:
                return False  # lost to another crawler
            if self.is_known_held(site):
                return True
        return False

    def _is_lost(self, url: str) -> bool:
        is_lost = getattr(self.crawler.spider, "is_lost", None)
        return bool(is_lost is not None and is_lost(url))

    def renewal(self) -> Deferred[bool]:
        """Fires (with whether it succeeded) when a renewal of every lease held is done: the
        one in flight (periodic, or asked for by a request) or one started now."""
        waiter: Deferred[bool] = Deferred()
        self._renewal_waiters.append(waiter)
        if self._renewing is None:
            self._renewing = self.start_renewal()
            self._renewing.addCallbacks(self._renewed, self._renewal_failed)
            self._renewing.addBoth(self._renewal_done)
        return waiter

    def _renew(self) -> Deferred[bool]:
        return self.renewal()

    def _renewal_done(self, succeeded: Any) -> None:
        waiters, self._renewal_waiters, self._renewing = self._renewal_waiters, [], None
        for waiter in waiters:
            waiter.callback(succeeded)

    def _renew_or_reclaim(self) -> tuple[list[str], float, frozenset[str]]:
        """The sites still held, when the statements saying so were sent, and the sites the
        renewal was for (those held as it began: a site leased while it ran is not its to
        judge): the leases renewed, and those that ran out before renewal (a busy or paused
        machine) claimed again when no other crawler took them meanwhile (`Archive.reclaim_sites`:
        one that another crawler took is lost even if its lease ran out in turn, as that crawler's
        may have while it started up)."""
        asked = frozenset(self.held)
        sent = self.clock()
        sites = self.archive.renew_leases(self.holder, lease=self.lease)
        expired = sorted(asked - set(sites))
        if expired:
            again = self.archive.reclaim_sites(expired, self.holder, lease=self.lease)
            if again:
                logger.info("The lease of %s ran out before renewal; claimed again", again)
            sites = sorted({*sites, *again})
        return sites, sent, asked

    @staticmethod
    def _renewal_failed(failure: Any) -> bool:
        logger.warning("Lease renewal failed (tried again next period): %s", failure.getErrorMessage())
        return False

    def _renewed(self, renewed: tuple[list[str], float, frozenset[str]]) -> bool:
        sites, sent, asked = renewed
        self._known_held([site for site in sites if site in self.held], sent)
        lost = (self.held & asked) - set(sites)  # a site taken over meanwhile was not asked about
        if lost:
            logger.warning("Lost the lease of %s to another crawler: its queued pages are dropped", lost)
            if self.crawler.stats:
                self.crawler.stats.inc_value("newsharvest/leases/lost", len(lost))
            self.held -= lost
            for site in lost:
                self.known_held_until.pop(site, None)
            lose = getattr(self.crawler.spider, "lose_sites", None)
            if lose is not None:
                lose(lost)  # its queued pages are dropped (`downloadermiddlewares.leases`)
        return True

    def spider_closed(self, spider: Spider) -> Deferred[None] | None:
        """Give up every lease held, once a renewal in flight is done: its statements, run in a
        thread, would claim again a lease released before them as one that ran out."""
        if self.waiting.running:
            self.waiting.stop()
        if self._renewal.running:
            self._renewal.stop()
        in_flight = self._renewing
        if in_flight is None:
            self._release()
            return None
        released: Deferred[None] = Deferred()

        def release_after(result: Any) -> Any:
            self._release()
            released.callback(None)
            return result

        in_flight.addBoth(release_after)
        return released

    def _release(self) -> None:
        try:
            self._retrying(lambda: self.archive.release_sites(self.holder, lease=self.lease))
        except Exception:
            logger.exception("Releasing the site leases failed (they expire on their own)")
        self.archive.close()
