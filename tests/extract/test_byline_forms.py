"""Forms of bylines and their marks seen on sites no corpus holds (written here by hand): the
outlet a freelancer wrote for, a name decorated with emoji or written as an identifier, Drupal's
"submitted" line, a "writer" class, a byline component, and a date only the stated address holds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsharvest.extract import Article, extract_article
from newsharvest.extract.byline import Byline, parse_byline, readable_name
from newsharvest.extract.printed_byline import byline_opening

STORY = "".join(
    f"<p>The harbour board voted on item {n} to rebuild the north pier before the winter storms"
    " arrive, members said on Tuesday evening.</p>"
    for n in range(12)
)
URL = "https://news.example.org/news/harbour-plan-approved"


def _record(head: str = "", byline: str = "") -> Article:
    html = (
        f"<html><head><title>Harbour plan approved</title>{head}</head><body>"
        f"<h1>Harbour plan approved</h1>{byline}<article>{STORY}</article></body></html>"
    )
    record = extract_article(html, URL, fetched_at=datetime(2024, 1, 1, tzinfo=UTC))
    assert isinstance(record, Article), record
    return record


def _names(record: Article) -> list[str]:
    return [author.name for author in record.authors]


def test_the_outlet_written_for_is_no_part_of_the_name() -> None:
    assert [a.name for a in parse_byline("By Ann Lee For Daily Mail Australia").authors] == ["Ann Lee"]
    assert [a.name for a in parse_byline("By Ann Lee for The Times").authors] == ["Ann Lee"]
    assert [a.name for a in parse_byline("By Ann Lee for MailOnline").authors] == ["Ann Lee"]
    wire = parse_byline("By Ann Lee and Bob Ode for the Associated Press")
    assert ([a.name for a in wire.authors], wire.agency) == (["Ann Lee", "Bob Ode"], "AP")
    assert [a.name for a in parse_byline("By Ann Forbes").authors] == ["Ann Forbes"]


def test_emoji_and_underscores_leave_the_name() -> None:
    assert readable_name("Ann Lee ❤️") == "Ann Lee"
    assert readable_name("Ann_Lee") == "Ann Lee"
    assert readable_name("ann_lee") == "ann_lee"  # a handle, not a name written as an identifier
    assert _names(_record(head='<meta name="author" content="Ann Lee ✨">')) == ["Ann Lee"]


def test_an_upper_case_name_with_mc_or_mac_is_cased_with_its_inner_capital() -> None:
    assert readable_name("LARRY McSHANE") == "Larry McShane"
    assert readable_name("ANN MacDONALD") == "Ann MacDonald"
    assert readable_name("ANN McLEE-ODE") == "Ann McLee-Ode"
    assert readable_name("TOM MACK") == "Tom Mack"  # no inner capital printed: plain title case
    assert readable_name("Ann McLee") == "Ann McLee"  # mixed case stays as printed
    names = [a.name for a in parse_byline("By LARRY McSHANE and ANN LEE").authors]
    assert names == ["Larry McShane", "Ann Lee"]


def test_drupals_submitted_line_gives_its_author_and_no_date_is_a_name() -> None:
    record = _record(byline='<div class="submitted">Submitted by Ann Lee on 08/09/2012 14:30 -0400</div>')
    assert _names(record) == ["Ann Lee"]
    assert [a.name for a in parse_byline("Submitted on Mon, 21/01/2019 - 13:49").authors] == []


def test_a_writer_class_a_byline_component_and_an_author_element_mark_the_byline() -> None:
    assert _names(_record(byline='<span class="detail__writer">Ann Lee</span>')) == ["Ann Lee"]
    assert _names(_record(byline='<div data-component="byline-block">By Ann Lee</div>')) == ["Ann Lee"]
    assert _names(_record(byline="<author>Ann Lee</author>")) == ["Ann Lee"]
    assert _names(_record(byline='<p class="newsReporter">Ann Lee</p>')) == ["Ann Lee"]
    # a block holding the byline and the publisher is not itself a byline
    held = '<ul data-component="comp: r2: Byline"><li class="byline">Editorial</li><li>The Gazette</li></ul>'
    assert _names(_record(byline=held)) == []


def test_a_date_only_the_stated_address_holds_is_the_last_word() -> None:
    stated = '<link rel="canonical" href="https://news.example.org/2017/09/01/harbour-plan-approved">'
    assert _record(head=stated).date_published == "2017-09-01T00:00:00+00:00"
    printed = _record(head=stated, byline="<p>Published on September 2, 2017 at 10:15 am</p>")
    assert printed.date_published is not None and printed.date_published.startswith("2017-09-02T10:15")


def test_a_rarer_date_meta_counts_when_it_states_an_instant() -> None:
    stated = '<meta property="article:published" content="2016-07-29T16:42:34-04:00">'
    updated = '<p><time itemprop="dateModified" datetime="2016-08-01T01:30:24-04:00">Aug. 1, 2016</time></p>'
    assert _record(head=stated, byline=updated).date_published == "2016-07-29T16:42:34-04:00"
    parsely = '<meta name="parsely-pub-date" content="2019-11-18T11:30:00Z">'
    assert _record(head=parsely).date_published == "2019-11-18T11:30:00+00:00"
    # a day alone, or a time with no zone, gives way to the byline's printed stamp
    stamp = '<div class="byline">By Ann Lee, January 18, 2008 - 5:44PM</div>'
    day_only = '<meta name="dc.date" content="2008-01-18">'
    no_zone = '<meta name="publishdate" content="2008-1-18 1:34">'
    for vague in (day_only, no_zone):
        assert _record(head=vague, byline=stamp).date_published == "2008-01-18T17:44:00+00:00"


def test_a_spanish_autor_line_gives_the_name_not_the_place_after_its_bar() -> None:
    byline = '<p class="autor"><strong>Ana Gómez</strong> | Palma de Mallorca | 08/01/2014</p>'
    html = (
        '<html lang="es"><head><title>El puerto</title></head><body><h1>El puerto</h1>'
        f"{byline}<article>{STORY}</article></body></html>"
    )
    record = extract_article(html, URL, fetched_at=datetime(2024, 1, 1, tzinfo=UTC))
    assert isinstance(record, Article)
    assert _names(record) == ["Ana Gómez"]
    assert record.date_published == "2014-01-08T00:00:00+00:00"
    assert [a.name for a in parse_byline("Ann Lee | Washington").authors] == ["Ann Lee"]


def _page(body: str, head: str = "<title>Harbour plan approved</title>") -> Article:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    record = extract_article(html, URL, fetched_at=datetime(2024, 1, 1, tzinfo=UTC))
    assert isinstance(record, Article), record
    return record


def _page_names(body: str, head: str = "<title>Harbour plan approved</title>") -> list[str]:
    return _names(_page(body, head))


def test_a_by_line_opening_the_body_names_its_writers() -> None:
    byline = "<p>By ANN LEE, Associated Press Writer 59 minutes ago</p>"
    record = _page(f"<h1>Harbour plan approved</h1><article>{byline}{STORY}</article>")
    assert (_names(record), record.agency) == (["Ann Lee"], "AP")


def test_byline_opening_reads_only_a_byline_shaped_first_paragraph() -> None:
    story = "The harbour board voted to rebuild the north pier."
    for opening, names in [
        ("By Ann Lee", ["Ann Lee"]),
        ("by Ann Lee on 8/09/2012 12:13:00 PM", ["Ann Lee"]),
        ("By Ann Lee // November 6th, 2012 // 6:25 pm", ["Ann Lee"]),
        ("By ANN LEE and BOB ODE, Associated Press Writers", ["Ann Lee", "Bob Ode"]),
        ("By Friday, officials said the pier would be rebuilt.", []),  # a sentence, no byline
        ("By the end of the year the pier will be rebuilt.", []),
        ("by annlee on November 13, 2010", []),  # a handle
        ("| By ANN LEE Planet Daily News January 17, 2008 Comments Print I saw the pier.", ["Ann Lee"]),
        ("By Ann Lee, Planet Times | August 9, 2012 · 13 Comments", ["Ann Lee"]),
        ("By Ann Lee New Delhi, Jan 13 (IANS): The harbour board voted.", []),  # a place run on
        ("by Ann Lee in Karachi", ["Ann Lee"]),  # the place after "in"
        ("BY ANN LEE in Los Angeles and BOB ODE", ["Ann Lee", "Bob Ode"]),
    ]:
        found = byline_opening([opening, story], Byline())
        assert [a.name for a in found.authors] == names, opening
    late = byline_opening([story, story, story, "By Ann Lee"], Byline())
    assert late.authors == []  # not among the first three


def test_a_by_line_after_a_line_break_or_a_comment_above_the_story_names_the_writer() -> None:
    heading = "<h1>Harbour plan approved</h1>"
    assert _page_names(f"{heading}<div>Harbour news<br>By Ann Lee</div><article>{STORY}</article>") == [
        "Ann Lee"
    ]
    assert _page_names(f"{heading}<div><!-- credit -->By Ann Lee</div><article>{STORY}</article>") == [
        "Ann Lee"
    ]


def test_a_lower_case_or_dated_by_line_under_the_headline_names_the_writer() -> None:
    heading = "<h1>Harbour plan approved</h1>"
    assert _page_names(f"{heading}<cite>by Ann Lee</cite><hr><article>{STORY}</article>") == ["Ann Lee"]
    dated = "<p>by Ann Lee, 30 December 2007</p>"
    assert _page_names(f"{heading}{dated}<article>{STORY}</article>") == ["Ann Lee"]


def test_a_by_line_right_above_the_story_names_the_writer_without_a_headline_in_reach() -> None:
    header = "<div><b>Harbour news</b><br>By Ann Lee</div>"
    assert _page_names(f"{header}<article>{STORY}</article>") == ["Ann Lee"]
    assert _page_names(f"<p>By Ann Lee</p><article>{STORY}</article>") == ["Ann Lee"]
    # a line in a box the story's byline never stands in
    sidebar = '<div class="sidebar"><b>Tips</b><br>By Ann Lee</div>'
    assert _page_names(f"{sidebar}<article>{STORY}</article>") == []


def test_a_by_and_the_name_linked_after_it_in_one_unmarked_line_name_the_writer() -> None:
    """The "By" and the writer's mail link are two pieces of one `<p>` with no class saying
    byline; the line is read whole."""
    byline = "<p>By <a href='mailto:ann_lee@planet.example'>ANN LEE</a></p><p>Planet Staff Writer</p>"
    heading = "<h2>Harbour plan approved</h2>"
    assert _page_names(f"{heading}{byline}<p>Thursday, December 27, 2007</p><div>{STORY}</div>") == [
        "Ann Lee"
    ]


@pytest.mark.parametrize(
    "byline",
    [
        "<span>Written by</span> <span>Ann Lee</span>",
        "<div>By</div><div>Ann Lee</div><div>Planet Staff Writer</div>",
        "<div>Submitted by:</div><div>Ann Lee</div>",
    ],
)
def test_a_bylines_label_alone_is_read_with_the_name_printed_after_it(byline: str) -> None:
    heading = "<h2>Harbour plan approved</h2>"
    assert _page_names(f"{heading}<div>{byline}</div><div>{STORY}</div>") == ["Ann Lee"]


def test_a_name_alone_over_its_on_date_line_names_the_writer() -> None:
    """A blog's "A" over "on November 7, 2012, 7:19 PM", no "By" anywhere."""
    heading = "<h2>Harbour plan approved</h2>"
    byline = "<div><div>Ann Lee</div><div>on November 7, 2012, 7:19 PM</div></div>"
    assert _page_names(f"{heading}{byline}<div>{STORY}</div>") == ["Ann Lee"]
    section = "<div><div>Local News</div><div>on November 7, 2012, 7:19 PM</div></div>"
    assert _page_names(f"{heading}{section}<div>{STORY}</div>") == []  # no person's name



