"""Headlines: the visible one, entities decoded, no site name, date or kicker; the raw string kept."""

from __future__ import annotations

import json

import pytest

from newsharvest.extract import Article, extract_article
from newsharvest.extract.site_names import strip_site_name
from tests.extract.headline_pages import STORY, page

BODY = "<p>" + "The council met on Tuesday and voted on the budget for the coming year. " * 8 + "</p>"


def _record(head: str, h1: str | None, url: str = "https://www.golem.de/news/budget-2405-1.html") -> Article:
    heading = f"<h1>{h1}</h1>" if h1 is not None else ""
    html = f"<html><head>{head}</head><body><article>{heading}{BODY}</article></body></html>"
    record = extract_article(html, url)
    assert isinstance(record, Article), record
    return record


@pytest.mark.parametrize(
    ("title", "brands", "expected"),
    [
        ("Council passes budget - Golem.de", ["golem"], "Council passes budget"),
        ("Council passes budget | DW | 28.04.2023", ["dw"], "Council passes budget"),
        ("The Daily Planet: Council passes budget", ["thedailyplanet"], "Council passes budget"),
        ("Evolve: Shared Mutable History", ["mercurial"], "Evolve: Shared Mutable History"),
        ("Golem.de", ["golem"], "Golem.de"),
        ("東京で大雪、交通に乱れ｜日本経済新聞", ["日本経済新聞"], "東京で大雪、交通に乱れ"),
        ("東京で大雪、交通に乱れ\u3000：日本経済新聞", ["日本経済新聞電子版"], "東京で大雪、交通に乱れ"),
        ("動画：東京で大雪、交通に乱れ", ["日本経済新聞"], "動画：東京で大雪、交通に乱れ"),
        ("Incendio en Valencia - EL PAÍS", ["elpaís"], "Incendio en Valencia"),
        ("DailyPlanet.com: Council passes budget", [], "Council passes budget"),
        ("daily-planet.co.uk | Council passes budget", [], "Council passes budget"),
        ("Council passes budget (28/04/2023)", [], "Council passes budget"),
        ("Council passes budget (Update 2)", [], "Council passes budget (Update 2)"),
        ("Council Passes Budget (from The Herald )", [], "Council Passes Budget"),  # the group's paper
        ("Council passes budget:: Golem.de", ["golem"], "Council passes budget"),  # "::" glued before
        ("Council passes budget :golem", ["golem"], "Council passes budget"),  # ":" glued after
        ("Council wins 3 :1 vote", ["golem"], "Council wins 3 :1 vote"),  # a score, no separator
    ],
)
def test_site_names_and_dates_come_off(title: str, brands: list[str], expected: str) -> None:
    assert strip_site_name(title, brands) == expected


def test_visible_headline_wins_over_a_differing_json_ld_one() -> None:
    node = {"@type": "NewsArticle", "headline": "Budget 2025: what the council decided (SEO)"}
    head = (
        f'<script type="application/ld+json">{json.dumps(node)}</script>'
        '<meta property="og:title" content="Council passes budget">'
        "<title>Council passes budget - Golem.de</title>"
    )
    record = _record(head, "Council passes budget")
    assert record.headline == "Council passes budget"
    assert record.headline_raw == "Council passes budget"


def test_entities_left_in_metadata_are_decoded() -> None:
    head = (
        '<meta property="og:title" '
        'content="Council&amp;#8217;s budget for M&amp;uuml;nchen &amp;#039;passes&amp;#039;">'
    )
    record = _record(head, None)
    assert record.headline == "Council’s budget for München 'passes'"
    assert record.headline_raw == "Council&#8217;s budget for M&uuml;nchen &#039;passes&#039;"


def test_site_name_comes_off_the_stated_title() -> None:
    head = (
        '<meta property="og:site_name" content="Golem.de">'
        '<meta property="og:title" content="Council passes budget - Golem.de">'
    )
    record = _record(head, None)
    assert record.headline == "Council passes budget"
    assert record.headline_raw == "Council passes budget - Golem.de"


def test_kicker_glued_to_the_front_of_the_h1() -> None:
    head = '<meta property="og:title" content="Council passes budget">'
    record = _record(head, '<span class="kicker">Local politics</span> Council passes budget')
    assert record.headline == "Council passes budget"
    assert record.headline_raw == "Local politics Council passes budget"
    kicker = '<span class="kicker">Local politics:</span> Council passes budget'
    plain = _record("<title>Budget news</title>", kicker)
    assert plain.headline == "Council passes budget"


