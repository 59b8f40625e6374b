"""How many sites one crawl process holds: ``scrapy crawl news -a sites=...`` over N replicas.

    python benchmarks/many_sites.py [--sites 1 40 150] [--articles 5] [--delay 1]

Generates one small HuffPost-format replica (`replica.generate_replica`) whose robots.txt asks
``Crawl-delay: DELAY``, serves a copy of it on each of N loopback addresses (127.0.1.1, …;
all of 127.0.0.0/8 is local on Linux) and crawls all N as N sites of one sites file in one
real ``scrapy crawl`` (pool off, so the machine's cores do not decide). Every site has the
same pages, so one site's time is the floor (its requests one Crawl-delay apart); the table
shows how far from that floor N sites side by side end, and the requests each site got
(the same for every N: no site was left out).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.replica import generate_replica, write_sites_file
from newsharvest.testing.server import serving


def crawl(root: Path, sites: int, delay: float) -> tuple[float, list[int]]:
    """Seconds one crawl of `sites` copies of the replica took, and each server's request count."""
    names = [f"s{i}" for i in range(sites)]
    sites_file = root / f"sites-{sites}.toml"
    write_sites_file(sites_file, names)
    with ExitStack() as stack:
        servers = [
            stack.enter_context(
                serving("huffpost", host=f"127.0.{1 + i // 250}.{1 + i % 250}", root=root / "r")
            )
            for i in range(sites)
        ]
        bases = ",".join(f"{n}={s.base_url}" for n, s in zip(names, servers, strict=True))
        command = [
            sys.executable, "-m", "scrapy", "crawl", "news",
            "-a", f"sites={','.join(names)}", "-a", f"base_urls={bases}",
            "-s", f"NEWSHARVEST_SITES_FILE={sites_file}",
            "-s", f"NEWSHARVEST_DATABASE_URL=sqlite:///{root / f'archive-{sites}.db'}",
            "-s", "NEWSHARVEST_ALLOWED_ADDRESSES=127.0.0.0/8",
            "-s", f"NEWSHARVEST_CRAWL_DELAY_CAP={delay}", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "NEWSHARVEST_EXTRACT_WORKERS=0", "-s", "LOG_LEVEL=WARNING",
        ]  # fmt: skip
        started = time.monotonic()
        subprocess.run(command, check=True, cwd=Path(__file__).resolve().parent.parent)
        return time.monotonic() - started, [len(server.log) for server in servers]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sites", type=int, nargs="+", default=[1, 40, 150])
    parser.add_argument("--articles", type=int, default=5)
    parser.add_argument("--delay", type=float, default=1.0, help="the replicas' Crawl-delay (seconds)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        generate_replica(root / "r", articles=args.articles, seed=1)
        robots = f"User-agent: *\nCrawl-delay: {args.delay:g}\nSitemap: https://www.huffpost.com/sitemaps/sitemap-v1.xml\n"
        (root / "r" / "robots.txt").write_text(robots, encoding="utf-8")
        print(f"{'sites':>6} {'seconds':>8} {'x one site':>10} {'requests/site':>14} {'requests/s':>11}")
        floor = None
        for sites in args.sites:
            seconds, counts = crawl(root, sites, args.delay)
            floor = floor or seconds
            per_site = f"{min(counts)}-{max(counts)}" if min(counts) != max(counts) else str(counts[0])
            rate = sum(counts) / seconds
            print(f"{sites:>6} {seconds:>8.1f} {seconds / floor:>10.2f} {per_site:>14} {rate:>11.1f}")


if __name__ == "__main__":
    main()
