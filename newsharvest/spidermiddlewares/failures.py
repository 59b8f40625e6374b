"""Every failed or refused request becomes a recorded `Rejection`."""

from __future__ import annotations

import logging
from typing import cast

from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectError, DNSLookupError, TimeoutError
from twisted.python.failure import Failure

from newsharvest.downloadermiddlewares.leases import LeaseLost
from newsharvest.downloadermiddlewares.safety import is_over_maxsize
from newsharvest.items import Rejection, status_reason
from newsharvest.reasons import Reason
from newsharvest.refusals import Refused, first_url

logger = logging.getLogger(__name__)


def classify_failure(failure: Failure) -> tuple[Reason, str, bool]:
    """(reason, detail, is_refusal) for why a request produced no usable response."""
    exc = failure.value
    url = str(getattr(getattr(failure, "request", None), "url", ""))
    if isinstance(exc, Refused):
        return exc.reason, exc.detail, True
    if isinstance(exc, HttpError):
        status = exc.response.status
        return status_reason(status), f"HTTP {status}", False
    if isinstance(exc, IgnoreRequest):
        if "max redirections" in str(exc):
            return Reason.TOO_MANY_REDIRECTS, f"{url}: {exc}", True
        return Reason.IGNORED, f"{url}: {exc}", False
    if is_over_maxsize(exc):
        return Reason.TOO_LARGE, f"{url}: {exc or 'body over DOWNLOAD_MAXSIZE'}", True
    kinds: tuple[tuple[Reason, type[BaseException] | tuple[type[BaseException], ...]], ...] = (
        (Reason.DNS_ERROR, (CannotResolveHostError, DNSLookupError)),
        (Reason.TIMEOUT, (DownloadTimeoutError, TimeoutError)),
        (Reason.CONNECTION_REFUSED, (DownloadConnectionRefusedError, ConnectError)),
        (Reason.DATA_LOSS, ResponseDataLossError),
        (Reason.CONNECTION_LOST, DownloadFailedError),
    )
    reason = next((name for name, types in kinds if isinstance(exc, types)), Reason.FETCH_ERROR)
    return reason, f"{url}: {type(exc).__name__}: {exc}", False


def is_article_request(request: Request | None) -> bool:
    """Whether `request` fetches an article page (`DiscoverySpider.article_request` made it)."""
    if request is None:
        return False
    return bool(request.meta.get("frontier")) or getattr(request.callback, "__name__", "") == "parse_page"


class RecordFailuresMiddleware(BaseSpiderMiddleware):
    """Gives every request without an errback one that records its failure as a `Rejection`.

    Refusals, fetch failures (DNS, timeouts, dropped connections, truncated bodies) and HTTP
    errors of article pages reach the archive with a reason instead of only a log line, so no
    URL is silently lost. Fetch failures are counted as ``newsharvest/failed/<reason>`` (refusals were
    counted where they were raised).
    """

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        if request.errback is None:
            # Set in place: `replace` builds a new Request (URL parsed and escaped again) for
            # every discovered address. Spiders do not reuse the requests they yield.
            request.errback = self.record_failure
        return request

    def record_failure(self, failure: Failure) -> list[Rejection] | Failure:
        """The errback: one `Rejection` for the URL the request chain started from.

        An HTTP error of a discovery document (a sitemap answering 404) is left to Scrapy's
        log line: only article pages and refusals are the archive's business.
        """
        request = cast(Request, getattr(failure, "request", None))
        if isinstance(failure.value, HttpError) and not is_article_request(request):
            return failure
        if isinstance(failure.value, LeaseLost):
            return []  # another crawler's now: its address stays queued in the frontier
        reason, detail, refusal = classify_failure(failure)
        if not refusal:
            if self.crawler.stats:
                self.crawler.stats.inc_value(f"newsharvest/failed/{reason}")
            if not isinstance(failure.value, IgnoreRequest):
                logger.warning("Failed (%s): %s", reason, detail)
        elif reason == Reason.TOO_MANY_REDIRECTS and self.crawler.stats:
            self.crawler.stats.inc_value(f"newsharvest/refused/{reason}")
        if request is None:
            return []
        return [Rejection(url=first_url(request), reason=reason, detail=detail)]
