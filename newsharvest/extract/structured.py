"""Structured data a page declares about itself: JSON-LD, og:/article:/twitter: meta, microdata.

The cheapest and most trustworthy layer: publishers fill these for search engines, so a
field found here is taken before anything guessed from the visible markup.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

import lxml.etree

from newsharvest.extract.document import MARKUP_AS_TEXT, Document, collapse

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "report",
        "scholarlyarticle",
        "techarticle",
    }
)
"""schema.org types (lower-cased) that mark a page as an article."""

NON_ARTICLE_TYPES = frozenset(
    {"video.other", "video.movie", "video.episode", "videoobject", "collectionpage"}
)
"""og:/schema.org types (lower-cased) that mark a page without an article node as not an article."""

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_JSON_LD_SCRIPTS = lxml.etree.XPath('//script[@type="application/ld+json"]')
_CDATA = re.compile(r"^\s*(?:<!--)?\s*<!\[CDATA\[|\]\]>\s*(?:-->)?\s*$")
"""A CDATA (or comment) wrapper around a JSON-LD script, which browsers and Readability ignore."""
_INLINE_TAGS = frozenset({"a", "abbr", "b", "cite", "em", "i", "q", "small", "span", "strong", "sub", "sup"})
"""Tags inside a line: taken out without a space (the others end a line: a space)."""
_MAX_TAG_CHARS = 80
"""A keyword this long is a sentence or a heap of words, no tag."""
_CODE_MARKS = re.compile(r"[{}<>=]|\w\(['\"]|\.\w+\(")
"""What script or markup shows and a term never does: braces, tags, an assignment or a query
parameter, a call with a string, a method call. A semicolon besides them separates terms
("Sleyca; web fiction")."""
_CODE = re.compile(rf"{_CODE_MARKS.pattern}|;")
"""`_CODE_MARKS` or a semicolon left in a term: script's."""
_ENTITY = re.compile(r"&(?:#\d{2,7}|#x[0-9a-fA-F]{2,6}|[A-Za-z][A-Za-z0-9]{1,31});")

AUTHOR_META = (
    "author",
    "article:author",
    "article:author_name",
    "og:article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "og:author",
    "authors",
    "dc:creator",
    "creator",
    "citation_author",
    "rbauthors",
    "dcsext.author",
    "shareaholic:article_author_name",
)
"""<meta> names that credit the story's author(s), most common first."""
_MICRODATA_AUTHORS = lxml.etree.XPath(
    "//meta[@itemprop='author'][@content]/@content"
    " | //*[@itemprop][contains(concat(' ', normalize-space(@itemprop), ' '), ' author ')]"
    "//meta[@itemprop='name'][@content]/@content",
    smart_strings=False,
)
"""Microdata credits the reader does not see: `<meta itemprop="author" content="A">`, or a
`Person` marked `itemprop="author"` whose name is in a `<meta itemprop="name">`. (`[@itemprop]`
first: the word test builds strings, the attribute test skips the elements without one.)"""


def decode_entities(text: str) -> str:
    """HTML entities a publisher escaped twice (`&#8217;`, `&uuml;` left in a meta or JSON-LD
    string) decoded; text without any is returned as is."""
    return html.unescape(text) if "&" in text and _ENTITY.search(text) else text


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds if k}


def _walk(value: Any) -> list[dict[str, Any]]:
    """Every dict node of a JSON-LD value: arrays, @graph and a page's `mainEntity` flattened
    (each node before the ones nested in it)."""
    nodes: list[dict[str, Any]] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            nodes.append(item)
            if "@graph" in item:
                stack.append(item["@graph"])
            if isinstance(item.get("mainEntity"), (dict, list)):
                stack.append(item["mainEntity"])  # a WebPage naming its article: {"mainEntity": {…}}
    return nodes


def parse_json_ld(doc: Document) -> list[dict[str, Any]]:
    """All JSON-LD nodes on the page, in page order; broken blocks are skipped."""
    nodes: list[dict[str, Any]] = []
    if doc.root is None:
        return nodes
    for script in _JSON_LD_SCRIPTS(doc.root):
        text = _CDATA.sub("", _CONTROL_CHARS.sub(" ", script.text or "")).strip().rstrip(";")
        if not text:
            continue
        try:
            data = json.loads(text, strict=False)  # a raw line break inside a string, as browsers allow
        except (ValueError, RecursionError):  # the decoder's own bound on nesting depth
            continue
        nodes.extend(_walk(data))
    return nodes


def _text(value: Any) -> str | None:
    """A JSON-LD value as collapsed text (first of a list, `name` of an object)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("url")
    if value is None:
        return None
    text = collapse(decode_entities(str(value)))
    return text or None


def _meta_text(value: str | None) -> str | None:
    """A meta tag's content as collapsed text, entities a publisher escaped twice decoded (as
    JSON-LD's `_text`)."""
    return collapse(decode_entities(value)) or None if value else None


def _without_tags(text: str | None) -> str | None:
    """A description without the markup a CMS left in it as text ("<p>Sweet dreams …</p>")."""
    if not text or "<" not in text:
        return text
    spaced = MARKUP_AS_TEXT.sub(lambda tag: "" if tag.group(1).lower() in _INLINE_TAGS else " ", text)
    return collapse(spaced) or None


