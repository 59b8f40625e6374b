"""readability's reading found inside one line of ours (a layout table's row holding the story
cell), and the furniture lines around that line cut as around any reading."""

from __future__ import annotations

from newsharvest.extract.generic import _against_reading
from newsharvest.extract.reading import lines_holding

# Hand-made lines: four sentences of a story (readability's reading of the story cell), the
# row of a layout table holding them after a headline and a date, and the site's furniture.
_READING = [
    "The city council voted on Tuesday to extend the tram line to the northern suburbs.",
    "Supporters of the plan said the extension would cut travel times for thousands of commuters.",
    "Opponents argued that the cost would force the city to postpone repairs to schools.",
    "The mayor said construction would begin next spring on the new section of the line.",
]
_HEAD = "Transport | Council backs northern extension after a decade of dispute | Wednesday, January 09, 2008"
_ROW = f"| {_HEAD} {' '.join(_READING)} |"
_MENU = ["| Home | News | Sport |", "|  |  |"]
_TEASERS = ["Bus fares rise in April", "New bridge opens to cyclists", "Mayor answers readers"]
_ANCHORS = {"Home", "News", "Sport", *_TEASERS}


def test_a_row_holding_the_reading_is_kept_alone_without_the_menu_and_teasers() -> None:
    ours = [*_MENU, _ROW, *_TEASERS]
    assert _against_reading(ours, _READING, _ANCHORS) == [_ROW]


def test_a_line_holding_the_reading_is_marked_only_when_no_line_is_inside() -> None:
    ours = [*_MENU, _ROW, *_TEASERS]
    assert lines_holding(ours, _READING, [False] * 6) == [False, False, True, False, False, False]
    inside = [False, False, False, True, False, False]
    assert lines_holding(ours, _READING, inside) == inside


def test_a_line_holding_part_of_the_reading_does_not_hold_it() -> None:
    half = "| " + " ".join(_READING[:2]) + " |"
    assert lines_holding([half, *_TEASERS], _READING, [False] * 4) == [False] * 4
