"""`newsharvest similar`, `link` and `migrate` on an archive holding AP's dairy story and
HuffPost's trimmed, retitled copy of it (both replica pages, extracted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsharvest.cli import main
from newsharvest.extract import Article, extract_article
from newsharvest.extract import signature as linking
from newsharvest.store import Archive
from tests.conftest import extraction_cases

FETCHED = "2024-05-01T12:00:00+00:00"


def record(site: str, name: str) -> Article:
    [case] = [c for c in extraction_cases(site) if c.name == name]
    extracted = extract_article(case.page_bytes() or b"", case.url)
    assert isinstance(extracted, Article)
    return extracted


@pytest.fixture
def pair() -> tuple[Article, Article]:
    """(AP's dairy story, HuffPost's copy of it)."""
    return record("apnews", "old-layout-photo-tail"), record("huffpost", "wire-copy-trimmed-retitled")


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_similar_diff_lists_the_copy_and_what_it_changed(
    tmp_path: Path, pair: tuple[Article, Article]
) -> None:
    ap, huffpost = pair
    db = str(tmp_path / "archive.db")
    with Archive.open(db) as archive:
        archive.store_batch([(huffpost, FETCHED), (ap, FETCHED)])  # ids 1 (HuffPost) and 2 (AP)
    paragraphs = ap.body.split("\n\n")
    found = linking.similarity(linking.signature(ap.body), linking.signature(huffpost.body))
    assert run("similar", "1", "--diff", "--db", db).splitlines() == [
        "story 1: 2 copies; original [2] AP NEWS (apnews.com), the agency's own copy",
        f"* {found.containment:.2f}  apnews.com         2023-03-14  [2] "
        "Wisconsin dairy farms turn to milking robots as workers grow scarce",
        "  1.00  huffpost.com       2023-03-14  [1] "
        "Robots Are Milking The Cows On Wisconsin Farms That Can't Find Workers",
        "      headline: “Wisconsin dairy farms turn to milking robots as workers grow scarce” → "
        "“Robots Are Milking The Cows On Wisconsin Farms That Can't Find Workers”",
        "      paragraphs: 5 kept, 0 added, 3 dropped, 0 edited",
        *(f"      - {p[:89]}…" for p in paragraphs[5:]),
    ]
    assert found.containment > 0.9


def test_similar_json_and_an_article_without_copies(tmp_path: Path, pair: tuple[Article, Article]) -> None:
    ap, huffpost = pair
    db = str(tmp_path / "archive.db")
    with Archive.open(db) as archive:
        archive.store_batch(
            [(huffpost, FETCHED), (ap, FETCHED), (record("apnews", "agency-only-byline"), FETCHED)]
        )
    found = json.loads(run("similar", huffpost.url, "--format", "json", "--db", db))
    assert [(c["id"], c["is_original"]) for c in found["copies"]] == [(2, True), (1, False)]
    assert found["story"]["original_reason"] == "agency_site"
    assert found["copies"][1]["changes"]["dropped"] == ap.body.split("\n\n")[5:]
    assert run("similar", "3", "--db", db) == "no copies of article 3 are known\n"
    shown = run("show", "1", "--db", db)
    assert "story: story 1: 2 copies; original [2] AP NEWS (apnews.com), the agency's own copy" in shown
    rows = run("export", "--format", "csv", "--db", db).splitlines()
    assert rows[0].endswith(",story_id,is_original")
    stats = run("stats", "--db", db)
    assert "100.0%  huffpost.com: 1 of 1 articles are copies; 0 originals copied elsewhere" in stats
    assert "0.0%  apnews.com: 0 of 2 articles are copies; 1 originals copied elsewhere" in stats
    collapsed = json.loads(run("search", "Sorensen", "--collapse", "--format", "json", "--db", db))
    assert [(r["story_id"], r["copies"]) for r in collapsed["results"]] == [(1, 2)]
    assert json.loads(run("search", "Sorensen", "--format", "json", "--db", db))["total"] == 2


def test_migrate_links_an_archive_stored_before_linking(
    tmp_path: Path, pair: tuple[Article, Article]
) -> None:
    ap, huffpost = pair
    db = str(tmp_path / "archive.db")
    with Archive.open(db) as archive:
        archive.link_threshold = None  # as an older newsharvest stored them
        archive.store_batch([(huffpost, FETCHED), (ap, FETCHED)])
    assert run("similar", "1", "--db", db) == "no copies of article 1 are known\n"
    result = CliRunner().invoke(main, ["migrate", "--db", db])
    assert result.exit_code == 0, result.output
    assert "2 articles linked: 1 stories with copies" in result.output
    assert run("similar", "1", "--db", db).splitlines()[0].startswith("story 1: 2 copies; original [2]")
    result = CliRunner().invoke(main, ["link", "--rebuild", "--db", db])
    assert result.exit_code == 0 and "2 articles linked: 1 stories with copies" in result.output
