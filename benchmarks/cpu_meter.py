"""CPU seconds of a benchmark's parts, read from ``/proc`` while it runs (Linux only).

`CpuMeter` samples, every `INTERVAL` seconds, the CPU time of every process descending from
the crawls it is given (the crawl process itself, and the rest: the fork server and the
extraction workers), keeping each process's last reading, so that a process that ended
counts what it had used at its last sample (at most one interval short). A PostgreSQL
server's CPU is exact: its postmaster's own time and that of the children it has reaped
(every backend that ended), plus the live children's, at the start and at the end. The
benchmark's own process (where the replica servers are threads) is read by ``getrusage``,
less the sampler's own thread. Given the archive's URL, each sample also counts the
PostgreSQL sessions waiting on an advisory lock: writers waiting for another's linking lock
(`linking.Linker.lock`: on PostgreSQL a batch's linking transaction holds it to its commit).
The machine's busy and
stolen time (``/proc/stat``: steal is CPU a hypervisor gave to other guests) shows how loaded
the cores were.
"""

from __future__ import annotations

import os
import resource
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import text

INTERVAL = 0.1
LOCK_WAITERS = text(
    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'"
)
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> tuple[int, float, float] | None:
    """(parent pid, own CPU seconds, reaped children's CPU seconds) of `pid`; None if gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    own = (int(fields[11]) + int(fields[12])) / TICK
    reaped = (int(fields[13]) + int(fields[14])) / TICK
    return int(fields[1]), own, reaped


def _children(pid: int) -> list[int]:
    """The pids of `pid`'s children, from each of its threads' ``children`` file (a child is
    listed under the thread that started it)."""
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    found = []
    for thread in threads:
        try:
            found += [int(child) for child in Path(f"/proc/{pid}/task/{thread}/children").read_text().split()]
        except OSError:
            continue
    return found


def _processes(roots: list[int]) -> dict[int, tuple[int, float, float]]:
    """`_stat` of each of `roots` and of every process descending from them, by pid: only
    those processes are read, not the whole of ``/proc`` (the sampler shares the machine
    with what it measures)."""
    found: dict[int, tuple[int, float, float]] = {}
    todo = list(roots)
    while todo:
        pid = todo.pop()
        if pid in found:
            continue
        stat = _stat(pid)
        if stat is not None:
            found[pid] = stat
            todo += _children(pid)
    return found


def _descendants(root: int, processes: dict[int, tuple[int, float, float]]) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, (parent, _, _) in processes.items():
        children.setdefault(parent, []).append(pid)
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        for child in children.get(pid, []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def server_cpu(postmaster: int) -> float:
    """CPU seconds a PostgreSQL server has used: the postmaster's, its ended children's (it
    reaps every one) and its live children's."""
    processes = _processes([postmaster])
    if postmaster not in processes:
        return 0.0
    _, own, reaped = processes[postmaster]
    return own + reaped + sum(processes[pid][1] for pid in _descendants(postmaster, processes))


def machine_cpu() -> tuple[float, float]:
    """(busy, stolen) CPU seconds of every core since boot (``/proc/stat``)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (values + [0] * 8)[:8]
    return (user + nice + system + irq + softirq) / TICK, steal / TICK


@dataclass
class Usage:
    """CPU seconds of one run's parts."""

    wall: float = 0.0
    crawl: list[float] = field(default_factory=list)
    """Each host's crawl process."""
    workers: list[float] = field(default_factory=list)
    """Each host's other processes: its extraction worker (and the fork server starting it)."""
    server: float | None = None
    """The PostgreSQL server (None: not a local server, or SQLite)."""
    replicas: float = 0.0
    """The benchmark's own process: the replica servers' threads."""
    busy: float = 0.0
    steal: float = 0.0
    lock_wait: float = 0.0
    """Seconds of sessions waiting on an advisory lock (sampled)."""
    throttled: list[float] = field(default_factory=list)
    """Seconds each host's cgroup was held back by its quota (``--host-cpu``)."""


