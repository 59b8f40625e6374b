"""Re-extraction from the WARC capture: `newsharvest reextract` after the extractor changed."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsharvest.testing.server import serving
from tests.conftest import REPO_ROOT
from tests.support import crawling


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An archive of the HuffPost replica and its WARC files (copied by each test)."""
    folder = tmp_path_factory.mktemp("crawled")
    with serving("huffpost") as server:
        crawling.scrapy_crawl("huffpost", folder / "archive.db", "-a", f"base_url={server.base_url}")
    yield folder


def copy_of(crawled: Path, tmp_path: Path) -> Path:
    """A copy of the crawled archive whose captures point at its own copy of the WARC files."""
    shutil.copytree(crawled / "warc", tmp_path / "warc")
    database = tmp_path / "archive.db"
    shutil.copy(crawled / "archive.db", database)
    connection = sqlite3.connect(database)
    with connection:
        connection.execute(
            "UPDATE captures SET warc_file = replace(warc_file, ?, ?)", (str(crawled), str(tmp_path))
        )
    connection.close()
    return database


def newsharvest(
    *args: str, extractor: str | None = None, workers: int = 2
) -> subprocess.CompletedProcess[str]:
    env = {"NEWSHARVEST_EXTRACT_WORKERS": str(workers), "PATH": str(Path(sys.executable).parent)}
    if extractor:
        env["NEWSHARVEST_EXTRACTOR"] = extractor
    result = subprocess.run(
        [sys.executable, "-m", "newsharvest.cli", *args], cwd=REPO_ROOT, capture_output=True, text=True,
        env=env, timeout=240,
    )  # fmt: skip
    return result


def table(database: Path, sql: str) -> list[tuple[object, ...]]:
    return crawling.rows(database, sql)


@pytest.mark.slow
def test_reextract_stores_revisions_exactly_where_the_field_changed_and_only_once(
    crawled: Path, tmp_path: Path
) -> None:
    database = copy_of(crawled, tmp_path)
    world = {i for (i,) in table(database, "SELECT id FROM articles WHERE section = 'World News'")}
    articles = table(database, "SELECT count(*) FROM articles")[0][0]
    rejected = table(database, "SELECT count(*) FROM rejections")[0][0]
    assert len(world) >= 2 and articles > len(world)
    before_captures = table(database, "SELECT count(*) FROM captures")[0][0]

    first = newsharvest(
        "reextract", "--db", str(database), extractor="tests.support.extractors.world_section_renamed"
    )
    assert first.returncode == 0, first.stderr
    changed, unchanged = len(world), articles - len(world)
    counts = f"changed {changed}, unchanged {unchanged}, newly rejected 0, newly accepted 0"
    assert f"{counts}, still rejected {rejected}" in first.stdout
    assert f"changed fields: section {changed}" in first.stdout
    revised = table(database, "SELECT article_id, number, changed_fields FROM revisions WHERE number > 1")
    assert sorted(revised) == sorted((i, 2, '["section"]') for i in world)
    assert table(database, "SELECT count(*) FROM articles WHERE section = 'World'") == [(len(world),)]
    old = json.loads(
        table(database, "SELECT content FROM revisions WHERE number = 1 AND content IS NOT NULL")[0][0]
    )
    assert old["section"] == "World News"  # the earlier text is kept
    # Each new revision leads back to the response record it was extracted from.
    linked = table(
        database,
        "SELECT count(*) FROM captures c JOIN revisions r ON r.id = c.revision_id WHERE r.number = 2",
    )
    assert linked == [(len(world),)]
    shown = newsharvest("show", str(min(world)), "--raw", "--revision", "2", "--db", str(database))
    assert shown.returncode == 0 and shown.stdout.startswith("HTTP/1.1 200 OK"), shown.stderr

    snapshot = [
        table(database, f"SELECT * FROM {t} ORDER BY 1")
        for t in ("articles", "revisions", "rejections", "captures")
    ]
    second = newsharvest(
        "reextract", "--db", str(database), extractor="tests.support.extractors.world_section_renamed"
    )
    assert second.returncode == 0, second.stderr
    assert f"changed 0, unchanged {articles}" in second.stdout
    assert [
        table(database, f"SELECT * FROM {t} ORDER BY 1")
        for t in ("articles", "revisions", "rejections", "captures")
    ] == snapshot
    assert table(database, "SELECT count(*) FROM captures")[0][0] == before_captures + len(world)


@pytest.mark.slow
def test_a_rejection_that_now_extracts_becomes_an_article(crawled: Path, tmp_path: Path) -> None:
    database = copy_of(crawled, tmp_path)
    articles = table(database, "SELECT count(*) FROM articles")[0][0]
    result = newsharvest(
        "reextract", "--reason", "not_article", "--db", str(database),
        extractor="tests.support.extractors.videos_kept", workers=0,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "newly accepted 1" in result.stdout and "changed 0, unchanged 0" in result.stdout
    kept = table(database, "SELECT id, headline, url FROM articles WHERE headline = 'Kept video page'")
    assert len(kept) == 1 and "video" in str(kept[0][2])
    assert table(database, f"SELECT count(*) FROM captures WHERE article_id = {kept[0][0]}") == [(1,)]
    again = newsharvest(
        "reextract", "--reason", "not_article", "--db", str(database),
        extractor="tests.support.extractors.videos_kept", workers=0,
    )  # fmt: skip
    assert "newly accepted 0" in again.stdout and table(database, "SELECT count(*) FROM articles") == [
        (articles + 1,)
    ]


def test_reextract_needs_an_existing_archive(tmp_path: Path) -> None:
    result = newsharvest("reextract", "--db", str(tmp_path / "missing.db"))
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert not (tmp_path / "missing.db").exists()
