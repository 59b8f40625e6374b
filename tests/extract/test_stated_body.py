"""The JSON-LD `articleBody` as the body of a page whose visible markup holds little or none of
the story (a page rendered with JavaScript): taken only when the visible body is short and the
stated text is a real one substantially longer, never a teaser; the rejection rules still judge it."""

from __future__ import annotations

import json
from typing import Any

from newsharvest.extract import Article, Rejection, extract_article
from newsharvest.extract.stated_body import stated_body

URL = "https://news.example/2024/03/05/council-keeps-the-library-open-on-sundays"
HEADLINE = "Council keeps the library open on Sundays"
STATED = [
    f"Point {n}: the council said the central library stays open on Sundays through the summer,"
    " and the branch hires two more staff to cover the extra hours."
    for n in range(1, 16)
]
"""Fifteen paragraphs of 27 words: 405 words, a whole story."""
CAPTION = "Readers at the central library on a Sunday afternoon. Photo: Jane Roe"
LEAD = (
    "Councillors agreed on Tuesday evening, after a long and occasionally heated debate about"
    " staffing, heating and the building's ageing roof, that the central library will keep its"
    " doors open every Sunday from the first weekend of June until the last weekend of September,"
    " as families had asked."
)
"""The one paragraph the markup shows (47 words, over trafilatura's 250-character minimum, so its
second opinions, which read JSON-LD too, are not asked)."""


def _json_ld(**fields: Any) -> str:
    article = {
        "@type": "NewsArticle",
        "headline": HEADLINE,
        "author": {"@type": "Person", "name": "Maria Lopez"},
        "datePublished": "2024-03-05T09:30:00+00:00",
        **fields,
    }
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "@id": URL}, article]}
    return f"<script type='application/ld+json'>{json.dumps(graph)}</script>"


def _app_page(**fields: Any) -> str:
    """A page whose story a script renders: the markup holds the headline, a photo, the lead
    paragraph and an empty app."""
    return (
        f"<html><head><title>{HEADLINE}</title>{_json_ld(**fields)}</head><body>"
        f"<header><h1>{HEADLINE}</h1></header>"
        f"<figure><img src='/library.jpg'><figcaption>{CAPTION}</figcaption></figure>"
        f"<div class='lead'><p>{LEAD}</p></div><div id='app'></div></body></html>"
    )


def test_a_page_rendered_by_script_takes_its_body_from_article_body() -> None:
    record = extract_article(_app_page(articleBody="\n\n".join(STATED), isAccessibleForFree="False"), URL)
    assert isinstance(record, Article)
    assert record.body == "\n\n".join(STATED)
    assert record.word_count == 405
    assert record.headline == HEADLINE
    assert [author.name for author in record.authors] == ["Maria Lopez"]
    assert record.date_published == "2024-03-05T09:30:00+00:00"


def test_without_article_body_the_same_page_is_rejected() -> None:
    record = extract_article(_app_page(isAccessibleForFree="False"), URL)
    assert isinstance(record, Rejection)
    assert record.reason == "paywall_stub"


def test_a_paywalled_teaser_whose_article_body_is_short_is_still_rejected() -> None:
    teaser = "\n".join(STATED[:4])  # 108 words: over twice the lead, but a teaser of a paid story
    record = extract_article(_app_page(articleBody=teaser, isAccessibleForFree=False), URL)
    assert isinstance(record, Rejection)
    assert record.reason == "paywall_stub"
    assert record.detail == "108 words behind a paywall"
    teaser = "\n".join(STATED[:3])  # 81 words: not twice the lead's 47, the lead is judged
    record = extract_article(_app_page(articleBody=teaser, isAccessibleForFree=False), URL)
    assert isinstance(record, Rejection)
    assert record.detail == "47 words behind a paywall"


def test_an_article_body_cut_off_with_an_ellipsis_is_a_teaser() -> None:
    cut = "\n\n".join(STATED)[:900].rstrip() + "…"
    record = extract_article(_app_page(articleBody=cut), URL)
    assert isinstance(record, Article)
    assert record.body == LEAD


