"""The site's names, and whether a part of a title or a heading is one of them.

The names a site goes by (og:site_name, the JSON-LD publisher, application-name, else the
holders of the page's copyright notices; the host's own name) tell the headline from the
site's name printed around it in `<title>` or set over it as a masthead. `title.py` reads
them; they are apart from it as they say what the site is called, not which headline wins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

from newsharvest.extract.document import Document, collapse
from newsharvest.extract.heading_links import link_of
from newsharvest.extract.headings import squash as _squash
from newsharvest.extract.persons import host_label
from newsharvest.extract.structured import StructuredData, decode_entities, meta_authors

TITLE_SEPARATOR = re.compile(
    r"\s+(?:[|–—•·»«/~>]|::|-{1,2}|:)\s+|\s*[|｜]\s*|\s+:\s+|\s+：\s*|\s*_\s*|(?<=\w)::\s+|\s+:(?=[^\W\d])"
)
"""What sites put between the headline and their name in a title ("A - Site", "A | Site",
"A:: Site", "A :Site")."""

_DATE_SEGMENT = re.compile(r"^[\d\s./:-]{6,}$|^\d{1,2}\.?\s+\w+\.?\s+\d{4}$")
_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|tv|[a-z]{2})$", re.I)
"""A site's address standing as its name ("DailyPlanet.com: …", "planet-news.co.uk | …")."""
DATE_IN_BRACKETS = re.compile(r"\s*\(\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\)$|\s*\(from\s+[^()]{2,60}\)$")
"""A date in brackets after the headline ("… budget (28/04/2023)"), the site's stamp; or the
paper it is from ("… budget (from The Herald )"), as a group's sites title their stories."""
_COPYRIGHT_TEXTS = lxml.etree.XPath(
    "//body//text()[contains(., '©') or contains(., 'Copyright') or contains(., 'COPYRIGHT')]"
    "[not(ancestor::script or ancestor::style)]"
)
_HOLDER = re.compile(
    r"(?:(?:©|(?i:\(c\)|copyright))\s*)+"
    r"(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?\s*,?\s*)?(?:(?:by|of|Provided\s+by)\s+)?"
    r"(?P<name>[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|the|and|&)){0,5})"
)
"""A copyright notice and the name it gives ("© 2008 Winnipeg Free Press. All Rights Reserved.")."""
_HOLDER_END = re.compile(r"\.(?:\s.*)?$|\s+(?:All|ALL)\b.*$|\s+(?:of|the|and|&)$")
_NOT_HOLDERS = frozenset({"notice", "policy", "information", "info", "statement"})
"""Words after "Copyright" in a footer's link ("Copyright Notice"), no owner's name."""
_ROMAN_YEAR = re.compile(r"^[MDCLXVI]+$")
"""A year in Roman numerals ("© MMVIII"), no name."""
_MASTHEAD_WORDS = frozenset({"live", "online", "interactive", "digital", "web", "com", "today", "daily"})
"""Words a site prints after its name in its masthead ("Winnipeg Free Press Live")."""


MAX_NOTICES = 5
"""Copyright notices read, from the page's end: its footer's (a wire agency's notice may stand
beside the site's own)."""


def copyright_holders(doc: Document) -> list[str]:
    """The names in the page's last copyright notices (its footer's: "© 2008 Winnipeg Free
    Press. All Rights Reserved." → "Winnipeg Free Press"): the site's owner, named on pages
    that state no site name in their metadata."""
    if doc.root is None:
        return []
    try:
        texts = _COPYRIGHT_TEXTS(doc.root)
    except Exception:
        return []
    names: list[str] = []
    for text in reversed(texts[-MAX_NOTICES:]):
        parent = text.getparent()
        if parent is not None and text.is_tail:
            parent = parent.getparent()  # "<a>Copyright</a> © 2007, <a>Canoe Inc.</a>"
        whole = collapse(parent.text_content() if parent is not None else str(text))
        if len(whole) > 600:
            whole = collapse(str(text))
        for match in _HOLDER.finditer(whole):
            name = _HOLDER_END.sub("", match["name"]).strip(" .,")
            name = re.sub(r"\s+(?:19|20)\d\d$", "", name)  # "© Press TV 2007"
            if len(_squash(name)) >= 4 and not _ROMAN_YEAR.match(name) and name.lower() not in _NOT_HOLDERS:
                names.append(name)
    return list(dict.fromkeys(names))


MAX_NAME_WORDS = 6
"""A stated site name of more words than this is a headline (msn and Yahoo put the story's
headline in `application-name`)."""


def site_brands(doc: Document, structured: StructuredData) -> list[str]:
    """Squashed forms of the site's names: og:site_name, the publisher, application-name (else
    the holders of the page's copyright notices) and the host's own name ("golem" of golem.de,
    "dw" of dw.com), of the page's URL and of the canonical address the page states (a page
    saved, mirrored or passed without its URL still names its site), also of a site address
    that a part of `<title>` is ("dailyplanet" of "dailyplanet.com - …")."""
    names = [structured.site_name, doc.meta.get("application-name"), doc.meta.get("og:site_name")]
    publisher = (structured.article_node or {}).get("publisher")
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        names.append(publisher["name"])
    if not any(n and len(n.split()) <= MAX_NAME_WORDS for n in names):
        names.extend(copyright_holders(doc))  # a page stating no name: its copyright notices' holders
    forms = {_squash(decode_entities(n)) for n in names if n and len(n.split()) <= MAX_NAME_WORDS}
    title = collapse(decode_entities(doc.head_title or ""))
    hosts = [urlsplit(address).hostname or "" for address in (doc.url, structured.canonical_url or "")]
    hosts += [part.strip().lower() for part in TITLE_SEPARATOR.split(title) if _DOMAIN.match(part.strip())]
    for host in hosts:  # the page's host, and a site address <title> names ("site.com - …")
        label = host_label(host.removeprefix("www."))
        if label is not None:
            forms.update({_squash(label), _squash(host.removeprefix("www."))})
    parts = TITLE_SEPARATOR.split(title)
    parts = title.split(": ", 1) if len(parts) == 1 else parts  # "Blog Name: Post"
    forms.update(_owner_parts(doc, parts))
    forms.update(_masthead_parts(doc, parts))
    forms.discard("")
    return sorted(forms, key=len, reverse=True)


