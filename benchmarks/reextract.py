"""Re-extraction benchmark: `newsharvest reextract` over a crawled replica's WARC capture.

    python benchmarks/reextract.py [--pages 1000] [--also 300] [--workers N]

Generates a synthetic HuffPost replica (`replica.generate_replica`), crawls it once with
WARC capture on (`crawl.run_crawl`, a real ``scrapy crawl``), then runs `reextract` over
the archive in a child process sampled every 100 ms (`crawl.TreeSampler`: peak RSS summed
over the process and its extraction workers). Reports pages/s of the re-extraction (from
the call's start, pool start-up included, to its end; interpreter start-up and imports not
counted), the single-process rate of `extract_article` on the same pages held in memory
(`crawl.extraction_rate`), and the targets: pages/s >= 0.85 x workers x single-process
rate, and peak RSS flat (+-10%) between the two replica sizes.

Needs psutil (in the ``test`` extra).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

CHILD = """
import json, sys, time
from newsharvest.store import Archive
from newsharvest.warc.reextract import reextract
archive = Archive.open(sys.argv[1])
done = []
started = time.perf_counter()
report = reextract(archive, extractor="newsharvest.extract.extract_article", workers=int(sys.argv[2]),
                   progress=lambda n: done.append(time.perf_counter()))
elapsed = time.perf_counter() - started
archive.close()
steady = (len(done) - 1) / (done[-1] - done[0]) if len(done) > 1 and done[-1] > done[0] else 0.0
print(json.dumps({"elapsed": elapsed, "pages": len(done), "first_page_s": done[0] - started if done else 0,
                  "steady_pages_per_s": steady, "changed": report.changed, "unchanged": report.unchanged,
                  "unreadable": report.unreadable}))
"""


def crawl_with_capture(root: Path, workdir: Path, pages: int) -> Path:
    """The replica crawled once, capture on; the archive's path."""
    from crawl import run_crawl, server_process

    with server_process(root, "asyncio") as (base_url, server):
        result = run_crawl(f"crawl-{pages}", "huffpost", base_url, server, "asyncio", workdir, pages,
                           {"NEWSHARVEST_WARC_DIR": str(workdir / f"warc-{pages}")})
    if result.returncode != 0 or result.articles != pages:
        raise RuntimeError(f"crawl of {pages} pages: {result.articles} archived (exit {result.returncode})")
    return workdir / f"crawl-{pages}.db"


def measure(database: Path, workers: int) -> dict[str, float]:
    """One re-extraction of `database` in a child process: its figures and peak RSS."""
    from crawl import TreeSampler

    process = subprocess.Popen([sys.executable, "-c", CHILD, str(database), str(workers)],
                               cwd=REPO, stdout=subprocess.PIPE, text=True)
    sampler = TreeSampler(process.pid)
    sampler.start()
    out, _ = process.communicate()
    sampler.stop()
    if process.returncode != 0:
        raise RuntimeError(f"reextract exited {process.returncode}")
    figures = json.loads(out.strip().splitlines()[-1])
    figures["peak_rss_mb"] = sampler.peak_rss / 2**20
    figures["cpu_s"] = sum(sampler.cpu.values())
    figures["pages_per_s"] = figures["pages"] / figures["elapsed"]
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=1000, help="articles in the replica (default 1000)")
    parser.add_argument("--also", type=int, default=300, help="a second size, for the RSS comparison")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="extraction workers")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--extract-sample", type=int, default=500)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    from crawl import extraction_rate
    from replica import generate_replica

    started = time.perf_counter()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="newsharvest-reextract-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        runs = {}
        for size in (args.pages, args.also):
            root = workdir / f"replica-{size}"
            if not (root / "_site.json").exists():
                generate_replica(root, size, args.seed)
            database = crawl_with_capture(root, workdir, size)
            runs[size] = measure(database, args.workers)
            print(f"reextract of {size} pages: {json.dumps(runs[size])}", flush=True)
        single, _ = extraction_rate(workdir / f"replica-{args.pages}", args.extract_sample, args.seed)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    main_run, other = runs[args.pages], runs[args.also]
    bound = 0.85 * args.workers * single
    change = other["peak_rss_mb"] / main_run["peak_rss_mb"] - 1
    print()
    print(f"Re-extraction benchmark: synthetic HuffPost replica, {os.cpu_count()} cores, "
          f"{args.workers} workers")
    print(f"{'pages':>6} {'elapsed':>8} {'first page':>10} {'pages/s':>8} {'steady/s':>9} {'cpu':>7} "
          f"{'peak RSS':>9} {'unchanged':>9}")
    for size, run in runs.items():
        print(f"{size:>6} {run['elapsed']:>7.1f}s {run['first_page_s']:>9.1f}s {run['pages_per_s']:>8.1f} "
              f"{run['steady_pages_per_s']:>9.1f} {run['cpu_s']:>6.1f}s {run['peak_rss_mb']:>7.0f}MB "
              f"{run['unchanged']:>9.0f}")
    print("pages/s: over the whole call (pool start-up included); steady/s: from the first page stored "
          "to the last")
    print(f"single-process extract_article (the baseline, same run): {single:.1f} pages/s")
    checks = [
        (f"pages/s >= 0.85 x {args.workers} workers x single-process", main_run["pages_per_s"] >= bound,
         f"{main_run['pages_per_s']:.1f} (steady {main_run['steady_pages_per_s']:.1f}) vs 0.85 x "
         f"{args.workers} x {single:.1f} = {bound:.1f} "
         f"({main_run['pages_per_s'] / (args.workers * single):.0%} of workers x single)"),
        (f"peak RSS flat (+-10%) at {args.also} vs {args.pages} pages", abs(change) <= 0.10,
         f"{other['peak_rss_mb']:.0f} vs {main_run['peak_rss_mb']:.0f} MB ({change:+.0%})"),
    ]
    for description, passed, figures in checks:
        print(f"[{'PASS' if passed else 'FAIL'}] {description}: {figures}")
    print(f"(benchmark took {time.perf_counter() - started:.0f}s)")
    if args.json:
        args.json.write_text(json.dumps({
            "workers": args.workers, "single_process_pages_per_s": single,
            "runs": {str(k): v for k, v in runs.items()},
            "targets": [{"target": d, "passed": p, "figures": f} for d, p, f in checks],
        }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
