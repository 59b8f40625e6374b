"""Batched writes for a crawl: items wait in memory and are stored many per transaction.

One commit per item would cap a crawl at what the disk syncs per second; `ItemBuffer`
stores items `max_items` at a time, or once the oldest has waited `max_seconds`, and
whatever is left on `close()`. An item counts as stored only when the call that flushed it
returns its outcome (the transaction has committed by then).

    buffer = ItemBuffer(archive, run_id)
    for item, fetched_at in crawl:
        for stored, outcome in buffer.add(item, fetched_at):
            ...  # committed: export it, count it
    buffer.close()
"""

from __future__ import annotations

import time
from collections.abc import Callable

from newsharvest.extract.record import Article, Rejection
from newsharvest.store.archive import Archive

Stored = list[tuple[Article | Rejection, str]]
"""Committed items with their outcome ("new", "updated", "unchanged", "rejected")."""


class ItemBuffer:
    """Collects items for one archive (and crawl run) and stores them in batches."""

    def __init__(
        self,
        archive: Archive,
        run_id: int | None = None,
        *,
        max_items: int = 200,
        max_seconds: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.archive = archive
        self.run_id = run_id
        self.max_items = max_items
        self.max_seconds = max_seconds
        self.clock = clock
        self._items: list[tuple[Article | Rejection, str]] = []
        self._oldest = 0.0

    def __len__(self) -> int:
        """Items waiting to be stored."""
        return len(self._items)

    def add(self, item: Article | Rejection, fetched_at: str) -> Stored:
        """Queue one item; returns the items this call committed (often none)."""
        if not self._items:
            self._oldest = self.clock()
        self._items.append((item, fetched_at))
        return self.flush_if_due()

    def flush_if_due(self) -> Stored:
        """Store the waiting items if there are enough or the oldest waited long enough
        (call it from a timer so that a quiet crawl still commits)."""
        if len(self._items) >= self.max_items:
            return self.flush()
        if self._items and self.clock() - self._oldest >= self.max_seconds:
            return self.flush()
        return []

    def flush(self) -> Stored:
        """Store every waiting item in one transaction. If it fails the items stay queued
        and the error propagates (nothing of the batch was stored)."""
        if not self._items:
            return []
        items = self._items
        outcomes = self.archive.store_batch(items, self.run_id)
        self._items = []
        return [(item, outcome) for (item, _), outcome in zip(items, outcomes, strict=True)]

    def close(self) -> Stored:
        """Store what is left (the spider is closing)."""
        return self.flush()
