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
    assert result.stderr == ""  # --quiet: no warning on a clean crawl
    out = result.stdout
    database = tmp_path / "newsharvest.db"
    (count,) = sqlite3.connect(database).execute("SELECT count(*) FROM articles").fetchone()
    huffpost = [c for c in extraction_cases("huffpost") if "record" in c.spec]
    ap = [c for c in extraction_cases("apnews") if "record" in c.spec]
    assert count == len(huffpost) + len(ap)  # AP's replica first, for the originals of HuffPost's wire copies
    assert f"(run 2, finished): {len(huffpost)} articles stored, 2 pages rejected." in out
    (g20,) = (
        sqlite3.connect(database)
        .execute("SELECT id FROM articles WHERE canonical_url LIKE '%blinken-lavrov-meet-briefly%'")
        .fetchone()
    )
    # The reference story as a reader wants it: headline, byline, date, dateline and first
    # paragraphs, the caption with its credit; then how to see it all.
    reader = out[out.index("Blinken, Lavrov Meet Briefly As U.S.-Russia Tensions Soar") :]
    assert "By Matthew Lee, AP · 2023-03-02 · HuffPost" in reader
    assert "NEW DELHI (AP) — U.S. Secretary of State Antony Blinken" in reader
    assert "(Olivier Douliery/Pool Photo via AP)" in " ".join(reader.split())
    assert f"see all: newsharvest show {g20}" in out and "newsharvest search blinken" in out
    assert "[{'name'" not in out  # authors by name, not as a Python repr
    listed = [line for line in out.splitlines() if line.startswith("  [")]
    assert len(listed) == len(huffpost) and len({line.index(" 20") for line in listed}) == 1  # aligned dates
    assert any(line.startswith(f"  [{g20}] ") and "2023-03-02  Matthew Lee" in line for line in listed)
    # Then each wire copy found, copy → original: HuffPost's G-20 story → AP's.
    links = out.split("Stories found on several sites (copy → original):\n", 1)[1].splitlines()
    assert any(
        line.startswith(
            f'  HuffPost [{g20}] "Blinken, Lavrov Meet Briefly As U.S.-Russia Tensions Soar" → AP NEWS ['
        )
        and line.endswith('] "Blinken, Lavrov meet briefly as U.S.-Russia tensions soar" (similarity 1.00)')
        for line in links
    ), links
    assert "not_found" in out and "not_article" in out

    # A rerun (the replica on another port) stores nothing new and records no rejection twice.
    again = subprocess.run(
        [*NEWSHARVEST, "demo", "--quiet"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert again.returncode == 0, again.stderr[-3000:]
    assert "(run 4, finished): 0 articles stored, 0 pages rejected." in again.stdout
    assert "This run stored nothing new" in again.stdout
    connection = sqlite3.connect(database)
    assert connection.execute("SELECT count(*) FROM rejections").fetchone() == (4,)  # 2 of each replica
    assert connection.execute("SELECT count(*) FROM articles").fetchone() == (count,)


def test_serve_fixtures_serves_on_a_free_port_and_prints_the_crawl_command() -> None:
    server = subprocess.Popen([*NEWSHARVEST, "serve-fixtures"], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        command = server.stdout.readline().strip()
        base_url = first.split(" at ")[1].split(" ")[0]
        assert base_url.startswith("http://127.0.0.1:") and not base_url.endswith(":8000")
        assert command == (
            f"scrapy crawl huffpost -a base_url={base_url} "
            "-s NEWSHARVEST_ALLOWED_ADDRESSES=127.0.0.1 -s NEWSHARVEST_CRAWL_DELAY_CAP=0.1"
        )
        with urllib.request.urlopen(f"{base_url}/robots.txt", timeout=5) as response:
            assert "Crawl-delay: 4" in response.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=10)


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
