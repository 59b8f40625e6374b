"""Publication and update dates: found raw, normalised to ISO 8601 with a UTC offset."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from dateutil import parser as dateutil_parser

from newsharvest.extract.document import Document

_EPOCH = re.compile(r"^\d{10}(\d{3})?$")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|$|-)")
FUTURE_TOLERANCE = timedelta(hours=14)
"""A date this far past the fetch time is still accepted (time-zone slips); later is wrong."""
MAX_UTC_OFFSET = timedelta(hours=14)
"""No time zone is further from UTC (Kiribati, +14:00): a larger offset makes a date unreadable."""


def parse_date(raw: str | None) -> datetime | None:
    """A date string as an aware datetime (naive values taken as UTC); None if unreadable.

    Handles ISO 8601 in all its spellings, HuffPost's "2019-02-18 16:51:25 -0500", epoch
    seconds and AP's epoch milliseconds, and English prose dates ("March 2, 2023 6:45 AM").
    """
    if not raw:
        return None
    text = raw.strip()
    if _EPOCH.match(text):
        seconds = int(text) / (1000 if len(text) == 13 else 1)
        return datetime.fromtimestamp(seconds, tz=UTC)
    try:
        value = datetime.fromisoformat(text.replace(" Z", "Z"))
    except ValueError:
        try:
            value = dateutil_parser.parse(text, fuzzy=False)
        except (ValueError, OverflowError):
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        offset = value.utcoffset()
    except ValueError:  # an offset of a day or more ("+99:00") is refused by datetime itself
        return None
    if offset is None or abs(offset) > MAX_UTC_OFFSET:
        return None
    return value


def date_from_url(url: str) -> datetime | None:
    """A /2023/03/02/ style date in the URL path (midnight UTC)."""
    match = _URL_DATE.search(url)
    if not match:
        return None
    try:
        year, month, day = (int(g) for g in match.groups())
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return None


@dataclass(slots=True)
class Dates:
    """The article's dates, normalised and raw."""

    published: str | None = None
    published_raw: str | None = None
    modified: str | None = None
    modified_raw: str | None = None


def _first_time_element(doc: Document) -> str | None:
    for value in doc.root.xpath("//time/@datetime") if doc.root is not None else []:
        if str(value).strip():
            return str(value).strip()
    return None


def resolve_dates(
    doc: Document,
    published_candidates: list[str | None],
    modified_candidates: list[str | None],
    fetched_at: datetime | None = None,
) -> Dates:
    """Pick the first readable date of each list (structured data first), then `<time>`, then
    the URL; reject dates after the fetch time and an update before the publication."""
    limit = (fetched_at or datetime.now(UTC)) + FUTURE_TOLERANCE
    dates = Dates()

    def first(candidates: list[str | None]) -> tuple[datetime | None, str | None]:
        """The first readable date and its string; else no date, and the first string that
        could not be read at all (kept on record as found)."""
        unreadable = None
        for raw in candidates:
            value = parse_date(raw)
            if value is not None and value <= limit:
                return value, raw
            if value is None and raw and raw.strip() and unreadable is None:
                unreadable = raw
        return None, unreadable

    published, dates.published_raw = first([*published_candidates, _first_time_element(doc)])
    if published is None:
        published = date_from_url(doc.url)
        if published is not None:
            dates.published_raw = None
    modified, dates.modified_raw = first(modified_candidates)
    if published is not None and modified is not None and modified < published:
        modified = None  # an update cannot precede publication; the raw value stays on record
    dates.published = published.isoformat() if published else None
    dates.modified = modified.isoformat() if modified else None
    return dates
