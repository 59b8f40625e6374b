"""The date printed between the headline and the story, for pages that state none in markup."""

from __future__ import annotations

from datetime import UTC, datetime

from newsharvest.extract import Article, extract_article

_FETCHED = datetime(2026, 12, 2, tzinfo=UTC)
_STORY = "".join(
    f"<p>{sentence} The council will meet again next month to hear from residents.</p>"
    for sentence in (
        "The council approved the budget for the coming year after a long debate.",
        "Members argued for hours over the cost of repairing the old bridge.",
        "The mayor said the vote showed the town could still agree on what matters.",
    )
)


def _record(header: str, above: str = "", lead: str = "", over: str = "") -> Article:
    """The record of a story page: `above` in a masthead over the headline, `over` right over
    the headline in the story's box, `header` between the headline and the story, `lead`
    opening the story."""
    html = (
        "<html><head><title>Budget approved</title></head><body><div class='masthead'>"
        f"{above}</div><div class='post'>{over}<h1>Budget approved after long debate</h1>"
        f"{header}<div class='entry'>{lead}{_STORY}</div></div></body></html>"
    )
    return _article(html)


def _article(html: str, url: str = "https://news.example.com/budget") -> Article:
    record = extract_article(html.encode(), url, fetched_at=_FETCHED)
    assert isinstance(record, Article)
    return record


def _published(
    header: str = "", *, above: str = "", lead: str = "", over: str = ""
) -> tuple[str | None, str | None]:
    record = _record(header, above, lead, over)
    return record.date_published, record.date_published_raw


_TOOLS = ("Email", "Print", "Share", "Reprints", "Single Page")


def test_the_date_in_the_byline_line_under_the_headline() -> None:
    header = "<div class='meta'>by Ann Lee on Thursday, December 15, 2011 at 4:30am</div>"
    assert _published(header) == ("2011-12-15T04:30:00+00:00", "Thursday, December 15, 2011 at 4:30am")


def test_a_posted_line_with_an_ordinal_day_and_its_zone() -> None:
    header = "<div class='author'>Ann Lee</div><div class='posted'>Posted Aug 9th 2012 2:15PM EDT</div>"
    assert _published(header) == ("2012-08-09T14:15:00-04:00", "Aug 9th 2012 2:15PM EDT")


def test_a_date_opening_the_story_itself() -> None:
    lead = "<p>October 25, 2012 - The council met in the old hall for the last time.</p>"
    assert _published("", lead=lead) == ("2012-10-25T00:00:00+00:00", "October 25, 2012")


def test_a_date_above_the_headline_is_the_sites_not_the_storys() -> None:
    """A masthead's "today" stands above the headline: the walk stops at the headline."""
    assert _published("", above="Wednesday, November 7 2012") == (None, None)


def test_an_update_line_is_not_the_publication() -> None:
    header = "<div class='meta'><span>Last Updated:</span> <span>7:08am GMT</span> 14/01/2008</div>"
    assert _published(header) == (None, None)


def test_a_date_the_text_speaks_of_is_not_the_pages() -> None:
    """A date deep inside a line (a caption's event) is what the line is about, not when the
    story was published."""
    header = "<p class='caption'>Residents gathered at the town hall for the budget vote on May 18, 2012.</p>"
    assert _published(header) == (None, None)


def _updated(header: str, lead: str = "") -> tuple[str | None, str | None]:
    record = _record(header, lead=lead)
    return record.date_modified, record.date_modified_raw


def test_the_update_printed_under_the_headline_is_the_stories_update() -> None:
    header = (
        "<div class='meta'>By Ann Lee on October 31, 2012 at 5:03 PM, "
        "updated October 31, 2012 at 5:10 PM</div>"
    )
    assert _published(header) == ("2012-10-31T17:03:00+00:00", "October 31, 2012 at 5:03 PM")
    assert _updated(header) == ("2012-10-31T17:10:00+00:00", "October 31, 2012 at 5:10 PM")


