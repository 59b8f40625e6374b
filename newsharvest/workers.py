"""Extraction off the reactor thread: a pool of worker processes, one page at a time each.

Scrapy's reactor is one thread and extraction is CPU work; run inline it stalls downloads
and leaves the other cores idle. `ExtractionPool` keeps N worker processes, each fed over
its own pipe, so the parent always knows which page a worker holds: a worker that crashes
or runs past the timeout is killed and replaced, and only that page is recorded as failed.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import importlib
import multiprocessing
import multiprocessing.connection
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.context import ForkServerContext, SpawnContext

from newsharvest.extract import Article, Rejection

Context = ForkServerContext | SpawnContext
"""The start methods a pool may use (fork is unsafe beside the reactor's threads)."""

DEFAULT_EXTRACTOR = "newsharvest.extract.extract_article"
"""The extraction function pipelines call unless ``NEWSHARVEST_EXTRACTOR`` names another."""


@functools.cache
def load_extractor(path: str) -> Callable[..., Article | Rejection]:
    """The function at dotted `path` ("package.module.function"), imported once per process."""
    module_name, _, name = path.rpartition(".")
    function = getattr(importlib.import_module(module_name), name)
    return function  # type: ignore[no-any-return]


@dataclass(slots=True)
class ExtractionTask:
    """Everything `extract_article` needs for one page (picklable)."""

    body: bytes
    url: str
    fetched_at: datetime | None = None
    content_type: str | None = None
    profile: str | None = None
    extractor: str = DEFAULT_EXTRACTOR
    """Dotted path of the extraction function (``NEWSHARVEST_EXTRACTOR``)."""

    def run(self) -> Article | Rejection:
        """Extract in the calling process."""
        extract = load_extractor(self.extractor)
        return extract(
            self.body,
            self.url,
            fetched_at=self.fetched_at,
            content_type=self.content_type,
            profile=self.profile,
        )


def _worker_main(connection: multiprocessing.connection.Connection) -> None:
    """A worker's loop: receive a task, send back its record, until told to stop (None)."""
    while True:
        try:
            task = connection.recv()
        except EOFError:
            return
        if task is None:
            return
        connection.send(task.run())


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, context: Context) -> None:
        parent_end, child_end = context.Pipe(duplex=True)
        self.connection = parent_end
        self.process = context.Process(target=_worker_main, args=(child_end,), daemon=True)
        self.process.start()
        child_end.close()

    def run(self, task: ExtractionTask, timeout: float) -> Article | Rejection:
        """Hand `task` to the worker and wait for its record (blocking; call from a thread).

        A crash or a timeout yields a Rejection with reason ``extraction_error``; the caller
        then replaces this worker (`alive` is False).
        """
        try:
            self.connection.send(task)
            if self.connection.poll(timeout):
                return self.connection.recv()  # type: ignore[no-any-return]
            self.kill()
            return Rejection(task.url, "extraction_error", f"extraction timed out after {timeout:g}s")
        except (EOFError, OSError, BrokenPipeError):
            self.kill()
            code = self.process.exitcode
            return Rejection(task.url, "extraction_error", f"extraction worker died (exit code {code})")

    @property
    def alive(self) -> bool:
        return self.process.is_alive()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()

    def stop(self) -> None:
        """Ask the worker to finish, then make sure it did."""
        with contextlib.suppress(OSError, BrokenPipeError):
            self.connection.send(None)
        self.process.join(timeout=5)
        self.kill()


class ExtractionPool:
    """N extraction worker processes with a bounded number of pages in flight.

    ``await pool.extract(task)`` waits for a free worker (backpressure: at most `size` pages
    are held by workers; callers queue behind), runs the task there from a helper thread
    so the event loop never blocks, and replaces a worker that died or hung.
    """

    def __init__(self, size: int, timeout: float = 60.0, start_method: str = "forkserver") -> None:
        if size < 1:
            raise ValueError("an extraction pool needs at least one worker")
        self.size = size
        self.timeout = timeout
        context = multiprocessing.get_context(start_method)
        if not isinstance(context, ForkServerContext | SpawnContext):
            raise ValueError(f"start method must be forkserver or spawn, not {start_method!r}")
        self._context: Context = context
        if isinstance(context, ForkServerContext):
            # Workers fork from a server that has already imported extraction (lxml,
            # trafilatura), so a replacement worker is ready in milliseconds.
            context.set_forkserver_preload(["newsharvest.extract"])
        self._workers: asyncio.Queue[_Worker] | None = None
        self._all: list[_Worker] = []
        self.replaced = 0
        """How many workers were replaced after a crash or a timeout."""

    def _spawn(self, count: int) -> list[_Worker]:
        return [_Worker(self._context) for _ in range(count)]

    async def start(self) -> None:
        """Start the workers from a helper thread: the first fork server start imports all
        of extraction (lxml, trafilatura), which would otherwise stall the event loop."""
        if self._workers is not None:
            return
        workers = await asyncio.to_thread(self._spawn, self.size)
        self._all.extend(workers)
        self._workers = asyncio.Queue()
        for worker in workers:
            self._workers.put_nowait(worker)

    async def extract(self, task: ExtractionTask) -> Article | Rejection:
        """The record of one page, extracted in a worker process."""
        await self.start()
        assert self._workers is not None
        worker = await self._workers.get()
        try:
            record = await asyncio.to_thread(worker.run, task, self.timeout)
        except BaseException:
            worker.kill()
            raise
        finally:
            if not worker.alive:
                self._all.remove(worker)
                worker = (await asyncio.to_thread(self._spawn, 1))[0]
                self._all.append(worker)
                self.replaced += 1
            self._workers.put_nowait(worker)
        return record

    def pids(self) -> list[int]:
        """Process ids of the current workers (for tests and monitoring)."""
        return [w.process.pid for w in self._all if w.process.pid is not None]

    def close(self) -> None:
        """Stop every worker."""
        for worker in self._all:
            worker.stop()
        self._all.clear()
        self._workers = None


def default_pool_size() -> int:
    """One worker per core available to this process."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
