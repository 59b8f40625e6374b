"""The headline an element's class names, for a page without `<h1>` or a stated title.

Old templates set the headline in a block named for it ("headline", "storyTitle",
"headline_content") rather than in an `<h1>`; the block often holds the date, the byline or a
row of tools beside the heading ("<div id="headline"><h2>…</h2><p>Fri 18 Jan, 11:45 AM</p>").
"""

from __future__ import annotations

import re

import lxml.etree

from newsharvest.extract.document import Document, collapse
from newsharvest.extract.heading_links import teaser
from newsharvest.extract.headings import NOT_HEADLINE, heading_text

_NAMED_XPATH = (  # class and id tested before the ancestor walk: predicates filter the same set in any order
    "//body/descendant::*[@class or @id][contains(@class, 'headline') or contains(@class, 'hdln')"
    " or contains(@class, 'Headline') or contains(@id, 'headline') or contains(@class, 'article-title')"
    " or contains(@class, 'story-title') or contains(@class, 'entry-title') or contains(@class, 'post-title')"
    " or contains(@class, 'articleTitle') or contains(@class, 'storyTitle')][not(self::a or self::meta"
    " or self::script or self::body or self::h2 or self::h3 or self::h4 or ancestor::h2 or ancestor::h3"
    " or ancestor::h4)]"
)
_NAMED_HEADLINES = lxml.etree.XPath(_NAMED_XPATH)
NAMED_CLASS = re.compile(
    r"headline|hdln|article-title|story-title|entry-title|post-title|articletitle|storytitle", re.I
)
"""Class words that name an element the story's headline (those `_NAMED_XPATH` looks for)."""
_MAX_WORDS = 40


def named_headline(doc: Document, min_words: int) -> str | None:
    """The first element whose class names it the story's headline ("headline", "entry-title",
    "story-title"…); never a box of such elements ("related_headlines"), one of a list of
    teasers linking away (see `headings.teaser`), nor a byline or date set in one
    ("headline-info": "by A. Name on 3 March 2009"). A block holding a heading gives that
    heading's text, without the date, byline or tools set beside it in the block."""
    if doc.root is None:
        return None
    try:
        elements = _NAMED_HEADLINES(doc.root)
    except Exception:
        return None
    named = set(elements)
    for element in elements[:50]:
        if teaser(doc, element):
            continue
        heading = next(element.iterdescendants("h1", "h2", "h3", "h4"), None)
        if heading is None and any(inner in named for inner in element.iterdescendants()):
            continue
        text = collapse(heading_text(heading) if heading is not None else element.text_content())
        if min_words <= len(text.split()) <= _MAX_WORDS and not NOT_HEADLINE.match(text):
            return text
    return None
