"""The byline printed on a page: the byline or author elements outside comments, teasers and footers."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

from newsharvest.extract.byline import (
    LATIN_WORD,
    MAX_BYLINE_CHARS,
    Byline,
    dedupe_authors,
    parse_byline,
    split_credit,
)
from newsharvest.extract.byline_lines import is_byline_line
from newsharvest.extract.byline_pieces import byline_reading
from newsharvest.extract.document import Document, collapse
from newsharvest.extract.link_text import is_internal, url_host
from newsharvest.extract.record import Author
from newsharvest.extract.story_start import TAIL

_AUTHOR_ID = re.compile(r"author(?!i[sz])", re.I)
"""An id naming an author ("author", "reviewAuthor"), not "authorization"."""
_BYLINE_CLASS = re.compile(r"author|autor|byline|writer|reporter|submitted")
"""Class words of a byline: "author" ("autor" in Spanish, Portuguese, German), "byline", a
"writer" ("detail__writer") or "reporter" ("newsReporter"), Drupal's "submitted"."""
_BYLINE_COMPONENT = re.compile(r"byline(?:[-_ ]?block)?$", re.I)
"""A `data-component` naming the byline itself ("Byline", "byline-block"), not a block holding it."""
_NOT_BYLINE_TAGS = frozenset({"meta", "link", "img", "script", "style", "body", "html", "article", "main"})


def _byline_elements(
    root: lxml.html.HtmlElement,
) -> tuple[list[lxml.html.HtmlElement], list[lxml.html.HtmlElement]]:
    """Elements marked as a byline or author (`rel=author`, `itemprop=author`, a byline,
    author, writer or submitted class, a byline id, a byline `data-component`, an `<author>`
    element), in page order; and the elements whose class may name a post (see `_lone_post`),
    found in the same walk."""
    found = []
    posts = []
    classes: dict[str, bool] = {}  # a page repeats its class names: each is read once
    for element in root.iter(lxml.etree.Element):  # quicker than an XPath picking the attributes first
        marks = element.get("class")
        if marks is not None and ("entry" in marks or "post" in marks):
            posts.append(element)
        if marks:
            marked = classes.get(marks)
            if marked is None:
                low = marks.lower()
                marked = classes[marks] = _BYLINE_CLASS.search(low) is not None
            if marked:
                if element.tag not in _NOT_BYLINE_TAGS:
                    found.append(element)
                continue
        ident = element.get("id")
        if (
            (ident and ("byline" in ident.lower() or _AUTHOR_ID.search(ident) is not None))
            or "author" in (element.get("rel") or "").lower().split()  # "author external" too
            or "author" in (element.get("itemprop") or "")
            or _BYLINE_COMPONENT.match(element.get("data-component") or "") is not None
            or element.tag == "author"
        ) and element.tag not in _NOT_BYLINE_TAGS:
            found.append(element)
    if next(root.itersiblings(lxml.etree.Element), None) is not None or (
        next(root.itersiblings(lxml.etree.Element, preceding=True), None) is not None
    ):
        posts = _POSSIBLE_POSTS(root)  # elements left beside the root (see `document._parse`) count too
    return found, posts


_OUTSIDE_STORY = frozenset(
    {
        "comment", "comments", "related", "recommended", "recommendations", "sidebar", "widget",
        "promo", "teaser", "teasers", "footer", "nav", "navbar", "menu", "newsletter", "popular",
        "trending", "share", "sharing", "social", "avatar", "tooltip", "more", "rail", "spotlight",
    }
)
"""Class or id words of page parts whose names are not the story's byline (other stories'
teasers, comments, author bio boxes)."""
_MARK_WORDS = re.compile(r"[\s_-]+")
_OWN_FOOTER = re.compile(r"\b(?:post|entry|article|story)[-_]footer")
"""A post's own footer (Blogger's "post-footer": "Posted by A at 5:30"), part of the story."""
_FOOTER_MARKED = lxml.etree.XPath(
    "//*[contains(translate(concat(@class, ' ', @id), 'FOTER', 'foter'), 'footer')]", smart_strings=False
)
_ORGANISATION_CHARS = 60
"""The longest byline read as an organisation's name when it names no person."""
_PAGE_FORM_CHARS = 3000


_POST_MARKS = frozenset({"hentry", "h-entry", "post"})
"""Class words of one blog post's element (hAtom's `hentry`, microformats2's `h-entry`,
Blogger's `post`): it holds the post's title, its text and its own byline."""
_POSSIBLE_POSTS = lxml.etree.XPath("//*[@class][contains(@class, 'entry') or contains(@class, 'post')]")
"""Elements of the whole document whose class may name a post (`[@class]` first: most elements have none)."""


