"""A request of a leased site leaves only while its lease is known held (`SiteLeases.may_send`,
asked by the download handler): past its known term it waits for a renewal, shared by every
request waiting, and is sent if the lease was renewed, dropped if another crawler took the site."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from scrapy.settings import Settings
from scrapy.signalmanager import SignalManager
from scrapy.statscollectors import MemoryStatsCollector
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from newsharvest.extensions.siteleases import TRUSTED_SHARE, SiteLeases
from newsharvest.store import Archive

LEASE = timedelta(minutes=5)
MINE = "https://mine.example/article/1"
THEIRS = "https://theirs.example/article/1"


class Crawler:
    """What `SiteLeases` reads of Scrapy's crawler."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.signals = SignalManager()
        self.stats = MemoryStatsCollector(self)  # type: ignore[arg-type]
        self.engine = object()
        self.spider: Any = None


class Site:
    def __init__(self, name: str) -> None:
        self.host = f"{name}.example"
        self.base_url = f"https://{self.host}"


class Spider:
    """A spider crawling the site `mine` (as `DiscoverySpider` keeps and loses sites)."""

    def __init__(self) -> None:
        self.sites = {"mine": Site("mine")}
        self.lost_hosts: set[str] = set()

    def keep_sites(self, names: list[str]) -> None:
        pass

    def lose_sites(self, names: set[str]) -> None:
        self.lost_hosts |= {self.sites[name].host for name in names}

    def is_lost(self, url: str) -> bool:
        return any(f"//{host}/" in url for host in self.lost_hosts)


class Renewals:
    """Renewals the leases start, held until the test answers them (with the real statements)."""

    def __init__(self, leases: SiteLeases) -> None:
        self.leases = leases
        self.started: list[Deferred[Any]] = []
        leases.start_renewal = self.start

    def start(self) -> Deferred[Any]:
        self.started.append(Deferred())
        return self.started[-1]

    def answer(self) -> None:
        self.started[-1].callback(self.leases._renew_or_reclaim())


def leased(url: str) -> tuple[SiteLeases, Spider, Renewals, list[float]]:
    settings = Settings()
    settings.setmodule("newsharvest.settings", priority="project")
    settings.set("NEWSHARVEST_DATABASE_URL", url)
    settings.set("NEWSHARVEST_SITE_LEASE_SECONDS", LEASE.total_seconds())
    crawler = Crawler(settings)
    crawler.spider = spider = Spider()
    leases = SiteLeases(crawler, spider)  # type: ignore[arg-type]
    now = [leases.known_held_until["mine"] - 1.0]  # a moment before its known term ends
    leases.clock = lambda: now[0]
    return leases, spider, Renewals(leases), now


async def waiting(leases: SiteLeases, *urls: str) -> list[asyncio.Task[bool]]:
    """Requests asking to leave, run until each is sent, dropped or waiting."""
    tasks = [asyncio.ensure_future(leases.may_send(url)) for url in urls]
    for _ in range(3):
        await asyncio.sleep(0)
    return tasks


def test_a_fresh_lease_sends_at_once_a_stale_one_waits_for_one_shared_renewal(
    postgres_archive_url: str,
) -> None:
    leases, _, renewals, now = leased(postgres_archive_url)

    async def requests() -> tuple[list[bool], list[bool], list[bool]]:
        fresh = await waiting(leases, MINE, THEIRS)
        assert all(task.done() for task in fresh) and renewals.started == []
        now[0] += 2.0  # frozen past its known term
        stale = await waiting(leases, MINE, MINE.replace("/1", "/2"))
        assert not any(task.done() for task in stale)  # waiting for the renewal
        assert len(renewals.started) == 1  # one for both
        renewals.answer()  # the lease was still the crawler's: renewed
        renewed = [await task for task in stale]
        after = await waiting(leases, MINE)
        return [task.result() for task in fresh], renewed, [task.result() for task in after]

    assert asyncio.run(requests()) == ([True, True], [True, True], [True])
    assert len(renewals.started) == 1  # renewed from the time its renewal was sent: fresh again
    assert leases.known_held_until["mine"] == now[0] + LEASE.total_seconds() * TRUSTED_SHARE
    with Archive.open(postgres_archive_url) as archive:
        assert [row["holder"] for row in archive.site_leases()] == [leases.holder]
    leases.spider_closed(leases.crawler.spider)


