"""Blog posts: a theme's author meta tag against the post's printed byline; hAtom's marked dates."""

from __future__ import annotations

from datetime import UTC, datetime

from newsharvest.extract import Article, extract_article
from newsharvest.extract.document import Document
from newsharvest.extract.microformat_dates import microformat_dates
from newsharvest.extract.printed_byline import has_post_footer

TEXT = "The release brings faster start-up and a new syntax for formatted strings. " * 8
URL = "https://notes.example.org/2016/12/release-out.html"


def _blog(head: str, footer: str, before: str = "") -> str:
    """A blog page laid out as Blogger does it: one post inside a "widget" wrapper, the post's
    byline and time in its footer line."""
    return (
        f'<html lang="en"><head><title>Notes: Release out</title>{head}</head><body>'
        '<div class="main section"><div class="widget Blog"><div class="blog-posts hfeed">'
        "<div class='post hentry'><h3 class='post-title entry-title'>Release out</h3>"
        f"<div class='post-body entry-content'>{before}<p>{TEXT}</p></div>"
        f"<div class='post-footer'><div class='post-footer-line'>{footer}</div></div>"
        "</div></div></div></div></body></html>"
    )


def _record(html: str) -> Article:
    record = extract_article(html, URL, fetched_at=datetime(2024, 1, 1, tzinfo=UTC))
    assert isinstance(record, Article), record
    return record


FOOTER = "<span class='post-author vcard'>Posted by <span class='fn'>Ned Oakes</span></span>"
THEME_AUTHOR = "<meta name='author' value='Mira Vale'/>"


def test_an_author_meta_tag_the_page_never_prints_gives_way_to_the_posts_footer_byline() -> None:
    record = _record(_blog(THEME_AUTHOR, FOOTER))
    assert [a.name for a in record.authors] == ["Ned Oakes"]
    assert record.byline_raw == "Posted by Ned Oakes"


def test_an_author_meta_tag_the_page_prints_stands() -> None:
    signed = f"<p>Mira Vale keeps this blog.</p>{FOOTER}"
    assert [a.name for a in _record(_blog(THEME_AUTHOR, signed)).authors] == ["Mira Vale"]


def test_an_unprinted_author_meta_tag_stands_without_a_printed_byline() -> None:
    assert [a.name for a in _record(_blog(THEME_AUTHOR, "at 5:11 AM")).authors] == ["Mira Vale"]


def test_a_rel_author_link_in_the_posts_text_outvotes_an_unprinted_meta_author() -> None:
    byline = "<p>By <a rel='author' href='/u/ned'>Ned Oakes</a></p>"
    record = _record(_blog('<meta name="author" content="Mira Vale">', "at 5:11 AM", before=byline))
    assert [a.name for a in record.authors] == ["Ned Oakes"]


def test_the_footer_byline_is_read_when_the_page_names_no_writer_elsewhere() -> None:
    record = _record(_blog("", FOOTER))
    assert [a.name for a in record.authors] == ["Ned Oakes"]
    assert record.byline_raw == "Posted by Ned Oakes"


def test_a_by_line_over_the_posts_text_inside_the_widget_wrapper_is_the_storys() -> None:
    record = _record(_blog("", "at 5:11 AM", before="<p>By Mira Vale</p>"))
    assert [a.name for a in record.authors] == ["Mira Vale"]
    assert record.body.startswith("The release brings")


def test_a_byline_above_the_post_wins_over_the_footer_line() -> None:
    byline = "<p>By Mira Vale</p>"
    record = _record(_blog("", FOOTER, before=byline))
    assert [a.name for a in record.authors] == ["Mira Vale"]


def test_hatom_published_title_gives_the_time_and_offset() -> None:
    stamp = "at <abbr class='published' title='2016-12-23T05:11:00-05:00'>5:11 AM</abbr>"
    record = _record(_blog("", stamp))
    assert record.date_published == "2016-12-23T05:11:00-05:00"
    assert record.date_published_raw == "2016-12-23T05:11:00-05:00"


def test_hatom_updated_title_is_the_update() -> None:
    stamp = (
        "<abbr class='published' title='2016-12-23T05:11:00-05:00'>5:11 AM</abbr>"
        "<abbr class='updated' title='2016-12-24T08:00:00-05:00'>Dec 24</abbr>"
    )
    record = _record(_blog("", stamp))
    assert record.date_modified == "2016-12-24T08:00:00-05:00"


def test_microformat_dates_need_a_class_word_and_a_machine_time() -> None:
    html = (
        "<html><body><span class='unpublished' title='2020-01-01T10:00:00Z'>x</span>"
        "<abbr class='published' title='2016-12-23'>Dec 23</abbr>"
        "<abbr class='entry-date published' title='Friday'>Friday</abbr>"
        "<time class='dt-published' datetime='2016-12-23T05:11:00-05:00'>5:11</time>"
        "<time class='dt-updated' datetime='2016-12-24T06:00:00-05:00'>Dec 24</time></body></html>"
    )
    doc = Document.from_input(html, URL)
    assert microformat_dates(doc) == ("2016-12-23T05:11:00-05:00", "2016-12-24T06:00:00-05:00")
    assert microformat_dates(Document.from_input("<html><body><p>x</p></body></html>", URL)) == (None, None)


def test_a_posts_own_footer_is_told_from_the_sites_footer() -> None:
    def marked(markup: str) -> bool:
        return has_post_footer(Document.from_input(f"<html><body>{markup}<p>x</p></body></html>", URL))

    assert marked("<div class='post-footer-line'>Posted by A</div>")
    assert marked("<div id='Entry_Footer'>Posted by A</div>")
    assert not marked("<div class='site-footer'>About us</div><footer>Contact</footer>")
