"""Which way a page writes its numeric dates: 03.04.2023 is 3 April in Berlin, March 4 in Ohio.

The page's language decides when it says more than "English" (a region, or another language).
A page in plain English, or with no language at all, is read by its own numeric dates: one with
a first part over 12 (29/12/2007) shows day first, one with a second part over 12 (12/29/2007)
month first; so does the same day written with its month's name elsewhere on the page ("Mai 06
2018" beside 06.05.2018: day first), and so does a German label word printed right before one
("Stand: 03.04.2023", "am 03.04.2023", "vom 03.04.2023": German writes day first); with no such
date, month first (the American order) as before. A weekday printed with an ambiguous date
("Tuesday, 11.06.2012") settles that date alone.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cached_property

from newsharvest.extract.date_words import MONTH_NAMES, month_number
from newsharvest.extract.document import Document

_MONTH_FIRST = ("en-us", "en", "en-ph", "en-ca", "fil")
"""Languages whose numeric dates put the month first (04/03/2023 = April 3)."""
_UNSAID = ("en", "")
"""Language tags that do not say which way numeric dates go (English of no region, none)."""
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})([./-])(\d{1,2})\2(?:\d{4}|\d{2})\b")
_NAMED_DATE = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:de\s+)?(?P<m1>{MONTH_NAMES})\.?,?\s+(?:de\s+)?(?P<y1>\d{{4}})"
    rf"|(?P<m2>{MONTH_NAMES})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}}))\b",
    re.I,
)
"""A date written with its month's name, day first or month first ("6. Mai 2018", "May 06 2018")."""
_GERMAN_LABEL = re.compile(
    r"(?:\b(?:Stand|vom|veröffentlicht|aktualisiert|erschienen)|(?<![\d:])(?<![\d:]\s)\bam)\s*:?\s*$", re.I
)
"""A German word that labels the date printed right after it ("Stand: ", "am ", "vom "): the
date is written day first. "am" after a time ("10:30 am") is English and no label."""
_WEEKDAY = re.compile(
    r"\b(?:(mon)(?:day)?|(tue)(?:s|sday)?|(wed)(?:nesday)?|(thu)(?:rs?|rsday)?|(fri)(?:day)?"
    r"|(sat)(?:urday)?|(sun)(?:day)?)\b\.?",
    re.I,
)
"""An English weekday, whole or shortened; the group that matched is its number (Monday 1)."""


def weekday_named(text: str) -> int | None:
    """The weekday `text` names (Monday 0, as `datetime.weekday`), or None."""
    named = _WEEKDAY.search(text)
    return named.lastindex - 1 if named is not None and named.lastindex is not None else None


def day_first(language: str | None) -> bool:
    """Whether a page in `language` writes numeric dates day first (everyone but the US)."""
    lang = (language or "en").strip().lower().replace("_", "-")
    return lang not in _MONTH_FIRST


class NumericOrder:
    """Which way one page writes numeric dates (see the module's docstring); the page's text is
    read only for a date that needs it, an ambiguous one on a page whose language does not say."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.said = (doc.language or "").strip().lower() not in _UNSAID

    def day_first(self, raw: str | None) -> bool:
        """Whether to read `raw` day first."""
        if self.said or not _ambiguous(raw or ""):
            return day_first(self.doc.language)
        return self._page_day_first

    def knows(self, raw: str | None) -> bool:
        """Whether `raw` reads one way only: no ambiguous numeric date in it, or the page's
        language or its own numeric dates say which way (not month first for want of either)."""
        return self.said or not _ambiguous(raw or "") or self._page_votes[0] != self._page_votes[1]

    @cached_property
    def _page_day_first(self) -> bool:
        """The majority of the page's unambiguous numeric dates, else month first."""
        days, months = self._page_votes
        return days > months

    @cached_property
    def _page_votes(self) -> tuple[int, int]:
        """How many of the page's numeric dates read day first only, and month first only."""
        text = self.doc.root.text_content() if self.doc.root is not None else ""
        days = months = 0
        for match in _NUMERIC_DATE.finditer(text):
            first, second = int(match[1]), int(match[3])
            days += first > 12 >= second
            months += second > 12 >= first
        if days == months:
            named_days, named_months = self._named_votes
            days, months = days + named_days, months + named_months
        if days == months:
            days += self._labelled_votes
        return days, months

    @cached_property
    def _spaced_text(self) -> str:
        """The page's text pieces joined by spaces (read once for the votes that need it)."""
        return " ".join(self.doc.root.itertext()) if self.doc.root is not None else ""

    @cached_property
    def _labelled_votes(self) -> int:
        """How many of the page's numeric dates a German label word stands right before (text
        pieces read apart: "Stand:<span>03.04.2023</span>")."""
        text = self._spaced_text
        return sum(
            bool(_GERMAN_LABEL.search(text, max(match.start() - 20, 0), match.start()))
            for match in _NUMERIC_DATE.finditer(text)
        )

    @cached_property
    def _named_votes(self) -> tuple[int, int]:
        """How many of the page's ambiguous numeric dates are, read day first only or month
        first only, a day the page also writes with its month's name (text pieces read apart:
        "Mai<span>06</span>2018" is "Mai 06 2018")."""
        text = self._spaced_text
        named = set()
        for match in _NAMED_DATE.finditer(text):
            month = month_number(match["m1"] or match["m2"])
            if month is not None:
                named.add((int(match["d1"] or match["d2"]), month, (match["y1"] or match["y2"])[-2:]))
        days = months = 0
        for match in _NUMERIC_DATE.finditer(text) if named else ():
            first, second, year = int(match[1]), int(match[3]), match[0][-2:]
            if first != second:
                days += (first, second, year) in named
                months += (second, first, year) in named
        return days, months


def _ambiguous(raw: str) -> bool:
    """Whether `raw` holds a numeric date both of whose first parts could be the month."""
    return any(int(m[1]) <= 12 and int(m[3]) <= 12 for m in _NUMERIC_DATE.finditer(raw))


def by_weekday(value: datetime, text: str) -> datetime:
    """An ambiguous numeric date read the other way round when only that way falls on the
    weekday printed with it ("Tuesday, 11.06.2012": 6 November, not 11 June, 2012)."""
    weekday = weekday_named(text)
    if weekday is None or value.day > 12 or value.day == value.month or not _NUMERIC_DATE.search(text):
        return value
    if value.weekday() == weekday:
        return value
    try:
        swapped = value.replace(month=value.day, day=value.month)
    except ValueError:
        return value
    return swapped if swapped.weekday() == weekday else value
