"""The generic extractor on pages of other news sites (invented, or cut from real pages), and on junk."""

from __future__ import annotations

import dataclasses

import pytest

from newsharvest.extract.document import Document
from newsharvest.extract.generic import GenericBody, extract_generic
from newsharvest.extract.header_deks import _in_header
from newsharvest.extract.link_text import linked_share
from newsharvest.extract.reading_cut import _holding_lines, _lines_inside, against_reading, reading_may_cut
from newsharvest.extract.tree_scan import _CLASS_HINT_WORDS, _CLASS_RE, _class_match
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


def test_an_empty_table_row_is_not_inside_a_reading_of_table_rows() -> None:
    reading = ["|  |  | One two three four five six. |", "|  |"]
    lines = ["|  |  |", "| Home |", "|  |  | One two three four five six. |"]
    assert _lines_inside(lines, reading) == [False, False, True]


def test_linked_share_counts_link_text_at_most_once_per_line() -> None:
    anchors = {"Sports", "Sports results"}
    assert linked_share(["Sports results", "Plain text line"], anchors) == pytest.approx(14 / 29)
    assert linked_share(["no links here"], anchors) == 0.0
    assert linked_share([], anchors) == 0.0


# Hand-made lines: an article of five sentences, readability's reading of it, and furniture.
_READING = _TRAM_STORY[:4]
_MENU = ["Home", "News", "Sport"]
_TEASERS = ["Bus fares rise in April", "New bridge opens to cyclists", "Mayor answers readers"]
_ANCHORS = set(_MENU + _TEASERS)


def test_teaser_lines_after_the_reading_go() -> None:
    assert against_reading(_READING + _TEASERS, _READING, _ANCHORS) == _READING


def test_menu_lines_before_the_reading_go_a_single_linked_headline_stays() -> None:
    assert against_reading(_MENU + _READING, _READING, _ANCHORS) == _READING
    headline = ["Council extends tram line"]
    assert against_reading(headline + _READING, _READING, _ANCHORS | set(headline)) == headline + _READING


def test_a_last_line_goes_only_when_mostly_a_link() -> None:
    closing = "Read our guide to the tram plan for maps, timetables and the dates of every public meeting."
    anchors = _ANCHORS | {"guide to the tram plan"}
    assert against_reading([*_READING, closing], _READING, anchors) == [*_READING, closing]
    assert against_reading([*_READING, _TEASERS[0]], _READING, _ANCHORS) == _READING


def test_prose_readability_left_out_stays() -> None:
    ours = [*_READING, _TRAM_STORY[4]]
    assert against_reading(ours, _READING, _ANCHORS) == ours


def test_teaser_lines_after_a_reading_held_in_one_row_line_go() -> None:
    row = "| Council extends tram line Monday | " + " ".join(_READING) + " |"
    assert against_reading(["Weather today", row, *_TEASERS], _READING, _ANCHORS) == ["Weather today", row]
    assert _holding_lines(["Weather today", row, *_TEASERS], _READING) == (1, 1)
    assert _holding_lines(_TEASERS, _READING) is None


def test_a_run_of_unlinked_scraps_after_the_reading_goes() -> None:
    ads = ["2005/54", "£70,995", "South East England", "Great car insurance deals online", "Birmingham"] * 2
    assert against_reading(_READING + ads, _READING, _ANCHORS) == _READING
    assert against_reading(_READING + ads[:9], _READING, _ANCHORS) == _READING + ads[:9]
    assert reading_may_cut(_READING + ads, [0] * 14) is True
    assert reading_may_cut(_READING + ads[:5], [0] * 9) is False


def test_a_text_of_link_lines_gives_way_to_a_reading_without_links() -> None:
    links = [f"{title} - {section}" for title in _TEASERS for section in _MENU]
    assert against_reading(links, _READING, _ANCHORS) == _READING


def test_a_reading_elsewhere_on_the_page_changes_nothing() -> None:
    other = ["A different text altogether, about the weather in the mountains this coming weekend."] * 5
    ours = _READING + _TEASERS
    assert against_reading(ours, other, _ANCHORS) == ours


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
        ("about_author", "box"),
        ("about_the_author", "box"),
        ("author_info", "box"),
        ("newsletter-signup", "box"),
        ("sr-only", "unseen"),
        ("screen-reader-text", "unseen"),
        ("css-1vr3ma visually-hidden", "unseen"),
        ("hide-text", "unseen"),
        ("hidden", None),
        ("biography", None),
        ("author", None),
        ("author_links", None),
    ],
)
def test_class_names_of_in_article_boxes(classes: str, group: str | None) -> None:
    match = _CLASS_RE.search(classes)
    assert (match.lastgroup if match else None) == group


def _story_in_gated_paragraphs(gated: int, prompt: str = "") -> str:
    """Hand-made: a story whose first paragraph is open and the next `gated` ones carry the
    "paywall" class, as a metered site marks the text it hides past the free articles."""
    open_lead = f"<p>{_TRAM_STORY[0]}</p>"
    hidden = "".join(f"<p class='paywall'>{p}</p>" for p in _TRAM_STORY[1 : 1 + gated])
    return (
        "<html><head><title>Council extends tram line</title></head><body><article>"
        f"<h1>Council extends tram line</h1><div class='body'>{open_lead}{hidden}{prompt}</div>"
        "</article></body></html>"
    )


