"""Every site-profile case under fixtures/pages/<site>/: the exact record, and no furniture.

A new case is a new folder with an expected.json, not new test code.
"""

from __future__ import annotations

import json

import pytest

from newsharvest.extract import Article, Rejection, extract_article
from newsharvest.items import RawPage
from newsharvest.pipelines import rejection_for_status
from tests.conftest import ExtractionCase, case_params

PROFILED_SITES = ("huffpost", "apnews")
CASES = [param for site in PROFILED_SITES for param in case_params(site)]
RECORD_CASES = [param for param in CASES if "record" in param.values[0].spec]


@pytest.mark.parametrize("case", CASES)
def test_record_matches_expectation(case: ExtractionCase) -> None:
    page = case.page_bytes()
    if "status" in case.spec:  # a URL the site answers with an error: no page to extract
        assert page is None
        raw = RawPage(url=case.url, final_url=case.url, status=case.spec["status"])
        rejection = rejection_for_status(raw)
        assert rejection is not None and rejection.reason == case.spec["rejection"]
        return
    assert page is not None, f"no replica page for {case.url}"
    record = extract_article(page, case.url)
    if "rejection" in case.spec:
        assert isinstance(record, Rejection), record
        assert record.reason == case.spec["rejection"]
        return
    assert isinstance(record, Article), record
    got = record.to_dict()
    expected = case.spec["record"]
    for field, value in expected.items():
        assert got[field] == value, f"{case.site}/{case.name}: field {field!r}"
    assert set(got) == set(expected), "the expectation names every field of the record"


@pytest.mark.parametrize("case", RECORD_CASES)
def test_snippets(case: ExtractionCase) -> None:
    record = extract_article(case.page_bytes() or b"", case.url)
    assert isinstance(record, Article)
    for snippet in case.spec.get("must_contain", []):
        assert snippet in record.body
    everything = json.dumps(record.to_dict(), ensure_ascii=False)
    for snippet in case.spec.get("must_not_contain", []):
        assert snippet not in everything, f"furniture {snippet!r} leaked into the record"
    for snippet in case.spec.get("body_must_not_contain", []):
        assert snippet not in record.body, f"{snippet!r} leaked into the body"
