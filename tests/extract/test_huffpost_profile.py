"""The HuffPost profile on every replica page: exact records, furniture never in any field."""

from __future__ import annotations

import re

import lxml.html

from newsharvest.extract import Article, extract_article
from newsharvest.extract.document import collapse
from tests.conftest import extraction_cases


def test_the_replica_has_the_cases_the_issue_names() -> None:
    names = {case.name for case in extraction_cases("huffpost")}
    assert {
        "g20-wire-story",
        "staff-two-authors",
        "three-photos",
        "contributor-opinion",
        "pre-2020-layout",
        "huffingtonpost-2016-layout",
        "video-not-article",
        "sitemap-404",
    } <= names


def _page_lines(html: bytes) -> str:
    """The page's visible text and img alt texts in document order, whitespace collapsed."""
    root = lxml.html.document_fromstring(html)
    for junk in root.xpath("//script|//style|//head"):
        junk.drop_tree()
    parts: list[str] = []
    for element in root.iter():
        if element.tag == "img" and element.get("alt"):
            parts.append(element.get("alt") or "")
        if isinstance(element.tag, str) and element.text:
            parts.append(element.text)
        if element.tail:
            parts.append(element.tail)
    return collapse(" ".join(parts))


def test_g20_page_carries_every_seed_line_in_order() -> None:
    case = next(c for c in extraction_cases("huffpost") if c.name == "g20-wire-story")
    seed = (case.folder / "seed.txt").read_text(encoding="utf-8")
    text = _page_lines(case.page_bytes() or b"")
    # Inline labels run together in a reader's copy ("World Newsantony blinken…"), so the
    # comparison ignores whitespace.
    text = re.sub(r"\s+", "", text)
    position = 0
    lines = [re.sub(r"\s+", "", line) for line in seed.splitlines() if line.strip()]
    assert len(lines) > 20
    for line in lines:
        found = text.find(line, position)
        assert found >= 0, f"seed line missing or out of order: {line!r}"
        position = found + len(line)
    caption = "U.S.SecretaryofStateAntonyBlinken,topcenter,walkspastRussianForeignMinister"
    assert len(re.findall(re.escape(caption), text)) == 2  # alt text and figcaption


def test_g20_record_is_the_seed_table() -> None:
    case = next(c for c in extraction_cases("huffpost") if c.name == "g20-wire-story")
    record = extract_article(case.page_bytes() or b"", case.url)
    assert isinstance(record, Article)
    assert record.headline == "Blinken, Lavrov Meet Briefly As U.S.-Russia Tensions Soar"
    assert [a.name for a in record.authors] == ["Matthew Lee"]
    assert record.agency == "AP"
    assert record.dateline is not None and record.dateline.place == "NEW DELHI"
    assert record.dateline.agency == "AP"
    assert (record.date_published or "").startswith("2023-03-02")
    assert record.section == "World News"
    assert record.tags == ["antony blinken", "Sergey Lavrov"]
    paragraphs = record.body.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("NEW DELHI (AP) — U.S. Secretary of State Antony Blinken")
    assert paragraphs[-1].endswith("any change in Russia’s behavior in the near term.")
    assert len(record.captions) == 1
    assert record.captions[0].credit == "Olivier Douliery/Pool Photo via AP"
    assert record.captions[0].text.startswith("U.S. Secretary of State Antony Blinken, top center")
