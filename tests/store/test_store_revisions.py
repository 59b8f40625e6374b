"""Revisions: every distinct version of an article's text is kept, with what changed."""

from __future__ import annotations

import dataclasses

import pytest

from newsharvest import query
from newsharvest.store import Archive, QueryError
from tests.store.factory import make_article

DAY1, DAY2, DAY3 = (f"2024-05-0{d}T08:00:00+00:00" for d in (1, 2, 3))


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
        (1, DAY1, False),
        (2, DAY2, False),
        (3, DAY3, True),
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
