"""Fetch-stage guards that Scrapy lacks out of the box: politeness and safety.

Politeness: robots.txt per RFC 9309 (`PoliteRobotsTxtMiddleware`), its Crawl-delay
(`CrawlDelayMiddleware`, kept as a floor by `CrawlDelayAutoThrottle`), Retry-After
(`RetryAfterMiddleware`) and a User-Agent naming a contact (`ContactUserAgentMiddleware`).

Safety: only http(s), and no request to loopback, private, link-local, CGNAT, multicast,
reserved or cloud-metadata addresses — checked on the URL (`SafeFetchMiddleware`), on every
redirect, and on the DNS answer actually used to connect (`SafeResolver`) — unless
``NEWSHARVEST_ALLOWED_ADDRESSES`` allows them; bodies over DOWNLOAD_MAXSIZE, decompressed
or not, are refused (`SafeCompressionMiddleware`).

Every refusal raises `Refused` (an IgnoreRequest with a stable ``reason``), is counted in the
stats as ``newsharvest/refused/<reason>``, and — through the errback that
`RecordFailuresMiddleware` gives every request — becomes a `Rejection` stored in the archive.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import Any, cast
from urllib.parse import urljoin, urlsplit

from protego import Protego
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.downloadermiddlewares.useragent import UserAgentMiddleware
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import HtmlResponse, Response
from scrapy.resolver import CachingThreadedResolver
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import load_object
from twisted.internet.error import ConnectError, DNSLookupError, TimeoutError
from twisted.python.failure import Failure

from newsharvest.items import Rejection, status_reason

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "fd00:ec2::254", "169.254.170.2", "100.100.100.200", "192.0.0.192")
)
"""Cloud instance-metadata endpoints (AWS, AWS IPv6, ECS, Alibaba, Oracle): credentials live there."""
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
ALLOWED_SCHEMES = frozenset({"http", "https"})

REFUSED_LOOKUPS: dict[str, str] = {}
"""Host name → why `SafeResolver` refused its DNS answer (the resolver is process-wide)."""


# --- refusals ------------------------------------------------------------------------------
class Refused(IgnoreRequest):
    """A request newsharvest will not make (or a response it will not use), and why."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def refuse(crawler: Crawler | None, reason: str, detail: str, *, level: int = logging.WARNING) -> Refused:
    """Count and log a refusal; returns the exception to raise."""
    if crawler is not None and crawler.stats is not None:
        crawler.stats.inc_value(f"newsharvest/refused/{reason}")
    logger.log(level, "Refused (%s): %s", reason, detail)
    return Refused(reason, detail)


def first_url(request: Request) -> str:
    """The address a request chain started from (before redirects): the one the crawl knows."""
    redirects = request.meta.get("redirect_urls") or [request.url]
    return str(redirects[0])


# --- addresses -----------------------------------------------------------------------------
def address_problem(address: IPAddress) -> str | None:
    """Why `address` is no place for a news crawler to connect to; None for a public address."""
    embedded: IPAddress | None = None
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address.teredo:
            embedded = address.teredo[1]
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if embedded is not None:
        problem = address_problem(embedded)
        return f"{problem}, embedded in {address}" if problem else None
    if address in METADATA_ADDRESSES:
        return "cloud metadata"
    checks = (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("unspecified", address.is_unspecified),
        ("multicast", address.is_multicast),
        ("CGNAT", isinstance(address, ipaddress.IPv4Address) and address in _CGNAT),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("not globally routable", not address.is_global),
    )
    return next((label for label, hit in checks if hit), None)


def literal_address(host: str) -> IPAddress | None:
    """The IP address a URL host denotes literally, as resolvers read it, or None for a name.

    Besides dotted quads and IPv6 this reads the legacy IPv4 forms (``2852039166``,
    ``0xa9.254.169.254``, ``127.1``) that ``inet_aton`` — and so the system resolver — accepts.
    """
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, UnicodeError):
        return None


