"""Revisions: every distinct version of an article's text is kept, with what changed."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select, update

from newsharvest import query
from newsharvest.contents import content_hash, record_of
from newsharvest.store import Archive, QueryError
from newsharvest.store import models as m
from tests.store.factory import make_article
from tests.store.test_store_linking import SAME_EVENT, g20, stories, story_of

DAY1, DAY2, DAY3 = (f"2024-05-0{d}T08:00:00+00:00" for d in (1, 2, 3))
KEPT1, KEPT2, KEPT3 = (f"2024-05-0{d}T08:00:00Z" for d in (1, 2, 3))
"""The same times as the store keeps them (UTC, whole seconds, ``Z``)."""


def test_a_changed_text_makes_a_revision_and_keeps_the_old_one(archive: Archive) -> None:
    first = make_article()
    second = dataclasses.replace(first, body=first.body + "\n\nThis story has been updated.")
    third = dataclasses.replace(second, headline="Senate passes the budget", tags=["Budget"])
    assert archive.store_article(first, fetched_at=DAY1) == "new"
    assert archive.store_article(first, fetched_at=DAY1) == "unchanged"
    assert archive.store_article(second, fetched_at=DAY2) == "updated"
    assert archive.store_article(second, fetched_at=DAY2) == "unchanged"
    assert archive.store_article(third, fetched_at=DAY3) == "updated"

    revisions = query.list_revisions(archive, first.url)
    assert revisions is not None
    assert [(r["number"], r["fetched_at"], r["current"]) for r in revisions] == [
        (1, KEPT1, False),
        (2, KEPT2, False),
        (3, KEPT3, True),
    ]
    assert [r["changed_fields"] for r in revisions] == [[], ["body"], ["headline", "tags"]]
    assert len({r["content_hash"] for r in revisions}) == 3
    record = query.get_article(archive, first.url)
    assert record is not None and record["revision_count"] == 3
    assert record["headline"] == "Senate passes the budget"
    assert query.table_counts(archive)["articles"] == 1


def test_the_diff_between_two_revisions(archive: Archive) -> None:
    first = make_article()
    archive.store_article(first, fetched_at=DAY1)
    archive.store_article(
        dataclasses.replace(first, body=first.body.replace("Tuesday", "Wednesday")), fetched_at=DAY2
    )
    archive.store_article(dataclasses.replace(first, dek="A new dek."), fetched_at=DAY3)
    latest = query.revision_diff(archive, first.url)
    assert latest.startswith("--- revision 2\n+++ revision 3")
    assert "-dek: Lawmakers worked through the night." in latest and "+dek: A new dek." in latest
    assert "Wednesday" in latest  # revision 3 went back to the first body
    one_two = query.revision_diff(archive, first.url, 1, 2)
    assert "-WASHINGTON (AP) — The Senate passed bill 1 on Tuesday." in one_two
    assert "+WASHINGTON (AP) — The Senate passed bill 1 on Wednesday." in one_two
    assert "dek" not in one_two
    with pytest.raises(QueryError, match="no revision 7"):
        query.revision_diff(archive, first.url, 1, 7)
    with pytest.raises(QueryError, match="no article"):
        query.revision_diff(archive, "https://x.test/none")


def test_unknown_article_has_no_revisions(archive: Archive) -> None:
    assert query.list_revisions(archive, "https://x.test/none") is None


def test_changed_articles_in_one_batch_each_get_their_revision_and_keep_their_old_text(
    archive: Archive,
) -> None:
    """Several changed articles in one batch (written together): each gets its own revision,
    its old text kept, its own authors and tags; one whose fields did not change (an old
    hash) only has its hash brought up to date; one seen twice in the batch makes two."""
    one, two, three = (make_article(n) for n in (1, 2, 3))
    archive.store_batch([(a, DAY1) for a in (one, two, three)])
    one_b = dataclasses.replace(one, body=one.body + "\n\nThis story has been updated.")
    two_b = dataclasses.replace(two, headline="A new headline", tags=["Budget", "Senate"])
    two_c = dataclasses.replace(two_b, authors=[*two.authors[:1]])
    with archive.atomic() as conn:  # three's stored hash from "an older version" of the hashing
        conn.execute(update(m.articles).where(m.articles.c.url == three.url).values(content_hash="0" * 64))
    outcomes = archive.store_batch([(one_b, DAY2), (two_b, DAY2), (three, DAY2), (two_c, DAY3)])
    assert outcomes == ["updated", "updated", "unchanged", "updated"]

    def revisions(url: str) -> list[tuple[object, ...]]:
        listed = query.list_revisions(archive, url) or []
        return [(r["number"], r["fetched_at"], r["current"], r["changed_fields"]) for r in listed]

    assert revisions(one.url) == [(1, KEPT1, False, []), (2, KEPT2, True, ["body"])]
    assert revisions(two.url) == [
        (1, KEPT1, False, []), (2, KEPT2, False, ["headline", "tags"]), (3, KEPT3, True, ["authors"]),
    ]  # fmt: skip
    assert revisions(three.url) == [(1, KEPT1, True, [])]
    assert query.revision_diff(archive, one.url).count("+This story has been updated.") == 1
    for article, revision_count, last_seen in ((one_b, 2, KEPT2), (two_c, 3, KEPT3), (three, 1, KEPT2)):
        record = query.get_article(archive, article.url)
        assert record is not None
        assert (record["headline"], record["revision_count"], record["last_seen"]) == (
            article.headline, revision_count, last_seen,
        )  # fmt: skip
        assert [a["name"] for a in record["authors"]] == [a.name for a in article.authors]
        assert record["tags"] == list(article.tags) and record["body"] == article.body
    with archive.reading() as conn:
        hashes = dict(conn.execute(select(m.articles.c.url, m.articles.c.content_hash)).all())
    assert hashes[three.url] == content_hash(record_of(three))


def test_copies_revised_in_one_batch_are_relinked_as_one_at_a_time_would(archive: Archive) -> None:
    """Both wire copies rewritten in one batch: each relinked in batch order, so the two new
    texts make one story again; back to the old texts, one story of the old text."""
    huffpost, ap = g20("huffpost"), g20("apnews")
    archive.store_batch([(huffpost, DAY1), (ap, DAY1)])
    [before] = stories(archive)
    rewritten = [dataclasses.replace(copy, body=SAME_EVENT) for copy in (huffpost, ap)]
    assert archive.store_batch([(copy, DAY2) for copy in rewritten]) == ["updated", "updated"]
    [after] = stories(archive)
    assert after["copy_count"] == 2 and before["copy_count"] == 2
    assert set(story_of(archive).values()) == {after["id"]}
    assert archive.store_batch([(huffpost, DAY3), (ap, DAY3)]) == ["updated", "updated"]
    [again] = stories(archive)
    assert again["copy_count"] == 2 and again["original_reason"] == "agency_site"
    assert set(story_of(archive).values()) == {again["id"]}
