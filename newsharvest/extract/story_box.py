"""The story before a box: an in-article box after the story's last paragraph leaves the text.

A story's container often holds, after the story's paragraphs, a box of another kind: a
review's facts ("Director: … Cast: … Rated: PG-13"), a fact box, an author's bio, related
links or a share bar, and after it the rest of the page's furniture. Where no class name tells
the generic walk it is a box (an "infobox", an id naming an author's bio), trafilatura keeps it
with the story. Where the story block (the element whose own paragraphs hold the most text)
ends and such a box follows inside the same container (the block itself, after its last long
paragraph, or the block's parent, after the block), the box and whatever follows it there
leave the tree: the story before it stays. Only when nothing after the box holds a long
paragraph: a story that goes on after a box in its middle keeps both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree
from lxml.html import HtmlElement

from newsharvest.extract.document import drop_keeping_tail
from newsharvest.extract.pruning import BOX_MAX_TEXT

_BOX_NAME = re.compile(
    r"""(?:^|[\s_-])(?:
        info-?box|fact-?box(?:es)?|key-?facts|fact-?file|facts
      | (?:author|about|writer)-?(?:the-?)?(?:bio|box|info|highlight|details|author)
      | bio-?box|bio
      | related\w*|teasers?|share\w*|sharing|social\w*
    )(?:$|[\s_-])""",
    re.VERBOSE,
)
"""Class names and ids of boxes that stand after a story (lower case, "_" read as "-")."""
_LONG_PARAGRAPH = 12
"""A `<p>` of this many words or more is a story's paragraph (a box's lines are shorter)."""
_MIN_STORY_CHARS = 500
"""The story block's own paragraphs hold this many characters at least."""
_STOP_TAGS = frozenset({"body", "html"})


def cut_box_after_story(body: HtmlElement) -> None:
    """Remove a box standing after the story block's last long paragraph, and what follows it,
    in the block and in its parent (see the module's docstring)."""
    block = _story_block(body)
    if block is None:
        return
    children = [child for child in block if isinstance(child.tag, str)]
    last = max((i for i, child in enumerate(children) if _is_long_paragraph(child)), default=None)
    if last is not None:
        _cut_from_box(children[last + 1 :])
    parent = block.getparent()
    if parent is not None and parent.tag not in _STOP_TAGS:
        _cut_from_box(block.itersiblings())


def _story_block(body: HtmlElement) -> HtmlElement | None:
    """The element whose own `<p>` children hold the most text, if it reaches `_MIN_STORY_CHARS`."""
    held: dict[HtmlElement, int] = {}
    for paragraph in body.iter("p"):
        parent = paragraph.getparent()
        if parent is not None:
            held[parent] = held.get(parent, 0) + sum(len(text) for text in paragraph.itertext())
    if not held:
        return None
    block, chars = max(held.items(), key=lambda item: item[1])
    return block if chars >= _MIN_STORY_CHARS and block.tag not in _STOP_TAGS else None


def _cut_from_box(siblings: Iterable[HtmlElement]) -> None:
    """Drop the first box among `siblings` and every sibling after it, unless one of them holds
    a long paragraph or the box is too large to be one."""
    following = [node for node in siblings if isinstance(node.tag, str)]
    start = next((i for i, node in enumerate(following) if _is_box(node)), None)
    if start is None:
        return
    if len(following[start].text_content()) > BOX_MAX_TEXT:
        return
    if any(_holds_long_paragraph(node) for node in following[start + 1 :]):
        return
    for node in following[start:]:
        drop_keeping_tail(node)


def _is_box(node: HtmlElement) -> bool:
    """Whether an element is named (class or id) as a box, or is an `<aside>`."""
    if node.tag == "aside":
        return True
    name = f"{node.get('class') or ''} {node.get('id') or ''}".lower().replace("_", "-")
    return _BOX_NAME.search(name) is not None


def _is_long_paragraph(node: etree._Element) -> bool:
    """Whether an element is a `<p>` of `_LONG_PARAGRAPH` words or more."""
    return node.tag == "p" and len(" ".join(node.itertext()).split()) >= _LONG_PARAGRAPH


def _holds_long_paragraph(node: HtmlElement) -> bool:
    """Whether an element is or holds a long paragraph outside a box (a list of teasers may
    hold long ones)."""
    if _is_box(node):
        return False
    return any(_is_long_paragraph(paragraph) and not _in_box(paragraph, node) for paragraph in node.iter("p"))


def _in_box(paragraph: HtmlElement, top: HtmlElement) -> bool:
    """Whether an element between `paragraph` and `top` (both left out) is a box."""
    for above in paragraph.iterancestors():
        if above is top:
            return False
        if _is_box(above):
            return True
    return False
