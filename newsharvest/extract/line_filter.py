"""The last filter on an extracted text's lines: what the page prints around the story goes.

trafilatura's text of a story, and readability's, still hold lines of the page around it: at
the top, the headline repeated, a kicker over it, the byline, time stamps, the page's own
address (and, over the byline, the short lines of a side bar or footer laid out above the
story); anywhere, furniture lines (share prompts, "Advertisement"); at the end, tail lines
("Write to …", "© …"), a press release's footer, a comment form, the site's boilerplate about
itself and the scraps after a sign-off. Each reading of a page goes through this filter (see
`cleanup` for the tests of single lines).
"""

from __future__ import annotations

import re

from newsharvest.extract.byline_lines import is_byline_line, is_credit_title, is_credited_names
from newsharvest.extract.cleanup import (
    comparable,
    is_furniture_line,
    is_release_footer,
    is_stamp_line,
    is_tail_line,
)
from newsharvest.extract.comment_notes import cut_at_comment_notice
from newsharvest.extract.dateline import agency_line
from newsharvest.extract.document import Document, collapse
from newsharvest.extract.layout import is_row, row_cells, without_calendars
from newsharvest.extract.link_text import url_host
from newsharvest.extract.persons import host_brand
from newsharvest.extract.postlines import BULLET, is_form_field_line
from newsharvest.extract.reading_cut import SCRAP_WORDS

_TITLE_SPLIT = re.compile(r"\s+[|–—•·:»/-]\s+")


def headline_forms(doc: Document) -> set[str]:
    """Comparable forms of the headline as the page states it (h1, og:/twitter: title, <title>)."""
    assert doc.root is not None
    texts = [doc.meta.get("og:title"), doc.meta.get("twitter:title")]
    title = doc.root.find("head/title")
    if title is not None:
        texts.append(title.text_content())
    texts.extend(h1.text_content() for h1 in doc.root.iter("h1"))
    forms: set[str] = set()
    for text in texts:
        text = collapse(text)
        if not text:
            continue
        forms.add(comparable(text))
        for part in _TITLE_SPLIT.split(text):
            if len(part.split()) >= 3:
                forms.add(comparable(part))
    forms.discard("")
    return forms


