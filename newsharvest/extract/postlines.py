"""Line tests about a blog post's own parts: a comment form's field names, and a labelled
paragraph of prose ("RELATED: …" and sentences), which teaser rules must not take for a link.

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
_BULLET = re.compile(r"^[-•*·–]\s+")

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


def is_form_field_line(text: str) -> bool:
    """Whether a line is only a comment form's field name ("Your Name", "Email Address")."""
    return _FORM_FIELD_LINE.match(_BULLET.sub("", collapse(text))) is not None
