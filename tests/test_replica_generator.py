"""The synthetic HuffPost replica generator (benchmarks/replica.py): served, every page extracts."""

from __future__ import annotations

import sys
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newsharvest.extract import Article, extract_article
from newsharvest.testing.server import FixtureServer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from replica import (
    MAX_PAGE_BYTES,
    MIN_PAGE_BYTES,
    ORIGIN,
    generate_replica,
    load_manifest,
)

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def fetch(server: FixtureServer, path: str) -> bytes:
    with urllib.request.urlopen(server.base_url + path, timeout=10) as response:
        return response.read()  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def replica(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("replica") / "huffpost"
    generate_replica(root, articles=20, seed=11)
    return root


@pytest.fixture
def server(replica: Path) -> Iterator[FixtureServer]:
    server = FixtureServer("huffpost", root=replica).start()
    yield server
    server.stop()


def test_every_served_page_extracts_to_its_article(replica: Path, server: FixtureServer) -> None:
    specs = load_manifest(replica)
    assert len(specs) == 20
    for spec in specs:
        body = fetch(server, spec.path)
        assert MIN_PAGE_BYTES <= len(body) <= MAX_PAGE_BYTES, (spec.path, len(body))
        record = extract_article(body, server.base_url + spec.path)
        assert isinstance(record, Article), (spec.path, record)
        assert record.headline == spec.headline
        assert record.canonical_url == spec.url
        assert [a.name for a in record.authors] == spec.authors
        assert record.word_count >= 40


def test_discovery_lists_every_article_and_sets_no_crawl_delay(
    replica: Path, server: FixtureServer
) -> None:
    robots = fetch(server, "/robots.txt").decode()
    assert not [line for line in robots.splitlines() if line.lower().startswith("crawl-delay")]
    assert f"Sitemap: {server.base_url}/sitemaps/sitemap-v1.xml" in robots  # origin rewritten
    index = ET.fromstring(fetch(server, "/sitemaps/sitemap-v1.xml"))
    listed: list[str] = []
    for loc in index.iter(f"{SITEMAP_NS}loc"):
        assert loc.text and loc.text.startswith(server.base_url)
        daily = ET.fromstring(fetch(server, urlsplit(loc.text).path))
        listed += [urlsplit(u.text or "").path for u in daily.iter(f"{SITEMAP_NS}loc")]
    assert sorted(listed) == sorted(s.path for s in load_manifest(replica))
    assert fetch(server, "/section/world-news/feed").startswith(b"<?xml")


def test_generation_is_deterministic_and_sizes_vary(tmp_path: Path) -> None:
    first = generate_replica(tmp_path / "a", articles=30, seed=3)
    second = generate_replica(tmp_path / "b", articles=30, seed=3)
    assert first == second and all(url.startswith(f"{ORIGIN}/entry/") for url in first)
    assert len(set(first)) == 30
    a_files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    for relative in a_files:
        assert (tmp_path / "a" / relative).read_bytes() == (tmp_path / "b" / relative).read_bytes()
    sizes = [s.size for s in load_manifest(tmp_path / "a")]
    assert min(sizes) < 15 * 1024 and max(sizes) > 30 * 1024  # 5–60 KB, spread log-uniformly
