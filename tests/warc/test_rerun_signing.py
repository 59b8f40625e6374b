"""reextract and import-warc sign articles where they extract them, as a crawl does."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from newsharvest.store import Archive
from newsharvest.store import models as m
from newsharvest.warc.reader import StoredResponse
from newsharvest.warc.rerun import Job, Rerun, capture_of
from newsharvest.warc.writer import Location
from tests.conftest import extraction_cases


def job_of(site: str, offset: int) -> Job:
    [case] = [c for c in extraction_cases(site) if c.name == "g20-wire-story"]
    response = StoredResponse(
        url=case.url,
        status=200,
        headers=[("Content-Type", "text/html; charset=utf-8")],
        body=case.page_bytes() or b"",
        date="2024-05-01T12:00:00Z",
        location=Location("capture.warc.gz", offset, 100),
    )
    return Job(response, capture_of(response))


def test_a_rerun_links_copies_with_the_signatures_its_extraction_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_here(body: str) -> None:
        raise AssertionError("the store signed a body extraction had signed")

    monkeypatch.setattr("newsharvest.store.writer.signature", not_here)
    with Archive.open(tmp_path / "archive.db") as archive:
        run_id = archive.begin_run("reextract")
        rerun = Rerun(archive, run_id, workers=0)
        assert rerun.sign
        rerun.run([job_of("apnews", 0), job_of("huffpost", 100)])
        with archive.reading() as conn:
            [(count, reason)] = conn.execute(select(m.stories.c.copy_count, m.stories.c.original_reason))
    assert (count, reason) == (2, "agency_site")


def test_a_rerun_into_an_archive_that_does_not_link_signs_nothing(tmp_path: Path) -> None:
    with Archive.open(tmp_path / "archive.db") as archive:
        archive.link_threshold = None
        rerun = Rerun(archive, archive.begin_run("reextract"), workers=0)
        assert not rerun.sign
        rerun.run([job_of("apnews", 0)])
        with archive.reading() as conn:
            assert conn.execute(select(m.article_signatures.c.article_id)).all() == []
