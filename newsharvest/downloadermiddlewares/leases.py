"""Drops the queued requests of a site whose lease this crawler lost (`extensions.siteleases`)."""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured


class LeaseLost(IgnoreRequest):
    """A request of a site another crawler leases now: not fetched here, not a failure (its
    address stays queued in the archive's frontier, for the crawler holding the site)."""


class LostLeaseMiddleware:
    """Refuses to send a request to a site whose lease the crawler lost (the spider's
    `is_lost`), so that its scheduler's queue of that site is dropped, not fetched twice.

    Counted as ``newsharvest/leases/dropped``. Only with ``NEWSHARVEST_SITE_LEASES``.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LostLeaseMiddleware:
        if not crawler.settings.getbool("NEWSHARVEST_SITE_LEASES"):
            raise NotConfigured
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        is_lost = getattr(self.crawler.spider, "is_lost", None)
        if is_lost is not None and is_lost(request.url):
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("newsharvest/leases/dropped")
            raise LeaseLost(f"{request.url}: the site's lease went to another crawler")
