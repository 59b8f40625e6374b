"""Bylines: people and wire agency apart, job titles dropped, upper-case names made readable."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsharvest.extract.document import collapse
from newsharvest.extract.record import Author

AGENCIES: dict[str, str] = {
    "associated press": "AP",
    "the associated press": "AP",
    "ap": "AP",
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "agence france-presse": "AFP",
    "afp": "AFP",
    "bloomberg": "Bloomberg",
    "bloomberg news": "Bloomberg",
    "dpa": "dpa",
    "upi": "UPI",
    "united press international": "UPI",
    "cnn wire": "CNN",
    "the canadian press": "CP",
    "canadian press": "CP",
}
"""Wire agencies by lower-cased name, with the short form the record uses."""

_TITLE_WORDS = re.compile(
    r"\b(writer|reporter|correspondent|editor|contributor|columnist|staff|producer|"
    r"journalist|photographer|analyst|bureau|chief|senior|associate|deputy|intern|"
    r"fellow|host|anchor|author|critic|huffpost|news)s?\b",  # "AP Technology Writers" too
    re.I,
)
_BY_PREFIX = re.compile(r"^\s*(?:by|von|par|por|di|door)\s*[:\-]?\s+", re.I)
_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\bund\b|\by\b|\bet\b)\s*", re.I)
_JOB_SUFFIX = re.compile(
    r"^(?P<name>.+?)\s*(?:,|\||—|–|-)\s*(?:an?\s+)?(?:AP|Reuters|HuffPost|Associated Press)?\s*"
    r"(?:[\w.'’ ]*\b(?:writer|reporter|correspondent|editor|contributor|columnist|staff)s?)\b.*$",
    re.I,
)

_CAPS_NAME_TITLE = re.compile(
    r"^(?P<name>(?!AP\b)[A-Z][A-Z.'’-]+(?:\s+(?!AP\b)[A-Z][A-Z.'’-]+){0,3})\s+"
    r"(?:AP\s+|Associated\s+Press\s+|Reuters\s+)?(?:[A-Z][a-z][\w.'’-]*\s+){0,3}"
    r"(?:Writer|Reporter|Correspondent|Editor|Photographer|Producer)s?$"
)
"""An upper-case wire name followed by its title without a comma: "SETH BORENSTEIN AP Science Writer"."""


def agency_of(text: str | None) -> str | None:
    """The short agency name for a credit like "Associated Press" or "(AP)", else None."""
    key = collapse(text).strip("()").lower()
    return AGENCIES.get(key)


def readable_name(name: str) -> str:
    """AP's upper-case bylines ("MATT O'BRIEN") in reading case; others as printed."""
    name = collapse(name)
    letters = [c for c in name if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 3:
        return name.title().replace("’S", "’s").replace("'S ", "'s ")
    return name


def is_person_name(text: str) -> bool:
    """True for something that reads as a person's name, not a title or an organisation."""
    text = collapse(text)
    if not text or len(text) > 60 or agency_of(text):
        return False
    if _TITLE_WORDS.search(text) or any(ch.isdigit() for ch in text):
        return False
    words = text.split()
    return 1 <= len(words) <= 5


@dataclass(slots=True)
class Byline:
    """A byline split into its parts."""

    authors: list[Author] = field(default_factory=list)
    agency: str | None = None
    raw: str | None = None


def parse_byline(raw: str | None) -> Byline:
    """Split a printed byline ("By A, B and C", "By MATTHEW LEE Associated Press") into people
    and agency, dropping job titles ("AP Technology Writer") and the "By" prefix."""
    byline = Byline(raw=collapse(raw) or None)
    text = _BY_PREFIX.sub("", collapse(raw))
    if not text:
        return byline
    for agency_name, short in sorted(AGENCIES.items(), key=lambda kv: -len(kv[0])):
        pattern = re.compile(rf"(?:^|[\s,(|—–-]){re.escape(agency_name)}(?:$|[\s,)|—–-])", re.I)
        if len(agency_name) > 2 and pattern.search(text):
            byline.agency = short
            text = pattern.sub(" ", text)
            break
    match = _JOB_SUFFIX.match(text)
    if match:
        text = match.group("name")
    for part in _SPLIT.split(text):
        part = collapse(part).strip(" .|—–-")
        caps = _CAPS_NAME_TITLE.match(part)
        part = caps.group("name") if caps else part
        if is_person_name(part):
            byline.authors.append(Author(name=readable_name(part)))
        elif agency_of(part) and not byline.agency:
            byline.agency = agency_of(part)
    return byline


def dedupe_authors(authors: list[Author]) -> list[Author]:
    """Authors in order, each name once (case-insensitive); a known profile URL is kept."""
    seen: dict[str, Author] = {}
    for author in authors:
        key = author.name.lower()
        if key in seen:
            seen[key].url = seen[key].url or author.url
        else:
            seen[key] = Author(name=author.name, url=author.url)
    return list(seen.values())
