"""What a crawl says and how it ends, as a user and cron see it: a clean log, exit statuses
by outcome, and Ctrl-C (SIGINT) mid-crawl recorded as such with nothing stored lost.

Each test runs the real `scrapy crawl` or `newsharvest crawl` in a subprocess against a
replica served on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import pty
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.replica import generate_replica
from newsharvest import outcomes
from newsharvest.scheduling import crawl_lock, lock_path
from newsharvest.store.identity import identity_url
from newsharvest.testing.server import FixtureServer, serving
from tests.conftest import REPO_ROOT
from tests.support.crawling import FAST_LOCAL, crawl_command, runs, scrapy_crawl

NEWSHARVEST = [sys.executable, "-m", "newsharvest.cli"]
DROPPED = "/entry/duluth-library-sunday-hours-vote_n_5c87f857e4b03f1c2a6d8e91"
"""A replica article whose connection is dropped in the partial-run test."""


def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def last_run(database: Path) -> dict[str, object]:
    run = runs(database)[-1]
    run["stats"] = json.loads(str(run["stats"]))
    return run


@pytest.mark.slow
def test_a_clean_crawl_prints_no_warning_and_no_traceback(
    huffpost_server: FixtureServer, tmp_path: Path
) -> None:
    database = tmp_path / "archive.db"
    base_url = f"base_url={huffpost_server.base_url}"
    # at the default log level (INFO)
    result = scrapy_crawl("huffpost", database, "-a", base_url, "-s", "NEWSHARVEST_CRAWL_DELAY_CAP=0.1")
    assert " WARNING: " not in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert "alembic" not in result.stderr
    assert result.stderr.count("Crawl-delay 0.1s for") == 1
    assert result.returncode == outcomes.OK
    assert result.stderr.rstrip().splitlines()[-1].endswith("Spider closed (finished)")  # the log out whole
    run = last_run(database)
    assert run["finish_reason"] == "finished" and run["stats"]["outcome"] == "ok"  # type: ignore[index]


EMBEDDING = """
import sys
from pathlib import Path
from scrapy.cmdline import execute
sys.argv = ["runner", *sys.argv[1:]]
try:
    execute()
finally:
    Path({marker!r}).write_text("cleaned up")
