"""Decoding and parsing, done once per page; every extraction layer reads the same `Document`."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
from lxml.cssselect import CSSSelector

from newsharvest.extract.decoding import decode_html
from newsharvest.extract.mojibake import shows_mojibake, without_mojibake
from newsharvest.extract.scripts import cjk_language
from newsharvest.extract.strays import as_browsers_read, gather_strays
from newsharvest.extract.unclosed_title import swallows_page, with_title_closed

MAX_HTML_BYTES = 15 * 1024 * 1024
"""Pages larger than this are rejected as `too_large` instead of parsed (news pages are < 3 MB)."""

MARKUP_AS_TEXT = re.compile(r"<\s*/?\s*([A-Za-z][\w:-]*)(?:\s[^<>]{0,200})?/?>")
"""An HTML tag a CMS left in a value as text ("<p>Sweet…</p>", "ANN LEE<BR>The Star"); group 1: its name."""


def collapse(text: str | None) -> str:
    """Whitespace runs (newlines, tabs, NBSP: every `str.isspace` character) folded into one
    space, ends trimmed. `str.split` does it in one C pass, several times quicker than a regex."""
    if not text:
        return ""
    return " ".join(text.split())


_TIME_ELEMENTS = lxml.etree.XPath("//time[@datetime][not(ancestor::blockquote)]")
"""The `<time>` elements with a date, but those of an embedded post quoted in a `<blockquote>`
(an Instagram or Twitter embed dates the post it quotes, not the page)."""
_BASE_HREF = lxml.etree.XPath("//head/base/@href", smart_strings=False)


def drop_keeping_tail(node: lxml.html.HtmlElement) -> None:
    """Remove an element from its tree, keeping its tail text in place."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail
    if tail and tail.strip():
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)


def meta_value(element: lxml.html.HtmlElement) -> str | None:
    """A <meta> element's value: its `content`, else its `value` (the attribute some pages use
    instead, such as huffingtonpost.com in 2016); None when it has neither."""
    content = element.get("content")
    return content if content is not None else element.get("value")


@functools.lru_cache(maxsize=1024)
def compiled_selector(css: str) -> CSSSelector:
    """A CSS selector translated to XPath once per process, not on every page."""
    return CSSSelector(css, translator="html")


CJK_CHARACTER = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
"""A Chinese, Japanese or Korean character: text in these scripts sets no space between words,
nor around a link inside a line."""
_SURROGATES = re.compile("[\ud800-\udfff]")
_JUNK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
"""What `clean_text` changes: controls (except tab and newline), noncharacters, surrogates."""
_C0_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")
_NONCHARACTERS_UTF8 = re.compile(b"\xef\xbf[\xbe\xbf]")
"""C1 controls and U+FFFE/U+FFFF in UTF-8: searches with a literal prefix, which are fast."""
_SPACING_CONTROLS = re.compile("[\x0b\x0c]")
_DROPPED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_JUNK_REF = re.compile(
    r"&#(?:0*(?:[1-8]|1[1-9]|2[0-9]|3[01]|127|129|141|143|144|157|6553[45])(?![0-9])"
    r"|[xX]0*(?:[1-8bBcCdDeEfF]|1[0-9a-fA-F]|7[fF]|8[1dDfF]|90|9[dD]|[fF]{3}[eEfF])(?![0-9a-fA-F]));?"
)
"""Character references the parser would turn into control characters: 1-31 but tab and
newline, DEL, the five of 0x80-0x9F cp1252 leaves undefined (it maps the others to cp1252's
characters, and NUL and surrogates to U+FFFD), and U+FFFE/U+FFFF."""


def clean_text(text: str) -> str:
    """Text without C0/C1 control characters (tab and newline kept), noncharacters U+FFFE/U+FFFF
    or lone surrogates: what lxml refuses to hold and SQLite to store.

    A surrogate pair becomes its character, a lone surrogate U+FFFD; CR and CRLF become a
    newline and form/line feeds a space (HTML's whitespace); the other controls are dropped,
    as browsers show nothing for them.
    """
    if not _JUNK.search(text):
        return text
    if _SURROGATES.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _DROPPED.sub("", _SPACING_CONTROLS.sub(" ", text))


