"""The publication date printed between the headline and the story's first lines.

A page that states no date in its markup often prints one there, with its byline or alone
("by Ann Lee on Thursday, December 15, 2011 at 4:30am", "Posted Aug 9th 2012 2:15PM"), or
opens its story with it ("October 25, 2012 - The council…"). The page's short lines before the
story's start (`story_start.py`) are walked back to the headline; each full date found there —
day, month and year, with its time and zone when printed beside it — is a candidate, nearest
the story first. Above the headline only a line opening with a date a few lines over it is read
("14.06.2019 (ch)" over the headline, the date and the editor's initials): the site header's
"today" stands further up, past its menus; a line announcing an update is never read.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import lxml.html

from newsharvest.extract.cleanup import is_stamp_line
from newsharvest.extract.date_words import MONTH_NAMES, WEEKDAY_NAMES
from newsharvest.extract.dates import UPDATE_WORD
from newsharvest.extract.headings import squash
from newsharvest.extract.screen_reader import screen_reader_only
from newsharvest.extract.story_start import TAIL, StoryStart, TextRun

_FULL_DATE = re.compile(
    r"(?:\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+(?-i:[A-Z]{2,4})\b)?,?\s+"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?)?"
    rf"(?:\b(?:{MONTH_NAMES})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:de\s+)?(?:{MONTH_NAMES})\.?,?\s+(?:de\s+)?\d{{4}}"
    r"|\b\d{4}-\d{2}-\d{2}|\b\d{1,2}[./]\d{1,2}[./]\d{4}|\b\d{4}[./]\d{1,2}[./]\d{1,2}|\b\d{1,2}\.\d{1,2}\.\d{2}(?![\d.])"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)(?:\b|(?<=日))"
    r"(?:,?\s*(?:at|@|-|um|à|às|alle)?\s*\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
    r"(?:\s+(?-i:[A-Z]{2,4})\b|\s+\((?-i:[A-Z]{2,4})\))?)?",
    re.I,
)
"""A date with its day, month and year (year first too: "2023.11.17", "2018年6月18日"; the year in
two digits after full stops, "8.5.12", as German pages shorten it), and the time (and zone, in
brackets too: "2:14pm (PT)") printed right after it or right before it ("5:08 PM EDT, Thu
November 1, 2012", as CNN prints it)."""
_WEEKDAY_BEFORE = re.compile(rf"(?<![\w-])(?:{WEEKDAY_NAMES})\.?,?\s*$", re.I)
"""A weekday printed right before a numeric date ("Tuesday, 11.06.2012"): read with it, it settles
which way an ambiguous date goes (`date_order.by_weekday`)."""
_WEEKDAY_OPENING = re.compile(rf"^(?:{WEEKDAY_NAMES})\.?,?\s+", re.I)
"""A weekday opening a line before its date ("Thursday, January 17th, 2008")."""
_CLOCK = re.compile(r"\d{1,2}:\d{2}")
"""A time of day: a date printed with its time is a stamp, not the site's "today"."""
_DATE_HEADERS = frozenset({"h2", "h3", "h4", "h5", "h6"})
"""The tags of a blog's date header over a post's title."""
_NUMERIC = re.compile(r"\d{1,2}[./]\d{1,2}[./]\d{2}")
"""A day and month in digits, first: which way they go is what a weekday beside them can settle."""
PUBLISHED_LABEL = re.compile(
    r"\b(?:published|posted|publi[ée]e?|ver[öo]ffentlicht|erschienen|publicad[oa]|pubblicat[oa]|"
    r"gepubliceerd)\b",
    re.I,
)
"""A word that labels the date after it as the publication's ("Published", "Publié le",
"Veröffentlicht am", "Publicado el", "Pubblicato il")."""
_LINE_CHARS = 120
"""A line above the story longer than this is text (a subtitle, a caption), not a byline or a stamp."""
_LEAD_CHARS = 50
"""A date must begin this close to the start of its line: further in, it is a date the text
speaks of ("arrives at the gala on May 18, 2012")."""
_LINES_BACK = 14
"""How many lines above the story's first the headline is looked for in (see `_reach`)."""
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_OVER_HEADLINE = 10
"""How many short lines over the headline are looked at for a date opening one of them."""
_UPDATE_OVER_HEADLINE = 5
"""How many short lines over the headline are looked at for an update stamp (the page's tools,
"E-mail this to a friend", may stand between)."""
_HEADINGS = frozenset({"h1", "h2"})
"""A headline's tags: the walk stops there; at an `<h3>` too when it reads like a headline (four
words or more, no date): sites also print a byline's agency or the date itself in one."""


def dates_above(start: StoryStart) -> list[str]:
    """The full dates printed from the headline down to the story's first line: those of the
    short lines above the story, nearest first, while a heading stands above them within
    reach; then one opening the story's first line; failing those, the one opening a line just
    over the headline (see the module's docstring)."""
    found = _short_lines_above(start)
    if found is None:
        return []
    texts, index, lines = found
    above = [date for i in lines if (date := date_opening(texts, i))]
    above = [*above, date] if (date := date_opening(texts, index)) else above
    return above or _date_over_headline(start)


def _date_over_headline(start: StoryStart) -> list[str]:
    """The date opening one of the short lines right over the headline, nearest it first: the
    first such date alone, for a page printing none under its headline. A heading right over
    the headline may print a weekday before it (a blog's date header, "<h2>Thursday, January
    17th, 2008</h2>"); elsewhere such a line is the site's "today", unless it prints the time
    too ("Thu, 10 Jan 2008 01:40:05 GMT": the story's stamp)."""

    def opening(texts: list[str], i: int) -> str | None:
        if _FULL_DATE.match(texts[i].strip()):
            return date_opening(texts, i)
        timed = _weekday_led(texts[i])
        return date_opening(texts, i) if timed and _CLOCK.search(timed.group(0)) else None

    def after_weekday(texts: list[str], i: int) -> str | None:
        heading = owners[i] is not TAIL and _DATE_HEADERS & {owners[i].tag, _parent_tag(owners[i])}
        return date_opening(texts, i) if heading and _weekday_led(texts[i]) else None

    owners = start.found[0].owners if start.found is not None else []
    return _over_headline(start, 1, after_weekday) or _over_headline(start, _OVER_HEADLINE, opening)


def _weekday_led(line: str) -> re.Match[str] | None:
    """The full date opening a line once a weekday before it is left out ("Thu, 10 Jan 2008")."""
    return _FULL_DATE.match(_WEEKDAY_OPENING.sub("", line.strip()))


def _parent_tag(element: lxml.html.HtmlElement) -> str:
    """The tag of an element's parent ("" at the top)."""
    parent = element.getparent()
    return parent.tag if parent is not None else ""


def _over_headline(start: StoryStart, reach: int, read: Callable[[list[str], int], str | None]) -> list[str]:
    """The first date `read` finds on the `reach` short lines right over the headline, nearest
    it first, as a one-item list; none past a long line (text, not the header's stamps)."""
    story = start.found
    if story is None:
        return []
    run, index = story[0], story[1]
    headline = _headline_line(run, index, start.headline)
    if headline is None:
        return []
    texts = run.texts
    for i in range(headline - 1, max(headline - 1 - reach, -1), -1):
        if len(texts[i]) > _LINE_CHARS:
            return []
        if date := read(texts, i):
            return [date]
    return []


def published_above(start: StoryStart) -> list[str]:
    """The full dates printed under a publication label ("Publié le 29 juin 2019") on the short
    lines between the headline and the story, nearest the story first."""
    texts, _, lines = _short_lines_above(start) or ([], 0, [])
    return [date for i in lines if (date := date_opening(texts, i, labelled=True))]


def updates_above(start: StoryStart) -> list[str]:
    """The dates printed under an update label ("Updated: Oct 29, 2012 9:03 AM ET", or "Last
    Updated:" with its time and date printed apart) on the story's first line and the short
    lines above it up to the headline, nearest the story first: the story's update, for a page
    whose markup states none."""
    found = _short_lines_above(start)
    if found is None:
        return []
    texts, index, lines = found
    first = [index] if len(texts[index]) <= _LINE_CHARS else []
    below = [date for i in (*first, *lines) if (date := _date_updated(texts, i))]
    return below or _update_over_headline(start)


def _update_over_headline(start: StoryStart) -> list[str]:
    """The date under an update label on the short lines right over the headline, nearest it
    first ("Last Updated:", "Tuesday, 4 December 2007, 17:04 GMT", then the page's tools, then
    the headline): a page that prints its stamp there and none under the headline."""
    return _over_headline(start, _UPDATE_OVER_HEADLINE, _date_updated)


def _short_lines_above(start: StoryStart) -> tuple[list[str], int, list[int]] | None:
    """The page's text pieces, the index of the story's first line among them, and the short
    lines above it up to the headline (`_header_lines`), nearest first; None when the story's
    start is not found."""
    story = start.found
    if story is None:
        return None
    run, index = story[0], story[1]
    lines = _header_lines(run, index, start.headline)
    return run.texts, index, [i for i in lines if len(run.texts[i]) <= _LINE_CHARS]


def _headline_line(run: TextRun, index: int, headline: str) -> int | None:
    """The headline's line nearest above the story's first (`index`), within reach: a heading,
    else a line printing the `headline` chosen (an old page's `<font>` or `<b>` headline); None
    when there is none (what is above may be the site's header)."""
    reach = _reach(run, index)
    heading = next((i for i in reach if _is_heading(run.owners[i], run.texts[i])), None)
    wanted = squash(headline)
    if heading is not None or not wanted:
        return heading
    return next((i for i in reach if squash(run.texts[i]) == wanted), None)


def _reach(run: TextRun, index: int) -> list[int]:
    """The text pieces above the story's first (`index`), nearest first, as far as `_LINES_BACK`
    lines: a piece holding a letter or a digit is a line, but a run of links is one (a toolbar's
    "Email | Print | Share", a tag list) and a separator between them ("|", ",", "»") none."""
    reach: list[int] = []
    lines = 0
    linked = False  # the nearest line counted so far is a link
    for i in range(index - 1, -1, -1):
        reach.append(i)
        if _LETTER_OR_DIGIT.search(run.texts[i]):
            link = run.owners[i].tag == "a"
            lines += 0 if link and linked else 1
            linked = link
            if lines == _LINES_BACK:
                break
    return reach


def _header_lines(run: TextRun, index: int, headline: str) -> list[int]:
    """The lines above the story's first (`index`), nearest first, up to the headline; none
    when no headline stands within reach."""
    top = _headline_line(run, index, headline)
    return [] if top is None else list(range(index - 1, top, -1))


def _date_updated(texts: list[str], i: int) -> str | None:
    """The full date after the last update label in line `i`, or the one near its start when
    the label stands in one of the two lines before it."""
    labels = list(UPDATE_WORD.finditer(texts[i]))
    if labels:
        match = _FULL_DATE.search(texts[i], labels[-1].end())
    elif any(UPDATE_WORD.search(text) for text in texts[max(i - 2, 0) : i]):
        match = _FULL_DATE.search(texts[i])
        match = match if match is not None and match.start() <= _LEAD_CHARS else None
    else:
        return None
    return _with_weekday(texts[i], match) if match else None


def date_opening(texts: list[str], i: int, labelled: bool = False) -> str | None:
    """The full date near the start of line `i`, unless that line or the two before it speak of
    an update (the label and the time printed apart: "Last Updated:", "7:08am GMT", the date);
    `labelled`: only one a publication label stands before in its line."""
    match = _FULL_DATE.search(texts[i])
    if match is None or match.start() > _LEAD_CHARS:
        return None
    if labelled and not PUBLISHED_LABEL.search(texts[i], 0, match.start()):
        return None
    if any(UPDATE_WORD.search(text) for text in (*texts[max(i - 2, 0) : i], texts[i][: match.start()])):
        return None
    return _with_weekday(texts[i], match)


def full_date(text: str) -> str | None:
    """The first full date in `text` (a numeric one with the weekday printed right before it),
    or None."""
    match = _FULL_DATE.search(text)
    return _with_weekday(text, match) if match else None


def _with_weekday(text: str, match: re.Match[str]) -> str:
    """A date found in `text`; a numeric one with the weekday printed right before it."""
    numeric = _NUMERIC.match(match.group(0).strip())
    weekday = _WEEKDAY_BEFORE.search(text, 0, match.start()) if numeric else None
    return text[weekday.start() if weekday else match.start() : match.end()].strip()


def _is_heading(owner: lxml.html.HtmlElement, text: str) -> bool:
    """Whether a text piece is a headline's: an `<h1>` or `<h2>` (or an element right inside
    one) that is no date stamp alone, or an `<h3>` that reads like a headline (see `_HEADINGS`)."""
    if owner is TAIL or screen_reader_only(owner):
        return False  # a hidden heading ("Share this story") is no headline
    parent = owner.getparent()
    tag = parent.tag if owner.tag not in ("h1", "h2", "h3") and parent is not None else owner.tag
    if tag in _HEADINGS:
        return not is_stamp_line(text)  # a blog's date header ("Tuesday, June 09, 2009") is none
    return tag == "h3" and len(text.split()) >= 4 and not _FULL_DATE.search(text)


def lines_above(start: StoryStart) -> list[tuple[str, lxml.html.HtmlElement]]:
    """The short text pieces printed from the headline down to the story's first line, each
    with its element (`TAIL` for text after one), nearest the story first; none when no
    headline stands within reach (see `_header_lines`)."""
    story = start.found
    if story is None:
        return []
    run = story[0]
    _, _, lines = _short_lines_above(start) or ([], 0, [])
    return [(run.texts[i], run.owners[i]) for i in lines]


NEAR_LINES = 3
"""How many text pieces right above the story `lines_near` reads."""


def lines_near(start: StoryStart) -> list[tuple[str, lxml.html.HtmlElement]]:
    """The short text pieces among the three right above the story's first line, up to a
    heading, each with its element (`TAIL` for text after one), nearest first: where a byline
    stands on a page whose headline is out of reach, so that `lines_above` reads none."""
    story = start.found
    if story is None:
        return []
    run, index = story[0], story[1]
    lines: list[tuple[str, lxml.html.HtmlElement]] = []
    for i in range(index - 1, max(index - 1 - NEAR_LINES, -1), -1):
        if _is_heading(run.owners[i], run.texts[i]):
            break
        if len(run.texts[i]) <= _LINE_CHARS:
            lines.append((run.texts[i], run.owners[i]))
    return lines
