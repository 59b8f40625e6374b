"""Teaser cards: the site's other stories, each a linked title over a line of summary.

A box of the site's other stories prints each as a card: the title, a heading wholly linked
to the story (the link inside it or around it), a line of summary, perhaps the writer and a
date. Class names usually mark the box ("related", "more-stories"); where they say nothing,
the cards still show: the card is the nearest element above the linked title holding more
text than it; when that text is short and links nowhere else, and three or more cards are set
from one template (the same tag, under the same tag, as deep), the cards go whole. A story's
heading linked to another page is no card: the element holding more text above it is the
story, far longer than a summary.
"""

from __future__ import annotations

from collections import Counter

from lxml.html import HtmlElement

from newsharvest.extract.document import drop_keeping_tail
from newsharvest.extract.link_text import is_internal

_CARDS = 3
"""This many cards of one template make a box of teasers; fewer may be the story's own lines."""
_CARD_WORDS = 60
"""A card's words besides its title: a summary of a sentence or two, a writer and a date."""
_LEVELS = 4
"""How far above a linked title its card is looked for."""


def drop_teaser_cards(titled_links: list[HtmlElement], host: str) -> None:
    """Remove the cards around `titled_links` (links holding a heading) to other pages of the
    site, when three or more of one template hold a short text besides the title, unlinked."""
    cards: list[HtmlElement] = []
    for link in titled_links:
        if not is_internal(link.get("href") or "", host):
            continue
        card = _card(link)
        if card is not None and card not in cards:
            cards.append(card)
    if len(cards) < _CARDS:
        return
    forms = [_form(card) for card in cards]
    counts = Counter(forms)
    for card, form in zip(cards, forms, strict=True):
        if counts[form] >= _CARDS and card.getparent() is not None:
            drop_keeping_tail(card)


def _card(link: HtmlElement) -> HtmlElement | None:
    """The nearest element above `link` holding more words than its title, if those are a
    card's: a few, and no other link's but the title's own."""
    title = link.text_content()
    size = len(title.split())
    if not size:
        return None
    element = link.getparent()
    for _ in range(_LEVELS):
        if element is None or element.tag in ("body", "html"):
            return None
        words = len(element.text_content().split())
        if words > size:
            if words - size > _CARD_WORDS:
                return None
            for other in element.iter("a"):
                text = other.text_content().strip()
                if text and text != title.strip():
                    return None
            return element
        element = element.getparent()
    return None


def _form(card: HtmlElement) -> tuple[str, str, int]:
    """A card's template: its tag, its parent's tag and its depth."""
    parent = card.getparent()
    return card.tag, parent.tag if parent is not None else "", sum(1 for _ in card.iterancestors())
