"""Extraction of stored responses, in the worker pool, stored in batches: the engine of
`newsharvest reextract` and `newsharvest import-warc`.

Pages are read from WARC records one at a time and handed to `ExtractionPool`
(`newsharvest.workers`) with at most ``workers × per_worker`` in flight, so memory stays
flat however large the archive; results are stored ``batch_size`` at a time, each batch in
one transaction with the captures its records came from.
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
from newsharvest.warc.reader import StoredResponse
from newsharvest.workers import ExtractionPool, ExtractionTask, default_pool_size, load_extractor

Record = Article | Rejection
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(slots=True)
class Job:
    """One stored response to extract, and whatever its caller needs back with the result."""

    response: StoredResponse
    capture: Capture
    context: Any = None


def fetched_at_of(response: StoredResponse) -> str:
    """The WARC-Date as the archive's timestamp text (ISO 8601 UTC, seconds)."""
    try:
        moment = datetime.fromisoformat(response.date.replace("Z", "+00:00"))
    except ValueError:
        return response.date
    return moment.isoformat(timespec="seconds")


def task_of(
    response: StoredResponse, extractor: str, profile: str | None = None, *, sign: bool = False
) -> ExtractionTask:
    """The extraction task for a stored response: its body decoded, its URL, date and type
    (`sign`: the article's body signed for linking, in the worker)."""
    try:
        fetched = datetime.fromisoformat(response.date.replace("Z", "+00:00"))
    except ValueError:
        fetched = None
    return ExtractionTask(
        extractor=extractor,
        body=response.payload(),
        url=response.url,
        fetched_at=fetched,
        content_type=response.header("content-type"),
        profile=profile,
        sign=sign,
    )


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
    """Extracts `Job`s in a pool and stores their records; `on_stored` sees each outcome."""

    def __init__(
        self,
        archive: Archive,
        run_id: int,
        *,
        extractor: str = defaults.NEWSHARVEST_EXTRACTOR,
        workers: int = defaults.NEWSHARVEST_EXTRACT_WORKERS,
        batch_size: int = defaults.NEWSHARVEST_STORE_BATCH_SIZE,
        on_stored: Callable[[Job, Record, str], None] | None = None,
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
        self.sign = archive.link_threshold is not None
        """Whether workers sign articles for linking (the archive links what it stores)."""
        self._pending: list[tuple[Job, Extracted]] = []
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsharvest-rerun-store")
        self._writes: list[Future[None]] = []
        """Batches being stored by the writer thread, in order: extraction goes on meanwhile."""

    def run(self, jobs: Iterable[Job], profile: str | None = None) -> None:
        try:
            asyncio.run(self._run(jobs, profile))
            self.flush()
        finally:
            self._writer.shutdown(wait=True)
        for write in self._writes:
            write.result()  # a batch that failed fails the run, after the others are stored

    async def _run(self, jobs: Iterable[Job], profile: str | None) -> None:
        if self.workers == 0:
            for job in jobs:
                self._done(job, self._extract_inline(job, profile))
            return
        pool = ExtractionPool(self.workers, gc_threshold=defaults.NEWSHARVEST_GC_THRESHOLD)
        await pool.start()
        limit = self.workers * pool.per_worker
        in_flight: set[asyncio.Future[None]] = set()
        try:
            for job in jobs:
                if len(in_flight) >= limit:
                    _, in_flight = await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
                in_flight.add(asyncio.ensure_future(self._extract(pool, job, profile)))
            if in_flight:
                await asyncio.gather(*in_flight)
        finally:
            pool.close()

    def _status_rejection(self, job: Job) -> Rejection | None:
        status = job.response.status
        if 200 <= status < 300:
            return None
        return Rejection(url=job.response.url, reason=status_reason(status), detail=f"HTTP {status}")

    def _extract_inline(self, job: Job, profile: str | None) -> Extracted:
        rejection = self._status_rejection(job)
        if rejection is not None:
            return rejection
        return task_of(job.response, self.extractor, profile, sign=self.sign).run()

    async def _extract(self, pool: ExtractionPool, job: Job, profile: str | None) -> None:
        record: Extracted | None = self._status_rejection(job)
        if record is None:
            task = task_of(job.response, self.extractor, profile, sign=self.sign)
            job.response.body = b""  # the pool's task holds the decoded page
            record = await pool.extract(task)
        self._done(job, record)

    def _done(self, job: Job, record: Extracted) -> None:
        if self.store_if is not None and not self.store_if(job, unsigned(record)):
            if self.on_stored is not None:  # in the writer thread, in order, like stored ones
                self._writes.append(self._writer.submit(self.on_stored, job, unsigned(record), "kept"))
            return
        self._pending.append((job, record))
        if len(self._pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Hand the pending records to the writer thread (one transaction per batch)."""
        batch, self._pending = self._pending, []
        if batch:
            self._writes = [w for w in self._writes if not w.done() or w.exception() is not None]
            self._writes.append(self._writer.submit(self._store, batch))

    def _store(self, batch: list[tuple[Job, Extracted]]) -> None:
        """Store a batch (records, then their captures) in one transaction: the writer thread."""
        items = [(record, job.capture.fetched_at) for job, record in batch]
        records = [unsigned(record) for _, record in batch]
        with self.archive.atomic():  # the records and their captures commit together
            outcomes = self.archive.store_batch(items, self.run_id)
            captures = [
                (job.capture, record)
                for (job, _), record, outcome in zip(batch, records, outcomes, strict=True)
                if self.capture_when is None or self.capture_when(job, record, outcome)
            ]
            self.archive.store_batch([], self.run_id, captures)
        if self.on_stored is not None:
            for (job, _), record, outcome in zip(batch, records, outcomes, strict=True):
                self.on_stored(job, record, outcome)
