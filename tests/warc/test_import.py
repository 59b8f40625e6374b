"""`newsharvest import-warc`: WARC files other tools wrote, and files that are not whole."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsharvest.testing.server import serving
from tests.conftest import REPO_ROOT
from tests.support import crawling

CONTENT = "SELECT canonical_url, headline, authors, section, date_published, body, content_hash FROM articles"


def newsharvest(*args: str) -> subprocess.CompletedProcess[str]:
    env = {"NEWSHARVEST_EXTRACT_WORKERS": "0", "PATH": str(Path(sys.executable).parent)}
    return subprocess.run(
        [sys.executable, "-m", "newsharvest.cli", *args], cwd=REPO_ROOT, capture_output=True, text=True,
        env=env, timeout=240,
    )  # fmt: skip


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("wget") is None, reason="wget is not installed")
def test_a_wget_warc_of_the_replica_yields_the_articles_a_crawl_makes(tmp_path: Path) -> None:
    crawled, imported = tmp_path / "crawled.db", tmp_path / "imported.db"
    with serving("huffpost") as server:
        crawling.scrapy_crawl("huffpost", crawled, "-a", f"base_url={server.base_url}")
        # wget fetches what the crawl fetched: robots.txt, sitemaps, the feed, every page.
        (tmp_path / "urls.txt").write_text("".join(f"{server.base_url}{p}\n" for p in dict.fromkeys(
            path for _, path in server.log
        )))  # fmt: skip
        wget = subprocess.run(
            ["wget", "--no-verbose", "--input-file", "urls.txt", "--warc-file", "mirror",
             "--no-warc-keep-log", "--delete-after", "--tries", "1"],
            cwd=tmp_path, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert wget.returncode in (0, 8), wget.stderr  # 8: the replica's 404 pages answered 404
    warc = tmp_path / "mirror.warc.gz"
    assert warc.exists()

    result = newsharvest("import-warc", str(warc), "--db", str(imported))
    assert result.returncode == 0, result.stderr
    crawled_articles = crawling.rows(crawled, "SELECT count(*) FROM articles")[0][0]
    assert f"articles: new {crawled_articles}" in result.stdout
    assert "not_found 3" in result.stdout  # the removed story and two missing sitemaps: counted, skipped
    assert "not_html" in result.stdout and "request_record" in result.stdout
    assert sorted(crawling.rows(imported, CONTENT)) == sorted(crawling.rows(crawled, CONTENT))
    assert crawling.rows(imported, "SELECT reason FROM rejections") == [("not_article",)]
    # Each imported article points at its record in the wget file, and show --raw reads it.
    files = crawling.rows(imported, "SELECT DISTINCT warc_file FROM captures WHERE article_id IS NOT NULL")
    assert files == [(str(warc),)]
    shown = newsharvest("show", "1", "--raw", "--db", str(imported))
    assert shown.returncode == 0 and shown.stdout.startswith("HTTP/1.1 200"), shown.stderr

    again = newsharvest("import-warc", str(warc), "--db", str(imported))  # identity as for crawls
    assert f"articles: unchanged {crawled_articles}" in again.stdout
    counts = crawling.rows(imported, "SELECT count(*), max(revision_count) FROM articles")
    assert counts == [(crawled_articles, 1)]


def made_warc(tmp_path: Path) -> Path:
    """A WARC written by newsharvest's writer: three HTML pages."""
    from newsharvest.warc.writer import WarcFileWriter
    from tests.warc.test_capture import exchange

    writer = WarcFileWriter(tmp_path, "made", max_bytes=1 << 30)
    for number in range(3):
        writer.write_exchange(exchange(number, 3000))
    writer.close()
    return writer.files[0]


def test_a_file_that_is_not_a_warc_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("these are notes, not a WARC file\n" * 20)
    garbage = tmp_path / "random.warc.gz"
    garbage.write_bytes(gzip.compress(b"\x00\x01 not warc headers at all" * 100))
    for bad in (text, garbage, tmp_path / "missing.warc.gz"):
        database = tmp_path / f"{bad.stem}.db"
        result = newsharvest("import-warc", str(bad), "--db", str(database))
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        assert [line for line in result.stderr.splitlines() if "warning:" in line] == [
            line for line in result.stderr.splitlines() if str(bad.name) in line
        ]
        assert len([line for line in result.stderr.splitlines() if str(bad.name) in line]) == 1
        assert crawling.rows(database, "SELECT count(*) FROM articles") == [(0,)]
        assert crawling.rows(database, "SELECT count(*) FROM captures") == [(0,)]
        assert crawling.rows(database, "SELECT count(*) FROM crawl_runs") == [(0,)]


def test_a_truncated_warc_or_a_broken_gzip_member_skips_the_damaged_tail(tmp_path: Path) -> None:
    whole = made_warc(tmp_path).read_bytes()
    cases = {
        "truncated": whole[: len(whole) - 400],  # the last record torn
        "broken": whole[: len(whole) // 2] + b"\x1f\x8b\x08\x00garbage" + whole[len(whole) // 2 + 12 :],
    }
    for name, data in cases.items():
        path = tmp_path / f"{name}.warc.gz"
        path.write_bytes(data)
        database = tmp_path / f"{name}.db"
        result = newsharvest("import-warc", str(path), "--db", str(database))
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
        assert len(warnings) == 1 and path.name in warnings[0] and "offset" in warnings[0], result.stderr
        assert "damaged_tail 1" in result.stdout
        # Only whole records were stored, and every stored capture reads back.
        for file, offset, length in crawling.rows(
            database, "SELECT warc_file, warc_offset, warc_length FROM captures"
        ):
            from newsharvest.warc.reader import read_response
            from newsharvest.warc.writer import Location

            assert read_response(Location(file, offset, length)).status == 200
        stored = crawling.rows(database, "SELECT count(*) FROM captures")[0][0]
        assert 1 <= stored < 3, name
