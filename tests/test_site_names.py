"""The benchmark's "title exact, site name aside" rule (benchmarks/site_names.py), on hand-made pages."""

from __future__ import annotations

import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from extraction_metric import field_scores  # noqa: E402
from site_names import host_names, page_site_names, strip_site_segment  # noqa: E402

PAGE = """<html><head><title>Harbour plan approved | Example Gazette</title>
<meta property="og:site_name" content="the Example Gazette">
<meta name="twitter:site" content="@GazetteNews">
<link rel="canonical" href="https://www.gazette.co.uk/news/harbour">
<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "headline": "Harbour plan",
 "publisher": {"@type": "Organization", "name": "Gazette Media Group"}},
 {"@type": "WebSite", "name": "Gazette Online"}]}</script>
</head><body><h1>Harbour plan approved</h1></body></html>"""


def test_site_names_come_from_the_pages_metadata_hosts_and_json_ld() -> None:
    assert page_site_names(PAGE) == {
        "theexamplegazette",
        "examplegazette",
        "gazettenews",
        "gazette",
        "gazettecouk",
        "gazettemediagroup",
        "gazetteonline",
    }
    assert (
        page_site_names("<html><head><title>A</title></head></html>", "http://fakehost/test/page.html")
        == set()
    )
    assert page_site_names(b"", "https://news.bbc.co.uk/1/hi") == {"bbc", "newsbbccouk"}


def test_a_headline_put_in_a_site_name_tag_is_no_site_name() -> None:
    head = '<meta name="application-name" content="Veteran wraps baby in flag, photo sparks a row">'
    assert page_site_names(f"<html><head>{head}</head></html>") == set()
    head = '<meta name="application-name" content="The Daily Planet Online Edition">'
    assert page_site_names(f"<html><head>{head}</head></html>") == {
        "thedailyplanetonlineedition",
        "dailyplanetonlineedition",
    }


def test_a_host_gives_its_own_name_and_the_whole_host() -> None:
    assert host_names("www.ehow.com") == {"ehow", "ehowcom"}
    assert host_names("localhost") == set()


def test_only_a_segment_that_is_the_sites_name_is_set_aside() -> None:
    names = page_site_names(PAGE)
    assert strip_site_segment("Harbour plan approved | Example Gazette", names) == "Harbour plan approved"
    assert strip_site_segment("Gazette Online: Harbour  plan - approved", names) == "Harbour plan - approved"
    assert strip_site_segment("Harbour plan approved_Gazette", names) == "Harbour plan approved"
    # a section, an author or a word of the headline beside it stays
    assert (
        strip_site_segment("Harbour plan approved | Local News", names)
        == "Harbour plan approved | Local News"
    )
    assert strip_site_segment("Harbour plan - Gazette Weekly", names) == "Harbour plan - Gazette Weekly"
    assert strip_site_segment("Gazette", names) == "Gazette"
    assert strip_site_segment("Harbour plan approved | Example Gazette", []) == (
        "Harbour plan approved | Example Gazette"
    )


def test_field_scores_give_exact_site_name_aside_beside_the_raw_exact_figure() -> None:
    names = sorted(page_site_names(PAGE))
    rows = [
        (
            {"title": "Harbour plan approved | Example Gazette", "site_names": names},
            {"title": "Harbour plan approved"},
        ),
        (
            {"title": "Harbour plan approved | Local News", "site_names": names},
            {"title": "Harbour plan approved"},
        ),
        (
            {"title": "Harbour plan approved", "site_names": names},
            {"title": "Harbour plan approved | Gazette"},
        ),
        ({"title": "Harbour plan approved | Example Gazette"}, {"title": "Harbour plan approved"}),
    ]
    scores = field_scores(rows, ["title"], lambda a, b: a == b, lambda s: " ".join((s or "").split()))
    assert scores["title_n"] == 4
    assert scores["title_exact"] == 0.0
    assert scores["title_exact_site"] == 0.5
