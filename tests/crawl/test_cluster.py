"""Crawlers sharing one PostgreSQL archive through site leases: separate processes, each in
its own working directory, against two replicas on distinct loopback addresses."""

from __future__ import annotations

import itertools
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import ProgrammingError

from newsharvest import outcomes, settings
from newsharvest.scheduling import CrawlLocked, run_locks
from newsharvest.store import Archive
from newsharvest.testing.server import FixtureServer
from tests.crawl import test_apnews, test_huffpost
from tests.crawl.test_many_sites import HOSTS, serving_two_sites
from tests.support import crawling

ENV = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsharvest.settings"}
"""Crawlers run outside the project folder, each in a working directory of its own."""


@pytest.fixture
def two_sites() -> Iterator[dict[str, FixtureServer]]:
    with serving_two_sites() as servers:
        yield servers


def cluster_command(servers: dict[str, FixtureServer], archive: str, *extra: str) -> list[str]:
    base_urls = ",".join(f"{name}={server.base_url}" for name, server in servers.items())
    return crawling.crawl_command(
        "news", archive,
        "-a", f"sites={','.join(servers)}", "-a", f"base_urls={base_urls}",
        "-s", f"NEWSHARVEST_ALLOWED_ADDRESSES={HOSTS['huffpost']},{HOSTS['apnews']}",
        "-s", "NEWSHARVEST_SITE_LEASES=True", "-s", "NEWSHARVEST_EXTRACT_WORKERS=1",
        "-s", "NEWSHARVEST_SITE_LEASE_IDLE_SECONDS=0", *extra,
    )  # fmt: skip


def query(archive: str, sql: str) -> list[tuple[object, ...]]:
    engine = create_engine(archive)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


def article_fetches(server: FixtureServer) -> Counter[str]:
    return Counter(path for _, path in server.log if path.startswith(("/entry/", "/article/")))


def fetch_on_record(archive: str, server: FixtureServer) -> bool:
    """Whether the archive has noted a fetch of one of `server`'s pages (False before the
    crawler has even created the schema)."""
    noted = f"SELECT count(*) FROM urls WHERE state != 'queued' AND url LIKE '{server.base_url}/%'"
    try:
        return query(archive, noted) != [(0,)]
    except ProgrammingError:
        return False


def newsharvest(*args: str) -> str:
    """The output of one `newsharvest` command (which must succeed)."""
    command = [str(Path(sys.executable).with_name("newsharvest")), *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, env=ENV)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def site_table(archive: str, servers: dict[str, FixtureServer], folder: Path) -> dict[str, dict[str, object]]:
    """`newsharvest sites` as JSON, by site, with the sites at their replicas' addresses."""
    sites_file = folder / "replica-sites.toml"
    entries = [f'[sites.{name}]\nbase_url = "{server.base_url}"\n' for name, server in servers.items()]
    sites_file.write_text("".join(entries), encoding="utf-8")
    listing = newsharvest("sites", "--db", archive, "--sites-file", str(sites_file), "--format", "json")
    rows = json.loads(listing)
    return {row["site"]: row for row in rows}


def states_of_stored(archive: str) -> dict[object, object]:
    """How many stored articles' addresses the frontier has in each state: all ``stored``,
    none ``failed`` after losing a race to another crawler that stored it, or still queued."""
    by_state = "SELECT u.state, count(*) FROM urls u JOIN articles a ON a.url = u.url GROUP BY u.state"
    return dict(query(archive, by_state))


def gaps(server: FixtureServer) -> list[float]:
    """Seconds between consecutive article fetches on `server`."""
    times = [t for t, path in server.log if path.startswith(("/entry/", "/article/"))]
    return [b - a for a, b in itertools.pairwise(times)]


def expected() -> set[str]:
    return set(test_huffpost.expected_records()) | set(test_apnews.expected_records())


