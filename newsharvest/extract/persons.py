"""Whether a credit names a person: not a job title, an organisation, the site itself, a
handle, an address, a number or a word of the page's furniture; wire agencies by name."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newsharvest.extract.agencies import AGENCIES, agency_of
from newsharvest.extract.document import collapse

__all__ = ["AGENCIES", "agency_of", "is_organisation", "is_person_name", "names_the_site"]

TITLE_WORDS = re.compile(
    r"\b(writer|reporter|correspondent|editor|contributor|columnist|staff|producer|"
    r"journalist|photographer|analyst|bureau|chief|senior|associate|deputy|intern|"
    r"fellow|host|anchor|author|critic|huffpost|news|manager|engineer|director|president|scientist|"
    r"evangelist|desk)s?\b"
    r"|\b(?:redakteur|korrespondent|journalist|reporter|autor|volontär|ressortleiter|chefredakteur)(?:in)?\b"
    r"|\b(?:journaliste|rédact(?:eur|rice)|correspondante?|envoyée?\s+spéciale?|chroniqueur|chroniqueuse)s?\b"
    r"|\b(?:periodista|redactora?|corresponsal|enviad[oa]\s+especial|columnista)s?\b"
    r"|\b(?:giornalista|redatt(?:ore|rice)|corrispondente|inviat[oa]|caporedattore)\b"
    r"|\b(?:jornalista|repórter|redator(?:a)?|correspondente)s?\b",
    re.I,
)
"""Job titles ("AP Technology Writers", "Product Manager"; English, German, French, Spanish,
Italian, Portuguese) and a newsroom's desks ("Metro Desk"): a credit holding one is no name."""
HANDLE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|@\w+|https?://\S+|www\.\S+")
"""Twitter handles, e-mail addresses and URLs: never part of a name."""
_DEGREES = frozenset(
    {"ma", "md", "phd", "ph.d.", "mba", "ms", "msc", "bsc", "rn", "mph", "jd", "dr", "prof", "esq"}
)
_NOT_NAMES = frozenset(
    {
        "admin", "administrator", "staff", "editor", "editors", "redaktion", "rédaction", "redacción",
        "redazione", "redação", "redacao", "redactie", "redakcja", "toimitus", "da redação",
        "guest", "anonymous", "unknown", "team", "desk", "newsroom",
        "follow", "follow author", "share", "email", "more", "view", "profile", "bio", "editorial",
    }
)
"""Words publishers put where a name goes that name nobody."""
_INTERFACE_WORDS = frozenset(
    {"posted", "submitted", "comments", "comment", "rss", "feed", "profile", "twitter", "facebook", "view",
     "print", "subscribe", "follow", "share", "email", "e-mail", "website", "articles", "posts", "stories",
     "google", "instagram", "linkedin", "permalink", "github", "youtube", "tiktok", "pinterest",
     "mastodon", "reddit", "tumblr", "xing", "vimeo", "flickr", "snapchat", "whatsapp"}
)
"""Words of the page's furniture: a credit holding one ("View Comments", "Twitter Profile",
"Posted on", "Submitted on Mon") names nobody."""
_GLUED = re.compile(r"[A-Z][a-z]+|[a-z]+")
"""The capitalised pieces of a word, for telling interface words glued to a name."""
PARTICLES = frozenset(
    {"de", "la", "le", "del", "della", "van", "von", "der", "den", "da", "di", "du", "dos", "das", "st",
     "bin", "al", "los", "las", "do", "ter", "ten", "zu", "ibn", "degli", "dei"}
)
"""Lower-case words that belong inside names ("Ludwig van Beethoven", "Juan de la Cruz",
"María de los Ángeles", "João do Carmo"): not counted among a name's words."""
_NOT_FIRST_WORDS = frozenset({"the", "our", "my", "your", "about", "watch"})
"""First words of no person's name: a site's or a desk's ("The Daily Planet", "Our Foreign
Staff"), a menu's ("My Account"), an author box's heading ("About Jane Doe") or a video
teaser's ("Watch Jane Doe …")."""
_ARTICLES = frozenset({"Le", "Les", "El", "Il", "Der", "Die", "Das", "Het"})
"""Capitalised articles that begin a newspaper's title in other languages, never a given name."""
_ORGANISATION_WORDS = re.compile(
    r"\b(?:news|press|media|agency|times|post|herald|tribune|journal|gazette|daily|magazine|"
    r"network|group|inc|ltd|llc|gmbh|corp|company|institute|university|radio|tv|television|"
    r"zeitung|nachrichten|presse|agence|agencia|agenzia|redaktion|rédaction|redacción|redazione|"
    r"online|digital|team|cent(?:er|re)|office|department|ministry|commission|committee|council|"
    r"sports?|services?|wire|international|organi[sz]ations?|foundation|association|society|federation|"
    r"stiftung|verband|verein|fondation|fundación|fundação|fondazione|associazione|associação|asociación|agência|"
    r"redação|redacao|redactie|agencies|agencias|agências|agenturen|agences|"
    r"\.(?:com|net|org|info|biz|co|uk|de|fr|es|it|ca|au|in|tv|io|ru))\b"
    r"|\B(?:news|times)\b",  # glued to the name before it: "CBSNews", "The Earthtimes"
    re.I,
)
"""Words that make a credit an organisation's, not a person's (an address among them)."""
_ACRONYM_FIRST = re.compile(r"^[A-Z]{3,4}(?:\s+(?:[-–—|]\s+)?[A-Z][a-z'’-]+)+$")
"""A credit led by an upper-case acronym, the rest in mixed case: an outlet's desk ("CNN
Business") or a station and its town ("WXYZ - Springfield"), not an upper-case name ("ANN McLEE")."""
_NICKNAME = re.compile(r"(?<=\w)\s+\"[^\W\d_][\w .'’-]{0,29}\"\s+(?=\w)")
"""A nickname in double quotes between the given and the family name ('Ann "Lucky" Lee'): the
person is named by the words around it, and the name is kept as printed."""


