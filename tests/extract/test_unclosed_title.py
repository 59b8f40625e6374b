"""A page whose first `<title>` is never closed (`extract.unclosed_title`): the page is read again
with the title closed where its next tag starts, and a closed title is left alone."""

from __future__ import annotations

from newsharvest.extract import Article, extract_article
from newsharvest.extract.document import Document
from newsharvest.extract.unclosed_title import swallows_page, with_title_closed


def test_a_title_never_closed_does_not_swallow_the_page() -> None:
    """Hand-made on the shape of saved pages that lost a run of bytes with the `</title>`: the
    parser reads the rest of the page as the title's text (a browser shows it empty)."""
    line = "The council met on day {} and voted to widen the old mill road."
    story = "".join(f"<p>{line.format(n)}</p>" for n in range(30))
    scripts = "<script>var ads = 1;</script>" * 80  # the page's head, now in the title's text
    html = (
        "<html><head><title>Council widens the road" + scripts + "</head><body>"
        f"<h1>Council widens the road</h1>{story}</body></html>"
    )
    record = extract_article(html, "https://news.example/road")
    assert isinstance(record, Article), record
    assert record.headline == "Council widens the road"
    assert record.body.startswith("The council met on day 0 and voted to widen the old mill road.")
    assert record.word_count == 30 * 14


def test_a_closed_title_holding_a_tag_like_string_is_left_as_it_is() -> None:
    title = "Council &lt;b&gt; " * 200  # long, with "<b>" in its text, but closed: the page has a body
    story = "Plain story text here. " * 40
    html = f"<html><head><title>{title}</title></head><body><p>{story}</p></body></html>"
    doc = Document.from_input(html, "https://news.example/long")
    assert doc.root is not None
    assert swallows_page(doc.root) is False
    assert doc.first_text("head > title") == " ".join(("Council <b> " * 200).split())


def test_the_title_is_closed_where_its_next_tag_starts() -> None:
    assert with_title_closed("<html><head><title>Road<script>x</script>") == (
        "<html><head><title>Road</title><script>x</script>"
    )
    assert with_title_closed("<html><body>no title</body></html>") is None
