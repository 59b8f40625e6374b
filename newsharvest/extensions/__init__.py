"""Scrapy extensions: throttling, the run lock, and measurements of the crawl itself; one per module."""
