"""One walk over the page's body, sorting out the elements the generic extractor's rules read.

The rules (captions, embeds, boxes and teasers, deks, loose text, a split body, trafilatura's
own raw-tree prunes) each look at a few kinds of elements; one walk of the body lists them all,
in document order (`Scan`). Most of its cost is reading class attributes: each distinct class
string is read once (kept for the next pages too), first by a cheap test for any word a rule
could care about, then by one pattern naming the kind of block it marks (a caption, a box, a
dek, a hover card, text for screen readers only, a body container). trafilatura's raw-tree
prunes (infinite-scroll add-ons, share buttons, comment blocks) are answered in the same walk,
by the same tests as its XPaths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

import ahocorasick
from lxml import etree
from lxml.html import HtmlElement

from newsharvest.extract.class_names import (
    BOX,
    CAPTION,
    CONTAINER,
    DEK,
    GATED,
    HOVER,
    SCREEN_READER,
    alternatives,
    needed_words,
)
from newsharvest.extract.comment_threads import comment_address, is_commenter_link, is_permalink
from newsharvest.extract.embedded_posts import EMBED_DIV, EMBED_TAGS, is_embed
from newsharvest.extract.loose_text import SPACER_TAGS, only_line_breaks
from newsharvest.extract.screen_reader import SCREEN_READER_CLASSES
from newsharvest.extract.split_body import CONTAINER_NAME
from newsharvest.extract.twin_frames import FRAME_CLASSES, FRAME_TAGS

_CLASS_HINT_WORDS = (
    *("capt", "credit", "content", "omment", "sign", "subscr", "shar", "social", "stories", "scroll"),
    *("standf", "subtitle", "sub-title", "subhead", "sub-head", "strap", "relat", "read", "recomm"),
    *("promo", "outbr", "taboo", "advert", "ad-", "body", "text", "mvp-post", "dek", "deck", "newsl"),
    *("rollover", "tooltip", "popover", "hover", "prem", "payw", "regw", "bio", "author", "sr-only"),
    *("visually", "offscreen", "off-screen", "adslot", "adcontainer", "adwrapper", "adunit"),
)
"""Cheap first test on a lower-cased class: could any rule of the walk care about this element?
Only if the class holds one of these (found by `_CLASS_HINTS` in one linear pass). Every name
`_CLASS_RE` matches holds one (a test spells them all out)."""
_CLASS_HINTS = ahocorasick.Automaton()
for _word in _CLASS_HINT_WORDS:
    _CLASS_HINTS.add_word(_word, _word)
_CLASS_HINTS.make_automaton()

_CLASS_RE = re.compile(
    rf"(?P<caption>(?:^|[\s_-])(?:{alternatives(CAPTION)})(?:$|[\s_-]))"
    rf"|(?P<box>(?:^|[\s_-])(?:{alternatives(BOX)})(?:$|[\s_-])"
    rf"|(?:^|\s)(?P<gated>{alternatives(GATED)})\w*(?:$|[\s_-]))"
    rf"|(?P<dek>(?:^|[\s_-])(?:{alternatives(DEK)})(?:$|[\s_-]))"
    rf"|(?P<hover>(?:^|[\s_-])(?:{alternatives(HOVER)})(?:$|[\s_-]))"
    rf"|(?P<unseen>(?:^|\s)(?:{SCREEN_READER_CLASSES})(?:$|\s))"
    rf"|(?P<container>{CONTAINER_NAME.pattern})"
)
"""Lower-cased class names of caption blocks, in-article boxes (newsletter, share, related,
ads, author bios, premium/paywall prompts), link hover cards and article-body containers."""
_CLASS_RE_WORDS = needed_words(CAPTION, BOX, GATED, DEK, HOVER, SCREEN_READER, CONTAINER)
"""The words of `_CLASS_RE`'s alternatives, one of which each of its matches holds: a class
name without any of them cannot match, and most of those passing `_CLASS_HINT_WORDS` have none."""
_CLASS_RE_NEEDS = ahocorasick.Automaton()
for _word in _CLASS_RE_WORDS:
    _CLASS_RE_NEEDS.add_word(_word, _word)
_CLASS_RE_NEEDS.make_automaton()

# trafilatura's RAW_TREE_PRUNE_XPATH and REMOVE_COMMENTS_AND_LISTS_XPATH, done in our one walk
# (its EXSLT-regex XPaths cost ~3.5 ms a page on a whole tree): same tests, same order.
_SCROLL_RE = re.compile(r"mvp-post-add-(?:box|wrap)|infinite-?scroll")
_POST_ADD_RE = re.compile(r"mvp-post-add-(?:box|wrap)")
_COMMENT_ID_RE = re.compile(r"^(?:[Cc]omment(?!ary)|comol|disqus_thread|dsq-comments)")
_COMMENT_LIST_ID_RE = re.compile(r"^(?:[Cc]omment(?!ary)|comol)")
_COMMENT_CLASS_RE = re.compile(r"^[Cc]omment(?!ary)|(?:article|post)-comments")
_RAW_TAGS = frozenset({"div", "section", "aside"})
_COMMENTS_MARK = re.compile(r"(?i)^\w*comments$")
"""The name or id of a link target placed where readers' comments start ("comments",
"readerComments"): the comment entries after it may carry no comment name of their own."""
_COMMENT_TAGS = frozenset({"div", "section", "details", "ol", "ul", "list"})
_PRUNED_TAGS = _RAW_TAGS | _COMMENT_TAGS

_LINK_BLOCK_TAGS = frozenset({"p", "li", "h2", "h3", "h4", "h5"})
_LINK_BLOCK_STOPS = frozenset({"body", "article", "main"})
_TITLE_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})

_LIST_TAGS = frozenset({"ul", "ol", "menu", "dir"})
_HOLDER_TAGS = frozenset({"div", "section", "article", "main", "font"})


@dataclass
class Scan:
    """What one walk over the body found, in document order."""

    caption_nodes: list[HtmlElement] = field(default_factory=list)
    boxes: list[HtmlElement] = field(default_factory=list)
    gated: list[HtmlElement] = field(default_factory=list)
    containers: list[HtmlElement] = field(default_factory=list)
    frames: list[HtmlElement] = field(default_factory=list)
    holders: list[HtmlElement] = field(default_factory=list)
    bare: list[HtmlElement] = field(default_factory=list)
    """`<div>`s holding text and no element."""
    stray_items: list[HtmlElement] = field(default_factory=list)
    """`<li>`s outside any list."""
    spacers: list[HtmlElement] = field(default_factory=list)
    link_blocks: list[HtmlElement] = field(default_factory=list)
    deks: list[HtmlElement] = field(default_factory=list)
    embeds: list[HtmlElement] = field(default_factory=list)
    hovers: list[HtmlElement] = field(default_factory=list)
    lists: list[HtmlElement] = field(default_factory=list)
    link_ancestors: dict[HtmlElement, int] = field(default_factory=dict)
    """Each element a link's walk up reached, with the fewest levels any walk took to reach it."""
    raw_prune: list[HtmlElement] = field(default_factory=list)
    comments: list[HtmlElement] = field(default_factory=list)
    comment_marks: list[HtmlElement] = field(default_factory=list)
    comment_links: list[HtmlElement] = field(default_factory=list)
    """Links to one reader's comment (see `comment_threads`)."""
    commenter_links: list[HtmlElement] = field(default_factory=list)
    """Links a reader's comment makes to its author's site (`rel` "ugc", "external nofollow")."""
    nofollow_links: list[HtmlElement] = field(default_factory=list)
    """Links marked `rel="nofollow"` alone: a forum's links to its members' pages among them."""
    titled_links: list[HtmlElement] = field(default_factory=list)
    """Links holding a heading: a teaser card's title (see `teaser_cards`)."""


