"""Headlines on pages whose stated title is not the story's: the heading printed above the text.

Every page here is a hand-written pattern (not a copy of any page) of old news sites' markup.
"""

from __future__ import annotations

import pytest

from newsharvest.extract import Article, extract_article
from newsharvest.extract.document import Document
from newsharvest.extract.headings import Near, heading_before
from newsharvest.extract.story_start import StoryStart
from tests.extract.headline_pages import STORY, page


def test_a_date_set_inside_the_heading_after_a_line_break_is_not_the_headlines() -> None:
    """The heading holds the headline, a `<br>` and the date and agency; the `<title>` is the
    headline with the section path run on after it."""
    record = page(
        "<title>Council passes the budget- Politics-News-The Daily Planet</title>",
        '<table><tr><td><p class="heading1"><span>Council passes the budget</span><br>'
        f"<span>4 Mar, 2009, 0930 hrs IST, PTI</span></p></td></tr><tr><td>{STORY}</td></tr></table>",
    )
    assert record.headline == "Council passes the budget"
    assert record.headline_raw == "Council passes the budget"


def test_a_heading_keeps_its_text_when_the_line_after_the_break_is_no_byline_or_date() -> None:
    record = page(
        "<title>Daily Planet</title>",
        '<div><h2 class="head">Council passes the budget<br>Schools win and roads wait</h2>'
        f"{STORY}</div>",
    )
    assert record.headline == "Council passes the budget Schools win and roads wait"


_CLOCK_BAR = '<div class="x1f0c2a9"><b>Updated:</b> <b>New York</b>, Jan 16 06:47</div>'
"""A page's clock bar, its city in bold: a heading by its tag, above the story."""
_UNMARKED_TITLE = "Council passes the budget after a long night"
_FIRST_LINE = "The city council voted on Tuesday to pass the budget for the coming year after a long debate."


def _near(byline: str) -> Near | None:
    """The heading before a story whose text opens with an unmarked `<span>` line (class names
    hashed), `byline` under it."""
    html = (
        f"<html><head><title>Planet.com: Muse</title></head><body>{_CLOCK_BAR}"
        f'<div class="x7d1e3b0"><span class="x9a2c4e1">{_UNMARKED_TITLE} </span><br>'
        f"{f'<p>{byline}</p>' if byline else ''}<p>{_FIRST_LINE}</p></div></body></html>"
    )
    doc = Document.from_input(html.encode(), "https://example.com/a/1")
    lead = [_UNMARKED_TITLE, *([byline] if byline else []), _FIRST_LINE]
    return heading_before(StoryStart(doc, lead))


def test_a_story_opening_on_an_unmarked_line_over_its_byline_takes_that_line() -> None:
    """The story's text opens with its headline, a line alone in its `<span>`, over its byline:
    the story's header, not the bold city of the clock bar above."""
    near = _near("By Ann Lee")
    assert near is not None
    assert (near.text, near.strict, near.signed) == (_UNMARKED_TITLE, False, True)


def test_an_unmarked_opening_line_with_no_byline_under_it_is_not_read_as_the_header() -> None:
    near = _near("")
    assert near is None or near.text != _UNMARKED_TITLE


def test_a_box_of_teaser_headlines_is_not_the_headline() -> None:
    """The only headline-classed elements are teasers linking to other stories, in a box whose
    class also says headlines; the story's own title is a span just above its text."""
    teasers = "".join(
        f'<ul class="headlines"><li class="headline"><a href="/news?id={n}">Council bonds fall for the '
        f"{word} day as markets worry</a></li></ul>"
        for n, word in enumerate(("first", "second", "third"))
    )
    record = page(
        "<title>Planet.com: Asia Pacific</title>",
        f'<div class="related_headlines">{teasers}</div>'
        '<span class="story_title">Council passes the budget after a long night</span>'
        f"<p>By Ann Lee</p>{STORY}",
    )
    assert record.headline == "Council passes the budget after a long night"


