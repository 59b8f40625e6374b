"""Dates: zone names and page offsets applied, never silent UTC; numeric dates in the page's order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone, tzinfo

import pytest

from newsharvest.extract import Article, extract_article
from newsharvest.extract.date_order import day_first
from newsharvest.extract.dates import date_from_url, parse_date, resolve_dates
from newsharvest.extract.document import Document
from newsharvest.extract.zones import language_zone

BODY = "<p>" + "Der Stadtrat hat am Freitag den Haushalt fuer das kommende Jahr beschlossen. " * 8 + "</p>"
URL = "https://zeitung.example.de/politik/haushalt-beschlossen"


def _record(head: str, body: str = "", lang: str = "de", **kwargs: str) -> Article:
    html = (
        f'<html lang="{lang}"><head><title>Haushalt beschlossen</title>{head}</head>'
        f"<body><article><h1>Haushalt beschlossen</h1>{body}{BODY}</article></body></html>"
    )
    record = extract_article(html, URL, fetched_at=datetime(2024, 1, 1, tzinfo=UTC), **kwargs)
    assert isinstance(record, Article), record
    return record


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Fri Apr 28 10:00:00 CEST 2023", "2023-04-28T10:00:00+02:00"),
        ("April 28, 2023 10:00 AM EDT", "2023-04-28T10:00:00-04:00"),
        ("January 18, 2017 11:00 PM PST", "2017-01-18T23:00:00-08:00"),
        ("2019-02-18 16:51:25 -0500", "2019-02-18T16:51:25-05:00"),
        ("11/21/2016 10:47 am ET", "2016-11-21T10:47:00-05:00"),  # ET is EST in November…
        ("03/12/2019 02:20 pm ET", "2019-03-12T14:20:00-04:00"),  # …and EDT in March
        ("07/04/2016 09:00 pm PT", "2016-07-04T21:00:00-07:00"),
        ("1 de diciembre de 2017 3:00 AM PST", "2017-12-01T03:00:00-08:00"),
        ("28. April 2023 um 10:00 Uhr", "2023-04-28T10:00:00+00:00"),
        ("30 avril 2015 à 07:19", "2015-04-30T07:19:00+00:00"),
        ("November 12th, 2012 @ 2:14pm", "2012-11-12T14:14:00+00:00"),
        ("February 29, 2016 @ 11:10 PM UTC", "2016-02-29T23:10:00+00:00"),
        ("November 12th, 2012 @ 2:14pm (PT)", "2012-11-12T14:14:00-08:00"),  # the zone in brackets
        ("12 agosto 2021", "2021-08-12T00:00:00+00:00"),
        ("5 de março de 2020", "2020-03-05T00:00:00+00:00"),
        ("2023年4月28日 10時5分", "2023-04-28T10:05:00+00:00"),
        ("1682668800000", "2023-04-28T08:00:00+00:00"),
    ],
)
def test_dates_in_many_spellings(raw: str, expected: str) -> None:
    value = parse_date(raw)
    assert value is not None and value.isoformat() == expected


def test_numeric_dates_follow_the_page_language() -> None:
    assert day_first("de") and day_first("en-GB") and day_first("fr-FR") and not day_first("en-US")
    german = parse_date("03.04.2023", dayfirst=day_first("de"))
    american = parse_date("04/03/2023", dayfirst=day_first("en-US"))
    assert german is not None and german.date().isoformat() == "2023-04-03"
    assert american is not None and american.date().isoformat() == "2023-04-03"
    year_first = parse_date("2023/04/05", dayfirst=True)
    assert year_first is not None and year_first.date().isoformat() == "2023-04-05"


def test_naive_time_takes_the_default_zone() -> None:
    berlin = timezone(timedelta(hours=2))
    value = parse_date("2023-04-28T10:00:00", default_zone=berlin)
    assert value is not None and value.isoformat() == "2023-04-28T10:00:00+02:00"


def test_naive_publication_takes_the_offset_the_page_states_elsewhere() -> None:
    head = (
        '<meta property="article:published_time" content="2023-04-28T10:00:00">'
        '<meta property="article:modified_time" content="2023-04-28T12:30:00+02:00">'
    )
    record = _record(head)
    assert record.date_published == "2023-04-28T10:00:00+02:00"
    assert record.date_published_raw == "2023-04-28T10:00:00"
    assert record.date_modified == "2023-04-28T12:30:00+02:00"


def test_naive_time_without_any_offset_uses_the_site_zone_else_utc() -> None:
    head = '<meta property="article:published_time" content="2023-01-10T10:00:00">'
    assert _record(head, timezone="Europe/Berlin").date_published == "2023-01-10T10:00:00+01:00"
    assert _record(head).date_published == "2023-01-10T10:00:00+00:00"
    assert _record(head).date_published_raw == "2023-01-10T10:00:00"


@pytest.mark.filterwarnings("error")
def test_a_zone_name_nobody_knows_leaves_the_time_without_a_zone() -> None:
    """A malformed or unknown zone ("ZZ", "XYZ") states no offset: the time takes the site's
    zone as a time stating none does, quietly (dateutil warns, and will raise, on such a name)."""
    berlin = timezone(timedelta(hours=1))
    for raw in ("2020-01-10T00:59:47ZZ", "January 10, 2020 3:46 PM XYZ"):
        value = parse_date(raw, default_zone=berlin)
        assert value is not None and value.utcoffset() == timedelta(hours=1), raw
    assert str(parse_date("2020-01-10T00:59:47ZZ")) == "2020-01-10 00:59:47+00:00"


def test_a_japanese_pages_printed_time_is_tokyos_not_its_datas_utc() -> None:
    """Systems write their data in UTC ("Z"): that says nothing of the zone a Japanese page prints
    its times in, Tokyo's; a site's configured zone still comes first."""
    head = '<meta property="article:modified_time" content="2018-06-18T13:57:57.000Z">'
    body = "<div class='meta'>2018年6月18日 10:01</div>"
    record = _record(head, body=body, lang="ja")
    assert record.date_published == "2018-06-18T10:01:00+09:00"
    assert record.date_published_raw == "2018年6月18日 10:01"
    assert record.date_modified == "2018-06-18T13:57:57+00:00"
    berlin = _record(head, body=body, lang="ja", timezone="Europe/Berlin")
    assert berlin.date_published == "2018-06-18T10:01:00+02:00"
    assert _record(head, body=body, lang="de").date_published == "2018-06-18T10:01:00+00:00"


def test_a_stated_offset_other_than_utc_beats_the_languages_zone() -> None:
    head = '<meta property="article:modified_time" content="2018-06-18T13:57:57+02:00">'
    body = "<div class='meta'>2018年6月18日 10:01</div>"
    assert _record(head, body=body, lang="ja-JP").date_published == "2018-06-18T10:01:00+02:00"


@pytest.mark.parametrize(
    ("language", "zone"),
    [("ja", "Asia/Tokyo"), ("ko-KR", "Asia/Seoul"), ("zh_TW", "Asia/Shanghai"), ("de", None), (None, None)],
)
def test_the_zone_a_language_is_written_in(language: str | None, zone: str | None) -> None:
    found = language_zone(language)
    assert (str(found) if found is not None else None) == zone


def test_date_printed_only_beside_the_byline() -> None:
    body = '<div class="byline">Von Anna Schmidt 28. April 2023 um 10:00 Uhr</div>'
    record = _record("", body=body, timezone="Europe/Berlin")
    assert [a.name for a in record.authors] == ["Anna Schmidt"]
    assert record.date_published == "2023-04-28T10:00:00+02:00"
    assert record.date_published_raw == "28. April 2023 um 10:00 Uhr"


_ZERO = "0001-01-01T00:00:00Z"  # the JSON-LD datePublished and dateModified of USA Today's network
_DATED_URL = "https://www.usatoday.com/story/news/nation/2019/11/19/teachers-protest/40651467/"
_FETCHED = datetime(2019, 11, 20, tzinfo=UTC)


def _dates(published: list[str | None], modified: list[str | None], url: str = _DATED_URL) -> tuple:
    doc = Document.from_input("<html><body><p>Text.</p></body></html>", url)
    found = resolve_dates(doc, published, modified, _FETCHED)
    return found.published, found.published_raw, found.modified, found.modified_raw


def test_a_year_one_placeholder_is_skipped_so_the_next_source_decides() -> None:
    assert _dates([_ZERO], [_ZERO]) == ("2019-11-19T00:00:00+00:00", None, None, None)
    stated = "2019-11-19T14:03:00-05:00"
    assert _dates([_ZERO, stated], [_ZERO, stated]) == (stated, stated, stated, stated)
    assert _dates([_ZERO], [_ZERO], url="https://news.example/teachers-protest") == (None, None, None, None)


@pytest.mark.parametrize(
    "unset",
    ["1970-01-01T00:00:00Z", "1970-01-01", "1969-12-31T19:00:00-05:00", "0000000000", "1900-01-01T00:00:00"],
)
def test_an_unset_looking_date_gives_way_to_any_other_source(unset: str) -> None:
    """The Unix epoch and 1 January 1900 at midnight are what systems print for no date: the
    URL's date, or a later stated one, decides."""
    assert _dates([unset], [unset]) == ("2019-11-19T00:00:00+00:00", None, None, None)
    stated = "2019-11-19T14:03:00-05:00"
    assert _dates([unset, stated], [unset, stated]) == (stated, stated, stated, stated)


