"""The publication date printed among the story's first lines or right below its last.

Some pages print no date above the story: an issue's date stands alone on its own line after the
lead ("23.01.2019" in a heading of its own), or a line under the text says when it went out
("Dieser Beitrag wurde am Samstag, 3. Dezember 2011 veröffentlicht", "© Agency, 13.07.2021").
The page's text pieces are read from the story's first line: among the first lines, a short
element whose whole text is a date (prose never is) or a short line opening with a date a
publication label marks ("Published: Thursday, November 29, 2007" under the writers' names),
then the date opening the second prose paragraph ("October 25, 2012 - BMW will present …"
under a subheading the body begins with); right after the story's last paragraph, a
short line with a full date near its start (as above the story: `printed_dates.date_opening`)
that a publication label or a copyright notice marks.
Nearest the story's start first. Read only when no other source dates the page. The short
lines right below the story are also given as they are (`lines_below`): a blog post's footer
names its writer there (`posted_by`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

import lxml.etree
import lxml.html

from newsharvest.extract.dates import UPDATE_WORD
from newsharvest.extract.document import Document, collapse
from newsharvest.extract.printed_dates import PUBLISHED_LABEL, date_opening, full_date
from newsharvest.extract.screen_reader import screen_reader_only

_SKIPPED = frozenset({"script", "style", "noscript", "title", "select", "option", "button", "textarea"})
_NEEDLE = 40
"""How many characters (spaces left out) of a paragraph are looked up in the page's text."""
_FIRST_LINES = 15
"""How many text pieces after the story's start are read for a date standing alone."""
_ALONE_CHARS = 60
"""An element whose whole text is a date and this short stands alone (a label may come with it)."""
_INLINE = frozenset({"span", "i", "em", "b", "strong", "a", "time", "small", "font", "abbr", "sup", "sub"})
"""Elements inside a line: a date in one stands alone only when its block holds nothing else."""
_LINES_BELOW = 10
"""How many text pieces under the story's last paragraph are read."""
_LINE_CHARS = 120
"""A line under the story longer than this is text, not a date line."""
_SPACE = re.compile(r"\s+")
_PUBLISHED_OR_COPYRIGHT = re.compile(rf"{PUBLISHED_LABEL.pattern}|©|\(c\)|\bcopyright\b", re.I)
"""What makes a line under the story say when the story went out: a publication label ("Dieser
Beitrag wurde am … veröffentlicht", "Published on") or a copyright notice with the full date
("© Agency, 13.07.2021"). Without one, a date there is a comment's, a related story's or the
server's."""


def dates_below(doc: Document, paragraphs: Sequence[str]) -> list[str]:
    """The full dates standing alone among the story's first lines, then those opening a short
    line right below its last paragraph (see the module's docstring)."""
    located = _locate(doc, paragraphs)
    if located is None:
        return []
    owners, texts, squeezed, offsets, start = located
    prose = next((p for p in paragraphs[1:] if len(p) > _ALONE_CHARS), None)  # its second paragraph of prose
    second = _piece_of(squeezed, offsets, prose, offsets[start] + 1) if prose else None
    alone = [
        date
        for i in range(start + 1, min(start + 1 + _FIRST_LINES, second or len(texts), len(texts)))
        if (date := _date_alone(owners[i], texts, i) or _date_labelled(texts, i))
    ]
    if second is not None and (date := date_opening(texts, second)):
        alone.append(date)  # "October 25, 2012 - BMW will present …" under a subheading
    lines = _under_story(squeezed, offsets, texts, paragraphs, start)
    marked = [i for i in lines if _PUBLISHED_OR_COPYRIGHT.search(texts[i])]
    return [*alone, *(date for i in marked if (date := date_opening(texts, i)))]


def lines_below(doc: Document, paragraphs: Sequence[str]) -> list[str]:
    """The short text pieces right below the story's last paragraph (that paragraph first when
    it is short itself), in page order; none when the story is not found in the page."""
    located = _locate(doc, paragraphs)
    if located is None:
        return []
    _, texts, squeezed, offsets, start = located
    return [texts[i] for i in _under_story(squeezed, offsets, texts, paragraphs, start)]


_Located = tuple[list[lxml.html.HtmlElement | None], list[str], str, list[int], int]
"""The body's text pieces and their owners (`_pieces`), the pieces squeezed and their offsets
(`_squeeze`), and the piece the story's first paragraph begins in."""


