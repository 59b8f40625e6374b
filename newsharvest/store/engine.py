"""Connecting to an archive: SQLite or PostgreSQL, set up for crawlers and readers side by side.

Every SQLite connection gets WAL (readers never block the writer and are never blocked by
it), a busy timeout (a second writer waits instead of failing), foreign keys, and explicit
transactions: ``BEGIN IMMEDIATE`` for writes, so that a write transaction takes the write
lock up front instead of failing half-way with "database is locked", plain ``BEGIN`` for
reads. Read-only archives are opened with SQLite's ``mode=ro`` so no file is ever created.

PostgreSQL (``postgresql+psycopg://``) needs none of that: its connections are left to the
server's defaults, read-only ones get ``default_transaction_read_only`` so that a query
command can never change the archive. Any other database is refused by `make_engine`.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Table, create_engine, event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from newsharvest.store.errors import ArchiveError

DEFAULT_FILENAME = "newsharvest.db"
BUSY_TIMEOUT_MS = 30_000
"""How long a connection waits for another writer's lock before giving up."""
WAL_RETRY_SECONDS = 0.05
"""The pause before trying the switch to WAL again after SQLite refused it as locked."""
SQLITE_MAGIC = b"SQLite format 3\x00"
PAGE_SIZE = 16_384
"""Page size of new SQLite archives (SQLite's default is 4 kB)."""
WAL_CHECKPOINT_BYTES = 16_000 * 1024
"""How much WAL a writer lets grow before it checkpoints (whatever the page size)."""
WRITE = "newsharvest_write"
"""Execution option marking a connection whose transactions must BEGIN IMMEDIATE."""


STATEMENT_CACHE = 32
"""Prepared statements the driver keeps per writing connection (Python's default is 128). A batch's
articles go in one multi-row INSERT whose text depends on the batch size, and each cached
one is a program the size of the batch: with 128 kept, SQLite's memory keeps growing over a
long crawl; 32 bounds it, and bulk inserts run as fast."""


def default_database_url() -> str:
    """The archive used when none is named: ``newsharvest.db`` in the working directory."""
    return f"sqlite:///{DEFAULT_FILENAME}"


def to_url(target: str | os.PathLike[str]) -> URL:
    """A SQLAlchemy URL for a file path or a URL string."""
    text = os.fspath(target)
    if "://" in text:
        try:
            return make_url(text)
        except ArgumentError as exc:
            raise ArchiveError(f"not a database URL: {text}") from exc
    return URL.create("sqlite", database=text)


SUPPORTED = ("sqlite", "postgresql")
"""The databases an archive can live in (the test suite runs on both)."""
POSTGRES_EXTRA = 'pip install "newsharvest[postgres]"'


def display_name(target: str | os.PathLike[str]) -> str:
    """How to name an archive in messages: its path, or its URL without the password."""
    text = os.fspath(target)
    if "://" not in text:
        return text
    try:
        return make_url(text).render_as_string(hide_password=True)
    except ArgumentError:
        return text


def insert_for(dialect_name: str, table: Table) -> Any:
    """The dialect's ``INSERT`` construct for `table`, the one with ``ON CONFLICT`` clauses."""
    if dialect_name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table)


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL; None for other databases and in-memory SQLite."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def check_sqlite_file(path: Path, *, readonly: bool) -> None:
    """Refuse, before SQLite touches it, a file that cannot be an archive.

    A missing file is an error when reading (a query never creates an empty archive); a
    file that is not SQLite is always an error, and is left untouched.
    """
    if not path.exists():
        if readonly:
            raise ArchiveError(f"no archive at {path}: the file does not exist")
        if not path.parent.exists():
            raise ArchiveError(f"cannot create archive {path}: no directory {path.parent}")
        return
    if path.is_dir():
        raise ArchiveError(f"{path} is a directory, not an archive")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise ArchiveError(f"cannot read {path}: {exc.strerror}") from exc
    if header == b"":
        if readonly:
            raise ArchiveError(f"{path} is an empty file, not a newsharvest archive")
        return  # an empty file is an empty SQLite database: the archive is made in it
    if header != SQLITE_MAGIC:
        raise ArchiveError(f"{path} is not a SQLite database (not a newsharvest archive)")


