"""Cleaning helpers shared by the generic extractor and site profiles.

Text-level rules about what is not article body (contributor tails, "Follow … coverage",
copyright lines, "Read more:" teasers, newsletter and share prompts) and about photo captions
(credit split from caption text). All patterns are compiled once, at import.
"""

from __future__ import annotations

import re

from newsharvest.extract.document import collapse

# --- tail and furniture lines -------------------------------------------------------------

_TAIL_LINE = re.compile(
    r"""^(?:
        .{0,200}\b(?:contributed|contributing)\s+(?:to\s+)?(?:this\s+|the\s+)?(?:report|reporting|story|article)\b.{0,40}
      | .{0,200}\bcontributed\s+reporting\b.{0,80}
      | (?:Additional\s+)?(?:reporting|writing|editing)\s+by\s+.{1,200}
      | Our\s+Standards:\s+The\s+Thomson\s+Reuters\s+Trust\s+Principles\.?
      | Follow\s+(?:AP|the\s+AP|[A-Z][\w&.]*(?:\s+[A-Z][\w&.]*){0,3})[’']s?\s+
        (?:full\s+|latest\s+)?coverage\b.{0,250}
      | Find\s+AP[’']s\s+full\s+coverage\b.{0,200}
      | (?:Copyright|\(c\)|©)\s*(?:\d{4}|©|The\s|[A-Z]).{0,200}
      | .{0,120}\bAll\s+rights\s+reserved\b.{0,120}
      | .{0,100}\bmay\s+not\s+be\s+(?:published|reproduced),\s+broadcast.{0,120}
    )$""",
    re.VERBOSE | re.IGNORECASE,
)
"""Lines that close a story without being part of it (wire credits, coverage links, ©)."""

_FURNITURE_LINE = re.compile(
    r"""^(?:
        (?:READ|SEE|WATCH|LISTEN)\s+(?:MORE|ALSO|NEXT|NOW)\b\s*[:|>»\-–—].{0,250}
      | (?:RELATED|MORE|ALSO\s+READ|ALSO\s+ON\s+\S+|DON[’']T\s+MISS|RECOMMENDED|TRENDING|PROMOTED)
        (?:\s+(?:STORIES|ARTICLES|COVERAGE|CONTENT|READING|VIDEOS?|LINKS?|NEWS))?\s*(?:[:|>»\-–—].{0,250})?
      | (?:Related|More|Also\s+read|Read\s+more|Read\s+also|See\s+also|Don[’']t\s+miss|Recommended)
        (?:\s+(?:stories|articles|coverage|content|reading|videos?|links?|news))?\s*[:|>»\-–—].{0,250}
      | (?i:(?:click|tap)\s+here\s+(?:to\s+(?:get|download)\b.{0,60}\bapp\b.{0,40}
        |to\s+(?:subscribe|sign\s+up|join|follow|read\s+more|see\s+more|watch)\b.{0,120}
        |for\s+(?:more\s+(?:stories|news|coverage)|the\s+latest)\b.{0,120}))
      | .{0,80}\b(?i:sign\s+up|subscribe)\b.{0,60}\b(?i:newsletters?)\b.{0,120}
      | .{0,60}\b(?i:newsletters?)\b.{0,60}\b(?i:sign\s+up|subscribe|inbox)\b.{0,120}
      | (?:Like|Liked|Enjoy(?:ed)?)\s+this\s+(?:story|article)\?.{0,120}
      | Share\s+(?:this|on)\s+(?:story|article|page|Facebook|Twitter|X|WhatsApp|LinkedIn|Email)\b.{0,80}
      | (?:Share|Tweet|Email|Print|Comments?|Facebook|Twitter|WhatsApp|LinkedIn|Pinterest|Reddit)
        (?:\s*[|/·•,]?\s*(?:Share|Tweet|Email|Print|Comments?|Facebook|Twitter|WhatsApp|LinkedIn|Pinterest|Reddit))*
      | Advertisement|ADVERTISEMENT|Anzeige|ANZEIGE|Werbung|Publicidad|Publicité|Sponsored(?:\s+content)?
      | (?:Lesen\s+Sie\s+(?:auch|mehr)|Mehr\s+zum\s+Thema|Auch\s+interessant|Das\s+könnte\s+Sie\s+auch
        \s+interessieren|Lee\s+también|Lea\s+también|Leer\s+más|Te\s+puede\s+interesar|Más\s+información
        |Lire\s+aussi|À\s+lire\s+aussi|Leggi\s+anche)\s*[:|>»\-–—].{0,250}
      | (?:Story\s+continues\s+below|Article\s+continues\s+below)(?:\s+advertisement)?
    )$""",
    re.VERBOSE,
)
"""Lines that are page furniture wherever they stand: teasers, newsletter and share prompts."""

