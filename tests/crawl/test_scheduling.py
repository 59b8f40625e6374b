"""Scheduled runs: `newsharvest crawl SPIDER [--every]`, and its lock."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsharvest.scheduling import LOCKED_EXIT, CrawlLocked, crawl_lock, lock_path, parse_interval
from newsharvest.testing.server import FixtureServer
from tests.conftest import REPO_ROOT
from tests.support.crawling import FAST_LOCAL, crawl_command, runs, scrapy_crawl


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30m", 1800), ("1h", 3600), ("90s", 90), ("1h30m", 5400), ("1d", 86400), ("0.5s", 0.5)],
)
def test_parse_interval(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "30", "5x", "m30", "0m", "1h 30m"])
def test_parse_interval_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_interval(text)


def test_lock_path_sits_beside_the_archive(tmp_path: Path) -> None:
    lock = lock_path(f"sqlite:///{tmp_path}/news.db", "news-huffpost")
    assert lock == tmp_path / "news.db.news-huffpost.lock"
    assert lock_path("postgresql://db/news", "a/b").name.endswith(".a_b.lock")


def test_lock_is_exclusive_and_released_with_its_holder(tmp_path: Path) -> None:
    lock = tmp_path / "x.lock"
    code = (
        "import time\nfrom pathlib import Path\nfrom newsharvest.scheduling import crawl_lock\n"
        f"with crawl_lock(Path({str(lock)!r})):\n    print('held', flush=True)\n    time.sleep(60)"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with pytest.raises(CrawlLocked, match=f"pid {holder.pid}"), crawl_lock(lock):
        pass
    holder.kill()  # SIGKILL: the kernel releases the lock, no stale lock file blocks the next run
    holder.wait()
    with crawl_lock(lock):
        pass


def newsharvest(*args: str) -> list[str]:
    """The `newsharvest` command line (through this interpreter)."""
    return [sys.executable, "-c", "from newsharvest.cli import main; main()", *args]


def crawl_args(server: FixtureServer, *extra: str) -> list[str]:
    settings = [FAST_LOCAL[i + 1] for i in range(0, len(FAST_LOCAL), 2)]
    args = ["crawl", "huffpost", "--db", "news.db", "-a", f"base_url={server.base_url}"]
    for setting in [*settings, *extra]:
        args += ["-s", setting]
    return args


@pytest.mark.slow
def test_second_overlapping_run_is_refused(huffpost_server: FixtureServer, tmp_path: Path) -> None:
    """Run outside the project folder: the command finds the project's settings itself."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    slow = crawl_args(huffpost_server, "NEWSHARVEST_CRAWL_DELAY_CAP=0.3")  # robots.txt asks 4 s
    first = subprocess.Popen(
        newsharvest(*slow), cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True
    )
    lock = tmp_path / "news.db.huffpost.lock"
    deadline = time.monotonic() + 30
    while not (lock.exists() and lock.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    second = subprocess.run(
        newsharvest(*slow), cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert second.returncode == LOCKED_EXIT, second.stderr[-2000:]
    assert "a crawl is already running" in second.stderr and f"pid {first.pid}" in second.stderr
    assert first.poll() is None  # the refused run did not wait for the first to end
    _, stderr = first.communicate(timeout=120)
    assert first.returncode == 0, stderr[-3000:]
    assert [r["spider"] for r in runs(tmp_path / "news.db")] == ["huffpost"]


@pytest.mark.slow
def test_every_runs_again_incrementally(huffpost_server: FixtureServer, tmp_path: Path) -> None:
    result = subprocess.run(
        newsharvest(*crawl_args(huffpost_server), "--every", "1s", "--times", "2"),
        cwd=tmp_path, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "run 1 exited 0" in result.stderr
    first, second = runs(tmp_path / "news.db")
    assert first["new"] == 8 and first["finish_reason"] == second["finish_reason"] == "finished"
    assert (second["new"], second["unchanged"], second["updated"]) == (0, 0, 0)
    entries = [path for _, path in huffpost_server.log if path.startswith("/entry/")]
    assert len(entries) == len(set(entries))  # the second run fetched no story again


@pytest.mark.slow
def test_a_plain_scrapy_crawl_takes_the_lock_too(huffpost_server: FixtureServer, tmp_path: Path) -> None:
    """Cron lines or Scrapyd jobs running `scrapy crawl` directly cannot overlap either."""
    database = tmp_path / "news.db"
    args = ("huffpost", database, "-a", f"base_url={huffpost_server.base_url}")
    slow = crawl_command(*args, "-s", "NEWSHARVEST_CRAWL_DELAY_CAP=0.3")
    first = subprocess.Popen(slow, cwd=REPO_ROOT, stderr=subprocess.PIPE, text=True)
    lock = tmp_path / "news.db.huffpost.lock"
    deadline = time.monotonic() + 30
    while not (lock.exists() and lock.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    second = subprocess.run(slow, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert second.returncode != 0
    assert "a crawl is already running" in second.stderr and f"pid {first.pid}" in second.stderr
    _, stderr = first.communicate(timeout=120)
    assert first.returncode == 0, stderr[-3000:]
    assert len(runs(database)) == 1  # the refused crawl never opened the archive
    scrapy_crawl(*args)  # released when the first ended
    assert len(runs(database)) == 2