def test_title_part_the_page_prints_as_a_heading() -> None:
    head = "<title>CityPaper: World Views : Another election night in Lisbon</title>"
    html_head = head
    record = extract_article(
        f"<html><head>{html_head}</head><body><h1>CityPaper: World Views</h1>"
        f"<h2>Another election night in Lisbon</h2>{BODY}</body></html>",
        "https://blog.example.com/views/123",
    )
    assert isinstance(record, Article)
    assert record.headline == "Another election night in Lisbon"


def test_a_site_title_gives_way_to_the_heading_above_the_text() -> None:
    """Pattern (hand-written, not a copy of any page) of old table-laid pages whose <title> is
    the site's name on every story, the story's headline a bold line just above its text."""
    record = page(
        "<title>Planet Sports Online</title>",
        '<table><tr><td><a href="/">Home</a> <a href="/sports">Sports</a></td></tr>'
        "<tr><td><b>Council passes the budget after a long night</b><br>By Ann Lee<br>"
        f"January 15, 2008{STORY}</td></tr></table>",
    )
    assert record.headline == "Council passes the budget after a long night"
    assert record.headline_raw == "Council passes the budget after a long night"


def test_a_title_framed_by_section_names_gives_way_to_the_heading() -> None:
    """Pattern (hand-written): a <title> that is the headline with the section path and the
    site's name run on after it without spaced separators."""
    record = page(
        "<title>Council passes the budget- Politics-News-The Daily Planet</title>",
        f'<div class="story"><h2>Council passes the budget</h2>{STORY}</div>',
    )
    assert record.headline == "Council passes the budget"


def test_no_title_takes_the_line_standing_alone_above_the_text() -> None:
    """Pattern (hand-written): a page with no <title> or <h1>, its headline a short line in a
    block of its own over the story's table cell."""
    record = page(
        "",
        '<table><tr><td><div class="hd">Council passes the budget</div></td></tr>'
        f"<tr><td>{STORY}</td></tr></table>",
    )
    assert record.headline == "Council passes the budget"


def test_script_leaked_into_the_title_gives_way_to_the_heading() -> None:
    """Pattern (hand-written): script source run into the <title> of a page."""
    record = page(
        "<title>Welcome to the Daily Planet this.section = 'news'; var ad = 1;</title>",
        f"<h3>Council passes the budget</h3>{STORY}",
    )
    assert record.headline == "Council passes the budget"


def test_a_story_title_stays_when_the_line_above_the_text_is_a_label_or_byline() -> None:
    for label in ("<b>Print this page</b>", "<b>By ANN LEE</b>", "<b>Tuesday April 4, 2023 9:15 AM</b>"):
        record = page("<title>Council passes the budget</title>", f"<div>{label}{STORY}</div>")
        assert record.headline == "Council passes the budget", label


def test_a_front_page_keeps_its_title_over_its_teasers() -> None:
    """A page of teaser headings, each a link to its story: the first teaser is not the page's
    headline."""
    teasers = "".join(
        f'<h2 class="teaser"><a href="/2024/01/0{n}/story-{n}.html">Story number {n} of the day</a></h2>'
        f"<p>{'A short summary of this story for the front page of the site. ' * 3}</p>"
        for n in range(1, 5)
    )
    record = page("<title>The Daily Planet</title>", f"<main>{teasers}{STORY}</main>")
    assert record.headline == "The Daily Planet"


def test_the_subtitle_printed_right_under_the_headline_is_the_dek() -> None:
    description = '<meta name="description" content="The council voted.">'
    record = page(description, f"<h1>Council passes the budget</h1><h2>Schools win, roads wait</h2>{STORY}")
    assert record.dek == "Schools win, roads wait"
    apart = page(
        description,
        f"<h1>Council passes the budget</h1><p>By Ann Lee</p><h2>Share this story</h2>{STORY}",
    )
    assert apart.dek == "The council voted."  # a heading further down is not the subtitle
    signed = page(
        description,
        f"<h1>Council passes the budget</h1><h3>Jane Doe and Ann Lee, CanWest News Service</h3>{STORY}",
    )
    assert signed.dek == "The council voted."  # a byline printed without "By" is no subtitle


