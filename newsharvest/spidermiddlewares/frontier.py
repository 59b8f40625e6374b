"""Filters discovered article requests through the frontier (see `newsharvest.frontier`)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any, TypeVar

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response

from newsharvest.frontier import CHUNK, FrontierState
from newsharvest.items import RawPage
from newsharvest.store.errors import DatabaseUnavailable
from newsharvest.store.identity import identity_url

logger = logging.getLogger(__name__)

T = TypeVar("T")


class FrontierSpiderMiddleware:
    """Filters discovered article requests through the frontier; starts with unfinished ones."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.state = FrontierState.of(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierSpiderMiddleware:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """The spider's own start requests, then the addresses earlier runs left unfinished."""
        async for item in start:
            yield item
        spider = self.crawler.spider
        if spider is None or not hasattr(spider, "article_request"):
            return
        urls = await self.state.call(self.state.unfinished, spider)
        if urls:
            logger.info("Resuming %d unfinished addresses from the frontier", len(urls))
            self.state.stat("resumed", len(urls))
        for url in urls:
            self.state.requested.add(identity_url(url))
            request = spider.article_request(url, "frontier")
            if request is not None:
                yield request

    @staticmethod
    def _not_modified(item: Any) -> bool:
        """A 304 page handed on by the spider: nothing to extract (already noted)."""
        return isinstance(item, RawPage) and item.status == 304

    @staticmethod
    def _ours(item: Any) -> bool:
        return isinstance(item, Request) and bool(item.meta.get("frontier"))

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any], spider: Spider | None = None
    ) -> AsyncIterator[Any]:
        """Article requests go through `FrontierState.select`, in chunks, off the reactor."""
        pending: list[Request] = []
        async for item in result:
            if self._not_modified(item):
                continue
            if not self._ours(item):
                yield item
                continue
            pending.append(item)
            if len(pending) >= CHUNK:
                for request in await self._selected(pending):
                    yield request
                pending = []
        if pending:
            for request in await self._selected(pending):
                yield request

    async def _selected(self, requests: list[Request]) -> list[Request]:
        """`FrontierState.select` off the reactor; none when the archive's database is gone
        (the crawl is closing: the next run finds these addresses again where it found them)."""
        try:
            return await self.state.call(self.state.select, requests)
        except DatabaseUnavailable as error:
            logger.error("%d discovered addresses not looked up: %s", len(requests), error)
            return []