_STAMP = "<div>Published 10:02 AM EST Nov 19, 2019</div>"


@pytest.mark.parametrize(
    ("header", "names"),
    [
        (f"<div>Ann Lee</div><div>Associated Press</div>{_STAMP}", ["Ann Lee"]),
        (f"<div>Ann Lee and Bob Ode</div><div>Kestrelford Gazette</div>{_STAMP}", ["Ann Lee", "Bob Ode"]),
        (f"<div>Ann Lee</div>{_STAMP}", ["Ann Lee"]),
        # the label and the date in pieces of their own, the name in capitals
        ("<div>ANN LEE</div><div><font>Published:</font> <font>Jan 14, 2008</font></div>", ["Ann Lee"]),
        # the outlet after a comma is no second writer, and the names must open the header
        (f"<div>Ann Lee, Kestrelford Gazette</div>{_STAMP}", []),
        (f"<div>Harbour news</div><div>Ann Lee</div><div>Associated Press</div>{_STAMP}", []),
        # below a writer's title or a wire agency the stamp needs no label; below an outlet it does
        ("<div>Ann Lee</div><div>AP Sports Writer</div><div>Dec. 31, 2007 11:14 AM</div>", ["Ann Lee"]),
        ("<div>Ann Lee</div><div>Associated Press</div><div>10:02 AM EST Nov 19, 2019</div>", ["Ann Lee"]),
        ("<div>Ann Lee</div><div>Kestrelford Gazette</div><div>10:02 AM EST Nov 19, 2019</div>", []),
        # an outlet line of many words between
        (f"<div>Ann Lee</div><div>Kestrelford Gazette and the Harbour Weekly News</div>{_STAMP}", []),
    ],
)
def test_names_alone_under_the_headline_over_a_published_stamp_name_the_writers(
    header: str, names: list[str]
) -> None:
    """A story header of names, the writer's outlet and a "Published" stamp, no "By" printed
    (the layout of a network of local papers, its class names hashed)."""
    heading = "<h2>Harbour plan approved</h2>"
    assert _page_names(f"{heading}<div>{header}</div><div>{STORY}</div>") == names

