"""Line tests about a post's own parts: a comment form's field names, a row of the article's
tool links ("Print | Email | Share"), and a labelled paragraph of prose ("RELATED: …" and
sentences), which teaser rules must not take for a link.

Used by `cleanup` (its furniture and post-footer patterns) and the generic extractor.
"""

from __future__ import annotations

import re

from newsharvest.extract.document import collapse

FORM_FIELD = (
    r"(?:Your\s+)?(?:Name|E-?mail|Mail|Website|URL|Message)(?:\s+Address)?"
    r"\s*(?:\((?:required|will\s+not\s+be\s+published)\)\s*)*\*?:?"
)
"""A comment form's field name: "Name (required)", "Mail (will not be published)", "Website"."""
_FORM_FIELD_LINE = re.compile(rf"^{FORM_FIELD}$", re.IGNORECASE)
BULLET = re.compile(r"^[-•*·–]\s+")
"""A list bullet opening a line, which line tests look past."""

_LABELLED_PROSE = re.compile(r"^[^\W\d_][\w’' ]{1,30}:\s+(?P<text>.+)$")
_SENTENCE_END = re.compile(r"[.!?][\"”’')]*\s+[\"“‘(]?[A-Z]")
_PROSE_MIN_WORDS = 30
_PROSE_MIN_SENTENCES = 2
"""A labelled line ("RELATED: …") whose text runs to this many words and sentence breaks is a
paragraph the author opened with a label, not a teaser link."""


def is_labelled_prose(text: str) -> bool:
    """Whether a line is a label and a paragraph of several sentences after it ("RELATED: The
    candidates fared badly. Most lost. …"): a teaser's text is one headline."""
    found = _LABELLED_PROSE.match(text)
    if found is None:
        return False
    rest = found.group("text")
    return len(rest.split()) >= _PROSE_MIN_WORDS and len(_SENTENCE_END.findall(rest)) >= _PROSE_MIN_SENTENCES


_FORM_FIELD_START = re.compile(r"\s*(?:[-•*·–]\s+)?(?i:your|name|e-?mail|mail|website|url|message)")
"""How a form field's line starts before its whitespace is collapsed: a quick test that
spares most lines (a story's sentences) the collapse."""


def is_form_field_line(text: str) -> bool:
    """Whether a line is only a comment form's field name ("Your Name", "Email Address")."""
    if _FORM_FIELD_START.match(text) is None:
        return False
    return _FORM_FIELD_LINE.match(BULLET.sub("", collapse(text))) is not None


_TOOL_VOCABULARY = """
    print printable printer friendly version view e mail email send share this article story
    post page to a the friend friends comment comments discuss on forum rate it ratings read later
    save bookmark digg newsvine delicious stumbleupon reddit facebook twitter linkedin related
    articles next previous report
    """
_TOOL_WORDS = frozenset(_TOOL_VOCABULARY.split())
"""Words of an article's tool links ("Print version | Email to a friend", "Report this comment")."""
_TOOL_MAX_WORDS = 15
_TOOL_WORD = re.compile(r"[a-z]+")
_TOOL_ACTIONS = frozenset({"print", "printable", "email", "mail", "comment", "report", "send", "share"})


def is_tool_links(lowered: str) -> bool:
    """Whether a lower-cased line is 2 to `_TOOL_MAX_WORDS` tool-link words, one an action ("Print |
    Email | Share"), read up to the first word that is not one."""
    count, action = 0, False
    for found in _TOOL_WORD.finditer(lowered):
        word = found.group()
        count += 1
        if count > _TOOL_MAX_WORDS or word not in _TOOL_WORDS:
            return False
        action = action or word in _TOOL_ACTIONS
    return count >= 2 and action
