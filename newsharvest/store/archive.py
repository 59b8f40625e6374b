"""The archive: open it, write articles, rejections and crawl runs to it in transactions.

    with Archive.open("newsharvest.db") as archive:
        run = archive.begin_run("huffpost")
        archive.store_batch([(article, fetched_at), (rejection, fetched_at)], run)
        archive.finish_run(run, finish_reason="finished", stats={"pages": 2})

An item counts as stored once the transaction holding it has committed; `store_batch`
writes many items in one transaction (never one commit per item). Reading goes through
`newsharvest.query`, which opens archives with ``readonly=True``.
"""

from __future__ import annotations

import os
import socket
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from types import TracebackType
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from newsharvest.extract.record import Article, Rejection
from newsharvest.extract.signature import Signature, Signed
from newsharvest.store import captures as capture_table
from newsharvest.store import leases, linking, linkqueue, pgnotify, pgpending, runs, stories, urltable
from newsharvest.store.engine import (
    check_sqlite_file,
    default_database_url,
    display_name,
    make_engine,
    sqlite_path,
    to_url,
    use_wal,
)
from newsharvest.store.errors import ArchiveError
from newsharvest.store.modelbase import utc_text
from newsharvest.store.retry import while_locked
from newsharvest.store.schema import ensure_schema
from newsharvest.store.transactions import Transactions, driver_message
from newsharvest.store.writer import BatchWriter

__all__ = ["Archive", "ArchiveError", "default_database_url"]


def utc_now() -> str:
    """The current time as the archive stores instants (`modelbase.utc_text`)."""
    return utc_text(datetime.now(UTC))


def instant(value: str | None) -> str:
    """A time handed to the store (ISO 8601, any offset) as it stores it; now when None.
    Normalised once here because SQLite's batched writes skip the column types' processing."""
    return utc_text(value) if value else utc_now()