def test_a_label_alone_over_a_link_to_the_writers_page_keeps_the_page_past_an_outlet_credit() -> None:
    """The author tag names the outlet ("Planet Daily", an agency-like credit); the printed
    "Written by" and the linked name under the headline name the writer, with the page."""
    body = (
        "<h2>Harbour plan approved</h2><div><span>Written by</span> "
        "<a href='/author/ann-lee/'>Ann Lee</a></div><div>" + STORY + "</div>"
    )
    head = '<title>Harbour plan approved</title><meta name="author" content="Planet Daily">'
    record = _page(body, head=head)
    page = "https://news.example.org/author/ann-lee/"
    assert [(a.name, a.url) for a in record.authors] == [("Ann Lee", page)]


def test_a_related_storys_writer_in_a_list_over_the_story_is_not_its_writer() -> None:
    """A box of related stories between the headline and the text, each teaser with its
    writer's "Par <span>A</span>": those lines are not read whole."""
    teasers = "".join(
        f"<li><div><a href='/monde/{n}'><h2>Harbour story number {n}</h2></a>"
        f"<span>Par<span> {writer}</span></span></div></li>"
        for n, writer in enumerate(("Ann Lee", "Bob Ode"))
    )
    body = f"<h1>Harbour plan approved</h1><aside><span>Sur le même sujet</span><ul>{teasers}</ul></aside>"
    assert _page_names(f"{body}<div>{STORY}</div>") == []


