"""The headline: the one the page shows its reader, without site name, kicker or entities.

Publishers state a headline in several places: the visible `<h1>`, og:/twitter: titles, the
JSON-LD `headline` (often an SEO variant written for search engines) and `<title>` (usually
with the site's name around it). The visible headline is the one a reader sees, so an `<h1>`
that another source confirms wins; otherwise the structured title, then `<title>`, each with
the site's name (`site_names.py`), a date or a kicker taken off. A title that is the site's
(or empty, or script), or no title at all, gives way to a heading over the story (`headings.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import lxml.etree
import lxml.html

from newsharvest.extract.document import Document, collapse
from newsharvest.extract.headings import ANCHOR_MARKS as _ANCHOR_MARKS
from newsharvest.extract.headings import (
    CATEGORY_REL,
    MAX_KICKER_WORDS,
    heading_before,
    untitled_heading,
)
from newsharvest.extract.headings import squash as _squash
from newsharvest.extract.named_headline import NAMED_CLASS, named_headline
from newsharvest.extract.site_names import (
    DATE_IN_BRACKETS,
    TITLE_SEPARATOR,
    is_site_segment,
    links_home,
    masthead,
    site_brands,
    site_name_only,
    strip_site_name,
)
from newsharvest.extract.story_start import StoryStart
from newsharvest.extract.structured import StructuredData, decode_entities
from newsharvest.extract.title_near import (
    SCRIPT_MARKS,
    UNSPACED,
    framed,
    printed_as_heading,
    printed_spelling,
    section_name,
    shares_words,
    site_like,
    tagline_title,
)

_GLUED_HYPHEN = re.compile(r"(?<=[a-z])-\s+(?=[A-Z])")
"""A hyphen glued to the word before it and spaced from a capital after it: parts of a
`<title>` some sites join so ("Section- Headline"), never a compound word."""
_KICKER_CLASS = re.compile(
    r"kicker|eyebrow|overline|topline|dachzeile|supertitle|surtitle|rubric|label|flag|tag\b", re.I
)
"""Class words of a kicker (the label over or before the headline) printed inside the `<h1>`."""


@dataclass(slots=True)
class Headline:
    """The headline chosen, cleaned, and the string it came from."""

    text: str = ""
    raw: str | None = None


_COUNT_LINK = re.compile(r"^\d+\s+(?:comments?|responses?|replies|reactions)$", re.I)
"""A link's text that counts the comments ("274 Comments"), set inside a post's heading."""


def _h1_text(h1: lxml.html.HtmlElement) -> tuple[str, str]:
    """An `<h1>`'s text as printed, and without a kicker element inside it (a kicker class, or a
    link to the story's category) nor a comment count linking to the comments below
    ("Headline <a href="#comments">274 Comments</a>")."""
    printed = collapse(h1.text_content())
    for link in h1.iterdescendants("a"):
        count = collapse(link.text_content())
        if (link.get("href") or "").startswith("#") and _COUNT_LINK.match(count) and printed.endswith(count):
            printed = printed[: -len(count)].rstrip()
            break
    kicker = ""
    for child in h1.iterdescendants():
        marked = _KICKER_CLASS.search(child.get("class") or "") or CATEGORY_REL.search(child.get("rel") or "")
        if marked and child.text_content().strip():
            kicker = collapse(child.text_content())
            break
    if kicker and printed.startswith(kicker) and len(kicker.split()) <= MAX_KICKER_WORDS:
        rest = collapse(printed[len(kicker) :].lstrip(" :|—–-"))
        if len(rest.split()) >= 2:
            return printed, rest
    return printed, printed


def _visible_headlines(doc: Document, tag: str = "h1", brands: Sequence[str] = ()) -> list[tuple[str, str]]:
    """Printed and kicker-less text of the page's first headings of one level, but for the
    site's name set as a heading (linking home, or its masthead)."""
    if doc.root is None:
        return []
    found: list[tuple[str, str]] = []
    for h1 in doc.root.iter(tag):
        if links_home(h1):
            continue  # the blog's or site's name set as a heading, linking to its front page
        printed, text = _h1_text(h1)
        text = text.rstrip(_ANCHOR_MARKS).strip()
        if text and len(text) <= 400 and not masthead(collapse(decode_entities(text)), brands):
            found.append((printed, text))
        if len(found) >= 10:
            break
    return found


def _without_kicker(text: str, titles: list[str]) -> str:
    """A headline with a kicker glued to its front, when a stated title is the rest of it."""
    squashed = _squash(text)
    for title in titles:
        tail = _squash(title)
        if tail and squashed.endswith(tail) and squashed != tail and len(title.split()) >= 3:
            extra = len(text.split()) - len(title.split())
            if 0 < extra <= MAX_KICKER_WORDS:
                return title
    return text


def _one_part_more(stated: str, title: str) -> bool:
    """Whether a stated title is `title` with one more part before or after a separator (a
    section's or site's name the metadata adds to what `<title>` says)."""
    parts = TITLE_SEPARATOR.split(stated)
    return len(parts) == 2 and len(title.split()) >= MIN_UNCONFIRMED_WORDS and title in (parts[0], parts[1])


MAX_SITE_NAME_WORDS = 4
"""A `<title>`'s last part of more words than this is no site name ("Site :: Section :: Headline")."""
MIN_UNCONFIRMED_WORDS = 4
"""An `<h1>` nothing else confirms is taken over a `<title>` of several parts only with this
many words (a one- to three-word `<h1>` is usually the site's or the section's name)."""
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "b", "strong", "font"})
_TITLE_MARK = re.compile(r"title|headline|hdln", re.I)
_WORDLIKE = re.compile(r"\w")


