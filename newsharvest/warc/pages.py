"""A stored page extracted where it is read: the task `newsharvest reextract` sends a worker.

The parent sends only where the response lies (file, offset, length) and what the archive
holds for it; the worker reads and decodes the record itself (`read_page`), extracts it and
compares the article with the stored one (`RecheckTask`), so the calling process neither
reads, decompresses nor ships any page. Light like `newsharvest.tasks`: nothing of Scrapy or
SQLAlchemy is imported with it.
"""

from __future__ import annotations

import collections
import io
import os
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastwarc.warc import ArchiveIterator, WarcRecordType

from newsharvest.extract.signature import Extracted
from newsharvest.tasks import DEFAULT_EXTRACTOR, ExtractionTask, RecheckTask, Unchanged
from newsharvest.warc.reader import StoredResponse, WarcError, read_response
from newsharvest.warc.writer import Location

_PAGE_TYPES = WarcRecordType.response | WarcRecordType.revisit
_OPEN_FILES = 8
"""WARC files a process keeps open for `read_page` (most recently read first)."""
_open: collections.OrderedDict[str, int] = collections.OrderedDict()


def _descriptor(path: str) -> int:
    """An open descriptor of `path`, kept for the next record (pages are listed in file order)."""
    fd = _open.get(path)
    if fd is not None:
        _open.move_to_end(path)
        return fd
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    _open[path] = fd
    while len(_open) > _OPEN_FILES:
        os.close(_open.popitem(last=False)[1])
    return fd


def close_files() -> None:
    """Close the descriptors `read_page` keeps: a run's end (a worker's files close with it),
    so that a file replaced on disk later is opened anew."""
    while _open:
        os.close(_open.popitem()[1])


def read_page(location: Location) -> StoredResponse:
    """The response record at `location`, read with FastWARC; a record it cannot read whole
    (torn, damaged, not HTTP) is read by `read_response` instead (warcio), which reads what
    it can and raises `WarcError` with the reason otherwise."""
    try:
        data = os.pread(_descriptor(location.file), location.length, location.offset)
    except OSError:
        close_files()
        return read_response(location)  # the same error, worded as every reader words it
    try:
        for record in ArchiveIterator(
            io.BytesIO(data), record_types=_PAGE_TYPES, parse_http=True, fsspec_args=False
        ):
            http = record.http_headers
            body = record.reader.read()
            if http is None or not http.status_code or len(body) != record.content_length:
                break
            return StoredResponse(
                url=record.headers.get("WARC-Target-URI") or "",
                status=http.status_code,
                headers=list(http.items()),
                body=body,
                date=record.headers.get("WARC-Date") or "",
                record_type="revisit" if record.record_type == WarcRecordType.revisit else "response",
                status_line=http.status_line or "",
                location=location,
                warc_headers=dict(record.headers.items()),
            )
    except Exception:  # FastWARC raises OSError on damaged data: warcio says why below
        pass
    return read_response(location)


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A stored page whose record could not be read: what the worker sends back instead."""

    url: str
    detail: str


@dataclass(slots=True)
class StoredPageTask:
    """A stored response to read, extract and (with `stored`) compare, all in the worker.

    `url` and `date` are the capture's: an imported revisit's capture points at the record
    holding its payload, fetched at another time and maybe at another address.
    """

    location: Location
    url: str
    date: str
    extractor: str = DEFAULT_EXTRACTOR
    profile: str | None = None
    sign: bool = False
    stored: tuple[str, str] | None = None
    """The stored article's content hash and identity (`RecheckTask`)."""

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        """Pickled as its plain values: a slotted dataclass's default pickling calls Python
        code per field, several times the cost of the rest of handing a page over."""
        at = self.location
        values = (self.url, self.date, self.extractor, self.profile, self.sign, self.stored)
        return _stored_page_task, (at.file, at.offset, at.length, *values)

    def run(self) -> Extracted | Unchanged | Unreadable:
        try:
            response = read_page(self.location)
        except WarcError as exc:
            return Unreadable(self.url, str(exc))
        response.url, response.date = self.url, self.date
        task = page_task(response, self.extractor, self.profile, sign=self.sign)
        return task.run() if self.stored is None else RecheckTask(task, *self.stored).run()


def _stored_page_task(file: str, offset: int, length: int, *values: Any) -> StoredPageTask:
    """A `StoredPageTask` from its pickled values (`StoredPageTask.__reduce__`)."""
    return StoredPageTask(Location(file, offset, length), *values)


def page_task(
    response: StoredResponse, extractor: str, profile: str | None = None, *, sign: bool = False
) -> ExtractionTask:
    """The extraction task for a stored response: its body decoded, its URL, date and type
    (`sign`: the article's body signed for linking, in the worker)."""
    try:
        fetched = datetime.fromisoformat(response.date.replace("Z", "+00:00"))
    except ValueError:
        fetched = None
    return ExtractionTask(
        extractor=extractor,
        body=response.payload(),
        url=response.url,
        fetched_at=fetched,
        content_type=response.header("content-type"),
        profile=profile,
        sign=sign,
    )
