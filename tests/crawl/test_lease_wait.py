"""A crawler with nothing of its own left to crawl (site leases): it stays up while another
crawler's site has work left (due addresses, or its holder has not gone through it yet),
takes that site over once the other crawler, killed, lets its lease expire, and closes after
``NEWSHARVEST_SITE_LEASE_IDLE_SECONDS`` with nothing due."""

from __future__ import annotations

import ast
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from newsharvest.store import Archive
from newsharvest.testing.server import FixtureServer, serving
from tests.crawl import test_huffpost
from tests.crawl.test_cluster import ENV, article_fetches, cluster_command, expected, query
from tests.crawl.test_many_sites import HOSTS, serving_two_sites


@pytest.fixture
def two_sites() -> Iterator[dict[str, FixtureServer]]:
    with serving_two_sites() as servers:
        yield servers


def crawl_stats(log: str) -> dict[str, Any]:
    """The newsharvest stats Scrapy dumps at the end of a crawl's log."""
    found = re.findall(r"'(newsharvest/[^']+)': ('[^']*'|[^,\n}]+)", log)
    return {key: ast.literal_eval(value) for key, value in found}


def due_on(archive: str, server: FixtureServer) -> int:
    """Addresses of `server`'s site queued, or fetched and not stored, in the frontier."""
    due = f"SELECT count(*) FROM urls WHERE state IN ('queued', 'fetched') AND url LIKE '{server.base_url}/%'"
    [(count,)] = query(archive, due)
    return int(str(count))


