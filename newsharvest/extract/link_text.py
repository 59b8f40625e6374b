"""Link text in a story's lines: the page's links, those to its own site, and their share of a text.

A story names few links whole; the page's furniture around it (menus, teaser lists, "more
stories" links, a blogroll, a sister site's headlines) is mostly link text. The generic
extractor weighs its lines by the link texts they hold: a body of link lines under a story told
in caption blocks, its text held against readability's reading (see `reading_cut`), and a run
of lines that are each a link's whole text after the story's prose. The page's links are read
once, on first use, and shared by every reading of the page; on a page of thousands of links
their texts are found in each line in one linear pass.
"""

from __future__ import annotations

from collections import Counter
from functools import cached_property

import ahocorasick

from newsharvest.extract.document import Document, collapse
from newsharvest.extract.postlines import BULLET


class PageLinks:
    """The page's links, read on first use and then shared by every reading of the page (the
    captions-kept one too) and each rule weighing link text."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    @cached_property
    def all(self) -> list[tuple[str, str]]:
        """`_page_links`."""
        return _page_links(self.doc)

    @cached_property
    def texts(self) -> set[str]:
        """The distinct texts (three characters or more) of every link on the page, to any site."""
        return {text for text, _ in self.all if len(text) >= 3}

    @cached_property
    def anchors(self) -> set[str]:
        """`_anchor_texts`."""
        return _anchor_texts(self.doc, self.all)


def _page_links(doc: Document) -> list[tuple[str, str]]:
    """Every link of the page: its text, whitespace collapsed, and its href ("" without one)."""
    assert doc.root is not None
    # most links hold their text alone: read it without text_content()'s XPath call
    return [
        (collapse(a.text_content() if len(a) else a.text), a.get("href") or "") for a in doc.root.iter("a")
    ]


def unlinked_words(paragraphs: list[str], links: set[str]) -> float:
    """The words of a text outside link texts (each line's words scaled by its unlinked share)."""
    linked = linked_chars(paragraphs, links)
    pairs = zip(paragraphs, linked, strict=True)
    return sum(len(line.split()) * (1 - chars / len(line)) for line, chars in pairs if line)


_LINK_RUN = 8
"""This many lines in a row, each only a link's text, are a list of other posts (a blogroll,
a sister site's headlines), not a story's list of sources."""
_RUN_PROSE_WORDS = 12
_RUN_TAIL_LINKED = 0.5


def without_link_runs(paragraphs: list[str], page_links: PageLinks) -> list[str]:
    """Our text without its first run of `_LINK_RUN` or more lines that are each a link's whole
    text (to any site), after a line of prose: from the run to the end when half the text
    from there is link text, else the run alone."""
    if len(paragraphs) <= _LINK_RUN or not _has_short_run(paragraphs):
        return paragraphs  # the common case, decided without reading the page's links
    links = page_links.texts
    only_link = [BULLET.sub("", line) in links for line in paragraphs]
    prose = False
    start = count = 0
    for index, (line, linked) in enumerate(zip(paragraphs, only_link, strict=True)):
        if not linked:
            prose = prose or len(line.split()) >= _RUN_PROSE_WORDS
            count = 0
            continue
        if count == 0:
            start = index
        count += 1
        if prose and count >= _LINK_RUN:
            break
    else:
        return paragraphs
    end = start + count
    while end < len(paragraphs) and only_link[end]:
        end += 1
    if linked_share(paragraphs[start:], links) >= _RUN_TAIL_LINKED:
        return paragraphs[:start]
    return paragraphs[:start] + paragraphs[end:]


_LINK_LINE_MAX = 200
"""A line longer than this is no link's whole text (a headline, a post title)."""


def _has_short_run(paragraphs: list[str]) -> bool:
    """Whether `_LINK_RUN` lines in a row are each short enough to be a link's whole text."""
    count = 0
    for line in paragraphs:
        count = count + 1 if len(line) <= _LINK_LINE_MAX else 0
        if count >= _LINK_RUN:
            return True
    return False


def _anchor_texts(doc: Document, links: list[tuple[str, str]]) -> set[str]:
    """The distinct texts (three characters or more) of the page's links to its own site.

    Menus, teasers and "more stories" lists link to the site's other pages; a list of links to
    other sites (sources, shops) may be the article itself. A page without an address is taken
    to be on the host most of its absolute links point to. `links`: `_page_links`.
    """
    host = url_host(doc.url)
    if not host:
        hosts = Counter(url_host(href) for _, href in links if href.startswith(("http:", "https:", "//")))
        host = hosts.most_common(1)[0][0] if hosts else ""
    return {text for text, href in links if len(text) >= 3 and is_internal(href, host)}


def linked_share(lines: list[str], anchors: set[str]) -> float:
    """The share of the lines' characters found in link texts (each line counted at most whole)."""
    total = sum(len(line) for line in lines)
    if not total or not anchors:
        return 0.0
    return sum(linked_chars(lines, anchors)) / total


_DIRECT_PAIRS = 20_000
"""Up to this many (line, link text) pairs, each link text is looked for in each line; past it
(a page of thousands of distinct links) one Aho-Corasick pass per line finds them all."""


def linked_chars(lines: list[str], anchors: set[str]) -> list[int]:
    """For each line, the length of the distinct link texts found in it, at most the line's."""
    if not anchors:
        return [0] * len(lines)
    if len(lines) * len(anchors) <= _DIRECT_PAIRS:
        # a link text in a line is in the lines joined: each line is searched for those only
        present = list(filter("\n".join(lines).__contains__, anchors))
        return [min(len(line), sum(map(len, filter(line.__contains__, present)))) for line in lines]
    automaton = ahocorasick.Automaton()
    for anchor in anchors:
        automaton.add_word(anchor, anchor)
    automaton.make_automaton()
    return [min(len(line), sum(map(len, {found for _, found in automaton.iter(line)}))) for line in lines]


def url_host(url: str) -> str:
    """The host part of a URL, lower case, without "www." ("" when there is none)."""
    rest = url.partition("://")[2] if "://" in url[:12] else url.lstrip("/")
    host = rest.partition("/")[0].partition("?")[0].partition("#")[0].rpartition("@")[2]
    host = host.partition(":")[0].lower()
    return host[4:] if host.startswith("www.") else host


def is_internal(href: str, host: str) -> bool:
    """Whether a link points to a page of the same site (relative, or same host/subdomain)."""
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return False
    if not href.startswith(("http:", "https:", "//")):
        return True
    target = url_host(href)
    return bool(host) and (target == host or target.endswith("." + host) or host.endswith("." + target))
