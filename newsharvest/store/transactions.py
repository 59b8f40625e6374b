"""An engine's transactions, one per thread: a write transaction (`atomic`) or a read snapshot
(`reading`) that the store's functions called inside it on the same thread join.

The base of `archive.Archive`, kept apart from it: this is how the archive talks to its
database, whatever it writes or reads.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from newsharvest.store.engine import WRITE
from newsharvest.store.errors import ArchiveError


class Transactions:
    """Per-thread transactions on `engine`; writes refused when `readonly`."""

    def __init__(self, engine: Engine, *, readonly: bool, name: str) -> None:
        self.engine = engine
        self.readonly = readonly
        self.name = name
        """How the archive was named when opened (a path or URL), for messages."""
        self._local = threading.local()
        self._postgres = engine.dialect.name == "postgresql"

    @contextmanager
    def atomic(self, *, idle_limit: timedelta | None = None) -> Iterator[Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` on SQLite): commit, or roll back.

        Nested calls on the same thread join the outer transaction through a savepoint.
        `idle_limit`, on PostgreSQL, has the server end the transaction (its row locks freed,
        its session closed, SQLSTATE ``25P03``) should it sit idle that long between two
        statements: a process frozen inside it must not block other writers indefinitely.
        """
        self._check_writable()
        outer: Connection | None = getattr(self._local, "conn", None)
        if outer is not None:
            with outer.begin_nested():
                self._bound_idle(outer, idle_limit)
                yield outer
            return
        with self.engine.connect() as base:
            conn = base.execution_options(**{WRITE: True})
            self._local.conn = conn
            try:
                with conn.begin():
                    self._bound_idle(conn, idle_limit)
                    yield conn
            except OperationalError as exc:
                raise ArchiveError(f"cannot write to {self.name}: {driver_message(exc)}") from exc
            finally:
                self._local.conn = None

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """One read transaction: a consistent snapshot that never blocks the writer.

        Query functions called inside it (on this thread) read the same snapshot.
        """
        outer: Connection | None = getattr(self._local, "conn", None) or getattr(self._local, "reader", None)
        if outer is not None:  # inside atomic() or reading(): the same transaction
            yield outer
            return
        with self.engine.connect() as base:
            # SQLite's read transaction is a snapshot already; PostgreSQL's default (READ
            # COMMITTED) would let each statement see newer commits.
            conn = base.execution_options(isolation_level="REPEATABLE READ") if self._postgres else base
            with conn.begin():
                self._local.reader = conn
                try:
                    yield conn
                finally:
                    self._local.reader = None

    def _bound_idle(self, conn: Connection, idle_limit: timedelta | None) -> None:
        """``SET LOCAL idle_in_transaction_session_timeout`` for this transaction (PostgreSQL)."""
        if idle_limit is not None and self._postgres:
            milliseconds = max(1, int(idle_limit.total_seconds() * 1000))
            conn.execute(text(f"SET LOCAL idle_in_transaction_session_timeout = {milliseconds}"))

    def _check_writable(self) -> None:
        if self.readonly:
            raise ArchiveError(f"{self.name} is open read-only")


def driver_message(exc: DBAPIError) -> str:
    """The database's own one-line message of a driver error."""
    return str(exc.orig).splitlines()[0] if exc.orig is not None else str(exc)
