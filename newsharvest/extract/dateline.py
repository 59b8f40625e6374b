"""Datelines: the place (and agency) line opening a story, "NEW DELHI (AP) —"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsharvest.extract.byline import agency_of
from newsharvest.extract.cleanup import is_stamp_line
from newsharvest.extract.postlines import BULLET
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
_BRACKETED_CREDIT = re.compile(r"^【(?:[^】\s]{1,12}\s+)?(?P<source>[^】=＝\s]{2,20})】")
"""A Japanese story's opening credit with no place: the agency in lenticular brackets, after
the day ("【6月18日 AFP】")."""
_CREDIT_LINE_CHARS = 40


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


@dataclass(slots=True)
class StoryOpening:
    """Where a story opens: the agency credited there, its dateline, and its paragraphs with a
    line that is only the credit taken out and a dateline printed alone joined to the text."""

    agency: str | None
    dateline: Dateline | None
    paragraphs: list[str]


def story_opening(paragraphs: list[str]) -> StoryOpening:
    """The opening of a story's `paragraphs`. A wire story republished elsewhere may print the
    agency's name on a line of its own ("(AP)", "The Associated Press", or the name the
    dateline after it gives in parentheses: "CNN" over "WASHINGTON (CNN) —"): no sentence of
    the story, it leaves the text; so do such a credit and the date stamp under it ("Reuters"
    over "Wednesday January 9 2008"). A dateline on a line of its own ("LONDON --") opens the
    next line. A Japanese story may open with its agency in brackets after the day
    ("【6月18日 AFP】")."""
    if not paragraphs:
        return StoryOpening(None, None, paragraphs)
    first, credit = paragraphs[0], None
    stamped = agency_over_stamp(paragraphs)
    if stamped is not None and len(paragraphs) > 2:
        credit, paragraphs = stamped, paragraphs[2:]
    elif len(paragraphs) > 1 and len(first) <= _CREDIT_LINE_CHARS:
        after = find_dateline(_opening_of(paragraphs[1:]))
        named = (after.agency or "") if after is not None else ""
        if agency_of(first) or (named and first.casefold() == named.casefold()):
            credit = agency_of(first) or agency_of(named)
            paragraphs = paragraphs[1:]
    if len(paragraphs) > 1 and _dateline_alone(paragraphs[0]):
        paragraphs = [f"{paragraphs[0]} {paragraphs[1]}", *paragraphs[2:]]
    dateline = find_dateline(paragraphs[0])
    if dateline is not None:
        return StoryOpening(credit or agency_of(dateline.agency), dateline, paragraphs)
    bracketed = _BRACKETED_CREDIT.match(paragraphs[0])
    if bracketed is not None:
        credit = credit or agency_of(bracketed.group("source"))
    return StoryOpening(credit, None, paragraphs)


def agency_line(line: str) -> str | None:
    """The agency a short line names alone, a list bullet before it allowed ("- Reuters",
    "The Associated Press"), or None."""
    if len(line) > _CREDIT_LINE_CHARS:
        return None
    return agency_of(BULLET.sub("", line.strip()))


def agency_over_stamp(lines: list[str]) -> str | None:
    """The agency a wire story's credit names over its date stamp at the start of `lines`
    ("Reuters" over "Wednesday January 9 2008"): neither line is the story's text."""
    if len(lines) < 2 or not is_stamp_line(lines[1]):
        return None
    return agency_line(lines[0])


def _dateline_alone(line: str) -> bool:
    """Whether a line is only a dateline ("LONDON --")."""
    found = find_dateline(line + " ")
    return found is not None and found.raw == line.strip()


def _opening_of(paragraphs: list[str]) -> str:
    """The first paragraph, with the next after it when it is only a dateline."""
    return " ".join(paragraphs[:2]) if _dateline_alone(paragraphs[0]) else paragraphs[0]
