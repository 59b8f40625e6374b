"""An author named only by a link to the author's page, on a page whose metadata and byline
elements name no one (hand-written markup in the shapes of real blogs and Medium)."""

from __future__ import annotations

import pytest

from newsharvest.extract import Article, extract_article

URL = "https://blog.example.com/2024/05/01/library-stays-open"
STORY = "".join(
    f"<p>The council voted on Tuesday to keep the library open on Sundays, vote {n} of the evening, "
    "after a long debate in the town hall that ran past midnight.</p>"
    for n in range(5)
)


def _authors(over_story: str, under_story: str = "") -> list[tuple[str, str | None]]:
    page = (
        "<html><head><title>Library stays open</title></head><body>"
        f"<nav><a href='/author/site-admin/'>Site Admin</a></nav><article><h1>Library stays open</h1>"
        f"{over_story}{STORY}{under_story}</article></body></html>"
    )
    record = extract_article(page, URL)
    assert isinstance(record, Article), record
    return [(author.name, author.url) for author in record.authors]


@pytest.mark.parametrize(
    ("link", "address"),
    [
        ("<a href='/author/jane-doe/'>Jane Doe</a>", "https://blog.example.com/author/jane-doe/"),
        ("<a href='https://blog.example.com/about/editors/jane-doe/'>Jane Doe</a>",
         "https://blog.example.com/about/editors/jane-doe/"),
        ("<a href='/@janedoe?source=post_page'>Jane Doe</a>", "https://blog.example.com/@janedoe?source=post_page"),
    ],
)
def test_a_link_to_the_authors_page_names_the_author(link: str, address: str) -> None:
    # the menu's author link comes first in the page, but a menu is no byline
    assert _authors(f"<div><img src='/jane.jpg'>{link}</div>") == [("Jane Doe", address)]


@pytest.mark.parametrize(
    "link",
    [
        "<a href='https://other.example.org/author/jane-doe/'>Jane Doe</a>",  # another site's author
        "<a href='/authors/editaccount'>My Account</a>",  # a menu's entry, no person
        "<a href='/author/jane/'>Jane</a>",  # one word: a handle or a first name alone
        "<a href='/topics/jane-doe/'>Jane Doe</a>",  # a topic page, not an author's
    ],
)
def test_links_that_name_no_author_of_the_story(link: str) -> None:
    assert _authors(f"<div>{link}</div>") == []


def test_a_spotlight_boxs_writer_of_the_day_is_not_the_storys() -> None:
    box = (
        "<div class='spotlight links'><b>Writer of the Day</b> "
        "<a href='/author/jane-doe/'>Jane Doe</a></div>"
    )
    assert _authors(box) == []
    assert _authors(box.replace("spotlight links", "box links")) == [
        ("Jane Doe", "https://blog.example.com/author/jane-doe/")
    ]


def test_a_byline_element_wins_over_an_author_link() -> None:
    over = "<p class='byline'>By Ann Lee</p><div><a href='/author/jane-doe/'>Jane Doe</a></div>"
    assert [name for name, _ in _authors(over)] == ["Ann Lee"]


@pytest.mark.parametrize(
    ("byline", "address"),
    [
        # class names hashed: nothing marks the byline but the "By" printed before the link
        ("<div class='x91ab2c0'><span class='x4f0e1d2'>By <a href='/people/jane-doe'>Jane Doe</a></span>"
         "<span class='x7c3d9e8'>March 18 at 3:57 PM</span></div>", "https://blog.example.com/people/jane-doe"),
        ("<p class='x91ab2c0'>BY: <a href='/profiles/77'>Jane Doe</a></p>", "https://blog.example.com/profiles/77"),
        ("<p class='x1'><span class='x2'>By&nbsp;</span><span class='x3'><span class='x4'>"
         "<a href='/bloggers/jane-doe/'>Jane Doe</a></span> "
         "<span><a href='/bloggers/jane-doe/rss.xml'>RSS feed</a></span></span></p>",
         "https://blog.example.com/bloggers/jane-doe/"),
        ("<div class='x1'><span class='x2'>Written by</span> <a href='/u/jd'>Jane Doe</a></div>",
         "https://blog.example.com/u/jd"),
    ],
)
def test_a_link_printed_after_by_names_the_author_whatever_its_address(byline: str, address: str) -> None:
    assert _authors(byline) == [("Jane Doe", address)]


@pytest.mark.parametrize(
    "line",
    [
        "<p class='x91ab2c0'>Designed by <a href='/studio/zel'>Zel Creative</a></p>",  # a credit, no byline
        "<p>The browser engine was rewritten by <a href='/people/dave-hyatt'>Dave Hyatt</a> in 2003.</p>",
        "<p class='x91ab2c0'>By <a href='https://other.example.org/people/jane-doe'>Jane Doe</a></p>",
        "<p>Firefox began as a branch of the <a href='/wiki/mozilla'>Mozilla code</a> by "
        "<a href='/wiki/dave'>Dave Hyatt</a> and others.</p>",
        "<p class='x1'><span>Posted by</span> <a href='/u/jd'>Jane Doe</a> on March 3</p>",  # a comment
    ],
)
def test_a_by_in_a_sentence_a_credit_or_a_link_to_another_site_names_no_author(line: str) -> None:
    assert _authors(line) == []


_MENU_BYLINE = (
    "<div class='x1a2b3c4'><img src='/avatars/jane.jpg' class='x5d6e7f8'><strong>"
    "<a class='x0a1b2c3'>Jane Doe</a></strong><div class='x9f8e7d6' id='x4c5d6e7'><ul>"
    "<li><a href='/people/janedoe/' rel='author'><img src='/avatars/jane.jpg'><span>{label}</span></a></li>"
    "<li><a href='mailto:jane@blog.example.com'><span>Email</span></a></li>"
    "<li><a href='https://twitter.com/janedoe'><span>Twitter</span></a></li>"
    "<li><a href='/author/17h9pyjgga6mh.xml'><span>RSS</span></a></li></ul></div></div>"
)
"""Gawker's byline with its class names hashed: the name, then a menu whose `rel="author"` link
to the writer's page prints "View Profile"."""


def test_a_rel_author_link_printing_a_label_stands_for_the_name_its_box_opens_with() -> None:
    assert _authors(_MENU_BYLINE.format(label="View Profile")) == [
        ("Jane Doe", "https://blog.example.com/people/janedoe/")
    ]


def test_a_rel_author_links_other_text_is_not_replaced_by_a_name_near_it() -> None:
    """Only a profile label sends the rule to the box: a link printing anything else (here a
    team's name, no person) names no one."""
    assert _authors(_MENU_BYLINE.format(label="The Library Team")) == []