def test_a_column_named_as_author_gives_way_to_the_printed_writer() -> None:
    """The author meta tag names the column, printed as a link and as a `<title>` part after the
    headline; the byline, a definition list, names the writer beside a topic field."""
    head = (
        "<title>Harbour plan approved - Harbour Notes - Planet News</title>"
        '<meta name="author" content="Harbour Notes">'
    )
    body = (
        '<a href="/notes">Harbour Notes</a><h1>Harbour plan approved</h1><dl class="storyBlogByline">'
        '<dt>By </dt><dd><a href="/ann">Ann Lee</a></dd><dt>Topics </dt><dd><a href="/t">Harbours</a></dd>'
        f"</dl><article>{STORY}</article>"
    )
    assert _page_names(body, head) == ["Ann Lee"]


def test_a_writer_named_in_the_title_and_the_byline_stays_credited() -> None:
    head = (
        "<title>Harbour plan approved | Ann Lee | Harbours | Planet News</title>"
        '<meta name="author" content="Ann Lee">'
    )
    byline = '<p class="byline">By Ann Lee and Bob Ode</p>'
    body = f"<h1>Harbour plan approved</h1>{byline}<article>{STORY}</article>"
    assert _page_names(body, head) == ["Ann Lee"]


def test_a_by_line_over_the_story_behind_a_designs_marks_names_its_writer() -> None:
    # no byline element, no metadata: the line under the headline, opened with marks, a bullet before the date
    record = _record(byline="<div><span class='t5'>// By Arun Sai Krishnan • Nov 11, 2020</span></div>")
    assert [author.name for author in record.authors] == ["Arun Sai Krishnan"]


def test_a_name_and_a_title_set_in_two_elements_without_a_space_are_two_parts() -> None:
    """"<span>Ann Lee</span><span>Business Columnist</span>" reads "Ann LeeBusiness Columnist" as
    text: where a word of four letters or more meets the next element's capital, a new part starts;
    "Mc" + "Donald" stays one name."""
    byline = (
        '<div class="ArticlePage-authorName"><span class="ArticlePage-authorBy">By </span>'
        '<a href="/people/ann-lee"><span>Ann Lee</span></a>'
        '<span class="ArticlePage-authorTitle">Business Columnist </span></div>'
    )
    record = _record(byline=byline)
    assert _names(record) == ["Ann Lee"]
    assert record.byline_raw == "By Ann Lee | Business Columnist"
    assert _names(_record(byline='<span class="byline">By Ann Mc<b>Donald</b></span>')) == ["Ann McDonald"]


def test_a_by_line_with_a_weekday_and_a_day_first_date_over_the_story_names_the_writer() -> None:
    """"By A, Wednesday, 20 November 2019 08:05 GMT" under the headline, in no byline element."""
    line = '<p class="meta">By Ann Lee, Wednesday, 20 November 2019 08:05 GMT</p>'
    assert _page_names(f"<h1>Harbour plan approved</h1>{line}<article>{STORY}</article>") == ["Ann Lee"]