def _locate(doc: Document, paragraphs: Sequence[str]) -> _Located | None:
    """The body's text pieces with the story's start among them; None when the page has no body
    or the story's first paragraph is not found in it."""
    body = doc.root.find("body") if doc.root is not None and paragraphs else None
    if body is None:
        return None
    owners, texts = _pieces(body)
    squeezed, offsets = _squeeze(texts)
    start = _piece_of(squeezed, offsets, paragraphs[0], 0)
    return None if start is None else (owners, texts, squeezed, offsets, start)


def _under_story(
    squeezed: str, offsets: list[int], texts: list[str], paragraphs: Sequence[str], start: int
) -> list[int]:
    """The short pieces among the `_LINES_BELOW` right below the story's last paragraph, found
    after its first (`start`), and that paragraph's own last piece when it is short itself."""
    last = _SPACE.sub("", paragraphs[-1])
    at = squeezed.find(last[:_NEEDLE], offsets[start]) if len(paragraphs) > 1 else -1
    if at < 0:
        return []
    end = _first_piece_from(offsets, at + len(last))
    lines = [i for i in range(end, min(end + _LINES_BELOW, len(texts))) if len(texts[i]) <= _LINE_CHARS]
    if len(paragraphs[-1]) <= _LINE_CHARS:
        lines.insert(0, _first_piece_from(offsets, at + 1) - 1)
    return lines


def _pieces(body: lxml.html.HtmlElement) -> tuple[list[lxml.html.HtmlElement | None], list[str]]:
    """The body's text pieces in reading order, each with the element it is the text of (for
    text after an element, None, or the `<br>` it follows: a line of its own); scripts, styles
    and form controls left out."""
    owners: list[lxml.html.HtmlElement | None] = []
    texts: list[str] = []
    for event, element in lxml.etree.iterwalk(body, events=("start", "end")):
        if not isinstance(element.tag, str) or element.tag in _SKIPPED:
            continue
        piece = element.text if event == "start" else element.tail
        if not piece or piece.isspace():
            continue
        owners.append(element if event == "start" or element.tag == "br" else None)
        texts.append(collapse(piece))
    return owners, texts


def _squeeze(texts: list[str]) -> tuple[str, list[int]]:
    """The pieces joined with every space left out (a link's edge neither adds nor drops one
    then), and where each piece starts in that text."""
    offsets: list[int] = []
    parts: list[str] = []
    length = 0
    for text in texts:
        offsets.append(length)
        part = _SPACE.sub("", text)
        parts.append(part)
        length += len(part)
    return "".join(parts), offsets


def _piece_of(squeezed: str, offsets: list[int], paragraph: str, after: int) -> int | None:
    """The piece in which `paragraph` begins, looked up from offset `after`; None if nowhere."""
    needle = _SPACE.sub("", paragraph)[:_NEEDLE]
    at = squeezed.find(needle, after) if needle else -1
    return None if at < 0 else _first_piece_from(offsets, at + 1) - 1


def _first_piece_from(offsets: list[int], at: int) -> int:
    """The first piece starting at or after offset `at` (len(offsets) when none)."""
    return bisect_left(offsets, at)


def _date_alone(owner: lxml.html.HtmlElement | None, texts: list[str], i: int) -> str | None:
    """The full date piece `i` is, when it is the whole text of a short line of its own (the
    block it stands in: a heading, a paragraph, a division, not a link list's item; or the text
    between a line break and the next or its block's end) or a whole cell of a row of them set
    apart by bars, not hidden, and no update label stands in it or the two pieces before it."""
    text = texts[i]
    if owner is None or len(text) > _ALONE_CHARS or screen_reader_only(owner):
        return None
    if owner.tag == "br":
        after = owner.getnext()  # the line after a break ends at the next break or its block's end
        if after is not None and after.tag != "br":
            return None
    else:
        line = owner
        while line.tag in _INLINE and (parent := line.getparent()) is not None:
            line = parent
        printed = collapse(line.text_content())
        if printed != text and not _row_cell(printed, text):
            return None
    if any(UPDATE_WORD.search(t) for t in texts[max(i - 2, 0) : i + 1]):
        return None
    match = full_date(text)
    return match if match is not None and len(match) >= len(text) / 2 else None


_ROW_BAR = re.compile(r"\s*[|·•]\s*")


def _row_cell(printed: str, text: str) -> bool:
    """Whether `text` is one whole cell of a short line whose cells bars separate (a byline's
    row: "By A | @a | Comment | November 6, 2012")."""
    return len(printed) <= _LINE_CHARS and text in _ROW_BAR.split(printed)


def _date_labelled(texts: list[str], i: int) -> str | None:
    """The full date a publication label puts at the start of short piece `i` ("Published:
    Thursday, November 29, 2007" under the writers' names)."""
    return date_opening(texts, i, labelled=True) if len(texts[i]) <= _LINE_CHARS else None
