"""Shared fixtures: replicas served on 127.0.0.1, extraction cases loaded from fixtures/pages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from newsharvest.testing.server import FixtureServer, Replica, serving

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES_DIR = REPO_ROOT / "fixtures"
"""Extraction cases as data (`pages/<site>/<case>/`)."""


@pytest.fixture
def huffpost_server() -> Iterator[FixtureServer]:
    """The HuffPost replica on a free port of 127.0.0.1."""
    with serving("huffpost") as server:
        yield server


@dataclass
class ExtractionCase:
    """One page and the record a perfect extractor makes of it (fixtures/pages/<site>/<case>)."""

    site: str
    name: str
    folder: Path
    spec: dict[str, Any]

    @property
    def url(self) -> str:
        return str(self.spec["url"])

    def page_bytes(self) -> bytes | None:
        """The page: `page.html` beside the expectation, else the replica file at the URL's path."""
        own = self.folder / "page.html"
        if own.exists():
            return own.read_bytes()
        replica = Replica.load(self.site)
        file = replica.resolve_file(urlsplit(self.url).path)
        return replica.read(file) if file else None


def extraction_cases(site: str) -> list[ExtractionCase]:
    """Every case folder of a site, sorted by name."""
    root = FIXTURES_DIR / "pages" / site
    return [
        ExtractionCase(site, folder.name, folder, json.loads((folder / "expected.json").read_text()))
        for folder in sorted(root.iterdir())
        if (folder / "expected.json").exists()
    ]


def case_params(site: str) -> list[Any]:
    """pytest parameters, one per case, named after the case folder."""
    return [pytest.param(case, id=case.name) for case in extraction_cases(site)]
