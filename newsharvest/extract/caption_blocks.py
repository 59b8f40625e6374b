"""Photo captions of a page without a profile: figures and caption blocks, out of the text.

The generic extractor takes each `<figure>` and each block named as a caption or a photo
credit ("wp-caption-text", "image-credit"…, see `class_names.CAPTION`) out of the page's tree
before trafilatura reads it, and keeps its caption apart: text and credit split (the text's own
"Photo: …" ending, else its credit-named children; a figure without a caption, its image's
description), the image's address, each photo once. A block under a menu, an aside, a footer
or a link is a teaser's picture: it leaves the tree but gives no caption. (Profiled sites read
theirs by selectors, see `captions`.)
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from newsharvest.extract.byline_lines import is_credit_title
from newsharvest.extract.cleanup import comparable
from newsharvest.extract.document import Document, collapse, drop_keeping_tail
from newsharvest.extract.elements import is_in
from newsharvest.extract.photo_credits import looks_like_credit, split_credit
from newsharvest.extract.record import Caption
from newsharvest.extract.screen_reader import screen_reader_only

_CREDIT_CLASS = re.compile(r"(?:^|[\s_-])(?:credit|copyright|attribution|source|byline)", re.IGNORECASE)
"""Class names of a caption's credit ("image-credit", "caption__source"); a name's start only,
so a utility class ("_pattribution-w-auto") does not count."""
_CREDIT_MAX_WORDS = 15
"""A credit-named part holding more words than this is the caption's text, not its credit."""
_CREDIT_WORD = re.compile(r"^(?:[©(]?[A-Z\d]|for$|via$|of$|and$|[/|&,–-]$)")
"""A word of a credit: a name's, a year's, or the few lower-case links between them ("Joshua
Bright for The New York Times", "Name via Getty Images")."""
_BYLINE = re.compile(r"^By\s+[A-Z]")
"""A story's byline ("By GILLIAN MOHNEY March 11, 2015"), in a block named "credit"."""
_PART_TAGS = frozenset(
    {"p", "div", "br", "span", "small", "cite", "figcaption", "li", "h2", "h3", "h4", "h5", "h6", "section"}
)
"""Elements that hold a part of a caption (its text, its credit): their texts never run into
each other's ("Braunau am Inn, Austria." and "Leonhard Foeger / Reuters")."""
_CREDIT_LABEL = re.compile(r"^(?:Credit|Photo(?:graph)?s?\s+by)\s+(?=\S)")
"""A credit's label set apart from it, colon-less ("Credit Kevin Frayer/Getty Images": NYT's
label is a span of its own; "Photo by Mark Jones")."""
_PART_BREAK = "\x00"
"""Where a part starts or ends, in the joined text (the page's own text holds no NUL)."""
_BREAK_BEFORE_MARK = re.compile(r"\x00+(?=[,.;:!?)\]])")
"""Part breaks right before a punctuation mark: no space there."""
_SKIP_ANCESTORS = frozenset({"nav", "aside", "footer", "a"})
_CAPTION_MAX_TEXT = 600


def take_captions(nodes: list[HtmlElement], body: HtmlElement, doc: Document) -> list[Caption]:
    """Photo captions from figures and caption blocks, in page order; the nodes leave the tree."""
    captions: list[Caption] = []
    seen: set[str] = set()
    for node in nodes:
        if not is_in(node, body):
            continue  # inside a figure already taken
        if node.tag != "figure" and len(node.text_content()) > _CAPTION_MAX_TEXT:
            continue  # a container that happens to carry the word, not a caption
        teaser = any(a.tag in _SKIP_ANCESTORS for a in node.iterancestors())
        caption = None if teaser else _caption_of(node, doc)
        drop_keeping_tail(node)
        if caption is None:
            continue
        key = comparable(f"{caption.text} {caption.credit or ''}") or (caption.image_url or "")
        if key in seen:
            continue
        seen.add(key)
        captions.append(caption)
    return captions


def _caption_of(node: HtmlElement, doc: Document) -> Caption | None:
    """One Caption from a figure or caption block: text and credit apart, image URL."""
    img = node.find(".//img")
    image_url = None
    alt = ""
    if img is not None:
        image_url = doc.absolute(img.get("data-src") or img.get("src"))
        alt = collapse(img.get("alt"))
    cap_el = node.find(".//figcaption") if node.tag == "figure" else node
    if cap_el is not None:
        text, credit = _caption_text(cap_el)
    elif len(alt.split()) >= 3:
        text, credit = split_credit(alt)
    else:
        return None
    labelled = _CREDIT_LABEL.match(text) is not None and len(text.split()) <= _CREDIT_MAX_WORDS // 2
    if text and not credit and (looks_like_credit(text) or labelled or _named_credit(cap_el, text)):
        text, credit = "", text.strip("()")
    if credit:
        credit = _CREDIT_LABEL.sub("", credit)
    if not text and not credit:
        return None
    if not text and image_url is None and _BYLINE.match(credit or ""):
        return None  # the story's byline bar, no photo's credit
    return Caption(text=text, credit=credit, image_url=image_url)


def _named_credit(cap_el: HtmlElement | None, text: str) -> bool:
    """Whether a block named as a credit holds a credit alone: "Vincenzo Floramo / Greenpeace" in a
    `<p class="credits">` beside its photo's caption, a photographer or an agency no list knows.
    Names only: a site's "Powered by WordPress" or "Get this plugin" in such a block is none, nor
    a byline's "Staff Writer"."""
    return (
        cap_el is not None
        and cap_el.tag != "figure"
        and _CREDIT_CLASS.search(cap_el.get("class") or "") is not None
        and len(text.split()) <= _CREDIT_MAX_WORDS // 2
        and all(_CREDIT_WORD.match(word) for word in text.split())
        and not is_credit_title(text)
    )


def _caption_text(cap_el: HtmlElement) -> tuple[str, str | None]:
    """Caption text and credit from a caption element, credit-classed children first."""
    full = _spaced_text(cap_el)
    credits = [
        _spaced_text(el)
        for el in cap_el.iterdescendants()
        if isinstance(el.tag, str) and _CREDIT_CLASS.search(el.get("class") or "")
    ]
    credits = [c for c in credits if c and len(c.split()) <= _CREDIT_MAX_WORDS]
    for part in credits:
        full = full[: -len(part)] if full.endswith(part) else full.replace(part, " ", 1)
    text, credit = split_credit(collapse(full).rstrip(" |–—-"))
    if credits and not credit:
        credit = collapse(" ".join(credits)).strip("()[] ") or None
    return text, credit


def _spaced_text(element: HtmlElement) -> str:
    """The element's text, collapsed, with a space where one of `_PART_TAGS` starts or ends
    (none before a punctuation mark right after it); text for screen readers only left out."""
    pieces: list[str] = []
    hidden: HtmlElement | None = None  # the screen-reader-only element being skipped
    for event, node in etree.iterwalk(element, events=("start", "end")):
        if hidden is not None:
            if event == "end" and node is hidden:
                hidden = None
                pieces.append(_PART_BREAK + (node.tail or ""))
            continue
        if event == "start" and node is not element and screen_reader_only(node):
            hidden = node
            continue
        if node.tag in _PART_TAGS:
            pieces.append(_PART_BREAK)
        if event == "start" and node.text:
            pieces.append(node.text)
        if event == "end" and node is not element and node.tail:
            pieces.append(node.tail)
    text = _BREAK_BEFORE_MARK.sub("", "".join(pieces))
    return collapse(text.replace(_PART_BREAK, " "))