def test_a_one_word_title_gives_way_to_the_heading_above_the_text() -> None:
    """"Planet.com: Budget" loses the site's address and leaves a section's name."""
    record = page(
        "<title>Planet.com: Budget</title>",
        f'<span class="story_title">Council passes the budget after a long night</span>{STORY}',
    )
    assert record.headline == "Council passes the budget after a long night"


def test_spanish_titular_and_numbered_header_classes_mark_a_heading() -> None:
    """A table cell classed "titular" (Spanish for headline) and a `<font class="header2">`
    over the text; both headlines carry a year, so only the class makes them headings."""
    record = page(
        "<title>Portada Planeta / Lo último</title>",
        '<table><tr><td class="titular">Planet shows its new maps at the 2008 fair</td></tr>'
        f"<tr><td>{STORY}</td></tr></table>",
    )
    assert record.headline == "Planet shows its new maps at the 2008 fair"
    record = page(
        "<title>Planet Betting Tips</title>",
        '<table><tr><td><font class="header2">Council passes the 2008 budget</font>&nbsp;</td></tr>'
        f"<tr><td>By Ann Lee</td></tr></table>{STORY}",
    )
    assert record.headline == "Council passes the 2008 budget"


def test_a_title_of_site_name_and_tagline_gives_way_to_the_heading() -> None:
    """`<title>` and meta title are the site's name and its list of sections on every page."""
    head = (  # the site's name has a word of the story ("vote"), so it is not told apart by that
        "<title>The Vote Planet</title>"
        '<meta name="title" content="The Vote Planet online - News, Weather and Sports">'
    )
    heading = '<h1 class="small">Budget night at the town hall</h1><a href="/ann">ANN LEE</a>'
    record = page(head, f"<div>{heading}{STORY}</div>")
    assert record.headline == "Budget night at the town hall"
    record = page(  # a headline run on by its section path keeps its own title
        "<title>Council passes the budget - Politics News - Daily Planet</title>",
        f"<h1>Council passes the budget</h1><h2>Schools win and roads wait</h2>{STORY}",
    )
    assert record.headline == "Council passes the budget"


def test_a_section_name_is_not_the_headline() -> None:
    """The page's `<h1>` is its section's name, which `<title>` repeats after the site's
    address and the story's text also uses; the story's own heading is the `<h2>` over it."""
    record = page(
        "<title>planet.com - Local Sports Wire</title>",
        "<h1> Local Sports Wire </h1><p>Fri, 18 Jan 2008</p>"
        f"<h2>Rowers bring the cup home at last</h2>{STORY}<p>Local sports clubs want a share.</p>",
    )
    assert record.headline == "Rowers bring the cup home at last"
    record = page(  # a headline of other words stays
        "<title>Local teams share the cup - planet.com</title>",
        f"<h1>Local teams share the cup</h1><h2>Rowers bring it home at last</h2>{STORY}",
    )
    assert record.headline == "Local teams share the cup"


@pytest.mark.parametrize(
    "site_name",
    [
        '<h3 id="logo"><a href="https://example.com/">Planet News</a></h3>',
        '<form><select name="site"><option value="pn">Planet News</option></select></form>',
    ],
)
def test_the_sites_name_as_a_logo_or_a_menu_choice_is_no_printed_part_of_the_title(site_name: str) -> None:
    """The `<title>` is the headline run on into its subtitle, then the site's name; the page
    prints that name as a logo linking home or as a choice in a form, and the headline as `<h1>`."""
    record = page(
        "<title>Council passes the budget, says schools will get more money - Planet News</title>",
        f"{site_name}<h1>Council passes the budget</h1>{STORY}",
    )
    assert record.headline == "Council passes the budget"