def test_an_unset_looking_date_is_kept_when_nothing_else_dates_the_page() -> None:
    """An archive may state either day for real: alone, it stays."""
    undated = "https://news.example/new-year"
    assert _dates(["1970-01-01"], [], url=undated)[:2] == ("1970-01-01T00:00:00+00:00", "1970-01-01")
    assert _dates(["1900-01-01"], [], url=undated)[:2] == ("1900-01-01T00:00:00+00:00", "1900-01-01")


def test_the_first_of_january_1970_at_another_time_is_a_date() -> None:
    assert _dates(["1970-01-01T09:30:00Z"], [])[:2] == ("1970-01-01T09:30:00+00:00", "1970-01-01T09:30:00Z")


def test_old_dates_an_archive_states_are_kept() -> None:
    assert _dates(["1865-04-15"], [])[:2] == ("1865-04-15T00:00:00+00:00", "1865-04-15")


def test_a_publication_days_after_the_day_the_address_spells_is_a_republication() -> None:
    """A blog's address keeps the day it was first put up; its markup re-dates the republished
    page. A day apart is a time zone's slip: the stated time stays."""
    url = "https://www.example.de/home/2017/7/12/unter-uns"
    republished = _dates(["2019-06-17T18:28:00+0200"], [], url=url)
    assert republished == ("2017-07-12T00:00:00+00:00", None, None, None)
    later = "2019-11-20T01:00:00+09:00"
    assert _dates([later], [])[:2] == ("2019-11-20T01:00:00+09:00", later)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.example.de/home/2017/7/12/unter-uns", datetime(2017, 7, 12, tzinfo=UTC)),
        ("https://news.example/2019-06-14-council", datetime(2019, 6, 14, tzinfo=UTC)),
        ("https://news.example/2019/11/19", datetime(2019, 11, 19, tzinfo=UTC)),
        ("https://physics.example.com/2012/08/3d-map-of-galaxies.html", None),
        ("https://news.example/2019/13/02/slug", None),
        ("https://news.example/2019/02/30/slug", None),
    ],
)
def test_the_day_an_address_spells(url: str, expected: datetime | None) -> None:
    assert date_from_url(url) == expected


