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

import contextlib
import re

import ftfy


def _read_as_legacy(first: int, last: int) -> str:
    """The characters the bytes `first` to `last` read as in cp1252 and in Latin-1 (a byte cp1252
    leaves undefined reads as Latin-1's control character), each once."""
    chars: dict[str, None] = {}
    for byte in range(first, last + 1):
        for encoding in ("cp1252", "latin-1"):
            with contextlib.suppress(UnicodeDecodeError):
                chars[bytes([byte]).decode(encoding)] = None
    return "".join(chars)


_LEADS = _read_as_legacy(0xC2, 0xF4)
"""UTF-8's lead bytes of non-ASCII characters, as cp1252 or Latin-1 reads them."""
_CONTINUATIONS = _read_as_legacy(0x80, 0xBF)
"""UTF-8's continuation bytes, as cp1252 or Latin-1 reads them."""
_LEAD_THEN_CONTINUATION = re.compile(f"[{re.escape(_LEADS)}][{re.escape(_CONTINUATIONS)}]")
"""A lead byte then a continuation byte, both read as cp1252 or Latin-1: what mojibake of any
non-ASCII character starts with ("Ã©" for "é", "â€" for "’")."""
_LEAD_THEN_CONTINUATION_UTF8 = re.compile(
    b"(?:%s)(?:%s)"
    % tuple(b"|".join(re.escape(char.encode()) for char in chars) for chars in (_LEADS, _CONTINUATIONS))
)
"""`_LEAD_THEN_CONTINUATION` in the text's UTF-8 bytes (the leads all start with byte 0xC3): a
search from a literal byte, many times quicker than a character class over the text, on every
page."""
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