def test_a_stated_title_that_is_only_the_sites_name_gives_way_to_the_title() -> None:
    """og:title is the site's name on every story and no heading is printed; `<title>` names
    the site by its address, which makes "Daily Planet" the site's name even where the page's
    URL is not known."""
    html = (
        "<html><head><title>dailyplanet.com - Council passes the budget after a long night</title>"
        '<meta property="og:title" content="Daily Planet"></head><body>'
        f'<div class="story">{STORY}</div></body></html>'
    )
    record = extract_article(html, "")
    assert isinstance(record, Article)
    assert record.headline == "Council passes the budget after a long night"


_LINKS = "<ul>" + "".join(
    f'<li><a href="/news/{n}">Mayor opens the new library wing on the east side, story {n}</a></li>'
    for n in range(9)
) + "</ul>"
"""Nine links to other stories (over 80 words) between the heading and the story: too far for the
heading right above the text to be found (`headings.heading_before`)."""


@pytest.mark.parametrize(
    ("over_story", "headline"),
    [
        # a heading named as the article's title, a bold agency credit under it
        (
            '<span class="article_title"><span style="font-size: 12pt">Council passes the budget</span>'
            "</span><br><b>Associated Press</b>",
            "Council passes the budget",
        ),
        # a table cell named as the content's heading, a bold link and a bold label after it
        (
            '<table><tr><td class="contentheading">Council passes the budget</td></tr></table>'
            '<p><b><a href="/print">Print this story</a></b></p><p><b>Inside City Hall</b></p>',
            "Council passes the budget",
        ),
        # no named heading: an <h2> wins over a nearer bold label
        ("<h2>Council passes the budget</h2><p><b>Inside City Hall</b></p>", "Council passes the budget"),
        # nothing but a bold label: it is all the page offers
        ("<p><b>Inside City Hall</b></p>", "Inside City Hall"),
    ],
)
def test_a_page_stating_no_title_takes_the_likeliest_heading_over_its_story(
    over_story: str, headline: str
) -> None:
    """No `<title>`, no stated headline, no `<h1>`, no heading right above the text (a page saved
    without its head, a fragment): of the headings over the story, one named as a title or
    heading, else an `<h2>`, else the nearest; never a link, a byline or an agency's name."""
    record = page("", f"<div>{over_story}{_LINKS}{STORY}</div>")
    assert record.headline == headline


_SITE_ONLY_TITLE = "<title>Kestrelford Gazette</title>"
"""A `<title>` that is only the site's name, as some sites print on every page."""


@pytest.mark.parametrize(
    "over_story",
    [
        # a wire agency's name and a date stamp, each set in bold between the heading and the story
        "<h3>Council passes the budget</h3><p><b>Associated Press</b></p>"
        "<p><b>10:02 AM CST on Friday, December 28, 2007</b></p>",
        # a writer's title alone in its block
        "<h3>Council passes the budget</h3><div>OUR SPECIAL CORRESPONDENT</div>",
        "<h3>Council passes the budget</h3><div>Palm Beach Post Staff Writer</div>",
        # a writer's name and outlets set as a heading under the headline
        "<h2>Council passes the budget</h2><h4>Jane Doe, Canwest News Service; Springfield Citizen</h4>"
        "<span>Published: Thursday, January 17, 2008</span>",
    ],
)
def test_a_credit_or_a_stamp_over_the_story_is_not_its_heading(over_story: str) -> None:
    """Walking back from the story to the heading over it, a wire agency's name, a writer's
    title or a date stamp set like a heading is passed over: the headline is above them."""
    record = page(_SITE_ONLY_TITLE, f"<div>{over_story}{STORY}</div>")
    assert record.headline == "Council passes the budget"


def test_a_title_case_headline_ending_in_writers_is_a_heading() -> None:
    """A headline ending in "Writers" reads as no writer's title: it stays the heading."""
    record = page(_SITE_ONLY_TITLE, f"<div><div>Studio Strikes Deal With Writers</div>{STORY}</div>")
    assert record.headline == "Studio Strikes Deal With Writers"