def _owner_parts(doc: Document, parts: list[str]) -> set[str]:
    """Squashed first or last parts of a `<title>` of several that are the name its `<meta>`
    credits ("Ann Lee - Post" by Ann Lee): a blog named after its owner, whose name frames
    every post's title as a site's name does."""
    if len(parts) < 2:
        return set()
    owners = {_squash(name) for name in meta_authors(doc)}
    return {_squash(part) for part in (parts[0], parts[-1]) if _squash(part) in owners}


_MASTHEAD_TAGS = ("h1", "h2", "h3")


def _masthead_parts(doc: Document, parts: list[str]) -> set[str]:
    """Squashed first or last parts of a `<title>` of several that a heading linking to the
    site's front page prints: the masthead of a blog ("Web Ink Now" over every post, whose titles
    read "Web Ink Now: Post"), its name whatever the site's address."""
    ends = {_squash(part) for part in (parts[0], parts[-1])} if len(parts) > 1 else set()
    body = doc.root.find("body") if doc.root is not None and ends else None
    found: set[str] = set()
    for heading in body.iter(*_MASTHEAD_TAGS) if body is not None else ():
        key = _squash(heading.text_content())
        if key in ends and links_home(heading):
            found.add(key)
    return found


def links_home(heading: lxml.html.HtmlElement) -> bool:
    """Whether a heading is all one link to a site's front page (a path of "/" or none)."""
    href = link_of(heading)
    if href is None:
        return False
    parts = urlsplit(href)
    return parts.path in ("", "/") and not parts.query


def is_site_segment(segment: str, brands: list[str]) -> bool:
    """Whether one part of a title is the site's name (or a date printed beside it)."""
    squashed = _squash(segment)
    if not squashed:
        return True
    if _DATE_SEGMENT.match(segment.strip()) or _DOMAIN.match(segment.strip()):
        return True
    for brand in brands:
        bare = brand.removeprefix("the")
        if squashed in {brand, bare, "the" + bare}:
            return True
        if (
            len(brand) >= 4
            and (squashed.startswith(bare) or bare.startswith(squashed))
            and len(segment.split()) <= 4
        ):
            return True  # "Golem.de" for golem, "BuzzFeed News" for BuzzFeed
    return False


def site_name_only(text: str, brands: Sequence[str]) -> bool:
    """Whether a title is nothing but one of the site's names ("Daily Planet" of dailyplanet.com)."""
    squashed = _squash(text)
    return any(squashed in {brand, brand.removeprefix("the"), "the" + brand} for brand in brands)


def strip_site_name(title: str, brands: list[str]) -> str:
    """`title` without the site's name and dates at either end ("A - Golem.de" → "A",
    "A | DW | 28.04.2023" → "A", "Site: A" → "A", "A (28/04/2023)" → "A"); a title that is
    all site name stays."""
    title = DATE_IN_BRACKETS.sub("", title) or title
    parts = TITLE_SEPARATOR.split(title)
    if len(parts) == 1 and ": " in title:
        parts = title.split(": ", 1)
        if not is_site_segment(parts[0], brands):
            return title
    count = len(parts)
    while len(parts) > 1 and is_site_segment(parts[-1], brands):
        parts.pop()
    while len(parts) > 1 and is_site_segment(parts[0], brands):
        parts.pop(0)
    if len(parts) == count:
        return title
    end = title.rfind(parts[-1]) + len(parts[-1])
    kept = parts[0] if len(parts) == 1 else title[title.find(parts[0]) : end]
    return collapse(kept) or title


def masthead(text: str, brands: Sequence[str]) -> bool:
    """Whether a heading is the site's name as its masthead prints it: one of its names, alone or
    with a word such as "Live" or "Online" after it ("Winnipeg Free Press Live")."""
    words = text.split()
    for extra in range(0, min(3, len(words))):
        name, after = words[: len(words) - extra], words[len(words) - extra :]
        if _squash(" ".join(name)) in brands and all(_squash(w) in _MASTHEAD_WORDS for w in after):
            return True
    return False


_MEDIA_LABEL = re.compile(
    r"^(?i:watch|video|videos|listen|audio|podcast|photos|gallery|live|in\s+pictures)\s*[|•·]\s+(?=\S)"
)
"""A media label printed before the headline with a bar or bullet ("Watch | A", "VIDEO • A"); a
colon is left alone: "Watch: the launch" or "Live: …" may be how the headline is written."""


def without_media_label(headline: str) -> str:
    """`headline` without a leading media label ("Watch | Portrait of a Craftsman" → "Portrait
    of a Craftsman"); a headline that is nothing but the label stays."""
    rest = _MEDIA_LABEL.sub("", headline, count=1)
    return rest if rest.strip() else headline

