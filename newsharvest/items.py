"""The items passed between the crawl's stages.

A spider yields a `RawPage`; `ExtractPipeline` turns it into an `Article` (exported and
stored) or a `Rejection` (stored, then dropped from feed exports).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsharvest.extract.record import Article, Author, Caption, Dateline, Rejection
from newsharvest.reasons import Reason, status_reason

__all__ = ["Article", "Author", "Caption", "Dateline", "RawPage", "Reason", "Rejection", "status_reason"]


@dataclass(slots=True)
class RawPage:
    """A fetched page exactly as the server sent it; spiders never parse article content."""

    url: str
    """The address requested first (before redirects)."""
    final_url: str
    """The address the body came from (after redirects)."""
    status: int
    """HTTP status code of the final response."""
    headers: dict[str, str] = field(default_factory=dict)
    """Response headers, names lower-cased, repeated headers joined by ", "."""
    body: bytes = b""
    """The raw (decompressed) response body."""
    fetched_at: str = ""
    """When the response arrived, ISO 8601 UTC."""
    source: str = ""
    """Where the URL was discovered ("sitemap", "feed", "start")."""
    profile: str | None = None
    """The extraction profile the spider's site uses, if it has one."""
    timezone: str | None = None
    """The site's configured time zone (IANA name) for times its pages print without offset."""