@pytest.mark.slow
def test_two_crawlers_split_the_sites_and_fetch_each_page_once(
    two_sites: dict[str, FixtureServer], postgres_url: str, tmp_path: Path
) -> None:
    command = cluster_command(two_sites, postgres_url, "-s", "NEWSHARVEST_SITE_LEASE_LIMIT=1",
                              "-s", "NEWSHARVEST_CRAWL_DELAY_CAP=0.2")  # fmt: skip
    crawlers = []
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        crawler = subprocess.Popen(command, cwd=tmp_path / name, env=ENV, stderr=subprocess.PIPE, text=True)
        crawlers.append(crawler)
    for crawler in crawlers:
        _, stderr = crawler.communicate(timeout=120)
        assert crawler.returncode == 0, stderr[-3000:]

    stored = [url for (url,) in query(postgres_url, "SELECT canonical_url FROM articles")]
    assert sorted(stored) == sorted(expected())  # every article stored once
    assert states_of_stored(postgres_url) == {"stored": len(expected())}
    for server in two_sites.values():
        assert article_fetches(server) and max(article_fetches(server).values()) == 1
    assert min(gaps(two_sites["huffpost"])) >= 0.15  # its Crawl-delay (0.2 here) held across the cluster
    stats = query(postgres_url, "SELECT stats FROM crawl_runs")
    runs = [json.loads(s) if isinstance(s, str) else s for (s,) in stats]
    assert sorted(run["sites"] for run in runs) == ["apnews", "huffpost"]  # one site each
    assert len({run["holder"] for run in runs}) == 2 and all(run["host"] for run in runs)
    held = query(postgres_url, "SELECT count(*) FROM site_leases WHERE holder IS NOT NULL")
    assert held == [(0,)]  # released when each crawl closed
    listed = json.loads(newsharvest("runs", "--db", postgres_url, "--format", "json"))
    by_site = {run["stats"]["sites"]: run for run in listed}  # `newsharvest runs`: one run a crawler
    records_of = {"huffpost": test_huffpost.expected_records(), "apnews": test_apnews.expected_records()}
    for site, records in records_of.items():
        assert by_site[site]["stats"]["holder"] in {run["holder"] for run in runs}
        assert by_site[site]["new"] == len(records)  # its articles
        assert by_site[site]["pages"] == len(two_sites[site].log)  # every response it had from its site
    table = newsharvest("runs", "--db", postgres_url)
    for run in runs:
        assert f"crawler {run['holder']} on {run['host']}: sites {run['sites']}" in table


@pytest.mark.slow
def test_a_crawler_done_with_its_sites_leases_more_before_it_closes(
    two_sites: dict[str, FixtureServer], postgres_url: str, tmp_path: Path
) -> None:
    """One site at a time (the limit), yet both in one run: its first site done, the crawler
    leases the second, free one, crawls it from robots.txt and resumes its queued address."""
    left = "/article/queued-by-a-crawler-that-died-0123456789abcdef0123456789abcdef"
    queued = f"{two_sites['apnews'].base_url}{left}"
    with Archive.open(postgres_url) as archive:
        archive.queue_urls([queued])
    command = cluster_command(two_sites, postgres_url, "-s", "NEWSHARVEST_SITE_LEASE_LIMIT=1",
                              "-s", "NEWSHARVEST_CRAWL_DELAY_CAP=0.2")  # fmt: skip
    (tmp_path / "one").mkdir()
    crawl = subprocess.run(command, cwd=tmp_path / "one", env=ENV, capture_output=True, text=True)
    assert crawl.returncode == 0, crawl.stderr[-3000:]

    assert "Leased ['huffpost'] as" in crawl.stderr
    assert "Leased ['apnews'] as its sites were done" in crawl.stderr
    stored = [url for (url,) in query(postgres_url, "SELECT canonical_url FROM articles")]
    assert sorted(stored) == sorted(expected())
    assert two_sites["apnews"].log[0][1] == "/robots.txt"  # crawled from its start
    assert left in {path for _, path in two_sites["apnews"].log}  # resumed
    [(stats,)] = query(postgres_url, "SELECT stats FROM crawl_runs")
    run = json.loads(stats) if isinstance(stats, str) else stats
    assert run["sites"] == "huffpost,apnews"
    held = query(postgres_url, "SELECT count(*) FROM site_leases WHERE holder IS NOT NULL")
    assert held == [(0,)]  # both released when the crawl closed


