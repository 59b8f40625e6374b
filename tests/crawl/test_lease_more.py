"""`SiteLeases` taking more sites when its own are done: a site another live crawler held when
this one started is not taken again once that crawler releases it, even when it was claimed a
moment before this crawler's start (two crawlers started together)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scrapy.settings import Settings
from scrapy.signalmanager import SignalManager

from newsharvest.extensions.siteleases import SiteLeases
from newsharvest.store import Archive

LEASE = timedelta(minutes=5)


class Crawler:
    """What `SiteLeases` reads of Scrapy's crawler."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.signals = SignalManager()
        self.stats = None
        self.engine = object()
        self.spider = None


class Site:
    def __init__(self, name: str) -> None:
        self.base_url = f"https://{name}.example"


class Spider:
    """A spider configured with `sites`, crawling those it keeps."""

    def __init__(self, *sites: str) -> None:
        self.sites = {name: Site(name) for name in sites}
        self.spare_sites: dict[str, Any] = {}

    def keep_sites(self, names: list[str]) -> None:
        self.spare_sites = {name: site for name, site in self.sites.items() if name not in names}


def test_a_site_held_elsewhere_at_the_start_is_not_taken_again_once_released(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'archive.db'}"
    settings = Settings()
    settings.setmodule("newsharvest.settings", priority="project")
    settings.set("NEWSHARVEST_DATABASE_URL", database)
    settings.set("NEWSHARVEST_SITE_LEASE_IDLE_SECONDS", 0)  # nothing due elsewhere: closes at once
    with Archive.open(database) as archive:
        just_before = datetime.now(UTC) - timedelta(seconds=2)  # the other crawler claimed first
        assert archive.claim_sites(["theirs"], "other", lease=LEASE, now=just_before) == ["theirs"]
        spider = Spider("mine", "theirs")
        leases = SiteLeases(Crawler(settings), spider)  # type: ignore[arg-type]
        assert leases.held == {"mine"} and list(spider.spare_sites) == ["theirs"]
        archive.release_sites("other", lease=LEASE)  # its crawl is done

        assert leases.spider_idle(spider) is None  # closes: nothing left to take

        rows = archive.site_leases()
        holders = {row["site"]: (row["holder"], row["discovered_at"] is not None) for row in rows}
        assert holders == {"mine": (leases.holder, True), "theirs": (None, False)}  # idle: gone through
        leases.spider_closed(spider)  # type: ignore[arg-type]  # its renewal stopped, its archive closed
