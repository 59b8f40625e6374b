"""How long ``newsharvest migrate`` takes from schema 0014 to the newest, and that it loses nothing.

    python benchmarks/migrate.py TARGET [--rounds 3] [--base-code DIR] [--workdir DIR]

`TARGET` is an archive left untouched: a SQLite file or a PostgreSQL URL (its database must
have no other connection, as it is the template of the copies). Each round upgrades a fresh
copy (a file copy, or ``CREATE DATABASE … TEMPLATE``), first brought to 0014 without timing
when it is older. With ``--base-code DIR`` the code of another checkout (its ``newsharvest``
package) upgrades a copy of its own in turns with this one: base, this, base, this...

Each upgrade runs ``newsharvest migrate --db COPY`` in a process of its own. Printed per
round: the command's seconds (imports not counted), its peak RSS (the process's VmHWM), the
longest a writer waited meanwhile (a probe that takes a write lock again and again: SQLite's
``BEGIN IMMEDIATE``, on PostgreSQL a row-exclusive lock on every table the upgrade alters,
what a crawl's store batch needs), the rows of each table holding an instant and how many of
them needed rewriting (on SQLite those not in the fixed form; PostgreSQL rewrites the whole
table), and the checks: every table's row count equal before and after, and every instant
value of every row the same instant before and after (a text with no offset read as UTC, cut
to whole seconds where the store keeps whole seconds).
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FROM_REVISION = "0014"
_TIMESTAMPTZ = importlib.import_module("newsharvest.store.migrations.versions.0015_timestamptz")
INSTANTS: dict[str, tuple[str, ...]] = {**_TIMESTAMPTZ.INSTANTS, **_TIMESTAMPTZ.FINE_INSTANTS}
"""The columns migration 0015 converts, by table (leases keep microseconds)."""
FINE = set(_TIMESTAMPTZ.FINE_INSTANTS)
FIXED_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z"

MIGRATE = """
import sys, time
from newsharvest.cli import main
import newsharvest.store, newsharvest.store.schema  # start-up: what the command imports
started = time.perf_counter()
try:
    main(['migrate', '--db', sys.argv[1]])
except SystemExit as exit:
    assert not exit.code, exit.code
hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]
sys.stderr.write('FIGURES %f %s\\n' % (time.perf_counter() - started, hwm))
"""
PREPARE = """
import sys
from sqlalchemy import create_engine
from newsharvest.store import schema
with create_engine(sys.argv[1]).begin() as conn:
    schema.upgrade(conn, sys.argv[2])
