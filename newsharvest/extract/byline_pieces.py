"""A byline printed above the story in pieces: its label and the name in elements of their own.

The lines between the headline and the story (`printed_dates.lines_above`) are the page's text
pieces, so "<p>By <a href='mailto:…'>A</a></p>" gives "By" and "A", and "<span>Written
by</span> <span>A</span>" the same; neither piece reads as a byline alone. `byline_reading`
reads a line as printed, else as its element's whole text (`_whole_line`), else joined to the
line printed after its label (`_with_name_after`), else as "By" a name printed alone over its
"on <date>" line (`_name_over_date`) or names printed alone under the headline over a
"Published" stamp (`_names_over_stamp`); `printed_byline.byline_above` asks it.
"""

from __future__ import annotations

import re

import lxml.html

from newsharvest.extract.byline import MAX_BYLINE_CHARS, agency_of
from newsharvest.extract.byline_lines import is_byline_line, is_credit_title
from newsharvest.extract.cleanup import is_stamp_line
from newsharvest.extract.date_words import YEAR
from newsharvest.extract.document import collapse
from newsharvest.extract.persons import is_person_name
from newsharvest.extract.printed_dates import PUBLISHED_LABEL
from newsharvest.extract.story_start import TAIL

_PAGE_LINK = re.compile(r"\s*(?:https?:|/|\w+[^:]*$)", re.I)
"""A link's address that is a page's (absolute, rooted or relative), not "mailto:" or "javascript:"."""
_MARKS_BEFORE_BY = re.compile(r"^[/|—–•·-]+\s*(?=[Bb]y\s)")
"""Marks a design sets before a byline over the story ("// By A", "— By A")."""
_LABEL_ALONE = re.compile(r"^(?:(?:Written|Posted|Story|Words|Text|Submitted)\s+)?(?:by|By|BY)\s*:?$")
"""A byline's label printed alone: "By", "Written by", "Posted by:"."""


def byline_reading(
    lines: list[tuple[str, lxml.html.HtmlElement]], index: int
) -> tuple[str, lxml.html.HtmlElement | None] | None:
    """Line `index` of `lines` (nearest the story first) read as a byline line: as printed
    (a design's marks before "By" left out: "// By A • Nov 11, 2020"), else as its element's
    whole text, else joined to the name printed after its label, else as "By" a name alone over
    its "on <date>" line; with the link to a page the name is printed in when joined or read
    alone (the author's page). None when no reading is a byline."""
    line, owner = lines[index]
    line = _MARKS_BEFORE_BY.sub("", line)
    if is_byline_line(line, dated=True):
        return line, None
    line = _MARKS_BEFORE_BY.sub("", _whole_line(line, owner))
    if is_byline_line(line, dated=True):
        return line, None
    line, link = _with_name_after(lines, index)
    if is_byline_line(line, dated=True):
        return line, link
    return _name_over_date(lines, index) or _names_over_stamp(lines, index)


_ON_DATE = re.compile(r"^on\s+(?=\S)")
"""The date line under a name without "By": "Gregory Johnsen" / "on November 7, 2012, 7:19 PM"."""


def _name_over_date(
    lines: list[tuple[str, lxml.html.HtmlElement]], index: int
) -> tuple[str, lxml.html.HtmlElement | None] | None:
    """Line `index` read as "By" its name when it is a person's name alone and the line printed
    right after it opens with "on" and a dated stamp (a blog's "A" over "on November 7, 2012")."""
    if index == 0:
        return None
    name, owner = lines[index]
    after = lines[index - 1][0]
    if not _ON_DATE.match(after) or not YEAR.search(after) or not is_stamp_line(_ON_DATE.sub("", after)):
        return None  # a full date, its year printed: "on March 3" may close a reader's comment
    return (f"By {name}", _page_link(owner)) if _is_name(name) else None


