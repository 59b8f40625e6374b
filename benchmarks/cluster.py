"""Many crawlers, one archive: one "host" against two, over PostgreSQL, and PostgreSQL against SQLite.

    python benchmarks/cluster.py [--sites 8] [--articles 60]

Generates `--sites` HuffPost-format replicas (`replica.generate_replica`, distinct stories
each, no Crawl-delay), serves each on a loopback address of its own and crawls all of them
as the sites of one sites file, each crawl a real ``scrapy crawl news -a sites=...`` with one
extraction worker. A "host" is one core (``taskset``): its crawl process and its worker are
pinned to it. Runs, each into a fresh archive:

(a) 1 host, PostgreSQL (the embedded server of the tests, or ``NEWSHARVEST_TEST_DATABASE_URL``);
(b) 2 hosts, PostgreSQL: two crawlers at once with site leases, half the sites each;
(c) 1 host, SQLite.

Prints wall seconds, articles stored and articles/s of each, and (b)/(a). The PostgreSQL
server is not pinned: on a 2-core machine it shares the cores with the crawlers, so (b)
cannot reach twice (a) here.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.replica import generate_replica, write_sites_file  # noqa: E402
from newsharvest.testing.postgres import postgres_server  # noqa: E402
from newsharvest.testing.server import FixtureServer, serving  # noqa: E402


def command(servers: dict[str, FixtureServer], sites_file: Path, archive: str, *extra: str) -> list[str]:
    bases = ",".join(f"{name}={server.base_url}" for name, server in servers.items())
    return [
        sys.executable, "-m", "scrapy", "crawl", "news",
        "-a", f"sites={','.join(servers)}", "-a", f"base_urls={bases}",
        "-s", f"NEWSHARVEST_SITES_FILE={sites_file}", "-s", f"NEWSHARVEST_DATABASE_URL={archive}",
        "-s", "NEWSHARVEST_ALLOWED_ADDRESSES=127.0.0.0/8", "-s", "NEWSHARVEST_CRAWL_DELAY_CAP=0",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
        "-s", "NEWSHARVEST_EXTRACT_WORKERS=1", "-s", "LOG_LEVEL=WARNING", *extra,
    ]  # fmt: skip


def articles(archive: str) -> int:
    from newsharvest import query
    from newsharvest.store import Archive

    with Archive.open(archive, readonly=True) as opened:
        return query.count_articles(opened)


def run(crawls: list[list[str]], folder: Path) -> float:
    """Start every crawl at once, each pinned to its core; seconds until the last ends."""
    started = time.monotonic()
    processes = []
    for core, argv in enumerate(crawls):
        (folder / f"host{core}").mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsharvest.settings"}
        pinned = ["taskset", "-c", str(core), *argv]
        processes.append(subprocess.Popen(pinned, cwd=folder / f"host{core}", env=env))
    for process in processes:
        if process.wait() != 0:
            raise SystemExit(f"a crawl exited {process.returncode}")
    return time.monotonic() - started


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--sites", type=int, default=8)
    parser.add_argument("--articles", type=int, default=60, help="stories per site")
    args = parser.parse_args()
    from tests.conftest import create_database

    with tempfile.TemporaryDirectory() as temporary, ExitStack() as stack:
        root = Path(temporary)
        names = [f"s{i}" for i in range(args.sites)]
        for i, name in enumerate(names):
            generate_replica(root / name, articles=args.articles, seed=100 + i)
        sites_file = root / "sites.toml"
        write_sites_file(sites_file, names)
        servers = {
            name: stack.enter_context(serving("huffpost", host=f"127.0.2.{i + 1}", root=root / name))
            for i, name in enumerate(names)
        }
        pg = stack.enter_context(postgres_server())
        rows = []
        one = create_database(pg)
        rows.append(("(a) 1 host, PostgreSQL", run([command(servers, sites_file, one)], root / "a"), one))
        two = create_database(pg)
        limit = f"NEWSHARVEST_SITE_LEASE_LIMIT={(args.sites + 1) // 2}"
        half = ("-s", "NEWSHARVEST_SITE_LEASES=True", "-s", limit)
        both = [command(servers, sites_file, two, *half), command(servers, sites_file, two, *half)]
        rows.append(("(b) 2 hosts, PostgreSQL", run(both, root / "b"), two))
        lite = f"sqlite:///{root / 'c.db'}"
        rows.append(("(c) 1 host, SQLite", run([command(servers, sites_file, lite)], root / "c"), lite))
        print(f"{args.sites} sites x {args.articles} stories, one extraction worker per host")
        print(f"{'run':<26} {'seconds':>8} {'articles':>9} {'articles/s':>11}")
        rates = []
        for label, seconds, archive in rows:
            stored = articles(archive)
            rates.append(stored / seconds)
            print(f"{label:<26} {seconds:>8.1f} {stored:>9} {stored / seconds:>11.1f}")
        print(f"(b)/(a) = x{rates[1] / rates[0]:.2f}; (a)/(c) = x{rates[0] / rates[2]:.2f}")


if __name__ == "__main__":
    main()
