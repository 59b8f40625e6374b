"""Pages from outside every corpus: newspaper4k's test pages, scored beside trafilatura.

newspaper4k (MIT) ships 20 real article pages with its test suite (CNN, Wired, TIME, Nikkei,
AFPBB, Xinhua, Yonhap, Ultima Hora, a Thai, an Arabic and a Chinese site…), each beside its own
extraction of them (`tests/data/metadata/<name>.json`: title, authors, publish date, text). None
of the four corpora holds these sites, so they are a check on sites nobody tuned the rules for.
The truth is newspaper4k's own output, with its own conventions (its title is often `<title>`,
its authors sometimes the related stories' bylines): read the per-page lines, not only the means.

The source distribution is fetched with pip from the package index (the only network this needs)
into `--cache` once; nothing of it is copied into the repository.

    python benchmarks/outside_pages.py                 # newsharvest and trafilatura, every page
    python benchmarks/outside_pages.py --pages-only    # the per-page lines alone
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sdist import DEFAULT_CACHE, fetch

VERSION = "0.9.6"
"""The newspaper4k release whose test pages are read (its page set is fixed by it)."""


def _tokens(text: str | None) -> Counter[str]:
    return Counter(re.findall(r"\w+", (text or "").lower()))


def token_f1(predicted: str | None, truth: str | None) -> float:
    """The corpora's body metric: bag-of-words token F1 on `\\w+` tokens, lower case."""
    got, want = _tokens(predicted), _tokens(truth)
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def ours(html: bytes, url: str) -> dict[str, Any]:
    from newsharvest.extract import Article, extract_article

    record = extract_article(html, url)
    if not isinstance(record, Article):
        note = f"{record.reason}: {record.detail}"
        return {"body": "", "title": None, "authors": [], "date": None, "note": note}
    note = f"agency {record.agency}" if record.agency else ""
    authors = [author.name for author in record.authors]
    return {"body": record.body, "title": record.headline, "authors": authors, "date": record.date_published,
            "note": note}  # fmt: skip


def trafilatura_fields(html: bytes, url: str) -> dict[str, Any]:
    import trafilatura

    found: Any = trafilatura.bare_extraction(html.decode("utf-8", "replace"), url=url, with_metadata=True)
    fields = found.as_dict() if found is not None else {}
    authors = [a.strip() for a in (fields.get("author") or "").split(";") if a.strip()]
    return {"body": fields.get("text") or "", "title": fields.get("title"), "authors": authors,
            "date": fields.get("date"), "note": ""}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--pages-only", action="store_true", help="print the per-page lines, no means")
    args = parser.parse_args(argv)
    data = fetch("newspaper4k", VERSION, "tests/data", args.cache)
    extractors = {"newsharvest": ours, "trafilatura": trafilatura_fields}
    scores: dict[str, list[float]] = {name: [] for name in extractors}
    for meta_path in sorted((data / "metadata").glob("*.json")):
        truth = json.loads(meta_path.read_text(encoding="utf-8"))
        page = data / "html" / f"{meta_path.stem}.html"
        if not truth.get("url") or not page.exists():
            continue  # a page saved without its address: nothing to run it as
        html = page.read_bytes()
        print(f"{meta_path.stem} [{truth.get('language')}]  truth: {truth['title']!r} {truth['authors']} "
              f"{truth.get('publish_date')}")  # fmt: skip
        for name, extract in extractors.items():
            got = extract(html, truth["url"])
            f1 = token_f1(got["body"], truth.get("text")) if truth.get("text") else None
            if f1 is not None:
                scores[name].append(f1)
            shown = f"{f1:.3f}" if f1 is not None else "-"
            fields = f"{got['title']!r} {got['authors']} {got['date']} {got['note']}"
            print(f"  {name:12} body F1 {shown}  {fields}")
    if not args.pages_only:
        for name, values in scores.items():
            print(f"{name:12} body token F1 {sum(values) / len(values):.3f} over {len(values)} pages "
                  "(truth: newspaper4k's own text)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
