"""Discovery shared by every news spider: robots.txt → sitemaps (and indexes) → pages, and feeds.

A spider only fetches: it yields each article page as a `RawPage` and never parses content.
What to crawl comes from the site's `SiteConfig` (newsharvest/sites.toml); the site's
address from ``-a base_url=http://127.0.0.1:PORT`` (a replica) or the live site's, so the
same code crawls both. Which discovered articles are actually fetched (new ones, changed
ones) is decided by the frontier (`newsharvest.frontier`, its spider middleware), not here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

import lxml.etree
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from newsharvest.items import RawPage, Rejection
from newsharvest.reasons import Reason
from newsharvest.sites import SiteConfig
from newsharvest.spiders.crawled import CrawledSite, named_urls
from newsharvest.urls import on_host, strip_tracking, url_host

_XML_PARSER = lxml.etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, recover=True, remove_comments=True
)
ARTICLE_STATUSES = [404, 410]
"""Statuses an article request hands to the spider (to be recorded as rejections)."""


SITEMAP_PROBES = ("/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml")
"""Where sites keep sitemaps that robots.txt does not name (probed when discovering)."""
FEED_TYPES = ("application/rss+xml", "application/atom+xml")


class DiscoverySpider(Spider):
    """Base class of the spiders (not itself one): discovery for the `SiteConfig` a subclass names
    (`site_config`); `SiteSpider` is the `news` spider."""

    config: SiteConfig
    """The crawled site (set by `from_crawler`, which knows the settings)."""

    def __init__(
        self, *args: Any, base_url: str | None = None, base_urls: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.base_url_arg = base_url
        self.base_urls_arg = named_urls(base_urls) if base_urls else {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.configure_sites(spider.site_configs(crawler.settings.get("NEWSHARVEST_SITES_FILE")))
        return spider

    @classmethod
    def check_arguments(cls, sites_file: str | None, **spider_args: Any) -> None:
        """Raise `ValueError` (one line naming the argument or the sites file and the fix)
        when a crawl with these ``-a`` arguments could not start; nothing is fetched."""
        spider = cls(**spider_args)
        spider.configure_sites(spider.site_configs(sites_file))

    def site_config(self, sites_file: str | None) -> SiteConfig:
        """The site to crawl (`sites_file`: the ``NEWSHARVEST_SITES_FILE`` setting)."""
        raise NotImplementedError

    def site_configs(self, sites_file: str | None) -> list[SiteConfig]:
        """Every site this crawl covers (one, unless a subclass crawls several)."""
        return [self.site_config(sites_file)]

    def configure(self, config: SiteConfig) -> None:
        """Crawl `config`'s site at ``base_url`` (the ``-a base_url`` given, else the live one)."""
        self.configure_sites([config])

    def configure_sites(self, configs: list[SiteConfig]) -> None:
        """Crawl every site of `configs`, each on its own host (so each has its own download
        slot, robots.txt and Crawl-delay); the first is also the spider's `config`."""
        if len(configs) > 1 and self.base_url_arg:
            raise ValueError("-a base_url is for one site; for several use -a base_urls=NAME=URL,NAME=URL")
        unknown = sorted(set(self.base_urls_arg) - {config.name for config in configs})
        if unknown:
            raise ValueError(f"-a base_urls names site(s) this crawl does not cover: {', '.join(unknown)}")
        self.sites: dict[str, CrawledSite] = {}
        hosts: dict[str, str] = {}
        for config in configs:
            given = self.base_url_arg if len(configs) == 1 else None
            site = CrawledSite.of(config, self.base_urls_arg.get(config.name, given))
            if site.host in hosts:
                raise ValueError(f"sites {hosts[site.host]} and {config.name} are both on {site.host}")
            hosts[site.host] = config.name
            self.sites[config.name] = site
        first = self.sites[configs[0].name]
        self.config = first.config
        self.live_base_url = first.live_base_url
        self.base_url = first.base_url
        self.allowed_domains = [site.host for site in self.sites.values()]
        self.lost_hosts: set[str] = set()  # of sites another crawler took mid-crawl: not fetched
        self.spare_sites: dict[str, CrawledSite] = {}  # configured, not crawled (yet): site leases
        self.profile = first.config.profile
        self.timezone = first.config.timezone

    def keep_sites(self, names: list[str]) -> None:
        """Crawl only the sites of `names` (the others are crawled elsewhere: site leases); the
        others are set aside, for `add_sites`."""
        self.spare_sites = {name: site for name, site in self.sites.items() if name not in names}
        self.sites = {name: site for name, site in self.sites.items() if name in names}
        self.allowed_domains = [site.host for site in self.sites.values()]

    def add_sites(self, names: list[str]) -> list[CrawledSite]:
        """Crawl also the sites of `names` set aside by `keep_sites` (leased mid-crawl); they
        are returned, for their `site_start` requests."""
        added = [self.spare_sites.pop(name) for name in names if name in self.spare_sites]
        for site in added:
            self.sites[site.config.name] = site
            self.lost_hosts.discard(site.host)
        self.allowed_domains = [site.host for site in self.sites.values()]
        return added

    def lose_sites(self, names: set[str]) -> None:
        """Stop fetching the sites of `names`: their leases went to another crawler."""
        self.lost_hosts |= {self.sites[name].host for name in names if name in self.sites}

    def is_lost(self, url: str) -> bool:
        """Whether `url` is on a site this crawler lost (`lose_sites`)."""
        host = url_host(url) if self.lost_hosts else ""
        return any(on_host(host, lost) for lost in self.lost_hosts)

    def site_for(self, url: str) -> CrawledSite:
        """The crawled site `url` is on (by host; the first site when none matches)."""
        host = url_host(url)
        for site in self.sites.values():
            if on_host(host, site.host):
                return site
        return next(iter(self.sites.values()))

    # --- discovery ------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        """Per site: robots.txt first (it names the sitemaps), then feeds, sitemaps and hubs
        configured; a site being discovered also gets the usual sitemap paths and its home page."""
        for site in self.sites.values():
            for request in self.site_start(site):
                yield request

    def site_start(self, site: CrawledSite) -> Iterator[Request]:
        """The first requests of one site."""
        yield Request(site.url("/robots.txt"), callback=self.parse_robots, meta={"source": "robots"})
        for path in site.config.feeds:
            yield self.feed_request(site.url(path))
        for path in site.config.sitemaps:
            yield self.sitemap_request(site.url(path), depth=0)
        for path in site.config.hubs:
            yield Request(site.url(path), callback=self.parse_hub, meta={"source": "hub"})
        if site.config.discover:
            for path in SITEMAP_PROBES:
                yield self.sitemap_request(site.url(path), depth=0)
            yield Request(site.url("/"), callback=self.parse_home, meta={"source": "home"})

    def url(self, path: str) -> str:
        """An absolute URL on the (first) crawled site (a URL of the live site is mapped onto it)."""
        return next(iter(self.sites.values())).url(path)

    def on_crawled_site(self, url: str) -> str:
        """`url` with a live origin replaced by the crawled one (the same URL on the live site)."""
        for site in self.sites.values():
            mapped = site.on_crawled_site(url)
            if mapped != url:
                return mapped
        return url

    def feed_request(self, url: str) -> Request:
        return Request(url, callback=self.parse_feed, meta={"source": "feed"})

    def sitemap_request(self, url: str, depth: int) -> Request:
        return Request(url, callback=self.parse_sitemap, meta={"source": "sitemap", "sitemap_depth": depth})

    def article_request(self, url: str, source: str, **meta: Any) -> Request | None:
        """A request for a page that looks like an article, None otherwise.

        Tracking parameters are dropped first, so a story listed as ``?ncid=rss`` in the feed
        and plainly in the sitemap is fetched once.
        """
        url = strip_tracking(self.on_crawled_site(url))
        if not self.is_article_url(url):
            return None
        return Request(
            url,
            callback=self.parse_page,
            meta={"source": source, "handle_httpstatus_list": ARTICLE_STATUSES, "frontier": True, **meta},
        )

    def is_article_url(self, url: str) -> bool:
        """On a crawled site, and matching its article pattern (for a site without one, the
        generic heuristic). Another host's URL is not queued to be refused later."""
        host = url_host(url)
        if not any(on_host(host, domain) for domain in self.allowed_domains):
            return False
        return self.site_for(url).is_article_path(urlsplit(url).path)

    def parse_robots(self, response: Response) -> Iterator[Request]:
        """Follow every Sitemap line of robots.txt."""
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            yield self.sitemap_request(url, depth=0)

    def parse_sitemap(self, response: Response) -> Iterator[Request | Rejection]:
        """A sitemap index leads to more sitemaps; a urlset to article pages.

        Entities are never expanded (Scrapy's `Sitemap` parses with resolve_entities=False);
        an index is followed for its newest ``NEWSHARVEST_SITEMAP_MAX_CHILDREN`` sitemaps and a
        urlset read for its first ``NEWSHARVEST_SITEMAP_MAX_URLS`` URLs; a sitemap refused or
        cut short is recorded with a reason.
        """
        body = self._sitemap_body(response)
        if isinstance(body, Rejection):
            yield body
            return
        if body is None:
            yield self._refused(response.url, Reason.INVALID_SITEMAP, "not XML")
            return
        try:
            sitemap = Sitemap(body)
        except (lxml.etree.XMLSyntaxError, StopIteration, AttributeError, ValueError):
            sitemap = None
        if sitemap is None or sitemap.type not in ("sitemapindex", "urlset"):
            yield self._refused(response.url, Reason.INVALID_SITEMAP, "neither a sitemap index nor a urlset")
            return
        depth = response.meta.get("sitemap_depth", 0)
        if sitemap.type == "sitemapindex":
            if depth >= self.settings.getint("NEWSHARVEST_SITEMAP_MAX_DEPTH"):
                self.logger.warning("Sitemap index nested too deep: %s", response.url)
                return
            children = list(sitemap)
            cap = self.settings.getint("NEWSHARVEST_SITEMAP_MAX_CHILDREN")
            if len(children) > cap:
                detail = f"{len(children)} sitemaps listed; the newest {cap} followed"
                children.sort(key=lambda entry: entry.get("lastmod") or "", reverse=True)
                children = children[:cap]
                yield self._refused(response.url, Reason.TOO_MANY_ENTRIES, detail)
            for entry in children:
                yield self.sitemap_request(urljoin(response.url, entry["loc"]), depth + 1)
        elif sitemap.type == "urlset":
            cap = self.settings.getint("NEWSHARVEST_SITEMAP_MAX_URLS")
            for number, entry in enumerate(sitemap):
                if number == cap:
                    detail = f"more than {cap} URLs; the first {cap} read"
                    yield self._refused(response.url, Reason.TOO_MANY_ENTRIES, detail)
                    break
                request = self.article_request(
                    urljoin(response.url, entry["loc"]), "sitemap", lastmod=entry.get("lastmod")
                )
                if request is not None:
                    yield request

    def parse_feed(self, response: Response) -> Iterator[Request | Rejection]:
        """RSS <item><link> and Atom <entry><link href> lead to article pages.

        Parsed without entity expansion or network access; a feed over
        ``NEWSHARVEST_FEED_MAX_BYTES`` is refused, one over ``NEWSHARVEST_FEED_MAX_ITEMS`` cut.
        """
        max_bytes = self.settings.getint("NEWSHARVEST_FEED_MAX_BYTES")
        if len(response.body) > max_bytes:
            yield self._refused(response.url, Reason.TOO_LARGE, f"feed of {len(response.body)} bytes")
            return
        try:
            root = lxml.etree.fromstring(response.body, parser=_XML_PARSER)
        except lxml.etree.XMLSyntaxError:
            root = None
        if root is None:
            yield self._refused(response.url, Reason.INVALID_FEED, "unreadable XML")
            return
        links = root.xpath("//item/link/text() | //*[local-name()='entry']/*[local-name()='link']/@href")
        cap = self.settings.getint("NEWSHARVEST_FEED_MAX_ITEMS")
        if len(links) > cap:
            detail = f"{len(links)} items; the first {cap} read"
            yield self._refused(response.url, Reason.TOO_MANY_ENTRIES, detail)
            links = links[:cap]
        for link in links:
            request = self.article_request(urljoin(response.url, str(link)), "feed")
            if request is not None:
                yield request

    def parse_hub(self, response: Response) -> Iterator[Request]:
        """Every article link of a listing (hub) page, once each, in page order."""
        seen: set[str] = set()
        for href in response.css("a[href]::attr(href)").getall():
            url = urljoin(response.url, href.strip())
            if url in seen:
                continue
            seen.add(url)
            request = self.article_request(url, "hub")
            if request is not None:
                yield request

    def parse_home(self, response: Response) -> Iterator[Request]:
        """The home page of a site being discovered: its RSS/Atom ``<link rel=alternate>`` feeds,
        and its article links (the front page is the newest listing there is)."""
        if not hasattr(response, "css"):  # not HTML
            return
        for link in response.css("link[href]"):
            rel = (link.attrib.get("rel") or "").lower().split()
            kind = (link.attrib.get("type") or "").lower().split(";")[0].strip()
            if "alternate" in rel and kind in FEED_TYPES:
                yield self.feed_request(self.on_crawled_site(urljoin(response.url, link.attrib["href"])))
        yield from self.parse_hub(response)

    def _sitemap_body(self, response: Response) -> bytes | Rejection | None:
        """The sitemap XML, gunzipped within the size cap; a rejection past the cap (a gzip
        bomb stops there), None when it is not XML."""
        max_size = self.settings.getint("NEWSHARVEST_SITEMAP_MAX_BYTES")
        body = response.body
        if gzip_magic_number(response):
            try:
                body = gunzip(body, max_size=max_size)
            except Exception:  # gunzip raises a private error type past the cap or on bad data
                detail = f"gzipped sitemap over {max_size} bytes unpacked"
                return self._refused(response.url, Reason.TOO_LARGE, detail)
        if len(body) > max_size:
            return self._refused(response.url, Reason.TOO_LARGE, f"sitemap of {len(body)} bytes")
        return body if b"<" in body[:1024] else None

    def _refused(self, url: str, reason: Reason, detail: str) -> Rejection:
        """A discovery document refused or cut short: counted, logged, recorded for its URL."""
        self._count(f"refused/{reason}")
        self.logger.warning("Refused (%s): %s: %s", reason, url, detail)
        return Rejection(url=url, reason=reason, detail=detail)

    def _count(self, key: str) -> None:
        if self.crawler.stats:
            self.crawler.stats.inc_value(f"newsharvest/{key}")

    # --- pages ----------------------------------------------------------------------------
    def parse_page(self, response: Response) -> Iterator[RawPage]:
        """Hand the page on as it came; extraction happens in the item pipeline."""
        redirects = response.meta.get("redirect_urls") or [response.url]
        config = self.site_for(redirects[0]).config
        headers = {  # the stored lists as they are: Headers.items() normalises each again
            key.decode("latin-1").lower(): b", ".join(values).decode("latin-1")
            for key, values in dict.items(response.headers)
        }
        yield RawPage(
            url=redirects[0],
            final_url=response.url,
            status=response.status,
            headers=headers,
            body=response.body,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            source=response.meta.get("source", ""),
            profile=config.profile,
            timezone=config.timezone,
        )
