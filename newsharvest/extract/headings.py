"""Headings printed in the page's text: the one just above the story, and the subtitle under it.

The page's text is read in order once; the story's first lines (the extracted body) are found
in it (`story_start.py`), and the text before them is walked back to the nearest heading: an
`<h1>`-`<h5>`, bold, a large `<font>`, a title/headline class, or a short line alone in its
block, passing over a byline, a date or a caption. `title.choose_headline` decides whether
that heading beats the title the page states.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.etree
import lxml.html

from newsharvest.extract.byline_lines import is_byline_line, is_credited_names
from newsharvest.extract.cleanup import is_stamp_line
from newsharvest.extract.date_words import YEAR
from newsharvest.extract.document import collapse
from newsharvest.extract.heading_credits import is_credit
from newsharvest.extract.heading_links import box_of_links, link_of, teaser
from newsharvest.extract.story_start import TAIL, StoryStart, TextRun
from newsharvest.extract.structured import decode_entities

_NON_WORD = re.compile(r"[\W_]+")
ANCHOR_MARKS = "¶#§🔗"
"""Permalink marks documentation generators print after a heading."""


def squash(text: str) -> str:
    """Text reduced to its lower-case letters and digits, for comparing headings."""
    return _NON_WORD.sub("", text.lower())


_HEADING_LIKE = frozenset({"h1", "h2", "h3", "h4", "h5", "b", "strong"})
_LARGE_FONT = re.compile(r"\+[1-7]|[3-7]$")
_SMALL_FONT = re.compile(r"\s*(?:-[1-7]|[12])\s*$")
_BLOCKS = frozenset({"div", "td", "p", "span", "h6", "font"})
_LETTERS = re.compile(r"[^\W\d_]{3,}")
_LOOSE_NOT = re.compile(r"\b(?:updated|posted|published|copyright|comments?)\b|©", re.I)
NOT_HEADLINE = re.compile(
    r"(?i)^by\s|^(?:mon|tue|wed|thu|fri|sat|sun)(?:\w*day\b|\w{0,3},)"
    r"|^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+\d"
)
"""A byline or a date set in bold above the story."""
_LABEL_NUMBER = re.compile(r"^[^:]{1,30}:\s*[\d.,]+$")
HEADING_MARK = re.compile(r"title|titul|head(?!er)|header\d|hdln", re.I)
"""Class or id words of a heading: a title ("titular", Spanish), a head or a numbered header
style ("header2"), never a page's header."""
_BOLD_STYLE = re.compile(r"font-weight:\s*(?:bold|[6-9]00)", re.I)
MAX_WORDS_BETWEEN = 80
"""How much text (a byline, a date, a caption) may stand between a heading and the story."""
_MAX_HEADING_WORDS = 60
"""More words than a heading holds with a byline and a date set inside it."""


def _heading_of(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The element itself or a near ancestor when it reads as a heading: h1-h5, bold, a large
    `<font>`, or a class or id naming a title or head."""
    for _ in range(3):
        if not isinstance(element.tag, str):
            return None
        marks = f"{element.get('class')} {element.get('id')}"
        if (
            element.tag in _HEADING_LIKE
            or (element.tag == "font" and _LARGE_FONT.match(element.get("size") or ""))
            or HEADING_MARK.search(marks)
            or _BOLD_STYLE.search(element.get("style") or "")
        ):
            return element
        parent = element.getparent()
        if parent is None or parent.tag in ("body", "html"):
            return None
        element = parent
    return None


def _runs_on(element: lxml.html.HtmlElement) -> bool:
    """Whether the text after an element goes on with words on its line: bold opening words
    run into their sentence ("<b>THE FIGHT BETWEEN </b>Google and …"), not a heading."""
    return (element.tail or "").lstrip()[:1].isalpha()


def _alone_in_block(owner: lxml.html.HtmlElement, text: str) -> bool:
    """Whether a text piece is all of its element's text, a block or a `<font>` not set small
    (size 1 or 2, or below the page's: a tool's "Refer to a friend"): perhaps a bare headline."""
    small = owner.tag == "font" and _SMALL_FONT.match(owner.get("size") or "")
    return owner.tag in _BLOCKS and not small and collapse(owner.text_content()) == text


def _as_headline(printed: str, loose: bool = False) -> str | None:
    """A heading's text cleaned, or None when it cannot be a headline (a date, a label, a
    toolbar like "| Print |"); a line that only stands alone (`loose`) must also read as one."""
    text = collapse(decode_entities(printed)).rstrip(ANCHOR_MARKS).strip()
    words = text.split()
    if not 2 <= len(words) <= 40 or text.endswith(":") or "|" in text:
        return None
    if sum(1 for w in words if _LETTERS.search(w)) < 2:
        return None
    if _LABEL_NUMBER.match(text) or NOT_HEADLINE.match(text) or is_stamp_line(text):
        return None
    if len(words) >= 10 and text.endswith(".") and not text.endswith(".."):
        return None  # a sentence, not a headline
    if loose and not 3 <= len(words) <= 25:
        return None
    if loose and (text.endswith(".") or _LOOSE_NOT.search(text) or YEAR.search(text)):
        return None
    return text


def _spaced(element: lxml.html.HtmlElement) -> str:
    """An element's text with its pieces spaced (a line break between headline and date kept)."""
    return collapse(" ".join(element.itertext()))


