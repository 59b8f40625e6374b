"""A story's bulleted lists and subheads, kept on a page trafilatura finds no frame on.

Run on the tree after trafilatura's tag conversion, before its main pass (see `generic`): where
none of its frame tests (`cascade.finds_frame`) finds an element, the pass reads the page's
paragraphs only, and a story's lists of prose items and the subheads between its paragraphs
would be lost; they become paragraphs.
"""

from __future__ import annotations

import re

from lxml import etree

from newsharvest.extract.cascade import finds_frame
from newsharvest.extract.document import drop_keeping_tail

_WORD_RE = re.compile(r"\w+")


def _between_paragraphs(head: etree._Element) -> bool:
    """Whether a heading with text stands between two paragraphs (a story's subhead); never an
    `<h1>`, a headline (a page repeated end to end prints its own again)."""
    before, after = head.getprevious(), head.getnext()
    return (
        before is not None and before.tag == "p" and after is not None and after.tag == "p"
        and head.get("rend") != "h1"
        and bool("".join(head.itertext()).strip())
    )


def lists_as_paragraphs(tree: etree._Element) -> None:
    """Each list of prose items beside a story's paragraphs made a run of "- item" paragraphs,
    each subhead between two of its paragraphs a paragraph.

    On a page none of trafilatura's frame tests finds a frame on, its pass reads the page's
    paragraphs (quotes, code, tables) only: a story's bulleted list and subheads between them
    were lost. A list whose items are mostly link text (a menu, related links) is left as it
    was. The frame tests run only on a page holding such a list or subhead.
    """
    prose_lists = []
    for items in tree.iter("list"):
        parent = items.getparent()
        if parent is None or parent.find("p") is None or items.find(".//list") is not None:
            continue
        entries = [e for e in items if e.tag == "item"]
        words = sum(len(_WORD_RE.findall(" ".join(e.itertext()))) for e in entries)
        linked = sum(len(_WORD_RE.findall(" ".join(a.itertext()))) for a in items.iter("ref", "a"))
        if entries and linked * 2 < words:
            prose_lists.append((items, entries))
    subheads = [head for head in tree.iter("head") if _between_paragraphs(head)]
    if not (prose_lists or subheads) or finds_frame(tree):
        return
    for head in subheads:
        head.tag = "p"
    for items, entries in prose_lists:
        for entry in entries:
            entry.tag = "p"
            entry.text = "- " + (entry.text or "").lstrip()
            entry.tail = None
            items.addprevious(entry)
        drop_keeping_tail(items)
