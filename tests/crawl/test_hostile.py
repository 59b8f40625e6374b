"""The hostile-fixtures suite: a real crawl through every misbehaviour of the hostile replica.

One `scrapy crawl huffpost` runs against three replica servers on 127.0.0.1 (the hostile
site; a host whose robots.txt answers 503; a host whose robots.txt is garbage) and each test
checks one case's outcome: a recorded rejection with its reason, the crawl going on, nothing
else lost. The crawl runs behind a network tripwire (`tests.support.guarded_scrapy`): a connection
to anything but 127.0.0.1 is refused and logged, and the log must stay empty.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsharvest import outcomes
from newsharvest.testing.server import REPLICAS_DIR, FixtureServer, serving
from tests.conftest import REPO_ROOT

CASES: dict[str, str] = json.loads((REPLICAS_DIR / "hostile" / "cases.json").read_text())
"""Case name → the article slug it is served under (``/entry/<slug>``)."""
SECRET = "NEWSHARVEST-XXE-CANARY-7f3a9c"
"""Content of the local file the sitemap's and feed's external entities point at."""
CHILDREN_CAP = 20
RETRY_AFTER_CAP = 2.0


def crawl(
    base_url: str, database: Path, tmp: Path, *extra: str, allow: str | None = "127.0.0.1", **env: str
) -> subprocess.CompletedProcess[str]:
    """`scrapy crawl huffpost` against `base_url`, behind the tripwire, fast settings; a crawl that
    a hostile page stalls fails on the timeout."""
    command = [
        sys.executable, "-m", "tests.support.guarded_scrapy", "crawl", "huffpost",
        "-a", f"base_url={base_url}",
        "-s", f"NEWSHARVEST_DATABASE_URL=sqlite:///{database}",
        "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_START_DELAY=0",
        "-s", "NEWSHARVEST_CRAWL_DELAY_CAP=0.02",
        *(["-s", f"NEWSHARVEST_ALLOWED_ADDRESSES={allow}"] if allow is not None else []),
        *extra,
    ]  # fmt: skip
    environment = {**os.environ, "PYTHONUNBUFFERED": "1", "NEWSHARVEST_TRIPWIRE": str(tmp / "tripwire.log")}
    return subprocess.run(
        command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=150, env={**environment, **env}
    )


def stats_of(result: subprocess.CompletedProcess[str]) -> dict[str, int]:
    """The integer stats of Scrapy's final dump."""
    return {key: int(value) for key, value in re.findall(r"'([\w/.-]+)': (\d+),?\n", result.stderr)}


@dataclass
class HostileCrawl:
    result: subprocess.CompletedProcess[str]
    database: Path
    export: Path
    tmp: Path
    site: FixtureServer
    robots_503: FixtureServer
    robots_garbage: FixtureServer

    def rejections(self) -> dict[str, tuple[str, str]]:
        """Path (with query) → (reason, detail) of every recorded rejection."""
        rows = sqlite3.connect(self.database).execute("SELECT url, reason, detail FROM rejections")
        return {url.split("/", 3)[3]: (reason, detail) for url, reason, detail in rows}

    def reason(self, case: str) -> str:
        return self.rejections()[f"entry/{CASES[case]}"][0]

    def articles(self) -> dict[str, dict[str, str]]:
        connection = sqlite3.connect(self.database)
        connection.row_factory = sqlite3.Row
        rows = connection.execute("SELECT * FROM articles").fetchall()
        return {row["canonical_url"].rsplit("/", 1)[1]: dict(row) for row in rows}

    def requests(self, server: FixtureServer, case: str) -> list[float]:
        return [t for t, path in server.log if path.split("?")[0].startswith(f"/entry/{CASES[case]}")]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileCrawl]:
    tmp = tmp_path_factory.mktemp("hostile")
    secret = tmp / "secret.txt"
    secret.write_text(SECRET)
    with (
        serving("hostile", routes={"/robots.txt": {"status": 503, "file": "robots-503.html"}}) as robots_503,
        serving("hostile", routes={"/robots.txt": {"file": "robots-garbage.txt"}}) as robots_garbage,
    ):
        substitutions = {
            "@SECRET_FILE@": str(secret),
            "https://robots-503.hostile.test": robots_503.base_url,
            "https://robots-garbage.hostile.test": robots_garbage.base_url,
        }
        with serving("hostile", substitutions=substitutions) as site:
            database, export = tmp / "archive.db", tmp / "articles.jsonl"
            result = crawl(
                site.base_url, database, tmp,
                "-s", f"NEWSHARVEST_SITEMAP_MAX_CHILDREN={CHILDREN_CAP}",
                "-s", f"NEWSHARVEST_RETRY_AFTER_CAP={RETRY_AFTER_CAP}",
                "-O", str(export),
            )  # fmt: skip
    # some fetches fail on purpose (dropped and truncated connections, a robots.txt 503): partial
    assert result.returncode == outcomes.PARTIAL, result.stderr[-4000:]
    yield HostileCrawl(result, database, export, tmp, site, robots_503, robots_garbage)


