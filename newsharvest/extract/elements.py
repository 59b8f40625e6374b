"""Two small measures of the tree that several of the generic extractor's rules share.

The rules take elements out of the page's tree one after the other (a figure with its caption,
an embedded post with its wrappers, a box), so an element one rule found in the walk may be
gone by the time another reads it: `is_in` tells. Markup adds and drops whitespace freely, so
text is weighed without it: `solid_len`.
"""

from __future__ import annotations

from lxml.html import HtmlElement


def is_in(node: HtmlElement, body: HtmlElement) -> bool:
    """Whether `node` is (still) a descendant of `body`."""
    return any(ancestor is body for ancestor in node.iterancestors())


def solid_len(text: str) -> int:
    """Length of a text without its whitespace."""
    return len("".join(text.split()))
