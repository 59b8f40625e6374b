"""Many crawlers, one archive: one "host" against two, over PostgreSQL, and PostgreSQL against SQLite.

    python benchmarks/cluster.py [--sites 8] [--articles 60] [--host-cpu FRACTION] [--code DIR]

Generates `--sites` HuffPost-format replicas (`replica.generate_replica`, distinct stories
each, no Crawl-delay), serves each on a loopback address of its own and crawls all of them
as the sites of one sites file, each crawl a real ``scrapy crawl news -a sites=...`` with one
extraction worker. A "host" is one core (``taskset``): its crawl process and its worker are
pinned to it. Runs, each into a fresh archive:

(a) 1 host, PostgreSQL (the embedded server of the tests, or ``NEWSHARVEST_TEST_DATABASE_URL``);
(b) 2 hosts, PostgreSQL: two crawlers at once with site leases, half the sites each;
(c) 1 host, SQLite.

Prints wall seconds, articles stored and articles/s of each, and (b)/(a); then, from
``/proc`` (`cpu_meter`), each part's CPU milliseconds an article (the crawl processes, their
extraction workers, the PostgreSQL server when it runs on this machine, the replica servers)
and how many cores each kept busy, how long the quota held each host back and how many writers
waited on average for another's linking lock, beside the machine's: what a run was short of.
``--code DIR`` runs the crawls with another checkout's code (to compare two in turns). The PostgreSQL
server and the replica servers are not pinned: with one core per host on a 2-core machine they
share the cores with the crawlers, so (b) cannot reach twice (a) there.

Before the timed runs, the code the crawls run is compiled to bytecode (``compileall``), as an
install does (where ``PYTHONDONTWRITEBYTECODE`` is set, as on this project's machines, an
editable checkout is otherwise compiled again by every crawl process and extraction worker),
and each run's archive is made (its schema created) by that code: a cluster crawls an archive
that exists, and a schema is made once in an archive's life, not once a crawl.

``--host-cpu FRACTION`` gives each host a CPU quota of that fraction of its core as well (a
cgroup of its own, v1 ``cpu`` or v2 ``cpu.max``; needs root), so that a machine with fewer
cores than hosts plus servers can still model hosts of equal size: with ``--host-cpu 0.5`` on
2 cores the two hosts use one core between them and the servers keep the other.
"""

from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.cpu_meter import CpuMeter, Usage, report  # noqa: E402
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


def compiled(code: Path) -> None:
    """The `newsharvest` package of the checkout `code` compiled to bytecode beside its sources."""
    compileall.compile_dir(str(code / "newsharvest"), quiet=1)


def made(archive: str, folder: Path) -> str:
    """`archive` with its schema made by the code the crawls run (``PYTHONPATH``; run in
    `folder`, as the crawls are, so that this checkout is not the first on the path), untimed."""
    script = "import sys; from newsharvest.store import Archive; Archive.open(sys.argv[1]).close()"
    subprocess.run([sys.executable, "-c", script, archive], check=True, cwd=folder, env=dict(os.environ))
    return archive