class AddressPolicy:
    """Which hosts and addresses may be fetched: public ones, plus those explicitly allowed.

    ``NEWSHARVEST_ALLOWED_ADDRESSES`` lists CIDRs or addresses (``127.0.0.1``,
    ``10.0.0.0/8``) and host names (``intranet.example``) that are exempt from the checks.
    """

    def __init__(self, allowed: Iterable[str] = ()) -> None:
        self.networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        self.hosts: set[str] = set()
        for entry in (str(e).strip() for e in allowed):
            if not entry:
                continue
            try:
                self.networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                self.hosts.add(entry.lower().rstrip("."))

    @classmethod
    def from_settings(cls, settings: Any) -> AddressPolicy:
        return cls(settings.getlist("NEWSHARVEST_ALLOWED_ADDRESSES"))

    def host_allowed(self, host: str) -> bool:
        """Whether `host` is exempt by name."""
        return host.lower().rstrip(".") in self.hosts

    def address_refusal(self, address: IPAddress) -> str | None:
        """Why `address` is refused, None when it may be fetched."""
        if any(address.version == net.version and address in net for net in self.networks):
            return None
        return address_problem(address)

    def url_refusal(self, url: str) -> tuple[str, str] | None:
        """(reason, detail) when `url` itself is refused (scheme, literal address); else None."""
        try:
            parts = urlsplit(url)
            host = parts.hostname or ""
        except ValueError:
            return "forbidden_scheme", f"unparsable URL {url!r}"
        if parts.scheme.lower() not in ALLOWED_SCHEMES:
            return "forbidden_scheme", f"{parts.scheme or 'no'} scheme in {url}"
        if not host:
            return "forbidden_address", f"no host in {url}"
        if self.host_allowed(host):
            return None
        address = literal_address(host)
        if address is not None:
            problem = self.address_refusal(address)
            if problem:
                return "forbidden_address", f"{url}: {address} is {problem}"
        return None


class SafeResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing DNS answers the `AddressPolicy` forbids.

    This is the answer the connection uses, so a name that resolves (or rebinds) to a
    private address is never connected to. Install with ``TWISTED_DNS_RESOLVER``.
    """

    policy = AddressPolicy()

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> SafeResolver:
        resolver = cast(SafeResolver, super().from_crawler(crawler, reactor))
        resolver.policy = AddressPolicy.from_settings(crawler.settings)
        return resolver

    def getHostByName(self, name: str, timeout: Any = ()) -> Any:
        answer = super().getHostByName(name, timeout)
        if self.policy.host_allowed(name):
            return answer
        return answer.addCallback(self._check, name)

    def _check(self, address: str, name: str) -> str:
        problem = self.policy.address_refusal(ipaddress.ip_address(address))
        if problem:
            REFUSED_LOOKUPS[name] = f"{name} resolves to {address} ({problem})"
            raise DNSLookupError(REFUSED_LOOKUPS[name])
        return address


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
        or allowed address, an allowed name (the check ran once per page before, issue 6)."""
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

    async def _dns_refusal(self, request: Request) -> tuple[str, str] | None:
        host = urlparse_cached(request).hostname or ""
        if literal_address(host) is not None or self.policy.host_allowed(host):
            return None
        from twisted.internet import reactor

        try:
            address = await maybe_deferred_to_future(cast(Any, reactor).resolve(host))
        except DNSLookupError:
            problem = REFUSED_LOOKUPS.get(host)
            return ("forbidden_address", f"{request.url}: {problem}") if problem else None
        problem = self.policy.address_refusal(ipaddress.ip_address(address))
        if problem:
            return "forbidden_address", f"{request.url}: {host} resolves to {address} ({problem})"
        return None

    def process_exception(
        self, request: Request, exception: Exception, spider: Spider | None = None
    ) -> None:
        if is_over_maxsize(exception):
            detail = str(exception) or "body over DOWNLOAD_MAXSIZE, cancelled while downloading"
            raise refuse(self.crawler, "too_large", f"{request.url}: {detail}") from exception
        if isinstance(exception, CannotResolveHostError | DNSLookupError):
            problem = REFUSED_LOOKUPS.get(urlparse_cached(request).hostname or "")
            if problem:
                raise refuse(self.crawler, "forbidden_address", f"{request.url}: {problem}") from exception


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
            raise refuse(self.crawler, "redirect_loop", f"{' → '.join([*chain, target])}")
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
            raise refuse(self.crawler, "too_large", detail) from exc

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SafeCompressionMiddleware:
        middleware = cast(SafeCompressionMiddleware, super().from_crawler(crawler))
        middleware.crawler = crawler
        return middleware