def is_person_name(text: str, site_name: str | None = None) -> bool:
    """True for something that reads as a person's name: not a title, an organisation, the
    site's own name, an e-mail address, a URL, a number, a handle or a lone degree."""
    text = collapse(text)
    if _NICKNAME.search(text):
        return is_person_name(_NICKNAME.sub(" ", text), site_name)
    if not text or len(text) > 60 or agency_of(text):
        return False
    if TITLE_WORDS.search(text) or any(ch.isdigit() for ch in text) or HANDLE.search(text):
        return False
    if text.lower() in _NOT_NAMES or text.lower().strip(".") in _DEGREES or _is_site(text, site_name):
        return False
    if _ORGANISATION_WORDS.search(text) or _ACRONYM_FIRST.match(text):
        return False
    if not any(ch.isalpha() for ch in text) or any(ch in text for ch in "<>{}[]=#*\"/+"):
        return False
    words = text.split()
    if len(words) > 1 and words[0].lower() in _NOT_FIRST_WORDS:
        return False  # "The Daily Planet", "Our Foreign Staff", "My Account", "About A": no one's name
    if len(words) == 2 and words[0] in _ARTICLES:
        return False  # "Le Monde", "Die Zeit", "El País": a paper's title
    if not _INTERFACE_WORDS.isdisjoint(w.lower().strip(".:") for w in words):
        return False
    if any(not _INTERFACE_WORDS.isdisjoint(p.lower() for p in _GLUED.findall(w)[1:]) for w in words):
        return False  # a hover card's buttons glued to the name ("AllanProfileFollow"); "McDonald" is one
    if len(words) > 1 and words[0].isalpha() and words[0].islower() and words[0] not in PARTICLES:
        return False  # a place or a phrase after the names ("à Paris", "aus Berlin")
    if len(text) < 2:
        return False  # one character: an initial, or a CJK role word ("文")
    lower = [w for w in words if w.isalpha() and w.islower() and w not in PARTICLES]
    if len(lower) >= 2:
        return False  # a phrase, not a name ("tips over at Hou", "Verizon hooking up")
    if len(words) > 1 and words[-1] in lower:
        return False  # a phrase ending in a plain word ("Fighting back", "Ann Lee says", "I write")
    if len(words) == 1 and (text.islower() or (len(text) < 3 and text.isascii())):
        return False  # a user handle ("mcupdate") or a stray initial, not a byline name
    if len(words) == 1 and text.isascii() and text.isupper() and len(text) <= 5:
        return False  # an acronym ("CBS"), an organisation's
    if len(words) > 1 and len(words[-1].rstrip(".")) == 1 and words[-1][0].isupper() and len(words) == 2:
        return False  # a truncated name ("Ilanga D")
    named = [w for w in words if w not in PARTICLES]
    return 1 <= len(named) <= 5 and len(words) <= 8  # "María de los Ángeles García Pérez" too


