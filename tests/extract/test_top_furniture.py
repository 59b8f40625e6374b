"""Short lines over the byline at the top of our text: the page's furniture, not the story.

`line_filter.filter_lines` is tested at the level of its input lines: no copyable page (Readability's
or the reference pages) puts a footer or a side bar above the byline of the text it extracts to
(the patterns come from L3S-GN1 dev pages, which may not be copied: the lines here are written
from their structure, not their text).
"""

from __future__ import annotations

from newsharvest.extract.line_filter import filter_lines

STORY = [
    "The city council voted on Tuesday to extend the late-night bus service for another year, "
    "after a study found that ridership had doubled since the pilot began.",
    "The service will cost about two million dollars a year, the transit agency said.",
]


def test_footer_lines_over_the_byline_are_cut_with_it() -> None:
    footer = ["© 2008 The Daily Planet. All rights reserved.", "12 Main Street, Springfield", "(555) 1234"]
    assert filter_lines([*footer, "By Jane Doe", *STORY], set()) == STORY


def test_a_section_header_and_headline_over_a_stamp_are_cut_with_it() -> None:
    top = ["Editorials", "See the editorial archive for earlier stories.", "Buses run late again"]
    assert filter_lines([*top, "Mon Jan 7 2008", *STORY], set()) == STORY


def test_a_kicker_and_headline_over_the_byline_stay_unless_stated() -> None:
    """Two short lines are the usual kicker and headline: only a headline the page states goes."""
    top = ["Transit", "Buses run late again"]
    assert filter_lines([*top, "By Jane Doe", *STORY], set()) == [*top, "By Jane Doe", *STORY]


def test_a_sentence_above_the_byline_keeps_everything() -> None:
    lead = "A study found that late-night ridership doubled, and the council listened to the riders."
    lines = ["Transit", "Buses", lead, "By Jane Doe", *STORY]
    assert filter_lines(lines, set()) == lines


def test_a_side_bars_list_items_over_the_byline_are_cut_with_it() -> None:
    """A poll and a readers' comment box (list items, one long) stand over the section label,
    the headline and the byline of the story: they are the side bar's, not the story's."""
    comment = (
        "- Your Say Readers' comment of the day: the players should enjoy the game again, and the "
        "club should give the young ones a chance before the season is over. Read all comments"
    )
    top = ["- Poll", comment, "Sport", "Buses run late again"]
    byline = "by Jane Doe, 30 December 2007"  # left in the text, as a lower-case dated byline is
    assert filter_lines([*top, byline, *STORY], set()) == [byline, *STORY]


def test_a_long_line_just_above_the_byline_keeps_everything() -> None:
    """A dek (or any sentence) right over the byline is the story's: nothing is cut."""
    dek = "- A study found that late-night ridership doubled, and the council listened to the riders."
    lines = ["- Poll", "Sport", "Buses run late again", dek, "By Jane Doe", *STORY]
    assert filter_lines(lines, set()) == lines


def test_an_agency_credit_over_a_closing_stamp_goes_with_it() -> None:
    """A wire story may end with its credit over its date stamp ("Reuters" over the day)."""
    assert filter_lines([*STORY, "Reuters", "Wednesday January 9 2008"], set()) == STORY
    assert filter_lines([*STORY, "- AFP", "Updated 3 hours ago"], set()) == STORY


def test_a_line_over_a_closing_stamp_that_names_no_agency_stays() -> None:
    closing = "Write to the desk with corrections."
    assert filter_lines([*STORY, closing, "Wednesday January 9 2008"], set()) == [*STORY, closing]


def test_a_line_of_tags_after_the_date_or_byline_is_cut_at_the_top_and_at_the_end() -> None:
    """The story's tags, after its date or a byline without "By" ("Published: November 5th, 2012
    | Tags: NFL AM, Andrew Luck", "Adam Rank | Tags: Monday Nightmare"), printed over or under it."""
    dated = "Published: November 5th, 2012 | Tags: Transit, City Council, Night Buses"
    signed = "Jane Doe | Tags: Transit, City Council"
    assert filter_lines([dated, *STORY], set()) == STORY
    assert filter_lines([signed, *STORY], set()) == STORY
    assert filter_lines([*STORY, "Tags: Transit, City Council"], set()) == STORY


def test_a_sentence_after_a_tags_label_is_no_line_of_tags() -> None:
    """A labelled sentence ("Topics: the council debated for hours.") or a long part before the
    tags keeps the line."""
    sentence = "Topics: the council debated the routes for hours. It voted late."
    long_part = "The council voted on the night buses after a long debate | Tags: Transit"
    assert filter_lines([sentence, *STORY], set()) == [sentence, *STORY]
    assert filter_lines([long_part, *STORY], set()) == [long_part, *STORY]


def test_a_layout_row_of_stamp_and_byline_over_the_story_is_cut() -> None:
    """A table-laid page prints its stamp and wire byline as one row of cells over the story."""
    row = "| 3/4/2024, 6:30 p.m. EST By JANE DOE The Associated Press |  |  |"
    assert filter_lines([row, *STORY], set()) == STORY


def test_a_layout_row_holding_prose_stays() -> None:
    row = "| 3/4/2024 | The council met again on Tuesday to hear the riders' complaints. |"
    assert filter_lines([row, *STORY], set()) == [row, *STORY]


def test_a_byline_without_by_a_blank_mark_and_a_stamp_label_over_the_story_are_cut() -> None:
    """A wire story's header on a member site whose class names say nothing: the writers and
    the wire, a stamp's label whose time a script fills in, a dash left of it."""
    top = ["Jane Doe and Ann Lee, Associated Press", "Updated", "-"]
    assert filter_lines([*top, *STORY], set()) == STORY