pytestmark = pytest.mark.slow


def test_nothing_but_127_0_0_1_was_ever_connected_to(hostile: HostileCrawl) -> None:
    tripwire = hostile.tmp / "tripwire.log"
    assert not tripwire.exists() or tripwire.read_text() == ""


def test_the_crawl_goes_on_and_stores_every_good_article_once(hostile: HostileCrawl) -> None:
    stored = hostile.articles()
    good = ["good_feed", "good_sitemap", "cp1252", "truncated_markup", "retry_once", "amp", "garbage_robots"]
    assert sorted(stored) == sorted(CASES[case] for case in good)
    exported = [json.loads(line) for line in hostile.export.read_text().splitlines()]
    assert sorted(e["canonical_url"].rsplit("/", 1)[1] for e in exported) == sorted(stored)
    (run,) = sqlite3.connect(hostile.database).execute("SELECT finish_reason, rejected FROM crawl_runs")
    assert run == ("finished", len(hostile.rejections()))


def test_every_rejection_has_a_reason_and_detail(hostile: HostileCrawl) -> None:
    rejections = hostile.rejections()
    assert rejections
    assert all(reason and detail for reason, detail in rejections.values())


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("gzip_bomb", "too_large"),
        ("br_bomb", "too_large"),
        ("deflate_bomb", "too_large"),
        ("gzip_as_html", "not_html"),  # gzip bytes labelled text/html: never unpacked by us
        ("oversize", "too_large"),
        ("oversize_unannounced", "too_large"),
        ("redirect_metadata", "forbidden_address"),
        ("redirect_private", "forbidden_address"),
        ("redirect_ipv6_metadata", "forbidden_address"),
        ("redirect_decimal_ip", "forbidden_address"),
        ("redirect_cgnat", "forbidden_address"),
        ("redirect_file", "forbidden_scheme"),
        ("redirect_loop", "redirect_loop"),
        ("dropped", "connection_lost"),
        ("truncated_connection", "data_loss"),
        ("too_many_requests", "retry_later"),
        ("challenge", "challenge_page"),
        ("disallowed", "robots_disallowed"),
        ("robots_503", "robots_unavailable"),
    ],
)
def test_hostile_page_is_recorded_with_its_reason(hostile: HostileCrawl, case: str, reason: str) -> None:
    assert hostile.reason(case) == reason


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("sitemaps/bomb.xml", "too_large"),  # Content-Encoding: gzip
        ("sitemaps/bomb.xml.gz", "too_large"),  # a .gz file unpacking past the sitemap cap
        ("sitemaps/malformed.xml", "invalid_sitemap"),
        ("sitemaps/huge-index.xml", "too_many_entries"),
    ],
)
def test_hostile_sitemap_is_recorded_with_its_reason(hostile: HostileCrawl, path: str, reason: str) -> None:
    assert hostile.rejections()[path][0] == reason


