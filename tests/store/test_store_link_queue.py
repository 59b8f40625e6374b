"""Linking on PostgreSQL: a writer links its batch last in its storing transaction when no other
writer holds the linking lock, else commits the articles with their place in the link queue
and links them in a transaction of its own that waits for the lock first. Two writers storing
copies of one story at the same moment, sharing authors, tags and stored articles, end with one
story, every article stored once and nothing left queued; a crawler killed between its two
transactions (or inside the second) leaves its articles queued, and the next writer's batch,
or `newsharvest link`, links them; killed while linking in its storing transaction, it leaves
nothing."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from newsharvest import query
from newsharvest.extract import Article
from newsharvest.extract.record import Author
from newsharvest.store import Archive
from newsharvest.store import models as m
from newsharvest.store.linking import LINK_LOCK
from tests.store.test_store_linking import FETCHED, LATER, g20, stories, story_of
from tests.store.test_store_story_merging import elsewhere, ids

REPO = Path(__file__).resolve().parents[2]
ROUNDS = 8


def queued(archive: Archive) -> int:
    with archive.reading() as conn:
        return int(conn.execute(select(func.count()).select_from(m.link_queue)).scalar() or 0)


def copy_at(site: str, authors: list[Author], tags: list[str]) -> Article:
    return elsewhere(g20("huffpost"), site, "g20", authors=authors, tags=tags)


def test_two_writers_storing_copies_at_the_same_moment_make_one_story(
    postgres_archive_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Each round both writers store, at once, a copy of the story on a site of their own
    (with the same new author and tag: shared rows both upsert) and again the copies stored
    in earlier rounds (unchanged: their rows' `last_seen` moves, rows the other writer's
    linking updates). Deadlocks PostgreSQL breaks are retried; none fails a batch."""
    original = g20("apnews")
    with Archive.open(postgres_archive_url) as archive:
        assert archive.store_batch([(original, FETCHED)]) == ["new"]
    start = threading.Barrier(2, timeout=60)
    outcomes: dict[str, list[list[str]]] = {"a": [], "b": []}
    failures: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            with Archive.open(postgres_archive_url) as archive:
                stored: list[Article] = []
                for n in range(ROUNDS):
                    people = [Author(f"Wire Desk {n}"), Author("Reporter")]
                    copy = copy_at(f"{name}{n}.example.com", people, [f"round {n}", "g20"])
                    batch = [(a, LATER) for a in [*stored, copy]]
                    start.wait()
                    outcomes[name].append(archive.store_batch(batch))
                    stored.append(copy)
        except BaseException as error:
            failures.append(error)
            start.abort()

    with caplog.at_level(logging.WARNING):
        threads = [threading.Thread(target=writer, args=(name,)) for name in ("a", "b")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []
    for name in ("a", "b"):
        assert outcomes[name] == [["unchanged"] * n + ["new"] for n in range(ROUNDS)]
    assert not [r for r in caplog.records if "left queued" in r.getMessage()]
    with Archive.open(postgres_archive_url) as archive:
        [story] = stories(archive)
        assert story["copy_count"] == 1 + 2 * ROUNDS
        assert story["original_article_id"] == ids(archive, original)[0]
        assert set(story_of(archive).values()) == {story["id"]}
        assert query.count_articles(archive) == 1 + 2 * ROUNDS
        assert queued(archive) == 0
        with archive.reading() as conn:
            authors = [name for (name,) in conn.execute(select(m.authors.c.name))]
        made = ["Reporter", *(f"Wire Desk {n}" for n in range(ROUNDS))]
        assert sorted(authors) == sorted([*(a.name for a in original.authors), *made])  # each once


KILLED = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {repo!r})
    from newsharvest.store import Archive, linking
    from tests.store.test_store_linking import LATER, g20
    from tests.store.test_store_story_merging import elsewhere

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    if {where!r} == "between":  # its articles committed and queued, its linking not begun
        Archive._link_queued = die
    else:  # while linking, in whichever transaction links
        linking.Linker._join = die
    with Archive.open({db!r}) as archive:
        archive.store_batch([(elsewhere(g20("huffpost"), "killed.example.com", "g20"), LATER)])
    """
)


def kill_while_storing(url: str, where: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", KILLED.format(repo=str(REPO), db=url, where=where)], stderr=subprocess.PIPE
    )


@pytest.mark.parametrize("where", ["between", "inside"])
@pytest.mark.parametrize("next_writer", ["batch", "link"])
def test_a_crawler_killed_before_its_linking_commits_leaves_its_articles_to_the_next(
    postgres_archive_url: str, where: str, next_writer: str
) -> None:
    """Another writer is linking (this test holds the lock), so the crawler queues its copy and
    links it after its commit: killed before that transaction ("between"), or inside it once
    the lock is free ("inside", rolled back), its copy is stored, queued and not linked."""
    original = g20("apnews")
    with Archive.open(postgres_archive_url) as archive:
        archive.store_batch([(original, FETCHED)])
    holder = create_engine(postgres_archive_url)
    with holder.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LINK_LOCK})
        killed = kill_while_storing(postgres_archive_url, where)
        with Archive.open(postgres_archive_url) as archive:
            deadline = time.monotonic() + 60
            while queued(archive) == 0 and killed.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)  # its storing transaction has committed, with the copy queued
        conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LINK_LOCK})
        conn.commit()
    holder.dispose()
    _, errors = killed.communicate(timeout=120)
    assert killed.returncode == -signal.SIGKILL, errors.decode()
    copy_url = "https://www.killed.example.com/news/g20"
    with Archive.open(postgres_archive_url) as archive:
        assert query.count_articles(archive) == 2  # stored: its transaction committed
        assert stories(archive) == []  # not linked
        assert queued(archive) == 1
        if next_writer == "batch":  # the next crawl's first batch, here an unrelated article
            other = elsewhere(g20("apnews"), "other.example.org", "a", body="An unrelated story.")
            assert archive.store_batch([(other, LATER)]) == ["new"]
        else:
            archive.link_stored()
        [story] = stories(archive)
        assert story["copy_count"] == 2
        assert story_of(archive)[copy_url] == story["id"]
        assert queued(archive) == 0


def test_a_crawler_killed_while_linking_in_its_storing_transaction_stored_nothing(
    postgres_archive_url: str,
) -> None:
    """No other writer is linking: the crawler links in its storing transaction, and killed
    there it leaves nothing (its address stays unfinished in the frontier, fetched again)."""
    with Archive.open(postgres_archive_url) as archive:
        archive.store_batch([(g20("apnews"), FETCHED)])
    killed = kill_while_storing(postgres_archive_url, "inside")
    _, errors = killed.communicate(timeout=120)
    assert killed.returncode == -signal.SIGKILL, errors.decode()
    with Archive.open(postgres_archive_url) as archive:
        assert query.count_articles(archive) == 1
        assert queued(archive) == 0
        assert stories(archive) == []


def test_a_writer_that_finds_the_lock_held_links_after_its_commit(postgres_archive_url: str) -> None:
    """The copy is committed and queued while another writer (this test) holds the lock; its
    writer links it in a transaction of its own as soon as the lock is free."""
    with Archive.open(postgres_archive_url) as archive:
        archive.store_batch([(g20("apnews"), FETCHED)])
    copy = elsewhere(g20("huffpost"), "queued.example.com", "g20")
    outcomes: list[list[str]] = []
    holder = create_engine(postgres_archive_url)
    with holder.connect() as conn, Archive.open(postgres_archive_url) as writer:
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LINK_LOCK})
        thread = threading.Thread(target=lambda: outcomes.append(writer.store_batch([(copy, LATER)])))
        thread.start()
        with Archive.open(postgres_archive_url) as reader:
            deadline = time.monotonic() + 60
            while queued(reader) == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert query.count_articles(reader) == 2 and stories(reader) == []  # stored, not linked
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LINK_LOCK})
            conn.commit()
            thread.join(60)
            assert outcomes == [["new"]]
            [story] = stories(reader)
            assert story["copy_count"] == 2
            assert queued(reader) == 0
    holder.dispose()


def test_articles_another_writer_linked_after_their_commit_are_not_linked_again(
    postgres_archive_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A crawl's writer commits its copy queued (the lock was held) and links after handing its
    outcomes on (`finish_batches`); another writer's batch has taken the queue and linked the
    copy in between. The first writer's linking finds nothing left to do: it does not sign the
    copy a second time (a unique violation that no retry could get past)."""
    copy = elsewhere(g20("huffpost"), "queued.example.com", "g20")
    holder = create_engine(postgres_archive_url)
    with Archive.open(postgres_archive_url) as first, Archive.open(postgres_archive_url) as other:
        first.store_batch([(g20("apnews"), FETCHED)])
        with holder.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LINK_LOCK})
            assert first.store_batch([(copy, LATER)], link_later=True) == ["new"]
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LINK_LOCK})
            conn.commit()
        holder.dispose()
        assert queued(first) == 1
        unrelated = elsewhere(g20("apnews"), "other.example.org", "a", body="An unrelated story.")
        assert other.store_batch([(unrelated, LATER)]) == ["new"]  # links the queue, the copy too
        assert queued(first) == 0
        with caplog.at_level(logging.WARNING):
            first.finish_batches()
        assert [r.getMessage() for r in caplog.records if r.name.startswith("newsharvest")] == []
        [story] = stories(first)
        assert story["copy_count"] == 2
        assert story_of(first)["https://www.queued.example.com/news/g20"] == story["id"]