"""


@pytest.mark.slow
def test_a_program_embedding_scrapy_crawl_gets_its_cleanup_run(
    huffpost_server: FixtureServer, tmp_path: Path
) -> None:
    """Run by a program of its own (as Scrapyd's runner runs it), the crawl returns to that
    program when done instead of ending the process at once: its ``finally`` runs."""
    marker = tmp_path / "marker"
    argv = crawl_command("huffpost", tmp_path / "archive.db", "-a", f"base_url={huffpost_server.base_url}")
    program = EMBEDDING.format(marker=str(marker))
    command = [sys.executable, "-c", program, *argv[3:]]  # argv: python -m scrapy crawl …
    result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=240)
    assert result.returncode == outcomes.OK, result.stderr[-3000:]
    assert marker.read_text() == "cleaned up"
    assert last_run(tmp_path / "archive.db")["finish_reason"] == "finished"


@pytest.mark.slow
@pytest.mark.parametrize("command", ["scrapy", "newsharvest"])
def test_a_site_that_cannot_be_reached_exits_4(command: str, tmp_path: Path) -> None:
    database = tmp_path / "archive.db"
    base_url = f"http://127.0.0.1:{closed_port()}"
    if command == "scrapy":
        argv = crawl_command("huffpost", database, "-a", f"base_url={base_url}")
    else:
        argv = [*NEWSHARVEST, "crawl", "huffpost", "--db", str(database), "-a", f"base_url={base_url}"]
        argv += list(FAST_LOCAL)
    result = subprocess.run(argv, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == outcomes.NOTHING_FETCHED, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert "Not crawling 127.0.0.1" in result.stderr and "robots.txt unreachable" in result.stderr
    run = last_run(database)
    assert run["finish_reason"] == "finished" and run["stats"]["outcome"] == "nothing_fetched"  # type: ignore[index]


@pytest.mark.slow
def test_a_run_with_failed_fetches_exits_3(tmp_path: Path) -> None:
    database = tmp_path / "archive.db"
    with serving("huffpost", routes={DROPPED: {"hostile": "drop_connection"}}) as server:
        base_url = f"base_url={server.base_url}"
        result = scrapy_crawl("huffpost", database, "-a", base_url, expect=outcomes.PARTIAL)
    assert "Traceback" not in result.stderr
    run = last_run(database)
    assert run["stats"]["outcome"] == "partial" and run["stats"]["failed"] == 1  # type: ignore[index]
    assert run["new"] == 7  # the other articles are stored


@pytest.mark.slow
def test_scrapy_crawl_exits_75_while_another_run_holds_the_lock(tmp_path: Path) -> None:
    database = tmp_path / "archive.db"
    with crawl_lock(lock_path(f"sqlite:///{database}", "huffpost")):
        result = subprocess.run(
            crawl_command("huffpost", database), cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
        )
    assert result.returncode == outcomes.LOCKED
    assert "Traceback" not in result.stderr
    last = result.stderr.splitlines()[-1]
    assert last.startswith("scrapy crawl huffpost: not started, a crawl is already running")


@pytest.fixture
def slow_replica(tmp_path: Path) -> Iterator[tuple[FixtureServer, list[str]]]:
    """A generated replica of 150 stories: long enough a crawl to be interrupted."""
    urls = generate_replica(tmp_path / "replica", articles=150, seed=20261130)
    with serving("huffpost", root=tmp_path / "replica") as server:
        yield server, urls


def stored(database: Path) -> int:
    if not database.exists():
        return 0
    try:
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.Error:
        return 0


@pytest.mark.slow
@pytest.mark.timeout(240)
@pytest.mark.parametrize("command", ["scrapy", "newsharvest"])
def test_ctrl_c_mid_crawl_is_recorded_and_loses_nothing(
    command: str, slow_replica: tuple[FixtureServer, list[str]], tmp_path: Path
) -> None:
    server, urls = slow_replica
    database = tmp_path / "archive.db"
    settings = [*FAST_LOCAL, "-s", "DOWNLOAD_DELAY=0.05", "-s", "NEWSHARVEST_EXTRACT_WORKERS=2"]
    if command == "scrapy":
        argv = crawl_command("huffpost", database, "-a", f"base_url={server.base_url}", *settings)
    else:
        argv = [*NEWSHARVEST, "crawl", "huffpost", "--db", str(database), "-a", f"base_url={server.base_url}"]
        argv += settings
    # Its own process group, as a terminal's foreground job: Ctrl-C reaches every process in it.
    crawl = subprocess.Popen(
        argv, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    deadline = time.monotonic() + 90
    while stored(database) < 20 and crawl.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert crawl.poll() is None, "the crawl ended before it could be interrupted"
    os.killpg(crawl.pid, signal.SIGINT)
    _, stderr = crawl.communicate(timeout=120)

    assert crawl.returncode == outcomes.INTERRUPTED, stderr[-3000:]
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr[-3000:]
    run = last_run(database)
    assert run["finish_reason"] == "shutdown" and run["finished_at"] is not None
    assert run["stats"]["outcome"] == "interrupted"  # type: ignore[index]
    connection = sqlite3.connect(database)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    kept = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 20 <= kept < len(urls) and kept == run["new"]
    connection.close()

    # The next run takes up where the interrupted one stopped: every story once, none lost.
    scrapy_crawl("huffpost", database, "-a", f"base_url={server.base_url}")
    connection = sqlite3.connect(database)
    identities = sorted(i for (i,) in connection.execute("SELECT identity_url FROM articles"))
    assert identities == sorted(identity_url(u) for u in urls)
    assert connection.execute("SELECT max(revision_count) FROM articles").fetchone() == (1,)
    connection.close()


@pytest.mark.slow
def test_a_progress_line_on_a_terminal_and_none_in_a_pipe(
    huffpost_server: FixtureServer, tmp_path: Path
) -> None:
    argv = crawl_command(
        "huffpost", tmp_path / "archive.db", "-a", f"base_url={huffpost_server.base_url}",
        "-s", "NEWSHARVEST_PROGRESS_SECONDS=0.2", "-s", "DOWNLOAD_DELAY=0.2",
    )  # fmt: skip
    leader, follower = pty.openpty()
    crawl = subprocess.Popen(argv, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the crawl closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    assert crawl.wait(timeout=120) == 0
    os.close(leader)
    lines = [line for line in seen.decode("utf-8", "replace").splitlines() if line.startswith("[progress]")]
    assert lines, seen[-2000:]
    assert all(" · stored " in line and " pages/s · queue " in line for line in lines)

    piped = scrapy_crawl(
        "huffpost", tmp_path / "again.db", "-a", f"base_url={huffpost_server.base_url}",
        "-s", "NEWSHARVEST_PROGRESS_SECONDS=0.2",
    )  # fmt: skip
    assert "[progress]" not in piped.stderr
