"""HuffPost: robots.txt → sitemap index → daily and Google-News sitemaps, plus the world-news feed.

The site's entry in newsharvest/sites.toml says all that; this spider only keeps the name.
"""

from __future__ import annotations

from newsharvest.spiders.news import SiteSpider


class HuffPostSpider(SiteSpider):
    """``scrapy crawl huffpost`` (live) or ``-a base_url=http://127.0.0.1:PORT`` (a replica)."""

    name = "huffpost"
    site_name = "huffpost"
