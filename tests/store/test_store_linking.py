"""Wire copies linked at store time: the G-20 pair, trimmed copies, same-event stories,
re-crawls, revisions and archives that predate linking."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import select

from newsharvest import query
from newsharvest.extract import Article, extract_article
from newsharvest.extract.signature import BANDS, signature
from newsharvest.store import Archive, bands
from newsharvest.store import models as m
from tests.conftest import extraction_cases

OTHER_URL = "https://www.example-news.com/world/g20-no-statement"
FETCHED = "2024-05-01T12:00:00+00:00"
LATER = "2024-05-02T12:00:00+00:00"
STORED = {FETCHED: "2024-05-01T12:00:00Z", LATER: "2024-05-02T12:00:00Z"}
"""Each time as the store keeps it (UTC, whole seconds, ``Z``)."""


def g20(site: str) -> Article:
    """The G-20 story as the site's replica page extracts."""
    [case] = [c for c in extraction_cases(site) if c.name == "g20-wire-story"]
    record = extract_article(case.page_bytes() or b"", case.url)
    assert isinstance(record, Article)
    return record


def stories(archive: Archive) -> list[dict[str, object]]:
    with archive.reading() as conn:
        return [dict(r) for r in conn.execute(select(m.stories).order_by(m.stories.c.id)).mappings()]


def story_of(archive: Archive) -> dict[str, int | None]:
    a = m.articles
    with archive.reading() as conn:
        return {url: story for url, story in conn.execute(select(a.c.url, a.c.story_id))}


def paragraphs(article: Article) -> list[str]:
    return article.body.split("\n\n")


def test_g20_pair_is_one_story_with_aps_copy_as_original(archive: Archive) -> None:
    huffpost, ap = g20("huffpost"), g20("apnews")
    assert archive.store_batch([(huffpost, FETCHED)]) == ["new"]  # the copy is seen first
    assert archive.store_batch([(ap, LATER)]) == ["new"]
    [story] = stories(archive)
    ap_id = query.get_article(archive, ap.url)["id"]  # type: ignore[index]
    assert story["copy_count"] == 2
    assert story["original_article_id"] == ap_id
    assert story["original_reason"] == "agency_site"
    assert story["first_seen"] == STORED[FETCHED]
    assert set(story_of(archive).values()) == {story["id"]}


def test_without_the_agency_copy_the_earliest_publication_is_the_original(archive: Archive) -> None:
    huffpost = g20("huffpost")
    reprint = dataclasses.replace(
        huffpost,
        url="https://www.example-news.com/world/blinken-lavrov",
        canonical_url="https://www.example-news.com/world/blinken-lavrov",
        date_published="2023-03-02T15:00:00+00:00",
    )
    archive.store_batch([(reprint, FETCHED), (huffpost, LATER)])
    [story] = stories(archive)
    assert story["original_article_id"] == query.get_article(archive, huffpost.url)["id"]  # type: ignore[index]
    assert story["original_reason"] == "earliest_published"


def test_a_copy_trimmed_to_its_first_60_percent_links(archive: Archive) -> None:
    ap = g20("apnews")
    kept = paragraphs(ap)[: max(1, round(len(paragraphs(ap)) * 0.6))]
    trimmed = dataclasses.replace(
        ap,
        url="https://www.example-news.com/a/g20-trimmed",
        canonical_url="https://www.example-news.com/a/g20-trimmed",
        headline="Blinken and Lavrov talk for 10 minutes in New Delhi",
        body="\n\n".join(kept),
    )
    archive.store_batch([(ap, FETCHED), (trimmed, FETCHED)])
    [story] = stories(archive)
    assert story["copy_count"] == 2
    assert story["original_reason"] == "agency_site"


SAME_EVENT = "\n\n".join(
    (
        "NEW DELHI (AP) — Foreign ministers of the Group of 20 nations ended their meeting in New Delhi "
        "on Thursday without a joint statement, as Russia and China objected to language about the war in"
        " Ukraine.",
        "India's External Affairs Minister Subrahmanyam Jaishankar said the divisions over the conflict "
        "could not be bridged, and that a chair's summary would be issued instead.",
        "U.S. Secretary of State Antony Blinken told reporters that Russia's war had made it impossible "
        "for the group to reach consensus, and he urged Russian Foreign Minister Sergey Lavrov's "
        "government to return to the New START treaty.",
        "The meeting in New Delhi was the latest in a series of international gatherings this year "
        "overshadowed by the fighting in Ukraine and its effect on food and energy prices.",
    )
)
"""Another AP story of the same day and place, naming the same people: not a copy."""


