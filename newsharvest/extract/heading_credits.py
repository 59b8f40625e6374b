"""Headings that credit the story instead of naming it, passed over where the headline is sought.

Old and small sites set the byline, the wire's name or the writer's title in a heading's place
over the story ("<h4>Ann Lee, Canwest News Service; Ottawa Citizen</h4>", "<b>Associated
Press</b>"): the headline is the heading above them (see `headings`).
"""

from __future__ import annotations

import re

from newsharvest.extract.agencies import agency_of
from newsharvest.extract.byline_lines import is_byline_line, is_credit_title
from newsharvest.extract.persons import is_organisation, is_person_name


def is_credit(text: str) -> bool:
    """Whether a heading's text credits the story instead of naming it: a byline, a wire
    agency's name, a writer's title ("Palm Beach Post Staff Writer", "OUR SPECIAL CORRESPONDENT"),
    a writer's name followed by an outlet ("Ann Lee, Canwest News Service; Ottawa Citizen")."""
    if is_byline_line(text, dated=True) or agency_of(text) is not None:
        return True
    if is_credit_title(text) and _WRITER_TITLE.search(text) is not None:
        return True
    name, *outlets = (part.strip() for part in _CREDIT_PARTS.split(text))
    if not outlets or len(name.split()) < 2 or not is_person_name(name) or not is_organisation(outlets[0]):
        return False
    return all(word[:1].isupper() or word in _OUTLET_JOINERS for part in outlets for word in part.split())


_OUTLET_JOINERS = frozenset({"of", "the", "and", "&", "de", "du", "der", "für"})
"""Lower-case words an outlet's name may hold ("Society of Editors"); any other makes the text a
sentence ("Ann Lee, Acme Corp chief, resigns")."""


_CREDIT_PARTS = re.compile(r"[,;]")
"""Where a byline without "By" parts a writer's name from the outlets ("Ann Lee, Canwest News
Service; Ottawa Citizen": the first of them names an organisation)."""


_WRITER_TITLE = re.compile(r"(?i)(?:staff\s+writers?|correspondents?|news\s+services?)$")
"""The end of a writer's or wire's title; a title-case headline may end in "Writers" too
("Studio Strikes Deal With Writers")."""
