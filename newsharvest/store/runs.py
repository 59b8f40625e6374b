"""The `crawl_runs` statements: a run's start, its batches' counts, its end, and runs left
behind by dead processes."""

from __future__ import annotations

import json
import os
import socket
from collections import Counter
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from newsharvest.store import models as m


def begin(conn: Connection, spider: str, started_at: str) -> int:
    """Insert a run row noting the crawling process (host and pid); returns its id.

    Runs left ``running`` by a process of this host that is gone are marked first
    (`mark_interrupted`), so a killed crawl never stays ``running`` after the next one starts.
    """
    mark_interrupted(conn)
    process = {"host": socket.gethostname(), "pid": os.getpid()}
    runs = m.crawl_runs
    stmt = insert(runs).values(spider=spider, started_at=started_at, stats=json.dumps(process))
    return int(conn.execute(stmt.returning(runs.c.id)).scalar_one())


def mark_interrupted(conn: Connection) -> int:
    """Record ``interrupted`` for unfinished runs whose process (on this host) is gone."""
    runs = m.crawl_runs
    unfinished = conn.execute(select(runs.c.id, runs.c.stats).where(runs.c.finish_reason.is_(None))).all()
    host = socket.gethostname()
    dead = []
    for run_id, stats in unfinished:
        try:
            process = json.loads(stats or "{}")
        except ValueError:
            continue
        if not isinstance(process, dict):
            continue
        pid = process.get("pid")
        if process.get("host") == host and isinstance(pid, int) and not _alive(pid):
            dead.append(run_id)
    if dead:
        conn.execute(update(runs).where(runs.c.id.in_(dead)).values(finish_reason="interrupted"))
    return len(dead)


def count_batch(
    conn: Connection, run_id: int, outcomes: Counter[str], rejected_by_reason: Counter[str]
) -> None:
    """Add a batch's outcomes ("new", "updated"... → count) and its rejections by reason to its
    crawl run, in the batch's transaction."""
    runs = m.crawl_runs
    current = conn.execute(select(runs.c.rejected_by_reason).where(runs.c.id == run_id)).scalar()
    by_reason = Counter(json.loads(current or "{}"))
    by_reason.update(rejected_by_reason)
    conn.execute(
        update(runs)
        .where(runs.c.id == run_id)
        .values(
            new=runs.c.new + outcomes["new"],
            updated=runs.c.updated + outcomes["updated"],
            unchanged=runs.c.unchanged + outcomes["unchanged"],
            rejected=runs.c.rejected + outcomes["rejected"],
            rejected_by_reason=json.dumps(dict(sorted(by_reason.items()))),
        )
    )


def finish(
    conn: Connection, run_id: int, finish_reason: str, stats: dict[str, Any], now: str, *, unchanged: int = 0
) -> bool:
    """Record a run's end: `stats` whole, its ``errors`` and ``pages`` (default: the items the
    store counted), `unchanged` more items unchanged. False when there is no such run."""
    runs = m.crawl_runs
    values: dict[str, object] = {
        "finished_at": now,
        "finish_reason": finish_reason,
        "errors": int(stats.get("errors", 0)),
        "stats": json.dumps(stats, sort_keys=True, default=str),
    }
    if unchanged:
        values["unchanged"] = runs.c.unchanged + unchanged
    if "pages" in stats:
        values["pages"] = int(stats["pages"])
    else:
        values["pages"] = runs.c.new + runs.c.updated + runs.c.unchanged + unchanged + runs.c.rejected
    return conn.execute(update(runs).where(runs.c.id == run_id).values(**values)).rowcount > 0


def _alive(pid: int) -> bool:
    """Whether process `pid` exists (signal 0 checks without sending anything)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
