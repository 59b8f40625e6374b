"""A story laid out in several blocks of one plain frame class ("text", "content", "story"…).

trafilatura picks the article's frame by its class and takes the *first* element that has it:
a class named exactly "text", "content", "story", "post", "entry", "cell" or "postarea". Pages
built of modules (a text module, a gallery or teaser module, another text module) put one
story in several such blocks, each in the same layout, and everything after the first block
was lost. Those names are common, though: a language chooser, a teaser list, a slideshow or
the columns of a table layout may wear them. A later block counts as the story's
continuation only when the page has a few blocks of that class at that depth (not a list),
each holds a paragraph's worth of words, and it sits in the same layout as the first: the
same chain of tags, classes and ids from each block up to the element holding both.
(`split_body.join_split_body` does the same for body-container names, "article-body"…, where
the name alone says the blocks are the story's.)
"""

from __future__ import annotations

from lxml.html import HtmlElement

from newsharvest.extract.document import drop_keeping_tail
from newsharvest.extract.elements import is_in

FRAME_CLASSES = frozenset(
    {"text", "content", "story", "post", "entry", "cell", "postarea", "art-postcontent"}
)
"""The exact class values trafilatura's frame XPaths take as the article's frame."""
FRAME_TAGS = frozenset({"div", "section", "article", "main"})
"""The tags those XPaths take a frame of."""


_MAX_BLOCKS = 4
"""More blocks of one class at one depth than this: a listing (teasers, steps, slides, cells
of a grid), not one story split between modules; left alone."""
_MIN_WORDS = 50
"""Words each block holds: a story's text module holds paragraphs, not a teaser or a label."""


def _same_layout(one: HtmlElement, other: HtmlElement) -> bool:
    """Whether two elements at one depth have the same tags, classes and ids on the way up to
    the element holding both (and neither holds the other): not a left and a right column."""
    a: HtmlElement | None = one
    b: HtmlElement | None = other
    while a is not None and b is not None and a is not b:
        if a.tag != b.tag or a.get("class") != b.get("class") or a.get("id") != b.get("id"):
            return False
        a, b = a.getparent(), b.getparent()
    return a is not None and a is b and a is not one


def _depth(element: HtmlElement) -> int:
    """How many ancestors an element has."""
    return sum(1 for _ in element.iterancestors())


def join_twin_frames(frames: list[HtmlElement], body: HtmlElement) -> None:
    """Move the content of the later blocks continuing a frame block (same tag and class, same
    layout up to the element holding both, a few such blocks on the page, each holding
    prose) into the first, so the frame trafilatura takes holds the whole story; what stood
    between them (galleries, teaser modules) stays where it was."""
    groups: dict[tuple[str, str, int], list[HtmlElement]] = {}
    for frame in frames:
        groups.setdefault((frame.tag, frame.get("class") or "", _depth(frame)), []).append(frame)
    for group in groups.values():
        if not 2 <= len(group) <= _MAX_BLOCKS:
            continue
        blocks = [b for b in group if is_in(b, body) and len(b.text_content().split()) >= _MIN_WORDS]
        joined: set[HtmlElement] = set()
        for index, first in enumerate(blocks):
            if first in joined:
                continue
            for twin in blocks[index + 1 :]:
                if twin in joined or not _same_layout(first, twin):
                    continue
                joined.add(twin)
                if twin.text and twin.text.strip():
                    holder = first.makeelement("p", {})  # an HtmlElement, as the tree's own are
                    holder.text = twin.text
                    first.append(holder)
                for child in list(twin):
                    first.append(child)
                drop_keeping_tail(twin)
