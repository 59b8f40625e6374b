"""The tests' PostgreSQL server: one named by the environment, or the embedded one with its
memory settings as the archive benchmark gives them."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError

from newsharvest.testing.postgres import (
    SERVER_ENV,
    memory_in_use,
    postgres_server,
    restartable_postgres_server,
    set_memory,
    sized_memory,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
A_POSTGRES_TEST = "tests/store/test_store_open.py::test_a_foreign_postgres_database_is_refused_untouched"


def started_at(url: str) -> str:
    engine = create_engine(url)
    with engine.connect() as conn:
        started = str(conn.exec_driver_sql("SELECT pg_postmaster_start_time()").scalar_one())
    engine.dispose()
    return started


def test_sized_memory_is_a_quarter_for_shared_buffers_and_three_quarters_for_the_cache() -> None:
    assert sized_memory(24 * 2**30) == {"shared_buffers": "6144MB", "effective_cache_size": "18432MB"}
    assert sized_memory(2**30 + 5) == {"shared_buffers": "256MB", "effective_cache_size": "768MB"}


def test_set_memory_restarts_the_server_only_when_shared_buffers_changes() -> None:
    with restartable_postgres_server() as server:
        assert memory_in_use(server.url) == {"shared_buffers": "128MB", "effective_cache_size": "4GB"}
        first = started_at(server.url)

        assert set_memory(server, {"shared_buffers": "32MB", "effective_cache_size": "1GB"}) is True
        assert memory_in_use(server.url) == {"shared_buffers": "32MB", "effective_cache_size": "1GB"}
        restarted = started_at(server.url)
        assert restarted != first

        assert set_memory(server, {"shared_buffers": "32MB", "effective_cache_size": "2GB"}) is False
        assert memory_in_use(server.url) == {"shared_buffers": "32MB", "effective_cache_size": "2GB"}
        assert started_at(server.url) == restarted

        assert set_memory(server, None) is True
        assert memory_in_use(server.url) == {"shared_buffers": "128MB", "effective_cache_size": "4GB"}


def run_pytest(test: str, server_url: str, scratch: Path) -> subprocess.CompletedProcess[str]:
    """`test` run by pytest in a process of its own with `SERVER_ENV` set to `server_url` and
    its temporary files in `scratch` (where an embedded server would put its data)."""
    env = {**os.environ, SERVER_ENV: server_url, "TMPDIR": str(scratch)}
    argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", test]
    return subprocess.run(argv, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=240)


def test_the_tests_run_on_the_server_the_environment_names(postgres_server: str, tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    passed = run_pytest(A_POSTGRES_TEST, postgres_server, scratch)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "1 passed" in passed.stdout
    assert not list(scratch.glob("newsharvest-pg-*"))  # no embedded server was started

    nobody = "postgresql+psycopg://postgres@127.0.0.1:9/postgres"
    failed = run_pytest(A_POSTGRES_TEST, nobody, scratch)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "127.0.0.1" in failed.stdout and "port 9" in failed.stdout
    assert not list(scratch.glob("newsharvest-pg-*"))


def test_a_restarted_servers_first_process_reaped_before_the_clean_up_is_no_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After a restart the wheel's clean-up finds no server for ``pg_ctl stop`` and kills the
    process it started, a zombie by then: when init has reaped it first, the kill raises
    NoSuchProcess, and the clean-up still ends with the server stopped and its folder gone."""
    import psutil

    def reaped(process: psutil.Process) -> None:
        raise psutil.NoSuchProcess(process.pid)

    prefix = f"newsharvest-pg-{uuid.uuid4().hex}-"
    with restartable_postgres_server(prefix) as server:
        server.stop()
        server.start()
        url = server.url
        monkeypatch.setattr(psutil.Process, "terminate", reaped)
    assert not list(Path(tempfile.gettempdir()).glob(f"{prefix}*"))
    engine = create_engine(url, connect_args={"connect_timeout": 2})
    with pytest.raises(OperationalError):
        engine.connect()
    engine.dispose()


def test_an_embedded_server_leaves_no_folder_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SERVER_ENV, raising=False)
    prefix = f"newsharvest-pg-{uuid.uuid4().hex}-"
    scratch = Path(tempfile.gettempdir())
    with postgres_server(prefix) as url:
        assert started_at(url)
        assert len(list(scratch.glob(f"{prefix}*"))) == 1
    with restartable_postgres_server(f"{prefix}restart-") as server:
        server.stop()
        server.start()
        assert started_at(server.url)
    assert not list(scratch.glob(f"{prefix}*"))