def test_a_stale_lease_another_crawler_took_drops_the_request_and_the_sites_next(
    postgres_archive_url: str,
) -> None:
    leases, spider, renewals, now = leased(postgres_archive_url)
    with Archive.open(postgres_archive_url) as archive:
        after_expiry = datetime.now(UTC) + LEASE + timedelta(seconds=1)  # the other crawler, once it ran out
        assert archive.claim_sites(["mine"], "other", lease=LEASE, now=after_expiry) == ["mine"]

    async def requests() -> tuple[list[bool], list[bool]]:
        now[0] += 2.0
        stale = await waiting(leases, MINE)
        assert not stale[0].done() and len(renewals.started) == 1
        renewals.answer()  # renewal and claim both refused: the site is the other crawler's
        dropped = [await task for task in stale]
        later = await waiting(leases, MINE.replace("/1", "/3"), THEIRS)
        return dropped, [task.result() for task in later]

    assert asyncio.run(requests()) == ([False], [False, True])  # its next one too; another site's is sent
    assert len(renewals.started) == 1  # the lost site's next request needs no renewal
    assert leases.held == set() and spider.lost_hosts == {"mine.example"}
    assert leases.crawler.stats.get_value("newsharvest/leases/lost") == 1
    leases.spider_closed(leases.crawler.spider)


def test_a_stale_lease_whose_renewal_fails_drops_the_request(postgres_archive_url: str) -> None:
    leases, _, renewals, now = leased(postgres_archive_url)

    async def requests() -> list[bool]:
        now[0] += 2.0
        stale = await waiting(leases, MINE)
        renewals.started[-1].errback(Failure(ConnectionError("the database is away")))
        return [await task for task in stale]

    assert asyncio.run(requests()) == [False]  # not sure it still holds the site: not sent
    assert leases.held == {"mine"}  # not lost: the next renewal may keep it
    leases.spider_closed(leases.crawler.spider)


def test_a_site_leased_while_a_renewal_ran_is_not_lost_by_that_renewal(postgres_archive_url: str) -> None:
    """A renewal begun before the crawler took over another site, answered after: the renewal
    was not about that site, so it does not count it lost (under load the two overlap)."""
    leases, spider, _, _ = leased(postgres_archive_url)
    spider.sites["theirs"] = Site("theirs")
    begun = leases._renew_or_reclaim()  # the renewal's statements, run before the takeover
    with Archive.open(postgres_archive_url) as archive:
        assert archive.claim_sites(["theirs"], leases.holder, lease=LEASE) == ["theirs"]  # taken over
    leases.held.add("theirs")
    assert leases._renewed(begun) is True
    assert leases.held == {"mine", "theirs"} and spider.lost_hosts == set()
    assert leases.crawler.stats.get_value("newsharvest/leases/lost") is None
    leases.spider_closed(leases.crawler.spider)


def test_a_crawler_closing_while_a_renewal_is_in_flight_releases_its_leases_after_it(
    postgres_archive_url: str,
) -> None:
    """The renewal's statements, run after the close began, find the lease released and would
    claim it again as one that ran out: the release waits for them."""
    leases, spider, renewals, _ = leased(postgres_archive_url)
    leases.renewal()  # in flight
    closed = leases.spider_closed(spider)  # type: ignore[arg-type]
    with Archive.open(postgres_archive_url) as archive:
        assert [row["holder"] for row in archive.site_leases()] == [leases.holder]  # not yet
    renewals.answer()
    assert closed is not None and closed.called
    with Archive.open(postgres_archive_url) as archive:
        assert [row["holder"] for row in archive.site_leases()] == [None]
