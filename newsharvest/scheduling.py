"""Scheduled runs without cron: `newsharvest crawl SPIDER --every 30m`, one run at a time.

Each run is a fresh ``scrapy crawl`` subprocess (a new reactor, a clean memory, the
project's settings from `SCRAPY_SETTINGS_MODULE`), so a run that dies takes nothing else
with it; the frontier in the archive carries what it left unfinished to the next run. A
lock file beside the archive (``flock``, released by the kernel however the holder dies)
keeps two runs of the same spider on the same archive from overlapping. The crawl takes
the same lock itself (`CrawlLock`, a Scrapy extension), so ``scrapy crawl`` from cron or a
Scrapyd job cannot overlap a running crawl either.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from newsharvest import outcomes

LOCKED_EXIT = outcomes.LOCKED
"""Exit status when another run holds the lock (EX_TEMPFAIL: try again later)."""

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_INTERVAL = re.compile(r"(\d+(?:\.\d+)?)([smhd])")


class CrawlLocked(Exception):
    """Another run of the same spider on the same archive is in progress."""


def parse_interval(text: str) -> float:
    """Seconds in an interval such as ``30m``, ``1h``, ``90s``, ``1h30m`` or ``1d``."""
    value = text.strip().lower()
    parts = _INTERVAL.findall(value)
    if not parts or "".join(n + u for n, u in parts) != value:
        raise ValueError(f"not an interval: {text!r} (use e.g. 30m, 1h, 90s, 1h30m, 1d)")
    seconds = sum(float(number) * _UNITS[unit] for number, unit in parts)
    if seconds <= 0:
        raise ValueError(f"the interval must be positive, not {text!r}")
    return seconds


def database_url(db: str) -> str:
    """A SQLAlchemy URL for `db` (a file path is made absolute: runs may change directory)."""
    return db if "://" in db else f"sqlite:///{Path(db).expanduser().resolve()}"


def lock_path(db_url: str, key: str) -> Path:
    """The lock file of crawls `key` on the archive `db_url`: beside a SQLite file, else in
    the temporary directory under a hash of the URL."""
    safe = re.sub(r"[^\w.-]+", "_", key).strip("_") or "crawl"
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).with_name(f"{Path(url.database).name}.{safe}.lock")
    digest = hashlib.sha256(db_url.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"newsharvest-{digest}.{safe}.lock"


@contextmanager
def crawl_lock(path: Path) -> Iterator[None]:
    """Hold the lock at `path` or raise `CrawlLocked` naming its holder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise CrawlLocked(f"a crawl is already running ({holder}); lock file {path}") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, since {datetime.now(UTC).isoformat(timespec='seconds')}\n")
        handle.flush()
        yield
    finally:
        handle.close()  # closing the file releases the lock


def crawl_command(spider: str, db_url: str, spider_args: Sequence[str], settings: Sequence[str]) -> list[str]:
    """The ``scrapy crawl`` command of one run (whose lock the caller holds)."""
    command = [sys.executable, "-m", "scrapy", "crawl", spider, "-s", f"NEWSHARVEST_DATABASE_URL={db_url}"]
    command += ["-s", "NEWSHARVEST_CRAWL_LOCK=False"]
    for arg in spider_args:
        command += ["-a", arg]
    for setting in settings:
        command += ["-s", setting]
    return command


@contextmanager
def crawl_locks(paths: Sequence[Path]) -> Iterator[None]:
    """Hold every lock of `paths` (one per site of a many-site crawl) or raise `CrawlLocked`."""
    with ExitStack() as stack:
        for path in sorted(set(paths)):
            stack.enter_context(crawl_lock(path))
        yield


def is_postgres(db_url: str) -> bool:
    return make_url(db_url).get_backend_name() == "postgresql"


@contextmanager
def run_locks(db_url: str, keys: Sequence[str]) -> Iterator[None]:
    """The run locks `keys` of the archive `db_url`: advisory locks on PostgreSQL (any machine
    sees them), lock files beside a SQLite archive; `CrawlLocked` when one is held."""
    if not is_postgres(db_url):
        with crawl_locks([lock_path(db_url, key) for key in keys]):
            yield
        return
    from newsharvest.store.runlock import RunLockHeld, advisory_run_lock

    with ExitStack() as stack:
        for key in sorted(set(keys)):
            try:
                stack.enter_context(advisory_run_lock(db_url, key))
            except RunLockHeld as exc:
                raise CrawlLocked(str(exc)) from None
        yield


def run_once(
    spider: str, db_url: str, spider_args: Sequence[str], settings: Sequence[str],
    lock: Path | Sequence[Path] | AbstractContextManager[None],
) -> int:  # fmt: skip
    """One crawl under the lock: its exit status (`CrawlLocked` when another run holds it).

    The status is the run's outcome (`newsharvest.outcomes`, set by our ``scrapy crawl``);
    a crawl killed by a signal is `FAILED`. Ctrl-C reaches the crawl too (it is in the same
    process group) and stops it cleanly: this waits for that, so the run is recorded
    ``shutdown`` with everything it fetched stored, and returns `INTERRUPTED`.
    """
    env = dict(os.environ)
    env.setdefault("SCRAPY_SETTINGS_MODULE", "newsharvest.settings")  # works outside the project folder
    interrupted = False
    if isinstance(lock, Path):
        held: AbstractContextManager[None] = crawl_locks([lock])
    elif isinstance(lock, AbstractContextManager):
        held = lock
    else:
        held = crawl_locks(lock)
    with held:
        child = subprocess.Popen(crawl_command(spider, db_url, spider_args, settings), env=env)
        while True:
            try:
                status = child.wait()
                break
            except KeyboardInterrupt:  # the crawl got it too; a second Ctrl-C makes Scrapy hurry
                interrupted = True
    if status < 0:
        return outcomes.FAILED
    return outcomes.INTERRUPTED if interrupted and status == outcomes.OK else status


def lock_key(spider: str, site: str | None = None, url: str | None = None) -> str:
    """What one lock covers: the spider, and for `news` the site it crawls."""
    return "-".join(part for part in (spider, site, url) if part)


def lock_keys(spider: str, site: str | None, url: str | None, sites: Sequence[str] = ()) -> list[str]:
    """The locks of one crawl: one per site of a many-site crawl (so it and a crawl of any
    one of its sites never overlap), else `lock_key`."""
    if sites:
        return [lock_key(spider, name) for name in sites]
    return [lock_key(spider, site, url)]
