"""A PostgreSQL archive that goes away mid-crawl: the crawl waits for it, or stops with a status
saying so, and nothing it fetched is lost either way (a real server, stopped and started)."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsharvest import outcomes
from newsharvest.store import Archive
from newsharvest.testing.postgres import RestartableServer, restartable_postgres_server
from newsharvest.testing.server import FixtureServer
from tests.conftest import REPO_ROOT, create_database
from tests.crawl import test_huffpost
from tests.crawl.test_cluster import article_fetches, fetch_on_record, query
from tests.support import crawling


@pytest.fixture(scope="module")
def restartable() -> Iterator[RestartableServer]:
    """A server of this module's own: the tests stop it (each test its own database)."""
    with restartable_postgres_server() as server:
        yield server


def start_crawl(server: FixtureServer, archive: str, log: Path, *extra: str) -> subprocess.Popen[bytes]:
    command = crawling.crawl_command(
        "huffpost", archive, "-a", f"base_url={server.base_url}",
        "-s", "NEWSHARVEST_CRAWL_DELAY_CAP=0.3", "-s", "NEWSHARVEST_EXTRACT_WORKERS=0", *extra,
    )  # fmt: skip
    with log.open("wb") as output:
        return subprocess.Popen(
            command, cwd=REPO_ROOT, stderr=output, env={**os.environ, "PYTHONUNBUFFERED": "1"}
        )


def stop_mid_crawl(server: FixtureServer, archive: str, database: RestartableServer) -> int:
    """Stop the database once the crawl has a fetch on record and three articles queued, not yet
    fetched (what it goes on fetching while the database is away: a new address is queued in
    the archive before it is fetched, so none is added meanwhile); the article fetches so far."""
    deadline = time.monotonic() + 60
    while not (fetch_on_record(archive, server) and queued_articles(archive, server) >= 3):
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    database.stop()
    return sum(article_fetches(server).values())


def queued_articles(archive: str, server: FixtureServer) -> int:
    """How many of `server`'s articles the archive has queued and the crawl not yet fetched."""
    [(count,)] = query(
        archive, f"SELECT count(*) FROM urls WHERE state = 'queued' AND url LIKE '{server.base_url}/entry/%'"
    )
    return int(count)


def stored(archive: str) -> list[str]:
    return sorted(url for (url,) in query(archive, "SELECT canonical_url FROM articles"))


@pytest.mark.slow
def test_a_crawl_waits_for_its_database_and_stores_what_it_fetched_meanwhile(
    huffpost_server: FixtureServer, restartable: RestartableServer, tmp_path: Path
) -> None:
    archive = create_database(restartable.url)
    Archive.open(archive).close()
    log = tmp_path / "crawl.log"
    crawl = start_crawl(huffpost_server, archive, log)
    before = stop_mid_crawl(huffpost_server, archive, restartable)
    deadline = time.monotonic() + 30
    while sum(article_fetches(huffpost_server).values()) < before + 2 and time.monotonic() < deadline:
        time.sleep(0.05)  # pages fetched while the database is down
    during = sum(article_fetches(huffpost_server).values()) - before
    restartable.start()
    assert crawl.wait(timeout=180) == outcomes.OK, log.read_text()[-4000:]

    text = log.read_text()
    assert during >= 2 and "Database unavailable" in text and "The database is back" in text
    assert "Traceback" not in text
    assert stored(archive) == sorted(test_huffpost.expected_records())  # each once, none lost
    assert max(article_fetches(huffpost_server).values()) == 1  # stored when it came back, not fetched again
    assert query(archive, "SELECT count(*) FROM urls WHERE state NOT IN ('stored', 'rejected')") == [(0,)]
    assert query(archive, "SELECT finish_reason, stats->>'outcome' FROM crawl_runs") == [("finished", "ok")]


@pytest.mark.slow
def test_a_crawl_whose_database_stays_away_stops_and_the_next_run_fetches_the_rest(
    huffpost_server: FixtureServer, restartable: RestartableServer, tmp_path: Path
) -> None:
    archive = create_database(restartable.url)
    Archive.open(archive).close()
    log = tmp_path / "crawl.log"
    crawl = start_crawl(huffpost_server, archive, log, "-s", "NEWSHARVEST_DATABASE_OUTAGE_SECONDS=2")
    stop_mid_crawl(huffpost_server, archive, restartable)
    status = crawl.wait(timeout=180)
    restartable.start()

    text = log.read_text()
    assert status == outcomes.DATABASE_UNAVAILABLE, text[-4000:]
    assert "Closing the crawl: the database has been unreachable" in text
    assert "Closing spider (database_unavailable)" in text
    assert "Traceback" not in text
    partial = stored(archive)
    assert len(partial) < len(test_huffpost.expected_records())
    [(reason,)] = query(archive, "SELECT finish_reason FROM crawl_runs")
    assert reason is None  # the run could not be recorded as ended: the next run marks it

    crawling.scrapy_crawl("huffpost", archive, "-a", f"base_url={huffpost_server.base_url}")
    assert stored(archive) == sorted(test_huffpost.expected_records())  # the rest, none twice
    runs = query(archive, "SELECT finish_reason, stats->>'outcome' FROM crawl_runs ORDER BY id")
    assert runs == [("interrupted", None), ("finished", "ok")]  # the first marked by the second
