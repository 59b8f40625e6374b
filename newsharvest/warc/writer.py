"""WARC/1.1 files of fetched exchanges: one gzip member per record, rotated by size.

Records are serialised by FastWARC (`fastwarc.warc.WarcRecord`, block and payload digests
included), each compressed into a gzip member of its own (so a reader can seek to any
record) with the standard library's zlib, which releases the GIL while it compresses: the
capture middleware writes from a thread of its own without holding up the reactor. Each
exchange is a ``request`` record and its ``response`` record (``WARC-Concurrent-To`` links
them); a file starts with a ``warcinfo`` record.

Crash safety: the file is unbuffered and every member is finished and flushed to the OS
before `write_exchange` returns the response record's `Location`, so whatever the archive
points at is whole on disk; a process killed mid-write leaves at most one torn record at
the end of its last file, and the next run writes to files of its own.
"""

from __future__ import annotations

import io
import os
import socket
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import BinaryIO

from fastwarc.warc import WarcRecord, WarcRecordType

from newsharvest import __version__

WARC_SUFFIX = ".warc.gz"
SKIPPED_RESPONSE_HEADERS = {b"transfer-encoding"}
"""Headers that describe the wire, not the stored body: the HTTP client has already undone
chunking, so a replay tool reading ``Transfer-Encoding: chunked`` would misread the body."""


@dataclass(frozen=True, slots=True)
class Location:
    """Where a response record lies: its file, and its gzip member's offset and length."""

    file: str
    offset: int
    length: int


@dataclass(slots=True)
class Exchange:
    """One fetch as it went over the wire (bodies as received, still content-encoded)."""

    url: str
    method: str
    request_headers: list[tuple[bytes, bytes]]
    status: int
    response_headers: list[tuple[bytes, bytes]]
    body: bytes
    fetched_at: datetime
    protocol: str = "HTTP/1.1"
    ip_address: str | None = None


def warc_date(moment: datetime) -> str:
    """WARC-Date: UTC, microseconds (WARC/1.1 allows sub-second precision)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _header_block(lines: Iterable[tuple[bytes, bytes]]) -> bytes:
    return b"".join(name + b": " + value + b"\r\n" for name, value in lines)


def http_response_block(exchange: Exchange) -> bytes:
    """Status line, headers and body of the response as a WARC ``response`` block."""
    try:
        phrase = HTTPStatus(exchange.status).phrase
    except ValueError:
        phrase = "Unknown"
    headers = [(n, v) for n, v in exchange.response_headers if n.lower() not in SKIPPED_RESPONSE_HEADERS]
    status = f"{exchange.protocol} {exchange.status} {phrase}\r\n".encode("latin-1")
    return status + _header_block(headers) + b"\r\n" + exchange.body


def http_request_block(exchange: Exchange) -> bytes:
    """Request line and headers as a WARC ``request`` block (a Host header added when absent:
    the HTTP client sets it on the wire)."""
    from urllib.parse import urlsplit

    parts = urlsplit(exchange.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = list(exchange.request_headers)
    if not any(name.lower() == b"host" for name, _ in headers):
        headers.insert(0, (b"Host", parts.netloc.encode("idna" if not parts.netloc.isascii() else "ascii")))
    line = f"{exchange.method} {target} {exchange.protocol}\r\n".encode("latin-1", "replace")
    return line + _header_block(headers) + b"\r\n"


class WarcFileWriter:
    """Writes exchanges into ``<prefix>-00001.warc.gz``, ``-00002``… in `directory`, starting a
    new file once the current one reaches `max_bytes`."""

    def __init__(
        self, directory: str | os.PathLike[str], prefix: str, max_bytes: int, gzip_level: int = 6
    ) -> None:
        self.directory = Path(directory)
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.gzip_level = gzip_level
        self.files: list[Path] = []
        self.bytes_written = 0
        self._raw: BinaryIO | None = None

    @staticmethod
    def default_prefix(spider: str, started: datetime) -> str:
        """``newsharvest-<spider>-<UTC start>-<host>-<pid>``: unique per run and crawler host."""
        host = socket.gethostname().split(".")[0] or "host"
        stamp = started.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        return f"newsharvest-{spider}-{stamp}-{host}-{os.getpid()}"

    @property
    def current(self) -> Path | None:
        return self.files[-1] if self._raw is not None else None

    def _open_next(self) -> None:
        self.close()
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{self.prefix}-{len(self.files) + 1:05d}{WARC_SUFFIX}"
        self._raw = open(path, "xb", buffering=0)  # noqa: SIM115 - closed by close()
        self.files.append(path)
        info = WarcRecord()
        info.init_headers(WarcRecordType.warcinfo)
        info.headers["WARC-Date"] = warc_date(datetime.now(UTC))
        info.headers["WARC-Filename"] = path.name
        info.headers["Content-Type"] = "application/warc-fields"
        fields = f"software: newsharvest/{__version__}\r\nformat: WARC File Format 1.1\r\n"
        info.set_bytes_content(fields.encode())
        self._append(info)

    def _append(self, record: WarcRecord) -> Location:
        """Write `record` as one finished gzip member, flushed to the OS; its location."""
        assert self._raw is not None
        serialised = io.BytesIO()
        record.write(serialised, checksum_data=True)
        compressor = zlib.compressobj(self.gzip_level, zlib.DEFLATED, 31)  # 31: gzip framing
        member = compressor.compress(serialised.getbuffer()) + compressor.flush()
        offset = self._raw.tell()
        self._raw.write(member)  # unbuffered: in the OS's hands when this returns
        self.bytes_written += len(member)
        return Location(str(self.files[-1]), offset, len(member))

    def write_exchange(self, exchange: Exchange) -> Location:
        """Write the request and response records of `exchange`; the response's location."""
        if self._raw is None or self._raw.tell() >= self.max_bytes:
            self._open_next()
        date = warc_date(exchange.fetched_at)
        response = WarcRecord()
        response.init_headers(WarcRecordType.response)
        response.headers["WARC-Date"] = date
        response.headers["WARC-Target-URI"] = exchange.url
        response.headers["Content-Type"] = "application/http; msgtype=response"
        if exchange.ip_address:
            response.headers["WARC-IP-Address"] = exchange.ip_address
        response.set_bytes_content(http_response_block(exchange))
        request = WarcRecord()
        request.init_headers(WarcRecordType.request)
        request.headers["WARC-Date"] = date
        request.headers["WARC-Target-URI"] = exchange.url
        request.headers["Content-Type"] = "application/http; msgtype=request"
        request.headers["WARC-Concurrent-To"] = response.headers["WARC-Record-ID"]
        request.set_bytes_content(http_request_block(exchange))
        location = self._append(response)
        self._append(request)
        return location

    def close(self) -> None:
        if self._raw is not None:
            self._raw.close()
        self._raw = None


def warc_directory(configured: str, database_url: str) -> Path:
    """``NEWSHARVEST_WARC_DIR``, or a ``warc/`` folder beside the SQLite archive (``./warc`` for a
    server database)."""
    if configured:
        return Path(configured).expanduser()
    from newsharvest.store.engine import sqlite_path, to_url

    path = sqlite_path(to_url(database_url))
    return (path.resolve().parent if path is not None else Path.cwd()) / "warc"
