"""HuffPost's huffingtonpost.com layout of 2012, on the real page the Dragnet corpus holds.

Dragnet is AGPL-licensed, so its page is read in place from ../shared/corpora (never copied
into the repository); without that folder (a user's clone) the test is skipped.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newsharvest.extract import Article, extract_article

REPO = Path(__file__).resolve().parents[2]
PAGE = next(
    (
        shared / "corpora" / "dragnet" / "pages" / "T61.html.gz"
        for shared in (REPO.parent / "shared", REPO.parent.parent / "shared")  # clone, or worktree
        if shared.is_dir()
    ),
    REPO.parent / "shared" / "corpora" / "dragnet" / "pages" / "T61.html.gz",
)
URL = "http://www.huffingtonpost.com/2012/08/09/jpmorgan-chase-libor-subpoenas_n_1760015.html"

pytestmark = pytest.mark.skipif(
    not PAGE.exists(), reason="needs the Dragnet corpus in ../shared/corpora (not shipped: AGPL)"
)


def test_2012_layout_gives_byline_dates_body_and_caption() -> None:
    record = extract_article(gzip.decompress(PAGE.read_bytes()), URL)
    assert isinstance(record, Article), record
    assert [(a.name, a.url) for a in record.authors] == [
        ("Mark Gongloff", "http://www.huffingtonpost.com/mark-gongloff")
    ]
    assert record.byline_raw == "Mark Gongloff"
    # printed without a zone; the page's own publish_date meta says EST, so they take -05:00
    assert (record.date_published_raw, record.date_published) == (
        "08/09/2012 10:56 am",
        "2012-08-09T10:56:00-05:00",
    )
    assert (record.date_modified_raw, record.date_modified) == (
        "08/09/2012 11:02 am",
        "2012-08-09T11:02:00-05:00",
    )
    paragraphs = record.body.split("\n\n")
    assert paragraphs[0].startswith("Pretty much everybody in the world with subpoena power")
    assert paragraphs[-1].startswith("JPMorgan also said it was the subject of a large and growing")
    assert "Related on HuffPost" not in record.body  # the slideshow promo under the story
    assert "BARCLAYS" not in record.body
    assert [(c.text, c.credit) for c in record.captions] == [("JPMorgan Chase CEO Jamie Dimon", None)]
