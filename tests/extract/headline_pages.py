"""A story paragraph and a page builder shared by the headline tests (test_title, test_title_near)."""

from __future__ import annotations

from newsharvest.extract import Article, extract_article

STORY = (
    "<p>The city council voted on Tuesday to pass the budget for the coming year after a long debate. "
    + "Members argued over school funding and road repairs before the final vote was taken late. " * 4
    + "</p>"
)
"""A story long enough to be extracted as one, under whatever headline markup a test puts above it."""


def page(head: str, body: str) -> Article:
    """The article extracted from a page of `head` and `body` (asserted to be one)."""
    record = extract_article(f"<html><head>{head}</head><body>{body}</body></html>", "https://example.com/a/1")
    assert isinstance(record, Article), record
    return record
