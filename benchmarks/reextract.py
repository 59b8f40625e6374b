"""Re-extraction benchmark: `newsharvest reextract` over a crawled replica's WARC capture.

    python benchmarks/reextract.py [--pages 1000] [--also 300] [--workers N] [--rounds 3]
                                   [--baseline ../main] [--changed]

Generates a synthetic HuffPost replica (`replica.generate_replica`), crawls it once with
WARC capture on (`crawl.run_crawl`, a real ``scrapy crawl``), then runs `reextract` over
copies of the archive in child processes sampled every 100 ms (`crawl.TreeSampler`: peak RSS
summed over the process and its extraction workers, CPU of each). Each round measures the
single-process rate of the same extraction work (`single_process`: the pages `reextract`
takes, read back from the WARC files beforehand, extracted with the same extractor and the
same arguments in this process), then re-extracts with this checkout and, with
``--baseline DIR``, with the code of another checkout (its ``newsharvest`` package imported
instead of this one) over a copy of the same archive, one after the other: the same
machine, the same minute.

Reports pages/s of the re-extraction (from the call's start, pool start-up included, to its
end; interpreter start-up and imports not counted), the CPU of the calling process during the
call and of its workers and fork server (their whole lives) per page, beside the single
process's CPU per page, and the targets: pages/s >= 0.85 x workers x single-process rate
(the median round), and peak RSS flat (+-10%) between the two replica sizes. The CPU figures
say what the rates cannot on a shared machine: the pool reaches 0.85 x workers x single on
as many idle cores as workers only if all its processes together spend at most
single / 0.85 of CPU per page.

With ``--changed`` the re-extraction runs `changed_extractor.extract_article` (this folder):
every article comes out with another section, so every page makes a new revision and the
calling process stores them all (the single process still runs `extract_article`).

Needs psutil (in the ``test`` extra).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

EXTRACTOR = "newsharvest.extract.extract_article"
CHILD = """
import json, sys, time
import newsharvest
from newsharvest.store import Archive
from newsharvest.warc.reextract import reextract
archive = Archive.open(sys.argv[1])
done = []
started, cpu = time.perf_counter(), time.process_time()
report = reextract(archive, extractor=sys.argv[3], workers=int(sys.argv[2]),
                   progress=lambda n: done.append(time.perf_counter()))
elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
archive.close()
steady = (len(done) - 1) / (done[-1] - done[0]) if len(done) > 1 and done[-1] > done[0] else 0.0
print(json.dumps({"elapsed": elapsed, "pages": len(done), "first_page_s": done[0] - started if done else 0,
                  "steady_pages_per_s": steady, "changed": report.changed, "unchanged": report.unchanged,
                  "unreadable": report.unreadable, "call_cpu_s": cpu, "package": newsharvest.__file__}))