def _clean_junk_ref(match: re.Match[str]) -> str:
    code = match.group(0).lstrip("&#").rstrip(";")
    value = int(code[1:], 16) if code[:1] in "xX" else int(code)
    return " " if value in (0x0B, 0x0C) else ""


def _junk_free_utf8(html: str) -> bytes | None:
    """The page's UTF-8 bytes when `clean_text` has nothing to do on it but CR (the parser turns
    CR into a newline itself, and many pages have CRLF lines), else None. Checked on the bytes,
    where C code does it several times faster than a regex character class over the text; the
    parser reads them too (quicker than the text, which libxml2 would encode again)."""
    try:
        data = html.encode("utf-8")
    except UnicodeEncodeError:
        return None  # a lone surrogate
    if (
        len(data.translate(None, _C0_BYTES)) != len(data)
        or _C1_UTF8.search(data) is not None
        or _NONCHARACTERS_UTF8.search(data) is not None
    ):
        return None
    return data


def clean_markup(html: str) -> str:
    """`clean_text` on the page, and the character references that would put control characters
    back once parsed."""
    return _cleaned(html)[0]


def _cleaned(html: str) -> tuple[str, bytes | None]:
    """`clean_markup` of the page, and its UTF-8 bytes when they came for free (None when not)."""
    data = _junk_free_utf8(html)
    if data is None:
        html = clean_text(html)
    cleaned = _JUNK_REF.sub(_clean_junk_ref, html)
    return cleaned, data if data is not None and cleaned is html else None


_URL_NEWLINES = re.compile(r"[\t\n\r]")
_SPACE = re.compile(r"\s")
"""Any `str.isspace` character (the regex engine's Unicode whitespace is the same test)."""


def http_url(value: str | None) -> str | None:
    """`value` when it is an absolute http(s) URL with a host that parses, else None.

    As browsers do, tabs and newlines inside it are dropped and spaces percent-encoded.
    """
    value = (value or "").strip()
    if not value or _JUNK.search(_URL_NEWLINES.sub("", value)):
        return None
    if _SPACE.search(value):
        value = _URL_NEWLINES.sub("", value).replace(" ", "%20")
        if _SPACE.search(value):
            return None
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number in range
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return value


class PageElement(lxml.html.HtmlElement):
    """An `HtmlElement` whose `text_content` reads the text in C without an XPath call."""

    def text_content(self) -> str:
        """The text of the element and of everything below it, in page order (tails of its
        descendants included, its own tail not): libxml2's node content, the string that
        lxml.html's XPath `string()` returns, serialised directly at a third of its cost
        (extraction and trafilatura ask it of thousands of elements a page)."""
        return lxml.etree.tostring(self, method="text", encoding="unicode", with_tail=False)


_ELEMENT_CLASSES = lxml.etree.ElementDefaultClassLookup(
    element=PageElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)
"""Every element a `PageElement`, looked up in C: lxml.html's default lookup runs Python code
for each element touched (about a tenth of extraction time) to pick form/input subclasses
we never use."""


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
MAX_DEPTH = 256
"""Elements nested deeper than this are flattened (libxml2's own default limit, where it
used to drop the rest of the page): the Python side of extraction walks trees recursively."""
_TOO_DEEP = lxml.etree.XPath("boolean(" + "/".join(["*"] * MAX_DEPTH) + ")")
"""True when the element it is given holds an element more than `MAX_DEPTH` levels below the
top (one XPath step per level, so linear). Asked of the root element, the tree every extractor
walks: libxml2 may leave other top-level elements beside it (a page repeated, its bytes
scrambled), which only absolute XPaths read, in C, and libxml2's own depth limit bounds."""
_FLATTENINGS = (
    (re.compile(r"</?(?:div|section|center|table|tbody|thead|tr|td|th|form|fieldset)\b[^>]*>", re.I), "\n"),
    (re.compile(r"</?(?:span|font|b|i|u|em|strong|small|big|mark|a|abbr|cite|q|sub|sup)\b[^>]*>", re.I), ""),
    (re.compile(r"</?(?!(?:p|h[1-6]|br|img|meta|link|title|script|style|head|body|html)\b)[a-z][^>]*>", re.I),
     "\n"),
)
"""Tags removed from the markup, in turn, until the page parses no deeper than `MAX_DEPTH`:
block wrappers, then inline wrappers, then everything but paragraphs and headings."""


