"""An author meta tag the page never prints, against the byline the page prints.

Blog themes fill `<meta name="author">` with the theme's or the blog owner's name while each
post prints its own writer ("Posted by A", an hCard `author vcard`, `rel=author`). A credit the
reader never sees anywhere on the page, beside a printed byline naming someone else, is the
template's: the printed byline is the story's.
"""

from __future__ import annotations

import lxml.etree

from newsharvest.extract.byline import Byline
from newsharvest.extract.document import Document, collapse
from newsharvest.extract.printed_byline import visible_byline

_VISIBLE_TEXT = lxml.etree.XPath(
    "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)"
    " and not(ancestor::template)]",
    smart_strings=False,
)


def visible_text(doc: Document) -> str:
    """The text of the page's body as a reader sees it (no scripts or styles), whitespace
    collapsed and lower-cased."""
    if doc.root is None:
        return ""
    return collapse(" ".join(str(t) for t in _VISIBLE_TEXT(doc.root))).lower()


def printed_instead(doc: Document, credited: Byline, site_name: str | None) -> Byline | None:
    """The printed byline when none of the people an author meta tag credits is printed on
    the page and the printed byline (in the post's footer line too) names other people; None
    when the credit stands."""
    text = visible_text(doc)
    if not text or any(collapse(author.name).lower() in text for author in credited.authors):
        return None
    printed = visible_byline(doc, site_name)
    if not printed.authors:
        printed = visible_byline(doc, site_name, post_footer=True)
    return printed if printed.authors else None
