"""A copyright notice, a row of links to the site's legal pages or the site's credit to its
software, in the second half of a text, ends it: the page's footer starts there."""

from __future__ import annotations

import pytest

from newsharvest.extract.line_filter import cut_at_page_footer

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
    assert cut_at_page_footer(_STORY + footer) == _STORY


def test_a_notice_in_the_first_half_stays_with_what_follows() -> None:
    lines = [_STORY[0], "Photo © 2008 Jane Doe", *_STORY[1:], "Reporting by John Smith and Ann Lee."]
    assert cut_at_page_footer(lines) == lines


def test_a_sentence_on_copyright_is_no_notice() -> None:
    claim = "The publisher said the Copyright Act of 1976 did not cover the photographs in question."
    lines = [*_STORY, claim]
    assert cut_at_page_footer(lines) == lines


def test_a_text_without_a_notice_is_unchanged() -> None:
    assert cut_at_page_footer(_STORY) == _STORY
    assert cut_at_page_footer([]) == []


@pytest.mark.parametrize(
    "row",
    [
        "valleygazette.example: Help & Info | Contact Us | Advertise With Us",
        "Site credentials: About | Privacy policy | Terms & conditions | Top of page",
        "About Us | Advertise | Newsletter | Jobs | Privacy |",
    ],
)
def test_a_row_of_legal_links_and_everything_after_it_go(row: str) -> None:
    after = "The Valley Gazette is the region's leading source of local news, sport and business."
    assert cut_at_page_footer([*_STORY, row, after]) == _STORY


def test_a_row_of_section_links_is_no_footer() -> None:
    lines = [*_STORY, "News | Sport | Weather | Contact Us", "The council meets again in March."]
    assert cut_at_page_footer(lines) == lines


@pytest.mark.parametrize(
    "credit",
    [
        "Valley Notes was designed and developed by Jane Doe and is proudly powered by WordPress",
        "Proudly powered by WordPress | Theme: Twenty Ten",
        "Powered by Blogger.",
    ],
)
def test_the_sites_credit_to_its_software_and_everything_after_it_go(credit: str) -> None:
    assert cut_at_page_footer([*_STORY, credit, "Subscribe to: Posts (Atom)"]) == _STORY


def test_a_story_sentence_on_a_sites_software_stays() -> None:
    claim = "By the company's count, nearly a third of the sites on the web today are powered by WordPress."
    lines = [*_STORY, claim, "The council meets again in March."]
    assert cut_at_page_footer(lines) == lines
