"""The unlinked text of a block, read only as far as a teaser rule needs it (see
`pruning.drop_teasers`)."""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

_INNER_LINKS = etree.XPath("//a//a")
"""Links inside another link, anywhere in the element's tree."""


def holding_nested_links(element: HtmlElement) -> set[HtmlElement]:
    """The elements of `element`'s tree that hold a link inside another link (most pages have
    none): every ancestor of such a link. Elements only lose content afterwards, so the set
    keeps holding every element that still has one."""
    return {ancestor for inner in _INNER_LINKS(element) for ancestor in inner.iterancestors()}


def unlinked_over(element: HtmlElement, parts: list[str], budget: int) -> int:
    """Walk below `element` (outside any link, holding no link inside another): append the text
    outside every link to `parts` in page order, and return `budget` less the non-space
    characters of that text; the walk stops as soon as that falls below zero (the text is
    then over the budget, and `parts` incomplete)."""
    for child in element:
        if isinstance(child.tag, str) and child.tag != "a":  # a link's text is not counted
            text = child.text
            if text:
                parts.append(text)
                budget -= len("".join(text.split()))
            if len(child):
                budget = unlinked_over(child, parts, budget)
        tail = child.tail
        if tail:
            parts.append(tail)
            budget -= len("".join(tail.split()))
        if budget < 0:
            return budget
    return budget
