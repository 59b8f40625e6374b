"""Body F1 when class and id names say nothing: every corpus page with them replaced by hashes.

Sites built with CSS modules or CSS-in-JS print class names such as "x3f9a2c1", and many sites
name their blocks in words no rule knows. Rules keyed on class words ("comment", "related",
"caption") then see nothing; what holds is what the page's structure, tags, links and text
give. Each page of the four datasets is scored twice, as published and with every `class` and
`id` value replaced by a hash of each of its names (the same name always the same hash, so a
page's repeated blocks still look alike), for newsharvest and, where installed, trafilatura and
readability-lxml, on the corpora's token F1 (the AEB too, for one metric throughout). Rules are
looked for on the dev half (`--show` lists its dev pages losing most); the test half is counted.
`--fields` adds, per dataset and half, the other fields as published / names hashed: title match
and author-set F1 where the truth has them (`extraction_metric`'s rules), and how many records
give other authors or another published date, or none, with names hashed than as published.

    python benchmarks/opaque_classes.py                      # every dataset, both halves
    python benchmarks/opaque_classes.py --extractors newsharvest --show
    python benchmarks/opaque_classes.py --names class     # class names alone, ids kept
    python benchmarks/opaque_classes.py --extractors newsharvest --fields
    python benchmarks/opaque_classes.py --extractors newsharvest --json now.json --compare base.json

`--json` writes each page's two F1s; `--compare` counts, per dataset and half, the pages whose F1
rose or fell by more than 0.005 since such a file, as published and with names hashed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extraction import (
    DATASETS,
    SHARED,
    available,
    corpus_scorer,
    make_extractor,
    pages_to_run,
    read_page,
    read_truth,
)
from extraction_metric import author_set_prf, title_match

_NAMES = {
    names: re.compile(rb"(\s(?:" + attributes + rb""")\s*=\s*)(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
    for names, attributes in (("class,id", rb"class|id"), ("class", rb"class"))
}
"""Which attributes are hashed: both (the harsher test), or class names alone (CSS-module sites
hash those and keep ids, such as WordPress's `comment-123`)."""
PEERS = ("trafilatura", "readability-lxml")


def opaque(html: bytes, names: str = "class,id") -> bytes:
    """The page with every class and id name (or class name alone, `names` "class") replaced by
    "x" and seven hex digits of its hash."""

    def hashed(match: re.Match[bytes]) -> bytes:
        value = match.group(2) if match.group(2) is not None else match.group(3)
        names = b" ".join(b"x" + hashlib.sha1(name).hexdigest()[:7].encode() for name in value.split())
        return match.group(1) + b'"' + names + b'"'

    return _NAMES[names].sub(hashed, html)


Row = tuple[str, float, float, list[dict[str, Any]]]
"""(page id, body F1 as published, with opaque names, the two results)."""


def score_pages(
    name: str, dataset: str, split: str, truths: dict[str, dict[str, Any]], names: str = "class,id"
) -> list[Row]:
    """(page id, F1 as published, F1 with opaque names, the extractor's two results) for each
    page of one half (`truths`: the dataset's truth records by page id)."""
    scorer = corpus_scorer(SHARED)
    _label, _fields, kind, extract = make_extractor(name, SHARED)
    rows = []
    for page in pages_to_run(SHARED, dataset, [split], None, keep_flagged=False):
        raw = read_page(SHARED, dataset, page["id"])
        scores, results = [], []
        for html in (raw, opaque(raw, names)):
            given: Any = html if kind == "bytes" else scorer.decode_html(html)
            try:
                result = extract(given, page.get("url") or "")
            except Exception:  # a peer failing on a page scores 0 there, as in extraction.py
                result = {}
            results.append(result)
            scores.append(scorer.prf(result.get("body") or "", truths[page["id"]]["body"])[2])
        rows.append((page["id"], scores[0], scores[1], results))
    return rows


