"""StorePipeline and a record the archive refuses: recorded as a `store_error`, the rest stored."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from newsharvest.items import Rejection
from newsharvest.pipelines import PageRejected, StorePipeline
from newsharvest.reasons import REJECTION_REASONS
from tests.store.factory import make_article


def test_a_record_the_store_refuses_is_recorded_as_a_failure_and_the_rest_is_stored(tmp_path: Path) -> None:
    database = tmp_path / "archive.db"
    crawler = get_crawler(settings_dict={
        "NEWSHARVEST_DATABASE_URL": f"sqlite:///{database}",
        "NEWSHARVEST_STORE_FLUSH_SECONDS": 0.01,
        "NEWSHARVEST_STORE_BATCH_SIZE": 3,
    })  # fmt: skip
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    good = make_article(1)
    refused = make_article(2, headline="Budget \ud800 vote")  # a lone surrogate: SQLite cannot encode it
    rejected = Rejection("https://www.huffpost.com/entry/gone_n_000003", "not_found", "HTTP 404")

    async def crawl() -> list[object]:
        results = await asyncio.gather(
            pipeline.process_item(good),
            pipeline.process_item(refused),
            pipeline.process_item(rejected),
            return_exceptions=True,
        )
        await pipeline.close_spider()
        return results

    stored, failed, dropped = asyncio.run(crawl())
    assert stored is good
    assert isinstance(failed, UnicodeEncodeError)
    assert isinstance(dropped, PageRejected)
    assert crawler.stats is not None and crawler.stats.get_value("newsharvest/store_failed") == 1
    assert "store_error" in REJECTION_REASONS

    with sqlite3.connect(database) as conn:
        headlines = [row[0] for row in conn.execute("SELECT headline FROM articles")]
        rows = conn.execute("SELECT url, reason, detail FROM rejections")
        rejections = {url: (reason, detail) for url, reason, detail in rows}
        frontier = dict(conn.execute("SELECT url, state FROM urls"))
    assert headlines == [good.headline]
    reason, detail = rejections[refused.url]
    assert reason == "store_error"
    assert detail.startswith("UnicodeEncodeError: ") and "surrogates not allowed" in detail
    assert rejections[rejected.url] == ("not_found", "HTTP 404")
    assert frontier[refused.url] == "rejected"
    assert frontier[good.url] == "stored"


@pytest.mark.parametrize("bad", ["\ud800", "\udfff tail"])
def test_the_failure_row_itself_escapes_what_sqlite_cannot_store(tmp_path: Path, bad: str) -> None:
    crawler = get_crawler(settings_dict={"NEWSHARVEST_DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"})
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    refused = make_article(4, url=f"https://www.huffpost.com/entry/x{bad}_n_000004", dek=bad)

    async def crawl() -> BaseException | object:
        try:
            return await pipeline.process_item(refused)
        except Exception as error:
            return error
        finally:
            await pipeline.close_spider()

    assert isinstance(asyncio.run(crawl()), UnicodeEncodeError)
    with sqlite3.connect(tmp_path / "a.db") as conn:
        [(url, reason)] = list(conn.execute("SELECT url, reason FROM rejections"))
    assert reason == "store_error"
    assert url == refused.url.encode("utf-8", "backslashreplace").decode()
