"""A page whose first `<title>` is never closed: the parser, as a browser does, reads the rest of
the page as the title's text, and the page shows nothing. Saved pages lose a run of bytes so
(the closing tag with them); the text after is the page's own, and is read again with the
title closed where its next tag starts."""

from __future__ import annotations

import re

import lxml.html

_TITLE_OPEN = re.compile(r"<title\b[^>]*>", re.IGNORECASE)
_NEXT_TAG = re.compile(r"<[/!a-zA-Z]")
SWALLOWING_CHARS = 2_000
"""A `<title>` with this much text, holding tags, took in the page: no real title is so long."""


def swallows_page(root: lxml.html.HtmlElement) -> bool:
    """Whether the page's first `<title>` holds the page: long text with tags in it, and no
    `<body>` text outside it."""
    title = next(root.iter("title"), None)
    if title is None:
        return False
    text = title.text or ""
    if len(text) < SWALLOWING_CHARS or _NEXT_TAG.search(text) is None:
        return False
    body = root.find("body")
    return body is None or not "".join(body.itertext()).strip()


def with_title_closed(html: str) -> str | None:
    """`html` with `</title>` put where the first `<title>`'s next tag starts; None when there is
    no such place."""
    opened = _TITLE_OPEN.search(html)
    if opened is None:
        return None
    tag = _NEXT_TAG.search(html, opened.end())
    if tag is None:
        return None
    return f"{html[: tag.start()]}</title>{html[tag.start() :]}"
