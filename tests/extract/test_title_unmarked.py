"""Headlines that no tag or class marks, as pages print them with their class names hashed: a
bare cell over the byline beats a site-wide title, the page's own spelling of a stated title,
and bold opening words that run on into the first sentence are no heading.

Every page here is a hand-written pattern (not a copy of any page) of old news sites' markup.
"""

from __future__ import annotations

from newsharvest.extract import Article
from newsharvest.extract.document import Document
from newsharvest.extract.title_near import printed_spelling
from tests.extract.headline_pages import STORY, page

_PLANET_STORY = (
    "<p>The city council voted on Tuesday to pass the budget, the Planet has learned.</p>" + STORY
)
"""A story whose first lines name the site once ("the Planet"), as a paper's own reports do."""


def _cell_over_byline(title: str) -> Article:
    """An old table layout with its class names hashed: the headline a cell no tag or class marks,
    over the writer's name and a "Published:" stamp, then the story."""
    return page(
        f"<title>{title}</title>",
        '<table><tr><td class="x51c0e2a">Council passes the budget</td></tr>'
        '<tr><td class="x0b7d9f4">JANE DOE</td></tr>'
        '<tr><td><font class="x3e8a1c6">Published:</font> '
        '<font class="x3e8a1c6">Jan 14, 2008</font></td></tr>'
        f"<tr><td>{_PLANET_STORY}</td></tr></table>",
    )


def test_a_site_wide_title_gives_way_to_an_unmarked_line_the_story_bears_out() -> None:
    """The `<title>` is the site's, the same on every page ("The Daily Planet - Article"), and
    shares no word with the cell over the story, whose words the story's first lines repeat more
    than the title's: the cell is the headline, though nothing marks it as a heading."""
    record = _cell_over_byline("The Daily Planet - Article")
    assert record.headline == "Council passes the budget"
    assert record.date_published == "2008-01-14T00:00:00+00:00"


def test_a_title_sharing_a_word_with_the_unmarked_line_over_the_story_stays() -> None:
    """A `<title>` naming the story in other words than the cell ("budget" in both) is kept."""
    assert _cell_over_byline("Planet approves the city budget").headline == "Planet approves the city budget"


def test_a_title_the_page_prints_in_other_capitals_and_symbols_takes_the_printed_spelling() -> None:
    """The `<title>` capitalises every word and has lost the pound sign; the page prints the
    headline in a bare `<div>` (class names hashed) over the story: the printed spelling."""
    record = page(
        "<title>Council Passes 2m Budget (from The Daily Planet)</title>",
        f'<div class="x5e1a7c0">Council passes £2m budget</div>{STORY}',
    )
    assert record.headline == record.headline_raw == "Council passes £2m budget"


def test_the_printed_spelling_is_read_from_the_text_not_from_links_or_menus() -> None:
    doc = Document.from_input(
        "<html><body><a href='/b'>council passes 2m budget</a><select><option>COUNCIL PASSES 2M BUDGET"
        "</option></select><p>Council passes £2m budget</p></body></html>",
        "https://example.com/a/1",
    )
    assert printed_spelling(doc, "Council Passes 2m Budget") == "Council passes £2m budget"
    assert printed_spelling(doc, "Council passes £2m budget") is None  # the same spelling
    assert printed_spelling(doc, "Council passes the budget") is None  # other words


def test_bold_opening_words_run_into_the_first_sentence_are_no_heading() -> None:
    """The story opens with its first words in bold capitals running on into the sentence; the
    headline is a bare cell above the byline (class names hashed, no `<title>`)."""
    lead = (
        '<span class="x6cd5777"><span style="font-weight:bold;">THE CITY COUNCIL VOTED </span>'
        "on Tuesday to pass the budget for the coming year after a long debate.</span>"
    )
    record = page(
        "",
        '<table><tr><td><span class="x0016db4">Council passes the budget</span></td></tr>'
        '<tr><td><span style="font-weight:bold">by Jane Doe, Friday, Dec 28, 2007 9:00 AM ET</span></td></tr>'
        f"<tr><td>{lead}{STORY}</td></tr></table>",
    )
    assert record.headline == "Council passes the budget"


def test_a_bold_heading_with_its_date_after_a_dash_on_its_line_stays_the_heading() -> None:
    """"<b>Headline</b> - 09 Nov, 2007" opening the text: what follows the bold words is no
    sentence going on, so they stay the heading."""
    record = page("", f"<div><p><b>Council passes the budget</b> - 09 Nov, 2007</p>{STORY}</div>")
    assert record.headline == "Council passes the budget"