def test_a_large_font_around_the_whole_story_is_no_heading() -> None:
    """A page set in one large `<font>` opening on its byline: the font holds the whole story
    and is no heading of it; the heading above the byline is the headline."""
    body = (
        '<font size="3"><h3>Council passes the budget</h3><font>Staff and agencies</font>'
        "<p>By JANE DOE, Associated Press Writer 59 minutes ago</p>" + STORY + "</font>"
    )
    record = page(_SITE_ONLY_TITLE, body)
    assert record.headline == "Council passes the budget"


@pytest.mark.parametrize(
    "block",
    [
        # the date set beside the heading in the headline-named block
        '<div id="headline"><h2 class="entry-title">Council passes the budget</h2>'
        '<p class="published">Fri 18 Jan, 11:45 AM</p></div>',
        # the update time and a row of tools under it
        '<div class="StoryHeadline"><h2 class="StoryTitle">Council passes the budget</h2>'
        '<div><br>Last Update: 1/01 1:10 pm</div>'
        '<div><a href="#">Print Story</a> | <a href="#">Email Story</a></div></div>',
        # a byline and date block named for the headline inside the block holding the heading
        '<div class="headline_content"><h3>Council passes the budget</h3>'
        '<div class="headline_top">Springfield United<br>Tuesday January 8, 2008</div></div>',
    ],
)
def test_a_headline_named_block_gives_the_heading_it_holds(block: str) -> None:
    """A block named for the headline ("headline", "StoryHeadline") that holds a heading gives
    that heading's text, not the date, byline or tools set beside it in the block."""
    record = page(_SITE_ONLY_TITLE, f"<div>{block}{STORY}</div>")
    assert record.headline == "Council passes the budget"


def test_a_headline_naming_a_person_and_an_organisation_is_no_credit() -> None:
    """"Name, Organisation …" reads as a credit only when the outlets' words are capitalised: a
    headline saying what the person did stays the heading."""
    heading = "Jane Doe, Acme Corp chief, resigns"
    record = page(_SITE_ONLY_TITLE, f"<div><h3>Old harbour news</h3><h3>{heading}</h3>{STORY}</div>")
    assert record.headline == heading


_SECTION_LINK = (
    "<table><tr><td><font><a href='/news/world/'><b>More World news</b></a></font></td></tr></table>"
)
"""A section's link set in bold over the story's header, as an old news site's side column ends."""


def _font_headline_page(size: str) -> Article:
    return page(
        "<title>Planet.com &gt; News &gt; World -- Council passes the budget</title>",
        f"{_SECTION_LINK}<font face='Georgia' size='{size}'>Council passes the budget</font>"
        "<div>By Jane Doe</div><div>ASSOCIATED PRESS</div><div>3:56 a.m. January 8, 2008</div>"
        f"<div>{STORY}</div>",
    )


def test_a_headline_set_in_a_font_alone_over_its_byline_beats_a_bold_section_link() -> None:
    """The headline is a `<font>` alone on its line, with no class or size saying so."""
    assert _font_headline_page("").headline == "Council passes the budget"


def test_a_line_in_a_small_font_is_never_the_heading_over_the_story() -> None:
    """A `<font>` set small (size 1 or 2) is a tool's label or a note: the walk passes it."""
    assert _font_headline_page("1").headline != "Council passes the budget"


def test_a_title_part_the_page_prints_alone_is_not_taken_for_the_sites_title() -> None:
    """The headline is a `<div>` no tag or class marks; a promotion's heading sits over the text
    the story's extracted lead opens with, its words borne out there: the title's part, printed
    alone in the page, is still the story's, not a site-wide title."""
    lead = "<p>For latest headlines SMS PLANET to 5676 and get Planet news on your phone every day.</p>"
    record = page(
        "<title>Planet.com: Council passes the budget</title>",
        "<table><tr><td><div>Council passes the budget</div><div>Planet News Service</div></td></tr></table>"
        f"<h3>SMS PLANET</h3>{lead}{STORY}",
    )
    assert record.headline == "Council passes the budget"


