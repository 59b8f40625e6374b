"""Photo credits: a caption's credit split from its text, and a text that is only a credit.

Wire and picture agencies print credits in a few fixed forms ("(AP Photo/X)", "X via Getty
Images", "Photo: X/Reuters"); the patterns for them are one component, read by the caption
rules (`captions.py`) and the generic extractor, apart from the line rules of `cleanup.py`.
"""

from __future__ import annotations

import re

from newsharvest.extract.document import collapse

_AGENCY = (
    r"AP|Associated\s+Press|Reuters|AFP|Getty(?:\s+Images)?|EPA(?:-EFE)?|Shutterstock|Bloomberg"
    r"|Pool|dpa|ANSA|Xinhua|Alamy|iStock(?:photo)?|Sipa|Zuma|NurPhoto|Anadolu|Imago|Keystone"
)
_PAREN_CREDIT = re.compile(
    rf"\s*[(\[]\s*((?:[^()\[\]]*?(?:\bPhoto|\bImage|\bFoto|\bPicture|\bCredit|/|\b(?:{_AGENCY})\b)"
    rf"[^()\[\]]*?))\s*[)\]]\s*\.?$",
    re.IGNORECASE,
)
"""A trailing parenthesised credit: "(AP Photo/Noah Berger)", "(Photo: Jane Doe/Reuters)"."""

_LABEL_CREDIT = re.compile(
    r"(?:^|(?<=[.!?”\"')])\s+|\s*[|–—-]\s*)"
    r"(?:Photo(?:graph)?s?|Image|Picture|Foto|Bild|Credit|Photo\s+credit|Image\s+credit)\s*:\s*"
    r"(?P<credit>[^:]{2,120}?)\s*\.?$",
    re.IGNORECASE,
)
"""A labelled credit at the end: "… Photo: Jane Doe/Getty Images", "Credit: Reuters"."""

_NAMED_LABEL_CREDIT = re.compile(
    r"\s+(?:Photo|Credit|Foto|Bild)\s*:\s*"
    r"(?P<credit>[A-Z][\w.'’&-]*(?:\s*(?:/|\bvia\b|[A-Z][\w.'’&-]*))*?)\s*$"
)
"""A capitalised label and a credit of names only, with no sentence end before the label: "Foreign
Minister Tzipi Livni Photo: AP" ("The Photo: A Retrospective opens today" is no credit)."""

_BARE_CREDIT = re.compile(
    rf"(?:^|(?<=[.!?”\"')])\s+)(?P<credit>(?:[A-Z][\w.'’-]*\s+){{0,4}}[A-Z][\w.'’-]*"
    rf"\s*/\s*(?:[\w.'’-]+\s+){{0,4}}?(?:[\w.'’-]+\s+)?(?:via\s+)?(?:{_AGENCY}|Images|Photo)"
    rf"(?:\s+(?:via\s+)?(?:{_AGENCY}|Images|Photo))*)\s*\.?$"
)
"""An unlabelled "Name/Agency" credit ending a caption: "Olivier Douliery/Pool Photo via AP"."""

_WIRE_CREDIT = re.compile(
    rf"(?:^|(?<=[.!?”\"')])\s+)(?P<credit>"
    rf"(?:(?i:Photo)\s+(?i:by)\s+)?(?:[A-Z][\w.'’&-]*\s+){{0,7}}?(?i:via)\s+(?i:{_AGENCY})(?:\s+(?i:Images|Photo))?"
    rf"|(?i:Photo\s+by)\s+(?:[A-Z][\w.'’-]*\s+){{0,4}}[A-Z][\w.'’-]*\s*/\s*(?i:{_AGENCY})(?:\s+Images)?"
    rf"|(?:AP|AFP|(?i:Reuters))(?:\s+Photo)?\s*/\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,4}}"
    rf"|(?i:Getty\s+Images|Associated\s+Press|Reuters|AFP)|AP|Bloomberg"
    rf")\s*\.?$"
)
"""A credit ending a caption without parentheses or label, in the forms wire and picture
agencies print: "Chip Somodevilla via Getty Images", "Bloomberg via Getty Images", "John Minchillo
via Associated Press", "AP Photo/Evan Vucci", "REUTERS/Kim Kyung-Hoon", "Getty Images", "Reuters"."""

_PHOTO_BY = re.compile(r"^Photo\s+by\s+", re.IGNORECASE)

_ONLY_CREDIT = re.compile(
    rf"^(?:(?:Photo|Image|Foto|Credit)s?\s*(?:credit)?\s*:\s*)?(?:[A-Z][\w.'’-]*\s+){{0,4}}"
    rf"(?:{_AGENCY}|[A-Z][\w.'’-]*)(?:\s*/\s*(?:[\w.'’-]+\s+){{0,4}}?(?:via\s+)?(?:{_AGENCY}|Images|Photo)\b.*)?$"
)


def split_credit(text: str) -> tuple[str, str | None]:
    """A caption split into (text, credit); credit is None when none is found.

    Recognises "(AP Photo/Noah Berger)", "Olivier Douliery/Pool Photo via AP",
    "Photo: X/Getty Images", "Credit: Reuters", and after the caption's last sentence
    "X via Getty Images", "AP Photo/X", "REUTERS/X", "Getty Images" or "Reuters".
    """
    text = collapse(text)
    if not text:
        return "", None
    for pattern in (_PAREN_CREDIT, _LABEL_CREDIT, _NAMED_LABEL_CREDIT, _BARE_CREDIT, _WIRE_CREDIT):
        match = pattern.search(text)
        if match:
            credit = collapse(match.group(1) if pattern is _PAREN_CREDIT else match.group("credit"))
            credit = _PHOTO_BY.sub("", credit)
            return text[: match.start()].strip(), credit.rstrip(".") or None
    return text, None


_NAME_THEN_AGENCY = re.compile(
    rf"^(?:©\s*)?(?:\d{{4}}\s+)?(?:(?:[A-Z][\w.'’-]*\s+){{0,4}}[A-Z][\w.'’-]*\s*[|,]\s*)?"
    rf"(?:{_AGENCY})(?:\s+(?:Images|Photo))?(?:\s+file)?$"
)
"""A photographer and an agency set apart by a bar or a comma, or an agency after the photo's
year: "Oli Scarff | Getty Images", "Michael Conroy, AP", "2011 Getty Images"."""
_PHOTO_BY_ONLY = re.compile(
    r"^(?:Photo(?:graph)?s?|Pictures?)\s+by\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,5}$"
)
"""A credit that says so, names only after it: "Photo by Mark Jones AP"."""


def looks_like_credit(text: str) -> bool:
    """Whether a short text is only a photo credit ("AP Photo/Evan Vucci", "Getty Images")."""
    text = collapse(text).strip("()[] .")
    if not text or len(text) > 120:
        return False
    if re.match(r"^(?:AP|Reuters|AFP)\s+Photo\b", text) or _WIRE_CREDIT.fullmatch(text):
        return True
    if _NAME_THEN_AGENCY.match(text) or _PHOTO_BY_ONLY.match(text):
        return True
    return _ONLY_CREDIT.match(text) is not None and (
        "/" in text or ":" in text or re.search(_AGENCY, text) is not None
    )