def scan_body(body: HtmlElement) -> Scan:
    """Walk the body once, sorting out the elements the rules below look at."""
    scan = Scan()
    classes: dict[str, re.Match[str] | bool] = {}  # a page repeats its class names: each is read once
    for el in body.iter(etree.Element):  # elements only: no comment or processing instruction
        tag = el.tag
        if tag == "a":
            _note_link_block(el, scan)
            href = el.get("href")
            if href is None:
                name = el.get("name") or ""
                if _COMMENTS_MARK.match(name or el.get("id") or ""):
                    scan.comment_marks.append(el)
                elif name and is_permalink(comment_address(el)):  # one comment's own anchor
                    scan.comment_links.append(el)
            elif is_permalink(href):
                scan.comment_links.append(el)
            else:
                rel = el.get("rel")
                if rel and is_commenter_link(rel):
                    scan.commenter_links.append(el)
                elif rel and "nofollow" in rel.lower().split():
                    scan.nofollow_links.append(el)
        elif tag == "figure":
            scan.caption_nodes.append(el)
        elif tag == "ul" or tag == "ol":
            scan.lists.append(el)
        elif tag == "li" and el.getparent().tag not in _LIST_TAGS:
            scan.stray_items.append(el)
        elif tag in _HOLDER_TAGS and len(el):
            if tag == "div" and el[0].tag in SPACER_TAGS and only_line_breaks(el):
                scan.spacers.append(el)
            else:
                scan.holders.append(el)
        elif tag == "div" and el.text and not len(el):
            scan.bare.append(el)
        elif tag in _TITLE_TAGS:
            title = _title_link(el)
            if title is not None:
                scan.titled_links.append(title)
        cls = el.get("class") or ""
        if (
            tag in EMBED_TAGS
            and (cls or tag == "iframe")
            and (tag != "div" or EMBED_DIV.search(cls))
            and is_embed(el, tag, cls)
        ):
            scan.embeds.append(el)
        pruned = tag in _PRUNED_TAGS  # the only tags whose id any rule here reads
        ident = (el.get("id") or "") if pruned else ""
        if ident:
            _trafilatura_raw_prunes(el, tag, cls, ident, scan)
        if not cls:
            continue
        if cls in FRAME_CLASSES and tag in FRAME_TAGS:
            scan.frames.append(el)
        match = classes.get(cls)
        if match is None:
            match = classes[cls] = _class_match(cls)
        if match is False:
            continue
        if pruned and not ident:
            _trafilatura_raw_prunes(el, tag, cls, ident, scan)
        if match is True:
            continue
        if match.group("caption") and tag != "figure":
            scan.caption_nodes.append(el)
        elif match.group("box") and tag not in ("body", "html", "article", "main"):
            if match.group("gated") and tag == "p":
                scan.gated.append(el)
            else:
                scan.boxes.append(el)
        elif match.group("dek") and tag not in ("body", "html", "article", "main"):
            scan.deks.append(el)
        elif match.group("hover") and tag in ("span", "div", "aside"):
            scan.hovers.append(el)
        elif match.group("unseen") and tag not in ("body", "html", "article", "main"):
            scan.boxes.append(el)  # text for screen readers only ("Share this story"), never shown
        elif match.group("container") and tag in ("div", "section", "article"):
            scan.containers.append(el)
    return scan