# --- politeness ----------------------------------------------------------------------------
class ContactUserAgentMiddleware(UserAgentMiddleware):
    """The User-Agent of USER_AGENT with ``{contact}`` replaced by ``NEWSHARVEST_CONTACT_URL``,
    so an operator sets their own contact with one setting."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ContactUserAgentMiddleware:
        middleware = cast(ContactUserAgentMiddleware, super().from_crawler(crawler))
        contact = crawler.settings.get("NEWSHARVEST_CONTACT_URL") or ""
        middleware.user_agent = str(middleware.user_agent).replace("{contact}", contact)
        return middleware


class PoliteRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt support, with RFC 9309's rule for an unreachable robots.txt.

    A robots.txt answering 5xx or 429, or not answering at all, means "complete disallow":
    the host is not crawled this run (Scrapy would crawl everything). 4xx means no rules
    (RFC 9309 §2.3.1.3), as in Scrapy. Refusals carry reasons ``robots_unavailable`` and
    ``robots_disallowed``.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._unavailable: dict[str, tuple[str, str]] = {}
        self._answers: dict[str, Response] = {}
        """A host's robots.txt answer (200), kept only when the spider's own request for it
        triggered the fetch, until that request takes it (no copy lingers for other hosts)."""

    async def process_request(  # type: ignore[override]  # a downloader middleware may answer
        self, request: Request, spider: Spider | None = None
    ) -> Response | None:
        """Scrapy's check; then a spider's own request for a robots.txt this middleware has
        just fetched (spiders read it for its Sitemap lines) is answered with that copy, so a
        site sees one robots.txt request per run, not two. Only the first such request is
        answered from the copy; a later one is fetched."""
        await super().process_request(request)
        parts = urlparse_cached(request)
        if request.meta.get("dont_obey_robotstxt") or parts.path != "/robots.txt" or parts.query:
            return None
        answer = self._answers.pop(parts.netloc, None)
        if answer is None or answer.url != request.url:
            return None
        self._stats.inc_value("newsharvest/robots_txt_reused")
        return answer.replace(request=request)

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500 or response.status == 429:
            detail = f"robots.txt answered HTTP {response.status}"
            self._mark_unavailable(netloc, "robots_unavailable", detail)
        elif response.status == 200 and urlparse_cached(request).path == "/robots.txt":
            self._answers[netloc] = response  # the spider's own robots.txt request made this fetch
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, Refused) and exc.reason == "forbidden_address":
            self._mark_unavailable(netloc, exc.reason, exc.detail)
        else:
            self._mark_unavailable(netloc, "robots_unavailable", f"robots.txt unreachable: {exc}")
        super()._robots_error(exc, netloc)

    def _mark_unavailable(self, netloc: str, reason: str, detail: str) -> None:
        self._unavailable[netloc] = (reason, detail)
        logger.warning("Not crawling %s this run: %s", netloc, detail)
        self._stats.inc_value("newsharvest/robots_unavailable")

    def process_request_2(self, rp: Any, request: Request) -> None:
        unavailable = self._unavailable.get(urlparse_cached(request).netloc)
        if unavailable is not None:
            reason, detail = unavailable
            raise refuse(self.crawler, reason, f"{request.url}: {detail}", level=logging.INFO)
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest:
            raise refuse(
                self.crawler, "robots_disallowed", f"{request.url}: forbidden by robots.txt",
                level=logging.DEBUG,
            ) from None


class CrawlDelayMiddleware:
    """Honour the robots.txt ``Crawl-delay`` of each site (Scrapy's robots support ignores it).

    When a robots.txt response passes, its Crawl-delay for our User-Agent becomes the minimum
    delay of that site's download slot, capped by ``NEWSHARVEST_CRAWL_DELAY_CAP``. Robots.txt
    is fetched before any other request to the site, so every page waits its turn. The delay
    is also kept in the stats (``newsharvest/crawl_delay/<slot>``), where
    `CrawlDelayAutoThrottle` reads it as the floor of its adjustments.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.user_agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT") or "*"
        self.cap = settings.getfloat("NEWSHARVEST_CRAWL_DELAY_CAP", 30.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDelayMiddleware:
        return cls(crawler)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        if response.status != 200 or not request.url.split("?")[0].endswith("/robots.txt"):
            return response
        try:
            delay = Protego.parse(response.body.decode("utf-8", "replace")).crawl_delay(
                self.user_agent
            )
        except Exception:  # a garbage robots.txt sets no delay
            return response
        if delay is None:
            return response
        effective = min(float(delay), self.cap)
        engine = self.crawler.engine
        if engine is None:
            return response
        downloader = engine.downloader
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if slot is not None:
            slot.delay = max(slot.delay, effective)
            slot.jitter = 0.0  # randomising the delay would go below the Crawl-delay half the time
        logger.info("Crawl-delay %.3gs for %s (robots.txt asks %ss)", effective, request.url, delay)
        if self.crawler.stats:
            self.crawler.stats.set_value("newsharvest/crawl_delay", effective)
            self.crawler.stats.set_value(f"newsharvest/crawl_delay/{key}", effective)
        return response


class CrawlDelayAutoThrottle(AutoThrottle):
    """AutoThrottle that never lowers a site's delay below its robots.txt Crawl-delay.

    Scrapy's AutoThrottle halves a slot's delay towards the observed latency, which on a fast
    site would undo Crawl-delay; this floors each adjustment at the delay robots.txt asked for.
    """

    def _response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        super()._response_downloaded(response, request, spider)
        key, slot = self._get_slot(request, spider)
        stats = self.crawler.stats
        if key is None or slot is None or stats is None:
            return
        floor = stats.get_value(f"newsharvest/crawl_delay/{key}")
        if floor is not None and slot.delay < float(floor):
            slot.delay = float(floor)


def parse_retry_after(value: bytes | str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent
    or unreadable."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware:
    """Honours Retry-After on 429 and 503, up to ``NEWSHARVEST_RETRY_AFTER_CAP`` seconds.

    The site's download slot is paused for the wait (no other request to it goes out in the
    meantime), then the request is retried once. A longer wait, a 429 without Retry-After, or
    a second refusal is not retried this run: the URL is recorded as ``retry_later`` for the
    next run, and the slot still pauses (up to the cap) so the rest of the queue is not sent
    in a burst. A 503 without Retry-After is left to RetryMiddleware.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.cap = crawler.settings.getfloat("NEWSHARVEST_RETRY_AFTER_CAP", 120.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if response.status not in (429, 503):
            return response
        header = response.headers.get(b"Retry-After")
        wait = parse_retry_after(header)
        if wait is None and response.status == 503:
            return response
        attempts = int(request.meta.get("retry_after_times", 0))
        if wait is not None and wait <= self.cap and attempts == 0:
            self.pause(request, wait)
            retry = request.replace(dont_filter=True)
            retry.meta["retry_after_times"] = attempts + 1
            if self.crawler.stats:
                self.crawler.stats.inc_value("newsharvest/retry_after/retried")
            logger.info("HTTP %s for %s: retrying in %.3gs", response.status, request.url, wait)
            return retry
        self.pause(request, self.cap if wait is None else min(wait, self.cap))
        said = f"Retry-After {header.decode('latin-1')!r}" if header else "no Retry-After"
        raise refuse(
            self.crawler, "retry_later", f"{request.url}: HTTP {response.status}, {said}", level=logging.INFO
        )

    def pause(self, request: Request, seconds: float) -> None:
        """Hold back every request to `request`'s download slot for `seconds`."""
        try:
            engine = self.crawler.engine
        except RuntimeError:  # not crawling (Scrapy raises until the crawl starts)
            return
        if engine is None or seconds <= 0:
            return
        downloader = engine.downloader
        slot = downloader.slots.get(request.meta.get("download_slot") or downloader.get_slot_key(request))
        if slot is None:
            return
        # The downloader holds a slot's queue while `latercall` is pending (how it spaces
        # requests by DOWNLOAD_DELAY); a pending call of ours is the pause. `lastseen` in the
        # future keeps the slot from being garbage-collected while it waits.
        if slot.latercall:
            slot.latercall.cancel()
        slot.latercall = call_later(seconds, downloader._latercall, slot)
        slot.lastseen = max(slot.lastseen, monotonic() + seconds)


# --- recording -----------------------------------------------------------------------------
def is_over_maxsize(exc: BaseException) -> bool:
    """Whether a download was cancelled for exceeding DOWNLOAD_MAXSIZE.

    Scrapy says so in the message when Content-Length announces it; a body that grows past
    the limit while streaming is cancelled with an empty message (StopDownload, the other
    way to cancel, is a different exception).
    """
    return isinstance(exc, DownloadCancelledError) and ("max size" in str(exc) or not str(exc))


def classify_failure(failure: Failure) -> tuple[str, str, bool]:
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
            return "too_many_redirects", f"{url}: {exc}", True
        return "ignored", f"{url}: {exc}", False
    if is_over_maxsize(exc):
        return "too_large", f"{url}: {exc or 'body over DOWNLOAD_MAXSIZE'}", True
    kinds: tuple[tuple[str, type[BaseException] | tuple[type[BaseException], ...]], ...] = (
        ("dns_error", (CannotResolveHostError, DNSLookupError)),
        ("timeout", (DownloadTimeoutError, TimeoutError)),
        ("connection_refused", (DownloadConnectionRefusedError, ConnectError)),
        ("data_loss", ResponseDataLossError),
        ("connection_lost", DownloadFailedError),
    )
    reason = next((name for name, types in kinds if isinstance(exc, types)), "fetch_error")
    return reason, f"{url}: {type(exc).__name__}: {exc}", False


def is_article_request(request: Request | None) -> bool:
    """Whether `request` fetches an article page (`NewsSpider.article_request` made it)."""
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
            # every discovered address (issue 6). Spiders do not reuse the requests they yield.
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
        reason, detail, refusal = classify_failure(failure)
        if not refusal:
            if self.crawler.stats:
                self.crawler.stats.inc_value(f"newsharvest/failed/{reason}")
            if not isinstance(failure.value, IgnoreRequest):
                logger.warning("Failed (%s): %s", reason, detail)
        elif reason == "too_many_redirects" and self.crawler.stats:
            self.crawler.stats.inc_value(f"newsharvest/refused/{reason}")
        if request is None:
            return []
        return [Rejection(url=first_url(request), reason=reason, detail=detail)]


__all__ = [
    "AddressPolicy",
    "ContactUserAgentMiddleware",
    "CrawlDelayAutoThrottle",
    "CrawlDelayMiddleware",
    "PoliteRobotsTxtMiddleware",
    "RecordFailuresMiddleware",
    "RedirectGuardMiddleware",
    "Refused",
    "RetryAfterMiddleware",
    "SafeCompressionMiddleware",
    "SafeFetchMiddleware",
    "SafeResolver",
    "address_problem",
    "classify_failure",
    "literal_address",
    "parse_retry_after",
]


META_REFRESH_HEAD_BYTES = 4 * 4096
"""Bytes of a page that can hold the 4,096 characters Scrapy searches for a meta refresh."""


class HeadMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta-refresh redirects, found without decoding the whole page.

    Scrapy looks for ``<meta http-equiv="refresh">`` in the first 4,096 characters of
    ``response.text``, but computing ``response.text`` decodes every byte of the page: ~5%
    of the reactor thread's time in a crawl whose pages are decoded again in the extraction
    workers anyway (issue 6). This middleware hands Scrapy's logic a copy of the response cut
    to the bytes those characters can occupy, so redirects are followed exactly as before.
    """

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if not isinstance(response, HtmlResponse) or len(response.body) <= META_REFRESH_HEAD_BYTES:
            return cast("Request | Response", super().process_response(request, response))
        head = response.replace(body=response.body[:META_REFRESH_HEAD_BYTES])
        result = super().process_response(request, head)
        return response if result is head else cast("Request | Response", result)
