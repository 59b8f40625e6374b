"""Extraction of stored responses, in the worker pool, stored in batches: the engine of
`newsharvest reextract` and `newsharvest import-warc`.

Pages are handed to `ExtractionPool` (`newsharvest.workers`) with at most ``workers ×
per_worker`` in flight, so memory stays flat however large the archive; results are stored
``batch_size`` at a time, each batch in one transaction with the captures its records came
from. A job without a response read already (`Job.response` None) is read from its capture's
WARC record in the worker (`pages.StoredPageTask`): the calling process never reads it. A
page whose job names the record the archive holds for it (`Job.stored`) is compared with it
in the worker: an unchanged one comes back as `Unchanged` and is only counted, neither
signed, sent whole nor stored; an unreadable record comes back as `Unreadable`, counted.
With workers, every page is extracted in one, under the pool's timeout: the calling process
lists, hands over and stores, and never extracts.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newsharvest import defaults
from newsharvest.extract import Article, Rejection
from newsharvest.extract.signature import Extracted, unsigned
from newsharvest.reasons import status_reason
from newsharvest.store import Archive
from newsharvest.store.captures import Capture
from newsharvest.store.retry import while_locked
from newsharvest.tasks import RecheckTask, Unchanged
from newsharvest.warc import pages
from newsharvest.warc.pages import StoredPageTask, Unreadable, page_task
from newsharvest.warc.reader import StoredResponse
from newsharvest.warc.writer import Location
from newsharvest.workers import ExtractionPool, ExtractionTask, default_pool_size, load_extractor

Record = Article | Rejection
Seen = Record | Unchanged | Unreadable
"""What `Rerun.on_stored` sees of each page: its record as stored, `Unchanged`, or
`Unreadable` (its WARC record could not be read)."""
Result = Extracted | Unchanged | Unreadable
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(slots=True)
class Job:
    """One stored response to extract, and whatever its caller needs back with the result:
    the response read already, or None to have the worker read it at `capture`'s location."""

    response: StoredResponse | None
    capture: Capture
    context: Any = None
    stored: tuple[str, str] | None = None
    """The content hash and identity of the article the archive holds for this page: the
    worker then answers `Unchanged` when it extracts that again (`tasks.RecheckTask`)."""


def fetched_at_of(response: StoredResponse) -> str:
    """The WARC-Date as the archive's timestamp text (ISO 8601 UTC, seconds)."""
    try:
        moment = datetime.fromisoformat(response.date.replace("Z", "+00:00"))
    except ValueError:
        return response.date
    return moment.isoformat(timespec="seconds")


def capture_of(response: StoredResponse) -> Capture:
    assert response.location is not None
    return Capture(
        url=response.url,
        status=response.status,
        fetched_at=fetched_at_of(response),
        warc_file=response.location.file,
        warc_offset=response.location.offset,
        warc_length=response.location.length,
    )