def articles(archive: str) -> int:
    """Articles stored in `archive`, counted by SQL (its schema may be another checkout's)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(archive)
    with engine.connect() as conn:
        count = int(conn.execute(text("SELECT count(*) FROM articles")).scalar_one())
    engine.dispose()
    return count


CGROUP_V1 = Path("/sys/fs/cgroup/cpu")
CGROUP_V2 = Path("/sys/fs/cgroup")


def host_cgroup(core: int, fraction: float) -> Path:
    """A cgroup limiting its processes to `fraction` of one core; its `cgroup.procs` file."""
    period = 100_000
    quota = int(period * fraction)
    if (CGROUP_V2 / "cgroup.controllers").exists():
        group = CGROUP_V2 / f"newsharvest-bench-host{core}"
        group.mkdir(exist_ok=True)
        (group / "cpu.max").write_text(f"{quota} {period}")
    else:
        group = CGROUP_V1 / f"newsharvest-bench-host{core}"
        group.mkdir(exist_ok=True)
        (group / "cpu.cfs_period_us").write_text(str(period))
        (group / "cpu.cfs_quota_us").write_text(str(quota))
    return group / "cgroup.procs"


def release(group: Path) -> None:
    """Remove a host's cgroup once the last of its processes (the crawl's extraction worker
    outlives the crawl by a moment) has left it."""
    for _ in range(100):
        try:
            group.rmdir()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{group} still holds processes")


def postmaster_pid(url: str) -> int | None:
    """The pid of the PostgreSQL server at `url` if it runs on this machine (its data folder's
    ``postmaster.pid`` readable here), else None."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            folder = Path(conn.execute(text("SHOW data_directory")).scalar_one())
        pid = int((folder / "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError, IndexError):
        return None
    finally:
        engine.dispose()
    return pid if Path(f"/proc/{pid}").exists() else None


def throttled(group: Path) -> float:
    """Seconds a host's cgroup was held back by its quota (its ``cpu.stat``)."""
    stat = dict(line.split() for line in (group / "cpu.stat").read_text().splitlines() if " " in line)
    if "throttled_usec" in stat:
        return int(stat["throttled_usec"]) / 1e6
    return int(stat.get("throttled_time", 0)) / 1e9


def run(
    crawls: list[list[str]], folder: Path, host_cpu: float | None, postmaster: int | None, archive: str | None
) -> Usage:
    """Start every crawl at once, each pinned to its core (and held to its quota), and measure
    them (`CpuMeter`) until the last ends."""
    processes = []
    with CpuMeter(postmaster, archive) as meter:
        for core, argv in enumerate(crawls):
            (folder / f"host{core}").mkdir(parents=True, exist_ok=True)
            env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsharvest.settings"}
            pinned = ["taskset", "-c", str(core), *argv]
            procs = host_cgroup(core, host_cpu) if host_cpu else None

            def enter(procs: Path | None = procs) -> None:
                if procs is not None:
                    procs.write_text(str(os.getpid()))

            processes.append(subprocess.Popen(pinned, cwd=folder / f"host{core}", env=env, preexec_fn=enter))
            meter.watch(processes[-1].pid)
        for process in processes:
            process.wait()
    for core in range(len(crawls) if host_cpu else 0):
        group = host_cgroup(core, 1).parent
        meter.usage.throttled.append(throttled(group))
        release(group)
    for process in processes:
        if process.returncode != 0:
            raise SystemExit(f"a crawl exited {process.returncode}")
    return meter.usage


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--sites", type=int, default=8)
    parser.add_argument("--articles", type=int, default=60, help="stories per site")
    parser.add_argument(
        "--host-cpu", type=float, metavar="FRACTION", help="CPU quota of each host, a fraction of its core"
    )
    parser.add_argument(
        "--code", metavar="DIR", help="Another checkout's folder: the crawls run its newsharvest instead"
    )
    args = parser.parse_args()
    if args.host_cpu is not None and not 0 < args.host_cpu <= 1:
        parser.error("--host-cpu must be in (0, 1]")
    if args.code:
        os.environ["PYTHONPATH"] = os.pathsep.join(
            [str(Path(args.code).resolve()), os.environ.get("PYTHONPATH", "")]
        )
    compiled(Path(args.code).resolve() if args.code else ROOT)
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
        postmaster = postmaster_pid(pg)
        rows = []
        one = made(create_database(pg), root)
        cpu = args.host_cpu
        alone = run([command(servers, sites_file, one)], root / "a", cpu, postmaster, one)
        rows.append(("(a) 1 host, PostgreSQL", alone, one))
        two = made(create_database(pg), root)
        limit = f"NEWSHARVEST_SITE_LEASE_LIMIT={(args.sites + 1) // 2}"
        # the crawler done first waits for the other's due addresses, then closes at once
        idle = ("-s", "NEWSHARVEST_SITE_LEASE_IDLE_SECONDS=0")
        half = ("-s", "NEWSHARVEST_SITE_LEASES=True", "-s", limit, *idle)
        both = [command(servers, sites_file, two, *half), command(servers, sites_file, two, *half)]
        rows.append(("(b) 2 hosts, PostgreSQL", run(both, root / "b", cpu, postmaster, two), two))
        lite = made(f"sqlite:///{root / 'c.db'}", root)
        sqlite = run([command(servers, sites_file, lite)], root / "c", cpu, None, None)
        rows.append(("(c) 1 host, SQLite", sqlite, lite))
        quota = f", {args.host_cpu:g} of a core each" if args.host_cpu else ""
        code = f", the code of {args.code}" if args.code else ""
        print(f"{args.sites} sites x {args.articles} stories, one extraction worker per host{quota}{code}")
        print(f"{'run':<26} {'seconds':>8} {'articles':>9} {'articles/s':>11}")
        rates, lines = [], []
        for label, usage, archive in rows:
            stored = articles(archive)
            rates.append(stored / usage.wall)
            print(f"{label:<26} {usage.wall:>8.1f} {stored:>9} {stored / usage.wall:>11.1f}")
            lines += report(label[:3], usage, stored, os.cpu_count() or 1)
        print(f"(b)/(a) = x{rates[1] / rates[0]:.2f}; (a)/(c) = x{rates[0] / rates[2]:.2f}")
        print("\n".join(lines))


if __name__ == "__main__":
    main()
