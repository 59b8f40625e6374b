"""The `newsharvest` console command as a user runs it: demo, serve-fixtures, extract; `scrapy list`."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, extraction_cases

NEWSHARVEST = [sys.executable, "-m", "newsharvest.cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_demo_archives_the_replica_into_newsharvest_db(tmp_path: Path) -> None:
    result = subprocess.run(
        [*NEWSHARVEST, "demo", "--quiet"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Blinken, Lavrov Meet Briefly As U.S.-Russia Tensions Soar" in result.stdout
    assert "not_found" in result.stdout and "not_article" in result.stdout
    database = tmp_path / "newsharvest.db"
    (count,) = sqlite3.connect(database).execute("SELECT count(*) FROM articles").fetchone()
    articles = [c for site in ("huffpost", "apnews") for c in extraction_cases(site) if "record" in c.spec]
    assert count == len(articles)  # HuffPost's replica, and AP's for the originals of its wire copies
    assert f"{count} articles:" in result.stdout
    links = result.stdout.split("Stories found on several sites (copy → original):\n", 1)[1].splitlines()
    assert any(
        line.startswith("  [")
        and 'HuffPost "Blinken, Lavrov Meet Briefly As U.S.-Russia Tensions Soar" → [' in line
        and '] AP NEWS "Blinken, Lavrov meet briefly as U.S.-Russia tensions soar" (similarity 1.00)' in line
        for line in links
    ), links


def test_serve_fixtures_serves_until_stopped() -> None:
    port = free_port()
    server = subprocess.Popen([*NEWSHARVEST, "serve-fixtures", "--port", str(port)], stdout=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=5) as response:
                    body = response.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert "Crawl-delay: 4" in body
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_fixtures_unknown_site_is_a_clear_error() -> None:
    result = subprocess.run(
        [*NEWSHARVEST, "serve-fixtures", "--site", "nosuchsite", "--port", str(free_port())],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert "no replica for site 'nosuchsite'" in result.stderr
    assert "Traceback" not in result.stderr


def test_extract_prints_the_record_of_a_file(tmp_path: Path) -> None:
    case = next(c for c in extraction_cases("huffpost") if c.name == "g20-wire-story")
    page = tmp_path / "page.html"
    page.write_bytes(case.page_bytes() or b"")
    result = subprocess.run(
        [*NEWSHARVEST, "extract", str(page), "--url", case.url], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == case.spec["record"]


def test_extract_of_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [*NEWSHARVEST, "extract", str(tmp_path / "nope.html")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1 and "no such file" in result.stderr and "Traceback" not in result.stderr


def test_scrapy_list_names_the_spiders() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "huffpost" in result.stdout.split()
