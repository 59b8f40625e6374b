"""Every relative link in README.md and benchmarks/RESULTS.md reaches a file, and every
`#anchor` a heading there: the run history moved out of README is reached from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DOCS = ("README.md", "benchmarks/RESULTS.md")
LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.*)$", re.MULTILINE)


def anchor(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation but '-' and '_' dropped,
    spaces to '-'."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    return {anchor(heading) for heading in HEADING.findall(path.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("doc", DOCS)
def test_every_relative_link_resolves(doc: str) -> None:
    source = REPO / doc
    broken = []
    for target in LINK.findall(source.read_text(encoding="utf-8")):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        file, _, fragment = target.partition("#")
        linked = (source.parent / file).resolve() if file else source
        if not linked.exists():
            broken.append(target)
            continue
        if fragment and linked.suffix == ".md" and fragment not in anchors(linked):
            broken.append(target)
    assert broken == []


def test_the_anchor_of_a_heading_with_punctuation() -> None:
    assert anchor("Search at 100,000 articles") == "search-at-100000-articles"
    assert anchor("Body rule ablation (generic extractor)") == "body-rule-ablation-generic-extractor"
