"""ItemBuffer: items are committed in batches, by count, by age and on close."""

from __future__ import annotations

import pytest

from newsharvest import query
from newsharvest.extract.record import Rejection
from newsharvest.store import Archive
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
    with pytest.raises(Exception, match="NOT NULL"):
        buffer.flush()
    assert len(buffer) == 2 and query.count_articles(archive) == 0
