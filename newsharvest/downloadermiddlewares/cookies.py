"""Scrapy's cookie middleware, imported only when cookies are on.

Scrapy imports every component it lists before it asks any to configure itself, and its cookie
middleware's module brings in tldextract, requests and filelock. Cookies are off by default
(articles are public; cookies invite consent walls and tracking), so this stand-in, in its
place in ``DOWNLOADER_MIDDLEWARES_BASE``, declines without that import, and builds Scrapy's own
middleware when ``COOKIES_ENABLED`` is set anywhere (the project, a spider, ``-s``).
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class CookiesWhenEnabled:
    """Builds ``scrapy.downloadermiddlewares.cookies.CookiesMiddleware`` if cookies are on."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        if not crawler.settings.getbool("COOKIES_ENABLED"):
            raise NotConfigured  # without a message: Scrapy logs a message as a warning
        from scrapy.downloadermiddlewares.cookies import CookiesMiddleware

        return CookiesMiddleware.from_crawler(crawler)
