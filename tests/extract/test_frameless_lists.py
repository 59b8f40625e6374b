"""A story's bulleted list and subheads on a page trafilatura finds no frame on are kept; a
menu is not. Invented markup."""

from __future__ import annotations

import lxml.html

from newsharvest.extract.cascade import finds_frame
from newsharvest.extract.document import Document
from newsharvest.extract.generic import extract_generic

_STORY = [
    "The new ferry enters service on the island route next month, replacing a boat that has "
    "carried passengers across the strait for more than thirty years.",
    "The operator says crossings will be shorter and quieter, and that the timetable will add "
    "two evening departures on weekdays from the first of June.",
]
_FEATURES = ["Length: 68 metres", "Passengers: 350", "Cars: 60", "Crossing time: 35 minutes"]


def _page(frame_class: str, items: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in _STORY)
    return (
        "<html><head><title>New ferry for the island route</title></head><body>"
        f"<div class='{frame_class}'>{paragraphs}<p>Key figures:</p><ul>{items}</ul></div></body></html>"
    )


def _body(html: str) -> list[str]:
    return extract_generic(Document.from_input(html, "https://harbour.example/news/ferry")).paragraphs


def test_a_list_of_a_story_in_an_unnamed_container_is_kept() -> None:
    items = "".join(f"<li>{f}</li>" for f in _FEATURES)
    assert _body(_page("column", items)) == [*_STORY, "Key figures:", *(f"- {f}" for f in _FEATURES)]


def test_a_list_of_links_in_an_unnamed_container_is_left_out() -> None:
    items = "".join(f"<li><a href='/news/{n}'>Another story number {n}</a></li>" for n in range(4))
    assert "Another story number 1" not in " ".join(_body(_page("column", items)))


def test_a_frame_is_found_by_its_class_name() -> None:
    assert finds_frame(lxml.html.fromstring(_page("entry-content", "<li>x</li>")))
    assert not finds_frame(lxml.html.fromstring(_page("column", "<li>x</li>")))


def test_a_subhead_between_paragraphs_in_an_unnamed_container_is_kept() -> None:
    html = (
        "<html><head><title>New ferry for the island route</title></head><body><div class='column'>"
        f"<p>{_STORY[0]}</p><h3>Two more evening departures</h3><p>{_STORY[1]}</p></div></body></html>"
    )
    assert _body(html) == [_STORY[0], "Two more evening departures", _STORY[1]]
