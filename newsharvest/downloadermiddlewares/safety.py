"""Safety: only http(s), no forbidden address, no body over DOWNLOAD_MAXSIZE.

`SafeFetchMiddleware` checks every request's URL and DNS answer before any connection,
`RedirectGuardMiddleware` every redirect, `SafeCompressionMiddleware` decompressed sizes.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import Any, cast
from urllib.parse import urljoin

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    IgnoreRequest,
)
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import load_object
from twisted.internet.error import DNSLookupError

from newsharvest.addresses import REFUSED_LOOKUPS, AddressPolicy, literal_address
from newsharvest.reasons import Reason
from newsharvest.refusals import Refused, first_url, refuse
from newsharvest.resolver import SafeResolver

logger = logging.getLogger(__name__)


def is_over_maxsize(exc: BaseException) -> bool:
    """Whether a download was cancelled for exceeding DOWNLOAD_MAXSIZE.

    Scrapy says so in the message when Content-Length announces it; a body that grows past
    the limit while streaming is cancelled with an empty message (StopDownload, the other
    way to cancel, is a different exception).
    """
    return isinstance(exc, DownloadCancelledError) and ("max size" in str(exc) or not str(exc))


class SafeFetchMiddleware:
    """Refuses, before any connection, requests for other schemes or forbidden addresses.

    Runs first among the downloader middlewares (before robots.txt is fetched for the host),
    so it sees every request, redirected ones included. For a host name it resolves the name
    through the crawler's resolver (`SafeResolver`, whose cache the connection then uses) and
    checks the answer. Also turns a body cancelled for exceeding DOWNLOAD_MAXSIZE into a
    ``too_large`` refusal.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.policy = AddressPolicy.from_settings(crawler.settings)
        self._passed: set[tuple[str, str | None]] = set()
        """(scheme, host) pairs already found fine that need no DNS check: a literal public
        or allowed address, an allowed name: checked once per crawl, not once per page."""
        resolver = crawler.settings.get("TWISTED_DNS_RESOLVER") or ""
        if not isinstance(load_object(resolver), type) or not issubclass(load_object(resolver), SafeResolver):
            logger.warning("TWISTED_DNS_RESOLVER is not a SafeResolver: DNS answers are checked only here")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SafeFetchMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        parts = urlparse_cached(request)
        key = (parts.scheme, parts.hostname)
        if key in self._passed:
            return
        refusal = self.policy.url_refusal(request.url)
        if refusal is None:
            host = parts.hostname or ""
            if literal_address(host) is not None or self.policy.host_allowed(host):
                # Nothing about a literal address or an allowed name changes during a crawl
                # (a name's DNS answer can: it is looked up every time). Bounded: a hostile
                # sitemap may list any number of addresses.
                if len(self._passed) < 10_000:
                    self._passed.add(key)
                return
            refusal = await self._dns_refusal(request)
        if refusal is not None:
            reason, detail = refusal
            if request.meta.get("redirect_urls"):
                detail = f"redirect from {first_url(request)} to {detail}"
            raise refuse(self.crawler, reason, detail)

    async def _dns_refusal(self, request: Request) -> tuple[Reason, str] | None:
        host = urlparse_cached(request).hostname or ""
        if literal_address(host) is not None or self.policy.host_allowed(host):
            return None
        from twisted.internet import reactor

        try:
            address = await maybe_deferred_to_future(cast(Any, reactor).resolve(host))
        except DNSLookupError:
            problem = REFUSED_LOOKUPS.get(host)
            return (Reason.FORBIDDEN_ADDRESS, f"{request.url}: {problem}") if problem else None
        problem = self.policy.address_refusal(ipaddress.ip_address(address))
        if problem:
            return Reason.FORBIDDEN_ADDRESS, f"{request.url}: {host} resolves to {address} ({problem})"
        return None

    def process_exception(self, request: Request, exception: Exception, spider: Spider | None = None) -> None:
        if is_over_maxsize(exception):
            detail = str(exception) or "body over DOWNLOAD_MAXSIZE, cancelled while downloading"
            raise refuse(self.crawler, Reason.TOO_LARGE, f"{request.url}: {detail}") from exception
        if isinstance(exception, CannotResolveHostError | DNSLookupError):
            problem = REFUSED_LOOKUPS.get(urlparse_cached(request).hostname or "")
            if problem:
                detail = f"{request.url}: {problem}"
                raise refuse(self.crawler, Reason.FORBIDDEN_ADDRESS, detail) from exception


class RedirectGuardMiddleware:
    """Refuses redirects to other schemes (file://...), to forbidden addresses, and loops.

    Sits just outside RedirectMiddleware so it sees the 3xx first. Scrapy would pass a
    file:// redirect through as a bare 3xx, drop one to another host as offsite, and drop a
    loop's repeated URL as a duplicate — all silently; here each is a recorded refusal.
    (A redirect to a host *name* on the site is checked, DNS answer included, by
    `SafeFetchMiddleware` when it is requested.)
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.policy = AddressPolicy.from_settings(crawler.settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectGuardMiddleware:
        return cls(crawler)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        location = response.headers.get(b"Location")
        if response.status not in (301, 302, 303, 307, 308) or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1").strip())
        refusal = self.policy.url_refusal(target)
        if refusal is not None:
            # Refused here, not when the redirected request is scheduled: Scrapy's offsite
            # check would drop it there without a trace.
            reason, detail = refusal
            raise refuse(self.crawler, reason, f"redirect from {first_url(request)} to {detail}")
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target.split("#")[0] in {url.split("#")[0] for url in chain}:
            raise refuse(self.crawler, Reason.REDIRECT_LOOP, f"{' → '.join([*chain, target])}")
        return response


class SafeCompressionMiddleware(HttpCompressionMiddleware):
    """Scrapy's decompression (which stops at DOWNLOAD_MAXSIZE of decompressed output, in
    64 KiB steps), with the bomb it refuses recorded as a ``too_large`` refusal."""

    crawler: Crawler

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        try:
            return super().process_response(request, response)
        except Refused:
            raise
        except IgnoreRequest as exc:
            encoding = b",".join(response.headers.getlist("Content-Encoding")).decode("latin-1")
            detail = f"{request.url}: {encoding} body over DOWNLOAD_MAXSIZE when decompressed"
            raise refuse(self.crawler, Reason.TOO_LARGE, detail) from exc

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SafeCompressionMiddleware:
        middleware = cast(SafeCompressionMiddleware, super().from_crawler(crawler))
        middleware.crawler = crawler
        return middleware