def test_refusals_are_counted_in_the_stats(hostile: HostileCrawl) -> None:
    stats = stats_of(hostile.result)
    assert stats["newsharvest/refused/too_large"] == 7  # 3 page bombs, 2 oversize, 2 sitemap bombs
    assert stats["newsharvest/refused/forbidden_address"] == 5
    for reason in ("forbidden_scheme", "redirect_loop", "retry_later", "robots_disallowed",
                   "robots_unavailable", "too_many_entries", "invalid_sitemap"):  # fmt: skip
        assert stats[f"newsharvest/refused/{reason}"] >= 1, reason


def test_a_sitemap_index_of_100000_children_is_capped(hostile: HostileCrawl) -> None:
    children = [p for _, p in hostile.site.log if p.startswith("/sitemaps/child-")]
    assert len(children) == CHILDREN_CAP
    assert "100000 sitemaps listed" in hostile.rejections()["sitemaps/huge-index.xml"][1]


def test_external_entities_are_never_resolved(hostile: HostileCrawl) -> None:
    haystacks = {
        "stdout": hostile.result.stdout,
        "stderr": hostile.result.stderr,
        "export": hostile.export.read_text(),
        "server log": repr(hostile.site.log),
    }
    for file in hostile.tmp.glob("archive.db*"):
        haystacks[file.name] = file.read_bytes().decode("latin-1")
    for name, text in haystacks.items():
        assert SECRET not in text, name
        assert "root:x:0:0" not in text, name
    # The entity-bearing URLs were fetched with the entity dropped, not expanded.
    assert f"/entry/{CASES['xxe_sitemap']}?leak=" in [p for _, p in hostile.site.log]


def test_billion_laughs_is_not_expanded(hostile: HostileCrawl) -> None:
    assert "lollol" not in repr(hostile.site.log) + hostile.result.stderr


def test_a_robots_txt_answering_503_keeps_the_host_out_of_this_run(hostile: HostileCrawl) -> None:
    assert {path for _, path in hostile.robots_503.log} == {"/robots.txt"}


def test_a_garbage_robots_txt_allows_crawling(hostile: HostileCrawl) -> None:
    assert hostile.requests(hostile.robots_garbage, "garbage_robots")
    assert CASES["garbage_robots"] in hostile.articles()


def test_robots_disallowed_page_is_never_fetched(hostile: HostileCrawl) -> None:
    assert hostile.requests(hostile.site, "disallowed") == []


def test_retry_after_3600_is_kept_for_later_not_retried(hostile: HostileCrawl) -> None:
    assert len(hostile.requests(hostile.site, "too_many_requests")) == 1
    assert "3600" in hostile.rejections()[f"entry/{CASES['too_many_requests']}"][1]


def test_retry_after_within_the_cap_is_waited_out_then_retried_once(hostile: HostileCrawl) -> None:
    first, second = hostile.requests(hostile.site, "retry_once")
    assert second - first >= 0.95
    assert CASES["retry_once"] in hostile.articles()


def test_cp1252_page_labelled_utf8_is_stored_readable(hostile: HostileCrawl) -> None:
    article = hostile.articles()[CASES["cp1252"]]
    assert "\ufffd" not in article["body"] and "\ufffd" not in article["headline"]
    assert "’" in article["body"]


def test_page_truncated_mid_tag_keeps_the_text_before_the_cut(hostile: HostileCrawl) -> None:
    article = hostile.articles()[CASES["truncated_markup"]]
    assert "answered ten thousand times before" in article["body"]


