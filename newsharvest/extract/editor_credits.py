"""Editors the page prints ("责任编辑：A", "Edited by A"): a structured credit naming one is no author.

Chinese news CMSs fill the author meta tag with the responsible editor and print that name only
after an editor's label; a CMS elsewhere may credit the editor who published the story. An
editor is not an author, so such a credit gives way to the printed byline, if any.
"""

from __future__ import annotations

import re

from newsharvest.extract.document import Document, collapse

_LABEL_BEFORE = re.compile(
    r"(?:(?:责任编辑|責任編輯|编辑|編輯|责编|責編)\s*[:：/／]|\b(?:edit(?:ed|ing)\s+by|editors?\s*:))\s*"
    r"(?:(?:(?![.。]\s)[^<>\"'{}\[\]()（）【】|:：;；\n]){0,40}?(?:\s|,|、|，))?$",
    re.I,
)
"""An editor's label (Chinese "(responsible) editor:", English "Edited by", "Editing by",
"Editor:") ending the text before a name, other names of the same credit allowed between
("编辑：A B": B too; not past a semicolon or a sentence's end, "Editing by A; Reporting by B")."""
_TAGS = re.compile(r"<[^<>]*>|^[^<]*>")
"""Markup between the label and the name ("Edited by <a href=…>A</a>"), and a cut tag's end."""
_WINDOW = 200
"""How much of the markup before a name is read for the label."""
_MAX_PLACES = 20
"""The most places a name is looked at on one page."""


def credited_as_editor(doc: Document, name: str) -> bool:
    """Whether the page prints `name` after an editor's label ("（编辑：A B）", "【责任编辑：A】",
    "Edited by A"), in its text; a label in a script's data or a meta tag does not count."""
    name = collapse(name)
    if len(name) < 2:
        return False
    html = doc.html
    at = html.find(name)
    for _ in range(_MAX_PLACES):
        if at < 0:
            return False
        if _LABEL_BEFORE.search(_TAGS.sub(" ", html[max(0, at - _WINDOW) : at])):
            return True
        at = html.find(name, at + len(name))
    return False
