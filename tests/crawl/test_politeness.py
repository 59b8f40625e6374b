"""Politeness: robots.txt per RFC 9309, Crawl-delay kept under AutoThrottle, the contact User-Agent.

The hostile suite (test_hostile.py) covers robots.txt answering 503, garbage robots.txt and
Retry-After in a real crawl; this file has the rules themselves and one crawl of the HuffPost
replica with AutoThrottle on.
"""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from newsharvest import settings as project_settings
from newsharvest.downloadermiddlewares.robotstxt import PoliteRobotsTxtMiddleware
from newsharvest.refusals import Refused
from newsharvest.testing.server import FixtureServer
from tests.crawl.test_hostile import crawl, stats_of


def robots_middleware() -> PoliteRobotsTxtMiddleware:
    settings = {k: v for k, v in vars(project_settings).items() if k.isupper()}
    crawler = get_crawler(settings_dict=settings)
    crawler.stats.open_spider()  # type: ignore[call-arg]
    return PoliteRobotsTxtMiddleware(crawler)


def parse(middleware: PoliteRobotsTxtMiddleware, status: int, body: bytes) -> Request:
    """Feed `middleware` a robots.txt answer for example.com; returns a page request there."""
    from twisted.internet.defer import Deferred

    middleware._parsers["example.com"] = Deferred()
    page = Request("https://example.com/news/story")
    response = Response("https://example.com/robots.txt", status=status, body=body)
    asyncio.run(middleware._parse_robots(response, "example.com", page))
    return page


@pytest.mark.parametrize("status", [500, 503, 429])
def test_robots_txt_server_error_disallows_the_whole_host(status: int) -> None:
    middleware = robots_middleware()
    page = parse(middleware, status, b"<html>Service Unavailable</html>")
    with pytest.raises(Refused) as refused:
        middleware.process_request_2(middleware._parsers["example.com"], page)
    assert refused.value.reason == "robots_unavailable"


def test_robots_txt_unreachable_disallows_the_whole_host() -> None:
    from twisted.internet.defer import Deferred

    middleware = robots_middleware()
    middleware._parsers["example.com"] = Deferred()
    middleware._robots_error(ConnectionError("reset"), "example.com")
    with pytest.raises(Refused, match="unreachable"):
        middleware.process_request_2(None, Request("https://example.com/news/story"))


@pytest.mark.parametrize(
    ("status", "body"), [(404, b"<html>Not Found</html>"), (200, b"\x89PNG\x00\xff garbage :: Disallow")]
)
def test_robots_txt_missing_or_garbage_allows(status: int, body: bytes) -> None:
    middleware = robots_middleware()
    page = parse(middleware, status, body)
    middleware.process_request_2(middleware._parsers["example.com"], page)  # no refusal


def test_robots_txt_rules_are_matched_on_our_product_token() -> None:
    middleware = robots_middleware()
    page = parse(middleware, 200, b"User-agent: newsharvest\nDisallow: /news/\n\nUser-agent: *\nAllow: /\n")
    with pytest.raises(Refused) as refused:
        middleware.process_request_2(middleware._parsers["example.com"], page)
    assert refused.value.reason == "robots_disallowed"


@pytest.mark.slow
def test_autothrottle_keeps_crawl_delay_and_the_contact_is_sent(
    huffpost_server: FixtureServer, tmp_path: Path
) -> None:
    result = crawl(
        huffpost_server.base_url, tmp_path / "archive.db", tmp_path,
        "-s", "NEWSHARVEST_CRAWL_DELAY_CAP=0.3",
        "-s", "NEWSHARVEST_CONTACT_URL=mailto:ops@example.org",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-4000:]
    assert "newsharvest.extensions.throttle.CrawlDelayAutoThrottle" in result.stderr  # the extension is on
    assert huffpost_server.log[0][1] == "/robots.txt"
    times = [t for t, path in huffpost_server.log if path.startswith("/entry/")]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(times) >= 5 and min(gaps) >= 0.25, gaps  # AutoThrottle never went below Crawl-delay
    agents = {headers.get("User-Agent") for headers in huffpost_server.headers}
    assert agents == {"newsharvest/0.1 (+mailto:ops@example.org)"}
    assert "newsharvest/refused/forbidden_address" not in stats_of(result)  # 127.0.0.1 allowed
