"""Sends a request only while its site's lease is known held (`extensions.siteleases`)."""

from __future__ import annotations

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Response

from newsharvest.downloadermiddlewares.leases import LeaseLost
from newsharvest.extensions.siteleases import SiteLeases


class LeaseHeldDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP(S) handler, asking `SiteLeases.may_send` first when sites are leased.

    The check is here, as the request leaves, not in a downloader middleware: a request passes
    the middlewares before it waits in its site's download slot (the download delay, up to
    ``CONCURRENT_REQUESTS`` of them), so what waited there was sent, one per delay, before and
    even after the crawler learnt that the site went to another crawler (`LostLeaseMiddleware`
    only stops what is still in the scheduler). Without ``NEWSHARVEST_SITE_LEASES`` it is
    Scrapy's handler.
    Dropped requests are counted as ``newsharvest/leases/dropped``.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.crawler = crawler
        self.leases: SiteLeases | None = None
        self.looked_up = False

    def site_leases(self) -> SiteLeases | None:
        """The crawl's `SiteLeases` extension (built after the downloader: looked up once sending)."""
        if not self.looked_up:
            extensions = getattr(self.crawler, "extensions", None)
            found = [ext for ext in getattr(extensions, "middlewares", ()) if isinstance(ext, SiteLeases)]
            self.leases = found[0] if found else None
            self.looked_up = True
        return self.leases

    async def download_request(self, request: Request) -> Response:
        leases = self.site_leases()
        if leases is not None and not await leases.may_send(request.url):
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("newsharvest/leases/dropped")
            raise LeaseLost(f"{request.url}: the site's lease is not known held any more")
        return await super().download_request(request)
