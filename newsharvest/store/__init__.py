"""STORE: the archive of articles, rejections and crawl runs (every SQL statement lives here).

`Archive.open()` a file or URL, then `store_batch()` items, many per transaction (the crawl's
`StorePipeline` batches them by count and age); read through `newsharvest.query`. Identity is the normalised
canonical URL (`identity.py`).
"""

from __future__ import annotations

from newsharvest.store.archive import Archive, default_database_url
from newsharvest.store.errors import ArchiveError, QueryError
from newsharvest.store.identity import identity_url

__all__ = ["Archive", "ArchiveError", "QueryError", "default_database_url", "identity_url"]
