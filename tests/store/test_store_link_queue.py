"""Linking after the commit on PostgreSQL: a batch's articles are committed with their place in
the link queue, then linked in a transaction of its own under the writers' lock. Two writers
storing copies of one story at the same moment, sharing authors, tags and stored articles, end
with one story, every article stored once and nothing left queued; a crawler killed between
its two transactions (or inside the second) leaves its articles queued, and the next writer's
batch, or `newsharvest link`, links them."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from newsharvest import query
from newsharvest.extract import Article
from newsharvest.extract.record import Author
from newsharvest.store import Archive
from newsharvest.store import models as m
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

    if {where!r} == "between":  # its articles committed, its linking not begun
        Archive._link_queued = die
    else:  # inside the linking transaction: the queue emptied and the bands written, not committed
        linking.Linker._join = die
    with Archive.open({db!r}) as archive:
        archive.store_batch([(elsewhere(g20("huffpost"), "killed.example.com", "g20"), LATER)])
    """
)


@pytest.mark.parametrize("where", ["between", "inside"])
@pytest.mark.parametrize("next_writer", ["batch", "link"])
def test_a_crawler_killed_before_its_linking_commits_leaves_its_articles_to_the_next(
    postgres_archive_url: str, where: str, next_writer: str
) -> None:
    original = g20("apnews")
    with Archive.open(postgres_archive_url) as archive:
        archive.store_batch([(original, FETCHED)])
    killed = subprocess.run(
        [sys.executable, "-c", KILLED.format(repo=str(REPO), db=postgres_archive_url, where=where)],
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
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
