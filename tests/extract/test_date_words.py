"""Dates in other languages' words, an embed's time, and which way a page writes numeric dates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsharvest.extract import Article, extract_article
from newsharvest.extract.date_words import english_words, month_number
from newsharvest.extract.dates import parse_date, resolve_dates
from newsharvest.extract.document import Document

_FETCHED = datetime(2026, 12, 2, tzinfo=UTC)
_STORY = "".join(
    f"<p>{sentence} Der Rat tagt im kommenden Monat erneut und hört dann die Anwohner an.</p>"
    for sentence in (
        "Der Rat hat den Haushalt nach langer Debatte beschlossen.",
        "Die Mitglieder stritten stundenlang über die Kosten der alten Brücke.",
        "Der Bürgermeister sagte, die Abstimmung zeige, dass die Stadt sich noch einigen könne.",
    )
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Dienstag, 29. Januar 2019", "2019-01-29T00:00:00+00:00"),
        ("Sa., 22. Dez. 2012", "2012-12-22T00:00:00+00:00"),
        ("22. Dez 2012, 14:30 Uhr", "2012-12-22T14:30:00+00:00"),
        ("Montag, 3. März 2014 um 10:15", "2014-03-03T10:15:00+00:00"),
        ("3. Mär. 2014", "2014-03-03T00:00:00+00:00"),
        ("15. Feber 2019", "2019-02-15T00:00:00+00:00"),
        ("13. Juli 2021 | 05:00", "2021-07-13T05:00:00+00:00"),
        ("mardi 3 mars 2015 à 10:00", "2015-03-03T10:00:00+00:00"),
        ("12 juil. 2016", "2016-07-12T00:00:00+00:00"),
        ("martes, 3 de marzo de 2015", "2015-03-03T00:00:00+00:00"),
        ("terça-feira, 3 de março de 2015", "2015-03-03T00:00:00+00:00"),
        ("giovedì 4 dic 2014", "2014-12-04T00:00:00+00:00"),
    ],
)
def test_weekdays_and_short_months_of_other_languages(raw: str, expected: str) -> None:
    value = parse_date(raw, dayfirst=True)
    assert value is not None and value.isoformat() == expected


def test_words_that_are_no_date_stay_as_they_are() -> None:
    assert english_words("Sunday 5 hours ago") == "Sunday 5 hours ago"
    assert english_words("Do 5 Minuten") == "Do 5 Minuten"  # a German weekday only before its date
    assert english_words("Di., 11.06.2012") == "Tuesday, 11.06.2012"
    assert parse_date("set out 5 ago") is None


def test_month_numbers_in_every_language_read() -> None:
    assert [month_number(w) for w in ("Mai", "Dez.", "sept", "juil", "Okt", "March", "foo")] == [
        5, 12, 9, 7, 10, 3, None,
    ]  # fmt: skip


def _record(header: str, lang: str = "de", inside: str = "") -> Article:
    """A story page: `header` between the headline and the story, `inside` after its first paragraphs."""
    html = (
        f'<html lang="{lang}"><head><title>Haushalt beschlossen</title></head><body>'
        f"<div class='post'><h1>Haushalt nach langer Debatte beschlossen</h1>{header}"
        f"<div class='entry'>{_STORY}{inside}{_STORY}</div></div></body></html>"
    )
    record = extract_article(html.encode(), "https://zeitung.example.de/haushalt", fetched_at=_FETCHED)
    assert isinstance(record, Article)
    return record


def test_a_german_date_under_the_headline_with_its_weekday_and_short_month() -> None:
    record = _record("<div class='meta'>Sa., 22. Dez. 2012</div>")
    assert record.date_published == "2012-12-22T00:00:00+00:00"
    assert record.date_published_raw == "22. Dez. 2012"


def test_a_german_weekday_in_two_letters_before_a_numeric_date_is_read_with_it() -> None:
    record = _record("<div class='meta'>Di., 11.06.2012</div>")  # 11 June 2012 was a Monday
    assert record.date_published == "2012-11-06T00:00:00+00:00"
    assert record.date_published_raw == "Di., 11.06.2012"


def test_a_short_german_date_after_the_byline() -> None:
    header = "<p>von <a rel='author' href='/autor/ann'>Ann Lee</a>, 8.5.12</p>"
    assert _record(header).date_published == "2012-05-08T00:00:00+00:00"


def test_the_time_of_an_embedded_post_quoted_in_a_blockquote_is_not_the_pages() -> None:
    embed = (
        "<blockquote class='instagram-media'><p>Ein Bild</p>"
        "<time datetime='2018-03-12T19:30:12+00:00'>Mär 12, 2018</time></blockquote>"
    )
    record = _record("<div class='date'>Dienstag, 29. Januar 2019</div>", inside=embed)
    assert record.date_published == "2019-01-29T00:00:00+00:00"


def test_a_weekday_printed_before_a_numeric_date_under_the_headline_settles_its_order() -> None:
    header = "<div class='when'>Tuesday, 11.06.2012 / 4:54 PM</div>"  # 11 June 2012 was a Monday
    record = _record(header, lang="")
    assert record.date_published == "2012-11-06T00:00:00+00:00"
    assert record.date_published_raw == "Tuesday, 11.06.2012"


def _page(text: str) -> Document:
    return Document.from_input(
        f"<html><body><p>Story.</p>{text}</body></html>", "https://news.example.com/story"
    )


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("<p class='date'>Mai<span>06</span>2018</p><p>06.05.2018</p>", "2018-05-06"),  # named: 6 May
        ("<p>May 6, 2018</p><p>05/06/2018</p>", "2018-05-06"),  # named the other way: month first
        ("<p>06.05.2018</p>", "2018-06-05"),  # nothing says: month first, as before
        ("<p>6 May 2017</p><p>06.05.2018</p>", "2018-06-05"),  # another year's day says nothing
    ],
)
def test_the_same_day_written_with_its_months_name_settles_the_numeric_order(
    printed: str, expected: str
) -> None:
    raw = "06.05.2018" if "06.05" in printed else "05/06/2018"
    found = resolve_dates(_page(printed), [raw], [], _FETCHED)
    assert found.published is not None and found.published[:10] == expected
