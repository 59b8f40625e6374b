"""Scrapy extensions: measurements of the crawl itself, kept in the crawl stats."""

from __future__ import annotations

import contextlib
import gc
import logging
import time

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from scrapy.utils.asyncio import CallLaterResult, call_later

from newsharvest.workers import tune_garbage_collector

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
        interval = crawler.settings.getfloat("NEWSHARVEST_STALL_SAMPLE_SECONDS", 0.05)
        if interval <= 0:
            raise NotConfigured("NEWSHARVEST_STALL_SAMPLE_SECONDS is 0")
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


GC_SECONDS_STAT = "newsharvest/gc_seconds"
"""Stat key: seconds the crawl process spent in Python's cyclic garbage collector."""
GC_FULL_STAT = "newsharvest/gc_full_collections"
"""Stat key: how many full (oldest-generation) collections ran during the crawl."""


class GarbageCollectorTuning:
    """Keeps Python's cyclic garbage collector from eating the reactor thread.

    A crawl holds many long-lived objects (imported modules, thousands of queued requests),
    and CPython's default thresholds (700, 10, 10) make every full collection walk them all:
    measured on 5,000 pages, 3.6 s of the reactor's 12.5 s went to the collector and each
    full collection stalled the event loop ~120 ms (issue 6). At engine start everything
    alive (modules, settings, middlewares) is frozen out of the collector's view
    (`gc.freeze`) and the first threshold is raised to ``NEWSHARVEST_GC_THRESHOLD``
    allocations; cycles are still collected. The old thresholds return when the engine stops.
    ``NEWSHARVEST_GC_THRESHOLD = 0`` leaves the collector alone (the time spent is still
    measured in ``newsharvest/gc_seconds``).
    """

    def __init__(self, stats: StatsCollector | None, threshold: int) -> None:
        self.stats = stats
        self.threshold = threshold
        self.seconds = 0.0
        self.full_collections = 0
        self._started = 0.0
        self._previous: tuple[int, int, int] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GarbageCollectorTuning:
        tuning = cls(crawler.stats, crawler.settings.getint("NEWSHARVEST_GC_THRESHOLD", 0))
        crawler.signals.connect(tuning.engine_started, signal=signals.engine_started)
        crawler.signals.connect(tuning.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(tuning.engine_stopped, signal=signals.engine_stopped)
        return tuning

    def engine_started(self) -> None:
        if self.threshold > 0 and self._previous is None:
            gc.collect()  # startup garbage out before the rest is frozen
            self._previous = tune_garbage_collector(self.threshold)
        gc.callbacks.append(self._timed)  # after the collection above: only the crawl's own count

    def _timed(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        self.seconds += time.perf_counter() - self._started
        if info.get("generation") == 2:
            self.full_collections += 1

    def spider_closed(self, spider: Spider) -> None:
        if self.stats is not None:
            self.stats.set_value(GC_SECONDS_STAT, round(self.seconds, 3))
            self.stats.set_value(GC_FULL_STAT, self.full_collections)

    def engine_stopped(self) -> None:
        with contextlib.suppress(ValueError):
            gc.callbacks.remove(self._timed)
        if self._previous is not None:
            gc.set_threshold(*self._previous)
            gc.unfreeze()
            self._previous = None


class SkipFilteredLogRecords:
    """Log messages below ``LOG_LEVEL`` are dropped before they are built.

    Scrapy filters by level at its log handler and leaves the root logger at NOTSET, so
    every DEBUG message of a crawl (two or more per page) is still formatted into a
    LogRecord, with a stack walk for its caller, then thrown away: ~2% of the reactor
    thread (issue 6). At engine start the root logger takes the level of Scrapy's handler,
    which filters nothing that handler would have shown; the old level returns when the
    engine stops.
    """

    def __init__(self, level: int) -> None:
        self.level = level
        self._previous: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SkipFilteredLogRecords:
        level = logging.getLevelName(str(crawler.settings.get("LOG_LEVEL", "DEBUG")).upper())
        if not isinstance(level, int) or not crawler.settings.getbool("LOG_ENABLED", True):
            raise NotConfigured("LOG_LEVEL is not a level name, or logging is off")
        extension = cls(level)
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_started(self) -> None:
        root = logging.getLogger()
        if root.level < self.level and self._previous is None:
            self._previous = root.level
            root.setLevel(self.level)

    def engine_stopped(self) -> None:
        if self._previous is not None:
            logging.getLogger().setLevel(self._previous)
            self._previous = None
