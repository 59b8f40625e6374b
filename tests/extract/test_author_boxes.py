"""An author box named with underscores ("about_author") leaves a post's body, as its hyphenated
form does (the class names themselves are tested in test_generic.py)."""

from __future__ import annotations

import pytest

from newsharvest.extract.document import Document
from newsharvest.extract.generic import extract_generic

_STORY = (
    "The city council voted on Tuesday to extend the tram line to the northern suburbs, ending a "
    "dispute that had lasted for almost a decade. Supporters of the plan said the extension would "
    "cut travel times for thousands of commuters who now rely on crowded buses along the ring road."
)
_BIO = (
    "Anna Meyer covers transport and city hall. When she is not at council meetings she rides "
    "every tram line in the region and writes about the people who run them."
)


@pytest.mark.parametrize("classes", ["about_author", "about-author"])
def test_the_author_box_after_a_post_leaves_its_body(classes: str) -> None:
    page = (
        f"<html><body><div class='post'><h1>Tram line extended</h1><p>{_STORY}</p>"
        f"<div class='{classes}'><div class='author_text'><p>{_BIO}</p></div></div></div></body></html>"
    )
    assert extract_generic(Document.from_input(page, "https://news.example/tram")).paragraphs == [_STORY]
