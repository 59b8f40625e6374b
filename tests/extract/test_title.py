"""Headlines: the visible one, entities decoded, no site name, date or kicker; the raw string kept."""

from __future__ import annotations

import json

import pytest

from newsharvest.extract import Article, extract_article
from newsharvest.extract.title import strip_site_name

BODY = "<p>" + "The council met on Tuesday and voted on the budget for the coming year. " * 8 + "</p>"


def _record(head: str, h1: str | None, url: str = "https://www.golem.de/news/budget-2405-1.html") -> Article:
    heading = f"<h1>{h1}</h1>" if h1 is not None else ""
    html = f"<html><head>{head}</head><body><article>{heading}{BODY}</article></body></html>"
    record = extract_article(html, url)
    assert isinstance(record, Article), record
    return record


@pytest.mark.parametrize(
    ("title", "brands", "expected"),
    [
        ("Council passes budget - Golem.de", ["golem"], "Council passes budget"),
        ("Council passes budget | DW | 28.04.2023", ["dw"], "Council passes budget"),
        ("The Daily Planet: Council passes budget", ["thedailyplanet"], "Council passes budget"),
        ("Evolve: Shared Mutable History", ["mercurial"], "Evolve: Shared Mutable History"),
        ("Golem.de", ["golem"], "Golem.de"),
        ("東京で大雪、交通に乱れ｜日本経済新聞", ["日本経済新聞"], "東京で大雪、交通に乱れ"),
        ("Incendio en Valencia - EL PAÍS", ["elpaís"], "Incendio en Valencia"),
    ],
)
def test_site_names_and_dates_come_off(title: str, brands: list[str], expected: str) -> None:
    assert strip_site_name(title, brands) == expected


def test_visible_headline_wins_over_a_differing_json_ld_one() -> None:
    node = {"@type": "NewsArticle", "headline": "Budget 2025: what the council decided (SEO)"}
    head = (
        f'<script type="application/ld+json">{json.dumps(node)}</script>'
        '<meta property="og:title" content="Council passes budget">'
        "<title>Council passes budget - Golem.de</title>"
    )
    record = _record(head, "Council passes budget")
    assert record.headline == "Council passes budget"
    assert record.headline_raw == "Council passes budget"


def test_entities_left_in_metadata_are_decoded() -> None:
    head = (
        '<meta property="og:title" '
        'content="Council&amp;#8217;s budget for M&amp;uuml;nchen &amp;#039;passes&amp;#039;">'
    )
    record = _record(head, None)
    assert record.headline == "Council’s budget for München 'passes'"
    assert record.headline_raw == "Council&#8217;s budget for M&uuml;nchen &#039;passes&#039;"


def test_site_name_comes_off_the_stated_title() -> None:
    head = (
        '<meta property="og:site_name" content="Golem.de">'
        '<meta property="og:title" content="Council passes budget - Golem.de">'
    )
    record = _record(head, None)
    assert record.headline == "Council passes budget"
    assert record.headline_raw == "Council passes budget - Golem.de"


def test_kicker_glued_to_the_front_of_the_h1() -> None:
    head = '<meta property="og:title" content="Council passes budget">'
    record = _record(head, '<span class="kicker">Local politics</span> Council passes budget')
    assert record.headline == "Council passes budget"
    assert record.headline_raw == "Local politics Council passes budget"
    kicker = '<span class="kicker">Local politics:</span> Council passes budget'
    plain = _record("<title>Budget news</title>", kicker)
    assert plain.headline == "Council passes budget"


def test_title_part_the_page_prints_as_a_heading() -> None:
    head = "<title>SFGate: World Views : Another political murder in Lebanon</title>"
    html_head = head
    record = extract_article(
        f"<html><head>{html_head}</head><body><h1>SFGate: World Views</h1>"
        f"<h2>Another political murder in Lebanon</h2>{BODY}</body></html>",
        "https://blog.example.com/views/123",
    )
    assert isinstance(record, Article)
    assert record.headline == "Another political murder in Lebanon"
