"""The paywall-stub rejection: a short page is a paywalled teaser when its JSON-LD says it is not
free, or when a subscribe prompt stands by the story in the page's own text — not in a link to
another page, a list of other stories, or furniture far from the story."""

from __future__ import annotations

import pytest

from newsharvest.extract import Article, Rejection, extract_article
from newsharvest.extract.document import Document
from newsharvest.extract.rejections import PROMPT_REACH, is_paywall_stub

URL = "https://news.example/2024/03/05/council-keeps-the-library-open-on-sundays"
STORY = (
    "<p>The council voted on Tuesday to keep the central library open on Sundays through the summer.</p>"
    "<p>Members said the extra hours cost less than the branch's heating bill and that families had asked"
    " for them at every public meeting this year.</p>"
)
"""A teaser's two paragraphs (41 words), far under the 250 words of a whole story."""
FIRST_PARAGRAPH = (
    "The council voted on Tuesday to keep the central library open on Sundays through the summer."
)
OTHER_STORY = (
    "The harbour board approved a new ferry timetable after months of complaints from commuters"
    " about late boats and crowded morning crossings."
)


def _page(story_part: str, before: str = "", after: str = "", head: str = "") -> str:
    return (
        f"<html><head><title>Library hours</title><meta property='og:type' content='article'>{head}</head>"
        f"<body>{before}<article><h1>Council keeps the library open on Sundays</h1>{story_part}</article>"
        f"{after}</body></html>"
    )


def _reason(page: str) -> str | None:
    record = extract_article(page, URL)
    return record.reason if isinstance(record, Rejection) else None


def test_a_teaser_with_the_prompt_right_after_it_is_a_paywall_stub() -> None:
    prompt = "<div class='login'><span>To read the full story</span><a href='/subscribe'>Subscribe</a></div>"
    assert _reason(_page(STORY + prompt)) == "paywall_stub"


def test_a_prompt_whose_last_words_are_a_link_still_counts() -> None:
    prompt = "<p>Already a subscriber? <a href='/login'>Log in</a></p>"
    assert _reason(_page(STORY + prompt)) == "paywall_stub"


def test_a_banner_just_above_the_teaser_counts() -> None:
    banner = "<div class='banner'>This article is for subscribers only.</div>"
    assert _reason(_page(STORY, before=banner)) == "paywall_stub"


def test_the_json_ld_flag_rejects_without_any_prompt() -> None:
    flag = (
        '<script type=\'application/ld+json\'>{"@context": "https://schema.org", "@type": "NewsArticle",'
        ' "headline": "Council keeps the library open on Sundays", "isAccessibleForFree": false}</script>'
    )
    assert _reason(_page(STORY, head=flag)) == "paywall_stub"


def test_teasers_of_other_stories_in_a_list_do_not_make_a_short_story_a_stub() -> None:
    teasers = "".join(
        f"<li><h3>Ferry timetable {n}</h3><p>{OTHER_STORY}</p>"
        f"<a href='/2024/03/0{n}/ferry'>Click here to read the full story</a></li>"
        for n in range(1, 4)
    )
    record = extract_article(_page(STORY, after=f"<ul class='more'>{teasers}</ul>"), URL)
    assert isinstance(record, Article), record
    assert record.body.startswith("The council voted on Tuesday")


def test_a_teaser_link_right_after_the_story_is_not_a_prompt() -> None:
    link = "<p><a href='/2024/03/04/ferry'>Ferry timetable changes: click here to read the full story</a></p>"
    assert isinstance(extract_article(_page(STORY, after=link), URL), Article)


def test_a_login_line_in_the_masthead_far_above_a_short_story_is_furniture() -> None:
    sections = "".join(
        f"<span>{name} news and features from around the region</span> " for name in "ABCDEFGHIJKL"
    )
    masthead = f"<header><p>Already a subscriber? Log in</p><div class='menu'>{sections}</div></header>"
    assert len("".join(sections.split())) > PROMPT_REACH
    assert isinstance(extract_article(_page(STORY, before=masthead), URL), Article)


def test_a_prompt_beyond_reach_of_the_story_is_furniture() -> None:
    """Plain text outside links and lists: only its distance from the story tells it apart."""
    teasers = "".join(
        f"<div class='teaser'><h3>Ferry timetable {n}</h3><p>{OTHER_STORY}</p></div>" for n in range(4)
    )
    box = "<div class='offer'><p>Subscribe to keep reading every story.</p></div>"
    assert len("".join(OTHER_STORY.split())) * 4 > PROMPT_REACH
    far = _page(STORY, after=f"<div class='sidebar'>{teasers}{box}</div>")
    assert not is_paywall_stub(Document.from_input(far, URL), [FIRST_PARAGRAPH], 16, None)
    near = _page(STORY, after=f"<div class='sidebar'>{box}{teasers}</div>")
    assert is_paywall_stub(Document.from_input(near, URL), [FIRST_PARAGRAPH], 16, None)


def test_to_read_the_full_story_is_a_prompt_when_it_asks_to_subscribe_or_sign_in() -> None:
    asks = (
        "<p>To read the full story, <a href='/subscribe'>subscribe</a> or <a href='/login'>sign in</a>.</p>"
    )
    assert _reason(_page(STORY + asks)) == "paywall_stub"


def test_to_read_the_full_story_after_click_here_is_another_story_s_teaser() -> None:
    teaser = (
        f"<div class='teaser'><h3>Ferry timetable</h3><p>{OTHER_STORY} To read the full story,"
        " <a href='/2024/03/04/ferry'>click here</a>.</p></div>"
    )
    record = extract_article(_page(STORY, after=teaser), URL)
    assert isinstance(record, Article), record
    assert record.body.startswith("The council voted on Tuesday")


def test_a_prompt_counts_anywhere_outside_links_when_the_story_cannot_be_placed() -> None:
    page = _page(
        STORY,
        after="<div class='sidebar'>" + "<p>Ferry news.</p>" * 60 + "<p>Subscribe to keep reading</p></div>",
    )
    doc = Document.from_input(page, URL)
    assert is_paywall_stub(doc, [], 0, None)
    assert is_paywall_stub(doc, ["A paragraph the page does not hold."], 6, None)
    assert not is_paywall_stub(doc, [FIRST_PARAGRAPH], 16, None)


def test_a_prompt_in_a_script_is_not_on_the_page() -> None:
    script = "<script>var paywall = {label: 'Subscribe to continue reading'};</script>"
    assert isinstance(extract_article(_page(STORY, after=script), URL), Article)


@pytest.mark.parametrize("words", [250, 400])
def test_a_prompt_under_a_whole_story_is_not_a_stub(words: int) -> None:
    page = _page(STORY + "<p>Subscribe to continue reading</p>")
    doc = Document.from_input(page, URL)
    assert not is_paywall_stub(doc, ["The council voted on Tuesday."], words, False)


def test_a_phrase_split_over_tags_inside_a_link_is_still_the_link_s() -> None:
    link = "<p><a href='/offers'>Subscribe to <b>keep</b> reading</a> our weekend edition</p>"
    assert isinstance(extract_article(_page(STORY, after=link), URL), Article)
    bare = "<p>Subscribe to <b>keep</b> reading</p>"
    assert _reason(_page(STORY, after=bare)) == "paywall_stub"
