"""The benchmark's "truth present" rule (benchmarks/truth_present.py) and its figures, on hand-made pages."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from extraction_metric import field_scores  # noqa: E402
from truth_present import byline_present, page_strings, title_present  # noqa: E402

PAGE = """<!DOCTYPE html><html><head><title>Harbour Plan Approved | Example Gazette</title>
<meta property="og:title" content="Harbour  plan approved after vote">
<script type="application/ld+json">{"@type": "NewsArticle", "author": [{"name": "Ann Lee"}]}</script>
<style>h1 { color: red }</style></head>
<body><nav><a href="/">Home</a><a href="/news">News</a></nav>
<h1>Harbour <em>Plan</em> Approved</h1><h2>Council votes 7-2</h2>
<p class="byline">By <a href="/bo">BO CHEN</a>, Staff Writer</p>
<script>var hidden = "Secret Headline";</script><!-- Commented Headline -->
<p>The council approved the harbour plan on Monday.</p></body></html>"""


def test_page_strings_are_visible_text_title_meta_and_json_ld_with_white_space_collapsed() -> None:
    strings = page_strings(PAGE)
    assert strings[0] == (  # inline links without a space between run together, as a browser shows them
        "HomeNews Harbour Plan Approved Council votes 7-2 By BO CHEN, Staff Writer"
        " The council approved the harbour plan on Monday."
    )
    assert strings[1:] == [
        "Harbour Plan Approved | Example Gazette",
        "Harbour plan approved after vote",
        "NewsArticle",
        "Ann Lee",
    ]


def test_inline_markup_joins_as_written_and_blocks_break_apart() -> None:
    strings = page_strings("<html><body><p>Ex<b>tra</b>ordinary</p><div>next</div>line</body></html>")
    assert strings == ["Extraordinary next line"]


def test_a_title_is_present_only_as_written_in_one_string() -> None:
    strings = page_strings(PAGE)
    assert title_present("Harbour Plan  Approved", strings)  # white space collapsed, inline <em> joined
    assert title_present("Harbour Plan Approved Council votes 7-2", strings)  # headline run into its dek
    assert title_present("Harbour Plan Approved | Example Gazette", strings)  # the <title>
    assert title_present("Harbour plan approved after vote", strings)  # og:title
    assert not title_present("harbour plan approved", strings)  # case counts, as in title exact
    assert not title_present("Harbour Plan Approved?", strings)  # a character the truth lost or added
    assert not title_present("Secret Headline", strings)  # script source is not shown
    assert not title_present("Commented Headline", strings)
    assert not title_present("Approved | Example Gazette Harbour", strings)  # never across two strings
    assert not title_present(None, strings) and not title_present("  ", strings)


def test_a_byline_is_present_when_every_name_is_written_as_whole_words() -> None:
    strings = page_strings(PAGE)
    assert byline_present("By Bo Chen", strings)  # case and "By" do not count
    assert byline_present("Ann Lee and Bo Chen", strings)  # JSON-LD and visible text
    assert not byline_present("Bo Chen and Cy Dunn", strings)  # every name must be there
    assert not byline_present("Bo Che", strings)  # whole words only
    assert not byline_present("Ann Lee Bo Chen", strings)  # one name across two strings
    assert not byline_present(None, strings)


def test_markup_that_cannot_be_parsed_gives_no_strings_and_nothing_present() -> None:
    assert page_strings("") == []
    assert page_strings('<?xml version="1.0" encoding="utf-8"?><html><body><p>Hi</p></body></html>') == ["Hi"]
    assert not title_present("Hi", page_strings(""))


def _same_date(pred: object, truth: object) -> bool:
    return pred == truth


def _norm_ws(text: str | None) -> str:
    return " ".join((text or "").split())


def test_field_scores_give_present_figures_over_the_pages_whose_truth_is_in_the_page() -> None:
    rows = [
        (
            {"title": "Harbour Plan", "title_present": True, "byline": "Ann Lee", "byline_present": True},
            {"title": "Harbour Plan", "authors": ["Ann Lee"]},
        ),
        (
            {"title": "Lost ?haracter", "title_present": False, "byline": "Bo Chen", "byline_present": False},
            {"title": "Lost character", "authors": []},
        ),
        (
            {
                "title": "Other Story",
                "title_present": True,
                "byline": "By Cy Dunn 3 hours ago",
                "byline_present": True,
            },
            {"title": "Something else", "authors": ["Cy Dunn"]},
        ),
        ({"title": "No key"}, {"title": "No key", "authors": []}),
    ]
    scores = field_scores(rows, ("title", "authors"), _same_date, _norm_ws)
    assert scores["title_n"] == 4 and scores["title_exact"] == 0.5
    assert scores["title_present_n"] == 2 and scores["title_exact_present"] == 0.5
    assert scores["title_match_present"] == 0.5
    assert scores["author_n"] == 3 and scores["author_f1"] == pytest.approx(1 / 3)
    assert scores["author_present_n"] == 2 and scores["author_f1_present"] == 0.5
    assert scores["author_cleaned_present_n"] == 2 and scores["author_f1_cleaned_present"] == 1.0
