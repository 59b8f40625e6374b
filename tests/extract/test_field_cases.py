"""Title, author and date cases cut from real pages of sites nobody tuned extraction for.

Every fixtures/pages/<site>/<case>/expected.json with a "fields" object is a case: the record's
fields named there must be exactly those values ("timezone", if given, is the site's configured
zone passed to `extract_article`); "author_names", if given, the authors' names in order, and
"body_starts_with" the body's first words (whitespace collapsed). No string of any record is
mojibake. A new case is a new folder, not new test code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ftfy.badness import is_bad

from newsharvest.extract import Article, extract_article
from tests.conftest import FIXTURES_DIR
from tests.support.records import strings_in


def _cases() -> list[Any]:
    params = []
    for spec_file in sorted((FIXTURES_DIR / "pages").glob("*/*/expected.json")):
        spec = json.loads(spec_file.read_text(encoding="utf-8"))
        if "fields" in spec:
            name = f"{spec_file.parent.parent.name}/{spec_file.parent.name}"
            params.append(pytest.param(spec_file.parent, spec, id=name))
    return params


CASES = _cases()
ISSUE_LANGUAGES = {"en", "de", "fr", "es", "pt", "ja"}
"""Languages whose pages must extract without a language-specific crash or mojibake."""


def test_there_are_field_cases_in_several_languages() -> None:
    languages = {(spec["fields"].get("language") or "")[:2] for _, spec in (c.values for c in CASES)}
    assert len(CASES) >= 10
    assert {"en", "es", "fr"} <= languages


def test_every_language_of_the_issue_has_a_real_page_with_its_first_words() -> None:
    covered = {(spec["fields"].get("language") or "")[:2] for _, spec in (c.values for c in CASES)}
    assert covered >= ISSUE_LANGUAGES
    with_body = {
        (spec["fields"].get("language") or "")[:2]
        for _, spec in (c.values for c in CASES)
        if "body_starts_with" in spec
    }
    assert len(with_body & ISSUE_LANGUAGES) >= 5


@pytest.mark.parametrize(("folder", "spec"), CASES)
def test_fields_match_expectation(folder: Path, spec: dict[str, Any]) -> None:
    page = (folder / "page.html").read_bytes()
    assert page.startswith(b"<!-- Cut from "), "a field case is cut from a real page and says from where"
    zone = {"timezone": spec["timezone"]} if spec.get("timezone") else {}
    record = extract_article(page, spec["url"], **zone)
    assert isinstance(record, Article), record
    got = record.to_dict()
    for field, value in spec["fields"].items():
        assert got[field] == value, f"{folder.name}: field {field!r}"
    if "author_names" in spec:
        assert [a.name for a in record.authors] == spec["author_names"]
    if "body_starts_with" in spec:
        assert " ".join(record.body.split()).startswith(spec["body_starts_with"])
    for field, value in got.items():
        assert not [s for s in strings_in(value) if is_bad(s)], f"{folder.name}: mojibake in {field!r}"
