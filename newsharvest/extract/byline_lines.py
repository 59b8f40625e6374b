"""Whether a line is a byline: "By" and names, names with a wire's credit, a writer's title.

Read wherever a story's header is looked for (the headline rules, the printed byline, the body's
line filters), so the tests of what a byline line is live in one place.
"""

from __future__ import annotations

import re

from newsharvest.extract.agencies import agency_of
from newsharvest.extract.cleanup import is_stamp_line
from newsharvest.extract.document import collapse

_BYLINE = re.compile(
    r"^(?:By|BY|Von|VON|Por|POR|Par|PAR|Di|DI|Door|Af|Av)\s+"
    r"(?P<names>[^|·•,\d][^|·•\d]{0,80}?)\s*(?:[|·•]\s*.{0,60})?$"
)
_DATED_BYLINE = re.compile(
    r"^(?P<byline>[^,\d]{4,90}?)(?:,|\s[-–|·•]|\s+on)?\s+"
    r"(?P<stamp>(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+)?(?:\d.{3,60}|[A-Z][a-z]{2,8}\.?\s+\d.{1,50}))$"
)
"""A byline with the date after it ("by Jane Doe, 30 December 2007", "By JANE DOE March 11, 2015",
"by Jane Doe, Friday, Dec 28, 2007 9:00 AM ET", "By Jane Doe, Wednesday, 20 November 2019 08:05
GMT", "by Jane Doe on March 3, 2012")."""
_NAME_JOINERS = frozenset(
    {"and", "und", "y", "e", "et", "de", "del", "da", "van", "von", "der", "den", "la", "le", "&"}
)

_LOWERCASE_AGENCIES = frozenset({"dpa", "afp", "apa", "sid", "kna", "epd", "dts"})

_ROLE_AFTER_NAMES = re.compile(
    r",\s*(?:an?\s+)?(?:[\w.&'’-]+\s+){0,3}(?:writer|reporter|correspondent|editor|contributor|columnist)$",
    re.I,
)
"""The writer's role after the names, lower case as often as not ("By A, TODAY contributor",
"By A, staff writer")."""


_POSTED_BY = re.compile(
    r"\b(?:Posted|Published|Publicado|Publicada|Veröffentlicht|Publié|Pubblicato)\s+"
    r"(?:by|por|von|par|da)\b",
    re.IGNORECASE,
)


_CREDIT_TITLE = re.compile(
    r"^(?:[A-Z][\w.&'’-]*\s+){1,6}?(?i:(?:Staff\s+)?(?:Writers?|Correspondents?|News\s+Services?))$"
)
"""A byline's title line standing alone ("Palm Beach Post Staff Writer", "CanWest News Service")."""


def is_credit_title(text: str) -> bool:
    """Whether a line is only a writer's or a wire's title (the name above it, or none)."""
    return _CREDIT_TITLE.match(collapse(text)) is not None


def is_credited_names(text: str) -> bool:
    """Whether a line is a byline printed without "By": names, a comma, and a wire's name or a
    writer's title ("Meg Kinnard and Errin Haines, Associated Press", "Jane Doe, AP Auto Writer")."""
    names, comma, credit = collapse(text).rpartition(", ")
    if not comma or not names or agency_of(names):
        return False
    if agency_of(credit) is None and _CREDIT_TITLE.match(credit) is None:
        return False
    words = names.split()
    return 1 < len(words) <= 8 and all(w[0].isupper() or w.lower() in _NAME_JOINERS for w in words)


def is_byline_line(text: str, *, dated: bool = False) -> bool:
    """Whether a line is a byline ("By Jane Doe and John Roe", "Von dpa | 07.03.2024").

    The words after "By" must read as names (capitalised, or joiners like "and", "von"), so
    that a sentence such as "By Friday, officials said …" is not taken for one. `dated`: also a
    lower-case "by" and a date or time stamp after the names ("by Jane Doe, 30 December 2007"),
    for finding where a story's header stands (such a line is left in the text, where some
    datasets' truths keep it). A short line
    saying "Published by …" ("12/05/2023 - Publicado por: …") is one too.
    """
    text = collapse(text)
    if len(text.split()) <= 14 and _POSTED_BY.search(text):
        return True
    if dated and text.startswith("by "):
        text = "By" + text[2:]
    match = _BYLINE.match(text)
    if match is None and dated:
        found = _DATED_BYLINE.match(text)  # "by Jane Doe, 30 December 2007"
        if found is not None and is_stamp_line(found.group("stamp")):
            match = _BYLINE.match(found.group("byline"))
    if match is None:
        return False
    words = _ROLE_AFTER_NAMES.sub("", match.group("names")).split()
    return 0 < len(words) <= 8 and all(
        w.lstrip("(")[:1].isupper() or w.lower() in _NAME_JOINERS or w in _LOWERCASE_AGENCIES for w in words
    )
