"""Where readability's reading sits in our text, beyond the lines it holds (see `generic`).

`generic._lines_inside` finds our lines that readability's reading holds. A page laid out in
tables turns the other way round: trafilatura keeps a whole table row ("| headline date
story |") as one line of ours, and readability's reading (the story cell alone) sits inside
that line, not the line inside it. That line is where the reading is: the furniture lines
around it (menus, teaser lists) are judged as around any other reading.
"""

from __future__ import annotations

import re
from collections import Counter

_WORD_RE = re.compile(r"\w+")

HOLDS_SHARE = 0.9
"""A line of ours holding this share of the reading's words (counted) holds the reading."""


def lines_holding(lines: list[str], reading: list[str], inside: list[bool]) -> list[bool]:
    """`inside` (each line held by the reading) with the lines that hold the reading marked
    too; unchanged when some line is inside already. Only lines with as many words as the
    share of the reading's words can hold it (next to none on an ordinary page)."""
    if any(inside) or not reading:
        return inside
    theirs = Counter(_WORD_RE.findall(" ".join(reading).lower()))
    need = HOLDS_SHARE * sum(theirs.values())
    if not need:
        return inside
    marked = list(inside)
    for index, line in enumerate(lines):
        words = _WORD_RE.findall(line.lower())
        if len(words) < need:
            continue
        mine = Counter(words)
        if sum((mine & theirs).values()) >= need:
            marked[index] = True
    return marked
