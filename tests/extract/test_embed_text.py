"""An embedded player's frame gives its address, never the fallback markup inside the frame."""

from __future__ import annotations

from newsharvest.extract import Article, Embed, extract_article

PARAGRAPH = "The council voted on Tuesday to keep the library open on Sundays after a long debate. "


def test_a_frames_fallback_markup_is_not_the_embeds_text() -> None:
    html = f"""<html><head><title>Library stays open</title></head><body><article>
    <h1>Library stays open</h1><p>{PARAGRAPH * 3}</p>
    <iframe src="https://www.youtube.com/embed/abc123"><span data-mce-type="bookmark"
     class="mce_SELRES_start">&#65279;</span></iframe>
    <p>{PARAGRAPH * 3}</p></article></body></html>"""
    article = extract_article(html, "https://news.example.org/2020/01/library-stays-open")
    assert isinstance(article, Article)
    assert article.embeds == [Embed(kind="youtube", url="https://www.youtube.com/embed/abc123", text="")]
    assert "span" not in article.body
