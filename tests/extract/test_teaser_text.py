"""The unlinked text of a block as the teaser rule reads it (`teaser_text`)."""

from __future__ import annotations

import lxml.html

from newsharvest.extract.pruning import _outside_links
from newsharvest.extract.teaser_text import holding_nested_links, unlinked_over


def _block(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(html)


def test_unlinked_text_in_page_order_and_the_budget_left() -> None:
    block = _block('<p>Read: <a href="/x">a <b>story</b></a> <i>now <b>here</b></i> ok</p>')
    parts = [block.text or ""]
    left = unlinked_over(block, parts, 40)
    assert parts == ["Read: ", " ", "now ", "here", " ok"]
    assert left == 40 - len("nowhereok")


def test_the_walk_stops_once_over_the_budget() -> None:
    block = _block('<li><a href="/a">A</a> first words <a href="/b">B</a> and more words after</li>')
    parts = [block.text or ""]
    assert unlinked_over(block, parts, 5) < 0
    assert parts == ["", " first words "]  # the rest is never read


def test_same_count_as_the_full_walk_without_nested_links() -> None:
    block = _block('<p><span>Label</span> <a href="/a">one <em>two</em></a> three<br>four</p>')
    full: list[str] = [block.text or ""]
    total = _outside_links(block, 0, full)
    parts: list[str] = [block.text or ""]
    assert 100 - unlinked_over(block, parts, 100) == total
    assert parts == full


def test_holders_of_nested_links() -> None:
    root = _block('<div><p id="n"><a href="/a">x </a></p><p id="m"><a href="/c">z</a></p></div>')
    lxml.html.etree.SubElement(root.find("p/a"), "a", href="/b").text = "y"  # the parser never nests links
    holders = holding_nested_links(root)
    assert root.get_element_by_id("n") in holders
    assert root.get_element_by_id("m") not in holders
    assert holding_nested_links(_block('<p><a href="/a">x</a></p>')) == set()
