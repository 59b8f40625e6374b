"""The site's name on pages that state none in their metadata, and headings that are not the story's.

The copyright notices are cut from Mozilla Readability's test pages (Apache-2.0: salon-1's and
blogger's footers). The whole pages below are written from the structure of L3S-GN1 dev pages
(which may not be copied, not even fragments; their text is not used): no Readability or reference
page shows these patterns as a whole page (none of their fields changes with these rules).
"""

from __future__ import annotations

import pytest

from newsharvest.extract import Article, extract_article
from newsharvest.extract.document import Document
from newsharvest.extract.site_names import copyright_holders, masthead, site_brands
from newsharvest.extract.structured import read_structured
from newsharvest.extract.title import choose_headline
from tests.extract.headline_pages import STORY

SALON_FOOTER = (
    '<div id="footer" class="container_12">'
    "Copyright © 2015 Salon Media Group, Inc. Reproduction of material from\n"
    "            any Salon pages without written permission is strictly prohibited.\n"
    "            <br/>\n"
    "            <br/>SALON ® is registered in the U.S. Patent and Trademark Office as a trademark\n"
    "            of Salon Media Group Inc.\n"
    "            <br/>\n"
    "            <br/>Associated Press articles: Copyright © 2015 The Associated Press. All\n"
    "            rights reserved. This material may not be published, broadcast, rewritten\n"
    "            or redistributed.\n"
    "            <br/></div>"
)
BLOGGER_FOOTER = (
    "<div class='widget-content' style='text-align: center;'>\n"
    "    Copyright (C) 2012-2014 Andrew Zonenberg. Content licensed under CC-BY unless otherwise stated. "
    "Simple template. Powered by <a href='https://www.blogger.com' target='_blank'>Blogger</a>.\n"
    "</div>"
)


def _holders(body: str) -> list[str]:
    return copyright_holders(Document.from_input(f"<html><body>{body}</body></html>", ""))


def test_the_copyright_notices_name_the_sites_owner() -> None:
    assert _holders(SALON_FOOTER) == ["Salon Media Group", "The Associated Press"]
    assert _holders(BLOGGER_FOOTER) == ["Andrew Zonenberg"]
    notice = '<p><a href="/c">Copyright</a> &#169; 2007, <a href="/">Planet Inc.</a> All rights reserved.</p>'
    assert _holders(notice) == ["Planet Inc"]
    assert _holders("<p>© Daily Planet 2007. All rights reserved.</p>") == ["Daily Planet"]


def test_no_name_in_a_notice_is_no_owner() -> None:
    assert _holders('<p><a href="/legal">Copyright Notice</a></p><p>© MMVIII</p>') == []
    assert _holders("<script>var c = '© 2008 Daily Planet';</script><p>Text.</p>") == []


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Daily Planet", True),
        ("Daily Planet Live", True),
        ("The Daily Planet Online", False),  # "the" is not dropped from a masthead's name
        ("Daily Planet budget passes", False),
        ("Planet", False),
    ],
)
def test_a_masthead_is_the_sites_name_alone_or_with_a_word_like_live(heading: str, expected: bool) -> None:
    assert masthead(heading, ["dailyplanet", "planetinc"]) is expected


def _page(html: str) -> Article:
    record = extract_article(html, "")
    assert isinstance(record, Article), record
    return record


def test_a_masthead_h1_on_a_page_without_url_gives_way_to_the_storys_heading() -> None:
    """The `<h1>` is the masthead (an empty logo link and the site's name with "Live"); the
    `<title>` is the site's name, which the footer's copyright notice gives."""
    record = _page(
        "<html><head><title>Daily Planet</title></head><body>"
        '<div id="header"><h1><span><a href="/front"></a></span>Daily Planet Live</h1></div>'
        '<div id="content_top"><h2>Editorials</h2></div>'
        '<div id="content_body"><h3>Council passes the budget</h3>'
        "<p class='date'>Mon Jan 7 2008</p><p class='first'>Daily Planet readers may soon watch games under "
        f"a roof.</p>{STORY}</div>"
        '<div id="footer"><p><a href="/info/copyright/">&copy; 2008 Daily Planet. All Rights Reserved.</a>'
        "</p></div>"
        "</body></html>"
    )
    assert record.headline == "Council passes the budget"


def test_a_site_named_in_the_title_and_the_notice_gives_way_to_the_heading() -> None:
    record = _page(
        "<html><head><title>Planet TV</title></head><body>"
        '<table><tr><td><span id="lblTitle" style="font-weight:bold">\'No exceptions to the budget\'</span>'
        "</td></tr><tr><td><p>Planet TV has learned that the council will not accept exceptions.</p>"
        f"{STORY}</td></tr></table>"
        "<table><tr><td>© Planet TV 2007. All rights reserved.</td></tr></table></body></html>"
    )
    assert record.headline == "'No exceptions to the budget'"


def test_a_headline_in_application_name_is_no_site_name() -> None:
    """A stated name of seven words or more is the headline put in `application-name` (msn and
    Yahoo do): the `<h1>` printing it is the headline, not the site's masthead (a guard: the
    masthead rule would take it for the site's name without the word limit)."""
    headline = "Council passes the budget after a long night of debate"
    record = _page(
        f'<html><head><meta name="application-name" content="{headline}"><title>{headline}</title></head>'
        f"<body><h1>{headline}</h1>{STORY}</body></html>"
    )
    assert record.headline == headline


