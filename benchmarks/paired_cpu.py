"""CPU per page of two checkouts of newsharvest, loaded side by side in one process.

A wall-clock A/B run in turns cannot resolve a few percent on a shared 2-core machine: the
machine's own speed swings more between runs. Here both checkouts' `newsharvest` packages are
imported into one process (each one's modules swapped into `sys.modules` around its calls) and
every page of a dataset is extracted by both, in alternating order from page to page and pass to
pass, so both see the same machine at the same moment; `time.process_time` per call.

    python benchmarks/paired_cpu.py --base /path/to/other/checkout          # AEB, five passes
    python benchmarks/paired_cpu.py --base ../old --ours . --passes 3 --dataset readability
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction import DATASETS, read_page, read_truth

Extract = Callable[[bytes, str], Any]


def _ours(name: str) -> bool:
    return name == "newsharvest" or name.startswith("newsharvest.")


def load(checkout: Path) -> tuple[Extract, dict[str, ModuleType]]:
    """`extract_article` of the checkout at `checkout` and every newsharvest module it loaded."""
    for name in [name for name in sys.modules if _ours(name)]:
        del sys.modules[name]
    sys.path.insert(0, str(checkout))
    try:
        import newsharvest.extract.article as article
        import newsharvest.extract.generic  # noqa: F401  (imported lazily by extract_article: now)
    finally:
        sys.path.remove(str(checkout))
    if not Path(article.__file__ or "").resolve().is_relative_to(checkout.resolve()):
        raise SystemExit(f"{checkout}: newsharvest was imported from {article.__file__}")
    return article.extract_article, {name: module for name, module in sys.modules.items() if _ours(name)}


def _load() -> str:
    with open("/proc/loadavg") as loadavg:
        return " ".join(loadavg.read().split()[:3])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="the checkout to compare against")
    parser.add_argument("--ours", type=Path, default=Path(__file__).resolve().parents[1])
    shared = os.environ.get("NEWSHARVEST_SHARED", "../shared")
    parser.add_argument("--shared", type=Path, default=Path(shared))
    parser.add_argument("--dataset", choices=DATASETS, default="aeb")
    parser.add_argument("--passes", type=int, default=5)
    args = parser.parse_args(argv)
    sides = {"base": load(args.base), "ours": load(args.ours)}

    def run(side: str, html: bytes, url: str) -> float:
        extract, modules = sides[side]
        sys.modules.update(modules)
        start = time.process_time()
        extract(html, url)
        return time.process_time() - start

    truth, flagged = read_truth(args.shared, args.dataset)
    pages = [(read_page(args.shared, args.dataset, t["id"]), t.get("url") or "") for t in truth]
    pages = [page for page, t in zip(pages, truth, strict=True) if t["id"] not in flagged]
    for html, url in pages:  # a first pass warms both: imports, caches, compiled patterns
        run("base", html, url)
        run("ours", html, url)
    print(f"{args.dataset}: {len(pages)} pages; base {args.base}, ours {args.ours}")
    print("load average at the start", _load())
    per_page: dict[str, list[float]] = {"base": [], "ours": []}
    for number in range(args.passes):
        spent = {"base": 0.0, "ours": 0.0}
        for index, (html, url) in enumerate(pages):
            for side in ("base", "ours") if (index + number) % 2 == 0 else ("ours", "base"):
                spent[side] += run(side, html, url)
        for side, seconds in spent.items():
            per_page[side].append(seconds / len(pages) * 1000)
        base, ours = per_page["base"][-1], per_page["ours"][-1]
        print(f"  pass {number + 1}: base {base:.2f} ms/page, ours {ours:.2f}, ratio {ours / base:.3f}")
    print("load average at the end", _load())
    ratios = sorted(o / b for b, o in zip(per_page["base"], per_page["ours"], strict=True))
    best_base, best_ours = min(per_page["base"]), min(per_page["ours"])
    change = 100 * (best_ours / best_base - 1)
    print(f"best pass: base {best_base:.2f} ms/page, ours {best_ours:.2f} ({change:+.1f}%); "
          f"median ratio {ratios[len(ratios) // 2]:.3f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
