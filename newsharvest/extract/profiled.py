"""Applying a `SiteProfile` to a page: the visible fields where the profile says they are."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html

from newsharvest.extract.byline import Byline, agency_of, dedupe_authors, parse_byline
from newsharvest.extract.captions import dedupe_captions, figure_caption
from newsharvest.extract.cleanup import is_tail_line
from newsharvest.extract.document import Document, collapse, meta_value
from newsharvest.extract.profiles import SiteProfile
from newsharvest.extract.record import Author, Caption

_BLOCK_TAGS = frozenset(("p", "li", "h2", "h3", "h4", "blockquote"))


@dataclass
class ProfiledPage:
    """The fields a profile found on the page (None/empty where it found nothing)."""

    headline: str | None = None
    dek: str | None = None
    byline: Byline = field(default_factory=Byline)
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    published_raw: str | None = None
    modified_raw: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)


def _select(doc: Document, selectors: tuple[str, ...]) -> list[lxml.html.HtmlElement]:
    """Elements of the first selector that matches anything."""
    for selector in selectors:
        found = doc.select(selector)
        if found:
            return found
    return []


def _first_text(doc: Document, selectors: tuple[str, ...]) -> str | None:
    """Text of the first element, over the selectors in order, that has any; a <meta> gives
    its value (so a profile can name a meta tag as the fall-back for a visible field)."""
    for selector in selectors:
        for element in doc.select(selector):
            text = collapse(meta_value(element) if element.tag == "meta" else element.text_content())
            if text:
                return text
    return None


_SEPARATOR = re.compile(r"^[\s_*=~#—–-]*$")
"""A paragraph of rule characters only ("___", "* * *"): a separator, never story text."""


def _without_tail(paragraphs: list[str]) -> list[str]:
    """Separators dropped, then tail lines ("… contributed to this report.", "Follow AP's
    coverage of … at https://…") dropped from the end, where wire stories print them."""
    kept = [p for p in paragraphs if not _SEPARATOR.match(p)]
    while kept and is_tail_line(kept[-1]):
        kept.pop()
    return kept


def _inside_dropped(element: lxml.html.HtmlElement, dropped: set[lxml.html.HtmlElement]) -> bool:
    return any(ancestor in dropped for ancestor in element.iterancestors()) or element in dropped


def _with_swallowed(
    blocks: list[lxml.html.HtmlElement], dropped: set[lxml.html.HtmlElement]
) -> list[lxml.html.HtmlElement]:
    """The body blocks, with the story's paragraphs a photo's box swallowed, in page order.

    A profile reading the story container's own paragraphs (`div.RichTextStoryBody > p`) leaves
    out what nests deeper: photos, info boxes, embeds. One end tag the parser cannot read after a
    photo (`</di\ufffdv>`: a bad byte in it) leaves the photo's box open, and every paragraph
    after it nests in the box, out of the profile's reach though the reader sees it in place. A
    paragraph, heading or list item of the container that stands in a box after a `<figure>`,
    outside any figure and any dropped block, is such a paragraph (a well-formed page has none:
    its photo boxes hold the figure alone)."""
    chosen = set(blocks)
    swallowed = []
    for container in dict.fromkeys(b.getparent() for b in blocks if b.getparent() is not None):
        if container.find(".//figure") is None:
            continue  # no photo box to have swallowed anything: the common case, one quick search
        for element in _outer_blocks(container):
            if _inside_dropped(element, chosen) or _inside_dropped(element, dropped):
                continue
            if _after_figure(element, container):
                swallowed.append(element)
    if not swallowed:
        return blocks
    order = {element: index for index, element in enumerate(blocks[0].getroottree().iter())}
    return sorted([*blocks, *swallowed], key=order.__getitem__)


def _after_figure(element: lxml.html.HtmlElement, container: lxml.html.HtmlElement) -> bool:
    """Whether `element`, below `container` and in no figure, follows a `<figure>` inside one of
    its own boxes (its ancestors below the container)."""
    boxes = []
    for ancestor in element.iterancestors():
        if ancestor is container:
            break
        if ancestor.tag in ("figure", "figcaption"):
            return False
        boxes.append(ancestor)
    for box in boxes:
        for seen in box.iter():
            if seen is element:
                break
            if seen.tag == "figure":
                return True
    return False


def _date_value(element: lxml.html.HtmlElement) -> str | None:
    """A date element's machine-readable attribute, else its text ("08/09/2012 10:56 am")."""
    for attribute in ("datetime", "data-timestamp", "data-source", "content"):
        value = element.get(attribute)
        if value and value.strip():
            return value.strip()
    return collapse(element.text_content()) or None


def _outer_blocks(block: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The outermost <p>/<li>/heading elements inside `block`, in document order (a <p> inside
    an <li> is one paragraph): a walk that does not descend into what it keeps, so each element
    is visited once whatever the nesting."""
    found: list[lxml.html.HtmlElement] = []
    stack = [iter(block)]
    while stack:
        for element in stack[-1]:
            if element.tag in _BLOCK_TAGS:
                found.append(element)
            elif len(element):
                stack.append(iter(element))
                break
        else:
            stack.pop()
    return found


def _block_paragraphs(block: lxml.html.HtmlElement) -> list[str]:
    """One paragraph per <p>/<li>/heading inside `block`, or the block's own text."""
    outer = _outer_blocks(block)
    texts = [collapse(e.text_content()) for e in outer] if outer else [collapse(block.text_content())]
    return [t for t in texts if t]


def _authors(doc: Document, profile: SiteProfile) -> tuple[list[Author], list[str]]:
    """The people of the profile's author blocks, and each block's printed name text."""
    authors: list[Author] = []
    printed: list[str] = []
    for block in _select(doc, profile.authors):
        links = [a for a in block.iter("a") if collapse(a.text_content())]
        text = collapse(links[0].text_content()) if links else collapse(block.text_content())
        if not text:
            continue
        printed.append(text)
        people = parse_byline(text).authors
        if people:
            url = doc.absolute(links[0].get("href")) if links else None
            authors.append(Author(name=people[0].name, url=url))
    return dedupe_authors(authors), printed


def apply_profile(doc: Document, profile: SiteProfile) -> ProfiledPage:
    """Read every field the profile locates; body blocks inside `drop` blocks are skipped."""
    page = ProfiledPage()
    page.headline = _first_text(doc, profile.headline)
    page.dek = _first_text(doc, profile.dek)

    authors, author_texts = _authors(doc, profile)
    wire = [collapse(e.text_content()) for e in _select(doc, profile.wire_byline)]
    agency_names = [collapse(e.text_content()) for e in _select(doc, profile.agency)]
    printed = [collapse(e.text_content()) for e in _select(doc, profile.byline)]
    raw_parts = wire or printed or author_texts  # the byline as printed, when the profile finds it
    page.byline = parse_byline(" and ".join(raw_parts)) if raw_parts else Byline()
    page.byline.raw = " and ".join(raw_parts) if raw_parts else None
    if authors:
        page.byline.authors = authors
    page.byline.agency = page.byline.agency or next(
        (agency_of(name) for name in agency_names if agency_of(name)), None
    )

    section = _select(doc, profile.section)
    page.section = collapse(section[0].text_content()) if section else None
    tags = [collapse(e.text_content()) for e in _select(doc, profile.tags)]
    page.tags = list(dict.fromkeys(t for t in tags if t))
    published = _select(doc, profile.published)
    page.published_raw = _date_value(published[0]) if published else None
    modified = _select(doc, profile.modified)
    page.modified_raw = _date_value(modified[0]) if modified else None

    dropped = {e for selector in profile.drop for e in doc.select(selector)}
    blocks = [block for block in _select(doc, profile.body) if not _inside_dropped(block, dropped)]
    for block in _with_swallowed(blocks, dropped):
        page.paragraphs.extend(_block_paragraphs(block))
    page.paragraphs = _without_tail(page.paragraphs)
    captions = (
        figure_caption(doc, figure, profile.caption_text, profile.caption_credit)
        for figure in _select(doc, profile.figures)
        if not _inside_dropped(figure, dropped)
    )
    page.captions = dedupe_captions(c for c in captions if c is not None)
    return page