def _posts(possible: list[lxml.html.HtmlElement]) -> list[lxml.html.HtmlElement]:
    """The page's blog-post elements (see `_POST_MARKS`) among `possible`, the page's elements
    whose class holds "entry" or "post"."""
    return [e for e in possible if not _POST_MARKS.isdisjoint(e.get("class", "").lower().split())]


def _lone_post(possible: list[lxml.html.HtmlElement]) -> lxml.html.HtmlElement | None:
    """The page's one blog-post element, if it has exactly one: a page of a single post, not a
    listing of several (`possible`: as `_posts` takes them)."""
    posts = _posts(possible)
    return posts[0] if len(posts) == 1 else None


_PICTURE_CREDIT = re.compile(r"(?:image|img|photo|picture|foto|caption)[\s_-]*(?:by-?line|credit)", re.I)
"""Class words of a picture's credit printed like a byline ("imageByline", "photo-credit")."""


def outside_story(
    element: lxml.html.HtmlElement, post: lxml.html.HtmlElement | None = None, post_footer: bool = False
) -> bool:
    """Whether a byline element sits in a part of the page that is not the story's byline: a
    comment, a teaser, a footer, or a picture's credit or caption. A byline in the text of the
    page's one blog `post` is the story's: the walk ends at the post, so the "widget" or
    "sidebar" named wrappers around it (Blogger's "widget Blog") do not make it a teaser's. A
    byline in the post's footer line ends the walk there only when `post_footer` is asked for."""
    if _PICTURE_CREDIT.search(f"{element.get('class') or ''} {element.get('id') or ''}"):
        return True
    for node in element.iterancestors():
        if node.tag in ("figure", "figcaption"):
            return True  # the picture's credit
        if node.tag in ("body", "html") or node is post:
            return False
        if node.tag in ("nav", "footer"):
            return True
        if node.tag == "form" and len(node.text_content()) < _PAGE_FORM_CHARS:
            return True  # a comment or sign-up form; a form holding the whole page (ASP.NET) is not one
        marks = f"{node.get('class') or ''} {node.get('id') or ''}".lower()
        if _OWN_FOOTER.search(marks):
            post = post if post_footer else None
            marks = _OWN_FOOTER.sub(" ", marks)
        if not _OUTSIDE_STORY.isdisjoint(_MARK_WORDS.split(marks)) and node.find(".//h1") is None:
            return True  # a box holding the story's headline ("share_wrapper" around it all) is the story's
    return False


_TEXTS = lxml.etree.XPath(".//text()")
"""The text pieces below an element, each knowing its parent and whether it is a tail."""


_BY_LABEL = re.compile(r"^(?:by|written\s+by|authors?|autor(?:in|en)?|von|par|por)\s*:?$", re.I)
"""A definition list's term that labels the byline ("By", "Author:")."""


def _byline_text(element: lxml.html.HtmlElement) -> str:
    """An element's text, each line break read as a separator ("By A<br>The Outlet": "By A |
    The Outlet"); of a definition list, the description its "By" term labels, not the other
    fields beside it ("<dt>By</dt><dd>A</dd><dt>Topics</dt><dd>Celebrity</dd>": "By A")."""
    if element.tag == "dl":
        for term in element.iterchildren("dt"):
            described = term.getnext()
            labelled = _BY_LABEL.match(collapse(term.text_content()))
            if labelled and described is not None and described.tag == "dd":
                return f"By {_byline_text(described)}"
    text = ""
    for piece in _TEXTS(element):
        if piece.is_tail and piece.getparent().tag == "br":
            text += f" | {piece}"
        elif piece[:1].isupper() and _glued(text):
            text += f" | {piece}"  # two elements' words glued ("Michael Hiltzik" "Business Columnist")
        else:
            text += piece
    return collapse(text).strip(" |")


_LAST_WORD = re.compile(r"[^\W\d_]*[a-z]$")
_NAME_PREFIXES = frozenset({"mac", "van", "von", "der", "den", "del", "des", "dos", "fitz"})
"""Prefixes a name's next part may be set apart from ("Mac" + "Kenzie", "Van" + "Dyke")."""


def _glued(text: str) -> bool:
    """Whether a text ends on a word of three letters or more in lower case, no name prefix:
    a next element's capitalised first word glued to it starts another part ("Ann Lee" +
    "Business Columnist"); "Mc" + "Donald" and "Mac" + "Kenzie" stay one name."""
    found = _LAST_WORD.search(text)
    return found is not None and len(found.group()) >= 3 and found.group().lower() not in _NAME_PREFIXES


