"""SQLite under concurrent use: a writer in another process never makes readers or the CLI fail."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from newsharvest import query
from newsharvest.store import Archive
from tests.store.factory import FETCHED, make_article

REPO = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {repo!r})
    from newsharvest.store import Archive
    from tests.store.factory import make_article
    with Archive.open({db!r}) as archive:
        run = archive.begin_run("writer")
        for batch in range(30):
            items = [(make_article(1000 + batch * 10 + i), "2024-05-01T00:00:00+00:00") for i in range(10)]
            archive.store_batch(items, run)
            time.sleep(0.02)
        archive.finish_run(run, finish_reason="finished", stats={{}})
    """
)


def test_cli_reads_while_another_process_writes(db_path: Path) -> None:
    with Archive.open(db_path) as archive:
        archive.store_article(make_article(1), fetched_at=FETCHED)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER.format(repo=str(REPO), db=str(db_path))], stderr=subprocess.PIPE
    )
    counts = []
    try:
        while writer.poll() is None or not counts:
            result = subprocess.run(
                ["newsharvest", "search", "senate", "--db", str(db_path), "--format", "json", "--limit", "1"],
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert result.returncode == 0, result.stderr
            counts.append(json.loads(result.stdout)["total"])
            # ...and this process writes too: the two writers queue on the lock, neither fails.
            with Archive.open(db_path) as archive:
                archive.store_article(make_article(5000 + len(counts)), fetched_at=FETCHED)
    finally:
        _, errors = writer.communicate(timeout=60)
    assert writer.returncode == 0, errors.decode()
    assert counts == sorted(counts)  # every read saw a committed state, growing
    with Archive.open(db_path, readonly=True) as archive:
        assert query.count_articles(archive) == 1 + 300 + len(counts)
        [run] = query.list_runs(archive)
        assert run["new"] == 300


def test_a_long_read_does_not_block_the_writer(db_path: Path) -> None:
    with Archive.open(db_path) as archive:
        archive.store_batch([(make_article(n), FETCHED) for n in range(1, 6)], None)
    with Archive.open(db_path, readonly=True) as reader, Archive.open(db_path) as writer:
        with reader.reading():
            snapshot = query.count_articles(reader)
            started = time.monotonic()
            writer.store_batch([(make_article(n), FETCHED) for n in range(6, 11)], None)
            assert time.monotonic() - started < 5
            assert query.count_articles(reader) == snapshot == 5  # the reader keeps its snapshot
        assert query.count_articles(reader) == 10