def filter_lines(lines: list[str], headlines: set[str], url: str = "") -> list[str]:
    """Drop headline repeats, kickers, bylines and stamps at the top, furniture anywhere, tail
    lines and the site's own boilerplate at the end."""
    start = top = _after_furniture(lines)
    while start < len(lines) and start < top + _TOP_LINES:
        line = lines[start]
        if (
            comparable(line) in headlines
            or is_byline_line(line)
            or is_credit_title(line)
            or is_credited_names(line)
            or is_stamp_line(line)
            or _is_own_url(line, url)
            or _is_tags_line(line)
            or _is_stamp_row(line)
            or is_furniture_line(line)  # a blog's "« Post | Main | Post »" over its date
            or not any(ch.isalnum() for ch in line)
        ):
            start += 1
        elif (
            start + 1 < len(lines)
            and len(line.split()) <= _KICKER_WORDS
            and comparable(lines[start + 1]) in headlines
        ):
            start += 2  # a kicker (section label) over the headline
        else:
            break
    kept = [line for line in without_calendars(lines[start:]) if not is_furniture_line(line)]
    # a press release's "About X" / contacts / "###" block runs to the end of the story
    for index in range(max(2, len(kept) // 3), len(kept)):
        if is_release_footer(kept[index]):
            del kept[index:]
            break
    _cut_at_comment_form(kept)
    cut_at_comment_notice(kept)
    brand = host_brand(url_host(url))
    while kept:
        if is_stamp_line(kept[-1]):
            kept.pop()
            if len(kept) > 1 and agency_line(kept[-1]) is not None:
                kept.pop()  # the wire's credit over the stamp
            continue
        if is_tail_line(kept[-1]) or _is_brand_line(kept[-1], brand) or _is_tags_line(kept[-1]):
            kept.pop()
            continue
        cut = _sign_off(kept)
        if cut is None:
            break
        del kept[cut:]
    return kept


_TAG_LIST = re.compile(
    r"^(?:Tags?|Tagged|Topics|Keywords|Schlagw(?:ö|oe)rter|Etiquetas|Mots[- ]cl[ée]s)\s*:\s*[^.!?]{1,300}$",
    re.IGNORECASE,
)
_META_PART_WORDS = 6
"""A part before the tags ("Published: November 5th, 2012", "NFL.com Staff") is a label this short."""


def _is_tags_line(line: str) -> bool:
    """Whether a line lists the story's tags, maybe after its date or byline ("Published:
    November 5th, 2012 | Tags: NFL AM, Andrew Luck"), as a story's header or footer prints them."""
    parts = [part.strip() for part in collapse(line).split("|")]
    if _TAG_LIST.match(parts[-1]) is None:
        return False
    return all(len(part.split()) <= _META_PART_WORDS and not part.endswith(".") for part in parts[:-1])


def _cut_at_comment_form(kept: list[str]) -> None:
    """Cut the text where a comment form's fields stand, two or more in a row ("Your Name",
    "Email Address", "Website"): a form under the post, whatever follows it (a newsletter
    promo, the site's footer) is not the story's."""
    for index in range(1, len(kept) - 1):
        if is_form_field_line(kept[index]) and is_form_field_line(kept[index + 1]):
            del kept[index:]
            return


_COPYRIGHT_NOTICE = re.compile(
    r"(?:©|\(c\)|\bcopyright\b)\s*(?:©\s*)?(?:19|20)\d{2}\b|\ball\s+rights\s+reserved\b", re.IGNORECASE
)
_LINK_ROW_SPLIT = re.compile(r"\s+[|·•]\s+|\s*\|\s*")
_LEGAL_LINK = re.compile(
    r"(?:[\w.\s]{0,40}:\s*)?(?:about(?:\s+us)?|contact(?:\s+us)?|privacy(?:\s+(?:policy|notice|statement))?"
    r"|terms(?:\s+(?:of\s+(?:use|service)|(?:&|and)\s+conditions))?|site\s*map|advertise(?:\s+with\s+us)?"
    r"|careers|disclaimer|copyright(?:\s+notice)?|cookie\s+policy|accessibility)",
    re.IGNORECASE,
)
"""An item of a site footer's row of links: its pages about itself and its legal notices (the
row's label before a colon allowed: "ca.example.com: Help & Info")."""
_PLATFORM_CREDIT = re.compile(
    r"(?:[^.!?]{0,160}\s)?(?:proudly\s+)?powered\s+by\s+(?:WordPress|Blogger|TypePad|Movable\s+Type|Drupal"
    r"|Joomla!?|Tumblr|Ghost|Squarespace|vBulletin|ExpressionEngine)(?:\.com)?(?:\s*[|·•].{0,200}|\.)?",
    re.IGNORECASE,
)
"""A site's credit to the software it runs on ("Proudly powered by WordPress", "Acme was designed
by X and is proudly powered by WordPress", "Powered by Blogger."): a line with a full stop
after the name only when short (see `_is_platform_credit`)."""
_CREDIT_SENTENCE_MAX = 60


def _is_platform_credit(line: str) -> bool:
    """Whether a line is a site's credit to its software (`_PLATFORM_CREDIT`); ending in a full
    stop, only as a short line ("Powered by Blogger."): a story's sentence about a site's
    software runs longer."""
    if _PLATFORM_CREDIT.fullmatch(line) is None:
        return False
    return not line.endswith(".") or len(line) <= _CREDIT_SENTENCE_MAX


def _is_legal_row(line: str) -> bool:
    """Whether a line is a site footer's row of links to its own pages, two or more of them
    legal or "about" pages ("About | Privacy policy | Terms & conditions")."""
    if "|" not in line:
        return False
    return sum(_LEGAL_LINK.fullmatch(item.strip()) is not None for item in _LINK_ROW_SPLIT.split(line)) >= 2


def cut_at_page_footer(lines: list[str]) -> list[str]:
    """The lines before the page's footer when it starts in their second half by words: a
    copyright notice, a row of links to the site's legal pages or the site's credit to its
    software; whatever follows (the owner's boilerplate, its editions, its links) goes too."""
    counts = [len(line.split()) for line in lines]
    total = sum(counts)
    seen = 0
    for index, (line, count) in enumerate(zip(lines, counts, strict=True)):
        if index and seen * 2 >= total and (
            (_COPYRIGHT_NOTICE.search(line) and is_tail_line(line))
            or _is_legal_row(line)
            or _is_platform_credit(line)
        ):
            return lines[:index]
        seen += count
    return lines


_SIGN_OFF_WINDOW = 5


def _sign_off(kept: list[str]) -> int | None:
    """Where a tail line ("Write to …", "© …") is followed only by a few short scraps (the
    messages of a share-by-email form, a stray "Thank you"): the index of that tail line."""
    for index in range(len(kept) - 2, max(-1, len(kept) - 1 - _SIGN_OFF_WINDOW), -1):
        if len(kept[index + 1].split()) > SCRAP_WORDS:
            return None
        if is_tail_line(kept[index]):
            return index
    return None


_TOP_LINES = 5
_KICKER_WORDS = 3
_FURNITURE_WORDS = 12
"""Lines of at most this many words are no sentence of a story: a footer's, a side bar's or a
section header's lines, or a headline."""
_FURNITURE_LINES = 3
"""This many short lines above a byline or stamp are more than the headline and a kicker."""


_FURNITURE_TOP = 8
"""How far down the text's first lines a byline over furniture is looked for."""


def _after_furniture(lines: list[str]) -> int:
    """Where the story's byline or stamp stands among the top lines when `_FURNITURE_LINES` or
    more lines above it are all short (`_FURNITURE_WORDS`) or list items (a side bar's poll or
    readers' comment) and the one just above it is short: the page's furniture and the
    headline, not the story's text (the headline rules then find the heading over the byline);
    else 0."""
    for index, line in enumerate(lines[:_FURNITURE_TOP]):
        if index >= _FURNITURE_LINES and (is_byline_line(line, dated=True) or is_stamp_line(line)):
            return index if len(lines[index - 1].split()) <= _FURNITURE_WORDS else 0
        if len(line.split()) > _FURNITURE_WORDS and not BULLET.match(line):
            return 0
    return 0


def _is_stamp_row(line: str) -> bool:
    """Whether a layout table's row ("| 1/7/2008, 6:30 p.m. EST By GILLIAN WONG | |") holds
    nothing but date stamps and bylines."""
    if not is_row(line):
        return False
    cells = [cell for cell in row_cells(line) if cell]
    return bool(cells) and all(is_stamp_line(cell) or is_byline_line(cell, dated=True) for cell in cells)


def _is_own_url(line: str, url: str) -> bool:
    """Whether a line is only the page's own address (printed for "copy link" widgets)."""
    if not url or " " in line or not line.startswith(("http", "www.")):
        return False
    return _URL_ENDS.sub("", line) == _URL_ENDS.sub("", url.split("#", 1)[0])


_URL_ENDS = re.compile(r"^https?://(?:www\.)?|[/#?]+$")


_BRAND_CLAIM = re.compile(
    r"(?:\s+(?:Inc|Ltd|AG|SA|GmbH|plc|Group)\b\.?)?,?\s+(?:is|was|has)\s", re.IGNORECASE
)


def _is_brand_line(line: str, name: str | None) -> bool:
    """Whether a line is a company's boilerplate about itself, named as the site is ("Acme is a
    leading provider of …", "Acme is headquartered in …")."""
    if name is None:
        return False
    if line[:4].lower() == "the ":
        line = line[4:]
    return line[: len(name)].lower() == name and _BRAND_CLAIM.match(line, len(name)) is not None
