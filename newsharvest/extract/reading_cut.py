"""Our text held against readability's reading of the same page: furniture at its ends cut.

trafilatura may take a container holding the article and the page's furniture around it
(menus, teaser lists, "more stories" links, comment digests); readability's scoring picks the
densest block. When the two readings agree on the story (ours holds most of readability's
words), the link-heavy lines ours keeps before or after readability's reading go, and so does
a run of scraps after it; when ours is mostly link text and the reading is not, the reading
replaces it. `reading_may_cut` tells, from our text alone, whether readability's pass could
change it at all: most pages skip that pass.
"""

from __future__ import annotations

import re
from collections import Counter

from newsharvest.extract.document import collapse
from newsharvest.extract.link_text import linked_chars, linked_share

_NESTED_SHARE = 0.8
"""The share of readability's words our text must hold for the two readings to agree."""
_FURNITURE_LINKED = 0.1
"""Lines before or after readability's reading with this share of text in links to the site's
own pages are furniture."""
LINK_LIST_SHARE = 0.3
"""A text with this share of link text (links to the site's own pages) is a menu or a link list."""
_MIN_HEAD_LINES = 2
"""Fewer lines than this before readability's reading are a headline or a lead, kept."""
_LINK_LINE_SHARE = 0.5
"""A single line after readability's reading goes only when this share of it is link text."""
_LINE_INSIDE_SHARE = 0.9
_LINE_INSIDE_MIN_WORDS = 5
_WORD_RE = re.compile(r"\w+")
MIN_READABLE_WORDS = 50
"""readability's reading holding fewer words than this is too short to go by: ours stands."""


_SCRAP_LINES = 10
SCRAP_WORDS = 8
"""A line of this many words or fewer is a scrap, no sentence of a story."""


def against_reading(
    paragraphs: list[str], reading: list[str], anchors: set[str], linked: list[int] | None = None
) -> list[str]:
    """Our lines without the link-heavy ones they hold before or after readability's reading;
    the reading itself when ours is mostly link text and the reading is not.

    trafilatura may take a container holding the article and the page's furniture around it
    (menus, teaser lists, "more stories" links, comment digests); readability's scoring picks
    the densest block. When that reading sits inside ours, the lines ours keeps before its
    first line, or after its last (or the lines of ours holding them, see `_holding_lines`), go
    when a good share of their text is link text (`anchors`: links to the site's own pages),
    and so does a run of scraps after it (`_scraps`). A run of prose there (a standfirst, a last
    paragraph readability left out) stays, and so does a single line before it (a linked
    headline, a lead with a link in it) or after it that is not mostly a link. A text of ours
    mostly made of link texts is a menu or a list of stories, not the article. `linked`: each
    of our lines' link characters (`linked_chars`), when the caller has them already.
    """
    if word_count(reading) < MIN_READABLE_WORDS:
        return paragraphs
    if linked is None:
        linked = linked_chars(paragraphs, anchors)
    lengths = [len(line) for line in paragraphs]

    def share(lo: int, hi: int) -> float:
        """`linked_share` of our lines `lo` to `hi`, from the counts already made."""
        total = sum(lengths[lo:hi])
        return sum(linked[lo:hi]) / total if total else 0.0

    if (
        share(0, len(paragraphs)) >= LINK_LIST_SHARE
        and linked_share(reading, anchors) < _FURNITURE_LINKED
    ):
        return reading
    if _shared_words(paragraphs, reading) < _NESTED_SHARE:
        return paragraphs
    inside = _lines_inside(paragraphs, reading)
    if any(inside):
        first = inside.index(True)
        last = len(inside) - 1 - inside[::-1].index(True)
    else:
        held = _holding_lines(paragraphs, reading)
        if held is None:
            return paragraphs
        first, last = held
    start = 0
    if first >= _MIN_HEAD_LINES and share(0, first) >= _FURNITURE_LINKED:
        start = first
    end = last + 1
    tail = paragraphs[end:]
    tail_share = share(end, len(paragraphs))
    if (
        not tail or tail_share < _FURNITURE_LINKED or (len(tail) == 1 and tail_share < _LINK_LINE_SHARE)
    ) and not _scraps(tail):
        end = len(paragraphs)
    return paragraphs[start:end]


