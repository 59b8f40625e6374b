"""Mistakes a newcomer makes get one line and a non-zero exit status, never a traceback.

Each runs the real command in a subprocess, as a user would. Nothing here crawls: the
mistakes are caught before a crawl starts (`newsharvest.commands.crawl.check_crawl`).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsharvest.store import Archive
from newsharvest.testing.server import FixtureServer
from tests.conftest import REPO_ROOT

NEWSHARVEST = [sys.executable, "-m", "newsharvest.cli"]
SCRAPY = [sys.executable, "-m", "scrapy"]


def run(command: list[str], cwd: Path, **env: str) -> tuple[int, list[str]]:
    """Exit status and the non-empty lines of stderr."""
    result = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=120, env={**os.environ, **env}
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, [line for line in result.stderr.splitlines() if line.strip()]


def error_line(lines: list[str]) -> str:
    """Click's one-line error (after its usage lines, for usage errors)."""
    errors = [line for line in lines if line.startswith("Error: ")]
    assert len(errors) == 1, lines
    return errors[0]


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["export", "-o", "/nonexistent/x.jsonl"], 1, "cannot write /nonexistent/x.jsonl: No such file"),
        (["export", "-o", "."], 1, "cannot write .: Is a directory"),
        (["demo", "--site", "nosuch"], 2, "'nosuch' is not one of 'huffpost', 'apnews'"),
        (["serve-fixtures", "--port", "99999"], 2, "99999 is not in the range 0<=x<=65535"),
        (["extract", "."], 1, ". is a directory: give one page's file"),
        (["crawl", "huffpost", "--times", "2"], 2, "--times counts the runs of --every: give --every"),
        (["crawl", "nosuchspider"], 2, "no spider 'nosuchspider' (known: apnews, huffpost, news)"),
        (["crawl", "news"], 2, "give the site(s) to crawl: -a site=NAME (from the sites file), -a sites=all"),
        (["crawl", "news", "-a", "url=not-a-url"], 2, "-a url must be an http(s) address such as https://"),
        (["crawl", "news", "-a", "site=nosuch"], 2, "no site 'nosuch' in the sites file (known: ap"),
        (["crawl", "news", "-a", "sites=huffpost,nosuch"], 2, "no site 'nosuch' in the sites file"),
        (["crawl", "news", "-a", "sites=all", "-a", "base_url=http://x"], 2, "-a base_url is for one site"),
        (["crawl", "huffpost", "--db", "/nonexistent/dir/x.db"], 2, "no directory /nonexistent/dir"),
        (["crawl", "huffpost", "-a", "base_url"], 2, "'base_url' is not NAME=VALUE"),
    ],
)  # fmt: skip
def test_newsharvest_mistake(tmp_path: Path, args: list[str], status: int, message: str) -> None:
    (tmp_path / "newsharvest.db").write_bytes(b"")  # export reads an archive: an empty file is refused later
    if args[0] == "export":
        (tmp_path / "newsharvest.db").unlink()
        subprocess.run([*NEWSHARVEST, "migrate"], cwd=tmp_path, check=True, capture_output=True)
    code, lines = run([*NEWSHARVEST, *args], tmp_path)
    assert code == status, lines
    assert message in error_line(lines), lines


def test_a_crawl_of_no_spider_leaves_no_lock_file(tmp_path: Path) -> None:
    code, lines = run([*NEWSHARVEST, "crawl", "nosuchspider", "--db", str(tmp_path / "a.db")], tmp_path)
    assert code == 2 and "no spider 'nosuchspider'" in error_line(lines)
    assert not list(tmp_path.glob("*.lock")) and not (tmp_path / "a.db").exists()


