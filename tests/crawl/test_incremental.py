"""Incremental runs: the frontier in the archive decides what a run fetches."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsharvest.frontier import plan
from newsharvest.testing.server import FixtureServer
from tests.support.crawling import rows, runs, scrapy_crawl

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
WEEK = timedelta(days=7)


def fact(state: str = "stored", **values: object) -> dict[str, object]:
    base: dict[str, object] = {
        "state": state, "attempts": 1, "etag": '"abc"', "last_modified": None,
        "fetched_at": "2026-11-01T00:00:00+00:00", "published_utc": "2023-03-02T11:45:00Z", "reason": None,
    }  # fmt: skip
    return {**base, **values}


@pytest.mark.parametrize(
    ("known", "lastmod", "why", "fetch"),
    [
        (None, None, "new", True),
        (fact("queued"), None, "unfinished", True),
        (fact("fetched"), None, "unfinished", True),  # killed between fetch and store
        (fact("failed", attempts=2), None, "retry", True),
        (fact("failed", attempts=3), None, "gave_up", False),
        (fact("rejected", reason="retry_later"), None, "retry", True),
        (fact("rejected", reason="not_found"), None, "unchanged", False),
        (fact(), None, "unchanged", False),
        (fact(), "2023-03-02", "unchanged", False),  # lastmod older than our fetch
        (fact(), "2026-11-26T08:00:00Z", "lastmod_moved", True),
        (fact(), "2026-10-30", "unchanged", False),  # moved, but before the window
        (fact(published_utc="2026-11-25T10:00:00Z"), None, "recent", True),
        (fact("rejected", reason="not_article"), "2026-11-26", "lastmod_moved", True),
    ],
)
def test_plan(known: dict[str, object] | None, lastmod: str | None, why: str, fetch: bool) -> None:
    decision = plan(known, lastmod, now=NOW, revisit=WEEK, max_attempts=3)
    assert (decision.why, decision.fetch) == (why, fetch)
    if why in {"lastmod_moved", "recent"}:
        assert decision.validators == {"If-None-Match": '"abc"'}
    else:
        assert decision.validators == {}


def test_no_revisits_with_a_zero_window() -> None:
    recent = fact(published_utc="2026-11-27T10:00:00Z")
    assert not plan(recent, "2026-11-27", now=NOW, revisit=timedelta(0), max_attempts=3).fetch


def discovery(path: str) -> bool:
    return path == "/robots.txt" or path.startswith(("/sitemaps", "/section/world-news/feed"))


@pytest.mark.slow
def test_second_run_over_unchanged_replica_fetches_only_discovery(
    huffpost_server: FixtureServer, tmp_path: Path
) -> None:
    database = tmp_path / "archive.db"
    crawl = ("huffpost", database, "-a", f"base_url={huffpost_server.base_url}")
    scrapy_crawl(*crawl)
    first = [path for _, path in huffpost_server.log]
    articles = rows(database, "SELECT id, last_seen, content_hash FROM articles ORDER BY id")
    rejections = rows(database, "SELECT identity_url, reason FROM rejections ORDER BY 1")
    assert len(articles) == 8 and any(p.startswith("/entry/") for p in first)

    scrapy_crawl(*crawl)
    second = [path for _, path in huffpost_server.log[len(first) :]]
    assert second and all(discovery(p) for p in second), second
    assert Counter(second) == Counter(p for p in first if discovery(p))  # the same discovery requests
    assert rows(database, "SELECT id, last_seen, content_hash FROM articles ORDER BY id") == articles
    assert rows(database, "SELECT identity_url, reason FROM rejections ORDER BY 1") == rejections
    run = runs(database)[-1]
    assert (run["new"], run["updated"], run["unchanged"], run["finish_reason"]) == (0, 0, 0, "finished")
    assert run["pages"] == len(second)
    # At most discovery documents (sitemaps robots.txt names that 404) are recorded again.
    assert run["rejected"] == sum(1 for url, _ in rejections if "/entry/" not in url)
    states = dict(rows(database, "SELECT state, count(*) FROM urls GROUP BY state"))
    assert set(states) <= {"stored", "rejected"}


@pytest.mark.slow
def test_revisit_sends_validators_and_records_304_as_unchanged(
    huffpost_server: FixtureServer, tmp_path: Path
) -> None:
    database = tmp_path / "archive.db"
    crawl = ("huffpost", database, "-a", f"base_url={huffpost_server.base_url}")
    scrapy_crawl(*crawl)
    etags = dict(rows(database, "SELECT url, etag FROM urls WHERE state = 'stored'"))
    assert len(etags) == 8 and all(etags.values())
    before = len(huffpost_server.log)

    scrapy_crawl(*crawl, "-s", "NEWSHARVEST_REVISIT_DAYS=36500")  # every story counts as recent
    requests = zip(huffpost_server.log[before:], huffpost_server.headers[before:], strict=True)
    revisited = [(path, headers) for (_, path), headers in requests if path.startswith("/entry/")]
    assert {huffpost_server.base_url + path for path, _ in revisited} == set(etags)
    for path, headers in revisited:
        assert headers.get("If-None-Match") == etags[huffpost_server.base_url + path]
        assert headers.get("If-Modified-Since")
    run = runs(database)[-1]
    assert (run["new"], run["updated"], run["unchanged"]) == (0, 0, 8)
    assert rows(database, "SELECT count(*) FROM articles") == [(8,)]
    assert rows(database, "SELECT count(*) FROM urls WHERE attempts = 2 AND state = 'stored'") == [(8,)]


@pytest.mark.slow
def test_a_story_whose_lastmod_moved_is_fetched_again(tmp_path: Path) -> None:
    from benchmarks.replica import generate_replica
    from newsharvest.testing.server import serving

    root = tmp_path / "replica"
    urls = generate_replica(root, articles=12, seed=3)
    database = tmp_path / "archive.db"
    with serving("huffpost", root=root) as server:
        crawl = ("huffpost", database, "-a", f"base_url={server.base_url}")
        scrapy_crawl(*crawl)
        assert rows(database, "SELECT count(*) FROM articles") == [(12,)]

        # The site corrects one story: its page changes and its sitemap lastmod moves to now.
        path = "/" + urls[4].split("/", 3)[3]
        page = root / f"{path.lstrip('/')}.html"
        page.write_text(page.read_text().replace("</h1>", " (Updated)</h1>", 1))
        now = datetime.now(UTC).isoformat(timespec="seconds")
        for sitemap in (root / "sitemaps").rglob("*.xml"):
            text = sitemap.read_text()
            start = text.find(urls[4])
            entry_end = text.find("</url>", start)
            if start >= 0 and "<lastmod>" in text[start:entry_end]:
                open_tag = text.index("<lastmod>", start) + len("<lastmod>")
                sitemap.write_text(text[:open_tag] + now + text[text.index("</lastmod>", start) :])
        before = len(server.log)
        scrapy_crawl(*crawl)
        fetched = [p for _, p in server.log[before:] if p.startswith("/entry/")]
        sent = zip(server.log[before:], server.headers[before:], strict=True)
        headers = [h for (_, p), h in sent if p == path]
    assert fetched == [path]
    assert headers[0].get("If-None-Match")  # conditional; the page changed, so a 200 came back
    run = runs(database)[-1]
    assert (run["new"], run["updated"], run["unchanged"]) == (0, 1, 0)
    [(headline,)] = rows(database, "SELECT headline FROM articles WHERE headline LIKE '%(Updated)'")
    assert headline.endswith("(Updated)")
