"""Thin adapters between Scrapy and the pure stages: extraction, then storage.

`ExtractPipeline` turns a `RawPage` into an `Article` or a `Rejection`, in a pool of worker
processes (``NEWSHARVEST_EXTRACT_WORKERS``; 0 extracts inline). `StorePipeline` writes
records to the archive in batched transactions from one writer thread, and lets an item
go on to feed exports only once its transaction has committed.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newsharvest.downloadermiddlewares.warc import PendingCapture, capture_log
from newsharvest.extract.signature import Extracted, Signed, unsigned
from newsharvest.items import Article, RawPage, Rejection
from newsharvest.outcomes import run_counts
from newsharvest.reasons import Reason
from newsharvest.store import Archive
from newsharvest.store.captures import Capture
from newsharvest.store.errors import DatabaseUnavailable
from newsharvest.store.identity import identity_url
from newsharvest.store.retry import while_locked
from newsharvest.tasks import rejection_for_status, task_for
from newsharvest.workers import DEFAULT_EXTRACTOR, ExtractionPool, default_pool_size, load_extractor

logger = logging.getLogger(__name__)

Record = Article | Rejection
T = TypeVar("T")
Captured = Sequence[tuple[PendingCapture, Record | None]]
"""WARC captures to store with a batch, each with the record made from its page (if any)."""


def written(captured: Captured) -> list[tuple[Capture, Record | None]]:
    """The captures whose records are on disk, waiting for those still being written (the
    writer thread only: the archive never points at a record before it is whole)."""
    return [(capture, record) for pending, record in captured if (capture := pending.result()) is not None]


class PageRejected(DropItem):
    """A page recorded as a rejection: dropped from exports, kept in the archive."""


class SeenThisRun(DropItem):
    """An article already stored and exported in this run under another address."""


class NotStored(DropItem):
    """A record the archive's database was not there to take (it stays queued there)."""


class ExtractPipeline:
    """RawPage → Article or Rejection, through `newsharvest.extract.extract_article`.

    With linking on (``NEWSHARVEST_LINK_THRESHOLD`` > 0) an article comes out `Signed`: its
    body's signature is computed in the worker, and `StorePipeline` passes the article alone
    on to exports.
    """

    def __init__(
        self,
        workers: int,
        timeout: float,
        extractor: str,
        per_worker: int,
        gc_threshold: int,
        sign: bool = False,
    ) -> None:
        self.pool = (
            ExtractionPool(workers, timeout, per_worker=per_worker, gc_threshold=gc_threshold)
            if workers > 0
            else None
        )
        self.extractor = extractor
        self.sign = sign
        if self.pool is None or extractor != DEFAULT_EXTRACTOR:
            # a wrong NEWSHARVEST_EXTRACTOR fails at start, not per page; the default one is
            # ours and only the workers import it (all of extraction, not needed here)
            load_extractor(extractor)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        workers = crawler.settings.getint("NEWSHARVEST_EXTRACT_WORKERS")
        return cls(
            workers=default_pool_size() if workers < 0 else workers,
            timeout=crawler.settings.getfloat("NEWSHARVEST_EXTRACT_TIMEOUT"),
            extractor=crawler.settings["NEWSHARVEST_EXTRACTOR"],
            per_worker=crawler.settings.getint("NEWSHARVEST_EXTRACT_PAGES_PER_WORKER"),
            gc_threshold=crawler.settings.getint("NEWSHARVEST_GC_THRESHOLD"),
            sign=crawler.settings.getfloat("NEWSHARVEST_LINK_THRESHOLD") > 0,
        )

    async def open_spider(self, spider: Spider | None = None) -> None:
        if self.pool is not None:
            await self.pool.start()

    async def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if not isinstance(item, RawPage):
            return item
        rejection = rejection_for_status(item)
        if rejection is not None:
            return rejection
        task = task_for(item, self.extractor, sign=self.sign)
        item.body = b""  # the raw HTML is released as soon as its task holds it
        if self.pool is None:
            return task.run()
        return await self.pool.extract(task)

    def close_spider(self, spider: Spider | None = None) -> None:
        if self.pool is not None:
            self.pool.close()


