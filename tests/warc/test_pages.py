"""A stored page read where it is extracted (`warc.pages`): the worker's reader reads what
warcio reads, and a record it cannot read is a counted error, never a crash."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsharvest.extract import Article, Rejection, extract_article
from newsharvest.store import Archive
from newsharvest.store import models as m
from newsharvest.store.captures import Capture, for_reextraction, small_cache
from newsharvest.testing.server import encoded
from newsharvest.warc.pages import StoredPageTask, Unreadable, close_files, read_page
from newsharvest.warc.reader import StoredResponse, WarcError, iter_records, read_response
from newsharvest.warc.reextract import reextract
from newsharvest.warc.rerun import Job, Rerun, capture_of
from newsharvest.warc.writer import Exchange, Location, WarcFileWriter
from tests.conftest import extraction_cases

PAGE = next(c for c in extraction_cases("huffpost") if c.name == "g20-wire-story")
WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def exchange(path: str, body: bytes, *headers: tuple[bytes, bytes], status: int = 200) -> Exchange:
    return Exchange(
        url=f"https://www.huffpost.com/entry/{path}", method="GET", request_headers=[(b"Accept", b"*/*")],
        status=status, response_headers=[(b"Content-Type", b"text/html; charset=utf-8"), *headers],
        body=body, fetched_at=WHEN,
    )  # fmt: skip


def fields(response: StoredResponse) -> tuple[object, ...]:
    return (
        response.url, response.status, response.headers, response.body, response.date,
        response.record_type, response.status_line, response.location, response.warc_headers,
    )  # fmt: skip


def ours(folder: Path) -> list[Location]:
    """Our own capture: plain, gzip- and br-coded, and error answers."""
    page = PAGE.page_bytes() or b""
    writer = WarcFileWriter(folder, "run", max_bytes=1 << 30)
    locations = [
        writer.write_exchange(exchange("plain", page)),
        writer.write_exchange(exchange("gzip", encoded(page, "gzip"), (b"Content-Encoding", b"gzip"))),
        writer.write_exchange(exchange("br", encoded(page, "br"), (b"Content-Encoding", b"br"))),
        writer.write_exchange(exchange("gone", b"", status=404)),
    ]
    writer.close()
    return locations


def foreign(path: Path, compress: bool) -> list[Location]:
    """A WARC as warcio writes one for other crawlers, gzipped per record or not at all: a
    page, a short one with a header twice, and a page stored chunked as it came off the wire."""
    page = PAGE.page_bytes() or b""
    pieces = [page[i : i + 999] for i in range(0, len(page), 999)]
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces)
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=compress)
        for number, (body, headers) in enumerate([
            (page, [("Content-Type", "text/html")]),
            (b"<html><p>short</p></html>", [("Content-Type", "text/html"), ("X-Dup", "a"), ("X-Dup", "b")]),
            (chunked + b"0\r\n\r\n", [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")]),
        ]):
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.0")
            record = writer.create_warc_record(
                f"http://example.org/{number}", "response", payload=io.BytesIO(body), http_headers=http
            )
            writer.write_record(record)
    return [r.location for r in iter_records(path) if r.location is not None and r.record_type == "response"]


def test_the_workers_reader_reads_every_record_as_warcio_does(tmp_path: Path) -> None:
    locations = ours(tmp_path) + foreign(tmp_path / "a.warc", False) + foreign(tmp_path / "b.warc.gz", True)
    assert len(locations) == 10
    for location in locations:
        assert fields(read_page(location)) == fields(read_response(location)), location
    assert read_page(locations[-1]).payload() == PAGE.page_bytes()  # the chunked one
    close_files()


def test_a_torn_damaged_or_missing_record_is_the_error_warcio_gives(tmp_path: Path) -> None:
    [plain, *_, last] = ours(tmp_path)
    whole = Path(last.file).read_bytes()
    torn = tmp_path / "torn.warc.gz"
    torn.write_bytes(whole[: last.offset + last.length // 2])
    damaged = bytearray(whole)
    damaged[plain.offset : plain.offset + 2] = b"\0\0"  # no gzip member starts there
    (tmp_path / "damaged.warc.gz").write_bytes(bytes(damaged))
    for location in (
        Location(str(torn), last.offset, last.length),
        Location(str(tmp_path / "damaged.warc.gz"), plain.offset, plain.length),
        Location(str(tmp_path / "missing.warc.gz"), 0, 100),
    ):
        with pytest.raises(WarcError) as expected:
            read_response(location)
        with pytest.raises(WarcError) as got:
            read_page(location)
        assert str(got.value) == str(expected.value)
        task = StoredPageTask(location, "https://www.huffpost.com/entry/x", "2024-05-01T12:00:00+00:00")
        assert task.run() == Unreadable("https://www.huffpost.com/entry/x", str(expected.value))
    close_files()


def test_damaged_bytes_that_read_as_an_old_arc_header_are_no_record(tmp_path: Path) -> None:
    """A record's gzip header overwritten can leave a first line of five space-separated
    fields, which warcio reads as an ARC record (a URI of garbage, no body): that is damage,
    the same error from both readers, never an empty page."""
    [plain, *_] = ours(tmp_path)
    whole = bytearray(Path(plain.file).read_bytes())
    line = b"\0\0\x08garbage 0.0.0.0 20240501120000 text/html 0\n"
    whole[plain.offset : plain.offset + len(line)] = line
    (tmp_path / "arc-like.warc.gz").write_bytes(bytes(whole))
    location = Location(str(tmp_path / "arc-like.warc.gz"), plain.offset, plain.length)
    with pytest.raises(WarcError) as expected:
        read_response(location)
    assert str(expected.value) == f"{location.file}: no record at {plain.offset}: not a WARC record"
    with pytest.raises(WarcError) as got:
        read_page(location)
    assert str(got.value) == str(expected.value)
    close_files()


def test_a_worker_reading_a_torn_record_counts_it_and_the_rest_goes_on(tmp_path: Path) -> None:
    """reextract in a worker pool: the article whose record was torn since is counted
    unreadable with warcio's reason, the other is re-extracted, and nothing is written."""
    cases = [c for c in extraction_cases("huffpost") if c.name in ("g20-wire-story", "staff-two-authors")]
    writer = WarcFileWriter(tmp_path, "run", max_bytes=1 << 30)
    first, second = (writer.write_exchange(exchange(c.name, c.page_bytes() or b"")) for c in cases)
    writer.close()
    with Archive.open(tmp_path / "archive.db") as archive:
        jobs = [Job(None, capture_of(read_response(at))) for at in (first, second)]
        Rerun(archive, archive.begin_run("crawl"), workers=0).run(jobs)
        Path(second.file).write_bytes(Path(second.file).read_bytes()[: second.offset + second.length - 25])
        with pytest.raises(WarcError) as torn:
            read_response(second)
        with archive.reading() as conn:
            before = conn.execute(select(m.captures.c.id)).all(), conn.execute(select(m.revisions.c.id)).all()
        report = reextract(archive, extractor="newsharvest.extract.extract_article", workers=1)
        with archive.reading() as conn:
            after = conn.execute(select(m.captures.c.id)).all(), conn.execute(select(m.revisions.c.id)).all()
    assert (report.unchanged, report.changed, report.unreadable) == (1, 0, 1)
    assert report.problems == [str(torn.value)]
    assert after == before and len(before[0]) == 2


