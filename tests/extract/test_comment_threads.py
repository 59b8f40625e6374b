"""Readers' comments found by their permalinks, whatever the class names (`extract.comment_threads`).

The real case is WP Tavern's post of Readability's test pages, its class and id names hashed
(fixtures/pages/generic/real-readability-wordpress-comment-permalinks). The guards are small
trees spelling out the shapes that must not be taken for a thread: two blocks linking to
comments at different depths, one comment's own two links, a paragraph citing a comment.
"""

from __future__ import annotations

import re

import lxml.html
from lxml.html import HtmlElement

from newsharvest.extract import Article, extract_article
from newsharvest.extract.comment_threads import COMMENT_PERMALINK, drop_comment_threads, is_commenter_link
from newsharvest.extract.tree_scan import scan_body
from tests.conftest import FIXTURES_DIR

CASE = FIXTURES_DIR / "pages" / "generic" / "real-readability-wordpress-comment-permalinks" / "page.html"


def _pruned(html: str | bytes) -> HtmlElement:
    """The page's tree after the rule, its comment links found as the generic extractor finds them."""
    root = lxml.html.document_fromstring(html)
    scan = scan_body(root.find("body"))
    drop_comment_threads(scan.comment_links, root)
    drop_comment_threads(scan.commenter_links, root, leading=True)
    return root


def _hrefs(root: HtmlElement) -> list[str]:
    return [link.get("href") or "" for link in root.iter("a")]


def test_the_permalinks_of_wordpress_typepad_blogger_and_replies_are_found() -> None:
    for href in (
        "https://wptavern.com/post#comment-215101",
        "/2012/07/17/vacations-2/?utm_source=feedburner&replytocom=853376#respond",
        "http://blog.typepad.com/post.html#comment-6a00d83451b31c69e2017c324e2bd0970b",
        "http://example.blogspot.com/2011/03/post.html?showComment=1301234567890#c5551234567890",
    ):
        assert COMMENT_PERMALINK.search(href), href
    for href in ("/post#comments", "/post#comment-form", "/post#respond", "/post#c1", "/post#commentary-2"):
        assert COMMENT_PERMALINK.search(href) is None, href


def test_a_thread_with_hashed_class_names_goes_and_the_post_citing_a_comment_stays() -> None:
    page = CASE.read_bytes()
    before = _hrefs(lxml.html.document_fromstring(page))
    thread = [h for h in before if re.search(r"oversaturated-with-developers#comment-\d+$", h)]
    assert len(thread) >= 10  # the thread's comments and the sidebar's entries
    root = _pruned(page)
    after = _hrefs(root)
    assert not [h for h in after if COMMENT_PERMALINK.search(h) and "wptavern.com" in h]
    assert "https://stackoverflow.blog/2017/03/09/developer-hiring-trends-2017/#comment-3194770754" in after
    text = root.text_content()
    assert "If there were really no demand for WordPress developers" not in text
    assert "William Patton: While this is a good thing" not in text
    assert "noted that jobs tagged as" in text
    assert "Stack Overflow published its analysis of 2017 hiring trends" in text


STORY = "<p>" + "The council kept the library open after a long night of votes. " * 6 + "</p>"


def test_one_comment_beside_a_sidebar_link_at_another_depth_is_no_thread() -> None:
    root = _pruned(
        "<html><body><div>"
        f"<div><div><div>{STORY}"
        '<div><div><a href="/post#comment-11">May 2</a> Nice.</div></div></div></div></div>'
        '<div><p><a href="/other#comment-12">Reader on Other post</a></p></div>'
        "</div></body></html>"
    )
    assert "The council kept the library open" in root.text_content()
    assert len(_hrefs(root)) == 2


def test_one_comments_date_and_reply_links_are_not_a_thread_of_two() -> None:
    comment = (
        '<div><div><a href="/post#comment-{n}">May 2</a></div><p>Comment {n} text.</p>'
        '<div><a href="/post?replytocom={n}#respond">Reply</a></div></div>'
    )
    alone = _pruned(f"<html><body><div>{STORY}<section>{comment.format(n=7)}</section></div></body></html>")
    assert "Comment 7 text." in alone.text_content() and len(_hrefs(alone)) == 2
    two = _pruned(
        f"<html><body><div>{STORY}<section>{comment.format(n=7)}{comment.format(n=8)}</section></div></body></html>"
    )
    text = two.text_content()
    assert "Comment 7 text." not in text and "Comment 8 text." not in text
    assert "The council kept the library open" in text


def test_a_blogger_definition_list_goes_whole() -> None:
    entry = (
        "<dt>Reader {n} said...</dt><dd><p>Comment {n} text.</p></dd>"
        '<dd><a href="/2011/03/post.html?showComment=130123456789{n}#c55512345678{n}">March 30, 2011</a></dd>'
    )
    root = _pruned(
        f"<html><body><div>{STORY}<dl>{entry.format(n=1)}{entry.format(n=2)}</dl></div></body></html>"
    )
    assert root.find(".//dl") is None
    assert "The council kept the library open" in root.text_content()


