"""Articles made to order for the store tests."""

from __future__ import annotations

from typing import Any

from newsharvest.extract.record import Article, Author, Caption, Dateline

FETCHED = "2024-05-01T12:00:00+00:00"
"""When the test articles were fetched, as a crawler hands it to the store."""
STORED_FETCHED = "2024-05-01T12:00:00Z"
"""`FETCHED` as the store keeps an instant (UTC, whole seconds, ``Z``)."""


def make_article(n: int = 1, **changes: Any) -> Article:
    """A complete, realistic article; `n` varies its address and text."""
    fields: dict[str, Any] = {
        "url": f"https://www.huffpost.com/entry/story-{n}_n_{n:06d}",
        "canonical_url": f"https://www.huffpost.com/entry/story-{n}_n_{n:06d}",
        "headline": f"Senate passes budget bill number {n}",
        "body": f"WASHINGTON (AP) — The Senate passed bill {n} on Tuesday.\n\nIt now goes to "
        "the House, where lawmakers are expected to vote next week.",
        "site_name": "HuffPost",
        "language": "en",
        "dek": "Lawmakers worked through the night.",
        "authors": [
            Author("Matt O'Brien", "https://www.huffpost.com/author/matt-obrien"),
            Author("Jane Doe"),
        ],
        "agency": "AP",
        "byline_raw": "By MATT O'BRIEN and JANE DOE",
        "dateline": Dateline("WASHINGTON", "AP", "WASHINGTON (AP) —"),
        "date_published": "2024-04-30T09:15:00-04:00",
        "date_published_raw": "April 30, 2024 9:15 AM EDT",
        "date_modified": "2024-04-30T11:00:00-04:00",
        "date_modified_raw": "Updated 11:00 AM",
        "section": "Politics",
        "tags": ["Congress", "Budget", "Senate"],
        "captions": [
            Caption("The Capitol at dawn.", "J. Scott Applewhite/AP", "https://img.test/1.jpg"),
            Caption("", "Pool Photo via AP", "https://img.test/2.jpg"),
        ],
        "top_image": "https://img.test/1.jpg",
        "word_count": 24,
    }
    fields.update(changes)
    return Article(**fields)
