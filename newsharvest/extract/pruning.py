"""What a story's container holds besides the story: boxes, teasers, related lists, hover cards.

trafilatura keeps a container's text whole, and a story's container often holds more than the
story: newsletter, share, related-stories and ad boxes, author bios and subscribe prompts
(named so, found in the generic extractor's walk of the tree), paragraphs and list items that
only link to other stories of the site (a label such as "READ MORE:" aside), a list of such
links under a related-stories heading, the hover card hidden in a linked name, and readers'
comments after the anchor marking where they start. All of it leaves the tree before
trafilatura reads it. Links to other sites (sources, products) are content and stay; so does
a "box" holding more text than a widget would.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from newsharvest.extract.document import collapse, drop_keeping_tail
from newsharvest.extract.elements import solid_len
from newsharvest.extract.link_text import is_internal
from newsharvest.extract.teaser_text import holding_nested_links, unlinked_over

_HOVER_BLOCKS = frozenset({"p", "li", "dd", "td", "blockquote"})


def drop_hover_cards(hovers: list[HtmlElement]) -> None:
    """Remove the hover cards of links inside paragraphs (rollover, tooltip, popover blocks).

    A name linked in a sentence may carry a hidden card (photo, the person's latest stories)
    that only shows on hover; in the text it runs into the sentence. The innermost such block
    under a paragraph goes; the link it belongs to stays (links are never taken as cards).
    """
    outer = _holding_another(hovers)
    for hover in hovers:
        if hover.getparent() is None or hover in outer:
            continue  # not the innermost: it may hold the link itself
        for depth, ancestor in enumerate(hover.iterancestors()):
            if depth > 5 or ancestor.tag in ("body", "article", "main"):
                break
            if ancestor.tag in _HOVER_BLOCKS:
                drop_keeping_tail(hover)
                break


def _holding_another(elements: list[HtmlElement]) -> set[HtmlElement]:
    """Those of `elements` that have another of them inside: each element's ancestors are
    walked up to the nearest one of the list, so the work is linear in the page."""
    members = set(elements)
    holding: set[HtmlElement] = set()
    for element in elements:
        for ancestor in element.iterancestors():
            if ancestor in members:
                holding.add(ancestor)
                break
    return holding


BOX_MAX_TEXT = 1500
"""A "box" holding more text than this is not a widget but content wearing an odd class."""
_GATED_STORY = 3
"""This many paragraphs (`<p>`) named "paywall" or "premium" are the story's own text that a
metered paywall hides from readers past their free articles (the page carries it whole), not
a subscribe prompt."""


def drop_boxes(boxes: list[HtmlElement], gated: list[HtmlElement]) -> None:
    """Remove newsletter, share, related and ad boxes (not content in a strangely named box),
    and the paragraphs named "paywall" or "premium" unless they are the story (`_GATED_STORY`)."""
    for box in boxes if len(gated) >= _GATED_STORY else boxes + gated:
        if box.getparent() is not None and len(box.text_content()) <= BOX_MAX_TEXT:
            drop_keeping_tail(box)


_LABEL_ONLY = re.compile(r"^[\W_]*(?:\w+[\W_]+){0,3}?\w*[\W_]*$")
"""Text outside the links of a teaser: nothing, punctuation, or a label of up to four words
("READ MORE:", "Related:", "Lesen Sie auch:", "Lee también:")."""


_WORD = re.compile(r"\w")
_NESTED_LINK = etree.XPath("boolean(.//a//a)")
"""Whether a block holds a link inside another link (whose text `_outside_links` counts off twice)."""
_BRACKET_TAG = re.compile(r"\[[A-Z][A-Z ]{1,15}\]")
"""A tag after a teaser link: "[VIDEO]", "[INSIGHT]", "[PICTURES]"."""
_LABEL_ENDS = (":", "|", "»", ">", "›", "—", "-")


def drop_teasers(blocks: list[HtmlElement], host: str) -> None:
    """Remove blocks whose words all link to another page of the same site, bar a short label.

    Such a paragraph, list item or subhead is a teaser for another story; links to other sites
    (sources, products) stay, as do blocks with more than a label of unlinked words.
    """
    internal: dict[str, bool] = {}  # a link in nested blocks, or repeated, is judged once
    nesting = holding_nested_links(blocks[0]) if blocks else set()
    for block in blocks:
        parent = block.getparent()
        if parent is None:
            continue
        parts = [block.text or ""]
        lead = solid_len(parts[0])
        nested = block in nesting
        if lead > 40 and (not nested or not _NESTED_LINK(block)):
            continue  # the test below, decided by the text before the first child (no negative counts)
        if not nested:
            if unlinked_over(block, parts, 40 - lead) < 0:
                continue  # the same test, read no further than it needs (no negative counts)
        elif lead + _outside_links(block, 0, parts) > 40:
            continue  # too much unlinked text for a label: quick way out for most paragraphs
        links = list(block.iter("a"))
        if not links:
            continue
        for link in links:
            href = link.get("href") or ""
            if href not in internal:
                internal[href] = is_internal(href, host)
            if not internal[href]:
                break
        else:
            text = block.text_content()
            outside = collapse(_BRACKET_TAG.sub(" ", collapse("".join(parts))))
            linked_words = len(text.split()) - len(outside.split())
            if linked_words < 2 or len(outside) > 40 or _LABEL_ONLY.match(outside) is None:
                continue
            if _WORD.search(outside) and not outside.endswith(_LABEL_ENDS) and not outside.isupper():
                continue  # unlinked words that are not a label: a sentence with a link in it
            drop_keeping_tail(block)
            if parent.tag in ("ul", "ol") and len(parent) == 0:
                drop_keeping_tail(parent)


_RELATED_HEADING = re.compile(
    r"^(?:(?:more|related|recommended|popular|latest|top|further|also|you\s+may\s+also\s+like)\b"
    r".{0,40}\b(?:stories|articles|news|reads?|reading|coverage|posts|links|headlines|on\s+\S+)"
    r"|related|read\s+(?:more|also|next)|more\s+(?:from|on|in)\s+.{1,40})\W*$",
    re.IGNORECASE,
)
"""Headings of related-story lists: "More Great WIRED Stories", "Related coverage", "More from
Example", "Read more"."""
_RELATED_ITEM_MAX = 200


def drop_related_lists(lists: list[HtmlElement], host: str) -> None:
    """Remove a list of links to the site's other stories under a related-stories heading.

    Its items may have words outside the links ("The strange life and <a>mysterious death…</a>"),
    which the teaser rule keeps; the heading right above the list says what it is.
    """
    for items in lists:
        heading = items.getprevious()
        if heading is None or items.getparent() is None or len(items) < 2:
            continue
        label = collapse(heading.text_content())
        if not label or len(label) > 60 or _RELATED_HEADING.match(label) is None:
            continue
        entries = [li for li in items if li.tag == "li"]
        if len(entries) < 2 or any(
            len(li.text_content()) > _RELATED_ITEM_MAX
            or not any(is_internal(a.get("href") or "", host) for a in li.iter("a"))
            for li in entries
        ):
            continue
        drop_keeping_tail(heading)
        drop_keeping_tail(items)


def _outside_links(element: HtmlElement, links: int, parts: list[str]) -> int:
    """Walk below `element`, inside `links` links: append the text outside every link to
    `parts` in page order, and return `solid_len` of the text below it minus that of each
    link's text (text inside two nested links counted off twice)."""
    total = 0
    for child in element:
        if isinstance(child.tag, str):
            inner = links + 1 if child.tag == "a" else links
            text = child.text
            if text and inner != 1:
                if not inner:
                    parts.append(text)
                total += solid_len(text) * (1 - inner)
            if len(child):
                total += _outside_links(child, inner, parts)
        tail = child.tail
        if tail and links != 1:
            if not links:
                parts.append(tail)
            total += solid_len(tail) * (1 - links)
    return total


def drop_comments_after(mark: HtmlElement) -> None:
    """Remove an anchor (no address, no text) marking where readers' comments start, and what
    follows it in its block; an anchor straight in <body> is left alone."""
    parent = mark.getparent()
    if parent is None or parent.tag in ("body", "html") or mark.text_content().strip():
        return
    for sibling in list(mark.itersiblings()):
        drop_keeping_tail(sibling)
    drop_keeping_tail(mark)