@pytest.mark.slow
def test_a_killed_crawlers_site_is_finished_by_another_after_its_lease_expires(
    two_sites: dict[str, FixtureServer], postgres_url: str, tmp_path: Path
) -> None:
    huffpost = {"huffpost": two_sites["huffpost"]}
    # long enough for the "early" crawler to start and stop inside it on a loaded machine
    lease = ("-s", "NEWSHARVEST_SITE_LEASE_SECONDS=45", "-s", "NEWSHARVEST_CRAWL_DELAY_CAP=0.5")
    command = cluster_command(huffpost, postgres_url, *lease)
    for name in ("killed", "early", "taker"):
        (tmp_path / name).mkdir()
    killed = subprocess.Popen(command, cwd=tmp_path / "killed", env=ENV, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not fetch_on_record(postgres_url, huffpost["huffpost"]) and time.monotonic() < deadline:
        time.sleep(0.05)  # killed once a fetch of the site is on record, not merely sent
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    before = len(huffpost["huffpost"].log)

    # the lease taken at start only: one taken when idle could come after the lease ran out here
    waiting = [*command, "-s", "NEWSHARVEST_SITE_LEASE_MORE=False"]
    ((until,),) = query(postgres_url, "SELECT expires_at FROM site_leases WHERE site = 'huffpost'")
    early = subprocess.run(waiting, cwd=tmp_path / "early", env=ENV, capture_output=True, text=True)
    assert early.returncode == 0, early.stderr[-3000:]
    assert datetime.now(UTC) < datetime.fromisoformat(str(until)), "the early crawler outlived the lease"
    assert len(huffpost["huffpost"].log) == before  # the site is still leased: not touched
    assert "held by others: ['huffpost']" in early.stderr
    listed = site_table(postgres_url, two_sites, tmp_path)
    assert f":{killed.pid}:" in str(listed["huffpost"]["holder"])  # still the killed crawler's
    assert int(listed["huffpost"]["queue"]) >= 1 and listed["huffpost"]["last_fetch"]  # left unfinished
    assert listed["apnews"]["holder"] is None and listed["apnews"]["queue"] == 0

    expires = datetime.fromisoformat(str(listed["huffpost"]["expires_at"]))
    time.sleep(max(0.0, (expires - datetime.now(UTC)).total_seconds()) + 0.5)  # the killed lease runs out
    taker = subprocess.run(command, cwd=tmp_path / "taker", env=ENV, capture_output=True, text=True)
    assert taker.returncode == 0, taker.stderr[-3000:]
    assert "Leased ['huffpost']" in taker.stderr
    stored = [url for (url,) in query(postgres_url, "SELECT canonical_url FROM articles")]
    assert sorted(stored) == sorted(test_huffpost.expected_records())
    assert states_of_stored(postgres_url) == {"stored": len(stored)}  # nothing stored left failed
    assert min(gaps(huffpost["huffpost"])) >= 0.45  # Crawl-delay 0.5 s, whichever crawler fetched
    listed = site_table(postgres_url, two_sites, tmp_path)
    assert listed["huffpost"]["holder"] is None and listed["huffpost"]["queue"] == 0
    assert "sites huffpost" in newsharvest("runs", "--db", postgres_url)  # the taker's run
    refetched = [path for path, n in article_fetches(huffpost["huffpost"]).items() if n > 1]
    assert len(refetched) <= 1  # at most the page the killed crawler had in flight


def held_by(process: subprocess.Popen[str]) -> str:
    """The condition on `site_leases` of a lease (live or lapsed) held by `process`."""
    return f"holder LIKE '%:{process.pid}:%'"


def frozen_and_taken(
    servers: dict[str, FixtureServer], archive: str, folder: Path
) -> tuple[dict[str, subprocess.Popen[str]], dict[str, Path], int]:
    """A crawler frozen (SIGSTOP, as a paused machine) once a fetch of its site is on record,
    left frozen past its lease, and another crawler started that has claimed the site (by the
    archive): the two processes and their logs, and the answers the site gave before the freeze."""
    lease = ("-s", "NEWSHARVEST_SITE_LEASE_SECONDS=4", "-s", "NEWSHARVEST_CRAWL_DELAY_CAP=0.5")
    command = cluster_command(servers, archive, *lease)
    site = servers["huffpost"]
    logs = {name: folder / f"{name}.log" for name in ("frozen", "taker")}
    processes = {}
    served_before_freeze = 0
    for name in ("frozen", "taker"):
        (folder / name).mkdir()
        if name == "taker":
            frozen = processes["frozen"]
            deadline = time.monotonic() + 60
            while not fetch_on_record(archive, site) and time.monotonic() < deadline:
                time.sleep(0.05)
            frozen.send_signal(signal.SIGSTOP)
            served_before_freeze = len(site.log)  # every one of them the frozen crawler's
            ((until,),) = query(archive, "SELECT expires_at FROM site_leases WHERE site = 'huffpost'")
            expires = datetime.fromisoformat(str(until))
            time.sleep(max(0.0, (expires - datetime.now(UTC)).total_seconds()) + 0.5)  # its lease runs out
        with logs[name].open("w") as log:
            processes[name] = subprocess.Popen(command, cwd=folder / name, env=ENV, stderr=log, text=True)
    deadline = time.monotonic() + 60
    claimed = f"SELECT count(*) FROM site_leases WHERE {held_by(processes['taker'])}"
    while query(archive, claimed) != [(1,)] and time.monotonic() < deadline:
        time.sleep(0.01)
    return processes, logs, served_before_freeze


def assert_the_woken_crawler_sent_nothing_new(woken: str, served_before_freeze: int) -> None:
    """It found its site lost and dropped its queued pages, and was answered no more than what it
    had in flight at the freeze (sent before it: not recalled)."""
    assert "Lost the lease of {'huffpost'} to another crawler" in woken
    assert "'newsharvest/leases/dropped':" in woken  # its queued pages, not sent
    [answered] = re.findall(r"'downloader/response_count': (\d+)", woken)
    assert int(answered) - served_before_freeze <= settings.CONCURRENT_REQUESTS_PER_DOMAIN


@pytest.mark.slow
def test_a_crawler_that_lost_its_lease_stops_fetching_the_site(
    two_sites: dict[str, FixtureServer], postgres_url: str, tmp_path: Path
) -> None:
    """A crawler frozen past its lease wakes to find its site taken by another crawler: it drops
    the site's queued pages instead of fetching them too, even those waiting in its download
    slot (it asks for a renewal before sending any)."""
    huffpost = {"huffpost": two_sites["huffpost"]}
    processes, logs, served_before_freeze = frozen_and_taken(huffpost, postgres_url, tmp_path)
    processes["frozen"].send_signal(signal.SIGCONT)
    for name, process in processes.items():
        assert process.wait(timeout=120) == 0, logs[name].read_text()[-3000:]

    assert_the_woken_crawler_sent_nothing_new(logs["frozen"].read_text(), served_before_freeze)
    stored = [url for (url,) in query(postgres_url, "SELECT canonical_url FROM articles")]
    assert sorted(stored) == sorted(test_huffpost.expected_records())
    refetched = [path for path, n in article_fetches(huffpost["huffpost"]).items() if n > 1]
    assert len(refetched) <= 2, refetched  # what was in flight as it woke, at most


@pytest.mark.slow
def test_a_crawler_stalled_past_its_lease_after_taking_a_site_keeps_it(
    two_sites: dict[str, FixtureServer], postgres_url: str, tmp_path: Path
) -> None:
    """The taker stalls (SIGSTOP, as a slow start-up) right after its claim, until its own lease
    ran out unrenewed, and the frozen crawler wakes meanwhile: the site went to another crawler,
    so the woken one loses it though that crawler's lease lapsed too; the taker, resumed, claims
    its lapsed lease again (still its own) and crawls the site."""
    huffpost = {"huffpost": two_sites["huffpost"]}
    processes, logs, served_before_freeze = frozen_and_taken(huffpost, postgres_url, tmp_path)
    taker = processes["taker"]
    taker.send_signal(signal.SIGSTOP)
    lapsed = f"SELECT count(*) FROM site_leases WHERE {held_by(taker)} AND expires_at < now()"
    deadline = time.monotonic() + 60
    while query(postgres_url, lapsed) != [(1,)] and time.monotonic() < deadline:
        time.sleep(0.05)  # the taker's lease ran out, unrenewed
    processes["frozen"].send_signal(signal.SIGCONT)
    deadline = time.monotonic() + 60
    verdicts = ("Lost the lease of", "ran out before renewal; claimed again")
    while not any(v in logs["frozen"].read_text() for v in verdicts) and time.monotonic() < deadline:
        time.sleep(0.05)  # the woken crawler's renewal has judged its lease
    taker.send_signal(signal.SIGCONT)
    for name, process in processes.items():
        assert process.wait(timeout=120) == 0, logs[name].read_text()[-3000:]

    assert_the_woken_crawler_sent_nothing_new(logs["frozen"].read_text(), served_before_freeze)
    resumed = logs["taker"].read_text()
    assert "The lease of ['huffpost'] ran out before renewal; claimed again" in resumed
    assert "Lost the lease" not in resumed
    stored = [url for (url,) in query(postgres_url, "SELECT canonical_url FROM articles")]
    assert sorted(stored) == sorted(test_huffpost.expected_records())


def test_the_run_lock_on_postgres_is_an_advisory_lock_per_site(postgres_url: str) -> None:
    with run_locks(postgres_url, ["news-huffpost"]):
        held = r"a crawl is already running \(PostgreSQL session \d+ from .+\); advisory lock 'news-huffpost'"
        both = ["news-apnews", "news-huffpost"]
        with pytest.raises(CrawlLocked, match=held), run_locks(postgres_url, both):
            pass
        with run_locks(postgres_url, ["news-apnews"]):  # another site: free, and freed by the failure above
            pass
    with run_locks(postgres_url, ["news-huffpost"]):  # released with its holder
        pass


@pytest.mark.slow
def test_a_crawl_on_postgres_does_not_start_while_one_of_its_sites_is_crawled(
    postgres_url: str, tmp_path: Path
) -> None:
    command = crawling.crawl_command("news", postgres_url, "-a", "sites=huffpost,apnews")
    with run_locks(postgres_url, ["news-apnews"]):
        result = subprocess.run(command, cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=120)
    assert result.returncode == outcomes.LOCKED, result.stderr[-3000:]
    assert "advisory lock 'news-apnews'" in result.stderr
    assert query(postgres_url, "SELECT count(*) FROM crawl_runs") == [(0,)]
