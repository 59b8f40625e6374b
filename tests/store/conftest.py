"""Fixtures for the store tests: archives on both databases, articles made to order.

`archive` and `db_url` run a test on a SQLite file and on a fresh PostgreSQL database
(the session's server, see tests/conftest.py); `db_path` and `sqlite_archive` are for the
tests of what only a SQLite file has (WAL, page size, FTS5 segments, file checks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsharvest.extract.record import Article
from newsharvest.store import Archive
from tests.conftest import BACKENDS
from tests.store.factory import make_article


@pytest.fixture
def article_factory() -> Callable[..., Article]:
    return make_article


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "archive.db"


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, db_path: Path) -> str:
    """Where an archive goes: a SQLite file path (no file yet), or the URL of a fresh
    PostgreSQL database holding an empty archive (see `postgres_url` for an empty one)."""
    if request.param == "sqlite":
        return str(db_path)
    return str(request.getfixturevalue("postgres_archive_url"))


@pytest.fixture
def archive(db_url: str) -> Iterator[Archive]:
    with Archive.open(db_url) as opened:
        yield opened


@pytest.fixture
def sqlite_archive(db_path: Path) -> Iterator[Archive]:
    with Archive.open(db_path) as opened:
        yield opened
