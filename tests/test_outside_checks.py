"""How benchmarks/outside_checks.py reads trafilatura's real-world tests and judges a record."""

from __future__ import annotations

import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from outside_checks import Check, passes, read_checks  # noqa: E402

SOURCE = """
MOCK_PAGES = {
'https://a.example/post': 'a.html',
'https://b.example/story': 'b.html',
}

def test_extract(xmloutput):
    result = load_mock_page('https://a.example/post', xmloutput)
    assert 'Kept line' in result and 'Menu' not in result and 'Other' and len(result) > 3
    # assert 'Commented out' in result
    if xmloutput is False:
        assert 'Only in text' in result
    result = load_mock_page('https://b.example/story', xmloutput)
    assert result is None

def test_pages():
    url = 'https://b.example/story'
    metadata = extract_metadata(load_mock_page(url))
    assert metadata['title'] == 'Harbour plan approved'
    assert metadata['author'] == 'Ann Lee'
    assert metadata['description'] == 'not checked'
    assert metadata['date'] == '2020-01-20'
    assert 'Kept line' in metadata['title']
"""


def test_every_clause_of_a_known_form_is_one_check_in_the_order_written() -> None:
    pages, checks = read_checks(SOURCE)
    assert pages == {"https://a.example/post": "a.html", "https://b.example/story": "b.html"}
    assert checks == [
        Check("https://a.example/post", "in", "Kept line"),
        Check("https://a.example/post", "not in", "Menu"),
        Check("https://a.example/post", "in", "Only in text"),
        Check("https://b.example/story", "rejected", None),
        Check("https://b.example/story", "title", "Harbour plan approved"),
        Check("https://b.example/story", "author", "Ann Lee"),
        Check("https://b.example/story", "date", "2020-01-20"),
    ]


def test_a_record_meets_a_check_on_its_text_and_fields() -> None:
    record = {"text": "Kept  line\nand more", "title": "Harbour plan approved", "author": "Ann Lee",
              "date": "2020-01-20T09:30:00+01:00"}  # fmt: skip
    url = "https://a.example/post"
    assert passes(Check(url, "in", "Kept line"), record)
    assert not passes(Check(url, "in", "Menu"), record)
    assert passes(Check(url, "not in", "Menu"), record)
    assert passes(Check(url, "date", "2020-01-20"), record)
    assert not passes(Check(url, "author", "Ben Ode"), record)
    assert not passes(Check(url, "rejected", None), record)
    assert passes(Check(url, "rejected", None), None)
    assert passes(Check(url, "not in", "Menu"), None)
    assert not passes(Check(url, "title", "Harbour plan approved"), None)
