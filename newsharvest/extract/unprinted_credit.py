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
from newsharvest.extract.headings import squash
from newsharvest.extract.printed_byline import visible_byline
from newsharvest.extract.site_names import TITLE_SEPARATOR

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
    the page, or each is only a part of `<title>` after the headline (a blog's or a column's
    name: "Headline - Column - Site" crediting "Column"), and the printed byline (in the post's
    footer line too) names other people; None when the credit stands."""
    text = visible_text(doc)
    if not text:
        return None
    printed_names = any(collapse(author.name).lower() in text for author in credited.authors)
    if printed_names and not _title_parts(doc, credited):
        return None
    printed = visible_byline(doc, site_name)
    if not printed.authors:
        printed = visible_byline(doc, site_name, post_footer=True)
    if printed_names and not _others(printed, credited):
        return None
    return printed if printed.authors else None


def _title_parts(doc: Document, credited: Byline) -> bool:
    """Whether every name credited is a whole part of the page's `<title>` other than its first."""
    title = doc.head_title or ""
    parts = {squash(part) for part in TITLE_SEPARATOR.split(title)[1:]}
    return bool(credited.authors) and all(squash(author.name) in parts for author in credited.authors)


def _others(printed: Byline, credited: Byline) -> bool:
    """Whether a printed byline names people and none of those credited."""
    names = {squash(author.name) for author in credited.authors}
    return bool(printed.authors) and all(squash(author.name) not in names for author in printed.authors)