def test_an_update_label_printed_apart_from_its_date() -> None:
    header = "<div class='meta'><span>Last Updated:</span> <span>7:08am GMT</span> 14 January 2008</div>"
    assert _updated(header) == ("2008-01-14T00:00:00+00:00", "14 January 2008")


def test_an_update_opening_the_story() -> None:
    header = "<div class='meta'>by Ann Lee on Thursday, December 15, 2011 at 4:30am</div>"
    lead = "<p>UPDATE on Tuesday, January 24th, 2012: the council met again.</p>"
    assert _updated(header, lead) == ("2012-01-24T00:00:00+00:00", "January 24th, 2012")


def test_an_ambiguous_numeric_update_on_a_page_that_does_not_say_its_order_is_left_out() -> None:
    """10/01/2008 is 10 January on a British page and 1 October on an American one: with no
    language and no other numeric date on the page, no update date beats a wrong one."""
    header = "<div class='meta'><span>Last Updated:</span> <span>7:08am GMT</span> 10/01/2008</div>"
    assert _updated(header) == (None, None)


def test_a_time_printed_before_its_date() -> None:
    header = (
        "<div class='posted'>POSTED: 8:21 am EDT November 1, 2012</div>"
        "<div class='meta'>By Ann Lee, <span>updated 5:08 PM EDT, Thu November 1, 2012</span></div>"
    )
    assert _published(header) == ("2012-11-01T08:21:00-04:00", "8:21 am EDT November 1, 2012")
    assert _updated(header) == ("2012-11-01T17:08:00-04:00", "5:08 PM EDT, Thu November 1, 2012")


def test_a_year_first_date_and_its_time() -> None:
    assert _published("<div class='meta'>Ann Lee 2012.11.01 08:21</div>") == (
        "2012-11-01T08:21:00+00:00",
        "2012.11.01 08:21",
    )


def test_a_japanese_date_past_a_hidden_heading_in_a_story_whose_lines_hold_links() -> None:
    """Hand-made: the date under a Japanese headline, then a heading set for screen readers only
    over the share buttons, then a story whose lines hold links with no space around them."""
    story = "".join(
        f"<p>市議会は{n}日、<a href='/t/{n}'>予算案</a>を賛成多数で可決した。"
        "市長は記者会見で橋の修理を急ぐと述べた。</p>"
        for n in (16, 17, 18)
    )
    html = (
        "<html><head><title>予算案を可決</title></head><body><div class='post'>"
        "<h1>市議会、予算案を可決　橋の修理を急ぐ</h1><span class='day'>2018年6月18日 10:01</span>"
        "<h2 class='hide-text'>このニュースをシェア</h2>"
        f"<div class='entry'>{story}</div></div></body></html>"
    )
    record = _article(html, "https://news.example.jp/articles/1")
    published = (record.date_published, record.date_published_raw)
    assert published == ("2018-06-18T10:01:00+09:00", "2018年6月18日 10:01")  # a Japanese title: Tokyo's time
    assert not record.body.startswith("このニュースをシェア")


def test_a_german_label_reads_a_numeric_date_day_first_on_a_page_without_language() -> None:
    """03.04.2023 could be 3 April or March 4; "Stand:" is German, and German writes day first."""
    assert _published("<div class='meta'>Stand: 03.04.2023, 10:15 Uhr</div>") == (
        "2023-04-03T10:15:00+00:00",
        "03.04.2023, 10:15",
    )


_RATING = "<div class='rating'><span>3</span> von <span>5</span>, (<span>1</span> Bewertung)</div>"


def test_a_date_opening_a_line_over_the_headline_past_a_rating() -> None:
    """The date and the editor's initials printed over the headline, a rating between them."""
    assert _published(over=f"<div class='detailheader'>14.06.2019 (ch){_RATING}</div>") == (
        "2019-06-14T00:00:00+00:00",
        "14.06.2019",
    )


def test_a_date_under_the_headline_beats_one_over_it() -> None:
    over = "<div class='kicker'>June 14, 2019</div>"
    header = "<div class='meta'>by Ann Lee on June 15, 2019</div>"
    assert _published(header, over=over) == ("2019-06-15T00:00:00+00:00", "June 15, 2019")