_CONTACT_TAIL = re.compile(
    r"""^(?:
        (?:Write\s+to|Email|Contact|Reach)\s+.{1,80}\s+(?:at|on)\s+\S+@\S+.{0,200}
      | Follow\s+(?:him|her|them|us|me)\s+on\s+(?:Twitter|X|Facebook|Instagram)\b.{0,120}
      | (?:Have\s+a\s+(?:news\s+)?tip\??|Got\s+a\s+(?:news\s+)?tip\??)\s.{0,250}
    )$""",
    re.VERBOSE | re.IGNORECASE,
)
"""Author-contact lines that end a story ("Write to X at x@y.com", "Follow him on Twitter")."""


_BYLINE = re.compile(
    r"^(?:By|BY|Von|VON|Por|POR|Par|PAR|Di|DI|Door|Af|Av)\s+"
    r"(?P<names>[^|·•,\d][^|·•\d]{0,80}?)\s*(?:[|·•]\s*.{0,60})?$"
)
_NAME_JOINERS = frozenset(
    {"and", "und", "y", "e", "et", "de", "del", "da", "van", "von", "der", "den", "la", "le", "&"}
)

_LOWERCASE_AGENCIES = frozenset({"dpa", "afp", "apa", "sid", "kna", "epd", "dts"})


_POSTED_BY = re.compile(
    r"\b(?:Posted|Published|Publicado|Publicada|Veröffentlicht|Publié|Pubblicato)\s+"
    r"(?:by|por|von|par|da)\b",
    re.IGNORECASE,
)


def is_byline_line(text: str) -> bool:
    """Whether a line is a byline ("By Jane Doe and John Roe", "Von dpa | 07.03.2024").

    The words after "By" must read as names (capitalised, or joiners like "and", "von"), so
    that a sentence such as "By Friday, officials said …" is not taken for one. A short line
    saying "Published by …" ("12/05/2023 - Publicado por: …") is one too.
    """
    text = collapse(text)
    if len(text.split()) <= 14 and _POSTED_BY.search(text):
        return True
    match = _BYLINE.match(text)
    if match is None:
        return False
    words = match.group("names").split()
    return 0 < len(words) <= 8 and all(
        w[0].isupper() or w.lower() in _NAME_JOINERS or w in _LOWERCASE_AGENCIES for w in words
    )


_RELEASE_FOOTER = re.compile(
    r"""^(?:
        (?:About|Über|Acerca\s+de|Sobre|À\s+propos\s+(?:de|d[’']))\s+(?:the\s+|die\s+|der\s+)?
        [A-Z][\w&'’-]*(?:[\s,.]+[\w&'’-]+){0,5}:?
      | \#\#\#|\#\s\#\s\#|-30-|[-–—]?\s*ENDS\s*[-–—]?
      | (?:Media|Press|Investor|News)\s+(?:contacts?|inquiries|enquiries|relations)\b.{0,200}
      | (?:Forward[-\s]Looking\s+Statements?|Safe\s+Harbor\s+Statement
        |Cautionary\s+(?:Note|Statement)\b.{0,60})
      | (?:Pressekontakt|Kontakt|Contacto\s+de\s+prensa|Contact\s+presse):?
    )$""",
    re.VERBOSE,
)


