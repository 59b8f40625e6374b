"""Python's garbage collector tuned for a crawl, its time kept in the crawl stats."""

from __future__ import annotations

import contextlib
import gc
import time

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newsharvest.workers import tune_garbage_collector

GC_SECONDS_STAT = "newsharvest/gc_seconds"
"""Stat key: seconds the crawl process spent in Python's cyclic garbage collector."""
GC_FULL_STAT = "newsharvest/gc_full_collections"
"""Stat key: how many full (oldest-generation) collections ran during the crawl."""


class GarbageCollectorTuning:
    """Keeps Python's cyclic garbage collector from eating the reactor thread.

    A crawl holds many long-lived objects (imported modules, thousands of queued requests),
    and CPython's default thresholds (700, 10, 10) make every full collection walk them all,
    so the collector takes a large share of the reactor thread and each full collection
    stalls the event loop (README "Throughput" has the figures). At engine start everything
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
        tuning = cls(crawler.stats, crawler.settings.getint("NEWSHARVEST_GC_THRESHOLD"))
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
