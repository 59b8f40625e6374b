"""Any site: the sites file, and the `news` spider on configured and unknown sites."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsharvest.extract import Article
from newsharvest.items import RawPage
from newsharvest.pipelines import task_for
from newsharvest.sites import SiteConfig, SitesFileError, load_sites, looks_like_article, site_config
from newsharvest.testing.server import REPLICAS_DIR, FixtureServer, serving
from tests.support.crawling import rows, runs, scrapy_crawl


def test_shipped_sites_file_names_huffpost_and_apnews() -> None:
    sites = load_sites()
    assert sites["huffpost"].base_url == "https://www.huffpost.com"
    assert sites["huffpost"].feeds == ("/section/world-news/feed",)
    assert sites["huffpost"].profile == "huffpost"
    assert sites["apnews"].hubs == ("/hub/world-news",)
    assert sites["apnews"].article_pattern and sites["apnews"].profile == "apnews"


def test_user_sites_file_adds_and_replaces(tmp_path: Path) -> None:
    mine = tmp_path / "sites.toml"
    mine.write_text(
        '[sites.example]\nbase_url = "https://news.example.org/"\nfeeds = ["/rss"]\ndiscover = true\n'
        '[sites.huffpost]\nbase_url = "https://www.huffpost.com"\nfeeds = []\nprofile = "huffpost"\n'
    )
    sites = load_sites(mine)
    assert sites["example"] == SiteConfig(
        name="example", base_url="https://news.example.org", feeds=("/rss",), discover=True
    )
    assert sites["huffpost"].feeds == ()
    assert site_config("apnews", mine).name == "apnews"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[sites.x\n", "not valid TOML"),
        ('[sites.x]\nfeeds = ["/rss"]\n', "base_url is required"),
        ('[sites.x]\nbase_url = "ftp://x.org"\n', "http(s) URL"),
        ('[sites.x]\nbase_url = "https://x.org"\nfeed = ["/rss"]\n', "unknown key(s) feed"),
        ('[sites.x]\nbase_url = "https://x.org"\narticle_pattern = "(["\n', "not a regex"),
        ('[sites.x]\nbase_url = "https://x.org"\nprofile = "nyt"\n', "no extraction profile 'nyt'"),
        ('[sites.x]\nbase_url = "https://x.org"\nfeeds = "/rss"\n', "list of strings"),
        ('[site.x]\nbase_url = "https://x.org"\n', "use [sites.NAME]"),
        ('[sites.x]\nbase_url = "https://x.org"\ntimezone = "CEST"\n', "not an IANA zone"),
        ('[sites.x]\nbase_url = "https://x.org"\ntimezone = 2\n', "not an IANA zone"),
    ],
)
def test_bad_sites_file_is_named_with_its_problem(tmp_path: Path, text: str, message: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    with pytest.raises(SitesFileError, match=r"bad\.toml") as error:
        load_sites(bad)
    assert message in str(error.value)


def test_site_timezone_reaches_extraction(tmp_path: Path) -> None:
    mine = tmp_path / "sites.toml"
    mine.write_text('[sites.berlin]\nbase_url = "https://zeitung.example.de"\ntimezone = "Europe/Berlin"\n')
    config = load_sites(mine)["berlin"]
    assert config.timezone == "Europe/Berlin"
    page = RawPage(
        url="https://zeitung.example.de/a", final_url="https://zeitung.example.de/a", status=200,
        body=_NAIVE_STORY, timezone=config.timezone,
    )
    record = task_for(page).run()
    assert isinstance(record, Article)
    assert record.date_published == "2023-04-28T10:00:00+02:00"
    assert record.date_published_raw == "2023-04-28T10:00:00"
    page.timezone = None
    record = task_for(page).run()
    assert isinstance(record, Article) and record.date_published == "2023-04-28T10:00:00+00:00"


_NAIVE_STORY = (
    b'<html lang="de"><head><meta property="article:published_time" content="2023-04-28T10:00:00">'
    b"<title>Stadtrat beschliesst Haushalt</title></head>"
    b"<body><article><h1>Stadtrat beschliesst Haushalt</h1>"
    + b"<p>" + b"Der Stadtrat hat am Freitag den Haushalt fuer das kommende Jahr beschlossen. " * 8 + b"</p>"
    b"</article></body></html>"
)


def test_unknown_site_and_missing_file() -> None:
    with pytest.raises(SitesFileError, match=r"no site 'nyt' .*known: apnews, huffpost"):
        site_config("nyt")
    with pytest.raises(SitesFileError, match="cannot read sites file"):
        load_sites("/nonexistent/sites.toml")


@pytest.mark.parametrize(
    ("path", "article"),
    [
        ("/2024/03/02/council-approves-budget.html", True),
        ("/news/council-approves-the-new-budget-after-debate", True),
        ("/story/1234567", True),
        ("/entry/some-story_n_64008c3fe4b0bdb99f4a563b", True),
        ("/", False),
        ("/politics", False),
        ("/tag/city-council-budget-news", False),
        ("/author/jane-doe-smith-jones", False),
        ("/2024/03/02/photo.jpg", False),
        ("/about", False),
    ],
)
def test_article_heuristic_for_unconfigured_sites(path: str, article: bool) -> None:
    assert looks_like_article(path) is article


# --- an unconfigured site, discovered from its address ------------------------------------
HUFFPOST_ENTRY = REPLICAS_DIR / "huffpost" / "entry"
STORIES = {
    "/2023/03/02/blinken-lavrov-meet-briefly.html": (
        "blinken-lavrov-meet-briefly-us-russia_n_64008c3fe4b0bdb99f4a563b"
    ),
    "/news/duluth-library-sunday-hours-vote": "duluth-library-sunday-hours-vote_n_5c87f857e4b03f1c2a6d8e91",
    "/news/towns-send-fire-trucks-to-ukraine": (
        "us-towns-ukrainian-sister-cities-fire-trucks_n_64020474e4b0a8d2c51f7e09"
    ),
}
"""Paths on the unknown site → the replica page served there."""


def write_unknown_site(root: Path) -> None:
    """A site no sites file names: no Sitemap line in robots.txt, a sitemap index at the usual
    place, a feed linked only from the home page, and pages that are not articles."""
    origin = "https://news.example.org"
    (root / "sitemaps").mkdir(parents=True)
    for path, entry in STORIES.items():
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(HUFFPOST_ENTRY / f"{entry}.html", target if target.suffix else Path(f"{target}.html"))
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private\n")
    (root / "sitemap_index.xml").write_text(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{origin}/sitemaps/2023.xml</loc></sitemap></sitemapindex>"
    )
    first, second, third = STORIES
    listed = [first, second, "/tag/ukraine-russia-war-news", "/private/2023/03/02/secret-plans-revealed"]
    (root / "sitemaps" / "2023.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<url><loc>{origin}{p}</loc><lastmod>2023-03-02</lastmod></url>" for p in listed)
        + "</urlset>"
    )
    (root / "index.html").write_text(
        '<html><head><link rel="alternate" type="application/rss+xml" href="/feeds/latest.xml">'
        '</head><body><a href="/about">About</a></body></html>'
    )
    (root / "feeds").mkdir()
    (root / "feeds" / "latest.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Latest</title>'
        f"<item><link>{origin}{third}</link></item>"
        f"<item><link>{origin}{first}?utm_source=rss</link></item></channel></rss>"
    )
    (root / "_site.json").write_text(json.dumps({"origin": origin, "routes": {}}))


@pytest.fixture
def unknown_site(tmp_path: Path) -> Iterator[FixtureServer]:
    write_unknown_site(tmp_path / "site")
    with serving("unknown", root=tmp_path / "site") as server:
        yield server


@pytest.mark.slow
def test_news_spider_discovers_an_unconfigured_site(unknown_site: FixtureServer, tmp_path: Path) -> None:
    database = tmp_path / "archive.db"
    scrapy_crawl("news", database, "-a", f"url={unknown_site.base_url}")
    requested = [path for _, path in unknown_site.log]
    for probe in ("/robots.txt", "/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml", "/"):
        assert probe in requested
    assert "/sitemaps/2023.xml" in requested and "/feeds/latest.xml" in requested
    assert sorted(p for p in requested if p in STORIES) == sorted(STORIES)  # each story once
    assert not [p for p in requested if p.startswith(("/tag/", "/private/", "/about"))]
    assert rows(database, "SELECT count(*) FROM articles") == [(len(STORIES),)]
    [run] = runs(database)
    assert (run["spider"], run["new"], run["finish_reason"]) == ("news", 3, "finished")


@pytest.mark.slow
def test_news_spider_crawls_a_configured_site(huffpost_server: FixtureServer, tmp_path: Path) -> None:
    database = tmp_path / "archive.db"
    scrapy_crawl("news", database, "-a", "site=huffpost", "-a", f"base_url={huffpost_server.base_url}")
    assert rows(database, "SELECT count(*) FROM articles") == [(8,)]
    assert "/section/world-news/feed" in [path for _, path in huffpost_server.log]
    assert runs(database)[0]["spider"] == "news"


@pytest.mark.slow
def test_news_spider_with_a_user_sites_file(huffpost_server: FixtureServer, tmp_path: Path) -> None:
    sites = tmp_path / "sites.toml"
    sites.write_text(
        f'[sites.mine]\nbase_url = "{huffpost_server.base_url}"\narticle_pattern = "^/entry/blinken"\n'
    )
    database = tmp_path / "archive.db"
    scrapy_crawl("news", database, "-a", "site=mine", "-s", f"NEWSHARVEST_SITES_FILE={sites}")
    assert [p for _, p in huffpost_server.log if p.startswith("/entry/")] == [
        "/entry/blinken-lavrov-meet-briefly-us-russia_n_64008c3fe4b0bdb99f4a563b"
    ]
    assert rows(database, "SELECT count(*) FROM articles") == [(1,)]
