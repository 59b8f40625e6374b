"""The heading of a box of links to other stories is not a story's heading (`heading_links.box_of_links`).

The pages are fixture cases cut from Mozilla Readability's test pages: a "Read more" `<h1>` over a
list of teasers (bug-1255978) and a "Related" `<h3>` over three headlines set in the story's text
(seattletimes-1).
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from newsharvest.extract.document import collapse
from newsharvest.extract.heading_links import box_of_links

PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"


def _headings(case: str) -> dict[str, lxml.html.HtmlElement]:
    root = lxml.html.fromstring((PAGES / case / "page.html").read_bytes())
    return {collapse(h.text_content()): h for h in root.iter("h1", "h2", "h3", "h4")}


@pytest.mark.parametrize(
    ("case", "box", "headline"),
    [
        (
            "generic/real-readability-bug-1255978-gallery-slides",
            "Read more",
            "The seven secrets that hotel owners don't want you to know",
        ),
        (
            "seattletimes/naive-times-site-zone",
            "Related",
            "Alaskan halibut, caught by a century-old Seattle boat, provides a glimpse of Amazon’s "
            "strategy with Whole Foods",
        ),
    ],
)
def test_a_box_of_teaser_links_is_told_from_the_story_headline(case: str, box: str, headline: str) -> None:
    headings = _headings(case)
    boxed = headings[box]
    assert box_of_links(boxed) == len(boxed.getparent().text_content().split())
    assert box_of_links(headings[headline]) == 0

