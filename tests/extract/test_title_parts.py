"""Headlines on blog and section pages: a byline set in a headline-named element, a post's short
title, a category link opening the heading, a `<title>` part printed inside the `<h1>`, "Blog
Name: Post" after the site's name, and stated titles with a section's name added.

Every page here is a hand-written pattern (not a copy of any page).
"""

from __future__ import annotations

from tests.extract.headline_pages import STORY, page

BYLINE = '<p class="headline-info">by <span class="author">Ann Writer</span> on 3 March 2009</p>'


def test_a_byline_in_a_headline_named_element_is_not_the_headline() -> None:
    """No `<h1>`; the only element whose class says "headline" holds the post's byline and date."""
    record = page(
        "<title>Council passes the budget — Ann Writer's Blog</title>",
        f'<div class="post">{BYLINE}<div class="entry-content">{STORY}</div></div>',
    )
    assert record.headline == "Council passes the budget — Ann Writer's Blog"


def test_a_one_word_entry_title_that_is_a_title_part_is_the_headline() -> None:
    """The post's `<h1 class="entry-title">` is one word, the first part of `<title>`."""
    record = page(
        "<title>Holidays — Ann Writer's Notebook</title>",
        f'<div class="post"><div class="post-head"><h1 class="entry-title">Holidays</h1>{BYLINE}'
        f'</div><div class="entry-content">{STORY}</div></div>',
    )
    assert record.headline == "Holidays"
    assert record.headline_raw == "Holidays"


def test_a_one_word_h1_not_named_a_headline_does_not_beat_the_title() -> None:
    """The same page with a plain `<h1>`: a short heading may be a section's or site's name."""
    record = page(
        "<title>Holidays — Ann Writer's Notebook</title>",
        f'<div class="post"><h1>Holidays</h1><div class="entry-content">{STORY}</div></div>',
    )
    assert record.headline == "Holidays — Ann Writer's Notebook"


def test_a_category_link_opening_the_heading_above_the_story_is_no_part_of_it() -> None:
    """A blog's post heading: a link to its category page, then the post's title; og:title is
    the blog's own, and the byline stands under the heading."""
    record = page(
        '<title>Council passes the budget after a long debate - Planet.com</title>'
        '<meta property="og:title" content="Pages of the Planet League">',
        '<div class="post"><h2><div class="cat"><a href="/category/city-hall/" rel="category tag">'
        'City Hall</a></div><a href="/2012/11/05/council-passes/" rel="bookmark">Council passes the '
        'budget after a long debate</a></h2><div class="post-author"><strong>By <a href="/author/ann/">'
        f"Ann Writer</a></strong></div>{STORY}</div>",
    )
    assert record.headline == "Council passes the budget after a long debate"


def test_a_category_link_opening_the_h1_is_taken_off_as_a_kicker() -> None:
    """`<title>` is the site's alone, so nothing but the link's `rel` marks the kicker."""
    record = page(
        "<title>Planet News</title>",
        '<article><h1><a href="/category/politics/" rel="category tag">Politics</a> Council passes the '
        f"budget after a long debate</h1>{STORY}</article>",
    )
    assert record.headline == "Council passes the budget after a long debate"


def test_a_title_part_the_h1_prints_inside_it_gives_the_whole_h1() -> None:
    """`<title>` puts the story's subject first; the `<h1>` prints the headline with the subject
    last, and the page names the subject in a link of its own."""
    record = page(
        "<title>Ann Maker - A Day in the Pottery Shed - Video • Planet Style</title>",
        "<article><h1>A Day in the Pottery Shed – Ann Maker</h1>"
        '<p>A visit to the studio of <a href="/makers/ann-maker/">Ann Maker</a> in the old mill town.</p>'
        f"{STORY}</article>",
    )
    assert record.headline == "A Day in the Pottery Shed – Ann Maker"


def test_blog_name_and_post_title_after_the_sites_short_name() -> None:
    """`<title>` is "short name - Blog Name: Post title"; the post's title is printed as a heading."""
    record = page(
        '<title>PNW - Planet Notes Weekly: Cold Enough Yet?</title>'
        '<meta property="og:site_name" content="PNW">',
        '<div class="post hentry"><h3 class="post-title entry-title">Cold Enough Yet?</h3>'
        f'<div class="post-body entry-content">{STORY}</div></div>',
    )
    assert record.headline == "Cold Enough Yet?"


