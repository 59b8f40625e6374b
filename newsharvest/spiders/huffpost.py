"""HuffPost: robots.txt → sitemap index → daily and Google-News sitemaps, plus the world-news feed."""

from __future__ import annotations

from newsharvest.spiders.base import NewsSpider


class HuffPostSpider(NewsSpider):
    """``scrapy crawl huffpost`` (live) or ``-a base_url=http://127.0.0.1:PORT`` (a replica)."""

    name = "huffpost"
    live_base_url = "https://www.huffpost.com"
    feed_paths = ("/section/world-news/feed",)
    article_url_pattern = r"^/entry/[\w-]+_[nb]_[0-9a-f]{24}"
    profile = "huffpost"