CATEGORY_REL = re.compile(r"\b(?:category|tag)\b", re.I)
"""The `rel` of a link to the story's category or tag page (WordPress's `rel="category tag"`)."""
MAX_KICKER_WORDS = 6


def without_category_link(heading: lxml.html.HtmlElement, text: str) -> str:
    """A heading's text without the link to its category that opens it, a kicker
    ("<h2><a rel="category tag">Network</a> <a>Headline</a></h2>" → "Headline")."""
    first = next(heading.iter("a"), None)
    if first is None or not CATEGORY_REL.search(first.get("rel") or ""):
        return text
    kicker = collapse(first.text_content())
    rest = collapse(text[len(kicker) :].lstrip(" :|—–-"))
    short = len(kicker.split()) <= MAX_KICKER_WORDS
    if kicker and short and text.startswith(kicker) and len(rest.split()) >= 2:
        return rest
    return text


def heading_text(heading: lxml.html.HtmlElement) -> str:
    """A heading's text, without a category link opening it (`without_category_link`); only its
    first line when the lines after a `<br>` are a byline or a date set inside the heading
    ("Headline<br><span>by A. Name, 30 December 2007</span>")."""
    return without_category_link(heading, _lines_text(heading))


def _lines_text(heading: lxml.html.HtmlElement) -> str:
    """A heading's text; only its first line when the lines after a `<br>` are a byline or a
    date (see `heading_text`)."""
    lines: list[list[str]] = [[]]
    for event, element in lxml.etree.iterwalk(heading, events=("start", "end")):
        if event == "start" and element.tag == "br":
            lines.append([])
        elif event == "start" and element.text and isinstance(element.tag, str):
            lines[-1].append(element.text)
        elif event == "end" and element is not heading and element.tail:
            lines[-1].append(element.tail)
    texts = [line for line in (collapse(" ".join(parts)) for parts in lines) if line]
    if len(texts) >= 2:
        rest = " ".join(texts[1:])
        if NOT_HEADLINE.match(rest) or YEAR.search(rest):
            return texts[0]
    return _spaced(heading)


@dataclass(slots=True)
class Near:
    """The heading nearest before the story's text: as printed, cleaned, and whether it is marked
    up as a heading (`strict`) or only a short line standing alone."""

    printed: str
    text: str
    strict: bool
    start: int = 0
    """The paragraph of the lead found after the heading (the story's text begins there)."""
    signed: bool = False
    """Whether a byline stands between the heading and the story (or under the heading, after
    a `<br>`): the story's own header, heading and byline together."""


_FIELD_LABEL = re.compile(r"^\w+\s+:\s")
"""A labelled field ("Director : A. Name") of a review's fact box, not a subtitle."""
_DEK_MARK = re.compile(r"dek|deck|sub-?he|subtitle|standfirst|strap|sell|summary", re.I)
"""Class or id words of the subtitle printed under a headline."""


def printed_dek(start: StoryStart, headline: str) -> str | None:
    """The subtitle printed between the headline and the story's text: an `<h2>`-`<h4>` or a
    dek-named block that is the very next text after the headline, of three to forty words,
    not a byline or a date."""
    story = start.found if headline else None
    if story is None:
        return None
    run, index = story[0], story[1]
    key = squash(headline)
    top = next(
        (i for i in range(index - 1, max(index - 40, -1), -1) if squash(run.texts[i]) == key),
        None,
    )
    if top is None:
        return None
    for i in range(top + 1, min(top + 2, index)):  # the very next text after the headline
        owner = run.owners[i]
        if owner is TAIL:
            continue
        block = next(
            (
                el
                for el in (owner, owner.getparent())
                if el is not None
                and (el.tag in ("h2", "h3", "h4") or _DEK_MARK.search(f"{el.get('class')} {el.get('id')}"))
            ),
            None,
        )
        if block is not None:
            text = _as_headline(_spaced(block))
            if (
                text
                and len(text.split()) >= 3
                and squash(text) != key
                and not _FIELD_LABEL.match(text)
                and not is_credited_names(text)
            ):
                return text
    return None


def _h1_over(
    owners: list[lxml.html.HtmlElement], index: int, heading: lxml.html.HtmlElement
) -> tuple[str, str] | None:
    """The `<h1>` printed just before a subtitle heading (`<h2>`-`<h4>`), as printed and
    cleaned: the headline the subtitle stands under."""
    if heading.tag not in ("h2", "h3", "h4") or index == 0 or owners[index - 1] is TAIL:
        return None
    above = _heading_of(owners[index - 1])
    if above is None or above.tag != "h1" or above is heading:
        return None
    printed = heading_text(above)
    marked = _as_headline(printed)
    return (printed, marked) if marked else None


