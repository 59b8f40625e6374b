"""The archive functions the crawl frontier relies on (store/urltable.py, appended part)."""

from __future__ import annotations

from pathlib import Path

from newsharvest.extract.record import Article, Rejection
from newsharvest.reasons import RETRYABLE as RETRY_REASONS
from newsharvest.store import Archive

SITE = "https://news.example.org"


def article(path: str, published: str = "2026-11-20T08:00:00+00:00") -> Article:
    url = SITE + path
    return Article(
        url=url, canonical_url=url, headline=f"Story {path}", body="Text. " * 50, date_published=published
    )


def test_facts_unfinished_and_not_modified(tmp_path: Path) -> None:
    with Archive.open(tmp_path / "a.db") as archive:
        run = archive.begin_run("news")
        urls = [f"{SITE}/story-{n}" for n in range(6)]
        assert archive.queue_urls(urls) == 6
        archive.note_fetch(urls[0], etag='"e0"', last_modified="Thu, 02 Mar 2023 12:00:00 GMT")
        archive.store_batch([(article("/story-0"), "2026-11-21T00:00:00+00:00")], run)
        archive.note_fetch(urls[1])  # fetched, then the crawl died before storing it
        archive.note_fetch(urls[2], error="TimeoutError: took too long")
        gone = Rejection(url=urls[3], reason="not_found", detail="HTTP 404")
        later = Rejection(url=urls[4], reason="retry_later", detail="HTTP 429")
        archive.store_batch([(gone, "2026-11-21"), (later, "2026-11-21")], run)

        facts = archive.frontier_facts([*urls, f"{SITE}/unknown"])
        assert len(facts) == 6
        stored = facts[urls[0]]  # keyed by identity URL: these are already normal
        assert stored["state"] == "stored" and stored["etag"] == '"e0"'
        assert stored["published_utc"] == "2026-11-20T08:00:00Z"
        assert stored["fetched_at"] == "2026-11-21T00:00:00Z"
        assert facts[urls[3]]["reason"] == "not_found"
        assert facts[urls[5]]["state"] == "queued"

        unfinished = archive.unfinished_urls(max_attempts=3, retry_reasons=RETRY_REASONS, limit=100)
        assert sorted(unfinished) == sorted([urls[1], urls[2], urls[4], urls[5]])
        assert urls[2] not in archive.unfinished_urls(max_attempts=1, retry_reasons=RETRY_REASONS, limit=100)

        archive.note_not_modified(urls[0], fetched_at="2026-11-27T00:00:00+00:00", run_id=run)
        after = archive.frontier_facts([urls[0]])[urls[0]]
        assert after["fetched_at"] == "2026-11-27T00:00:00Z" and after["attempts"] == 2
    with Archive.open(tmp_path / "a.db", readonly=True) as archive, archive.reading() as conn:
        assert conn.exec_driver_sql("SELECT unchanged FROM crawl_runs").scalar() == 1


def test_settle_redirect(tmp_path: Path) -> None:
    with Archive.open(tmp_path / "a.db") as archive:
        old, new = f"{SITE}/2023/03/02/old-address", f"{SITE}/story-new"
        archive.queue_urls([old])
        archive.settle_redirect(old, new)  # the target is not finished yet: nothing to copy
        assert archive.frontier_entry(old)["state"] == "queued"
        archive.store_batch([(article("/story-new"), "2026-11-21T00:00:00+00:00")], archive.begin_run("news"))
        archive.settle_redirect(old, new)
        entry, target = archive.frontier_entry(old), archive.frontier_entry(new)
        assert entry is not None and target is not None
        assert entry["state"] == "stored" and entry["article_id"] == target["article_id"]
        assert entry["last_error"] == f"redirected to {new}"
