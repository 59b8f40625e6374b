"""Teaser cards found by their linked headings, whatever the class names (`extract.teaser_cards`).

The real case is WP Tavern's post of Readability's test pages with its "Related" posts, its
class and id names hashed (fixtures/pages/generic/real-readability-wordpress-comment-permalinks,
which holds its comments too).
The guards are small trees spelling out what must stay: a story under a linked heading, two
cards alone, cards linking to other sites, a card holding a second link.
"""

from __future__ import annotations

import lxml.html
from lxml.html import HtmlElement

from newsharvest.extract.teaser_cards import drop_teaser_cards
from newsharvest.extract.tree_scan import scan_body
from tests.conftest import FIXTURES_DIR

CASE = FIXTURES_DIR / "pages" / "generic" / "real-readability-wordpress-comment-permalinks" / "page.html"
HOST = "example.org"


def _pruned(html: str | bytes, host: str = HOST) -> HtmlElement:
    """The page's tree after the rule, its linked headings found as the generic extractor finds them."""
    root = lxml.html.document_fromstring(html)
    drop_teaser_cards(scan_body(root.find("body")).titled_links, host)
    return root


def _card(n: int, href: str = "/news/story-{n}", extra: str = "") -> str:
    return (
        f'<div><a href="{href.format(n=n)}"><img src="/{n}.jpg"></a>'
        f'<h4><a href="{href.format(n=n)}">Council votes on the new library plan number {n}</a></h4>'
        f"<p>The vote came after a long night of debate over the budget and its cuts.</p>"
        f"<p>March {n}, 2016</p>{extra}</div>"
    )


STORY = "<p>" + "The council kept the library open after a long night of votes. " * 6 + "</p>"


def test_the_related_posts_of_a_post_go_whole_and_its_own_links_stay() -> None:
    root = _pruned(CASE.read_bytes(), "wptavern.com")
    text = root.text_content()
    assert "Stack Overflow Documentation is Now in Beta" not in text
    assert "Stack Overflow published the results of its 2016 Developer Survey" not in text
    assert "March 17, 2016" not in text
    assert 'In "News"' not in text
    assert "These are both highly portable skills that are in demand on the web." in text
    hrefs = [link.get("href") for link in root.iter("a")]
    assert "https://www.openhub.net/p/wordpress/analyses/latest/languages_summary" in hrefs


def test_three_cards_of_one_template_go_and_the_story_stays() -> None:
    cards = "".join(_card(n) for n in (1, 2, 3))
    root = _pruned(f"<html><body><article>{STORY}</article><aside>{cards}</aside></body></html>")
    text = root.text_content()
    assert "The council kept the library open" in text
    assert "long night of debate" not in text
    assert "March 1, 2016" not in text
    assert len(root.findall(".//aside/div")) == 0


def test_a_story_under_a_linked_heading_is_no_card() -> None:
    stories = "".join(
        f'<div><h2><a href="/news/{n}">The library stays open {n}</a></h2>{STORY}</div>' for n in range(3)
    )
    root = _pruned(f"<html><body>{stories}</body></html>")
    assert root.text_content().count("The council kept the library open") == 18


def test_two_cards_alone_stay() -> None:
    root = _pruned(f"<html><body>{STORY}<aside>{_card(1)}{_card(2)}</aside></body></html>")
    assert root.text_content().count("long night of debate") == 2


def test_cards_linking_to_other_sites_stay() -> None:
    cards = "".join(_card(n, href="https://elsewhere.net/story-{n}") for n in (1, 2, 3))
    root = _pruned(f"<html><body>{STORY}<aside>{cards}</aside></body></html>")
    assert root.text_content().count("long night of debate") == 3


def test_a_card_holding_a_second_link_is_no_card() -> None:
    cards = "".join(_card(n, extra=f'<p><a href="/author/{n}">Jane Doe</a></p>') for n in (1, 2, 3))
    root = _pruned(f"<html><body>{STORY}<aside>{cards}</aside></body></html>")
    assert root.text_content().count("long night of debate") == 3
