"""The story's text as the page states it in its JSON-LD `articleBody`, for a page whose
visible markup holds little or none of it.

Some sites render the story with JavaScript: the HTML carries a photo caption or a teaser, and
the full text only in the JSON-LD article's `articleBody`, written for search engines. That
text is taken only as a fallback: when the visible body is short (under `SHORT_BODY_WORDS`)
and the stated one is a real text substantially longer than it, not a teaser (cut off with an
ellipsis, or the description again). A visible body that reads well is never replaced.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from newsharvest.extract.document import CJK_CHARACTER, collapse
from newsharvest.extract.rejections import STUB_WORDS
from newsharvest.extract.structured import decode_entities

SHORT_BODY_WORDS = STUB_WORDS
"""A visible body under this many words may be a teaser or a caption standing in for a story the
page renders with JavaScript (the paywall rule's bound on a stub)."""
LONGER_BY = 2
"""The stated text holds at least this many times the visible body's words…"""
LONGER_BY_WORDS = 40
"""…and at least this many words more: a text of the same length is the same story told again
(where both are there, the two differ by a few percent), a shorter one a teaser."""

_BLOCK_TAG = re.compile(
    r"<\s*/?\s*(?:p|br|div|h[1-6]|li|ul|ol|blockquote|tr|table|section|figure|figcaption|pre|hr)\b[^<>]*>",
    re.I,
)
"""A tag that ends a line of text: a paragraph break where a CMS kept its markup in the text."""
_TAG = re.compile(r"<!--.*?(?:-->|$)|<\s*/?\s*[A-Za-z][^<>]*>", re.S)
"""Any other tag, and a comment (one left open runs to the end: one match, however many follow)."""
_CUT_OFF = re.compile(r"(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*$")
"""A text ending in an ellipsis: the first lines of a story, cut where the teaser ends."""
_SPACED_PARAGRAPHS = re.compile(r"(?<=[.!?…\"'”’)])[ \t\u00a0]{2,}(?=\S)")
"""Two or more spaces after a sentence's end: where paragraphs joined into one line met."""


def text_size(text: str) -> int:
    """Words of a text, a Chinese, Japanese or Korean one's counted as two characters a word
    (such text sets no space between words)."""
    return len(text.split()) + len(CJK_CHARACTER.findall(text)) // 2


def _paragraphs(text: str) -> list[str]:
    """The stated text as paragraphs: entities decoded, its own markup's block tags read as
    line breaks and other tags dropped, then split at line breaks. A text without any is split
    where two spaces follow a sentence's end (paragraphs joined into one line), else kept as one
    paragraph: sentences alone do not tell where a paragraph ends."""
    text = decode_entities(text)
    text = _TAG.sub(" ", _BLOCK_TAG.sub("\n", text))
    lines = re.split(r"[\r\n\u2028\u2029]+", text)
    if len(lines) == 1:
        lines = _SPACED_PARAGRAPHS.split(text)
    return [line for line in (collapse(raw) for raw in lines) if line]


def _stated_text(node: dict[str, Any]) -> str | None:
    """The article node's `articleBody` (parts of a list joined as paragraphs), if it is text."""
    value = node.get("articleBody")
    if isinstance(value, list):
        value = "\n".join(part for part in value if isinstance(part, str))
    return value if isinstance(value, str) and value.strip() else None


def stated_body(
    article_node: dict[str, Any] | None, description: str | None, visible: Sequence[str]
) -> list[str] | None:
    """The paragraphs of the JSON-LD `articleBody` to take instead of the `visible` ones (see
    the module docstring), or None to keep those. The caller still applies the rejection rules
    (paywall stub, too short) to what it takes."""
    stated = _stated_text(article_node) if article_node is not None else None
    if stated is None:  # most pages: nothing more is read
        return None
    paragraphs = _paragraphs(stated)
    if len(paragraphs) > len(visible) and " ".join(paragraphs) == collapse(" ".join(visible)):
        return paragraphs  # the visible body is this text run together (trafilatura's fallback reads it)
    shown = sum(text_size(paragraph) for paragraph in visible)
    if shown >= SHORT_BODY_WORDS:
        return None
    if not paragraphs or _CUT_OFF.search(paragraphs[-1]):
        return None
    told = " ".join(paragraphs)
    if description and collapse(decode_entities(description)).casefold() == told.casefold():
        return None
    size = text_size(told)
    if size < max(LONGER_BY * shown, shown + LONGER_BY_WORDS):
        return None
    return paragraphs
