"""Crawl measurements and tuning: the longest event-loop lag and the garbage collector's cost end up
in the crawl stats; the collector is tuned for the crawl and restored after it."""

from __future__ import annotations

import gc
import logging
import subprocess
import sys
from typing import Any

from newsharvest import settings
from newsharvest.extensions.gc import GC_FULL_STAT, GC_SECONDS_STAT, GarbageCollectorTuning
from newsharvest.extensions.logfilter import SkipFilteredLogRecords
from newsharvest.extensions.reactorstall import (
    SLOW_TICKS_STAT,
    STALL_AT_STAT,
    STALL_STAT,
    ReactorStallMonitor,
)
from tests.conftest import REPO_ROOT


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
    assert "newsharvest.extensions.reactorstall.ReactorStallMonitor" in settings.EXTENSIONS
    assert settings.NEWSHARVEST_STALL_SAMPLE_SECONDS == 0.05


def test_gc_tuning_freezes_raises_the_threshold_and_restores_it() -> None:
    stats = Stats()
    before = gc.get_threshold()
    tuning = GarbageCollectorTuning(stats, threshold=12_345)  # type: ignore[arg-type]
    try:
        tuning.engine_started()
        assert gc.get_threshold() == (12_345, 20, 20)
        assert gc.get_freeze_count() > 0  # startup objects are out of the collector's view
        gc.collect()  # a full collection during the crawl is counted and timed
        tuning.spider_closed(spider=None)  # type: ignore[arg-type]
    finally:
        tuning.engine_stopped()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    assert stats.values[GC_FULL_STAT] == 1
    assert tuning.seconds > 0 and stats.values[GC_SECONDS_STAT] == round(tuning.seconds, 3)
    assert tuning._timed not in gc.callbacks


def test_gc_threshold_zero_leaves_the_collector_alone_but_measures_it() -> None:
    stats = Stats()
    before = gc.get_threshold()
    tuning = GarbageCollectorTuning(stats, threshold=0)  # type: ignore[arg-type]
    tuning.engine_started()
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    gc.collect()
    tuning.spider_closed(spider=None)  # type: ignore[arg-type]
    tuning.engine_stopped()
    assert stats.values[GC_FULL_STAT] == 1


def test_gc_tuning_is_enabled_for_every_crawl() -> None:
    assert settings.EXTENSIONS["newsharvest.extensions.gc.GarbageCollectorTuning"] == 0
    assert settings.NEWSHARVEST_GC_THRESHOLD == 20_000


def test_records_under_the_log_level_are_not_built_during_a_crawl() -> None:
    root = logging.getLogger()
    before = root.level
    built: list[logging.LogRecord] = []
    factory = logging.getLogRecordFactory()

    def counting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        built.append(record)
        return record

    extension = SkipFilteredLogRecords(logging.INFO)
    logging.setLogRecordFactory(counting_factory)
    root.setLevel(logging.NOTSET)  # as Scrapy leaves it
    try:
        extension.engine_started()
        logging.getLogger("scrapy.core.engine").debug("Crawled (200) <GET https://news.test/>")
        logging.getLogger("scrapy.core.engine").info("kept")
        assert [r.getMessage() for r in built] == ["kept"]
        extension.engine_stopped()
        assert root.level == logging.NOTSET
    finally:
        logging.setLogRecordFactory(factory)
        root.setLevel(before)


REMOTE_CONTROL = "scrapy.extensions.remote_control.RemoteControl"
EXTENSIONS_OF_A_CRAWL = """
import sys
from scrapy.extension import ExtensionManager
from scrapy.settings import Settings
settings = Settings()
settings.setmodule("newsharvest.settings", priority="project")
print(",".join(ExtensionManager._get_mwlist_from_settings(settings)))
print("aiohttp" in sys.modules, "scrapy.extensions.remote_control" in sys.modules)
"""


def test_scrapys_remote_control_is_neither_enabled_nor_imported() -> None:
    """No port that runs the code sent to it, and its module (aiohttp's server) never loaded:
    listing a crawl's extensions imports every key of EXTENSIONS, even one set to None."""
    assert settings.REMOTE_CONTROL_ENABLED is False
    command = [sys.executable, "-c", EXTENSIONS_OF_A_CRAWL]
    result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    listed = result.stdout.splitlines()
    enabled = listed[0].split(",")
    assert "newsharvest.extensions.siteleases.SiteLeases" in enabled
    assert "scrapy.extensions.logstats.LogStats" in enabled  # Scrapy's others are kept
    assert REMOTE_CONTROL not in enabled and REMOTE_CONTROL not in settings.EXTENSIONS
    assert listed[1] == "False False"