"""


def crawl_with_capture(root: Path, workdir: Path, pages: int) -> Path:
    """The replica crawled once, capture on; the archive's path (an archive already crawled
    in `workdir`, kept by ``--keep``, is used again)."""
    from crawl import run_crawl, server_process

    database = workdir / f"crawl-{pages}.db"
    if database.exists():
        return database

    with server_process(root, "asyncio") as (base_url, server):
        result = run_crawl(f"crawl-{pages}", "huffpost", base_url, server, "asyncio", workdir, pages,
                           {"NEWSHARVEST_WARC_DIR": str(workdir / f"warc-{pages}")})
    if result.returncode != 0 or result.articles != pages:
        raise RuntimeError(f"crawl of {pages} pages: {result.articles} archived (exit {result.returncode})")
    return database


def measure(
    database: Path, workers: int, checkout: Path = REPO, extractor: str = EXTRACTOR
) -> dict[str, float]:
    """One re-extraction of a copy of `database` with the code of `checkout`, in a child
    process: its figures, peak RSS and CPU."""
    from crawl import TreeSampler

    copy = database.with_name(f"{database.stem}-copy.db")
    shutil.copy(database, copy)
    paths = [str(checkout)] if extractor == EXTRACTOR else [str(checkout), str(HERE)]  # changed_extractor
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    process = subprocess.Popen([sys.executable, "-c", CHILD, str(copy), str(workers), extractor],
                               cwd=checkout, env=env, stdout=subprocess.PIPE, text=True)
    sampler = TreeSampler(process.pid)
    sampler.start()
    out, _ = process.communicate()
    sampler.stop()
    copy.unlink()
    if process.returncode != 0:
        raise RuntimeError(f"reextract with {checkout} exited {process.returncode}")
    figures = json.loads(out.strip().splitlines()[-1])
    if not Path(figures.pop("package")).is_relative_to(checkout.resolve()):
        raise RuntimeError(f"the child did not import newsharvest from {checkout}")
    pages = max(figures["pages"], 1)
    figures["peak_rss_mb"] = sampler.peak_rss / 2**20
    figures["cpu_s"] = sum(sampler.cpu.values())
    figures["pool_cpu_ms_per_page"] = (figures["cpu_s"] - sampler.root_cpu) * 1000 / pages
    figures["call_cpu_ms_per_page"] = figures["call_cpu_s"] * 1000 / pages
    figures["pages_per_s"] = figures["pages"] / figures["elapsed"]
    return figures


def single_process(database: Path, sample: int) -> tuple[float, float, int]:
    """The same extraction work in one process: the pages `reextract` takes from `database`
    (`captures.for_reextraction`: the newest capture of each article and rejection), each read
    back and decoded beforehand and extracted by `ExtractionTask.run` with the arguments a
    worker gives it (body, address, fetch date, content type, same extractor), with the
    garbage collector tuned as in a worker (`workers.tune_garbage_collector`). Up to `sample`
    pages (0: all), the first 10 of them untimed (imports, caches). Pages/s, CPU ms per page
    and the pages timed."""
    from newsharvest import defaults
    from newsharvest.store import Archive, captures
    from newsharvest.warc.pages import page_task
    from newsharvest.warc.reader import read_response
    from newsharvest.warc.writer import Location
    from newsharvest.workers import tune_garbage_collector

    with Archive.open(database) as archive, archive.reading() as conn:
        rows = captures.for_reextraction(conn, site=None, since=None, reason=None)
    tasks = []
    for row in rows[: sample or None]:
        if not 200 <= row["status"] < 300:
            continue
        response = read_response(Location(row["warc_file"], row["warc_offset"], row["warc_length"]))
        response.url, response.date = row["url"], row["fetched_at"]
        tasks.append(page_task(response, EXTRACTOR))
    for task in tasks[:10]:
        task.run()
    previous = tune_garbage_collector(defaults.NEWSHARVEST_GC_THRESHOLD)
    timed = tasks[10:]
    started, cpu = time.perf_counter(), time.process_time()
    for task in timed:
        task.run()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if previous is not None:
        gc.unfreeze()
        gc.set_threshold(*previous)
    return len(timed) / elapsed, cpu * 1000 / len(timed), len(timed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=1000, help="articles in the replica (default 1000)")
    parser.add_argument("--also", type=int, default=300, help="a second size, for the RSS comparison")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="extraction workers")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of (single, baseline, this checkout)")
    parser.add_argument("--baseline", type=Path, help="another checkout to re-extract with in each round")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--extract-sample", type=int, default=0,
                        help="pages of the archive the single process extracts (default 0: all of them)")
    parser.add_argument("--changed", action="store_true",
                        help="re-extract with changed_extractor: every article makes a new revision")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    from replica import generate_replica

    extractor = "changed_extractor.extract_article" if args.changed else EXTRACTOR

    started = time.perf_counter()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="newsharvest-reextract-"))
    workdir.mkdir(parents=True, exist_ok=True)
    checkouts = {"this": REPO}
    if args.baseline:
        checkouts = {"baseline": args.baseline.resolve(), **checkouts}
    rounds: list[dict[str, dict[str, float]]] = []
    try:
        databases = {}
        for size in (args.pages, args.also):
            root = workdir / f"replica-{size}"
            if not (root / "_site.json").exists():
                generate_replica(root, size, args.seed)
            databases[size] = crawl_with_capture(root, workdir, size)
        for number in range(args.rounds):
            rate, cpu_ms, timed = single_process(databases[args.pages], args.extract_sample)
            figures: dict[str, dict[str, float]] = {}
            figures["single"] = {"pages_per_s": rate, "cpu_ms_per_page": cpu_ms, "pages": timed}
            for name, checkout in checkouts.items():
                figures[name] = measure(databases[args.pages], args.workers, checkout, extractor)
            figures["load"] = {"load_1min": os.getloadavg()[0]}
            rounds.append(figures)
            print(f"round {number + 1}: {json.dumps(figures)}", flush=True)
        other = measure(databases[args.also], args.workers, REPO, extractor)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    print()
    print(f"Re-extraction benchmark: synthetic HuffPost replica of {args.pages} pages, "
          f"{os.cpu_count()} cores, {args.workers} workers, {args.rounds} rounds"
          + (", every article changed (--changed)" if args.changed else ""))
    print(f"{'round':>5} {'code':>8} {'pages/s':>8} {'steady/s':>9} {'first page':>10} {'x single':>9} "
          f"{'call CPU':>9} {'pool CPU':>9} {'all CPU':>8} {'peak RSS':>9} {'load':>5}")
    for number, figures in enumerate(rounds, 1):
        single = figures["single"]
        print(f"{number:>5} {'single':>8} {single['pages_per_s']:>8.1f} {'':>9} {'':>10} {'':>9} "
              f"{single['cpu_ms_per_page']:>7.2f}ms {'':>9} {single['cpu_ms_per_page']:>6.2f}ms {'':>9} "
              f"{figures['load']['load_1min']:>5.1f}")
        for name in checkouts:
            run = figures[name]
            share = run["pages_per_s"] / (args.workers * single["pages_per_s"])
            total = run["call_cpu_ms_per_page"] + run["pool_cpu_ms_per_page"]
            print(f"{number:>5} {name:>8} {run['pages_per_s']:>8.1f} {run['steady_pages_per_s']:>9.1f} "
                  f"{run['first_page_s']:>9.1f}s {share:>9.0%} {run['call_cpu_ms_per_page']:>7.2f}ms "
                  f"{run['pool_cpu_ms_per_page']:>7.2f}ms {total:>6.2f}ms {run['peak_rss_mb']:>7.0f}MB")
    print("pages/s: over the whole call (pool start-up included); steady/s: from the first batch stored to "
          "the last; x single: pages/s / (workers x single-process pages/s, same round); call CPU: the "
          "calling process during the call; pool CPU: workers and fork server, start-up included")

    def share_of(name: str, figures: dict[str, dict[str, float]]) -> float:
        return figures[name]["pages_per_s"] / (args.workers * figures["single"]["pages_per_s"])

    def cpu_share_of(name: str, figures: dict[str, dict[str, float]]) -> float:
        run = figures[name]
        spent = run["call_cpu_ms_per_page"] + run["pool_cpu_ms_per_page"]
        return figures["single"]["cpu_ms_per_page"] / spent

    medians = {name: statistics.median(share_of(name, f) for f in rounds) for name in checkouts}
    cpu_medians = {name: statistics.median(cpu_share_of(name, f) for f in rounds) for name in checkouts}
    for name in checkouts:
        print(f"{name}: median x single {medians[name]:.0%}; single's CPU per page / all the pool's "
              f"{cpu_medians[name]:.0%} (the most x single reachable on {args.workers} idle cores)")
    main_run = rounds[len(rounds) // 2]["this"] if rounds else {}
    peak = max(f["this"]["peak_rss_mb"] for f in rounds)
    change = other["peak_rss_mb"] / peak - 1
    checks = [
        (f"pages/s >= 0.85 x {args.workers} workers x single-process (median round)", medians["this"] >= 0.85,
         f"{medians['this']:.0%} of workers x single"),
        (f"peak RSS flat (+-10%) at {args.also} vs {args.pages} pages", abs(change) <= 0.10,
         f"{other['peak_rss_mb']:.0f} vs {peak:.0f} MB ({change:+.0%})"),
    ]
    for description, passed, text in checks:
        print(f"[{'PASS' if passed else 'FAIL'}] {description}: {text}")
    print(f"(benchmark took {time.perf_counter() - started:.0f}s)")
    if args.json:
        args.json.write_text(json.dumps({
            "workers": args.workers, "rounds": rounds, "also": other, "middle_round": main_run,
            "targets": [{"target": d, "passed": p, "figures": f} for d, p, f in checks],
        }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
