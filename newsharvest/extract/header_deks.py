"""The dek in the story's header leaves the text; a dek-named block in the body stays, a subhead.

trafilatura reads the story's header with its body: the standfirst printed under the headline
(the page's description, or a block named "dek", "standfirst", "subtitle"…) would open the
text. The page's description found in a header block (a `<header>`, or a block named for the
head, hero, dek or lead) goes, unless it is the story's lead set as a standfirst, followed by
the story's paragraphs; a dek-named block goes when it is in the header or right under the
`<h1>`. Elsewhere such a block is a subhead inside the body, which trafilatura would drop as a
bare `<div>`: it becomes an `<h3>`. (The record's dek is read apart: `headings`, `stated_dek`.)
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from newsharvest.extract.cleanup import comparable
from newsharvest.extract.document import Document, collapse, drop_keeping_tail
from newsharvest.extract.loose_text import LOOSE_MIN_WORDS

_TEXT_CONTAINING = etree.XPath("//text()[contains(., $needle)]")
_DEK_CONTEXT = re.compile(
    r"(?:^|\s)(?!(?:category|tag)-)\S*?"
    r"(?:head|hero|dek|strap|standfirst|subline|subtitle|excerpt|abstract|lead(?!er|ing))",
    re.IGNORECASE,
)
"""Classes of a story's header block. A blog post's taxonomy classes ("category-leadership",
"tag-headlines") name its topics, not its parts, and "leader"/"leading" are no "lead"."""


def drop_dek(body: HtmlElement, doc: Document) -> None:
    """Remove the standfirst: the page's description shown in the story's header block.

    The same text inside the body container is the story's first paragraph and stays.
    """
    desc = collapse(
        doc.meta.get("og:description") or doc.meta.get("description") or doc.meta.get("twitter:description")
    )
    words = desc.split()
    if len(words) < 5:
        return
    target = comparable(desc)
    for node in _TEXT_CONTAINING(body, needle=" ".join(words[:3])):
        element = node.getparent()
        if element is not None and not node.is_text:
            element = element.getparent()  # a tail belongs to the parent's text
        for _ in range(3):
            if element is None or element is body:
                break
            content = element.text_content()
            if len(content) > 2 * len(desc) + 20:
                break
            if comparable(content) == target:
                if _in_header(element, body) and not _leads_paragraphs(element):
                    drop_keeping_tail(element)
                    return
                break
            element = element.getparent()


def _leads_paragraphs(element: HtmlElement) -> bool:
    """Whether a paragraph (or the one an inline element is in) is followed, in its own
    block, by a paragraph of the story: the story's lead set as a standfirst ("<p
    class=standfirst>AT least 10 people…</p><p>The blast…</p>"), not a dek over the story's
    header (a byline or a date follows that one)."""
    if element.tag != "p":
        element = element.getparent()  # the dek's text in a <strong> or <span> of the paragraph
        if element is None or element.tag != "p":
            return False
    after = element.getnext()
    return after is not None and after.tag == "p" and len(after.text_content().split()) >= LOOSE_MIN_WORDS


_DEK_MAX_TEXT = 400


def drop_dek_blocks(deks: list[HtmlElement], body: HtmlElement) -> None:
    """Remove dek/standfirst/subtitle-named blocks of the headline block (under the h1).

    A block so named counts as the dek when it is in the story's header or follows the h1
    closely; elsewhere it is a subhead inside the body, and stays as one.
    """
    for dek in deks:
        if dek.getparent() is None or len(dek.text_content()) > _DEK_MAX_TEXT:
            continue
        previous = [sib.tag for sib in list(dek.itersiblings(preceding=True))[:2]]
        parent = dek.getparent()  # the block's own class always reads as a dek's
        if "h1" in previous or (parent is not body and _in_header(parent, body)):
            drop_keeping_tail(dek)
        elif dek.tag in ("div", "p", "span") and len(dek) == 0:
            dek.tag = "h3"  # a subhead inside the body, which trafilatura drops as a bare div


def _in_header(element: HtmlElement, body: HtmlElement) -> bool:
    """Whether an element sits in the story's header (a <header>, or a head/dek-named block)."""
    for depth, el in enumerate([element, *element.iterancestors()]):
        if el is body or depth > 3:
            return False
        if el.tag == "header" or _DEK_CONTEXT.search(el.get("class") or ""):
            return True
    return False
