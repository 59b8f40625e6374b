"""Site leases on both databases: claimed, skipped while held, renewed, expired, released."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from newsharvest.cli import main
from newsharvest.store import Archive

T0 = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
LEASE = timedelta(minutes=3)


def test_a_site_held_by_a_live_crawler_is_skipped(archive: Archive) -> None:
    assert archive.claim_sites(["a", "b"], "one", lease=LEASE, host="h1", now=T0) == ["a", "b"]
    assert archive.claim_sites(["b", "c"], "two", lease=LEASE, host="h2", now=T0) == ["c"]
    assert archive.claim_sites(["a"], "one", lease=LEASE, host="h1", now=T0 + timedelta(minutes=1)) == ["a"]
    held = {row["site"]: (row["holder"], row["host"], row["expires_at"]) for row in archive.site_leases()}
    assert held == {
        "a": ("one", "h1", "2026-11-30T12:04:00.000000Z"),
        "b": ("one", "h1", "2026-11-30T12:03:00.000000Z"),
        "c": ("two", "h2", "2026-11-30T12:03:00.000000Z"),
    }


def test_a_dead_crawlers_sites_are_taken_over_once_its_leases_expire(archive: Archive) -> None:
    archive.claim_sites(["a", "b"], "dead", lease=LEASE, host="h1", now=T0)
    assert archive.claim_sites(["a", "b"], "live", lease=LEASE, now=T0 + timedelta(minutes=2)) == []
    assert archive.claim_sites(["a", "b"], "live", lease=LEASE, now=T0 + timedelta(minutes=4)) == ["a", "b"]
    assert archive.renew_leases("dead", lease=LEASE, now=T0 + timedelta(minutes=4)) == []  # lost them
    assert {row["holder"] for row in archive.site_leases()} == {"live"}


def test_a_lease_that_ran_out_is_reclaimed_only_while_no_other_crawler_took_it(archive: Archive) -> None:
    """A crawler paused past its lease wakes: a site still its own is extended; one another
    crawler took meanwhile stays lost even after that crawler's lease ran out in turn (it was
    starting up) or it released the site (done with it)."""
    archive.claim_sites(["mine", "taken", "done"], "paused", lease=LEASE, host="h1", now=T0)
    taker_start = T0 + timedelta(minutes=4)  # the paused crawler's leases ran out at 12:03
    assert archive.claim_sites(["taken", "done"], "taker", lease=LEASE, now=taker_start) == ["taken", "done"]
    archive.release_sites("taker", ["done"], lease=LEASE)
    woken = T0 + timedelta(minutes=8)  # the taker's lease of "taken" ran out at 12:07
    assert archive.renew_leases("paused", lease=LEASE, now=woken) == []
    assert archive.reclaim_sites(["mine", "taken", "done"], "paused", lease=LEASE, now=woken) == ["mine"]
    held = {row["site"]: (row["holder"], row["expires_at"]) for row in archive.site_leases()}
    assert held == {
        "mine": ("paused", "2026-11-30T12:11:00.000000Z"),
        "taken": ("taker", "2026-11-30T12:07:00.000000Z"),
        "done": (None, None),
    }
    assert archive.reclaim_sites(["taken"], "taker", lease=LEASE, now=woken) == ["taken"]  # still the taker's


def test_renewing_keeps_a_site_and_releasing_frees_it(archive: Archive) -> None:
    archive.claim_sites(["a", "b"], "one", lease=LEASE, now=T0)
    assert archive.renew_leases("one", lease=LEASE, now=T0 + timedelta(minutes=2)) == ["a", "b"]
    later = T0 + timedelta(minutes=4)  # past the first lease, within the renewed one
    assert archive.claim_sites(["a", "b"], "two", lease=LEASE, now=later) == []
    archive.release_sites("one", ["a"], lease=LEASE)
    assert archive.claim_sites(["a", "b"], "two", lease=LEASE, now=later) == ["a"]
    archive.release_sites("one", lease=LEASE)
    assert archive.claim_sites(["b"], "two", lease=LEASE, now=later) == ["b"]


def test_a_crawler_taking_more_leaves_a_site_crawled_since_it_started(archive: Archive) -> None:
    """A site released after this crawler started was crawled this round: not taken again;
    a site never claimed since, or one whose crawler's lease expired, is."""
    started = T0
    archive.claim_sites(["done", "dead"], "other", lease=LEASE, now=T0 + timedelta(minutes=1))
    archive.release_sites("other", ["done"], lease=LEASE)
    archive.claim_sites(["old"], "earlier", lease=LEASE, now=T0 - timedelta(hours=1))
    archive.release_sites("earlier", lease=LEASE)
    later = T0 + timedelta(minutes=5)  # "dead"'s lease ran out at 12:04
    more = ["done", "old", "dead", "new"]
    taken = archive.claim_sites(more, "me", lease=LEASE, now=later, unclaimed_since=started)
    assert taken == ["old", "dead", "new"]
    assert archive.claim_sites(["done"], "me", lease=LEASE, now=later) == ["done"]  # at start, it is free


