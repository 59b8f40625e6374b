"""Blog furniture the generic extractor leaves out: trackback blocks, links to the previous and
next post, hyphenated newsletter sign-ups, a comment form's fields; and a labelled paragraph of
prose ("RELATED: …" followed by sentences) that is the author's, not a teaser."""

from __future__ import annotations

import pytest

from newsharvest.extract.cleanup import comparable, is_furniture_line, is_tail_line
from newsharvest.extract.document import Document
from newsharvest.extract.generic import extract_generic
from newsharvest.extract.line_filter import filter_lines
from newsharvest.extract.postlines import is_form_field_line

_POST = [
    "The community garden on Elm Street opened its gates on Saturday after two years of planning "
    "and a long argument with the city about water rights.",
    "Volunteers planted forty raised beds, a herb spiral and a row of apple trees donated by a "
    "nursery on the edge of town.",
    "The organisers hope to run weekend classes for children from the nearby school once the "
    "first harvest is in, probably in late summer.",
]


def _body(inner: str) -> str:
    """Hand-made blog page: the post's paragraphs, then `inner` in the same post container."""
    paragraphs = "".join(f"<p>{p}</p>" for p in _POST)
    html = (
        "<html><head><title>Garden opens</title></head><body><div class='post'>"
        f"<h1>Garden opens</h1>{paragraphs}{inner}</div></body></html>"
    )
    return "\n\n".join(extract_generic(Document.from_input(html, "https://garden.example/2012/opens")).paragraphs)


@pytest.mark.parametrize(
    "line",
    [
        "TrackBack URL for this entry:",
        "TrackBacks (3)",
        "http://www.typepad.example/services/trackback/6a00e55",
        "Listed below are links to weblogs that reference Garden opens:",
    ],
)
def test_trackback_lines_are_tail_lines(line: str) -> None:
    assert is_tail_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Previous post: Seed swap on Sunday",
        "Next post: Why we chose raised beds",
        "« Previous Post",
        "Next Entry »",
        "« Seed swap on Sunday | Main | Why we chose raised beds »",  # a blog's post navigation
        "« Seed swap on Sunday | Blog Home",
        "Main | Why we chose raised beds »",
        "Sign-up To The Newsletter And Get A Free eBook",
        "MOST POPULAR",
        "Most read in world news",
        "Latest headlines",
        "Top Stories",
    ],
)
def test_post_navigation_sign_ups_and_list_labels_are_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Most people agreed.",
        "Top stories of the year were about floods and fires across the region.",
        "Home | Garden",
        "« Seed swap » was the theme | of the main day",
    ],
)
def test_sentences_opening_like_list_labels_are_no_furniture(line: str) -> None:
    assert not is_furniture_line(line)


def test_a_labelled_paragraph_of_prose_is_no_teaser() -> None:
    prose = (
        "RELATED: The candidates the group endorsed did not fare well. Apart from the incumbents, "
        "who were never in danger, most of them lost by wide margins. Its director has not said "
        "what the group will do next."
    )
    assert not is_furniture_line(prose)
    assert is_furniture_line("RELATED: Candidates the group endorsed lose by wide margins")
    assert is_furniture_line("Read more: Why the group changed its mind. And what comes next.")


@pytest.mark.parametrize(
    "line",
    [
        "Your Name", "Email Address", "Website", "Name (required)", "- URL",
        "\u00a0 \u2022\tYOUR\u2003e-MAIL\n(will not be published) *", "mESSAGE:",
    ],
)  # fmt: skip
def test_form_field_lines(line: str) -> None:
    assert is_form_field_line(line)


@pytest.mark.parametrize(
    "line",
    ["Name the garden", "Message from the organisers", "Website traffic doubled.", "-Name", "• • Name"],
)
def test_story_lines_are_no_form_fields(line: str) -> None:
    assert not is_form_field_line(line)


def test_trackback_block_after_the_post_goes() -> None:
    inner = (
        "<p>TrackBack URL for this entry:</p><p>http://www.typepad.example/services/trackback/6a00e55</p>"
        "<p>Listed below are links to weblogs that reference Garden opens:</p>"
    )
    assert _body(inner) == "\n\n".join(_POST)


def test_links_to_the_previous_and_next_post_go() -> None:
    inner = (
        "<p>Previous post: <a href='/2012/seeds'>Seed swap on Sunday</a></p>"
        "<p>Next post: <a href='/2012/beds'>Why we chose raised beds</a></p>"
    )
    assert _body(inner) == "\n\n".join(_POST)


def test_a_comment_form_and_what_follows_it_go() -> None:
    inner = (
        "<p>Your Name</p><p>Email Address</p><p>URL</p><p>Message</p>"
        "<p>Get weekly updates, regular deals on seeds and tools, and be sure not to miss any of "
        "our news and articles about the gardens of the town!</p>"
    )
    assert _body(inner) == "\n\n".join(_POST)


def test_a_single_field_name_inside_the_post_stays() -> None:
    tail = "The garden's own site lists the opening hours and the class dates."
    assert _body(f"<p>Website</p><p>{tail}</p>") == "\n\n".join([*_POST, "Website", tail])


def test_a_labelled_paragraph_of_prose_stays_in_the_post() -> None:
    prose = (
        "RELATED: The candidates the group endorsed did not fare well. Apart from the incumbents, "
        "who were never in danger, most of them lost by wide margins. Its director has not said "
        "what the group will do next."
    )
    assert _body(f"<p>{prose}</p>") == "\n\n".join([*_POST, prose])


def test_a_post_navigation_over_the_posts_date_goes_with_it() -> None:
    """TypePad's "« Post | Main | Post »" over the date header and the headline: the walk over
    the text's top lines goes on past it, so the date and the headline go as well."""
    nav = "« Seed swap on Sunday | Main | Why we chose raised beds »"
    lines = [nav, "January 08, 2008", "Garden opens", *_POST]
    assert filter_lines(lines, {comparable("Garden opens")}) == _POST