_DECEMBER_2026 = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize("raw", ["July 2012", "2012", "12:06PM", "Thursday", "Updated 3:46 PM"])
def test_a_date_without_its_day_is_no_date(raw: str) -> None:
    """dateutil fills what a string leaves out from today; a month, a year or a time alone
    must not become today's day of that month or today's date."""
    assert parse_date(raw, reference=_DECEMBER_2026) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Aug 9", "2026-08-09T00:00:00+00:00"),
        ("Dec 25", "2025-12-25T00:00:00+00:00"),  # not yet this year: last year's
        ("1:12 pm Sunday, Aug 9", "2026-08-09T13:12:00+00:00"),
        ("Thursday, Feb 29", "2024-02-29T00:00:00+00:00"),
    ],
)
def test_a_date_without_its_year_is_the_latest_before_the_fetch(raw: str, expected: str) -> None:
    value = parse_date(raw, reference=_DECEMBER_2026)
    assert value is not None and value.isoformat() == expected


def test_a_date_without_its_year_is_no_date_when_its_weekday_disagrees() -> None:
    """Thursday, Aug 9 is 2012's (or 2018's), not this year's Sunday: no date beats a wrong one."""
    assert parse_date("1:12 pm Thursday, Aug 9", reference=_DECEMBER_2026) is None
    assert parse_date("Aug 9") is None  # and with no fetch time there is no year to read it in


