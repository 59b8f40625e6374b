"""A live progress line on a terminal: what the crawl fetched, stored, rejected and failed.

Scrapy logs its counts once a minute; between those lines a crawl of a slow (polite) site
looks hung. On a terminal this prints one line every ``NEWSHARVEST_PROGRESS_SECONDS``:
pages fetched, articles stored, pages rejected, fetches failed, the fetch rate over the
last interval and the requests still queued. Written to stderr straight, not through
logging: it is for the person watching, so it never reaches a log file, and a crawl whose
stderr is not a terminal (cron, a pipe, Scrapyd) prints nothing.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping
from typing import Any, TextIO

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import CallLaterResult, call_later

from newsharvest.outcomes import failed_fetches

STORED = ("newsharvest/articles/new", "newsharvest/articles/updated", "newsharvest/articles/unchanged")


def progress_line(stats: Mapping[str, Any], rate: float) -> str:
    """The progress line for the crawl stats `stats` and a fetch rate in pages per second."""
    reused = int(stats.get("newsharvest/robots_txt_reused", 0))
    fetched = int(stats.get("response_received_count", 0)) - reused
    stored = sum(int(stats.get(key, 0)) for key in STORED)
    rejected = sum(int(v) for k, v in stats.items() if k.startswith("newsharvest/rejected/"))
    queued = int(stats.get("scheduler/enqueued", 0)) - int(stats.get("scheduler/dequeued", 0))
    return (
        f"fetched {fetched:,} · stored {stored:,} · rejected {rejected:,} · "
        f"failed {failed_fetches(stats):,} · {rate:.1f} pages/s · queue {max(queued, 0):,}"
    )


class ProgressLine:
    """Prints `progress_line` every `interval` seconds to `out` while the spider runs."""

    def __init__(self, crawler: Crawler, interval: float, out: TextIO) -> None:
        self.crawler = crawler
        self.interval = interval
        self.out = out
        self._call: CallLaterResult | None = None
        self._last = (time.monotonic(), 0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressLine:
        interval = crawler.settings.getfloat("NEWSHARVEST_PROGRESS_SECONDS")
        if interval <= 0:
            raise NotConfigured  # NEWSHARVEST_PROGRESS_SECONDS is 0
        if not sys.stderr.isatty():
            raise NotConfigured  # stderr is not a terminal
        extension = cls(crawler, interval, sys.stderr)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        self._last = (time.monotonic(), 0)
        self._call = call_later(self.interval, self.tick)

    def tick(self) -> None:
        """Print the line, and arm the next one."""
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        now, fetched = time.monotonic(), int(stats.get("response_received_count", 0))
        since, before = self._last
        self._last = (now, fetched)
        rate = (fetched - before) / (now - since) if now > since else 0.0
        self.out.write(f"[progress] {progress_line(stats, rate)}\n")
        self.out.flush()
        self._call = call_later(self.interval, self.tick)

    def spider_closed(self, spider: Spider) -> None:
        if self._call is not None:
            self._call.cancel()
            self._call = None
