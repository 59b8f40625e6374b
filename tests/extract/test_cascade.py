"""`cascade`: its Python tests find exactly the elements of trafilatura's XPaths they replace,
and its link density pass deletes what trafilatura's does.

Checked on the trees the generic extractor hands trafilatura (the fixture pages, raw and
cleaned, from the root and from its first 100 frame-like elements) and on generated trees whose elements
carry the attributes those XPaths read, in every order.
"""

from __future__ import annotations

from copy import deepcopy
from itertools import islice
from typing import Any

import pytest
import trafilatura.main_extractor
from hypothesis import given, seed, settings
from hypothesis import strategies as st
from lxml import etree
from trafilatura import xpaths
from trafilatura.htmlprocessing import convert_tags, delete_by_link_density, link_density_test, tree_cleaning

from newsharvest.extract import cascade
from newsharvest.extract.document import Document
from newsharvest.extract.generic import _OPTIONS
from tests.conftest import extraction_cases

PAIRS: list[tuple[str, Any, Any]] = [
    ("BODY_XPATH[0]", xpaths.BODY_XPATH[0], cascade._article_body),
    ("BODY_XPATH[2]", xpaths.BODY_XPATH[2], cascade._story),
    ("BODY_XPATH[3]", xpaths.BODY_XPATH[3], cascade._main_content),
    ("OVERALL_DISCARD_XPATH[0]", xpaths.OVERALL_DISCARD_XPATH[0], cascade._boilerplate_boxes),
    ("OVERALL_DISCARD_XPATH[1]", xpaths.OVERALL_DISCARD_XPATH[1], cascade._hidden),
    ("TEASER_DISCARD_XPATH", xpaths.TEASER_DISCARD_XPATH[0], cascade._teasers),
    ("DISCARD_IMAGE_ELEMENTS", xpaths.DISCARD_IMAGE_ELEMENTS[0], cascade._captions),
]
PAGES = [
    (case.url, page)
    for site in ("generic", "huffpost", "apnews")
    for case in extraction_cases(site)
    if (page := case.page_bytes()) is not None
]


def mismatches(tree: etree._Element) -> list[str]:
    """The XPaths whose equivalent finds other elements (or another order) from `tree`."""
    return [name for name, xpath, equivalent in PAIRS if list(xpath(tree)) != list(equivalent(tree))]


def test_the_equivalents_are_in_use_and_trafilatura_is_untouched() -> None:
    assert cascade._IMPLEMENTED
    assert cascade.extract_content is not trafilatura.main_extractor.extract_content
    assert cascade.extract_content.__code__ is trafilatura.main_extractor.extract_content.__code__
    assert trafilatura.main_extractor.OVERALL_DISCARD_XPATH is xpaths.OVERALL_DISCARD_XPATH
    assert all(isinstance(x, etree.XPath) for x in trafilatura.main_extractor.BODY_XPATH)


def test_other_xpaths_fall_back_to_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cascade, "_IMPLEMENTED", False)
    assert cascade._cascade() is trafilatura.main_extractor.extract_content


@pytest.mark.parametrize(("url", "page"), PAGES, ids=[url for url, _ in PAGES])
def test_same_elements_on_the_fixture_pages(url: str, page: bytes) -> None:
    doc = Document.from_input(page, url)
    assert doc.root is not None
    raw = deepcopy(doc.root)
    cleaned = convert_tags(tree_cleaning(deepcopy(doc.root), _OPTIONS), _OPTIONS, url)
    for tree in (raw, cleaned):
        frames = [tree, *islice(tree.iter("article", "div", "section", "main"), 100)]
        assert {f"{el.tag}: {name}" for el in frames for name in mismatches(el)} == set()
    links = [el for el in cleaned.iter() if link_density_test(el) != cascade._link_density_test(el)]
    assert links == []
    ours = cascade.extract_content.__globals__["delete_by_link_density"]
    for tag, backtracking in (("div", True), ("list", False), ("p", False)):
        theirs = delete_by_link_density(deepcopy(cleaned), tag, backtracking=backtracking)
        mine = ours(deepcopy(cleaned), tag, backtracking=backtracking)
        assert etree.tostring(mine) == etree.tostring(theirs)


CLASSES = [
    "cookie-bar", "share-tools", "post-content", "article-body", "Teaser", "teaser", "photo-caption",
    "reply-box", "comments-title", "main", "main-wrap", "content", "Main-Content", "Page-Content",
    "FullText", "story", "post", "entry", "text", "nav", " hidden", "hide-print", "x", "",
]  # fmt: skip
IDS = [
    "cookie", "shareBar", "articleContent", "article-body", "story", "article", "teaser", "caption",
    "reply-1", "hidden-box", "content", "content-main", "main", "primary", "akismet", "Nav", "y", "",
]  # fmt: skip
ATTRIBUTES = st.sampled_from(
    [("class", value) for value in CLASSES]
    + [("id", value) for value in IDS]
    + [("style", "display:none"), ("style", "color: red"), ("style", "visibility: hidden")]
    + [("role", "Navigation"), ("role", "main"), ("role", "article"), ("aria-hidden", "true")]
    + [("itemprop", "articleBody"), ("data-component", "MostPopularStories")]
    + [("data-lp-replacement-content", "")]
)
TAGS = st.sampled_from(["div", "p", "span", "section", "article", "main", "item", "list", "a", "header"])


@st.composite
def trees(draw: st.DrawFn, depth: int = 3) -> etree._Element:
    """An element with attributes drawn from those the XPaths read (distinct names, any order)
    and up to four children."""
    element = etree.Element(draw(TAGS))
    for name, value in draw(st.lists(ATTRIBUTES, max_size=4, unique_by=lambda pair: pair[0])):
        element.set(name, value)
    if depth:
        for child in draw(st.lists(trees(depth - 1), max_size=4)):
            element.append(child)
    return element


@seed(10)
@settings(max_examples=150, deadline=None)
@given(trees())
def test_same_elements_on_generated_trees(tree: etree._Element) -> None:
    assert {name for el in tree.iter() for name in mismatches(el)} == set()
