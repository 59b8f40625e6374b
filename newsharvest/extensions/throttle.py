"""AutoThrottle floored at each site's robots.txt Crawl-delay."""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response


class CrawlDelayAutoThrottle(AutoThrottle):
    """AutoThrottle that never lowers a site's delay below its robots.txt Crawl-delay.

    Scrapy's AutoThrottle halves a slot's delay towards the observed latency, which on a fast
    site would undo Crawl-delay; this floors each adjustment at the delay robots.txt asked for.
    """

    def _response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        super()._response_downloaded(response, request, spider)
        key, slot = self._get_slot(request, spider)
        stats = self.crawler.stats
        if key is None or slot is None or stats is None:
            return
        floor = stats.get_value(f"newsharvest/crawl_delay/{key}")
        if floor is not None and slot.delay < float(floor):
            slot.delay = float(floor)
