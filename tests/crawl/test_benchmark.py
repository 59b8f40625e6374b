"""The crawl benchmark (benchmarks/crawl.py) runs end to end on a tiny replica and reports
every figure the issue asks for; the figures themselves are for people, not assertions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT


@pytest.mark.slow
def test_benchmark_reports_every_run_and_target(tmp_path: Path) -> None:
    report = tmp_path / "figures.json"
    result = subprocess.run(
        [sys.executable, "benchmarks/crawl.py", "--pages", "40", "--also", "20", "--repeat", "2",
         "--extract-sample", "20", "--keep", str(tmp_path / "work"), "--json", str(report)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    figures = json.loads(report.read_text())
    runs = {run["label"]: run for run in figures["runs"]}
    assert list(runs) == [
        "(a) bare [threading]", "(a) bare [asyncio]", "(b) pool off #1", "(b) pool off #2",
        "(c) pool on #1", "(c) pool on #2", "(c) pool on @20",
    ]  # fmt: skip
    for label in ("(b) pool off #1", "(b) pool off #2", "(c) pool on #1", "(c) pool on #2"):
        assert runs[label]["articles"] == 40, label
        assert runs[label]["returncode"] == 0
        assert runs[label]["max_stall_ms"] is not None
        assert runs[label]["peak_rss_mb"] > 0
    assert runs["(c) pool on @20"]["articles"] == 20
    assert runs["(c) pool on #1"]["processes"] >= 3  # the crawl, the fork server, the workers
    assert runs["(b) pool off #1"]["processes"] == 1
    assert runs["(a) bare [asyncio]"]["pages_fetched"] == 40
    assert [t["target"] for t in figures["targets"]] == [
        "(c) >= 1.7 x (b)",
        "(c) >= 0.85 x min((a), 2 x single-process)",
        "peak RSS of (c) at 40 pages <= 400 MB",
        "peak RSS of (c) at 20 pages <= 400 MB",
        "peak RSS of (c) flat (+-10%) at 20 vs 40 pages",
    ]
    assert "CPU budget: fetching" in result.stdout
    assert "(c)/(b) of each pair:" in result.stdout