def _raw_text(value: Any) -> str | None:
    """A JSON-LD string value as found (first of a list), for the `_raw` fields."""
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, str) else None


def _image_url(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return str(value).strip() if value else None


_PERSON_TYPES = frozenset({"person"})
_ORGANISATION_TYPES = frozenset(
    {"organization", "newsmediaorganization", "corporation", "newsorganization", "organisation"}
)


def _person_type(node: dict[str, Any]) -> str | None:
    """"Person" when any of the node's types is a person (`["Person", "Organization"]` too),
    "Organization" for an organisation only, else the type as given (None when untyped)."""
    kinds = _types(node)
    if kinds & _PERSON_TYPES:
        return "Person"
    if kinds & _ORGANISATION_TYPES:
        return "Organization"
    kind = node.get("@type")
    return str(kind[0] if isinstance(kind, list) and kind else kind or "") or None


def _people(value: Any, index: dict[str, dict[str, Any]] | None = None) -> list[dict[str, str | None]]:
    """JSON-LD author values as [{name, url, type}]: strings, objects (`name`, `byline`, or
    given and family name), lists, and `@id` references to a node elsewhere on the page."""
    items = value if isinstance(value, list) else [value]
    people: list[dict[str, str | None]] = []
    for item in items[:50]:
        if isinstance(item, str):
            name = collapse(decode_entities(item))
            if name:
                people.append({"name": name, "url": None, "type": None})
        elif isinstance(item, list):
            people.extend(_people(item, None))
        elif isinstance(item, dict):
            ref = item.get("@id")
            if index and isinstance(ref, str) and ref in index and len(item) <= 2:
                item = index[ref]
            name = _text(item.get("name")) or _text(item.get("byline")) or collapse(
                " ".join(_text(item.get(k)) or "" for k in ("givenName", "familyName"))
            )
            if name:
                url = item.get("url") or item.get("sameAs")
                if isinstance(url, list):
                    url = url[0] if url else None
                people.append(
                    {"name": name, "url": url if isinstance(url, str) else None, "type": _person_type(item)}
                )
    return people


def meta_authors(doc: Document) -> list[str]:
    """Author names credited in <meta> tags (`author`, `article:author`, `parsely-author`,
    `sailthru.author`, `dc.creator`…), the first tag that names anyone; profile URLs skipped."""
    for key in AUTHOR_META:
        names = [
            collapse(decode_entities(value))
            for value in doc.meta_all.get(key, [])
            if not re.match(r"^(?:https?:|www\.|/)", value.strip())
        ]
        names = [n for n in names if n]
        if names:
            return list(dict.fromkeys(names))
    return []


def microdata_authors(doc: Document) -> list[str]:
    """Author names a page states only in microdata `<meta>` elements (see `_MICRODATA_AUTHORS`),
    profile URLs skipped: the last resort, after the printed byline (visible microdata is its)."""
    if doc.root is None:
        return []
    names = [collapse(decode_entities(str(v))) for v in _MICRODATA_AUTHORS(doc.root)]
    return list(dict.fromkeys(n for n in names if n and not re.match(r"^(?:https?:|www\.|/)", n)))


def _keywords(value: Any) -> list[str]:
    """Tags from a keywords value (a string separated by commas or semicolons, or a list), each
    a short term:
    script a broken attribute swallowed ("… r mydata[0].style.left = mydata[3]; } …") and
    whole sentences or word heaps of `_MAX_TAG_CHARS` or more are none."""
    if isinstance(value, str):
        parts = value.split(",")
    elif isinstance(value, list):
        parts = [str(v) for v in value]
    else:
        return []
    tags = [collapse(decode_entities(p)) for p in parts]
    tags = [t.strip() for tag in tags for t in (tag.split(";") if not _CODE_MARKS.search(tag) else [tag])]
    return [t for t in tags if t and len(t) < _MAX_TAG_CHARS and not _CODE.search(t)]


@dataclass
class StructuredData:
    """What the page declares about itself, each value as found (not yet normalised)."""

    article_node: dict[str, Any] | None = None
    """The JSON-LD node describing the article, if any."""
    page_types: set[str] = field(default_factory=set)
    """Lower-cased schema.org types of every JSON-LD node, and og:type."""
    headline: str | None = None
    titles: list[str] = field(default_factory=list)
    """Every headline the page states outside its body, as found: JSON-LD `headline`, og:,
    twitter:, parsely and Dublin Core titles (`<title>` aside)."""
    description: str | None = None
    authors: list[dict[str, str | None]] = field(default_factory=list)
    authors_from_meta: bool = False
    """Whether `authors` came from author meta tags (the JSON-LD credits nobody)."""
    date_published: str | None = None
    date_modified: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    og_type: str | None = None
    language: str | None = None


def read_structured(doc: Document) -> StructuredData:
    """Collect JSON-LD first, then meta tags, into one `StructuredData`."""
    data = StructuredData()
    nodes = parse_json_ld(doc)
    for node in nodes:
        data.page_types |= _types(node)
        if data.article_node is None and _types(node) & ARTICLE_TYPES:
            data.article_node = node
    node = data.article_node or {}
    meta = doc.meta

    data.headline = _text(node.get("headline")) or _text(node.get("name"))
    data.description = _without_tags(_text(node.get("description")))
    index = {str(n["@id"]): n for n in nodes if isinstance(n.get("@id"), str) and len(n) > 2}
    data.authors = _people(node.get("author"), index) or _people(node.get("creator"), index)
    if not data.authors:  # no article node, or one crediting nobody: the page's own node may
        page = next((n for n in nodes if _types(n) & {"webpage", "itempage"} and n.get("author")), {})
        data.authors = _people(page.get("author"), index)
    data.date_published = _text(node.get("datePublished")) or _text(node.get("dateCreated"))
    data.date_modified = _text(node.get("dateModified"))
    data.section = _text(node.get("articleSection"))
    data.tags = _keywords(node.get("keywords"))
    data.image = _image_url(node.get("image")) or _image_url(node.get("thumbnailUrl"))
    data.language = _text(node.get("inLanguage"))
    main = node.get("mainEntityOfPage")
    data.canonical_url = _text(main.get("@id") if isinstance(main, dict) else main)
    publisher = node.get("publisher")
    data.site_name = _text(publisher) if publisher else None

    # Meta tags fill what JSON-LD left empty.
    data.og_type = (meta.get("og:type") or "").lower() or None
    if data.og_type:
        data.page_types.add(data.og_type)
    data.headline = data.headline or meta.get("og:title") or meta.get("twitter:title")
    stated = [_raw_text(node.get("headline")), meta.get("og:title"), meta.get("twitter:title")]
    stated += [meta.get(k) for k in ("parsely-title", "dc.title", "sailthru.title", "title")]
    data.titles = list(dict.fromkeys(t.strip() for t in stated if t and t.strip()))
    data.description = data.description or _without_tags(
        _meta_text(meta.get("og:description") or meta.get("description"))
    )
    data.date_published = data.date_published or _meta_date(meta, PUBLISHED_META)
    data.date_modified = data.date_modified or _meta_date(meta, MODIFIED_META)
    data.section = data.section or _meta_text(meta.get("article:section"))
    if not data.tags:
        data.tags = doc.meta_all.get("article:tag", []) or _keywords(meta.get("keywords"))
    data.image = data.image or meta.get("og:image") or meta.get("twitter:image")
    data.site_name = _meta_text(meta.get("og:site_name")) or data.site_name
    if not data.authors:
        data.authors = _people(meta_authors(doc))
        data.authors_from_meta = bool(data.authors)
    data.canonical_url = (
        _canonical_link(doc) or doc.absolute(meta.get("og:url")) or doc.absolute(data.canonical_url)
    )
    return data


_COMMON_PUBLISHED_META = ("article:published_time", "og:article:published_time", "datepublished", "pubdate")
_COMMON_MODIFIED_META = ("article:modified_time", "og:updated_time")
PUBLISHED_META = (
    *_COMMON_PUBLISHED_META,
    # the rarer names count only with a clock time and its offset (see `_meta_date`)
    "og:published_time", "published_time", "article:published", "article.published",
    "parsely-pub-date", "sailthru.date", "publish-date", "publish_date", "publishdate",
    "date_published", "publication_date", "dcterms.issued", "dc.date.issued", "dc.issued",
    "citation_publication_date", "dcterms.created", "dc.date.created", "dc.date", "dcterms.date",
)  # fmt: skip
"""Meta names (lower case) stating when a page was published, the Open Graph and schema.org
ones first, then those of publishing platforms (Parse.ly, Sailthru), Dublin Core and Highwire;
read before the page's text, so a time and an offset they give are kept."""
MODIFIED_META = (
    *_COMMON_MODIFIED_META,
    "datemodified", "dcterms.modified", "dc.date.modified", "article:modified", "article.updated",
)  # fmt: skip
"""Meta names (lower case) stating when a page was last changed."""
_COMMON_DATE_META = frozenset({*_COMMON_PUBLISHED_META, *_COMMON_MODIFIED_META})
"""The names read whatever their value holds (the others: `_meta_date`)."""
_INSTANT = re.compile(r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})\b")
"""A clock time with its offset ("16:42:34-04:00", "11:30:00Z"): an instant, not a local reading."""


def _meta_date(meta: dict[str, str], names: tuple[str, ...]) -> str | None:
    """The first of `names` the page's meta tags give. A rarer name counts only when its value
    is an instant, a time with its offset: a day alone ("dc.date" 2012-10-29) or a time with no
    zone ("2008-1-18 1:34") would stand before the byline's printed stamp or a `<time>` that
    says more, and htmldate's search reads such a day anyway."""
    for name in names:
        value = meta.get(name)
        if value and (name in _COMMON_DATE_META or _INSTANT.search(value)):
            return value
    return None


def _canonical_link(doc: Document) -> str | None:
    for element in doc.select('link[rel="canonical"]'):
        href = doc.absolute(element.get("href"))
        if href:
            return href
    return None
