"""HuffPost's huffingtonpost.com layout of 2012, on the real page the Dragnet corpus holds.

Dragnet is AGPL-licensed, so its page is read in place from ../shared/corpora (never copied
into the repository); without that folder (a user's clone) the test is skipped.
"""

from __future__ import annotations

import gzip
import hashlib
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
    # the story's first and last paragraphs, whole, named by hash: no text of the page is copied here
    paragraphs = record.body.split("\n\n")
    assert (len(paragraphs[0].split()), _digest(paragraphs[0])) == (21, "f904e484d76bda5b")
    assert (len(paragraphs[-1].split()), _digest(paragraphs[-1])) == (48, "f8faac0b933d003d")
    assert "Related on HuffPost" not in record.body  # the slideshow promo under the story
    assert "BARCLAYS" not in record.body
    assert [(c.text, c.credit) for c in record.captions] == [("JPMorgan Chase CEO Jamie Dimon", None)]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]