def is_organisation(text: str, site_name: str | None = None) -> bool:
    """True for a credit naming an organisation (a wire agency, a newspaper, the site itself)."""
    text = collapse(text)
    return bool(text) and (
        bool(agency_of(text)) or _is_site(text, site_name) or bool(_ORGANISATION_WORDS.search(text))
    )


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


_OWNER = re.compile(
    r"^(?P<owner>.{3,60}?)['’]s?\s+(?:blog|weblog|site|website|homepage|journal|notes)\b", re.I
)
"""A site named as its owner's ("Daniel Lemire's blog"): the owner is a person, not the site."""


def _is_site(text: str, site_name: str | None) -> bool:
    """Whether `text` is the site's own name ("The Independent", "Golem.de", "BBC News"); not
    the owner a site is named after ("A's blog")."""
    if not site_name:
        return False
    owner = _OWNER.match(collapse(site_name))
    if owner is not None and _squash(owner.group("owner")) == _squash(text):
        return False
    mine, theirs = _squash(text), _squash(site_name)
    if not mine or not theirs:
        return False
    bare = theirs.removeprefix("the")
    return mine in {theirs, bare, "the" + bare} or (len(mine) > 3 and mine in theirs and len(bare) > 3)


_SITE_PARTS = re.compile(r"\s+[-|–—:]\s+|\s*\|\s*")


def names_the_site(text: str, site_name: str | None, url: str | None = None) -> bool:
    """Whether a one-word credit is the site's own name as its stated name begins ("LinkNaija"
    of "LinkNaija | Nigeria's news platform") or as its address spells it ("Weltwoche" on
    weltwoche.ch): a site crediting itself, even when typed a Person."""
    text = collapse(text)
    if len(text.split()) != 1 or not _squash(text):
        return False
    brand = host_brand((urlsplit(url).hostname or "").lower()) if url else None
    if brand is not None and _squash(text) == brand:
        return True
    if not site_name:
        return False
    first = _SITE_PARTS.split(collapse(site_name))[0]
    return _squash(text) == _squash(first)


ADDRESS_IN_BRACKETS = r"\s*[(（](?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/?[)）]"
"""A web address in brackets after a name ("Deutsche Welle (www.dw.com)")."""
_OUTLET_ADDRESS = re.compile(rf"^(?P<name>[^()（）]{{2,60}}?){ADDRESS_IN_BRACKETS}$")


def outlet_with_address(text: str) -> str | None:
    """The outlet's name of a credit that gives its web address in brackets ("Deutsche Welle
    (www.dw.com)": no person signs with a domain), else None."""
    found = _OUTLET_ADDRESS.match(collapse(text))
    return found.group("name") if found else None


_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go"})


def host_label(host: str) -> str | None:
    """The label of a host that names the site ("ascom" of www.ascom.com, "telegraph" of
    telegraph.co.uk, "dw" of www.dw.com); None for a host of one label."""
    labels = host.split(".")
    if len(labels) < 2:
        return None
    return labels[-3] if labels[-2] in _SECOND_LEVEL and len(labels) > 2 else labels[-2]


def host_brand(host: str) -> str | None:
    """The site's name as its host spells it (`host_label`); None when too short to tell."""
    name = host_label(host)
    return name if name is not None and len(name) >= 3 else None

