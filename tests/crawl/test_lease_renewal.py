"""Site leases are renewed from the moment they are taken: a crawl whose start-up (between
taking its leases and opening the spider) outlasts the lease still holds its sites."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from newsharvest import settings
from newsharvest.testing.server import serving
from tests.crawl import test_huffpost
from tests.crawl.test_cluster import ENV, cluster_command, query
from tests.crawl.test_lease_wait import crawl_stats
from tests.crawl.test_many_sites import HOSTS

SLOW_OPENING = {"newsharvest.testing.slowstart.SlowOpening": 100, **settings.ITEM_PIPELINES}
"""The project's pipelines, and before them one whose opening outlasts the leases taken."""


@pytest.mark.slow
def test_a_lease_taken_at_the_start_is_renewed_through_a_slow_start_up(
    postgres_url: str, tmp_path: Path
) -> None:
    with serving("huffpost", host=HOSTS["huffpost"]) as huffpost:
        command = cluster_command({"huffpost": huffpost}, postgres_url,
                                  "-s", "NEWSHARVEST_SITE_LEASE_SECONDS=3",
                                  "-s", f"ITEM_PIPELINES={json.dumps(SLOW_OPENING)}",
                                  "-s", "NEWSHARVEST_CRAWL_DELAY_CAP=0.2")  # fmt: skip
        crawl = subprocess.run(command, cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=120)
    assert crawl.returncode == 0, crawl.stderr[-3000:]

    held = "Opening held past the first expiry of the leases taken: ['huffpost'] still held, [] lapsed"
    assert held in crawl.stderr  # renewed while the pipelines opened, before the spider did
    stats = crawl_stats(crawl.stderr)
    assert stats["newsharvest/leases/sites"] == "huffpost"
    assert "newsharvest/leases/lost" not in stats
    stored = [url for (url,) in query(postgres_url, "SELECT canonical_url FROM articles")]
    assert sorted(stored) == sorted(test_huffpost.expected_records())
    assert query(postgres_url, "SELECT holder FROM site_leases") == [(None,)]  # released at the close
