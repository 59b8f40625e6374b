"""Where the story's text starts in the page's text, found once for the headline and dek rules.

The body's text pieces are read in order (scripts, styles and form options left out) until a
cell of the story's first lines (the extracted body) turns up; the pieces read so far, and the
element each belongs to, are kept for `headings.py` to walk back from to the heading printed
above the story. It stands apart from the heading rules: one walk of the page that they share.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import lxml.etree
import lxml.html

from newsharvest.extract.document import CJK_CHARACTER, Document, collapse

TAIL = lxml.html.Element("tail")
"""Stands for the owner of text that follows an element (its tail), never a heading."""
_SKIPPED = frozenset({"script", "style", "noscript", "title", "select", "option", "button"})


@dataclass(slots=True)
class TextRun:
    """The page's text in reading order: each piece and the element it belongs to (`TAIL` for
    text after an element)."""

    owners: list[lxml.html.HtmlElement]
    texts: list[str]


_NEEDLE = 40
"""How many characters of a lead's cell are looked up in the page's text."""


_WALK_UNCHECKED = 200
"""Text pieces `_story` reads before asking whether any needle is in the body at all (a story
starts within a few pieces on most pages: the question, a pass over the whole body, is left
to the long walks)."""
_UNREAD_NODES = (*_SKIPPED, lxml.etree.Comment, lxml.etree.ProcessingInstruction, lxml.etree.Entity)


def _needle(cell: str) -> str | re.Pattern[str]:
    """What a cell is looked up by in the page's text: itself; for a cell in Chinese, Japanese or
    Korean, a pattern that also lets a space stand between any two of its characters (the
    pieces are joined by spaces, and a link inside such a line is a piece of its own)."""
    if CJK_CHARACTER.search(cell) is None:
        return cell
    return re.compile(" ?".join(re.escape(char) for char in cell.replace(" ", "")))


def _find(text: str, needle: str | re.Pattern[str]) -> int:
    """Where `needle` (see `_needle`) first occurs in `text`, -1 when it does not."""
    if isinstance(needle, str):
        return text.find(needle)
    match = needle.search(text)
    return -1 if match is None else match.start()


def _found_nowhere(body: lxml.html.HtmlElement, needles: list[str | re.Pattern[str]]) -> bool:
    """Whether no needle occurs in the text `_story` walks, decided in C without the walk when the
    body holds nothing the walk leaves out (then its text is all of the body's text, tail
    included, collapsed); False when it does."""
    if next(body.iter(*_UNREAD_NODES), None) is not None:
        return False
    text = collapse(" ".join(body.itertext()) + " " + (body.tail or ""))
    return all(_find(text, needle) < 0 for needle in needles)


def _story(doc: Document, lead: Sequence[str]) -> tuple[TextRun, int, int, str] | None:
    """Where the story's text starts in the body's text: (the run of text pieces up to there,
    the piece, the paragraph of `lead`, the cell found).

    The pieces are read in order (scripts, styles and form options left out) and joined by
    spaces; of the cells of the lead's first three paragraphs (20 characters or more), the
    first one found in that text, not at its very beginning, marks the start. The walk stops
    as soon as that start is known: the text after it is never read.
    """
    cells = [
        (n, cell)
        for n, p in enumerate(lead[:3])
        for cell in (collapse(c) for c in p.split("|"))
        if len(cell) >= 20
    ]
    body = doc.root.find("body") if doc.root is not None and cells else None
    if body is None:
        return None
    needles: list[str | re.Pattern[str]] = [_needle(cell[:_NEEDLE]) for _, cell in cells]
    found: list[int | None] = [None] * len(cells)  # where each needle first occurs so far
    pending = 0  # the first cell not known to be of no use (found at the text's very beginning)
    owners: list[lxml.html.HtmlElement] = []
    texts: list[str] = []
    offsets: list[int] = []
    length = 0
    recent = ""  # the end of the text read so far, separator included: a needle may start there
    # (twice a needle's length: a pattern needle may match with a space between each two characters)
    for event, element in lxml.etree.iterwalk(body, events=("start", "end")):
        if event == "start":
            tag = element.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            piece = element.text
            if not piece or piece.isspace():  # most pieces: nothing to read, no parent to look up
                continue
            owner: lxml.html.HtmlElement | None = element
        else:
            piece = element.tail
            if not piece or piece.isspace():
                continue
            owner = element.getparent()
            if owner is None:
                continue
            owner = TAIL
        text = collapse(piece)
        owners.append(owner)
        texts.append(text)
        offsets.append(length)
        window = recent + text
        for k, needle in enumerate(needles):
            if found[k] is None:
                # most needles are plain text: found without a call per piece
                hit = window.find(needle) if isinstance(needle, str) else _find(window, needle)
                if hit >= 0:
                    found[k] = length - len(recent) + hit
        length += len(text) + 1
        recent = window[-2 * _NEEDLE :] + " "
        while pending < len(cells) and found[pending] == 0:
            pending += 1
        if pending < len(cells) and found[pending] is not None:
            break
        if len(texts) == _WALK_UNCHECKED and _found_nowhere(body, needles):
            return None  # the walk would read the whole body and find no start
    pick = next(((k, at) for k, at in enumerate(found) if at), None)
    if pick is None:
        return None
    start, cell = cells[pick[0]]
    return TextRun(owners, texts), bisect_right(offsets, pick[1]) - 1, start, cell


class StoryStart:
    """Where the story's text (`lead`, its first lines) starts on the page (see `_story`):
    found on first use and kept, since the headline rules (`headings.heading_before`) and the dek
    rule (`headings.printed_dek`) both read the page up to there."""

    def __init__(self, doc: Document, lead: Sequence[str]) -> None:
        self.doc = doc
        self.lead = lead
        self.headline = ""
        """The headline chosen, once known: a line printing it tops the story's header where no
        heading tag marks it (an old page's `<font>` or `<b>` headline)."""

    @cached_property
    def found(self) -> tuple[TextRun, int, int, str] | None:
        """(the run of text pieces up to the start, the piece, the paragraph of `lead`, the
        cell found), or None."""
        return _story(self.doc, self.lead)