def _scraps(lines: list[str]) -> bool:
    """Whether lines after readability's reading are a run of scraps, `_SCRAP_LINES` or more
    of under `SCRAP_WORDS` words on average (classified ads' prices and places,
    promo slogans, footer notices), linked or not: a story's text is sentences."""
    return _is_scrap_run(len(lines), word_count(lines))


def _is_scrap_run(count: int, words: int) -> bool:
    """Whether `count` lines holding `words` words in all are a run of scraps (`_scraps`)."""
    return count >= _SCRAP_LINES and words < SCRAP_WORDS * count


def _holding_lines(lines: list[str], reading: list[str]) -> tuple[int, int] | None:
    """The lines of ours holding the reading's first and last lines, when no line of ours is
    inside the reading: the story read as a few paragraphs sits in one of our longer lines
    (an old page's table row, "| Headline Date Story… |"). None when neither is found."""
    first_line, last_line = collapse(reading[0]), collapse(reading[-1])
    collapsed = [collapse(line) for line in lines]
    first = next((i for i, line in enumerate(collapsed) if first_line in line), None)
    if first is None:
        return None
    last = next((i for i in range(len(lines) - 1, first - 1, -1) if last_line in collapsed[i]), None)
    return None if last is None else (first, last)


def reading_may_cut(paragraphs: list[str], linked: list[int]) -> bool:
    """Whether `against_reading` could return anything but `paragraphs`, whatever readability
    reads (`linked`: each line's link characters, see `linked_chars`): only when our text has
    the link share of a link list, or some head of `_MIN_HEAD_LINES` lines or more, or some
    tail, has that of furniture. Its rules, checked over every head and tail at once (change
    the two together)."""
    lengths = [len(line) for line in paragraphs]
    total = sum(lengths)
    if not total:
        return False
    words = 0
    for end in range(len(paragraphs) - 1, 0, -1):
        words += len(paragraphs[end].split())
        if _is_scrap_run(len(paragraphs) - end, words):
            return True  # `_scraps` of some tail, counted from the end once
    if not any(linked):
        return False
    if sum(linked) / total >= LINK_LIST_SHARE:
        return True
    head = head_linked = 0
    for first in range(1, len(paragraphs)):
        head += lengths[first - 1]
        head_linked += linked[first - 1]
        if first >= _MIN_HEAD_LINES and head_linked / head >= _FURNITURE_LINKED:
            return True
    tail = tail_linked = 0
    for end in range(len(paragraphs) - 1, 0, -1):
        tail += lengths[end]
        tail_linked += linked[end]
        share = tail_linked / tail
        if share >= _FURNITURE_LINKED and (end < len(paragraphs) - 1 or share >= _LINK_LINE_SHARE):
            return True
    return False


def _shared_words(ours: list[str], reading: list[str]) -> float:
    """The share of the reading's words (counted) that our text holds too: all of them, with
    no word counted, when each of the reading's lines is one of ours (the common case)."""
    if not Counter(reading) - Counter(ours):
        return 1.0 if _WORD_RE.search(" ".join(reading).lower()) else 0.0
    # joined by spaces: no word spans two lines, and lower() reads a space as a line's end
    mine = Counter(_WORD_RE.findall(" ".join(ours).lower()))
    theirs = Counter(_WORD_RE.findall(" ".join(reading).lower()))
    total = sum(theirs.values())
    return sum((mine & theirs).values()) / total if total else 0.0


def _lines_inside(lines: list[str], reading: list[str]) -> list[bool]:
    """For each line, whether the reading holds it: verbatim, or (a line of five words or
    more split or joined differently) nine tenths of its words. An empty table row ("|  |  |")
    is never taken as inside."""
    text = " " + collapse(" ".join(reading)) + " "
    known: set[str] | None = None  # the reading's words, gathered for the first line not found whole
    verbatim = {collapse(line) for line in reading}  # found without a search of the whole text
    inside = []
    for line in lines:
        line = collapse(line)
        if not line.strip("| "):
            inside.append(False)  # an empty table row matches any table
            continue
        if line in verbatim or line in text:
            inside.append(True)
            continue
        words = _WORD_RE.findall(line.lower())
        if known is None:
            known = set(_WORD_RE.findall(text.lower()))
        inside.append(
            len(words) >= _LINE_INSIDE_MIN_WORDS
            and sum(w in known for w in words) >= _LINE_INSIDE_SHARE * len(words)
        )
    return inside


def word_count(paragraphs: list[str]) -> int:
    """The words of the paragraphs, all told."""
    return sum(len(p.split()) for p in paragraphs)
