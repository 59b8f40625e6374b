"""Extraction off the reactor thread: a pool of worker processes fed over sockets.

Scrapy's reactor is one thread and extraction is CPU work; run inline it stalls downloads
and leaves the other cores idle. `ExtractionPool` keeps N worker processes, each fed over
its own socket, read and written by the event loop itself. A worker extracts its pages in
the order sent, so the parent always knows which page it is on: a worker that crashes or
runs past the timeout is killed and replaced, and only that page is recorded as failed.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import gc
import logging
import multiprocessing
import multiprocessing.connection
import multiprocessing.forkserver
import os
import pickle
import signal
import socket
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from newsharvest import defaults
from newsharvest.extract import Rejection
from newsharvest.reasons import Reason
from newsharvest.tasks import DEFAULT_EXTRACTOR as DEFAULT_EXTRACTOR
from newsharvest.tasks import ExtractionTask as ExtractionTask
from newsharvest.tasks import Task
from newsharvest.tasks import load_extractor as load_extractor

logger = logging.getLogger(__name__)
R = TypeVar("R")

Context = ForkServerContext | SpawnContext
"""The start methods a pool may use (fork is unsafe beside the reactor's threads)."""

def tune_garbage_collector(threshold: int) -> tuple[int, int, int] | None:
    """Freeze every object alive now out of the cyclic collector's view and raise its first
    threshold to `threshold` (no collection first: in a worker, touching every inherited object
    would copy the fork server's pages). Returns the thresholds replaced; None for 0 (defaults)."""
    if threshold <= 0:
        return None
    previous = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(threshold, 20, 20)
    return previous


def _worker_main(connection: multiprocessing.connection.Connection, gc_threshold: int = 0) -> None:
    """A worker's loop: receive a task, send back its record, until told to stop (None).

    With `gc_threshold` > 0 its modules are frozen out of the garbage collector's view and its
    first threshold raised, as in the crawl process (`extensions.gc.GarbageCollectorTuning`).
    Ctrl-C is ignored: the crawl stops its workers once their pages are done (no traceback).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    tune_garbage_collector(gc_threshold)
    while True:
        try:
            task = connection.recv()
        except EOFError:
            return
        if task is None:
            return
        connection.send(task.run())


_LENGTH = struct.Struct("!i")
"""`multiprocessing.connection.Connection`'s frame header: the payload's length."""
_LONG_LENGTH = struct.Struct("!Q")


def _frame(message: object) -> bytes:
    """`message` pickled and framed as `Connection.send` would (the worker reads it with recv)."""
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    if len(payload) > 0x7FFFFFFF:
        return _LENGTH.pack(-1) + _LONG_LENGTH.pack(len(payload)) + payload
    return _LENGTH.pack(len(payload)) + payload


@dataclass(slots=True)
class _Job:
    """A page waiting for, or held by, a worker, and the future its record resolves."""

    task: Task[Any]
    future: asyncio.Future[Any]


class _Channel(asyncio.Protocol):
    """The parent's end of a worker's socket, on the event loop: records arrive as framed
    pickles (`Connection.send` in the worker); end of file means the worker is gone."""

    def __init__(self, worker: _Worker) -> None:
        self.worker = worker
        self.buffer = bytearray()

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        while len(buffer) >= 4:
            (size,) = _LENGTH.unpack_from(buffer)
            start = 4
            if size == -1:
                if len(buffer) < 12:
                    return
                (size,) = _LONG_LENGTH.unpack_from(buffer, 4)
                start = 12
            if len(buffer) < start + size:
                return
            record = pickle.loads(buffer[start : start + size])
            del buffer[: start + size]
            self.worker.received(record)

    def connection_lost(self, exc: Exception | None) -> None:
        self.worker.lost()


class _Worker:
    """One worker process, its socket on the event loop, and the pages it holds, in order.

    Pages are sent ahead (up to the pool's `per_worker`), so the next page already waits in
    the worker's socket when it finishes one and the worker never idles on the reactor. Its
    records come back in the order sent: the oldest page held (`held[0]`) is the one being
    extracted, and only it runs against the timeout.
    """

    def __init__(self, pool: ExtractionPool, process: BaseProcess) -> None:
        self.pool = pool
        self.process = process
        self.transport: asyncio.Transport | None = None
        self.held: collections.deque[_Job] = collections.deque()
        self.deadline: asyncio.TimerHandle | None = None
        self.retired = False

    async def connect(self, connection: multiprocessing.connection.Connection) -> None:
        """Move the parent's end of the pipe (a Unix socket) onto the event loop."""
        sock = socket.socket(fileno=os.dup(connection.fileno()))
        connection.close()
        sock.setblocking(False)
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_unix_connection(lambda: _Channel(self), sock=sock)
        self.transport = transport  # type: ignore[assignment]

    def send(self, job: _Job) -> None:
        assert self.transport is not None
        self.held.append(job)
        if len(self.held) == 1:
            self._arm()
        self.transport.write(_frame(job.task))

    def _arm(self) -> None:
        if self.deadline is not None:
            self.deadline.cancel()
        self.deadline = asyncio.get_running_loop().call_later(self.pool.timeout, self._timed_out)

    def received(self, record: object) -> None:
        if self.retired or not self.held:
            return
        job = self.held.popleft()
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None
        if self.held:
            self._arm()
        if not job.future.done():
            job.future.set_result(record)
        self.pool._dispatch()

    def _timed_out(self) -> None:
        self.deadline = None
        if not self.retired:
            self.pool._retire(self, f"extraction timed out after {self.pool.timeout:g}s")

    def lost(self) -> None:
        if not self.retired:
            self.pool._retire(self, None)

    @property
    def alive(self) -> bool:
        return not self.retired and self.process.is_alive()

    def kill(self) -> None:
        """Kill the process and wait for it (blocking: call from a helper thread)."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)

    def close_channel(self) -> None:
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None
        if self.transport is not None and not self.transport.is_closing():
            self.transport.abort()


class ExtractionPool:
    """N extraction worker processes with a bounded number of pages in flight.

    ``await pool.extract(task)`` queues the page; each worker holds at most `per_worker` pages (the one it
    extracts and the next ones, already in its socket), so at most ``size * per_worker`` pages are in
    flight and callers queue behind (backpressure). The workers' sockets are read and written on the event
    loop itself — no thread hop per page, and writes never block it. A worker that dies or runs past the
    timeout on a page is killed and replaced: that page is recorded as failed, the pages queued behind it
    go to another worker.
    """

    def __init__(
        self,
        size: int,
        timeout: float = defaults.NEWSHARVEST_EXTRACT_TIMEOUT,
        start_method: str = "forkserver",
        per_worker: int = defaults.NEWSHARVEST_EXTRACT_PAGES_PER_WORKER,
        gc_threshold: int = 0,
        preload: Sequence[str] = (),
    ) -> None:
        if size < 1:
            raise ValueError("an extraction pool needs at least one worker")
        if per_worker < 1:
            raise ValueError("a worker holds at least one page")
        self.size = size
        self.timeout = timeout
        self.per_worker = per_worker
        self.gc_threshold = gc_threshold
        context = multiprocessing.get_context(start_method)
        if not isinstance(context, ForkServerContext | SpawnContext):
            raise ValueError(f"start method must be forkserver or spawn, not {start_method!r}")
        self._context: Context = context
        if isinstance(context, ForkServerContext):
            # Workers fork from a server that has already imported extraction (lxml), so a
            # new or replacement worker is ready in milliseconds; `preload` adds the modules
            # of the tasks this pool runs. The generic extractor (trafilatura, which it imports
            # lazily, a costly import) is preloaded for two workers or more, saving it
            # per worker; a lone worker imports it on the first page that needs it, so a crawl
            # whose pages its site profiles all extract never pays for it.
            extraction = ["newsharvest.extract.article"]
            if size > 1:
                extraction.append("newsharvest.extract.generic")
            context.set_forkserver_preload([*extraction, *preload])
        self._started: asyncio.Task[None] | None = None
        self._workers: list[_Worker] = []
        self._waiting: collections.deque[_Job] = collections.deque()
        self._replacing: set[asyncio.Task[None]] = set()
        self._closed = False
        self.replaced = 0
        """How many workers were replaced after a crash or a timeout."""

    def _spawn(self) -> tuple[BaseProcess, multiprocessing.connection.Connection]:
        """Start one worker process (blocking: call from a helper thread)."""
        parent_end, child_end = self._context.Pipe(duplex=True)
        process = self._context.Process(target=_worker_main, args=(child_end, self.gc_threshold), daemon=True)
        process.start()
        child_end.close()
        return process, parent_end

    async def _new_workers(self, count: int) -> list[_Worker]:
        spawned = await asyncio.to_thread(lambda: [self._spawn() for _ in range(count)])
        workers = []
        for process, connection in spawned:
            worker = _Worker(self, process)
            await worker.connect(connection)
            workers.append(worker)
        return workers

    def start_soon(self) -> None:
        """Start the fork server now and return at once: it imports extraction while the caller
        goes on (listing what to extract), so `start` later only forks the workers."""
        if isinstance(self._context, ForkServerContext):
            multiprocessing.forkserver.ensure_running()

    async def start(self) -> None:
        """Start the workers from a helper thread: the first fork server start imports all
        of extraction (lxml, trafilatura), which would otherwise stall the event loop."""
        if self._started is None:
            self._started = asyncio.ensure_future(self._start())
        await self._started

    async def _start(self) -> None:
        self._workers.extend(await self._new_workers(self.size))
        self._dispatch()

    async def extract(self, task: Task[R]) -> R | Rejection:
        """The record of one page, extracted in a worker process (a `Rejection` when its
        worker died on it or ran past the timeout)."""
        await self.start()
        job = _Job(task, asyncio.get_running_loop().create_future())
        self._waiting.append(job)
        self._dispatch()
        return await job.future

    def _dispatch(self) -> None:
        """Hand waiting pages, oldest first, to the workers with room (the least busy first)."""
        waiting, limit = self._waiting, self.per_worker
        while waiting:
            worker = min(
                (w for w in self._workers if len(w.held) < limit), key=lambda w: len(w.held), default=None
            )
            if worker is None:
                return
            job = waiting.popleft()
            if not job.future.done():  # its caller may have given up (cancelled)
                worker.send(job)

    def _retire(self, worker: _Worker, detail: str | None) -> None:
        """`worker` died (`detail` None) or hung: its current page is recorded as failed, the
        pages queued behind it go back to the front of the queue, and a new worker starts."""
        worker.retired = True
        worker.close_channel()
        if worker in self._workers:
            self._workers.remove(worker)
        held = list(worker.held)
        worker.held.clear()
        head = held[0] if held else None
        self._waiting.extendleft(reversed(held[1:]))
        self._dispatch()
        replacing = asyncio.ensure_future(self._replace(worker, head, detail))
        self._replacing.add(replacing)
        replacing.add_done_callback(self._replacing.discard)

    async def _replace(self, worker: _Worker, head: _Job | None, detail: str | None) -> None:
        await asyncio.to_thread(worker.kill)
        if head is not None and not head.future.done():
            detail = detail or f"extraction worker died (exit code {worker.process.exitcode})"
            head.future.set_result(Rejection(head.task.url, Reason.EXTRACTION_ERROR, detail))
        if self._closed:
            return
        self.replaced += 1
        try:
            self._workers.extend(await self._new_workers(1))
        except Exception as error:
            logger.exception("Could not start a replacement extraction worker")
            if not self._workers:  # nothing left to extract the queued pages: fail them, not hang
                while self._waiting:
                    job = self._waiting.popleft()
                    if not job.future.done():
                        job.future.set_exception(error)
        finally:
            self._dispatch()

    def pids(self) -> list[int]:
        """Process ids of the current workers (for tests and monitoring)."""
        return [w.process.pid for w in self._workers if w.process.pid is not None]

    def close(self) -> None:
        """Stop every worker (pages still queued or held are cancelled)."""
        self._closed = True
        workers, self._workers = self._workers, []
        for worker in workers:
            worker.retired = True
            if worker.transport is not None and not worker.transport.is_closing():
                with contextlib.suppress(Exception):
                    worker.transport.write(_frame(None))
        for worker in workers:
            worker.process.join(timeout=5)
            worker.kill()
            worker.close_channel()
            for job in worker.held:
                job.future.cancel()
            worker.held.clear()
        while self._waiting:
            self._waiting.popleft().future.cancel()
        for replacing in self._replacing:
            replacing.cancel()
        self._started = None


def default_pool_size() -> int:
    """One worker per core available to this process."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
