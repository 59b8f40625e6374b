"""Many sites in one crawl: `scrapy crawl news -a sites=...` against two replicas on distinct
loopback addresses, each site with its own robots.txt and Crawl-delay."""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from scrapy import Request

from newsharvest import outcomes
from newsharvest.scheduling import crawl_lock, lock_keys, lock_path
from newsharvest.sites import SitesFileError, site_names
from newsharvest.spiders.news import SiteSpider
from newsharvest.testing.server import FixtureServer, serving
from tests.conftest import REPO_ROOT
from tests.crawl import test_apnews, test_huffpost
from tests.support import crawling

HOSTS = {"huffpost": "127.0.0.2", "apnews": "127.0.0.3"}
"""Each replica on a loopback address of its own (all of 127.0.0.0/8 is local on Linux)."""


@contextmanager
def serving_two_sites() -> Iterator[dict[str, FixtureServer]]:
    """The HuffPost and AP replicas, each on its own loopback address (`HOSTS`)."""
    with (
        serving("huffpost", host=HOSTS["huffpost"]) as huffpost,
        serving("apnews", host=HOSTS["apnews"]) as ap,
    ):
        yield {"huffpost": huffpost, "apnews": ap}


@pytest.fixture
def two_sites() -> Iterator[dict[str, FixtureServer]]:
    with serving_two_sites() as servers:
        yield servers


def _paths(server: FixtureServer) -> list[str]:
    return [path for _, path in server.log]


@pytest.mark.slow
def test_one_crawl_archives_two_sites_each_at_its_own_pace(
    two_sites: dict[str, FixtureServer], tmp_path: Path
) -> None:
    database = tmp_path / "archive.db"
    base_urls = ",".join(f"{name}={server.base_url}" for name, server in two_sites.items())
    result = crawling.scrapy_crawl(
        "news", database,
        "-a", "sites=huffpost,apnews", "-a", f"base_urls={base_urls}",
        "-s", f"NEWSHARVEST_ALLOWED_ADDRESSES={HOSTS['huffpost']},{HOSTS['apnews']}",
        "-s", "NEWSHARVEST_CRAWL_DELAY_CAP=0.3",
    )  # fmt: skip

    stored = {url for (url,) in crawling.rows(database, "SELECT canonical_url FROM articles")}
    assert stored == set(test_huffpost.expected_records()) | set(test_apnews.expected_records())
    [run] = crawling.runs(database)
    assert run["spider"] == "news" and run["finish_reason"] == "finished"
    huffpost, ap = two_sites["huffpost"], two_sites["apnews"]
    for server in (huffpost, ap):  # every page fetched once (robots.txt: by the middleware and the spider)
        assert _paths(server)[0] == "/robots.txt"
        twice = {path for path, n in Counter(_paths(server)).items() if n > 1}
        assert twice <= {"/robots.txt"}, twice
    # HuffPost's robots.txt asks Crawl-delay 4 (capped at 0.3 here), AP's asks none: each host
    # keeps its own delay, and AP's pages are not held back behind HuffPost's.
    huffpost_times = [t for t, _ in huffpost.log]
    gaps = [b - a for a, b in itertools.pairwise(huffpost_times[1:])]
    assert len(gaps) >= 5 and min(gaps) >= 0.25, gaps
    ap_pages = [t for t, path in ap.log if path.startswith("/article/")]
    assert len(ap_pages) >= 2 and min(b - a for a, b in itertools.pairwise(ap_pages)) < 0.25
    assert ap_pages[-1] < huffpost_times[-1]  # side by side: AP done while HuffPost still waits
    assert "Crawl-delay 0.3s for http://127.0.0.2" in result.stderr
    assert "Crawl-delay 0.3s for http://127.0.0.3" not in result.stderr


def test_sites_all_names_every_site_of_the_sites_files(tmp_path: Path) -> None:
    mine = tmp_path / "sites.toml"
    mine.write_text('[sites.mysite]\nbase_url = "https://news.example.org"\n', encoding="utf-8")
    assert site_names("all", mine) == ["apnews", "huffpost", "mysite"]
    assert site_names("mysite, huffpost,mysite", mine) == ["mysite", "huffpost"]
    with pytest.raises(SitesFileError, match="no site 'nosuch'"):
        site_names("huffpost,nosuch", mine)
    with pytest.raises(SitesFileError, match="names no site"):
        site_names(" , ", mine)


