"""A crawler stalled inside a lease renewal's transaction (its site's row locked) loses the
site to another crawler once its lease runs out: the server ends the stalled transaction after
a third of a lease idle, so the other crawler's claim is not kept off the row."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsharvest import settings
from newsharvest.testing.server import FixtureServer
from tests.crawl import test_huffpost
from tests.crawl.test_cluster import ENV, cluster_command, held_by, query, two_sites  # noqa: F401
from tests.crawl.test_lease_wait import crawl_stats

STALLING = {"newsharvest.testing.stalledrenewal.StalledRenewal": 0, **settings.EXTENSIONS}
LEASE = ("-s", "NEWSHARVEST_SITE_LEASE_SECONDS=4", "-s", "NEWSHARVEST_CRAWL_DELAY_CAP=0.5")
RETRIED = "Transaction ended by the server after sitting idle (SQLSTATE 25P03); leases retrying"


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert condition(), f"timed out waiting for {what}"


@pytest.mark.slow
def test_a_crawler_stalled_inside_its_lease_renewal_loses_the_site_to_another(
    two_sites: dict[str, FixtureServer],  # noqa: F811
    postgres_url: str,
    tmp_path: Path,
) -> None:
    huffpost = {"huffpost": two_sites["huffpost"]}
    release = tmp_path / "release"
    logs = {name: tmp_path / f"{name}.log" for name in ("stalled", "taker")}
    processes: dict[str, subprocess.Popen[str]] = {}

    def start(name: str, *extra: str) -> None:
        (tmp_path / name).mkdir()
        with logs[name].open("w") as log:
            command = cluster_command(huffpost, postgres_url, *LEASE, *extra)
            processes[name] = subprocess.Popen(command, cwd=tmp_path / name, env=ENV, stderr=log, text=True)

    def lease_run_out() -> bool:
        [(expires,)] = query(postgres_url, "SELECT expires_at FROM site_leases WHERE site = 'huffpost'")
        return datetime.fromisoformat(str(expires)) < datetime.now(UTC)  # as committed

    def taken() -> bool:
        mine = f"SELECT count(*) FROM site_leases WHERE site = 'huffpost' AND {held_by(processes['taker'])}"
        return query(postgres_url, mine) == [(1,)]

    try:
        stall = ("-s", f"EXTENSIONS={json.dumps(STALLING)}", "-s", f"NEWSHARVEST_TEST_STALL_UNTIL={release}")
        start("stalled", *stall)
        wait_for(lambda: "stalled inside its transaction" in logs["stalled"].read_text(), "the stall")
        wait_for(lease_run_out, "the stalled crawler's lease to run out")
        start("taker")
        wait_for(taken, "the other crawler's claim of the site")
        assert "Lease renewal resumed" not in logs["stalled"].read_text()  # taken while still stalled
    finally:
        release.touch()
        for process in processes.values():
            process.wait(timeout=120)

    for name, process in processes.items():
        assert process.returncode == 0, logs[name].read_text()[-3000:]
    stalled = logs["stalled"].read_text()
    assert RETRIED in stalled  # its renewal, run again once it resumed, found the site taken
    assert "Lost the lease of {'huffpost'} to another crawler" in stalled
    assert crawl_stats(logs["taker"].read_text())["newsharvest/leases/sites"] == "huffpost"
    stored = [url for (url,) in query(postgres_url, "SELECT canonical_url FROM articles")]
    assert sorted(stored) == sorted(test_huffpost.expected_records())  # each once
