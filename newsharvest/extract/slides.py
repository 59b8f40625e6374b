"""A gallery's slides kept in a story's text (see `generic`).

A slideshow widget beside or inside a story ("Business news in pictures") numbers its slides
"1/50 …", "2/50 …" or "1 of 12 …": each slide's caption is another story. trafilatura keeps
the widget's list when it sits inside the article's container. A run of lines numbered one
after another out of the same total is such a list and goes; lines that merely start with a
fraction ("1/2 cup flour", "3/4 teaspoon salt") never count up out of one total.
"""

from __future__ import annotations

import re

from newsharvest.extract.postlines import BULLET

_COUNTER = re.compile(r"^(\d{1,3})\s*(?:/|of)\s*(\d{1,3})\b", re.IGNORECASE)
MIN_SLIDES = 3
"""A run of this many numbered lines (counting up by one, same total) is a gallery."""
TITLE_LINES = 2
TITLE_WORDS = 8
"""Up to this many lines of up to this many words, none ending a sentence, right before the
slides are the gallery's title ("Business news in pictures", shown twice by some widgets)."""
_SENTENCE_END = re.compile(r"[.!?:][\"”’')]*$")


def _counter(line: str) -> tuple[int, int] | None:
    found = _COUNTER.match(BULLET.sub("", line.lstrip()))
    if found is None:
        return None
    number, total = int(found.group(1)), int(found.group(2))
    return (number, total) if 1 <= number <= total and total >= MIN_SLIDES else None


def _is_title(line: str) -> bool:
    """A short line that ends no sentence, as a gallery's title does."""
    return len(line.split()) <= TITLE_WORDS and not _SENTENCE_END.search(line.strip())


def without_slides(paragraphs: list[str]) -> list[str]:
    """The lines without every run of `MIN_SLIDES` or more gallery slides ("k/N …" counting up),
    and the gallery's title lines just before it."""
    counters = [_counter(line) for line in paragraphs]
    if sum(found is not None for found in counters) < MIN_SLIDES:
        return paragraphs  # the common case
    drop = [False] * len(paragraphs)
    start = 0
    while start < len(paragraphs):
        end = start + 1
        first = counters[start]
        while (
            first is not None
            and end < len(paragraphs)
            and counters[end] == (first[0] + end - start, first[1])
        ):
            end += 1
        if end - start >= MIN_SLIDES:
            title = start
            while title > 0 and start - title < TITLE_LINES and _is_title(paragraphs[title - 1]):
                title -= 1
            drop[title:end] = [True] * (end - title)
        start = end
    return [line for line, gone in zip(paragraphs, drop, strict=True) if not gone]