def visible_byline(doc: Document, site_name: str | None = None, post_footer: bool = False) -> Byline:
    """The story's printed byline on a page without a profile: the first byline or author
    element (class, `rel=author`, `itemprop=author`) outside comments, teasers and footers
    that names a person. The most specific element wins, so "Tech Industry by A, date" gives A;
    several name elements inside one byline block ("By A and B") all count. A byline naming
    only a wire agency ("AFP") or an organisation ("By CBC News") gives it as `agency` when no
    person's byline is found. `post_footer`: a byline in the footer line of the page's one blog
    post ("Posted by A at 5:11 AM") is the story's too."""
    if doc.root is None:
        return Byline()
    elements, possible_posts = _byline_elements(doc.root)
    candidates = set(elements)
    post = _lone_post(possible_posts) if elements else None
    agency_only: Byline | None = None
    done: set[lxml.html.HtmlElement] = set()
    for element in elements[:200]:
        text = _byline_text(element)
        if (
            element in done
            or not text
            or len(text) > MAX_BYLINE_CHARS * 4
            or outside_story(element, post, post_footer)
        ):
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
                names = [a for a in names if not LATIN_WORD.fullmatch(a.name)]
            if names:
                whole = parse_byline(text[:MAX_BYLINE_CHARS])
                return Byline(
                    authors=dedupe_authors(names),
                    agency=agency or whole.agency,
                    raw=text[:MAX_BYLINE_CHARS],
                    stamp=stamp or whole.stamp,
                )
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
        if not found.agency and len(text) <= _ORGANISATION_CHARS:
            found = split_credit(text)  # "By CBC News"; not the site's name: a blog may bear its author's
        if found.agency and agency_only is None:
            agency_only = found  # "AFP" or "CBC News" alone: kept unless a person's byline follows
    return agency_only or Byline()


def has_post_footer(doc: Document) -> bool:
    """Whether an element's class or id names a post's own footer (`_OWN_FOOTER`): only then
    can `visible_byline` with `post_footer` find more than without it."""
    if doc.root is None:
        return False
    marks = (f"{e.get('class') or ''} {e.get('id') or ''}" for e in _FOOTER_MARKED(doc.root))
    return any(_OWN_FOOTER.search(mark.lower()) for mark in marks)


def _tail_node(root: lxml.html.HtmlElement, line: str) -> lxml.html.HtmlElement | None:
    """The node a line is printed after, as its tail (a line break or an inline element:
    "<br>By A", "<b>Harbour</b> By A"): the first whose tail it is; its ancestors hold the line."""
    for node in root.iter():
        if node.tail and collapse(node.tail) == line:
            return node
    return None


def byline_above(
    doc: Document,
    lines: list[tuple[str, lxml.html.HtmlElement]],
    credited: Byline,
    site_name: str | None = None,
) -> Byline:
    """The people of a "By A" line ("by A", "By A, 30 December 2007" too) printed between the
    headline and the story (`lines`, nearest the story first, each with its element; text after
    a line break too) in no element marked as a byline, on a page whose
    marked bylines and metadata name none (a wire story republished under the agency's
    account: "By: KXYZ Wire" marked, "By A" over the text); `credited`, with its agency and
    stamp, when no such line names a person. A marked byline was judged by `visible_byline`
    already, and a listing of several posts has no one story's byline; in the page's one blog
    post a line is the story's even inside a "widget" wrapper, as `outside_story` reads it."""
    marked: set[lxml.html.HtmlElement] | None = None
    post: lxml.html.HtmlElement | None = None
    for index, (_, owner) in enumerate(lines):
        reading = byline_reading(lines, index)  # also printed in pieces: "By" and the name apart
        if reading is None or doc.root is None:
            continue
        line, link = reading
        if link is not None and not is_internal(link.get("href") or "", url_host(doc.url)):
            continue  # a name linking to another site's page: no byline of this story
        if owner is TAIL:
            node = _tail_node(doc.root, line)  # "<br>By A"
            if node is None:
                continue
            owner = node
        if marked is None:
            elements, possible_posts = _byline_elements(doc.root)
            posts = _posts(possible_posts)
            if len(posts) > 1:
                return credited
            post = posts[0] if posts else None
            marked = set(elements)
        if owner in marked or any(e in marked for e in owner.iterancestors()) or outside_story(owner, post):
            continue
        found = parse_byline(line, site_name)
        if found.authors:
            if link is not None and len(found.authors) == 1:
                found.authors[0].url = doc.absolute(link.get("href"))
            return with_credit(found, credited)
    return credited


