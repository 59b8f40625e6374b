"""Meta tags: read from `content`, else from `value`, the attribute some pages use instead."""

from __future__ import annotations

from datetime import UTC, datetime

from newsharvest.extract import Article, extract_article
from newsharvest.extract.document import Document

STORY = "<p>" + "The town council voted on Monday to keep the library open on Sundays. " * 8 + "</p>"


def _page(head: str) -> str:
    """A story page with `head` in its `<head>` after the title."""
    return (
        f"<html lang='en'><head><title>Town Keeps Library Open</title>{head}</head>"
        f"<body><article><h1>Town Keeps Library Open</h1>{STORY}</article></body></html>"
    )


def _record(head: str) -> Article:
    record = extract_article(_page(head), "https://news.example.com/story")
    assert isinstance(record, Article), record
    return record


def test_meta_value_is_read_when_content_is_missing() -> None:
    doc = Document.from_input(
        '<html><head><meta value="Town Keeps Library Open" name="og:title">'
        '<meta name="article:tag" value="Libraries"><meta name="article:tag" value="Budgets">'
        '<meta property="og:site_name" content="The Daily" value="Not This">'
        '<meta name="description" content="" value="Not this either">'
        "</head><body><p>x</p></body></html>",
        "https://news.example.com/story",
    )
    assert doc.meta["og:title"] == "Town Keeps Library Open"
    assert doc.meta_all["article:tag"] == ["Libraries", "Budgets"]
    assert doc.meta["og:site_name"] == "The Daily"  # content wins when both are there
    assert doc.meta["description"] == ""  # an empty content is still the content


def test_a_page_whose_meta_uses_value_gives_its_dates_tags_and_image() -> None:
    head = (
        '<meta value="The Daily" name="og:site_name">'
        '<meta value="2016-11-21 10:47:00 -0500" name="article:published_time">'
        '<meta value="2016-11-21 15:02:00 -0500" name="article:modified_time">'
        '<meta value="Libraries" name="article:tag"><meta value="Budgets" name="article:tag">'
        '<meta value="Local" name="article:section">'
        '<meta value="https://img.example.com/library.jpg" name="og:image">'
    )
    url = "https://news.example.com/local/library-sundays"
    record = extract_article(_page(head), url, fetched_at=datetime(2024, 1, 1, tzinfo=UTC))
    assert isinstance(record, Article), record
    assert record.site_name == "The Daily"
    assert record.date_published == "2016-11-21T10:47:00-05:00"
    assert record.date_modified == "2016-11-21T15:02:00-05:00"
    assert record.tags == ["Libraries", "Budgets"]
    assert record.section == "Local"
    assert record.top_image == "https://img.example.com/library.jpg"


def test_meta_text_escaped_twice_is_decoded_and_collapsed() -> None:
    head = (
        "<meta property='og:site_name' content='Tom&amp;#039;s Daily'>"
        "<meta name='article:section' content='Arts &amp;amp; Books'>"
        "<meta name='description' content='The &amp;quot;Reading Room&amp;quot; stays open,\u00a0 "
        "the council said  after a vote on Monday.'>"
    )
    record = _record(head)
    assert record.site_name == "Tom's Daily"
    assert record.section == "Arts & Books"
    assert record.dek == 'The "Reading Room" stays open, the council said after a vote on Monday.'


def test_markup_left_as_text_in_a_description_is_taken_out() -> None:
    described = "&lt;p&gt;Sundays at the &lt;i&gt;library&lt;/i&gt;: a vote of the town council.&lt;/p&gt;"
    record = _record(f"<meta name='description' content='{described}'>")
    assert record.dek == "Sundays at the library: a vote of the town council."


def test_keywords_keep_terms_only() -> None:
    keywords = (
        "Sport, Birmingham, editor&amp;#39;s picks, Sleyca; web fiction, "
        "m(sourceStr.substring(i, i + size) == checkStr) return true; }, thai pol;sz=728x90;ord=1?, "
        "canada vancouver sun news sports business world national regional local classifieds weather"
    )
    record = _record(f"<meta name='keywords' content='{keywords}'>")
    assert record.tags == ["Sport", "Birmingham", "editor's picks", "Sleyca", "web fiction"]
