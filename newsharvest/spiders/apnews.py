"""AP News: robots.txt → sitemap index → monthly and Google-News sitemaps, plus hub listings.

AP publishes no RSS feed for its sections; its ``/hub/<name>`` pages list the newest stories
instead, so they are configured as hubs (newsharvest/sites.toml), whose article links are
read like a feed's. Links on a replica's hub page still name the live site, and are mapped
onto the crawled base URL.
"""

from __future__ import annotations

from newsharvest.spiders.news import SiteSpider


class APNewsSpider(SiteSpider):
    """``scrapy crawl apnews`` (live) or ``-a base_url=http://127.0.0.1:PORT`` (a replica)."""

    name = "apnews"
    site_name = "apnews"