def _opens_with_signed_line(start: StoryStart, run: TextRun, index: int, paragraph: int, cell: str) -> bool:
    """Whether the story's text opens with a line alone in its element, over a byline: the
    story's header, its headline printed in no heading tag (a `<span>` over "By A. Writer")."""
    owner, lead = run.owners[index], start.lead
    return (
        squash(run.texts[index]) == squash(cell)
        and collapse(owner.text_content()) == run.texts[index]
        and paragraph + 1 < len(lead)
        and is_byline_line(lead[paragraph + 1], dated=True)
    )


def heading_before(start: StoryStart) -> Near | None:
    """The heading printed nearest before the story's first lines.

    The page's text is read in order; a cell of the story's first lines is found in it, and
    the text before it is walked back over a byline, a date or a caption to a heading (see
    `_heading_of`) or a short line alone in its block.
    """
    story = start.found
    if story is None:
        return None
    doc = start.doc
    run, index, paragraph, cell = story
    owners, texts = run.owners, run.texts
    first = _heading_of(owners[index]) if owners[index] is not TAIL else None
    if first is not None and (len(first.text_content().split()) > _MAX_HEADING_WORDS or _runs_on(first)):
        first = None  # a block around the story's text (one large <font>), or its opening words in bold
    if first is not None and is_byline_line(texts[index], dated=True):
        header = heading_text(first)  # the text opens on the byline set under the heading's <br>
        headline = _as_headline(header)
        return Near(header, headline, True, paragraph, True) if headline else None
    if first is not None:  # the story's text may open with its heading, alone or run into it
        key = squash(cell)
        printed = next((t for t in (_spaced(first), texts[index]) if squash(t) == key), None)
        if printed == _spaced(first):
            printed = heading_text(first)
        if printed is None and key.startswith(squash(texts[index])) and len(texts[index].split()) >= 3:
            printed = texts[index]
        opening = _as_headline(printed) if printed else None
        if printed and opening:
            return Near(printed, opening, True, paragraph)
        if printed:
            return None
    elif owners[index] is not TAIL and _opens_with_signed_line(start, run, index, paragraph, cell):
        alone = _as_headline(texts[index], loose=True)
        if alone and not is_credit(alone):
            return Near(texts[index], alone, False, paragraph, True)
    between = 0
    for i in range(index - 1, max(index - 60, -1), -1):
        owner = owners[i]
        if owner is not TAIL:
            heading = _heading_of(owner)
            if heading is not None:
                if teaser(doc, heading):
                    return None  # a list of teasers: the text below is another story's
                boxed = box_of_links(heading)
                if boxed:  # a box of links set in the text: its heading is not the story's
                    between = max(0, between - boxed)
                    continue
                printed = heading_text(heading)
                marked = _as_headline(printed)
                if marked and not is_credit(marked):
                    signed = any(is_byline_line(text, dated=True) for text in texts[i:index])
                    above = _h1_over(owners, i, heading)
                    if above is not None:  # "<h1>Headline</h1><h2>its subtitle</h2>": the h1's
                        return Near(above[0], above[1], True, paragraph, signed)
                    return Near(printed, marked, True, paragraph, signed)
            elif _alone_in_block(owner, texts[i]):
                alone = _as_headline(texts[i], loose=True)
                if alone and not is_credit(alone):
                    return Near(texts[i], alone, False, paragraph)
        between += len(texts[i].split())
        if between > MAX_WORDS_BETWEEN:
            return None
    return None


UNTITLED_REACH = 150
"""How many text pieces before the story's first line are searched for the heading of a page
stating no title (`untitled_heading`)."""


def untitled_heading(start: StoryStart) -> Near | None:
    """The headline of a page stating none (no `<title>`, no stated headline, no `<h1>` or
    heading right above its text: a page saved without its head, a fragment): of the headings
    up to the story's first line, the nearest whose class or id names a title or head
    ("article_title", "contentheading"), else the nearest `<h1>`-`<h3>`, else the nearest of
    any kind (bold, a large font); never a link, a byline, a date or an agency's name."""
    story = start.found
    if story is None:
        return None
    run, index, paragraph, _ = story
    seen: set[lxml.html.HtmlElement] = set()
    found: list[tuple[int, Near]] = []
    for i in range(index, max(index - UNTITLED_REACH, -1), -1):
        owner = run.owners[i]
        heading = _heading_of(owner) if owner is not TAIL else None
        if heading is None or heading in seen:
            continue
        seen.add(heading)
        printed = heading_text(heading)
        text = _as_headline(printed)
        if not text or link_of(heading) is not None or is_credit(text):
            continue
        rank = 0 if _named_heading(heading) else 1 if heading.tag in ("h1", "h2", "h3") else 2
        found.append((rank, Near(printed, text, True, paragraph)))
    return min(found, key=lambda ranked: ranked[0])[1] if found else None  # of equals, the nearest


def _named_heading(heading: lxml.html.HtmlElement) -> bool:
    """Whether a heading or one of its two nearest ancestors has a class or id naming a title
    or head (`HEADING_MARK`)."""
    element: lxml.html.HtmlElement | None = heading
    for _ in range(3):
        if element is None or not isinstance(element.tag, str):
            return False
        if HEADING_MARK.search(f"{element.get('class')} {element.get('id')}"):
            return True
        element = element.getparent()
    return False