def test_two_different_stories_on_the_same_event_do_not_link(archive: Archive) -> None:
    ap = g20("apnews")
    other = dataclasses.replace(
        ap,
        url="https://apnews.com/article/g20-no-joint-statement-0123456789abcdef",
        canonical_url="https://apnews.com/article/g20-no-joint-statement-0123456789abcdef",
        headline="G-20 ministers end New Delhi meeting without joint statement",
        body=SAME_EVENT,
    )
    archive.store_batch([(ap, FETCHED), (other, FETCHED)])
    assert stories(archive) == []
    assert set(story_of(archive).values()) == {None}


def test_recrawling_adds_no_duplicate_links(archive: Archive) -> None:
    huffpost, ap = g20("huffpost"), g20("apnews")
    archive.store_batch([(huffpost, FETCHED), (ap, FETCHED)])
    before = query.table_counts(archive)
    assert archive.store_batch([(huffpost, LATER), (ap, LATER)]) == ["unchanged", "unchanged"]
    after = query.table_counts(archive)
    assert after == before
    assert after["stories"] == 1
    assert after["story_bands"] + after["story_bands_recent"] == 2 * BANDS


def test_a_revision_relinks(archive: Archive) -> None:
    huffpost, ap = g20("huffpost"), g20("apnews")
    archive.store_batch([(huffpost, FETCHED), (ap, FETCHED)])
    assert len(stories(archive)) == 1
    rewritten = dataclasses.replace(huffpost, body=SAME_EVENT)  # HuffPost swaps in another story
    assert archive.store_batch([(rewritten, LATER)]) == ["updated"]
    assert stories(archive) == []
    assert set(story_of(archive).values()) == {None}
    assert archive.store_batch([(huffpost, LATER)]) == ["updated"]  # and back
    [story] = stories(archive)
    assert story["copy_count"] == 2


def test_an_archive_from_before_linking_is_linked_by_link_stored(db_path: Path) -> None:
    huffpost, ap = g20("huffpost"), g20("apnews")
    with Archive.open(db_path) as archive:
        archive.link_threshold = None  # stored the way an older newsharvest did
        archive.store_batch([(huffpost, FETCHED), (ap, FETCHED)])
        assert stories(archive) == []
        assert archive.unlinked_count() == 2
    with Archive.open(db_path) as archive:
        progress: list[int] = []
        assert archive.link_stored(progress=progress.append) == 2
        assert progress == [2]
        assert archive.unlinked_count() == 0
        [story] = stories(archive)
        assert story["original_article_id"] == query.get_article(archive, ap.url)["id"]  # type: ignore[index]
        assert archive.link_stored() == 0  # nothing left to do
        assert archive.link_stored(rebuild=True) == 2
        assert len(stories(archive)) == 1


def test_an_archive_at_schema_0003_is_upgraded_and_linked(db_path: Path) -> None:
    from sqlalchemy import create_engine

    from newsharvest.store.schema import SCHEMA_VERSION, current_revision, upgrade
    from newsharvest.store.writer import BatchWriter

    huffpost, ap = g20("huffpost"), g20("apnews")
    engine = create_engine(f"sqlite:///{db_path}")
    with engine.begin() as conn:
        upgrade(conn, "0003")  # the schema before linking, written as that version wrote it
        BatchWriter(conn, None).store([(huffpost, FETCHED), (ap, FETCHED)])
        assert current_revision(conn) == "0003"
    engine.dispose()
    with Archive.open(db_path) as archive:
        assert archive.schema_version == SCHEMA_VERSION
        assert stories(archive) == []
        assert archive.link_stored() == 2
        [story] = stories(archive)
        assert story["original_reason"] == "agency_site"


