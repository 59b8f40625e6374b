"""AP News: robots.txt → sitemap index → monthly and Google-News sitemaps, plus hub listings.

AP publishes no RSS feed for its sections; its ``/hub/<name>`` pages list the newest stories
instead, so the spider reads their article links as a feed. Links on a replica's hub page
still name the live site, and are mapped onto the crawled base URL.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.http import Response

from newsharvest.spiders.base import NewsSpider


class APNewsSpider(NewsSpider):
    """``scrapy crawl apnews`` (live) or ``-a base_url=http://127.0.0.1:PORT`` (a replica)."""

    name = "apnews"
    live_base_url = "https://apnews.com"
    article_url_pattern = r"^/article/(?:[\w-]+-)?[0-9a-f]{32}/?$"  # not /article/<slug>/gallery/…
    profile = "apnews"
    hub_paths: ClassVar[tuple[str, ...]] = ("/hub/world-news",)
    """Hub (listing) pages whose article links are followed, like a feed's."""

    async def start(self) -> AsyncIterator[Request]:
        """robots.txt and sitemaps as every news spider does, then the hub pages."""
        async for request in super().start():
            yield request
        for path in self.hub_paths:
            yield Request(self.url(path), callback=self.parse_hub, meta={"source": "hub"})

    def on_crawled_site(self, url: str) -> str:
        """`url` with the live origin replaced by the crawled one (the same URL on the live site)."""
        live = urlsplit(self.live_base_url)
        parts = urlsplit(url)
        if parts.scheme in {"http", "https"} and parts.netloc in {live.netloc, "www." + live.netloc}:
            return self.base_url + url[len(f"{parts.scheme}://{parts.netloc}") :]
        return url

    def parse_hub(self, response: Response) -> Iterator[Request]:
        """Every article link of a hub page, once each, in page order."""
        seen: set[str] = set()
        for href in response.css("a[href]::attr(href)").getall():
            url = self.on_crawled_site(urljoin(response.url, href.strip()))
            if url in seen:
                continue
            seen.add(url)
            request = self.article_request(url, "hub")
            if request is not None:
                yield request
