"""The fixed dev/test split of every extraction corpus, by a hash of the page id.

Rules are developed looking at *dev* pages only; README and CI's quality floor report the
*test* halves. The split never changes: it depends on nothing but the dataset's name and the
page's id, so a page is on the same side in every run, on every machine.

    python benchmarks/splits.py l3s-gn1 dev      # the ids of one half, one a line
"""

from __future__ import annotations

import hashlib
import sys

SPLITS = ("dev", "test")


def split_of(dataset: str, page_id: str) -> str:
    """'dev' or 'test' for one page of one dataset (about half each)."""
    digest = hashlib.sha256(f"{dataset}/{page_id}".encode()).digest()
    return SPLITS[digest[0] & 1]


def in_split(dataset: str, page_id: str, split: str | None) -> bool:
    """Whether the page belongs to `split` ('dev', 'test', or None/'all' for every page)."""
    return split in (None, "all") or split_of(dataset, page_id) == split


if __name__ == "__main__":
    import json
    from pathlib import Path

    dataset, wanted = sys.argv[1], sys.argv[2]
    shared = Path(__file__).resolve().parents[2] / "shared"
    if dataset == "aeb":
        ids = sorted(json.loads((shared / "aeb" / "ground-truth.json").read_text()))
    else:
        lines = (shared / "corpora" / dataset / "truth.jsonl").read_text().splitlines()
        ids = [json.loads(line)["id"] for line in lines if line.strip()]
    for page_id in ids:
        if in_split(dataset, page_id, wanted):
            print(page_id)
