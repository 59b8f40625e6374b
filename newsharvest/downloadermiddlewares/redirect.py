"""HTTP redirects without Referer handling: newsharvest sends no Referer at all.

Scrapy's redirect middlewares look for its Referer spider middleware when the engine
starts and warn on every crawl when it is not there. newsharvest turns that middleware off
on purpose (see ``SPIDER_MIDDLEWARES`` in settings), so the redirects drop the header
without the warning; enabling the Referer middleware brings Scrapy's handling back.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.redirect import BaseRedirectMiddleware, RedirectMiddleware
from scrapy.spidermiddlewares.referer import RefererMiddleware


class NoRefererWarning(BaseRedirectMiddleware):
    """A redirect middleware that looks for the Referer middleware without warning."""

    def _engine_started(self) -> None:
        self._referer_spider_middleware = self.crawler.get_spider_middleware(RefererMiddleware)


class QuietRedirectMiddleware(NoRefererWarning, RedirectMiddleware):
    """Scrapy's `RedirectMiddleware`, without its warning that no Referer will be sent."""
