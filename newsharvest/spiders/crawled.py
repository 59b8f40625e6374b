"""The sites of a crawl: each one's configuration, where it is crawled and which of its paths
are articles (`CrawledSite`), and the ``-a base_urls`` argument that places them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from newsharvest.sites import SiteConfig, looks_like_article


def named_urls(text: str) -> dict[str, str]:
    """``-a base_urls=huffpost=http://127.0.0.2:8000,apnews=http://127.0.0.3:8000`` as a dict."""
    urls: dict[str, str] = {}
    for pair in text.split(","):
        name, sep, url = pair.partition("=")
        if not sep or not name.strip() or not url.strip():
            raise ValueError(f"-a base_urls takes NAME=URL pairs separated by commas, not {pair!r}")
        urls[name.strip()] = url.strip()
    return urls


@dataclass(frozen=True, slots=True)
class CrawledSite:
    """One site of a crawl: its configuration, where it is crawled, which paths are articles."""

    config: SiteConfig
    base_url: str
    """Where it is crawled: ``-a base_url`` (a replica) or its live origin; no trailing slash."""
    live_base_url: str
    host: str
    article_re: re.Pattern[str] | None

    @classmethod
    def of(cls, config: SiteConfig, base_url: str | None) -> CrawledSite:
        """`config` crawled at `base_url` (None: at its live address)."""
        crawled = (base_url or config.base_url).rstrip("/")
        if urlsplit(crawled).scheme not in {"http", "https"}:
            raise ValueError(f"-a base_url must be an http(s) address, not {crawled!r}")
        pattern = config.article_pattern
        return cls(
            config=config,
            base_url=crawled,
            live_base_url=config.base_url,
            host=(urlsplit(crawled).hostname or "").lower(),
            article_re=re.compile(pattern) if pattern else None,
        )

    def url(self, path: str) -> str:
        """An absolute URL on the site (a URL of the live site is mapped onto it)."""
        return self.on_crawled_site(urljoin(self.base_url + "/", path.lstrip("/")))

    def on_crawled_site(self, url: str) -> str:
        """`url` with the live origin replaced by the crawled one (the same URL on the live site)."""
        live = urlsplit(self.live_base_url)
        parts = urlsplit(url)
        if parts.scheme in {"http", "https"} and parts.netloc in {live.netloc, "www." + live.netloc}:
            return self.base_url + url[len(f"{parts.scheme}://{parts.netloc}") :]
        return url

    def is_article_path(self, path: str) -> bool:
        """Whether `path` matches the site's article pattern (no pattern: the generic heuristic)."""
        if self.article_re is not None:
            return bool(self.article_re.search(path))
        return looks_like_article(path)
