"""`newsharvest import-warc` over WARC files laid out as Heritrix and Common Crawl's CC-NEWS
write them.

No file written by either crawler can be had offline, so these are REPRODUCTIONS: written
here with warcio from the HuffPost replica's own answers to the pages a real crawl of it
fetched, in the record layout each crawler's source code writes. What is reproduced, and
from where:

Heritrix 3 (``WARCWriterProcessor.writeHttpRecords``/``writeDnsRecords``/``writeRevisit``/
``writeMetadata`` in internetarchive/heritrix3, and ``WARCWriter.createRecordHeader`` /
``writeWarcinfoRecord`` in iipc/webarchive-commons), ``WARC/1.0``, a gzip member per record:

- a ``warcinfo`` record first (``software: Heritrix/3…``, ``format``, ``conformsTo``,
  ``isPartOf``, ``robots``, ``http-header-user-agent``);
- a ``dns:`` ``response`` record (``Content-Type: text/dns``, the DNS server as
  ``WARC-IP-Address``, the lookup's time and answer line as its block);
- per HTTP fetch, in this order: the ``response`` (header order ``WARC-Type``,
  ``WARC-Target-URI``, ``WARC-Date``, ``WARC-IP-Address``, ``WARC-Payload-Digest``,
  ``WARC-Record-ID``, ``Content-Type``, ``Content-Length``; no block digest), its
  ``request`` and its ``metadata`` record (``via``, ``hopsFromSeed``, ``fetchTimeMs``,
  ``outlink`` fields), both with ``WARC-Concurrent-To`` the response;
- the HTTP response block as it came off the socket: HTML answered the way common servers
  answer a client accepting gzip — ``Content-Encoding: gzip`` and ``Transfer-Encoding:
  chunked``, the chunk framing kept in the stored body; other answers with a
  ``Content-Length``;
- ``revisit`` records (a later fetch whose payload digest matched an earlier one): profile
  ``http://netpreserve.org/warc/1.0/revisit/identical-payload-digest``, ``WARC-Truncated:
  length``, ``WARC-Refers-To``, ``WARC-Refers-To-Target-URI``, ``WARC-Refers-To-Date``,
  ``WARC-Payload-Digest`` (the standard requires it for this profile; Heritrix's
  ``IdenticalPayloadDigestRevisit`` leaves it to the writer), the block only the HTTP headers
  of the new answer. One repeats an
  article in this file, one robots.txt, one refers to a record of an earlier crawl that is
  not in the file.

CC-NEWS (StormCrawler's ``WARCRecordFormat`` in apache/incubator-stormcrawler, which
commoncrawl/news-crawl writes its files with; header masking as commoncrawl/news-crawl#30
describes), ``WARC/1.0``, a gzip member per record:

- a ``warcinfo`` record (``software:: StormCrawler…`` — the double colon is in news-crawl's
  own field name —, ``description: News crawl for Common Crawl``, ``format``, ``conformsTo``);
- ``response`` records only — no requests, no metadata, no feeds or sitemaps, no error
  answers (the WARC bolt gets the fetched pages only) — with header order
  ``WARC-Record-ID``, ``Content-Length``, ``WARC-Date``, ``WARC-Type``,
  ``WARC-IP-Address``, ``WARC-Target-URI``, ``Content-Type``, ``WARC-Payload-Digest``,
  ``WARC-Block-Digest``, and ``WARC-Identified-Payload-Type`` as Common Crawl's writers add
  it (commoncrawl/nutch#3; the StormCrawler source read does not write it, so the import
  must not depend on it);
- the payload stored decoded (unchunked, uncompressed): files since May 2019 mask the wire
  headers as ``X-Crawler-Content-Encoding``, ``X-Crawler-Transfer-Encoding``,
  ``X-Crawler-Content-Length`` and give the stored length as ``Content-Length``; files from
  before kept ``Content-Encoding: gzip`` and ``Transfer-Encoding: chunked`` literally over
  the decoded payload. Both are written.

Format reference: the WARC 1.0/1.1 specification (iipc.github.io/warc-specifications),
sections on revisit profiles and WARC-Identified-Payload-Type.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsharvest.testing.server import Replica, serving
from tests.support import crawling
from tests.warc.test_import import CONTENT, newsharvest

START = datetime(2024, 11, 5, 12, 0, 0, tzinfo=UTC)
"""When the reproduced crawls ran: after the replica's newest page was published (extraction
takes a date later than the fetch for a mistake)."""
HTML = "text/html"


class LayoutWriter(WARCWriter):
    """warcio's writer with the records' headers exactly as given: it adds no digest of its
    own (Heritrix writes no block digest; the digests here are each crawler's)."""

    def ensure_digest(self, record: Any, block: bool = True, payload: bool = True) -> None:
        return None


def sha1(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def warc_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def chunked(body: bytes, size: int = 4096) -> bytes:
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


def http_block(status: int, headers: list[tuple[str, str]], body: bytes = b"") -> bytes:
    phrase = {200: "OK", 404: "Not Found"}.get(status, "Unknown")
    lines = [f"HTTP/1.1 {status} {phrase}", *(f"{k}: {v}" for k, v in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def write(writer: LayoutWriter, kind: str, uri: str, headers: list[tuple[str, str]], block: bytes) -> None:
    """One record with its WARC headers in the order given (Content-Length filled in)."""
    record = writer.create_warc_record(
        uri, kind, payload=io.BytesIO(block), length=len(block),
        warc_headers=StatusAndHeaders("", headers, protocol="WARC/1.0"),
    )  # fmt: skip
    writer.write_record(record)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, list[str]]]:
    """A crawl of the HuffPost replica: its archive, the server's address, and the paths it
    fetched (in order, each once)."""
    folder = tmp_path_factory.mktemp("crawled")
    with serving("huffpost") as server:
        crawling.scrapy_crawl("huffpost", folder / "crawled.db", "-a", f"base_url={server.base_url}")
        paths = list(dict.fromkeys(path for _, path in server.log))
        yield folder / "crawled.db", server.base_url, paths


def answers(base_url: str, paths: list[str]) -> list[tuple[str, int, str, bytes]]:
    """(URL, status, Content-Type, body) of each path as the replica answers it."""
    replica = Replica.load("huffpost")
    out = []
    for path in paths:
        sent = replica.respond(path, base_url)
        out.append((base_url + path, sent.status, sent.headers.get("Content-Type", ""), sent.body))
    return out


def heritrix_warc(folder: Path, base_url: str, paths: list[str]) -> Path:
    path = folder / "IA-HERITRIX-20241105120000000-00000-1234~crawler01~8443.warc.gz"
    host = urlsplit(base_url).hostname or ""
    with path.open("wb") as out:
        writer = LayoutWriter(out, gzip=True, warc_version="WARC/1.0")
        info = (
            b"software: Heritrix/3.4.0-20220727 http://crawler.archive.org\r\nip: 10.0.0.5\r\n"
            b"hostname: crawler01\r\nformat: WARC File Format 1.0\r\n"
            b"conformsTo: http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf\r\n"
            b"isPartOf: newsharvest-replica\r\ndescription: replica crawl\r\nrobots: obey\r\n"
            b"http-header-user-agent: Mozilla/5.0 (compatible; heritrix/3.4.0 +http://example.org)\r\n"
        )
        write(writer, "warcinfo", "", [
            ("WARC-Type", "warcinfo"), ("WARC-Date", warc_date(START)), ("WARC-Filename", path.name),
            ("WARC-Record-ID", record_id()), ("Content-Type", "application/warc-fields"),
        ], info)  # fmt: skip
        dns = f"20241105120000\nlocalhost.\t3600\tIN\tA\t{host}\n".encode()
        write(writer, "response", "dns:localhost", [
            ("WARC-Type", "response"), ("WARC-Target-URI", "dns:localhost"),
            ("WARC-Date", warc_date(START)), ("WARC-IP-Address", "10.0.0.1"),
            ("WARC-Record-ID", record_id()), ("Content-Type", "text/dns"),
        ], dns)  # fmt: skip
        originals: dict[str, tuple[str, str, str, list[tuple[str, str]]]] = {}
        for number, (url, status, content_type, body) in enumerate(answers(base_url, paths)):
            moment = warc_date(START + timedelta(seconds=number + 1))
            headers = [("Server", "nginx"), ("Date", "Tue, 05 Nov 2024 12:00:00 GMT")]
            if content_type.startswith(HTML) and status == 200:
                entity = chunked(gzip.compress(body))
                headers += [("Content-Type", content_type), ("Transfer-Encoding", "chunked"),
                            ("Connection", "keep-alive"), ("Vary", "Accept-Encoding"),
                            ("Content-Encoding", "gzip")]  # fmt: skip
            else:
                entity = body
                headers += [("Content-Type", content_type), ("Content-Length", str(len(body)))]
            response_id, digest = record_id(), sha1(entity)
            originals[urlsplit(url).path] = (response_id, moment, digest, headers)
            write(writer, "response", url, [
                ("WARC-Type", "response"), ("WARC-Target-URI", url), ("WARC-Date", moment),
                ("WARC-IP-Address", host), ("WARC-Payload-Digest", digest), ("WARC-Record-ID", response_id),
                ("Content-Type", "application/http; msgtype=response"),
            ], http_block(status, headers, entity))  # fmt: skip
            request = (
                f"GET {urlsplit(url).path} HTTP/1.1\r\n"
                "User-Agent: Mozilla/5.0 (compatible; heritrix/3.4.0)\r\n"
                f"Connection: close\r\nAccept-Encoding: gzip,deflate\r\nHost: {urlsplit(url).netloc}\r\n\r\n"
            ).encode()
            concurrent = [("WARC-Concurrent-To", response_id)]
            write(writer, "request", url, [
                ("WARC-Type", "request"), ("WARC-Target-URI", url), ("WARC-Date", moment), *concurrent,
                ("WARC-Record-ID", record_id()), ("Content-Type", "application/http; msgtype=request"),
            ], request)  # fmt: skip
            metadata = f"via: {base_url}/robots.txt\r\nhopsFromSeed: PL\r\nfetchTimeMs: 12\r\n".encode()
            if content_type.startswith(HTML):
                metadata += (
                    b"charsetForLinkExtraction: UTF-8\r\noutlink: " + base_url.encode() + b"/ L a/@href\r\n"
                )
            write(writer, "metadata", url, [
                ("WARC-Type", "metadata"), ("WARC-Target-URI", url), ("WARC-Date", moment), *concurrent,
                ("WARC-Record-ID", record_id()), ("Content-Type", "application/warc-fields"),
            ], metadata)  # fmt: skip
        later = START + timedelta(hours=6)
        article = next(p for p in paths if p.startswith("/entry/duluth-library"))
        gone = next(p for p in paths if p.startswith("/entry/wisconsin-dairy"))
        revisits = [  # (path, the record it repeats: (id, date, digest, headers) or None)
            (article, originals[article]),
            ("/robots.txt", originals["/robots.txt"]),
            (gone, (record_id(), "2023-11-01T08:00:00Z", sha1(b"not in this file"), originals[gone][3])),
        ]
        for number, (page, (refers_id, refers_date, digest, headers)) in enumerate(revisits):
            url = base_url + page
            write(writer, "revisit", url, [
                ("WARC-Type", "revisit"), ("WARC-Target-URI", url),
                ("WARC-Date", warc_date(later + timedelta(seconds=number))), ("WARC-IP-Address", host),
                ("WARC-Payload-Digest", digest),
                ("WARC-Profile", "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"),
                ("WARC-Truncated", "length"), ("WARC-Refers-To-Date", refers_date),
                ("WARC-Refers-To", refers_id), ("WARC-Refers-To-Target-URI", url),
                ("WARC-Record-ID", record_id()), ("Content-Type", "application/http; msgtype=response"),
            ], http_block(200, headers))  # fmt: skip
    return path


def cc_news_warc(folder: Path, base_url: str, paths: list[str], *, masked: bool) -> Path:
    name = f"CC-NEWS-20241105120000-0000{1 if masked else 2}.warc.gz"
    path = folder / name
    host = urlsplit(base_url).hostname or ""
    with path.open("wb") as out:
        writer = LayoutWriter(out, gzip=True, warc_version="WARC/1.0")
        info = (
            b"software:: StormCrawler 1.8 http://stormcrawler.net/\r\n"
            b"description: News crawl for Common Crawl\r\n"
            b"http-header-user-agent: CCBot/2.0 (https://commoncrawl.org/faq/)\r\n"
            b"http-header-from: info@commoncrawl.org\r\nformat: WARC File Format 1.0\r\n"
            b"conformsTo: http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf\r\n"
        )
        write(writer, "warcinfo", "", [
            ("WARC-Type", "warcinfo"), ("WARC-Date", warc_date(START)), ("WARC-Filename", name),
            ("WARC-Record-ID", record_id()), ("Content-Type", "application/warc-fields"),
        ], info)  # fmt: skip
        for number, (url, status, content_type, body) in enumerate(answers(base_url, paths)):
            if status != 200 or not content_type.startswith(HTML):
                continue  # the WARC bolt sees fetched pages only
            wire = gzip.compress(body)
            headers = [("Server", "nginx"), ("Content-Type", content_type)]
            if masked:
                headers += [
                    ("X-Crawler-Transfer-Encoding", "chunked"), ("X-Crawler-Content-Encoding", "gzip"),
                    ("X-Crawler-Content-Length", str(len(wire))), ("Content-Length", str(len(body))),
                ]  # fmt: skip
            else:
                headers += [("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")]
            block = http_block(200, headers, body)
            write(writer, "response", url, [
                ("WARC-Record-ID", record_id()), ("Content-Length", str(len(block))),
                ("WARC-Date", warc_date(START + timedelta(seconds=number))), ("WARC-Type", "response"),
                ("WARC-IP-Address", host), ("WARC-Target-URI", url),
                ("Content-Type", "application/http; msgtype=response"),
                ("WARC-Payload-Digest", sha1(body)), ("WARC-Block-Digest", sha1(block)),
                ("WARC-Identified-Payload-Type", "text/html"),
            ], block)  # fmt: skip
    return path


def counts(line_start: str, stdout: str) -> dict[str, int]:
    """``skipped: dns 1, not_html 13`` as a dict."""
    line = next(line for line in stdout.splitlines() if line.startswith(line_start))
    items = line.split(":", 1)[1].strip()
    return {name: int(n) for name, n in (item.rsplit(" ", 1) for item in items.split(", "))}


@pytest.mark.slow
def test_a_heritrix_warc_yields_the_articles_a_crawl_makes(
    crawled: tuple[Path, str, list[str]], tmp_path: Path
) -> None:
    crawled_db, base_url, paths = crawled
    warc = heritrix_warc(tmp_path, base_url, paths)
    imported = tmp_path / "imported.db"
    result = newsharvest("import-warc", str(warc), "--db", str(imported))
    assert result.returncode == 0, result.stderr
    articles = crawling.rows(crawled_db, "SELECT count(*) FROM articles")[0][0]
    fetched = len(paths)
    assert counts("articles:", result.stdout) == {"new": articles, "unchanged": 1}
    assert counts("rejected:", result.stdout) == {"not_article": 1}
    assert counts("skipped:", result.stdout) == {
        "dns": 1,
        "metadata_record": fetched,
        "request_record": fetched,
        "warcinfo_record": 1,
        "not_found": 3,  # the removed story and two missing sitemaps
        "not_html": 15,  # robots.txt, the feed, 12 sitemaps, and robots.txt's revisit
        "revisit": 1,  # the one whose record is in an earlier crawl's file
    }
    assert "revisits resolved to the record they repeat: 1" in result.stdout
    assert sorted(crawling.rows(imported, CONTENT)) == sorted(crawling.rows(crawled_db, CONTENT))
    assert crawling.rows(imported, "SELECT reason FROM rejections") == [("not_article",)]

    later = (START + timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M:%SZ")  # as the archive keeps instants
    # The revisit is the article seen again six hours later; its capture points at the record
    # holding the bytes (the first fetch's), under the revisit's own date.
    seen = crawling.rows(
        imported,
        "SELECT c.fetched_at, c.warc_offset FROM captures c JOIN articles a ON a.id = c.article_id "
        "WHERE a.url LIKE '%duluth-library%' ORDER BY c.id",
    )
    assert len(seen) == 2 and seen[1][0] == later and seen[0][0] < seen[1][0]
    assert seen[0][1] == seen[1][1]
    last_seen = crawling.rows(imported, "SELECT last_seen FROM articles WHERE url LIKE '%duluth-library%'")
    assert last_seen == [(later,)]

    # The stored body is chunked and gzipped as it came off the socket; show --raw and
    # re-extraction read the page.
    shown = newsharvest("show", "1", "--raw", "--db", str(imported))
    assert shown.returncode == 0, shown.stderr
    assert "Transfer-Encoding: chunked" in shown.stdout and "<!DOCTYPE html>" in shown.stdout[:2000]
    again = newsharvest("reextract", "--db", str(imported))
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(f"changed 0, unchanged {articles}, newly rejected 0"), again.stdout


@pytest.mark.slow
@pytest.mark.parametrize("masked", [True, False], ids=["since-2019", "before-2019"])
def test_a_cc_news_warc_yields_the_articles_a_crawl_makes(
    crawled: tuple[Path, str, list[str]], tmp_path: Path, masked: bool
) -> None:
    crawled_db, base_url, paths = crawled
    warc = cc_news_warc(tmp_path, base_url, paths, masked=masked)
    imported = tmp_path / "imported.db"
    result = newsharvest("import-warc", str(warc), "--db", str(imported))
    assert result.returncode == 0, result.stderr
    articles = crawling.rows(crawled_db, "SELECT count(*) FROM articles")[0][0]
    assert counts("articles:", result.stdout) == {"new": articles}
    assert counts("rejected:", result.stdout) == {"not_article": 1}
    assert counts("skipped:", result.stdout) == {"warcinfo_record": 1}
    assert sorted(crawling.rows(imported, CONTENT)) == sorted(crawling.rows(crawled_db, CONTENT))
    assert crawling.rows(imported, "SELECT reason FROM rejections") == [("not_article",)]
