"""The words of dates in other languages, in the English `dateutil` reads.

German, French, Spanish, Italian and Portuguese month names (and the abbreviations German and
French pages print, "Dez.", "Okt.", "juil."), weekday names ("Dienstag, 29. Januar 2019",
"Sa., 22. Dez. 2012", "mardi 3 mars") and the little words around them ("1 de diciembre de",
"à", "um … Uhr").
"""

from __future__ import annotations

import re

_MONTH_NUMBERS = {
    1: "januar janvier enero gennaio janeiro jänner jän janv",
    2: "februar feber février fevrier févr fevr febrero febbraio fevereiro",
    3: "märz maerz mär mars marzo março marco",
    4: "avril avr abril aprile",
    5: "mai mayo maggio maio",
    6: "juni juin junio giugno junho",
    7: "juli juillet juil julio luglio julho",
    8: "august août aout agosto",
    9: "september septembre septiembre settembre setembro",
    10: "oktober okt octobre octubre ottobre outubro",
    11: "november novembre noviembre novembro",
    12: "dezember dez décembre déc decembre diciembre dic dicembre dezembro",
}
"""Month names and the abbreviations that are no English word ("Dez", "Okt", "juil"; not
"set", "out", "ago", which a date's neighbours may be)."""
_ENGLISH = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
_FOREIGN_MONTH = re.compile(
    r"\b(" + "|".join(w for words in _MONTH_NUMBERS.values() for w in words.split()) + r")\b\.?", re.I
)
_MONTH_OF = {w: _ENGLISH[n - 1] for n, words in _MONTH_NUMBERS.items() for w in words.split()}
_MONTH_WORDS = {*_MONTH_OF, *(m.lower() for m in _ENGLISH), *(m[:3].lower() for m in _ENGLISH), "sept"}
_NUMBER_OF = {
    **{w: n for n, words in _MONTH_NUMBERS.items() for w in words.split()},
    **{m.lower(): n for n, m in enumerate(_ENGLISH, start=1)},
    **{m[:3].lower(): n for n, m in enumerate(_ENGLISH, start=1)},
    "sept": 9,
}
MONTH_NAMES = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
"""Every month name `parse_date` reads (English, its three-letter forms, and the German, French,
Spanish, Italian and Portuguese names), longest first, as a regex alternation."""


YEAR = re.compile(r"\b(?:19|20)\d\d\b")
"""A year of the last two centuries, as pages print one."""


def month_number(word: str) -> int | None:
    """The number of a month named in any language `MONTH_NAMES` knows ("Mai", "Dez.", "Sept"), or None."""
    return _NUMBER_OF.get(word.lower().rstrip("."))


_WEEKDAY_NAMES = {
    "Monday": "montag lundi lunes lunedì lunedi segunda-feira",
    "Tuesday": "dienstag mardi martes martedì martedi terça-feira terca-feira",
    "Wednesday": "mittwoch mercredi miércoles miercoles mercoledì mercoledi quarta-feira",
    "Thursday": "donnerstag jeudi jueves giovedì giovedi quinta-feira",
    "Friday": "freitag vendredi viernes venerdì venerdi sexta-feira",
    "Saturday": "samstag sonnabend samedi sábado sabado",
    "Sunday": "sonntag dimanche domingo domenica",
}
_WEEKDAY_OF = {w: day for day, words in _WEEKDAY_NAMES.items() for w in words.split()}
_FOREIGN_WEEKDAY = re.compile(
    r"(?<![\w-])(" + "|".join(sorted(_WEEKDAY_OF, key=len, reverse=True)) + r")(?![\w-])", re.I
)
WEEKDAY_NAMES = "|".join(
    sorted({*_WEEKDAY_OF, *(d.lower() for d in _WEEKDAY_NAMES), *(d[:3].lower() for d in _WEEKDAY_NAMES)},
           key=len, reverse=True)
) + r"|(?-i:Mo|Di|Mi|Do|Fr|Sa|So)(?=\.|,)"  # fmt: skip
"""Every weekday name `english_words` and dateutil read (English whole and in three letters, the
German, French, Spanish, Italian and Portuguese names, German's two capitals before a full stop
or comma), longest first, as a regex alternation."""
_GERMAN_SHORT_WEEKDAY = re.compile(r"\b(Mo|Di|Mi|Do|Fr|Sa|So)(?:\.,?|,)\s*(?=\d)")
"""German weekdays in two letters, only before the date they name ("Sa., 22.12.2012", "Di, 3. März")."""
_SHORT_WEEKDAY_OF = dict(zip(("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"), _WEEKDAY_NAMES, strict=True))
_FILLER = re.compile(
    r"(?<=\d)\s+(?:de|del|di)\s+(?=\w)|(?<=\w)\s+(?:de|del|di)\s+(?=\d)"
    r"|\b(?:à|um|às|a\s+las|alle(?:\s+ore)?|Uhr)\b|\s*\|\s*(?=\d)",
    re.I,
)
"""The words between a date's parts ("1 de diciembre de", "à 10:00", "um 10 Uhr") and a bar
before its time ("13. Juli 2021 | 05:00")."""


def english_words(text: str) -> str:
    """German, French, Spanish, Italian and Portuguese month and weekday names (and "1 de
    diciembre de", "à", "um", a bar before the time) in the English dateutil reads."""
    if not any(ch.isalpha() for ch in text.replace("T", "").replace("Z", "")):
        return text
    text = _FOREIGN_MONTH.sub(lambda m: _MONTH_OF[m.group(1).lower()], text)
    text = _FOREIGN_WEEKDAY.sub(lambda m: _WEEKDAY_OF[m.group(1).lower()], text)
    text = _GERMAN_SHORT_WEEKDAY.sub(lambda m: f"{_SHORT_WEEKDAY_OF[m.group(1)]}, ", text)
    return _FILLER.sub(" ", text)
