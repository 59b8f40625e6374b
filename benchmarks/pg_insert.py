"""What storing an article costs PostgreSQL, and how much of it other writers wait for.

    python benchmarks/pg_insert.py [--articles 1500] [--batch 100] [--turns 2] [--code DIR]

Stores `--articles` generated articles (`archive.Corpus`, about 700 words each) in batches of
`--batch` (the crawl's store batch) into a fresh database of one PostgreSQL server (the
embedded server of the tests, or ``NEWSHARVEST_TEST_DATABASE_URL``'s if it runs on this
machine), each run in a process of its own; with ``--code DIR`` another checkout's code
stores the same articles in turns with this one. Prints, in milliseconds an article: the
server's CPU (`cpu_meter.server_cpu`) in the batches' transactions and after their commit
(the GIN indexes' merge, `store/pgpending.py`, in a code that does it there), the client's
CPU, and the wall time of the transactions, which writers sharing an archive spend one after
the other (`linking.Linker.lock`).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _server_cpu() -> Any:
    """This checkout's `cpu_meter.server_cpu`, whichever checkout's `benchmarks` is imported."""
    spec = importlib.util.spec_from_file_location("_cpu_meter", ROOT / "benchmarks" / "cpu_meter.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module.server_cpu


def child(url: str, postmaster: int, articles: int, batch: int) -> dict[str, float]:
    """Store the articles into `url` with the code on `sys.path`; the figures an article."""
    from benchmarks.archive import Corpus
    from newsharvest.store import Archive

    server_cpu = _server_cpu()
    after = {"server": 0.0, "wall": 0.0}
    pgpending: Any = None
    with contextlib.suppress(ImportError):  # a code without it merges in the inserts
        from newsharvest.store import pgpending
    if pgpending is not None:
        merge = pgpending.clean_pending

        def timed(engine: Any) -> bool:
            server, wall = server_cpu(postmaster), time.perf_counter()
            done = bool(merge(engine))
            after["server"] += server_cpu(postmaster) - server
            after["wall"] += time.perf_counter() - wall
            return done

        pgpending.clean_pending = timed
    batches = list(Corpus().batches(articles, batch))
    fetched = "2024-06-01T00:00:00+00:00"
    with Archive.open(url) as archive:
        run = archive.begin_run("benchmark")
        server, client, wall = server_cpu(postmaster), time.process_time(), time.perf_counter()
        for articles_ in batches:
            archive.store_batch([(a, fetched) for a in articles_], run)
        server = server_cpu(postmaster) - server
        client = time.process_time() - client
        wall = time.perf_counter() - wall
    per = 1000 / articles
    return {
        "server": server * per,
        "after": after["server"] * per,
        "client": client * per,
        "transactions": (wall - after["wall"]) * per,
    }


def run_side(code: Path | None, url: str, postmaster: int, args: argparse.Namespace) -> dict[str, float]:
    argv = [sys.executable, __file__, "--child", url, "--postmaster", str(postmaster)]
    argv += ["--articles", str(args.articles), "--batch", str(args.batch)]
    if code is not None:
        argv += ["--code", str(code)]
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--articles", type=int, default=1500)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--turns", type=int, default=2)
    parser.add_argument("--code", metavar="DIR", help="Another checkout's folder: its store timed in turns")
    parser.add_argument("--child", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--postmaster", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.child:
        if args.code:
            sys.path.insert(0, str(Path(args.code).resolve()))
        print(json.dumps(child(args.child, args.postmaster, args.articles, args.batch)))
        return
    from benchmarks.cluster import postmaster_pid
    from newsharvest.testing.postgres import postgres_server
    from tests.conftest import create_database, drop_database

    sides: list[tuple[str, Path | None]] = [("this code", None)]
    if args.code:
        sides.insert(0, (args.code, Path(args.code).resolve()))
    rows: dict[str, list[dict[str, float]]] = {label: [] for label, _ in sides}
    with postgres_server() as server:
        postmaster = postmaster_pid(server)
        if postmaster is None:
            raise SystemExit("the PostgreSQL server does not run on this machine: its CPU cannot be read")
        for _ in range(args.turns):
            for label, code in sides:
                url = create_database(server)
                rows[label].append(run_side(code, url, postmaster, args))
                drop_database(server, url)
    print(
        f"{args.articles} articles in batches of {args.batch}, {args.turns} turns: ms an article, each turn"
    )
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    header = ["server CPU", "of it after commit", "client CPU", "transactions (wall)"]
    keys = ["server", "after", "client", "transactions"]
    print(f"{'code':<24}" + "".join(f"{h:>24}" for h in header))
    for label, turns in rows.items():
        cells = [" / ".join(f"{t[k]:.2f}" for t in turns) for k in keys]
        print(f"{label[-24:]:<24}" + "".join(f"{c:>24}" for c in cells))
        medians = [statistics.median(t[k] for t in turns) for k in keys]
        print(f"{'  median':<24}" + "".join(f"{m:>24.2f}" for m in medians))


if __name__ == "__main__":
    main()
