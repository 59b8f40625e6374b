"""Opening archives: what is created, what is refused, and that refusals touch nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsharvest import query
from newsharvest.store import Archive, ArchiveError, default_database_url
from newsharvest.store.engine import PAGE_SIZE
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


def test_readonly_archives_refuse_writes(db_path: Path) -> None:
    Archive.open(db_path).close()
    with Archive.open(db_path, readonly=True) as archive, pytest.raises(ArchiveError):
        archive.begin_run("x")


def test_readers_leave_no_side_files(db_path: Path) -> None:
    Archive.open(db_path).close()
    with Archive.open(db_path, readonly=True) as archive:
        query.count_articles(archive)
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_default_database_url() -> None:
    assert default_database_url() == "sqlite:///newsharvest.db"