def test_a_toolbar_of_links_and_separators_under_the_stamp_leaves_the_headline_in_reach() -> None:
    """A wire page's tools ("Email | Print | Share | … [ - ] Text [ + ]") stand between its stamp
    and its story: the separators count for nothing, the run of links for one line."""
    tools = " | ".join(f"<a href='#{n}'>{label}</a>" for n, label in enumerate(_TOOLS))
    header = (
        "<div class='stamp'>Fri Dec 28, 2007 6:19am GMT</div>"
        f"<div class='tools'>{tools} | [ <a href='#s'>-</a> ] <a href='#t'>Text</a> "
        "[ <a href='#l'>+</a> ]</div>"
    )
    assert _published(header) == ("2007-12-28T06:19:00+00:00", "Dec 28, 2007 6:19am GMT")


def test_a_tag_list_under_the_byline_leaves_the_headline_in_reach() -> None:
    tags = ", ".join(f"<a href='/tag/{n}'>Topic {n}</a>" for n in range(20))
    header = f"<div class='meta'>by Ann Lee on June 15, 2019</div><div class='tags'>Tags: {tags}</div>"
    assert _published(header) == ("2019-06-15T00:00:00+00:00", "June 15, 2019")


def test_a_date_header_set_as_an_h2_under_the_headline_is_no_headline() -> None:
    """Blogger sets a post's date as an `<h2>`: it is the date printed under the headline, not
    the headline the walk stops at."""
    header = "<h2 class='x3c1f0a9'>Tuesday, June 09, 2009 10:38 AM</h2>"
    assert _published(header) == ("2009-06-09T10:38:00+00:00", "June 09, 2009 10:38 AM")


def test_a_list_of_teasers_under_the_stamp_puts_the_headline_out_of_reach() -> None:
    """Each teaser's place after its link ends the run of links: seven of them are fourteen lines,
    and what stands over a box that long is not taken for the story's header."""
    teaser = "<li><a href='/news/{n}'>Council news story number {n}</a> [Canberra]</li>"
    items = "".join(teaser.format(n=n) for n in range(7))
    header = f"<div class='line'>June 15, 2019</div><h4>Most Viewed</h4><ul>{items}</ul>"
    assert _published(header) == (None, None)


def test_a_blogs_date_header_with_its_weekday_right_over_the_headline() -> None:
    over = "<h2 class='x0d1e2f3'>Thursday, January 17, 2008</h2>"
    assert _published(over=over) == ("2008-01-17T00:00:00+00:00", "January 17, 2008")


def test_a_date_with_its_weekday_further_over_the_headline_is_the_sites_today() -> None:
    """The site's "today" over its menu: a weekday before the date is read only on the line
    right over the headline."""
    over = "<span>Wednesday, November 7 2012</span><a href='/blogs'>BLOGS</a><a href='/'>Home</a>"
    assert _published(over=over) == (None, None)


def test_a_date_with_its_weekday_and_time_over_the_headline_is_the_storys_stamp() -> None:
    """A time printed with the date makes it the story's stamp, not the site's "today", even
    with a weekday before it and the page's tools between it and the headline."""
    over = (
        "<ul class='x9a1'><li><img src='/clock.gif' alt=''>Thu, 10 Jan 2008 01:40:05 GMT</li>"
        "<li><a href='#'>E-mail</a> | <a href='#'>Print</a></li></ul>"
    )
    assert _published(over=over) == ("2008-01-10T01:40:05+00:00", "10 Jan 2008 01:40:05 GMT")


def test_a_stamps_zone_in_brackets_is_read_with_it() -> None:
    header = "<p>November 12th, 2012 @ 2:14pm (PT) by Ann Lee</p>"
    assert _published(header) == ("2012-11-12T14:14:00-08:00", "November 12th, 2012 @ 2:14pm (PT)")


def test_a_date_over_the_headline_past_ten_lines_is_the_sites() -> None:
    menu = "".join(f"<a href='/s{n}'>Section {n}</a>" for n in range(10))
    assert _published(over=f"<div class='today'>June 14, 2019</div><nav>{menu}</nav>") == (None, None)