def _parse(html: str, data: bytes | None = None) -> lxml.html.HtmlElement | None:
    """Parse HTML leniently; None when nothing element-like is in the text. `data`: the text's
    UTF-8 bytes, if at hand (libxml2 reads them quicker, into the same tree).

    A page nested deeper than `MAX_DEPTH` is parsed again with its wrapper tags taken out, so
    that its text is kept (libxml2 drops what is past its depth limit). Elements libxml2 leaves
    beside the root (a second `<html>`) are moved into it (`strays.gather_strays`) unless nested
    deeper than `MAX_DEPTH`. A first `<title>` never closed, holding the page, is closed where its
    next tag starts (`unclosed_title`); the head, templates and title are then set as browsers
    read them (`strays.as_browsers_read`).
    """
    if not html.strip():
        return None
    # lxml refuses str input that carries an XML encoding declaration.
    stripped = _XML_DECLARATION.sub("", html, count=1)
    if data is not None and stripped is html:
        root = _parse_once(data)
    else:
        html = stripped
        root = _parse_once(html)
    for pattern, replacement in _FLATTENINGS:
        if root is None or not _TOO_DEEP(root):
            break
        html = pattern.sub(replacement, html)
        root = _parse_once(html)
    if root is not None and swallows_page(root) and (closed := with_title_closed(html)) is not None:
        reparsed = _parse_once(closed)  # a title never closed took in the page
        root = root if reparsed is None else reparsed
    if root is not None and root.getnext() is not None:
        gather_strays(root, admit=lambda stray: not _TOO_DEEP(stray))
    if root is not None:
        as_browsers_read(root, html)
    return root


