"""Labels, brackets and platform names around a byline's names, and a site crediting itself
(hand-written credits in the shapes blogs and news sites print; no string copied from a page)."""

from __future__ import annotations

import pytest

from newsharvest.extract import Article, extract_article
from newsharvest.extract.byline import parse_byline
from newsharvest.extract.persons import is_organisation, is_person_name, names_the_site, outlet_with_address


@pytest.mark.parametrize(
    ("printed", "authors", "agency"),
    [
        ("Published by", [], None),  # a heading over an author box: the label alone names nobody
        ("Posted by", [], None),
        ("Gespeichert von Jana Roe am 24. Juli 2017 - 18:55", ["Jana Roe"], None),  # Drupal, German
        ("Geschrieben von Jana Roe", ["Jana Roe"], None),
        ("Autor/in: Jana Roe", ["Jana Roe"], None),  # a label with its feminine ending
        ("Autor*in: Jana Roe", ["Jana Roe"], None),
        ("Jana Roe (ab)", ["Jana Roe"], None),  # a desk editor's initials after the writer's name
        ("Jana Roe (dpa)", ["Jana Roe"], "dpa"),  # a lower-case agency stays the agency
        ("By Jana Roe, Springfield Post (www.springfield-post.example)", ["Jana Roe"], None),
    ],
)
def test_labels_and_brackets_around_the_names(printed: str, authors: list[str], agency: str | None) -> None:
    byline = parse_byline(printed)
    assert [a.name for a in byline.authors] == authors
    assert byline.agency == agency


@pytest.mark.parametrize("platform", ["Github", "YouTube", "TikTok", "Mastodon", "Reddit"])
def test_a_platforms_name_in_an_author_box_names_nobody(platform: str) -> None:
    assert not is_person_name(platform)


def test_a_site_named_as_its_owners_does_not_make_the_owner_the_site() -> None:
    assert not is_organisation("Jana Roe", "Jana Roe's blog")
    assert [a.name for a in parse_byline("Jana Roe", "Jana Roe's blog").authors] == ["Jana Roe"]
    assert is_organisation("Springfield Post", "Springfield Post")


def test_a_one_word_credit_spelled_as_the_sites_address_is_the_site() -> None:
    url = "https://www.springfieldpost.example/2019/issue-4/story.html"
    assert names_the_site("Springfieldpost", None, url)
    assert names_the_site("SpringfieldPost", None, "https://springfieldpost.co.uk/a")
    assert not names_the_site("Jana", None, url)
    assert not names_the_site("Springfieldpost", None, None)


def test_an_outlet_gives_its_address_in_brackets() -> None:
    assert outlet_with_address("Springfield Post (www.springfield-post.example)") == "Springfield Post"
    assert outlet_with_address("Springfield Post (https://springfield-post.example/)") == "Springfield Post"
    assert outlet_with_address("Jana Roe") is None
    assert outlet_with_address("Jana Roe (dpa)") is None


_STORY = "The council met on Tuesday to vote on next year's budget and heard from residents. " * 12


def _page(author_meta: str, url: str) -> tuple[str, str]:
    html = (
        f'<html><head><title>Council passes budget</title><meta name="author" content="{author_meta}">'
        f"</head><body><article><h1>Council passes budget</h1><p>{_STORY}</p><p>{_STORY}</p>"
        "</article></body></html>"
    )
    return html, url


@pytest.mark.parametrize(
    ("author_meta", "url", "agency"),
    [
        (
            "Springfield Post (www.springfield-post.example)",
            "https://springfield-post.example/a/1",
            "Springfield Post",
        ),
        ("Springfieldpost", "https://www.springfieldpost.example/2019/issue-4/story.html", "Springfieldpost"),
    ],
)
def test_a_site_crediting_itself_in_its_author_tag_is_no_author(
    author_meta: str, url: str, agency: str
) -> None:
    record = extract_article(*_page(author_meta, url))
    assert isinstance(record, Article), record
    assert record.authors == []
    assert record.agency == agency
