"""Discovery shared by every news spider: robots.txt → sitemaps (and indexes) → pages, and feeds.

A spider only fetches: it yields each article page as a `RawPage` and never parses content.
The site's address comes from ``-a base_url=http://127.0.0.1:PORT`` (a replica) or defaults
to the live site, so the same code crawls both.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

import lxml.etree
from scrapy import Request, Spider
from scrapy.http import Response
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from newsharvest.items import RawPage
from newsharvest.urls import strip_tracking

_XML_PARSER = lxml.etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, recover=True, remove_comments=True
)
ARTICLE_STATUSES = [404, 410]
"""Statuses an article request hands to the spider (to be recorded as rejections)."""


class NewsSpider(Spider):
    """Base class: subclasses name the live site, its feeds and what an article URL looks like."""

    live_base_url: ClassVar[str] = ""
    """The live site's origin, e.g. ``https://www.huffpost.com``."""
    feed_paths: ClassVar[tuple[str, ...]] = ()
    """Paths of RSS/Atom feeds listing new articles."""
    extra_sitemap_paths: ClassVar[tuple[str, ...]] = ()
    """Sitemaps to read even if robots.txt does not list them."""
    article_url_pattern: ClassVar[str] = r"."
    """Regex an article URL's path must match to be fetched."""
    profile: ClassVar[str | None] = None
    """Extraction profile for this site's pages (see newsharvest.extract.profiles)."""

    def __init__(self, *args: Any, base_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.base_url = (base_url or self.live_base_url).rstrip("/")
        scheme = urlsplit(self.base_url).scheme
        if scheme not in {"http", "https"}:
            raise ValueError(f"base_url must be an http(s) URL, not {self.base_url!r}")
        host = urlsplit(self.base_url).hostname or ""
        self.allowed_domains = [host]
        self._article_re = re.compile(self.article_url_pattern)

    # --- discovery ------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        """robots.txt first (it names the sitemaps), then the feeds and any extra sitemaps."""
        yield Request(self.url("/robots.txt"), callback=self.parse_robots, meta={"source": "robots"})
        for path in self.feed_paths:
            yield Request(self.url(path), callback=self.parse_feed, meta={"source": "feed"})
        for path in self.extra_sitemap_paths:
            yield self.sitemap_request(self.url(path), depth=0)

    def url(self, path: str) -> str:
        """An absolute URL on the crawled site."""
        return urljoin(self.base_url + "/", path.lstrip("/"))

    def sitemap_request(self, url: str, depth: int) -> Request:
        return Request(
            url, callback=self.parse_sitemap, meta={"source": "sitemap", "sitemap_depth": depth}
        )

    def article_request(self, url: str, source: str, **meta: Any) -> Request | None:
        """A request for a page that looks like an article, None otherwise.

        Tracking parameters are dropped first, so a story listed as ``?ncid=rss`` in the feed
        and plainly in the sitemap is fetched once.
        """
        url = strip_tracking(url)
        if not self._article_re.search(urlsplit(url).path):
            return None
        return Request(
            url,
            callback=self.parse_page,
            meta={"source": source, "handle_httpstatus_list": ARTICLE_STATUSES, **meta},
        )

    def parse_robots(self, response: Response) -> Iterator[Request]:
        """Follow every Sitemap line of robots.txt."""
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            yield self.sitemap_request(url, depth=0)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        """A sitemap index leads to more sitemaps; a urlset to article pages."""
        body = self._sitemap_body(response)
        if body is None:
            self.logger.warning("Not a sitemap: %s", response.url)
            self._count("sitemap_invalid")
            return
        try:
            sitemap = Sitemap(body)
        except (lxml.etree.XMLSyntaxError, StopIteration):
            self.logger.warning("Unreadable sitemap: %s", response.url)
            self._count("sitemap_invalid")
            return
        depth = response.meta.get("sitemap_depth", 0)
        if sitemap.type == "sitemapindex":
            if depth >= self.settings.getint("NEWSHARVEST_SITEMAP_MAX_DEPTH", 3):
                self.logger.warning("Sitemap index nested too deep: %s", response.url)
                return
            for entry in sitemap:
                yield self.sitemap_request(urljoin(response.url, entry["loc"]), depth + 1)
        elif sitemap.type == "urlset":
            for entry in sitemap:
                request = self.article_request(
                    urljoin(response.url, entry["loc"]), "sitemap", lastmod=entry.get("lastmod")
                )
                if request is not None:
                    yield request

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """RSS <item><link> and Atom <entry><link href> lead to article pages."""
        try:
            root = lxml.etree.fromstring(response.body, parser=_XML_PARSER)
        except lxml.etree.XMLSyntaxError:
            root = None
        if root is None:
            self.logger.warning("Unreadable feed: %s", response.url)
            self._count("feed_invalid")
            return
        links = root.xpath("//item/link/text() | //*[local-name()='entry']/*[local-name()='link']/@href")
        for link in links:
            request = self.article_request(urljoin(response.url, str(link)), "feed")
            if request is not None:
                yield request

    def _sitemap_body(self, response: Response) -> bytes | None:
        """The sitemap XML, gunzipped within the size cap; None when it is not XML."""
        max_size = self.settings.getint("NEWSHARVEST_SITEMAP_MAX_BYTES", 50 * 1024 * 1024)
        body = response.body
        if gzip_magic_number(response):
            try:
                body = gunzip(body, max_size=max_size)
            except Exception:  # gunzip raises a private error type past the cap or on bad data
                self._count("sitemap_too_large")
                return None
        if len(body) > max_size:
            self._count("sitemap_too_large")
            return None
        return body if b"<" in body[:1024] else None

    def _count(self, key: str) -> None:
        if self.crawler.stats:
            self.crawler.stats.inc_value(f"newsharvest/{key}")

    # --- pages ----------------------------------------------------------------------------
    def parse_page(self, response: Response) -> Iterator[RawPage]:
        """Hand the page on as it came; extraction happens in the item pipeline."""
        redirects = response.meta.get("redirect_urls") or [response.url]
        headers = {
            key.decode("latin-1").lower(): b", ".join(values).decode("latin-1")
            for key, values in response.headers.items()
        }
        yield RawPage(
            url=redirects[0],
            final_url=response.url,
            status=response.status,
            headers=headers,
            body=response.body,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            source=response.meta.get("source", ""),
            profile=self.profile,
        )
