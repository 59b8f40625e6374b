"""Fetch-stage guards that Scrapy lacks out of the box."""

from __future__ import annotations

import logging

from protego import Protego
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response

logger = logging.getLogger(__name__)


class CrawlDelayMiddleware:
    """Honour the robots.txt ``Crawl-delay`` of each site (Scrapy's robots support ignores it).

    When a robots.txt response passes, its Crawl-delay for our User-Agent becomes the minimum
    delay of that site's download slot, capped by ``NEWSHARVEST_CRAWL_DELAY_CAP``. Robots.txt
    is fetched before any other request to the site, so every page waits its turn.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.user_agent = crawler.settings.get("USER_AGENT") or "*"
        self.cap = crawler.settings.getfloat("NEWSHARVEST_CRAWL_DELAY_CAP", 30.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDelayMiddleware:
        return cls(crawler)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        if response.status != 200 or not request.url.split("?")[0].endswith("/robots.txt"):
            return response
        try:
            delay = Protego.parse(response.body.decode("utf-8", "replace")).crawl_delay(
                self.user_agent
            )
        except Exception:  # a garbage robots.txt sets no delay
            return response
        if delay is None:
            return response
        effective = min(float(delay), self.cap)
        engine = self.crawler.engine
        if engine is None:
            return response
        downloader = engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None and effective > slot.delay:
            slot.delay = effective
            logger.info("Crawl-delay %.3gs for %s (robots.txt asks %ss)", effective, request.url, delay)
        if self.crawler.stats:
            self.crawler.stats.set_value("newsharvest/crawl_delay", effective)
        return response
