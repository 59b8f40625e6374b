"""The writer a blog post's footer names right under the story: "Posted by A at 5:11 AM".

Blogger and other blog platforms print the post's writer under its text, not above it.
`printed_byline.byline_in_post_footer` reads that line where a class or id names the post's
footer; with class names that say nothing (hashed, as CSS-module sites print them) the line
is still printed. The text pieces right below the story's last paragraph
(`dates_below.lines_below`) are read for the first one opening with "Posted by", the label
alone joined to the piece after it (the name set in an element of its own). With a colon
("Posted by: A, London on …") the line heads a reader's comment, not the post. Each name must
have two words or more: a first name or a handle alone is too weak a sign with no byline's
mark around it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsharvest.extract.byline import Byline, parse_byline
from newsharvest.extract.dates_below import lines_below
from newsharvest.extract.document import Document
from newsharvest.extract.printed_byline import with_credit

_POSTED_BY = re.compile(r"^Posted\s+by\b(?!\s*:)\s*", re.I)
_POSTED_BY_ANYWHERE = re.compile(r"posted(?:\s|&nbsp;|&#160;)+by\b", re.I)
"""The label anywhere in the page's source (an entity for its space too): only then is the text
under the story read for it."""


def posted_by_below(
    doc: Document, paragraphs: Sequence[str], credited: Byline, site_name: str | None = None
) -> Byline:
    """The people of the "Posted by A" line right below the story (see the module docstring),
    with the agency and stamp of `credited`; `credited` when no such line names them."""
    html = doc.html
    if ("osted" not in html and "OSTED" not in html) or _POSTED_BY_ANYWHERE.search(html) is None:
        return credited  # the page prints no such line: no walk of its text
    lines = lines_below(doc, paragraphs)
    for index, line in enumerate(lines):
        label = _POSTED_BY.match(line)
        if label is None:
            continue
        if label.end() == len(line) and index + 1 < len(lines):
            line = f"{line} {lines[index + 1]}"  # "Posted by" and the name apart
        found = parse_byline(line, site_name)
        if found.authors and all(len(author.name.split()) >= 2 for author in found.authors):
            return with_credit(found, credited)
        return credited
    return credited
