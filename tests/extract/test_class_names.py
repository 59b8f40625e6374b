"""The body walk's class vocabulary: each name its pattern matches passes the cheap word test first."""

from __future__ import annotations

import re
import re._constants as sre_constants
import re._parser as sre_parser
from collections.abc import Iterator
from itertools import product

import pytest

from newsharvest.extract.class_names import (
    BOX,
    CAPTION,
    CONTAINER,
    DEK,
    GATED,
    HOVER,
    SCREEN_READER,
    Alternative,
    alternatives,
    needed_words,
)
from newsharvest.extract.screen_reader import SCREEN_READER_CLASSES
from newsharvest.extract.split_body import CONTAINER_NAME
from newsharvest.extract.tree_scan import _CLASS_RE, _CLASS_RE_NEEDS, _CLASS_RE_WORDS, _class_match

GROUPS = {
    "caption": CAPTION,
    "box": BOX,
    "gated": GATED,
    "dek": DEK,
    "hover": HOVER,
    "unseen": SCREEN_READER,
    "container": CONTAINER,
}


def _spellings(parsed: sre_parser.SubPattern) -> Iterator[str]:
    """Every string a regex without open repeats matches (a `*` or `+` taken once at most)."""
    options: list[list[str]] = []
    for op, arg in parsed:
        if op is sre_constants.LITERAL:
            options.append([chr(arg)])
        elif op is sre_constants.IN:
            chars: list[str] = []
            for kind, value in arg:
                if kind is sre_constants.LITERAL:
                    chars.append(chr(value))
                elif kind is sre_constants.CATEGORY and value is sre_constants.CATEGORY_SPACE:
                    chars.append(" ")
                else:
                    raise AssertionError(f"no spelling for {kind} in a class name pattern")
            options.append(chars)
        elif op is sre_constants.BRANCH:
            options.append([s for branch in arg[1] for s in _spellings(branch)])
        elif op is sre_constants.SUBPATTERN:
            options.append(list(_spellings(arg[3])))
        elif op is sre_constants.MAX_REPEAT:
            low, high, inner = arg
            once = list(_spellings(inner))
            counts = range(low, min(high, low + 1) + 1)
            options.append(["".join(parts) for n in counts for parts in product(once, repeat=n)])
        else:
            raise AssertionError(f"no spelling for {op} in a class name pattern")
    for parts in product(*options):
        yield "".join(parts)


def _names(alternative: Alternative) -> list[str]:
    return list(_spellings(sre_parser.parse(alternative.pattern)))


@pytest.mark.parametrize(
    ("group", "alternative"),
    [(group, alternative) for group, members in GROUPS.items() for alternative in members],
)
def test_every_name_an_alternative_matches_is_read_as_its_group(group: str, alternative: Alternative) -> None:
    """Through both cheap pre-tests (the hint words, the needed words) to the pattern's group."""
    names = _names(alternative)
    assert names
    for name in names:
        assert next(_CLASS_RE_NEEDS.iter(name), None) is not None, name
        match = _class_match.__wrapped__(name)
        assert not isinstance(match, bool) and match.group(group), (name, match)
        assert match.span() == _CLASS_RE.search(name).span()  # type: ignore[union-attr]


def test_the_needed_words_are_those_of_the_alternatives() -> None:
    assert set(_CLASS_RE_WORDS) == {word for members in GROUPS.values() for a in members for word in a.words}
    assert len(_CLASS_RE_NEEDS) == len(_CLASS_RE_WORDS)
    assert needed_words(CONTAINER) == (
        "article", "story-body", "entry-content", "post-content", "body-text", "richtextarticlebody"
    )  # fmt: skip


def test_the_word_is_required_and_the_parts_frame_it() -> None:
    ad_slots = Alternative(("slot", "unit"), before="ad-?", after="s?")
    assert ad_slots.pattern == "ad-?(?:slot|unit)s?"
    assert sorted(_names(ad_slots)) == sorted(
        ["ad-slot", "ad-slots", "adslot", "adslots", "ad-unit", "ad-units", "adunit", "adunits"]
    )
    assert _names(Alternative(("sign-up",))) == ["sign-up"]


def test_screen_reader_names_and_containers_come_from_the_lists() -> None:
    assert alternatives(SCREEN_READER) == SCREEN_READER_CLASSES
    assert re.fullmatch(SCREEN_READER_CLASSES, "visually-hidden")
    assert CONTAINER_NAME.pattern == alternatives(CONTAINER)
    assert CONTAINER_NAME.search("c-article__body-wrap").group() == "article__body"


@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("newsletterSignup", "box"),
        ("articleFirstImageCaption", "caption"),
        ("CaptionFont", "caption"),
        ("NewsletterSignup_box__3xYz", "box"),  # a CSS module's hashed name keeps its words
    ],
)
def test_a_camel_case_name_is_read_as_its_hyphenated_form(name: str, group: str) -> None:
    """Each capital after a small letter or a digit starts a word, as a hyphen does in a
    kebab-case name: "newsletterSignup" is read as "newsletter-signup"."""
    match = _class_match.__wrapped__(name)
    assert not isinstance(match, bool) and match.group(group), match


@pytest.mark.parametrize("name", ["articleText", "storyBody2"])
def test_a_camel_case_name_is_never_read_as_a_body_container(name: str) -> None:
    """Split-body joining reads container names only as written ("articleText" stays a plain
    name): a camel-case reading of them joined blocks that are no parts of one body."""
    assert _class_match.__wrapped__(name) is True
