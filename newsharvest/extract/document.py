"""Decoding and parsing, done once per page; every extraction layer reads the same `Document`."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urljoin

import lxml.etree
import lxml.html
from lxml.cssselect import CSSSelector
from w3lib.encoding import html_body_declared_encoding, html_to_unicode, resolve_encoding

MAX_HTML_BYTES = 15 * 1024 * 1024
"""Pages larger than this are rejected as `too_large` instead of parsed (news pages are < 3 MB)."""

_WHITESPACE = re.compile(r"\s+")


def collapse(text: str | None) -> str:
    """Whitespace runs (newlines, tabs, NBSP) folded into one space, ends trimmed."""
    if not text:
        return ""
    return _WHITESPACE.sub(" ", text.replace("\xa0", " ")).strip()


@functools.lru_cache(maxsize=1024)
def compiled_selector(css: str) -> CSSSelector:
    """A CSS selector translated to XPath once per process, not on every page."""
    return CSSSelector(css, translator="html")


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Bytes to text the way browsers do: BOM, then HTTP charset, then <meta>, then sniffing.

    A page whose declared encoding is wrong (UTF-8 declared, cp1252 sent) is decoded with the
    encoding that reads it without errors, so it still comes out readable.
    """
    declared = None
    if content_type:
        match = re.search(r"charset=([\w.:-]+)", content_type, re.I)
        declared = match.group(1) if match else None
    declared = declared or html_body_declared_encoding(data)
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return html_to_unicode(content_type, data)[1]
    encoding = resolve_encoding(declared) if declared else None
    utf8 = _strict_utf8(data)
    if encoding and encoding != "utf-8" and utf8 is not None and not data.isascii():
        return utf8  # declared single-byte, but only UTF-8 reads these multi-byte runs cleanly
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    if utf8 is not None:
        return utf8
    return data.decode("cp1252", errors="replace")


def _strict_utf8(data: bytes) -> str | None:
    """`data` as UTF-8, or None when it is not valid UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


_ELEMENT_CLASSES = lxml.etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)
"""Every element an `HtmlElement`, looked up in C: lxml.html's default lookup runs Python code
for each element touched (about a tenth of extraction time) to pick form/input subclasses
we never use."""


def _parse(html: str) -> lxml.html.HtmlElement | None:
    """Parse HTML leniently; None when nothing element-like is in the text."""
    if not html.strip():
        return None
    # lxml refuses str input that carries an XML encoding declaration.
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html, count=1)
    parser = lxml.html.HTMLParser(remove_comments=True, huge_tree=False, recover=True)
    parser.set_element_class_lookup(_ELEMENT_CLASSES)
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None
    return root


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
        """Decode (if bytes) and parse a page."""
        text = decode_html(html, content_type) if isinstance(html, bytes) else html
        return cls(html=text, url=url, root=_parse(text))

    def absolute(self, link: str | None) -> str | None:
        """A link made absolute against the page URL (or its <base href>)."""
        link = (link or "").strip()
        if not link or link.startswith(("data:", "javascript:")):
            return None
        return urljoin(self.base_url, link)

    @cached_property
    def base_url(self) -> str:
        """The page URL, or the <base href> it declares."""
        if self.root is not None:
            for href in self.root.xpath("//head/base/@href"):
                return urljoin(self.url, str(href).strip())
        return self.url

    @cached_property
    def meta(self) -> dict[str, str]:
        """<meta> values by lower-cased property/name/itemprop; first occurrence wins."""
        values: dict[str, str] = {}
        if self.root is None:
            return values
        for element in self.root.iter("meta"):
            key = element.get("property") or element.get("name") or element.get("itemprop")
            content = element.get("content")
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
            content = element.get("content")
            if key and content:
                values.setdefault(key.strip().lower(), []).append(content.strip())
        return values

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
