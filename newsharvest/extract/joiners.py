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
from functools import lru_cache

from lxml.html import HtmlElement

_TOKENS = {"\u200c": "nhzwnjzq", "\u200d": "nhzwjzq"}
_JOINERS = {token: joiner for joiner, token in _TOKENS.items()}
_JOINER = re.compile("[\u200c\u200d]")
_TOKEN = re.compile("|".join(_JOINERS))
_IN_PAGE = ("\u200c", "\u200d", "zwnj;", "#8204;")
"""A joiner in a page's text: either as a character, the non-joiner also as the references
Persian pages escape it with (`&zwnj;`, `&#8204;`). A search for a character is nearly free; one
for a string costs about a tenth of a millisecond on a news page, so rarer references are not
looked for."""


@lru_cache(maxsize=1)
def has_joiners(html: str) -> bool:
    """Whether a page's text holds a zero-width joiner or non-joiner (see `_IN_PAGE`): four
    substring searches, several times quicker than one regular expression over the page, made
    once a page (its body is extracted more than once on some pages; only the last page is
    remembered, so no page's text is held after the next one's)."""
    return any(start in html for start in _IN_PAGE)


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
