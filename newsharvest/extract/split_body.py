"""An article body split into several containers of one body-container name, joined.

Pages put ads, a side rail or promos between parts of one story, each part in its own
container of the same tag, first class and body-container name ("article-body",
"entry-content"…, see `class_names.CONTAINER`). trafilatura keeps the first such container
only; the children of the later parts move into the first, and what stood between them is
left behind. (`twin_frames` does the same for trafilatura's plain frame classes, "text",
"content"…, where the name alone does not say the blocks are the story's.)
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from newsharvest.extract.class_names import CONTAINER, alternatives
from newsharvest.extract.document import drop_keeping_tail
from newsharvest.extract.elements import is_in

CONTAINER_NAME = re.compile(alternatives(CONTAINER))
"""A body-container name in a lower-cased class attribute."""


def join_split_body(containers: list[HtmlElement], body: HtmlElement) -> None:
    """Join an article body split into several containers of one tag, first class and
    body-container name (ads, a side rail between them; see `_container_key`).

    trafilatura keeps the first matching container only; the children of the later parts
    move into the first, and what stood between them (ad slots, promos) is left behind.
    """
    containers = [c for c in containers if is_in(c, body)]
    if len(containers) < 2:
        return
    first = containers[0]
    key = _container_key(first)
    parts = [c for c in containers[1:] if _container_key(c) == key]
    if not parts:
        return
    for part in parts:
        if any(a is first for a in part.iterancestors()) or any(a is part for a in first.iterancestors()):
            return  # nested, not split
    for part in parts:
        if part.text and part.text.strip():
            holder = etree.SubElement(first, "p")
            holder.text = part.text
        for child in list(part):
            first.append(child)
        drop_keeping_tail(part)


def _container_key(element: HtmlElement) -> tuple[str, str, str]:
    """What the parts of one split body share: tag, first class and body-container name
    ("article_body entry-content" and "article_body" share ("div", "article_body",
    "article_body"); "post-content x" and a reply's "reply-content post-content" do not)."""
    classes = (element.get("class") or "").lower()
    found = CONTAINER_NAME.search(classes)
    first = next(iter(classes.split()), "")
    return element.tag, first, found.group() if found else ""
