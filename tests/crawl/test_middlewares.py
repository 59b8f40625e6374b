"""Fast unit tests of the safety middlewares: no crawl, no network (refusals come first)."""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
from datetime import UTC, datetime

import pytest
from scrapy import Request
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.internet.error import DNSLookupError
from twisted.python.failure import Failure

from newsharvest import settings as project_settings
from newsharvest.addresses import REFUSED_LOOKUPS, AddressPolicy, address_problem, literal_address
from newsharvest.downloadermiddlewares.metarefresh import HeadMetaRefreshMiddleware
from newsharvest.downloadermiddlewares.retryafter import RetryAfterMiddleware, parse_retry_after
from newsharvest.downloadermiddlewares.safety import (
    RedirectGuardMiddleware,
    SafeCompressionMiddleware,
    SafeFetchMiddleware,
)
from newsharvest.downloadermiddlewares.useragent import ContactUserAgentMiddleware
from newsharvest.refusals import Refused
from newsharvest.resolver import SafeResolver
from newsharvest.spidermiddlewares.failures import RecordFailuresMiddleware, classify_failure


def crawler(**settings: object):  # type: ignore[no-untyped-def]
    base = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    return get_crawler(settings_dict={**base, **settings})


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("169.254.169.254", "cloud metadata"),
        ("fd00:ec2::254", "cloud metadata"),
        ("100.100.100.200", "cloud metadata"),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.1.1", "link-local"),
        ("fe80::1", "link-local"),
        ("100.64.0.1", "CGNAT"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("192.0.2.1", "private"),  # documentation range: Python counts it private
        ("::ffff:10.0.0.1", "private, embedded in ::ffff:a00:1"),
        ("64:ff9b::7f00:1", "loopback, embedded in 64:ff9b::7f00:1"),
        ("2002:7f00:1::", "loopback, embedded in 2002:7f00:1::"),
        ("8.8.8.8", None),
        ("2606:4700::1111", None),
    ],
)
def test_address_problem(address: str, problem: str | None) -> None:
    assert address_problem(ipaddress.ip_address(address)) == problem


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("2852039166", "169.254.169.254"),
        ("0xa9.254.169.254", "169.254.169.254"),
        ("127.1", "127.0.0.1"),
        ("[::1]", "::1"),
        ("example.com", None),
    ],
)
def test_literal_address_reads_what_resolvers_read(host: str, address: str | None) -> None:
    found = literal_address(host)
    assert (str(found) if found else None) == address


def test_policy_allows_listed_networks_and_hosts_only() -> None:
    policy = AddressPolicy(["127.0.0.1", "10.0.0.0/8", "Intranet.Example"])
    assert policy.url_refusal("http://127.0.0.1:8000/x") is None
    assert policy.url_refusal("http://10.9.9.9/x") is None
    assert policy.url_refusal("https://intranet.example/x") is None
    refusal = ("forbidden_address", "http://127.0.0.2/x: 127.0.0.2 is loopback")
    assert policy.url_refusal("http://127.0.0.2/x") == refusal
    assert policy.url_refusal("file:///etc/passwd")[0] == "forbidden_scheme"  # type: ignore[index]
    assert policy.url_refusal("ftp://example.com/x")[0] == "forbidden_scheme"  # type: ignore[index]
    assert AddressPolicy().url_refusal("https://example.com/") is None


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://10.0.0.1/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://2852039166/",
        "http://127.0.0.1:8000/",
        "file:///etc/passwd",
        "data:text/html,hi",
    ],
)
def test_safe_fetch_refuses_before_connecting(url: str) -> None:
    crawl = crawler()
    middleware = SafeFetchMiddleware.from_crawler(crawl)
    with pytest.raises(Refused) as refused:
        asyncio.run(middleware.process_request(Request(url)))  # an IP literal: no DNS, no socket
    assert refused.value.reason in {"forbidden_address", "forbidden_scheme"}
    assert crawl.stats.get_value(f"newsharvest/refused/{refused.value.reason}") == 1


