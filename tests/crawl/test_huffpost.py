"""End to end: the real `scrapy crawl huffpost` in a subprocess against the replica."""

from __future__ import annotations

import itertools
import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from newsharvest import query
from newsharvest.store import Archive
from newsharvest.testing.server import FixtureServer
from tests.conftest import extraction_cases
from tests.support import crawling

G20_URL = "https://www.huffpost.com/entry/blinken-lavrov-meet-briefly-us-russia_n_64008c3fe4b0bdb99f4a563b"


def scrapy_crawl(
    server: FixtureServer, database: Path, *extra: str, crawl_delay_cap: float = 0.02
) -> subprocess.CompletedProcess[str]:
    """Run `scrapy crawl huffpost` against the replica, Crawl-delay capped at `crawl_delay_cap`."""
    return crawling.scrapy_crawl(
        "huffpost", database,
        "-a", f"base_url={server.base_url}",
        "-s", f"NEWSHARVEST_CRAWL_DELAY_CAP={crawl_delay_cap}",
        *extra,
    )  # fmt: skip


def expected_records() -> dict[str, dict]:
    return {
        case.spec["record"]["canonical_url"]: case.spec["record"]
        for case in extraction_cases("huffpost")
        if "record" in case.spec
    }


@pytest.mark.slow
def test_crawl_archives_every_article_and_records_rejections(
    huffpost_server: FixtureServer, tmp_path: Path
) -> None:
    database = tmp_path / "archive.db"
    export = tmp_path / "articles.jsonl"
    result = scrapy_crawl(huffpost_server, database, "-O", str(export))

    expected = expected_records()
    connection = sqlite3.connect(database)
    (count,) = connection.execute("SELECT count(*) FROM articles").fetchone()
    assert count == len(expected)

    with Archive.open(database, readonly=True) as archive:
        g20 = query.get_article(archive, G20_URL)
        assert g20 is not None
        for field, value in expected[G20_URL].items():
            if field == "url":
                assert value.endswith(g20["url"].split("/", 3)[3])  # fetched from the replica
                continue
            assert g20[field] == value, field
        rejections = {r["url"].split("/", 3)[3]: r["reason"] for r in query.list_rejections(archive)}
        runs = query.list_runs(archive)

    assert rejections["entry/removed-story-example_n_6400a1b2e4b0c0ffee000001"] == "not_found"
    video = next(case for case in extraction_cases("huffpost") if case.name == "video-not-article")
    assert rejections[video.url.split("/", 3)[3]] == "not_article"
    assert len(runs) == 1 and runs[0]["spider"] == "huffpost"
    assert runs[0]["finish_reason"] == "finished"

    exported = [json.loads(line) for line in export.read_text().splitlines()]
    assert sorted(e["canonical_url"] for e in exported) == sorted(expected)  # each article once
    assert all(set(e) == set(expected[G20_URL]) for e in exported)

    # Politeness: robots.txt first, nothing it disallows, Crawl-delay applied.
    assert huffpost_server.log[0][1] == "/robots.txt"
    assert [p for _, p in huffpost_server.log].count("/robots.txt") == 1  # the spider reads the same copy
    assert "'newsharvest/robots_txt_reused': 1" in result.stderr
    assert not [p for _, p in huffpost_server.log if "page=" in p]
    assert "Crawl-delay 0.02s" in result.stderr

    # The crawl measures itself: event-loop stalls and the garbage collector's share.
    assert "'newsharvest/max_reactor_stall_ms': " in result.stderr
    assert "'newsharvest/gc_seconds': " in result.stderr
    assert "'newsharvest/gc_full_collections': " in result.stderr


@pytest.mark.slow
def test_second_identical_crawl_leaves_one_row_per_article(
    huffpost_server: FixtureServer, tmp_path: Path
) -> None:
    database = tmp_path / "archive.db"
    scrapy_crawl(huffpost_server, database)
    # An incremental run skips what it has; a revisit window wider than the replica's age
    # makes it fetch every story again (conditionally: the replica answers 304 = unchanged).
    scrapy_crawl(huffpost_server, database, "-s", "NEWSHARVEST_REVISIT_DAYS=36500")
    connection = sqlite3.connect(database)
    (count,) = connection.execute("SELECT count(*) FROM articles").fetchone()
    (distinct,) = connection.execute("SELECT count(DISTINCT canonical_url) FROM articles").fetchone()
    assert count == distinct == len(expected_records())
    with Archive.open(database, readonly=True) as archive:
        runs = query.list_runs(archive)
    assert len(runs) == 2
    second = max(runs, key=lambda r: r["id"])
    assert second["new"] == 0 and second["unchanged"] >= len(expected_records())


@pytest.mark.slow
def test_crawl_delay_from_robots_spaces_requests(huffpost_server: FixtureServer, tmp_path: Path) -> None:
    scrapy_crawl(huffpost_server, tmp_path / "archive.db", crawl_delay_cap=0.3)
    times = [t for t, path in huffpost_server.log if path.startswith("/entry/")]
    assert len(times) >= 5
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.25, gaps  # robots.txt asks 4 s; the cap brings it to 0.3 s
