"""Pages laid out in tables: the article's row without the cells and rows around it (invented markup)."""

from __future__ import annotations

import pytest

from newsharvest.extract import Article, extract_article
from newsharvest.extract.document import Document
from newsharvest.extract.generic import extract_generic
from newsharvest.extract.layout import (
    row_cells,
    rows_as_paragraphs,
    trim_article_row,
    trim_layout_rows,
    without_calendars,
    without_menu,
)

STORY = " ".join(
    f"The council met on day {day} and agreed to widen the road by the old mill." for day in range(8)
)
"""Prose of 128 words: one cell of it marks the article's row."""


def _page(rows: str) -> bytes:
    return (
        "<html><head><title>Road to be widened</title></head><body><table>"
        '<tr><td><a href="/">Home</a> <a href="/news">News</a></td></tr>'
        f"{rows}</table></body></html>"
    ).encode()


def _paragraphs(rows: str) -> list[str]:
    return extract_generic(Document.from_input(_page(rows), "http://example.com/news/1")).paragraphs


def test_row_cells_keep_escaped_pipes_and_empty_cells() -> None:
    assert row_cells(r"| News: ePaper \| Front Page |  | Story |") == [
        r"News: ePaper \| Front Page",
        "",
        "Story",
    ]


def test_the_headline_cell_before_and_the_notice_cell_after_the_story_go() -> None:
    rows = (
        "<tr><td><b>Road to be widened</b><br>Monday, 7 January 2008</td>"
        f"<td>{STORY}</td><td>Copyright notice: all rights reserved by the publisher</td></tr>"
    )
    assert _paragraphs(rows) == [f"| {STORY} |"]


def test_a_long_cell_before_the_story_stays() -> None:
    caption = (
        "A photo of the old mill by the road, taken from the bridge at dawn on a misty winter day last week"
    )
    line = f"| Road to be widened | {caption} | {STORY} | Print this story |"
    assert trim_article_row(line) == f"| {caption} | {STORY} |"


def test_cells_between_two_prose_cells_stay() -> None:
    line = f"| {STORY} | Continued |  | {STORY} | Back to top |"
    assert trim_article_row(line) == f"| {STORY} | Continued |  | {STORY} |"


def test_rows_without_prose_and_other_lines_are_unchanged() -> None:
    lines = ["| Name | Goals | Games |", "| Smith | 12 | 30 |", "A paragraph | with a pipe in it."]
    assert trim_layout_rows(lines) == lines
    assert [trim_article_row(line) for line in lines] == lines
    assert trim_article_row(f"| {STORY} |") == f"| {STORY} |"


def test_table_rows_after_the_last_article_row_go_and_other_lines_stay() -> None:
    lines = [
        "| Dec 31 2007 |",
        f"| {STORY} |  |",
        "A last paragraph after the table.",
        "| Top | Back | Printable version |",
        "| Copyright notice: all rights reserved by the publisher |",
    ]
    assert trim_layout_rows(lines) == [lines[0], f"| {STORY} |", lines[2]]


def test_footer_rows_of_a_page_laid_out_in_tables_go() -> None:
    rows = (
        f"<tr><td>{STORY}</td></tr><tr><td><a href='#top'>Top</a></td><td><a href='/'>Back</a></td></tr>"
        "<tr><td>Copyright notice: all rights reserved by the publisher of this newspaper</td></tr>"
    )
    assert _paragraphs(rows) == [f"| {STORY} |"]


def test_the_headline_cell_cut_from_the_body_still_names_the_story() -> None:
    page = (
        "<html><head><title>Example Gazette for Springfield and Shelbyville - Local News</title></head>"
        '<body><table><tr><td><a href="/">Home</a> <a href="/news">News</a></td></tr>'
        "<tr><td><h2>Road by the old mill to be widened</h2></td><td>Get Local News Feeds</td>"
        f"<td>{STORY}</td></tr></table></body></html>"
    ).encode()
    article = extract_article(page, "http://example.com/news/1")
    assert isinstance(article, Article)
    assert article.headline == "Road by the old mill to be widened"
    assert article.body == STORY
    assert article.word_count == len(STORY.split())


