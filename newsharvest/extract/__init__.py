"""Extraction: a pure library turning one page into a clean `Article` or a `Rejection`.

    from newsharvest.extract import extract_article
    record = extract_article(html_bytes, "https://www.huffpost.com/entry/...")

Layers, cheapest and most trustworthy first, over one parse of the page: structured data
(JSON-LD, meta), then the site's profile when there is one, then the generic extractor
(`newsharvest.extract.article`). Imports neither Scrapy nor SQLAlchemy, does no I/O, and
never raises on bad input.

Importing this package costs only the record types: a crawl process, which stores the
records its extraction workers send back and never extracts itself, imports them (and any
module of this package) without the extraction rules; `extract_article` imports those on
first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from newsharvest.extract.record import Article, Author, Caption, Dateline, Embed, Rejection

if TYPE_CHECKING:
    from newsharvest.extract.article import extract_article

__all__ = [
    "Article",
    "Author",
    "Caption",
    "Dateline",
    "Embed",
    "Rejection",
    "extract_article",
]


def __getattr__(name: str) -> Any:
    """`extract_article`, imported (with every extraction rule) when first asked for."""
    if name == "extract_article":
        function = importlib.import_module("newsharvest.extract.article").extract_article
        globals()[name] = function
        return function
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