def test_a_database_url_without_its_driver(tmp_path: Path) -> None:
    url = "postgresql+nosuchdriver://u@localhost/news"
    code, lines = run([*NEWSHARVEST, "search", "x", "--db", url], tmp_path)
    assert code == 2
    assert "postgresql+nosuchdriver" in error_line(lines)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["news"], "scrapy crawl news: give the site(s) to crawl: -a site=NAME"),
        (["news", "-a", "url=not-a-url"], "scrapy crawl news: -a url must be an http(s) address"),
        (["news", "-a", "site=nosuch"], "scrapy crawl news: no site 'nosuch' in the sites file"),
        (["news", "-a", "sites=nosuch"], "scrapy crawl news: no site 'nosuch' in the sites file"),
        (["nosuchspider"], "scrapy crawl nosuchspider: no spider 'nosuchspider' (known: apnews, huff"),
        (["huffpost", "-a", "base_url=ftp://x"], "scrapy crawl huffpost: -a base_url must be an http(s)"),
        (
            ["huffpost", "-s", "NEWSHARVEST_DATABASE_URL=sqlite:////nonexistent/dir/x.db"],
            "scrapy crawl huffpost: cannot create archive /nonexistent/dir/x.db: no directory",
        ),
        (  # nothing listens on port 1; the password is not printed
            ["huffpost", "-s", "NEWSHARVEST_DATABASE_URL=postgresql+psycopg://me:s3cret@127.0.0.1:1/news"],
            "scrapy crawl huffpost: cannot open postgresql+psycopg://me:***@127.0.0.1:1/news: connection",
        ),
        (
            ["huffpost", "-s", "NEWSHARVEST_DATABASE_URL=mysql://me@127.0.0.1/news"],
            "scrapy crawl huffpost: mysql://me@127.0.0.1/news: newsharvest archives live in SQLite or",
        ),
    ],
)  # fmt: skip
def test_scrapy_crawl_mistake_is_one_line(args: list[str], message: str) -> None:
    code, lines = run([*SCRAPY, "crawl", *args], REPO_ROOT)
    assert code == 2
    assert len(lines) == 1 and lines[0].startswith(message), lines  # no start-up banner either


def test_a_sites_file_typo_names_the_file_and_the_key(tmp_path: Path) -> None:
    sites = tmp_path / "sites.toml"
    sites.write_text('[sites.mine]\nbase_url = "https://news.example.org"\nsitemap = ["/s.xml"]\n')
    code, lines = run(
        [*SCRAPY, "crawl", "news", "-a", "site=mine", "-s", f"NEWSHARVEST_SITES_FILE={sites}"], REPO_ROOT
    )
    assert code == 2 and len(lines) == 1, lines
    assert str(sites) in lines[0] and "sitemap" in lines[0]


def test_the_sites_file_may_be_named_in_the_environment(tmp_path: Path) -> None:
    sites = tmp_path / "sites.toml"
    sites.write_text('[sites.mine]\nbase_url = "https://news.example.org"\nfeedz = []\n')
    code, lines = run(
        [*NEWSHARVEST, "crawl", "news", "-a", "site=mine", "--db", str(tmp_path / "a.db")],
        tmp_path,
        NEWSHARVEST_SITES_FILE=str(sites),
    )
    assert code == 2 and str(sites) in error_line(lines) and "feedz" in error_line(lines)


def test_scrapy_crawl_of_an_archive_from_a_newer_version_is_one_line(
    tmp_path: Path, huffpost_server: FixtureServer
) -> None:
    archive = tmp_path / "newer.db"
    Archive.open(archive).close()
    with sqlite3.connect(archive) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    crawl = ["crawl", "huffpost", "-a", f"base_url={huffpost_server.base_url}"]
    code, lines = run([*SCRAPY, *crawl, "-s", f"NEWSHARVEST_DATABASE_URL={archive}"], REPO_ROOT)
    assert code == 2
    assert len(lines) == 1 and lines[0].startswith(f"scrapy crawl huffpost: {archive}"), lines
    assert "written by a newer newsharvest" in lines[0]
    assert huffpost_server.log == []  # nothing fetched
