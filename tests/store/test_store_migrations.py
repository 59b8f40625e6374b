"""Schema versions: old archives upgrade in place, newer ones are refused, models match."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from newsharvest import query
from newsharvest.extract.record import Article, Author
from newsharvest.store import Archive, ArchiveError
from newsharvest.store.engine import to_url
from newsharvest.store.models import Base
from newsharvest.store.schema import (
    alembic_config,
    compare_default,
    head_revision,
    include_name,
    known_revisions,
)
from tests.conftest import BACKENDS
from tests.store.factory import FETCHED, make_article

FIRST = "0001"


def upgraded_to(target: str, revision: str, *statements: str) -> None:
    """Bring the archive at `target` to `revision` and run `statements` in the same
    transaction: rows as a store of that schema wrote them."""
    engine = create_engine(to_url(target))
    with engine.begin() as conn:
        from alembic import command

        command.upgrade(alembic_config(connection=conn), revision)
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


def _archive_at_first_migration(target: str) -> None:
    """An archive as the first release made it: schema 0001 and one article, one rejection
    (rows inserted without ids, as the first release wrote them: PostgreSQL's sequences
    then go on from them)."""
    engine = create_engine(to_url(target))
    with engine.begin() as conn:
        from alembic import command

        command.upgrade(alembic_config(connection=conn), FIRST)
        conn.execute(text("INSERT INTO sites (host, name) VALUES ('huffpost.com', 'HuffPost')"))
        conn.execute(
            text(
                "INSERT INTO articles (identity_url, url, canonical_url, site_id, site_name, headline,"
                " body, authors, content_hash, first_seen, last_seen, revision_count, word_count)"
                " SELECT 'https://huffpost.com/entry/old_n_1', 'https://www.huffpost.com/entry/old_n_1',"
                " 'https://www.huffpost.com/entry/old_n_1', id, 'HuffPost', 'An archived glacier story',"
                " 'The glacier retreated.', 'Ann Lee', 'abc', :seen, :seen, 2, 3 FROM sites"
            ),
            {"seen": FETCHED},
        )
        conn.execute(text("INSERT INTO authors (name, url) VALUES ('Ann Lee', '')"))
        conn.execute(
            text(
                "INSERT INTO article_authors (article_id, position, author_id)"
                " SELECT articles.id, 0, authors.id FROM articles, authors"
            )
        )
        conn.execute(
            text(
                "INSERT INTO rejections (identity_url, url, reason, detail, first_seen, fetched_at) VALUES"
                " ('https://huffpost.com/video', 'https://www.huffpost.com/video', 'not_article', '',"
                " :seen, :seen)"
            ),
            {"seen": FETCHED},
        )
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def empty_target(request: pytest.FixtureRequest, db_path: Path) -> str:
    """A SQLite file path (no file yet) or an empty PostgreSQL database."""
    return str(db_path) if request.param == "sqlite" else str(request.getfixturevalue("postgres_url"))


def test_the_migrations_are_a_chain_ending_at_head() -> None:
    assert known_revisions()[0] == FIRST
    assert known_revisions()[-1] == head_revision()


def test_migrations_build_exactly_the_models(empty_target: str) -> None:
    Archive.open(empty_target).close()
    engine = create_engine(to_url(empty_target))
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_server_default": compare_default, "include_name": include_name}
        )
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_an_archive_from_the_first_release_upgrades_in_place(empty_target: str) -> None:
    _archive_at_first_migration(empty_target)
    with pytest.raises(ArchiveError, match="older schema"):  # a query never upgrades
        Archive.open(empty_target, readonly=True)

    with Archive.open(empty_target) as archive:
        assert archive.schema_version == head_revision()
        record = query.get_article(archive, "http://huffpost.com/entry/old_n_1/?utm_source=x")
        assert record is not None
        assert record["headline"] == "An archived glacier story"
        assert record["authors"] == [{"name": "Ann Lee", "url": None}]
        assert query.search_articles(archive, "glacier")["total"] == 1  # indexed by the upgrade
        [revision] = query.list_revisions(archive, 1) or []
        assert (revision["number"], revision["current"], revision["changed_fields"]) == (2, True, None)
        assert archive.frontier_entry("https://huffpost.com/entry/old_n_1")["state"] == "stored"
        assert archive.frontier_entry("https://huffpost.com/video")["state"] == "rejected"
        # ... and the current code writes to it as to any archive.
        assert archive.store_article(make_article(), fetched_at=FETCHED) == "new"
        assert query.count_articles(archive) == 2

    with Archive.open(empty_target, readonly=True) as archive:
        assert query.count_articles(archive) == 2


def test_an_archive_from_a_newer_version_is_refused_untouched(db_path: Path) -> None:
    Archive.open(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    before = db_path.read_bytes()
    for readonly in (True, False):
        with pytest.raises(ArchiveError, match="newer newsharvest"):
            Archive.open(db_path, readonly=readonly)
    assert db_path.read_bytes() == before


def test_a_postgres_archive_from_a_newer_version_is_refused_untouched(postgres_archive_url: str) -> None:
    engine = create_engine(postgres_archive_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    for readonly in (True, False):
        with pytest.raises(ArchiveError, match="newer newsharvest"):
            Archive.open(postgres_archive_url, readonly=readonly)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0099"
    engine.dispose()


def test_a_hash_from_an_older_version_is_not_a_revision(empty_target: str) -> None:
    """The upgraded article above has a made-up hash: storing the same text again must
    refresh the hash, not invent a revision."""
    _archive_at_first_migration(empty_target)
    with Archive.open(empty_target) as archive:
        record = query.get_article(archive, 1)
        assert record is not None
        fields = {name: record[name] for name in ("url", "canonical_url", "headline", "body", "site_name")}
        same = Article(**fields, authors=[Author("Ann Lee")], word_count=3)
        assert archive.store_article(same, fetched_at="2024-06-01T00:00:00+00:00") == "unchanged"
        assert archive.store_article(same, fetched_at="2024-06-02T00:00:00+00:00") == "unchanged"
        assert len(query.list_revisions(archive, 1) or []) == 1


def test_postgres_json_columns_are_jsonb_and_instants_timestamptz(postgres_archive_url: str) -> None:
    """The JSON columns are ``jsonb``; the instants the store records are ``timestamptz``
    (README, In PostgreSQL); the dates a page printed, and its ``Last-Modified``, stay text."""
    engine = create_engine(postgres_archive_url)
    with engine.connect() as conn:
        types = {
            (table, column): data_type
            for table, column, data_type in conn.execute(
                text(
                    "SELECT table_name, column_name, data_type FROM information_schema.columns"
                    " WHERE table_schema = current_schema()"
                )
            )
        }
    engine.dispose()
    assert sorted(key for key, data_type in types.items() if data_type == "jsonb") == [
        ("articles", "embeds"),
        ("crawl_runs", "rejected_by_reason"),
        ("crawl_runs", "stats"),
        ("revisions", "changed_fields"),
        ("revisions", "content"),
    ]
    assert sorted(key for key, data_type in types.items() if data_type.startswith("timestamp")) == [
        ("articles", "first_seen"),
        ("articles", "last_seen"),
        ("articles", "published_utc"),
        ("captures", "fetched_at"),
        ("crawl_runs", "finished_at"),
        ("crawl_runs", "started_at"),
        ("rejections", "fetched_at"),
        ("rejections", "first_seen"),
        ("revisions", "fetched_at"),
        ("site_leases", "claimed_at"),
        ("site_leases", "discovered_at"),
        ("site_leases", "expires_at"),
        ("stories", "first_seen"),
        ("urls", "first_seen"),
        ("urls", "last_seen"),
    ]
    assert {types[key] for key in types if types[key].startswith("timestamp")} == {"timestamp with time zone"}
    page_texts = ["date_published", "date_published_raw", "date_modified", "date_modified_raw"]
    assert {types[("articles", column)] for column in page_texts} == {"character varying"}
    assert types[("urls", "last_modified")] == "character varying"


def test_a_lease_held_when_the_archive_is_upgraded_counts_as_not_gone_through(empty_target: str) -> None:
    """0016 adds `site_leases.discovered_at`: a lease held before it is kept, and another
    crawler waits on its site (or takes it over once it expires) rather than thinking it done."""
    upgraded_to(
        empty_target,
        "0015",
        "INSERT INTO site_leases (site, holder, host, expires_at, claimed_at) VALUES"
        " ('apnews', 'old:1:ab', 'old', '2026-11-30T12:03:00.000000Z', '2026-11-30T12:00:00.000000Z')",
    )
    with Archive.open(empty_target) as archive:
        assert archive.schema_version == "0016"
        [lease] = archive.site_leases()
        assert lease == {
            "site": "apnews", "holder": "old:1:ab", "host": "old",
            "expires_at": "2026-11-30T12:03:00.000000Z", "claimed_at": "2026-11-30T12:00:00.000000Z",
            "discovered_at": None,
        }  # fmt: skip
        now = datetime(2026, 11, 30, 12, 1, tzinfo=UTC)
        held = archive.sites_held_elsewhere({"apnews": "https://apnews.com"}, "new:2:cd", now=now)
        assert held == [{"site": "apnews", "expired": False, "due": False, "undiscovered": True}]
