"""Bylines: people and wire agency apart, job titles dropped, upper-case names made readable."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsharvest.extract.agencies import AGENCY_PATTERNS, ANY_AGENCY
from newsharvest.extract.document import MARKUP_AS_TEXT, collapse
from newsharvest.extract.persons import (
    ADDRESS_IN_BRACKETS,
    HANDLE,
    agency_of,
    is_organisation,
    is_person_name,
)
from newsharvest.extract.record import Author

_BY_PREFIX = re.compile(
    r"^\s*(?:(?:posted|written|published|reported|submitted)\s+by"
    r"|(?:gespeichert|geschrieben|verfasst|eingestellt)\s+von|by|von|par|por|di|door|av|af|texto)"
    r"\s*(?:[:\-]\s*|\s+|$)",
    re.I,
)
_MID_BY = re.compile(r"^.{0,40}?\s(?:[Bb]y|BY|[Vv]on|[Pp]ar|[Pp]or|[Dd]oor)\s+(?=[A-ZÀ-Ý])")
"""A section or label before "by" ("Tech Industry by Steven Musil"): everything up to "by" goes."""
_SPLIT = re.compile(
    r"\s*(?:,|;|/|\||\b(?i:and)\b|&|\s(?:und|y|et|e|en|og|och|i|и|і|και|ve|és)\s|・|、|，)\s*"
)
"""Where one credit ends and the next begins: punctuation, "and" in any case, and the other
languages' "and" in lower case between spaces (the "Y." of "Bruce Y. Lee" is an initial;
"i", "и", "και", "ve", "és": Catalan, Polish, Croatian, Russian, Greek, Turkish, Hungarian)."""
_FULL_STOP = re.compile(r"(?<=[a-zß-ÿ]{3})\.\s+(?=[A-ZÀ-Ý])")
"""A full stop after a lower-case word inside a structured credit ("Ann Lee. The Outlet"; not
after an initial, "St." or "Jr."): one credit ends there. A printed byline's full stops may be
a bio's sentences ("Hi, I'm Ann. I live in …"), which name nobody."""
_AND = re.compile(r"(?i:and)|&|und|y|et|e|en|og|och|i|и|і|και|ve|és|UND|Y|ET|E")
"""The separators of `_SPLIT` that join two names, or two words of one organisation's name."""
_PHOTO_CREDIT = re.compile(
    r"^(?:[\w.]+\s+){0,2}(?:photos?|photographs?|photography|illustrations?|images?|videos?|graphics?|fotos?)"
    r"\s*(?:by\b|:)",
    re.I,
)
"""A photo's or a drawing's credit set where a byline goes ("STAFF PHOTO BY A", "Photo: A"):
it names no author of the story."""
_LABEL = re.compile(r"^(?:[^\W\d_]{2,12}(?:[/*][^\W\d_]{1,6})?\s*:|[^\W\d_]{1,12}\s*：)\s*(?=[^\W\d_])")
"""A one-word label before the names ("Text: A", "Текст: A", "文：A", "Autor/in: A")."""
_CJK_ROLE = re.compile(
    r"^(?:本[報报])?(?:記者|记者|特派員|特派员|編集委員|通[讯訊]员|撰文|作者)\s*[/／]?\s*"
    r"|^[文]\s*[/／]\s*|\s*(?:記者|记者|特派員|特派员|기자)$"
)
"""A reporter's title printed before or after a name in Chinese, Japanese or Korean
("記者 王小明", "文/王小明", "山田太郎記者", "홍길동 기자"), without a colon."""
_WITH_AGENCY = re.compile(
    r"(?:^|\s+)(?:(?:with|avec|mit|con|com|met|med)(?:\s+(?:material|informa[cç][iaã][oóne]+|agências?|agencias?|"
    r"agences?)(?:\s+(?:von|de|da|from))?)?|(?:material|agences?|agencias?|agências?)\s+(?:von|de|da|from)"
    r"|(?:for|für|pour)(?:\s+the)?)"
    r"(?=\s*(?:[,;|/]|$))",
    re.I,
)
"""What joined a wire agency to the names once the agency is cut ("A avec AFP", "mit Material
von dpa", "con información de EFE", "A for the Associated Press"): no part of any name."""
_ROLE_BRACKET = re.compile(
    r"\s*\((?:(?P<text>text|texte|texto|testo|reporting)|(?P<picture>fotos?|photos?|bilder?|images?|"
    r"videos?|grafik|graphics?|illustrations?|infografik))\)$",
    re.I,
)
"""A role in brackets after a name ("A (Text) und B (Fotos)"): who wrote, and who took the pictures."""
_SPECIAL_TO = re.compile(r"\s*(?:Special|SPECIAL)\s+(?:to|for|TO|FOR)\s.*$")
"""A contributor's note after the names, spaced or glued ("A. NAMESpecial to The Star")."""
_PAREN_END = re.compile(r"\s*[(（]([^()（）]{1,30})[)）]$")
"""A bracket at the end of a name ("Ann Lee (AP)"): a wire agency there is no part of the name."""
_INITIALS = re.compile(r"[a-zäöüß]{2,3}")
"""A desk editor's initials in lower case, bracketed after the writer's name ("Ann Lee (eg)")."""
_ADDRESS_BRACKET = re.compile(ADDRESS_IN_BRACKETS)
_SPLIT_CAPS = re.compile(r"\s(?:UND|Y|ET|E)\s")
"""The other languages' "and" in an upper-case byline ("POR ANA PÉREZ Y JUAN GÓMEZ")."""
LATIN_WORD = re.compile(r"[A-Za-zÀ-ɏ.'’-]+")
_MONTHS = (
    r"jan(?:uary|vier|uar|eiro)?|feb(?:ruary|ruar)?|f[ée]v(?:rier)?|fevereiro|m[aä]r(?:ch|s|z|zo|ço)?|"
    r"apr(?:il)?|avr(?:il)?|abr(?:il)?|may|mai|mayo|maio|maggio|jun[ei]?|juin|junio|junho|giugno|"
    r"jul[iy]?|juillet|julio|julho|luglio|aug(?:ust)?|ao[uû]t|agosto|sep(?:t|tember)?|set(?:embro)?|"
    r"septembre|septiembre|settembre|o[ck]t(?:ober|obre|ubre|ubro)?|ottobre|nov(?:ember|embre|embro)?|"
    r"de[cz](?:ember|embre|embro)?|d[ée]cembre|diciembre|dicembre|gennaio|enero|febbraio|febrero|"
    r"marzo|aprile"
)
_STAMP = re.compile(
    rf"(?:\s|^)(?:(?:{_MONTHS})\.?\s+\d|\d{{1,2}}\.?\s+(?:de\s+)?(?:{_MONTHS})\b|\d{{1,4}}[./-]\d|"
    r"\d+\s+(?:hours?|minutes?|days?|mins?|hrs?)\s+ago|updated\b|published\b|posted\b|last\s+updated\b|"
    r"aktualisiert\b|mis\s+à\s+jour\b|publicado\b|\d{1,2}:\d{2}|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b)"
    r"|\d{2,4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日",
    re.I,
)
"""Where a date, time or "Updated" begins inside a printed byline ("2020年3月12日" too): the
names end before it, and the stamp the dates read begins there."""
_NAMES_END = re.compile(
    r"\s(?:publiée?|modifiée?|veröffentlicht|erschienen|stand:|pubblicat[oa]|aggiornat[oa]|actualizad[oa]|"
    r"atualizad[oa]|publicada|lesezeit)(?!\w)"
    r"|\s(?:vor|il\s+y\s+a|hace|há)\s+\d|\s\d+\s+(?:min|mins|minutes?|minuten)\.?\s+(?:read|de\s+lectur[ea])\b"
    r"|\s\d+\s+(?:ore|ora|minuti|giorni)\s+fa\b",
    re.I,
)
"""The other languages' publication words and relative times after the names ("Publié le",
"Stand:", "vor 2 Stunden", "5 min read"): the names end there, the stamp still begins at the date."""
_EDITOR_CREDIT = re.compile(
    r"(?:^|(?<=[\s|,;/(（【\[]))(?:(?:责任编辑|責任編輯|编辑|編輯|责编|責編)(?:\s*[:：/／]|\s+)|(?i:edit(?:ed|ing)\s+by)\s)"
)
"""Where an editor's credit begins in a printed byline ("A 责任编辑：B", "By A | Edited by B",
"Reporting by A; Editing by B"): an editor is no author."""
_EDITOR_END = re.compile(rf"[|;·)）】\]]|\s\S{{1,6}}[:：]|{_STAMP.pattern}", re.I)
"""Where an editor's names end: a separator, a closing bracket, another labelled field, a date."""
_AUTHOR_FIELD = re.compile(r"(?<=\s)(?:作者|記者|记者|撰文|文)\s*[:：/／]\s*(?=\S)")
"""The author's field after other labelled fields ("来源：X 作者：A", source and author): the
names begin after its label."""
_EMPTY_BRACKETS = re.compile(r"\s*[(（【\[]\s*[)）】\]]")
_BOTH_ROLES = re.compile(r"(?i:\band|&)\s*$")
"""A role joined to the editor's ("Written and edited by A"): the same people, still authors."""
_STAMP_AGENCY = re.compile(r"\(([^()]{2,30})\)\s*$")
"""A wire agency in parentheses at the end of the date ("Jan 14, 2008 (AP)")."""
_FURNITURE_TAIL = re.compile(
    r"\s+(?:\((?:contact|e-?mail)\)|(?:rss|twitter|facebook|view|follow|e-?mail|share|subscribe|print)\b).*$"
    r"|(?:^|\s+)about\s+the\s+author\b.*$",
    re.I,
)
"""The page's furniture printed after the names ("A RSS feed", "A Twitter Profile"),
or the author's bio run on after them or standing alone ("A About the author A is …")."""
MAX_BYLINE_CHARS = 160
"""The longest text read as one byline (a byline element's, a line's, a box's around a link)."""
_TRAILING_LINK = re.compile(r"\s+(?:on|at|@|le|am|el|il|em|·|\||-|–|—)\s*$", re.I)
"""A connector left at the end of the names once the date after them is cut ("A on", "A @")."""
_IN_PLACE = re.compile(
    r"^(?P<name>\S+(?:\s+\S+)+?)\s+(?:in|from|aus|à|em|desde|[Ff]or|FOR|für|pour)\s+[A-ZÀ-Ý][\w.'’ -]*$"
)
"""A name followed by where the reporter filed from ("Ann Lee in London", "Anna Roth aus Berlin")
or the outlet written for ("Ann Lee For Daily Mail Australia", "Ann Lee for The Times")."""
_DASH_TAIL = re.compile(r"^(?P<name>\S+(?:\s+\S+)+?)\s+[-–—]\s+[A-ZÀ-Ý][\w.'’-]*$")
"""A name, a spaced dash and one word: the place or the outlet ("Ana Gómez - Madrid")."""
_OUTLET_POSSESSIVE = re.compile(r"^(?P<outlet>[\w.&]+(?:\s+[\w.&]+)?)['’]s?\s+(?=[A-ZÀ-Ý])")
"""An outlet's possessive before a name ("NBC's Ann Lee", "NBC News' Ann Lee")."""
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
_CAPS_NAME_OUTLET = re.compile(
    r"^(?P<name>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){1,3})\s+(?P<outlet>(?:The\s+)?[A-Z][a-z][\w.'’&-]*(?:\s+\S+){0,4})$"
)
"""An upper-case name followed by its outlet in mixed case without a comma ("ANN LEE Daily Record")."""


