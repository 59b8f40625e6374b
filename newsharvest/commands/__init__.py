"""Scrapy commands of the project (``COMMANDS_MODULE``): `crawl` with one-line errors and
exit statuses a scheduler can act on."""