def test_a_printed_stamp_without_a_year_takes_the_fetch_year() -> None:
    doc = Document.from_input("<html><body><p>Story</p></body></html>", "https://example.com/a")
    found = resolve_dates(doc, [], [], _DECEMBER_2026, printed="1:12 pm Monday, Nov 30")
    assert (found.published, found.published_raw) == ("2026-11-30T13:12:00+00:00", "1:12 pm Monday, Nov 30")
    stale = resolve_dates(doc, [], [], _DECEMBER_2026, printed="1:12 pm Thursday, Aug 9")
    assert stale.published is None


_STORY = "<p>" + "The council approved the budget for the coming year after a long debate. " * 8 + "</p>"


def _stamped_page(aside: str) -> bytes:
    return (
        "<html><head><title>Budget approved</title></head><body><article><h1>Budget approved</h1>"
        '<div class="byline">by Ann Lee July 24, 2012 5:14 AM PDT <a href="/follow">Follow</a></div>'
        f"{_STORY}</article><aside>{aside}</aside></body></html>"
    ).encode()


def test_the_date_printed_with_the_byline_wins_over_a_time_element_elsewhere() -> None:
    """A `<time>` in a sidebar (a product review's date) is not the story's; the stamp printed
    beside the story's byline is, even with a link word ("Follow") printed after it."""
    review = '<div class="review">Review date: <time datetime="2011-10-04">10/04/11</time></div>'
    page = _stamped_page(review)
    record = extract_article(page, "https://news.example.com/budget", fetched_at=_DECEMBER_2026)
    assert isinstance(record, Article)
    assert record.date_published == "2012-07-24T05:14:00-07:00"
    assert record.date_published_raw == "July 24, 2012 5:14 AM PDT"


def _numeric_page(lang: str, printed: str) -> Document:
    html = f'<html lang="{lang}"><body><p>Story.</p><p class="related">{printed}</p></body></html>'
    return Document.from_input(html, "https://news.example.com/story")


@pytest.mark.parametrize(
    ("lang", "printed", "expected"),
    [
        ("en", "Older: 29/12/2007", "2008-01-10"),  # the page writes day first
        ("", "Older: 29/12/2007", "2008-01-10"),
        ("en", "Older: 12/29/2007", "2008-10-01"),  # the page writes month first
        ("en", "No other date here", "2008-10-01"),  # no evidence: month first, as before
        ("en-US", "Older: 29/12/2007", "2008-10-01"),  # the language says: it decides
        ("en-GB", "Older: 12/29/2007", "2008-01-10"),
        ("", "Stand: 03.04.2007", "2008-01-10"),  # a German label word: day first
        ("", "Artikel vom 03.04.2007", "2008-01-10"),
        ("", "Erschienen am<b>03.04.2007</b>", "2008-01-10"),
        ("", "Posted at 10:30 am 03/04/2007", "2008-10-01"),  # English "am" after a time: no label
        ("en-US", "Stand: 03.04.2007", "2008-10-01"),  # the language says: it decides
    ],
)
def test_an_ambiguous_numeric_date_follows_the_pages_order(lang: str, printed: str, expected: str) -> None:
    found = resolve_dates(_numeric_page(lang, printed), ["10/01/2008"], [], _FETCHED)
    assert found.published is not None and found.published[:10] == expected