def _is_name(text: str) -> bool:
    """Whether a line alone reads as one person's name: two to four capitalised words."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(word[:1].isupper() for word in words) and is_person_name(text)


_NAMES_APART = re.compile(r"\s+(?:and|&)\s+")
"""Between two writers' names on one line. Not a comma: "A, Outlet" prints the outlet after it."""
_LABEL_ONLY = re.compile(rf"^(?:{PUBLISHED_LABEL.pattern})\s*:?$", re.I)
"""A publication label printed alone, its date in the next piece."""
_OUTLET_WORDS = 5
"""The most words of the line that may stand between the names and the stamp (the writer's
outlet or agency: "Associated Press", "Sioux Falls Argus Leader")."""


def _names_over_stamp(
    lines: list[tuple[str, lxml.html.HtmlElement]], index: int
) -> tuple[str, lxml.html.HtmlElement | None] | None:
    """Line `index` read as "By" its names when it is the first line under the headline, holds
    people's names alone ("A", "A and B"), and the line after it, or the one after that below a
    short line (the outlet), is a stamp labelled as the publication's ("Published 10:02 AM EST
    Nov 19, 2019"; the label and the date may be pieces apart, "Published:" in one `<font>`, the
    date in the next): a story header of names, outlet and stamp, no "By" printed. Below a wire
    agency's name or a writer's title ("AP Sports Writer") the stamp needs no label."""
    if index != len(lines) - 1 or index == 0:
        return None
    credit = _credit_line(lines[index - 1][0])
    for gap in (1, 2):
        stamp = lines[index - gap][0] if index >= gap else ""
        if index > gap and _LABEL_ONLY.match(stamp):
            stamp = f"{stamp} {lines[index - gap - 1][0]}"
        label = PUBLISHED_LABEL.match(stamp)
        dated = stamp[label.end() :].lstrip(": ") if label else stamp
        if (label or (gap == 2 and credit)) and YEAR.search(stamp) and is_stamp_line(dated):
            break
    else:
        return None
    if gap == 2 and len(lines[index - 1][0].split()) > _OUTLET_WORDS:
        return None
    name, owner = lines[index]
    if "," in name or not all(_is_name(part) for part in _NAMES_APART.split(name)):
        return None
    return f"By {name}", _page_link(owner)


def _credit_line(text: str) -> bool:
    """Whether a line is a wire agency's name or a writer's title alone ("Associated Press", "AP
    Sports Writer"): between a name and a date it makes them a byline, labelled or not."""
    return is_credit_title(text) or agency_of(text) is not None


def _whole_line(piece: str, owner: lxml.html.HtmlElement) -> str:
    """The whole text of the element a line's first piece opens ("By" and the name after it in
    an element of its own: "<p>By <span>A</span></p>", or a mail link), when short enough for a
    byline; else the piece. Not in a list item or an `<aside>` (a related story's "Par
    <span>A</span>" under its teaser), nor over a link to a page (`author_links` reads those)."""
    if owner is TAIL or len(owner) == 0 or any(e.tag in ("li", "aside") for e in owner.iterancestors()):
        return piece
    if any(_PAGE_LINK.match(link.get("href") or "") for link in owner.iter("a")):
        return piece
    whole = collapse(" ".join(owner.itertext()))
    return whole if whole.startswith(piece) and len(whole) <= MAX_BYLINE_CHARS else piece


def _with_name_after(
    lines: list[tuple[str, lxml.html.HtmlElement]], index: int
) -> tuple[str, lxml.html.HtmlElement | None]:
    """Line `index` of `lines` (nearest the story first) joined to the line printed right after
    it when it is a byline's label alone ("By" over "A"; a label the byline rules do not know,
    "Written by", reads as "By"), with the link to a page the name is printed in, if any (the
    author's page); else that line itself and None."""
    line = lines[index][0]
    if index == 0 or not _LABEL_ALONE.match(line):
        return line, None
    name, owner = lines[index - 1]
    joined = f"{line.rstrip(': ')} {name}"
    return joined if is_byline_line(joined, dated=True) else f"By {name}", _page_link(owner)


def _page_link(owner: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The link to a page a line's element is, or stands in (two levels up at most)."""
    if owner is TAIL:
        return None
    links = [e for e in (owner, *list(owner.iterancestors())[:2]) if e.tag == "a"]
    return next((link for link in links if _PAGE_LINK.match(link.get("href") or "")), None)