def test_a_thread_marking_each_comment_with_a_named_anchor_goes() -> None:
    """A theme printing no permalinks still names each comment's anchor (`<a name="li-comment-N">`)."""
    comment = (
        '<li class="x{n}"><a name="li-comment-3631{n}"></a><div><span>09. Jul, 2012 / </span>'
        "<span>Reader {n} says:</span></div><div><p>Comment {n} text.</p>"
        "<p>[<a href='javascript:void(0)'>Reply</a>]</p></div></li>"
    )
    root = _pruned(
        f"<html><body><div>{STORY}<ol>{comment.format(n=1)}{comment.format(n=2)}</ol></div></body></html>"
    )
    text = root.text_content()
    assert "Comment 1 text." not in text and "Comment 2 text." not in text
    assert "The council kept the library open" in text
    one = _pruned(f"<html><body><div>{STORY}<ol>{comment.format(n=1)}</ol></div></body></html>")
    assert "Comment 1 text." in one.text_content()  # one comment alone is no thread


def test_paragraphs_citing_comments_are_the_story() -> None:
    root = _pruned(
        "<html><body><div>"
        '<p>As one reader <a href="/a#comment-1">wrote</a>, the vote was close.</p>'
        '<p>Another <a href="/b#comment-2">answered</a> that it was not.</p>'
        "</div></body></html>"
    )
    assert len(root.findall(".//p")) == 2


def test_a_commenters_rel_marks_a_thread_printing_no_permalinks() -> None:
    assert is_commenter_link("external nofollow ugc") and is_commenter_link("UGC")
    assert is_commenter_link("nofollow external")
    assert not is_commenter_link("nofollow") and not is_commenter_link("external noopener")
    comment = (
        '<div><div><a href="https://reader{n}.example" rel="external nofollow ugc">Reader {n}</a> says:</div>'
        "<div>July 10th, 2012 at 1:0{n} pm</div><p>Comment {n} text.</p></div>"
    )
    root = _pruned(
        f"<html><body><div>{STORY}<section>{comment.format(n=1)}{comment.format(n=2)}</section></div></body></html>"
    )
    text = root.text_content()
    assert "Comment 1 text." not in text and "Comment 2 text." not in text
    assert "The council kept the library open" in text


def test_a_story_linking_out_with_external_nofollow_stays() -> None:
    root = _pruned(
        "<html><body><div>"
        '<p>The report <a href="https://a.example/r" rel="external nofollow">was out</a> today.</p>'
        '<p>Its authors <a href="https://b.example/" rel="external nofollow">answered</a> questions.</p>'
        "</div></body></html>"
    )
    assert len(root.findall(".//p")) == 2


def test_a_story_whose_plugin_marks_every_outbound_link_external_nofollow_stays() -> None:
    block = (
        '<div><div>The report <a href="https://a.example/{n}" rel="external nofollow">was out</a> on day {n}'
        " and the council read it.</div></div>"
    )
    root = _pruned(f"<html><body><section>{block.format(n=1)}{block.format(n=2)}</section></body></html>")
    text = root.text_content()
    assert "on day 1 and the council" in text and "on day 2 and the council" in text


_FORUM_POST = (
    '<div class="x5c1e0a2"><div class="x0b7d3f4">'
    '<a href="{site}/members/{n}" rel="nofollow"><img src="/a.png"></a></div><div class="x8e2a6c1">'
    '<div class="x3f9b0d5"><a href="{site}/posts/{n}" rel="nofollow">Reader {n}</a></div>'
    '<div class="x7a1c2e9">2 days ago at 07:4{n} am</div><p class="x6d0f3b8">Comment {n} text, on the same '
    "story, from a reader of the forum who had been to the library every week.</p></div></div>"
)
"""A forum's copy of a reader's post under a story (the shape of a XenForo thread), class names hashed:
its writer's name links to the post on the site's forum, marked `rel="nofollow"` alone."""


def _forum_page(site: str) -> str:
    posts = "".join(_FORUM_POST.format(site=site, n=n) for n in range(1, 4))
    return (
        '<html><head><title>The library stays open</title></head><body><div class="x2b4d6f8">'
        f'<h1>The library stays open</h1>{STORY * 3}<div class="x9c8b7a6">{posts}</div></div></body></html>'
    )


def test_a_forums_posts_opened_by_members_links_on_the_site_go() -> None:
    record = extract_article(_forum_page("https://forums.example.com"), "https://www.example.com/2024/library")
    assert isinstance(record, Article)
    assert "Comment 1 text" not in record.body and "Comment 3 text" not in record.body
    assert "The council kept the library open" in record.body


def test_items_opened_by_nofollow_links_to_other_sites_stay() -> None:
    """A list of links out (a wiki's "External links", a blog roll) marks them "nofollow" too."""
    record = extract_article(_forum_page("https://elsewhere.example.org"), "https://www.example.com/2024/library")
    assert isinstance(record, Article)
    assert "Comment 1 text" in record.body and "Comment 3 text" in record.body
