"""The reactor-stall monitor: the longest event-loop lag ends up in the crawl stats."""

from __future__ import annotations

from typing import Any

from newsharvest import settings
from newsharvest.extensions import SLOW_TICKS_STAT, STALL_AT_STAT, STALL_STAT, ReactorStallMonitor


class Stats:
    """The part of Scrapy's StatsCollector the monitor uses."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def set_value(self, key: str, value: Any) -> None:
        self.values[key] = value


def test_longest_lag_and_slow_samples_are_recorded_at_close() -> None:
    stats = Stats()
    monitor = ReactorStallMonitor(stats, interval=0.05)  # type: ignore[arg-type]
    for lag in (0.002, 0.25, -0.01, 0.12, 0.0):
        monitor.record(lag)
    monitor.spider_closed(spider=None)  # type: ignore[arg-type]
    assert stats.values[STALL_STAT] == 250.0
    assert stats.values[SLOW_TICKS_STAT] == 2
    assert stats.values[STALL_AT_STAT] >= 0


def test_monitor_is_enabled_for_every_crawl() -> None:
    assert "newsharvest.extensions.ReactorStallMonitor" in settings.EXTENSIONS
    assert settings.NEWSHARVEST_STALL_SAMPLE_SECONDS == 0.05
