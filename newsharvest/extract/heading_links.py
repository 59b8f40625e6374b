"""Headings that top other stories' links, not the story: a teaser list's, a box of links'.

A front or section page lists its stories as headings each all one link; a story page may set
a box of links to other stories ("More on Book Review") inside its text. The heading rules
(`headings.py`, `named_headline.py`) pass over such headings; the site-name rules read a
heading's one link (`site_names.py`).
"""

from __future__ import annotations

import lxml.html

from newsharvest.extract.document import Document, collapse


def link_of(heading: lxml.html.HtmlElement) -> str | None:
    """The address a heading links to when it is all one link (not a same-page anchor)."""
    links = heading.findall(".//a") if heading.tag != "a" else [heading]
    if len(links) != 1 or collapse(links[0].text_content()) != collapse(heading.text_content()):
        return None
    href = (links[0].get("href") or "").strip()
    return None if not href or href.startswith(("#", "javascript:")) else href


def teaser(doc: Document, heading: lxml.html.HtmlElement) -> bool:
    """Whether a heading is one of a list of teasers: all one link, like two or more other
    headings of the same tag and class on the page (a front or section page, not a story)."""
    if doc.root is None or link_of(heading) is None:
        return False
    kind = heading.get("class")
    alike = 0
    for other in doc.root.iter(heading.tag):
        if other is not heading and other.get("class") == kind and link_of(other) is not None:
            alike += 1
            if alike >= 2:
                return True
    return False


MIN_TEASER_WORDS = 4
"""A link of this many words reads as another story's headline (a teaser), not a share button."""


def box_of_links(heading: lxml.html.HtmlElement) -> int:
    """The words of the box a heading tops when the box is a list of links to other stories
    ("More on Book Review" over four teasers, set inside an article): the rest of the heading's
    parent is nearly all link text, two or more links of `MIN_TEASER_WORDS` words or more;
    0 when the heading tops no such box."""
    box = heading.getparent()
    if box is None or box.tag in ("body", "html"):
        return 0
    own = set(heading.iter())
    links = [a for a in box.iter("a") if a not in own]
    teasers = sum(1 for a in links if len(a.text_content().split()) >= MIN_TEASER_WORDS)
    if teasers < 2:
        return 0
    total = len(box.text_content().split())
    rest = total - len(heading.text_content().split())
    linked = sum(len(a.text_content().split()) for a in links)
    return total if rest > 0 and linked >= 0.8 * rest else 0
