"""`import-warc` hands each page to the worker that extracts it by location: the calling
process neither reads the page's record again nor extracts it, and the archive is the one an
inline import (no workers) makes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from newsharvest.store import Archive
from newsharvest.store import models as m
from newsharvest.warc.importer import import_warcs
from newsharvest.warc.pages import StoredPageTask
from tests.warc.test_pages import foreign

EXTRACTOR = "newsharvest.extract.extract_article"


Rows = list[tuple[object, ...]]


def imported(database: Path, files: list[Path], workers: int) -> tuple[dict[str, int], Rows]:
    """Import `files` into a new archive: the outcomes, and its articles and captures as rows."""
    with Archive.open(database) as archive:
        report = import_warcs(archive, files, extractor=EXTRACTOR, workers=workers)
        a, c, rj = m.articles, m.captures, m.rejections
        with archive.reading() as conn:
            rows = [
                *conn.execute(select(a.c.identity_url, a.c.url, a.c.headline, a.c.body, a.c.content_hash)),
                *conn.execute(select(rj.c.url, rj.c.reason)),
                *conn.execute(
                    select(c.c.url, c.c.fetched_at, c.c.warc_offset, c.c.article_id, c.c.rejection_id)
                    .order_by(c.c.warc_file, c.c.warc_offset)
                ),
            ]
    return dict(report.outcomes), [tuple(row) for row in rows]


def test_import_reads_and_extracts_each_page_in_its_worker_and_stores_what_inline_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [tmp_path / "a.warc", tmp_path / "b.warc.gz"]
    foreign(files[0], False)
    foreign(files[1], True)
    inline = imported(tmp_path / "inline.db", files, workers=0)

    def not_here(*args: object) -> None:
        raise AssertionError("the calling process read or extracted a page")

    monkeypatch.setattr("newsharvest.warc.importer.read_response", not_here)
    monkeypatch.setattr(StoredPageTask, "run", not_here)
    pooled = imported(tmp_path / "pooled.db", files, workers=1)

    outcomes, rows = pooled
    assert outcomes == {"new": 1, "unchanged": 3, "rejected": 2}
    [article, rejection, *captures] = rows
    identity = "https://huffpost.com/entry/blinken-lavrov-meet-briefly-us-russia_n_64008c3fe4b0bdb99f4a563b"
    headline = "Blinken, Lavrov Meet Briefly As U.S.-Russia Tensions Soar"
    assert article[:3] == (identity, "http://example.org/0", headline)
    assert rejection == ("http://example.org/1", "not_article")  # the short page, in both files
    page, short = ("http://example.org/0", 1, None), ("http://example.org/1", None, 1)
    chunked = ("http://example.org/2", 1, None)
    assert [(url, article_id, rejection_id) for url, _, _, article_id, rejection_id in captures] == [
        page, short, chunked, page, short, chunked,
    ]  # the chunked copy of the page is the same article, each capture linked to its row
    assert pooled == inline