def _on_connect(readonly: bool) -> Any:
    def configure(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if readonly:
            cursor.execute("PRAGMA query_only = ON")
        else:  # WAL itself is switched on by `use_wal`, once the file is known to be ours
            # A new archive only (an existing file keeps its page size): 16 kB pages hold
            # an article's 5-6 kB row without an overflow chain, and FTS segments in fewer
            # pages: faster inserts and exports, for a somewhat larger file.
            cursor.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            cursor.execute("PRAGMA synchronous = NORMAL")  # durable across crashes in WAL
            cursor.execute("PRAGMA cache_size = -65536")  # 64 MB: FTS segment merges reuse pages
            page_size = int(cursor.execute("PRAGMA page_size").fetchone()[0])
            # ~16 MB of WAL between checkpoints (4,000 pages of 4 kB): fewer, larger ones
            cursor.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_BYTES // page_size}")
        cursor.close()

    return configure


def _on_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get(WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: URL, *, readonly: bool) -> Engine:
    """An engine for `url`, connections configured as the module docstring says.

    Raises `ArchiveError` for a database other than SQLite and PostgreSQL, or when the
    driver the URL names is not installed.
    """
    backend = url.get_backend_name()
    if backend not in SUPPORTED:
        raise ArchiveError(
            f"{url.render_as_string(hide_password=True)}: newsharvest archives live in SQLite or"
            f" PostgreSQL, not {backend}"
        )
    try:
        if backend == "postgresql":
            return _postgres_engine(url, readonly=readonly)
        return _sqlite_engine(url, readonly=readonly)
    except (ImportError, NoSuchModuleError) as exc:
        extra = f"; for PostgreSQL: {POSTGRES_EXTRA}" if backend == "postgresql" else ""
        raise ArchiveError(
            f"cannot open {url.render_as_string(hide_password=True)}: its database driver is not"
            f" installed ({exc}){extra}"
        ) from None


def _sqlite_engine(url: URL, *, readonly: bool) -> Engine:
    path = sqlite_path(url)
    if path is not None and readonly:
        # mode=rw never creates the file, and lets the last reader out tidy the WAL files
        # away; query_only (set on connect) keeps it from writing. mode=ro when we may not
        # write at all (the WAL index then needs the -shm file to exist already).
        mode = "rw" if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK) else "ro"
        uri = f"file:{quote(path.resolve().as_posix())}?mode={mode}"
        url = url.set(database=uri, query={**url.query, "uri": "true"})
    # Writers only: readers' statements (searches, exports) do not grow with batch sizes.
    engine = create_engine(url, connect_args={} if readonly else {"cached_statements": STATEMENT_CACHE})
    event.listen(engine, "connect", _on_connect(readonly))
    event.listen(engine, "begin", _on_begin)
    return engine


def _postgres_engine(url: URL, *, readonly: bool) -> Engine:
    if url.drivername == "postgresql":  # SQLAlchemy would pick psycopg2: we ship and test psycopg 3
        url = url.set(drivername="postgresql+psycopg")
    connect_args: dict[str, Any] = {}
    if readonly and url.get_driver_name() in ("psycopg", "psycopg2"):  # libpq's startup options
        connect_args["options"] = "-c default_transaction_read_only=on"
    return create_engine(url, connect_args=connect_args, pool_pre_ping=True)


def use_wal(engine: Engine) -> None:
    """Switch a SQLite archive to WAL (a lasting property of the file; no-op elsewhere).

    Two connections switching one file at once can deadlock, and SQLite then fails one of them
    at once ("database is locked") instead of letting its busy timeout wait: the switch is
    tried again, the connection given back in between, until the busy timeout has passed
    (several crawlers started together on a new archive); the last error is raised then."""
    if engine.dialect.name != "sqlite":
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        raw = engine.raw_connection()  # outside any transaction, as SQLite requires
        try:
            cursor = raw.cursor()
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            cursor.close()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
        finally:
            raw.close()
        time.sleep(WAL_RETRY_SECONDS)