"""


def is_postgres(target: str) -> bool:
    """Whether `target` names a PostgreSQL database (else a SQLite file)."""
    return target.startswith("postgresql")


def engine_url(target: str) -> str:
    """`target` as a SQLAlchemy URL (a file path becomes ``sqlite:///``)."""
    return target if "://" in target else f"sqlite:///{Path(target).resolve()}"


def make_copy(target: str, name: str, workdir: Path) -> str:
    """A copy of `target` named `name` (a file in `workdir`, or a database on the same server)."""
    if not is_postgres(target):
        copy = workdir / f"{name}.db"
        for leftover in workdir.glob(f"{name}.db*"):
            leftover.unlink()
        shutil.copyfile(target, copy)
        return str(copy)
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    source = make_url(target)
    engine = create_engine(source.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {source.database} STRATEGY FILE_COPY")
    engine.dispose()
    return source.set(database=name).render_as_string(False)


def drop_copy(copy: str) -> None:
    """Remove a copy `make_copy` made (a file with its WAL, or a database)."""
    if not is_postgres(copy):
        for leftover in Path(copy).parent.glob(f"{Path(copy).name}*"):
            leftover.unlink()
        return
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    url = make_url(copy)
    engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {url.database} WITH (FORCE)")
    engine.dispose()


def read_state(copy: str) -> dict[str, Any]:
    """The schema version, every table's row count, every instant by table and key, the rows
    not in the fixed form (SQLite), and the database's size in MB."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(engine_url(copy))
    state: dict[str, Any] = {"counts": {}, "instants": {}, "unfixed": {}}
    with engine.connect() as conn:
        state["version"] = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        tables = [t for t in inspect(conn).get_table_names() if not t.startswith("sqlite_")]
        for table in sorted(tables):
            state["counts"][table] = conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()
        for table, columns in INSTANTS.items():
            key = inspect(conn).get_pk_constraint(table)["constrained_columns"][0]
            rows = conn.execute(text(f"SELECT {key}, {', '.join(columns)} FROM {table}"))
            state["instants"][table] = {row[0]: tuple(row[1:]) for row in rows}
            if conn.dialect.name == "sqlite":
                unfixed = " OR ".join(f"{c} NOT GLOB '{FIXED_GLOB}'" for c in columns)
                unfixed_rows = text(f"SELECT count(*) FROM {table} WHERE {unfixed}")
                state["unfixed"][table] = conn.execute(unfixed_rows).scalar()
            else:
                state["unfixed"][table] = state["counts"][table]
        if conn.dialect.name == "postgresql":
            size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar()
        else:
            size = sum(p.stat().st_size for p in Path(copy).parent.glob(f"{Path(copy).name}*"))
    engine.dispose()
    state["size_mb"] = size / 1e6
    return state


def instant(value: Any, whole_seconds: bool) -> datetime | None:
    """`value` (a text, or a datetime from PostgreSQL) as a UTC instant."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.replace(microsecond=0) if whole_seconds else moment


def changed_instants(before: dict[str, Any], after: dict[str, Any]) -> tuple[int, int]:
    """(instant values compared, how many read another instant after, or went missing)."""
    compared = changed = 0
    for table, rows in before["instants"].items():
        later = after["instants"][table]
        for key, values in rows.items():
            for position, value in enumerate(values):
                compared += 1
                was = instant(value, table not in FINE)
                now = instant(later[key][position], table not in FINE) if key in later else "missing"
                changed += was != now
    return compared, changed


@contextmanager
def writer_probe(copy: str) -> Iterator[list[float]]:
    """Take a write lock again and again while the block runs; yields the list of waits (s)."""
    waits: list[float] = []
    stop = threading.Event()

    def probe() -> None:
        if is_postgres(copy):
            import psycopg
            from sqlalchemy.engine import make_url

            url = make_url(copy)
            conn: Any = psycopg.connect(dbname=url.database, user=url.username, host=url.query.get("host"))
            tables = ", ".join(t for t in INSTANTS)
            take = f"LOCK TABLE {tables} IN ROW EXCLUSIVE MODE"
        else:
            import sqlite3

            conn = sqlite3.connect(copy, timeout=3600, isolation_level=None)
            take = "BEGIN IMMEDIATE"
        while not stop.wait(0.1):
            started = time.perf_counter()
            if is_postgres(copy):
                with conn.transaction():
                    conn.execute(take)
            else:
                conn.execute(take)
                conn.execute("ROLLBACK")
            waits.append(time.perf_counter() - started)
        conn.close()

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    try:
        yield waits
    finally:
        stop.set()
        thread.join()


def upgrade_round(target: str, code: Path, name: str, workdir: Path) -> dict[str, Any]:
    """Upgrade a fresh copy of `target` with the package of `code`; its figures and checks."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    copy = make_copy(target, name, workdir)
    try:
        version = read_state(copy)["version"]
        if version != FROM_REVISION:
            prepare = [sys.executable, "-c", PREPARE, engine_url(copy), FROM_REVISION]
            subprocess.run(prepare, env=env, check=True)
        before = read_state(copy)
        assert before["version"] == FROM_REVISION, before["version"]
        load = os.getloadavg()[0]
        started = time.perf_counter()
        with writer_probe(copy) as waits:
            command = [sys.executable, "-c", MIGRATE, copy]
            done = subprocess.run(command, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - started
        if done.returncode:
            raise RuntimeError(done.stderr)
        inside, hwm_kb = done.stderr.rsplit("FIGURES ", 1)[1].split()
        after = read_state(copy)
        compared, changed = changed_instants(before, after)
        return {
            "seconds": float(inside),
            "wall": wall,
            "rss_mb": int(hwm_kb) / 1024,
            "longest_wait": max(waits, default=0.0),
            "load": (load, os.getloadavg()[0]),
            "versions": (version, before["version"], after["version"]),
            "counts": before["counts"],
            "unfixed": before["unfixed"],
            "lost_tables": [t for t, n in before["counts"].items() if after["counts"].get(t, 0) < n],
            "grown_tables": [t for t, n in before["counts"].items() if after["counts"].get(t, 0) > n],
            "compared": compared,
            "changed": changed,
            "size_mb": (before["size_mb"], after["size_mb"]),
        }
    finally:
        drop_copy(copy)


def print_round(label: str, figures: dict[str, Any]) -> None:
    """Two lines for one upgrade: its figures, then its checks."""
    lost = ", ".join(figures["lost_tables"]) or "none"
    if figures["grown_tables"]:
        lost += f" (more rows, the command linking unlinked articles: {', '.join(figures['grown_tables'])})"
    print(
        f"  {label:<6} {figures['seconds']:7.1f} s ({figures['wall']:.1f} s with start-up)  peak RSS "
        f"{figures['rss_mb']:.0f} MB  longest writer wait {figures['longest_wait']:.1f} s  "
        f"load {figures['load'][0]:.2f} → {figures['load'][1]:.2f}  schema {' → '.join(figures['versions'])}"
    )
    print(
        f"         tables with fewer rows after: {lost}; instants read another instant after: "
        f"{figures['changed']:,} of {figures['compared']:,}; size {figures['size_mb'][0]:,.0f} → "
        f"{figures['size_mb'][1]:,.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("target", help="a SQLite file or a PostgreSQL URL, at schema 0014 or older")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--base-code", type=Path, help="another checkout, timed in turns with this one")
    parser.add_argument("--workdir", type=Path, help="where SQLite copies go (default: beside TARGET)")
    args = parser.parse_args()
    if not is_postgres(args.target) and not Path(args.target).is_file():
        parser.error(f"{args.target} is neither a file nor a PostgreSQL URL")
    workdir = args.workdir or Path(args.target).resolve().parent
    codes = [("base", args.base_code.resolve())] if args.base_code else []
    codes.append(("this", Path(__file__).resolve().parent.parent))
    seconds: dict[str, list[float]] = {label: [] for label, _ in codes}
    print(f"newsharvest migrate from {FROM_REVISION} on a copy of {args.target}")
    for number in range(1, args.rounds + 1):
        for label, code in codes:
            figures = upgrade_round(args.target, code, f"migrate_bench_{label}", workdir)
            if number == 1 and label == codes[0][0]:
                touched = figures["unfixed"]
                print(
                    "  rows by table (to rewrite): "
                    + ", ".join(f"{t} {figures['counts'][t]:,} ({touched[t]:,})" for t in INSTANTS)
                )
            print_round(f"{label} {number}", figures)
            seconds[label].append(figures["seconds"])
    for label, values in seconds.items():
        every = ", ".join(f"{v:.1f}" for v in values)
        print(f"  median {label}: {statistics.median(values):.1f} s of {every}")


if __name__ == "__main__":
    main()
