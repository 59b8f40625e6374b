"""Publication and update dates marked up as microformats: hAtom's `published` and `updated`.

Blog engines (Blogger, WordPress themes) print a post's time as text ("5:11 AM") and give the
whole instant, with its offset, in the element's `title` (hAtom: `<abbr class="published"
title="2016-12-23T05:11:00-05:00">`) or `datetime` (`<time class="dt-published">`,
microformats2). The printed text alone loses the day or the time; the attribute has both.
"""

from __future__ import annotations

import re

import lxml.etree

from newsharvest.extract.document import Document

_MARKED = lxml.etree.XPath(
    "//*[@title or @datetime][contains(@class, 'published') or contains(@class, 'updated')]"
)
"""Elements that may be a microformat's date: a publication or update class and a machine value."""
_PUBLISHED = frozenset({"published", "dt-published"})
_UPDATED = frozenset({"updated", "dt-updated"})
_MACHINE_INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
"""A value written for machines with its time: an ISO 8601 day and time. A day alone adds
nothing the other sources lack, and would stand before a stamp that prints the time."""


def microformat_dates(doc: Document) -> tuple[str | None, str | None]:
    """The first hAtom / microformats2 publication date and update date of the page (the
    `title` or `datetime` value of an element whose class is `published`, `dt-published`,
    `updated` or `dt-updated`) that states its time, as written; None for each the page does
    not mark."""
    published: str | None = None
    updated: str | None = None
    if doc.root is None:
        return None, None
    for element in _MARKED(doc.root):
        words = set((element.get("class") or "").lower().split())
        value = (element.get("datetime") or element.get("title") or "").strip()
        if not _MACHINE_INSTANT.match(value):
            continue
        if published is None and not _PUBLISHED.isdisjoint(words):
            published = value
        elif updated is None and not _UPDATED.isdisjoint(words):
            updated = value
        if published and updated:
            break
    return published, updated
