"""Re-extraction from the WARC capture: `newsharvest reextract` after the extractor changed."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
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


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """One archive of two replicas crawled one after the other with capture on — HuffPost on
    127.0.0.1, then AP News on 127.0.0.2 (another loopback address, so that its rejections
    have a host of their own) — and the time of the AP crawl's first capture."""
    folder = tmp_path_factory.mktemp("two_sites")
    database = folder / "archive.db"
    with serving("huffpost") as server:
        crawling.scrapy_crawl("huffpost", database, "-a", f"base_url={server.base_url}")
    time.sleep(1.1)  # captures hold whole seconds: the second crawl's start in a later one
    with serving("apnews", host="127.0.0.2") as server:
        crawling.scrapy_crawl(
            "apnews", database, "-a", f"base_url={server.base_url}",
            "-s", "NEWSHARVEST_ALLOWED_ADDRESSES=127.0.0.1,127.0.0.2",
        )  # fmt: skip
    fetched = "SELECT {}(fetched_at) FROM captures WHERE url LIKE ?"
    boundary = crawling.rows(database, fetched.format("min"), "http://127.0.0.2:%")[0][0]
    before = crawling.rows(database, fetched.format("max"), "http://127.0.0.1:%")[0][0]
    assert before < boundary
    yield folder, boundary


def articles_of(database: Path, host: str) -> set[int]:
    sql = "SELECT a.id FROM articles a JOIN sites s ON s.id = a.site_id WHERE s.host = ?"
    return {i for (i,) in crawling.rows(database, sql, host)}


def marked(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`reextract` with an extractor that changes every page it sees."""
    result = newsharvest(
        "reextract", *args, "--db", str(database), extractor="tests.support.extractors.everything_marked",
        workers=0,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result


def revised(database: Path) -> set[int]:
    """The articles the last run gave a second revision."""
    return {i for (i,) in table(database, "SELECT article_id FROM revisions WHERE number = 2")}


def summary(changed: int, accepted: int, still: int) -> str:
    counts = f"changed {changed}, unchanged 0, newly rejected 0, newly accepted {accepted}"
    return f"{counts}, still rejected {still}\n"


@pytest.mark.slow
@pytest.mark.parametrize("site", ["huffpost.com", "www.huffpost.com", "HUFFPOST"])
def test_reextract_site_takes_exactly_that_sites_articles(
    two_sites: tuple[Path, str], tmp_path: Path, site: str
) -> None:
    folder, _ = two_sites
    database = copy_of(folder, tmp_path)
    huffpost, ap = articles_of(database, "huffpost.com"), articles_of(database, "apnews.com")
    assert len(huffpost) == 7 and len(ap) == 5
    result = marked(database, "--site", site)
    # The replica's rejected pages are on 127.0.0.1, not on huffpost.com: none is taken.
    assert result.stdout.startswith(summary(7, 0, 0)), result.stdout
    assert "changed fields: section 7" in result.stdout
    assert revised(database) == huffpost
    assert table(database, "SELECT count(*) FROM articles WHERE section LIKE '% (again)'") == [(7,)]
    # 7 + 5 + the 2016 story, whose address (www.huffingtonpost.com) is another site row
    assert table(database, "SELECT count(*) FROM articles") == [(13,)]


@pytest.mark.slow
def test_reextract_site_takes_the_rejections_on_that_host(
    two_sites: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = two_sites
    database = copy_of(folder, tmp_path)
    result = marked(database, "--site", "127.0.0.1")
    # HuffPost's two rejections: the video page becomes an article, the 404 stays rejected.
    assert result.stdout.startswith(summary(0, 1, 1)), result.stdout
    assert revised(database) == set()
    kept = table(database, "SELECT url FROM articles WHERE headline = 'Kept video page'")
    assert len(kept) == 1 and "/entry/valcour-belle-first-crossing-video_n_" in str(kept[0][0])
    assert str(kept[0][0]).startswith("http://127.0.0.1:")

    other = copy_of(folder, tmp_path / "ap")
    result = marked(other, "--site", "127.0.0.2")
    assert result.stdout.startswith(summary(0, 0, 1)), result.stdout  # AP's 404 only
    assert table(other, "SELECT count(*) FROM articles") == [(13,)]


@pytest.mark.slow
def test_reextract_since_takes_exactly_the_pages_fetched_from_then(
    two_sites: tuple[Path, str], tmp_path: Path
) -> None:
    folder, boundary = two_sites
    database = copy_of(folder, tmp_path)
    ap = articles_of(database, "apnews.com")
    result = marked(database, "--since", boundary)
    assert result.stdout.startswith(summary(5, 0, 1)), result.stdout  # AP's articles and its 404
    assert revised(database) == ap

    # The same moment written with another offset, or with a Z, takes the same pages.
    moment = datetime.fromisoformat(boundary)
    for written in (
        (moment + timedelta(hours=2)).isoformat().replace("+00:00", "+02:00"),
        moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
    ):
        again = copy_of(folder, tmp_path / written.replace(":", "-"))
        assert marked(again, "--since", written).stdout.startswith(summary(5, 0, 1)), written
        assert revised(again) == ap

    # A day later takes nothing; nor do both filters together (HuffPost was crawled before).
    later = copy_of(folder, tmp_path / "later")
    next_day = (moment + timedelta(days=1)).date().isoformat()
    for args in (["--since", next_day], ["--site", "huffpost.com", "--since", boundary]):
        assert marked(later, *args).stdout.startswith(summary(0, 0, 0)), args
    assert revised(later) == set()


def test_reextract_refuses_a_since_that_is_not_a_date(tmp_path: Path) -> None:
    database = tmp_path / "archive.db"
    from newsharvest.store import Archive

    Archive.open(str(database)).close()
    result = newsharvest("reextract", "--since", "last tuesday", "--db", str(database))
    assert result.returncode == 2
    assert "--since" in result.stderr and "not a date: 'last tuesday'" in result.stderr
    assert "Traceback" not in result.stderr
    assert table(database, "SELECT count(*) FROM crawl_runs") == [(0,)]
