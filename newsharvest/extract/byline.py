"""Bylines: people and wire agency apart, job titles dropped, upper-case names made readable."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.etree
import lxml.html

from newsharvest.extract.document import Document, collapse
from newsharvest.extract.persons import (
    AGENCIES,
    HANDLE,
    agency_of,
    is_organisation,
    is_person_name,
)
from newsharvest.extract.record import Author

_BY_PREFIX = re.compile(
    r"^\s*(?:(?:posted|written|published|reported)\s+by|by|von|par|por|di|door|texto)\s*(?:[:\-]\s*|\s+)",
    re.I,
)
_MID_BY = re.compile(r"^.{0,40}?\s(?:[Bb]y|BY|[Vv]on|[Pp]ar|[Pp]or|[Dd]oor)\s+(?=[A-ZÀ-Ý])")
"""A section or label before "by" ("Tech Industry by Steven Musil"): everything up to "by" goes."""
_SPLIT = re.compile(r"\s*(?:,|;|/|\||\b(?i:and)\b|&|\s(?:und|y|et|e)\s|・|、)\s*")
"""Where one credit ends and the next begins: punctuation, "and" in any case, and the other
languages' "and" in lower case between spaces (the "Y." of "Bruce Y. Lee" is an initial)."""
_AND = re.compile(r"(?i:and)|&|und|y|et|e|UND|Y|ET|E")
"""The separators of `_SPLIT` that join two names, or two words of one organisation's name."""
_PHOTO_CREDIT = re.compile(
    r"^(?:[\w.]+\s+){0,2}(?:photos?|photographs?|photography|illustrations?|images?|videos?|graphics?|fotos?)"
    r"\s*(?:by\b|:)",
    re.I,
)
"""A photo's or a drawing's credit set where a byline goes ("STAFF PHOTO BY A", "Photo: A"):
it names no author of the story."""
_LABEL = re.compile(r"^[^\W\d_]{2,12}\s*:\s*(?=[^\W\d_])")
"""A one-word label before the names ("Text: A", "Текст: A")."""
_SPECIAL_TO = re.compile(r"\s*(?:Special|SPECIAL)\s+(?:to|for|TO|FOR)\s.*$")
"""A contributor's note after the names, spaced or glued ("A. NAMESpecial to The Star")."""
_PAREN_END = re.compile(r"\s*\(([^()]{1,30})\)$")
"""A bracket at the end of a name ("Ann Lee (AP)"): a wire agency there is no part of the name."""
_SPLIT_CAPS = re.compile(r"\s(?:UND|Y|ET|E)\s")
"""The other languages' "and" in an upper-case byline ("POR ANA PÉREZ Y JUAN GÓMEZ")."""
_LATIN_WORD = re.compile(r"[A-Za-zÀ-ɏ.'’-]+")
_MONTHS = (
    r"jan(?:uary|vier|uar|eiro)?|feb(?:ruary|ruar)?|f[ée]v(?:rier)?|fevereiro|m[aä]r(?:ch|s|z|zo|ço)?|"
    r"apr(?:il)?|avr(?:il)?|abr(?:il)?|may|mai|mayo|maio|maggio|jun[ei]?|juin|junio|junho|giugno|"
    r"jul[iy]?|juillet|julio|julho|luglio|aug(?:ust)?|ao[uû]t|agosto|sep(?:t|tember)?|set(?:embro)?|"
    r"septembre|septiembre|settembre|o[ck]t(?:ober|obre|ubre|ubro)?|ottobre|nov(?:ember|embre|embro)?|"
    r"de[cz](?:ember|embre|embro)?|d[ée]cembre|diciembre|dicembre|gennaio|enero|febbraio|febrero|"
    r"marzo|aprile"
)
_STAMP = re.compile(
    rf"(?:\s|^)(?:(?:{_MONTHS})\.?\s+\d|\d{{1,2}}\.?\s+(?:de\s+)?(?:{_MONTHS})\b|\d{{1,4}}[./-]\d|"
    r"\d+\s+(?:hours?|minutes?|days?|mins?|hrs?)\s+ago|updated\b|published\b|posted\b|last\s+updated\b|"
    r"aktualisiert\b|mis\s+à\s+jour\b|publicado\b|\d{1,2}:\d{2}|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b)",
    re.I,
)
"""Where a date, time or "Updated" begins inside a printed byline: the names end before it."""
_STAMP_AGENCY = re.compile(r"\(([^()]{2,30})\)\s*$")
"""A wire agency in parentheses at the end of the date ("Jan 14, 2008 (AP)")."""
_FURNITURE_TAIL = re.compile(
    r"\s+(?:\((?:contact|e-?mail)\)|(?:rss|twitter|facebook|view|follow|e-?mail|share|subscribe|print)\b).*$"
    r"|(?:^|\s+)about\s+the\s+author\b.*$",
    re.I,
)
"""The page's furniture printed after the names ("A RSS feed", "A Twitter Profile"),
or the author's bio run on after them or standing alone ("A About the author A is …")."""
_TRAILING_LINK = re.compile(r"\s+(?:on|at|le|am|el|il|em|·|\||-|–|—)\s*$", re.I)
"""A connector left at the end of the names once the date after them is cut ("A on")."""
_IN_PLACE = re.compile(r"^(?P<name>\S+(?:\s+\S+)+?)\s+in\s+[A-ZÀ-Ý][\w.'’ -]*$")
"""A name followed by where the reporter filed from ("Ann Lee in London")."""
_OUTLET_POSSESSIVE = re.compile(r"^(?P<outlet>[\w.&]+(?:\s+[\w.&]+)?)['’]s?\s+(?=[A-ZÀ-Ý])")
"""An outlet's possessive before a name ("NBC's Ann Lee", "NBC News' Ann Lee")."""
_JOB_SUFFIX = re.compile(
    r"^(?P<name>.+?)\s*(?:,|\||—|–|-)\s*(?:an?\s+)?(?:AP|Reuters|HuffPost|Associated Press)?\s*"
    r"(?:[\w.'’ ]*\b(?:writer|reporter|correspondent|editor|contributor|columnist|staff)s?)\b.*$",
    re.I,
)