def test_a_heading_confirmed_by_a_title_part_keeps_its_own_spelling() -> None:
    """Pattern (hand-written): the <h1> prints quotes and a dash that the <title>'s parts lose."""
    record = page(
        "<title>Council Preview - Budget (2024) - Politics News - Planet TV</title>",
        f'<h1 class="Headline">Council Preview - Budget (2024)</h1>{STORY}',
    )
    assert record.headline == "Council Preview - Budget (2024)"
    record = page(
        "<title>Budget passes in council | Politics | Planet</title>",
        f'<h1>"Budget" passes in council</h1>{STORY}',
    )
    assert record.headline == '"Budget" passes in council'


def test_a_title_run_printed_on_the_page_leaves_out_the_sites_address() -> None:
    """Pattern (hand-written): "Site.com | Section | Headline", the breadcrumb printing all three."""
    record = page(
        "<title>DailyPlanet.com | Sports | Council funds the new stadium</title>",
        '<div class="crumbs"><span class="title">DailyPlanet.com Sports Council funds the new stadium'
        "</span></div>"
        f"<p>Council funds the new stadium</p>{STORY}",
    )
    assert record.headline == "Council funds the new stadium"


def test_a_long_h1_comes_before_an_element_classed_as_a_headline() -> None:
    """Pattern (hand-written): a section page's <title>, the story's <h1>, and a teaser in a
    box whose class says headline."""
    record = page(
        "<title>Planet &gt; Golf &gt; News</title>",
        '<div class="teaser"><span class="headline">Council rival wins the open by three shots</span></div>'
        f"<h1>Council funds the new golf course</h1>{STORY}",
    )
    assert record.headline == "Council funds the new golf course"


def test_a_blog_name_before_a_colon_goes_when_the_page_prints_the_rest_alone() -> None:
    """Pattern (hand-written): "Blog name: Post title", the post title printed on its own line
    under the post's date."""
    record = page(
        "<title>Planet Notes: Bills, bills and more bills</title>",
        f'<div class="post"><p>January 08, 2008</p><p>Bills, bills and more bills</p>{STORY}</div>',
    )
    assert record.headline == "Bills, bills and more bills"
    record = page("<title>Patriots: Coach never better</title>", f"<div>{STORY}</div>")
    assert record.headline == "Patriots: Coach never better"


def test_a_long_last_title_part_printed_as_the_h1_is_the_headline_as_printed() -> None:
    """Pattern (hand-written): "Site: Tagline :: Section :: Headline", the headline printed in
    capitals as one of several `<h1>`s; a last part of five or more words is no site name."""
    record = page(
        "<title>Daily Planet: The Best Paper :: Local News :: Council passes the budget at last</title>",
        "<h1>12°C</h1><h1>Storm closes the harbour</h1>"
        f"<div><h1>COUNCIL PASSES THE BUDGET AT LAST</h1>{STORY}</div>",
    )
    assert record.headline == "COUNCIL PASSES THE BUDGET AT LAST"
    site_named = page(
        "<title>Council passes the budget at last - The Daily Planet</title>",
        f"<h1>The Daily Planet</h1><div><h2>Council passes the budget at last</h2>{STORY}</div>",
    )
    assert site_named.headline == "Council passes the budget at last"


def test_an_h1_a_stated_title_confirms_wins_over_an_earlier_h1_of_the_site() -> None:
    head = (
        '<meta property="og:title" content="Council passes budget after long debate">'
        "<title>Council passes budget after long debate photo 1 City News: Daily Planet</title>"
    )
    body = (
        '<header><h1 class="hide-text">City News: Daily Planet</h1></header>'
        f'<article><h1 class="title">Council passes budget after long debate</h1>{STORY}</article>'
    )
    assert page(head, body).headline == "Council passes budget after long debate"


@pytest.mark.parametrize(
    ("h1", "expected"),
    [
        ("Watch | Portrait of a Craftsman", "Portrait of a Craftsman"),
        ("VIDEO • Council passes budget", "Council passes budget"),
        ("Watch: the council passes its budget", "Watch: the council passes its budget"),  # a colon stays
        ("Watchdog | Council passes budget", "Watchdog | Council passes budget"),  # a word, no label
    ],
)
def test_a_media_label_before_a_bar_or_bullet_leaves_the_headline(h1: str, expected: str) -> None:
    record = _record("<title>Budget news</title>", h1)
    assert record.headline == expected
    assert record.headline_raw == h1
