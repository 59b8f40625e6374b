"""The date printed among the story's first lines or right under it, for pages that print none
above the story."""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html

from newsharvest.extract import Article, extract_article
from newsharvest.extract.dates_below import dates_below
from newsharvest.extract.document import Document, collapse

_FETCHED = datetime(2026, 12, 2, tzinfo=UTC)
_LEAD = "<p class='lead'>The council approved the budget for the coming year after a long debate.</p>"
_PARAGRAPHS = [
    "<p>Members argued for hours over the cost of repairing the old bridge across the river.</p>",
    "<p>The mayor said the vote showed the town could still agree on what matters most to it.</p>",
    "<p>Residents who came to the hall said they hoped the repairs would start before winter.</p>",
]


def _published(between: str = "", under: str = "", later: str = "") -> tuple[str | None, str | None]:
    """The dates of a page that prints `between` after the lead, `later` after the story's second
    paragraph and `under` below the story."""
    story = f"{_LEAD}{between}{_PARAGRAPHS[0]}{_PARAGRAPHS[1]}{later}{_PARAGRAPHS[2]}"
    html = (
        "<html><head><title>Budget approved</title></head><body><div class='post'>"
        f"<h1>Budget approved after long debate</h1><div class='entry'>{story}</div>{under}"
        "</div></body></html>"
    )
    record = extract_article(html.encode(), "https://news.example.com/budget", fetched_at=_FETCHED)
    assert isinstance(record, Article)
    return record.date_published, record.date_published_raw


def test_an_issue_date_standing_alone_after_the_lead() -> None:
    between = "<h5 class='issue'>23.01.2019</h5>"
    assert _published(between=between) == ("2019-01-23T00:00:00+00:00", "23.01.2019")


def test_a_line_under_the_story_saying_when_it_was_published() -> None:
    under = "<p class='meta'><small>This entry was published on Saturday, December 3, 2011.</small></p>"
    assert _published(under=under) == ("2011-12-03T00:00:00+00:00", "December 3, 2011")


def test_a_copyright_line_under_the_story_with_its_date() -> None:
    under = "<div class='copyright'>© Town Press Agency, 13.07.2021<br>All rights reserved.</div>"
    assert _published(under=under) == ("2021-07-13T00:00:00+00:00", "13.07.2021")


def test_a_comment_under_the_story_does_not_date_it() -> None:
    under = (
        "<div class='comments'><h3>2 Responses</h3><p class='who'>Ann Lee says:</p>"
        "<p class='when'>October 30, 2012 at 11:02 am</p><p>Great news for the town!</p></div>"
    )
    assert _published(under=under) == (None, None)


def test_a_date_the_story_lists_further_down_is_not_its_own() -> None:
    """A date alone deep in the story (a list of events) is what the story speaks of."""
    later = "<p><strong>Tuesday, January 15, 2008</strong></p>"
    assert _published(later=later) == (None, None)



def test_an_update_standing_after_the_lead_is_not_the_publication() -> None:
    between = "<div class='meta'><span>Last Updated:</span> <span>December 3, 2007</span></div>"
    story = f"{_LEAD}{between}{''.join(_PARAGRAPHS)}"
    html = f"<html><body><h1>Budget approved</h1><div class='entry'>{story}</div></body></html>"
    doc = Document.from_input(html, "https://news.example.com/budget")
    paragraphs = [collapse(lxml.html.fromstring(p).text_content()) for p in (_LEAD, *_PARAGRAPHS)]
    assert dates_below(doc, paragraphs) == []
    alone = html.replace("<span>Last Updated:</span>", "")
    assert dates_below(Document.from_input(alone, "https://news.example.com/budget"), paragraphs) == [
        "December 3, 2007"
    ]


def test_a_labelled_date_among_the_storys_first_lines() -> None:
    between = "<p><span>Published: Thursday, November 29, 2007</span></p>"
    assert _published(between=between)[0] == "2007-11-29T00:00:00+00:00"


def test_a_labelled_update_among_the_storys_first_lines_is_not_the_publication() -> None:
    between = "<p><span>Updated: Thursday, November 29, 2007</span></p>"
    assert _published(between=between)[0] is None


def test_the_date_opening_the_first_prose_line_under_a_subheading() -> None:
    story = (
        "<p><b>Council Presents New Budget</b></p>"
        "<p>October 25, 2012 - The council approved the budget for the coming year after a long debate"
        " in the town hall.</p>"
        f"{''.join(_PARAGRAPHS)}"
    )
    html = (
        "<html><head><title>Budget approved</title></head><body><div class='post'>"
        f"<h1>Budget approved after long debate</h1><div class='entry'>{story}</div></div></body></html>"
    )
    record = extract_article(html.encode(), "https://news.example.com/budget", fetched_at=_FETCHED)
    assert isinstance(record, Article)
    assert record.body.startswith("Council Presents New Budget\n\nOctober 25, 2012 - The council")
    assert record.date_published == "2012-10-25T00:00:00+00:00"


def test_a_date_on_a_line_of_its_own_after_a_line_break() -> None:
    """The site's section and the date set in one block, a `<br>` between them."""
    between = "<div>Adelaide United<br>\n   Tuesday January 8, 2008   </div>"
    assert _published(between=between)[0] == "2008-01-08T00:00:00+00:00"


def test_a_date_a_line_break_leads_into_a_sentence_is_not_alone() -> None:
    between = "<div>Adelaide United<br>Tuesday January 8, 2008 <a href='/fixtures'>saw the draw</a></div>"
    assert _published(between=between)[0] is None


def test_a_date_set_as_one_cell_of_a_row_of_bars_after_the_lead() -> None:
    """The byline's row under a dek the story opens with (O'Reilly Radar's): "by A | @a |
    Comment | November 6, 2012", each cell an element of its own."""
    row = (
        "<div class='x5e2d1c0'>by <a href='/a'>Jon Ode</a> | <a href='https://twitter.com/jonode'>@jonode</a>"
        " | <span>Comment</span> | <span>November 6, 2012</span></div>"
    )
    assert _published(between=row) == ("2012-11-06T00:00:00+00:00", "November 6, 2012")


def test_a_date_in_a_sentence_cut_by_a_bar_is_no_cell_of_a_row() -> None:
    row = "<p>The council met on <span>November 6, 2012</span> to vote | the minutes</p>"
    assert _published(between=row) == (None, None)
