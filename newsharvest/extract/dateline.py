"""Datelines: the place (and agency) line opening a story, "NEW DELHI (AP) —"."""

from __future__ import annotations

import re

from newsharvest.extract.byline import agency_of
from newsharvest.extract.record import Dateline

_DATELINE = re.compile(
    r"""^(?P<raw>
        (?P<place>[A-ZÀ-Ý][A-ZÀ-Ý.'’\- ]*[A-ZÀ-Ý.]           # the upper-case city: NEW DELHI, ST. LOUIS
           (?:,\ [A-ZÀ-Ý][\w.'’\-]*(?:\ [A-ZÀ-Ý][\w.'’\-]*){0,3})?)  # optional state/country: Wis., Ukraine
        \s*
        (?:\((?P<agency>[^()]{1,40})\)\s*)?
        (?P<dash>—|–|--|-|:)
    )\s+""",
    re.VERBOSE,
)


def find_dateline(first_paragraph: str) -> Dateline | None:
    """The dateline opening `first_paragraph`, or None. The paragraph itself is left as is."""
    match = _DATELINE.match(first_paragraph)
    if not match:
        return None
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
