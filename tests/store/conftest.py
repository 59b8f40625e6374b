"""Fixtures for the store tests: archives on temporary files, articles made to order."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsharvest.extract.record import Article
from newsharvest.store import Archive
from tests.store.factory import make_article


@pytest.fixture
def article_factory() -> Callable[..., Article]:
    return make_article


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "archive.db"


@pytest.fixture
def archive(db_path: Path) -> Iterator[Archive]:
    with Archive.open(db_path) as opened:
        yield opened
