"""The generic extractor on pages of other news sites (invented, or cut from real pages), and on junk."""

from __future__ import annotations

import dataclasses

import pytest

from newsharvest.extract.cleanup import (
    is_byline_line,
    is_furniture_line,
    is_release_footer,
    is_stamp_line,
    is_tail_line,
    split_credit,
)
from newsharvest.extract.document import Document
from newsharvest.extract.generic import (
    _CLASS_RE,
    GenericBody,
    _against_reading,
    _in_header,
    _lines_inside,
    _linked_share,
    extract_generic,
)
from tests.conftest import ExtractionCase, case_params, extraction_cases

CASES = case_params("generic")


def _extract(case: ExtractionCase) -> GenericBody:
    page = case.page_bytes()
    assert page is not None, f"{case.name}: no page.html"
    return extract_generic(Document.from_input(page, case.url))


def test_every_case_says_where_its_page_comes_from() -> None:
    cases = extraction_cases("generic")
    assert len(cases) >= 10
    for case in cases:
        page = (case.folder / "page.html").read_text(encoding="utf-8")
        origins = ("<!-- Invented page for newsharvest's tests", "<!-- Cut from a real page")
        assert page.startswith(origins), case.name


@pytest.mark.parametrize("case", CASES)
def test_body_and_captions_match_expectation(case: ExtractionCase) -> None:
    got = _extract(case)
    expected = case.spec["record"]
    assert "\n\n".join(got.paragraphs) == expected["body"]
    assert [dataclasses.asdict(c) for c in got.captions] == expected["captions"]
    assert [dataclasses.asdict(e) for e in got.embeds] == expected.get("embeds", [])


@pytest.mark.parametrize("case", CASES)
def test_snippets(case: ExtractionCase) -> None:
    body = "\n\n".join(_extract(case).paragraphs)
    for snippet in case.spec.get("must_contain", []):
        assert snippet in body, f"{case.name}: missing {snippet!r}"
    for snippet in case.spec.get("must_not_contain", []):
        assert snippet not in body, f"{case.name}: should not contain {snippet!r}"


def _deep(depth: int) -> str:
    return "<html><body>" + "<div>" * depth + "<p>deep text</p>" + "</div>" * depth + "</body></html>"


