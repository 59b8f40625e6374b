"""reextract and import-warc sign articles where they extract them, as a crawl does, and a page
found unchanged where it is extracted never reaches the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from newsharvest.extract import Article
from newsharvest.store import Archive
from newsharvest.store import models as m
from newsharvest.tasks import Unchanged
from newsharvest.urls import identity_url
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


def test_a_page_its_worker_finds_unchanged_is_counted_and_never_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tables = (m.articles, m.revisions, m.captures)
    with Archive.open(tmp_path / "archive.db") as archive:
        Rerun(archive, archive.begin_run("crawl"), workers=0).run([job_of("huffpost", 0)])
        with archive.reading() as conn:
            [(stored_hash, canonical, url)] = conn.execute(
                select(m.articles.c.content_hash, m.articles.c.canonical_url, m.articles.c.url)
            ).all()
            before = [conn.execute(select(t)).all() for t in tables]
        same, stale = job_of("huffpost", 100), job_of("huffpost", 200)
        identity = identity_url(canonical or url)
        same.stored = (stored_hash, identity)
        stale.stored = ("0" * 64, identity)  # a hash the record no longer has: the store decides
        seen: list[tuple[object, str]] = []
        stored: list[int] = []
        real = archive.store_batch

        def counted(items: list[object], *rest: object) -> list[str]:
            stored.append(len(items))
            return real(items, *rest)  # type: ignore[arg-type]

        monkeypatch.setattr(archive, "store_batch", counted)
        run_id = archive.begin_run("reextract")
        rerun = Rerun(
            archive, run_id, workers=0, on_stored=lambda job, record, outcome: seen.append((record, outcome)),
            capture_when=lambda job, record, outcome: outcome != "unchanged",
        )  # fmt: skip
        rerun.run([same, stale])
        archive.finish_run(run_id, finish_reason="finished", stats={"pages": 2}, unchanged=rerun.unchanged)
        with archive.reading() as conn:
            after = [conn.execute(select(t)).all() for t in tables]
            [counts] = conn.execute(
                select(m.crawl_runs.c.unchanged, m.crawl_runs.c.pages).where(m.crawl_runs.c.id == run_id)
            ).all()
    assert [outcome for _, outcome in seen] == ["unchanged", "unchanged"]
    assert isinstance(seen[0][0], Unchanged) and isinstance(seen[1][0], Article)
    assert rerun.unchanged == 1 and stored == [1, 0]  # only the stale page reached the store
    assert tuple(counts) == (2, 2)  # one counted by the store, one by the rerun
    assert after == before