def test_paragraphs_named_paywall_are_the_story_when_several() -> None:
    assert _generic_body(_story_in_gated_paragraphs(3)) == "\n\n".join(_TRAM_STORY[:4])


def test_a_lone_paywall_paragraph_is_a_prompt_and_goes() -> None:
    prompt = "<p class='paywall-prompt'>Subscribe today for unlimited access to every story we publish.</p>"
    body = _generic_body(_story_in_gated_paragraphs(0, prompt))
    assert body == _TRAM_STORY[0]


def test_text_for_screen_readers_only_is_no_part_of_the_body() -> None:
    skip = (
        "<div class='tools'><a class='visually-hidden' href='#story-continues'>"
        "Continue reading the main story</a>"
        "<span class='visually-hidden'>Share This Page</span></div>"
    )
    paragraphs = [f"<p>{p}</p>" for p in _TRAM_STORY]
    html = (
        "<html><head><title>Council extends tram line</title></head><body><article>"
        "<h1>Council extends tram line</h1><h2 class='sr-only'>Share this story</h2>"
        f"{paragraphs[0]}{paragraphs[1]}{skip}{''.join(paragraphs[2:])}</article></body></html>"
    )
    assert _generic_body(html) == "\n\n".join(_TRAM_STORY)


@pytest.mark.parametrize(
    ("cls", "group"),
    [
        ("wp-caption-text", "caption"), ("Photo_Credit", "caption"), ("newsletter-signup", "box"),
        ("share-bar top", "box"), ("inline-related", "box"), ("read-more", "box"), ("ad-slot", "box"),
        ("author-bio", "box"), ("about-the-author", "box"), ("premiumContent", "gated"), ("dek", "dek"),
        ("c-strapline", "dek"), ("hover-card", "hover"), ("sr-only", "unseen"), ("visually-hidden", "unseen"),
        ("hide-text", "unseen"), ("article-body", "container"), ("richTextArticleBody", "container"),
        ("entry-content clearfix", "container"), ("text-center", None), ("page-content", None),
        ("thread", None), ("bio-link", "box"), ("wrapper", False), ("adslot", "box"), ("nav", False),
    ],
)  # fmt: skip
def test_a_class_name_is_read_as_the_class_pattern_reads_it(cls: str, group: str | bool | None) -> None:
    """`_class_match` skips the full pattern for names holding none of its words: the same answer."""
    match = _class_match.__wrapped__(cls)
    groups = ("caption", "gated", "box", "dek", "hover", "unseen", "container")
    if isinstance(match, bool):
        assert match is (group is None), match
    else:
        assert next(name for name in groups if match.group(name)) == group
    low = cls.lower()
    reference = _CLASS_RE.search(low) or True if any(word in low for word in _CLASS_HINT_WORDS) else False
    assert (match if isinstance(match, bool) else match.span()) == (
        reference if isinstance(reference, bool) else reference.span()
    )


def test_a_point_typed_as_a_list_item_outside_any_list_stays_in_the_body() -> None:
    point = "We will extend the tram line to the northern suburbs before the end of the next year."
    html = (
        "<html><body><div class='articleText'>"
        + "".join(f"<p>{p}</p>" for p in _TRAM_STORY)
        + f"<p><br><b>The plan</b><br><li> {point}</p><p><li>Menu</p></div></body></html>"
    )
    body = _generic_body(html)
    assert body.endswith(point)
    assert "Menu" not in body


_LEAD = "AT least ten people were hurt when a tram left the rails on the ring road last night."


def _standfirst_page(after: str) -> str:
    """Hand-made: the page's description printed as a standfirst paragraph, then `after`."""
    return (
        f"<html><head><meta name='description' content='{_LEAD}'></head><body><div class='story'>"
        f"<p class='standfirst'><strong>{_LEAD}</strong></p>{after}</div></body></html>"
    )


def test_a_standfirst_leading_the_story_paragraphs_stays_as_the_lead() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in _TRAM_STORY)
    assert _generic_body(_standfirst_page(paragraphs)) == "\n\n".join([_LEAD, *_TRAM_STORY])


def test_a_standfirst_over_a_byline_is_the_dek_and_goes() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in _TRAM_STORY)
    page = _standfirst_page(f"<p class='author'>By Jane Roe</p>{paragraphs}")
    assert _LEAD not in _generic_body(page)


def test_a_credit_title_over_the_story_goes_with_the_date_under_it() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in _TRAM_STORY)
    page = (
        "<html><body><div class='story'><p>City Paper Staff Writer</p><p>Thursday, December 27, 2007</p>"
        f"{paragraphs}</div></body></html>"
    )
    assert _generic_body(page) == "\n\n".join(_TRAM_STORY)
