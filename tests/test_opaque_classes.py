"""How benchmarks/opaque_classes.py hides a page's class and id names."""

from __future__ import annotations

import re
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from opaque_classes import opaque  # noqa: E402


def test_every_class_and_id_name_becomes_a_hash_and_the_same_name_the_same_hash() -> None:
    page = (
        b'<div id="comments" class="comment-list thread"><li class="comment even">A</li>'
        b"<li class='comment odd' data-id=\"7\">B</li><a href=\"#comment-7\" ID=\"x\">7</a></div>"
    )
    hidden = opaque(page)
    names = re.findall(rb'\s(?:class|id|ID)="([^"]*)"', hidden)
    assert len(names) == 5
    assert all(re.fullmatch(rb"(?:x[0-9a-f]{7} ?)+", value) for value in names)
    assert b"comment-list" not in hidden and b'"comments"' not in hidden
    first, second = (value.split() for value in names[2:4])
    assert first[0] == second[0] and first[1] != second[1]  # "comment" alike, "even"/"odd" not
    assert b'href="#comment-7"' in hidden and b'data-id="7"' in hidden and b">A</li>" in hidden


def test_class_names_alone_keep_the_ids() -> None:
    hidden = opaque(b'<li id="comment-7" class="comment even">A</li>', "class")
    assert b'id="comment-7"' in hidden and b"comment even" not in hidden


def test_the_other_fields_are_scored_as_published_and_hashed() -> None:
    from opaque_classes import field_scores

    truths = {
        "a": {"title": "Council passes the budget", "byline": "By Ann Lee"},
        "b": {"title": "Bridge reopens", "byline": ""},
    }
    rows = [
        ("a", 1.0, 1.0, [
            {"title": "Council passes the budget", "authors": ["Ann Lee"], "published": "2024-03-04"},
            {"title": "Menu", "authors": [], "published": None},
        ]),
        ("b", 1.0, 1.0, [
            {"title": "Bridge reopens", "authors": [], "published": "2024-03-05"},
            {"title": "Bridge reopens", "authors": [], "published": "2024-03-06"},
        ]),
    ]  # fmt: skip
    assert field_scores(rows, truths) == (
        "title match 1.000 / 0.500 (2); authors 1.000 / 0.000 (1); authors other 1 (none 1) of 2; "
        "published date other 2 (none 1) of 2"
    )
    assert field_scores([("b", 1.0, 1.0, [{"body": "x"}, {"body": "x"}])], truths) == "no field but the body"
