"""Bad input never raises: every page ends as a record or a Rejection with a stable reason."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from newsharvest.extract import Article, Rejection, extract_article
from newsharvest.extract.article import MAX_GENERIC_BLOCKS
from newsharvest.extract.document import Document, decode_html
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
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>News</title>'
            "<item><title>Council keeps library open</title><description>" + "The council voted. " * 40
            + "</description></item></channel></rss>",
            "not_html",
            id="rss-feed",
        ),
        pytest.param(
            '<!-- feed --><feed xmlns="http://www.w3.org/2005/Atom"><title>News</title><entry><title>Council'
            "</title><summary>" + "The council voted. " * 40 + "</summary></entry></feed>",
            "not_html",
            id="atom-feed",
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


_RUSSIAN = "Городской совет во вторник проголосовал за то, чтобы библиотека оставалась открытой."
_JAPANESE = "市議会は火曜日、図書館を日曜日も開館し続けることを賛成多数で可決した。市長は喜びを語った。"
_FRENCH = "Le conseil municipal a voté mardi pour que la bibliothèque reste ouverte le dimanche."


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(_RUSSIAN, "windows-1251"), (_RUSSIAN, "koi8-r"), (_JAPANESE, "shift_jis"), (_FRENCH, "cp1252")],
)
def test_a_page_in_a_legacy_encoding_it_does_not_name_is_read_in_it(text: str, encoding: str) -> None:
    page = f"<html><head><title>Council</title></head><body><p>{text}</p><p>{text}</p></body></html>"
    assert decode_html(page.encode(encoding)) == page


# --- hostile pages: no byte loses the article, no junk reaches the record --------------------------

SENTENCE = "The council voted on Tuesday to keep the library open on Sundays."
PARAGRAPHS = [f"{SENTENCE} Vote number {n} passed after a long debate in the hall." for n in range(5)]


def story(*, head: str = "", paragraphs: list[str] | None = None, wrap: tuple[str, str] = ("", "")) -> str:
    body = "".join(f"<p>{p}</p>" for p in (paragraphs or PARAGRAPHS))
    return (
        f"<html><head><title>Library stays open</title>{head}</head><body><article>"
        f"<h1>Library stays open</h1>{wrap[0]}{body}{wrap[1]}</article></body></html>"
    )


def paragraphs_of(record: Article | Rejection) -> list[str]:
    assert isinstance(record, Article), record
    return record.body.split("\n\n")


@pytest.mark.parametrize(
    ("junk", "seen"),
    [("\x07", ""), ("\x1b", ""), ("\x00", ""), ("\x7f", ""), ("\x85", ""), ("\x0c", " "), ("\x0b", " "),
     ("&#7;", ""), ("&#x1B;", ""), ("&#12;", " "), ("&#150;", "–"), ("\r\n", " ")],
)
def test_a_control_character_in_a_paragraph_does_not_lose_the_page(junk: str, seen: str) -> None:
    paragraphs = [PARAGRAPHS[0].replace("library", f"lib{junk}rary"), *PARAGRAPHS[1:]]
    for page in (story(paragraphs=paragraphs), story(paragraphs=paragraphs).encode()):
        assert paragraphs_of(extract_article(page, URL)) == [
            PARAGRAPHS[0].replace("library", f"lib{seen}rary"), *PARAGRAPHS[1:]
        ]


def test_lone_surrogates_in_text_input_do_not_stop_the_parse() -> None:
    paragraphs = [PARAGRAPHS[0] + " \ud800", PARAGRAPHS[1] + " \ud83d\ude00", *PARAGRAPHS[2:]]
    assert paragraphs_of(extract_article(story(paragraphs=paragraphs), URL)) == [
        PARAGRAPHS[0] + " \ufffd", PARAGRAPHS[1] + " 😀", *PARAGRAPHS[2:]
    ]


def test_json_ld_nested_a_thousand_deep_is_skipped_not_an_error() -> None:
    head = '<script type="application/ld+json">' + "[" * 1000 + "]" * 1000 + "</script>"
    record = extract_article(story(head=head), URL)
    assert isinstance(record, Article)
    assert record.headline == "Library stays open"


@pytest.mark.parametrize("offset", ["+99:00", "-25:00", "+15:00"])
def test_a_date_with_an_impossible_offset_is_unreadable_and_kept_raw(offset: str) -> None:
    raw = f"2023-03-02T10:00:00{offset}"
    record = extract_article(story(head=f'<meta property="article:published_time" content="{raw}">'), URL)
    assert isinstance(record, Article)
    assert (record.date_published, record.date_published_raw) == (None, raw)


@pytest.mark.parametrize("url", ["http://[::1", "ftp://news.example/story", "news.example/story", "https://"])
def test_a_url_argument_that_is_no_http_url_is_rejected_with_its_reason(url: str) -> None:
    record = extract_article(story(), url)
    assert isinstance(record, Rejection)
    assert (record.reason, record.url) == ("invalid_url", "")
    assert record.detail == f"not an absolute http(s) URL: {url!r}"


def test_an_empty_url_means_an_unknown_address_and_only_absolute_links_are_kept() -> None:
    head = (
        '<link rel="canonical" href="/relative/story">'
        '<meta property="og:image" content="https://img.example/1.jpg">'
    )
    record = extract_article(story(head=head), "")
    assert isinstance(record, Article)
    assert (record.url, record.canonical_url, record.top_image) == ("", "", "https://img.example/1.jpg")


def test_malformed_links_on_the_page_are_left_out_not_an_error() -> None:
    head = (
        '<base href="http://[::1"><link rel="canonical" href="http://[::2/x">'
        '<meta property="og:image" content="javascript:x">'
    )
    record = extract_article(story(head=head), URL)
    assert isinstance(record, Article)
    assert (record.canonical_url, record.top_image) == (URL, None)


@pytest.mark.parametrize("depth", [253, 300, 3000, 100_000])
def test_an_article_nested_deeper_than_the_parser_limit_keeps_its_text(depth: int) -> None:
    record = extract_article(story(wrap=("<div>" * depth, "</div>" * depth)), URL)
    assert paragraphs_of(record) == PARAGRAPHS


def test_a_deep_copy_beside_the_page_leaves_the_page_parsed_as_it_is() -> None:
    # libxml2 makes a second top-level <html> of a page repeated after its </html>; only the
    # root element's tree is walked by the extractors, so only its depth counts
    deep_copy = "<html><body>" + "<div>" * 300 + PARAGRAPH + "</div>" * 300 + "</body></html>"
    doc = Document.from_input(story(wrap=("<div class='story'>", "</div>")) + deep_copy, URL)
    assert doc.root is not None
    assert [e.tag for e in doc.root.itersiblings()] == ["html"]
    assert doc.root.xpath("count(body//div[@class='story']/p)") == len(PARAGRAPHS)
    assert paragraphs_of(extract_article(story() + deep_copy, URL)) == PARAGRAPHS


def test_a_utf16_page_with_its_bom_is_read() -> None:
    for encoding in ("utf-16", "utf-16-be", "utf-32"):
        data = story().encode(encoding)
        if encoding == "utf-16-be":
            data = b"\xfe\xff" + data
        assert paragraphs_of(extract_article(data, URL)) == PARAGRAPHS


def test_a_nul_byte_near_the_start_does_not_make_the_page_binary() -> None:
    record = extract_article(story().replace("<title>", "<title>\x00").encode(), URL)
    assert isinstance(record, Article)
    assert record.headline == "Library stays open"


def test_a_page_opening_with_kilobytes_of_link_tags_is_html() -> None:
    # stylesheets and icons linked for 12 KB before any block: still a page, not "no HTML markup"
    links = "".join(f'<link rel="stylesheet" href="/css/part{n}.css" type="text/css">' for n in range(200))
    record = extract_article(links + story().removeprefix("<html>"), URL)
    assert paragraphs_of(record) == PARAGRAPHS


def test_random_bytes_are_still_binary() -> None:
    data = bytes(random.Random(15).randrange(256) for _ in range(4096))
    record = extract_article(data, URL)
    assert isinstance(record, Rejection) and record.reason == "not_html"


def test_one_invalid_utf8_byte_replaces_that_sequence_only() -> None:
    paragraphs = [PARAGRAPHS[0].replace("council", "conseil d’été"), *PARAGRAPHS[1:]]
    data = story(paragraphs=paragraphs).encode().replace(b"Vote number 3", b"Vote \xff number 3")
    damaged = paragraphs[3].replace("Vote number 3", "Vote \ufffd number 3")
    assert paragraphs_of(extract_article(data, URL)) == [*paragraphs[:3], damaged, paragraphs[4]]


def test_junk_in_structured_data_and_attributes_never_reaches_the_record() -> None:
    json_ld = (
        '{"@type": "NewsArticle", "headline": "Library\\u0000 stays\\u001b open\\ud800", '
        '"description": "Sun\\u0007days", "articleSection": "Lo\\u0000cal", '
        '"keywords": ["li\\u0007brary", "\\u0000"], '
        '"author": [{"@type": "Person", "name": "Ann\\u0000 Lee\\udfff", "url": "javascript:alert(1)"}], '
        '"image": "data:image/png;base64,AAAA", "inLanguage": "en\\u0007"}'
    )
    head = f'<script type="application/ld+json">{json_ld}</script>'
    page = story(head=head).replace("<h1>Library stays open</h1>", "")
    record = extract_article(page, URL)
    assert isinstance(record, Article)
    assert record.headline == "Library stays open\ufffd"
    assert record.dek == "Sundays"
    assert record.section == "Local"
    assert record.tags == ["library"]
    assert [(a.name, a.url) for a in record.authors] == [("Ann Lee\ufffd", None)]
    assert record.top_image is None


def test_the_archive_stores_what_a_hostile_page_gives(tmp_path: Path) -> None:
    from newsharvest.store import Archive
    from newsharvest.store.reader import find_article_id, load_records

    paragraphs = [PARAGRAPHS[0] + "\x07 \ud800", *PARAGRAPHS[1:]]
    head = '<meta name="description" content="Sundays at the library\x1b\ud800">'
    record = extract_article(story(head=head, paragraphs=paragraphs), URL)
    assert isinstance(record, Article)
    with Archive.open(tmp_path / "archive.db") as archive:
        assert archive.store_batch([(record, "2024-05-01T12:00:00+00:00")]) == ["new"]
        with archive.reading() as conn:
            [stored] = load_records(conn, [find_article_id(conn, URL) or 0])
    assert stored["body"] == record.body == "\n\n".join([PARAGRAPHS[0] + " \ufffd", *PARAGRAPHS[1:]])
    assert stored["dek"] == "Sundays at the library\ufffd"


def test_the_generic_extractor_is_given_a_bounded_number_of_blocks() -> None:
    paragraphs = [f"{SENTENCE} Paragraph {n}." for n in range(MAX_GENERIC_BLOCKS + 500)]
    kept = paragraphs[: MAX_GENERIC_BLOCKS - 1]  # the <h1> is the first block
    assert paragraphs_of(extract_article(story(paragraphs=paragraphs), URL)) == kept


def test_empty_blocks_go_first_when_a_page_has_too_many() -> None:
    filler = "<ul>" + "<li> </li>" * (MAX_GENERIC_BLOCKS + 500) + "</ul>"
    assert paragraphs_of(extract_article(story(wrap=(filler, "")), URL)) == PARAGRAPHS


SHORT_POST = (
    "<html><head><title>Sunday market</title></head><body><h1>Sunday market</h1>"
    "<p>The farmers' market is back on the square this Sunday, with twelve stalls and a brass band "
    "from the school.</p>{form}</body></html>"
)


def test_a_short_post_with_a_comment_form_is_an_article_without_one_not() -> None:
    form = "<form id='commentform' action='/wp-comments-post.php'><textarea name='comment'></textarea></form>"
    post = extract_article(SHORT_POST.format(form=form), URL)
    assert isinstance(post, Article), post
    assert post.body.startswith("The farmers' market is back on the square this Sunday")
    scraps = extract_article(SHORT_POST.format(form=""), URL)
    assert isinstance(scraps, Rejection) and scraps.reason == "not_article"


ROOT = "https://news.example/"


def _front(canonical: str, og_type: str = "website", node: str = "") -> str:
    """A site's front page: its top story's first paragraphs under teasers of others."""
    return (
        f'<html><head><title>News</title><link rel="canonical" href="{canonical}">'
        f'<meta property="og:type" content="{og_type}">{node}</head><body><main>'
        f"<h2><a href='/2023/11/library'>Council keeps library open</a></h2>{PARAGRAPH * 3}"
        "<ul><li><a href='/2023/11/bridge'>Bridge repairs start</a></li></ul></main></body></html>"
    )


def test_a_front_page_at_the_sites_root_is_not_an_article() -> None:
    record = extract_article(_front(ROOT), ROOT)
    assert isinstance(record, Rejection)
    assert (record.reason, record.detail) == ("not_article", "the site's front page")


@pytest.mark.parametrize(
    ("url", "canonical", "og_type", "node"),
    [
        pytest.param(f"{ROOT}2023/11/library", ROOT, "website", "", id="story-url"),
        pytest.param(ROOT, f"{ROOT}2023/11/library", "website", "", id="story-canonical"),
        pytest.param(ROOT, ROOT, "article", "", id="og-article"),
        pytest.param(
            ROOT,
            ROOT,
            "website",
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Library"}</script>',
            id="json-ld-article",
        ),
    ],
)
def test_a_page_saying_it_is_a_story_is_no_front_page(
    url: str, canonical: str, og_type: str, node: str
) -> None:
    assert isinstance(extract_article(_front(canonical, og_type, node), url), Article)


def test_an_address_typed_in_angle_brackets_does_not_empty_the_page() -> None:
    """"<http://…>" typed into a page's text is parsed as an element named "http:", which
    trafilatura's cascade fails to copy out of a quote: the page is read again without it."""
    lines = [
        "The council voted on Tuesday to keep the library open on Sundays after a long debate.",
        "Ann Lee <http://www.example.org/~ann/> wrote to every member before the vote was taken.",
        "The mayor said the library would hire two more staff to cover the extra opening hours.",
    ]
    html = (
        "<html><head><title>Library</title></head><body><h1>Library stays open</h1>"
        f"<p>{lines[0]}</p><blockquote>{lines[1]}</blockquote><p>{lines[2]}</p></body></html>"
    )
    record = extract_article(html, "https://news.example.org/2020/01/library-stays-open-on-sundays")
    assert isinstance(record, Article), record
    first, quoted, last = record.body.split("\n\n")
    assert (first, " ".join(quoted.split()), last) == (
        lines[0],
        "Ann Lee wrote to every member before the vote was taken.",
        lines[2],
    )
