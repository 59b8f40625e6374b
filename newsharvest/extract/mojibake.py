"""Text that went through the wrong decoder before it reached the page, read as it was written.

Some pages carry mojibake in their own bytes: a CMS stored UTF-8 text as if it were cp1252 or
Latin-1 and served the result ("Canadaâ€™s", "JosÃ© MartÃ\xad"), sometimes only in the
headline or a syndicated paragraph while the rest of the page is right. The page decodes
cleanly, so no charset rule can catch it; every field extracted from it would carry the
garbage. ftfy recognises such sequences by their shape and decodes them back, leaving text
that is right as it is; it is asked only about lines where a UTF-8 lead byte read as cp1252
stands before a continuation byte read the same way (the mark every such sequence leaves).
"""

from __future__ import annotations

import re

import ftfy

_CP1252_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_LEAD_THEN_CONTINUATION = re.compile(f"[\u00c2-\u00f4][{_CP1252_CONTINUATION}]")
"""A UTF-8 lead byte (0xC2-0xF4) then a continuation byte (0x80-0xBF), both read as cp1252 or
Latin-1: what mojibake of any non-ASCII character starts with ("Ã©" for "é", "â€" for "’")."""
_LEAD_THEN_CONTINUATION_UTF8 = re.compile(
    rb"\xc3[\x82-\xb4]"
    rb"(?:\xc2[\x80-\xbf]|\xc5[\x92\x93\xa0\xa1\xb8\xbd\xbe]|\xc6\x92|\xcb[\x86\x9c]"
    rb"|\xe2\x80[\x93\x94\x98-\x9a\x9c-\x9e\xa0-\xa2\xa6\xb0\xb9\xba]|\xe2\x82\xac|\xe2\x84\xa2)"
)
"""`_LEAD_THEN_CONTINUATION` in the text's UTF-8 bytes: a search from a literal byte, many times
quicker than a character class over the text, on every page."""
_ENCODING_ONLY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_c1_controls=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)
"""ftfy's encoding repairs only: markup, entities, quotes, widths and line breaks stay as the
page has them (`document.clean_text` handles control characters)."""


def shows_mojibake(text: str, utf8: bytes | None = None) -> bool:
    """Whether `text` holds what mojibake starts with; `utf8`: its UTF-8 bytes, if at hand."""
    data = utf8 if utf8 is not None else text.encode("utf-8", "surrogatepass")
    return _LEAD_THEN_CONTINUATION_UTF8.search(data) is not None


def without_mojibake(text: str) -> str:
    """`text` with its mojibake decoded back, line by line where it shows (see the module's
    docstring)."""
    lines = text.splitlines(keepends=True)
    marked = _LEAD_THEN_CONTINUATION.search
    return "".join(ftfy.fix_text(line, _ENCODING_ONLY) if marked(line) else line for line in lines)
