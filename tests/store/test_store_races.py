"""Races between two writers on PostgreSQL, staged step by step: a real deadlock (40P01) and a
real serialization failure (40001) between two connections, each retried by the retry policy
every archive writer uses (`store/retry.py`) and ending with every row stored once; an error
that is no race fails at once.

A third session stages each race: it holds a row lock that stops one writer at a known
statement, the test waits until PostgreSQL shows the other writer waiting on a lock too
(`pg_stat_activity`), then lets go."""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from newsharvest import query
from newsharvest.extract.record import Article, Rejection
from newsharvest.reasons import Reason
from newsharvest.store import Archive
from newsharvest.store import models as m
from newsharvest.store.linking import LINK_LOCK
from newsharvest.store.retry import while_locked
from newsharvest.store.writer import BatchWriter
from newsharvest.warc.rerun import Rerun
from tests.store.test_store_link_queue import queued
from tests.store.test_store_linking import FETCHED, LATER, g20, stories, story_of
from tests.store.test_store_story_merging import EDITORS_NOTE, elsewhere, ids
from tests.warc.test_rerun_signing import job_of

RETRIES = 3
LAST = "2024-05-03T12:00:00+00:00"
STORED_LAST = "2024-05-03T12:00:00Z"


class Writer(threading.Thread):
    """`write()` in a thread of its own, through the retry policy; its result or error kept."""

    def __init__(self, write: Callable[[], Any]) -> None:
        super().__init__()
        self.write = write
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = while_locked(self.write, RETRIES)
        except BaseException as error:
            self.error = error

    def outcome(self) -> Any:
        self.join(60)
        assert not self.is_alive()
        if self.error is not None:
            raise self.error
        return self.result


@contextmanager
def stage(url: str) -> Iterator[Connection]:
    """The third session: a transaction of its own, rolled back at the end."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            yield conn
            conn.rollback()
    finally:
        engine.dispose()


def wait_for_waiting(conn: Connection, count: int) -> None:
    """Return once `count` sessions of this database wait on a lock (polling PostgreSQL's view
    of its sessions: each state it reports has been reached)."""
    deadline = time.monotonic() + 60
    sessions = text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    while True:
        with conn.engine.connect() as observer:
            waiting = observer.execute(sessions).scalar()
        if waiting == count:
            return
        assert time.monotonic() < deadline, f"{waiting} sessions waiting on a lock, not {count}"
        time.sleep(0.02)


def hold_run(conn: Connection, run_id: int) -> None:
    """Lock a crawl run's row: its writer stops at the batch's count of outcomes, after its
    articles are written and before it links them."""
    conn.execute(select(m.crawl_runs.c.id).where(m.crawl_runs.c.id == run_id).with_for_update())


def logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What the archive's code logged (not the driver's notes on connections it closes)."""
    return [r.getMessage() for r in caplog.records if r.name.startswith("newsharvest")]


