"""Page bytes to text, the way browsers decode them, with repairs for mislabelled pages."""

from __future__ import annotations

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom, to_unicode


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Bytes to text the way browsers do: BOM, then HTTP charset, then <meta>, else UTF-8.

    Only invalid sequences are replaced (U+FFFD), never the whole page. Two repairs of
    mislabelled pages: a page declaring a legacy encoding that is valid multi-byte UTF-8 is
    read as UTF-8, and one that is UTF-8 (declared or not) only in name, its invalid
    sequences outnumbering its valid multi-byte ones tenfold, is read as cp1252.
    """
    bom_encoding, bom = read_bom(data)
    if bom_encoding is not None and bom is not None:
        return data[len(bom) :].decode(bom_encoding, "replace")
    declared = http_content_type_encoding(content_type) or html_body_declared_encoding(data)
    if declared in ("utf-16", "utf-32"):
        declared = "utf-8"  # a label read from ASCII bytes cannot be right about UTF-16
    if declared is None or declared == "utf-8":
        return _utf8_or_legacy(data)
    if not data.isascii():
        utf8 = _strict_utf8(data)
        if utf8 is not None:
            return utf8  # declared single-byte, but only UTF-8 reads these multi-byte runs cleanly
    try:
        return to_unicode(data, declared)
    except LookupError:
        return _utf8_or_legacy(data)


def _utf8_or_legacy(data: bytes) -> str:
    """`data` as UTF-8 with invalid sequences replaced, or, when it is not UTF-8 at all, in the
    legacy encoding its bytes read best in (`_legacy`)."""
    text = data.decode("utf-8", "replace")
    if "\ufffd" not in text:
        return text
    replaced = text.count("\ufffd")
    invalid = replaced - data.count(b"\xef\xbf\xbd")
    valid = len(text) - len(text.encode("ascii", "ignore")) - replaced
    if invalid > 2 * valid:  # Shift_JIS and EUC-JP pages read as UTF-8 by chance in up to 0.43 of theirs
        return _legacy(data, invalid)
    return text


_WEB_LEGACY = frozenset(
    {
        *(f"cp{n}" for n in range(1250, 1259)),
        *(f"iso8859_{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)),
        "koi8_r", "koi8_u", "mac_cyrillic", "cp866", "cp874", "tis_620", "shift_jis", "cp932", "euc_jp",
        "iso2022_jp", "gb2312", "gbk", "gb18030", "big5", "big5hkscs", "euc_kr", "cp949", "iso2022_kr",
    }
)  # fmt: skip
"""Python's names of the legacy encodings the WHATWG Encoding Standard knows, those browsers read
(a detector's rarer guesses, cp1006 for one accented letter, are none of them)."""
_DETECTABLE = 16
"""Bytes that are not UTF-8 a page needs before its encoding is guessed from them: fewer (a
"café" or two) say too little, and such a page is read as cp1252."""


def _legacy(data: bytes, invalid: int) -> str:
    """A page in a legacy encoding it does not name: decoded in the encoding charset-normalizer
    finds its text reads best in (a Russian page's windows-1251, a Japanese one's Shift_JIS),
    among those browsers know; else cp1252, the WHATWG default for pages that name none."""
    if invalid >= _DETECTABLE:
        from charset_normalizer import from_bytes

        for match in from_bytes(data):
            if match.encoding in _WEB_LEGACY:
                return data.decode(match.encoding, "replace")
    return data.decode("cp1252", "replace")


def _strict_utf8(data: bytes) -> str | None:
    """`data` as UTF-8, or None when it is not valid UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None