def test_a_date_over_the_headline_past_a_long_line_is_not_read() -> None:
    sentence = "The council will meet again next month to hear from residents. "
    teaser = f"<p class='teaser'>{sentence * 2}</p>"
    assert _published(over=f"<div class='today'>June 14, 2019</div>{teaser}") == (None, None)


def test_a_date_inside_a_line_over_the_headline_is_not_read() -> None:
    assert _published(over="<div class='kicker'>Council meeting of June 14, 2019</div>") == (None, None)


def test_a_headline_set_in_font_tops_the_header_where_no_heading_tag_does() -> None:
    html = (
        "<html><head><title>Budget approved after long debate - The Planet</title></head><body>"
        "<table><tr><td><a href='/'>Home</a> <a href='/news'>News</a></td></tr><tr><td>"
        "<font size='4'><b>Budget approved after long debate</b></font><br>"
        "<font size='2'>By Ann Lee</font><br><font size='2'>Planet staff reporter</font><br>"
        "<font size='1'>December 29, 2007, 9:40 PM CST</font>"
        f"<div>{_STORY}</div></td></tr></table></body></html>"
    )
    record = _article(html)
    assert record.headline == "Budget approved after long debate"
    assert record.date_published == "2007-12-29T21:40:00-06:00"
    assert [a.name for a in record.authors] == ["Ann Lee"]


def test_a_heading_tag_in_reach_still_tops_the_header_over_the_headlines_own_line() -> None:
    html = (
        "<html><head><title>Today, vote | Ann Lee</title></head><body><h2>ANN LEE</h2>"
        "<div class='post'><a href='/vote/'>POSTED ON November 6th, 2012</a> <b>8</b> COMMENTS"
        " <a href='/vote/#comments'>+ ADD YOUR COMMENT</a>"
        f"<div class='title'>Today, vote</div><div class='entry'>{_STORY}</div></div></body></html>"
    )
    record = _article(html, "https://news.example.com/vote")
    assert record.headline == "Today, vote"
    assert record.date_published == "2012-11-06T00:00:00+00:00"


def test_a_zone_after_a_time_without_am_or_pm_is_read() -> None:
    header = "<div class='meta'>Posted on: December 28, 2007 10:57 PST</div>"
    assert _published(header) == ("2007-12-28T10:57:00-08:00", "December 28, 2007 10:57 PST")
    header = "<div class='meta'>Wed 2012/11/07 19:05 JST Posted by Ann Lee</div>"
    assert _published(header)[0] == "2012-11-07T19:05:00+09:00"


def _bbc_like(over: str) -> Article:
    """A page laid out as the BBC's of 2007: `over` in the bar over the headline, the story
    after it in its own box."""
    html = (
        "<html><head><title>BBC NEWS | Budget approved</title></head><body>"
        f"<table><tr><td class='bar'>{over}</td></tr></table>"
        f"<h1>Budget approved after long debate</h1><article>{_STORY}</article></body></html>"
    )
    return _article(html)


def test_an_update_stamp_right_over_the_headline_is_the_storys_update() -> None:
    over = (
        "<span>Last Updated:</span> Tuesday, 4 December 2007, 17:04 GMT<br>"
        "<a href='/email'>E-mail this to a friend</a> <a href='/print'>Printable version</a>"
    )
    record = _bbc_like(over)
    assert record.body.startswith("The council approved")
    assert (record.date_modified, record.date_modified_raw) == (
        "2007-12-04T17:04:00+00:00",
        "4 December 2007, 17:04 GMT",
    )
    assert record.date_published is None


def test_an_update_stamp_far_over_the_headline_is_not_read() -> None:
    links = "".join(f"<a href='/s{n}'>Section {n}</a> " for n in range(6))
    record = _bbc_like(f"<span>Last Updated:</span> Tuesday, 4 December 2007, 17:04 GMT<br>{links}")
    assert record.body.startswith("The council approved")
    assert record.date_modified is None
