"""Which WARC record an archived article, revision, rejection or address came from."""

from __future__ import annotations

from typing import Any

from newsharvest.store import Archive
from newsharvest.store import captures as capture_table
from newsharvest.warc.reader import StoredResponse, read_response
from newsharvest.warc.writer import Location


def find_capture(
    archive: Archive, id_or_url: int | str, *, revision: int | None = None
) -> dict[str, Any] | None:
    """The capture row (`captures.find`) of an article id or address, or of a revision."""
    with archive.reading() as conn:
        return capture_table.find(conn, id_or_url, revision=revision)


def location_of(capture: dict[str, Any]) -> Location:
    return Location(capture["warc_file"], capture["warc_offset"], capture["warc_length"])


def raw_response(
    archive: Archive, id_or_url: int | str, *, revision: int | None = None
) -> StoredResponse | None:
    """The response as received for an article (or revision, or address); None when not
    captured. Raises `WarcError` when the record is missing or unreadable."""
    capture = find_capture(archive, id_or_url, revision=revision)
    return read_response(location_of(capture)) if capture is not None else None
