"""Scrapyd: a real scrapyd on 127.0.0.1 runs the deployed egg's `huffpost`.

`scrapyd-deploy --build-egg` builds the project's egg (setup.py + pyproject, with the
``scrapy`` entry point naming the settings); the test uploads it through Scrapyd's HTTP API
(addversion.json), schedules the spider against the HuffPost replica (schedule.json),
waits for the job (listjobs.json) and checks the archive the job wrote.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsharvest.testing.server import FixtureServer
from tests.conftest import REPO_ROOT
from tests.support.crawling import FAST_LOCAL, rows, runs


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def call(url: str, data: dict[str, Any] | None = None, *, files: dict[str, bytes] | None = None) -> Any:
    """One Scrapyd API call (GET, form POST, or multipart POST with `files`)."""
    body: bytes | None = None
    headers: dict[str, str] = {}
    if files:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in (data or {}).items()
        ]
        for name, content in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{name}.egg"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    elif data is not None:
        body = urllib.parse.urlencode(data, doseq=True).encode()
    request = urllib.request.Request(url, data=body, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.loads(response.read())
    assert answer.get("status") == "ok", answer
    return answer


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[str]:
    """A real scrapyd on a free port of 127.0.0.1, its state in `tmp_path`."""
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        f"bind_address = 127.0.0.1\nhttp_port = {port}\n"
        f"eggs_dir = {home / 'eggs'}\nlogs_dir = {home / 'logs'}\ndbs_dir = {home / 'dbs'}\n"
        "items_dir =\nmax_proc = 1\npoll_interval = 0.2\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "scrapyd"], cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                call(f"{url}/daemonstatus.json")
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
                assert time.monotonic() < deadline, "scrapyd did not start"
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_scrapyd_runs_the_deployed_huffpost_spider(
    scrapyd: str, huffpost_server: FixtureServer, tmp_path: Path
) -> None:
    egg = tmp_path / "newsharvest.egg"
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    build = subprocess.run(
        ["scrapyd-deploy", "--build-egg", str(egg)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, env={**os.environ, "PATH": path},
    )  # fmt: skip
    assert build.returncode == 0 and egg.stat().st_size > 0, build.stderr[-3000:]
    version = {"project": "newsharvest", "version": "1"}
    call(f"{scrapyd}/addversion.json", version, files={"egg": egg.read_bytes()})
    assert "huffpost" in call(f"{scrapyd}/listspiders.json?project=newsharvest")["spiders"]

    database = tmp_path / "archive.db"
    settings = [FAST_LOCAL[i + 1] for i in range(0, len(FAST_LOCAL), 2)]
    settings.append(f"NEWSHARVEST_DATABASE_URL=sqlite:///{database}")
    schedule = {"project": "newsharvest", "spider": "huffpost", "setting": settings}
    job = call(f"{scrapyd}/schedule.json", {**schedule, "base_url": huffpost_server.base_url})["jobid"]

    deadline = time.monotonic() + 180
    while True:
        jobs = call(f"{scrapyd}/listjobs.json?project=newsharvest")
        if any(j["id"] == job for j in jobs["finished"]):
            break
        assert time.monotonic() < deadline, jobs
        time.sleep(0.5)
    log = next((tmp_path / "scrapyd" / "logs").rglob(f"{job}.log")).read_text()
    assert "Traceback" not in log, log[-4000:]
    assert rows(database, "SELECT count(*) FROM articles") == [(8,)], log[-4000:]
    [run] = runs(database)
    assert (run["spider"], run["new"], run["finish_reason"]) == ("huffpost", 8, "finished")
