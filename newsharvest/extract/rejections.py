"""Pages that must not become articles: recognised early, each with a stable reason code."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newsharvest.extract.document import Document, collapse

_BINARY_SIGNATURES = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")
_CHALLENGE_TITLES = re.compile(
    r"Attention Required! \| Cloudflare|Just a moment\.\.\.|Pardon Our Interruption|"
    r"Access denied|Are you a robot\?|Checking your browser",
    re.I,
)
_CHALLENGE_MARKERS = (
    "cf-browser-verification",
    "cf_chl_opt",
    "challenge-platform",
    "/cdn-cgi/challenge",
    "checking your browser before",
    "please enable js and disable any ad blocker",
    "px-captcha",
    "_incapsula_resource",
    "captcha-delivery.com",  # DataDome
)
"""Lower-case snippets of anti-bot interstitials' markup (plain substrings: cheap on every page)."""
_PAYWALL_MARKERS = re.compile(
    r"subscribe to (?:continue|keep) reading|this (?:article|content) is (?:for|available to) "
    r"subscribers|already a subscriber\? (?:log|sign) in|to read the full (?:story|article)",
    re.I,
)


def looks_binary(data: str | bytes) -> bool:
    """True for bytes that are plainly not a web page (PDF, images, archives, NUL bytes)."""
    head = data[:1024] if isinstance(data, bytes) else data[:1024].encode("utf-8", "replace")
    if head.lstrip().startswith(_BINARY_SIGNATURES):
        return True
    return b"\x00" in head


_MARKUP_TAG = re.compile(r"<(?:!doctype|html|head|body|div|p|article|meta|title|table)\b", re.I)
_LEADING_NOISE = re.compile(
    r"\s*(?:<!--.*?-->|<!(?!doctype)[^>]*>|<(script|style|noscript)\b.*?</\1\s*>|<\?.*?\?>)",
    re.I | re.S,
)
_SCAN_BYTES = 65_536


def looks_like_markup(text: str) -> bool:
    """True when the text has HTML tags near its start (not JSON, CSV or plain prose).

    Comments, scripts and styles opening a page do not count as its start: some templates
    emit kilobytes of them before the first tag.
    """
    head = text[:_SCAN_BYTES]
    start = 0
    while (noise := _LEADING_NOISE.match(head, start)) is not None and noise.end() > start:
        start = noise.end()
    return bool(_MARKUP_TAG.search(head, start, start + 4096))


CHALLENGE_MAX_BYTES = 60_000
"""Interstitials are small; a larger page is only checked by its title."""


def is_challenge(doc: Document) -> bool:
    """True for an anti-bot interstitial (Cloudflare, PerimeterX, DataDome…) served as 200."""
    title = collapse(doc.root.findtext(".//title")) if doc.root is not None else ""
    if title and _CHALLENGE_TITLES.search(title) and len(doc.html) < CHALLENGE_MAX_BYTES * 4:
        return True
    if len(doc.html) >= CHALLENGE_MAX_BYTES:
        return False
    html = doc.html.lower()
    return any(marker in html for marker in _CHALLENGE_MARKERS)


def is_paywall_stub(doc: Document, body_words: int, jsonld_free: object) -> bool:
    """True for a teaser cut short by a paywall: flagged not free, or a subscribe prompt,
    with little text."""
    if body_words >= 250:
        return False
    if jsonld_free in (False, "False", "false"):
        return True
    text = collapse(doc.root.text_content()) if doc.root is not None else ""
    return bool(_PAYWALL_MARKERS.search(text))


def is_single_story(url: str, canonical_url: str | None, og_type: str | None, has_article_node: bool) -> bool:
    """Whether the page says it is one story: a JSON-LD article, og:type article, or a story-like
    address (dated path, long slug or id, not a tag/section/author path).

    A short text on such a page is a short post (a blog's three lines under a photo), not the
    scraps of a front page or listing.
    """
    from newsharvest.sites import looks_like_article

    if has_article_node or og_type == "article":
        return True
    for address in (canonical_url, url):
        path = urlsplit(address or "").path
        if path and looks_like_article(path):
            return True
    return False
