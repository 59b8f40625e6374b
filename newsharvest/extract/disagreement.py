"""A short text of ours that readability's reading of the page disagrees with (see `generic`).

On a post of a few lines (a photo post, a link to elsewhere with a line of comment) our
pass may take the page's one other short block instead: the blogger's bio in the sidebar, a
language menu. readability scores the blocks differently; when its reading of the same page
shares next to none of our words, and we share next to none of its, the two picked different
blocks and the reading is taken. A longer text of ours, or a reading that overlaps it, is
kept: there the two agree on the block, or ours is long enough to be the story.
"""

from __future__ import annotations

import re
from collections import Counter

from newsharvest.extract.document import collapse

_WORD_RE = re.compile(r"\w+")

SHORT_WORDS = 60
"""A text of ours under this many words is short enough to be the wrong block of a short post."""
MIN_READING_WORDS = 8
"""A reading under this many words (a credit, a date) is no better a pick than ours."""
SHARED_MAX = 0.3
"""Under this share of words held in common, either way, the two picked different blocks."""


def _counts(lines: list[str]) -> Counter[str]:
    # joined by spaces: no word spans two lines
    return Counter(_WORD_RE.findall(" ".join(lines).lower()))


def is_short(ours: list[str]) -> bool:
    """Whether our text has fewer than `SHORT_WORDS` whitespace words (counted until it has)."""
    need = SHORT_WORDS
    for line in ours:
        need -= len(line.split())
        if need <= 0:
            return False
    return True


def reading_instead(ours: list[str], reading: list[str]) -> bool:
    """Whether readability's reading replaces our short text: it has `MIN_READING_WORDS` words
    or more, and under `SHARED_MAX` of its words are in ours and of ours in it."""
    theirs = _counts(reading)
    total = sum(theirs.values())
    if total < MIN_READING_WORDS:
        return False
    mine = _counts(ours)
    shared = sum((mine & theirs).values())
    return shared < SHARED_MAX * total and shared < SHARED_MAX * sum(mine.values())


FAR_LONGER = 4
"""A reading this many times longer than our text, holding little of it, is the story."""
HELD_MAX = 0.5


def far_longer_elsewhere(ours: list[str], reading: list[str]) -> bool:
    """Whether readability's reading has `FAR_LONGER` times our words and holds, word for word,
    lines making under `HELD_MAX` of ours: our pass kept a box beside the story (a shop's offer
    after the story's last lines) and readability read the story."""
    own = sum(len(line.split()) for line in ours)
    if not own or sum(len(line.split()) for line in reading) < FAR_LONGER * own:
        return False
    text = f" {collapse(' '.join(reading))} "
    held = sum(len(line.split()) for line in ours if collapse(line) in text)
    return held < HELD_MAX * own
