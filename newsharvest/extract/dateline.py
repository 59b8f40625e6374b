"""Datelines: the place (and agency) line opening a story, "NEW DELHI (AP) —"."""

from __future__ import annotations

import re

from newsharvest.extract.byline import agency_of
from newsharvest.extract.record import Dateline

_DATELINE = re.compile(
    r"""^(?P<raw>
        (?P<place>[A-ZÀ-Ý][A-ZÀ-Ý.'’\- ]*[A-ZÀ-Ý.]           # the upper-case city: NEW DELHI, ST. LOUIS
           (?:,\ [A-ZÀ-Ý][\w.'’\-]*(?:\ [A-ZÀ-Ý][\w.'’\-]*){0,3})?)  # optional state/country: Wis., Ukraine
        (?:,?\ (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?\ \d{1,2})?  # "Aug. 20"
        \s*
        (?:\((?P<agency>[^()]{1,40})\)\s*)?
        (?P<dash>—|–|--|-|:)
    )\s+""",
    re.VERBOSE,
)
_CJK_DATELINE = re.compile(
    r"^(?P<raw>(?P<head>[\u4e00-\u9fff]{2,16}?)(?:\d{1,2}\s*月\s*)?\d{1,2}\s*日\s*(?:电|電))"
)
"""A Chinese wire dateline: agency, place, day and "dispatch" ("新华社北京11月17日电")."""
_BRACKETED_DATELINE = re.compile(r"^(?P<raw>【(?P<place>[^】=＝]{1,20})[=＝](?P<source>[^】]{1,20})】)")
"""A Japanese dateline: place and source in lenticular brackets ("【ワシントン=共同】"); the
source is an agency or the reporter."""


def find_dateline(first_paragraph: str) -> Dateline | None:
    """The dateline opening `first_paragraph`, or None. The paragraph itself is left as is."""
    match = _DATELINE.match(first_paragraph)
    if not match:
        return _cjk_dateline(first_paragraph)
    place = match.group("place").strip()
    city = place.split(",")[0]
    # Require a real upper-case place word (not "A" or "I" starting a sentence).
    if len(city.replace(" ", "").replace(".", "")) < 3 or not city.isupper():
        return None
    agency_text = match.group("agency")
    agency = (agency_of(agency_text) or agency_text.strip()) if agency_text else None
    if match.group("dash") in {"-", ":"} and not agency:
        return None  # "WASHINGTON -" alone is too weak a signal; hyphen datelines carry an agency
    return Dateline(place=place, agency=agency, raw=match.group("raw").strip())


def _cjk_dateline(first_paragraph: str) -> Dateline | None:
    """A Chinese wire dateline led by a known agency ("新华社北京11月17日电": Xinhua, Beijing), or
    a Japanese one in brackets ("【ワシントン=共同】": Kyodo, Washington; the agency only when
    the source is a known one, not a reporter's name)."""
    bracketed = _BRACKETED_DATELINE.match(first_paragraph)
    if bracketed:
        source = bracketed.group("source").strip()
        place = bracketed.group("place").strip()
        return Dateline(place=place, agency=agency_of(source), raw=bracketed.group("raw"))
    match = _CJK_DATELINE.match(first_paragraph)
    if not match:
        return None
    head = match.group("head")
    for end in range(len(head), 1, -1):
        agency = agency_of(head[:end])
        if agency and head[end:]:
            return Dateline(place=head[end:], agency=agency, raw=match.group("raw"))
    return None
