"""Stories as copies keep coming: a copy bridging two parts of one story merges them, a roundup
carrying two stories does not (nor do chains of roundups), a revision that takes the bridge away
splits the story again, and two writers storing copies of one story at the same moment (on
PostgreSQL: side by side) make one story."""

from __future__ import annotations

import dataclasses
import threading
import time

import pytest

from newsharvest import query
from newsharvest.extract import Article, extract_article
from newsharvest.extract.signature import BANDS, DEFAULT_THRESHOLD, sign
from newsharvest.store import Archive
from newsharvest.store.retry import while_locked
from newsharvest.store.writer import BatchWriter
from tests.conftest import extraction_cases
from tests.store.test_store_linking import FETCHED, LATER, STORED, g20, stories, story_of


def ap_case(name: str) -> Article:
    [case] = [c for c in extraction_cases("apnews") if c.name == name]
    record = extract_article(case.page_bytes() or b"", case.url)
    assert isinstance(record, Article)
    return record


def same_event() -> Article:
    """AP's other story of the G-20 day (same place and names, another text): not a copy of G-20."""
    return ap_case("same-event-different-story")


def elsewhere(article: Article, site: str, slug: str, **changes: object) -> Article:
    url = f"https://www.{site}/news/{slug}"
    return dataclasses.replace(article, url=url, canonical_url=url, site_name=site, **changes)  # type: ignore[arg-type]


EDITORS_NOTE = (
    "Editor's note: This story was updated on Friday with comments from officials in Washington "
    "and Moscow, and with details of the ministers' schedule that the State Department released."
)


def ids(archive: Archive, *articles: Article) -> list[int]:
    return [query.get_article(archive, a.url)["id"] for a in articles]  # type: ignore[index]


def roundup_of(*articles: Article) -> Article:
    """A digest page carrying the bodies of `articles` one after another."""
    body = "\n\n".join(a.body for a in articles)
    return elsewhere(articles[0], "example-daily.com", "digest", body=body, agency=None, dateline=None)


def test_a_roundup_of_two_stories_joins_the_closer_and_leaves_them_apart(archive: Archive) -> None:
    g20_ap, g20_huffpost, other = g20("apnews"), g20("huffpost"), same_event()
    other_copy = elsewhere(other, "example-news.com", "g20-no-statement")
    archive.store_batch([(g20_ap, FETCHED), (g20_huffpost, FETCHED)])
    archive.store_batch([(other, LATER), (other_copy, LATER)])
    first, second = stories(archive)
    assert (first["copy_count"], second["copy_count"]) == (2, 2)  # two stories: the texts differ
    roundup = roundup_of(g20_ap, other)  # contains both texts whole
    assert archive.store_batch([(roundup, LATER)]) == ["new"]
    after = stories(archive)
    assert [s["id"] for s in after] == [first["id"], second["id"]]  # no merge
    assert [s["copy_count"] for s in after] == [3, 2]  # G-20's text is the larger part of the roundup
    assert after[0]["original_article_id"] == ids(archive, g20_ap)[0]
    assert story_of(archive)[roundup.url] == first["id"]
    assert story_of(archive)[other.url] == second["id"]


def test_roundups_do_not_chain_stories_together(archive: Archive) -> None:
    """Each roundup shares a text with the next: merging through them would fuse three stories."""
    g20_ap, other = g20("apnews"), same_event()
    third = ap_case("current-layout-two-authors")
    copies = [elsewhere(a, "example-news.com", f"copy-{n}") for n, a in enumerate((g20_ap, other, third))]
    archive.store_batch([(a, FETCHED) for a in (g20_ap, other, third, *copies)])
    assert [s["copy_count"] for s in stories(archive)] == [2, 2, 2]
    first = elsewhere(roundup_of(g20_ap, other), "example-daily.com", "digest-1")
    second = elsewhere(roundup_of(other, third), "example-weekly.com", "digest-2")
    assert archive.store_batch([(first, LATER), (second, LATER)]) == ["new", "new"]
    assert len(stories(archive)) == 3
    placed = story_of(archive)
    assert placed[g20_ap.url] != placed[other.url] != placed[third.url] != placed[g20_ap.url]


