"""The extraction pool: same records as inline, and a crashed or hung worker costs one page."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
from pathlib import Path

import pytest

from newsharvest import query
from newsharvest.contents import content_hash, record_of
from newsharvest.extract import Article, Rejection, extract_article
from newsharvest.extract.signature import BANDS, Signed, signature
from newsharvest.store import Archive
from newsharvest.tasks import RecheckTask, Unchanged
from newsharvest.testing.server import FixtureServer
from newsharvest.urls import identity_url
from newsharvest.workers import ExtractionPool, ExtractionTask
from tests.conftest import extraction_cases
from tests.crawl.test_huffpost import expected_records, scrapy_crawl

G20 = next(c for c in extraction_cases("huffpost") if c.name == "g20-wire-story")


def g20_task(extractor: str = "newsharvest.extract.extract_article") -> ExtractionTask:
    return ExtractionTask(body=G20.page_bytes() or b"", url=G20.url, extractor=extractor)


def run(coroutine):  # type: ignore[no-untyped-def]
    return asyncio.run(coroutine)


def test_pool_gives_the_same_record_as_inline() -> None:
    async def scenario() -> Article | Rejection:
        pool = ExtractionPool(2, timeout=30)
        try:
            return await pool.extract(g20_task())
        finally:
            pool.close()

    pooled = run(scenario())
    assert pooled == extract_article(G20.page_bytes() or b"", G20.url)


def test_a_signing_task_gives_the_article_with_its_body_signature() -> None:
    async def scenario() -> object:
        pool = ExtractionPool(1, timeout=30)
        try:
            task = g20_task()
            task.sign = True
            return await pool.extract(task)
        finally:
            pool.close()

    signed = run(scenario())
    inline = extract_article(G20.page_bytes() or b"", G20.url)
    assert isinstance(signed, Signed) and isinstance(inline, Article)
    assert signed.article == inline
    expected = signature(inline.body)
    assert signed.signature == expected
    assert signed.signature.keys == expected.keys and len(expected.bands()) == BANDS


def test_workers_freeze_their_modules_and_take_the_gc_threshold() -> None:
    async def scenario() -> Article | Rejection:
        pool = ExtractionPool(1, timeout=30, gc_threshold=23_456)
        try:
            return await pool.extract(g20_task("tests.support.chaos.report_gc"))
        finally:
            pool.close()

    record = run(scenario())
    assert isinstance(record, Rejection)
    assert record.detail == "threshold=(23456, 20, 20) frozen=True"


def test_hung_worker_is_replaced_and_the_page_recorded() -> None:
    async def scenario() -> tuple[Article | Rejection, Article | Rejection, int]:
        pool = ExtractionPool(1, timeout=1.0)
        try:
            hung = await pool.extract(
                ExtractionTask(body=b"<html></html>", url="https://x.test/valcour-belle-ferry",
                               extractor="tests.support.chaos.extract_or_misbehave")
            )
            after = await pool.extract(g20_task())
            return hung, after, pool.replaced
        finally:
            pool.close()

    hung, after, replaced = run(scenario())
    assert isinstance(hung, Rejection) and hung.reason == "extraction_error"
    assert "timed out after 1s" in hung.detail
    assert isinstance(after, Article) and after.headline.startswith("Blinken, Lavrov")
    assert replaced == 1


def test_worker_killed_mid_page_is_replaced_and_the_page_recorded() -> None:
    async def scenario() -> tuple[Article | Rejection, Article | Rejection]:
        pool = ExtractionPool(1, timeout=30)
        try:
            pending = asyncio.ensure_future(pool.extract(g20_task("tests.support.chaos.slow_extract")))
            await asyncio.sleep(0.2)  # the worker has started (forkserver) and holds the page
            while not pool.pids():
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.5)
            os.kill(pool.pids()[0], signal.SIGKILL)
            killed = await pending
            after = await pool.extract(g20_task())
            return killed, after
        finally:
            pool.close()

    killed, after = run(scenario())
    assert isinstance(killed, Rejection) and killed.reason == "extraction_error"
    assert "worker died" in killed.detail
    assert isinstance(after, Article)


def test_pages_sent_ahead_to_a_worker_that_dies_go_to_its_replacement() -> None:
    async def scenario() -> tuple[list[Article | Rejection], int]:
        pool = ExtractionPool(1, timeout=30, per_worker=3)
        try:
            crash = ExtractionTask(body=b"<html></html>", url="https://x.test/chatgpt-high-school-essay",
                                   extractor="tests.support.chaos.extract_or_misbehave")
            # All three are sent to the one worker at once; the first kills it.
            records = await asyncio.gather(*(pool.extract(t) for t in (crash, g20_task(), g20_task())))
            return list(records), pool.replaced
        finally:
            pool.close()

    (crashed, *others), replaced = run(scenario())
    assert isinstance(crashed, Rejection) and "worker died" in crashed.detail
    assert all(isinstance(r, Article) and r.headline.startswith("Blinken, Lavrov") for r in others)
    assert replaced == 1


def test_pages_in_flight_are_bounded() -> None:
    async def scenario() -> tuple[list[int], int, list[Article | Rejection]]:
        pool = ExtractionPool(2, timeout=30, per_worker=2)
        try:
            await pool.start()
            pending = [asyncio.ensure_future(pool.extract(g20_task())) for _ in range(7)]
            await asyncio.sleep(0)  # every call has queued its page
            held = [len(w.held) for w in pool._workers]
            waiting = len(pool._waiting)
            return held, waiting, list(await asyncio.gather(*pending))
        finally:
            pool.close()

    held, waiting, records = run(scenario())
    assert held == [2, 2] and waiting == 3
    assert len(records) == 7 and all(isinstance(r, Article) for r in records)


@pytest.mark.slow
def test_crawl_survives_a_hanging_and_a_crashing_page(huffpost_server: FixtureServer, tmp_path: Path) -> None:
    database = tmp_path / "archive.db"
    scrapy_crawl(
        huffpost_server, database,
        "-s", "NEWSHARVEST_EXTRACTOR=tests.support.chaos.extract_or_misbehave",
        "-s", "NEWSHARVEST_EXTRACT_WORKERS=2",
        "-s", "NEWSHARVEST_EXTRACT_TIMEOUT=2",
    )
    with Archive.open(database, readonly=True) as archive:
        failures = {
            r["url"].rsplit("/", 1)[1]: r["detail"]
            for r in query.list_rejections(archive, reason="extraction_error")
        }
        runs = query.list_runs(archive)
        stored = query.count_articles(archive)
    assert len(failures) == 2
    hang = next(detail for url, detail in failures.items() if url.startswith("valcour-belle-ferry"))
    crash = next(detail for url, detail in failures.items() if url.startswith("chatgpt-high-school"))
    assert "timed out" in hang and "worker died" in crash
    assert stored == len(expected_records()) - 2
    assert runs[0]["finish_reason"] == "finished"


@pytest.mark.slow
def test_pool_on_and_off_archive_the_same_records(huffpost_server: FixtureServer, tmp_path: Path) -> None:
    records = {}
    for workers in (0, 2):
        database = tmp_path / f"workers-{workers}.db"
        scrapy_crawl(huffpost_server, database, "-s", f"NEWSHARVEST_EXTRACT_WORKERS={workers}")
        connection = sqlite3.connect(database)
        urls = [row[0] for row in connection.execute("SELECT canonical_url FROM articles")]
        with Archive.open(database, readonly=True) as archive:
            records[workers] = {
                url: {k: v for k, v in (query.get_article(archive, url) or {}).items()
                      if k not in {"id", "first_seen", "last_seen", "url"}}
                for url in urls
            }
    assert records[0] == records[2]
    assert len(records[0]) == len(expected_records())


def test_a_recheck_task_answers_unchanged_only_for_the_stored_record() -> None:
    """Unchanged exactly when the store would find the stored article by its identity with the
    same content hash: same hash under another identity, or another hash, comes back whole."""
    inline = extract_article(G20.page_bytes() or b"", G20.url)
    assert isinstance(inline, Article)
    stored_hash = content_hash(record_of(inline))
    identity = identity_url(inline.canonical_url or inline.url)
    assert identity != (inline.canonical_url or inline.url)  # www. and the scheme normalised

    def recheck(hash_: str, identity_: str) -> object:
        task = g20_task()
        task.sign = True
        return RecheckTask(task, hash_, identity_).run()

    assert recheck(stored_hash, identity) == Unchanged(inline.url)
    for other in (recheck("0" * 64, identity), recheck(stored_hash, identity + "/page-2")):
        assert isinstance(other, Signed) and other.article == inline  # whole, and signed

    async def pooled() -> object:
        pool = ExtractionPool(1, timeout=30)
        try:
            return await pool.extract(RecheckTask(g20_task(), stored_hash, identity))
        finally:
            pool.close()

    assert run(pooled()) == Unchanged(inline.url)
