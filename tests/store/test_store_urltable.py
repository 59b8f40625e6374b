"""The crawl frontier: queued → fetched → stored / rejected, failures counted."""

from __future__ import annotations

from newsharvest.extract.record import Rejection
from newsharvest.store import Archive
from tests.store.factory import FETCHED, make_article


def test_queue_fetch_store(archive: Archive) -> None:
    article = make_article()
    assert archive.queue_urls([article.url, article.url + "?utm_source=x", "https://x.test/b"]) == 2
    assert archive.queue_urls(["https://x.test/b"]) == 0
    assert archive.frontier_urls("queued") == [article.url, "https://x.test/b"]

    archive.note_fetch(article.url, fetched_at=FETCHED, etag='"abc"', last_modified="Tue, 30 Apr 2024")
    entry = archive.frontier_entry(article.url)
    assert entry is not None
    assert (entry["state"], entry["attempts"], entry["etag"]) == ("fetched", 1, '"abc"')

    archive.store_article(article, fetched_at=FETCHED)
    entry = archive.frontier_entry(article.url + "#top")
    assert entry is not None and entry["state"] == "stored" and entry["article_id"] == 1


def test_failures_and_rejections(archive: Archive) -> None:
    archive.note_fetch("https://x.test/down", error="TimeoutError: 30 s")
    archive.note_fetch("https://x.test/down", error="ConnectionRefusedError")
    entry = archive.frontier_entry("https://x.test/down")
    assert entry is not None
    assert (entry["state"], entry["attempts"], entry["last_error"]) == ("failed", 2, "ConnectionRefusedError")
    assert archive.frontier_urls("failed") == ["https://x.test/down"]

    archive.record_rejection(
        Rejection("https://x.test/v", "not_article", "og:type is video"), fetched_at=FETCHED
    )
    entry = archive.frontier_entry("https://x.test/v")
    assert entry is not None
    assert (entry["state"], entry["last_error"]) == ("rejected", "not_article: og:type is video")