_CAPS_NAME_TITLE = re.compile(
    r"^(?P<name>(?!AP\b)[A-Z][A-Z.'’-]+(?:\s+(?!AP\b)[A-Z][A-Z.'’-]+){0,3})\s+"
    r"(?:AP\s+|Associated\s+Press\s+|Reuters\s+)?(?:[A-Z][a-z][\w.'’-]*\s+){0,3}"
    r"(?:Writer|Reporter|Correspondent|Editor|Photographer|Producer)s?$"
)
"""An upper-case wire name followed by its title without a comma: "SETH BORENSTEIN AP Science Writer"."""


_AGENCY_PATTERNS = [
    (re.compile(rf"(?:^|[\s,(|—–-]){re.escape(name)}(?:$|[\s,)|—–-])", re.I), short)
    for name, short in sorted(AGENCIES.items(), key=lambda kv: -len(kv[0]))
    if len(name) > 2
]
"""Each agency's name as it stands in a printed byline, longest names first (compiled once)."""


def readable_name(name: str) -> str:
    """AP's upper-case bylines ("MATT O'BRIEN") in reading case; others as printed."""
    name = collapse(name)
    letters = [c for c in name if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 3:
        return name.title().replace("’S", "’s").replace("'S ", "'s ")
    return name


@dataclass(slots=True)
class Byline:
    """A byline split into its parts."""

    authors: list[Author] = field(default_factory=list)
    agency: str | None = None
    raw: str | None = None
    stamp: str | None = None
    """The date or time printed after the names ("January 18, 2017 11:00 PM PST"), if any."""


def parse_byline(raw: str | None, site_name: str | None = None) -> Byline:
    """Split a printed byline ("By A, B and C", "By MATTHEW LEE Associated Press", "A und B,
    dpa") into people and agency, dropping job titles ("AP Technology Writer"), the "By"
    prefix, handles, e-mail addresses and the date or time printed after the names."""
    byline = Byline(raw=collapse(raw) or None)
    text = HANDLE.sub(" ", collapse(raw))
    if not _BY_PREFIX.match(text):  # "By A on 10.29.12 | Photo by B": the first "by" is the byline's
        if _PHOTO_CREDIT.match(text):
            return byline
        text = _MID_BY.sub("", text, count=1)
    text = _LABEL.sub("", _BY_PREFIX.sub("", text))
    stamp = _STAMP.search(text)
    if stamp and stamp.start() > 0:
        byline.stamp = collapse(text[stamp.start() :]) or None
        text = _TRAILING_LINK.sub("", text[: stamp.start()])
    text = collapse(_FURNITURE_TAIL.sub("", collapse(text))).strip(" ,;|—–-:")
    if not text:
        return byline
    for pattern, short in _AGENCY_PATTERNS:
        if pattern.search(text):
            byline.agency = short
            text = pattern.sub(" ", text)
            break
    else:  # the agency printed after the date: "By A | DENVER Mar 4, 2009 (AP)"
        credit = _STAMP_AGENCY.search(byline.stamp or "")
        byline.agency = agency_of(credit.group(1)) if credit else None
    match = _JOB_SUFFIX.match(text)
    if match:
        text = match.group("name")
    text = _SPECIAL_TO.sub("", text)
    if text.isupper():
        text = _SPLIT_CAPS.sub(" , ", text)
    parts = [collapse(part).strip(" .|—–-") for part in _SPLIT.split(text)]
    for at, (separator, part) in enumerate(zip(["", *_SPLIT.findall(text)], parts, strict=True)):
        before = parts[at - 1] if at else ""
        joined = separator.strip()
        continued = _AND.fullmatch(joined) or joined == "/"
        if continued and " " not in part and is_organisation(before, site_name):
            continue  # the end of an organisation's name ("Office of Fisheries and Oceans"), a second outlet
        if _outlet_after_name(joined, part, before, at == len(parts) - 1, site_name):
            continue
        outlet = _OUTLET_POSSESSIVE.match(part)
        name = outlet.group("outlet") if outlet else ""
        if outlet and (name.isupper() or is_organisation(name, site_name)):
            part = part[outlet.end() :]
        caps = _CAPS_NAME_TITLE.match(part)
        part = caps.group("name") if caps else part
        filed = _IN_PLACE.match(part)
        part = filed.group("name") if filed else part
        bracket = _PAREN_END.search(part)
        if bracket and bracket.start() > 0 and agency_of(bracket.group(1)):
            byline.agency = byline.agency or agency_of(bracket.group(1))
            part = part[: bracket.start()]
        part = _before_title(part, site_name)
        if byline.agency and _LATIN_WORD.fullmatch(part):
            continue  # one word beside an agency is the dateline's place ("Reuters, Washington")
        if _PHOTO_CREDIT.match(part):
            continue  # "By A | Photo by B": B took the picture
        if is_person_name(part, site_name):
            byline.authors.append(Author(name=readable_name(part)))
        elif agency_of(part) and not byline.agency:
            byline.agency = agency_of(part)
    return byline


def _outlet_after_name(separator: str, part: str, before: str, last: bool, site_name: str | None) -> bool:
    """Whether the last part of a credit, one capitalised word after a comma that follows a
    person's full name, is the outlet or the place the name is credited with ("Ann Lee, Futurism",
    "Ann Lee, Washington"), not a second person."""
    return (
        last
        and separator == ","
        and _LATIN_WORD.fullmatch(part) is not None
        and part[:1].isupper()
        and len(before.split()) >= 2
        and is_person_name(before, site_name)
    )


_JOB = re.compile(
    r"(?:\b|(?:Staff|Senior|Contributing|Special)\s*)(?:Editor|Writer|Reporter|Correspondent|Columnist|"
    r"Contributor|Producer|Journalist|Photographer|Analyst|Critic|Host|Anchor)s?\b"
)
"""A job title set after a name without a comma, capitalised as titles are; its first word
may be glued to the name ("Ann LeeStaff Writer")."""


def _before_title(part: str, site_name: str | None) -> str:
    """A name with the job title printed after it without a comma ("Ann Lee Editor in Chief")
    is the name; anything else stays as it is."""
    title = _JOB.search(part)
    if title is None or title.start() == 0 or is_person_name(part, site_name):
        return part
    name = part[: title.start()].strip()
    words = name.split()
    named = all(w[:1].isupper() and (len(w) > 1 or w.endswith(".")) for w in words)  # not "A Photo"
    if 2 <= len(words) <= 4 and named and is_person_name(name, site_name):
        return name
    return part


def split_credit(name: str, site_name: str | None = None) -> Byline:
    """One author credit from structured data ("A and B", "A, B, C and D", "A und B, dpa")
    as people and agency; an organisation-only credit keeps its name in `raw`."""
    byline = parse_byline(name, site_name)
    if not byline.authors and not byline.agency and is_organisation(name, site_name):
        byline.agency = agency_of(name) or collapse(name)
    return byline


def dedupe_authors(authors: list[Author]) -> list[Author]:
    """Authors in order, each name once (case-insensitive); a known profile URL is kept."""
    seen: dict[str, Author] = {}
    for author in authors:
        key = author.name.lower()
        if key in seen:
            seen[key].url = seen[key].url or author.url
        else:
            seen[key] = Author(name=author.name, url=author.url)
    return list(seen.values())


_AUTHOR_ID = re.compile(r"author(?!i[sz])", re.I)
"""An id naming an author ("author", "reviewAuthor"), not "authorization"."""
_MARKED = lxml.etree.XPath("descendant-or-self::*[@class or @rel or @itemprop or @id]")
"""The elements (page order) with an attribute the byline marks are read from: most have none."""
_NOT_BYLINE_TAGS = frozenset({"meta", "link", "img", "script", "style", "body", "html", "article", "main"})


def _byline_elements(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Elements marked as a byline or author (`rel=author`, `itemprop=author`, a byline or
    author class, a byline id), in page order."""
    found = []
    classes: dict[str, bool] = {}  # a page repeats its class names: each is read once
    for element in _MARKED(root):
        marks = element.get("class")
        if marks:
            marked = classes.get(marks)
            if marked is None:
                low = marks.lower()
                marked = classes[marks] = "author" in low or "byline" in low
            if marked:
                if element.tag not in _NOT_BYLINE_TAGS:
                    found.append(element)
                continue
        ident = element.get("id")
        if (
            (ident and ("byline" in ident.lower() or _AUTHOR_ID.search(ident) is not None))
            or element.get("rel") == "author"
            or "author" in (element.get("itemprop") or "")
        ) and element.tag not in _NOT_BYLINE_TAGS:
            found.append(element)
    return found
_OUTSIDE_STORY = frozenset(
    {
        "comment", "comments", "related", "recommended", "recommendations", "sidebar", "widget",
        "promo", "teaser", "teasers", "footer", "nav", "navbar", "menu", "newsletter", "popular",
        "trending", "share", "sharing", "social", "avatar", "tooltip", "more", "rail",
    }
)
"""Class or id words of page parts whose names are not the story's byline (other stories'
teasers, comments, author bio boxes)."""
_MARK_WORDS = re.compile(r"[\s_-]+")
_OWN_FOOTER = re.compile(r"\b(?:post|entry|article|story)[-_]footer")
"""A post's own footer (Blogger's "post-footer": "Posted by A at 5:30"), part of the story."""
MAX_BYLINE_CHARS = 160
_PAGE_FORM_CHARS = 3000


_PICTURE_CREDIT = re.compile(r"(?:image|img|photo|picture|foto|caption)[\s_-]*(?:by-?line|credit)", re.I)
"""Class words of a picture's credit printed like a byline ("imageByline", "photo-credit")."""


