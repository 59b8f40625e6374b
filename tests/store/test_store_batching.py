"""ItemBuffer: items are committed in batches, by count, by age and on close."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsharvest import query
from newsharvest.extract.record import Rejection
from newsharvest.store import Archive, engine
from newsharvest.store.batching import ItemBuffer
from tests.store.factory import FETCHED, make_article


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_flushes_every_max_items(archive: Archive) -> None:
    buffer = ItemBuffer(archive, max_items=3)
    assert buffer.add(make_article(1), FETCHED) == []
    assert buffer.add(Rejection("https://x.test/a", "not_article"), FETCHED) == []
    assert query.count_articles(archive) == 0  # nothing committed yet
    stored = buffer.add(make_article(2), FETCHED)
    assert [outcome for _, outcome in stored] == ["new", "rejected", "new"]
    assert query.count_articles(archive) == 2 and len(buffer) == 0


def test_flushes_when_the_oldest_waited_long_enough(archive: Archive) -> None:
    clock = Clock()
    buffer = ItemBuffer(archive, max_items=100, max_seconds=2.0, clock=clock)
    buffer.add(make_article(1), FETCHED)
    clock.now += 1.5
    assert buffer.add(make_article(2), FETCHED) == []
    clock.now += 0.6
    assert buffer.flush_if_due() != []
    assert query.count_articles(archive) == 2


def test_close_stores_the_rest_and_counts_in_the_run(archive: Archive) -> None:
    run = archive.begin_run("huffpost")
    buffer = ItemBuffer(archive, run)
    buffer.add(make_article(1), FETCHED)
    buffer.add(make_article(1), FETCHED)
    assert [outcome for _, outcome in buffer.close()] == ["new", "unchanged"]
    archive.finish_run(run, finish_reason="finished", stats={})
    [row] = query.list_runs(archive)
    assert (row["new"], row["unchanged"], row["pages"]) == (1, 1, 2)


def test_a_failed_flush_keeps_the_items(archive: Archive) -> None:
    buffer = ItemBuffer(archive, max_items=10)
    buffer.add(make_article(1), FETCHED)
    buffer.add(make_article(2, headline=None), FETCHED)  # violates NOT NULL
    with pytest.raises(Exception, match=r"(?i)not.null"):  # SQLite: NOT NULL; PostgreSQL: not-null
        buffer.flush()
    assert len(buffer) == 2 and query.count_articles(archive) == 0


def _sqlite_memory() -> int:
    """Bytes SQLite holds in this process (`sqlite3_memory_used`, via the driver's library)."""
    import _sqlite3
    import ctypes

    memory_used = ctypes.CDLL(_sqlite3.__file__).sqlite3_memory_used
    memory_used.restype = ctypes.c_int64
    return int(memory_used())


def _growth_over_varied_batches(path: Path) -> int:
    """SQLite memory gained by storing batches of 100 different sizes (as a crawl's timed
    flushes make them), largest first, measured with the archive still open."""
    with Archive.open(path) as archive:
        before = _sqlite_memory()
        serial = 0
        for size in range(100, 0, -1):
            archive.store_batch([(make_article(serial + n), FETCHED) for n in range(size)], None)
            serial += size
        with archive.engine.connect() as conn:  # the pooled connection the batches used
            conn.exec_driver_sql("PRAGMA shrink_memory")  # its page cache out of the measure
        return _sqlite_memory() - before


def test_varied_batch_sizes_do_not_grow_sqlite_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each batch size is its own multi-row INSERT text; the driver caches a bounded number
    of them (engine.STATEMENT_CACHE), so SQLite's memory stops growing (issue 6)."""
    bounded = _growth_over_varied_batches(tmp_path / "bounded.db")
    monkeypatch.setattr(engine, "STATEMENT_CACHE", 128)  # Python's default
    unbounded = _growth_over_varied_batches(tmp_path / "default.db")
    assert bounded < unbounded / 2, (bounded, unbounded)


def test_the_statement_cache_bound_reaches_the_driver(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[dict[str, object]] = []
    connect = sqlite3.connect

    def recording_connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        seen.append(kwargs)
        return connect(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3.dbapi2, "connect", recording_connect)  # what SQLAlchemy calls
    with Archive.open(tmp_path / "archive.db") as archive:
        archive.store_batch([(make_article(1), FETCHED)], None)
    assert seen and all(kwargs.get("cached_statements") == engine.STATEMENT_CACHE == 32 for kwargs in seen)
