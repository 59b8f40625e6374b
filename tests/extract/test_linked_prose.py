"""Story paragraphs linked whole (a quoted lead linked to its source) stay in the body; a
linked teaser away from story text does not come back. No copyable real page shows the pattern
(Readability's test pages and ../shared/reference hold none), so the pages are hand-made."""

from __future__ import annotations

from lxml import html as lxml_html

from newsharvest.extract.document import Document
from newsharvest.extract.generic import extract_generic
from newsharvest.extract.linked_prose import keep_linked_prose

_QUOTE = (
    "“Just because a gadget draws a lot of attention or sells well does not mean it is a good "
    "choice for you, and the five models here are the ones we suggest you steer clear of.”"
)
_STORY = [
    "So says the consumer magazine of its list of popular gadgets to avoid, and the reviewers add "
    "that the devices did not perform well in their testing or suffer from poor reliability.",
    "We respect the magazine's testing a great deal. When its reviewers have something to say about "
    "a product, readers of this site take it seriously, and so do we in this column every week.",
    "The first pick on the list is last year's best-selling phone, which several of our own writers "
    "have criticised for its battery life, although others here still carry one every day.",
]


def _body(html: str) -> list[str]:
    return extract_generic(Document.from_input(html, "https://gadgets.example/2012/avoid")).paragraphs


def _page(lead: str) -> str:
    story = "".join(f"<p>{text}</p>" for text in _STORY)
    return (
        "<html><head><title>Gadgets to avoid</title></head><body><div class='post'>"
        f"<h1>Gadgets to avoid</h1><blockquote>{lead}</blockquote>{story}</div></body></html>"
    )


def test_a_quoted_lead_linked_whole_stays_in_the_body() -> None:
    linked = f'<p><a href="https://magazine.example/avoid"><em>{_QUOTE}</em></a></p>'
    assert _body(_page(linked)) == [_QUOTE, *_STORY]


def test_the_page_keeps_its_link_and_the_copy_reads_a_span() -> None:
    html = f'<div><p><a href="https://magazine.example/avoid">{_QUOTE}</a></p><p>{_STORY[0]}</p></div>'
    tree = lxml_html.fromstring(html)
    keep_linked_prose(list(tree.iter("p")))
    first = tree.find("p")
    assert first is not None
    assert [el.tag for el in first] == ["span"] and first[0].attrib == {}
    assert first.text_content() == _QUOTE


def test_a_linked_teaser_without_story_text_beside_it_stays_a_link() -> None:
    html = f'<div><p><a href="https://magazine.example/avoid">{_QUOTE}</a></p><p>Short note.</p></div>'
    tree = lxml_html.fromstring(html)
    keep_linked_prose(list(tree.iter("p")))
    assert [el.tag for el in tree.iter("a")] == ["a"]


def test_a_short_or_partly_linked_paragraph_is_left_alone() -> None:
    short = '<p><a href="/x">Read the magazine’s full list of gadgets to avoid.</a></p>'
    partly = f'<p>The magazine wrote: <a href="/x">{_QUOTE[:60]}</a> {_QUOTE[60:]}</p>'
    for lead in (short, partly):
        tree = lxml_html.fromstring(f"<div>{lead}<p>{_STORY[0]}</p></div>")
        keep_linked_prose(list(tree.iter("p")))
        assert [el.tag for el in tree.iter("a")] == ["a"]


def test_a_link_without_an_address_stays_a_link() -> None:
    """A photo box's caption wrapped in an `<a>` with no address is no linked paragraph."""
    for anchor in ("<a>", '<a href="javascript:void(0)">', '<a href="#top">'):
        tree = lxml_html.fromstring(f"<div><p>{anchor}{_QUOTE}</a></p><p>{_STORY[0]}</p></div>")
        keep_linked_prose(list(tree.iter("p")))
        assert [el.tag for el in tree.iter("a")] == ["a"]
