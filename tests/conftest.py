"""Shared fixtures: replicas served on 127.0.0.1, extraction cases loaded from fixtures/pages,
a PostgreSQL server for the archive tests that run on both databases.

The suite runs in parallel (pytest-xdist, `--dist loadfile`): every fixture is per worker
process (free ports, `tmp_path`, one PostgreSQL server each), and a module's tests run on one
worker, so that a module-scoped fixture (one crawl read by many tests) is made once.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from newsharvest.testing.postgres import postgres_server as embedded_or_given_server
from newsharvest.testing.server import FixtureServer, Replica, serving

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES_DIR = REPO_ROOT / "fixtures"
"""Extraction cases as data (`pages/<site>/<case>/`)."""

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server the tests may create databases on, for the session
    (`newsharvest.testing.postgres`: `SERVER_ENV`'s, or the embedded one; parallel workers
    start theirs one at a time)."""
    with embedded_or_given_server() as url:
        yield url


def create_database(server_url: str, template: str | None = None) -> str:
    """A new database on the server at `server_url`, empty or a copy of `template` (a URL
    of a database nobody is connected to); its URL."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"nh_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        copy = f" TEMPLATE {make_url(template).database}" if template else ""
        conn.exec_driver_sql(f"CREATE DATABASE {name}{copy}")
    engine.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_database(server_url: str, url: str) -> None:
    """Remove a database `create_database` made, closing whatever still uses it."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {make_url(url).database} WITH (FORCE)")
    engine.dispose()


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    url = create_database(postgres_server)
    yield url
    drop_database(postgres_server, url)


@pytest.fixture(scope="session")
def postgres_template(postgres_server: str) -> Iterator[str]:
    """A database holding an empty archive, made once: copying it is 20 times faster than
    running the migrations for each test."""
    from newsharvest.store import Archive

    url = create_database(postgres_server)
    Archive.open(url).close()
    yield url
    drop_database(postgres_server, url)


@pytest.fixture
def postgres_archive_url(postgres_server: str, postgres_template: str) -> Iterator[str]:
    """A fresh PostgreSQL database holding an empty archive, for one test."""
    url = create_database(postgres_server, template=postgres_template)
    yield url
    drop_database(postgres_server, url)


@pytest.fixture
def huffpost_server() -> Iterator[FixtureServer]:
    """The HuffPost replica on a free port of 127.0.0.1."""
    with serving("huffpost") as server:
        yield server


@dataclass
class ExtractionCase:
    """One page and the record a perfect extractor makes of it (fixtures/pages/<site>/<case>)."""

    site: str
    name: str
    folder: Path
    spec: dict[str, Any]

    @property
    def url(self) -> str:
        return str(self.spec["url"])

    def page_bytes(self) -> bytes | None:
        """The page: `page.html` beside the expectation, else the replica file at the URL's path."""
        own = self.folder / "page.html"
        if own.exists():
            return own.read_bytes()
        replica = Replica.load(self.site)
        file = replica.resolve_file(urlsplit(self.url).path)
        return replica.read(file) if file else None


def extraction_cases(site: str) -> list[ExtractionCase]:
    """Every case folder of a site, sorted by name."""
    root = FIXTURES_DIR / "pages" / site
    return [
        ExtractionCase(site, folder.name, folder, json.loads((folder / "expected.json").read_text()))
        for folder in sorted(root.iterdir())
        if (folder / "expected.json").exists()
    ]


def case_params(site: str) -> list[Any]:
    """pytest parameters, one per case, named after the case folder."""
    return [pytest.param(case, id=case.name) for case in extraction_cases(site)]
