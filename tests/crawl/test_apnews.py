"""End to end: the real `scrapy crawl apnews` in a subprocess against the AP replica."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsharvest import query
from newsharvest.store import Archive
from newsharvest.testing.server import FixtureServer, serving
from tests.conftest import extraction_cases
from tests.support import crawling

G20_URL = "https://apnews.com/article/blinken-lavrov-g20-india-russia-ukraine-33f128870316e8f293df2c70887b1a6f"


@pytest.fixture
def apnews_server() -> Iterator[FixtureServer]:
    """The AP News replica on a free port of 127.0.0.1."""
    with serving("apnews") as server:
        yield server


def scrapy_crawl(server: FixtureServer, database: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run `scrapy crawl apnews` against the replica."""
    return crawling.scrapy_crawl("apnews", database, "-a", f"base_url={server.base_url}", *extra)


def expected_records() -> dict[str, dict[str, Any]]:
    return {
        case.spec["record"]["canonical_url"]: case.spec["record"]
        for case in extraction_cases("apnews")
        if "record" in case.spec
    }


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@pytest.mark.slow
def test_crawl_archives_every_article_and_records_rejections(
    apnews_server: FixtureServer, tmp_path: Path
) -> None:
    database = tmp_path / "archive.db"
    export = tmp_path / "articles.jsonl"
    scrapy_crawl(apnews_server, database, "-O", str(export))

    expected = expected_records()
    connection = sqlite3.connect(database)
    (count,) = connection.execute("SELECT count(*) FROM articles").fetchone()
    assert count == len(expected) == 5

    with Archive.open(database, readonly=True) as archive:
        for canonical, record in expected.items():
            stored = query.get_article(archive, canonical)
            assert stored is not None, canonical
            for field, value in record.items():
                if field == "url":  # fetched from the replica, same path
                    assert _path(stored["url"]) == _path(value)
                    continue
                assert stored[field] == value, (canonical, field)
        rejections = {_path(r["url"]): r["reason"] for r in query.list_rejections(archive)}
        runs = query.list_runs(archive)

    removed = next(c for c in extraction_cases("apnews") if c.name == "sitemap-404")
    disallowed = (
        "/article/blinken-lavrov-g20-india-russia-ukraine-33f128870316e8f293df2c70887b1a6f"
        "?prx_t=7KcFA1b2C3d4E5f"
    )
    assert rejections == {_path(removed.url): "not_found", disallowed: "robots_disallowed"}
    assert len(runs) == 1 and runs[0]["spider"] == "apnews"
    assert runs[0]["finish_reason"] == "finished"

    exported = [json.loads(line) for line in export.read_text().splitlines()]
    assert sorted(e["canonical_url"] for e in exported) == sorted(expected)  # each article once

    # Discovery and politeness: robots.txt first, every robots Sitemap line and the hub read,
    # nothing robots.txt disallows (?prx_t=), no video pages, the 404 sitemaps tolerated.
    paths = [path for _, path in apnews_server.log]
    assert paths[0] == "/robots.txt"
    for path in (
        "/ap-sitemap.xml", "/ap-sitemap-202303.xml", "/news-sitemap-content.xml", "/video-sitemap.xml",
        "/buyline-shopping/sitemap.xml", "/hub/world-news",
    ):
        assert path in paths, path
    assert not [p for p in paths if "prx_t=" in p or p.startswith("/video/")]
    assert len([p for p in paths if p.startswith("/article/")]) == len(set(paths) & {
        _path(u) for u in [*expected, removed.url]
    }) == 6  # each article fetched once


@pytest.mark.slow
def test_second_identical_crawl_changes_nothing(apnews_server: FixtureServer, tmp_path: Path) -> None:
    database = tmp_path / "archive.db"
    scrapy_crawl(apnews_server, database)
    # An incremental run skips what it has; a revisit window wider than the replica's age
    # makes it fetch every story again (conditionally: the replica answers 304 = unchanged).
    scrapy_crawl(apnews_server, database, "-s", "NEWSHARVEST_REVISIT_DAYS=36500")
    with Archive.open(database, readonly=True) as archive:
        runs = query.list_runs(archive)
        assert query.count_articles(archive) == len(expected_records())
    second = max(runs, key=lambda r: r["id"])
    assert second["new"] == 0 and second["unchanged"] == len(expected_records())
