"""Refusals: requests newsharvest will not make, each with a stable reason.

Every refusal raises `Refused` (an IgnoreRequest with a ``reason``), is counted in the
stats as ``newsharvest/refused/<reason>``, and — through the errback that
`RecordFailuresMiddleware` gives every request — becomes a `Rejection` stored in the archive.
"""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from newsharvest.reasons import Reason

logger = logging.getLogger(__name__)


class Refused(IgnoreRequest):
    """A request newsharvest will not make (or a response it will not use), and why."""

    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def refuse(crawler: Crawler | None, reason: Reason, detail: str, *, level: int = logging.WARNING) -> Refused:
    """Count and log a refusal; returns the exception to raise."""
    if crawler is not None and crawler.stats is not None:
        crawler.stats.inc_value(f"newsharvest/refused/{reason}")
    logger.log(level, "Refused (%s): %s", reason, detail)
    return Refused(reason, detail)


def first_url(request: Request) -> str:
    """The address a request chain started from (before redirects): the one the crawl knows."""
    redirects = request.meta.get("redirect_urls") or [request.url]
    return str(redirects[0])
