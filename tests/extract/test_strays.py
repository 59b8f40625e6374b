"""Markup libxml2 leaves where no browser would (beside the root, a second `<html>`; in the `<head>`)
is read as the page's."""

from __future__ import annotations

import lxml.html

from newsharvest.extract import Article, extract_article
from newsharvest.extract.document import Document
from newsharvest.extract.strays import gather_strays

URL = "https://news.example/2008/01/15/library-stays-open"
SENTENCE = "The council voted on Tuesday to keep the library open on Sundays after a long debate."
PARAGRAPHS = [f"{SENTENCE} Vote number {n} passed in the hall before the public." for n in range(5)]
STORY_BODY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
WEATHER = "<html><body><div class='weather'>Temperature: 25&deg;<br>Currently: Clear</div></body></html>"


def _article(page: str) -> Article:
    """The article extracted from `page` (asserted to be one)."""
    record = extract_article(page, URL)
    assert isinstance(record, Article), record
    return record


def test_a_page_glued_after_another_pages_end_is_extracted() -> None:
    # a weather widget's page saved first, the story's page glued after its </html>
    page = (
        WEATHER + "<script>function vidUp(URL) { return URL; }</script>"
        "<!DOCTYPE html><html><head><title>Library stays open</title></head>"
        f"<body><h1>Library stays open</h1>{STORY_BODY}</body></html>"
    )
    record = _article(page)
    assert record.body.split("\n\n") == PARAGRAPHS


def test_a_page_whose_html_tag_is_broken_keeps_its_text() -> None:
    # the opening tag cut into an image's attributes: libxml2 leaves the first <html> empty
    page = (
        '<html xmogo.jpg" alt="Free Submission" width="145" height="62" border="0" /></a></td>'
        f"<head><title>Library stays open</title></head><body><h1>Library stays open</h1>{STORY_BODY}"
        "</body></html>"
    )
    doc = Document.from_input(page, URL)
    assert doc.root is not None
    assert "".join(stray.text_content() for stray in doc.root.itersiblings()).strip() == ""
    assert doc.root.findtext("head/title") == "Library stays open"
    record = _article(page)
    assert record.body.split("\n\n") == PARAGRAPHS




def test_the_first_glued_copy_fills_an_empty_head_and_later_copies_stay_beside() -> None:
    root = lxml.html.document_fromstring(
        "<html></html><html><head><title>One</title></head><body><p>first</p></body></html>"
        "<html><head><title>Two</title></head><body><p>second</p></body></html>"
    )
    gather_strays(root, admit=lambda stray: True)
    assert [e.text for e in root.find("head")] == ["One"]
    assert [p.text for p in root.iter("p")] == ["first"]
    assert [e.text_content() for e in root.itersiblings()] == ["", "Twosecond"]


def test_the_first_admitted_stray_goes_to_the_body_in_page_order() -> None:
    root = lxml.html.document_fromstring(
        "<html><head><title>One</title></head><body><p>first</p></body></html>"
        "<html><body><p>deep</p></body></html>"
        "<html><head><meta name='x' content='y'></head><body>loose<p>second</p></body></html>"
        "<html><body><p>third</p></body></html>"
    )
    assert len(list(root.itersiblings())) == 3
    gather_strays(root, admit=lambda stray: "deep" not in stray.text_content())
    assert [e.tag for e in root.find("head")] == ["title"]  # the page's own head wins
    assert [p.text for p in root.iter("p")] == ["first", "second"]
    assert root.find("body/p").tail == "loose"
    assert [e.text_content() for e in root.itersiblings()] == ["deep", "", "third"]


def test_a_page_repeated_end_to_end_is_read_with_its_first_glued_copy_only() -> None:
    copy = (
        "<html><head><title>Library stays open</title></head>"
        f"<body><h1>Library stays open</h1>{STORY_BODY}</body></html>"
    )
    doc = Document.from_input(copy * 50, URL)
    assert doc.root is not None
    assert len(doc.root.findall("body/p")) == 2 * len(PARAGRAPHS)
    record = extract_article(copy * 50, URL)
    assert isinstance(record, Article), record
    assert record.body.split("\n\n") == PARAGRAPHS


def test_a_title_in_a_second_documents_head_is_the_pages() -> None:
    # a site's header document served ahead of the article's own: libxml2 drops the second head
    header = "<html><head><meta name='author' content='WXYZ'></head><body><div>WXYZ News</div></body></html>"
    page = (
        header + "<!DOCTYPE html><html><head><title>News::Library stays &amp; opens</title></head>"
        f"<body>{STORY_BODY}</body></html>"
    )
    doc = Document.from_input(page, URL)
    assert doc.root is not None
    assert doc.root.findtext("head/title") == "News::Library stays & opens"
    record = _article(page)
    assert record.headline_raw == "News::Library stays & opens"


def test_a_page_with_a_title_or_none_at_all_gets_no_other() -> None:
    own = Document.from_input(f"<html><head><title>Own</title></head><body>{STORY_BODY}</body></html>", URL)
    assert own.root is not None and [t.text for t in own.root.iter("title")] == ["Own"]
    escaped = "<p>&lt;title&gt;x&lt;/title&gt;</p>"  # a title shown as text is no title
    none = Document.from_input(f"<html><body>{STORY_BODY}{escaped}</body></html>", URL)
    assert none.root is not None and next(none.root.iter("title"), None) is None


def test_a_page_held_in_an_element_no_head_holds_keeps_its_text() -> None:
    # no <body> tag: the page sits in an unknown element, which libxml2 keeps inside <head>
    page = (
        "<html><head><title>Library stays open</title><meta name='x' content='y'>"
        f"<mbox><div class='story'><h2>Library stays open</h2>{STORY_BODY}</div></mbox></html>"
    )
    doc = Document.from_input(page, URL)
    assert doc.root is not None
    assert [child.tag for child in doc.root.find("head")] == ["title", "meta"]
    assert [child.tag for child in doc.root.find("body")] == ["mbox"]
    record = _article(page)
    assert record.body.split("\n\n") == PARAGRAPHS


def test_html5_elements_before_the_head_is_closed_start_the_body() -> None:
    # an HTML5 <header> met in the head ends it, as browsers read it: the headline is the page's
    page = (
        "<html><head><title>News</title><header><h1>Library stays open</h1></header>"
        f"<section>{STORY_BODY}</section></head><body><p>Footer note.</p></body></html>"
    )
    doc = Document.from_input(page, URL)
    assert doc.root is not None
    assert [child.tag for child in doc.root.find("body")] == ["header", "section", "p"]
    record = _article(page)
    assert record.headline == "Library stays open"
    assert record.body.split("\n\n")[:5] == PARAGRAPHS


def test_a_templates_content_is_not_the_pages_text() -> None:
    # a <template> is copied in by a script, never shown as written; the text after it stays
    prompt = "The mayor said the library would also open on public holidays from next spring onwards."
    page = (
        f"<html><head><title>Library stays open</title></head><body><article><h1>Library stays open</h1>"
        f"{STORY_BODY}<template><p>{prompt}</p></template><p>{SENTENCE}</p></article></body></html>"
    )
    record = _article(page)
    assert record.body.split("\n\n") == [*PARAGRAPHS, SENTENCE]
