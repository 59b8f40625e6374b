"""Thin adapters between Scrapy and the pure stages: extraction, then storage."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult

from newsharvest.extract import extract_article
from newsharvest.items import Article, RawPage, Rejection
from newsharvest.store import Archive
from newsharvest.store.identity import identity_url

logger = logging.getLogger(__name__)


class PageRejected(DropItem):
    """A page recorded as a rejection: dropped from exports, kept in the archive."""


class SeenThisRun(DropItem):
    """An article already stored and exported in this run under another address."""


def rejection_for_status(page: RawPage) -> Rejection | None:
    """A rejection for an HTTP error answer, None for a 2xx page."""
    if 200 <= page.status < 300:
        return None
    reason = "not_found" if page.status in (404, 410) else "http_error"
    return Rejection(url=page.final_url, reason=reason, detail=f"HTTP {page.status}")


class ExtractPipeline:
    """RawPage → Article or Rejection, through `newsharvest.extract.extract_article`."""

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if not isinstance(item, RawPage):
            return item
        rejection = rejection_for_status(item)
        if rejection is not None:
            return rejection
        fetched_at = datetime.fromisoformat(item.fetched_at) if item.fetched_at else None
        return extract_article(
            item.body,
            item.final_url,
            fetched_at=fetched_at,
            content_type=item.headers.get("content-type"),
            profile=item.profile,
        )


class StorePipeline:
    """Writes articles and rejections to the archive and records the crawl run.

    Articles go on to feed exports (``-O out.jsonl``) only once stored; rejections are
    stored with their reason and then dropped from the exports.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.database_url = crawler.settings.get("NEWSHARVEST_DATABASE_URL")
        self.archive: Archive | None = None
        self.run_id: int | None = None
        self.outcomes: Counter[str] = Counter()
        self.rejected: Counter[str] = Counter()
        self.stored_this_run: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self, spider: Spider | None = None) -> None:
        self.archive = Archive.open(self.database_url)
        self.run_id = self.archive.begin_run(self._spider_name())
        logger.info("Archiving into %s (crawl run %s)", self.database_url, self.run_id)

    def _spider_name(self) -> str:
        return self.crawler.spider.name if self.crawler.spider else "unknown"

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        assert self.archive is not None
        fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        if isinstance(item, Rejection):
            self.archive.record_rejection(item, fetched_at=fetched_at, run_id=self.run_id)
            self.rejected[item.reason] += 1
            self._stat(f"newsharvest/rejected/{item.reason}")
            raise PageRejected(f"rejected {item.url}: {item.reason} ({item.detail})")
        if isinstance(item, Article):
            outcome = self.archive.store_article(item, fetched_at=fetched_at, run_id=self.run_id)
            identity = identity_url(item.canonical_url)
            if identity in self.stored_this_run:
                self._stat("newsharvest/articles/seen_again")
                raise SeenThisRun(f"already archived in this run: {item.url}")
            self.stored_this_run.add(identity)
            self.outcomes[outcome] += 1
            self._stat(f"newsharvest/articles/{outcome}")
        return item

    def _stat(self, key: str) -> None:
        if self.crawler.stats:
            self.crawler.stats.inc_value(key)

    def close_spider(self, spider: Spider | None = None) -> None:
        if self.archive is None:
            return
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        counts = {
            "pages": int(stats.get("response_received_count", 0)),
            "new": self.outcomes["new"],
            "updated": self.outcomes["updated"],
            "unchanged": self.outcomes["unchanged"],
            "rejected": sum(self.rejected.values()),
            "errors": int(stats.get("log_count/ERROR", 0)),
            **{f"rejected_{reason}": n for reason, n in self.rejected.items()},
        }
        reason = str(stats.get("finish_reason", "finished"))
        if self.run_id is not None:
            self.archive.finish_run(self.run_id, finish_reason=reason, stats=counts)
        self.archive.close()


class RejectionLogFormatter(LogFormatter):
    """Logs a rejected page as one INFO line instead of Scrapy's WARNING with the whole item."""

    def dropped(
        self, item: Any, exception: BaseException, response: Response | None, spider: Spider | None = None
    ) -> LogFormatterResult:
        if isinstance(exception, PageRejected | SeenThisRun):
            return {"level": logging.INFO, "msg": "%(exception)s", "args": {"exception": exception}}
        return super().dropped(item, exception, response, spider)
