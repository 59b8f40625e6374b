"""Pages that must not become articles: recognised early, each with a stable reason code."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree
from w3lib.encoding import read_bom

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
_PAYWALL_PHRASES = (
    "subscribe to continue reading",
    "subscribe to keep reading",
    "this article is for subscribers",
    "this article is available to subscribers",
    "this content is for subscribers",
    "this content is available to subscribers",
    "already a subscriber? log in",
    "already a subscriber? sign in",
    "to read the full story",
    "to read the full article",
)
"""A subscribe prompt's words (lower case, single-spaced), any letter case on the page."""
_PAYWALL_MARKERS = re.compile("|".join(map(re.escape, _PAYWALL_PHRASES)), re.I)


_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
"""Bytes no text encoding but UTF-16/32 produces (WHATWG MIME sniffing's "binary data bytes")."""
BINARY_SHARE = 0.1
"""A head with more binary bytes than this share is not text (random bytes give about 0.105)."""


def looks_binary(data: str | bytes) -> bool:
    """True for bytes that are plainly not a web page: a PDF, image or archive signature, or
    a first KB of which more than a tenth is binary bytes. A page with a byte-order mark is
    text (UTF-16 is half NUL bytes), and a stray NUL or control byte does not make a page binary."""
    if isinstance(data, bytes) and read_bom(data)[0] is not None:
        return False
    head = data[:1024] if isinstance(data, bytes) else data[:1024].encode("utf-8", "surrogatepass")
    if head.lstrip().startswith(_BINARY_SIGNATURES):
        return True
    return len(_BINARY_BYTES.findall(head)) > BINARY_SHARE * len(head)


_XML_SPACE = " \t\r\n"
"""XPath's whitespace (`normalize-space`): a no-break space is text."""


def has_body_text(root: etree._Element) -> bool:
    """Whether a <body> of the page holds text that is not XPath whitespace, the text the body
    extraction reads: the text pieces are read in page order until the first such one (most
    pages have one near the top), in linear time however many <body> tags a page repeats."""
    for body in root.iterchildren("body"):
        for text in body.itertext():
            if text.strip(_XML_SPACE):
                return True
    return False


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
    return _has_paywall_marker(text)


_IGNORECASE_EXTRAS = ("\u0130", "\u0131", "\u017f")
"""İ, ı and ſ: the characters IGNORECASE matches to an ASCII letter where `str.lower` does not
give that letter (İ lower-cases to two characters)."""


def _has_paywall_marker(text: str) -> bool:
    """Whether `_PAYWALL_MARKERS` matches the text: substring tests on the lower-cased text
    when no character could tell the two apart (a case-insensitive regex over a whole page's
    text costs milliseconds; lower-casing and searching it, tens of microseconds)."""
    if any(extra in text for extra in _IGNORECASE_EXTRAS):
        return _PAYWALL_MARKERS.search(text) is not None
    lowered = text.lower()
    return any(phrase in lowered for phrase in _PAYWALL_PHRASES)


_NOT_ARTICLE = re.compile(
    r"^/(?:$|(?:tags?|topics?|category|categories|section|sections|author|authors|people|search|page|"
    r"video|videos|gallery|galleries|live|newsletters?|about|contact|privacy|terms|subscribe|login|"
    r"account|hub|feeds?|rss)(?:/|$))",
    re.IGNORECASE,
)
_ASSET = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|pdf|mp[34]|xml|rss|json|js|css|zip|gz)$", re.IGNORECASE)
_DATED = re.compile(r"/(?:19|20)\d\d/(?:0?[1-9]|1[0-2])(?:/|$)|/(?:19|20)\d\d-\d\d-\d\d")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){3,}", re.IGNORECASE)
_ID = re.compile(r"(?:^|[/_-])(?:\d{5,}|[0-9a-f]{16,})(?:[/_.-]|$)", re.IGNORECASE)


def looks_like_article(path: str) -> bool:
    """Whether a URL path on an unconfigured site is worth fetching as an article.

    Listing, tag, author and asset paths are skipped; a dated path, a long slug of four or
    more words, or a long numeric/hex id says "story". Pages that pass but are not stories
    are still recorded, as `not_article` rejections, so the heuristic only saves fetches.
    """
    if _NOT_ARTICLE.search(path) or _ASSET.search(path):
        return False
    return bool(_DATED.search(path) or _SLUG.search(path) or _ID.search(path))


def is_single_story(
    url: str,
    canonical_url: str | None,
    og_type: str | None,
    has_article_node: bool,
    doc: Document | None = None,
) -> bool:
    """Whether the page says it is one story: a JSON-LD article, og:type article, a story-like
    address (dated path, long slug or id, not a tag/section/author path), or a form for
    comments on it (`doc`'s).

    A short text on such a page is a short post (a blog's three lines under a photo), not the
    scraps of a front page or listing.
    """
    if has_article_node or og_type == "article":
        return True
    for address in (canonical_url, url):
        path = urlsplit(address or "").path
        if path and looks_like_article(path):
            return True
    return doc is not None and doc.root is not None and bool(_COMMENT_FORM(doc.root))


_COMMENT_FORM = etree.XPath(
    "boolean(//form[contains(translate(@id, 'COMENT', 'coment'), 'comment')"
    " or contains(translate(@class, 'COMENT', 'coment'), 'comment')"
    " or contains(@action, 'comment')])"
)
"""A form to comment on the page: blog themes put one under a single post, never on a front
page or a listing ("commentform", "comment-form", wp-comments-post.php)."""