def test_a_job_without_its_response_is_read_and_extracted_in_the_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page goes to the worker (under its timeout), none is extracted in this process,
    not even while the worker starts."""

    def not_here(self: object) -> None:
        raise AssertionError("a page was extracted in the calling process")

    plain, gzipped, brotli, gone = ours(tmp_path)
    monkeypatch.setattr(StoredPageTask, "run", not_here)
    seen: list[tuple[object, str]] = []
    with Archive.open(tmp_path / "archive.db") as archive:
        rerun = Rerun(
            archive, archive.begin_run("reextract"), workers=1,
            on_stored=lambda job, record, outcome: seen.append((record, outcome)),
        )  # fmt: skip
        rerun.run([Job(None, capture_of(read_response(at))) for at in (plain, gzipped, brotli, gone)])
        with archive.reading() as conn:
            articles = conn.execute(select(m.articles.c.headline, m.articles.c.canonical_url)).all()
    expected = extract_article(PAGE.page_bytes() or b"", PAGE.url, fetched_at=WHEN)
    assert isinstance(expected, Article)
    assert articles == [(expected.headline, PAGE.url)]  # one page under three codings: one article
    # The 404 is rejected by its status without a worker, so it may be stored first.
    pages, gone_ones = [s for s in seen if s[1] != "rejected"], [s for s in seen if s[1] == "rejected"]
    assert [outcome for _, outcome in pages] == ["new", "unchanged", "unchanged"]
    assert [record.body for record, _ in pages] == [expected.body] * 3  # type: ignore[attr-defined]
    [(gone_record, _)] = gone_ones
    assert isinstance(gone_record, Rejection) and gone_record.reason == "not_found"


def test_captures_written_in_one_batch_each_link_to_their_own_record(tmp_path: Path) -> None:
    """Captures link to their records by lookups made for the whole batch: two captures of one
    article, a rejection's, and a sitemap's (no record) each get the right row."""
    cases = {c.name: c for c in extraction_cases("huffpost")}
    records = [
        extract_article(cases[name].page_bytes() or b"", cases[name].url, fetched_at=WHEN)
        for name in ("g20-wire-story", "staff-two-authors", "video-not-article")
    ]
    first, second, video = records
    assert isinstance(first, Article) and isinstance(second, Article) and isinstance(video, Rejection)

    def capture(url: str, offset: int) -> Capture:
        return Capture(url, 200, "2024-05-01T12:00:00+00:00", "capture.warc.gz", offset, 10)

    made: list[tuple[Capture, Article | Rejection | None]] = [
        (capture(first.url, 0), first), (capture(video.url, 10), video), (capture(second.url, 20), second),
        (capture(first.url + "?utm_source=x", 30), first),
        (capture("https://www.huffpost.com/sitemap.xml", 40), None),
    ]  # fmt: skip
    with Archive.open(tmp_path / "archive.db") as archive:
        archive.store_batch([(r, "2024-05-01T12:00:00+00:00") for r in records], None, made)
        with archive.reading() as conn:
            articles = dict(conn.execute(select(m.articles.c.headline, m.articles.c.id)).all())
            revisions = dict(conn.execute(select(m.revisions.c.article_id, m.revisions.c.id)).all())
            [rejection] = conn.execute(select(m.rejections.c.id)).scalars()
            c = m.captures
            columns = (c.c.warc_offset, c.c.article_id, c.c.revision_id, c.c.rejection_id)
            linked = conn.execute(select(*columns).order_by(c.c.warc_offset)).all()
    one, two = articles[first.headline], articles[second.headline]
    assert [tuple(row) for row in linked] == [
        (0, one, revisions[one], None), (10, None, None, rejection), (20, two, revisions[two], None),
        (30, one, revisions[one], None), (40, None, None, None),
    ]  # fmt: skip


def test_the_reextraction_listing_scans_in_a_small_page_cache_and_gives_the_writers_back(
    tmp_path: Path,
) -> None:
    with Archive.open(tmp_path / "archive.db") as archive, archive.reading() as conn:
        writers = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        with small_cache(conn):
            during = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        assert for_reextraction(conn, site=None, since=None, reason=None) == []
        after = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    assert (writers, during, after) == (-65536, -2000, -65536)