def test_utm_and_amp_addresses_are_one_article(hostile: HostileCrawl) -> None:
    """The feed lists it with utm_ parameters, the sitemap under /amp: one fetch of the plain
    address (the AMP one is the same identity, fetched at most once more), one row."""
    paths = [p for _, p in hostile.site.log if CASES["amp"] in p]
    assert paths.count(f"/entry/{CASES['amp']}") == 1
    assert set(paths) <= {f"/entry/{CASES['amp']}", f"/entry/{CASES['amp']}/amp"}  # utm_ stripped
    rows = sqlite3.connect(hostile.database).execute(
        "SELECT count(*) FROM articles WHERE canonical_url LIKE ?", (f"%{CASES['amp']}%",)
    )
    assert rows.fetchone() == (1,)


def test_user_agent_names_newsharvest_and_a_contact(hostile: HostileCrawl) -> None:
    agents = {headers.get("User-Agent", "") for headers in hostile.site.headers}
    assert agents == {"newsharvest/0.1 (+https://github.com/newsharvest/newsharvest)"}


# --- refusals before any connection -------------------------------------------------------


def test_a_host_resolving_to_loopback_is_refused_before_connecting(tmp_path: Path) -> None:
    """``localhost`` resolves to 127.0.0.1; with nothing allowed, the DNS answer is refused."""
    with serving("hostile") as site:
        port = site.base_url.rsplit(":", 1)[1]
        result = crawl(f"http://localhost:{port}", tmp_path / "archive.db", tmp_path, allow=None)
    assert result.returncode == outcomes.NOTHING_FETCHED, result.stderr[-4000:]
    assert site.log == []  # not even robots.txt
    rows = sqlite3.connect(tmp_path / "archive.db").execute("SELECT url, reason, detail FROM rejections")
    refused = {url.split("/", 3)[3]: (reason, detail) for url, reason, detail in rows}
    assert "robots.txt" in refused and "section/world-news/feed" in refused  # the start requests
    for reason, detail in refused.values():
        assert reason == "forbidden_address"
        assert "localhost resolves to 127.0.0.1 (loopback)" in detail
    assert stats_of(result)["newsharvest/refused/forbidden_address"] >= 1


def test_loopback_is_refused_unless_allowed(tmp_path: Path) -> None:
    with serving("hostile") as site:
        result = crawl(site.base_url, tmp_path / "archive.db", tmp_path, allow=None)
    assert result.returncode == outcomes.NOTHING_FETCHED, result.stderr[-4000:]
    assert site.log == []
    rows = sqlite3.connect(tmp_path / "archive.db").execute("SELECT reason FROM rejections")
    reasons = {reason for (reason,) in rows}
    assert reasons == {"forbidden_address"}


# --- a locked archive ---------------------------------------------------------------------


@pytest.mark.slow
def test_an_archive_locked_past_busy_timeout_loses_nothing(tmp_path: Path) -> None:
    """Another writer holds the archive for 3 s while busy_timeout is 0.3 s: the crawl
    retries, finishes, and stores every article of the replica."""
    from tests.crawl.test_huffpost import expected_records

    database = tmp_path / "archive.db"
    locked = threading.Event()

    def hold_lock() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                connection = sqlite3.connect(database, timeout=0, isolation_level=None)
                if connection.execute("SELECT count(*) FROM crawl_runs").fetchone()[0]:
                    connection.execute("BEGIN EXCLUSIVE")
                    locked.set()
                    time.sleep(3.0)
                    connection.execute("COMMIT")
                    return
            except sqlite3.OperationalError:
                pass
            time.sleep(0.01)

    with serving("huffpost") as site:
        holder = threading.Thread(target=hold_lock, daemon=True)
        holder.start()
        result = crawl(site.base_url, database, tmp_path, NEWSHARVEST_TEST_BUSY_TIMEOUT_MS="300")
        holder.join(timeout=10)
    assert locked.is_set()
    assert result.returncode == 0, result.stderr[-4000:]
    assert "locked" in result.stderr
    (count,) = sqlite3.connect(database).execute("SELECT count(*) FROM articles").fetchone()
    assert count == len(expected_records())
    assert "Error processing" not in result.stderr
