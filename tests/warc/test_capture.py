"""WARC capture: every response of a real crawl kept as the server sent it, readable back,
valid for other tools (warcio check, cdxj-indexer), and linked from the archive."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from newsharvest import settings as project_settings
from newsharvest.downloadermiddlewares.warc import WarcCaptureMiddleware, capture_log
from newsharvest.testing.server import FixtureServer, Replica
from newsharvest.warc.reader import FileScan, iter_records, read_response
from newsharvest.warc.writer import Exchange, Location, WarcFileWriter
from tests.support import crawling

TOOLS = Path(sys.executable).parent
PROJECT = {k: v for k, v in vars(project_settings).items() if k.isupper()}


def crawl_replica(server: FixtureServer, database: Path, *extra: str) -> None:
    crawling.scrapy_crawl("huffpost", database, "-a", f"base_url={server.base_url}", *extra)


@pytest.mark.slow
def test_crawl_keeps_every_response_as_sent_and_links_every_record(
    huffpost_server: FixtureServer, tmp_path: Path
) -> None:
    database = tmp_path / "archive.db"
    crawl_replica(huffpost_server, database)
    warc_files = sorted((tmp_path / "warc").glob("*.warc.gz"))
    assert len(warc_files) == 1 and "-huffpost-" in warc_files[0].name

    captures = crawling.rows(
        database, "SELECT url, status, warc_file, warc_offset, warc_length FROM captures"
    )
    served = [path for _, path in huffpost_server.log]
    assert sorted(urlsplit(url).path for url, *_ in captures) == sorted(served)  # each fetch once
    fresh = Replica.load("huffpost")
    for url, status, file, offset, length in captures:
        stored = read_response(Location(file, offset, length))
        sent = fresh.respond(urlsplit(url).path, huffpost_server.base_url)
        assert (stored.url, stored.status, stored.body) == (url, status, sent.body)
        assert stored.status == sent.status
        for name, value in sent.headers.items():
            assert stored.header(name) == value, (url, name)
        if sent.status == 200:
            assert stored.header("content-length") == str(len(sent.body))

    linked = "SELECT count(*) FROM {0} WHERE id NOT IN (SELECT {1} FROM captures WHERE {1} IS NOT NULL)"
    assert crawling.rows(database, linked.format("articles", "article_id")) == [(0,)]
    assert crawling.rows(database, linked.format("revisions", "revision_id")) == [(0,)]
    assert crawling.rows(database, linked.format("rejections", "rejection_id")) == [(0,)]

    # Every response record is followed by its request record, linked by WARC-Concurrent-To.
    with warc_files[0].open("rb") as stream:
        records = [(r.rec_type, r.rec_headers) for r in ArchiveIterator(stream)]
    assert records[0][0] == "warcinfo"
    pairs = records[1:]
    assert len(pairs) == 2 * len(captures)
    for (kind, response), (next_kind, request) in zip(pairs[::2], pairs[1::2], strict=True):
        assert (kind, next_kind) == ("response", "request")
        assert request.get_header("WARC-Concurrent-To") == response.get_header("WARC-Record-ID")
        assert response.get_header("WARC-Target-URI") == request.get_header("WARC-Target-URI")

    # Other tools read them: warcio's own checker and pywb's indexer.
    check = subprocess.run([TOOLS / "warcio", "check", "-v", *warc_files], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "digest pass" in check.stdout and "fail" not in check.stdout
    index = subprocess.run([TOOLS / "cdxj-indexer", *warc_files], capture_output=True, text=True)
    assert index.returncode == 0, index.stderr
    indexed = [json.loads(line.split(" ", 2)[2]) for line in index.stdout.splitlines()]
    assert sorted(int(entry["offset"]) for entry in indexed) == sorted(c[3] for c in captures)
    assert sorted(int(entry["length"]) for entry in indexed) == sorted(c[4] for c in captures)


def response_through(middleware: WarcCaptureMiddleware, response: Response) -> None:
    assert middleware.process_response(response.request, response) is response


def test_body_is_kept_compressed_as_received_without_transfer_encoding(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={**PROJECT, "NEWSHARVEST_WARC_DIR": str(tmp_path)})
    middleware = WarcCaptureMiddleware.from_crawler(crawler)
    body = gzip.compress(b"<html><body><p>Hello</p></body></html>")
    request = Request("http://127.0.0.1:9/entry/a-story_n_1", meta={"frontier": True})
    headers = {"Content-Encoding": "gzip", "Transfer-Encoding": "chunked", "Content-Type": "text/html"}
    response_through(middleware, Response(request.url, body=body, headers=headers, request=request))
    middleware.close()

    pending = capture_log(crawler).claim(request.url)
    assert pending is not None
    capture = pending.result()
    assert capture is not None and capture.status == 200
    stored = read_response(Location(capture.warc_file, capture.warc_offset, capture.warc_length))
    assert stored.body == body  # as received: still gzip
    assert stored.header("content-encoding") == "gzip"
    assert stored.header("transfer-encoding") is None  # the client undid the chunking
    assert stored.payload() == b"<html><body><p>Hello</p></body></html>"


def test_capture_sits_before_decompression_and_can_be_turned_off() -> None:
    order = project_settings.DOWNLOADER_MIDDLEWARES
    capture = order["newsharvest.downloadermiddlewares.warc.WarcCaptureMiddleware"]
    decompress = order["newsharvest.downloadermiddlewares.safety.SafeCompressionMiddleware"]
    redirects = order["newsharvest.downloadermiddlewares.safety.RedirectGuardMiddleware"]
    assert capture > max(decompress, redirects)  # process_response runs from the highest first
    crawler = get_crawler(settings_dict={**PROJECT, "NEWSHARVEST_WARC_ENABLED": False})
    with pytest.raises(NotConfigured):
        WarcCaptureMiddleware.from_crawler(crawler)


def exchange(number: int, size: int = 2000) -> Exchange:
    body = (f"<p>page {number}</p>" * size).encode()[:size]
    return Exchange(
        url=f"http://127.0.0.1/entry/{number}", method="GET", request_headers=[(b"Accept", b"*/*")],
        status=200, response_headers=[(b"Content-Type", b"text/html")], body=body,
        fetched_at=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
    )  # fmt: skip


def test_files_rotate_by_size(tmp_path: Path) -> None:
    writer = WarcFileWriter(tmp_path, "run", max_bytes=1500)
    locations = [writer.write_exchange(exchange(n)) for n in range(6)]
    writer.close()
    assert len(writer.files) >= 3
    assert [p.name for p in writer.files][:2] == ["run-00001.warc.gz", "run-00002.warc.gz"]
    for number, location in enumerate(locations):
        assert read_response(location).url == f"http://127.0.0.1/entry/{number}"


def test_a_torn_last_record_is_detected_and_every_earlier_record_reads(tmp_path: Path) -> None:
    writer = WarcFileWriter(tmp_path, "run", max_bytes=1 << 30)
    locations = [writer.write_exchange(exchange(n, 5000)) for n in range(4)]
    writer.close()
    whole = writer.files[0].read_bytes()
    last = locations[-1]
    for cut in (last.offset + 40, last.offset + last.length // 2, last.offset + last.length - 30):
        torn = tmp_path / f"torn-{cut}.warc.gz"
        torn.write_bytes(whole[:cut])
        scan = FileScan()
        records = list(iter_records(torn, scan))
        responses = [r.url for r in records if r.record_type == "response"]
        assert responses == [f"http://127.0.0.1/entry/{n}" for n in range(3)], cut
        assert scan.damage is not None and scan.damaged_at == last.offset, cut
        for location in locations[:-1]:
            assert read_response(Location(str(torn), location.offset, location.length)).status == 200
    shutil.rmtree(tmp_path)


@pytest.mark.slow
def test_a_brotli_answer_is_kept_as_sent_and_read_back_decoded(tmp_path: Path) -> None:
    """The replica served as most news sites serve a client that accepts br: each capture
    keeps the br bytes sent, and re-extraction, import and show --raw decode them."""
    from newsharvest.testing.server import encoded, serving
    from tests.warc.test_import import CONTENT
    from tests.warc.test_reextract import newsharvest

    database = tmp_path / "archive.db"
    with serving("huffpost", compress="br") as server:
        crawl_replica(server, database)
        assert all("br" in headers.get("Accept-Encoding", "") for headers in server.headers)
    fresh = Replica.load("huffpost")
    pages = crawling.rows(database, "SELECT url, warc_file, warc_offset, warc_length FROM captures")
    brotli_pages = 0
    for url, file, offset, length in pages:
        stored = read_response(Location(file, offset, length))
        sent = fresh.respond(urlsplit(url).path, server.base_url)
        if stored.header("content-encoding") == "br":
            brotli_pages += 1
            assert stored.body == encoded(sent.body, "br") != sent.body
        assert stored.payload() == sent.body, url
    assert brotli_pages == len(pages)  # robots.txt, sitemaps, feed, pages and 404s alike

    world = crawling.rows(database, "SELECT count(*) FROM articles WHERE section = 'World News'")[0][0]
    articles = crawling.rows(database, "SELECT count(*) FROM articles")[0][0]
    imported = tmp_path / "imported.db"
    result = newsharvest(
        "import-warc", *map(str, (tmp_path / "warc").glob("*.warc.gz")), "--db", str(imported)
    )
    assert result.returncode == 0, result.stderr
    assert f"articles: new {articles}\n" in result.stdout
    assert sorted(crawling.rows(imported, CONTENT)) == sorted(crawling.rows(database, CONTENT))

    result = newsharvest(
        "reextract", "--db", str(database), extractor="tests.support.extractors.world_section_renamed"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"changed {world}, unchanged {articles - world}, newly rejected 0"), (
        result.stdout
    )
    shown = newsharvest("show", "1", "--raw", "--db", str(database))
    assert "content-encoding: br" in shown.stdout.lower() and "<!DOCTYPE html>" in shown.stdout


def test_payload_undoes_chunking_and_every_coding_scrapy_asks_for() -> None:
    from backports import zstd

    from newsharvest.testing.server import encoded
    from newsharvest.warc.reader import StoredResponse

    page = b"<html><body><p>" + b"words " * 2000 + b"</p></body></html>"
    framed = b"".join(
        b"%x\r\n%s\r\n" % (len(page[i : i + 1000]), page[i : i + 1000]) for i in range(0, len(page), 1000)
    )
    for coding, body in [
        ("br", encoded(page, "br")),
        ("gzip", encoded(page, "gzip")),
        ("deflate", encoded(page, "deflate")),
        ("zstd", zstd.compress(page)),
        ("gzip, br", encoded(encoded(page, "gzip"), "br")),
    ]:
        response = StoredResponse("http://x/", 200, [("Content-Encoding", coding)], body, "")
        assert response.payload() == page, coding
    chunked = StoredResponse("http://x/", 200, [("Transfer-Encoding", "chunked")], framed + b"0\r\n\r\n", "")
    assert chunked.payload() == page
    # A body stored decoded under headers that still name the wire's codings (CC-NEWS before
    # 2019): as stored.
    stale = [("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")]
    assert StoredResponse("http://x/", 200, stale, page, "").payload() == page