class Rerun:
    """Extracts `Job`s in a pool and stores their records; `on_stored` sees each outcome.

    Nothing starts until `run`: its pool (and the pool's fork server) is started there and
    closed before it returns."""

    def __init__(
        self,
        archive: Archive,
        run_id: int,
        *,
        extractor: str = defaults.NEWSHARVEST_EXTRACTOR,
        workers: int = defaults.NEWSHARVEST_EXTRACT_WORKERS,
        batch_size: int = defaults.NEWSHARVEST_STORE_BATCH_SIZE,
        on_stored: Callable[[Job, Seen, str], None] | None = None,
        capture_when: Callable[[Job, Record, str], bool] | None = None,
        store_if: Callable[[Job, Record], bool] | None = None,
    ) -> None:
        load_extractor(extractor)  # a wrong extractor fails before any page
        self.archive = archive
        self.run_id = run_id
        self.extractor = extractor
        self.workers = default_pool_size() if workers < 0 else workers
        self.batch_size = batch_size
        self.on_stored = on_stored
        self.capture_when = capture_when
        """Which stored records get a capture row (default: all)."""
        self.store_if = store_if
        """Which records are stored at all (default: all); the others reach `on_stored` as
        "kept" (the archive left as it was)."""
        self.unchanged = 0
        """Pages found unchanged in the workers (`Job.stored`), never handed to the store."""
        self.sign = archive.link_threshold is not None
        """Whether workers sign articles for linking (the archive links what it stores)."""
        self._pending: list[tuple[Job, Result]] = []
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsharvest-rerun-store")
        self._writes: list[Future[None]] = []
        """Batches being stored by the writer thread, in order: extraction goes on meanwhile."""

    def run(self, jobs: Iterable[Job], profile: str | None = None) -> None:
        """Extract and store every job. `jobs` is read lazily, once the pool's fork server is
        starting: it may list what to extract while the server imports extraction."""
        pool = None
        try:
            if self.workers:
                pool = ExtractionPool(
                    self.workers, gc_threshold=defaults.NEWSHARVEST_GC_THRESHOLD, preload=[pages.__name__]
                )
                pool.start_soon()
            asyncio.run(self._run(pool, jobs, profile))
            self.flush()
        finally:
            self._writer.shutdown(wait=True)
            pages.close_files()  # the records this process read itself (no workers)
        for write in self._writes:
            write.result()  # a batch that failed fails the run, after the others are stored

    async def _run(self, pool: ExtractionPool | None, jobs: Iterable[Job], profile: str | None) -> None:
        queue = iter(jobs)
        if pool is None:
            for job in queue:
                self._done(job, self._extract_inline(job, profile))
            return
        try:

            async def feed() -> None:
                for job in queue:
                    await self._extract(pool, job, profile)

            # As many feeders as pages the workers hold: each hands on its next page as soon
            # as its last is back.
            await asyncio.gather(*(feed() for _ in range(self.workers * pool.per_worker)))
        finally:
            pool.close()

    def _status_rejection(self, job: Job) -> Rejection | None:
        status, url = (job.capture.status, job.capture.url) if job.response is None else (
            job.response.status, job.response.url
        )
        if 200 <= status < 300:
            return None
        return Rejection(url=url, reason=status_reason(status), detail=f"HTTP {status}")

    def _task(self, job: Job, profile: str | None) -> ExtractionTask | RecheckTask | StoredPageTask:
        if job.response is None:
            capture = job.capture
            location = Location(capture.warc_file, capture.warc_offset, capture.warc_length)
            return StoredPageTask(
                location, capture.url, capture.fetched_at, self.extractor, profile, self.sign, job.stored
            )
        task = page_task(job.response, self.extractor, profile, sign=self.sign)
        job.response.body = b""  # the task holds the decoded page
        return task if job.stored is None else RecheckTask(task, *job.stored)

    def _extract_inline(self, job: Job, profile: str | None) -> Result:
        rejection = self._status_rejection(job)
        if rejection is not None:
            return rejection
        return self._task(job, profile).run()

    async def _extract(self, pool: ExtractionPool, job: Job, profile: str | None) -> None:
        record: Result | None = self._status_rejection(job)
        if record is None:
            record = await pool.extract(self._task(job, profile))
        self._done(job, record)

    def _done(self, job: Job, record: Result) -> None:
        if isinstance(record, Unchanged | Unreadable):
            self._pending.append((job, record))  # counted in order with the batch, not stored
        elif self.store_if is not None and not self.store_if(job, unsigned(record)):
            if self.on_stored is not None:  # in the writer thread, in order, like stored ones
                self._writes.append(self._writer.submit(self.on_stored, job, unsigned(record), "kept"))
            return
        else:
            self._pending.append((job, record))
        if len(self._pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Hand the pending records to the writer thread (one transaction per batch)."""
        batch, self._pending = self._pending, []
        if batch:
            self._writes = [w for w in self._writes if not w.done() or w.exception() is not None]
            self._writes.append(self._writer.submit(self._store, batch))

    def _store(self, batch: list[tuple[Job, Result]]) -> None:
        """Store a batch (records, then their captures) in one transaction: the writer thread."""
        kept = [(job, record) for job, record in batch if not isinstance(record, Unchanged | Unreadable)]
        outcomes: list[str] = []
        if kept:
            items = [(record, job.capture.fetched_at) for job, record in kept]
            records = [unsigned(record) for _, record in kept]

            def write() -> list[str]:
                with self.archive.atomic():  # the records and their captures commit together
                    outcomes = self.archive.store_batch(items, self.run_id)
                    captures = [
                        (job.capture, record)
                        for (job, _), record, outcome in zip(kept, records, outcomes, strict=True)
                        if self.capture_when is None or self.capture_when(job, record, outcome)
                    ]
                    self.archive.store_batch([], self.run_id, captures)
                return outcomes

            # a crawl writing to the same archive may hold it or win a race: retried as its batches are
            outcomes = while_locked(write, defaults.NEWSHARVEST_STORE_RETRIES, who="rerun")
        self.unchanged += sum(isinstance(record, Unchanged) for _, record in batch)
        if self.on_stored is not None:
            stored = iter(zip(records, outcomes, strict=True)) if kept else iter(())
            for job, record in batch:
                if isinstance(record, Unchanged):
                    self.on_stored(job, record, "unchanged")
                elif isinstance(record, Unreadable):
                    self.on_stored(job, record, "unreadable")
                else:
                    made, outcome = next(stored)
                    self.on_stored(job, made, outcome)
