"""Runs of teasers, each a linked title over its summary, out of the text (`extract.teaser_pairs`).

No page we may copy keeps such a run in its extracted text once its class names are read, so the
rule is held here on text lines and a page holding their links.
"""

from __future__ import annotations

from newsharvest.extract.document import Document
from newsharvest.extract.link_text import PageLinks
from newsharvest.extract.teaser_pairs import without_teaser_pairs

STORY = [
    f"The council voted on Tuesday to keep the library open, vote number {n} of the night." for n in range(4)
]
TEASERS = [
    (
        "A Lie That’s Good for Password Security",
        "Answering security questions with an unrelated answer helps.",
    ),
    ("Q&A: Filtering Videos on YouTube", "YouTube has its own Safety Mode that blocks offensive material."),
    ("Q&A: Removing a Firefox Add-on", "If you suspect an add-on is slowing Firefox down, remove it."),
    ("An Audio Dock That Joins Macintosh and McIntosh", "The audio company has reveled in the old."),
]


def _links(host: str) -> PageLinks:
    anchors = "".join(
        f'<li><a href="https://{host}/2012/11/{n}/">{title}</a></li>' for n, (title, _) in enumerate(TEASERS)
    )
    return PageLinks(
        Document.from_input(f"<html><body><ul>{anchors}</ul></body></html>", "https://blog.example/x")
    )


def _pairs(count: int = 3) -> list[str]:
    return [line for title, summary in TEASERS[:count] for line in (title, summary)]


def test_a_run_of_three_pairs_goes_wherever_it_stands() -> None:
    links = _links("blog.example")
    assert without_teaser_pairs([*STORY, *_pairs(), "Gadgetwise is a blog about tech."], links) == [
        *STORY,
        "Gadgetwise is a blog about tech.",
    ]
    assert without_teaser_pairs([*STORY[:2], *_pairs(), *STORY[2:]], links) == STORY
    assert without_teaser_pairs([*_pairs(), *STORY], links) == STORY


def test_two_pairs_a_run_the_story_introduces_and_links_elsewhere_stay() -> None:
    links = _links("blog.example")
    two = [*STORY, *_pairs(2)]
    assert without_teaser_pairs(two, links) == two
    introduced = [*STORY, "Here are our most-read posts of the year:", *_pairs(4)]
    assert without_teaser_pairs(introduced, links) == introduced
    sources = [*STORY, *_pairs()]
    assert without_teaser_pairs(sources, _links("other.example")) == sources