def test_a_weekday_printed_with_an_ambiguous_date_settles_it() -> None:
    november = parse_date("Tuesday, 11.06.2012", dayfirst=True)  # 11 June 2012 was a Monday
    assert november is not None and november.date().isoformat() == "2012-11-06"
    june = parse_date("Monday, 11.06.2012", dayfirst=True)
    assert june is not None and june.date().isoformat() == "2012-06-11"
    neither = parse_date("Friday, 11.06.2012", dayfirst=True)  # no reading falls on it: as read
    assert neither is not None and neither.date().isoformat() == "2012-06-11"


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        (None, "2012-11-06T22:16:00+01:00"),  # no word from the page: Irish Summer Time
        (timezone(timedelta(hours=5, minutes=30)), "2012-11-06T22:16:00+05:30"),  # the page's offset: India's
        (timezone(timedelta(hours=2)), "2012-11-06T22:16:00+02:00"),  # Israel's
        (timezone(timedelta(hours=-5)), "2012-11-06T22:16:00+01:00"),  # no meaning of IST: as before
    ],
)
def test_ist_is_the_standard_time_the_page_states(zone: tzinfo | None, expected: str) -> None:
    value = parse_date("Nov 06, 2012 at 10:16pm IST", zone)
    assert value is not None and value.isoformat() == expected


def test_ist_printed_beside_an_indian_pages_dates_is_indias() -> None:
    page = _numeric_page("en", "Updated Nov 06, 2012 at 10:16pm IST")
    found = resolve_dates(page, ["2012-11-06T21:48:04+05:30"], ["Nov 06, 2012 at 10:16pm IST"], _FETCHED)
    assert found.modified == "2012-11-06T22:16:00+05:30"


def test_a_source_given_as_a_function_is_read_only_when_the_sources_before_it_settle_nothing() -> None:
    doc = Document.from_input("<html><body><p>Text.</p></body></html>", "https://news.example/story")
    asked: list[str] = []

    def late(value: str | None) -> Callable[[], str | None]:
        def read() -> str | None:
            asked.append(str(value))
            return value

        return read

    settled = "2019-11-19T14:03:00-05:00"
    found = resolve_dates(doc, [settled, late("2019-11-18T09:00:00+01:00")], [settled, late(None)], _FETCHED)
    assert (found.published, found.modified, asked) == (settled, settled, [])
    # no offset in the first source: the page's offset is sought in the next ones, which are read
    found = resolve_dates(doc, ["2019-11-19 14:03", late("2019-11-18T09:00:00+01:00")], [], _FETCHED)
    assert (found.published, found.published_raw) == ("2019-11-19T14:03:00+01:00", "2019-11-19 14:03")
    assert asked == ["2019-11-18T09:00:00+01:00"]
    found = resolve_dates(doc, [None, late("2019-11-18T09:00:00+01:00")], [late(None)], _FETCHED)
    assert (found.published, found.modified) == ("2019-11-18T09:00:00+01:00", None)


@pytest.mark.parametrize(
    ("printed", "published", "raw"),
    [
        ("10.03.2017, 09:58 Uhr", "2017-03-10T09:58:00+00:00", "10.03.2017, 09:58"),  # no zone stated: UTC
        ("09.03.2017, 22:10 Uhr", "2017-03-10T00:00:00+00:00", None),  # another day: the address's
    ],
)
def test_a_time_printed_above_the_story_on_the_day_the_address_spells_says_when(
    printed: str, published: str, raw: str | None
) -> None:
    html = (
        '<html lang="de"><head><title>Haushalt beschlossen</title></head><body><article>'
        f"<h1>Haushalt beschlossen</h1><p>{printed}</p>{BODY}</article></body></html>"
    )
    url = "https://www.example.de/politik/2017/03/10/haushalt-beschlossen"
    record = extract_article(html, url, fetched_at=datetime(2024, 1, 1, tzinfo=UTC))
    assert isinstance(record, Article), record
    assert (record.date_published, record.date_published_raw) == (published, raw)
