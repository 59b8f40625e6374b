"""Reading WARC files back: one response record at a known location, or every record of a
file, with a torn or damaged tail detected and reported instead of read as if whole.

Parsing is warcio's (`warcio.archiveiterator.ArchiveIterator`), which reads the WARCs other
tools write (wget, Heritrix, Common Crawl), gzipped per record or not. warcio reads a record
cut short as if it ended there; a record is only accepted here when its whole block (the
``Content-Length`` the record announces) was read.
"""

from __future__ import annotations

import io
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader

from newsharvest.warc.writer import Location


class WarcError(Exception):
    """A WARC file or record that cannot be read (missing, not a WARC, torn, damaged)."""


@dataclass(slots=True)
class StoredResponse:
    """A response record read back: the HTTP answer as it was received."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    """Header (name, value) pairs in the order received."""
    body: bytes
    """The body as received (still content-encoded when the server compressed it)."""
    date: str
    """WARC-Date."""
    record_type: str = "response"
    status_line: str = ""
    """The HTTP status line as stored ("HTTP/1.1 200 OK")."""
    location: Location | None = None
    warc_headers: dict[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((value for key, value in self.headers if key.lower() == lowered), None)

    def payload(self) -> bytes:
        """The body with its transfer coding and Content-Encoding undone (chunked; gzip,
        deflate, br, zstd); as stored where a coding is unknown or the data does not decode.

        Other crawlers store the body as it came off the socket, chunks and all, with its
        ``Transfer-Encoding: chunked`` (Heritrix, warcprox); some say ``chunked`` or
        ``gzip`` over a body they stored decoded (CC-NEWS before May 2019): both read right.
        """
        body = self.body
        if "chunked" in (self.header("transfer-encoding") or "").lower():
            body = dechunk(body)
        return decode_body(body, self.header("content-encoding"))

    def warc_header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((value for key, value in self.warc_headers.items() if key.lower() == lowered), None)


def dechunk(body: bytes) -> bytes:
    """`body` with HTTP/1.1 chunked framing undone (warcio's reader); a body that is not
    chunked after all comes back as it is."""
    try:
        return ChunkedDataReader(io.BytesIO(body)).read()
    except Exception:  # a reader error on odd framing: the body as stored
        return body


def _brotli() -> Any:
    """The brotli module Scrapy decodes with: ``brotli``, else ``brotlicffi``."""
    try:
        import brotli
    except ImportError:  # pragma: no cover - brotli is a dependency; brotlicffi where it is not
        import brotlicffi as brotli
    return brotli


def _zstd() -> Any:
    """Zstandard as Scrapy decodes it: the standard library's from 3.14, its backport before."""
    try:
        from compression import zstd  # type: ignore[import-not-found]
    except ImportError:
        from backports import zstd
    return zstd


def decode_body(body: bytes, encoding: str | None) -> bytes:
    """`body` with the Content-Encoding codings undone, last applied first."""
    codings = [c.strip().lower() for c in (encoding or "").split(",") if c.strip()]
    try:
        for coding in reversed(codings):
            if coding in {"gzip", "x-gzip"}:
                body = zlib.decompress(body, 47)
            elif coding == "deflate":
                try:
                    body = zlib.decompress(body)
                except zlib.error:
                    body = zlib.decompress(body, -15)
            elif coding == "br":
                body = _brotli().decompress(body)
            elif coding == "zstd":
                body = _zstd().decompress(body)
            elif coding != "identity":
                return body
    except Exception:  # zlib.error, brotli.error, zstd.ZstdError: the body as stored
        return body
    return body


def _response_of(record: Any, location: Location | None) -> StoredResponse | None:
    """The `StoredResponse` of a fully read warcio record; None when its block was cut short."""
    body = record.raw_stream.read()
    if getattr(record.raw_stream, "limit", 0) > 0:
        return None
    http = record.http_headers
    status = 0
    if http is not None and record.rec_type in ("response", "revisit"):
        code = http.get_statuscode() or ""
        status = int(code) if code.isdigit() else 0
    headers = [(k, v) for k, v in http.headers] if http is not None else []
    warc_headers = dict(record.rec_headers.headers)
    return StoredResponse(
        url=record.rec_headers.get_header("WARC-Target-URI") or "",
        status=status,
        headers=headers,
        body=body,
        date=record.rec_headers.get_header("WARC-Date") or "",
        record_type=record.rec_type or "",
        status_line=f"{http.protocol} {http.statusline}" if http is not None else "",
        location=location,
        warc_headers=warc_headers,
    )


def read_response(location: Location) -> StoredResponse:
    """The response record at `location`; `WarcError` when it is missing or incomplete."""
    try:
        with open(location.file, "rb") as f:
            f.seek(location.offset)
            data = f.read(location.length)
    except OSError as exc:
        raise WarcError(f"cannot read {location.file}: {exc.strerror or exc}") from None
    if len(data) < location.length:
        raise WarcError(f"{location.file}: record at {location.offset} is cut short")
    try:
        for record in ArchiveIterator(io.BytesIO(data), check_digests=False):
            if record.format != "warc":  # damaged bytes warcio took for an old ARC header line
                raise WarcError(f"{location.file}: no record at {location.offset}: not a WARC record")
            response = _response_of(record, location)
            if response is None:
                break
            return response
    except WarcError:
        raise
    except Exception as exc:  # warcio raises many types on damaged data (zlib, EOF, None...)
        raise WarcError(f"{location.file}: no record at {location.offset}: {_first_line(exc)}") from None
    raise WarcError(f"{location.file}: record at {location.offset} is incomplete")


@dataclass(slots=True)
class FileScan:
    """The outcome of reading a whole file: records read, and where reading stopped early."""

    records: int = 0
    damage: str | None = None
    """Why the rest of the file was unreadable (a torn or damaged record), None when whole."""
    damaged_at: int | None = None


def iter_records(path: str | Path, scan: FileScan | None = None) -> Iterator[StoredResponse]:
    """Every complete record of the file at `path`, in order (requests, metadata and warcinfo
    records included, `record_type` says which). A torn or damaged record ends the iteration
    and is described in `scan`; a file that is not a WARC at all raises `WarcError`."""
    scan = scan if scan is not None else FileScan()
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise WarcError(f"cannot read {path}: {exc.strerror or exc}") from None
    with stream:
        size = os.fstat(stream.fileno()).st_size
        iterator = ArchiveIterator(stream, check_digests=False)
        offset = end = 0
        try:
            for record in iterator:
                offset = iterator.get_record_offset()
                if record.format != "warc":
                    if scan.records == 0:
                        raise WarcError(f"{path} is not a WARC file")
                    scan.damage, scan.damaged_at = "damaged record (not a WARC record)", offset
                    return
                response = _response_of(record, None)
                if response is None:
                    scan.damage, scan.damaged_at = "torn record (cut short)", offset
                    return
                iterator.read_to_end(record)
                length = iterator.get_record_length()
                response.location = Location(str(path), offset, length)
                end = offset + length
                scan.records += 1
                yield response
        except WarcError:
            raise
        except Exception as exc:  # warcio raises many types on damaged data (zlib, EOF, None...)
            if scan.records == 0:
                raise WarcError(f"{path} is not a readable WARC file ({_first_line(exc)})") from None
            scan.damage, scan.damaged_at = f"damaged record: {_first_line(exc)}", end
            return
        if end < size:
            if scan.records == 0:
                raise WarcError(f"{path} is not a WARC file")
            scan.damage, scan.damaged_at = "torn record (cut short)", end


def _first_line(exc: BaseException) -> str:
    """The first line of an error's message, printable and short (warcio quotes raw bytes)."""
    line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    line = "".join(ch if ch.isprintable() else "?" for ch in line.split(", first line:")[0])
    return line[:120]