class Archive(Transactions):
    """An open archive (a SQLite file or URL, or a PostgreSQL URL); use `Archive.open`."""

    def __init__(self, engine: Engine, *, readonly: bool, name: str, version: str) -> None:
        super().__init__(engine, readonly=readonly, name=name)
        self.schema_version = version
        self.link_threshold: float | None = linking.DEFAULT_THRESHOLD
        """Articles stored are linked to their copies at this estimated containment
        (`store/linking.py`); None stores without linking."""
        self._clean_pending = self._postgres
        """Merge the GIN indexes' pending lists after a batch (`pgpending`), until refused."""
        self._unmerged = 0
        """Articles this archive wrote since it last merged them."""
        self._swept = False
        """Whether this archive has linked the link queue once (PostgreSQL): its first batch
        does, even with nothing of its own to link, so that articles a crawler killed
        between storing and linking left queued are linked by the next crawl."""
        self._unlinked: dict[int, Signature] = {}
        """Articles this archive queued for linking and has not linked yet, with their
        signatures (`finish_batches`)."""

    @classmethod
    def open(cls, target: str | os.PathLike[str] = "newsharvest.db", *, readonly: bool = False) -> Archive:
        """Open (and when writable, create or upgrade) the archive at `target`.

        `target` is a file path or a SQLAlchemy URL (``sqlite:///...``,
        ``postgresql+psycopg://...``). With ``readonly=True`` nothing is ever created or
        changed: a missing file, a file that is not SQLite, a database that is not an
        archive, or an archive needing an upgrade raise `ArchiveError`, as do a database
        that cannot be reached and a driver that is not installed.
        """
        name = display_name(target)
        url = to_url(target)
        path = sqlite_path(url)
        if path is not None:
            check_sqlite_file(path, readonly=readonly)
        engine = make_engine(url, readonly=readonly)
        try:
            version = ensure_schema(engine, readonly=readonly, name=name)
            if not readonly:
                use_wal(engine)
        except ArchiveError:
            engine.dispose()
            raise
        except DBAPIError as exc:
            engine.dispose()
            raise ArchiveError(f"cannot open {name}: {driver_message(exc)}") from exc
        except sqlite3.Error as exc:  # raised on the driver's own connection (`use_wal`)
            engine.dispose()
            raise ArchiveError(f"cannot open {name}: {exc}") from exc
        return cls(engine, readonly=readonly, name=name, version=version)

    def close(self) -> None:
        """Close every connection (SQLite then checkpoints and removes its WAL file)."""
        self.engine.dispose()

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- crawl runs --------------------------------------------------------------------

    def begin_run(self, spider: str, *, started_at: str | None = None) -> int:
        """Record the start of a crawl; returns the run id items are stored under.

        The row notes the crawling process (host and pid), so that the next run can tell a
        run left ``running`` by a process that died (``kill -9``, a power cut) and record it
        ``interrupted`` (`mark_interrupted_runs`).
        """
        with self.atomic() as conn:
            return runs.begin(conn, spider, instant(started_at))

    def mark_interrupted_runs(self) -> int:
        """Record ``interrupted`` for unfinished runs whose process (on this host) is gone."""
        with self.atomic() as conn:
            return runs.mark_interrupted(conn)

    def finish_run(
        self, run_id: int, *, finish_reason: str, stats: dict[str, Any], unchanged: int = 0
    ) -> None:
        """Record the end of a crawl.

        The counts of new/updated/unchanged/rejected items are the store's own (kept as
        batches commit), plus `unchanged` items found unchanged without reaching the store
        (a re-extraction's workers compare pages with the stored records); `stats` supplies
        ``pages`` (default: items stored) and ``errors``, and is kept whole in the run's
        `stats` column.
        """
        with self.atomic() as conn:
            if not runs.finish(conn, run_id, finish_reason, stats, utc_now(), unchanged=unchanged):
                raise ArchiveError(f"no crawl run {run_id} in {self.name}")

    # -- items -------------------------------------------------------------------------

    def store_batch(
        self,
        items: Sequence[tuple[Article | Signed | Rejection, str]],
        run_id: int | None = None,
        captures: Sequence[tuple[capture_table.Capture, Article | Rejection | None]] = (),
        *,
        link_later: bool = False,
    ) -> list[str]:
        """Store (item, fetched_at) pairs in one transaction; an outcome per item.

        Outcomes: "new", "updated" (the text changed), "unchanged" (only `last_seen`
        moves), "rejected" (a `Rejection` recorded). `captures` (WARC locations, each with
        the record made from it) are written in the same transaction, after the items.

        On PostgreSQL (outside another transaction) that transaction never waits for the
        writers' linking lock: it links the new and changed articles to their copies last if
        no other writer is linking, else queues them, and they are linked after its commit in
        a transaction of their own (`_link_queued`): the batch is stored once the first has
        committed. With `link_later` that linking (and the GIN indexes' merge, `pgpending`)
        is left to `finish_batches`, which a crawl's writer runs once it has handed the
        outcomes on, so that its pages do not wait for it.
        """
        if not items and not captures:
            return []
        outermost = getattr(self._local, "conn", None) is None
        queue_links = outermost and self._postgres and self.link_threshold is not None
        items = [(item, utc_text(fetched_at)) for item, fetched_at in items]
        with self.atomic() as conn:
            writer = BatchWriter(conn, run_id, link_threshold=self.link_threshold, queue_links=queue_links)
            outcomes = writer.store(items) if items else []
            capture_table.record(conn, captures, run_id)
        if queue_links:
            self._unlinked.update(writer.to_link)
            self._swept = self._swept or writer.swept
        if outermost and self._clean_pending:
            self._unmerged += sum(outcome in ("new", "updated") for outcome in outcomes)
        if outermost and not link_later:
            self.finish_batches()
        return outcomes

    def finish_batches(self) -> None:
        """After committed batches: link their queued articles (`_link_queued`; on this
        archive's first call also what other writers left queued), and merge the GIN indexes'
        pending lists once `pgpending.MERGE_EVERY` articles wait. Never raises."""
        if self._postgres and self.link_threshold is not None and (self._unlinked or not self._swept):
            known, self._unlinked = self._unlinked, {}
            self._link_queued(known)
        if self._clean_pending and self._unmerged >= pgpending.MERGE_EVERY:
            self._clean_pending = pgpending.clean_pending(self.engine)
            self._unmerged = 0

    def _link_queued(self, known: dict[int, Signature]) -> None:
        """Link the queued articles (this batch's, with their signatures `known`, and any other
        writer left) in a transaction of their own; a failure leaves them queued for the next
        linking of any writer on the archive (`linkqueue.link_committed`)."""
        threshold = self.link_threshold if self.link_threshold is not None else linking.DEFAULT_THRESHOLD

        def link() -> None:
            with self.atomic() as conn:
                linking.Linker(conn, threshold).link_queued(known, queued=True)

        self._swept = linkqueue.link_committed(link) or self._swept

    def store_article(self, article: Article, *, fetched_at: str, run_id: int | None = None) -> str:
        """Store one article in its own transaction: "new", "updated" or "unchanged"."""
        return self.store_batch([(article, fetched_at)], run_id)[0]

    # -- stories of copies ------------------------------------------------------------

    def unlinked_count(self) -> int:
        """Articles not yet signed for linking (stored before linking existed)."""
        with self.reading() as conn:
            return stories.unlinked_count(conn)

    def link_stored(
        self, *, rebuild: bool = False, progress: Callable[[int], None] | None = None, chunk: int = 500
    ) -> int:
        """Link the archive's unlinked articles to their copies, oldest first, `chunk` per
        transaction (so an interrupted pass keeps what it did); `rebuild` first forgets every
        link. `progress` is called with the articles done after each chunk. Returns how many
        articles were signed. Each transaction that loses a race with a crawl writing to the
        archive (a deadlock over the rows linking updates) runs again (`retry.while_locked`)."""
        threshold = self.link_threshold if self.link_threshold is not None else linking.DEFAULT_THRESHOLD

        def link_queued() -> None:
            with self.atomic() as conn:
                linking.Linker(conn, threshold).link_queued()

        def link_chunk(after: int) -> list[tuple[int, str]]:
            with self.atomic() as conn:
                batch = stories.next_unlinked(conn, after, chunk)
                linking.Linker(conn, threshold).link([(i, linking.signature(body)) for i, body in batch])
            return batch

        if self._postgres:  # what crawls left queued first (see `_link_queued`)
            while_locked(link_queued, linkqueue.LINK_RETRIES, who="linking")
        if rebuild:
            with self.atomic() as conn:
                linking.clear(conn)
        done, last = 0, 0
        while True:
            batch = while_locked(partial(link_chunk, last), linkqueue.LINK_RETRIES, who="linking")
            if not batch:
                return done
            done += len(batch)
            last = batch[-1][0]
            if progress is not None:
                progress(len(batch))

    # -- the crawl frontier ------------------------------------------------------------

    def queue_urls(self, urls: Iterable[str], *, seen_at: str | None = None) -> int:
        """Add discovered addresses to the frontier; returns how many were not known."""
        with self.atomic() as conn:
            return urltable.queue(conn, urls, instant(seen_at))

    def queue_new_urls(self, urls: Iterable[str], *, seen_at: str | None = None) -> set[str]:
        """Add discovered addresses to the frontier; returns the identity URLs this call added
        (another crawler's concurrent insert of one wins it: `urltable.queue_new`)."""
        with self.atomic() as conn:
            return urltable.queue_new(conn, urls, instant(seen_at))

    def note_fetch(
        self,
        url: str,
        *,
        fetched_at: str | None = None,
        error: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> None:
        """Count a fetch of `url`: its validators when it worked, the error when it failed."""
        with self.atomic() as conn:
            urltable.note_fetch(
                conn, url, instant(fetched_at), error=error, etag=etag, last_modified=last_modified
            )

    def note_fetches(self, fetches: list[tuple[str, str | None, str | None]]) -> None:
        """`note_fetch` of many successful fetches, (url, etag, last_modified) each, written
        with two statements in all: a fast crawl notes hundreds a second."""
        with self.atomic() as conn:
            urltable.note_fetches(conn, fetches, utc_now())

    def frontier_entry(self, url: str) -> dict[str, Any] | None:
        """The frontier row of `url` (state, attempts, last_error, etag, last_modified...)."""
        with self.reading() as conn:
            return urltable.entry(conn, url)

    def frontier_urls(self, state: str = "queued", *, limit: int = 1000) -> list[str]:
        """Addresses in one state ("queued", "failed"...), least recently seen first."""
        if state not in urltable.STATES:
            raise ArchiveError(f"no frontier state {state!r} (one of {', '.join(urltable.STATES)})")
        with self.reading() as conn:
            return urltable.in_state(conn, state, limit=limit)

    def frontier_facts(self, urls: Iterable[str]) -> dict[str, dict[str, Any]]:
        """What the frontier knows of each known address, by identity URL (`urltable.facts`)."""
        with self.reading() as conn:
            return urltable.facts(conn, urls)

    def unfinished_urls(self, *, max_attempts: int, retry_reasons: Iterable[str], limit: int) -> list[str]:
        """Addresses a crawl should (re)fetch before anything else (`urltable.unfinished`)."""
        with self.reading() as conn:
            return urltable.unfinished(
                conn, max_attempts=max_attempts, retry_reasons=retry_reasons, limit=limit
            )

    def note_not_modified(
        self, url: str, *, fetched_at: str | None = None, run_id: int | None = None
    ) -> None:
        """A 304 for `url`: seen now, unchanged (counted in crawl run `run_id`)."""
        with self.atomic() as conn:
            urltable.note_not_modified(conn, url, instant(fetched_at), run_id)

    def settle_redirect(self, original: str, final: str, *, seen_at: str | None = None) -> None:
        """`original` redirected to `final`: it ends in `final`'s state (`urltable.settle_redirect`)."""
        with self.atomic() as conn:
            urltable.settle_redirect(conn, original, final, instant(seen_at))

    def claim_sites(
        self, sites: Iterable[str], holder: str, *, lease: timedelta, host: str | None = None,
        now: datetime | None = None, unclaimed_since: datetime | None = None,
    ) -> list[str]:  # fmt: skip
        """Lease those of `sites` no other live crawler holds (`leases.claim`); returns them."""
        with self.atomic(idle_limit=leases.idle_limit(lease)) as conn:
            return leases.claim(
                conn, sites, holder, host or socket.gethostname(), now=now or datetime.now(UTC), lease=lease,
                unclaimed_since=unclaimed_since,
            )  # fmt: skip

    def renew_leases(self, holder: str, *, lease: timedelta, now: datetime | None = None) -> list[str]:
        """Extend `holder`'s live leases (`leases.renew`); returns the sites it still holds."""
        with self.atomic(idle_limit=leases.idle_limit(lease)) as conn:
            return leases.renew(conn, holder, now=now or datetime.now(UTC), lease=lease)

    def reclaim_sites(
        self, sites: Iterable[str], holder: str, *, lease: timedelta, now: datetime | None = None
    ) -> list[str]:
        """Extend those of `sites` whose lease ran out while still `holder`'s (`leases.reclaim`)."""
        with self.atomic(idle_limit=leases.idle_limit(lease)) as conn:
            return leases.reclaim(conn, sites, holder, now=now or datetime.now(UTC), lease=lease)

    def release_sites(self, holder: str, sites: Iterable[str] | None = None, *, lease: timedelta) -> None:
        """Give up `holder`'s leases (of `sites`, or all), announced to the crawlers waiting on
        them (`pgnotify`, PostgreSQL)."""
        with self.atomic(idle_limit=leases.idle_limit(lease)) as conn:
            leases.release(conn, holder, sites)
            pgnotify.announce_release(conn, holder)

    def release_listener(self) -> pgnotify.ReleaseListener | None:
        """A listener for the lease releases of other crawlers (PostgreSQL; None on SQLite)."""
        return pgnotify.ReleaseListener(self.engine.url) if self._postgres else None

    def note_sites_discovered(
        self, holder: str, *, lease: timedelta, now: datetime | None = None
    ) -> list[str]:
        """Note that `holder` went through the sites it holds (`leases.discovered`); returns those new."""
        with self.atomic(idle_limit=leases.idle_limit(lease)) as conn:
            return leases.discovered(conn, holder, now=now or datetime.now(UTC))

    def sites_held_elsewhere(
        self, origins: dict[str, str], holder: str, *, now: datetime | None = None
    ) -> list[dict[str, Any]]:
        """Which of these sites other crawlers hold, expired or not, due addresses or not, gone
        through by their holder or not (`leases.held_elsewhere`)."""
        with self.reading() as conn:
            return leases.held_elsewhere(conn, origins, holder, now=now or datetime.now(UTC))

    def site_leases(self) -> list[dict[str, Any]]:
        """Every site ever leased, with its holder and expiry (`leases.leases`)."""
        with self.reading() as conn:
            return leases.leases(conn)

    def record_rejection(self, rejection: Rejection, *, fetched_at: str, run_id: int | None = None) -> None:
        """Record a page that did not become an article (the latest reason wins)."""
        self.store_batch([(rejection, fetched_at)], run_id)
