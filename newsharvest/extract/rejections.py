"""Pages that must not become articles: recognised early, each with a stable reason code."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
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


_MARKUP_TAG = re.compile(
    r"<(?:!doctype|html|head|body|div|p|article|meta|title|table|link|base|span|a|img|font|center|form|tr|td"
    r"|ul|li|h[1-6]|br|section|header|nav|main|iframe|frameset)\b",
    re.I,
)
"""Tags only HTML is written with: of a page's head, its body's blocks and their common content
(a page may open with kilobytes of `<link>` tags, or of links and images, before any block)."""
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
    start = _after_leading_noise(head)
    return bool(_MARKUP_TAG.search(head, start, start + 4096))


def _after_leading_noise(head: str) -> int:
    """Where `head` starts past the comments, scripts, styles, declarations and processing
    instructions it opens with."""
    start = 0
    while (noise := _LEADING_NOISE.match(head, start)) is not None and noise.end() > start:
        start = noise.end()
    return start


_FEED_ROOT = re.compile(r"\s*<(?:rss|feed|rdf:rdf)\b", re.I)


def is_feed(text: str) -> bool:
    """True for an RSS, Atom or RDF feed (its first element, after the XML declaration and any
    comments, is `<rss>`, `<feed>` or `<rdf:RDF>`): a list of stories, not a page of one."""
    head = text[:_SCAN_BYTES]
    return _FEED_ROOT.match(head, _after_leading_noise(head)) is not None


def _site_root(address: str | None) -> bool:
    """Whether an address is a site's root ("https://www.example.com/", no path, no query)."""
    if not address:
        return False
    parts = urlsplit(address)
    return bool(parts.netloc) and parts.path in ("", "/") and not parts.query


def is_front_page(url: str, canonical_url: str | None, og_type: str | None, has_article_node: bool) -> bool:
    """True for a site's front page: fetched at the site's root and stating that root as its own
    address (canonical link, og:url), with no JSON-LD article and no og:type "article". A front
    shows many stories' teasers and often the top one's first paragraphs, which read like a
    story; a misconfigured site that names its root as every page's canonical address is not
    caught here, as its stories are fetched at their own addresses."""
    if has_article_node or og_type == "article":
        return False
    return _site_root(url) and _site_root(canonical_url)


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


STUB_WORDS = 250
"""A body of fewer words may be a paywall's teaser (a whole story is longer)."""


def is_paywall_stub(doc: Document, paragraphs: Sequence[str], body_words: int, jsonld_free: object) -> bool:
    """True for a teaser cut short by a paywall: under `STUB_WORDS` words of body (`paragraphs`,
    of `body_words` words) flagged not free, or with a subscribe prompt by the story."""
    if body_words >= STUB_WORDS:
        return False
    if jsonld_free in (False, "False", "false"):
        return True
    if doc.root is None or not _has_paywall_marker(collapse(doc.root.text_content())):
        return False
    return _prompt_by_story(doc.root, paragraphs)


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


_SQUEEZED_PROMPTS = re.compile(
    "|".join(re.escape(phrase.replace(" ", "")) for phrase in _PAYWALL_PHRASES), re.I
)
"""The prompts' words run together, as they are sought in the page's text without its spaces."""
PROMPT_REACH = 400
"""Characters (spaces not counted, about 70 words) of page text before the story's first
paragraph or after its last within which a subscribe prompt stands: the line under a teaser,
the banner over its headline. Farther off, the words are the page's furniture (a login box in
the masthead) or another story's (a teaser list's "to read the full story")."""
_ASKS_TO_SUBSCRIBE = re.compile("subscri|signin|login|loggedin|register", re.I)
"""What a wall asks of the reader, in the squeezed text: "to read the full story" is a prompt
when it asks to subscribe or sign in ("Subscribe to read the full story"), not when it asks
to follow a link ("Click here to read the full story" under another story's teaser)."""
ASK_REACH = 80
"""Characters (spaces not counted, about 15 words) either side of a prompt's phrase in which
its ask stands (the phrase's own words count: "already a subscriber? log in")."""
_NOT_A_PROMPT = ("a", "li")
"""A phrase within these is a link to another page or an item of a list of other stories."""
_INVISIBLE = frozenset(("script", "style", "noscript", "template"))
_KEY_CHARS = 40
"""Characters (spaces not counted) of a paragraph's start or end sought to place it on the page."""


def _prompt_by_story(root: etree._Element, paragraphs: Sequence[str]) -> bool:
    """Whether a subscribe prompt stands in the page's visible text by the story — within
    `PROMPT_REACH` of its paragraphs, or anywhere when they cannot be placed — asking to
    subscribe or sign in, and outside links and list items.

    Only pages whose text carries a prompt's words are walked (few pages do)."""
    text, starts, owners = _squeezed_text(root)
    story = _story_span(text, paragraphs)
    for match in _SQUEEZED_PROMPTS.finditer(text):
        if story is not None and not (story[0] - PROMPT_REACH <= match.start() < story[1] + PROMPT_REACH):
            continue
        if not _ASKS_TO_SUBSCRIBE.search(text, max(0, match.start() - ASK_REACH), match.end() + ASK_REACH):
            continue
        first, last = bisect_right(starts, match.start()) - 1, bisect_right(starts, match.end() - 1) - 1
        holder = _common_ancestor(owners[first : last + 1])
        if not any(element.tag in _NOT_A_PROMPT for element in (holder, *holder.iterancestors())):
            return True
    return False


def _squeezed_text(root: etree._Element) -> tuple[str, list[int], list[etree._Element]]:
    """The page's visible text without whitespace, the offset where each text piece starts in
    it, and the element each piece is text of (a tail's is its parent)."""
    pieces: list[str] = []
    starts: list[int] = []
    owners: list[etree._Element] = []
    length = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            visible = isinstance(element.tag, str) and element.tag not in _INVISIBLE
            owner, piece = element, element.text if visible else None
        else:
            owner, piece = element.getparent(), element.tail if element is not root else None
        if piece and owner is not None and (squeezed := "".join(piece.split())):
            pieces.append(squeezed)
            starts.append(length)
            owners.append(owner)
            length += len(squeezed)
    return "".join(pieces), starts, owners


def _story_span(text: str, paragraphs: Sequence[str]) -> tuple[int, int] | None:
    """Where the story runs in the squeezed page text: from its first paragraph's start to its
    last paragraph's end, each found by its first or last `_KEY_CHARS` characters; None when
    either cannot be found (the extraction rewrote it)."""
    if not paragraphs:
        return None
    head = _squeezed_words(paragraphs[0])[:_KEY_CHARS]
    tail = _squeezed_words(paragraphs[-1])[-_KEY_CHARS:]
    start = text.find(head) if head else -1
    end = text.find(tail, start) if tail and start >= 0 else -1
    return None if end < 0 else (start, end + len(tail))


def _squeezed_words(paragraph: str) -> str:
    """A body paragraph's text as the page has it, without whitespace: the marks the extraction
    adds left out (a list item's leading "- ", the "|" between a table row's cells)."""
    words = paragraph.split()
    if words and words[0] == "-":
        words = words[1:]
    return "".join(words).replace("|", "")


def _common_ancestor(elements: list[etree._Element]) -> etree._Element:
    """The innermost element holding all of `elements` (each a piece of one phrase's text)."""
    holder = elements[0]
    for element in elements[1:]:
        lineage = [element, *element.iterancestors()]  # held, so each node keeps its one proxy
        while not any(holder is node for node in lineage) and holder.getparent() is not None:
            holder = holder.getparent()
    return holder


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
