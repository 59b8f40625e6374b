"""Notes each fetch of a frontier request in the archive (see `newsharvest.frontier`)."""

from __future__ import annotations

import logging
from typing import TypeVar

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response

from newsharvest.frontier import FrontierState

logger = logging.getLogger(__name__)

T = TypeVar("T")


class FrontierDownloaderMiddleware:
    """Notes each fetch of a frontier request: validators, errors, and 304 as unchanged.

    Placed after retries and redirects have run (below 550), so it sees the final outcome.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.state = FrontierState.of(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierDownloaderMiddleware:
        return cls(crawler)

    async def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        if not request.meta.get("frontier"):
            return response
        state = self.state
        if response.status == 304:
            state.stat("not_modified")
            state.later("note_not_modified", request.url, run_id=state.run_id())
        elif 200 <= response.status < 300 or response.status in (404, 410):
            state.later(
                "note_fetch",
                request.url,
                etag=_header(response, b"ETag"),
                last_modified=_header(response, b"Last-Modified"),
            )
        else:  # waited for: the failure is noted before any rejection recorded for it
            await state.update("note_fetch", request.url, error=f"HTTP {response.status}")
        return response

    async def process_exception(
        self, request: Request, exception: BaseException, spider: Spider | None = None
    ) -> None:
        if request.meta.get("frontier"):
            first = (request.meta.get("redirect_urls") or [request.url])[0]
            error = f"{type(exception).__name__}: {exception}"[:500]
            await self.state.update("note_fetch", first, error=error)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
