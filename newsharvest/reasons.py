"""Why a page did not become an article: the stable reason codes a `Rejection` carries.

One `Reason` enum, so a misspelt reason is a type error rather than a new reason in the
archive. `EXTRACTION_REASONS` are given to a page that came but is no article,
`FETCH_REASONS` to an address the crawl could not fetch or chose not to, `STORE_REASONS`
to a record the archive refused; `RETRYABLE` reasons may pass, so such an address is fetched
again in a later run (up to ``NEWSHARVEST_MAX_ATTEMPTS``). Pure: extraction imports it.
"""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    """A rejection's reason code, stored and queried as its string value."""

    # -- extraction: the page came, but is no article
    NOT_ARTICLE = "not_article"
    NOT_HTML = "not_html"
    EMPTY = "empty"
    CHALLENGE_PAGE = "challenge_page"
    """An anti-bot interstitial served as 200."""
    PAYWALL_STUB = "paywall_stub"
    EXTRACTION_ERROR = "extraction_error"
    """The extractor raised, or its worker died or ran past the timeout."""
    TOO_LARGE = "too_large"
    """A page, body or decompressed body over its size cap (fetch and extraction both give it)."""
    INVALID_URL = "invalid_url"
    """The url given with the page is not an absolute http(s) URL."""

    # -- fetch: the address could not be fetched, or was not
    NOT_FOUND = "not_found"
    """HTTP 404 or 410: the page is gone."""
    HTTP_ERROR = "http_error"
    """Any other non-2xx answer."""
    ROBOTS_DISALLOWED = "robots_disallowed"
    """robots.txt forbids it: never requested."""
    ROBOTS_UNAVAILABLE = "robots_unavailable"
    """robots.txt answered 5xx or not at all: the host is skipped this run."""
    RETRY_LATER = "retry_later"
    """429/503 with a Retry-After past the cap: fetched in a later run."""
    FORBIDDEN_SCHEME = "forbidden_scheme"
    """Not http(s), e.g. a redirect to file://."""
    FORBIDDEN_ADDRESS = "forbidden_address"
    """Loopback, private, link-local, CGNAT or cloud-metadata address."""
    REDIRECT_LOOP = "redirect_loop"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    TIMEOUT = "timeout"
    DNS_ERROR = "dns_error"
    CONNECTION_REFUSED = "connection_refused"
    CONNECTION_LOST = "connection_lost"
    DATA_LOSS = "data_loss"
    """The answer ended before its Content-Length."""
    FETCH_ERROR = "fetch_error"
    """Any other download failure."""
    IGNORED = "ignored"
    """A request a Scrapy component dropped for a reason of its own."""
    INVALID_SITEMAP = "invalid_sitemap"
    INVALID_FEED = "invalid_feed"
    TOO_MANY_ENTRIES = "too_many_entries"
    """A sitemap index or feed past its cap."""

    # -- store: the archive refused the page's record
    STORE_ERROR = "store_error"
    """The archive refused to write the record (it is not stored; the error is the detail)."""


EXTRACTION_REASONS = frozenset(
    {
        Reason.NOT_ARTICLE,
        Reason.NOT_HTML,
        Reason.EMPTY,
        Reason.CHALLENGE_PAGE,
        Reason.PAYWALL_STUB,
        Reason.TOO_LARGE,
        Reason.INVALID_URL,
        Reason.EXTRACTION_ERROR,
    }
)
"""Reasons `extract_article` gives a page it fetched but could not make an article of."""

STORE_REASONS = frozenset({Reason.STORE_ERROR})
"""Reasons recorded for a record the archive refused to write."""

FETCH_REASONS = frozenset(Reason) - (EXTRACTION_REASONS - {Reason.TOO_LARGE}) - STORE_REASONS
"""Reasons recorded for an address the crawl could not fetch, or chose not to."""

REJECTION_REASONS = frozenset(Reason)
"""Every reason a `Rejection` may carry."""

RETRYABLE = frozenset(
    {
        Reason.RETRY_LATER,
        Reason.TIMEOUT,
        Reason.DNS_ERROR,
        Reason.CONNECTION_REFUSED,
        Reason.CONNECTION_LOST,
        Reason.DATA_LOSS,
        Reason.FETCH_ERROR,
        Reason.HTTP_ERROR,
        Reason.EXTRACTION_ERROR,
        Reason.CHALLENGE_PAGE,
    }
)
"""Reasons that may pass: such an address is fetched again, up to the attempts cap."""


def status_reason(status: int) -> Reason:
    """The reason for an HTTP error status: `NOT_FOUND` for 404/410 (the page is gone),
    `HTTP_ERROR` for any other."""
    return Reason.NOT_FOUND if status in (404, 410) else Reason.HTTP_ERROR
