"""Run ../shared/corpora/score.py on one half of the corpora (see `splits.py`).

    python benchmarks/score_split.py dev adapters:newsharvest_fields --dataset l3s-gn1 --worst 20
    python benchmarks/score_split.py test adapters:trafilatura_default --skip-flagged --json

The first argument is the half ('dev' to look at, 'test' to measure only); everything after
it is passed to score.py unchanged.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPORA = HERE.parent.parent / "shared" / "corpora"


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("dev", "test", "all"):
        print(__doc__, file=sys.stderr)
        return 2
    split, rest = argv[0], argv[1:]
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(CORPORA))
    import score  # type: ignore[import-not-found]
    from splits import in_split

    read_all = score.read_dataset

    def read_half(name: str, limit: int | None, skip_flagged: bool):
        pages = (tp for tp in read_all(name, None, skip_flagged) if in_split(name, tp[0]["id"], split))
        for count, page in enumerate(pages):
            if limit and count >= limit:
                return
            yield page

    score.read_dataset = read_half
    return score.main(rest) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