@lru_cache(maxsize=2048)
def _class_match(cls: str) -> re.Match[str] | bool:
    """What `scan_body` reads of a class attribute: False when no rule could care about it (see
    `_CLASS_HINT_WORDS`), else the `_CLASS_RE` match of its lower case, True when there is none;
    a camel-case name matching nothing as written is read hyphenated, as a box or a caption
    only (never a body container: "articleText" is no part of a split body). Kept for the next
    pages too: many class names recur from page to page (a site's layout, a CMS's or framework's
    names)."""
    low = cls.lower()
    if next(_CLASS_HINTS.iter(low), None) is None:
        return False
    if next(_CLASS_RE_NEEDS.iter(low), None) is None:
        return True  # no word of `_CLASS_RE` in it: found in one linear pass, without the regex
    found = _CLASS_RE.search(low)
    if found is None and _CAMEL_HUMP.search(cls) is not None:
        humped = _CLASS_RE.search(_CAMEL_HUMP.sub("-", cls).lower())  # "newsletterSignup" hyphenated
        found = humped if humped is not None and humped.group("container") is None else None
    return found or True


_CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
"""Where a camel-case class name starts a word: read as a hyphen, as in a kebab-case name."""


def _title_link(heading: HtmlElement) -> HtmlElement | None:
    """The link a heading is the title of: the link wrapping it, or the one link it holds and
    nothing besides."""
    parent = heading.getparent()
    if parent.tag == "a":
        return parent
    if (
        len(heading) == 1
        and heading[0].tag == "a"
        and not (heading.text or "").strip()
        and not (heading[0].tail or "").strip()
    ):
        return heading[0]
    return None


def _note_link_block(link: HtmlElement, scan: Scan) -> None:
    """Record the paragraphs/list items/subheads a link sits in (up to six levels up), in the
    order first reached. A walk ends at an element an earlier walk reached in as few levels or
    fewer: that walk read everything above it already (a list's or a paragraph's links)."""
    reached = scan.link_ancestors
    for depth, el in enumerate(islice(link.iterancestors(), 6)):
        known = reached.get(el)
        if known is not None and known <= depth:
            return
        reached[el] = depth
        tag = el.tag
        if tag in _LINK_BLOCK_STOPS:
            return
        if tag in _LINK_BLOCK_TAGS and known is None:
            scan.link_blocks.append(el)


def _trafilatura_raw_prunes(el: HtmlElement, tag: str, cls: str, ident: str, scan: Scan) -> None:
    """trafilatura's raw-tree prunes: infinite-scroll add-ons, share buttons, comment blocks."""
    if tag in _RAW_TAGS:
        scrolling = _SCROLL_RE.search(ident) or _SCROLL_RE.search(cls)
        add_on = _POST_ADD_RE.search(ident) or _POST_ADD_RE.search(cls)
        if (scrolling and (add_on or el.find(".//h1") is None)) or "elementor-share-buttons" in cls:
            scan.raw_prune.append(el)
            return
    comment_class = _COMMENT_CLASS_RE.search(cls)
    if (
        tag in _COMMENT_TAGS
        and (comment_class or _COMMENT_ID_RE.search(ident))
        and (tag not in ("ol", "ul") or comment_class or _COMMENT_LIST_ID_RE.search(ident))
    ):
        scan.comments.append(el)

