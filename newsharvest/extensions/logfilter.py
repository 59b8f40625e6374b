"""Log records below the log level are not built at all."""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class SkipFilteredLogRecords:
    """Log messages below ``LOG_LEVEL`` are dropped before they are built.

    Scrapy filters by level at its log handler and leaves the root logger at NOTSET, so
    every DEBUG message of a crawl (two or more per page) is still formatted into a
    LogRecord, with a stack walk for its caller, then thrown away, on the reactor thread.
    At engine start the root logger takes the level of Scrapy's handler,
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
            raise NotConfigured  # LOG_LEVEL is not a level name, or logging is off
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