_SYMBOLS = re.compile("[\u2600-\u27bf\U0001f000-\U0001faff\ufe0e\ufe0f\u200d]+")
"""Emoji and pictographs (with their variation selectors and joiners): a profile's decoration
("Ann Lee ❤️"), never part of a name."""
_UNDERSCORED = re.compile(r"[A-ZÀ-Ý][^\W_]*(?:_[A-ZÀ-Ý][^\W_]*)+")
"""Capitalised words joined by underscores ("Ann_Lee"): a name written as an identifier."""


_CAPS_MC = re.compile(r"^(M)a?c(?=[A-Z])")
"""The lower-case letters of a "Mc" or "Mac" inside an upper-case name ("LARRY McSHANE"): the
name is upper case, and its "Mc" keeps its capital after ("Larry McShane")."""


def readable_name(name: str) -> str:
    """AP's upper-case bylines ("MATT O'BRIEN") in reading case, emoji taken off, a name
    joined by underscores spaced; others as printed."""
    name = collapse(_SYMBOLS.sub(" ", name))
    if _UNDERSCORED.fullmatch(name):
        name = name.replace("_", " ")
    letters = [c for word in name.split(" ") for c in _CAPS_MC.sub(r"\1", word) if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 3:
        cased = name.title().replace("’S", "’s").replace("'S ", "'s ")
        words = zip(name.split(" "), cased.split(" "), strict=True)
        return " ".join(_mc_cased(printed, word) for printed, word in words)
    return name


def _mc_cased(printed: str, word: str) -> str:
    """A title-cased word of an upper-case name with the capital after its printed "Mc" or "Mac"
    restored ("McSHANE": "Mcshane" → "McShane")."""
    mc = _CAPS_MC.match(printed)
    if mc is None:
        return word
    at = mc.end()
    return word[:at] + word[at:at + 1].upper() + word[at + 1 :]


@dataclass(slots=True)
class Byline:
    """A byline split into its parts."""

    authors: list[Author] = field(default_factory=list)
    agency: str | None = None
    raw: str | None = None
    stamp: str | None = None
    """The date or time printed after the names ("January 18, 2017 11:00 PM PST"), if any."""


def parse_byline(raw: str | None, site_name: str | None = None) -> Byline:
    """Split a printed byline ("By A, B and C", "By MATTHEW LEE Associated Press", "A und B,
    dpa") into people and agency, dropping job titles ("AP Technology Writer"), the "By"
    prefix, handles, e-mail addresses and the date or time printed after the names."""
    byline = Byline(raw=collapse(raw) or None)
    text = _without_editors(HANDLE.sub(" ", _ADDRESS_BRACKET.sub("", collapse(raw))))
    field = _AUTHOR_FIELD.search(text)
    text = text[field.end() :] if field else text
    if not _BY_PREFIX.match(text):  # "By A on 10.29.12 | Photo by B": the first "by" is the byline's
        if _PHOTO_CREDIT.match(text):
            return byline
        text = _MID_BY.sub("", text, count=1)
    text = _CJK_ROLE.sub("", _LABEL.sub("", _BY_PREFIX.sub("", text)))
    stamp = _STAMP.search(text)
    if stamp and stamp.start() > 0:
        byline.stamp = collapse(text[stamp.start() :]) or None
        text = _TRAILING_LINK.sub("", text[: stamp.start()])
    names_end = _NAMES_END.search(text)
    if names_end and names_end.start() > 0:
        text = _TRAILING_LINK.sub("", text[: names_end.start()])
    text = collapse(_FURNITURE_TAIL.sub("", collapse(text))).strip(" ,;|—–-:•·")
    if not text:
        return byline
    for pattern, short in AGENCY_PATTERNS if ANY_AGENCY.search(text) else ():
        if pattern.search(text):
            byline.agency = short
            text = collapse(_WITH_AGENCY.sub(" ", pattern.sub(" , ", text)))
            break
    else:  # the agency printed after the date: "By A | DENVER Mar 4, 2009 (AP)"
        credit = _STAMP_AGENCY.search(byline.stamp or "")
        byline.agency = agency_of(credit.group(1)) if credit else None
    match = _JOB_SUFFIX.match(text)
    if match:
        text = match.group("name")
    text = _SPECIAL_TO.sub("", text)
    if text.isupper():
        text = _SPLIT_CAPS.sub(" , ", text)
    parts = [collapse(part).strip(" .|—–-•·") for part in _SPLIT.split(text)]
    for at, (separator, part) in enumerate(zip(["", *_SPLIT.findall(text)], parts, strict=True)):
        before = parts[at - 1] if at else ""
        joined = separator.strip()
        continued = _AND.fullmatch(joined) or joined == "/"
        if continued and " " not in part and is_organisation(before, site_name):
            continue  # the end of an organisation's name ("Office of Fisheries and Oceans"), a second outlet
        if _outlet_after_name(joined, part, before, at == len(parts) - 1, site_name):
            continue
        if _place_after_affiliation(joined, part, before, at == len(parts) - 1, site_name):
            continue
        outlet = _OUTLET_POSSESSIVE.match(part)
        name = outlet.group("outlet") if outlet else ""
        if outlet and (name.isupper() or is_organisation(name, site_name)):
            part = part[outlet.end() :]
        caps = _CAPS_NAME_TITLE.match(part)
        part = caps.group("name") if caps else part
        outlet = _CAPS_NAME_OUTLET.match(part)
        if outlet and is_organisation(outlet.group("outlet"), site_name):
            part = outlet.group("name")
        filed = _IN_PLACE.match(part)
        part = filed.group("name") if filed else part
        tail = _DASH_TAIL.match(part)
        if tail and is_person_name(tail.group("name"), site_name):
            part = tail.group("name")
        role = _ROLE_BRACKET.search(part)
        if role and role.group("picture"):
            continue  # "B (Fotos)": B took the pictures
        part = part[: role.start()] if role else part
        part = _CJK_ROLE.sub("", part)
        bracket = _PAREN_END.search(part)
        if bracket and bracket.start() > 0 and agency_of(bracket.group(1)):
            byline.agency = byline.agency or agency_of(bracket.group(1))
            part = part[: bracket.start()]
        elif bracket and bracket.start() > 0 and _INITIALS.fullmatch(bracket.group(1)):
            part = part[: bracket.start()]
        part = _before_title(part, site_name)
        if byline.agency and LATIN_WORD.fullmatch(part):
            continue  # one word beside an agency is the dateline's place ("Reuters, Washington")
        if _PHOTO_CREDIT.match(part):
            continue  # "By A | Photo by B": B took the picture
        if is_person_name(part, site_name):
            byline.authors.append(Author(name=readable_name(part)))
        elif agency_of(part) and not byline.agency:
            byline.agency = agency_of(part)
    return byline


def _without_editors(text: str) -> str:
    """A printed byline with the editors' credits cut out ("By A | Edited by B | May 3": "By A
    | May 3"): the names after an editor's label up to the next separator, field or date."""
    for _ in range(3):
        editor = _EDITOR_CREDIT.search(text)
        if editor is None or _BOTH_ROLES.search(text[: editor.start()]):
            return text
        rest = text[editor.end() :]
        end = _EDITOR_END.search(rest)
        after = rest[end.start() :] if end else ""
        text = _EMPTY_BRACKETS.sub("", collapse(f"{text[: editor.start()]} {after}"))
    return text


def _outlet_after_name(separator: str, part: str, before: str, last: bool, site_name: str | None) -> bool:
    """Whether the last part of a credit, one capitalised word after a comma, a bar or a dash
    that follows a person's full name, is the outlet or the place the name is credited with
    ("Ann Lee, Futurism", "Ann Lee | Washington", "Ana Gómez en Madrid"), not a second person;
    after a bar, a place of several words too ("Ana Gómez | Palma de Mallorca | 08/01/2014")."""
    return (
        last
        and separator in (",", "|", "en")
        and (LATIN_WORD.fullmatch(part) is not None or separator == "|")
        and part[:1].isupper()
        and len(before.split()) >= 2
        and is_person_name(before, site_name)
    )


def _place_after_affiliation(
    separator: str, part: str, before: str, last: bool, site_name: str | None
) -> bool:
    """Whether the last part of a credit, one capitalised word after a comma, follows a part of
    several words that names no person (a writer's firm or school: "Ann Lee, Planet acme,
    Germany"): the country or town of that affiliation, not a second person."""
    return (
        last
        and separator == ","
        and LATIN_WORD.fullmatch(part) is not None
        and part[:1].isupper()
        and len(before.split()) >= 2
        and not is_person_name(before, site_name)
        and not agency_of(before)
    )


_JOB = re.compile(
    r"(?:\b|(?:Staff|Senior|Contributing|Special)\s*)(?:Editor|Writer|Reporter|Correspondent|Columnist|"
    r"Contributor|Producer|Journalist|Photographer|Analyst|Critic|Host|Anchor)s?\b"
)
"""A job title set after a name without a comma, capitalised as titles are; its first word
may be glued to the name ("Ann LeeStaff Writer")."""


def _before_title(part: str, site_name: str | None) -> str:
    """A name with the job title printed after it without a comma ("Ann Lee Editor in Chief")
    is the name; anything else stays as it is."""
    title = _JOB.search(part)
    if title is None or title.start() == 0 or is_person_name(part, site_name):
        return part
    name = part[: title.start()].strip()
    words = name.split()
    named = all(w[:1].isupper() and (len(w) > 1 or w.endswith(".")) for w in words)  # not "A Photo"
    if 2 <= len(words) <= 4 and named and is_person_name(name, site_name):
        return name
    return part


def split_credit(name: str, site_name: str | None = None) -> Byline:
    """One author credit from structured data ("A and B", "A, B, C and D", "A und B, dpa")
    as people and agency; an organisation-only credit keeps its name in `raw`. Markup left in
    it as text ("ANN LEE<BR>The Star") separates as a line break does."""
    byline = parse_byline(_FULL_STOP.sub(", ", MARKUP_AS_TEXT.sub(" | ", name)), site_name)
    byline.raw = collapse(name) or None
    if HANDLE.fullmatch(collapse(name)):
        return byline  # an e-mail address or a URL names nobody, not even an organisation
    credit = collapse(_BY_PREFIX.sub("", collapse(name)))
    acronym = credit.isascii() and credit.isalpha() and credit.isupper() and 3 <= len(credit) <= 5
    if not byline.authors and not byline.agency and (acronym or is_organisation(credit, site_name)):
        byline.agency = agency_of(credit) or credit  # "CBS" alone: an organisation's initials
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
