"""Loose text: a story typed into its container without paragraph tags (invented markup)."""

from __future__ import annotations

import lxml.html

from newsharvest.extract.document import Document
from newsharvest.extract.generic import _wrap_loose_text, extract_generic

SENTENCES = [
    f"The harbour board voted on item {n} to rebuild the north pier before the winter storms arrive."
    for n in range(12)
]
STORY = "<br/><br/>".join(" ".join(SENTENCES[n : n + 3]) for n in range(0, 12, 3))
TEASERS = "".join(
    f'<td><a href="/news/story-{n}.htm">Other story number {n} of the day</a> '
    f'A short teaser for the other story number {n}. <a href="/news/story-{n}.htm">Full Story</a></td>'
    for n in range(4)
)


def _holder(html: str) -> lxml.html.HtmlElement:
    root = lxml.html.fromstring(f"<html><body><div>{html}</div></body></html>")
    holder = root.find("body/div/*")
    assert holder is not None
    return holder


def test_a_story_typed_with_line_breaks_after_its_headline_and_photo_is_kept() -> None:
    html = (
        "<html><body><div id='centre'><font size='2'><h1>Pier to be rebuilt</h1>"
        "<div>Monday, 7 January 2008</div><div><img src='/pier.jpg'/><i>The north pier</i></div>"
        f"<b></b>{STORY}</font></div><div id='more'><h3>Also in the news</h3>"
        f"<table><tr>{TEASERS}</tr></table></div>"
        "</body></html>"
    )
    found = extract_generic(Document.from_input(html.encode(), "http://example.com/news/pier.htm"))
    body = " ".join(found.paragraphs)
    assert all(sentence in body for sentence in SENTENCES)
    assert "Other story number" not in body


def test_the_run_after_the_photo_box_is_wrapped_in_a_block() -> None:
    holder = _holder(f"<font><h1>Pier to be rebuilt</h1><div>Photo</div><b></b>{STORY}</font>")
    _wrap_loose_text(holder)
    assert [child.tag for child in holder] == ["h1", "div", "div"]
    assert " ".join(holder[2].itertext()).split() == " ".join(SENTENCES).split()


def test_a_block_whose_own_text_starts_it_is_left_alone() -> None:
    holder = _holder(f"<div>{STORY}<div>Advertisement</div></div>")
    _wrap_loose_text(holder)
    assert [child.tag for child in holder] == ["br"] * 6 + ["div"]


def test_a_short_run_beside_no_paragraph_is_left_alone() -> None:
    holder = _holder(f"<div><h3>Newsletter</h3><div>Sign up</div>{' '.join(SENTENCES[:3])}</div>")
    _wrap_loose_text(holder)
    assert [child.tag for child in holder] == ["h3", "div"]


def test_the_lines_after_a_blank_line_block_are_kept() -> None:
    """A blog editor's blank line (`<div><br></div>`, or its `<br>` inside a styled `<span>`)
    before a story typed in `<span>`s between line breaks: trafilatura's pass dropped the
    text right after it, the story's first lines."""
    for blank in ("<div><br/></div>", "<div><span style='font-family: Georgia'><br/></span></div>"):
        lines = [" ".join(SENTENCES[n : n + 3]) for n in range(0, 12, 3)]
        spans = "<br/>".join(f"<span style='font-family: Georgia'>{line}</span>" for line in lines)
        html = (
            "<html><body><h1>Pier to be rebuilt</h1><div class='post-body'>"
            f"<div><img src='/pier.jpg'/></div><div style='text-align: justify'>{blank}{spans}</div></div>"
            "</body></html>"
        )
        found = extract_generic(Document.from_input(html.encode(), "http://example.com/2008/01/pier.html"))
        assert found.paragraphs[0].startswith(SENTENCES[0]), blank
        assert all(sentence in " ".join(found.paragraphs) for sentence in SENTENCES)
