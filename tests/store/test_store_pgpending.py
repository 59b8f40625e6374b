"""PostgreSQL: a batch's keys are merged into the GIN indexes after its commit (`pgpending`),
and a writer that may not merge them still stores and finds its articles."""

from __future__ import annotations

import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from newsharvest import query
from newsharvest.store import Archive
from newsharvest.store.pgpending import GIN_INDEXES, MERGE_EVERY
from tests.store.factory import FETCHED, make_article

BODY = (
    "The river valley towns reopened after the flood, officials said on Tuesday. "
    "Volunteers carried sandbags along the levee while the mayor spoke to reporters. "
) * 6


def _batch(first: int, count: int) -> list[tuple[object, str]]:
    return [(make_article(n, body=f"{BODY} Story {n}."), FETCHED) for n in range(first, first + count)]


def _pending_pages(url: str) -> dict[str, int]:
    """Pages each GIN index had in its pending list (merging them now to count them)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        found = {
            name: int(
                conn.execute(
                    text("SELECT gin_clean_pending_list(CAST(:n AS regclass))"), {"n": name}
                ).scalar_one()
            )
            for name in GIN_INDEXES
        }
    engine.dispose()
    return found


def test_a_writer_merges_after_its_batches_of_enough_articles(postgres_archive_url: str) -> None:
    half = MERGE_EVERY // 2
    with Archive.open(postgres_archive_url) as archive:
        assert archive.store_batch(_batch(1, half)) == ["new"] * half
        left = _pending_pages(postgres_archive_url)  # merged here, by the test
        assert all(pages > 0 for pages in left.values()), left
        archive.store_batch(_batch(half + 1, MERGE_EVERY - half))  # MERGE_EVERY since its last merge
        assert _pending_pages(postgres_archive_url) == {name: 0 for name in GIN_INDEXES}
        archive._clean_pending = False  # as for a role that may not merge them
        archive.store_batch(_batch(1000, MERGE_EVERY))
        left = _pending_pages(postgres_archive_url)
        assert all(pages > 0 for pages in left.values()), left


def test_a_role_not_owning_the_indexes_stores_and_finds(
    postgres_server: str, postgres_archive_url: str
) -> None:
    role = f"nh_writer_{uuid.uuid4().hex[:8]}"
    owner = create_engine(postgres_archive_url, isolation_level="AUTOCOMMIT")
    with owner.connect() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
        conn.exec_driver_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
        conn.exec_driver_sql(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}")
    writer_url = make_url(postgres_archive_url).set(username=role).render_as_string(hide_password=False)
    try:
        with Archive.open(writer_url) as archive:
            assert archive.store_batch(_batch(1, MERGE_EVERY)) == ["new"] * MERGE_EVERY
            assert archive._clean_pending is False  # refused once: not tried again
            assert archive.store_batch(_batch(1000, 5)) == ["new"] * 5
            assert query.count_articles(archive) == MERGE_EVERY + 5
            found = query.search_articles(archive, '"sandbags along the levee"', exact_count=True)
            assert found["total"] == MERGE_EVERY + 5
    finally:
        with owner.connect() as conn:
            conn.exec_driver_sql(f"DROP OWNED BY {role}")
            conn.exec_driver_sql(f"DROP ROLE {role}")
        owner.dispose()
