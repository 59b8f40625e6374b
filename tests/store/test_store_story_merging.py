"""Stories as copies keep coming: an article bridging two stories merges them, and two writers
storing copies of one story at the same moment (on PostgreSQL: side by side) make one story."""

from __future__ import annotations

import dataclasses
import threading
import time

import pytest

from newsharvest import query
from newsharvest.extract import Article, extract_article
from newsharvest.extract.signature import sign
from newsharvest.store import Archive
from newsharvest.store.retry import while_locked
from newsharvest.store.writer import BatchWriter
from tests.conftest import extraction_cases
from tests.store.test_store_linking import FETCHED, LATER, g20, stories, story_of


def same_event() -> Article:
    """AP's other story of the G-20 day (same place and names, another text): not a copy of G-20."""
    [case] = [c for c in extraction_cases("apnews") if c.name == "same-event-different-story"]
    record = extract_article(case.page_bytes() or b"", case.url)
    assert isinstance(record, Article)
    return record


def elsewhere(article: Article, site: str, slug: str, **changes: object) -> Article:
    url = f"https://www.{site}/news/{slug}"
    return dataclasses.replace(article, url=url, canonical_url=url, site_name=site, **changes)  # type: ignore[arg-type]


def ids(archive: Archive, *articles: Article) -> list[int]:
    return [query.get_article(archive, a.url)["id"] for a in articles]  # type: ignore[index]


def test_an_article_bridging_two_stories_merges_them_under_the_older(archive: Archive) -> None:
    g20_ap, g20_huffpost, other = g20("apnews"), g20("huffpost"), same_event()
    other_copy = elsewhere(other, "example-news.com", "g20-no-statement")
    archive.store_batch([(g20_ap, FETCHED), (g20_huffpost, FETCHED)])
    archive.store_batch([(other, LATER), (other_copy, LATER)])
    first, second = stories(archive)
    assert (first["copy_count"], second["copy_count"]) == (2, 2)  # two stories: the texts differ
    roundup = elsewhere(
        g20_huffpost, "example-daily.com", "g20-day", body=g20_ap.body + "\n\n" + other.body, agency=None
    )
    assert archive.store_batch([(roundup, LATER)]) == ["new"]
    [merged] = stories(archive)
    assert merged["id"] == first["id"]
    assert merged["copy_count"] == 5
    assert merged["original_article_id"] == ids(archive, g20_ap)[0]  # AP's own copy, as before
    assert merged["original_reason"] == "agency_site"
    assert merged["first_seen"] == FETCHED
    assert set(story_of(archive).values()) == {first["id"]}


def test_a_bridge_inside_one_batch_makes_one_story(archive: Archive) -> None:
    g20_ap, other = g20("apnews"), same_event()
    roundup = elsewhere(g20_ap, "example-daily.com", "g20-day", body=g20_ap.body + "\n\n" + other.body)
    outcomes = archive.store_batch(
        [(g20_ap, FETCHED), (other, FETCHED), (elsewhere(other, "example-news.com", "b"), FETCHED),
         (roundup, FETCHED)]
    )  # fmt: skip
    assert outcomes == ["new"] * 4
    [story] = stories(archive)
    assert story["copy_count"] == 4
    assert set(story_of(archive).values()) == {story["id"]}


def _race(archive_url: str, first: list[Article], second: list[Article]) -> None:
    """`first` written by one writer, whose transaction stays open a second after writing;
    meanwhile another writer stores `second` (retried as a crawler would). The second's
    articles share no author or tag with the first's: the upsert of a shared row would make
    it wait for the first to commit anyway."""
    second = [dataclasses.replace(a, authors=[], tags=[]) for a in second]
    with Archive.open(archive_url) as one, Archive.open(archive_url) as other:
        holding = threading.Event()

        def slow_writer() -> None:
            with one.atomic() as conn:
                writer = BatchWriter(conn, None, link_threshold=one.link_threshold)
                writer.store([(a, FETCHED) for a in first])
                holding.set()
                time.sleep(1.0)  # its rows are written, not yet committed

        thread = threading.Thread(target=slow_writer)
        thread.start()
        assert holding.wait(30)
        outcomes = while_locked(lambda: other.store_batch([(a, FETCHED) for a in second]), 3)
        thread.join()
        assert outcomes == ["new"] * len(second)


def test_two_writers_storing_copies_of_a_stored_story_at_once_make_one_story(db_url: str) -> None:
    """On PostgreSQL each writer, not seeing the other's uncommitted link, would start a story
    of its own with the stored original, and the later one would take the original away."""
    original = g20("apnews")
    copies = [elsewhere(g20("huffpost"), f"example-{n}.com", "g20") for n in (1, 2)]
    with Archive.open(db_url) as archive:
        archive.store_batch([(original, FETCHED)])
    _race(db_url, [copies[0]], [copies[1]])
    with Archive.open(db_url) as archive:
        [story] = stories(archive)
        assert story["copy_count"] == 3
        assert story["original_article_id"] == ids(archive, original)[0]
        assert set(story_of(archive).values()) == {story["id"]}


def test_two_writers_storing_the_first_two_copies_at_once_link_them(db_url: str) -> None:
    """On PostgreSQL neither writer would see the other's copy: both would stay unlinked."""
    ap, huffpost = g20("apnews"), g20("huffpost")
    _race(db_url, [ap], [huffpost])
    with Archive.open(db_url) as archive:
        [story] = stories(archive)
        assert story["copy_count"] == 2
        assert story["original_article_id"] == ids(archive, ap)[0]


def test_signed_articles_are_linked_with_the_signature_extraction_made(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_here(body: str) -> None:
        raise AssertionError("the store signed a body extraction had signed")

    monkeypatch.setattr("newsharvest.store.writer.signature", not_here)
    ap, huffpost = sign(g20("apnews")), sign(g20("huffpost"))
    assert archive.store_batch([(ap, FETCHED), (huffpost, LATER)]) == ["new", "new"]
    [story] = stories(archive)
    assert story["copy_count"] == 2
    assert query.table_counts(archive)["story_bands"] == 2 * 32
