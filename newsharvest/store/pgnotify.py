"""Site leases released, announced on PostgreSQL (``LISTEN``/``NOTIFY``).

A crawler whose sites are done waits for the other crawlers' sites (`LeaseWait`) by checking
them every second or so. A crawler releases its leases when it closes, with everything it
fetched stored: announced in the releasing transaction, the waiting crawler hears it at the
commit and checks at once, instead of up to a check's interval later. The checks go on
regardless (a killed crawler releases nothing; its lease expires). SQLite has no such thing,
and needs none: one process writes it.
"""

from __future__ import annotations

import contextlib
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import URL, Connection

CHANNEL = "newsharvest_leases_released"
"""The channel a release is announced on; the payload is the holder that released."""


def announce_release(conn: Connection, holder: str) -> None:
    """In the transaction that releases `holder`'s leases: tell the listeners, at its commit
    (PostgreSQL; nothing on SQLite)."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_notify(CHANNEL, holder)))


class ReleaseListener:
    """A connection of its own, listening for lease releases on the running event loop.

    `open` connects and listens; `next_release` waits for the next release announced after
    that and returns its holder; `close` ends the connection. A release announced before
    `open` returned is not heard: check once after it.
    """

    def __init__(self, url: URL) -> None:
        self.conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._conn: Any = None

    async def open(self) -> None:
        import psycopg

        self._conn = await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True)
        await self._conn.execute(f"LISTEN {CHANNEL}")

    async def next_release(self) -> str:
        """The holder of the next release announced (waits for it)."""
        assert self._conn is not None, "open() first"
        async for notice in self._conn.notifies(stop_after=1):
            return str(notice.payload)
        raise ConnectionError("stopped listening for lease releases")

    async def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):  # already gone with the server
                await conn.close()
