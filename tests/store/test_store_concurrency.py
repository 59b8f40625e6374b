"""Concurrent use, on SQLite and PostgreSQL: a writer in another process never makes readers or
the CLI fail; processes starting together on an empty database all get the archive; writers
racing on the same article both succeed."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from newsharvest import query
from newsharvest.store import Archive
from newsharvest.store.retry import while_locked
from newsharvest.store.writer import BatchWriter
from tests.store.factory import FETCHED, make_article

REPO = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {repo!r})
    from newsharvest.store import Archive
    from tests.store.factory import make_article
    with Archive.open({db!r}) as archive:
        run = archive.begin_run("writer")
        for batch in range(30):
            items = [(make_article(1000 + batch * 10 + i), "2024-05-01T00:00:00+00:00") for i in range(10)]
            archive.store_batch(items, run)
            time.sleep(0.02)
        archive.finish_run(run, finish_reason="finished", stats={{}})
    """
)


def test_cli_reads_while_another_process_writes(db_url: str) -> None:
    db_path = db_url  # a file path or a URL: the writer, the CLI and this test take either
    with Archive.open(db_path) as archive:
        archive.store_article(make_article(1), fetched_at=FETCHED)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER.format(repo=str(REPO), db=str(db_path))], stderr=subprocess.PIPE
    )
    counts = []
    try:
        while writer.poll() is None or not counts:
            result = subprocess.run(
                ["newsharvest", "search", "senate", "--db", str(db_path), "--format", "json", "--limit", "1"],
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert result.returncode == 0, result.stderr
            counts.append(json.loads(result.stdout)["total"])
            # ...and this process writes too: the two writers queue on the lock, neither fails.
            with Archive.open(db_path) as archive:
                archive.store_article(make_article(5000 + len(counts)), fetched_at=FETCHED)
    finally:
        _, errors = writer.communicate(timeout=60)
    assert writer.returncode == 0, errors.decode()
    assert counts == sorted(counts)  # every read saw a committed state, growing
    with Archive.open(db_path, readonly=True) as archive:
        assert query.count_articles(archive) == 1 + 300 + len(counts)
        [run] = query.list_runs(archive)
        assert run["new"] == 300


def test_a_long_read_does_not_block_the_writer(db_url: str) -> None:
    db_path = db_url
    with Archive.open(db_path) as archive:
        archive.store_batch([(make_article(n), FETCHED) for n in range(1, 6)], None)
    with Archive.open(db_path, readonly=True) as reader, Archive.open(db_path) as writer:
        with reader.reading():
            snapshot = query.count_articles(reader)
            started = time.monotonic()
            writer.store_batch([(make_article(n), FETCHED) for n in range(6, 11)], None)
            assert time.monotonic() - started < 5
            assert query.count_articles(reader) == snapshot == 5  # the reader keeps its snapshot
        assert query.count_articles(reader) == 10


STARTER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {repo!r})
    from newsharvest.store import Archive
    from tests.store.factory import make_article
    time.sleep(max(0.0, {start_at!r} - time.time()))  # every process opens at the same moment
    with Archive.open({db!r}) as archive:
        run = archive.begin_run("starter")
        archive.store_batch([(make_article({n}), "2024-05-01T00:00:00+00:00")], run)
    """
)


def test_processes_starting_together_on_an_empty_postgres_database_all_work(postgres_url: str) -> None:
    """Without the advisory lock around the migrations the losers fail on the catalog's unique
    indexes (duplicate key ... pg_type_typname_nsp_index)."""
    start_at = time.time() + 4  # after the interpreters have started and imported
    starters = [
        subprocess.Popen(
            [sys.executable, "-c", STARTER.format(repo=str(REPO), db=postgres_url, start_at=start_at, n=n)],
            stderr=subprocess.PIPE,
        )
        for n in (1, 2, 3)
    ]
    errors = [starter.communicate(timeout=120)[1].decode() for starter in starters]
    assert [starter.returncode for starter in starters] == [0, 0, 0], errors
    with Archive.open(postgres_url, readonly=True) as archive:
        assert query.count_articles(archive) == 3
        assert len(query.list_runs(archive)) == 3
    engine = create_engine(postgres_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    engine.dispose()


def test_writers_racing_on_one_new_article_both_succeed(db_url: str) -> None:
    """The second writer inserts an article the first has inserted but not committed: on
    PostgreSQL it waits, then fails on the unique key (SQLSTATE 23505), and the retry policy
    runs its batch again, which now finds the article (on SQLite the second waits for the
    write lock instead)."""
    article = make_article(1)
    with Archive.open(db_url) as first, Archive.open(db_url) as second:
        holding = threading.Event()

        def slow_writer() -> None:
            with first.atomic() as conn:
                BatchWriter(conn, None).store([(article, FETCHED)])
                holding.set()
                time.sleep(1.0)  # the row is written, not yet committed

        thread = threading.Thread(target=slow_writer)
        thread.start()
        assert holding.wait(30)
        outcomes = while_locked(lambda: second.store_batch([(article, FETCHED)], None), 3)
        thread.join()
        assert outcomes == ["unchanged"]
        assert query.count_articles(second) == 1


def test_a_writer_storing_an_article_of_a_known_host_does_not_wait_for_another_batch(
    postgres_archive_url: str,
) -> None:
    """Two crawlers' batches with articles of one host (copies under one canonical host): the
    host's row is known, so neither batch writes (and locks) it, and the second commits while
    the first is still open."""
    with Archive.open(postgres_archive_url) as first, Archive.open(postgres_archive_url) as second:
        first.store_batch([(make_article(1), FETCHED)], None)  # the host is known from now on
        stored: list[str] = []
        with first.atomic() as conn:
            BatchWriter(conn, None).store([(make_article(2), FETCHED)])  # not committed yet
            other = threading.Thread(
                target=lambda: stored.extend(second.store_batch([(make_article(3), FETCHED)]))
            )
            other.start()
            other.join(60)  # with the host's row locked by the first batch, it would still wait
            finished_first = not other.is_alive()
        other.join()
        assert finished_first
        assert stored == ["new"]
        assert query.count_articles(second) == 3