def _huge() -> str:
    paragraph = "<p>" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 8 + "</p>\n"
    body = paragraph * (20 * 1024 * 1024 // len(paragraph) + 1)
    return f"<html><head><title>Big</title></head><body><article>{body}</article></body></html>"


JUNK = [
    pytest.param("", id="empty"),
    pytest.param("   \n\t ", id="whitespace"),
    pytest.param("<html></html>", id="bare-html"),
    pytest.param("<html><body></body></html>", id="empty-body"),
    pytest.param("just some text, no markup at all", id="plain-text"),
    pytest.param(b"\xff\xfe\x00<\x00h\x00t\x00m\x00l\x00>\x00\xe9", id="utf16-bytes"),
    pytest.param("<p>café</p>".encode("cp1252"), id="wrong-encoding-bytes"),
    pytest.param("<html><body><figure><figcaption></figcaption></figure></body></html>", id="empty-figure"),
    pytest.param(_deep(5000), id="nested-5000"),
]


@pytest.mark.parametrize("html", JUNK)
def test_junk_gives_a_body_never_an_exception(html: str | bytes) -> None:
    result = extract_generic(Document.from_input(html, "https://example.com/x"))
    assert isinstance(result, GenericBody)
    assert all(isinstance(p, str) and p for p in result.paragraphs)


def test_twenty_megabytes_gives_a_body() -> None:
    result = extract_generic(Document.from_input(_huge(), "https://example.com/big"))
    assert isinstance(result, GenericBody)


@pytest.mark.parametrize(
    ("caption", "text", "credit"),
    [
        (
            "Water covers the road. (AP Photo/Noah Berger)",
            "Water covers the road.",
            "AP Photo/Noah Berger",
        ),
        (
            "Blinken speaks in New Delhi. Olivier Douliery/Pool Photo via AP",
            "Blinken speaks in New Delhi.",
            "Olivier Douliery/Pool Photo via AP",
        ),
        (
            "The dragon on Kearny Street. Photo: Justin Sullivan/Getty Images",
            "The dragon on Kearny Street.",
            "Justin Sullivan/Getty Images",
        ),
        ("Ein leerer Bahnsteig. Foto: Robert Michael/dpa", "Ein leerer Bahnsteig.", "Robert Michael/dpa"),
        ("(AP Photo/Jeff Chiu)", "", "AP Photo/Jeff Chiu"),
        ("Obama in Ohio. AP Photo/Carolyn Kaster", "Obama in Ohio.", "AP Photo/Carolyn Kaster"),
        (
            "Trump at the rally. Chip Somodevilla via Getty Images",
            "Trump at the rally.",
            "Chip Somodevilla via Getty Images",
        ),
        ("A trader works. Bloomberg via Getty Images", "A trader works.", "Bloomberg via Getty Images"),
        (
            "Mourners gather. John Minchillo via Associated Press",
            "Mourners gather.",
            "John Minchillo via Associated Press",
        ),
        ("The ship in port. REUTERS/Kim Kyung-Hoon", "The ship in port.", "REUTERS/Kim Kyung-Hoon"),
        ("Protesters march. Getty Images", "Protesters march.", "Getty Images"),
        ("Protesters march. Reuters", "Protesters march.", "Reuters"),
        ("A girl waves. Photo by John Doe/Getty Images", "A girl waves.", "John Doe/Getty Images"),
        ("He spoke to Reuters.", "He spoke to Reuters.", None),
        ("The deal was first reported by Bloomberg.", "The deal was first reported by Bloomberg.", None),
        ("A quiet street in Lisbon at dawn.", "A quiet street in Lisbon at dawn.", None),
        ("Protesters gather (left) near the court.", "Protesters gather (left) near the court.", None),
    ],
)
def test_split_credit(caption: str, text: str, credit: str | None) -> None:
    assert split_credit(caption) == (text, credit)


@pytest.mark.parametrize(
    "line",
    [
        "Associated Press writer Scott Bauer contributed to this report from Madison, Wisconsin.",
        "Follow AP’s coverage of extreme weather at https://apnews.com/hub/weather",
        "Copyright 2023 The Associated Press. All rights reserved.",
        "Reporting by Pavel Polityuk; Editing by Mark Potter",
        "Write to Al Root at allen.root@example.com",
        "(Reporting by Ana Ferreira; editing by Jon Pike)",
        "Follow Prairie Report on Facebook, Twitter and Instagram.",
        "Reach the reporter on Twitter at https://twitter.com/example",
        "More AP soccer: https://apnews.com/hub/soccer",
        "Source: State Water Agency",
        "Filed under: Drought | Water",
        "3 comments",
        "Tell us what you think...",
        "jane.doe@example.com",
        "twitter.com/janedoe",
        "Copyright ⓒ Example Media. All rights reserved.",
        "Jane Doe's new book is out now. Follow her on Twitter @janedoe.",
        "Newer Post Older Post Home",
        "Subscribe to: Post Comments (Atom)",
        "You can follow any responses to this entry through the RSS 2.0 feed.",
        "No comments yet.",
        "Mail (will not be published) (required)",
        "Comments are closed.",
        "Labels: travel, food",
        "A version of this article appeared in print on May 3, 2024, on page B1 of the New York edition.",
    ],
)
def test_tail_lines(line: str) -> None:
    assert is_tail_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Read more: Explainer: How Ukraine's new Black Sea corridor works",
        "READ MORE: China plague outbreak confirmed",
        "Sign up for our Harbor Politics newsletter to get the latest on City Hall.",
        "Advertisement",
        "Lesen Sie auch: GDL-Tarifstreit",
        "CLICK HERE TO GET THE FOX NEWS APP",
        "You may also like...",
        "Subscribe to Prairie Report on YouTube for more videos.",
        "Get the day's top headlines delivered to your inbox by subscribing to our newsletter.",
        "If you enjoyed this article, consider a subscription.",
        "- Order Reprints",
        "- Print Article",
        "This copy is for your personal, non-commercial use only.",
        '[button link="https://example.com/tips/" type="big"] Send us your photos[/button]',
        "Explore further",
        "related news",
        "Start your day with the Morning Brief. Sign up for the free daily newsletter.",
        "Print version | Email to a friend | Related articles",
        "E-mail article Print view Share: Digg Newsvine",
        "Report this comment",
        "Post a comment",
        "You must be logged in to post a comment.",
        "Subscribe to the Sport RSS feed",
        "Bridge reopens on Monday Crews finished the repairs early... Read more... 2024-11-07",
        "The mayor answered readers' questions about the budget. Continue reading →",
        "Pin It",
        "Enlarge this image",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "The council voted 9-2 on Tuesday, and the copyright office said it would appeal.",
        "Click here to get more information or download this game.",
        "More than 100 people attended the hearing.",
        "Share prices fell 3% on Monday.",
        "Sources said the deal would close on Friday, though the company declined to comment.",
        "Follow-up tests on Twitter users found the same pattern.",
        "Comments from residents will be accepted until March 1.",
        "More importantly, the council said no.",
        "He sent the article to a friend.",
        "Send a comment to the editor",
        "Related on HuffPost the story said",
        "Home prices rose 3% in March.",
        "Those who want to read more can find the report on the council's site.",
        "Website traffic doubled after the launch.",
        "Comments are welcome until the council meets on Monday.",
    ],
)
def test_story_lines_are_neither_tail_nor_furniture(line: str) -> None:
    assert not is_tail_line(line)
    assert not is_furniture_line(line)