def is_release_footer(text: str) -> bool:
    """Whether a line opens a press release's boilerplate: "About X", "###", media contacts."""
    text = collapse(text)
    return bool(text) and len(text) <= 120 and _RELEASE_FOOTER.match(text) is not None


def is_tail_line(text: str) -> bool:
    """Whether a line is a story's tail: contributor credit, coverage link, copyright, contact."""
    text = collapse(text)
    return bool(text) and (_TAIL_LINE.match(text) is not None or _CONTACT_TAIL.match(text) is not None)


def is_furniture_line(text: str) -> bool:
    """Whether a line is page furniture (teaser link, newsletter/share prompt, ad label)."""
    text = collapse(text)
    return bool(text) and _FURNITURE_LINE.match(text) is not None


# --- captions --------------------------------------------------------------------------------

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

_BARE_CREDIT = re.compile(
    rf"(?:^|(?<=[.!?”\"')])\s+)(?P<credit>(?:[A-Z][\w.'’-]*\s+){{0,4}}[A-Z][\w.'’-]*"
    rf"\s*/\s*(?:[\w.'’-]+\s+){{0,4}}?(?:[\w.'’-]+\s+)?(?:via\s+)?(?:{_AGENCY}|Images|Photo)"
    rf"(?:\s+(?:via\s+)?(?:{_AGENCY}|Images|Photo))*)\s*\.?$"
)
"""An unlabelled "Name/Agency" credit ending a caption: "Olivier Douliery/Pool Photo via AP"."""

_ONLY_CREDIT = re.compile(
    rf"^(?:(?:Photo|Image|Foto|Credit)s?\s*(?:credit)?\s*:\s*)?(?:[A-Z][\w.'’-]*\s+){{0,4}}"
    rf"(?:{_AGENCY}|[A-Z][\w.'’-]*)(?:\s*/\s*(?:[\w.'’-]+\s+){{0,4}}?(?:via\s+)?(?:{_AGENCY}|Images|Photo)\b.*)?$"
)


def split_credit(text: str) -> tuple[str, str | None]:
    """A caption split into (text, credit); credit is None when none is found.

    Recognises "(AP Photo/Noah Berger)", "Olivier Douliery/Pool Photo via AP",
    "Photo: X/Getty Images" and "Credit: Reuters" at the end of the caption.
    """
    text = collapse(text)
    if not text:
        return "", None
    for pattern in (_PAREN_CREDIT, _LABEL_CREDIT, _BARE_CREDIT):
        match = pattern.search(text)
        if match:
            credit = collapse(match.group(1) if pattern is _PAREN_CREDIT else match.group("credit"))
            return text[: match.start()].strip(), credit.rstrip(".") or None
    return text, None


def looks_like_credit(text: str) -> bool:
    """Whether a short text is only a photo credit ("AP Photo/Evan Vucci", "Getty Images")."""
    text = collapse(text).strip("()[] .")
    if not text or len(text) > 120:
        return False
    if re.match(r"^(?:AP|Reuters|AFP)\s+Photo\b", text):
        return True
    return _ONLY_CREDIT.match(text) is not None and (
        "/" in text or ":" in text or re.search(_AGENCY, text) is not None
    )


def same_text(a: str, b: str) -> bool:
    """Whether two texts are the same once case, whitespace and end punctuation are ignored."""
    return _comparable(a) == _comparable(b) != ""


_NON_WORD = re.compile(r"[\W_]+")


def _comparable(text: str) -> str:
    """Lower-cased word characters only, single-spaced."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def comparable(text: str) -> str:
    """A normal form for comparing headlines and captions: lower case, words only."""
    return _comparable(text)
