"""The language a text's script alone tells: Japanese kana, Korean hangul, Chinese han.

Only these three are told by their script; a text in Latin, Cyrillic or Arabic letters could be
in many languages, and naming one is a language model's work, which this is not.
"""

from __future__ import annotations

_MIN_SHARE = 0.3
"""Of a text's letters, the share in the CJK scripts for the script to name its language."""
_MIN_LETTERS = 4


def _kind(char: str) -> str | None:
    code = ord(char)
    if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9D:
        return "kana"
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return "hangul"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
        return "han"
    return "other" if char.isalpha() else None


def cjk_language(text: str) -> str | None:
    """"ja" for a text with kana, "ko" with hangul, "zh" in han alone, when those scripts make up
    at least `_MIN_SHARE` of its letters; else None ("東京で大雪" → "ja", "宇航员在太空中" → "zh")."""
    counts = {"kana": 0, "hangul": 0, "han": 0, "other": 0}
    for char in text:
        kind = _kind(char)
        if kind is not None:
            counts[kind] += 1
    cjk = counts["kana"] + counts["hangul"] + counts["han"]
    if cjk < _MIN_LETTERS or cjk < _MIN_SHARE * (cjk + counts["other"]):
        return None
    if counts["kana"]:
        return "ja"  # Japanese writes han with kana; Chinese never writes kana or hangul
    return "ko" if counts["hangul"] else "zh"
