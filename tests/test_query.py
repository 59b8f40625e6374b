"""The query layer: argument checking, record shapes, streaming, stats."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsharvest import query
from newsharvest.extract.record import Rejection
from newsharvest.store import Archive, QueryError
from newsharvest.store.rows import ARTICLE_FIELDS, record_of
from tests.store.factory import FETCHED, make_article


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    with Archive.open(tmp_path / "q.db") as opened:
        opened.store_batch(
            [
                (make_article(1, section="World", date_published="2024-01-10T12:00:00+00:00"), FETCHED),
                (make_article(2, date_published="2024-02-10T12:00:00+00:00"), FETCHED),
                (make_article(3, date_published=None, site_name="AP News",
                              url="https://apnews.com/article/3", canonical_url="https://apnews.com/article/3"),
                 FETCHED),
                (Rejection("https://x.test/v", "not_article", "video"), FETCHED),
            ],
            None,
        )  # fmt: skip
        yield opened


def test_bad_dates_are_query_errors(archive: Archive) -> None:
    for bad in ("yesterday", "2024-13-01", "2024/01/01"):
        with pytest.raises(QueryError, match="not a date"):
            query.count_articles(archive, since=bad)


def test_date_bounds() -> None:
    filters = query.make_filters(since="2024-01-10", until="2024-01-10")
    assert (filters.since, filters.until) == ("2024-01-10T00:00:00Z", "2024-01-11T00:00:00Z")
    assert query.make_filters(since="2024-01-10T08:00:00+02:00").since == "2024-01-10T06:00:00Z"


def test_listing_is_full_records_newest_first(archive: Archive) -> None:
    listed = query.list_articles(archive)
    assert [r["id"] for r in listed] == [2, 1, 3]  # undated last
    assert all(set(ARTICLE_FIELDS) <= set(r) for r in listed)
    assert query.list_articles(archive, limit=1, offset=1)[0]["id"] == 1
    assert [r["id"] for r in query.list_articles(archive, site="AP News")] == [3]


def test_iter_articles_streams_every_record_in_id_order(archive: Archive) -> None:
    assert [r["id"] for r in query.iter_articles(archive, chunk=2)] == [1, 2, 3]
    assert [r["id"] for r in query.iter_articles(archive, since="2024-02-01")] == [2]


def test_get_article_unknown(archive: Archive) -> None:
    assert query.get_article(archive, 999) is None
    assert query.get_article(archive, "https://nowhere.test/x") is None


def test_stats(archive: Archive) -> None:
    stats = query.archive_stats(archive)
    assert stats["totals"]["articles"] == 3
    assert {s["host"]: s["articles"] for s in stats["sites"]} == {"huffpost.com": 2, "apnews.com": 1}
    assert {s["section"]: s["articles"] for s in stats["sections"]} == {"Politics": 2, "World": 1}
    assert [d["day"] for d in stats["days"]] == ["2024-02-10", "2024-01-10"]
    assert stats["authors"][0]["articles"] == 3
    assert stats["rejections"] == {"not_article": 1}
    assert stats["published"] == {"first": "2024-01-10T12:00:00Z", "last": "2024-02-10T12:00:00Z"}


def test_record_of_matches_to_dict() -> None:
    article = make_article()
    assert record_of(article) == article.to_dict()
    bare = dataclasses.replace(article, dateline=None, authors=[], captions=[], tags=[])
    assert record_of(bare) == bare.to_dict()
