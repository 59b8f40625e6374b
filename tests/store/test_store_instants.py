"""The instants the store records (`modelbase.UtcTimestamp`): text on SQLite, ``timestamptz``
on PostgreSQL, and the same fixed UTC text read back from both, whatever offset or
precision they were handed in; the dates a page printed stay its text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine, select, text

from newsharvest import query
from newsharvest.extract.record import Rejection
from newsharvest.store import Archive
from newsharvest.store import models as m
from newsharvest.store.captures import Capture
from newsharvest.store.engine import to_url
from newsharvest.store.schema import alembic_config, head_revision
from tests.conftest import BACKENDS
from tests.store.factory import make_article
from tests.store.test_store_migrations import _archive_at_first_migration, upgraded_to

INSTANTS = {
    "crawl_runs": ("started_at",),
    "articles": ("published_utc", "first_seen", "last_seen"),
    "revisions": ("fetched_at",),
    "urls": ("first_seen", "last_seen"),
    "rejections": ("first_seen", "fetched_at"),
    "captures": ("fetched_at",),
    "stories": ("first_seen",),
    "site_leases": ("expires_at", "claimed_at"),
}
"""The instant columns this file fills (`crawl_runs.finished_at` too, when a run ends)."""


def instants(archive: Archive) -> dict[str, list[tuple[Any, ...]]]:
    """Every row's instants, by table, in id (or site) order, as the archive reads them."""
    out = {}
    with archive.reading() as conn:
        for name, columns in INSTANTS.items():
            table = m.Base.metadata.tables[name]
            order = table.c.site if name == "site_leases" else table.c.id
            out[name] = [
                tuple(row) for row in conn.execute(select(*(table.c[c] for c in columns)).order_by(order))
            ]
    return out


def test_every_instant_reads_back_as_the_same_fixed_utc_text(archive: Archive) -> None:
    """Texts handed in with an offset, fractions of a second or no offset at all (UTC) read
    back as one fixed UTC text (microseconds for leases); the page's own dates as written."""
    run = archive.begin_run("news", started_at="2024-05-01T14:00:00+02:00")
    article = make_article(1, date_published="2024-04-30T23:30:00-04:00")
    rejected = Rejection("https://x.test/gone", "not_found", "HTTP 404")
    capture = Capture(article.url, 200, "2024-05-01T08:30:15.75-04:00", "a.warc.gz", 0, 10)
    items = [(article, "2024-05-01T08:30:15.75-04:00"), (rejected, "2024-05-01T12:00:00")]
    assert archive.store_batch(items, run, [(capture, article)]) == ["new", "rejected"]
    archive.queue_urls(["https://x.test/next"], seen_at="2024-05-01T12:31:00.999999+00:00")
    archive.claim_sites(
        ["x"], "me", lease=timedelta(minutes=3), host="h", now=datetime(2024, 5, 1, 12, 0, 0, 5, UTC)
    )
    archive.finish_run(run, finish_reason="finished", stats={})

    assert instants(archive) == {
        "crawl_runs": [("2024-05-01T12:00:00Z",)],
        "articles": [("2024-05-01T03:30:00Z", "2024-05-01T12:30:15Z", "2024-05-01T12:30:15Z")],
        "revisions": [("2024-05-01T12:30:15Z",)],
        "urls": [
            ("2024-05-01T12:30:15Z", "2024-05-01T12:30:15Z"),
            ("2024-05-01T12:00:00Z", "2024-05-01T12:00:00Z"),
            ("2024-05-01T12:31:00Z", "2024-05-01T12:31:00Z"),
        ],
        "rejections": [("2024-05-01T12:00:00Z", "2024-05-01T12:00:00Z")],
        "captures": [("2024-05-01T12:30:15Z",)],
        "stories": [],
        "site_leases": [("2024-05-01T12:03:00.000005Z", "2024-05-01T12:00:00.000005Z")],
    }
    record = query.get_article(archive, article.url)
    assert record is not None
    assert (record["date_published"], record["date_modified"]) == (
        "2024-04-30T23:30:00-04:00",
        article.date_modified,
    )
    assert (record["first_seen"], record["last_seen"]) == ("2024-05-01T12:30:15Z", "2024-05-01T12:30:15Z")
    [finished] = query.list_runs(archive)
    assert len(finished["finished_at"]) == 20 and finished["finished_at"].endswith("Z")
    assert datetime.fromisoformat(finished["finished_at"]) <= datetime.now(UTC)


