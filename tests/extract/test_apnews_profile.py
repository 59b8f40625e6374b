"""The AP News profile on every replica page (both layouts): exact records, no furniture.

Also: AP's byline forms, and the G-20 story archived from both its HuffPost and its AP copy.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsharvest import query
from newsharvest.extract import Article, extract_article
from newsharvest.extract.byline import parse_byline
from newsharvest.extract.profiles import profile_for_url
from newsharvest.store import Archive
from newsharvest.testing.server import sites_dir
from tests.conftest import extraction_cases


def test_the_replica_has_the_cases_the_issue_names() -> None:
    names = {case.name for case in extraction_cases("apnews")}
    assert {
        "g20-wire-story",
        "old-layout-photo-tail",
        "current-layout-two-authors",
        "agency-only-byline",
        "video-not-article",
        "hub-not-article",
        "sitemap-404",
    } <= names


def test_apnews_urls_get_the_apnews_profile() -> None:
    profile = profile_for_url("https://apnews.com/article/some-story-0123456789abcdef0123456789abcdef")
    assert profile is not None and profile.name == "apnews"


def test_every_replica_page_says_it_is_a_reconstruction() -> None:
    pages = sorted((sites_dir() / "apnews").rglob("*.html"))
    assert len(pages) >= 6
    for page in pages:
        head = page.read_text(encoding="utf-8")[:600]
        assert head.startswith("<!-- Reconstruction for newsharvest's tests"), page.name


@pytest.mark.parametrize(
    ("printed", "names", "agency"),
    [
        ("By MATTHEW LEE", ["Matthew Lee"], None),
        ("By DEREK OYELARAN and MAREN HOLLISTER", ["Derek Oyelaran", "Maren Hollister"], None),
        (
            "By PRIYA VENKATARAMAN and KEVIN O’HALLORAN, AP Technology Writers",
            ["Priya Venkataraman", "Kevin O’Halloran"],
            None,
        ),
        ("By MATT O'BRIEN, AP Technology Writer", ["Matt O'Brien"], None),
        ("By SETH BORENSTEIN AP Science Writer", ["Seth Borenstein"], None),
        (
            "By MATT O'BRIEN and BARBARA ORTUTAY AP Technology Writers",
            ["Matt O'Brien", "Barbara Ortutay"],
            None,
        ),
        ("Associated Press", [], "AP"),
        ("By The Associated Press", [], "AP"),
    ],
)
def test_ap_bylines(printed: str, names: list[str], agency: str | None) -> None:
    byline = parse_byline(printed)
    assert [a.name for a in byline.authors] == names
    assert byline.agency == agency
    assert byline.raw == printed


def _g20(site: str) -> Article:
    case = next(c for c in extraction_cases(site) if c.name == "g20-wire-story")
    record = extract_article(case.page_bytes() or b"", case.url)
    assert isinstance(record, Article), record
    return record


def test_huffpost_and_ap_copies_of_the_g20_story_both_archive(tmp_path: Path) -> None:
    copies = {"huffpost": _g20("huffpost"), "apnews": _g20("apnews")}
    database = tmp_path / "archive.db"
    with Archive.open(database) as archive:
        for record in copies.values():
            assert archive.store_article(record, fetched_at="2023-03-03T00:00:00+00:00") == "new"
    with Archive.open(database, readonly=True) as archive:
        stored = {site: query.get_article(archive, r.canonical_url) for site, r in copies.items()}

    huffpost, ap = stored["huffpost"], stored["apnews"]
    assert huffpost is not None and ap is not None and huffpost["id"] != ap["id"]
    assert huffpost["headline"].lower() == ap["headline"].lower()
    for row in (huffpost, ap):
        assert [a["name"] for a in row["authors"]] == ["Matthew Lee"]
        assert row["agency"] == "AP"
        assert row["dateline"]["place"] == "NEW DELHI" and row["dateline"]["agency"] == "AP"
        assert row["date_published"].startswith("2023-03-02")
        assert len(row["body"].split("\n\n")) == 4
        assert [c["credit"] for c in row["captions"]] == ["Olivier Douliery/Pool Photo via AP"]
    assert huffpost["body"] == ap["body"]
    assert ap["byline_raw"] == "By MATTHEW LEE"
    assert "Follow AP" not in ap["body"] and "___" not in ap["body"]


def test_a_broken_end_tag_after_a_photo_loses_no_paragraph() -> None:
    """One bad byte in the photo box's end tag (`</di\\xf4\\x90\\x80\\x80v>`, which the parser cannot
    read as `</div>`) leaves the box open, so the story's later paragraphs nest in it: they are
    still read, in place, and the photo's caption stays a caption."""
    url = "https://apnews.com/article/ai-chip-factory-ohio-delay-norvale-d9df7c92153c8ebb9ba5aa64d11b7f53"
    page = (sites_dir() / "apnews" / "article" / f"{url.rsplit('/', 1)[1]}.html").read_bytes()
    story = page.index(b'class="RichTextStoryBody')
    photo_end = page.index(b"</figcaption></figure></div>", story) + len(b"</figcaption></figure>")
    broken = page[:photo_end] + b"</di\xf4\x90\x80\x80v>" + page[photo_end + len(b"</div>") :]
    whole, damaged = extract_article(page, url), extract_article(broken, url)
    assert isinstance(whole, Article) and isinstance(damaged, Article)
    assert "What the delay means for jobs" in whole.body
    assert damaged.body == whole.body
    assert damaged.captions == whole.captions
