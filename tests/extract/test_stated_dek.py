"""The description as the dek, unless it is the story's opening words (hand-written texts)."""

from __future__ import annotations

import pytest

from newsharvest.extract import Article, extract_article
from newsharvest.extract.stated_dek import description_dek

_LEAD = "The council voted on Tuesday to close the old library on Main Street after years of debate."
_BODY = f"{_LEAD}\n\nResidents had asked for a new building since the roof began to leak in 2019."


@pytest.mark.parametrize(
    "description",
    [
        _LEAD,
        "The council voted on Tuesday to close the old library on Main Street after…",  # cut short
        f"By Jane Roe SPRINGFIELD (AP) — {_LEAD}",  # the byline and a dateline before it
        _LEAD.upper(),
    ],
)
def test_a_description_repeating_the_lead_is_no_dek(description: str) -> None:
    assert description_dek(description, _BODY) is None
    assert description_dek(description, f"SPRINGFIELD (AP) — {_BODY}") is None  # the dateline in the body


@pytest.mark.parametrize(
    "description",
    [
        "A vote ends a long fight over the town's oldest public building.",
        "Library closes",  # too short to compare: kept
    ],
)
def test_a_description_of_its_own_is_the_dek(description: str) -> None:
    assert description_dek(description, _BODY) == description


def test_no_description_no_dek() -> None:
    assert description_dek(None, _BODY) is None
    assert description_dek("", _BODY) is None


def _page(description: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in _BODY.split("\n\n")) * 3
    return (
        f'<html><head><title>Library to close</title><meta name="description" content="{description}">'
        f"</head><body><article><h1>Library to close</h1>{paragraphs}</article></body></html>"
    )


def test_the_record_takes_a_description_as_dek_only_when_it_is_no_repeat_of_the_lead() -> None:
    own = "A vote ends a long fight over the town's oldest public building."
    for description, dek in ((own, own), (_LEAD, None)):
        record = extract_article(_page(description), "https://news.example/2023/03/02/library")
        assert isinstance(record, Article), record
        assert record.dek == dek


@pytest.mark.parametrize(
    "description",
    [
        "Ruralpress Limited Newspapers",  # shares no word with the story
        "Providence News, Providence Weather, Providence Sports, Rhode Island Weather",
    ],
)
def test_a_description_about_nothing_in_the_story_is_the_sites(description: str) -> None:
    assert description_dek(description, _BODY, "Library to close") is None


def test_a_description_naming_the_site_is_the_sites_unless_it_tells_the_story() -> None:
    brands = ("springfieldgazette", "thespringfieldgazette")
    about_site = "The Springfield Gazette: your source for local news, council votes and weather."
    assert description_dek(about_site, _BODY, "Library to close", lambda: brands) is None
    assert description_dek(about_site, _BODY, "Library to close") == about_site  # naming no site of its own
    about_story = "The Springfield Gazette hears the council vote to close the old library on Main Street."
    assert description_dek(about_story, _BODY, "Library to close", lambda: brands) == about_story


def test_a_description_in_chinese_is_not_compared_word_by_word() -> None:
    description = "市议会周二投票决定关闭主街上的旧图书馆"
    assert description_dek(description, _BODY, "Library to close") == description


def test_the_record_leaves_out_the_sites_description() -> None:
    site = "The Springfield Gazette: your source for local news, weather and sport."
    named = '<meta property="og:site_name" content="The Springfield Gazette"></head>'
    page = _page(site).replace("</head>", named)
    record = extract_article(page, "https://news.example/2023/03/02/library")
    assert isinstance(record, Article), record
    assert record.site_name == "The Springfield Gazette"
    assert record.dek is None