def test_bylines() -> None:
    assert is_byline_line("By Jane Doe and John Roe")
    assert is_byline_line("Von dpa | 07.03.2024, 06:30 Uhr")
    assert is_byline_line("12/05/2023 - Publicado por: Assessoria de Comunicação")
    assert not is_byline_line("By Friday, officials said the river would crest.")
    assert not is_byline_line("By the time police arrived, the store was empty.")


def test_release_footers() -> None:
    assert is_release_footer("About Acme Robotics")
    assert is_release_footer("###")
    assert is_release_footer("Media contact:")
    assert not is_release_footer("About 150,000 homes are without power across Devon.")


@pytest.mark.parametrize(
    "line",
    [
        "UPDATED: Tue., Nov. 19, 2024",
        "Updated at 1:23 p.m.",
        "5:45 AM PST 11/19/2024 by Jane Doe",
        "- Published 18 November 2024",
        "segunda-feira, 22 de janeiro de 2024 às 0:13",
        "Aktualisiert am 07.03.2024, 06:30 Uhr",
        "기사입력 :[ 2024-09-28 17:32 ]",
        "Reading time: 3 minutes",
        "5 min read",
    ],
)
def test_stamp_lines(line: str) -> None:
    assert is_stamp_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "The meeting starts at 6:30 p.m. on Monday in the town hall.",
        "In 2019, sales rose 5%.",
        "02-751-1500",
        "$139.00",
        "March Madness 2024",
    ],
)
def test_story_lines_are_not_stamps(line: str) -> None:
    assert not is_stamp_line(line)


# --- lines around readability's reading ------------------------------------------------------

_TRAM_STORY = [
    "The city council voted on Tuesday to extend the tram line to the northern suburbs, ending a "
    "dispute that had lasted for almost a decade.",
    "Supporters of the plan said the extension would cut travel times for thousands of commuters "
    "who now rely on crowded buses along the ring road.",
    "Opponents argued that the cost, estimated at 240 million euros, would force the city to "
    "postpone repairs to schools and bridges for several years.",
    "The mayor said construction would begin next spring and that the first trams could run on "
    "the new section before the end of the following year.",
    "Residents along the planned route will be invited to public meetings in March, where "
    "engineers will present the final design of the stations.",
]


def _story_with_list_after(href: str) -> str:
    """Hand-made: a story and, in the same container with no heading, a list of teasers (a
    linked headline and an unlinked summary each), as news templates put under the text."""
    items = "".join(
        f'<li><a href="{href}{i}">Headline of another story number {i}</a> A short summary of that story.'
        "</li>"
        for i in range(1, 7)
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in _TRAM_STORY)
    return (
        "<html><head><title>Council extends tram line</title></head><body><div class='content'>"
        f"<h1>Council extends tram line</h1>{paragraphs}<ul>{items}</ul></div></body></html>"
    )


def _generic_body(html: str) -> str:
    return "\n\n".join(
        extract_generic(Document.from_input(html, "https://citypaper.example/news/tram")).paragraphs
    )


