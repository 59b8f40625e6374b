"""Body F1 when class and id names say nothing: every corpus page with them replaced by hashes.

Sites built with CSS modules or CSS-in-JS print class names such as "x3f9a2c1", and many sites
name their blocks in words no rule knows. Rules keyed on class words ("comment", "related",
"caption") then see nothing; what holds is what the page's structure, tags, links and text
give. Each page of the four datasets is scored twice, as published and with every `class` and
`id` value replaced by a hash of each of its names (the same name always the same hash, so a
page's repeated blocks still look alike), for newsharvest and, where installed, trafilatura and
readability-lxml, on the corpora's token F1 (the AEB too, for one metric throughout). Rules are
looked for on the dev half (`--show` lists its dev pages losing most); the test half is counted.

    python benchmarks/opaque_classes.py                      # every dataset, both halves
    python benchmarks/opaque_classes.py --extractors newsharvest --show
    python benchmarks/opaque_classes.py --names class     # class names alone, ids kept
"""

from __future__ import annotations

import argparse
import hashlib
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


def score_pages(
    name: str, dataset: str, split: str, names: str = "class,id"
) -> list[tuple[str, float, float]]:
    """(page id, F1 as published, F1 with opaque names) for each page of one half."""
    scorer = corpus_scorer(SHARED)
    _label, _fields, kind, extract = make_extractor(name, SHARED)
    truths = {truth["id"]: truth for truth in read_truth(SHARED, dataset)[0]}
    rows = []
    for page in pages_to_run(SHARED, dataset, [split], None, keep_flagged=False):
        raw = read_page(SHARED, dataset, page["id"])
        scores = []
        for html in (raw, opaque(raw, names)):
            given: Any = html if kind == "bytes" else scorer.decode_html(html)
            try:
                body = extract(given, page.get("url") or "").get("body") or ""
            except Exception:  # a peer failing on a page scores 0 there, as in extraction.py
                body = ""
            scores.append(scorer.prf(body, truths[page["id"]]["body"])[2])
        rows.append((page["id"], scores[0], scores[1]))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extractors", default="newsharvest," + ",".join(PEERS))
    parser.add_argument("--show", action="store_true", help="also the 15 dev pages losing most, newsharvest")
    parser.add_argument("--names", choices=tuple(_NAMES), default="class,id", help="the attributes hashed")
    args = parser.parse_args(argv)
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
            cells = []
            for dataset in datasets:
                rows = score_pages(name, dataset, split, args.names)
                plain = sum(row[1] for row in rows) / len(rows)
                hashed = sum(row[2] for row in rows) / len(rows)
                cells.append(f"{plain:.3f} / {hashed:.3f} ({len(rows)})")
                if args.show and split == "dev" and name == "newsharvest":
                    worst = sorted(rows, key=lambda row: row[2] - row[1])[:15]
                    losses = ", ".join(f"{page_id[:12]} {a:.2f}→{b:.2f}" for page_id, a, b in worst if b < a)
                    print(f"    {dataset} dev, losing most: {losses}")
            print(f"  {name:18}" + "".join(f"{cell:>22}" for cell in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
