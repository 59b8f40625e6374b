"""robots.txt per RFC 9309, and its Crawl-delay (which Scrapy ignores)."""

from __future__ import annotations

import logging
from typing import Any

from protego import Protego
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

from newsharvest.reasons import Reason
from newsharvest.refusals import Refused, refuse

logger = logging.getLogger(__name__)


class _RobotsFetchErrorFilter(logging.Filter):
    """Drops Scrapy's "Error downloading <robots.txt>" record and its traceback: a robots.txt
    that cannot be fetched is a fact about the site, which `PoliteRobotsTxtMiddleware` logs
    as one warning naming the host and the cause."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Error downloading")


class PoliteRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt support, with RFC 9309's rule for an unreachable robots.txt.

    A robots.txt answering 5xx or 429, or not answering at all, means "complete disallow":
    the host is not crawled this run (Scrapy would crawl everything). 4xx means no rules
    (RFC 9309 §2.3.1.3), as in Scrapy. Refusals carry reasons ``robots_unavailable`` and
    ``robots_disallowed``.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        scrapy_logger = logging.getLogger(RobotsTxtMiddleware.__module__)
        if not any(isinstance(f, _RobotsFetchErrorFilter) for f in scrapy_logger.filters):
            scrapy_logger.addFilter(_RobotsFetchErrorFilter())
        self._unavailable: dict[str, tuple[Reason, str]] = {}
        self._answers: dict[str, Response] = {}
        """A host's robots.txt answer (200), kept only when the spider's own request for it
        triggered the fetch, until that request takes it (no copy lingers for other hosts)."""

    async def process_request(  # type: ignore[override]  # a downloader middleware may answer
        self, request: Request, spider: Spider | None = None
    ) -> Response | None:
        """Scrapy's check; then a spider's own request for a robots.txt this middleware has
        just fetched (spiders read it for its Sitemap lines) is answered with that copy, so a
        site sees one robots.txt request per run, not two. Only the first such request is
        answered from the copy; a later one is fetched."""
        await super().process_request(request)
        parts = urlparse_cached(request)
        if request.meta.get("dont_obey_robotstxt") or parts.path != "/robots.txt" or parts.query:
            return None
        answer = self._answers.pop(parts.netloc, None)
        if answer is None or answer.url != request.url:
            return None
        self._stats.inc_value("newsharvest/robots_txt_reused")
        return answer.replace(request=request)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500 or response.status == 429:
            detail = f"robots.txt answered HTTP {response.status}"
            self._mark_unavailable(netloc, Reason.ROBOTS_UNAVAILABLE, detail)
        elif response.status == 200 and urlparse_cached(request).path == "/robots.txt":
            self._answers[netloc] = response  # the spider's own robots.txt request made this fetch
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, Refused) and exc.reason == Reason.FORBIDDEN_ADDRESS:
            self._mark_unavailable(netloc, exc.reason, exc.detail)
        else:
            self._mark_unavailable(netloc, Reason.ROBOTS_UNAVAILABLE, f"robots.txt unreachable: {exc}")
        super()._robots_error(exc, netloc)

    def _mark_unavailable(self, netloc: str, reason: Reason, detail: str) -> None:
        self._unavailable[netloc] = (reason, detail)
        logger.warning("Not crawling %s this run: %s", netloc, detail)
        self._stats.inc_value("newsharvest/robots_unavailable")

    def process_request_2(self, rp: Any, request: Request) -> None:
        unavailable = self._unavailable.get(urlparse_cached(request).netloc)
        if unavailable is not None:
            reason, detail = unavailable
            raise refuse(self.crawler, reason, f"{request.url}: {detail}", level=logging.INFO)
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest:
            raise refuse(
                self.crawler,
                Reason.ROBOTS_DISALLOWED,
                f"{request.url}: forbidden by robots.txt",
                level=logging.DEBUG,
            ) from None


class CrawlDelayMiddleware:
    """Honour the robots.txt ``Crawl-delay`` of each site (Scrapy's robots support ignores it).

    When a robots.txt response passes, its Crawl-delay for our User-Agent becomes the minimum
    delay of that site's download slot, capped by ``NEWSHARVEST_CRAWL_DELAY_CAP``. Robots.txt
    is fetched before any other request to the site, so every page waits its turn. The delay
    is also kept in the stats (``newsharvest/crawl_delay/<slot>``), where
    `CrawlDelayAutoThrottle` reads it as the floor of its adjustments.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.user_agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT") or "*"
        self.cap = settings.getfloat("NEWSHARVEST_CRAWL_DELAY_CAP")
        self._logged: set[tuple[str, float]] = set()
        """(slot, delay) pairs already logged: robots.txt passes twice (the robots middleware's
        fetch, then the spider's own request for its Sitemap lines)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDelayMiddleware:
        return cls(crawler)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        if response.status != 200 or not request.url.split("?")[0].endswith("/robots.txt"):
            return response
        try:
            delay = Protego.parse(response.body.decode("utf-8", "replace")).crawl_delay(self.user_agent)
        except Exception:  # a garbage robots.txt sets no delay
            return response
        if delay is None:
            return response
        effective = min(float(delay), self.cap)
        engine = self.crawler.engine
        if engine is None:
            return response
        downloader = engine.downloader
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if slot is not None:
            slot.delay = max(slot.delay, effective)
            slot.jitter = 0.0  # randomising the delay would go below the Crawl-delay half the time
        if (key, effective) not in self._logged:
            self._logged.add((key, effective))
            logger.info("Crawl-delay %.3gs for %s (robots.txt asks %ss)", effective, request.url, delay)
        if self.crawler.stats:
            self.crawler.stats.set_value("newsharvest/crawl_delay", effective)
            self.crawler.stats.set_value(f"newsharvest/crawl_delay/{key}", effective)
        return response
