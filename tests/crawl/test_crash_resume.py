"""Crash-proof crawling: kill -9 the crawl five times, then let it finish.

A generated replica of 220 stories is crawled by the real `scrapy crawl huffpost` in a
process group that is SIGKILLed — workers included — at random moments and twice while the
archive is inside a transaction writing articles (`tests/support/crashpoints.py` holds the commit
open). Each restart resumes from the frontier's unfinished URLs. After the last, unkilled
run the archive must be intact, hold every story exactly once, give every rejection a
reason, and have no URL left unfinished.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.replica import generate_replica
from newsharvest import settings as project_settings
from newsharvest.store.identity import identity_url
from newsharvest.testing.server import FixtureServer, serving
from tests.conftest import REPO_ROOT
from tests.support.crawling import crawl_command, runs

ARTICLES = 220
SEED = int(os.environ.get("NEWSHARVEST_CRASH_SEED", "20261127"))
KILLS = ("random", "in_write", "early", "in_write", "random")
"""Where each kill lands: during startup, at a random moment, or inside an article commit."""


@pytest.fixture
def replica_server(tmp_path: Path) -> Iterator[tuple[FixtureServer, list[str]]]:
    urls = generate_replica(tmp_path / "replica", articles=ARTICLES, seed=SEED)
    with serving("huffpost", root=tmp_path / "replica") as server:
        yield server, urls


def start_crawl(server: FixtureServer, database: Path, marker: Path, log: Path) -> subprocess.Popen[bytes]:
    """The crawl in a process group of its own (its extraction workers die with it)."""
    extensions = {**project_settings.EXTENSIONS, "tests.support.crashpoints.SlowArticleCommits": 900}
    command = crawl_command(
        "huffpost", database,
        "-a", f"base_url={server.base_url}",
        "-s", f"EXTENSIONS={json.dumps(extensions)}",
        "-s", f"CRASHPOINT_MARKER={marker}",
        "-s", "CRASHPOINT_SLEEP=0.3",
        "-s", "NEWSHARVEST_STORE_BATCH_SIZE=10",
        "-s", "NEWSHARVEST_STORE_FLUSH_SECONDS=0.3",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4",
        "-s", "DOWNLOAD_DELAY=0.01",  # about 100 pages a second: kills land mid-crawl
        "-s", "NEWSHARVEST_EXTRACT_WORKERS=2",
    )  # fmt: skip
    with log.open("ab") as out:
        return subprocess.Popen(
            command, cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip


def stored_count(database: Path) -> int:
    """Articles committed so far (read-only: the test must never create the file itself)."""
    if not database.exists():
        return 0
    try:
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    except sqlite3.Error:
        return 0
    try:
        return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:  # mid-migration
        return 0
    finally:
        connection.close()


def kill_when(
    kind: str, process: subprocess.Popen[bytes], marker: Path, database: Path, rng: random.Random
) -> str:
    """SIGKILL the crawl's process group: "early" within its first two seconds (startup,
    schema, discovery); otherwise once it stored a few more articles — then inside the next
    article transaction ("in_write") or after a random fraction of a second ("random")."""
    target = min(stored_count(database) + rng.randint(5, 30), ARTICLES - 60)
    deadline = time.monotonic() + 60
    if kind == "early":
        time.sleep(rng.uniform(0.3, 2.0))
    else:
        while stored_count(database) < target and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
    if kind == "in_write":
        marker.unlink(missing_ok=True)
        while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert marker.exists(), "the crawl wrote no articles"
    elif kind == "random":
        time.sleep(rng.uniform(0, 0.3))
    assert process.poll() is None, "the crawl finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    return f"{kind}: {stored_count(database)} articles stored"


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_kill_nine_five_times_then_finish(
    replica_server: tuple[FixtureServer, list[str]], tmp_path: Path
) -> None:
    server, urls = replica_server
    database, marker, log = tmp_path / "archive.db", tmp_path / "in-write", tmp_path / "crawl.log"
    rng = random.Random(SEED)
    history = []
    for kind in KILLS:
        marker.unlink(missing_ok=True)
        process = start_crawl(server, database, marker, log)
        history.append(kill_when(kind, process, marker, database, rng))
    print("kills:", history)
    assert stored_count(database) < ARTICLES, history  # the kills came before the end

    before_last, log_before = len(server.log), log.stat().st_size
    marker.unlink(missing_ok=True)
    last = start_crawl(server, database, marker, log)
    assert last.wait(timeout=150) == 0, log.read_text()[-4000:]
    tail = log.read_bytes()[log_before:].decode("utf-8", "replace")

    connection = sqlite3.connect(database)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    # Every story exactly once, with one revision (nothing stored twice over a crash).
    identities = [i for (i,) in connection.execute("SELECT identity_url FROM articles")]
    assert sorted(identities) == sorted(identity_url(u) for u in urls), history
    assert connection.execute("SELECT count(*) FROM revisions").fetchone() == (ARTICLES,)
    assert connection.execute("SELECT max(revision_count) FROM articles").fetchone() == (1,)
    # Every rejection has a reason; no URL is left unfinished in the frontier.
    unexplained = "SELECT count(*) FROM rejections WHERE coalesce(reason, '') = ''"
    assert connection.execute(unexplained).fetchone() == (0,)
    states = dict(connection.execute("SELECT state, count(*) FROM urls GROUP BY state").fetchall())
    assert set(states) <= {"stored", "rejected", "failed"}, states
    stored_urls = {
        identity_url(u) for (u,) in connection.execute("SELECT url FROM urls WHERE state = 'stored'")
    }
    assert {identity_url(server.base_url + "/" + u.split("/", 3)[3]) for u in urls} <= stored_urls
    # The last run resumed: it fetched only what the killed runs had not stored.
    fetched_last = [p for _, p in server.log[before_last:] if p.startswith("/entry/")]
    assert len(fetched_last) < ARTICLES, history
    assert "unfinished addresses from the frontier" in tail
    crawl_runs = runs(database)
    assert len(KILLS) - 1 <= len(crawl_runs) <= len(KILLS) + 1  # an early kill may precede its row
    assert crawl_runs[-1]["finish_reason"] == "finished"
    assert all(r["finished_at"] is None for r in crawl_runs[:-1])
    assert sum(r["new"] for r in crawl_runs) == ARTICLES
