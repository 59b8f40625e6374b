"""StorePipeline's timed flush: an item queued while a batch is being written is not stranded."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from newsharvest.addon import Defaults
from newsharvest.extract.signature import BANDS, Signed, sign
from newsharvest.items import Rejection
from newsharvest.pipelines import PageRejected, StorePipeline
from tests.store.factory import make_article

BAND_TABLES = ("story_bands", "story_bands_recent")


def test_item_queued_during_a_timed_flush_is_written(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={
        "ADDONS": {Defaults: 0},
        "NEWSHARVEST_DATABASE_URL": f"sqlite:///{tmp_path / 'archive.db'}",
        "NEWSHARVEST_STORE_FLUSH_SECONDS": 0.01,
        "NEWSHARVEST_STORE_BATCH_SIZE": 100,
    })
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    write = pipeline._write

    def slow_write(batch, *captures):  # type: ignore[no-untyped-def]
        time.sleep(0.1)  # the first batch is still being written when the second item arrives
        return write(batch, *captures)

    pipeline._write = slow_write  # type: ignore[method-assign]

    async def crawl() -> None:
        async def store(n: int) -> None:
            with pytest.raises(PageRejected):
                await pipeline.process_item(Rejection(f"https://example.com/{n}", "not_found", "HTTP 404"))

        first = asyncio.ensure_future(store(1))
        await asyncio.sleep(0.05)  # the timed flush of item 1 is writing now
        second = asyncio.ensure_future(store(2))
        # Before the fix, item 2 waited for a flush that nothing would trigger.
        await asyncio.wait_for(asyncio.gather(first, second), timeout=5)
        await pipeline.close_spider()

    asyncio.run(crawl())
    assert pipeline.rejected["not_found"] == 2


def test_a_signed_article_is_stored_with_its_signature_and_exported_alone(tmp_path: Path) -> None:
    database = tmp_path / "archive.db"
    crawler = get_crawler(settings_dict={
        "ADDONS": {Defaults: 0},
        "NEWSHARVEST_DATABASE_URL": f"sqlite:///{database}",
        "NEWSHARVEST_STORE_FLUSH_SECONDS": 0.01,
    })  # fmt: skip
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    article = make_article(1, body=" ".join(f"word{n}" for n in range(80)))
    signed = sign(article)

    async def crawl() -> object:
        exported = await pipeline.process_item(signed)
        await pipeline.close_spider()
        return exported

    assert asyncio.run(crawl()) is article  # feed exports get the record, never the envelope
    with sqlite3.connect(database) as conn:
        [(shingles, blob)] = conn.execute("SELECT shingles, signature FROM article_signatures")
        bands = sum(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in BAND_TABLES)
    assert isinstance(signed, Signed)
    assert (shingles, blob) == (signed.signature.shingles, signed.signature.to_bytes())
    assert bands == BANDS
