"""A story's author named only by a link to the author's page ("/author/jane-doe/", Medium's
"/@janedoe"), or by a link printed right after a "By" that is all the text before it ("By <a
href="/people/jane-doe">Jane Doe</a>", whatever the address: where class names say nothing,
the "By" still marks the byline), or by a `rel="author"` link printing a label ("View
Profile") beside the name (Gawker's byline menu): the last place the byline is looked for, on a
page whose metadata, byline elements and printed lines name no one and no agency.

The link must lead to a page of the story's own site, print a person's name of two words or
more (not "Login", not a site's "Profiles" menu), and stand outside comments, teasers, menus
and footers (`printed_byline.outside_story`); the first such link in page order names the author.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from newsharvest.extract.byline import MAX_BYLINE_CHARS, Byline, parse_byline
from newsharvest.extract.document import Document, collapse
from newsharvest.extract.link_text import url_host
from newsharvest.extract.persons import is_person_name
from newsharvest.extract.printed_byline import outside_story
from newsharvest.extract.record import Author

_AUTHORS_FOLDER = (
    r"(?:authors?|autor(?:es|en)?|auteurs?|editors?|writers?|journalists?|columnists?|contributors?"
    r"|reporters?|staff)/"
)
"""The folder of a site's author pages ("author/", "editors/")."""
_AUTHOR_PAGE = re.compile(rf"^/(?:[\w.-]+/)*?{_AUTHORS_FOLDER}[^/]+/?$|^/@[\w.-]+/?$", re.I)
"""The path of an author's page: "/author/jane-doe/", "/about/editors/jane-doe/", "/@janedoe"."""
_AUTHOR_HINT = re.compile(rf"/(?:@|{_AUTHORS_FOLDER})", re.I)
"""What an author page's address holds, searched before the address is read (a page has hundreds
of links; reading each address is what costs)."""
_MIN_NAME_WORDS = 2


def linked_author(doc: Document, credited: Byline, site_name: str | None = None) -> Byline:
    """`credited` when it names a person or an agency, else the person the first author-page
    link of the page names (see the module's docstring), else `credited`."""
    if doc.root is None or credited.authors or credited.agency:
        return credited
    host = url_host(doc.url)
    for link in doc.root.iter("a"):
        href = (link.get("href") or "").strip()
        signed = _after_by(link)
        labelled = "author" in (link.get("rel") or "").lower().split()
        if not signed and not labelled and _AUTHOR_HINT.search(href) is None:
            continue
        address = doc.absolute(href)
        if address is None and (not href.startswith("/") or href.startswith("//")):
            continue  # a page without an address still has its own links, relative ones
        parts = urlsplit(address or href)
        if host and url_host(address or "") != host:
            continue
        if not signed and not labelled and _AUTHOR_PAGE.match(parts.path) is None:
            continue
        name = _name_around(link, site_name) if labelled else collapse(link.text_content())
        if len(name.split()) < _MIN_NAME_WORDS or not is_person_name(name, site_name) or outside_story(link):
            continue
        return Byline(authors=[Author(name=name, url=address)], raw=name, stamp=credited.stamp)
    return credited


_LABEL_LEVELS = 4
"""How far up from a `rel="author"` link printing a label its box may stand (Gawker's byline:
the name, then a menu whose "View Profile" is the link)."""


_PROFILE_LABEL = re.compile(
    r"^(?:view|see|visit|read|all|more)?\s*(?:my|the|full|author'?s?)?\s*(?:profile|bio|biography|page|posts)$",
    re.I,
)
"""What a link to an author's page prints in place of the name: "View Profile", "Bio", "All posts"."""


def _name_around(link: HtmlElement, site_name: str | None) -> str:
    """The name a `rel="author"` link stands for: its text, or when that is a label ("View
    Profile"), the one name the nearest box around it prints ("A View Profile Email RSS"), read
    as a byline (`parse_byline`: the menu's words are no part of it); the label when none."""
    text = collapse(link.text_content())
    node: HtmlElement | None = link
    for _ in range(_LABEL_LEVELS + 1 if _PROFILE_LABEL.match(text) else 0):
        if node is None:
            break
        printed = collapse(" ".join(node.itertext()))  # "<strong>A</strong><div>View Profile…"
        if len(printed) > MAX_BYLINE_CHARS:
            break
        found = parse_byline(printed, site_name).authors
        if len(found) == 1:
            return found[0].name
        node = node.getparent()
    return text


_BY_ALONE = re.compile(r"^\s*(?:By|BY)\s*:?\s*$")
"""A "By" printed alone before a byline's name in running text ("… | By <a>Jane Doe</a>"); a
lower-case "by" there is a sentence's ("… a codebase by <a>Dave Hyatt</a>")."""
_BY_OPENING = re.compile(r"^\s*(?:By|BY|by)\s*:?\s*$")
"""A "by" opening the element the name's link stands in ("by <a>Jane Doe</a>")."""
_BY_LABEL = re.compile(r"^\s*(?:(?:Written|Story|Words|Text)\s+by|By|BY|by)\s*:?\s*$")
"""An element of its own before the name's link, all its text a byline's label ("<span>Written
by</span> <a>Jane Doe</a>"; not "Designed by", not "Posted by", a comment's footer)."""
_BY_LEVELS = 3
"""How many elements the link may open (`<span><span><a>`) with the "By" before the outermost."""


def _after_by(link: HtmlElement) -> bool:
    """Whether the text printed right before the link is a "By" alone: the opening text of the
    element it starts, the tail of the element before it, or that element's whole text when
    nothing follows it; an element the link opens passes the question up ("By <a>Jane Doe</a>",
    "<span>Written by</span> <a>Jane Doe</a>", "By&nbsp;</span><span><span><a>Jane Doe</a>")."""
    node = link
    for _ in range(_BY_LEVELS):
        before, parent = node.getprevious(), node.getparent()
        if before is not None:
            if before.tail is not None and before.tail.strip():
                return _BY_ALONE.search(before.tail) is not None
            return _BY_LABEL.search(before.text_content()) is not None
        if parent is None:
            return False
        if parent.text is not None and parent.text.strip():
            return _BY_OPENING.search(parent.text) is not None
        node = parent
    return False