def test_safe_fetch_allows_what_the_setting_allows() -> None:
    middleware = SafeFetchMiddleware.from_crawler(crawler(NEWSHARVEST_ALLOWED_ADDRESSES=["127.0.0.1"]))
    assert asyncio.run(middleware.process_request(Request("http://127.0.0.1:8000/robots.txt"))) is None


def test_safe_fetch_names_the_redirect() -> None:
    middleware = SafeFetchMiddleware.from_crawler(crawler())
    request = Request("http://10.0.0.1/admin", meta={"redirect_urls": ["https://example.com/story"]})
    with pytest.raises(Refused, match=r"redirect from https://example\.com/story"):
        asyncio.run(middleware.process_request(request))


def test_resolver_refuses_a_private_dns_answer() -> None:
    resolver = SafeResolver.__new__(SafeResolver)
    resolver.policy = AddressPolicy()
    with pytest.raises(DNSLookupError, match=r"rebind\.example resolves to 10\.0\.0\.7"):
        resolver._check("10.0.0.7", "rebind.example")
    assert resolver._check("93.184.216.34", "example.com") == "93.184.216.34"


def test_safe_fetch_turns_a_refused_lookup_into_a_refusal() -> None:
    REFUSED_LOOKUPS["internal.example"] = "internal.example resolves to 10.0.0.7 (private)"
    middleware = SafeFetchMiddleware.from_crawler(crawler())
    with pytest.raises(Refused, match=r"resolves to 10\.0\.0\.7"):
        middleware.process_exception(Request("http://internal.example/"), DNSLookupError("no results"))


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        (b"file:///etc/passwd", "forbidden_scheme"),
        (b"http://169.254.169.254/latest/meta-data/", "forbidden_address"),
        (b"/a", "redirect_loop"),
    ],
)
def test_redirect_guard(location: bytes, reason: str) -> None:
    middleware = RedirectGuardMiddleware.from_crawler(crawler())
    request = Request("https://example.com/b", meta={"redirect_urls": ["https://example.com/a"]})
    response = Response(request.url, status=302, headers={"Location": location})
    with pytest.raises(Refused) as refused:
        middleware.process_response(request, response)
    assert refused.value.reason == reason


def test_redirect_guard_lets_ordinary_redirects_through() -> None:
    middleware = RedirectGuardMiddleware.from_crawler(crawler())
    request = Request("https://example.com/old")
    response = Response(request.url, status=301, headers={"Location": b"/new"})
    assert middleware.process_response(request, response) is response