def field_scores(rows: list[Row], truths: dict[str, dict[str, Any]]) -> str:
    """The other fields as published / with opaque names: title match and author-set F1 over the
    pages whose truth has them, and the records whose authors or published date differ with opaque
    names (none: how many of those give none)."""
    parts = []
    offered = {key for row in rows for result in row[3] for key in result}
    titled = [(row[3], truths[row[0]]) for row in rows if truths[row[0]].get("title")]
    if titled and "title" in offered:
        hits = [
            [title_match(r.get("title"), truth["title"], r.get("dek")) for r in results]
            for results, truth in titled
        ]
        parts.append(f"title match {_means(hits)} ({len(titled)})")
    signed = [(row[3], truths[row[0]]) for row in rows if truths[row[0]].get("byline")]
    if signed and "authors" in offered:
        f1s = [
            [author_set_prf(r.get("authors"), truth["byline"])[2] for r in results]
            for results, truth in signed
        ]
        parts.append(f"authors {_means(f1s)} ({len(signed)})")
    for key, label in (("authors", "authors"), ("published", "published date")):
        if key in offered:
            moved = [row[3][1] for row in rows if row[3][0].get(key) != row[3][1].get(key)]
            lost = sum(1 for hashed in moved if not hashed.get(key))
            parts.append(f"{label} other {len(moved)} (none {lost}) of {len(rows)}")
    return "; ".join(parts) or "no field but the body"


MOVED = 0.005
"""A page's F1 must move by more than this to count as up or down."""


def moved_pages(before: dict[str, list[float]], now: dict[str, list[float]]) -> str:
    """How many pages rose and fell since `before` (page id → [F1 as published, hashed]), as
    published and with opaque names; pages in only one of the two runs are left out."""
    counts = []
    for k, label in ((0, "as published"), (1, "names hashed")):
        deltas = [now[page][k] - before[page][k] for page in now.keys() & before.keys()]
        up = sum(1 for delta in deltas if delta > MOVED)
        down = sum(1 for delta in deltas if delta < -MOVED)
        counts.append(f"{label} {up} up, {down} down")
    return "; ".join(counts)


def _means(pairs: list[list[float]]) -> str:
    """The means of the pairs' first and of their second values, as "published / hashed"."""
    return " / ".join(f"{sum(pair[k] for pair in pairs) / len(pairs):.3f}" for k in (0, 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extractors", default="newsharvest," + ",".join(PEERS))
    parser.add_argument("--show", action="store_true", help="also the 15 dev pages losing most, newsharvest")
    parser.add_argument("--names", choices=tuple(_NAMES), default="class,id", help="the attributes hashed")
    parser.add_argument(
        "--fields", action="store_true", help="also title, authors and date, as published / hashed"
    )
    parser.add_argument("--json", type=Path, help="write every page's two body F1s to this file")
    parser.add_argument("--compare", type=Path, help="count the pages up and down since a --json run")
    args = parser.parse_args(argv)
    before = json.loads(args.compare.read_text()) if args.compare else None
    pages: dict[str, Any] = {}
    names = []
    for name in args.extractors.split(","):
        try:
            make_extractor(name, SHARED)
            names.append(name)
        except ImportError:
            print(f"{name}: not installed, left out")
    datasets = [dataset for dataset in DATASETS if available(SHARED, dataset)]
    print(f"body token F1, as published / {args.names.replace(',', ' and ')} names hashed (pages)")
    for split in ("test", "dev"):
        print(f"\n{split} half")
        print(f"  {'':18}" + "".join(f"{dataset:>22}" for dataset in datasets))
        for name in names:
            cells, fields = [], []
            for dataset in datasets:
                truths = {truth["id"]: truth for truth in read_truth(SHARED, dataset)[0]}
                rows = score_pages(name, dataset, split, truths, args.names)
                scores = {row[0]: [row[1], row[2]] for row in rows}
                pages.setdefault(name, {}).setdefault(dataset, {})[split] = scores
                if args.fields:
                    fields.append(f"    {name} {dataset} {split}: {field_scores(rows, truths)}")
                if before is not None and (earlier := before.get(name, {}).get(dataset, {}).get(split)):
                    moved = moved_pages(earlier, scores)
                    fields.append(f"    {name} {dataset} {split} since the --compare run: {moved}")
                plain = sum(row[1] for row in rows) / len(rows)
                hashed = sum(row[2] for row in rows) / len(rows)
                cells.append(f"{plain:.3f} / {hashed:.3f} ({len(rows)})")
                if args.show and split == "dev" and name == "newsharvest":
                    worst = sorted(rows, key=lambda row: row[2] - row[1])[:15]
                    losses = ", ".join(
                        f"{page_id[:12]} {a:.2f}→{b:.2f}" for page_id, a, b, _ in worst if b < a
                    )
                    print(f"    {dataset} dev, losing most: {losses}")
            print(f"  {name:18}" + "".join(f"{cell:>22}" for cell in cells))
            for line in fields:
                print(line)
    if args.json:
        args.json.write_text(json.dumps(pages, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