def _parse_once(html: str | bytes) -> lxml.html.HtmlElement | None:
    """One lenient parse of the page's text, or of its UTF-8 bytes: their encoding is given, so
    that, as for text, a `<meta charset>` or XML declaration in the page does not count."""
    encoding = "utf-8" if isinstance(html, bytes) else None
    parser = lxml.html.HTMLParser(remove_comments=True, huge_tree=True, recover=True, encoding=encoding)
    parser.set_element_class_lookup(_ELEMENT_CLASSES)
    try:
        return lxml.html.document_fromstring(html, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None


_BLOCK_TAGS = ("p", "div", "li", "td", "dd", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6")
_IS_BLOCK = " or ".join(f"self::{tag}" for tag in _BLOCK_TAGS)
_BLOCKS_PAST = lxml.etree.XPath(f"body/descendant::*[{_IS_BLOCK}][position() > $limit]")
_EMPTY_BLOCKS = lxml.etree.XPath(
    f"body/descendant::*[{_IS_BLOCK}][not(descendant::text()[normalize-space()])]"
)


@dataclass
class Document:
    """One page, decoded and parsed once, with the lookups every extraction layer needs."""

    html: str
    """The decoded page text."""
    url: str
    """The address the page came from; relative links resolve against it."""
    root: lxml.html.HtmlElement | None = field(default=None, repr=False)
    """The parsed tree (None for a page with no markup at all)."""

    @classmethod
    def from_input(cls, html: str | bytes, url: str, content_type: str | None = None) -> Document:
        """Decode (if bytes), clean (`clean_markup`) and parse a page."""
        text = decode_html(html, content_type) if isinstance(html, bytes) else html
        text, data = _cleaned(text)
        if shows_mojibake(text, data):
            text, data = _cleaned(without_mojibake(text))
        return cls(html=text, url=url, root=_parse(text, data))

    def absolute(self, link: str | None) -> str | None:
        """A link made absolute against the page URL (or its <base href>); None unless that
        gives an http(s) URL (so no data:, javascript:, mailto: or malformed links)."""
        link = (link or "").strip()
        if not link:
            return None
        try:
            return http_url(urljoin(self.base_url, link))
        except ValueError:  # urljoin refuses an unparsable link such as "http://[::1"
            return None

    @cached_property
    def base_url(self) -> str:
        """The page URL, or the <base href> it declares when that is an http(s) URL."""
        if self.root is not None:
            for href in _BASE_HREF(self.root):
                try:
                    return http_url(urljoin(self.url, str(href).strip())) or self.url
                except ValueError:
                    return self.url
        return self.url

    @cached_property
    def time_elements(self) -> list[lxml.html.HtmlElement]:
        """The page's `<time>` elements with a `datetime` (`_TIME_ELEMENTS`), in page order (read
        once: several date rules ask)."""
        return _TIME_ELEMENTS(self.root) if self.root is not None else []

    @cached_property
    def time_datetimes(self) -> list[str]:
        """The `datetime` attributes of `time_elements`, in page order."""
        return [str(element.get("datetime")) for element in self.time_elements]

    @cached_property
    def meta(self) -> dict[str, str]:
        """<meta> values (`meta_value`) by lower-cased property/name/itemprop; first occurrence wins."""
        values: dict[str, str] = {}
        if self.root is None:
            return values
        for element in self.root.iter("meta"):
            key = element.get("property") or element.get("name") or element.get("itemprop")
            content = meta_value(element)
            if key and content is not None:
                values.setdefault(key.strip().lower(), content.strip())
        return values

    @cached_property
    def meta_all(self) -> dict[str, list[str]]:
        """Every <meta> value by lower-cased property/name (article:tag repeats)."""
        values: dict[str, list[str]] = {}
        if self.root is None:
            return values
        for element in self.root.iter("meta"):
            key = element.get("property") or element.get("name")
            content = meta_value(element)
            if key and content:
                values.setdefault(key.strip().lower(), []).append(content.strip())
        return values

    def cut_blocks(self, limit: int) -> int:
        """At most `limit` text blocks left in the body: when there are more, the blocks without
        any text go first, then those past the first `limit` (with what they hold). How many were
        removed. Bounds the work of extractors whose time grows faster than the page."""
        body = self.root.find("body") if self.root is not None else None
        if body is None or next(islice(body.iter(_BLOCK_TAGS), limit, None), None) is None:
            return 0  # at most `limit` blocks (counted in C, stopping at the first past it)
        removed = 0
        for query in (_EMPTY_BLOCKS, _BLOCKS_PAST):
            for element in query(self.root, limit=limit):
                parent = element.getparent()
                if parent is not None:
                    parent.remove(element)
                    removed += 1
        return removed

    def select(self, css: str) -> list[lxml.html.HtmlElement]:
        """Elements matching a CSS selector (empty for an unparsed page)."""
        if self.root is None:
            return []
        return compiled_selector(css)(self.root)  # type: ignore[no-any-return]

    def first_text(self, css: str) -> str | None:
        """Collapsed text of the first non-empty element matching `css`."""
        for element in self.select(css):
            text = collapse(element.text_content())
            if text:
                return text
        return None

    @cached_property
    def language(self) -> str | None:
        """<html lang>, else og:locale as a BCP 47 tag."""
        if self.root is not None:
            lang = (self.root.get("lang") or "").strip()
            if lang:
                return lang
        locale = self.meta.get("og:locale")
        return locale.replace("_", "-") if locale else None

    @cached_property
    def head_title(self) -> str | None:
        """The collapsed text of the page's `head > title` (None without one), searched for once."""
        return self.first_text("head > title")

    @cached_property
    def script_language(self) -> str | None:
        """The language the page's `<title>` is written in when its script says it alone
        (`cjk_language`): for a page that states none, what its dates' zone is read by."""
        return cjk_language(self.head_title or "")
