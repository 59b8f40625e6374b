"""How benchmarks/outside_dates.py reads htmldate's expected dates and judges a record's dates."""

from __future__ import annotations

import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from outside_dates import Check, Expectation, checks_of, passes, read_expectations  # noqa: E402

SOURCE = """
MOCK_PAGES = {
'https://a.example/post': 'a.html',
'https://b.example/home': 'b.html',
'https://c.example/terms': 'c.html',
'https://d.example/wiki': 'd.html',
}

def test_exact_date():
    assert find_date('<html><body><time datetime="2018-01-04"></body></html>') == '2018-01-04'
    assert find_date(load_mock_page('https://a.example/post')) == '2019-01-29'
    assert find_date(load_mock_page('https://a.example/post'), original_date=True) == '2019-01-28'
    assert find_date(load_mock_page('https://a.example/post'), original_date=False) == '2019-02-01'
    assert find_date(load_mock_page('https://b.example/home'), outputformat='%d %B %Y') == '23 December 2016'
    assert find_date(load_mock_page('https://b.example/home'), min_date='2010-01-01') == '2011-01-01'
    #assert find_date(load_mock_page('https://b.example/home')) == '2099-01-01'
    assert find_date(load_mock_page('https://c.example/terms')) is None
    assert find_date(load_mock_page('https://d.example/wiki'), extensive_search=False) is None
    if EXT_PARSER is True:
        assert find_date(load_mock_page('https://d.example/wiki'), extensive_search=True) == '2018-01-01'
    assert find_date(load_mock_page('https://a.example/post')) == '2019-01-29'
"""


def test_every_find_date_of_a_mock_page_is_one_expectation_in_the_order_written() -> None:
    pages, expectations = read_expectations(SOURCE)
    assert pages == {
        "https://a.example/post": "a.html",
        "https://b.example/home": "b.html",
        "https://c.example/terms": "c.html",
        "https://d.example/wiki": "d.html",
    }
    assert expectations == [
        Expectation("https://a.example/post", "2019-01-29"),
        Expectation("https://a.example/post", "2019-01-28", original_date=True),
        Expectation("https://a.example/post", "2019-02-01", original_date=False),
        Expectation("https://b.example/home", "2016-12-23"),
        Expectation("https://c.example/terms", None),
        Expectation("https://d.example/wiki", None, extensive_search=False),
        Expectation("https://d.example/wiki", "2018-01-01", extensive_search=True),
    ]


def test_one_check_of_each_kind_per_page_the_original_date_first() -> None:
    _, expectations = read_expectations(SOURCE)
    assert checks_of(expectations) == [
        Check("https://a.example/post", "published", "2019-01-28"),
        Check("https://a.example/post", "modified", "2019-02-01"),
        Check("https://b.example/home", "published", "2016-12-23"),
        Check("https://c.example/terms", "no date", None),
        Check("https://d.example/wiki", "published", "2018-01-01"),
    ]


def test_a_record_meets_a_check_on_its_days() -> None:
    url = "https://a.example/post"
    dated = {"published": "2019-01-28T23:30:00-05:00", "modified": None}
    assert passes(Check(url, "published", "2019-01-28"), dated)  # the day as the page states it
    assert not passes(Check(url, "published", "2019-01-29"), dated)
    assert passes(Check(url, "modified", "2019-01-28"), dated)  # no update: the publication is the latest
    assert passes(Check(url, "modified", "2019-02-01"), {**dated, "modified": "2019-02-01T08:00:00+00:00"})
    assert not passes(Check(url, "no date", None), dated)
    assert passes(Check(url, "no date", None), {"published": None, "modified": None})
    assert passes(Check(url, "no date", None), None)  # no article: no date
    assert not passes(Check(url, "published", "2019-01-28"), None)