def test_a_roundup_inside_one_batch_joins_one_story(archive: Archive) -> None:
    g20_ap, other = g20("apnews"), same_event()
    roundup, other_copy = roundup_of(g20_ap, other), elsewhere(other, "example-news.com", "b")
    outcomes = archive.store_batch([(a, FETCHED) for a in (g20_ap, other, other_copy, roundup)])
    assert outcomes == ["new"] * 4
    assert [s["copy_count"] for s in stories(archive)] == [2, 2]
    placed = story_of(archive)
    assert placed[roundup.url] == placed[g20_ap.url] != placed[other.url] == placed[other_copy.url]


def test_a_copy_bridging_two_parts_of_one_story_merges_them_under_the_older(archive: Archive) -> None:
    """Copies of one text can sit in two stories (LSH missed the pair; here the second pair is
    stored at a stricter threshold): a copy of both that arrives later makes them one."""
    g20_ap, g20_huffpost = g20("apnews"), g20("huffpost")
    noted = elsewhere(g20_ap, "example-news.com", "g20-noted", body=EDITORS_NOTE + "\n\n" + g20_ap.body)
    archive.store_batch([(g20_ap, FETCHED), (g20_huffpost, FETCHED)])
    archive.link_threshold = 0.99
    archive.store_batch([(noted, FETCHED), (elsewhere(noted, "example-times.com", "g20"), FETCHED)])
    first, _ = stories(archive)
    archive.link_threshold = DEFAULT_THRESHOLD
    bridge = elsewhere(g20_huffpost, "example-daily.com", "g20")
    assert archive.store_batch([(bridge, LATER)]) == ["new"]
    [merged] = stories(archive)
    assert merged["id"] == first["id"]
    assert merged["copy_count"] == 5
    assert merged["original_article_id"] == ids(archive, g20_ap)[0]  # AP's own copy, as before
    assert merged["original_reason"] == "agency_site"
    assert merged["first_seen"] == STORED[FETCHED]
    assert set(story_of(archive).values()) == {first["id"]}


def test_a_revision_that_removes_the_bridge_splits_the_story(archive: Archive) -> None:
    """A roundup stored before the stories it carries holds them in one story (each joins it
    as its closest copy); once its page carries one of them only, the other leaves."""
    g20_ap, g20_huffpost, other = g20("apnews"), g20("huffpost"), same_event()
    other_copy = elsewhere(other, "example-news.com", "g20-no-statement")
    roundup = roundup_of(g20_ap, other)
    archive.store_batch([(roundup, FETCHED)])
    archive.store_batch([(a, LATER) for a in (g20_ap, g20_huffpost, other, other_copy)])
    [held] = stories(archive)
    assert held["copy_count"] == 5
    revised = dataclasses.replace(roundup, body=g20_ap.body + "\n\n" + EDITORS_NOTE)
    assert archive.store_batch([(revised, LATER)]) == ["updated"]
    kept, split = stories(archive)
    assert kept["id"] == held["id"]  # the roundup's story keeps its id, with the G-20 copies
    placed = story_of(archive)
    assert placed[roundup.url] == placed[g20_ap.url] == placed[g20_huffpost.url] == kept["id"]
    assert placed[other.url] == placed[other_copy.url] == split["id"]
    assert (kept["copy_count"], split["copy_count"]) == (3, 2)
    assert split["original_article_id"] == ids(archive, other)[0]
    assert split["first_seen"] == STORED[LATER]
    assert archive.store_batch([(roundup, LATER)]) == ["updated"]  # and back: no chain, no merge
    assert [s["copy_count"] for s in stories(archive)] == [3, 2]


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
    counts = query.table_counts(archive)
    assert counts["story_bands"] + counts["story_bands_recent"] == 2 * BANDS
