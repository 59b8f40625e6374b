"""The page's description as the dek, unless it is only the story's opening words.

A page that prints no subtitle under its headline often states one in its description meta
tags, and that is the dek then. Many sites fill the description with the story's first
sentence cut short instead (a CMS default), sometimes after the byline ("By A WASHINGTON (AP)
— The …"): that is the lead, already the body's opening, not a standfirst, and no dek is given.

Others give every page the site's own description ("SuperSport official website", "The
Personal Branding Blog offers branding and career advice…", "Providence News, Providence
Weather, …"): no dek either. Such a description shares next to none of its words with the
story's headline and text, or names the site and shares fewer than half of them; a story's
own standfirst, even one that words it afresh, shares more.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from newsharvest.extract.document import CJK_CHARACTER, clean_text
from newsharvest.extract.headings import squash

_WORD = re.compile(r"\w+")
_COMPARED_WORDS = 12
"""How many of the body's first words the description must repeat to be its opening."""
_MIN_WORDS = 5
"""A description shorter than this many words is compared whole."""
_LEAD_IN_WORDS = 12
"""How far into one text the other's opening may begin (a byline or a dateline before it)."""


_SITE_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "by", "for", "from", "in",
        "is", "it", "its", "of", "on", "or", "the", "to", "with",
    }
)  # fmt: skip
"""Words too common to tell a site's description from a story's dek."""
_STORY_CHARS = 3000
"""How much of the body a description's words are looked for in (with the headline)."""
_ABOUT_NOTHING = 0.1
"""A description sharing less than this share of its words with the story is the site's."""
_ABOUT_THE_SITE = 0.5
"""A description naming the site and sharing less than this share of its words is the site's."""
_MIN_BRAND_CHARS = 4
"""A site name shorter than this (squashed) may stand in any text by chance."""
_MIN_BARE_CHARS = 6
"""A name without its "the" this long at least is still the site's ("telegraph", not "star")."""


def description_dek(
    description: str | None, body: str, headline: str = "", brands: Callable[[], Sequence[str]] = tuple
) -> str | None:
    """`description`, unless it repeats the opening of `body` (the first words of one stand
    among the first words of the other, a byline or a dateline before them on either side) or
    is the site's own description (see the module's docstring). `brands`: the site's names,
    squashed (`site_names.site_brands`), asked for only when needed."""
    if not description:
        return None
    if _site_description(description, f"{headline} {body[:_STORY_CHARS]}", brands):
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


def _site_description(description: str, story: str, brands: Callable[[], Sequence[str]]) -> bool:
    """Whether `description` is about the site, not the `story` (headline and text)."""
    if CJK_CHARACTER.search(description):
        return False  # words run together: no word lists to compare
    words = {word for word in _WORD.findall(clean_text(description).lower()) if word not in _SITE_WORDS}
    if not words:
        return False
    shared = len(words & set(_WORD.findall(story.lower()))) / len(words)
    if shared < _ABOUT_NOTHING:
        return True
    if shared >= _ABOUT_THE_SITE:
        return False
    squashed = squash(description)
    return any(
        len(name) >= _MIN_BRAND_CHARS and name in squashed for brand in brands() for name in _forms(brand)
    )


def _forms(brand: str) -> tuple[str, ...]:
    """A squashed site name, and without a leading "the" ("telegraph" of "The Telegraph") when
    enough is left to be a name."""
    bare = brand.removeprefix("the")
    return (brand, bare) if bare != brand and len(bare) >= _MIN_BARE_CHARS else (brand,)
