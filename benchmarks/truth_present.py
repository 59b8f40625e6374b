"""Whether a page's truth title or byline is written in the page at all ("truth present").

The corpora's title and byline truths are sometimes not text of the page: L3S-GN1's annotated
copy lost characters to "?", Readability.js joined a byline's pieces or took another story's
byline. No extractor that copies text out of a page can match such a truth exactly, so
`extraction.py` prints, beside the figures over every page with a truth, the same figures over
the pages whose truth is present, one mechanical rule for every extractor:

- The page's strings (`page_strings`): its visible text (every text node of the parsed page
  outside <head>, <script>, <style>, <noscript>, <template> and comments, with a line break at
  each block element's start and end and at <br>, inline elements joined as written), the
  text of its <title>, every <meta content="..."> value, and every string value of its
  JSON-LD scripts. Each string has its runs of white space collapsed to one space.
- A title is present (`title_present`) when the truth title, white space collapsed (the same
  `norm_ws` as title exact, case and every character kept), is a substring of one of those
  strings. A headline run on into its subtitle counts as present when the page prints the two
  one after the other, since the block break collapses to a space.
- A byline is present (`byline_present`) when every name of the truth byline (the names of the
  strict author F1: `split_names`, so case, punctuation and a leading "By" do not count) occurs
  as whole words in one of the page's strings normalised the same way (`normalise_name`).

A page is parsed by lxml's HTML parser; markup it cannot parse gives no strings, so its truth
counts as absent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from extraction_metric import normalise_name, split_names
from site_names import parse_page

SKIPPED = frozenset({"head", "script", "style", "noscript", "template", "title"})
"""Elements whose text a reader does not see in the page."""
BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frame",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "iframe", "img", "input",
        "li", "main", "menu", "nav", "ol", "option", "p", "pre", "section", "select", "summary",
        "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "tr", "ul",
    }
)
"""Elements that start a line of their own (the HTML block and table elements, and <br>)."""
_WS = re.compile(r"\s+")


def _collapse(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _visible_pieces(element: Any) -> Iterator[str]:
    """The text a reader sees under `element`, in document order, "\\n" at block edges."""
    tag = element.tag if isinstance(element.tag, str) else None
    if tag is None:  # comment or processing instruction: its text is not shown, its tail is
        if element.tail:
            yield element.tail
        return
    tag = tag.lower()
    if tag not in SKIPPED:
        if tag in BLOCKS:
            yield "\n"
        if element.text:
            yield element.text
        for child in element:
            yield from _visible_pieces(child)
        if tag in BLOCKS:
            yield "\n"
    if element.tail:
        yield element.tail


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def page_strings(html: str | bytes) -> list[str]:
    """The strings of a page a title or a byline may be copied from (module docstring), each
    with white space collapsed: visible text first, then <title>, <meta content>, JSON-LD."""
    root = parse_page(html)
    if root is None:
        return []
    strings = ["".join(_visible_pieces(root))]
    strings += [el.text_content() for el in root.iter("title")]
    strings += [str(content) for content in root.xpath("//meta/@content")]
    for script in root.xpath('//script[contains(translate(@type, "JSON", "json"), "ld+json")]'):
        try:
            strings += list(_json_strings(json.loads(script.text or "")))
        except ValueError:
            continue
    return [s for s in (_collapse(s) for s in strings) if s]


def title_present(truth: str | None, strings: list[str]) -> bool:
    """Whether the truth title, white space collapsed, is written in one of the page's strings."""
    wanted = _collapse(truth or "")
    return bool(wanted) and any(wanted in s for s in strings)


def byline_present(truth: str | None, strings: list[str]) -> bool:
    """Whether every name of the truth byline occurs, as whole words, in one of the page's strings."""
    names = split_names(truth)
    if not names:
        return False
    normalised = [f" {normalise_name(s)} " for s in strings]
    return all(any(f" {name} " in s for s in normalised) for name in names)
