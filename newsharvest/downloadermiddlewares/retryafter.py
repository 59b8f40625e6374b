"""Retry-After on 429 and 503, waited out up to a cap."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from time import monotonic

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.asyncio import call_later

from newsharvest.reasons import Reason
from newsharvest.refusals import refuse

logger = logging.getLogger(__name__)


def parse_retry_after(value: bytes | str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent
    or unreadable."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware:
    """Honours Retry-After on 429 and 503, up to ``NEWSHARVEST_RETRY_AFTER_CAP`` seconds.

    The site's download slot is paused for the wait (no other request to it goes out in the
    meantime), then the request is retried once. A longer wait, a 429 without Retry-After, or
    a second refusal is not retried this run: the URL is recorded as ``retry_later`` for the
    next run, and the slot still pauses (up to the cap) so the rest of the queue is not sent
    in a burst. A 503 without Retry-After is left to RetryMiddleware.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.cap = crawler.settings.getfloat("NEWSHARVEST_RETRY_AFTER_CAP")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if response.status not in (429, 503):
            return response
        header = response.headers.get(b"Retry-After")
        wait = parse_retry_after(header)
        if wait is None and response.status == 503:
            return response
        attempts = int(request.meta.get("retry_after_times", 0))
        if wait is not None and wait <= self.cap and attempts == 0:
            self.pause(request, wait)
            retry = request.replace(dont_filter=True)
            retry.meta["retry_after_times"] = attempts + 1
            if self.crawler.stats:
                self.crawler.stats.inc_value("newsharvest/retry_after/retried")
            logger.info("HTTP %s for %s: retrying in %.3gs", response.status, request.url, wait)
            return retry
        self.pause(request, self.cap if wait is None else min(wait, self.cap))
        said = f"Retry-After {header.decode('latin-1')!r}" if header else "no Retry-After"
        detail = f"{request.url}: HTTP {response.status}, {said}"
        raise refuse(self.crawler, Reason.RETRY_LATER, detail, level=logging.INFO)

    def pause(self, request: Request, seconds: float) -> None:
        """Hold back every request to `request`'s download slot for `seconds`."""
        try:
            engine = self.crawler.engine
        except RuntimeError:  # not crawling (Scrapy raises until the crawl starts)
            return
        if engine is None or seconds <= 0:
            return
        downloader = engine.downloader
        slot = downloader.slots.get(request.meta.get("download_slot") or downloader.get_slot_key(request))
        if slot is None:
            return
        # The downloader holds a slot's queue while `latercall` is pending (how it spaces
        # requests by DOWNLOAD_DELAY); a pending call of ours is the pause. `lastseen` in the
        # future keeps the slot from being garbage-collected while it waits.
        if slot.latercall:
            slot.latercall.cancel()
        slot.latercall = call_later(seconds, downloader._latercall, slot)
        slot.lastseen = max(slot.lastseen, monotonic() + seconds)
