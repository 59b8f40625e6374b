"""Pages that must not become articles: recognised early, each with a stable reason code."""

from __future__ import annotations

import re

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
_PAYWALL_MARKERS = re.compile(
    r"subscribe to (?:continue|keep) reading|this (?:article|content) is (?:for|available to) "
    r"subscribers|already a subscriber\? (?:log|sign) in|to read the full (?:story|article)",
    re.I,
)


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


def looks_like_markup(text: str) -> bool:
    """True when the text has HTML tags near its start (not JSON, CSV or plain prose)."""
    head = text[:4096].lstrip()
    return bool(re.search(r"<(?:!doctype|html|head|body|div|p|article|meta|title)\b", head, re.I))


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
