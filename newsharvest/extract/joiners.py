"""Zero-width joiners kept through trafilatura's cascade, which drops every character Python
does not call printable.

The zero-width non-joiner (U+200C) and joiner (U+200D) are letters of a word's spelling in
Persian, Kurdish and the Indic scripts ("می‌خواهم", "کتاب‌ها") and the glue of emoji sequences
(👨‍👩‍👧): dropped, words run together and a family falls apart into three people. In the
generic extractor's copy of the page each becomes a token of letters before the cascade reads
it, and each token becomes its joiner again in the lines read out of the cascade's result.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

_TOKENS = {"\u200c": "nhzwnjzq", "\u200d": "nhzwjzq"}
_JOINERS = {token: joiner for joiner, token in _TOKENS.items()}
_JOINER = re.compile("[\u200c\u200d]")
_TOKEN = re.compile("|".join(_JOINERS))
_IN_PAGE = re.compile(r"[\u200c\u200d]|&zwn?j;|&#(?:820[45]|x200[cdCD]);")
"""A joiner in a page's text, as a character or as a reference the parser will decode."""


def has_joiners(html: str) -> bool:
    """Whether a page's text holds a zero-width joiner or non-joiner (one search of the page)."""
    return _IN_PAGE.search(html) is not None


def hide_joiners(tree: HtmlElement) -> None:
    """Every joiner in the texts of `tree` (a copy of the page) replaced by its token."""
    for element in tree.iter():
        if element.text and _JOINER.search(element.text):
            element.text = _JOINER.sub(lambda found: _TOKENS[found.group(0)], element.text)
        if element.tail and _JOINER.search(element.tail):
            element.tail = _JOINER.sub(lambda found: _TOKENS[found.group(0)], element.tail)


def restore_joiners(line: str) -> str:
    """A line read out of the cascade with its tokens turned back into joiners."""
    if "zq" not in line:
        return line
    return _TOKEN.sub(lambda found: _JOINERS[found.group(0)], line)
