"""A copyright notice in the second half of a text ends it: the page's footer starts there."""

from __future__ import annotations

from newsharvest.extract.line_filter import cut_at_copyright

_STORY = [
    "The city council voted on Tuesday to close the old library on Main Street at the end of the "
    "year and to move its collection to the new civic centre.",
    "Council members said the building needed repairs that would cost more than the move itself, "
    "and that the civic centre had room for a larger reading room.",
    "Residents who spoke at the meeting asked the council to keep the old building open for "
    "community groups until a buyer is found.",
]


def test_the_notice_and_everything_after_it_go() -> None:
    footer = [
        "© 2008 The Valley Gazette. All rights reserved.",
        "The Valley Gazette is the region's leading source of local news, sport and business, "
        "with updates from every town in the valley around the clock.",
        "Help & Info | Contact Us | Advertise With Us",
    ]
    assert cut_at_copyright(_STORY + footer) == _STORY


def test_a_notice_in_the_first_half_stays_with_what_follows() -> None:
    lines = [_STORY[0], "Photo © 2008 Jane Doe", *_STORY[1:], "Reporting by John Smith and Ann Lee."]
    assert cut_at_copyright(lines) == lines


def test_a_sentence_on_copyright_is_no_notice() -> None:
    claim = "The publisher said the Copyright Act of 1976 did not cover the photographs in question."
    lines = [*_STORY, claim]
    assert cut_at_copyright(lines) == lines


def test_a_text_without_a_notice_is_unchanged() -> None:
    assert cut_at_copyright(_STORY) == _STORY
    assert cut_at_copyright([]) == []
