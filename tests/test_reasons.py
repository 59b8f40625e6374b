"""Rejection reasons are one `Reason` enum: no reason is spelt as a string literal in the code."""

from __future__ import annotations

import json
import re
from pathlib import Path

from newsharvest.extract import extract_article
from newsharvest.reasons import (
    EXTRACTION_REASONS,
    FETCH_REASONS,
    REJECTION_REASONS,
    RETRYABLE,
    STORE_REASONS,
    Reason,
    status_reason,
)

PACKAGE = Path(__file__).resolve().parent.parent / "newsharvest"


def test_every_reason_is_a_fetch_an_extraction_or_a_store_reason() -> None:
    assert EXTRACTION_REASONS | FETCH_REASONS | STORE_REASONS == REJECTION_REASONS == set(Reason)
    assert not STORE_REASONS & (EXTRACTION_REASONS | FETCH_REASONS)
    assert {Reason.TOO_LARGE} == EXTRACTION_REASONS & FETCH_REASONS
    assert RETRYABLE < REJECTION_REASONS
    assert Reason.NOT_FOUND not in RETRYABLE and Reason.TIMEOUT in RETRYABLE


def test_a_reason_is_its_string_value() -> None:
    assert status_reason(404) == "not_found" and status_reason(410) is Reason.NOT_FOUND
    assert status_reason(500) == "http_error"
    rejection = extract_article(b"", "https://example.com/a")
    expected = {"url": "https://example.com/a", "reason": "empty", "detail": "no content"}
    assert json.loads(json.dumps(rejection.to_dict())) == expected


def test_no_reason_is_written_as_a_string_literal() -> None:
    literal = re.compile(r'"(' + "|".join(r.value for r in Reason) + r')"')
    found = {
        str(path.relative_to(PACKAGE)): literal.findall(path.read_text(encoding="utf-8"))
        for path in PACKAGE.rglob("*.py")
        if path.name != "reasons.py"
    }
    assert {path: hits for path, hits in found.items() if hits} == {}