@pytest.mark.slow
def test_a_crawler_with_its_sites_done_takes_over_a_killed_crawlers_site(
    two_sites: dict[str, FixtureServer], postgres_url: str, tmp_path: Path
) -> None:
    lease = ("-s", "NEWSHARVEST_SITE_LEASE_SECONDS=4")
    huffpost = two_sites["huffpost"]
    # slow on HuffPost (its Crawl-delay 4 capped at 2 s): still mid-site once the survivor waits
    slow = ("-s", "NEWSHARVEST_CRAWL_DELAY_CAP=2")
    killed_command = cluster_command({"huffpost": huffpost}, postgres_url, *lease, *slow)
    # idle time: the survivor may finish AP before the killed crawler has queued HuffPost's addresses
    quick = ("-s", "NEWSHARVEST_CRAWL_DELAY_CAP=0.3", "-s", "NEWSHARVEST_SITE_LEASE_IDLE_SECONDS=20")
    survivor_command = cluster_command(two_sites, postgres_url, *lease, *quick)
    for name in ("killed", "survivor"):
        (tmp_path / name).mkdir()
    killed = subprocess.Popen(killed_command, cwd=tmp_path / "killed", env=ENV, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not huffpost.log and time.monotonic() < deadline:
        time.sleep(0.05)  # its crawl open, its lease renewed from now on
    log = tmp_path / "survivor.log"
    with log.open("w") as stderr:
        survivor = subprocess.Popen(survivor_command, cwd=tmp_path / "survivor", env=ENV, stderr=stderr)
    waiting = "waiting while ['huffpost'], held by others, have work left"
    while survivor.poll() is None and time.monotonic() < deadline and (
        waiting not in log.read_text() or due_on(postgres_url, huffpost) < 1
    ):
        time.sleep(0.1)  # AP done, the survivor up for HuffPost, whose addresses the other has queued
    killed.send_signal(signal.SIGKILL)  # its lease on HuffPost runs out at most 4 s later
    killed.wait()
    assert due_on(postgres_url, huffpost) >= 1  # killed mid-site
    assert survivor.wait(timeout=120) == 0, log.read_text()[-3000:]

    assert_took_over_huffpost(log.read_text(), waiting, postgres_url, huffpost)
    refetched = [path for path, n in article_fetches(huffpost).items() if n > 1]
    assert len(refetched) <= 1, refetched  # at most the page the killed crawler had in flight
    held = query(postgres_url, "SELECT count(*) FROM site_leases WHERE holder IS NOT NULL")
    assert held == [(0,)]  # released when the crawl closed


def assert_took_over_huffpost(output: str, waiting: str, postgres_url: str, huffpost: FixtureServer) -> None:
    """The survivor's log and the archive after it took HuffPost over from a killed crawler:
    HuffPost held elsewhere at its start, waited on, taken over, and every article stored once."""
    assert "held by others: ['huffpost']" in output  # not free when the survivor started
    assert waiting in output
    assert "Took over ['huffpost']: the lease of the crawler that held it expired" in output
    stats = crawl_stats(output)
    assert stats["newsharvest/leases/taken_over"] == "huffpost"
    assert stats["newsharvest/leases/sites"] == "apnews,huffpost"
    assert stats["newsharvest/leases/waited_seconds"] > 0
    stored = [url for (url,) in query(postgres_url, "SELECT canonical_url FROM articles")]
    assert sorted(stored) == sorted(expected())  # every article stored once
    assert due_on(postgres_url, huffpost) == 0


@pytest.mark.slow
def test_a_crawler_killed_before_it_queued_anything_leaves_its_site_to_the_waiting_one(
    postgres_url: str, tmp_path: Path
) -> None:
    """The killed crawler leased HuffPost and hangs on its robots.txt (held by the server), so
    the frontier has no address of HuffPost when it dies. The survivor, AP done, counts HuffPost
    as work left (its holder never went through it), waits, and takes it over once the lease
    expires: HuffPost is crawled in this run, not left to the next."""
    lease = ("-s", "NEWSHARVEST_SITE_LEASE_SECONDS=3")
    with (
        serving("huffpost", host=HOSTS["huffpost"], held=("/robots.txt",)) as huffpost,
        serving("apnews", host=HOSTS["apnews"]) as ap,
    ):
        for name in ("killed", "survivor"):
            (tmp_path / name).mkdir()
        killed_command = cluster_command({"huffpost": huffpost}, postgres_url, *lease)
        killed = subprocess.Popen(killed_command, cwd=tmp_path / "killed", env=ENV, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not huffpost.log and time.monotonic() < deadline:
            time.sleep(0.05)  # HuffPost leased, its robots.txt asked for and held: nothing queued
        log = tmp_path / "survivor.log"
        survivor_command = cluster_command({"huffpost": huffpost, "apnews": ap}, postgres_url, *lease,
                                           "-s", "NEWSHARVEST_CRAWL_DELAY_CAP=0.2")  # fmt: skip
        with log.open("w") as stderr:
            survivor = subprocess.Popen(survivor_command, cwd=tmp_path / "survivor", env=ENV, stderr=stderr)
        waiting = "Its sites done; waiting while ['huffpost'], held by others, have work left"
        while waiting not in log.read_text() and survivor.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # AP done; the killed crawler still alive, renewing its lease
        killed.send_signal(signal.SIGKILL)
        killed.wait()
        assert huffpost.requested("/") == ["/robots.txt"]  # all it asked of HuffPost, never answered
        on_huffpost = f"SELECT count(*) FROM urls WHERE url LIKE '{huffpost.base_url}/%'"
        assert query(postgres_url, on_huffpost) == [(0,)]  # it died with nothing of HuffPost queued
        assert survivor.wait(timeout=120) == 0, log.read_text()[-3000:]

        assert_took_over_huffpost(log.read_text(), waiting, postgres_url, huffpost)
        for server in (huffpost, ap):
            assert max(article_fetches(server).values()) == 1  # each page fetched once
        held = query(postgres_url, "SELECT count(*) FROM site_leases WHERE holder IS NOT NULL")
        assert held == [(0,)]


@pytest.mark.slow
def test_a_crawler_with_nothing_due_anywhere_closes_after_the_idle_time(
    two_sites: dict[str, FixtureServer], postgres_url: str, tmp_path: Path
) -> None:
    """AP is held by a live crawler that has gone through it and has nothing queued: nothing to
    wait on, nothing to take."""
    with Archive.open(postgres_url) as archive:
        assert archive.claim_sites(["apnews"], "other", lease=timedelta(minutes=5)) == ["apnews"]
        assert archive.note_sites_discovered("other", lease=timedelta(minutes=5)) == ["apnews"]
    idle = 3.0
    command = cluster_command(two_sites, postgres_url, "-s", "NEWSHARVEST_CRAWL_DELAY_CAP=0.2",
                              "-s", f"NEWSHARVEST_SITE_LEASE_IDLE_SECONDS={idle}")  # fmt: skip
    crawl = subprocess.run(command, cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=120)
    assert crawl.returncode == 0, crawl.stderr[-3000:]

    assert "Its sites done, nothing due elsewhere: closing after 3.0 s idle" in crawl.stderr
    assert "with nothing due on any site of its list: the crawl closes" in crawl.stderr
    stats = crawl_stats(crawl.stderr)
    assert stats["newsharvest/leases/idle_seconds"] >= idle  # by its own clock
    assert stats["newsharvest/leases/waited_seconds"] >= idle
    assert "newsharvest/leases/taken_over" not in stats
    assert stats["newsharvest/leases/sites"] == "huffpost"
    assert not two_sites["apnews"].log  # held elsewhere all along: never fetched
    stored = [url for (url,) in query(postgres_url, "SELECT canonical_url FROM articles")]
    assert sorted(stored) == sorted(test_huffpost.expected_records())
    holders = query(postgres_url, "SELECT site, holder FROM site_leases ORDER BY site")
    assert holders == [("apnews", "other"), ("huffpost", None)]