class CpuMeter:
    """Samples the CPU of the processes under `roots` (one per host) while running."""

    def __init__(self, postmaster: int | None, database: str | None = None) -> None:
        self.postmaster = postmaster
        self.database = database
        """A PostgreSQL URL whose sessions waiting on an advisory lock (the writers' linking
        lock, `linking.Linker.lock`) are counted at each sample."""
        self.engine: Any = None
        self.roots: list[int] = []
        self.last: dict[int, tuple[int, float]] = {}
        """pid → (host index, own CPU seconds at its last sample)."""
        self.stop = threading.Event()
        self.sampler_cpu = 0.0
        self.thread = threading.Thread(target=self._sample_until_stopped, daemon=True)

    def __enter__(self) -> CpuMeter:
        self.usage = Usage()
        self.started = time.monotonic()
        self.server_start = server_cpu(self.postmaster) if self.postmaster else 0.0
        self.self_start = _own_cpu()
        self.machine_start = machine_cpu()
        if self.database:
            from sqlalchemy import create_engine

            self.engine = create_engine(self.database)
        self.thread.start()
        return self

    def watch(self, pid: int) -> None:
        self.roots.append(pid)

    def _sample(self) -> None:
        if self.engine is not None:
            with self.engine.connect() as conn:
                waiting = conn.execute(LOCK_WAITERS).scalar_one()
            self.usage.lock_wait += waiting * INTERVAL
        processes = _processes(self.roots)
        for host, root in enumerate(self.roots):
            for pid in {root} | _descendants(root, processes):
                if pid in processes:
                    self.last[pid] = (host, processes[pid][1])

    def _sample_until_stopped(self) -> None:
        while not self.stop.wait(INTERVAL):
            self._sample()
        self.sampler_cpu = time.thread_time()
        if self.engine is not None:
            self.engine.dispose()

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        usage = self.usage
        usage.wall = time.monotonic() - self.started
        usage.crawl = [0.0] * len(self.roots)
        usage.workers = [0.0] * len(self.roots)
        for pid, (host, seconds) in self.last.items():
            if pid == self.roots[host]:
                usage.crawl[host] += seconds
            else:
                usage.workers[host] += seconds
        if self.postmaster:
            usage.server = server_cpu(self.postmaster) - self.server_start
        usage.replicas = _own_cpu() - self.self_start - self.sampler_cpu
        busy, steal = machine_cpu()
        usage.busy, usage.steal = busy - self.machine_start[0], steal - self.machine_start[1]


def _own_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def report(label: str, usage: Usage, articles: int, cores: int) -> list[str]:
    """Lines of `usage`: each part's CPU ms an article and the cores it kept busy."""
    per = 1000 / max(articles, 1)
    parts = [
        ("crawl processes", sum(usage.crawl)),
        ("extraction workers", sum(usage.workers)),
        ("PostgreSQL server", usage.server),
        ("replica servers", usage.replicas),
    ]
    cells = []
    for name, seconds in parts:
        if seconds is None:
            continue
        cells.append(f"{name} {seconds * per:.1f} ms ({seconds / usage.wall:.2f} cores)")
    hosts = ", ".join(f"{(c + w) / usage.wall:.2f}" for c, w in zip(usage.crawl, usage.workers, strict=True))
    if usage.throttled:
        hosts += " (held back by its quota " + ", ".join(f"{t / usage.wall:.0%}" for t in usage.throttled)
        hosts += " of the time)"
    if usage.server is not None:
        hosts += f"; writers waiting for another's lock {usage.lock_wait / usage.wall:.2f} of the time"
    return [
        f"{label}: CPU an article: " + "; ".join(cells),
        f"{'':<{len(label)}}  cores busy: each host {hosts}; machine {usage.busy / usage.wall:.2f} of {cores}"
        f" (stolen by other guests {usage.steal / usage.wall:.2f})",
    ]
