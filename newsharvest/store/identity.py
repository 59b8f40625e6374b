"""Article identity: the one normalised address an article is stored under.

The same story reaches the crawler under many addresses (tracking parameters, AMP pages,
http/https, a trailing slash, a fragment); `identity_url` maps them all to one string so
that the archive keeps one row per article however often and however it is seen. The function
itself is pure and lives in `newsharvest.urls`, where extraction workers import it without the
store.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from newsharvest.urls import AMP_PARAMS as AMP_PARAMS
from newsharvest.urls import identity_url as identity_url


@lru_cache(maxsize=16_384)
def host_of(url: str) -> str:
    """The site host of a normalised address (``huffpost.com``), '' when it has none."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
