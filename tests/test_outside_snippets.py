"""How benchmarks/outside_snippets.py reads trafilatura's metadata unit tests and builds a page."""

from __future__ import annotations

import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from outside_snippets import STORY, as_page, read_snippets  # noqa: E402

SOURCE = """
def test_titles():
    metadata = extract_metadata('<html><head><title>T</title></head></html>')
    assert metadata['title'] == 'T'

def test_authors():
    assert normalize_authors(None, 'abc') == 'Abc'
    metadata = extract_metadata('<html><body><span class="author">Ann Lee</span></body></html>')
    assert metadata['author'] == 'Ann Lee'
    metadata = extract_metadata('<html><body><div class="sidebar">Ann Lee</div></body></html>')
    assert metadata['author'] is None
    metadata = extract_metadata('<html><body>x</body></html>', author_blacklist={'Ann Lee'})
    assert metadata['author'] == 'Ann Lee'

def test_dates():
    metadata = extract_metadata('<html><head><meta name="date" content="2017-09-01"/></head></html>')
    assert metadata['date'] == '2017-09-01'
"""


def test_snippets_with_an_author_or_date_expectation_are_read_in_order() -> None:
    assert read_snippets(SOURCE) == [
        ("author", '<html><body><span class="author">Ann Lee</span></body></html>', "Ann Lee"),
        ("author", '<html><body><div class="sidebar">Ann Lee</div></body></html>', None),
        ("date", '<html><head><meta name="date" content="2017-09-01"/></head></html>', "2017-09-01"),
    ]


def test_a_snippet_becomes_a_page_with_its_head_a_headline_its_body_and_a_story() -> None:
    page = as_page('<html><head><meta name="author" content="Ann Lee"/></head><body><b>x</b></body></html>')
    assert page == (
        '<html><head><meta name="author" content="Ann Lee"/></head><body><h1>Harbour plan approved</h1>'
        f"<b>x</b><article>{STORY}</article></body></html>"
    )
