"""The records extraction produces: `Article` for a news story, `Rejection` for anything else.

Plain dataclasses, so that extraction stays free of Scrapy and SQLAlchemy; Scrapy exports
them as items as they are (`scrapy crawl huffpost -O articles.jsonl`), and the store reads
them field by field. Every field states its format in its docstring.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from newsharvest.reasons import Reason


@dataclass(slots=True)
class Author:
    """One person credited in the byline."""

    name: str
    """Display name as a reader would write it ("Matt O'Brien", not "MATT O'BRIEN")."""
    url: str | None = None
    """Absolute URL of the author's profile page on the site, when the page links one."""


@dataclass(slots=True)
class Dateline:
    """The place line opening a wire story, e.g. ``NEW DELHI (AP) —``."""

    place: str
    """The place as printed, upper case kept ("NEW DELHI", "LA CROSSE, Wis.")."""
    agency: str | None
    """The agency in parentheses, if any ("AP", "Reuters")."""
    raw: str
    """The dateline exactly as it opens the first paragraph, dash included."""


@dataclass(slots=True)
class Caption:
    """One photo of the story with its caption text and credit kept apart."""

    text: str
    """The caption without the credit; empty when the photo has only a credit."""
    credit: str | None = None
    """Photographer/agency credit ("Olivier Douliery/Pool Photo via AP"), no parentheses."""
    image_url: str | None = None
    """Absolute URL of the image file."""


@dataclass(slots=True)
class Embed:
    """A post or media embedded in the story (a tweet, an Instagram post, a video), kept out of `body`."""

    kind: str
    """The platform in lower case ("twitter", "instagram", "youtube", "tiktok", "facebook", "other")."""
    url: str | None = None
    """Absolute URL of the embedded post, when the embed links it."""
    text: str = ""
    """The embed's own visible text (the quoted post), whitespace collapsed; may be empty."""


@dataclass(slots=True)
class Article:
    """A clean record of one news article page.

    Dates are ISO 8601 strings with a UTC offset (``2023-03-02T11:45:00+00:00``); each
    normalised value has a ``*_raw`` twin holding the string found on the page.
    """

    url: str
    """The address the page was fetched from (after redirects)."""
    canonical_url: str
    """The page's own canonical address (``<link rel=canonical>``, og:url, JSON-LD), else `url`."""
    site_name: str | None = None
    """The publication ("HuffPost", "AP News")."""
    language: str | None = None
    """BCP 47 language tag of the page ("en", "en-US")."""
    headline: str = ""
    """The story's headline as the page shows it: entities decoded, whitespace collapsed, no
    site-name suffix or kicker."""
    headline_raw: str | None = None
    """The headline string as found (the `<h1>`, og:title, JSON-LD or `<title>` it came from)."""
    dek: str | None = None
    """The standfirst/subtitle under the headline."""
    authors: list[Author] = field(default_factory=list)
    """People in the byline, in byline order; never agencies or job titles."""
    agency: str | None = None
    """Wire agency credited for the story ("AP", "Reuters"), if any."""
    byline_raw: str | None = None
    """The byline text as printed on the page."""
    dateline: Dateline | None = None
    """The dateline opening the body, if the story has one."""
    date_published: str | None = None
    """First publication time, ISO 8601 with offset."""
    date_published_raw: str | None = None
    """The publication time as found on the page."""
    date_modified: str | None = None
    """Last update time, ISO 8601 with offset; never before `date_published`."""
    date_modified_raw: str | None = None
    """The update time as found on the page."""
    section: str | None = None
    """The site section the story is filed under ("World News")."""
    tags: list[str] = field(default_factory=list)
    """Topic labels as the page prints them, in page order, without duplicates."""
    body: str = ""
    """Body paragraphs in page order, joined by one blank line; no captions, ads or links."""
    captions: list[Caption] = field(default_factory=list)
    """Photos of the story with caption and credit, in page order, each photo once."""
    embeds: list[Embed] = field(default_factory=list)
    """Posts and media embedded in the story, in page order; their text is not in `body`."""
    top_image: str | None = None
    """Absolute URL of the lead image (og:image or the first photo)."""
    word_count: int = 0
    """Number of words in `body` (whitespace-separated tokens)."""

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON-ready values, nested records as dicts."""
        return dataclasses.asdict(self)


@dataclass(slots=True)
class Rejection:
    """A fetched page that did not become an article, and why.

    `reason` is a stable code meant for counting and querying: a `Reason`, one of
    `EXTRACTION_REASONS` (the page came but is no article) or `FETCH_REASONS` (the page could
    not be fetched, or was not, and why), see `newsharvest.reasons`
    (and `STORE_REASONS`: the archive refused the page's record).
    """

    url: str
    """The address the page was fetched from."""
    reason: Reason
    """Stable reason code (see the class docstring)."""
    detail: str = ""
    """A human-readable explanation ("HTTP 404", "og:type is video")."""

    def to_dict(self) -> dict[str, Any]:
        """The rejection as plain JSON-ready values."""
        return dataclasses.asdict(self)


