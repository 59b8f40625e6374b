"""A story split between two blocks of one plain frame class ("text") is read whole; lists,
columns and short blocks of a frame class are left as they are. Invented markup."""

from __future__ import annotations

import lxml.html

from newsharvest.extract.document import Document
from newsharvest.extract.generic import extract_generic
from newsharvest.extract.twin_frames import FRAME_CLASSES, join_twin_frames

_FIRST_HALF = [
    "The valley road opens at dawn, and the first riders leave the village square before the "
    "bakery has finished its first batch of bread for the morning market.",
    "From the square the route follows the river for six kilometres, past the old mill, the "
    "school and the orchards that give the region its name and most of its visitors in spring.",
]
_SECOND_HALF = [
    "After the bridge the road climbs gently towards the chapel, where most riders stop to "
    "look back over the roofs of the village and the bends of the river below them.",
    "The way back runs along the other bank through meadows and a short stretch of forest, "
    "and it ends at the ferry landing, a few minutes from where the tour began that morning.",
]
_GALLERY = "Five more rides worth the climb"


def _module_page() -> str:
    """A page built of modules: a language chooser in a form (class "text"), a text module, a
    gallery of teasers, a second text module in the same layout as the first."""

    def module(paragraphs: list[str]) -> str:
        text = "".join(f"<p>{p}</p>" for p in paragraphs)
        inner = f"<div class='column'><div class='text'>{text}</div></div>"
        return f"<div class='wrapper'><div class='row'>{inner}</div></div>"

    teasers = "".join(f"<li><a href='/rides/{i}'>Ride number {i} along the lakes</a></li>" for i in range(5))
    return (
        "<html><head><title>A morning ride along the river</title></head><body>"
        "<form><div class='content'><div class='text'>Please choose your language</div>"
        "<select><option>English</option></select></div></form>"
        "<h1>A morning ride along the river</h1>"
        f"{module(_FIRST_HALF)}"
        f"<div class='gallery'><h3>{_GALLERY}</h3><ul>{teasers}</ul></div>"
        f"{module(_SECOND_HALF)}"
        "</body></html>"
    )


def test_a_story_in_two_text_modules_is_read_whole_the_module_between_left_out() -> None:
    body = extract_generic(Document.from_input(_module_page(), "https://rides.example/valley")).paragraphs
    assert body == _FIRST_HALF + _SECOND_HALF


def _joined(html: str) -> list[str]:
    """The texts of the frame-class blocks left after joining, in page order."""
    root = lxml.html.fromstring(html)
    body = root.find("body")
    frames = [e for e in body.iter() if (e.get("class") or "") in FRAME_CLASSES]
    join_twin_frames(frames, body)
    left = [e for e in body.iter() if (e.get("class") or "") in FRAME_CLASSES]
    return [" ".join(e.text_content().split()) for e in left]


_WORDS = " ".join(f"word{i}" for i in range(60))


def test_twin_blocks_move_into_the_first() -> None:
    html = (
        f"<html><body><div class='m'><div class='text'><p>one {_WORDS}</p></div></div>"
        "<div class='ad'>between</div>"
        f"<div class='m'><div class='text'><p>two {_WORDS}</p></div></div></body></html>"
    )
    assert _joined(html) == [f"one {_WORDS}two {_WORDS}"]


def test_columns_told_apart_by_id_stay_apart() -> None:
    html = (
        f"<html><body><div id='left'><div class='content'><p>one {_WORDS}</p></div></div>"
        f"<div id='main'><div class='content'><p>two {_WORDS}</p></div></div></body></html>"
    )
    assert _joined(html) == [f"one {_WORDS}", f"two {_WORDS}"]


def test_a_list_of_five_entries_stays_apart() -> None:
    entries = "".join(f"<div class='entry'><p>{i} {_WORDS}</p></div>" for i in range(5))
    assert len(_joined(f"<html><body><div class='list'>{entries}</div></body></html>")) == 5


def test_blocks_of_a_few_words_stay_apart() -> None:
    html = (
        "<html><body><div class='m'><div class='story'><p>A short teaser line.</p></div></div>"
        "<div class='m'><div class='story'><p>Another short teaser line.</p></div></div></body></html>"
    )
    assert _joined(html) == ["A short teaser line.", "Another short teaser line."]


def test_blocks_in_other_layouts_stay_apart() -> None:
    html = (
        f"<html><body><div class='header'><div class='text'><p>one {_WORDS}</p></div></div>"
        f"<div class='m'><div class='text'><p>two {_WORDS}</p></div></div></body></html>"
    )
    assert _joined(html) == [f"one {_WORDS}", f"two {_WORDS}"]
