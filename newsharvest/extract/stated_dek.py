"""The page's description as the dek, unless it is only the story's opening words.

A page that prints no subtitle under its headline often states one in its description meta
tags, and that is the dek then. Many sites fill the description with the story's first
sentence cut short instead (a CMS default), sometimes after the byline ("By A WASHINGTON (AP)
— The …"): that is the lead, already the body's opening, not a standfirst, and no dek is given.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
_COMPARED_WORDS = 12
"""How many of the body's first words the description must repeat to be its opening."""
_MIN_WORDS = 5
"""A description shorter than this many words is compared whole."""
_LEAD_IN_WORDS = 12
"""How far into one text the other's opening may begin (a byline or a dateline before it)."""


def description_dek(description: str | None, body: str) -> str | None:
    """`description`, unless it repeats the opening of `body` (see the module's docstring): the
    first words of one stand among the first words of the other (a byline or a dateline before
    them on either side)."""
    if not description:
        return None
    stated = _WORD.findall(description.lower())
    opening = _WORD.findall(body[: len(description) + 400].lower())
    wanted = min(len(opening), len(stated), _COMPARED_WORDS)
    if wanted < _MIN_WORDS:
        return description
    if _starts_near(opening[:wanted], stated) or _starts_near(stated[:wanted], opening):
        return None
    return description


def _starts_near(needle: list[str], words: list[str]) -> bool:
    """Whether `needle` stands in `words` within `_LEAD_IN_WORDS` of their start."""
    last = min(_LEAD_IN_WORDS, len(words) - len(needle))
    return any(words[start : start + len(needle)] == needle for start in range(last + 1))