def _shown_part(doc: Document, title: str, segments: list[str], brands: Sequence[str] = ()) -> str | None:
    """The longest run of `<title>` parts that the page also prints as a heading, a bold line
    or any element's own text ("Site: Section : Headline" → "Headline" when the page shows it),
    as `title` spells it (`segments` are its parts, in order)."""
    if doc.root is None or len(segments) < 2:
        return None
    spans: list[tuple[int, int]] = []
    for segment in segments:  # where each part stands in the title, to keep what is between them
        at = title.find(segment, spans[-1][1] if spans else 0)  # found: the parts are split from it
        spans.append((at, at + len(segment)))
    runs: dict[str, str] = {}
    for start in range(len(segments)):
        for end in range(start + 1, len(segments) + 1):
            run = collapse(title[spans[start][0] : spans[end - 1][1]])
            ends = {segments[start], segments[end - 1]}
            if end - start > 1 and any(is_site_segment(part, list(brands)) for part in ends):
                continue  # the site's name or address is no part of the headline
            if len(run.split()) >= 2:
                runs.setdefault(_squash(run), run)
    if not runs:
        return None
    shortest = min(len(key) for key in runs)
    longest = max(len(run) for run in runs.values()) + 40
    found: set[str] = set()

    def note(text: str, element: lxml.html.HtmlElement) -> None:
        if len(text) > 4 * longest:
            return
        text = collapse(text)
        if shortest <= len(text) <= longest:
            key = _squash(decode_entities(text).rstrip(_ANCHOR_MARKS))
            if key in runs and not links_home(element):  # a logo linking home prints the site's name
                found.add(key)

    body = doc.root.find("body")
    for element in body.iter() if body is not None else ():
        if element.tag in ("title", "script", "style", "meta", "option"):
            continue  # <title> strayed into the body is no confirmation of itself, nor a form's choice
        if len(element) <= 12 and (  # a heading, not a container
            element.tag in _HEADING_TAGS or _TITLE_MARK.search(f"{element.get('class')} {element.get('id')}")
        ):
            note(element.text_content(), element)
        elif element.text:
            note(element.text.strip(), element)
    best = max((key for key in runs if key in found), key=lambda key: len(runs[key].split()), default=None)
    return runs[best] if best else None  # the longest; of equals, the one nearest the front




def _named_h1_keys(doc: Document) -> set[str]:
    """Squashed texts of the `<h1>`s whose class or id names them the story's headline
    ("entry-title", the hAtom mark of a post's title)."""
    if doc.root is None:
        return set()
    return {
        _squash(collapse(decode_entities(h1.text_content())))
        for h1 in doc.root.iter("h1")
        if NAMED_CLASS.search(f"{h1.get('class')} {h1.get('id')}")
    }


