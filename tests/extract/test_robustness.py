"""Bad input never raises: every page ends as a record or a Rejection with a stable reason."""

from __future__ import annotations

import pytest

from newsharvest.extract import Article, Rejection, extract_article
from newsharvest.extract.document import decode_html
from newsharvest.reasons import REJECTION_REASONS

URL = "https://news.example/story"
PARAGRAPH = "<p>" + "The council voted on Tuesday to keep the library open on Sundays. " * 6 + "</p>"
STORY = (
    "<html><head><title>Story</title></head><body><article><h1>Headline</h1>"
    f"{PARAGRAPH * 4}</article></body></html>"
)


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        pytest.param("", "empty", id="empty-string"),
        pytest.param("   \n\t ", "empty", id="whitespace"),
        pytest.param(b"", "empty", id="empty-bytes"),
        pytest.param("<html></html>", "empty", id="empty-html"),
        pytest.param("<html><body><p>Hi</p></body></html>", "not_article", id="too-short"),
        pytest.param('{"json": true, "items": [1, 2, 3]}', "not_html", id="json"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not_html", id="pdf"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not_html", id="png"),
        pytest.param("<html><body>" + "x" * (20 * 1024 * 1024) + "</body></html>", "too_large", id="20MB"),
        pytest.param(
            "<html><head><title>Just a moment...</title></head><body><div id='cf-browser-verification'>"
            "Checking your browser before accessing</div></body></html>",
            "challenge_page",
            id="cloudflare-challenge",
        ),
        pytest.param(
            "<html><head><title>Subscribers</title></head><body><article><h1>Budget</h1><p>The city "
            "council met.</p><p>Subscribe to continue reading.</p></article></body></html>",
            "paywall_stub",
            id="paywall-teaser",
        ),
    ],
)
def test_junk_becomes_a_rejection_with_its_reason(page: str | bytes, reason: str) -> None:
    record = extract_article(page, URL)
    assert isinstance(record, Rejection), record
    assert record.reason == reason
    assert record.reason in REJECTION_REASONS
    assert record.url == URL


def test_markup_nested_5000_deep_does_not_raise() -> None:
    page = "<html><body>" + "<div>" * 5000 + PARAGRAPH * 3 + "</div>" * 5000 + "</body></html>"
    record = extract_article(page, URL)
    assert isinstance(record, Article | Rejection)
    if isinstance(record, Rejection):
        assert record.reason in REJECTION_REASONS


def test_page_truncated_mid_tag_still_gives_its_text() -> None:
    record = extract_article(STORY[: len(STORY) - 40] + "<p class=\"trunc", URL)
    assert isinstance(record, Article)
    assert record.headline == "Headline"
    assert "keep the library open on Sundays" in record.body


def test_utf8_labelled_page_that_is_cp1252_is_readable() -> None:
    html = STORY.replace("Headline", "Café owners’ “Sunday” protest").replace(
        "<head>", '<head><meta charset="utf-8">'
    )
    record = extract_article(html.encode("cp1252"), URL)
    assert isinstance(record, Article)
    assert record.headline == "Café owners’ “Sunday” protest"


def test_latin1_labelled_page_that_is_utf8_is_readable() -> None:
    html = STORY.replace("Headline", "Zürich’s council").replace(
        "<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    )
    record = extract_article(html.encode("utf-8"), URL)
    assert isinstance(record, Article)
    assert record.headline == "Zürich’s council"


@pytest.mark.parametrize(
    ("data", "content_type", "expected"),
    [
        (b"\xef\xbb\xbf<p>caf\xc3\xa9</p>", None, "<p>café</p>"),  # UTF-8 BOM wins
        ("<p>café</p>".encode("utf-16"), "text/html; charset=iso-8859-1", "<p>café</p>"),  # BOM over header
        (b"<p>caf\xe9</p>", "text/html; charset=windows-1252", "<p>café</p>"),  # HTTP header
        (b'<meta charset="koi8-r"><p>\xd0\xd2\xc9\xd7\xc5\xd4</p>', None, '<meta charset="koi8-r"><p>привет</p>'),  # noqa: E501
        (b"<p>caf\xc3\xa9</p>", None, "<p>café</p>"),  # undeclared: UTF-8 sniffed
        (b"<p>caf\xe9</p>", None, "<p>café</p>"),  # undeclared, not UTF-8: cp1252
    ],
)
def test_decoding_follows_the_browser_order(data: bytes, content_type: str | None, expected: str) -> None:
    assert decode_html(data, content_type) == expected
