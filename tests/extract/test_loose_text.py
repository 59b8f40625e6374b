"""Loose text: a story typed into its container without paragraph tags (invented markup)."""

from __future__ import annotations

import lxml.html

from newsharvest.extract.document import Document
from newsharvest.extract.generic import extract_generic
from newsharvest.extract.loose_text import continued_text, wrap_loose_text
from newsharvest.extract.typed_lines import divs_dropped, first_line_after_break

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
    wrap_loose_text(holder)
    assert [child.tag for child in holder] == ["h1", "div", "div"]
    assert " ".join(holder[2].itertext()).split() == " ".join(SENTENCES).split()


def test_a_block_whose_own_text_starts_it_is_left_alone() -> None:
    holder = _holder(f"<div>{STORY}<div>Advertisement</div></div>")
    wrap_loose_text(holder)
    assert [child.tag for child in holder] == ["br"] * 6 + ["div"]


def test_a_short_run_beside_no_paragraph_is_left_alone() -> None:
    holder = _holder(f"<div><h3>Newsletter</h3><div>Sign up</div>{' '.join(SENTENCES[:3])}</div>")
    wrap_loose_text(holder)
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


def _story_page(extra: str) -> bytes:
    """A story typed with line breaks in its container, between a photo box, a quotation and a
    subhead in a `<span>`; `extra` after it (a sidebar)."""
    lines = [" ".join(SENTENCES[n : n + 3]) for n in range(0, 12, 3)]
    story = (
        f"<div class='article-body'><div class='photo'><img src='/pier.jpg'/></div> {lines[0]}<br/><br/>"
        f"{lines[1]}<blockquote>We will have the pier back before the storms.</blockquote> {lines[2]}<br/>"
        f"<div class='photo'><img src='/storm.jpg'/></div> <span class='subhead'>Work starts in March</span>"
        f"<br/><br/>{lines[3]}</div>"
    )
    return f"<html><body><h1>Pier to be rebuilt</h1>{story}{extra}</body></html>".encode()


SIDEBAR = "<div class='sidebar'>" + "".join(
    f"<p>The harbour museum opens its new hall on day {n} with a show of old ships and charts.</p>"
    for n in range(12)
) + "</div>"


def test_each_first_line_of_a_typed_story_is_kept_on_a_page_rich_in_paragraphs() -> None:
    """Beside enough `<p>` text elsewhere, trafilatura's pass discards every `<div>` with its
    own text: a wrapped run kept its lines after a line break but lost its first one (the text
    after a photo box, after a quotation, a subhead in a `<span>`)."""
    found = extract_generic(Document.from_input(_story_page(SIDEBAR), "http://example.com/news/pier.htm"))
    body = "\n".join(found.paragraphs)
    places = [body.find(sentence) for sentence in SENTENCES]
    assert min(places) >= 0
    assert places == sorted(places)
    assert "Work starts in March" in found.paragraphs
    assert "harbour museum" not in body


def test_a_typed_story_on_a_page_poor_in_paragraphs_is_kept_whole() -> None:
    found = extract_generic(Document.from_input(_story_page(""), "http://example.com/news/pier.htm"))
    body = "\n".join(found.paragraphs)
    assert [body.find(sentence) >= 0 for sentence in SENTENCES] == [True] * 12


def test_the_first_line_of_a_run_goes_after_a_line_break_of_its_own() -> None:
    run = lxml.html.fromstring("<div>First line <span>bold</span><lb/>Second line</div>")
    first_line_after_break(run)
    assert [child.tag for child in run] == ["lb", "span", "lb"]
    assert (run.text, run[0].tail) == (None, "First line ")
    starts_with_break = lxml.html.fromstring("<div> <lb/>Only line</div>")
    first_line_after_break(starts_with_break)
    assert [child.tag for child in starts_with_break] == ["lb"]


def test_divs_are_dropped_once_paragraph_text_reaches_three_times_the_minimum() -> None:
    def page(chars: int) -> lxml.html.HtmlElement:
        paragraph = f"<p>{'a' * (chars - 10)}<b>{'b' * 10}</b></p>"
        return lxml.html.fromstring(f"<html><body><div>x</div>{paragraph}</body></html>")

    assert not divs_dropped(page(749), 250)
    assert divs_dropped(page(750), 250)


def _spans(sentences: list[str]) -> str:
    """A story typed as one `<span>` a line, line breaks between (a blog editor's styled text)."""
    return "<br/>".join(f"<span style='font-family: serif'>{s}</span>" for s in sentences)


def test_a_story_typed_in_spans_after_a_block_holding_a_block_is_kept() -> None:
    html = (
        "<html><head><title>Pier to be rebuilt</title></head><body><div class='post-body'>"
        "<div><a href='/pier.jpg'><img src='/pier.jpg'/></a></div>"
        f"<div><div><span><br/></span></div><span>{SENTENCES[0]} {SENTENCES[1]}</span></div>"
        f"{_spans(SENTENCES[2:8])}<br/><div><span>{' '.join(SENTENCES[8:])}</span></div>"
        "</div></body></html>"
    )
    body = " ".join(extract_generic(Document.from_input(html, "https://blog.example/pier")).paragraphs)
    assert all(sentence in body for sentence in SENTENCES[2:8])


def test_spans_after_a_block_are_wrapped_only_as_a_long_run() -> None:
    short = _holder(f"<div><p>{' '.join(SENTENCES[:3])}</p><div>Photo</div>{_spans(SENTENCES[3:5])}</div>")
    wrap_loose_text(short)
    assert [child.tag for child in short] == ["p", "div", "span", "br", "span"]
    long = _holder(f"<div><p>{' '.join(SENTENCES[:3])}</p><div>Photo</div>{_spans(SENTENCES[3:9])}</div>")
    wrap_loose_text(long)
    assert [child.tag for child in long] == ["p", "div", "p"]
    assert " ".join(long[2].itertext()).split() == " ".join(SENTENCES[3:9]).split()


def test_a_story_continued_in_a_bare_div_after_a_read_more_mark_is_kept() -> None:
    paragraphs = "".join(f"<p>{' '.join(SENTENCES[n : n + 3])}</p>" for n in range(0, 9, 3))
    last = " ".join(SENTENCES[9:])
    html = (
        "<html><body><h1>Pier to be rebuilt</h1><div class='entry-content'>"
        f"<div class='entry-body'>{paragraphs}</div><a id='more'></a>"
        f"<div class='entry-more'>\n{last}\n</div></div></body></html>"
    )
    found = extract_generic(Document.from_input(html.encode(), "http://example.com/news/pier.htm"))
    assert found.paragraphs[-1] == last
    assert len(found.paragraphs) == 4


def test_a_short_bare_div_after_paragraphs_is_left_as_it_is() -> None:
    root = lxml.html.fromstring(
        f"<html><body><div><p>{SENTENCES[0]}</p></div><div>Share this story with a friend</div></body></html>"
    )
    body = root.find("body")
    assert body is not None
    bare = body[1]
    continued_text(bare, body)
    assert bare.text == "Share this story with a friend"
    assert len(bare) == 0
