"""End to end into PostgreSQL: the real `scrapy crawl huffpost` against the replica makes the
same archive there as in SQLite."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from newsharvest import query
from newsharvest.store import Archive
from newsharvest.testing.server import FixtureServer
from tests.crawl.test_huffpost import expected_records
from tests.support import crawling

ARCHIVE_ONLY = ("id", "first_seen", "last_seen")
"""What differs between two crawls of the same pages: ids follow the crawl's order, times its clock."""
INSTANTS = ("first_seen", "last_seen", "started_at", "finished_at", "fetched_at")
"""The instants the store records: their values differ between crawls, their text's form must not."""


def _shapes(rows: list[dict[str, Any]]) -> set[str]:
    """The forms of the rows' instants, every digit written 9 (``9999-99-99T99:99:99Z``)."""
    return {re.sub(r"[0-9]", "9", row[key]) for row in rows for key in INSTANTS if row.get(key) is not None}


def _archive_contents(target: str) -> dict[str, Any]:
    """Everything a user reads from an archive, minus `ARCHIVE_ONLY`, keyed by address."""
    with Archive.open(target, readonly=True) as archive:
        records = {
            r["canonical_url"]: {k: v for k, v in r.items() if k not in ARCHIVE_ONLY}
            for r in query.iter_articles(archive)
        }
        by_id = {r["id"]: r["canonical_url"] for r in query.iter_articles(archive)}
        found = query.search_articles(archive, "russia OR ukraine", limit=100)
        [run] = query.list_runs(archive)
        rejections = query.list_rejections(archive)
        return {
            "records": records,
            "rejections": sorted((r["url"], r["reason"], r["detail"]) for r in rejections),
            "search": (found["total"], sorted(by_id[r["id"]] for r in found["results"])),
            "run": {k: run[k] for k in ("spider", "finish_reason", "new", "updated", "rejected")},
            "tables": query.table_counts(archive),
            "frontier": sorted(archive.frontier_urls("stored")),
            "instants": _shapes([*query.iter_articles(archive), run, *rejections]),
        }


@pytest.mark.slow
def test_a_crawl_into_postgres_archives_what_a_crawl_into_sqlite_does(
    huffpost_server: FixtureServer, tmp_path: Path, postgres_url: str
) -> None:
    sqlite_file = tmp_path / "archive.db"
    for target in (str(sqlite_file), postgres_url):
        crawling.scrapy_crawl(
            "huffpost", target,
            "-a", f"base_url={huffpost_server.base_url}",
            "-s", "NEWSHARVEST_CRAWL_DELAY_CAP=0.02",
        )  # fmt: skip
    in_sqlite, in_postgres = _archive_contents(str(sqlite_file)), _archive_contents(postgres_url)

    assert sorted(in_postgres["records"]) == sorted(expected_records())
    for address, record in in_sqlite["records"].items():
        assert in_postgres["records"][address] == record, address
    for part in ("rejections", "search", "run", "tables", "frontier", "instants"):
        assert in_postgres[part] == in_sqlite[part], part
    assert in_postgres["search"][0] > 0 and in_postgres["rejections"]
    assert in_postgres["instants"] == {"9999-99-99T99:99:99Z"}