class StorePipeline:
    """Writes articles and rejections to the archive and records the crawl run.

    Items are buffered and written in one transaction per batch — when
    ``NEWSHARVEST_STORE_BATCH_SIZE`` items wait, every ``NEWSHARVEST_STORE_FLUSH_SECONDS``,
    and when the spider closes — from a single writer thread, so the reactor never waits on
    SQLite. A locked database is retried with backoff; an item whose batch cannot be
    written is logged as an error, never silently lost. Articles go on to feed exports
    (``-O out.jsonl``) only once stored; rejections are stored, then dropped from exports.

    A PostgreSQL archive that goes away is waited for (``NEWSHARVEST_DATABASE_OUTAGE_SECONDS``):
    the batch is written when it is back. Past that wait the crawl is closed with the reason
    ``database_unavailable``: the items not stored fail (stat ``newsharvest/store/unavailable``),
    and their addresses, queued in the archive before they were fetched, are fetched again by
    the next run.
    """

    CLOSE_REASON = "database_unavailable"

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.database_url = settings.get("NEWSHARVEST_DATABASE_URL")
        self.batch_size = settings.getint("NEWSHARVEST_STORE_BATCH_SIZE")
        self.flush_seconds = settings.getfloat("NEWSHARVEST_STORE_FLUSH_SECONDS")
        self.retries = settings.getint("NEWSHARVEST_STORE_RETRIES")
        self.outage = settings.getfloat("NEWSHARVEST_DATABASE_OUTAGE_SECONDS")
        self.database_lost = False
        self._closing: asyncio.Future[None] | None = None
        threshold = settings.getfloat("NEWSHARVEST_LINK_THRESHOLD")
        self.link_threshold = threshold if threshold > 0 else None
        """Estimated containment from which stored copies are linked; None: no linking."""
        self.archive: Archive | None = None
        self.run_id: int | None = None
        self.outcomes: Counter[str] = Counter()
        self.rejected: Counter[str] = Counter()
        self.stored_this_run: set[str] = set()
        self._pending: list[tuple[Extracted, str, asyncio.Future[str]]] = []
        self.captures = capture_log(crawler)
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsharvest-store")
        self._flusher: asyncio.Task[None] | None = None
        self._flushing: asyncio.Lock | None = None
        self.longest_write = 0.0
        """Longest batch write in seconds (it runs off the reactor thread)."""
        self._finishing: asyncio.Future[None] | None = None
        """The writer's linking after the last batch (`_finish_batches`), awaited at close."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self, spider: Spider | None = None) -> None:
        self.archive = Archive.open(self.database_url)
        self.archive.link_threshold = self.link_threshold
        self.run_id = self.archive.begin_run(self._spider_name())
        if self.crawler.stats:  # the frontier middleware counts 304 answers in this run
            self.crawler.stats.set_value("newsharvest/run_id", self.run_id)
        logger.info("Archiving into %s (crawl run %s)", self.database_url, self.run_id)

    def _spider_name(self) -> str:
        return self.crawler.spider.name if self.crawler.spider else "unknown"

    async def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if not isinstance(item, Article | Rejection | Signed):
            return item
        stored, item = item, unsigned(item)
        identity = identity_url(item.canonical_url) if isinstance(item, Article) else None
        seen_before = identity is not None and identity in self.stored_this_run
        if identity is not None:
            self.stored_this_run.add(identity)
        try:
            outcome = await self._store(stored)
        except DatabaseUnavailable as error:
            raise NotStored(f"not stored, fetched again by the next run: {item.url} ({error})") from error
        if isinstance(item, Rejection):
            self.rejected[item.reason] += 1
            self._stat(f"newsharvest/rejected/{item.reason}")
            raise PageRejected(f"rejected {item.url}: {item.reason} ({item.detail})")
        if seen_before:
            self._stat("newsharvest/articles/seen_again")
            raise SeenThisRun(f"already archived in this run: {item.url}")
        self.outcomes[outcome] += 1
        self._stat(f"newsharvest/articles/{outcome}")
        return item

    async def _store(self, record: Extracted) -> str:
        """Queue `record` for the next batch; resolves with its outcome once committed."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[str] = loop.create_future()
        self._pending.append((record, datetime.now(UTC).isoformat(timespec="seconds"), future))
        if len(self._pending) >= self.batch_size:
            await self.flush()
        elif self._flusher is None or self._flusher.done():
            self._flusher = asyncio.ensure_future(self._flush_later())
        return await future

    async def _flush_later(self) -> None:
        # Items queued while this flush was writing saw a live flusher and armed none: keep
        # flushing until none is left, or the last items of a crawl wait forever.
        while True:
            await asyncio.sleep(self.flush_seconds)
            await self.flush()
            if not self._pending:
                return

    async def flush(self) -> None:
        """Write every pending item in one transaction, off the reactor thread."""
        if self._flushing is None:
            self._flushing = asyncio.Lock()
        async with self._flushing:
            batch, self._pending = self._pending, []
            captured: list[tuple[PendingCapture, Record | None]] = [
                (capture, record)
                for record in (unsigned(stored) for stored, _, _ in batch)
                if (capture := self.captures.claim(record.url)) is not None
            ]
            captured.extend((capture, None) for capture in self.captures.take_unclaimed())
            loop = asyncio.get_running_loop()
            if not batch:
                if captured:
                    await loop.run_in_executor(self._writer, self._write_captures, captured)
                return
            results = await loop.run_in_executor(self._writer, self._write, batch, captured)
            # linking after the commit, next in the writer's queue: the pages go on meanwhile
            self._finishing = loop.run_in_executor(self._writer, self._finish_batches)
            for (_, _, future), result in zip(batch, results, strict=True):
                if future.done():
                    continue
                if isinstance(result, BaseException):
                    self._stat("newsharvest/store_failed")
                    if isinstance(result, DatabaseUnavailable):
                        self._stat("newsharvest/store/unavailable")
                    future.set_exception(result)
                else:
                    future.set_result(result)
            lost = next((r for r in results if isinstance(r, DatabaseUnavailable)), None)
            if lost is not None:
                self._close_for(lost)

    def _close_for(self, error: DatabaseUnavailable) -> None:
        """Close the crawl: the archive is gone for longer than the crawl waits for it."""
        if self.database_lost:
            return
        self.database_lost = True
        logger.error("Closing the crawl: %s; the pages fetched and not stored stay queued", error)
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            self._closing = asyncio.ensure_future(engine.close_spider_async(reason=self.CLOSE_REASON))

    def _write(
        self, batch: list[tuple[Extracted, str, asyncio.Future[str]]], captured: Captured = ()
    ) -> list[str | BaseException]:
        """Runs in the writer thread: the batch (and its WARC captures) in one transaction,
        retried while locked; when the batch fails for another reason, item by item, so one
        bad record fails alone."""
        assert self.archive is not None
        items = [(record, fetched_at) for record, fetched_at, _ in batch]
        started = time.monotonic()
        try:
            return list(self._with_retries(partial(self._store_many, items, captured)))
        except DatabaseUnavailable as gone:  # item by item would only fail the same way
            return [gone] * len(items)
        except Exception as batch_error:
            logger.warning("Batch of %d items failed (%s); storing one by one", len(items), batch_error)
            results: list[str | BaseException] = []
            for pair in items:
                try:
                    results.extend(self._with_retries(partial(self._store_many, [pair])))
                except Exception as error:
                    results.append(error)
                    self._store_failure(pair, error)
            self._write_captures(captured)
            return results
        finally:
            self.longest_write = max(self.longest_write, time.monotonic() - started)

    def _finish_batches(self) -> None:
        """Runs in the writer thread after a batch: its articles linked to their copies on
        PostgreSQL (`Archive.finish_batches`, which logs what fails and never raises)."""
        if self.archive is not None:
            self.archive.finish_batches()

    def _store_failure(self, pair: tuple[Extracted, str], error: Exception) -> None:
        """Record a record the archive refused as a `store_error` rejection of its URL, so that
        the failure and its reason are in the archive, not only in the log."""
        record, fetched_at = unsigned(pair[0]), pair[1]
        detail = f"{type(error).__name__}: {error}"
        failure = Rejection(
            url=_storable(record.url), reason=Reason.STORE_ERROR, detail=_storable(detail)[:500]
        )
        try:
            self._with_retries(partial(self._store_many, [(failure, fetched_at)]))
        except Exception:
            logger.exception("Could not record the store failure of %r", record.url)

    def _store_many(self, items: list[tuple[Extracted, str]], captured: Captured = ()) -> list[str]:
        assert self.archive is not None
        return self.archive.store_batch(items, self.run_id, written(captured), link_later=True)

    def _write_captures(self, captured: Captured) -> None:
        """Captures alone (no record of this batch came from them), in the writer thread."""
        try:
            self._with_retries(partial(self._store_many, [], captured))
        except Exception as error:
            logger.error("%d WARC captures not recorded in the archive: %s", len(captured), error)

    def _with_retries(self, write: Callable[[], T]) -> T:
        """`write()`, retried while another writer holds the archive (NEWSHARVEST_STORE_RETRIES)."""
        return while_locked(write, self.retries, who="store pipeline", outage=self.outage)

    def _stat(self, key: str) -> None:
        if self.crawler.stats:
            self.crawler.stats.inc_value(key)

    async def close_spider(self, spider: Spider | None = None) -> None:
        if self.archive is None:
            return
        await self.flush()
        if self._finishing is not None:
            await self._finishing
        leftover: Captured = [(capture, None) for capture in self.captures.take_all()]
        if leftover:
            await asyncio.get_running_loop().run_in_executor(self._writer, self._write_captures, leftover)
        if self.crawler.stats:
            self.crawler.stats.set_value("newsharvest/longest_store_write", round(self.longest_write, 3))

    async def spider_closed(self, spider: Spider, reason: str = "finished") -> None:
        """Record the run's end with Scrapy's true finish reason (``shutdown`` after Ctrl-C):
        pipelines close before Scrapy knows it, the `spider_closed` signal carries it."""
        if self.archive is None:
            return
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        counts = run_counts(stats, reason)
        archive, run_id = self.archive, self.run_id
        self.archive = None
        if run_id is not None:
            try:
                await asyncio.get_running_loop().run_in_executor(
                    self._writer,
                    lambda: self._with_retries(
                        lambda: archive.finish_run(run_id, finish_reason=reason, stats=counts)
                    ),
                )
            except DatabaseUnavailable as error:
                logger.error(
                    "Crawl run %s not recorded as ended (%s): %s; the next crawl marks it interrupted",
                    run_id, reason, error,
                )  # fmt: skip
        self._writer.shutdown(wait=True)
        archive.close()


def _storable(text: str) -> str:
    """`text` with anything UTF-8 cannot encode (lone surrogates) escaped as ``\\udxxx``."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