def test_compression_bomb_is_a_too_large_refusal() -> None:
    crawl = crawler(DOWNLOAD_MAXSIZE=1024 * 1024)
    middleware = SafeCompressionMiddleware.from_crawler(crawl)
    bomb = gzip.compress(b"\0" * (8 * 1024 * 1024))
    request = Request("https://example.com/story")
    response = Response(request.url, body=bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(Refused) as refused:
        middleware.process_response(request, response)
    assert refused.value.reason == "too_large"
    assert crawl.stats.get_value("newsharvest/refused/too_large") == 1


def test_parse_retry_after() -> None:
    now = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)
    assert parse_retry_after(b"3600") == 3600.0
    assert parse_retry_after("Mon, 01 Jan 2024 12:02:00 GMT", now=now) == 120.0
    assert parse_retry_after("Mon, 01 Jan 2024 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after(b"soon") is None
    assert parse_retry_after(None) is None


def test_retry_after_within_the_cap_retries_once_then_keeps_for_later() -> None:
    middleware = RetryAfterMiddleware.from_crawler(crawler(NEWSHARVEST_RETRY_AFTER_CAP=10))
    request = Request("https://example.com/story")
    busy = Response(request.url, status=503, headers={"Retry-After": "2"})
    retry = middleware.process_response(request, busy)
    assert isinstance(retry, Request) and retry.meta["retry_after_times"] == 1 and retry.dont_filter
    with pytest.raises(Refused) as refused:
        middleware.process_response(retry, busy)
    assert refused.value.reason == "retry_later"


def test_retry_after_beyond_the_cap_is_kept_for_later() -> None:
    middleware = RetryAfterMiddleware.from_crawler(crawler())
    request = Request("https://example.com/story")
    with pytest.raises(Refused, match="Retry-After '3600'"):
        middleware.process_response(
            request, Response(request.url, status=429, headers={"Retry-After": "3600"})
        )


def test_a_503_without_retry_after_is_left_to_retry_middleware() -> None:
    middleware = RetryAfterMiddleware.from_crawler(crawler())
    response = Response("https://example.com/story", status=503)
    assert middleware.process_response(Request(response.url), response) is response


def test_user_agent_carries_the_contact_setting() -> None:
    configured = crawler(NEWSHARVEST_CONTACT_URL="mailto:ops@example.org")
    middleware = ContactUserAgentMiddleware.from_crawler(configured)
    request = Request("https://example.com/")
    middleware.process_request(request)
    assert request.headers[b"User-Agent"] == b"newsharvest/0.1 (+mailto:ops@example.org)"


@pytest.mark.parametrize(
    ("exception", "reason"),
    [
        (Refused("retry_later", "x"), "retry_later"),
        (DownloadCancelledError(""), "too_large"),
        (IgnoreRequest("max redirections reached"), "too_many_redirects"),
        (DNSLookupError("nope"), "dns_error"),
        (ValueError("odd"), "fetch_error"),
    ],
)
def test_classify_failure(exception: Exception, reason: str) -> None:
    assert classify_failure(Failure(exception))[0] == reason


def test_failures_become_rejections_of_the_first_url() -> None:
    middleware = RecordFailuresMiddleware.from_crawler(crawler())
    article = Request("https://example.com/b", meta={"frontier": True})
    request = middleware.get_processed_request(article, None)
    assert request is not None and request.errback == middleware.record_failure
    request.meta["redirect_urls"] = ["https://example.com/a"]
    failure = Failure(HttpError(HtmlResponse(request.url, status=500)))
    failure.request = request  # type: ignore[attr-defined]
    (rejection,) = middleware.record_failure(failure)
    expected = ("https://example.com/a", "http_error", "HTTP 500")
    assert (rejection.url, rejection.reason, rejection.detail) == expected


def _page(refresh: bytes, filler: int, where: str = "head") -> HtmlResponse:
    tag = b'<meta http-equiv="refresh" content="0; url=/moved-here">' + refresh
    padding = b"<p>" + "Ré".encode() * filler + b"</p>"
    head, body = (tag, padding) if where == "head" else (b"", padding + tag)
    html = b"<html><head><title>x</title>" + head + b"</head><body>" + body + b"</body></html>"
    headers = {"Content-Type": "text/html; charset=utf-8"}
    return HtmlResponse("https://news.test/story", body=html, headers=headers)


@pytest.mark.parametrize("filler", [10, 40_000])  # under and over the head cut
def test_meta_refresh_in_the_head_is_followed(filler: int) -> None:
    middleware = HeadMetaRefreshMiddleware.from_crawler(crawler())
    request = Request("https://news.test/story")
    result = middleware.process_response(request, _page(b"", filler))
    assert isinstance(result, Request) and result.url == "https://news.test/moved-here"


def test_a_long_page_without_meta_refresh_comes_back_untouched() -> None:
    middleware = HeadMetaRefreshMiddleware.from_crawler(crawler())
    response = _page(b"", 40_000, where="tail")  # a refresh far past Scrapy's 4,096 characters
    assert len(response.body) > 16_384
    assert middleware.process_response(Request("https://news.test/story"), response) is response


def test_meta_refresh_replaces_scrapys_middleware() -> None:
    middlewares = project_settings.DOWNLOADER_MIDDLEWARES
    assert middlewares["scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware"] is None
    assert middlewares["newsharvest.downloadermiddlewares.metarefresh.HeadMetaRefreshMiddleware"] == 580


def test_debugging_and_referer_layers_are_off() -> None:
    """Each spider middleware is an async layer every page's output passes through."""
    middlewares = project_settings.SPIDER_MIDDLEWARES
    assert middlewares["scrapy.spidermiddlewares.referer.RefererMiddleware"] is None
    assert middlewares["scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware"] is None