def test_a_visible_story_is_kept_whatever_the_article_body_says() -> None:
    visible = [
        f"Line {n} of the printed story: members voted eight to three after a long debate about"
        " the cost of heating the building in winter."
        for n in range(1, 13)
    ]  # 276 words: the page shows a whole story
    paragraphs = "".join(f"<p>{line}</p>" for line in visible)
    page = (
        f"<html><head><title>{HEADLINE}</title>{_json_ld(articleBody=chr(10).join(STATED * 2))}</head>"
        f"<body><article><h1>{HEADLINE}</h1>{paragraphs}</article></body></html>"
    )
    record = extract_article(page, URL)
    assert isinstance(record, Article)
    assert record.body == "\n\n".join(visible)


def test_a_short_visible_story_told_again_in_article_body_is_kept() -> None:
    visible = STATED[:5]  # 120 words printed, and the same 120 words stated
    paragraphs = "".join(f"<p>{line}</p>" for line in visible)
    page = (
        f"<html><head><title>{HEADLINE}</title>{_json_ld(articleBody=' '.join(visible))}</head>"
        f"<body><article><h1>{HEADLINE}</h1>{paragraphs}</article></body></html>"
    )
    record = extract_article(page, URL)
    assert isinstance(record, Article)
    assert record.body == "\n\n".join(visible)


def test_markup_and_entities_in_article_body_are_read_as_text() -> None:
    marked = [f"<p class='bodytext'>{line.replace(',', '&#44;')} &amp; <b>more</b></p>" for line in STATED]
    stated = "".join(marked)
    body = stated_body({"articleBody": stated + "<p>&nbsp;</p>"}, None, [CAPTION])
    assert body == [f"{line} & more" for line in STATED]


def test_a_text_without_line_breaks_is_split_where_two_spaces_follow_a_sentence() -> None:
    assert stated_body({"articleBody": "  ".join(STATED)}, None, []) == STATED
    joined = " ".join(STATED)
    assert stated_body({"articleBody": joined}, None, []) == [joined]


def test_an_article_body_that_is_the_description_is_no_story() -> None:
    text = " ".join(STATED[:4])
    assert stated_body({"articleBody": text}, text.upper(), []) is None
    assert stated_body({"articleBody": text}, "Another summary.", []) == [text]


def test_a_list_of_parts_is_one_paragraph_each_and_non_text_is_ignored() -> None:
    assert stated_body({"articleBody": STATED[:4]}, None, []) == STATED[:4]
    assert stated_body({"articleBody": {"text": "x"}}, None, []) is None
    assert stated_body(None, None, []) is None


def test_the_stated_text_must_be_twice_the_visible_and_forty_words_more() -> None:
    stated = {"articleBody": "\n".join(STATED[:4])}  # 108 words
    assert stated_body(stated, None, [" ".join(["word"] * 54)]) == STATED[:4]
    assert stated_body(stated, None, [" ".join(["word"] * 55)]) is None
    assert stated_body({"articleBody": STATED[0]}, None, []) is None  # 27 words: under 40 more than none


def test_an_unclosed_comment_ends_the_stated_text() -> None:
    text = "\n".join(STATED[:4]) + "\n<!-- player" + "<!-- x" * 50_000
    assert stated_body({"articleBody": text}, None, []) == STATED[:4]


def test_a_stated_text_read_run_together_gets_its_paragraphs_back() -> None:
    """A markup with no story at all (a caption under trafilatura's minimum) is read by its
    fallback from the JSON-LD as one run-on paragraph: the stated text's own breaks are kept."""
    page = (
        f"<html><head><title>{HEADLINE}</title>{_json_ld(articleBody=chr(10).join(STATED))}</head><body>"
        f"<h1>{HEADLINE}</h1><figure><img src='/library.jpg'><figcaption>{CAPTION}</figcaption></figure>"
        "<div id='app'></div></body></html>"
    )
    record = extract_article(page, URL)
    assert isinstance(record, Article)
    assert record.body.split("\n\n") == STATED
    assert stated_body({"articleBody": "\n".join(STATED)}, None, [" ".join(STATED)]) == STATED
