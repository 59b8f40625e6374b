"""`WarcCaptureMiddleware`: every response written to WARC files as it came off the wire.

It sits next to the download handler (``DOWNLOADER_MIDDLEWARES`` order 890, beside Scrapy's
DownloaderStats), so it sees each response before anything changes it: before
decompression (the body is stored content-encoded, as sent, with its Content-Encoding),
before redirects and retries are followed (each answer of a chain is its own record), for
robots.txt, sitemaps, feeds, articles and error pages alike. Where each response record
lies goes to the crawl's `CaptureLog`; `StorePipeline` writes it to the archive with the
record made from the page, once the WARC record is on disk.
"""

from __future__ import annotations

import logging
import weakref
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from newsharvest.downloadermiddlewares.robotstxt import REUSED_FLAG
from newsharvest.store.captures import Capture
from newsharvest.warc.writer import Exchange, WarcFileWriter, warc_directory

logger = logging.getLogger(__name__)

NOT_FETCHED = {REUSED_FLAG, "cached"}
"""Response flags of answers that did not come off the wire now (a robots.txt copy handed to
the spider, Scrapy's HTTP cache): captured when fetched, not again."""


PendingCapture = Future[Capture | None]
"""A capture being written by the middleware's thread: its `Capture` once the record is on
disk, None when it could not be written."""


class CaptureLog:
    """The crawl's captures on their way to the archive, each while (or once) it is written.

    An article page's capture waits, under its URL, for the record extracted from it (they
    are stored together, so the capture names the article or rejection); any other
    response's capture is written with the next batch. The store resolves each before it
    records it, so the archive never points at a record that is not on disk.
    """

    def __init__(self) -> None:
        self.awaiting: dict[str, PendingCapture] = {}
        self.unclaimed: list[PendingCapture] = []

    def add(self, url: str, capture: PendingCapture, *, awaits_record: bool) -> None:
        if not awaits_record:
            self.unclaimed.append(capture)
            return
        earlier = self.awaiting.pop(url, None)
        if earlier is not None:
            self.unclaimed.append(earlier)
        self.awaiting[url] = capture

    def claim(self, url: str) -> PendingCapture | None:
        """The capture of the page a record was made from (its final URL), if any."""
        return self.awaiting.pop(url, None)

    def take_unclaimed(self) -> list[PendingCapture]:
        taken, self.unclaimed = self.unclaimed, []
        return taken

    def take_all(self) -> list[PendingCapture]:
        """Everything left (at the end of the crawl: pages no record came from, e.g. 304s)."""
        taken = self.take_unclaimed() + list(self.awaiting.values())
        self.awaiting.clear()
        return taken


_LOGS: weakref.WeakKeyDictionary[Crawler, CaptureLog] = weakref.WeakKeyDictionary()


def capture_log(crawler: Crawler) -> CaptureLog:
    """The `CaptureLog` of `crawler` (shared by the middleware and the store pipeline)."""
    log = _LOGS.get(crawler)
    if log is None:
        log = _LOGS[crawler] = CaptureLog()
    return log


class WarcCaptureMiddleware:
    """Writes each response and its request to WARC/1.1 files (settings: defaults.py, "capture")."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("NEWSHARVEST_WARC_ENABLED"):
            raise NotConfigured("NEWSHARVEST_WARC_ENABLED is off")
        self.crawler = crawler
        self.directory = warc_directory(
            settings.get("NEWSHARVEST_WARC_DIR"), settings.get("NEWSHARVEST_DATABASE_URL")
        )
        self.max_bytes = settings.getint("NEWSHARVEST_WARC_MAX_BYTES")
        self.gzip_level = settings.getint("NEWSHARVEST_WARC_GZIP_LEVEL")
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsharvest-warc")
        """Records are compressed and written here, in arrival order, off the reactor thread."""
        self.log = capture_log(crawler)
        self.writer: WarcFileWriter | None = None
        self.failed = False
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        return cls(crawler)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        """Hand the exchange to the writer thread and go on: the reactor never waits for it."""
        if self.failed or NOT_FETCHED.intersection(response.flags):
            return response
        now = datetime.now(UTC)
        if self.writer is None:
            name = self.crawler.spider.name if self.crawler.spider else "crawl"
            prefix = WarcFileWriter.default_prefix(name, now)
            self.writer = WarcFileWriter(self.directory, prefix, self.max_bytes, self.gzip_level)
        exchange = Exchange(
            url=response.url,
            method=request.method,
            request_headers=[(k, b", ".join(v)) for k, v in dict.items(request.headers)],
            status=response.status,
            response_headers=[(k, v) for k, values in dict.items(response.headers) for v in values],
            body=response.body,
            fetched_at=now,
            protocol=response.protocol or "HTTP/1.1",
            ip_address=str(response.ip_address) if response.ip_address else None,
        )
        pending = self._thread.submit(self._write, self.writer, exchange)
        self.log.add(response.url, pending, awaits_record=bool(request.meta.get("frontier")))
        self._stat("newsharvest/warc/records")
        return response

    def _write(self, writer: WarcFileWriter, exchange: Exchange) -> Capture | None:
        """In the writer thread: the exchange's records, flushed; where the response lies."""
        if self.failed:
            return None
        try:
            location = writer.write_exchange(exchange)
        except OSError as exc:  # a full disk stops capture, not the crawl; said loudly
            logger.error("WARC capture stopped: cannot write to %s: %s", self.directory, exc)
            self.failed = True
            self._stat("newsharvest/warc/write_errors")
            return None
        if self.crawler.stats:
            self.crawler.stats.set_value("newsharvest/warc/bytes", writer.bytes_written)
        return Capture(
            url=exchange.url,
            status=exchange.status,
            fetched_at=exchange.fetched_at.isoformat(timespec="seconds"),
            warc_file=location.file,
            warc_offset=location.offset,
            warc_length=location.length,
        )

    def _stat(self, key: str) -> None:
        if self.crawler.stats:
            self.crawler.stats.inc_value(key)

    def close(self) -> None:
        self._thread.shutdown(wait=True)
        if self.writer is not None:
            self.writer.close()
            if self.crawler.stats:
                self.crawler.stats.set_value("newsharvest/warc/files", len(self.writer.files))