def test_recent_band_rows_are_merged_into_the_index_and_still_found(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New band rows go to `story_bands_recent`; once there are enough they move into
    `story_bands` in one statement, and linking, unlinking and re-linking read both."""
    huffpost, ap = g20("huffpost"), g20("apnews")
    archive.store_batch([(ap, FETCHED)])
    counts = query.table_counts(archive)
    assert (counts["story_bands"], counts["story_bands_recent"]) == (0, BANDS)
    monkeypatch.setattr(bands, "MERGE_MIN", 2 * BANDS)
    monkeypatch.setattr(bands, "MERGE_MAX", 2 * BANDS)
    other = dataclasses.replace(ap, url=OTHER_URL, canonical_url=OTHER_URL, body=SAME_EVENT)
    archive.store_batch([(other, FETCHED)])
    counts = query.table_counts(archive)
    assert (counts["story_bands"], counts["story_bands_recent"]) == (2 * BANDS, 0)  # due: merged
    assert archive.store_batch([(huffpost, LATER)]) == ["new"]  # its copy is found in the index
    [story] = stories(archive)
    assert story["copy_count"] == 2
    rewritten = dataclasses.replace(ap, body=SAME_EVENT + "\n\nThis story has been corrected.")
    assert archive.store_batch([(rewritten, LATER)]) == ["updated"]  # AP now carries the other text
    [story] = stories(archive)
    placed = story_of(archive)
    assert placed[ap.url] == placed[OTHER_URL] == story["id"]  # found in the index
    assert placed[huffpost.url] is None
    ap_id = query.get_article(archive, ap.url)["id"]  # type: ignore[index]
    with archive.reading() as conn:
        indexed = [
            band
            for t in (m.story_bands, m.story_bands_recent)
            for band in conn.execute(select(t.c.band).where(t.c.article_id == ap_id)).scalars()
        ]
    assert sorted(indexed) == sorted(signature(rewritten.body).bands())  # the old keys left both tables


def test_the_band_index_is_rebuilt_by_the_migration_keeping_the_stories(db_url: str) -> None:
    """Migration 0009 rewrites every band row from the stored signatures (16 keys of 2 values
    an article; 32 of 3 again on downgrade) and leaves the stories as they were; a copy
    stored afterwards is found through the rebuilt keys."""
    from alembic import command
    from sqlalchemy import create_engine

    from newsharvest.store.engine import to_url
    from newsharvest.store.schema import alembic_config

    huffpost, ap = g20("huffpost"), g20("apnews")
    with Archive.open(db_url) as archive:
        archive.store_batch([(ap, FETCHED), (huffpost, LATER)])
        [before] = stories(archive)
    engine = create_engine(to_url(db_url))
    with engine.begin() as conn:
        command.downgrade(alembic_config(connection=conn), "0008")
        counts = {t.name: len(conn.execute(select(t)).all()) for t in (m.story_bands, m.story_bands_recent)}
        assert counts == {"story_bands": 2 * 32, "story_bands_recent": 0}  # the former shape
    engine.dispose()
    with Archive.open(db_url) as archive:
        assert stories(archive) == [before]
        with archive.reading() as conn:
            rows = conn.execute(select(m.story_bands.c.article_id, m.story_bands.c.band)).all()
            assert conn.execute(select(m.story_bands_recent)).all() == []
        ids = {query.get_article(archive, a.url)["id"]: a for a in (ap, huffpost)}  # type: ignore[index]
        assert sorted(rows) == sorted((i, key) for i, a in ids.items() for key in signature(a.body).bands())
        other = dataclasses.replace(huffpost, url=OTHER_URL, canonical_url=OTHER_URL)
        assert archive.store_batch([(other, LATER)]) == ["new"]
        [story] = stories(archive)
        assert (story["id"], story["copy_count"]) == (before["id"], 3)


def test_the_stories_original_index_comes_and_goes_with_migration_0010(db_url: str) -> None:
    """Migration 0010 indexes `stories.original_article_id` and `captures.revision_id`
    (SQLite's deferred foreign-key checks look each stored article and revision up there);
    downgrading drops only the indexes, and the stories and their links survive both ways."""
    from alembic import command
    from sqlalchemy import create_engine, inspect

    from newsharvest.store.engine import to_url
    from newsharvest.store.schema import alembic_config

    def indexed(conn: object) -> list[list[str | None]]:
        found = inspect(conn)
        return [ix["column_names"] for t in ("stories", "captures") for ix in found.get_indexes(t)]

    huffpost, ap = g20("huffpost"), g20("apnews")
    with Archive.open(db_url) as archive:
        archive.store_batch([(ap, FETCHED), (huffpost, LATER)])
        [before] = stories(archive)
        with archive.reading() as conn:
            assert ["original_article_id"] in indexed(conn) and ["revision_id"] in indexed(conn)
    engine = create_engine(to_url(db_url))
    with engine.begin() as conn:
        command.downgrade(alembic_config(connection=conn), "0009")
        assert ["original_article_id"] not in indexed(conn) and ["revision_id"] not in indexed(conn)
        assert ["article_id"] in indexed(conn)  # the captures' other indexes stay
    engine.dispose()
    with Archive.open(db_url) as archive:  # opening upgrades it again
        with archive.reading() as conn:
            assert ["original_article_id"] in indexed(conn) and ["revision_id"] in indexed(conn)
        assert stories(archive) == [before]
        other = dataclasses.replace(huffpost, url=OTHER_URL, canonical_url=OTHER_URL)
        assert archive.store_batch([(other, LATER)]) == ["new"]
        [story] = stories(archive)
        assert (story["id"], story["copy_count"], story["original_article_id"]) == (
            before["id"], 3, before["original_article_id"],
        )  # fmt: skip
