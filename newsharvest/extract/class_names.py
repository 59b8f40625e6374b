"""The class names the body walk sorts elements by, written once as word lists.

Each group of names (captions, in-article boxes, deks, hover cards, article-body containers)
is a tuple of `Alternative`s: a literal word framed by regex parts. The walk's class pattern
is built from these, and so is the list of words that a cheap linear pass looks for before
running that pattern: every name the pattern matches holds one of its alternative's words,
by construction, so a name added here is never filtered out unseen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Alternative:
    """Class names made of `before`, one of `words` (literal, required), then `after` (regexes)."""

    words: tuple[str, ...]
    before: str = ""
    after: str = ""

    @property
    def pattern(self) -> str:
        """The regex of these names; the word group is never optional (the parts are whole regexes)."""
        return f"{self.before}(?:{'|'.join(map(re.escape, self.words))}){self.after}"


def alternatives(*groups: Iterable[Alternative]) -> str:
    """One regex alternation of every alternative, in the order given."""
    return "|".join(alternative.pattern for group in groups for alternative in group)


def needed_words(*groups: Iterable[Alternative]) -> tuple[str, ...]:
    """The words one of which any name matched by these alternatives holds (first seen first)."""
    return tuple(dict.fromkeys(word for group in groups for member in group for word in member.words))


CAPTION = (
    Alternative(("caption",), before="wp-", after="(?:-text)?"),
    Alternative(
        ("caption",), before="(?:image|img|photo|media|picture|figure)?[-_]?", after="s?(?:[-_]text)?"
    ),
    Alternative(("credit",), before="(?:image|img|photo|media)?[-_]?", after="s?"),
)
"""Caption and photo-credit blocks."""

BOX = (
    Alternative(("newsletter", "signup", "sign-up", "subscribe", "subscription")),
    Alternative(("share",), after="-?(?:bar|tools|buttons|links)"),
    Alternative(("social",), after="-?(?:share|links|buttons|media)"),
    Alternative(("inline",), after="-?(?:promo|related|newsletter)"),
    Alternative(("related",), after="-?(?:articles|stories|links|content|posts)"),
    Alternative(("read",), after="-?more"),
    Alternative(("more",), after="-?stories"),
    Alternative(("recommended", "outbrain", "taboola", "advert")),
    Alternative(("slot", "container", "wrapper", "unit"), before="ad-?"),
    Alternative(("bio",), before="(?:author-?|mini-?)?", after="(?:-?box)?"),
    Alternative(("about",), after="[-_]?(?:the[-_]?)?author"),
    Alternative(("author",), after="[-_]?(?:box|info)"),
)
"""In-article boxes: newsletter and share widgets, related links, ads, author bios."""

GATED = (Alternative(("premium", "paywall", "regwall")),)
"""Premium and paywall prompts (the start of a class name: "premiumContent")."""

DEK = (
    Alternative(("dek", "deck", "standfirst", "subtitle", "sub-title")),
    Alternative(("subheadline", "sub-headline", "strapline", "strap")),
)
"""The dek: the line under the headline that sums the story up."""

HOVER = (
    Alternative(("rollover", "tooltip", "popover")),
    Alternative(("hover",), after="-?(?:card|box)"),
)
"""Cards that a link shows on hover."""

SCREEN_READER = (
    Alternative(("sr-only", "screen-reader-text")),
    Alternative(("visually",), after="-?hidden"),
    Alternative(("hide",), after="-?text"),
    Alternative(("hidden",), after="-?text"),
    Alternative(("offscreen", "off-screen")),
)
"""Text for screen readers only: Bootstrap's, WordPress's, and the common spellings."""

CONTAINER = (
    Alternative(("article",), after="[-_]?body"),
    Alternative(("article",), after="__body"),
    Alternative(("story-body", "entry-content", "post-content")),
    Alternative(("article",), after="-content"),
    Alternative(("article",), after="-text"),
    Alternative(("body-text",)),
    Alternative(("article",), after="__content"),
    Alternative(("richtextarticlebody",)),
)
"""Article-body containers (anywhere in a class name)."""
