"""Every page of the test halves of AEB and the three corpora (read in place from ../shared, or
$NEWSHARVEST_SHARED) goes through `extract_article` without raising and without the catch-all
`extraction_error` rejection: the contract holds on pages nobody tuned the extractor for."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from ftfy.badness import is_bad

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from extraction import DATASETS, SHARED, available, dataset_dir, pages_to_run, read_page

from newsharvest.extract import Article, Rejection, extract_article
from tests.support.records import strings_in


@pytest.mark.slow
@pytest.mark.parametrize("dataset", DATASETS)
def test_every_test_page_becomes_an_article_or_a_reasoned_rejection(dataset: str) -> None:
    if not available(SHARED, dataset):
        pytest.skip(
            f"the {dataset} data is not at {dataset_dir(SHARED, dataset)} (a clone without ../shared)"
        )
    pages = pages_to_run(SHARED, dataset, ["test"], None, keep_flagged=True)
    assert len(pages) > 50  # about half of each dataset
    failures = []
    for page in pages:
        url = page.get("url") or ""  # the corpora carry no URLs; as the benchmark, none is given
        try:
            record = extract_article(read_page(SHARED, dataset, page["id"]), url)
        except Exception as error:  # the contract says never; report every page that does
            failures.append(f"{page['id']}: raised {type(error).__name__}: {error}")
            continue
        if isinstance(record, Rejection):
            if record.reason == "extraction_error":
                failures.append(f"{page['id']}: extraction_error {record.detail}")
        elif not isinstance(record, Article):
            failures.append(f"{page['id']}: returned {type(record).__name__}")
    assert failures == [], f"{len(failures)} of {len(pages)} pages: " + "; ".join(failures[:10])


def _all_pages(dataset: str) -> list[dict[str, str]]:
    """Every page of `dataset`, both halves, flagged ones too (skips without ../shared)."""
    if not available(SHARED, dataset):
        pytest.skip(f"the {dataset} data is not at {dataset_dir(SHARED, dataset)}")
    return pages_to_run(SHARED, dataset, ["all"], None, keep_flagged=True)


def _fields_with_mojibake(dataset: str, pages: list[dict[str, str]]) -> list[str]:
    """"<page id> <field>" for every record field holding a string ftfy reads as mojibake."""
    bad = []
    for page in pages:
        record = extract_article(read_page(SHARED, dataset, page["id"]), "")
        if isinstance(record, Article):
            fields = record.to_dict()
            bad += [f"{page['id']} {k}" for k, v in fields.items() if any(is_bad(s) for s in strings_in(v))]
    return bad


@pytest.mark.slow
def test_readability_pages_in_every_language_come_out_without_mojibake() -> None:
    """Mozilla Readability's pages (English, French, Spanish, German, Portuguese, Czech, Japanese,
    Chinese, both halves): no string of any record is mojibake, whatever the page's language."""
    pages = _all_pages("readability")
    languages = {(page.get("lang") or "")[:2] for page in pages}
    assert {"en", "fr", "es", "de", "pt", "ja"} <= languages
    assert _fields_with_mojibake("readability", pages) == []


@pytest.mark.slow
def test_l3s_pages_whose_bytes_hold_mojibake_come_out_as_written() -> None:
    """L3S-GN1 (both halves) holds pages whose own bytes carry mojibake ("Canadaâ€™s", a
    headline "John Watersâ€™ Cry-Baby"): no string of any record is mojibake."""
    pages = _all_pages("l3s-gn1")
    assert len(pages) > 600
    assert _fields_with_mojibake("l3s-gn1", pages) == []
