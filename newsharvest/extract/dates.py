"""Publication and update dates: found raw, normalised to ISO 8601 with a UTC offset.

A time is never silently taken as UTC: a zone name ("CEST", "EDT") or offset in the string is
applied; a time with neither takes the offset the page states on its other dates, else the
site's configured zone (`timezone=`), else the one zone its language is written in (Japanese:
Tokyo's), else UTC; a stated UTC ("Z") yields to those two, being what systems write their data
in. Numeric dates are read in the page language's order (03.04.2023 is 3 April on a German page,
04/03/2023 is April 3 on a US one).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import partial

from dateutil import parser as dateutil_parser

from newsharvest.extract.date_order import NumericOrder, by_weekday, weekday_named
from newsharvest.extract.date_words import english_words
from newsharvest.extract.document import Document
from newsharvest.extract.time_elements import banner_days, story_time
from newsharvest.extract.zones import ZONE_NAMES, language_zone, zone_named

_EPOCH = re.compile(r"^\d{10}(\d{3})?$")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|$|-)")
FUTURE_TOLERANCE = timedelta(hours=14)
"""A date this far past the fetch time is still accepted (time-zone slips); later is wrong."""
PLACEHOLDER_BEFORE_YEAR = 1000
"""A date before this year is a software's empty value, not a publication: Go's and .NET's zero
time is 0001-01-01 (USA Today's network fills JSON-LD with it). It is skipped so the next source
decides. The floor is far below htmldate's (1995) because archives do state old dates: a
digitised newspaper of 1865 keeps its year."""
MAX_UTC_OFFSET = timedelta(hours=14)
"""No time zone is further from UTC (Kiribati, +14:00): a larger offset makes a date unreadable."""

_ZONE_WORD = re.compile(r"\b(" + "|".join(sorted(ZONE_NAMES, key=len, reverse=True)) + r")\b")
_OFFSET = re.compile(r"(?:[+-]\d{2}:?\d{2}|Z)$")
_CJK_DATE = re.compile(
    r"(?P<y>\d{4})\s*[年/.-]\s*(?P<m>\d{1,2})\s*[月/.-]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\D{0,6}?(?P<H>\d{1,2})\s*[:時]\s*(?P<M>\d{1,2}))?"
)


def has_offset(raw: str | None) -> bool:
    """Whether a date string carries its own UTC offset or zone name."""
    text = (raw or "").strip()
    return bool(_OFFSET.search(text) or re.search(r"[+-]\d{2}:?\d{2}\b", text[10:])) or bool(
        _ZONE_WORD.search(text)
    )


def parse_date(
    raw: str | None,
    default_zone: tzinfo | None = None,
    dayfirst: bool = False,
    reference: datetime | None = None,
) -> datetime | None:
    """A date string as an aware datetime; None if unreadable.

    Handles ISO 8601 in all its spellings, HuffPost's "2019-02-18 16:51:25 -0500", epoch
    seconds and AP's epoch milliseconds, prose dates ("March 2, 2023 6:45 AM"), zone names
    ("Fri Apr 28 10:00:00 CEST 2023") and Japanese dates (2023年4月28日). A time without
    offset or zone name is in `default_zone` (UTC when None); `dayfirst` reads 03.04.2023
    as 3 April. A date needs its day and month: a year, a month or a time alone is no date.
    One printed without its year ("1:12 pm Thursday, Aug 9") is read in the latest year that
    puts it at or before `reference` (the fetch time), and only when the weekday it names, if
    any, falls on it; without a reference it is no date.
    """
    if not raw:
        return None
    text = raw.strip()
    if not text or len(text) > 200:
        return None
    if _EPOCH.match(text):
        seconds = int(text) / (1000 if len(text) == 13 else 1)
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    value = _parse_text(text, dayfirst, reference, _zone_names(default_zone))
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=default_zone or UTC)
    try:
        offset = value.utcoffset()
    except ValueError:  # an offset of a day or more ("+99:00") is refused by datetime itself
        return None
    if offset is None or abs(offset) > MAX_UTC_OFFSET:
        return None
    return value


_INDIA_OR_ISRAEL = (timedelta(hours=5, minutes=30), timedelta(hours=2))


def _zone_names(default_zone: tzinfo | None) -> dict[str, tzinfo]:
    """`ZONE_NAMES`, with "IST" as India's (+05:30) or Israel's (+02:00) standard time when the
    page states that offset on another date or the site's zone is there: Indian sites print
    "10:16pm IST" beside a JSON-LD date at +05:30."""
    offset = default_zone.utcoffset(datetime(2000, 1, 15)) if default_zone is not None else None
    return {**ZONE_NAMES, "IST": timezone(offset)} if offset in _INDIA_OR_ISRAEL else ZONE_NAMES


def _parse_text(
    text: str, dayfirst: bool, reference: datetime | None = None, zones: dict[str, tzinfo] = ZONE_NAMES
) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace(" Z", "Z"))
    except ValueError:
        pass
    if re.match(r"^\d{4}\D", text):
        dayfirst = False  # year first is always year-month-day
    cjk = _CJK_DATE.search(text)
    if cjk and ("年" in text or "月" in text):
        try:
            return datetime(
                int(cjk["y"]), int(cjk["m"]), int(cjk["d"]), int(cjk["H"] or 0), int(cjk["M"] or 0)
            )
        except ValueError:
            return None
    text = english_words(_BRACKETED_ZONE.sub(r"\1", text.replace("@", " ")))  # "@ 2:14pm (PT)"
    lookup = partial(_stated_zone, zones)
    try:
        value = dateutil_parser.parse(text, dayfirst=dayfirst, tzinfos=lookup, default=_FILL)
        other = value
        if value.year == _FILL.year or value.month == _FILL.month or value.day == _FILL.day:
            other = dateutil_parser.parse(text, dayfirst=dayfirst, tzinfos=lookup, default=_OTHER_FILL)
    except (ValueError, OverflowError, TypeError):
        return None
    if (value.month, value.day) != (other.month, other.day):
        return None
    if value.year != other.year:
        return _in_latest_year(value, text, reference)
    return by_weekday(value, text)


def _stated_zone(zones: dict[str, tzinfo], name: str | None, offset: int | None) -> tzinfo | None:
    """The zone a date string states, for dateutil: a name it knows, else the offset written
    ("+0200", "Z"), else none. An unknown name ("2020-01-10T00:59:47ZZ") leaves the time without
    a zone, read as one that states none (see the module's note), and never as the zone of the
    machine that runs the crawl, as dateutil reads a name the machine shares."""
    if name is not None and name in zones:
        return zones[name]
    if offset is None:
        return None
    return UTC if offset == 0 else timezone(timedelta(seconds=offset))


_BRACKETED_ZONE = re.compile(r"\(([A-Z]{2,4})\)")
"""A zone's name in brackets after the time ("2:14pm (PT)")."""
_FILL = datetime(2000, 1, 1)
_OTHER_FILL = datetime(2004, 2, 2)
"""Two fillers for what a date string leaves out: dateutil fills a missing part from its
default (today's, unless told), so a part that differs between the two parses was not printed.
Both years are leap years, so "Feb 29" without a year parses."""


def _in_latest_year(value: datetime, text: str, reference: datetime | None) -> datetime | None:
    """A date printed without its year in the latest year that puts it at or before
    `reference`; None without a reference, or when a weekday it names falls on another day."""
    if reference is None:
        return None
    latest = reference.replace(tzinfo=None)
    for year in range(latest.year, latest.year - 8, -1):
        try:
            dated = value.replace(year=year)
        except ValueError:  # 29 February outside a leap year
            continue
        if dated.replace(tzinfo=None) <= latest:
            weekday = weekday_named(text)
            return None if weekday is not None and dated.weekday() != weekday else dated
    return None


def is_placeholder(value: datetime) -> bool:
    """Whether a readable date is a placeholder (see `PLACEHOLDER_BEFORE_YEAR`) rather than a date."""
    return value.year < PLACEHOLDER_BEFORE_YEAR


def looks_unset(value: datetime) -> bool:
    """Whether a date is the value a system prints for an unset one: the Unix epoch (the instant
    0, or 1 January 1970 at midnight in any zone) or 1 January 1900 at midnight (spreadsheets'
    and databases' day zero). Such a date is taken only when no other source dates the page:
    an archive may state either day for real."""
    if value.hour or value.minute or value.second or value.microsecond:
        return value.timestamp() == 0
    return (value.month, value.day) == (1, 1) and value.year in (1970, 1900)


def date_from_url(url: str) -> datetime | None:
    """A /2023/03/02/ style date in the URL path (midnight UTC), the month and day in one digit
    too ("/2017/7/12/", as Squarespace spells them); the day must end its path segment or be
    followed by a hyphen ("/2012/08/3d-map" spells no day)."""
    match = _URL_DATE.search(url)
    if not match:
        return None
    try:
        year, month, day = (int(g) for g in match.groups())
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return None


REPUBLISHED_AFTER = timedelta(days=2)
"""A publication date this far past the day the page's address spells is a republication: the
address, fixed when the page was first put up (a blog's /2017/7/12/), keeps the original day."""


def _republished(published: datetime, spelled: datetime) -> bool:
    """Whether a publication date is a republication of the page whose address spells `spelled`
    (see `REPUBLISHED_AFTER`); the day apart is allowed for time zones."""
    return published.date() - spelled.date() >= REPUBLISHED_AFTER


@dataclass(slots=True)
class Dates:
    """The article's dates, normalised and raw."""

    published: str | None = None
    published_raw: str | None = None
    modified: str | None = None
    modified_raw: str | None = None


Candidate = str | None | Callable[[], str | None]
"""A date string as found, or a function finding it: a dear source (a walk of the page) is read
only when the sources before it have not settled the date."""


def _read(candidate: Candidate) -> str | None:
    return candidate() if callable(candidate) else candidate


def _offset_sources(doc: Document, candidates: Sequence[Candidate]) -> Iterator[str]:
    """The dates `_page_offset` looks at, in order, each read only when reached: the candidates,
    the `<time>` elements' (a walk of the page), the meta tags'."""
    yield from (value for value in map(_read, candidates) if value)
    yield from doc.time_datetimes[:20]
    yield from (v for k, v in doc.meta.items() if "time" in k or "date" in k)


def _is_utc(zone: tzinfo) -> bool:
    """Whether a stated zone is UTC itself ("Z", +00:00): what systems write their data in, which
    says nothing of the zone the page's printed times are in."""
    return zone.utcoffset(None) == timedelta(0)


def _page_offset(doc: Document, candidates: Sequence[Candidate]) -> tzinfo | None:
    """The UTC offset the page states on one of its dates (its other dates, `<time>`
    elements, meta), for a time printed without one on the same page; the candidates are
    read in order, each only when none before it states an offset."""
    for raw in _offset_sources(doc, candidates):
        if has_offset(raw) and not _EPOCH.match(raw.strip()):
            value = _parse_text(raw.strip(), False)
            if value is not None and value.tzinfo is not None:
                return value.tzinfo
    return None


UPDATE_WORD = re.compile(
    r"\b(?:updated?|last\s+updated|modified|aktualisiert|mis\s+à\s+jour|actualizado|atualizado|"
    r"aggiornato)\b",
    re.I,
)


def _stamp_readings(printed: str) -> list[str]:
    """The publication part of a printed stamp ("April 28, 2019 at 6:01 am Updated April 29…"
    → "April 28, 2019 at 6:01 am"), then the same with up to five trailing words dropped: a
    link printed on the stamp's line ("July 24, 2012 5:14 AM PDT Follow") is no part of it."""
    words = UPDATE_WORD.split(printed, maxsplit=1)[0].strip(" |·,-—–").split()
    return [" ".join(words[:end]) for end in range(len(words), max(len(words) - 6, 0), -1)]


def _text_date(doc: Document, limit: datetime) -> str | None:
    """The publication date printed in the page's visible text (htmldate's search of date
    elements and text), as YYYY-MM-DD; None when it finds none or the site's banner's day."""
    if doc.root is None:
        return None
    try:
        from htmldate import find_date

        found = find_date(
            doc.root,
            extensive_search=False,
            original_date=True,
            url=doc.url or None,
            max_date=limit.strftime("%Y-%m-%d"),
        )
    except Exception:  # htmldate is a best-effort fallback; a page it trips on has no date
        return None
    return found if found and found not in banner_days(doc) else None


def resolve_dates(
    doc: Document,
    published_candidates: Sequence[Candidate],
    modified_candidates: Sequence[Candidate],
    fetched_at: datetime | None = None,
    site_zone: str | None = None,
    printed: str | None = None,
    above: Callable[[], list[str]] | None = None,
    updated: Callable[[], list[str]] | None = None,
    stated_url: str | None = None,
    labelled: Callable[[], list[str]] | None = None,
    below: Callable[[], list[str]] | None = None,
) -> Dates:
    """Pick the first readable date of each list (structured data first), then the date
    `printed` beside the byline, then `<time>` (not the site banner's: `story_time`; a date
    printed under a publication label above the story, `labelled`, beats one days away), then the
    URL, then the dates printed `above` the story (asked for only then), then a date printed in
    the page, then one printed `below` the story's first line or its last (`dates_below`), then
    the address the page states (`stated_url`: canonical link or og:url); an
    update the candidates lack from the dates printed under an update label above the story
    (`updated`); skip placeholders (year 1), take an unset-looking date (1970-01-01, 1900-01-01
    at midnight) only when none of those has another, reject dates after the fetch time and an
    update before the publication. A time without offset takes the page's own offset, else
    `site_zone` (an IANA name), else its language's zone (`language_zone`), else UTC (a stated
    UTC yields to those two); the `_raw` values stay as found. A candidate given as
    a function is called only when the candidates before it settle nothing (see `Candidate`)."""
    limit = (fetched_at or datetime.now(UTC)) + FUTURE_TOLERANCE
    dates = Dates()
    everything = [*published_candidates, *modified_candidates]
    stated = _page_offset(doc, everything)
    local = zone_named(site_zone) or language_zone(doc.language or doc.script_language)
    zone = local if local is not None and (stated is None or _is_utc(stated)) else stated
    order = NumericOrder(doc)

    unset: dict[str, tuple[datetime, str]] = {}

    def first(candidates: Sequence[Candidate], kind: str = "published") -> tuple[datetime | None, str | None]:
        """The first readable date and its string; else no date, and the first string that
        could not be read at all (kept on record as found). An unset-looking date
        (`looks_unset`) is put aside under `kind`, for when no other source has one."""
        unreadable = None
        for raw in map(_read, candidates):
            value = parse_date(raw, zone, order.day_first(raw), reference=limit)
            if value is not None and not is_placeholder(value) and value <= limit:
                if not looks_unset(value):
                    return value, raw
                unset.setdefault(kind, (value, raw or ""))
            if value is None and raw and raw.strip() and unreadable is None:
                unreadable = raw
        return None, unreadable

    def machine_time() -> str | None:
        """The story's `<time>`, or the labelled date printed above the story when it falls more
        than a day away: the label says which is the publication (a `<time>` may hold a later
        edit's)."""
        value = story_time(doc)
        raw = next(iter(labelled()), None) if value and labelled else None
        if raw is not None and order.knows(raw):
            stated = parse_date(raw, zone, order.day_first(raw), limit)
            machine = parse_date(value, zone, False, limit)
            if stated and machine and abs((stated.date() - machine.date()).days) > 1:
                return raw
        return value

    readings = _stamp_readings(printed or "")
    stamp = next((r for r in readings if parse_date(r, zone, order.day_first(r), limit)), None)
    published, dates.published_raw = first([*published_candidates, stamp, machine_time])
    spelled = date_from_url(doc.url)
    if spelled is not None and (published is None or _republished(published, spelled)):
        published, dates.published_raw = spelled, None
        if above is not None:  # the address spells the day only: a time printed above the story that day
            value, raw = first([r for r in above() if r])
            if value is not None and value.date() == spelled.date() and value.time() != spelled.time():
                published, dates.published_raw = value, raw
    # each fallback is dear (a walk of the page, htmldate's search): asked for only while no date
    fallbacks: list[Callable[[], Sequence[str | None]]] = [lambda: [_text_date(doc, limit)]]
    if below is not None:
        fallbacks.append(below)
    if above is not None:
        fallbacks.insert(0, above)
    for fallback in fallbacks:
        found = fallback() if published is None else []
        value, raw = first([*found]) if any(found) else (None, None)
        if value is not None:
            published, dates.published_raw = value, raw
    if published is None and stated_url:
        published = date_from_url(stated_url)  # the address the page states, its last word
    if published is None and "published" in unset:
        published, dates.published_raw = unset["published"]
    modified, dates.modified_raw = first(modified_candidates, "modified")
    if modified is None and updated is not None:  # printed under the headline, read one way only
        value, raw = first([r for r in updated() if order.knows(r)])
        if value is not None:
            modified, dates.modified_raw = value, raw
    if modified is None and published is None and "modified" in unset:
        modified, dates.modified_raw = unset["modified"]
    if published is not None and modified is not None and modified < published:
        modified = None  # an update cannot precede publication; the raw value stays on record
    dates.published = published.isoformat() if published else None
    dates.modified = modified.isoformat() if modified else None
    return dates