def test_rows_after_prose_run_on_from_a_short_opening_row_go() -> None:
    lines = [
        "| Staff Writer | HONOLULU -- A different week for the leader. |",
        STORY,
        "A short last line.",
        "| More Golf News |  |",
        "|  | Choi holds on to win |",
    ]
    assert trim_layout_rows(lines) == lines[:3]


def test_a_data_table_after_prose_with_no_row_before_it_stays() -> None:
    lines = [STORY, "| Name | Goals |", "| Smith | 12 |"]
    assert trim_layout_rows(lines) == lines


STORY_CELL = "Kolkata: the Chief Minister said the markets would change slowly. " * 8


def test_a_menu_opening_the_story_cell_leaves_the_row() -> None:
    menu = r"News: ePaper \| Front Page \| National \| Tamil Nadu \| Kerala \| Obituary \| National "
    row = f"| {menu}{STORY_CELL}|"
    assert trim_article_row(row) == f"| National {STORY_CELL.strip()} |"


@pytest.mark.parametrize(
    "cell",
    [
        r"Front Page \| National \| " + STORY_CELL,  # two entries: no menu
        r"Kerala \| Tamil Nadu \| Goa \| Delhi \| the chief minister of the state said \| " + STORY_CELL,
    ],
)
def test_a_cell_without_five_short_entries_first_keeps_its_bars(cell: str) -> None:
    assert without_menu(cell) == cell


def test_a_story_row_is_printed_as_its_cells_and_a_data_tables_rows_keep_their_borders() -> None:
    lines = [
        "| AP Golf Writer  \t\t\t\tHONOLULU \t -- \t A week. |  | " + STORY + " |",
        "| Dec 31 2007 |",
        "|  |  |",
        "| Name  \t | Goals |",
        r"| Smith \| Jones | 12 |",
        "A paragraph | with a pipe in it.",
    ]
    assert rows_as_paragraphs(lines) == [
        "AP Golf Writer HONOLULU -- A week.",
        STORY,
        "Dec 31 2007",
        "| Name | Goals |",
        r"| Smith \| Jones | 12 |",
        "A paragraph | with a pipe in it.",
    ]
    assert rows_as_paragraphs([r"| Ann \| Lee |"]) == ["Ann | Lee"]
    plain = ["One line.", "Another line."]
    assert rows_as_paragraphs(plain) is plain


def test_a_page_laid_out_in_a_table_gives_its_story_without_borders() -> None:
    rows = (
        "<tr><td><b>Road to be widened</b><br>Monday, 7 January 2008</td>"
        f"<td>{STORY}</td><td>Copyright notice: all rights reserved by the publisher</td></tr>"
        "<tr><td>Staff \t\t and agencies</td></tr>"
    )
    article = extract_article(_page(rows), "http://example.com/news/1")
    assert isinstance(article, Article)
    assert article.body == STORY
    assert "|" not in article.body and "\t" not in article.body


_CALENDAR = [
    "| « January 2008 |  |  |  |  |  |  |",
    "|---|---|---|---|---|---|---|",
    "| Sun | Mon | Tue | Wed | Thu | Fri | Sat |",
    "|---|---|---|---|---|---|---|",
    "|  |  | 1 | 2 | 3 | 4 | 5 |",
    "| 6 | 7 | 8 | 9 | 10 | 11 | 12 |",
    "| 27 | 28 | 29 | 30 | 31 |  |  |",
]


def test_a_blogs_calendar_widget_goes() -> None:
    lines = ["Posted by Ann Lee", *_CALENDAR, "The council met again."]
    assert without_calendars(lines) == ["Posted by Ann Lee", "The council met again."]


def test_a_table_of_figures_without_the_weekdays_stays() -> None:
    table = [
        "| Team | P | W | D | L | F | A |",
        "|---|---|---|---|---|---|---|",
        "| Leeds | 7 | 5 | 1 | 1 | 12 | 4 |",
    ]
    figures = ["| 1 | 2 | 3 | 4 | 5 | 6 | 7 |", "| 8 | 9 | 10 | 11 | 12 | 13 | 14 |"]
    assert without_calendars(table) == table
    assert without_calendars(figures) == figures