def test_date_ranges_and_lease_expiry_agree_at_their_boundaries(archive: Archive) -> None:
    """A range includes its start and excludes its end, to the second, however the bound is
    spelled; a lease is held up to its last microsecond and free just after."""
    published = ("2024-04-30T23:30:00-04:00", "2024-05-01T10:00:00+00:00", "2024-05-02T00:00:00+00:00")
    archive.store_batch(
        [
            (make_article(n, date_published=when), "2024-05-03T00:00:00+00:00")
            for n, when in enumerate(published, 1)
        ]
    )

    def ids(**filters: str) -> list[int]:
        return sorted(r["id"] for r in query.list_articles(archive, **filters))

    assert ids(since="2024-05-01T03:30:00Z") == [1, 2, 3]
    assert ids(since="2024-04-30T23:30:00-04:00", until="2024-05-01T10:00:00Z") == [1]
    assert ids(since="2024-05-01T03:30:01Z", until="2024-05-02T00:00:00+00:00") == [2]
    assert ids(since="2024-05-01", until="2024-05-01") == [1, 2]  # a bare date: the whole UTC day
    assert query.count_articles(archive, since="2024-05-02") == 1
    found = query.search_articles(archive, "budget", since="2024-05-01T10:00:00Z")
    assert sorted(hit["id"] for hit in found["results"]) == [2, 3]
    assert [(day["day"], day["articles"]) for day in query.archive_stats(archive)["days"]] == [
        ("2024-05-02", 1),
        ("2024-05-01", 2),
    ]

    start, lease = datetime(2026, 11, 30, 12, 0, tzinfo=UTC), timedelta(minutes=3)
    assert archive.claim_sites(["a"], "one", lease=lease, now=start) == ["a"]
    assert archive.claim_sites(["a"], "two", lease=lease, now=start + lease) == []
    assert archive.renew_leases("one", lease=lease, now=start + lease) == ["a"]
    end = start + 2 * lease
    assert archive.claim_sites(["a"], "two", lease=lease, now=end) == []
    assert archive.claim_sites(["a"], "two", lease=lease, now=end + timedelta(microseconds=1)) == ["a"]


@pytest.fixture(params=BACKENDS)
def empty_target(request: pytest.FixtureRequest, db_path: Path) -> str:
    """A SQLite file path (no file yet) or an empty PostgreSQL database."""
    return str(db_path) if request.param == "sqlite" else str(request.getfixturevalue("postgres_url"))


