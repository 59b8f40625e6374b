"""A slow crawl start-up, for the tests of site leases (`extensions.siteleases`).

`SlowOpening` is an item pipeline whose opening lasts until the leases the crawl took at its
start would have run out unrenewed: Scrapy opens the pipelines before the spider, so this is
start-up work between taking the leases and ``spider_opened``. Then it reads the archive and
logs which of them the crawler still holds and which lapsed.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler

from newsharvest.store import Archive

logger = logging.getLogger(__name__)


def leases_of(archive: Archive, holder: str) -> dict[str, datetime]:
    """The sites `holder` holds in `archive`, each with the end of its lease."""
    rows = archive.site_leases()
    return {row["site"]: datetime.fromisoformat(row["expires_at"]) for row in rows if row["holder"] == holder}


class SlowOpening:
    """Holds the crawl's opening past the first expiry of its leases (see the module doc)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SlowOpening:
        return cls(crawler)

    async def open_spider(self, spider: Spider | None = None) -> None:
        stats = self.crawler.stats
        holder = str(stats.get_value("newsharvest/leases/holder")) if stats is not None else ""
        with Archive.open(self.crawler.settings.get("NEWSHARVEST_DATABASE_URL")) as archive:
            taken = leases_of(archive, holder)
            if not taken:
                return
            await asyncio.sleep((max(taken.values()) - datetime.now(UTC)).total_seconds() + 0.5)
            now = datetime.now(UTC)
            held = {site for site, end in leases_of(archive, holder).items() if end > now}
        logger.info(
            "Opening held past the first expiry of the leases taken: %s still held, %s lapsed",
            sorted(held), sorted(set(taken) - held),
        )  # fmt: skip

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        return item