def _outside_story(element: lxml.html.HtmlElement) -> bool:
    """Whether a byline element sits in a part of the page that is not the story's byline: a
    comment, a teaser, a footer, or a picture's credit or caption."""
    if _PICTURE_CREDIT.search(f"{element.get('class') or ''} {element.get('id') or ''}"):
        return True
    for node in element.iterancestors():
        if node.tag in ("figure", "figcaption"):
            return True  # the picture's credit
        if node.tag in ("body", "html"):
            return False
        if node.tag in ("nav", "footer"):
            return True
        if node.tag == "form" and len(node.text_content()) < _PAGE_FORM_CHARS:
            return True  # a comment or sign-up form; a form holding the whole page (ASP.NET) is not one
        marks = _OWN_FOOTER.sub(" ", f"{node.get('class') or ''} {node.get('id') or ''}".lower())
        if not _OUTSIDE_STORY.isdisjoint(_MARK_WORDS.split(marks)) and node.find(".//h1") is None:
            return True  # a box holding the story's headline ("share_wrapper" around it all) is the story's
    return False


def _byline_text(element: lxml.html.HtmlElement) -> str:
    """An element's text, each line break read as a separator ("By A<br>The Outlet": "By A | The Outlet")."""
    texts = element.xpath(".//text()")
    text = "".join(f" | {t}" if t.is_tail and t.getparent().tag == "br" else t for t in texts)
    return collapse(text).strip(" |")


