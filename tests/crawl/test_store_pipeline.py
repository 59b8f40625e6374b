"""StorePipeline's timed flush: an item queued while a batch is being written is not stranded."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from newsharvest.addon import Defaults
from newsharvest.items import Rejection
from newsharvest.pipelines import PageRejected, StorePipeline


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

    def slow_write(batch):  # type: ignore[no-untyped-def]
        time.sleep(0.1)  # the first batch is still being written when the second item arrives
        return write(batch)

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
