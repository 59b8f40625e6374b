"""How benchmarks/simulations.py cuts a page and judges a re-read, on small hand-made pages."""

from __future__ import annotations

import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from simulations import (  # noqa: E402
    SCENARIOS,
    with_site_title,
    without_head,
    without_metadata,
)

from newsharvest.extract import extract_article  # noqa: E402
from newsharvest.extract.record import Article, Author  # noqa: E402

_PAGE = (
    '<html><head><title>Harbour plan approved | The Planet</title><meta name="author" content="Ann Lee">'
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Harbour plan"}</script>'
    "</head><body><h1>Harbour plan approved</h1><p>The board voted.</p></body></html>"
)


def test_the_cuts() -> None:
    assert without_metadata(_PAGE) == (
        "<html><head><title>Harbour plan approved | The Planet</title></head>"
        "<body><h1>Harbour plan approved</h1><p>The board voted.</p></body></html>"
    )
    assert with_site_title(_PAGE) == (
        "<html><head><title>Kestrelford Gazette</title></head>"
        "<body><h1>Harbour plan approved</h1><p>The board voted.</p></body></html>"
    )
    headless = "<html><body><h1>Harbour plan approved</h1><p>The board voted.</p></body></html>"
    assert without_head(_PAGE) == headless


def _article(headline: str = "", authors: tuple[str, ...] = ()) -> Article:
    return Article(url="", canonical_url="", headline=headline, authors=[Author(name=n) for n in authors])


def test_a_title_is_kept_only_as_the_truth_states_it() -> None:
    verdict = SCENARIOS["site-title"].verdict
    assert verdict("Harbour plan approved", _article(" Harbour plan approved ")) == "kept"
    assert verdict("Harbour plan approved", _article("Kestrelford Gazette")) == "other"
    assert verdict("Harbour plan approved", _article("")) == "empty"


def test_authors_are_compared_as_a_set_of_names_case_and_spacing_aside() -> None:
    verdict = SCENARIOS["meta-authors"].verdict
    reference = {"ann lee", "bo chen"}
    assert verdict(reference, _article(authors=("Bo  Chen", "Ann Lee"))) == "kept"
    assert verdict(reference, _article(authors=("Ann Lee",))) == "part"
    assert verdict(reference, _article(authors=("Ann Lee", "Cy Dow"))) == "other"
    assert verdict(reference, _article()) == "lost"


def test_only_pages_read_right_whole_are_counted() -> None:
    story = "<p>The harbour board voted on Tuesday to rebuild the north pier before the storms.</p>" * 6
    page = _PAGE.replace("<p>The board voted.</p>", story)
    whole = extract_article(page, "https://planet.example/2024/05/01/harbour")
    assert isinstance(whole, Article)
    reference = SCENARIOS["site-title"].reference
    assert reference({"title": "Harbour plan approved"}, page, whole) == "Harbour plan approved"
    assert reference({"title": "Another headline"}, page, whole) is None
    headless = SCENARIOS["head-cut"].reference
    assert headless({"title": "Harbour plan approved"}, page, whole) is None  # the page has an <h1>
