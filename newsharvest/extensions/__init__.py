"""Scrapy extensions: throttling, the run lock, progress, and measurements of the crawl itself;
one per module.

An extension switched off by its setting raises a bare `NotConfigured`: with a message,
Scrapy logs a warning on every crawl for what is a deliberate choice.
"""
