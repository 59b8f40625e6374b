"""Opening archives: what is created, what is refused, and that refusals touch nothing."""

from __future__ import annotations

import socket
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import DBAPIError

from newsharvest import query
from newsharvest.store import Archive, ArchiveError, default_database_url
from newsharvest.store import archive as archive_module
from newsharvest.store import engine as engine_module
from newsharvest.store.engine import PAGE_SIZE, make_engine, to_url, use_wal
from tests.store.factory import FETCHED, make_article


def test_writable_open_creates_a_wal_archive(db_path: Path) -> None:
    with Archive.open(db_path) as archive:
        assert query.count_articles(archive) == 0
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_new_archive_gets_large_pages_an_existing_one_keeps_its_own(tmp_path: Path) -> None:
    fresh, older = tmp_path / "fresh.db", tmp_path / "older.db"
    Archive.open(fresh).close()
    with sqlite3.connect(older) as conn:
        conn.execute("PRAGMA page_size = 4096")
        conn.execute("VACUUM")  # an empty file made by an older version, 4 kB pages
    with Archive.open(older) as archive:
        archive.store_article(make_article(), fetched_at=FETCHED)
    for path, size in ((fresh, PAGE_SIZE), (older, 4096)):
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA page_size").fetchone()[0] == size


def test_readonly_open_of_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nope.db"
    with pytest.raises(ArchiveError, match="does not exist"):
        Archive.open(missing, readonly=True)
    assert list(tmp_path.iterdir()) == []


def test_a_non_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("these are my notes, not a database\n" * 10)
    before = other.read_bytes()
    for readonly in (True, False):
        with pytest.raises(ArchiveError, match="not a SQLite database"):
            Archive.open(other, readonly=readonly)
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_foreign_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    before = foreign.read_bytes()
    for readonly in (True, False):
        with pytest.raises(ArchiveError, match="not a newsharvest archive"):
            Archive.open(foreign, readonly=readonly)
    assert foreign.read_bytes() == before


def test_an_empty_database_is_refused_when_reading(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()  # SQLite leaves a 0-byte file
    with pytest.raises(ArchiveError, match="empty file"):
        Archive.open(empty, readonly=True)
    with sqlite3.connect(tmp_path / "vacuumed.db") as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("DROP TABLE t")
    with pytest.raises(ArchiveError, match="empty database"):
        Archive.open(tmp_path / "vacuumed.db", readonly=True)
    assert Archive.open(empty).schema_version  # but it can become an archive


def test_readers_leave_no_side_files(db_path: Path) -> None:
    Archive.open(db_path).close()
    with Archive.open(db_path, readonly=True) as archive:
        query.count_articles(archive)
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_default_database_url() -> None:
    assert default_database_url() == "sqlite:///newsharvest.db"


# PostgreSQL: the same refusals, and the ways a server URL can be wrong.


def test_a_foreign_postgres_database_is_refused_untouched(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE recipes (name TEXT)"))
    for readonly in (True, False):
        with pytest.raises(ArchiveError, match=r"not a newsharvest archive .*recipes"):
            Archive.open(postgres_url, readonly=readonly)
    assert inspect(engine).get_table_names() == ["recipes"]
    engine.dispose()


def test_an_empty_postgres_database_is_refused_when_reading_made_when_writing(postgres_url: str) -> None:
    with pytest.raises(ArchiveError, match="empty database"):
        Archive.open(postgres_url, readonly=True)
    with Archive.open(postgres_url) as archive:
        assert archive.schema_version
        assert archive.store_article(make_article(), fetched_at=FETCHED) == "new"


def test_readonly_archives_refuse_writes_on_both(db_url: str) -> None:
    Archive.open(db_url).close()
    with Archive.open(db_url, readonly=True) as archive, pytest.raises(ArchiveError, match="read-only"):
        archive.begin_run("x")


def test_a_readonly_postgres_session_cannot_write_even_by_hand(postgres_archive_url: str) -> None:
    with (
        Archive.open(postgres_archive_url, readonly=True) as archive,
        pytest.raises(DBAPIError, match="read-only transaction"),
        archive.reading() as conn,
    ):
        conn.execute(text("DELETE FROM articles"))


def _unreachable_url() -> str:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"postgresql+psycopg://newsharvest:secret@127.0.0.1:{port}/news?connect_timeout=2"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("postgresql+psycopg://", "cannot open"),
        ("mysql://user@localhost/news", "SQLite or PostgreSQL, not mysql"),
        ("postgresql+nosuchdriver://u@localhost/news", "driver is not installed"),
        ("not a url://x", "not a database URL"),
    ],
)
def test_a_bad_database_url_is_one_line(target: str, message: str) -> None:
    with pytest.raises(ArchiveError, match=message) as caught:
        Archive.open(target)
    assert "\n" not in str(caught.value)


def test_an_unreachable_server_is_one_line_without_the_password() -> None:
    url = _unreachable_url()
    for readonly in (True, False):
        shown = r"cannot open postgresql\+psycopg://newsharvest:\*\*\*@"
        with pytest.raises(ArchiveError, match=shown) as caught:
            Archive.open(url, readonly=readonly)
        assert "\n" not in str(caught.value) and "secret" not in str(caught.value)
        assert "refused" in str(caught.value).lower() or "connect" in str(caught.value).lower()


def test_a_missing_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if `newsharvest[postgres]` were not installed
    with pytest.raises(ArchiveError, match=r'driver is not installed.*pip install "newsharvest\[postgres\]"'):
        Archive.open("postgresql+psycopg://u@localhost/news")


class _Refusing:
    """A driver connection whose cursor SQLite refuses as locked (two switches to WAL at once)."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def cursor(self) -> Any:
        raise sqlite3.OperationalError("database is locked")

    def close(self) -> None:
        self.connection.close()


def _rollback_journal_engine(
    path: Path, refusals: int, monkeypatch: pytest.MonkeyPatch
) -> tuple[Any, list[int]]:
    """An engine on an archive set back to a rollback journal, whose first `refusals` driver
    connections are refused as locked; the list counts the connections handed out."""
    Archive.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    engine = make_engine(to_url(path), readonly=False)
    real = engine.raw_connection
    handed: list[int] = []

    def raw_connection() -> Any:
        handed.append(1)
        return _Refusing(real()) if len(handed) <= refusals else real()

    monkeypatch.setattr(engine, "raw_connection", raw_connection)
    return engine, handed


def test_the_switch_to_wal_is_tried_again_when_sqlite_refuses_it_as_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "archive.db"
    engine, handed = _rollback_journal_engine(path, 2, monkeypatch)
    use_wal(engine)
    engine.dispose()
    assert len(handed) == 3
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_lock_that_outlasts_the_busy_timeout_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "archive.db"
    engine, handed = _rollback_journal_engine(path, 1_000, monkeypatch)
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        use_wal(engine)
    engine.dispose()
    assert 2 <= len(handed) < 1_000  # tried again, then gave up
    monkeypatch.setattr(archive_module, "use_wal", lambda _engine: use_wal(engine))
    with pytest.raises(ArchiveError, match=r"cannot open .*archive\.db: database is locked"):
        Archive.open(path)
