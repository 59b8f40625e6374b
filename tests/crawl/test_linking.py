"""End to end: real crawls of the HuffPost and AP replicas into one archive link each wire
copy to AP's original, and crawling again adds no link."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newsharvest.cli import main
from newsharvest.store import Archive
from newsharvest.testing.server import serving
from tests.support.crawling import rows, scrapy_crawl

G20_HUFFPOST = "/entry/blinken-lavrov-meet-briefly-us-russia_n_64008c3fe4b0bdb99f4a563b"
G20_AP = "/article/blinken-lavrov-g20-india-russia-ukraine-33f128870316e8f293df2c70887b1a6f"
COPIES = {  # HuffPost's copy → AP's original
    G20_HUFFPOST: G20_AP,
    "/entry/wisconsin-dairy-farms-milking-robots_n_6410c8e4e4b0a1b2c3d4e5f6": (
        "/article/wisconsin-dairy-farms-milking-robots-labor-shortage-0680c4aedfc68cf9712807eed2f02e5e"
    ),
    "/entry/typhoon-okinawa-flights-canceled_n_67297e5ae4b0c7d8e9f0a1b2": (
        "/article/typhoon-okinawa-flights-canceled-japan-9ace28cfcecc965bcff10a39cd92e4ad"
    ),
}
LINK_TABLES = ("stories", "article_signatures", "story_bands", "story_bands_recent")


def crawl_both(database: Path, *extra: str) -> None:
    for site in ("huffpost", "apnews"):  # the copies first: the original arrives later
        with serving(site) as server:
            scrapy_crawl(site, database, "-a", f"base_url={server.base_url}", *extra)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@pytest.mark.slow
def test_crawling_both_replicas_links_every_wire_copy_to_aps_original(tmp_path: Path) -> None:
    database = tmp_path / "archive.db"
    crawl_both(database)
    found = rows(
        database,
        "SELECT a.url, s.id, o.url, s.original_reason, s.copy_count FROM articles a"
        " JOIN stories s ON s.id = a.story_id JOIN articles o ON o.id = s.original_article_id",
    )
    linked = {
        path_of(url): (story, path_of(original), reason, n) for url, story, original, reason, n in found
    }
    assert set(linked) == set(COPIES) | set(COPIES.values())
    for copy, original in COPIES.items():
        story = linked[copy][0]
        assert linked[copy] == linked[original] == (story, original, "agency_site", 2)
    assert len({story for story, *_ in linked.values()}) == 3
    # AP's second typhoon story (same event, place and names, another text) is no copy.
    assert rows(database, "SELECT story_id FROM articles WHERE url LIKE '%/okinawa-typhoon-cleanup-%'") == [
        (None,)
    ]
    counts = {table: rows(database, f"SELECT count(*) FROM {table}")[0][0] for table in LINK_TABLES}
    with Archive.open(database, readonly=True) as archive:
        assert archive.unlinked_count() == 0

    crawl_both(database)  # again: nothing new, nothing linked twice
    assert {table: rows(database, f"SELECT count(*) FROM {table}")[0][0] for table in LINK_TABLES} == counts
    assert rows(database, "SELECT count(*) FROM articles WHERE story_id IS NOT NULL") == [(6,)]


@pytest.mark.slow
def test_a_crawl_without_linking_is_linked_afterwards_by_link(tmp_path: Path) -> None:
    database = tmp_path / "archive.db"
    crawl_both(database, "-s", "NEWSHARVEST_LINK_THRESHOLD=0")
    assert rows(database, "SELECT count(*) FROM stories") == [(0,)]
    assert rows(database, "SELECT count(*) FROM article_signatures") == [(0,)]
    result = CliRunner().invoke(main, ["link", "--db", str(database)])
    assert result.exit_code == 0, result.output
    articles = rows(database, "SELECT count(*) FROM articles")[0][0]
    assert f"{articles} articles linked: 3 stories with copies" in result.output
    assert rows(database, "SELECT original_reason, copy_count FROM stories") == [("agency_site", 2)] * 3
