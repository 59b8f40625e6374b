"""The site's names a page states, and a title with the one segment that is such a name set aside.

`extraction.py` prints, beside title exact, the figure "exact, site name aside": the same
exact match (white space collapsed, case and every character kept) after one rule, applied
identically to the truth title and to every extractor's title (`strip_site_segment`):

- The site's names are read from the page itself, never from a list (`page_site_names`):
  `og:site_name`, `application-name`, `apple-mobile-web-app-title`, `dc.publisher`,
  `twitter:site` (without its "@"), the JSON-LD publisher's name and the name of a JSON-LD
  WebSite or (news media) Organization node, and the host of the page's URL, of `og:url` and
  of `<link rel="canonical">` (its own name: "ehow" of www.ehow.com, "bbc" of news.bbc.co.uk,
  and the whole host). A name that is itself an address ("Factorio.com") also gives its host's
  name. A stated name of more than six words (a headline some sites put in
  `application-name`) is not taken. Every name is compared squashed: NFKC, case-folded,
  only letters and digits kept, and a leading "the" is optional ("the Guardian" = "The
  Guardian" = "Guardian").
- A title's trailing segment after the last of " | ", " - ", " – ", " — ", " :: ", " · ",
  " • ", " » ", " / ", "｜" or "_" is removed when it squashes to one of those names; then its
  leading segment before the first of them (or before ": ") likewise. Nothing else is
  removed: a section, an author or a series name beside the headline stays.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

NAME_METAS = frozenset(
    {"og:site_name", "application-name", "apple-mobile-web-app-title", "dc.publisher", "twitter:site"}
)
"""<meta> names (or properties) whose content is the site's name."""
SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " / ", "｜", "_")
"""What sets a site's name off from the headline in a title."""
MAX_NAME_WORDS = 6
"""A stated name of more words is no site's name but a headline put in its place."""
LEADING_ONLY = (": ",)
"""A separator that sets off a leading name only ("Site: Headline")."""
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go"})
_UNNAMED_HOSTS = frozenset({"fakehost", "localhost"})
_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}$", re.IGNORECASE)
_NOT_ALNUM = re.compile(r"[\W_]+")
_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """A name reduced for comparison: "The Guardian" -> "theguardian", "Factorio.com" -> "factoriocom"."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold())


def host_names(host: str) -> set[str]:
    """The squashed names of a host: its own name and the whole host ("www.ehow.com" -> ehow, ehowcom)."""
    host = host.lower().strip().removeprefix("www.")
    labels = host.split(".")
    if len(labels) < 2 or host in _UNNAMED_HOSTS:
        return set()
    own = labels[-3] if labels[-2] in _SECOND_LEVEL and len(labels) > 2 else labels[-2]
    return {squash(own), squash(host)} - {""}


def name_forms(names: Iterable[str]) -> set[str]:
    """The squashed forms of stated site names (an address also gives its host's names)."""
    forms: set[str] = set()
    for name in names:
        name = _WS.sub(" ", name).strip().removeprefix("@")
        if len(name.split()) > MAX_NAME_WORDS:
            continue  # a headline put where the name goes (application-name on some sites)
        if _DOMAIN.match(name):
            forms |= host_names(name)
        forms.add(squash(name))
        forms.add(squash(name).removeprefix("the"))
    forms.discard("")
    return forms


def _json_nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD node at the top of a script or of its @graph."""
    if isinstance(value, list):
        for item in value:
            yield from _json_nodes(item)
    elif isinstance(value, dict):
        yield value
        yield from _json_nodes(value.get("@graph"))


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    return {str(k) for k in (kind if isinstance(kind, list) else [kind]) if k}


def _json_ld_names(root: Any) -> Iterator[str]:
    """The publisher's name and the name of a WebSite or Organization node of the page's JSON-LD."""
    for script in root.xpath('//script[contains(translate(@type, "JSON", "json"), "ld+json")]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for node in _json_nodes(data):
            publisher = node.get("publisher")
            for pub in publisher if isinstance(publisher, list) else [publisher]:
                if isinstance(pub, dict) and isinstance(pub.get("name"), str):
                    yield pub["name"]
            named = isinstance(node.get("name"), str)
            if named and _types(node) & {"WebSite", "Organization", "NewsMediaOrganization"}:
                yield node["name"]


def parse_page(html: str | bytes) -> Any:
    """The parsed page, or None when lxml cannot read it (text with an XML declaration is
    parsed as its UTF-8 bytes: lxml refuses such text)."""
    if isinstance(html, str) and html.lstrip()[:5].lower() == "<?xml":
        html = html.encode("utf-8")
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError, TypeError):
        return None


def page_site_names(html: str | bytes, url: str | None = None) -> set[str]:
    """The squashed names of the site a page belongs to, as the page states them (module docstring)."""
    hosts = [urlsplit(url).hostname or ""] if url else []
    names: list[str] = []
    root = parse_page(html)
    if root is not None:
        for meta in root.iter("meta"):
            key = (meta.get("property") or meta.get("name") or "").strip().lower()
            content = meta.get("content")
            if content and key in NAME_METAS:
                names.append(content)
            elif content and key == "og:url":
                hosts.append(urlsplit(content.strip()).hostname or "")
        for link in root.iter("link"):
            if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
                hosts.append(urlsplit(link.get("href", "").strip()).hostname or "")
        names += _json_ld_names(root)
    forms = name_forms(names)
    for host in hosts:
        forms |= host_names(host)
    return forms


def _is_site(segment: str, names: set[str]) -> bool:
    squashed = squash(segment)
    return bool(squashed) and (squashed in names or squashed.removeprefix("the") in names)


def strip_site_segment(title: str | None, names: Iterable[str]) -> str:
    """The title, white space collapsed, without a trailing and then a leading segment that is
    one of the site's `names` (squashed forms, see `page_site_names`)."""
    text = _WS.sub(" ", title or "").strip()
    known = set(names)
    if not text or not known:
        return text
    tails = [text.rpartition(mark) for mark in SEPARATORS if mark in text]
    tails = [(head, tail) for head, _, tail in tails if head.strip() and _is_site(tail, known)]
    if tails:
        text = max(tails, key=lambda pair: len(pair[0]))[0].strip()
    heads = [text.partition(mark) for mark in (*SEPARATORS, *LEADING_ONLY) if mark in text]
    heads = [(head, tail) for head, _, tail in heads if tail.strip() and _is_site(head, known)]
    if heads:
        text = max(heads, key=lambda pair: len(pair[1]))[1].strip()
    return text
