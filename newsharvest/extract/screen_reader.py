"""Text set for screen readers only: in the page's markup, never shown to a reader.

Sites hide labels for assistive technology with a class that the stylesheet moves off screen:
"Share this story" over the share buttons, a logo heading holding the site's name, NYT's
"Continue reading the main story" skip link. The extractor does not read stylesheets, so it
knows these by their class names.
"""

from __future__ import annotations

import re

import lxml.html

from newsharvest.extract.class_names import SCREEN_READER, alternatives

SCREEN_READER_CLASSES = alternatives(SCREEN_READER)
"""Class names (lower case) of such text, as a regex alternation."""
_SCREEN_READER_ONLY = re.compile(rf"(?:^|\s)(?:{SCREEN_READER_CLASSES})(?:$|\s)", re.I)


def screen_reader_only(element: lxml.html.HtmlElement) -> bool:
    """Whether an element's class says its text is for screen readers only (see above)."""
    cls = element.get("class")
    return bool(cls) and _SCREEN_READER_ONLY.search(cls) is not None
