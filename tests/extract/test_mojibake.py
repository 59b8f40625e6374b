"""Mojibake in a page's own bytes: text stored through the wrong decoder is read as it was
written, and text that is right as it is stays (`extract/mojibake.py`)."""

from __future__ import annotations

import pytest

from newsharvest.extract import Article, extract_article
from newsharvest.extract.document import Document
from newsharvest.extract.mojibake import shows_mojibake, without_mojibake

_STORY = [
    "The council said on Monday that the mayor’s aide, José Martínez, would keep his job after the "
    "review, which found no fault in the way the tender for the new tram depot had been run.",
    "The review’s authors interviewed 23 officials over four months and read every e-mail sent "
    "about the tender, the council’s spokeswoman, Zoë Brontë, told reporters at city hall.",
    "Opposition members called the report a whitewash and said they would ask the regional "
    "auditor to look again at the contract, which is worth about 40 million euros.",
]


def _garbled(text: str) -> str:
    """`text` as a CMS that read its UTF-8 bytes as cp1252 would store it."""
    return text.encode("utf-8").decode("cp1252")


def test_garbling_looks_as_expected() -> None:
    assert _garbled("mayor’s José") == "mayorâ€™s JosÃ©"


@pytest.mark.parametrize("as_bytes", [True, False])
def test_a_garbled_headline_and_body_come_out_as_written(as_bytes: bool) -> None:
    html = (
        "<html><head><title>x</title></head><body><article>"
        f"<h1>{_garbled('Aide to the mayor keeps his job – for now')}</h1>"
        + "".join(f"<p>{_garbled(paragraph)}</p>" for paragraph in _STORY)
        + "</article></body></html>"
    )
    record = extract_article(html.encode("utf-8") if as_bytes else html, "https://news.example/aide")
    assert isinstance(record, Article)
    assert record.headline == "Aide to the mayor keeps his job – for now"
    assert record.body == "\n\n".join(_STORY)


def test_only_the_garbled_line_of_a_page_changes() -> None:
    right = "<p>São Paulo: “groß”, Ærø, naïve — déjà vu, 東京</p>\n"
    wrong = f"<p>{_garbled('the mayor’s aide')}</p>\n"
    assert without_mojibake(right + wrong) == right + "<p>the mayor’s aide</p>\n"


@pytest.mark.parametrize(
    "text",
    [
        "SÃO PAULO — Brazil’s largest city",  # Portuguese capitals: Ã then a letter, no mojibake
        "Die Straße „groß“ und „Maß“",  # ß then a closing quote: checked, and left alone
        "Entities &amp; markup &#8217; <b>stay</b> as they are",
        "plain ASCII",
    ],
)
def test_text_that_is_right_stays(text: str) -> None:
    assert without_mojibake(text) == text
    assert Document.from_input(f"<p>{text}</p>", "https://news.example/").html == f"<p>{text}</p>"


def test_the_check_reads_the_utf8_bytes_or_the_text_alike() -> None:
    wrong, right = _garbled("mayor’s"), "mayor’s"
    assert shows_mojibake(wrong) and shows_mojibake(wrong, wrong.encode("utf-8"))
    assert not shows_mojibake(right) and not shows_mojibake(right, right.encode("utf-8"))
    assert not shows_mojibake("\ud800 lone surrogate")  # encodes, does not raise