def visible_byline(doc: Document, site_name: str | None = None) -> Byline:
    """The story's printed byline on a page without a profile: the first byline or author
    element (class, `rel=author`, `itemprop=author`) outside comments, teasers and footers
    that names a person. The most specific element wins, so "Tech Industry by A, date" gives A;
    several name elements inside one byline block ("By A and B") all count. A byline naming
    only a wire agency ("AFP") gives that agency when no person's byline is found."""
    if doc.root is None:
        return Byline()
    elements = _byline_elements(doc.root)
    candidates = set(elements)
    agency_only: Byline | None = None
    done: set[lxml.html.HtmlElement] = set()
    for element in elements[:200]:
        text = _byline_text(element)
        if element in done or not text or len(text) > MAX_BYLINE_CHARS * 4 or _outside_story(element):
            continue
        inner = [e for e in element.iterdescendants() if e in candidates]
        if inner:
            names: list[Author] = []
            stamp: str | None = None
            agency: str | None = None
            leaves = [e for e in inner if not any(d in candidates for d in e.iterdescendants())]
            for child in leaves:
                found = parse_byline(_byline_text(child)[:MAX_BYLINE_CHARS], site_name)
                stamp = stamp or found.stamp
                agency = agency or found.agency
                url = doc.absolute(child.get("href")) if child.tag == "a" else None
                names.extend(Author(name=a.name, url=url) for a in found.authors)
            if agency:  # "Reuters" and "Washington" side by side: the one word is the dateline's place
                names = [a for a in names if not _LATIN_WORD.fullmatch(a.name)]
            if names:
                stamp = stamp or parse_byline(text[:MAX_BYLINE_CHARS]).stamp
                return Byline(authors=dedupe_authors(names), raw=text[:MAX_BYLINE_CHARS], stamp=stamp)
            if agency:
                agency_only = agency_only or Byline(agency=agency, raw=text[:MAX_BYLINE_CHARS], stamp=stamp)
                done.update(inner)
                continue
        if len(text) > MAX_BYLINE_CHARS:
            continue
        found = parse_byline(text, site_name)
        if found.authors:
            link = element if element.tag == "a" else next(element.iter("a"), None)
            if len(found.authors) == 1 and link is not None:
                found.authors[0].url = doc.absolute(link.get("href"))
            return found
        if found.agency and agency_only is None:
            agency_only = found  # "AFP" alone: kept unless a person's byline follows
    return agency_only or Byline()