def test_a_stated_title_with_a_section_name_added_gives_way_to_the_title() -> None:
    """The Dublin Core title is `<title>` with the section's name before it."""
    record = page(
        "<title>Council passes the budget for next year</title>"
        '<meta name="dc.title" content="Press Releases - Council passes the budget for next year">',
        f"<div>{STORY}</div>",
    )
    assert record.headline == "Council passes the budget for next year"


def test_a_stated_title_that_is_not_the_title_and_a_part_stays() -> None:
    """og:title says more than `<title>` but not as a part beyond a separator: it stays."""
    record = page(
        "<title>Council passes the budget</title>"
        '<meta property="og:title" content="Council passes the budget for next year">',
        f"<div>{STORY}</div>",
    )
    assert record.headline == "Council passes the budget for next year"


def test_the_blogs_name_as_h1_gives_way_to_the_post_title_under_it() -> None:
    """`<title>` is "Blog Name: Post - more"; the `<h1>` is the blog's name, the post's title
    a heading over its entry."""
    record = page(
        "<title>Planet Notes Weblog: The Council Report - Budget Passes After Long Debate</title>",
        '<div id="banner"><h1><a href="/weblog/">Planet Notes Weblog</a></h1></div>'
        '<div class="entry"><h3 class="entry-header">The Council Report - Budget Passes After Long '
        "Debate</h3>"
        f'<div class="entry-content">{STORY}</div></div>',
    )
    assert record.headline == "The Council Report - Budget Passes After Long Debate"


def test_a_blog_name_holding_a_colon_is_no_part_of_the_post_title() -> None:
    """`<title>` is "Blog: Its Tagline: Post"; the post's title is printed as a heading, and
    an advertised product's `<h1>` stands elsewhere on the page."""
    record = page(
        "<title>Planet: News Views and Food: Roundup of the Council Posts This Week</title>",
        '<h1><a href="/">Planet: News Views and Food</a></h1><div class="ad"><h1>Planet Blue Mug Large</h1>'
        '</div><div class="post hentry"><h3 class="post-title entry-title">Roundup of the Council Posts This'
        f' Week</h3><div class="post-body entry-content">{STORY}</div></div>',
    )
    assert record.headline == "Roundup of the Council Posts This Week"


def test_the_owners_name_framing_the_title_is_the_blogs_name_not_the_headline() -> None:
    """A blog named after its owner: `<title>` is "Owner - Post", the `<h1>` and the stated
    DC.title the owner's name, the `<meta>` author the owner; the headline is the post's title
    and the owner stays its author."""
    record = page(
        '<meta name="DC.title" content="Ann Lee"><meta name="author" content="Ann Lee">'
        "<title>Ann Lee - Council passes the budget</title>",
        '<div id="header"><h1><a href="https://example.com/blog/ann.nsf/">Ann Lee</a></h1></div>'
        '<h2><a href="/a/1" rel="bookmark">Council passes the budget</a></h2>'
        f'<div class="post">{STORY}</div>',
    )
    assert record.headline == "Council passes the budget"
    assert [a.name for a in record.authors] == ["Ann Lee"]


def test_a_lone_entry_title_h1_beats_a_stated_title_printed_nowhere() -> None:
    """The post's only `<h1>`, marked "entry-title", and an og:title the page never prints (a
    search engine's variant): the reader's headline is the `<h1>`."""
    stated = "Budget vote: what the council decided for schools and roads"
    record = page(
        f'<meta property="og:title" content="{stated}"><title>{stated}</title>',
        f'<div class="post"><h1 class="entry-title">Council passes the budget</h1>'
        f'<div class="entry-content">{STORY}</div></div>',
    )
    assert record.headline == "Council passes the budget"


def test_a_stated_title_the_page_prints_as_a_heading_stays_over_the_entry_title() -> None:
    """The same page printing the stated title as a heading too: it is confirmed, and stays."""
    stated = "Budget vote: what the council decided for schools and roads"
    record = page(
        f'<meta property="og:title" content="{stated}"><title>{stated}</title>',
        f'<div class="post"><h1 class="entry-title">Council passes the budget</h1><h2>{stated}</h2>'
        f'<div class="entry-content">{STORY}</div></div>',
    )
    assert record.headline == stated