def test_a_many_site_spider_keeps_each_site_on_its_own_host() -> None:
    spider = SiteSpider(sites="huffpost,apnews", base_urls="apnews=http://127.0.0.3:8001")
    spider.configure_sites(spider.site_configs(None))
    assert spider.allowed_domains == ["www.huffpost.com", "127.0.0.3"]
    story = "https://apnews.com/article/blinken-lavrov-g20-india-russia-ukraine-33f128870316e8f293df2c70887b1a6f"
    request = spider.article_request(story, "hub")
    assert request is not None and request.url.startswith("http://127.0.0.3:8001/article/")
    assert spider.site_for(request.url).config.profile == "apnews"
    assert spider.site_for("https://www.huffpost.com/entry/x_n_0").config.profile == "huffpost"
    assert spider.article_request("https://www.huffpost.com/section/world-news", "hub") is None


def test_a_site_whose_lease_was_lost_is_not_fetched_and_not_a_failure() -> None:
    from scrapy.utils.test import get_crawler
    from twisted.python.failure import Failure

    from newsharvest.downloadermiddlewares.leases import LeaseLost, LostLeaseMiddleware
    from newsharvest.spidermiddlewares.failures import RecordFailuresMiddleware

    spider = SiteSpider(sites="huffpost,apnews", base_urls="apnews=http://127.0.0.3:8001")
    spider.configure_sites(spider.site_configs(None))
    crawler = get_crawler(settings_dict={"NEWSHARVEST_SITE_LEASES": True})
    crawler.spider = spider
    middleware = LostLeaseMiddleware.from_crawler(crawler)
    ap, huff = Request("http://127.0.0.3:8001/article/x-1"), Request("https://www.huffpost.com/entry/x_n_1")
    spider.lose_sites({"apnews"})
    assert middleware.process_request(huff) is None  # still ours: fetched
    with pytest.raises(LeaseLost) as lost:
        middleware.process_request(ap)
    assert crawler.stats is not None and crawler.stats.get_value("newsharvest/leases/dropped") == 1
    failure = Failure(lost.value)
    failure.request = ap  # type: ignore[attr-defined]  # as Scrapy sets it for an errback
    assert RecordFailuresMiddleware(crawler).record_failure(failure) == []  # no rejection: still queued


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"sites": "huffpost,apnews", "base_url": "http://127.0.0.2:1"}, "-a base_url is for one site"),
        ({"sites": "huffpost", "base_urls": "apnews=http://127.0.0.3:1"}, "does not cover: apnews"),
        ({"sites": "huffpost", "base_urls": "http://127.0.0.3:1"}, "NAME=URL pairs"),
        ({"sites": "huffpost", "site": "apnews"}, "give the site"),
    ],
)
def test_many_site_arguments_are_checked_before_anything_is_fetched(
    arguments: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        SiteSpider.check_arguments(None, **arguments)


def test_a_many_site_crawl_takes_one_lock_per_site() -> None:
    assert lock_keys("news", None, None, ["huffpost", "apnews"]) == ["news-huffpost", "news-apnews"]
    assert lock_keys("news", "huffpost", None) == ["news-huffpost"]  # the lock a one-site crawl takes
    assert lock_keys("huffpost", None, None) == ["huffpost"]


@pytest.mark.slow
@pytest.mark.parametrize("command", ["scrapy", "newsharvest"])
def test_a_many_site_crawl_does_not_start_while_one_of_its_sites_is_crawled(
    command: str, tmp_path: Path
) -> None:
    database = tmp_path / "news.db"
    sites = ("-a", "sites=huffpost,apnews")
    if command == "scrapy":
        argv = crawling.crawl_command("news", database, *sites)
    else:
        newsharvest = str(Path(sys.executable).with_name("newsharvest"))
        argv = [newsharvest, "crawl", "news", "--db", str(database), *sites]
    with crawl_lock(lock_path(f"sqlite:///{database}", "news-apnews")):
        result = subprocess.run(argv, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == outcomes.LOCKED, result.stderr[-3000:]
    assert "a crawl is already running" in result.stderr and "news.db.news-apnews.lock" in result.stderr
    assert not database.exists() or not crawling.runs(database)  # nothing started