def test_crawlers_claiming_at_once_never_share_a_site(db_url: str) -> None:
    sites = [f"site{i}" for i in range(20)]
    won: dict[str, list[str]] = {}
    failed: list[BaseException] = []
    start = threading.Barrier(4, timeout=120)  # a crawler that failed to open breaks it, not hangs it

    def crawler(name: str) -> None:
        try:
            with Archive.open(db_url) as archive:
                start.wait()
                won[name] = archive.claim_sites(sites, name, lease=LEASE, now=T0)
        except BaseException as exc:
            failed.append(exc)
            start.abort()

    threads = [threading.Thread(target=crawler, args=(f"c{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failed
    claimed = [site for name in sorted(won) for site in won[name]]
    assert sorted(claimed) == sorted(sites)  # each site to exactly one crawler
    with Archive.open(db_url) as archive:
        assert {row["site"]: row["holder"] for row in archive.site_leases()} == {
            site: name for name in won for site in won[name]
        }


def test_newsharvest_sites_lists_each_site_with_its_lease_and_queue(db_path: Path) -> None:
    with Archive.open(db_path) as archive:
        archive.queue_urls(["https://apnews.com/article/a-1", "https://apnews.com/article/b-2"])
        archive.note_fetch("https://apnews.com/article/a-1", fetched_at="2026-11-30T11:59:00Z")
        archive.claim_sites(["apnews"], "h1:42:abcd", lease=LEASE, host="h1", now=T0)
    result = CliRunner().invoke(main, ["sites", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line.split() for line in result.output.splitlines()[1:]}
    until, last = "2026-11-30T12:03:00.000000Z", "2026-11-30T11:59:00Z"
    assert lines["apnews"] == ["apnews", "h1:42:abcd", until, "2", last]  # one fetched, one queued
    assert lines["huffpost"] == ["huffpost", "-", "-", "0", "-"]


def test_only_the_crawler_whose_insert_won_an_address_gets_it(db_url: str) -> None:
    urls = ["https://apnews.com/article/a-1", "https://apnews.com/article/b-2?utm_source=x"]
    with Archive.open(db_url) as first, Archive.open(db_url) as second:
        assert first.queue_new_urls(urls[:1]) == {"https://apnews.com/article/a-1"}
        assert second.queue_new_urls(urls) == {"https://apnews.com/article/b-2"}  # a-1 was the first's
        assert second.queue_new_urls(urls) == set()


def test_the_frontier_leaves_an_address_another_crawler_queued_meanwhile(db_path: Path) -> None:
    from scrapy import Request
    from scrapy.utils.test import get_crawler

    from newsharvest.addon import Defaults
    from newsharvest.frontier import FrontierState

    crawler = get_crawler(settings_dict={"ADDONS": {Defaults: 0}, "NEWSHARVEST_DATABASE_URL": f"sqlite:///{db_path}"})
    crawler._apply_settings()
    state = FrontierState(crawler)
    with Archive.open(db_path) as other:
        other.queue_new_urls(["https://apnews.com/article/taken-1"])
    state.archive.frontier_facts = lambda urls: {}  # type: ignore[method-assign]  # read before that insert
    requests = [Request("https://apnews.com/article/taken-1"), Request("https://apnews.com/article/mine-2")]
    chosen = state.select(requests)
    assert [request.url for request in chosen] == ["https://apnews.com/article/mine-2"]
    assert crawler.stats.get_value("newsharvest/frontier/queued_elsewhere") == 1
    assert crawler.stats.get_value("newsharvest/frontier/new") == 1
    state.spider_closed(None)  # type: ignore[arg-type]


def test_sites_held_elsewhere_tell_an_expired_lease_due_addresses_and_a_site_not_gone_through(
    archive: Archive,
) -> None:
    """What a crawler with nothing of its own to do waits on: other crawlers' sites with
    addresses queued or fetched and not yet stored, or not yet gone through by their holder
    (its own memory holds their work); and what it may take over: an expired lease."""
    origins = {name: f"https://{name}.example" for name in ("busy", "idle", "mine", "free", "new")}
    origins["dead"] = "https://dead.example/"
    archive.claim_sites(["busy", "idle"], "live", lease=LEASE, now=T0)
    assert archive.note_sites_discovered("live", lease=LEASE, now=T0) == ["busy", "idle"]
    archive.claim_sites(["new"], "live", lease=LEASE, now=T0)  # leased since: not gone through
    archive.claim_sites(["dead"], "dead", lease=LEASE, now=T0 - timedelta(minutes=5))
    archive.claim_sites(["mine"], "me", lease=LEASE, now=T0)
    archive.claim_sites(["free"], "gone", lease=LEASE, now=T0)
    archive.release_sites("gone", lease=LEASE)
    archive.queue_urls(["https://dead.example/b/2", "https://mine.example/c/3", "https://free.example/d/4",
                        "https://idle.example.org/e/5"])  # fmt: skip
    archive.note_fetch("https://busy.example/a/1")  # fetched, not yet stored: due
    archive.note_fetch("https://idle.example/f/6", error="timeout")  # failed: not due

    assert archive.sites_held_elsewhere(origins, "me", now=T0 + timedelta(minutes=1)) == [
        {"site": "busy", "expired": False, "due": True, "undiscovered": False},
        {"site": "dead", "expired": True, "due": True, "undiscovered": True},
        {"site": "idle", "expired": False, "due": False, "undiscovered": False},
        {"site": "new", "expired": False, "due": False, "undiscovered": True},
    ]
    assert archive.sites_held_elsewhere({"mine": "https://mine.example"}, "me", now=T0) == []
    assert archive.sites_held_elsewhere({}, "me", now=T0) == []


def test_a_site_is_gone_through_by_its_holder_until_another_crawler_claims_it(archive: Archive) -> None:
    """Noted once by its holder; kept when that holder claims it again after a lapse (its memory
    is the same); cleared when another crawler takes it over, or on release."""

    def noted() -> dict[str, object]:
        return {row["site"]: row["discovered_at"] for row in archive.site_leases()}

    archive.claim_sites(["a", "b"], "one", lease=LEASE, now=T0)
    assert noted() == {"a": None, "b": None}
    assert archive.note_sites_discovered("one", lease=LEASE, now=T0 + timedelta(minutes=1)) == ["a", "b"]
    assert archive.note_sites_discovered("one", lease=LEASE, now=T0 + timedelta(minutes=2)) == []
    gone_through = "2026-11-30T12:01:00.000000Z"
    assert noted() == {"a": gone_through, "b": gone_through}
    lapsed = T0 + timedelta(minutes=5)
    assert archive.claim_sites(["a"], "one", lease=LEASE, now=lapsed) == ["a"]
    assert archive.claim_sites(["b"], "two", lease=LEASE, now=lapsed) == ["b"]
    assert noted() == {"a": gone_through, "b": None}
    assert archive.note_sites_discovered("two", lease=LEASE, now=lapsed) == ["b"]
    archive.release_sites("one", lease=LEASE)
    assert noted() == {"a": None, "b": "2026-11-30T12:05:00.000000Z"}
