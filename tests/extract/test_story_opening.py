"""Where a wire story opens: an agency's credit line over the text, a dateline printed alone, a
byline printed over the story but marked nowhere (hand-written pages in the shapes republished
wire copy takes; no string copied from any page)."""

from __future__ import annotations

import pytest

from newsharvest.extract import Article, extract_article
from newsharvest.extract.dateline import story_opening

_TEXT = "The council met on Tuesday to vote on next year's budget and heard from residents. "


@pytest.mark.parametrize(
    ("paragraphs", "agency", "place", "first"),
    [
        # the agency's name alone over the text: a credit, not a sentence
        (["(AP)", _TEXT], "AP", None, _TEXT),
        (["The Associated Press", "SPRINGFIELD -- " + _TEXT], "AP", "SPRINGFIELD", "SPRINGFIELD -- " + _TEXT),
        # the name the dateline gives in parentheses, on a line of its own over it
        (["KXYZ", "SPRINGFIELD (KXYZ) — " + _TEXT], None, "SPRINGFIELD", "SPRINGFIELD (KXYZ) — " + _TEXT),
        # a dateline printed alone opens the next line
        (["SPRINGFIELD, Ill. --", _TEXT], None, "SPRINGFIELD, Ill.", "SPRINGFIELD, Ill. -- " + _TEXT),
        (["Reuters", "SPRINGFIELD --", _TEXT], "Reuters", "SPRINGFIELD", "SPRINGFIELD -- " + _TEXT),
        # the agency's credit over the story's date stamp: neither is text
        (["Reuters", "Wednesday January 9 2008", _TEXT], "Reuters", None, _TEXT),
        (["- AFP", "Updated 3 hours ago", _TEXT], "AFP", None, _TEXT),
        # a Japanese story's agency in brackets after the day, no place
        (["【6月18日 AFP】市議会は予算を可決した。"], "AFP", None, "【6月18日 AFP】市議会は予算を可決した。"),
    ],
)
def test_story_opening(paragraphs: list[str], agency: str | None, place: str | None, first: str) -> None:
    opening = story_opening(paragraphs)
    assert opening.agency == agency
    assert (opening.dateline.place if opening.dateline else None) == place
    assert opening.paragraphs[0] == first


@pytest.mark.parametrize(
    "paragraphs",
    [
        ["Council votes", _TEXT],  # a short first line naming no agency stays
        ["KXYZ", "SPRINGFIELD (AP) — " + _TEXT],  # a name that is not the dateline's agency stays
        ["Reuters"],  # a credit with no text after it is the text
    ],
)
def test_lines_that_stay(paragraphs: list[str]) -> None:
    assert story_opening(paragraphs).paragraphs == paragraphs


def _page(byline: str, over_story: str, story: str) -> str:
    return (
        "<html><head><title>Council passes budget</title></head><body><article>"
        f"<h1>Council passes budget</h1><div class='article-byline'>{byline}</div>"
        f"<div class='story'><div>{over_story}</div><p>{story}</p>"
        f"<p>{_TEXT * 3}</p><p>{_TEXT * 3}</p></div></article></body></html>"
    )


def test_a_byline_over_the_story_names_the_people_a_wire_account_hides() -> None:
    """The marked byline names the agency's account only; the story's writer is printed over its
    first line, in no element marked as a byline."""
    html = _page("By: KXYZ Wire", "By Jane Roe</div><div><p>KXYZ</p>", "SPRINGFIELD (KXYZ) — " + _TEXT)
    record = extract_article(html, "https://news.example/2023/03/02/council-budget")
    assert isinstance(record, Article), record
    assert [a.name for a in record.authors] == ["Jane Roe"]
    assert record.agency == "KXYZ Wire"
    assert record.byline_raw == "By Jane Roe"
    assert record.body.startswith("SPRINGFIELD (KXYZ) — The council met")
    assert record.dateline is not None and record.dateline.place == "SPRINGFIELD"


def test_a_marked_byline_naming_a_person_wins_over_the_line_above_the_story() -> None:
    html = _page("By John Doe", "By Jane Roe", _TEXT)
    record = extract_article(html, "https://news.example/2023/03/02/council-budget")
    assert isinstance(record, Article), record
    assert [a.name for a in record.authors] == ["John Doe"]


def test_a_credit_line_leaves_the_text_and_gives_the_agency() -> None:
    html = _page("", "(AP)", _TEXT)
    record = extract_article(html, "https://news.example/2023/03/02/council-budget")
    assert isinstance(record, Article), record
    assert record.agency == "AP"
    assert record.body.startswith("The council met on Tuesday")
