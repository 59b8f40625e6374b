"""Pages that state less than the corpora's pages do: the corpora's pages with parts cut out.

    python benchmarks/simulations.py                          # every scenario, dev and test halves
    python benchmarks/simulations.py --scenarios site-title --show   # and the dev pages it fails

A site nobody tuned the extractor for may state no headline or author in its metadata, or no
title but its own name. Each scenario takes the pages whose field the extractor reads right
(or at all) with everything the page states, cuts parts out of the raw HTML, extracts again
and counts the pages that keep the field. The reference is the truth where the corpus has one
(titles, Readability's bylines) and else the extractor's own reading of the whole page (authors
on the AEB, L3S-GN1 and Dragnet, which have no author truth): a count of what the cut loses, not
an accuracy. Rules are looked for on the dev half (`--show` lists its losses); the test half is
counted only.

Scenarios:
- `site-title`: L3S-GN1 and Readability pages whose headline is the truth's title; their
  `<meta>` tags, JSON-LD and every `<title>` cut, and a `<title>` of a site's name alone put in
  ("Kestrelford Gazette", as some sites print on every page).
- `head-cut`: L3S-GN1 pages without `<h1>` whose headline is the truth's (whitespace collapsed);
  their `<head>`, `<title>`, `<meta>` tags and JSON-LD cut (a page saved without its head).
- `meta-authors`: pages of all four datasets whose authors we read; their JSON-LD and `<meta>`
  tags cut; the same set of names read again (case and spacing aside).
- `readability-bylines`: Readability pages with a truth byline whose authors we read; cut as in
  `meta-authors`.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from extraction import SHARED, available, pages_to_run, read_page  # noqa: E402

from newsharvest.extract import Article, extract_article  # noqa: E402

_JSON_LD = re.compile(r"(?is)<script[^>]*ld\+json.*?</script>")
_META = re.compile(r"(?is)<meta[^>]*>")
_TITLE = re.compile(r"(?is)<title[\s>].*?</title>")
_HEAD = re.compile(r"(?is)<head[\s>].*?</head>")
_HEAD_OPEN = re.compile(r"(?is)<head\b[^>]*>")
_H1 = re.compile(r"(?i)<h1[\s>]")
SITE_TITLE = "<title>Kestrelford Gazette</title>"
"""A site's name no page of the corpora holds."""


def without_metadata(html: str) -> str:
    """The page without its JSON-LD and `<meta>` tags."""
    return _META.sub("", _JSON_LD.sub("", html))


def with_site_title(html: str) -> str:
    """The page without metadata or titles, with a `<title>` of a site's name alone."""
    cut = _TITLE.sub("", without_metadata(html))
    return _HEAD_OPEN.sub(lambda m: m.group(0) + SITE_TITLE, cut, count=1)


def without_head(html: str) -> str:
    """The page without its `<head>`, titles and metadata (a page saved without its head)."""
    return without_metadata(_TITLE.sub("", _HEAD.sub("", html)))


def _collapse(text: str | None) -> str:
    return " ".join((text or "").split())


def _names(record: object) -> set[str]:
    return {_collapse(a.name).casefold() for a in getattr(record, "authors", [])}


@dataclass(frozen=True)
class Scenario:
    """Which pages count (`reference`: the field as read whole, None to leave a page out), the
    cut, how a re-read compares (`verdict`: "kept" or another word) and what `--show` prints of
    it (`shown`)."""

    datasets: tuple[str, ...]
    reference: Callable[[dict[str, Any], str, Article], Any]
    cut: Callable[[str], str]
    verdict: Callable[[Any, object], str]
    shown: Callable[[object], Any]


def _title_reference(truth: dict[str, Any], html: str, whole: Article) -> str | None:
    title = (truth.get("title") or "").strip()
    return title if title and whole.headline.strip() == title else None


def _headless_reference(truth: dict[str, Any], html: str, whole: Article) -> str | None:
    title = _collapse(truth.get("title"))
    if not title or _H1.search(html) or _collapse(whole.headline) != title:
        return None
    return title


def _authors_reference(truth: dict[str, Any], html: str, whole: Article) -> set[str] | None:
    return _names(whole) or None


def _byline_reference(truth: dict[str, Any], html: str, whole: Article) -> set[str] | None:
    return (_names(whole) or None) if truth.get("byline") else None


def _headline(record: object) -> str:
    return getattr(record, "headline", "") or ""


def _headline_verdict(reference: str, headline: str) -> str:
    return "kept" if headline == reference else ("empty" if not headline else "other")


def _title_verdict(reference: str, record: object) -> str:
    return _headline_verdict(reference, _headline(record).strip())


def _headless_verdict(reference: str, record: object) -> str:
    return _headline_verdict(reference, _collapse(_headline(record)))


def _sorted_names(record: object) -> list[str]:
    return sorted(_names(record))


def _authors_verdict(reference: set[str], record: object) -> str:
    names = _names(record)
    if names == reference:
        return "kept"
    return "lost" if not names else ("part" if names < reference else "other")


SCENARIOS: dict[str, Scenario] = {
    "site-title": Scenario(
        ("l3s-gn1", "readability"), _title_reference, with_site_title, _title_verdict, _headline
    ),
    "head-cut": Scenario(("l3s-gn1",), _headless_reference, without_head, _headless_verdict, _headline),
    "meta-authors": Scenario(
        ("aeb", "readability", "l3s-gn1", "dragnet"),
        _authors_reference,
        without_metadata,
        _authors_verdict,
        _sorted_names,
    ),
    "readability-bylines": Scenario(
        ("readability",), _byline_reference, without_metadata, _authors_verdict, _sorted_names
    ),
}


def run(scenario: Scenario, dataset: str, split: str) -> Iterator[tuple[str, str, Any, object]]:
    """(page id, verdict, reference, re-read record) for each page the scenario counts."""
    for page in pages_to_run(SHARED, dataset, [split], None, keep_flagged=False):
        html = read_page(SHARED, dataset, page["id"]).decode("utf-8", "replace")
        url = page.get("url") or ""
        whole = extract_article(html, url)
        if not isinstance(whole, Article):
            continue
        reference = scenario.reference(page, html, whole)
        if reference is None:
            continue
        record = extract_article(scenario.cut(html), url)
        yield page["id"], scenario.verdict(reference, record), reference, record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    names = ", ".join(SCENARIOS)
    parser.add_argument("--scenarios", default=",".join(SCENARIOS), help=f"comma-separated, of {names}")
    parser.add_argument("--split", default="dev,test", help="comma-separated halves: dev, test")
    parser.add_argument("--show", action="store_true", help="list the dev pages a scenario loses")
    args = parser.parse_args(argv)
    for name in args.scenarios.split(","):
        scenario = SCENARIOS[name]
        for dataset in scenario.datasets:
            if not available(SHARED, dataset):
                print(f"{name} {dataset}: not available under {SHARED}")
                continue
            for split in args.split.split(","):
                counts: Counter[str] = Counter()
                for page_id, verdict, reference, record in run(scenario, dataset, split):
                    counts[verdict] += 1
                    if args.show and split == "dev" and verdict != "kept":
                        got = scenario.shown(record)
                        print(f"  {dataset} {page_id[:14]} {verdict}: {reference!r} -> {got!r}")
                total = sum(counts.values())
                rest = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()) if k != "kept")
                line = f"{name:20} {dataset:12} {split:5} kept {counts['kept']} of {total}"
                print(line + (f" ({rest})" if rest else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
