"""Wire agencies by name: the short form the record keeps, and where one stands in a credit."""

from __future__ import annotations

import re

from newsharvest.extract.document import collapse

AGENCIES: dict[str, str] = {
    "associated press": "AP",
    "the associated press": "AP",
    "ap": "AP",
    "美联社": "AP",
    "美聯社": "AP",
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "路透社": "Reuters",
    "ロイター": "Reuters",
    "ロイター通信": "Reuters",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "afp": "AFP",
    "法新社": "AFP",
    "afp通信": "AFP",
    "bloomberg": "Bloomberg",
    "bloomberg news": "Bloomberg",
    "彭博社": "Bloomberg",
    "ブルームバーグ": "Bloomberg",
    "dpa": "dpa",
    "deutsche presse-agentur": "dpa",
    "upi": "UPI",
    "united press international": "UPI",
    "cnn wire": "CNN",
    "the canadian press": "CP",
    "canadian press": "CP",
    "efe": "EFE",
    "agencia efe": "EFE",
    "ansa": "ANSA",
    "agenzia ansa": "ANSA",
    "lusa": "Lusa",
    "agência lusa": "Lusa",
    "agencia lusa": "Lusa",
    "kyodo": "Kyodo",
    "kyodo news": "Kyodo",
    "共同通信": "Kyodo",
    "共同": "Kyodo",
    "jiji": "Jiji",
    "jiji press": "Jiji",
    "時事通信": "Jiji",
    "時事": "Jiji",
    "xinhua": "Xinhua",
    "新华社": "Xinhua",
    "yonhap": "Yonhap",
    "연합뉴스": "Yonhap",
    "pti": "PTI",
    "press trust of india": "PTI",
    "ians": "IANS",
    "ani": "ANI",
    "pa": "PA",
    "press association": "PA",
    "pa media": "PA",
    "pa sport": "PA",
    "aap": "AAP",
    "australian associated press": "AAP",
    "apa": "APA",
    "sda": "SDA",
    "ats": "ATS",
    "keystone-sda": "SDA",
    "kna": "KNA",
    "epd": "epd",
    "sid": "SID",
    "anp": "ANP",
    "belga": "Belga",
    "europa press": "Europa Press",
    "notimex": "Notimex",
    "agência brasil": "Agência Brasil",
    "agencia brasil": "Agência Brasil",
    "télam": "Télam",
    "tass": "TASS",
    "ria novosti": "RIA Novosti",
    "interfax": "Interfax",
    "anadolu": "Anadolu",
    "anadolu agency": "Anadolu",
    "agi": "AGI",
    "adnkronos": "Adnkronos",
    "ntb": "NTB",
    "ritzau": "Ritzau",
    "pap": "PAP",
    "ctk": "ČTK",
    "čtk": "ČTK",
    "mti": "MTI",
    "bernama": "Bernama",
    "antara": "Antara",
}
"""Wire agencies by lower-cased name (each language's spelling), with the short form the record uses."""

_SHORT = 4
"""Names this short ("ANI", "SID", "Lusa") are also words or given names in some language:
they count only as printed by the agency (its short form, or in capitals)."""


def agency_of(text: str | None) -> str | None:
    """The short agency name for a credit like "Associated Press", "(EFE)" or "Agência Lusa",
    else None; a short name counts only in the agency's own spelling or in capitals ("Sid" is a name)."""
    printed = collapse(text).strip("()[]（） ")
    short = AGENCIES.get(printed.lower())
    if short and len(printed) <= _SHORT and printed not in (short, printed.upper()):
        return None
    return short


def _printed(name: str, short: str) -> str:
    """A name's pattern: any case when long; a short one as the agency prints it (a Chinese or
    Japanese name as written: "美联社" is no licence for a bare "AP")."""
    if len(name) > _SHORT:
        return f"(?i:{re.escape(name)})"
    spellings = dict.fromkeys((short, name.upper()) if name.isascii() else (name,))
    return "(?:" + "|".join(re.escape(s) for s in spellings) + ")"


AGENCY_PATTERNS = [
    (re.compile(rf"(?:^|[\s,(|—–/（-]){_printed(name, short)}(?:$|[\s,)|—–/.）-])"), short)
    for name, short in sorted(AGENCIES.items(), key=lambda kv: -len(kv[0]))
    if len(name) > 2
]
"""Each agency's name as it stands in a printed byline, with the mark before and after it
(longest names first, compiled once)."""
ANY_AGENCY = re.compile("|".join(pattern.pattern for pattern, _ in AGENCY_PATTERNS))
"""Whether any agency stands in a byline at all: one search instead of one a name, for the
bylines that name none (most of them)."""
