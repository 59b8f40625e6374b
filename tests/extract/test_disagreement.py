"""A short text of ours gives way to readability's reading only when the two picked different
blocks (`extract.disagreement`). No real page we may copy shows the pattern (a photo post whose
sidebar bio was taken for the post), so the rule is held here on lines describing it."""

from __future__ import annotations

from newsharvest.extract.disagreement import SHORT_WORDS, is_short, reading_instead

_BIO = [
    "I live. I learn. I teach. And 140 characters on Twitter is limiting.",
    "Here I share and celebrate my creativity and the creativity of others.",
]
_POST = ["via example.org", "Repurposing food as art is creative, as these sculptures show."]


def test_short_text_of_another_block_gives_way_to_the_reading() -> None:
    assert is_short(_BIO)
    assert reading_instead(_BIO, _POST)


def test_reading_sharing_our_words_does_not_replace_ours() -> None:
    """The two picked the same block (the reading adds a credit line, or leaves a line out)."""
    assert not reading_instead(_POST, ["via example.org", *_POST])
    assert not reading_instead(_POST, _POST[1:])
    assert not reading_instead([*_BIO, _POST[1]], _POST)


def test_reading_of_a_few_words_does_not_replace_ours() -> None:
    """A credit or a date picked by readability is no better than our block."""
    assert not reading_instead(_BIO, ["Photo: Jane Doe"])


def test_no_text_of_ours_is_not_replaced() -> None:
    """An empty text is the rejection rules' to judge, not a disagreement."""
    assert not reading_instead([], _POST)


def test_short_is_under_the_threshold_in_words() -> None:
    word = "word " * (SHORT_WORDS - 1)
    assert is_short([word])
    assert not is_short([word, "one more"])
    assert is_short([])
