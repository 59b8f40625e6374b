"""The longest event-loop stall of a crawl, kept in the crawl stats."""

from __future__ import annotations

import time

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.asyncio import CallLaterResult, call_later

STALL_STAT = "newsharvest/max_reactor_stall_ms"
"""Stat key: the longest the event loop was late for a timer, in milliseconds."""
STALL_AT_STAT = "newsharvest/max_reactor_stall_at_s"
"""Stat key: when the longest stall ended, in seconds since the spider opened."""
SLOW_TICKS_STAT = "newsharvest/reactor_stalls_over_100ms"
"""Stat key: how many samples found the event loop more than 100 ms late."""


class ReactorStallMonitor:
    """Samples the event loop's lag every ``NEWSHARVEST_STALL_SAMPLE_SECONDS`` (0 turns it off).

    A timer is armed for `interval` seconds ahead; when it fires, how late it fired is time
    the reactor thread spent on something else without yielding (extraction inline, a
    blocking write, a huge callback). The longest lag goes to the stat
    ``newsharvest/max_reactor_stall_ms`` when the spider closes, after the pipelines have
    closed, so their shutdown work counts too.
    """

    def __init__(self, stats: StatsCollector | None, interval: float) -> None:
        self.stats = stats
        self.interval = interval
        self.max_lag = 0.0
        """Longest lag seen so far, in seconds."""
        self.max_lag_at = 0.0
        """When the longest lag ended, in seconds since the spider opened."""
        self.slow_ticks = 0
        self._opened = time.monotonic()
        self._due = 0.0
        self._call: CallLaterResult | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReactorStallMonitor:
        interval = crawler.settings.getfloat("NEWSHARVEST_STALL_SAMPLE_SECONDS")
        if interval <= 0:
            raise NotConfigured  # NEWSHARVEST_STALL_SAMPLE_SECONDS is 0
        monitor = cls(crawler.stats, interval)
        crawler.signals.connect(monitor.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(monitor.spider_closed, signal=signals.spider_closed)
        return monitor

    def spider_opened(self, spider: Spider) -> None:
        self._opened = time.monotonic()
        self._arm()

    def _arm(self) -> None:
        self._due = time.monotonic() + self.interval
        self._call = call_later(self.interval, self._tick)

    def _tick(self) -> None:
        self.record(time.monotonic() - self._due)
        self._arm()

    def record(self, lag: float) -> None:
        """Account for one sample that fired `lag` seconds late."""
        lag = max(lag, 0.0)
        if lag > self.max_lag:
            self.max_lag = lag
            self.max_lag_at = time.monotonic() - self._opened
        if lag > 0.1:
            self.slow_ticks += 1

    def spider_closed(self, spider: Spider) -> None:
        if self._call is not None:
            self._call.cancel()
            self._call = None
        if self._due:
            self.record(time.monotonic() - self._due)  # a stall still going on at close counts
        if self.stats is not None:
            self.stats.set_value(STALL_STAT, round(self.max_lag * 1000, 1))
            self.stats.set_value(STALL_AT_STAT, round(self.max_lag_at, 2))
            self.stats.set_value(SLOW_TICKS_STAT, self.slow_ticks)
