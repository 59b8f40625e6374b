"""Captions of pages without a profile: parts of a caption never run together, a credit is a
credit, a byline bar is no caption (hand-written markup in the shapes real pages use)."""

from __future__ import annotations

import pytest

from newsharvest.extract import Article, extract_article
from newsharvest.extract.record import Caption

_STORY = "".join(
    f"<p>The council voted on Tuesday to keep the old library open on Sundays, vote {n} of the "
    "evening, after a long debate in the town hall that ran past midnight.</p>"
    for n in range(6)
)
_IMAGE = '<img src="https://img.example/library.jpg">'


def _captions(figure: str) -> list[Caption]:
    html = (
        "<html><head><title>Library stays open</title></head><body><article>"
        f"<h1>Library stays open</h1>{figure}{_STORY}</article></body></html>"
    )
    record = extract_article(html, "https://news.example/2024/05/01/library")
    assert isinstance(record, Article), record
    return record.captions


def _only(figure: str) -> tuple[str, str | None]:
    [caption] = _captions(figure)
    return caption.text, caption.credit


@pytest.mark.parametrize(
    ("figcaption", "text", "credit"),
    [
        # the caption and its credit in two spans, no space between them in the markup
        (
            "<span>The library on Main Street, in 2019.</span><span>Jane Doe / Reuters</span>",
            "The library on Main Street, in 2019.",
            "Jane Doe / Reuters",
        ),
        # a screen-reader label before the caption is not read
        ('<span class="off-screen">Media caption</span>Who reads on Sundays?', "Who reads on Sundays?", None),
        # a credit's own label in a span of its own, no colon: the credit alone
        (
            '<span><span class="css-1dv1kvn">Credit</span>Kevin Frayer/Getty Images</span>',
            "",
            "Kevin Frayer/Getty Images",
        ),
        # spaces the page has stay as they are
        ("<span>Open on Sundays ... for now</span>", "Open on Sundays ... for now", None),
    ],
)
def test_the_parts_of_a_caption(figcaption: str, text: str, credit: str | None) -> None:
    assert _only(f"<figure>{_IMAGE}<figcaption>{figcaption}</figcaption></figure>") == (text, credit)


def test_a_utility_class_holding_a_credit_word_names_no_credit() -> None:
    caption = "Readers in the reading room of the library on a Sunday afternoon, before the vote."
    figcaption = (
        f'<div class="w-auto _pattribution-w-auto"><div class="caption"><p>{caption}</p></div>'
        '<div class="attribution">Jane Doe for The Daily</div></div>'
    )
    assert _only(f"<figure>{_IMAGE}<figcaption>{figcaption}</figcaption></figure>") == (
        caption,
        "Jane Doe for The Daily",
    )


def test_a_byline_bar_named_credit_is_no_caption() -> None:
    bar = '<div class="credit"><cite class="byline">By JANE DOE March 11, 2015 3:46 PM</cite></div>'
    assert _captions(bar) == []


@pytest.mark.parametrize(
    ("block", "text", "credit"),
    [
        # a photographer and an organisation no agency list holds, in a block named for credits
        ('<p class="credits">Vincenzo Floramo / Greenpeace</p>', "", "Vincenzo Floramo / Greenpeace"),
        (
            '<p class="photo_credit">Joshua Bright for The New York Times</p>',
            "",
            "Joshua Bright for The New York Times",
        ),
        ('<p class="credits">EPA/ANDREW GOMBERT</p>', "", "EPA/ANDREW GOMBERT"),
        # words no credit holds: the block is read as a caption's text, as before
        ('<p class="credits">Get this plugin »</p>', "Get this plugin »", None),
        # a byline's title is no photo credit
        ('<p class="credits">Staff Writer</p>', "Staff Writer", None),
    ],
)
def test_a_block_named_for_credits_holds_a_credit_of_names(block: str, text: str, credit: str | None) -> None:
    assert _only(f"<div>{_IMAGE}{block}</div>") == (text, credit)


def test_a_caption_block_named_in_camel_case_is_a_caption() -> None:
    """`<div class="articleFirstImageCaption">` is a caption block as "article-first-image-caption"
    is: its line is the photo's caption, not the story's first line."""
    caption = "ABOVE: The library on Main Street, in 2019"
    assert _only(f'{_IMAGE}<div class="articleFirstImageCaption">{caption}</div>') == (caption, None)