def test_an_archive_at_0014_upgrades_with_the_same_times(empty_target: str) -> None:
    """Rows an 0014 store wrote (``+00:00``, another offset, a fraction, no offset) read back
    after the upgrade as the fixed UTC text on both databases; on PostgreSQL the downgrade
    turns them back into that text."""
    _archive_at_first_migration(empty_target)
    upgraded_to(
        empty_target,
        "0014",
        "UPDATE articles SET published_utc = '2024-05-01T03:30:00Z',"
        " first_seen = '2024-05-01T14:00:00.9+02:00', last_seen = '2024-05-02T12:00:00'",
        "INSERT INTO crawl_runs (spider, started_at) VALUES ('news', '2024-05-01T11:59:59+00:00')",
        "INSERT INTO site_leases (site, holder, expires_at, claimed_at)"
        " VALUES ('x', 'me', '2026-11-30T21:40:00.123456Z', '2026-11-30T21:37:00.123456Z')",
    )
    expected = {
        "crawl_runs": [("2024-05-01T11:59:59Z",)],
        "articles": [("2024-05-01T03:30:00Z", "2024-05-01T12:00:00Z", "2024-05-02T12:00:00Z")],
        "revisions": [("2024-05-01T12:00:00Z",)],
        "urls": [("2024-05-01T12:00:00Z", "2024-05-01T12:00:00Z")] * 2,
        "rejections": [("2024-05-01T12:00:00Z", "2024-05-01T12:00:00Z")],
        "captures": [],
        "stories": [],
        "site_leases": [("2026-11-30T21:40:00.123456Z", "2026-11-30T21:37:00.123456Z")],
    }
    with Archive.open(empty_target) as archive:
        assert archive.schema_version == head_revision()
        assert instants(archive) == expected
        assert (
            archive.claim_sites(
                ["x"], "other", lease=timedelta(minutes=1), now=datetime(2026, 11, 30, 21, 40, tzinfo=UTC)
            )
            == []
        )
    if not empty_target.startswith("postgresql"):
        return
    engine = create_engine(empty_target)
    with engine.begin() as conn:
        command.downgrade(alembic_config(connection=conn), "0014")
        rows = conn.execute(text("SELECT first_seen, last_seen, published_utc FROM articles")).all()
        leases = conn.execute(text("SELECT expires_at FROM site_leases")).all()
        kind = conn.execute(
            text(
                "SELECT data_type FROM information_schema.columns"
                " WHERE table_name = 'articles' AND column_name = 'first_seen'"
            )
        ).scalar()
    engine.dispose()
    assert [tuple(r) for r in rows] == [
        ("2024-05-01T12:00:00Z", "2024-05-02T12:00:00Z", "2024-05-01T03:30:00Z")
    ]
    assert [tuple(r) for r in leases] == [("2026-11-30T21:40:00.123456Z",)]
    assert kind == "character varying"


def test_sqlite_upgrade_rewrites_each_unfixed_value_and_keeps_the_rest(db_path: Path) -> None:
    """On SQLite each instant out of the fixed form is rewritten, beside a value of the same
    row that is already fixed or that SQLite cannot read as a time (both kept as they were),
    and a row wholly in the fixed form is not written at all."""
    target = str(db_path)
    _archive_at_first_migration(target)
    upgraded_to(
        target,
        "0014",
        "INSERT INTO crawl_runs (spider, started_at, finished_at) VALUES"
        " ('a', '2024-05-01T11:59:59+00:00', 'not a time'),"
        " ('b', '2024-05-01T10:00:00Z', '2024-05-01T09:30:00.5-02:00'),"
        " ('c', '2024-05-01T10:00:00Z', NULL),"
        " ('d', '2024-05-01T10:00:00Z', '2024-05-01T10:05:00Z')",
    )
    engine = create_engine(to_url(target))
    with engine.begin() as conn:
        conn.execute(text("CREATE TEMP TABLE written (spider TEXT)"))
        conn.execute(
            text(
                "CREATE TEMP TRIGGER note_write AFTER UPDATE ON main.crawl_runs"
                " BEGIN INSERT INTO written VALUES (new.spider); END"
            )
        )
        command.upgrade(alembic_config(connection=conn), "0015")
        written = conn.execute(text("SELECT spider FROM written ORDER BY spider")).scalars().all()
        runs = conn.execute(text("SELECT spider, started_at, finished_at FROM crawl_runs ORDER BY id")).all()
    engine.dispose()
    assert [tuple(r) for r in runs] == [
        ("a", "2024-05-01T11:59:59Z", "not a time"),
        ("b", "2024-05-01T10:00:00Z", "2024-05-01T11:30:00Z"),
        ("c", "2024-05-01T10:00:00Z", None),
        ("d", "2024-05-01T10:00:00Z", "2024-05-01T10:05:00Z"),
    ]
    assert written == ["a", "b"]
