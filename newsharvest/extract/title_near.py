"""Whether the heading printed just above the story beats the title the page states.

`title.choose_headline` asks these when no confirmed `<h1>` gave the headline: a title that
is the heading with a site or section name around it (`framed`), one that shares no word with
the heading or the story's text, or one that is the site's (`site_like`) gives way to it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import lxml.etree
import lxml.html

from newsharvest.extract.document import Document, collapse
from newsharvest.extract.headings import HEADING_MARK, Near
from newsharvest.extract.headings import squash as _squash

SCRIPT_MARKS = re.compile(r"\bthis\.\w+\s*=|\bvar\s+\w+\s*=|\bfunction\s*\(|document\.\w+|';|\);")
"""Script source that leaks into a `<title>` left open."""
_WORD = re.compile(r"\w{4,}")
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
"""Kana, CJK ideographs and Hangul: text not written in spaced words."""
_TRAILER = re.compile(r"\s*[-|–—»/]|\s+\(|\s+\[")
"""How a site's or section's name, or a date, is set after a headline in a title."""


def shares_words(title: str, texts: Sequence[str]) -> bool:
    """Whether a title has a word of four letters or more in common with the texts (or none)."""
    return not _WORD.search(title) or _in_text(title, texts) > 0


def _in_text(title: str, texts: Sequence[str]) -> float:
    """The share of a title's words (four letters or more) found in the texts."""
    words = {w.casefold() for w in _WORD.findall(title)}
    if not words:
        return 0.0
    seen = {w.casefold() for text in texts for w in _WORD.findall(text[:1500])}
    return len(words & seen) / len(words)


def site_like(doc: Document, title: str, near: Near, lead: Sequence[str]) -> bool:
    """Whether a title is the site's rather than the story's: nothing in common with the
    heading over the text (a heading by tag or class, or a line alone in its block: with class
    names hashed nothing else may mark it), which the text's first lines bear out better, and
    not printed as a heading itself."""
    if shares_words(title, [near.text]):
        return False
    rest = [p for p in lead[near.start : near.start + 3] if _squash(p) != _squash(near.text)]
    story, site = _in_text(near.text, rest), _in_text(title, rest)
    if story < 0.5 or story <= site:
        return False
    return not printed_as_heading(doc, title, alone=True)


def printed_as_heading(doc: Document, title: str, alone: bool = False) -> bool:
    """Whether the page prints the title as a heading (h1-h4, or a title/headline class or id);
    `alone`: or as the whole text of any element (a headline no tag or class marks, as class
    names hashed leave it; a site-wide title is rarely printed so, but in a logo's link home)."""
    body = doc.root.find("body") if doc.root is not None else None
    key = _squash(title)
    if body is None or not key:
        return False
    for element in body.iter():
        if not isinstance(element.tag, str) or len(element) > 12:
            continue
        marks = f"{element.get('class')} {element.get('id')}"
        heading = element.tag in ("h1", "h2", "h3", "h4") or HEADING_MARK.search(marks)
        if heading and _squash(element.text_content()) == key:
            return True
        if alone and _prints_alone(element, key):
            return True
    return False


def _prints_alone(element: lxml.html.HtmlElement, key: str) -> bool:
    """Whether an element's own text (not a link's, `<title>`'s or an option's) squashes to `key`;
    a text under half the key's length cannot (a lower case may be longer than its capital)."""
    text = element.text
    if not text or len(text) < len(key) // 2 or element.tag in ("a", "title", "option"):
        return False
    return _squash(text) == key


def printed_spelling(doc: Document, title: str) -> str | None:
    """The page's own spelling of a title it prints as the whole text of an element (not a link,
    `<title>` or a menu's option) with other capitals or symbols ("Bradford could be £15m
    Olympic loser" for a stated "Bradford Could Be 15m Olympic Loser"); None when it prints
    none, or the same spelling."""
    body = doc.root.find("body") if doc.root is not None else None
    key = _squash(title)
    if body is None or not key:
        return None
    longest = 2 * len(title) + _SPELLING_SLACK
    for text in _TEXTS_OF_LENGTH(body, shortest=len(key) // 2, longest=longest):
        owner = text.getparent()
        if text.is_text and owner is not None and _prints_alone(owner, key):
            printed = collapse(text)
            return printed if printed != title else None
    return None


_TEXTS_OF_LENGTH = lxml.etree.XPath(
    ".//text()[string-length(.) >= $shortest and string-length(.) <= $longest]"
)
"""The text nodes (own texts and tails) of `shortest` to `longest` characters, in page order:
found in C, so a long page's many other texts cost no Python call."""
_SPELLING_SLACK = 40
"""Characters beyond twice the title's length a text printing it alone may hold (the white
space of an indented source, marks around it); a longer text is a paragraph, not the title."""


def framed(heading: str, title: str) -> bool:
    """Whether `title` is the heading with the site's or section's name before or after it
    ("Site.com: Heading", "Heading- Section-News-Site", "Heading (28/04/2023)")."""
    if len(heading.split()) < 4:
        return False
    head, whole = collapse(heading).casefold(), collapse(title).casefold()
    if head == whole or head not in whole:
        return False
    if whole.startswith(head):
        return bool(_TRAILER.match(whole[len(head) :]))
    if whole.endswith(head):
        before = whole[: -len(head)]
        return bool(before) and not before[-1].isalnum() and before.rstrip()[-1:] in ":|-–—»>/"
    return False


_SECTION_WORDS = frozenset(
    {
        "news", "sports", "sport", "weather", "entertainment", "business", "politics", "world", "local",
        "national", "online", "breaking", "latest", "headlines", "lifestyle", "opinion", "travel",
        "technology", "tech", "health", "science", "classifieds", "jobs", "autos", "homes", "obituaries",
        "video", "videos", "photos", "blogs", "events", "culture", "arts", "finance", "money", "wire",
        "and",
    }
)
"""Words of the sections a site lists in its tagline ("News, Sports and Entertainment")."""
_TAGLINE_PARTS = re.compile(r"\s+-\s+|\s*[|–—•·»:]\s*")


def tagline_title(title: str, heading: str) -> bool:
    """Whether a title is the site's name and tagline ("The Planet online - News, Sports and
    Entertainment"): one part only section words, the others short and sharing no word with
    the heading printed above the story."""
    parts = [p for p in _TAGLINE_PARTS.split(title) if p.strip()]
    if len(parts) < 2:
        return False
    words = [re.findall(r"[^\W\d_]+", p.lower()) for p in parts]
    tagline = [len(w) >= 2 and _SECTION_WORDS.issuperset(w) for w in words]
    if not any(tagline) or all(tagline):
        return False
    named = [p for p, t in zip(parts, tagline, strict=True) if not t]
    return all(len(p.split()) <= 4 and not shares_words(p, [heading]) for p in named)


def section_name(text: str) -> bool:
    """Whether a heading is only section words ("Local Sports Wire", "World News"): the name of
    the page's section, not a story's headline."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return len(words) >= 2 and _SECTION_WORDS.issuperset(words) and words[0] != "and"