def _lone_entry_title(doc: Document, visible: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The page's one `<h1>` when its class names it the post's title ("entry-title", hAtom's
    mark): over a stated title the page prints nowhere as a heading (an SEO variant), it is the
    headline the reader sees. `visible`: the page's `<h1>`s (`_visible_headlines`)."""
    if doc.root is None or len(visible) != 1:
        return None
    h1s = list(doc.root.iter("h1"))
    if len(h1s) != 1 or "entry-title" not in (h1s[0].get("class") or "").split():
        return None
    return visible[0] if _words(visible[0][1]) >= 2 else None


def _words(text: str) -> int:
    """Words of a heading, marks such as "►" or "|" not counted."""
    return sum(1 for word in text.split() if _WORDLIKE.search(word))


def _as_printed(doc: Document, title: str, raw: str | None) -> Headline:
    """A title in the page's own spelling when the page prints it with other capitals or symbols
    (see `printed_spelling`): the visible headline over the stated one."""
    spelled = printed_spelling(doc, title)
    return Headline(text=spelled, raw=spelled) if spelled else Headline(text=title, raw=raw)


def _first_choice(doc: Document, structured: StructuredData, brands: list[str]) -> tuple[Headline, bool]:
    """The headline the page's sources agree on, and whether a confirmed `<h1>` gave it."""
    stated_raw = [t for t in structured.titles if t]
    stated = [strip_site_name(collapse(decode_entities(t)), brands) for t in stated_raw]
    page_title_raw = doc.head_title or doc.first_text("title")
    page_title = strip_site_name(collapse(decode_entities(page_title_raw or "")), brands)
    stated_keys = {_squash(t) for t in stated if t}
    confirming = stated_keys | {_squash(page_title)}
    whole_title = _squash(decode_entities(page_title_raw or ""))
    title_text = collapse(decode_entities(page_title_raw or ""))
    segments = TITLE_SEPARATOR.split(title_text)
    named_last = len(segments) > 1 and len(segments[-1].split()) <= MAX_SITE_NAME_WORDS
    site_like = {_squash(segments[-1])} - stated_keys if named_last else set()
    visible = _visible_headlines(doc, "h1", brands)
    segment_keys = {_squash(segment) for segment in segments}
    named_h1 = _named_h1_keys(doc) & segment_keys if len(segments) > 1 else set()
    for printed, text in visible:  # an <h1> a stated title confirms, before any other <h1>
        text = collapse(decode_entities(text))
        key = _squash(text)
        if key and key in stated_keys and key not in site_like:
            return Headline(text=next(t for t in stated if _squash(t) == key), raw=printed), True
    for tag in ("h1", "h2"):
        headings = visible if tag == "h1" else _visible_headlines(doc, "h2", brands)  # h2s only if no h1 won
        for printed, text in headings:
            text = collapse(decode_entities(text))
            key = _squash(text)
            if not key or key in site_like:
                continue  # the site's name set as a heading, as <title> ends with it
            if key in confirming:
                if tag == "h1" or key == _squash(segments[0]):
                    same = next((t for t in stated if _squash(t) == key), text)
                    return Headline(text=same, raw=printed), True  # the stated spelling: no stray markup
            elif tag == "h1" and key in named_h1 and len(text.split()) < 3 and len(key) < 12:
                return Headline(text=text, raw=printed), True  # "Holidays" of "Holidays — A Notebook"
            elif (len(text.split()) >= 3 or len(key) >= 12) and key in whole_title:
                if tag == "h1" or key == _squash(segments[0]):
                    blog, _, post = title_text.partition(": ")  # "Blog Name: Post", the <h1> the blog's
                    post = strip_site_name(post, brands)
                    if _squash(blog) == key and post and printed_as_heading(doc, post):
                        return Headline(text=post, raw=page_title_raw), True
                    # A part of <title>: the longest part printed as a heading is the headline.
                    shown = _shown_part(doc, title_text, segments, brands) or text
                    if _squash(shown) == key:
                        shown = text  # the heading's own spelling: <title> parts lose quotes and dashes
                    raw = printed if shown == text else page_title_raw or printed
                    return Headline(text=shown, raw=raw), True
            elif tag == "h1":
                shorter = _without_kicker(text, [*stated, page_title])
                if shorter != text:
                    return Headline(text=shorter, raw=printed), True
    entry = _lone_entry_title(doc, visible) if stated else None  # a walk of the page: only when needed
    if entry is not None and not any(printed_as_heading(doc, t) for t in stated if t):
        return Headline(text=collapse(decode_entities(entry[1])), raw=entry[0]), False
    for raw, text in zip(stated_raw, stated, strict=True):
        if text and not site_name_only(text, brands):
            if _one_part_more(text, page_title):  # "Section - Headline" stated, <title> "Headline"
                return Headline(text=page_title, raw=page_title_raw), False
            return _as_printed(doc, text, raw), False
    named_first = segments[0].split(": ") if len(segments) == 1 else []  # "Blog Name: Post title"
    in_title = _shown_part(doc, title_text, segments if len(named_first) < 2 else named_first, brands)
    left = TITLE_SEPARATOR.split(page_title)  # what the site's name taken off leaves: "Blog Name: Post"
    if not in_title and len(segments) > 1 and len(left) == 1 and ": " in page_title:
        in_title = _shown_part(doc, page_title, page_title.split(": ", 1), brands)
    if in_title:
        holder = next((h for h in visible if _words(h[1]) >= MIN_UNCONFIRMED_WORDS), None)
        part, whole = _squash(in_title), _squash(holder[1]) if holder else ""
        if holder and part in whole and part != whole:  # the <h1> prints the part within it: whole
            return Headline(text=collapse(decode_entities(holder[1])), raw=holder[0]), False
        return Headline(text=in_title, raw=page_title_raw), False
    glued = [part for segment in segments for part in _GLUED_HYPHEN.split(segment)]
    printed_part = _shown_part(doc, title_text, glued, brands) if len(glued) > len(segments) else None
    if printed_part:  # "site.com - Section- Headline": the part the page prints, as printed there
        return Headline(text=printed_part, raw=printed_part), False
    long_h1 = next((h for h in visible if _words(h[1]) >= MIN_UNCONFIRMED_WORDS), None)
    named = None if long_h1 else named_headline(doc, MIN_UNCONFIRMED_WORDS)  # may be a teaser's
    if named:
        return Headline(text=collapse(decode_entities(named)), raw=named), False
    if visible and len(segments) == 1:
        long_h1 = long_h1 or visible[0]  # a plain <title> may be the site's; the <h1> is the story's
    if long_h1:
        return Headline(text=collapse(decode_entities(long_h1[1])), raw=long_h1[0]), False
    if page_title:
        return _as_printed(doc, page_title, page_title_raw), False
    if visible:
        printed, text = visible[0]
        return Headline(text=collapse(decode_entities(text)), raw=printed), False
    return Headline(), False


def choose_headline(
    doc: Document,
    structured: StructuredData,
    profiled: str | None = None,
    story: StoryStart | None = None,
    site_names: Callable[[], list[str]] | None = None,
) -> Headline:
    """The story's headline (see the module docstring), and the string it was taken from.

    `story` holds where the extracted story text (`lead`) starts: when the title the page states
    is the site's (no word in common with the story's heading and text), is empty, or is a
    heading printed just above the text with a site or section name around it, that heading wins.
    `site_names` gives `site_brands` when the caller keeps them for other fields too."""
    if profiled:
        return Headline(text=collapse(decode_entities(profiled)), raw=profiled)
    brands = site_names() if site_names is not None else site_brands(doc, structured)
    chosen, confirmed = _first_choice(doc, structured, brands)
    chosen.text = DATE_IN_BRACKETS.sub("", chosen.text) or chosen.text
    if confirmed or story is None or not story.lead:
        return chosen
    spaced = not UNSPACED.search(chosen.text)
    near = heading_before(story) or (None if chosen.text else untitled_heading(story))
    if near is None:
        return chosen
    if not chosen.text or SCRIPT_MARKS.search(chosen.text):  # script source leaked into <title>
        return Headline(text=near.text, raw=near.printed)
    if near.strict and spaced and (
        len(chosen.text.split()) == 1 or section_name(chosen.text) or site_name_only(chosen.text, brands)
    ):
        return Headline(text=near.text, raw=near.printed)  # a section's or site's name alone
    if near.strict and spaced and tagline_title(chosen.text, near.text):
        return Headline(text=near.text, raw=near.printed)
    if _squash(near.text) == _squash(chosen.text):
        return chosen
    around = near.strict and framed(near.text, chosen.text)
    if around or (spaced and not shares_words(chosen.text, [near.text, *story.lead])):
        return Headline(text=near.text, raw=near.printed)
    if spaced and site_like(doc, chosen.text, near, story.lead):
        return Headline(text=near.text, raw=near.printed)
    if near.signed and spaced and not printed_as_heading(doc, chosen.text):
        return Headline(text=near.text, raw=near.printed)  # the story's header: its heading over its byline
    return chosen
