"""`SiteProfile`: where a site keeps each part of its article pages.

Apart from the registry in `newsharvest.extract.profiles`, so that each site's profile
module imports it without importing the registry that imports them.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class SiteProfile:
    """Where a site keeps each part of its article pages (CSS selectors, first match wins)."""

    name: str
    """Short name of the profile ("huffpost"), also the spider's name."""
    hosts: tuple[str, ...]
    """Host names (and their subdomains) the profile applies to."""
    headline: tuple[str, ...] = ("h1",)
    """Headline elements; here and for `dek` the first non-empty one wins, a <meta> by content."""
    dek: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    """Elements holding one author each; a link inside gives the profile URL."""
    wire_byline: tuple[str, ...] = ()
    """Elements holding a wire byline ("Matthew Lee"), parsed like a printed byline."""
    agency: tuple[str, ...] = ()
    """Elements naming the wire partner ("Associated Press")."""
    byline: tuple[str, ...] = ()
    """Elements holding a printed byline ("By A and B"): its text is the raw byline, its people
    are the authors when `authors` finds nobody."""
    section: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    """Elements, one per topic label, in page order."""
    published: tuple[str, ...] = ()
    """Elements whose `datetime`/`data-timestamp` attribute or text is the publication date."""
    modified: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    """Body blocks in page order; a block with <p>/<li> children gives one paragraph each."""
    figures: tuple[str, ...] = ()
    caption_text: tuple[str, ...] = ()
    """Inside a figure: the caption text without the credit."""
    caption_credit: tuple[str, ...] = ()
    """Inside a figure: the credit."""
    drop: tuple[str, ...] = ()
    """Blocks that are never story text, even inside the body container."""
    not_article_types: tuple[str, ...] = ()
    """og:type / JSON-LD types that mark a page of this site as not an article."""

    def matches(self, url: str) -> bool:
        """True when `url` is on one of the profile's hosts."""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == h or host.endswith("." + h) for h in self.hosts)
