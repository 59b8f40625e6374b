"""The story before a box: a box after the story's last paragraph, in the story's container,
leaves the body with what follows it; the story before it stays."""

from __future__ import annotations

import lxml.html

from newsharvest.extract.document import Document
from newsharvest.extract.generic import extract_generic
from newsharvest.extract.story_box import cut_box_after_story

_STORY = [
    "The city council voted on Monday to extend the tram line to the harbour by 2027, after two "
    "years of hearings and a petition signed by more than 9,000 residents of the eastern districts.",
    "The extension will add four stops and about three kilometres of track, the transport "
    "department said, at a cost the council put at 84 million euros, most of it from the region.",
    "Opponents on the council said the money would be better spent on buses, which serve more "
    "of the city's outer neighbourhoods, but the motion passed by 31 votes to 12 after a long debate.",
    "Work on the first section is due to start next spring, and the department expects the whole "
    "line to open in the autumn of 2027 if the contracts are signed on time this year.",
]
_PARAGRAPHS = "".join(f"<p>{line}</p>" for line in _STORY)


def _body(container: str) -> list[str]:
    html = (
        "<html><head><title>Council extends tram line</title></head><body>"
        "<div id='nav'><a href='/'>Home</a> <a href='/news'>News</a></div>"
        f"{container}<div id='footer'>© City Paper</div></body></html>"
    )
    return extract_generic(Document.from_input(html, "https://citypaper.example/news/tram")).paragraphs


def test_an_info_box_after_the_story_in_its_block_goes() -> None:
    box = (
        "<hr class='infobox-hr-separator'><div class='infobox'><strong>TRAM LINE 4</strong><br>"
        "<strong>Length:</strong><p>Stops: Harbour, Docks, Market Hall, Old Mill</p>"
        "<p>Cost: 84 million euros, two thirds from the region</p><p>Opening: autumn 2027</p></div>"
    )
    assert _body(f"<div id='storyBody'><h1>Council extends tram line</h1>{_PARAGRAPHS}{box}</div>") == _STORY


def test_a_box_named_by_its_id_after_the_story_block_goes_with_what_follows() -> None:
    after = (
        "<div id='authorbio'>Jane Doe covers city hall and transport for the paper.</div>"
        "<div id='readmore'>Keep reading for information and comments on this article</div>"
        "<div id='ainfo'><dl><dd>Published: January 07, 2008</dd><dd>Type: News</dd>"
        "<dd>Section: City</dd><dd>Filed under: Transport, Council</dd></dl></div>"
    )
    story = f"<h1>Council extends tram line</h1><div class='abody'>{_PARAGRAPHS}</div>"
    assert _body(f"<div id='content'>{story}{after}</div>") == _STORY


_FARES = "The transport department has confirmed that bus fares will rise by ten cents in March."
_WALL = "Work on the new harbour wall has been delayed by a month after the storms flooded the site again."


def test_teasers_after_a_share_bar_after_the_story_go() -> None:
    def teaser(slug: str, head: str, text: str) -> str:
        link = f"https://regionsport.example/latest/{slug}/"
        return (
            f"<div class='teasers'><div class='clearfix'><h2><a href='{link}'>{head}</a></h2>"
            f"<p>{text} <a class='readlink' href='{link}'>Read</a></p></div></div>"
        )

    teasers = (
        "<div class='article-footer'><p>Keep up to date. Receive our free E-Newsletter</p></div>"
        "<div class='share-article'><h4>Share this article</h4><ul><li>Digg this</li></ul></div>"
        "<div class='col'><div class='three-col'><h4>Latest news</h4>"
        + teaser("fares", "Bus fares up", _FARES)
        + teaser("wall", "Harbour wall late", _WALL)
        + "</div></div>"
    )
    story = f"<div class='three-col'><h1>Council extends tram line</h1>{_PARAGRAPHS}</div>"
    assert _body(f"<div id='three-col-wrap'>{story}{teasers}</div>") == _STORY


def _cut(html: str) -> str:
    body = lxml.html.fromstring(html)
    cut_box_after_story(body)
    return " ".join(body.text_content().split())


def test_a_box_in_the_middle_of_the_story_leaves_the_story_whole() -> None:
    html = (
        "<div><div id='story'>"
        f"<p>{_STORY[0]}</p><p>{_STORY[1]}</p>"
        "<div class='factbox'>Tram line 4: four stops, three kilometres</div>"
        f"<p>{_STORY[2]}</p><p>{_STORY[3]}</p></div></div>"
    )
    assert "four stops, three kilometres" in _cut(html)
    assert _STORY[3] in _cut(html)


def test_a_box_before_more_story_in_the_container_stays() -> None:
    html = (
        f"<div><div id='part-1'><p>{_STORY[0]}</p><p>{_STORY[1]}</p><p>{_STORY[2]}</p></div>"
        "<div class='related-links'>More on transport</div>"
        f"<div id='part-2'><p>{_STORY[3]}</p></div></div>"
    )
    assert _STORY[3] in _cut(html)
    assert "More on transport" in _cut(html)


def test_a_large_block_under_a_box_name_stays() -> None:
    long_text = " ".join(["The contract runs for twelve years and covers the maintenance of the line."] * 25)
    html = f"<div><div id='story'>{_PARAGRAPHS}<div class='infobox'>{long_text}</div></div></div>"
    assert "covers the maintenance" in _cut(html)


def test_a_short_page_is_left_alone() -> None:
    html = "<div><div id='story'><p>A short note.</p><div class='infobox'>Facts</div></div></div>"
    assert _cut(html) == "A short note.Facts"