def test_teaser_list_of_the_sites_own_stories_after_the_story_goes() -> None:
    assert _generic_body(_story_with_list_after("/news/story-")) == "\n\n".join(_TRAM_STORY)


def test_list_of_links_to_other_sites_after_the_story_stays() -> None:
    body = _generic_body(_story_with_list_after("https://elsewhere.example/story-"))
    assert body.startswith("\n\n".join(_TRAM_STORY))
    assert "- Headline of another story number 6 A short summary of that story." in body


def test_lines_inside_a_reading_verbatim_or_split_differently() -> None:
    reading = ["One two three four five six.", "Seven eight nine ten eleven twelve."]
    lines = ["Menu", "One two three four five six. Seven eight", "nine ten", "Other story headline here now"]
    assert _lines_inside(lines, reading) == [False, True, True, False]


def test_linked_share_counts_link_text_at_most_once_per_line() -> None:
    anchors = {"Sports", "Sports results"}
    assert _linked_share(["Sports results", "Plain text line"], anchors) == pytest.approx(14 / 29)
    assert _linked_share(["no links here"], anchors) == 0.0
    assert _linked_share([], anchors) == 0.0


# Hand-made lines: an article of five sentences, readability's reading of it, and furniture.
_READING = _TRAM_STORY[:4]
_MENU = ["Home", "News", "Sport"]
_TEASERS = ["Bus fares rise in April", "New bridge opens to cyclists", "Mayor answers readers"]
_ANCHORS = set(_MENU + _TEASERS)


def test_teaser_lines_after_the_reading_go() -> None:
    assert _against_reading(_READING + _TEASERS, _READING, _ANCHORS) == _READING


def test_menu_lines_before_the_reading_go_a_single_linked_headline_stays() -> None:
    assert _against_reading(_MENU + _READING, _READING, _ANCHORS) == _READING
    headline = ["Council extends tram line"]
    assert _against_reading(headline + _READING, _READING, _ANCHORS | set(headline)) == headline + _READING


def test_a_last_line_goes_only_when_mostly_a_link() -> None:
    closing = "Read our guide to the tram plan for maps, timetables and the dates of every public meeting."
    anchors = _ANCHORS | {"guide to the tram plan"}
    assert _against_reading([*_READING, closing], _READING, anchors) == [*_READING, closing]
    assert _against_reading([*_READING, _TEASERS[0]], _READING, _ANCHORS) == _READING


def test_prose_readability_left_out_stays() -> None:
    ours = [*_READING, _TRAM_STORY[4]]
    assert _against_reading(ours, _READING, _ANCHORS) == ours


def test_a_text_of_link_lines_gives_way_to_a_reading_without_links() -> None:
    links = [f"{title} - {section}" for title in _TEASERS for section in _MENU]
    assert _against_reading(links, _READING, _ANCHORS) == _READING


def test_a_reading_elsewhere_on_the_page_changes_nothing() -> None:
    other = ["A different text altogether, about the weather in the mountains this coming weekend."] * 5
    ours = _READING + _TEASERS
    assert _against_reading(ours, other, _ANCHORS) == ours


@pytest.mark.parametrize(
    ("classes", "header"),
    [
        ("article-header", True),
        ("story-lead", True),
        ("entry-dek", True),
        ("post-12 post type-post category-leadership tag-philosophy", False),
        ("post category-headlines tag-abstract-art", False),
        ("leaderboard-ad", False),
    ],
)
def test_header_blocks_by_class_taxonomy_classes_are_no_header(classes: str, header: bool) -> None:
    doc = Document.from_input(f"<html><body><div class='{classes}'><p>Text</p></div></body></html>", "")
    assert doc.root is not None
    body = doc.root.find("body")
    paragraph = doc.root.find(".//p")
    assert body is not None and paragraph is not None
    assert _in_header(paragraph, body) is header


@pytest.mark.parametrize(
    ("classes", "group"),
    [
        ("bio", "box"),
        ("author-bio clearfix", "box"),
        ("about-the-author", "box"),
        ("newsletter-signup", "box"),
        ("biography", None),
        ("author", None),
    ],
)
def test_class_names_of_in_article_boxes(classes: str, group: str | None) -> None:
    match = _CLASS_RE.search(classes)
    assert (match.lastgroup if match else None) == group