def test_a_heading_over_the_storys_byline_beats_a_title_not_printed() -> None:
    """The `<title>` is another wording the page never prints; the heading carries the story's
    byline after a `<br>`, so it is the story's header."""
    record = _page(
        "<html><head><title>Budget: council votes - Planet Sports</title></head><body>"
        '<ul><li><h3 class="show">Poll</h3></li></ul>'
        '<h2 class="news">Council passes the budget<br/><span>by Jane Doe, 30 December 2007</span></h2>'
        f"{STORY}</body></html>"
    )
    assert record.headline == "Council passes the budget"


def test_a_title_part_after_a_glued_hyphen_that_the_page_prints() -> None:
    """"site.com - Section- Headline": the part after the hyphen glued to "Section" is printed
    as a heading inside the story's table cell, with the date and an empty byline."""
    record = _page(
        "<html><head><title>dailyplanet.com -\nOther News-\nCouncil passes the budget...</title></head>"
        '<body><table><tr valign="top"><td width="450"><div align="right"><b>Sun, January 6, 2008</b><br>'
        "</div><h5>Council passes the budget...</h5><b>By </b><br><br>"
        f"<p> TO THE EDITOR{STORY}<p> A. NAME</td></tr></table></body></html>"
    )
    assert record.headline == "Council passes the budget..."
    assert record.headline_raw == "Council passes the budget..."


def test_a_comment_count_in_the_h1_is_not_part_of_the_headline() -> None:
    """The post's `<h1>` ends with a link to its comments; without it, `<title>` confirms it."""
    headline = "Council passes the budget (Plus: roads win)"
    record = _page(
        f"<html><head><title>{headline}</title></head><body>"
        f'<div class="entry-header"><h1>{headline} <span><a href="#comment_list">274 Comments</a></span>'
        "</h1></div><p><small><strong>Schools wait another year.</strong> (Photo: A. Name)</small></p>"
        f"{STORY}</body></html>"
    )
    assert record.headline == headline


def test_a_mark_is_no_word_of_an_unconfirmed_h1() -> None:
    """"► Sports News 2012" is a section's heading of three words, too short to beat the
    `<title>`'s headline part nothing else confirms."""
    record = _page(
        "<html><head><title>Council passes the budget for 2013 - Planet Online</title></head><body>"
        f'<h1><span class="fontred">&#9658;</span> Sports News 2012</h1>{STORY}</body></html>'
    )
    assert record.headline == "Council passes the budget for 2013 - Planet Online"


def test_the_h1_over_a_subtitle_heading_is_the_headline_above_the_text() -> None:
    """`<h1>` and `<h2>` printed one after the other over the byline and the story: the heading
    nearest the text is the subtitle, the `<h1>` above it the headline (a `<title>` variant the
    page never prints gives way to them)."""
    record = _page(
        "<html><head><title>Budget: council votes yes - The Daily Planet</title></head><body>"
        "<h1>Late night</h1><h2>Council passes the budget after a long debate</h2>"
        f'<div class="byline">By Jane Doe</div>{STORY}</body></html>'
    )
    assert record.headline == "Late night"
    assert record.dek == "Council passes the budget after a long debate"



_TYPEPAD_POST = (
    '<div id="banner"><h1 id="banner-header"><a href="http://inknotes.example.org/" accesskey="1">'
    "Ink Notes</a></h1></div>"
    '<div class="entry"><h2 class="date-header">November 05, 2012</h2>'
    '<h3 class="entry-header"><a href="http://inknotes.example.org/2012/11/budget.html">'
    f"Council passes the budget</a></h3>{STORY}</div>"
)
"""A TypePad post's header, as its pages print it: the blog's name in a heading linking to the
front page (the masthead), the date, the post's heading; `<title>` and `og:title` read "Blog:
Post"."""
_STATED = "Ink Notes: Council passes the budget"


def _typepad_doc(body: str) -> Document:
    head = f'<meta property="og:title" content="{_STATED}"><title>{_STATED}</title>'
    return Document.from_input(f"<html><head>{head}</head><body>{body}</body></html>", "")


def test_a_blog_name_the_masthead_links_home_is_the_sites_and_leaves_the_stated_title() -> None:
    """The masthead names the site whatever the page's address (none here): the headline the
    page states loses it before any heading near the story is looked at, so a story whose text
    starts elsewhere (above the post's heading, on a page whose class names say nothing) keeps it."""
    doc = _typepad_doc(_TYPEPAD_POST)
    structured = read_structured(doc)
    assert "inknotes" in site_brands(doc, structured)
    assert choose_headline(doc, structured).text == "Council passes the budget"


def test_a_title_part_a_heading_prints_linking_elsewhere_is_no_site_name() -> None:
    doc = _typepad_doc(_TYPEPAD_POST.replace('href="http://inknotes.example.org/"', 'href="/archives/notes"'))
    structured = read_structured(doc)
    assert "inknotes" not in site_brands(doc, structured)
    assert choose_headline(doc, structured).text == _STATED
