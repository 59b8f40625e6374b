"""The `news` spider: any site, configured in the sites file or discovered from its address.

    scrapy crawl news -a site=huffpost              # a site of the sites file
    scrapy crawl news -a url=https://example.com    # any site: sitemaps and feeds discovered
    scrapy crawl news -a sites=all                  # every site of the sites file, in one process
    scrapy crawl news -a sites=huffpost,apnews      # the sites named

A site of the sites file (newsharvest/sites.toml, plus ``NEWSHARVEST_SITES_FILE``) is
crawled as configured; an unconfigured one through robots.txt, the usual sitemap paths and
the feeds its home page links, keeping URLs that look like articles (`looks_like_article`).
"""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import urlsplit

from newsharvest.sites import SiteConfig, site_config, site_names
from newsharvest.spiders.base import DiscoverySpider


class SiteSpider(DiscoverySpider):
    """``scrapy crawl news -a site=NAME`` or ``-a url=https://example.com`` (``-a base_url``
    points a configured site at a replica)."""

    name = "news"
    site_name: ClassVar[str | None] = None
    """The sites-file entry a subclass always crawls (huffpost, apnews); None: from ``-a``."""

    def __init__(
        self, *args: Any, site: str | None = None, url: str | None = None, sites: str | None = None,
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        if self.site_name is None and [bool(site), bool(url), bool(sites)].count(True) != 1:
            raise ValueError(
                "give the site(s) to crawl: -a site=NAME (from the sites file), -a sites=all, "
                "-a sites=NAME,NAME or -a url=https://..."
            )
        self.site_arg = site
        self.url_arg = url
        self.sites_arg = sites

    def site_configs(self, sites_file: str | None) -> list[SiteConfig]:
        if self.sites_arg and self.site_name is None:
            return [site_config(name, sites_file) for name in site_names(self.sites_arg, sites_file)]
        return [self.site_config(sites_file)]

    def site_config(self, sites_file: str | None) -> SiteConfig:
        if self.url_arg and self.site_name is None:
            parts = urlsplit(self.url_arg)
            if parts.scheme not in {"http", "https"} or not parts.hostname:
                raise ValueError(
                    f"-a url must be an http(s) address such as https://www.example.com, not {self.url_arg!r}"
                )
            return SiteConfig.for_url(self.url_arg)
        return site_config(self.site_name or self.site_arg or "", sites_file)
