"""A short text of ours gives way to readability's reading only when the two picked different
blocks (`extract.disagreement`). No real page we may copy shows the pattern (a photo post whose
sidebar bio was taken for the post), so the rule is held here on lines describing it."""

from __future__ import annotations

from newsharvest.extract import Article, extract_article
from newsharvest.extract.disagreement import SHORT_WORDS, far_longer_elsewhere, is_short, reading_instead

_BIO = [
    "I live. I learn. I teach. And 140 characters on Twitter is limiting.",
    "Here I share and celebrate my creativity and the creativity of others.",
]
_POST = ["via example.org", "Repurposing food as art is creative, as these sculptures show."]


def test_short_text_of_another_block_gives_way_to_the_reading() -> None:
    assert is_short(_BIO)
    assert reading_instead(_BIO, _POST)


def test_reading_sharing_our_words_does_not_replace_ours() -> None:
    """The two picked the same block (the reading adds a credit line, or leaves a line out)."""
    assert not reading_instead(_POST, ["via example.org", *_POST])
    assert not reading_instead(_POST, _POST[1:])
    assert not reading_instead([*_BIO, _POST[1]], _POST)


def test_reading_of_a_few_words_does_not_replace_ours() -> None:
    """A credit or a date picked by readability is no better than our block."""
    assert not reading_instead(_BIO, ["Photo: Jane Doe"])


def test_no_text_of_ours_is_not_replaced() -> None:
    """An empty text is the rejection rules' to judge, not a disagreement."""
    assert not reading_instead([], _POST)


def test_short_is_under_the_threshold_in_words() -> None:
    word = "word " * (SHORT_WORDS - 1)
    assert is_short([word])
    assert not is_short([word, "one more"])
    assert is_short([])


_SENTENCES = [
    "The harbour board met on Monday to weigh the plan for the old docks, empty for a decade now.",
    "Residents filled the hall and many spoke against the sale of the land to a private developer.",
    "The chair said the board would publish its answer within a month, after the engineers report.",
    "Several fishermen asked that the slipway stay open to the public whatever the outcome.",
]
_LAST = "The board will answer within a month."
_OFFER = "Read the digital edition on your tablet, every week from Friday, and save on the printed one."


def test_a_far_longer_reading_holding_little_of_ours_replaces_it() -> None:
    story = [" ".join(_SENTENCES)] * 6 + [_LAST]
    assert far_longer_elsewhere([_LAST, _OFFER, _OFFER], story)
    # the reading holds most of our words: the same block, read more widely
    assert not far_longer_elsewhere([_LAST, _OFFER], [*story, _OFFER])
    # not four times longer: ours may be the story and the reading another block
    assert not far_longer_elsewhere([_OFFER] * 8, story)
    assert not far_longer_elsewhere([], story)


def test_a_story_written_in_divs_beats_the_offer_box_after_it() -> None:
    """trafilatura's pass takes the shop's paragraphs after a story whose text is in `<div>`s;
    readability's reading of the article, forty times longer, replaces them."""
    texts = [" ".join(_SENTENCES[(i + j) % 4] for j in range(4)) for i in range(12)]
    blocks = "".join(f'<div class="text-block">{text}</div>' for text in texts)
    offers = "".join(f'<p>{_OFFER} <a href="/shop/{i}">Subscribe here</a></p>' for i in range(8))
    html = f"""<html><head><title>Harbour plan</title></head><body><div id="content">
    <article><h1>Harbour plan</h1><div class="story">{blocks}<h4>{_LAST}</h4></div></article>
    <div class="shop"><p>{_LAST}</p>{offers}</div></div></body></html>"""
    article = extract_article(html, "https://news.example.org/2020/01/harbour-plan")
    assert isinstance(article, Article)
    assert article.body.split("\n\n")[0] == " ".join(_SENTENCES)
    assert "digital edition" not in article.body
    assert article.word_count == 12 * 66 + 7


def test_a_photo_posts_line_is_kept_over_the_themes_footer_under_it() -> None:
    """A photo post of one linked sentence over the blog theme's footer ("This entry was posted
    in … Bookmark the permalink."): the footer is a stock tail line and leaves the text, and no
    reading that picks it alone replaces the post's own sentence."""
    sentence = (
        'In addition to the <a href="https://maker.example.com/samples">first set</a> of sample images '
        'from the new <a href="https://shop.example.com/lens">70-200mm zoom</a> I published a few days '
        'ago, here are a few more pictures found on <a href="https://photos.example.com/set">the web</a>:'
    )
    footer = (
        '<span class="cat-links">This entry was posted in '
        '<a href="/category/lenses/" rel="category tag">Lenses</a></span>'
        '<span class="tag-links"> and tagged <a href="/tag/zoom/" rel="tag">Zoom 70-200</a></span>. '
        'Bookmark the <a href="/2012/10/28/more-zoom-sample-images/" rel="bookmark">permalink</a>. '
        "Trackbacks are closed, but you can post a comment."
    )
    images = "".join(f'<p><a href="/i/{i}.jpg"><img src="/i/{i}.jpg" alt="{i}"></a></p>' for i in range(4))
    html = f"""<html><head><title>More zoom sample images | Lens Rumors</title></head><body>
    <div id="container"><div class="post hentry"><h1 class="entry-title">More zoom sample images</h1>
    <div class="entry-content">{images}<p>{sentence}</p></div>
    <div class="entry-utility">{footer}</div></div></div></body></html>"""
    article = extract_article(html, "https://lensrumors.example.com/2012/10/28/more-zoom-sample-images/")
    assert isinstance(article, Article)
    assert article.body == (
        "In addition to the first set of sample images from the new 70-200mm zoom I published a few days "
        "ago, here are a few more pictures found on the web:"
    )
