"""Teasers for the site's other stories, in runs: each a linked title over its summary.

A "Recent posts" or "Must read" box prints each story as its title, linked to it, over a line
or two of summary ("A Lie That's Good for Password Security" / "Answering security questions
with an unrelated answer …"). Class names usually mark the box ("recent-posts", "related");
where they say nothing, the text read out of the page still shows it: three or more such pairs
in a row, each title a whole link to another page of the site, go wherever they stand. A run
the story introduces ("Here are some other models you could qualify for:") is its own list,
and stays.
"""

from __future__ import annotations

from newsharvest.extract.link_text import PageLinks
from newsharvest.extract.postlines import BULLET

_PAIRS = 3
"""This many teasers in a row make a box; two could be a story's own "see also" lines."""
_TITLE_WORDS = (3, 25)
"""A title's length in words: a story's headline, not a label ("More") or a paragraph."""
_SUMMARY_WORDS = (4, 60)
"""A summary's length in words: a sentence or two."""


def without_teaser_pairs(paragraphs: list[str], page_links: PageLinks) -> list[str]:
    """Our text without its runs of teaser pairs (see the module)."""
    if len(paragraphs) < 2 * _PAIRS:
        return paragraphs
    anchors = page_links.anchors
    titles = [_is_title(line, anchors) for line in paragraphs]
    if sum(titles) < _PAIRS:
        return paragraphs  # the common case: decided without reading further
    summaries = [
        not title and _words_within(line, _SUMMARY_WORDS)
        for line, title in zip(paragraphs, titles, strict=True)
    ]
    kept: list[str] = []
    index = 0
    while index < len(paragraphs):
        count = _pairs_from(index, titles, summaries)
        if count < _PAIRS:
            kept.append(paragraphs[index])
            index += 1
            continue
        if index > 0 and paragraphs[index - 1].rstrip().endswith(":"):
            kept.extend(paragraphs[index : index + 2 * count])  # introduced: the story's own list
        index += 2 * count
    return kept


def _is_title(line: str, anchors: set[str]) -> bool:
    """Whether a line is a whole link to another page of the site, as long as a headline."""
    text = BULLET.sub("", line)
    return text in anchors and _words_within(text, _TITLE_WORDS)


def _words_within(line: str, bounds: tuple[int, int]) -> bool:
    """Whether the line's word count lies within `bounds`, both ends included."""
    return bounds[0] <= len(line.split()) <= bounds[1]


def _pairs_from(index: int, titles: list[bool], summaries: list[bool]) -> int:
    """How many title-summary pairs follow one another from `index`."""
    count = 0
    while index + 1 < len(titles) and titles[index] and summaries[index + 1]:
        count += 1
        index += 2
    return count
