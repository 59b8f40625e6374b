"""The run lock, taken by the crawl itself (see `newsharvest.scheduling`)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from newsharvest.scheduling import database_url, lock_keys, run_locks


class CrawlLock:
    """The run lock, taken by the crawl itself when it starts (``NEWSHARVEST_CRAWL_LOCK``).

    A second crawl of the same spider (and site; each site of a many-site crawl) on the
    same archive fails to start with `CrawlLocked` naming the running one, before it opens
    the archive. `newsharvest crawl`
    holds the lock for its child, so it turns this off there.
    """

    def __init__(self, crawler: Crawler) -> None:
        spider = crawler.spider
        name = spider.name if spider else "crawl"
        sites = list(getattr(spider, "sites", {})) if getattr(spider, "sites_arg", None) else []
        keys = lock_keys(name, getattr(spider, "site_arg", None), getattr(spider, "url_arg", None), sites)
        database = database_url(crawler.settings["NEWSHARVEST_DATABASE_URL"])
        self._held: AbstractContextManager[None] | None = run_locks(database, keys)
        self._held.__enter__()  # raises CrawlLocked: the crawl does not start
        crawler.signals.connect(self.release, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlLock:
        from scrapy.exceptions import NotConfigured

        if not crawler.settings.getbool("NEWSHARVEST_CRAWL_LOCK"):
            raise NotConfigured  # the lock is held by newsharvest crawl
        if crawler.settings.getbool("NEWSHARVEST_SITE_LEASES"):
            raise NotConfigured  # the site leases keep crawlers apart, site by site
        if crawler.spider is None:  # a crawler built but not crawling (tests, tools)
            raise NotConfigured  # no spider: nothing to lock
        return cls(crawler)

    def release(self, spider: Spider, **_: Any) -> None:
        if self._held is not None:
            self._held.__exit__(None, None, None)
            self._held = None