def retries(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [message for message in logged(caplog) if message.startswith("Archive busy")]


def test_a_deadlock_between_a_writers_linking_and_another_writers_batch_is_retried(
    postgres_archive_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Writer A stores a new copy of a stored story and links it last in its transaction, which
    updates the stored article's row; writer B, at the same moment, stores that article again
    (its row updated, `last_seen`) and the same copy (its insert waits for A's). A waits for B's
    row, B for A's insert: PostgreSQL breaks the deadlock (40P01), the loser's batch runs again
    and finds the winner's rows. Every article, revision and story is stored once."""
    original = g20("apnews")
    copy = elsewhere(g20("huffpost"), "copy.example.com", "g20")
    with Archive.open(postgres_archive_url) as a, Archive.open(postgres_archive_url) as b:
        assert a.store_batch([(original, FETCHED)]) == ["new"]
        run_a, run_b = a.begin_run("a"), b.begin_run("b")
        with caplog.at_level(logging.WARNING), stage(postgres_archive_url) as third:
            hold_run(third, run_a)
            writer_a = Writer(lambda: a.store_batch([(copy, LATER)], run_a))
            writer_a.start()
            wait_for_waiting(third, 1)  # A: the copy inserted, stopped before linking it
            writer_b = Writer(lambda: b.store_batch([(original, LATER), (copy, LATER)], run_b))
            writer_b.start()
            wait_for_waiting(third, 2)  # B: the original's row updated, waiting for A's copy
            third.rollback()  # A links: waits for B's row, while B waits for A
            outcomes = writer_a.outcome() + writer_b.outcome()
        assert retries(caplog) == ["Archive busy (SQLSTATE 40P01); archive writer retrying in 0.5s"]
        assert sorted(outcomes) == ["new", "unchanged", "unchanged"]
        assert query.count_articles(a) == 2
        [story] = stories(a)
        assert story["copy_count"] == 2
        assert set(story_of(a).values()) == {story["id"]}
        assert queued(a) == 0
        with a.reading() as conn:
            assert conn.execute(select(func.count()).select_from(m.revisions)).scalar() == 2
            counted = conn.execute(select(func.sum(m.crawl_runs.c.new), func.sum(m.crawl_runs.c.unchanged)))
            assert tuple(counted.one()) == (1, 2)  # the lost batch's counts rolled back with it


def store_queued_copy(a: Archive, url: str, original: Article, copy: Article) -> int:
    """`original` stored, then `copy` stored by `a` while another session holds the linking
    lock (`url`'s database): committed and queued for linking; the copy's id."""
    assert a.store_batch([(original, FETCHED)]) == ["new"]
    with stage(url) as holder:
        holder.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LINK_LOCK})
        assert a.store_batch([(copy, FETCHED)], link_later=True) == ["new"]
    return ids(a, copy)[0]


def hold_signature(third: Connection, article_id: int) -> None:
    """An uncommitted signature row of `article_id` in the session `third`: a linking that
    signs the article waits for it, with the article taken from the queue."""
    third.execute(insert(m.article_signatures).values(article_id=article_id, shingles=0, signature=b""))


def test_a_deadlock_between_linking_after_the_commit_and_another_writers_batch_is_retried(
    postgres_archive_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Writer A's copy was committed queued (another writer held the lock); A links it in a
    transaction of its own, which takes the copy from the queue, then updates the stored
    story's rows. Writer B, at the same moment, stores the original again (its row updated)
    and a revision of the copy, and queues the copy's new text: that waits for A's taking of
    it, while A's linking waits for B's rows. PostgreSQL breaks the deadlock (40P01) and the
    loser runs again (B's batch by the writer's retry policy, A's linking by its own): one
    story of the two, the copy at its second revision, nothing queued."""
    original = g20("apnews")
    copy = elsewhere(g20("huffpost"), "copy.example.com", "g20")
    revised = dataclasses.replace(copy, body=f"{copy.body}\n\n{EDITORS_NOTE}")
    with Archive.open(postgres_archive_url) as a, Archive.open(postgres_archive_url) as b:
        copy_id = store_queued_copy(a, postgres_archive_url, original, copy)
        run_b = b.begin_run("b")
        with caplog.at_level(logging.WARNING), stage(postgres_archive_url) as third:
            hold_signature(third, copy_id)
            linking = threading.Thread(target=a.finish_batches)  # never raises: it logs
            linking.start()
            wait_for_waiting(third, 1)  # A: the copy taken from the queue, about to sign it
            writer_b = Writer(lambda: b.store_batch([(original, LATER), (revised, LATER)], run_b))
            writer_b.start()
            wait_for_waiting(third, 2)  # B: both rows updated, queueing the copy's new text
            third.rollback()  # A signs the copy and places both articles in a story
            assert writer_b.outcome() == ["unchanged", "updated"]
            linking.join(60)
        [retry] = logged(caplog)  # nothing left queued, no other failure
        assert retry.startswith("Archive busy (SQLSTATE 40P01); ")
        assert query.count_articles(a) == 2
        [story] = stories(a)
        assert story["copy_count"] == 2
        assert set(story_of(a).values()) == {story["id"]}
        assert queued(a) == 0
        stored = query.get_article(a, copy.url)
        assert stored is not None and stored["body"] == revised.body and stored["revision_count"] == 2


def repeatable_read(url: str) -> str:
    """`url` with every transaction of its sessions at REPEATABLE READ (as a server or a URL may
    set it): a write that meets a row another transaction changed after its snapshot fails with
    a serialization failure (40001) where READ COMMITTED would wait and go on."""
    options = {"options": r"-c default_transaction_isolation=repeatable\ read"}
    return make_url(url).update_query_dict(options).render_as_string(hide_password=False)


def test_a_serialization_failure_between_two_writers_is_retried(
    postgres_archive_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Both writers store the same stored article again; B's snapshot is older than A's commit
    of the article's row, so B's update of the row fails (40001) once A commits, and B's batch
    runs again on a new snapshot."""
    article = g20("apnews")
    url = repeatable_read(postgres_archive_url)
    with Archive.open(url) as a, Archive.open(url) as b:
        with a.reading() as conn:
            level = conn.execute(text("SHOW default_transaction_isolation")).scalar()
        assert level == "repeatable read"
        assert a.store_batch([(article, FETCHED)]) == ["new"]
        run_a, run_b = a.begin_run("a"), b.begin_run("b")
        with caplog.at_level(logging.WARNING), stage(postgres_archive_url) as third:
            hold_run(third, run_a)
            writer_a = Writer(lambda: a.store_batch([(article, LATER)], run_a))
            writer_a.start()
            wait_for_waiting(third, 1)  # A: the article's row updated, not committed
            writer_b = Writer(lambda: b.store_batch([(article, LAST)], run_b))
            writer_b.start()
            wait_for_waiting(third, 2)  # B: its snapshot taken, waiting for the row
            third.rollback()
            assert writer_a.outcome() == ["unchanged"]
            assert writer_b.outcome() == ["unchanged"]
        assert retries(caplog) == ["Archive busy (SQLSTATE 40001); archive writer retrying in 0.5s"]
        assert query.count_articles(a) == 1
        stored = query.get_article(a, article.url)
        assert stored is not None and stored["last_seen"] == STORED_LAST
        with a.reading() as conn:
            assert conn.execute(select(func.count()).select_from(m.revisions)).scalar() == 1
            counted = conn.execute(select(m.crawl_runs.c.unchanged).order_by(m.crawl_runs.c.id))
            assert list(counted.scalars()) == [1, 1]


@pytest.mark.parametrize("linker", ["its writer after the commit", "newsharvest link"])
def test_a_serialization_failure_of_linking_after_the_commit_is_retried(
    postgres_archive_url: str, caplog: pytest.LogCaptureFixture, linker: str
) -> None:
    """A's queued copy is linked in a transaction of its own, by A's writer after the commit
    (`finish_batches`) or by `newsharvest link` (`link_stored`); before that transaction
    places the stored original in their story, writer B stores the original again and
    commits. The update of the original's row fails (40001), and the linking runs again,
    which finds the copy still queued and links it."""
    original = g20("apnews")
    copy = elsewhere(g20("huffpost"), "copy.example.com", "g20")
    url = repeatable_read(postgres_archive_url)
    with Archive.open(url) as a, Archive.open(url) as b:
        copy_id = store_queued_copy(a, postgres_archive_url, original, copy)
        with caplog.at_level(logging.WARNING), stage(postgres_archive_url) as third:
            hold_signature(third, copy_id)
            link = a.finish_batches if linker == "its writer after the commit" else a.link_stored
            linking = threading.Thread(target=link)
            linking.start()
            wait_for_waiting(third, 1)  # A: its snapshot taken, the copy taken from the queue
            # the original's row (B links nothing: A holds the linking lock)
            assert b.store_batch([(original, LATER)], link_later=True) == ["unchanged"]
            third.rollback()
            linking.join(60)
        assert logged(caplog) == ["Archive busy (SQLSTATE 40001); linking retrying in 0.5s"]
        [story] = stories(a)
        assert story["copy_count"] == 2
        assert set(story_of(a).values()) == {story["id"]}
        assert queued(a) == 0


def test_a_reextract_batch_that_loses_a_race_with_a_crawl_is_retried(
    postgres_archive_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """`newsharvest reextract` and `import-warc` store their batches as a crawl does: a crawl's
    batch inserts the article the rerun extracts and commits while the rerun's insert waits for
    it; the rerun's batch fails on the unique key (23505), runs again and finds it stored."""
    finished = threading.Event()
    with Archive.open(postgres_archive_url) as crawl, Archive.open(postgres_archive_url) as rerun_archive:
        rerun = Rerun(rerun_archive, rerun_archive.begin_run("reextract"), workers=0)

        def reextract() -> None:
            rerun.run([job_of("huffpost", 0)])
            finished.set()  # not when the run raised

        with caplog.at_level(logging.WARNING), crawl.atomic() as conn:
            BatchWriter(conn, None).store([(g20("huffpost"), FETCHED)])
            running = threading.Thread(target=reextract)
            running.start()
            wait_for_waiting(conn, 1)  # the rerun's insert waits for the crawl's
        running.join(60)
        assert finished.is_set()
        assert retries(caplog) == ["Archive busy (SQLSTATE 23505); rerun retrying in 0.5s"]
        assert query.count_articles(crawl) == 1
        with crawl.reading() as conn:
            assert conn.execute(select(func.count()).select_from(m.revisions)).scalar() == 1
            assert conn.execute(select(m.crawl_runs.c.unchanged)).scalar() == 1
            assert conn.execute(select(func.count()).select_from(m.captures)).scalar() == 1


def test_an_error_that_is_no_race_is_not_retried(
    postgres_archive_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A batch naming a crawl run the archive does not have fails on the foreign key (23503)
    at its first try, and nothing of it is stored."""
    tries = 0
    rejection = Rejection(url="https://www.huffpost.com/entry/gone", reason=Reason.NOT_ARTICLE, detail="")

    def write() -> list[str]:
        nonlocal tries
        tries += 1
        return archive.store_batch([(rejection, FETCHED)], 999)

    with Archive.open(postgres_archive_url) as archive, caplog.at_level(logging.WARNING):
        with pytest.raises(IntegrityError) as failed:
            while_locked(write, RETRIES)
        assert failed.value.orig is not None and getattr(failed.value.orig, "sqlstate", None) == "23503"
        assert tries == 1
        assert retries(caplog) == []
        assert archive.frontier_entry(rejection.url) is None