_OPENING_BY = re.compile(r"^(?:By|BY|by)\s+(?=[A-Z])")
"""A paragraph opening with "By" and a capital: perhaps the story's byline set as its text."""
_NAMES_CUT = re.compile(r"\s*(?:,|;|\s[-–—]+\s|//|\||\s(?:on|at)\s|\s\d|\s(?:in|from)\s(?=[A-Z]))")
"""Where the names of such a line end: its job title, agency, date, place ("in London") or the
story glued on."""
OPENING_PARAGRAPHS = 3
"""How many of the body's first paragraphs may be its byline."""


def byline_opening(paragraphs: list[str], credited: Byline, site_name: str | None = None) -> Byline:
    """The people of a "By A" line among the body's first paragraphs ("By A, Associated Press
    Writer 59 minutes ago", "by A on 8/09/2012"), for a page whose markup and lines above the
    story name no one; `credited` otherwise, as when the line's names do not read as a byline's
    (capitalised words, "By Friday, officials said …" not) or a name is one word, or more than
    three (a place run on: "By A B New Delhi, Jan 13 (IANS): …")."""
    for paragraph in paragraphs[:OPENING_PARAGRAPHS]:
        text = collapse(paragraph).lstrip("| ")  # a first cell: "| By A …"
        if not _OPENING_BY.match(text):
            continue
        head = _NAMES_CUT.split(text[:MAX_BYLINE_CHARS], maxsplit=1)[0]
        if not is_byline_line("By" + head[2:]):
            continue
        found = parse_byline(text[:MAX_BYLINE_CHARS], site_name)
        if found.authors and all(2 <= len(a.name.split()) <= 3 for a in found.authors):
            return with_credit(found, credited)
    return credited


def byline_in_post_footer(doc: Document, credited: Byline, site_name: str | None = None) -> Byline:
    """The people of the footer line of the page's one blog post ("Posted by A at 5:11 AM",
    Blogger's `post-author vcard`), for a page that names its writer nowhere else; `credited`,
    with its agency and stamp, when that line names no one."""
    if not has_post_footer(doc):
        return credited
    found = visible_byline(doc, site_name, post_footer=True)
    return with_credit(found, credited) if found.authors else credited


def with_credit(found: Byline, credited: Byline) -> Byline:
    """A byline read from a printed line, with the agency and stamp of the credit it replaces
    where the line gives none."""
    found.agency = found.agency or credited.agency
    found.stamp = found.stamp or credited.stamp
    return found


_LABELLED_AUTHOR = re.compile(
    r"^(?:作者|记者|記者|撰文|文字|采写|採寫)\s*[:：︱|丨／/]?\s*"
    r"(?P<names>[\u4e00-\u9fff\u3400-\u4dbf·・]{2,6}(?:[、，,\s]+[\u4e00-\u9fff\u3400-\u4dbf·・]{2,6}){0,3})$"
)
"""A Chinese or Japanese line naming the story's writer by its label: "作者︱春春", "记者 王小明",
"記者：山田太郎", "撰文：A、B". An editor's label ("责任编辑") is not one of them."""
_LABELLED_NAME_SPLIT = re.compile(r"[、，,\s]+")
_LABELLED_MAX_CHARS = 40
_LABELS = ("作者", "记者", "記者", "撰文", "文字", "采写", "採寫")
_LABELLED_LANGUAGES = frozenset({"zh", "ja"})
_LABEL_TEXTS = lxml.etree.XPath(
    "//text()[" + " or ".join(f"contains(., '{label}')" for label in _LABELS) + "]"
)


def labelled_author(doc: Document) -> Byline:
    """The people of the first labelled author line of the page (`_LABELLED_AUTHOR`), for a page
    whose markup and printed lines name no one; an empty `Byline` if there is none."""
    language = (doc.language or doc.script_language or "").lower()[:2]
    if doc.root is None or language not in _LABELLED_LANGUAGES:
        return Byline()  # the labels are Chinese and Japanese words: no other page is searched
    for text in _LABEL_TEXTS(doc.root):
        holder = text.getparent()
        if holder is None or holder.tag in ("script", "style", "title", "meta"):
            continue
        line = collapse(str(text) if text.is_tail else holder.text_content()).strip("\u3000 ")  # after a <br>
        if len(line) > _LABELLED_MAX_CHARS:
            continue
        found = _LABELLED_AUTHOR.match(line)
        if found is not None:
            names = [name for name in _LABELLED_NAME_SPLIT.split(found["names"]) if name]
            return Byline(authors=dedupe_authors([Author(name=name) for name in names]), raw=line)
    return Byline()
