"""Running the real `scrapy crawl` in a subprocess, as a user would, against a local replica."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import REPO_ROOT

FAST_LOCAL = (
    "-s", "DOWNLOAD_DELAY=0",
    "-s", "DOWNLOAD_DELAY_JITTER=0",
    "-s", "NEWSHARVEST_CRAWL_DELAY_CAP=0",
    "-s", "AUTOTHROTTLE_ENABLED=False",
    "-s", "NEWSHARVEST_ALLOWED_ADDRESSES=127.0.0.1",
)  # fmt: skip
"""Settings for crawling our own replica on 127.0.0.1: no waiting, loopback allowed."""


def crawl_command(spider: str, database: Path | str, *extra: str) -> list[str]:
    """The `scrapy crawl` command line for `spider` into `database` (a SQLite file, or a URL)."""
    url = database if isinstance(database, str) and "://" in database else f"sqlite:///{database}"
    return [
        sys.executable, "-m", "scrapy", "crawl", spider,
        "-s", f"NEWSHARVEST_DATABASE_URL={url}",
        *FAST_LOCAL, *extra,
    ]  # fmt: skip


def scrapy_crawl(
    spider: str, database: Path | str, *extra: str, timeout: float = 240, expect: int = 0
) -> subprocess.CompletedProcess[str]:
    """Run a crawl to the end; fails the test when it does not exit with `expect` (0: ok; see
    `newsharvest.outcomes` for the others)."""
    result = subprocess.run(
        crawl_command(spider, database, *extra),
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert result.returncode == expect, result.stderr[-4000:]
    return result


def rows(database: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """The rows of one query on the archive file."""
    connection = sqlite3.connect(database)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def runs(database: Path) -> list[dict[str, Any]]:
    """Every crawl_runs row, oldest first."""
    connection = sqlite3.connect(database)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in connection.execute("SELECT * FROM crawl_runs ORDER BY id")]
    finally:
        connection.close()
