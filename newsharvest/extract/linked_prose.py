"""Story paragraphs whose whole text is one link, kept as text for trafilatura.

trafilatura drops a paragraph whose text is one link of more than 100 characters (its
link-density shortcut): right for a linked teaser, wrong for a story paragraph linked whole —
a quoted lead linked to its source, a first sentence linked to the report it sums up. Such a
paragraph (its link going to an address) is told apart by where it stands: among the story's
own paragraphs (a sibling paragraph holds `_SIBLING_PROSE_WORDS` words or more outside links),
and by what it reads as (a sentence of `_MIN_WORDS` words or more). Its link is then turned
into a `<span>` in the copy of the tree trafilatura reads, so that its text stays; the page's
own links are untouched.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from newsharvest.extract.document import collapse

_MIN_CHARS = 100
"""trafilatura's shortcut drops a single link longer than this (and 90% of its paragraph)."""
_MIN_WORDS = 15
_LINK_SHARE = 0.9
_SIBLING_PROSE_WORDS = 20
_SENTENCE_ENDS = (".", "!", "?", "…", '"', "”", "’", "'", ")", ":")


def keep_linked_prose(blocks: list[HtmlElement]) -> None:
    """Turn the one link of each story paragraph linked whole (see the module) into a span."""
    for block in blocks:
        if block.tag != "p":
            continue
        link = _whole_link(block)
        if link is not None and _among_prose(block):
            link.tag = "span"
            for name in list(link.attrib):
                del link.attrib[name]


def _whole_link(block: HtmlElement) -> HtmlElement | None:
    """The paragraph's one link when it holds nearly all its text and that text is a sentence."""
    links = block.findall(".//a")
    if len(links) != 1 or not _is_address(links[0].get("href")):
        return None
    text = collapse(block.text_content())
    linked = collapse(links[0].text_content())
    if len(linked) <= _MIN_CHARS or len(linked) < _LINK_SHARE * len(text):
        return None
    if len(linked.split()) < _MIN_WORDS or not linked.rstrip().endswith(_SENTENCE_ENDS):
        return None
    return links[0]


def _is_address(href: str | None) -> bool:
    """Whether a link goes somewhere (an `<a>` without an address, or a script call, wraps a
    photo's caption or a widget's text, not a linked paragraph)."""
    href = (href or "").strip().lower()
    return bool(href) and not href.startswith(("javascript:", "#"))


def _among_prose(block: HtmlElement) -> bool:
    """Whether a sibling paragraph holds a run of words outside links (story text), or one of
    its block's siblings does (a paragraph in a quote among the story's paragraphs)."""
    parent = block.getparent()
    if parent is None:
        return False
    if _holds_prose(parent, block):
        return True
    grandparent = parent.getparent()
    return grandparent is not None and _holds_prose(grandparent, parent)


def _holds_prose(parent: HtmlElement, block: HtmlElement) -> bool:
    """Whether a paragraph of `parent` other than `block` holds story text."""
    for sibling in parent:
        if sibling is block or sibling.tag != "p":
            continue
        words = len(sibling.text_content().split())
        if words < _SIBLING_PROSE_WORDS:
            continue
        linked = sum(len(a.text_content().split()) for a in sibling.iter("a"))
        if words - linked >= _SIBLING_PROSE_WORDS:
            return True
    return False
